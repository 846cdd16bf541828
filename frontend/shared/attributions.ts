/**
 * Word attributions ("Why?"): which words drive a sentence's sentiment, as
 * plain data. The colour scale, the words' strengths and descriptions, the
 * strongest words of a sentence, and the words of one chunk as runs that the
 * layout cuts the text at. Pure, no DOM.
 *
 * The scale maps a word's sign to the polarity of its sentence's label, so a
 * reader sees what the word pushes towards, not a sign to decode: a word with
 * weight +0.8 in a NEGATIVE sentence pushes towards negative (orange), one with
 * -0.4 in the same sentence pushes towards positive (blue). Labels without a
 * polarity (neutral, LABEL_0, 3 stars) keep the sign: grey, solid towards the
 * label and dashed against it. Blue and orange stay apart under the common
 * colour-vision deficiencies; the strength is the underline's thickness.
 *
 * All offsets are UTF-16 offsets.
 */
import { contrast, parse_color, polarity, THEMES } from "./colors";
import type { RGB } from "./colors";
import type { Sentiment, WordWeight } from "./types";
import { format_fixed2, t } from "./i18n.svelte";

/** Words with a smaller |weight| are not tinted. */
export const WHY_THRESHOLD = 0.1;

/** What a word pushes its sentence towards. */
export type Direction = "positive" | "negative" | "towards" | "against";

/** Colour family of a direction: towards/against a label without polarity share grey. */
export type Tone = "pos" | "neg" | "neu";

export function tone_of(d: Direction): Tone {
	return d === "positive" ? "pos" : d === "negative" ? "neg" : "neu";
}

/**
 * Underline colours per theme. Each has at least 4.5:1 against its theme's
 * background, so it stays at least 3:1 (WCAG non-text contrast) on entity and
 * sentence tints too. Light: darker tones; dark: lighter ones.
 */
export const WHY_COLORS: Record<keyof typeof THEMES, Record<Tone, string>> = {
	light: { pos: "#1d64c8", neg: "#b35806", neu: "#6b7280" },
	dark: { pos: "#6aa7f5", neg: "#f59547", neu: "#a1a1aa" }
};

/** CSS custom properties carrying the scale, set once on the text element. */
export function why_palette_style(): string {
	const out: string[] = [];
	for (const theme of ["light", "dark"] as const) {
		for (const tone of ["pos", "neg", "neu"] as const) out.push(`--why-${tone}-${theme}: ${WHY_COLORS[theme][tone]};`);
	}
	return out.join(" ");
}

/** Contrast of a tone's underline on a background (for the tests and the docs). */
export function why_contrast(theme: keyof typeof THEMES, tone: Tone, background: RGB = THEMES[theme].background): number {
	return contrast(parse_color(WHY_COLORS[theme][tone])!, background);
}

/**
 * The direction of a word of weight `weight` in a sentence whose top label is
 * `label`, or null when the word is too weak to show.
 */
export function direction(weight: number, label: string | null | undefined): Direction | null {
	if (!(Math.abs(weight) >= WHY_THRESHOLD)) return null;
	const p = label ? polarity(label) : null;
	if (p === null || p === 0) return weight > 0 ? "towards" : "against";
	return weight * p > 0 ? "positive" : "negative";
}

export type Strength = "weak" | "moderate" | "strong";

export function strength(weight: number): Strength {
	const a = Math.abs(weight);
	return a >= 0.7 ? "strong" : a >= 0.4 ? "moderate" : "weak";
}

/** Underline thickness in px: 1 at the threshold, 3.5 at |weight| 1, in quarter pixels. */
export function thickness(weight: number): number {
	const a = Math.min(1, Math.max(WHY_THRESHOLD, Math.abs(weight)));
	const px = 1 + (2.5 * (a - WHY_THRESHOLD)) / (1 - WHY_THRESHOLD);
	return Math.round(px * 4) / 4;
}

/** +1.00 / −0.42 (a true minus sign) */
export function signed(weight: number): string {
	const s = Math.abs(weight).toFixed(2);
	return (weight < 0 && s !== "0.00" ? "\u2212" : "+") + format_fixed2(Math.abs(weight));
}

/** "pushes towards negative", "pushes against LABEL_0" */
export function push_phrase(d: Direction, label: string | null | undefined): string {
	if (d === "positive" || d === "negative") {
		const polar = t(d === "positive" ? "sentimentpanel.why_positive" : "sentimentpanel.why_negative");
		return t("sentimentpanel.why_push_towards", { label: polar });
	}
	const name = label || t("sentimentpanel.why_the_label");
	return t(d === "towards" ? "sentimentpanel.why_push_towards" : "sentimentpanel.why_push_against", { label: name });
}

const STRENGTH_KEYS = {
	weak: "sentimentpanel.why_weak",
	moderate: "sentimentpanel.why_moderate",
	strong: "sentimentpanel.why_strong"
} as const;

/** Screen-reader suffix of a tinted word: " (pushes towards negative, strong)". */
export function describe_word(weight: number, label: string | null | undefined): string | null {
	const d = direction(weight, label);
	return d ? ` (${push_phrase(d, label)}, ${t(STRENGTH_KEYS[strength(weight)])})` : null;
}

/** How an attributed word is drawn: classes and inline style; null when untinted. */
export interface WordStyle {
	direction: Direction;
	classes: string;
	style: string;
}

export function word_style(weight: number, label: string | null | undefined): WordStyle | null {
	const d = direction(weight, label);
	if (!d) return null;
	return {
		direction: d,
		classes: `why ${tone_of(d)}${d === "against" ? " against" : ""} ${strength(weight)}`,
		style: `--why-th: ${thickness(weight)}px;`
	};
}

/** Text of a word for a tooltip, cut when long. */
export function word_text(text: string, w: { start: number; end: number }, max = 30): string {
	const t = text.slice(w.start, w.end).replace(/\s+/g, " ");
	return t.length > max ? t.slice(0, max - 1) + "…" : t;
}

/** The `k` words with the largest |weight| in words[first, last), strongest first (ties: in text order). */
export function top_words(words: readonly WordWeight[], first: number, last: number, k = 3): WordWeight[] {
	const out: WordWeight[] = [];
	for (let i = first; i < last; i++) {
		const w = words[i];
		if (Math.abs(w.weight) < WHY_THRESHOLD) continue;
		let p = out.length;
		while (p > 0 && Math.abs(out[p - 1].weight) < Math.abs(w.weight)) p--;
		if (p < k) {
			out.splice(p, 0, w);
			if (out.length > k) out.pop();
		}
	}
	return out;
}

/** "terrible (+1.00), love (−0.42)" */
export function because_of(text: string, words: readonly WordWeight[]): string {
	return words.map((w) => `${word_text(text, w)} (${signed(w.weight)})`).join(", ");
}

/**
 * Finding the words of a range fast: words are sorted by start, and `reach[i]`
 * is the largest end among words[0..i], so the first word that can reach into
 * a range is found by binary search even when words overlap.
 */
export interface WordIndex {
	words: readonly WordWeight[];
	reach: Int32Array;
}

export function word_index(words: readonly WordWeight[]): WordIndex {
	const reach = new Int32Array(words.length);
	let m = 0;
	for (let i = 0; i < words.length; i++) {
		if (words[i].end > m) m = words[i].end;
		reach[i] = m;
	}
	return { words, reach };
}

/** [first, last) of the words that may touch [start, end) (those ending before `start` are skipped by callers). */
export function words_between(ix: WordIndex, start: number, end: number): [number, number] {
	const { words, reach } = ix;
	let lo = 0;
	let hi = words.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (reach[mid] > start) hi = mid;
		else lo = mid + 1;
	}
	const first = lo;
	hi = words.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (words[mid].start < end) lo = mid + 1;
		else hi = mid;
	}
	return [first, lo];
}

/** [first, last) of the words starting inside [start, end): the words of a sentence. */
export function words_starting_in(ix: WordIndex, start: number, end: number): [number, number] {
	const { words } = ix;
	const lower = (x: number): number => {
		let lo = 0;
		let hi = words.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (words[mid].start < x) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	};
	return [lower(start), lower(end)];
}

/** A stretch of text drawn for one word. */
export interface Run {
	start: number;
	end: number;
	/** position of the word in the index's words */
	word: number;
	/** the run ends where its word ends (the word's description goes here) */
	last: boolean;
}

/**
 * The words touching [start, end) as runs, clipped to the range. Words do not
 * overlap in practice; where they do, each stretch goes to the strongest word
 * covering it. O(m) for m words in the range without overlaps.
 */
export function word_runs(ix: WordIndex, start: number, end: number): Run[] {
	const [first, last] = words_between(ix, start, end);
	const words = ix.words;
	const out: Run[] = [];
	let overlap = false;
	let prev_end = -1;
	for (let i = first; i < last; i++) {
		const w = words[i];
		if (w.end <= start || w.start >= end) continue;
		if (w.start < prev_end) {
			overlap = true;
			break;
		}
		prev_end = w.end;
		out.push({ start: Math.max(w.start, start), end: Math.min(w.end, end), word: i, last: w.end <= end });
	}
	if (!overlap) return out;

	// overlapping words: cut at every boundary, strongest word wins each stretch
	const ids: number[] = [];
	const cuts = new Set<number>();
	for (let i = first; i < last; i++) {
		const w = words[i];
		if (w.end <= start || w.start >= end) continue;
		ids.push(i);
		cuts.add(Math.max(w.start, start));
		cuts.add(Math.min(w.end, end));
	}
	const pos = [...cuts].sort((a, b) => a - b);
	const runs: Run[] = [];
	for (let b = 0; b + 1 < pos.length; b++) {
		const at = pos[b];
		const next = pos[b + 1];
		let best = -1;
		for (const i of ids) {
			const w = words[i];
			if (w.start <= at && w.end >= next && (best < 0 || Math.abs(w.weight) > Math.abs(words[best].weight))) best = i;
		}
		if (best < 0) continue;
		const prev = runs[runs.length - 1];
		if (prev && prev.word === best && prev.end === at) prev.end = next;
		else runs.push({ start: at, end: next, word: best, last: false });
	}
	for (const r of runs) r.last = r.end === words[r.word].end;
	return runs;
}

/** The label a word's direction is read against: its sentence's, or the document's. */
export function label_for(sentence: Sentiment | null | undefined, doc: Sentiment | null | undefined): string | null {
	return sentence?.label ?? doc?.label ?? null;
}

/**
 * The legend parts a document's tinted words need (blue/orange for labels with a polarity, grey for those without), read
 * from the words themselves in one pass over words and sentences, both sorted
 * by start.
 */
export function why_legend(
	words: readonly WordWeight[],
	sentences: readonly { start: number; end: number; sentiment: Sentiment | null }[],
	doc: Sentiment | null
): { polar: boolean; plain: boolean } {
	let polar = false;
	let plain = false;
	let s = 0;
	for (const w of words) {
		if (Math.abs(w.weight) < WHY_THRESHOLD) continue;
		while (s < sentences.length && sentences[s].end <= w.start) s++;
		const inside = s < sentences.length && sentences[s].start <= w.start;
		const d = direction(w.weight, label_for(inside ? sentences[s].sentiment : null, doc));
		if (d === "positive" || d === "negative") polar = true;
		else if (d) plain = true;
		if (polar && plain) break;
	}
	return { polar, plain };
}
