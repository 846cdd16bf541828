import { describe, expect, test } from "vitest";
import { selection_offsets, text_offset } from "../shared/dom_range";

function build(html: string): HTMLElement {
	const root = document.createElement("div");
	root.innerHTML = html;
	document.body.appendChild(root);
	return root;
}

describe("text_offset", () => {
	// chunk 0 is not rendered (a placeholder); chunk 1 starts at UTF-16 offset 100
	const root = build(
		'<div data-chunk="0"></div><div data-chunk="1">ab<mark data-entity="0">🇯🇵 cd<span data-decoration>LOC 90%</span></mark>ef</div>'
	);
	const starts = [0, 100];
	const chunk = root.querySelector<HTMLElement>("[data-chunk='1']")!;
	const mark = chunk.querySelector("mark")!;
	const at = (node: Node, offset: number) => text_offset(root, node, offset, (k) => starts[k], 200);

	test("counts from the chunk's start, in UTF-16 units, leaving decorations out", () => {
		expect(at(chunk.firstChild!, 1)).toBe(101);
		expect(at(mark.firstChild!, 4)).toBe(106); // after "🇯🇵" (4 units) inside the mark
		expect(at(chunk.lastChild!, 1)).toBe(100 + 2 + 7 + 1);
	});

	test("a point inside a decoration counts as its start; element points count children before them", () => {
		const deco = chunk.querySelector("[data-decoration]")!;
		expect(at(deco.firstChild!, 3)).toBe(109);
		expect(at(chunk, 1)).toBe(102);
		expect(at(root, 1)).toBe(100);
		expect(at(root, 2)).toBe(200);
	});

	test("points outside the text give null, and so does a collapsed selection", () => {
		const other = document.createElement("p");
		other.textContent = "x";
		document.body.appendChild(other);
		expect(at(other.firstChild!, 0)).toBeNull();
		const sel = window.getSelection()!;
		sel.removeAllRanges();
		const r = document.createRange();
		r.setStart(chunk.firstChild!, 1);
		sel.addRange(r);
		expect(selection_offsets(root, sel, (k) => starts[k], 200)).toBeNull();
		sel.extend(mark.firstChild!, 6);
		expect(selection_offsets(root, sel, (k) => starts[k], 200)).toEqual({ anchor: 101, focus: 108 });
	});
});
