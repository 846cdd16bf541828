/**
 * The rules the browser shares with Python, run on the tables of cases in
 * tests/cases that pytest's tests/unit/test_rules.py runs too: entity
 * identity, entity order, a sentiment's distribution and the entity summary
 * they make, Python's case folding code point by code point, the scripts
 * written without spaces, and label polarity (the browser's alone).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { casefold } from "../shared/casefold";
import { polarity } from "../shared/colors";
import { offset_map } from "../shared/offsets";
import { entity_order, insertion_index } from "../shared/order";
import { written_without_spaces } from "../shared/no_space_table";
import { distribution, entity_key, identity_text, summarize } from "../shared/summary";
import type { Sentiment, Span } from "../shared/types";

const CASES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "tests", "cases");

function read<T>(name: string): T {
	return JSON.parse(readFileSync(join(CASES, name), "utf-8")) as T;
}

interface Identity {
	case: string;
	label: string;
	b_label?: string;
	a: string;
	b: string;
	same: boolean;
	a_folded: string;
}

describe("entity identity (tests/cases/entity_identity.json)", () => {
	const { cases } = read<{ cases: Identity[] }>("entity_identity.json");
	test.each(cases)("$case", (c) => {
		expect(identity_text(c.a)).toBe(c.a_folded);
		expect(entity_key(c.label, c.a) === entity_key(c.b_label ?? c.label, c.b)).toBe(c.same);
		// the summary table: one row for one entity
		const text = `${c.a} | ${c.b}`;
		const spans: Span[] = [
			{ index: 0, start: 0, end: c.a.length, label: c.label, score: null, sentiment: null },
			{ index: 1, start: c.a.length + 3, end: text.length, label: c.b_label ?? c.label, score: null, sentiment: null }
		];
		expect(summarize(text, spans)).toHaveLength(c.same ? 1 : 2);
	});
});

describe("case folding (tests/cases/casefold.json, from Python's str.casefold)", () => {
	const { folds } = read<{ folds: [number, string][] }>("casefold.json");
	test("every code point Python folds, folded as Python does", () => {
		const wrong = folds.filter(([code, folded]) => casefold(String.fromCodePoint(code)) !== folded);
		expect(wrong).toEqual([]);
	});
	test("every other code point folds to itself", () => {
		const changed = new Set(folds.map(([code]) => code));
		const wrong: number[] = [];
		for (let code = 0; code <= 0x10ffff; code++) {
			if (changed.has(code) || (code >= 0xd800 && code <= 0xdfff)) continue;
			const ch = String.fromCodePoint(code);
			if (casefold(ch) !== ch) wrong.push(code);
		}
		expect(wrong).toEqual([]);
	});
	test("a whole text, astral letters and a final sigma included", () => {
		expect(casefold("Die STRAẞE, ΟΔΟΣ 𐐀 ﬁn")).toBe("die strasse, οδοσ 𐐨 fin");
	});
});

interface Order {
	case: string;
	spans: [number, number][];
	order: number[];
}

describe("entity order (tests/cases/entity_order.json)", () => {
	const { cases } = read<{ cases: Order[] }>("entity_order.json");
	test.each(cases)("$case", (c) => {
		const items = c.spans.map(([start, end], i) => ({ start, end, i }));
		expect([...items].sort(entity_order).map((x) => x.i)).toEqual(c.order);
		// adding them one by one where insertion_index says gives the same list
		const list: typeof items = [];
		for (const x of items) list.splice(insertion_index(list, x.start, x.end), 0, x);
		expect(list.map((x) => x.i)).toEqual(c.order);
	});
});

describe("a sentiment's distribution (tests/cases/distribution.json)", () => {
	const { cases } = read<{ cases: { case: string; sentiment: Sentiment; distribution: Record<string, number> }[] }>("distribution.json");
	test.each(cases)("$case", (c) => {
		expect(distribution(c.sentiment)).toEqual(c.distribution);
	});
});

describe("scripts written without spaces (tests/cases/written_without_spaces.json, from words.py's ranges)", () => {
	const { cases } = read<{ cases: { case: string; char: string; expected: boolean }[] }>("written_without_spaces.json");
	test.each(cases)("$case", (c) => {
		expect(written_without_spaces(c.char)).toBe(c.expected);
	});
});

describe("label polarity (tests/cases/polarity.json)", () => {
	const { cases } = read<{ cases: { label: string; polarity: number | null }[] }>("polarity.json");
	test.each(cases)("$label", (c) => {
		expect(polarity(c.label)).toBe(c.polarity);
	});
});

interface SummaryCase {
	text: string;
	entities: { start: number; end: number; label: string; sentiment?: Sentiment }[];
	rows: { label: string; text: string; mentions: number[]; sentiment: string | null; scores: Record<string, number> | null }[];
}

test("the entity summary of the shared document (tests/cases/entity_summary.json)", () => {
	const c = read<SummaryCase>("entity_summary.json");
	const map = offset_map(c.text);
	const spans: Span[] = c.entities.map((e, index) => ({
		index,
		start: map.toUtf16(e.start),
		end: map.toUtf16(e.end),
		label: e.label,
		score: null,
		sentiment: e.sentiment ?? null
	}));
	const rows = summarize(c.text, spans);
	expect(rows.map((r) => [r.label, r.text, r.mentions, r.top?.label ?? null])).toEqual(
		c.rows.map((r) => [r.label, r.text, r.mentions, r.sentiment])
	);
	rows.forEach((row, i) => {
		const want = c.rows[i].scores;
		if (want === null) return expect(row.scores).toBeNull();
		expect(Object.keys(row.scores!).sort()).toEqual(Object.keys(want).sort());
		for (const [label, p] of Object.entries(want)) expect(row.scores![label]).toBeCloseTo(p, 12);
	});
});
