/** The DOM contract the browser tests rely on, read back from a rendered panel. */

export function visible_text(root: Element): string {
	const walker = root.ownerDocument.createTreeWalker(root, 4 /* SHOW_TEXT */);
	let out = "";
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		if ((n.parentElement as Element).closest("[data-decoration]")) continue;
		out += (n as Text).data;
	}
	return out;
}

/** entity index -> the text drawn for it, decorations left out */
export function entity_texts(root: Element): Map<number, string> {
	const out = new Map<number, string>();
	root.querySelectorAll<HTMLElement>("[data-entity]").forEach((el) => {
		for (const i of el.dataset.entity!.split(" ")) if (!out.has(Number(i))) out.set(Number(i), "");
	});
	const walker = root.ownerDocument.createTreeWalker(root, 4);
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		if ((n.parentElement as Element).closest("[data-decoration]")) continue;
		const seen = new Set<number>();
		for (let el: HTMLElement | null = n.parentElement; el && el !== root.parentElement; el = el.parentElement) {
			if (el.dataset.entity !== undefined) for (const i of el.dataset.entity.split(" ")) seen.add(Number(i));
		}
		for (const i of seen) out.set(i, (out.get(i) ?? "") + (n as Text).data);
	}
	return out;
}

/** A small value with emoji before its entities (code points differ from UTF-16 offsets). */
export const VALUE = {
	text: "I ❤️ 🇯🇵 Tokyo and Kyoto.",
	entities: [
		{ start: 8, end: 13, label: "LOC", score: 0.98, sentiment: { label: "POSITIVE", score: 0.9, scores: {} } },
		{ start: 18, end: 23, label: "LOC", score: 0.95, sentiment: null }
	],
	sentiment: { label: "POSITIVE", score: 0.9, scores: { POSITIVE: 0.9, NEGATIVE: 0.1 } },
	sentences: []
};
