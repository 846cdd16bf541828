import { cleanup, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, test } from "vitest";
import Panel from "../shared/StandalonePanel.svelte";
import type { Entity, PanelData } from "../shared/types";
import { entity_texts, visible_text } from "./helpers";

afterEach(cleanup);

/** a text of many chunks (about 3,000 characters each), four entities a sentence */
const SENTENCES = 400;
function long_value(): PanelData {
	const parts: string[] = [];
	const entities: Entity[] = [];
	let at = 0;
	const add = (s: string, label?: string) => {
		if (label) entities.push({ start: at, end: at + s.length, label, score: 0.9 });
		parts.push(s);
		at += s.length;
	};
	for (let k = 0; k < SENTENCES; k++) {
		add(`Person${k}`, "PER");
		add(" met people from ");
		add(`Org${k % 7}`, "ORG");
		add(" in ");
		add(`City${k % 5}`, "LOC");
		add(" on ");
		add("Monday", "DATE");
		add(k % 5 === 4 ? ".\n" : ". ");
	}
	return { text: parts.join(""), entities };
}

const text_el = () => screen.getByTestId("sentimentpanel-text");
/** what each chunk holds now: its first node (a chunk drawn again holds new nodes) */
const firsts = () => [...text_el().querySelectorAll<HTMLElement>(".chunk")].map((c) => c.firstChild);

function reads_back(value: PanelData): void {
	expect(visible_text(text_el())).toBe(value.text);
	const got = entity_texts(text_el());
	expect(got.size).toBe(value.entities!.length);
	value.entities!.forEach((e, i) => expect(got.get(i)).toBe(value.text.slice(e.start, e.end)));
}

describe("an edit draws again only the chunks it touches", () => {
	test("a relabel draws one chunk again, a deletion the chunks from its own on; the text reads back whole", async () => {
		const value = long_value();
		const { rerender } = render(Panel, { value, eager_limit: 100_000, show_download: false, show_summary: false });
		await tick();
		const before = firsts();
		expect(before.length).toBeGreaterThan(4);
		reads_back(value);

		// relabel an entity in the fourth chunk
		const first_in = (k: number) => Number(text_el().querySelector<HTMLElement>(`[data-chunk="${k}"] .badge`)!.dataset.entity);
		const target = first_in(3);
		const relabelled = { ...value, entities: value.entities!.map((e, i) => (i === target ? { ...e, label: "ORG" } : { ...e })) };
		await rerender({ value: relabelled });
		const after = firsts();
		expect(after.map((n, k) => n === before[k])).toEqual(before.map((_, k) => k !== 3));
		expect(text_el().querySelector(`.badge[data-entity="${target}"]`)!.textContent).toContain("ORG");
		reads_back(relabelled);

		// delete an entity in the sixth chunk: the chunks after it are renumbered
		const gone = first_in(5);
		const deleted = { ...relabelled, entities: relabelled.entities!.filter((_, i) => i !== gone) };
		await rerender({ value: deleted });
		const last = firsts();
		expect(last.map((n, k) => n === after[k])).toEqual(after.map((_, k) => k < 5));
		reads_back(deleted);

		// the same value again, as new objects: nothing is drawn again
		await rerender({ value: structuredClone(deleted) });
		expect(firsts().every((n, k) => n === last[k])).toBe(true);
	}, 60_000);
});
