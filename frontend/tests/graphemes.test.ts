import { describe, expect, test } from "vitest";
import { Graphemes, grapheme_floor } from "../shared/graphemes";

describe("grapheme_floor", () => {
	const family = "👨‍👩‍👧‍👦";
	const text = `ab${family}cd🇯🇵e\u0301f`;
	test("never splits a ZWJ sequence, a flag or a combining mark", () => {
		const ok = new Set([0, 1, 2, 2 + family.length, 3 + family.length, 4 + family.length, 8 + family.length, 10 + family.length, 11 + family.length]);
		for (let u = 0; u <= text.length; u++) {
			const f = grapheme_floor(text, u);
			expect(f).toBeLessThanOrEqual(u);
			expect(ok.has(f) || f === text.length).toBe(true);
		}
		expect(grapheme_floor(text, 5)).toBe(2);
	});

	test("the fallback without Intl.Segmenter is also safe", () => {
		const saved = (Intl as Record<string, unknown>).Segmenter;
		delete (Intl as Record<string, unknown>).Segmenter;
		try {
			expect(grapheme_floor(text, 3)).toBeLessThanOrEqual(2);
			const f = grapheme_floor("e\u0301x", 1);
			expect(f).toBe(0);
		} finally {
			(Intl as Record<string, unknown>).Segmenter = saved;
		}
	});
});

describe("Graphemes", () => {
	const family = "👨‍👩‍👧‍👦";
	const flags = "🇯🇵🇫🇷";

	/** the same expectations with Intl.Segmenter and with the fallback */
	describe.each([
		["with Intl.Segmenter", true],
		["without Intl.Segmenter", false]
	])("%s", (_name, segmenter) => {
		const run = (check: () => void): void => {
			const saved = (Intl as Record<string, unknown>).Segmenter;
			if (!segmenter) delete (Intl as Record<string, unknown>).Segmenter;
			try {
				check();
			} finally {
				(Intl as Record<string, unknown>).Segmenter = saved;
			}
		};

		test("floor and ceil round to the cluster around an offset", () =>
			run(() => {
				const text = `a${family}b`;
				const g = new Graphemes(text);
				for (let u = 2; u <= family.length; u++) {
					expect(g.floor(u)).toBe(1);
					expect(g.ceil(u)).toBe(1 + family.length);
				}
				expect(g.floor(1)).toBe(1);
				expect(g.ceil(1)).toBe(1);
				expect(g.floor(-3)).toBe(0);
				expect(g.ceil(99)).toBe(text.length);
			}));

		test("next, prev, after and before step a whole cluster", () =>
			run(() => {
				const text = `${flags}e\u0301`;
				const g = new Graphemes(text);
				expect(g.next(0)).toBe(4);
				expect(g.after(0)).toBe("🇯🇵");
				expect(g.after(4)).toBe("🇫🇷");
				expect(g.before(text.length)).toBe("e\u0301");
				expect(g.prev(text.length)).toBe(8);
				expect(g.after(text.length)).toBe("");
				expect(g.before(0)).toBe("");
			}));

		test("a cluster across a segmenting window is kept whole", () =>
			run(() => {
				// the family straddles offset 512, where the text is segmented in two
				const text = "x".repeat(510) + family + "y";
				const g = new Graphemes(text);
				expect(g.floor(512)).toBe(510);
				expect(g.ceil(512)).toBe(510 + family.length);
				expect(grapheme_floor(text, 515)).toBe(510);
			}));
	});
});
