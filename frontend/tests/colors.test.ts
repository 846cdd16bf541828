import { describe, expect, test } from "vitest";
import {
	MIN_TEXT_CONTRAST,
	PALETTE,
	THEMES,
	blend,
	contrast,
	label_colors,
	order_scores,
	parse_color,
	polarity,
	polarity_color,
	text_on,
	tint_alpha
} from "../shared/colors";

const rgba = (css: string): { rgb: [number, number, number]; a: number } => {
	const m = /^rgba\((\d+), (\d+), (\d+), ([\d.]+)\)$/.exec(css);
	if (!m) throw new Error(`not rgba: ${css}`);
	return { rgb: [Number(m[1]), Number(m[2]), Number(m[3])], a: Number(m[4]) };
};

describe("contrast", () => {
	test("WCAG reference values", () => {
		expect(contrast([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
		expect(contrast([255, 255, 255], [255, 255, 255])).toBeCloseTo(1, 5);
		// #767676 on white is the classic 4.54:1
		expect(contrast(parse_color("#767676")!, [255, 255, 255])).toBeCloseTo(4.54, 2);
	});

	test("parses hex, rgb() and colour names", () => {
		expect(parse_color("#f00")).toEqual([255, 0, 0]);
		expect(parse_color("#00ff0080")).toEqual([0, 255, 0]);
		expect(parse_color("rgb(10, 20, 30)")).toEqual([10, 20, 30]);
		expect(parse_color("rgba(10 20 30 / 50%)")).toEqual([10, 20, 30]);
		expect(parse_color(" Navy ")).toEqual([0, 0, 128]);
		expect(parse_color("var(--x)")).toBeNull();
	});
});

describe("entity colours", () => {
	const user = ["black", "white", "navy", "yellow", "#ff0000", "lime", "#1e1e1e", "gold"];

	test.each([...PALETTE, ...user])("%s: body text stays readable on its tint in light and dark", (c) => {
		const colors = label_colors(["X"], { X: c });
		const { rgb, a } = rgba(colors.get("X")!.tint);
		for (const theme of [THEMES.light, THEMES.dark]) {
			expect(contrast(theme.text, blend(rgb, a, theme.background))).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
		}
		// and the tint is still visible
		expect(a).toBeGreaterThan(0.05);
	});

	test.each([...PALETTE, ...user])("%s: badge text on the solid colour is readable", (c) => {
		const rgb = parse_color(c)!;
		expect(contrast(text_on(rgb), rgb)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
	});

	test.each(PALETTE)("%s: the automatic tint is visibly different from the page in both themes", (c) => {
		const { rgb, a } = rgba(label_colors(["X"], { X: c }).get("X")!.tint);
		for (const theme of [THEMES.light, THEMES.dark]) {
			const tinted = blend(rgb, a, theme.background);
			const distance = Math.hypot(...tinted.map((v, i) => v - theme.background[i]));
			expect(distance).toBeGreaterThan(25);
		}
	});

	test("tint_alpha backs off when a full tint would make text unreadable", () => {
		// white at 60% over the dark theme would leave light text on light grey
		const a = tint_alpha([255, 255, 255], 0.6);
		expect(a).toBeLessThan(0.6);
		expect(a).toBeGreaterThan(0.2);
		expect(contrast(THEMES.dark.text, blend([255, 255, 255], a, THEMES.dark.background))).toBeGreaterThanOrEqual(
			MIN_TEXT_CONTRAST
		);
	});

	test("color_map wins, well-known labels are stable, the rest get distinct colours", () => {
		const labels = ["PER", "LOC", "ORG", "MISC", "thing1", "thing2", "thing3"];
		const a = label_colors(labels, { LOC: "#123456" });
		expect(a.get("LOC")!.solid).toBe("#123456");
		const solids = labels.filter((l) => l !== "LOC").map((l) => a.get(l)!.solid);
		expect(new Set(solids).size).toBe(solids.length);
		// the same label gets the same colour in another document
		const b = label_colors(["thing2", "PER"], null);
		expect(b.get("PER")!.solid).toBe(a.get("PER")!.solid);
		expect(label_colors(["B-PER"], null).get("B-PER")!.solid).toBe(a.get("PER")!.solid);
	});

	test("a colour the palette cannot parse is handed to the browser to mix", () => {
		const c = label_colors(["X"], { X: "var(--my-colour)" }).get("X")!;
		expect(c.solid).toBe("var(--my-colour)");
		expect(c.tint).toContain("color-mix");
	});
});

describe("polarity", () => {
	test.each([
		["POSITIVE", 1],
		["positive", 1],
		["NEGATIVE", -1],
		["neg", -1],
		["neutral", 0],
		["1 star", -1],
		["2 stars", -0.5],
		["3 stars", 0],
		["5 stars", 1],
		["joy", 1],
		["anger", -1],
		["LABEL_0", null],
		["LABEL_2", null],
		["whatever", null]
	])("%s -> %s", (label, p) => {
		expect(polarity(label as string)).toBe(p);
	});

	test("negative is red, positive is green, stars grade between them", () => {
		const [r1, g1] = parse_color(polarity_color("NEGATIVE"))!;
		const [r5, g5] = parse_color(polarity_color("POSITIVE"))!;
		expect(r1).toBeGreaterThan(g1);
		expect(g5).toBeGreaterThan(r5);
		const greens = ["1 star", "2 stars", "3 stars", "4 stars", "5 stars"].map(
			(l) => parse_color(polarity_color(l))![1] - parse_color(polarity_color(l))![0]
		);
		expect([...greens].sort((a, b) => a - b)).toEqual(greens);
	});

	test("LABEL_n gets muted, distinct neutral colours", () => {
		const a = polarity_color("LABEL_0", 0);
		const b = polarity_color("LABEL_1", 1);
		expect(a).not.toBe(b);
		for (const c of [a, b]) {
			const [r, g, bl] = parse_color(c)!;
			expect(Math.max(r, g, bl) - Math.min(r, g, bl)).toBeLessThan(80);
		}
	});

	test("star ratings are listed 5 to 1, other labels by score", () => {
		expect(order_scores({ "1 star": 0.1, "5 stars": 0.2, "3 stars": 0.7 }).map(([k]) => k)).toEqual([
			"5 stars",
			"3 stars",
			"1 star"
		]);
		expect(order_scores({ NEGATIVE: 0.1, POSITIVE: 0.9 }).map(([k]) => k)).toEqual(["POSITIVE", "NEGATIVE"]);
	});
});

describe("color_map values", () => {
	test("anything but a colour value falls back to the palette", () => {
		const hostile = {
			A: "red; position: fixed; inset: 0",
			B: "url(x)",
			C: "}body{display:none",
			D: 'red" onmouseover="x',
			E: "rgb(1 2 3 / 50%)",
			F: "var(--my-colour)"
		};
		const c = label_colors(Object.keys(hostile), hostile);
		for (const k of ["A", "B", "C", "D"]) {
			expect(PALETTE).toContain(c.get(k)!.solid);
		}
		expect(c.get("E")!.solid).toBe("#010203");
		expect(c.get("F")!.solid).toBe("var(--my-colour)");
	});
});
