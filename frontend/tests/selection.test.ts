import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { offset_map, slice_code_points } from "../shared/offsets";
import { range_from_dom } from "../shared/selection";

/**
 * Run a selection written inline: "Angela Mer⟦kel me⟧t" selects "kel me".
 * Returns what the entity would cover (Python's text[start:end]) or null.
 */
function pick(marked: string, snap = true): string | null {
	const open = marked.indexOf("⟦");
	const close = marked.indexOf("⟧");
	if (open < 0 || close < open) throw new Error(`bad marked text ${marked}`);
	const text = marked.replace("⟦", "").replace("⟧", "");
	// the DOM counts UTF-16 units: the marks are one unit each
	const range = range_from_dom(text, open, close - 1, snap);
	if (range === null) return null;
	// offsets are code points: check them against Python's view of the text
	expect(Array.from(text).slice(range.start, range.end).join("")).toBe(slice_code_points(text, range.start, range.end));
	return slice_code_points(text, range.start, range.end);
}

/** the UTF-16 offset of code point `cp` of `text`: where a DOM selection would put it */
const u16 = (text: string, cp: number): number => offset_map(text).toUtf16(cp);

const FAMILY = "👩‍👩‍👧"; // 👩 ZWJ 👩 ZWJ 👧: 5 code points, one grapheme
const JAPAN = "🇯🇵"; // two regional indicators
const FRANCE = "🇫🇷";

/** the same expectations with Intl.Segmenter and with the fallback */
describe.each([
	["with Intl.Segmenter", true],
	["without Intl.Segmenter", false]
])("%s", (_name, segmenter) => {
	const saved = (Intl as { Segmenter?: unknown }).Segmenter;
	beforeEach(() => {
		if (!segmenter) (Intl as { Segmenter?: unknown }).Segmenter = undefined;
	});
	afterEach(() => {
		(Intl as { Segmenter?: unknown }).Segmenter = saved;
	});

	test.each([
		// [marked selection, with snapping, without snapping]
		["Angela Mer⟦kel me⟧t Macron", "Merkel met", "kel me"],
		["Angela Merkel⟦ met ⟧Macron", "met", "met"],
		["in ⟦Par⟧is today", "Paris", "Par"],
		["in Pari⟦s⟧", "Paris", "s"],
		["in ⟦Paris.⟧", "Paris", "Paris."],
		["⟦(Paris)⟧ is", "Paris", "(Paris)"],
		['he said ⟦"Paris,"⟧ twice', "Paris", '"Paris,"'],
		["a ⟦«Paris»⟧ b", "Paris", "«Paris»"],
		["the ⟦U.S.⟧ market", "U.S.", "U.S."],
		["Paris⟦?!⟧", "?!", "?!"],
		["mail ⟦@JapanAir⟧lines", "@JapanAirlines", "@JapanAir"],
		["the New⟦_Yo⟧rk key", "New_York", "_Yo"],
		["I do⟦n⟧'t know", "don't", "n"],
		["I don⟦'⟧t know", "don't", "'"],
		["I don’⟦t⟧ know", "don’t", "t"],
		["O'Br⟦ie⟧n", "O'Brien", "ie"],
		["rock ⟦'n'⟧ roll", "n", "'n'"],
		["Paris⟦'s⟧ mayor", "Paris's", "'s"],
		["costs ⟦1,0⟧00 euros", "1,000", "1,0"],
		["about 3.⟦5⟧ million", "3.5", "5"],
		["in ⟦1999,⟧ when", "1999", "1999,"],
		["Jean-Pi⟦er⟧re", "Pierre", "er"],
		["a\t⟦\n Paris \n⟧\tb", "Paris", "Paris"]
	])("%s", (marked, snapped, plain) => {
		expect(pick(marked)).toBe(snapped);
		expect(pick(marked, false)).toBe(plain);
	});

	test.each([["a⟦   ⟧b"], ["ab⟦⟧c"], ["⟦\n\t \u00a0⟧"], ["x⟦\u200b⟧y"]])("nothing but white space: %j", (marked) => {
		expect(pick(marked)).toBe(null);
		expect(pick(marked, false)).toBe(null);
	});

	test("combining marks stay with their letter", () => {
		const zurich = "Zu\u0308rich"; // u + combining diaeresis
		expect(pick(`in ⟦Zu⟧\u0308rich now`)).toBe(zurich);
		expect(pick(`in ⟦Zu⟧\u0308rich now`, false)).toBe("Zu\u0308"); // not cut before the mark
		expect(pick(`in Zu⟦\u0308⟧rich now`, false)).toBe("u\u0308");
		expect(pick(`⟦Caf⟧e\u0301 au lait`)).toBe("Cafe\u0301");
		expect(pick(`Vie\u0302\u0323⟦t⟧ Nam`)).toBe("Vie\u0302\u0323t"); // two marks
		expect(pick(`Vi⟦e⟧\u0302\u0323t Nam`, false)).toBe("e\u0302\u0323");
		expect(pick("Cafe\u0301⟦.⟧", false)).toBe(".");
	});

	test("Devanagari: vowel signs and virama are part of the word", () => {
		expect(pick("⟦नम⟧स्ते दुनिया")).toBe("नमस्ते");
		expect(pick("नमस्ते दु⟦नि⟧या")).toBe("दुनिया");
	});

	test("CJK: each character is its own word, never grown across the run", () => {
		expect(pick("我在⟦东⟧京工作")).toBe("东");
		expect(pick("我在⟦东京⟧工作")).toBe("东京");
		expect(pick("私は⟦トヨ⟧タの車")).toBe("トヨ");
		expect(pick("我在⟦东京。⟧")).toBe("东京");
		expect(pick("我在⟦「东京」⟧工作")).toBe("东京");
		// Latin next to CJK grows; the CJK does not
		expect(pick("东京⟦Tow⟧er")).toBe("Tower");
		expect(pick("东⟦京T⟧ower")).toBe("京Tower");
		// Thai has no spaces either
		expect(pick("ฉันรัก⟦กรุง⟧เทพ")).toBe("กรุง");
		// Korean puts spaces between words: a syllable run is a word
		expect(pick("저는 서⟦울⟧에 살아요")).toBe("서울에");
	});

	test("Yi, Tai Tham and Bopomofo are written without spaces too: never grown across the run", () => {
		expect(pick("ꆈ⟦ꌠ⟧ꁱꂷ")).toBe("ꌠ"); // Yi syllables
		expect(pick("ꆈ⟦ꌠꁱ⟧ꂷ")).toBe("ꌠꁱ");
		expect(pick("ᨠ⟦ᨡ⟧ᨣ")).toBe("ᨡ"); // Tai Tham consonants
		expect(pick("ㄅ⟦ㄆ⟧ㄇㄈ")).toBe("ㄆ"); // Bopomofo
		// Latin next to them grows; they do not
		expect(pick("ꆈꌠ⟦Tow⟧er")).toBe("Tower");
		expect(pick("ꆈ⟦ꌠT⟧ower")).toBe("ꌠTower");
	});

	test("emoji ZWJ sequences are never cut, nor grown into words", () => {
		const text = `hi ${FAMILY} there`;
		// the family is code points 3..8; a selection inside it takes all of it
		expect(range_from_dom(text, u16(text, 4), u16(text, 6))).toEqual({ start: 3, end: 8 });
		expect(range_from_dom(text, u16(text, 4), u16(text, 6), false)).toEqual({ start: 3, end: 8 });
		expect(range_from_dom(text, u16(text, 7), u16(text, 10))).toEqual({ start: 3, end: 14 }); // "👩‍👩‍👧 there"
		expect(range_from_dom(text, u16(text, 7), u16(text, 10), false)).toEqual({ start: 3, end: 10 }); // "👩‍👩‍👧 th"
		expect(pick(`${FAMILY}⟦fam⟧ily`)).toBe("family");
		expect(pick(`⟦Tok⟧yo🛬✨`)).toBe("Tokyo");
		expect(pick(`Tok⟦yo🛬⟧✨`)).toBe("Tokyo🛬");
		expect(pick(`⟦👍⟧🏽 ok`, false)).toBe("👍🏽"); // a skin tone stays with its hand
		expect(pick(`I ❤⟦\ufe0f⟧ it`, false)).toBe("❤\ufe0f");
	});

	test("flags are pairs of regional indicators and are never split", () => {
		const text = `${JAPAN}${FRANCE}!`; // 🇯 🇵 🇫 🇷 !
		expect(range_from_dom(text, u16(text, 0), u16(text, 1))).toEqual({ start: 0, end: 2 });
		expect(range_from_dom(text, u16(text, 1), u16(text, 3))).toEqual({ start: 0, end: 4 });
		expect(range_from_dom(text, u16(text, 2), u16(text, 3))).toEqual({ start: 2, end: 4 }); // France, not "🇵🇫"
		expect(range_from_dom(text, u16(text, 3), u16(text, 4), false)).toEqual({ start: 2, end: 4 });
		expect(pick(`flag ⟦${FRANCE}⟧ and ${JAPAN}`)).toBe(FRANCE);
	});

	test("Arabic: harakat are marks inside the word; Arabic punctuation is trimmed", () => {
		expect(pick("زرت ⟦القا⟧هرة يوم الأحد")).toBe("القاهرة");
		expect(pick("⟦مُ⟧حَمَّد رسول")).toBe("مُحَمَّد");
		expect(pick("في ⟦القاهرة،⟧ أمس")).toBe("القاهرة");
		expect(pick("هل زرت ⟦القاهرة؟⟧")).toBe("القاهرة");
		expect(pick("في ⟦القاهرة،⟧ أمس", false)).toBe("القاهرة،");
	});
});

describe("offsets", () => {
	test("results are code points even after astral characters", () => {
		const text = `${FAMILY} 😀 met Ada Lovelace`;
		// Python: text.index("Ada") == 12
		expect(range_from_dom(text, u16(text, 13), u16(text, 14))).toEqual({ start: 12, end: 15 });
	});

	test("a reversed selection is the same selection", () => {
		expect(range_from_dom("in Paris now", 6, 4)).toEqual({ start: 3, end: 8 });
	});

	test("offsets outside the text are clamped", () => {
		expect(range_from_dom("Paris", -5, 99)).toEqual({ start: 0, end: 5 });
		expect(range_from_dom("Paris", 7, 9)).toBe(null);
	});

	test("non-integer offsets are a programming error with a clear message", () => {
		expect(() => range_from_dom("Paris", 0.5, 3)).toThrow("selection anchor: expected an integer offset, got 0.5");
		expect(() => range_from_dom("Paris", 0, Number.NaN)).toThrow("selection focus: expected an integer offset, got NaN");
		expect(() => range_from_dom("Paris", 0, undefined as unknown as number)).toThrow("selection focus");
	});

	test("far inside a long text", () => {
		const text = "Lorem ipsum dolor. ".repeat(5000) + "Angela Merkel" + " sit amet.".repeat(5000);
		const at = Array.from(text).indexOf("M") + 2; // inside "Merkel"
		const r = range_from_dom(text, u16(text, at), u16(text, at + 1))!;
		expect(slice_code_points(text, r.start, r.end)).toBe("Merkel");
		const whole = range_from_dom(text, 0, text.length)!;
		expect(whole.start).toBe(0);
		expect(slice_code_points(text, whole.start, whole.end)).toBe(text.trim().slice(0, -1)); // the last dot trimmed
	});
});

describe("range_from_dom (UTF-16 offsets from a DOM selection)", () => {
	test("converts to code points", () => {
		const text = "😀 Paris";
		// UTF-16: "Paris" is 3..8; code points: 2..7
		expect(range_from_dom(text, 3, 8)).toEqual({ start: 2, end: 7 });
		expect(range_from_dom(text, 8, 4)).toEqual({ start: 2, end: 7 });
		expect(range_from_dom(text, 4, 5, false)).toEqual({ start: 3, end: 4 });
	});

	test("an offset inside a surrogate pair takes the whole character", () => {
		expect(range_from_dom("x😀y", 2, 3, false)).toEqual({ start: 1, end: 2 });
		expect(range_from_dom("x😀y", 0, 2, false)).toEqual({ start: 0, end: 2 });
	});

	test("inside an emoji ZWJ sequence takes the whole sequence", () => {
		const text = `a${FAMILY}b`;
		// UTF-16: the family is 1..9 (three surrogate pairs and two ZWJs)
		expect(range_from_dom(text, 3, 4)).toEqual({ start: 1, end: 6 });
	});

	test("nothing selected", () => {
		expect(range_from_dom("Paris", 2, 2)).toBe(null);
	});
});
