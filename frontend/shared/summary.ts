/**
 * The entity summary: one row per distinct entity (the same label and the
 * same text up to case and white space, as Python's `entity_summary`), its
 * mentions in document order and the mean sentiment of those mentions.
 * Pure logic, no DOM: grouping is one pass over the entities.
 *
 * Entity identity (`entity_key`) and a sentiment's distribution
 * (`distribution`) are the rules Python's `rules.py` writes too; the tables in
 * tests/cases are run against both.
 */
import { casefold } from "./casefold";
import { polarity } from "./colors";
import { entity_order } from "./order";
import type { Sentiment, Span } from "./types";

export interface SummaryRow {
	/** label + normalised text */
	key: string;
	label: string;
	/** the first mention's text, white space collapsed */
	text: string;
	/** entity indices (positions in PanelData.entities) of the mentions, in document order */
	mentions: number[];
	/** mean distribution over the mentions that have a sentiment; null when none has */
	scores: Record<string, number> | null;
	/** the label with the highest mean, and its mean */
	top: { label: string; score: number } | null;
	/** mean probability of positive labels minus negative ones; null without known polarity */
	polarity: number | null;
	/** position of the first mention among all rows (ties keep document order) */
	first: number;
}

export type SortKey = "mentions" | "polarity";
export type SortDir = "descending" | "ascending";

/** White space as Python's `str.isspace` has it (JavaScript's `\s` has U+FEFF, and not U+001C..U+001F or U+0085). */
const SPACE = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

/** `text` with runs of white space made one space and the ends trimmed, as Python's `" ".join(s.split())`. */
export function collapse(text: string): string {
	const one = text.replace(SPACE, " ");
	const from = one.charCodeAt(0) === 32 ? 1 : 0;
	const to = one.length > from && one.charCodeAt(one.length - 1) === 32 ? one.length - 1 : one.length;
	return from === 0 && to === one.length ? one : one.slice(from, to);
}

/** What two mentions of one entity have in common: the text with white space collapsed and case folded (as Python's `str.casefold`; no normalisation). */
export function identity_text(text: string): string {
	return casefold(collapse(text));
}

/** Which entity a mention of `text` labelled `label` is: mentions with the same key are one entity. */
export function entity_key(label: string, text: string): string {
	return `${label.length}:${label}${identity_text(text)}`;
}

/** The full distribution of a sentiment: its `scores`, or, when it has none, its top label alone with its score. */
export function distribution(sentiment: Sentiment): Readonly<Record<string, number>> {
	const scores = sentiment.scores;
	if (scores) for (const _ in scores) return scores;
	return { [sentiment.label]: sentiment.score };
}

/** The rows for `spans` (UTF-16 offsets into `text`), in order of first mention. */
export function summarize(text: string, spans: readonly Span[]): SummaryRow[] {
	const ordered = [...spans].sort((a, b) => entity_order(a, b) || a.index - b.index);
	const rows = new Map<string, SummaryRow>();
	const totals = new Map<string, { sums: Map<string, number>; n: number }>();
	for (const s of ordered) {
		const shown = collapse(text.slice(s.start, s.end));
		const key = entity_key(s.label, shown);
		let row = rows.get(key);
		if (!row) {
			row = { key, label: s.label, text: shown, mentions: [], scores: null, top: null, polarity: null, first: rows.size };
			rows.set(key, row);
			totals.set(key, { sums: new Map(), n: 0 });
		}
		row.mentions.push(s.index);
		if (s.sentiment) {
			const t = totals.get(key)!;
			t.n += 1;
			for (const [label, p] of Object.entries(distribution(s.sentiment))) t.sums.set(label, (t.sums.get(label) ?? 0) + p);
		}
	}
	for (const row of rows.values()) {
		const t = totals.get(row.key)!;
		if (!t.n) continue;
		const scores: Record<string, number> = {};
		let top: { label: string; score: number } | null = null;
		let pol = 0;
		let known = false;
		for (const [label, sum] of t.sums) {
			const p = sum / t.n;
			scores[label] = p;
			if (!top || p > top.score) top = { label, score: p };
			const sign = polarity(label);
			if (sign !== null) {
				known = true;
				pol += sign * p;
			}
		}
		row.scores = scores;
		row.top = top;
		row.polarity = known ? pol : null;
	}
	return [...rows.values()];
}

/** `rows` sorted by `by` in direction `dir`; rows without polarity last either way; ties by first mention. */
export function sort_rows(rows: readonly SummaryRow[], by: SortKey, dir: SortDir): SummaryRow[] {
	const sign = dir === "descending" ? -1 : 1;
	return [...rows].sort((a, b) => {
		if (by === "polarity") {
			if (a.polarity === null || b.polarity === null) {
				if (a.polarity !== b.polarity) return a.polarity === null ? 1 : -1;
			} else if (a.polarity !== b.polarity) return sign * (a.polarity - b.polarity);
		} else if (a.mentions.length !== b.mentions.length) {
			return sign * (a.mentions.length - b.mentions.length);
		}
		return a.first - b.first;
	});
}

/** The mention after (step 1) or before (step -1) position `at` of `count`, wrapping around. */
export function step_mention(at: number, count: number, step: 1 | -1): number {
	if (count <= 0) return 0;
	return (((at + step) % count) + count) % count;
}
