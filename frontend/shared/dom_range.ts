/**
 * DOM selection -> UTF-16 offsets into the document text, following the DOM
 * contract: the text of the text element, leaving out `[data-decoration]`
 * elements (label badges, scores). Chunks (`[data-chunk]`) may be rendered
 * lazily, so an offset is counted from the start of its own chunk.
 */

function is_decoration(node: Node, root: Element): boolean {
	const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
	const d = el?.closest("[data-decoration]");
	return !!d && root.contains(d);
}

/** text length of `within` before the boundary point (node, offset), decorations left out */
function count_before(within: Element, root: Element, node: Node, offset: number): number {
	const doc = within.ownerDocument;
	const point = doc.createRange();
	point.setStart(node, offset);
	point.collapse(true);
	const walker = doc.createTreeWalker(within, 4 /* SHOW_TEXT */);
	let n = 0;
	for (let t = walker.nextNode() as Text | null; t; t = walker.nextNode() as Text | null) {
		if (t === node) {
			if (!is_decoration(t, root)) n += Math.min(offset, t.length);
			break;
		}
		// the text node starts at or after the boundary: stop
		if (point.comparePoint(t, 0) >= 0) break;
		if (is_decoration(t, root)) continue;
		n += t.length;
	}
	return n;
}

/**
 * The UTF-16 offset into the document text of a boundary point inside `root`
 * (the `[data-testid=sentimentpanel-text]` element), or null when the point is
 * outside it. `chunk_start(k)` gives the UTF-16 start of chunk k.
 */
export function text_offset(
	root: Element,
	node: Node,
	offset: number,
	chunk_start: (k: number) => number,
	text_length: number
): number | null {
	if (!root.contains(node)) return null;
	if (node === root) {
		const child = root.childNodes[offset] as Element | undefined;
		if (!child) return text_length;
		const k = child.nodeType === 1 ? (child as HTMLElement).dataset?.chunk : undefined;
		return k !== undefined ? chunk_start(Number(k)) : count_before(root, root, node, offset);
	}
	const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
	const chunk = el?.closest<HTMLElement>("[data-chunk]");
	if (chunk && root.contains(chunk)) {
		return chunk_start(Number(chunk.dataset.chunk)) + count_before(chunk, root, node, offset);
	}
	return count_before(root, root, node, offset);
}

/** The selection's anchor and focus as UTF-16 offsets into the text, or null when it is not inside `root`. */
export function selection_offsets(
	root: Element,
	selection: Selection | null,
	chunk_start: (k: number) => number,
	text_length: number
): { anchor: number; focus: number } | null {
	if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
	const { anchorNode, focusNode } = selection;
	if (!anchorNode || !focusNode) return null;
	const anchor = text_offset(root, anchorNode, selection.anchorOffset, chunk_start, text_length);
	const focus = text_offset(root, focusNode, selection.focusOffset, chunk_start, text_length);
	if (anchor === null || focus === null || anchor === focus) return null;
	return { anchor, focus };
}

/** A selection in the text: UTF-16 anchor and focus, and the point under it to anchor a popover. */
export interface TextSelection {
	anchor: number;
	focus: number;
	at: { x: number; y: number };
}

/** The window's selection inside `root` as offsets into the text, with the middle of its bottom edge; null when there is none. */
export function read_selection(root: Element, chunk_start: (k: number) => number, text_length: number): TextSelection | null {
	if (typeof window === "undefined") return null;
	const sel = window.getSelection();
	const got = selection_offsets(root, sel, chunk_start, text_length);
	if (!got || !sel) return null;
	const r = sel.getRangeAt(0).getBoundingClientRect?.();
	const box = r && (r.width || r.height) ? r : root.getBoundingClientRect();
	return { ...got, at: { x: box.left + box.width / 2, y: box.bottom } };
}

/** Whether the window holds a selection of text that starts inside `root` (a drag, not a click). */
export function selecting(root: Element): boolean {
	const sel = typeof window !== "undefined" ? window.getSelection() : null;
	return !!sel && !sel.isCollapsed && !!sel.anchorNode && root.contains(sel.anchorNode);
}
