/**
 * The entity summary: one row per distinct entity (the same label and the
 * same text up to case and white space, as Python's `entity_summary`), its
 * mentions in document order and the mean sentiment of those mentions.
 * Pure logic, no DOM: grouping is one pass over the entities.
 */
import { polarity } from "./colors";
import type { Span } from "./types";

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

const SPACE = /\s+/g;

/** `text` with runs of white space made one space and the ends trimmed, as Python's `" ".join(s.split())`. */
export function collapse(text: string): string {
	return text.replace(SPACE, " ").trim();
}

/** The rows for `spans` (UTF-16 offsets into `text`), in order of first mention. */
export function summarize(text: string, spans: readonly Span[]): SummaryRow[] {
	const ordered = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || a.index - b.index);
	const rows = new Map<string, SummaryRow>();
	const totals = new Map<string, { sums: Map<string, number>; n: number }>();
	for (const s of ordered) {
		const shown = collapse(text.slice(s.start, s.end));
		const key = `${s.label}\u0000${shown.toLowerCase()}`;
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
			const dist = s.sentiment.scores && Object.keys(s.sentiment.scores).length ? s.sentiment.scores : { [s.sentiment.label]: s.sentiment.score };
			for (const [label, p] of Object.entries(dist)) t.sums.set(label, (t.sums.get(label) ?? 0) + p);
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
