/**
 * Grapheme clusters: where a user-perceived character (an emoji ZWJ sequence,
 * a flag, a letter with combining marks) begins and ends, so nothing cuts one
 * in two. Intl.Segmenter where the browser has it, a fallback covering the
 * rules that matter here otherwise. Offsets are UTF-16 offsets.
 */
import { is_high_surrogate, is_low_surrogate } from "./offsets";

/** Extend: joins the preceding character (marks, joiners, variation selectors, skin tones, tags). */
const EXTEND = /^[\p{M}\u200c\u200d\ufe00-\ufe0f\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}\u{e0100}-\u{e01ef}]$/u;
const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
const REGIONAL = /^[\u{1f1e6}-\u{1f1ff}]$/u;

/** The code point that ends at UTF-16 offset `u`, as a string ("" at 0). */
function char_before(text: string, u: number): string {
	if (u <= 0) return "";
	if (u >= 2 && is_low_surrogate(text.charCodeAt(u - 1)) && is_high_surrogate(text.charCodeAt(u - 2))) {
		return text.slice(u - 2, u);
	}
	return text[u - 1];
}

/** The code point that starts at UTF-16 offset `u`, as a string ("" at the end). */
function char_at(text: string, u: number): string {
	if (u >= text.length) return "";
	if (is_high_surrogate(text.charCodeAt(u)) && u + 1 < text.length && is_low_surrogate(text.charCodeAt(u + 1))) {
		return text.slice(u, u + 2);
	}
	return text[u];
}

/**
 * Whether a grapheme cluster may end at `u`, by the rules that matter for
 * cutting text (surrogate pairs, CR LF, extending marks, ZWJ sequences, flag
 * pairs). Used where Intl.Segmenter is missing, and to pick window edges.
 */
function fallback_boundary(text: string, u: number): boolean {
	if (u <= 0 || u >= text.length) return true;
	if (is_low_surrogate(text.charCodeAt(u)) && is_high_surrogate(text.charCodeAt(u - 1))) return false;
	const prev = char_before(text, u);
	const next = char_at(text, u);
	if (prev === "\r" && next === "\n") return false;
	if (EXTEND.test(next)) return false;
	if (prev === "\u200d" && PICTOGRAPHIC.test(next)) return false;
	if (REGIONAL.test(prev) && REGIONAL.test(next)) {
		// flags are pairs of regional indicators: count the run before u
		let run = 0;
		let at = u;
		while (at > 0 && REGIONAL.test(char_before(text, at))) {
			run++;
			at -= char_before(text, at).length;
		}
		return run % 2 === 0;
	}
	return true;
}

function fallback_floor(text: string, u: number): number {
	while (u > 0 && !fallback_boundary(text, u)) u--;
	return u;
}

function fallback_ceil(text: string, u: number): number {
	while (u < text.length && !fallback_boundary(text, u)) u++;
	return u;
}

type SegmenterLike = new (
	locale?: string,
	options?: { granularity: "grapheme" }
) => { segment(s: string): Iterable<{ index: number }> };

function grapheme_segmenter(): SegmenterLike | null {
	const S = (Intl as unknown as { Segmenter?: SegmenterLike }).Segmenter;
	return typeof S === "function" ? S : null;
}

/** Grapheme cluster boundaries from `from` to `to` (both included), ascending. */
function boundaries(text: string, from: number, to: number): number[] {
	const out: number[] = [from];
	const Segmenter = grapheme_segmenter();
	if (Segmenter) {
		for (const seg of new Segmenter(undefined, { granularity: "grapheme" }).segment(text.slice(from, to))) {
			if (seg.index > 0) out.push(from + seg.index);
		}
	} else {
		for (let u = from + 1; u < to; u++) {
			if (fallback_boundary(text, u)) out.push(u);
		}
	}
	if (to > from) out.push(to);
	return out;
}

/** Segment this many UTF-16 units at a time, only where they are asked about. */
const CHUNK = 512;

/**
 * The grapheme clusters of a text, segmented lazily chunk by chunk: a question
 * about one offset only segments the text around it, so a long document costs
 * no more than a word.
 */
export class Graphemes {
	readonly text: string;
	private chunks = new Map<number, number[]>();

	constructor(text: string) {
		this.text = text;
	}

	private chunk(u: number): number[] {
		const k = Math.floor(u / CHUNK);
		let found = this.chunks.get(k);
		if (!found) {
			// chunk edges moved to cluster boundaries, so no cluster is cut in two
			const from = fallback_floor(this.text, k * CHUNK);
			const to = fallback_ceil(this.text, Math.min(this.text.length, (k + 1) * CHUNK));
			found = boundaries(this.text, from, to);
			this.chunks.set(k, found);
		}
		return found;
	}

	/** the last boundary at or before u */
	floor(u: number): number {
		if (u <= 0) return 0;
		if (u >= this.text.length) return this.text.length;
		const at = this.chunk(u);
		let lo = 0;
		let hi = at.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >>> 1;
			if (at[mid] <= u) lo = mid;
			else hi = mid - 1;
		}
		return at[lo];
	}

	/** the first boundary at or after u */
	ceil(u: number): number {
		if (u <= 0) return 0;
		if (u >= this.text.length) return this.text.length;
		const at = this.chunk(u);
		let lo = 0;
		let hi = at.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (at[mid] >= u) hi = mid;
			else lo = mid + 1;
		}
		return at[lo];
	}

	/** end of the cluster that starts at boundary u (u < length) */
	next(u: number): number {
		return this.ceil(u + 1);
	}

	/** start of the cluster that ends at boundary u (u > 0) */
	prev(u: number): number {
		return this.floor(u - 1);
	}

	/** the cluster that starts at boundary u ("" at the end of the text) */
	after(u: number): string {
		return u < this.text.length ? this.text.slice(u, this.next(u)) : "";
	}

	/** the cluster that ends at boundary u ("" at the start of the text) */
	before(u: number): string {
		return u > 0 ? this.text.slice(this.prev(u), u) : "";
	}
}

/** How far around an offset `grapheme_floor` looks: clusters are far shorter. */
const NEAR = 64;

/**
 * The largest UTF-16 offset <= `u` that does not split a user-perceived
 * character. Segments only the few units around `u`: layout asks this once
 * per chunk break, so it must cost no more than a word.
 */
export function grapheme_floor(text: string, u: number): number {
	if (u <= 0) return 0;
	if (u >= text.length) return text.length;
	const from = fallback_floor(text, Math.max(0, u - NEAR));
	const to = fallback_ceil(text, Math.min(text.length, u + NEAR));
	let best = from;
	for (const at of boundaries(text, from, to)) {
		if (at > u) break;
		best = at;
	}
	return best;
}
