import { describe, expect, test } from "vitest";
import { code_point_length, offset_map, slice_code_points } from "../shared/offsets";

// Python's view of a string: a list of code points
const py = (s: string): string[] => Array.from(s);

describe("offset_map", () => {
	test("ASCII offsets are unchanged", () => {
		const m = offset_map("hello world");
		expect(m.length).toBe(11);
		expect(m.toUtf16(6)).toBe(6);
		expect(m.toCodePoint(6)).toBe(6);
	});

	test("an astral emoji is one code point but two UTF-16 units", () => {
		const text = "I 😀 Paris";
		const m = offset_map(text);
		expect(m.length).toBe(py(text).length);
		// Python: text.index("Paris") == 4
		expect(m.toUtf16(4)).toBe(text.indexOf("Paris"));
		expect(text.slice(m.toUtf16(4), m.toUtf16(9))).toBe("Paris");
		expect(m.toCodePoint(text.indexOf("Paris"))).toBe(4);
	});

	test("ZWJ family emoji: every code point boundary maps back and forth", () => {
		const text = "a👨‍👩‍👧‍👦b👍🏽c";
		const cps = py(text);
		const m = offset_map(text);
		expect(m.length).toBe(cps.length);
		for (let i = 0; i <= cps.length; i++) {
			const u = m.toUtf16(i);
			expect(text.slice(0, u)).toBe(cps.slice(0, i).join(""));
			expect(m.toCodePoint(u)).toBe(i);
		}
		// the family as Python would slice it: text[1:8]
		expect(slice_code_points(text, 1, 8)).toBe("👨‍👩‍👧‍👦");
	});

	test("a UTF-16 offset inside a surrogate pair rounds down to the code point", () => {
		const text = "x😀y";
		const m = offset_map(text);
		expect(m.toCodePoint(2)).toBe(1);
		expect(m.toCodePoint(3)).toBe(2);
	});

	test("CJK, combining marks and Arabic are one unit per code point", () => {
		const text = "東京 cafe\u0301 مرحبا";
		expect(code_point_length(text)).toBe(text.length);
		expect(slice_code_points(text, 3, 8)).toBe("cafe\u0301");
		expect(slice_code_points(text, 9, 14)).toBe("مرحبا");
	});

	test("a lone surrogate counts as one code point, like Python", () => {
		const text = "a\uD800b";
		expect(code_point_length(text)).toBe(3);
		expect(slice_code_points(text, 2, 3)).toBe("b");
	});

	test("matches Array.from on random astral-heavy strings", () => {
		const alphabet = ["a", "é", "東", "😀", "🏽", "\u200d", "ب", "\u0301", "𝔸"];
		let seed = 7;
		const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		for (let t = 0; t < 50; t++) {
			const text = Array.from({ length: 30 }, () => alphabet[Math.floor(rand() * alphabet.length)]).join("");
			const cps = py(text);
			const i = Math.floor(rand() * cps.length);
			const j = i + Math.floor(rand() * (cps.length - i));
			expect(slice_code_points(text, i, j)).toBe(cps.slice(i, j).join(""));
		}
	});
});
