import { describe, expect, test } from "vitest";
import { first_shown, renders_lazily, with_revealed } from "../shared/reveal";

describe("reveal", () => {
	test("documents over the entity limit, or long for it, render lazily", () => {
		expect(renders_lazily(2000, 1000, 2000)).toBe(false);
		expect(renders_lazily(2001, 1000, 2000)).toBe(true);
		expect(renders_lazily(0, 80_000, 2000)).toBe(false);
		expect(renders_lazily(0, 80_001, 2000)).toBe(true);
	});

	test("a new document shows its first chunk (the others come as they near the viewport)", () => {
		expect(first_shown("abc", 5, { text: "", shown: [] })).toEqual([true, false, false, false, false]);
		expect(first_shown("abc", 1, { text: "", shown: [] })).toEqual([true]);
		// another document: what was shown before does not count
		expect(first_shown("xyz", 4, { text: "abc", shown: [true, true, true, true] })).toEqual([true, false, false, false]);
	});

	test("a document that grows at its end keeps what was shown", () => {
		const before = { text: "One. Two.", shown: [true, true, false, true] };
		expect(first_shown("One. Two. Three.", 5, before)).toEqual([true, true, false, true, false]);
		expect(first_shown("One. Two.", 4, before)).toEqual([true, true, false, true]);
	});

	test("chunks in view are shown, and stay shown", () => {
		const shown = [true, true, false, false, false];
		const next = with_revealed(shown, new Set([3]));
		expect(next).toEqual([true, true, false, true, false]);
		expect(with_revealed(next, new Set([4]))).toEqual([true, true, false, true, true]);
		expect(shown).toEqual([true, true, false, false, false]);
	});
});
