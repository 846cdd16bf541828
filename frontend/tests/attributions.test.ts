import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, test, vi } from "vitest";
import {
	WHY_COLORS,
	WHY_THRESHOLD,
	because_of,
	describe_word,
	direction,
	signed,
	strength,
	thickness,
	top_words,
	why_contrast,
	why_legend,
	word_index,
	word_runs,
	word_style,
	words_between
} from "../shared/attributions";
import { MIN_TEXT_CONTRAST, PALETTE, THEMES, blend, contrast, label_colors, parse_color } from "../shared/colors";
import { to_doc } from "../shared/doc";
import { cut_words } from "../shared/layout";
import { layout } from "./layout_helpers";
import type { LayoutSpan } from "../shared/layout";
import type { PanelData, WordWeight } from "../shared/types";
import { chunk_pieces, sentence_tint, sentence_title } from "../shared/view";
import type { WhyView } from "../shared/view";
import Panel from "../shared/StandalonePanel.svelte";
import { entity_texts, visible_text } from "./helpers";

// count validations and chunk layouts, passing through to the real ones
const calls = vi.hoisted(() => ({ to_doc: 0, chunk_layout: 0 }));
vi.mock("../shared/doc", async (importOriginal) => {
	const m = await importOriginal<typeof import("../shared/doc")>();
	return { ...m, to_doc: (v: unknown) => (calls.to_doc++, m.to_doc(v)) };
});
vi.mock("../shared/layout", async (importOriginal) => {
	const m = await importOriginal<typeof import("../shared/layout")>();
	return { ...m, chunk_layout: (p: never, k: number) => (calls.chunk_layout++, m.chunk_layout(p, k)) };
});

afterEach(cleanup);

const cps = (s: string): number => Array.from(s).length;
const word = (index: number, start: number, end: number, weight: number): WordWeight => ({ index, start, end, weight });

describe("to_doc: attributions", () => {
	test("converts code points to UTF-16, with emoji before the word", () => {
		const text = "😀👍🏽 love it, 🇯🇵 terrible end";
		const at = (s: string) => ({ start: cps(text.slice(0, text.indexOf(s))), end: cps(text.slice(0, text.indexOf(s))) + cps(s) });
		const r = to_doc({ text, attributions: [{ ...at("love"), weight: -0.42 }, { ...at("terrible"), weight: 1 }] });
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.doc.attributions.map((w) => text.slice(w.start, w.end))).toEqual(["love", "terrible"]);
		expect(r.doc.attributions.map((w) => [w.index, w.weight])).toEqual([
			[0, -0.42],
			[1, 1]
		]);
	});

	test("no attributions is an empty list", () => {
		const r = to_doc({ text: "abc" });
		expect(r.ok && r.doc.attributions).toEqual([]);
	});

	test("unsorted input is sorted by start, keeping each word's index", () => {
		const r = to_doc({
			text: "one two three",
			attributions: [
				{ start: 8, end: 13, weight: 0.5 },
				{ start: 0, end: 3, weight: -1 },
				{ start: 4, end: 7, weight: 0.2 }
			]
		});
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.doc.attributions.map((w) => [w.start, w.index])).toEqual([
			[0, 1],
			[4, 2],
			[8, 0]
		]);
	});

	test.each([
		[{ text: "abc", attributions: [{ start: 0, end: 1, weight: 1.5 }] }, "attributions[0].weight = 1.5: expected a number between -1 and 1"],
		[{ text: "abc", attributions: [{ start: 0, end: 1, weight: -1.01 }] }, "attributions[0].weight = -1.01"],
		[{ text: "abc", attributions: [{ start: 0, end: 1, weight: NaN }] }, "attributions[0].weight = NaN"],
		[{ text: "abc", attributions: [{ start: 0, end: 1, weight: "0.5" }] }, 'attributions[0].weight = "0.5"'],
		[{ text: "abc", attributions: [{ start: 0, end: 1 }] }, "attributions[0].weight"],
		[{ text: "abc", attributions: [{ start: 0, end: 1, weight: 0 }, { start: 1, end: 9, weight: 0.1 }] }, "attributions[1].end = 9: outside the text (0..3)"],
		[{ text: "😀😀", attributions: [{ start: 0, end: 3, weight: 0.1 }] }, "attributions[0].end = 3: outside the text (0..2)"],
		[{ text: "abc", attributions: [{ start: 2, end: 1, weight: 0.1 }] }, "attributions[0].start = 2: greater than end (1)"],
		[{ text: "abc", attributions: [{ start: 1, end: 1, weight: 0.1 }] }, "attributions[0].end = 1: equal to start"],
		[{ text: "abc", attributions: [{ start: 0.5, end: 1, weight: 0.1 }] }, "attributions[0].start = 0.5: expected an integer"],
		[{ text: "abc", attributions: ["x"] }, 'attributions[0] = "x"'],
		[{ text: "abc", attributions: { start: 0 } }, "attributions = "]
	])("rejects %j naming the field and value", (value, message) => {
		const r = to_doc(value);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error).toContain(message);
	});
});

describe("the colour scale", () => {
	test("the sign is read against the polarity of the sentence's label", () => {
		expect(direction(1, "NEGATIVE")).toBe("negative");
		expect(direction(-0.42, "NEGATIVE")).toBe("positive");
		expect(direction(0.8, "POSITIVE")).toBe("positive");
		expect(direction(-0.8, "positive")).toBe("negative");
		expect(direction(0.5, "4 stars")).toBe("positive");
		expect(direction(0.5, "1 star")).toBe("negative");
		// no polarity: towards or against the label itself
		expect(direction(0.5, "neutral")).toBe("towards");
		expect(direction(-0.5, "LABEL_0")).toBe("against");
		expect(direction(0.5, null)).toBe("towards");
	});

	test("words below the threshold are not tinted", () => {
		expect(WHY_THRESHOLD).toBe(0.1);
		expect(direction(0.099, "POSITIVE")).toBeNull();
		expect(direction(-0.05, "NEGATIVE")).toBeNull();
		expect(direction(0, "NEGATIVE")).toBeNull();
		expect(direction(0.1, "NEGATIVE")).toBe("negative");
		expect(word_style(0.05, "POSITIVE")).toBeNull();
		expect(describe_word(0.05, "POSITIVE")).toBeNull();
	});

	test("stronger words get thicker underlines and a stronger description", () => {
		const ws = [0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1];
		const th = ws.map(thickness);
		for (let i = 1; i < th.length; i++) expect(th[i]).toBeGreaterThan(th[i - 1]);
		expect(thickness(0.1)).toBe(1);
		expect(thickness(1)).toBe(3.5);
		expect(thickness(-1)).toBe(3.5);
		expect(ws.map(strength)).toEqual(["weak", "weak", "moderate", "moderate", "strong", "strong", "strong"]);
		expect(word_style(-0.9, "POSITIVE")).toEqual({ direction: "negative", classes: "why neg strong", style: "--why-th: 3.25px;" });
		expect(word_style(-0.3, "neutral")!.classes).toBe("why neu against weak");
		expect(describe_word(1, "NEGATIVE")).toBe(" (pushes towards negative, strong)");
		expect(describe_word(-0.5, "LABEL_1")).toBe(" (pushes against LABEL_1, moderate)");
	});

	test("the underline colours stand out on both themes, on entity and sentence tints too", () => {
		for (const theme of ["light", "dark"] as const) {
			const bg = THEMES[theme].background;
			for (const tone of ["pos", "neg", "neu"] as const) {
				expect(why_contrast(theme, tone)).toBeGreaterThanOrEqual(4.5);
				// on every palette tint and on the strongest sentence tints, still 3:1 (non-text contrast)
				const tints = [...label_colors(PALETTE.map((_, i) => `L${i}`), Object.fromEntries(PALETTE.map((c, i) => [`L${i}`, c]))).values()].map((c) => c.tint);
				tints.push(sentence_tint({ label: "POSITIVE", score: 1 })!, sentence_tint({ label: "NEGATIVE", score: 1 })!);
				for (const t of tints) {
					const m = /rgba\((\d+), (\d+), (\d+), ([\d.]+)\)/.exec(t)!;
					const under = blend([+m[1], +m[2], +m[3]], +m[4], bg);
					expect(why_contrast(theme, tone, under), `${theme} ${tone} on ${t}`).toBeGreaterThanOrEqual(3);
				}
			}
		}
	});

	test("blue and orange differ in hue and in lightness; the text's own contrast is untouched", () => {
		for (const theme of ["light", "dark"] as const) {
			const pos = parse_color(WHY_COLORS[theme].pos)!;
			const neg = parse_color(WHY_COLORS[theme].neg)!;
			expect(pos[2]).toBeGreaterThan(pos[0]); // blue
			expect(neg[0]).toBeGreaterThan(neg[2]); // orange
			// body text on the theme background keeps its contrast: the scale never tints backgrounds
			expect(contrast(THEMES[theme].text, THEMES[theme].background)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
		}
	});

	test("signs use a true minus and two decimals", () => {
		expect(signed(1)).toBe("+1.00");
		expect(signed(-0.42)).toBe("\u22120.42");
		expect(signed(-0.001)).toBe("+0.00");
	});
});

describe("words of a range", () => {
	const words = [word(0, 0, 3, 0.5), word(1, 4, 7, -1), word(2, 8, 13, 0.05), word(3, 14, 18, 0.3)];
	const ix = word_index(words);

	test("binary search finds the words touching a range", () => {
		expect(words_between(ix, 0, 18)).toEqual([0, 4]);
		expect(words_between(ix, 5, 9)).toEqual([1, 3]);
		expect(words_between(ix, 7, 8)).toEqual([2, 2]);
		const runs = word_runs(ix, 5, 16);
		expect(runs).toEqual([
			{ start: 5, end: 7, word: 1, last: true },
			{ start: 8, end: 13, word: 2, last: true },
			{ start: 14, end: 16, word: 3, last: false }
		]);
	});

	test("a long word starting before the range is still found", () => {
		const ws = [word(0, 0, 50, 0.9), word(1, 10, 12, 0.2), word(2, 60, 62, 0.2)];
		const r = word_runs(word_index(ws), 20, 30);
		expect(r).toEqual([{ start: 20, end: 30, word: 0, last: false }]);
	});

	test("overlapping words: each stretch goes to the strongest", () => {
		const ws = [word(0, 0, 10, 0.3), word(1, 4, 6, -0.9)];
		expect(word_runs(word_index(ws), 0, 10)).toEqual([
			{ start: 0, end: 4, word: 0, last: false },
			{ start: 4, end: 6, word: 1, last: true },
			{ start: 6, end: 10, word: 0, last: true }
		]);
	});

	test("the strongest three words, in order of |weight|", () => {
		const text = "I love the plot but the ending was terrible";
		const at = (s: string, w: number, i: number) => word(i, text.indexOf(s), text.indexOf(s) + s.length, w);
		const ws = [at("love", -0.42, 0), at("plot", 0.05, 1), at("but", 0.3, 2), at("ending", 0.2, 3), at("terrible", 1, 4)];
		const top = top_words(ws, 0, ws.length);
		expect(top.map((w) => w.index)).toEqual([4, 0, 2]);
		expect(because_of(text, top)).toBe("terrible (+1.00), love (\u22120.42), but (+0.30)");
		expect(sentence_title({ label: "Negative", score: 0.91 }, true, because_of(text, top.slice(0, 2)))).toBe(
			"Sentence sentiment: Negative 91% \u2014 because of: terrible (+1.00), love (\u22120.42)"
		);
		expect(sentence_title({ label: "Negative", score: 0.91 }, false)).toBe("Sentence sentiment: Negative");
	});

	test("the legend knows which parts it needs", () => {
		const sents = [
			{ start: 0, end: 5, sentiment: { label: "POSITIVE", score: 0.9 } },
			{ start: 5, end: 10, sentiment: { label: "neutral", score: 0.9 } }
		];
		expect(why_legend([word(0, 0, 2, 0.5)], sents, null)).toEqual({ polar: true, plain: false });
		expect(why_legend([word(0, 6, 8, 0.5)], sents, null)).toEqual({ polar: false, plain: true });
		expect(why_legend([word(0, 6, 8, 0.05)], sents, null)).toEqual({ polar: false, plain: false });
		expect(why_legend([word(0, 0, 2, 0.5), word(1, 6, 8, -0.5)], sents, null)).toEqual({ polar: true, plain: true });
		expect(why_legend([word(0, 0, 2, 0.5)], [], { label: "NEGATIVE", score: 1 })).toEqual({ polar: true, plain: false });
	});
});

/** read the text back from segments; each entity's and each word's text too */
function read_back(text: string, segs: ReturnType<typeof layout>["segments"]) {
	const all = segs.map((s) => text.slice(s.start, s.end)).join("");
	const ents = new Map<number, string>();
	const words = new Map<number, string>();
	for (const s of segs) {
		for (const i of s.cover) ents.set(i, (ents.get(i) ?? "") + text.slice(s.start, s.end));
		if (s.word !== undefined && s.word >= 0) words.set(s.word, (words.get(s.word) ?? "") + text.slice(s.start, s.end));
	}
	return { all, ents, words };
}

describe("layout with words", () => {
	const text = "The New York Times loved it, terrible ending.";
	const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });
	const spans: LayoutSpan[] = [
		{ index: 0, ...at("The New York Times") },
		{ index: 1, ...at("New York") },
		{ index: 2, start: at("loved").start, end: at("loved").start } // zero-length
	];
	const words = [
		{ ...word(0, 0, 0, 0), ...at("The"), weight: 0.2 }, // inside entity 0
		{ ...word(1, 0, 0, 0), ...at("York"), weight: 0.5 }, // inside 0 and 1
		{ ...word(2, 0, 0, 0), start: at("Times").start, end: at("loved").end, weight: 0.9 }, // crosses entity 0's end and the zero-length entity
		{ ...word(3, 0, 0, 0), ...at("terrible"), weight: -1 }
	];

	test("words inside and across entities: text, entities and words read back whole", () => {
		const lay = layout(text.length, spans);
		const cut = cut_words(lay, word_runs(word_index(words), 0, text.length));
		const got = read_back(text, cut.segments);
		expect(got.all).toBe(text);
		expect(got.ents.get(0)).toBe("The New York Times");
		expect(got.ents.get(1)).toBe("New York");
		expect(got.words).toEqual(
			new Map([
				[0, "The"],
				[1, "York"],
				[2, "Times loved"],
				[3, "terrible"]
			])
		);
		// badges and zero-length entities are kept, once each
		expect(cut.segments.flatMap((s) => s.closing).sort()).toEqual(lay.segments.flatMap((s) => s.closing).sort());
		expect(cut.segments.flatMap((s) => s.points)).toEqual([2]);
		const york = cut.segments.find((s) => s.word === 1)!;
		expect(york.cover).toEqual([0, 1]);
		// the badge of entity 0 follows "Times", inside the word that runs on
		const times = cut.segments.find((s) => text.slice(s.start, s.end) === "Times")!;
		expect(times.closing).toEqual([0]);
		expect(times.word).toBe(2);
		expect(times.word_last).toBe(false);
		expect(cut.segments.filter((s) => s.word_last).map((s) => s.word)).toEqual([0, 1, 2, 3]);
	});

	test("random entities and words: the text is never duplicated or lost", () => {
		let seed = 7;
		const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
		const t = "abcdefghij ".repeat(200);
		for (let round = 0; round < 30; round++) {
			const ss: LayoutSpan[] = [];
			for (let i = 0; i < 60; i++) {
				const s = rnd(t.length);
				ss.push({ index: i, start: s, end: Math.min(t.length, s + rnd(30)) });
			}
			const ws: WordWeight[] = [];
			let p = 0;
			for (let i = 0; p < t.length; i++) {
				const s = p + rnd(8);
				const e = Math.min(t.length, s + 1 + rnd(10));
				if (s >= t.length) break;
				ws.push(word(i, s, e, (rnd(200) - 100) / 100));
				p = e;
			}
			const lay = layout(t.length, ss, [], [700, 1400]);
			const cuts = lay.chunks.map((c) => cut_words(c, word_runs(word_index(ws), c.start, c.end)));
			const got = read_back(t, cuts.flatMap((c) => c.segments));
			expect(got.all).toBe(t);
			for (const s of ss) if (s.end > s.start) expect(got.ents.get(s.index)).toBe(t.slice(s.start, s.end));
			ws.forEach((w, i) => expect(got.words.get(i)).toBe(t.slice(w.start, w.end)));
			for (const c of cuts) {
				expect(c.segments[0].start).toBe(c.start);
				expect(c.segments[c.segments.length - 1].end).toBe(c.end);
			}
		}
	});

	test("pieces: tinted words get a look, a description at their end and a tooltip outside entities", () => {
		const doc_sent = { label: "NEGATIVE", score: 0.91 };
		const lay = cut_words(layout(text.length, spans), word_runs(word_index(words), 0, text.length));
		const view: WhyView = {
			words,
			label_of: () => "NEGATIVE",
			title_of: () => sentence_title(doc_sent, true, because_of(text, top_words(words, 0, words.length)))
		};
		const colors = label_colors(["A"], null);
		const sp = spans.map((s) => ({ ...s, label: "A", score: null, sentiment: null }));
		const pieces = chunk_pieces(text, lay, sp, colors, [], view);
		expect(pieces.map((p) => p.text).join("")).toBe(text);
		const terrible = pieces.find((p) => p.text === "terrible")!;
		// -1 against NEGATIVE: pushes towards positive
		expect(terrible.word!.classes).toBe("why pos strong");
		expect(terrible.word!.describe).toBe(" (pushes towards positive, strong)");
		expect(terrible.title).toBe(
			"Sentence sentiment: NEGATIVE 91% \u2014 because of: terrible (\u22121.00), Times loved (+0.90), York (+0.50)"
		);
		expect(terrible.word!.title!.split("\n")[0]).toBe("terrible: \u22121.00 for NEGATIVE, pushes towards positive");
		// inside an entity: no own tooltip (the entity's tooltip tells), and no sentence title
		const york = pieces.find((p) => p.text === "York")!;
		expect(york.look).not.toBeNull();
		expect(york.word!.title).toBeNull();
		expect(york.title).toBeNull();
		// a word in pieces: the description only after its last piece
		const times = pieces.filter((p) => p.word?.index === 2);
		expect(times.map((p) => p.text)).toEqual(["Times", " ", "loved"]);
		expect(times.map((p) => p.word!.describe)).toEqual([null, null, " (pushes towards negative, strong)"]);
		// without "Why?" nothing is tinted
		expect(chunk_pieces(text, lay, sp, colors, []).some((p) => p.word)).toBe(false);
	});
});

// ---- the component --------------------------------------------------------

const TEXT = "I ❤️ Paris, but the hotel was terrible. 😀 The staff were lovely.";
const cp = (s: string, from = 0): number => cps(TEXT.slice(0, TEXT.indexOf(s, from)));
const ent = (s: string, label: string) => ({ start: cp(s), end: cp(s) + cps(s), label, score: 0.9 });
const attr = (s: string, weight: number) => ({ start: cp(s), end: cp(s) + cps(s), weight });
const VALUE: PanelData = {
	text: TEXT,
	entities: [ent("Paris", "LOC"), ent("hotel was terrible", "COMPLAINT"), ent("staff", "ORG")],
	sentiment: { label: "NEGATIVE", score: 0.6, scores: { NEGATIVE: 0.6, POSITIVE: 0.4 } },
	sentences: [
		{ start: 0, end: cp("😀"), sentiment: { label: "NEGATIVE", score: 0.91 } },
		{ start: cp("The staff"), end: cps(TEXT), sentiment: { label: "POSITIVE", score: 0.97 } }
	],
	attributions: [
		attr("Paris", -0.42), // inside an entity, against NEGATIVE: towards positive
		attr("but", 0.3),
		attr("terrible", 1), // inside an entity
		attr("the", 0.05), // below the threshold
		attr("lovely", 1),
		attr("staff", -0.2)
	]
};

function text_el(): HTMLElement {
	return screen.getByTestId("sentimentpanel-text");
}

describe("the Why? toggle", () => {
	test("appears only when the value has attributions", () => {
		render(Panel, { value: { ...VALUE, attributions: [] }, show_download: false });
		expect(screen.queryByTestId("sentimentpanel-why")).toBeNull();
		cleanup();
		render(Panel, { value: VALUE, show_download: false });
		expect(screen.getByTestId("sentimentpanel-why").textContent).toBe("Why?");
	});

	test("starts off, and toggling it underlines the words and keeps the text exact", async () => {
		render(Panel, { value: VALUE, show_download: false });
		const toggle = screen.getByTestId("sentimentpanel-why");
		expect(toggle.getAttribute("aria-pressed")).toBe("false");
		expect(text_el().querySelectorAll(".why").length).toBe(0);
		expect(screen.queryByTestId("sentimentpanel-why-legend")).toBeNull();

		await fireEvent.click(toggle);
		expect(toggle.getAttribute("aria-pressed")).toBe("true");
		const tinted = [...text_el().querySelectorAll<HTMLElement>(".why")];
		expect(tinted.map((w) => w.textContent)).toEqual(["Paris", "but", "terrible", "staff", "lovely"]);
		const cls = (s: string) => tinted.find((w) => w.textContent === s)!.className;
		expect(cls("terrible")).toContain("neg"); // +1 towards NEGATIVE
		expect(cls("Paris")).toContain("pos"); // -0.42 against NEGATIVE
		expect(cls("lovely")).toContain("pos"); // +1 towards POSITIVE
		expect(cls("staff")).toContain("neg"); // -0.2 against POSITIVE
		expect(cls("lovely")).toContain("strong");
		expect(cls("staff")).toContain("weak");
		// data-word is the word's index in PanelData.attributions
		expect(tinted.find((w) => w.textContent === "lovely")!.dataset.word).toBe("4");

		// the DOM contract holds: the text once, each entity over exactly its slice
		expect(visible_text(text_el())).toBe(TEXT);
		const drawn = entity_texts(text_el());
		expect(drawn.get(0)).toBe("Paris");
		expect(drawn.get(1)).toBe("hotel was terrible");
		expect(drawn.get(2)).toBe("staff");

		// screen readers hear each word once, then what it does, as a decoration
		const sr = [...text_el().querySelectorAll<HTMLElement>(".why-sr")];
		expect(sr.map((e) => e.textContent)).toEqual([
			" (pushes towards positive, moderate)",
			" (pushes towards negative, weak)",
			" (pushes towards negative, strong)",
			" (pushes towards negative, weak)",
			" (pushes towards positive, strong)"
		]);
		for (const e of sr) expect(e.hasAttribute("data-decoration")).toBe(true);
		// the legend says what the colours mean
		const legend = screen.getByTestId("sentimentpanel-why-legend").textContent!.replace(/\s+/g, " ");
		expect(legend).toContain("pushes towards positive negative");
		expect(legend).toContain("thicker: stronger");

		await fireEvent.click(toggle);
		expect(toggle.getAttribute("aria-pressed")).toBe("false");
		expect(text_el().querySelectorAll(".why, .why-sr").length).toBe(0);
		expect(visible_text(text_el())).toBe(TEXT);
	});

	test("starts on with show_attributions", () => {
		render(Panel, { value: VALUE, show_attributions: true, show_download: false });
		expect(screen.getByTestId("sentimentpanel-why").getAttribute("aria-pressed")).toBe("true");
		expect(text_el().querySelectorAll(".why").length).toBe(5);
	});

	test("the sentence tooltip lists its strongest words, the entity tooltip too", async () => {
		render(Panel, { value: VALUE, show_attributions: true, show_download: false });
		const but = [...text_el().querySelectorAll<HTMLElement>(".why")].find((w) => w.textContent === "but")!;
		const sent = but.closest<HTMLElement>(".sent")!;
		expect(sent.title).toBe(
			"Sentence sentiment: NEGATIVE 91% \u2014 because of: terrible (+1.00), Paris (\u22120.42), but (+0.30)"
		);
		expect(but.title.split("\n")).toEqual(["but: +0.30 for NEGATIVE, pushes towards negative", sent.title]);
		// hovering an entity: its tooltip has the sentence's reasons
		await fireEvent.mouseOver(text_el().querySelector<HTMLElement>("mark[data-top='2']")!);
		expect(screen.getByTestId("sentimentpanel-tooltip-reasons").textContent).toBe(
			"Sentence sentiment: POSITIVE 97% \u2014 because of: lovely (+1.00), staff (\u22120.20)"
		);
		// with it off: the plain sentence title, no reasons
		await fireEvent.click(screen.getByTestId("sentimentpanel-why"));
		const plain = text_el().querySelector<HTMLElement>(".sent")!;
		expect(plain.title).toBe("Sentence sentiment: NEGATIVE 91%");
		await fireEvent.mouseOver(text_el().querySelector<HTMLElement>("mark[data-top='2']")!);
		expect(screen.queryByTestId("sentimentpanel-tooltip-reasons")).toBeNull();
	});

	test("a bad attribution is a clear error, not a blank panel", () => {
		render(Panel, { value: { ...VALUE, attributions: [{ start: 0, end: 1, weight: 2 }] } });
		expect(screen.getByTestId("sentimentpanel-error").textContent).toContain("attributions[0].weight = 2");
	});

	test("20,000 words: toggling re-renders only the drawn chunks, without validating again", async () => {
		let callback: IntersectionObserverCallback | null = null;
		class FakeObserver {
			constructor(cb: IntersectionObserverCallback) {
				callback = cb;
			}
			observe(): void {}
			unobserve(): void {}
			disconnect(): void {}
		}
		(globalThis as Record<string, unknown>).IntersectionObserver = FakeObserver;
		try {
			const parts: string[] = [];
			const attributions: { start: number; end: number; weight: number }[] = [];
			let at = 0;
			for (let i = 0; i < 20000; i++) {
				const w = `word${i % 97}`;
				attributions.push({ start: at, end: at + w.length, weight: ((i % 21) - 10) / 10 });
				parts.push(w + (i % 15 === 14 ? ".\n" : " "));
				at += parts[parts.length - 1].length;
			}
			const text = parts.join("");
			const value = { text, sentiment: { label: "POSITIVE", score: 0.8 }, attributions };
			render(Panel, { value, eager_limit: 500, show_download: false });
			await tick();
			const chunks = text_el().querySelectorAll(".chunk").length;
			const drawn = text_el().querySelectorAll(".chunk:not(.placeholder)").length;
			expect(chunks).toBeGreaterThan(20);
			expect(drawn).toBeLessThan(5);
			const docs = calls.to_doc;
			const layouts = calls.chunk_layout;
			await fireEvent.click(screen.getByTestId("sentimentpanel-why"));
			expect(calls.to_doc).toBe(docs);
			// the drawn chunks' layouts are kept: cutting at words needs no new layout
			expect(calls.chunk_layout).toBe(layouts);
			expect(text_el().querySelectorAll(".chunk:not(.placeholder)").length).toBe(drawn);
			const tinted = text_el().querySelectorAll(".why").length;
			expect(tinted).toBeGreaterThan(100);
			expect(tinted).toBeLessThan(2000);
			// (wall-clock time is measured in the browser test: jsdom inserts nodes in O(n) each)
			expect(text.startsWith(visible_text(text_el()))).toBe(true);
			// a chunk scrolled into view later has its words underlined
			const last = [...text_el().querySelectorAll<HTMLElement>(".chunk")].pop()!;
			callback!([{ isIntersecting: true, target: last } as unknown as IntersectionObserverEntry], {} as IntersectionObserver);
			await tick();
			const now = text_el().querySelector<HTMLElement>(`.chunk[data-chunk='${last.dataset.chunk}']`)!;
			expect(now.querySelectorAll(".why").length).toBeGreaterThan(0);
			expect(text.endsWith(visible_text(now))).toBe(true);
			expect(calls.chunk_layout).toBe(layouts + 1);
		} finally {
			delete (globalThis as Record<string, unknown>).IntersectionObserver;
		}
	});
});
