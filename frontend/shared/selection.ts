/**
 * A text selection becomes an entity range: never cutting a user-perceived
 * character (an emoji ZWJ sequence, a flag, a letter with combining marks),
 * trimmed of surrounding white space and, when snapping, grown to whole words.
 *
 * Words are runs of letters, digits, marks (combining marks included) and
 * connector punctuation, with an apostrophe between two letters (don't,
 * O'Brien, l'homme) and a decimal or thousands separator between two digits
 * (3.5, 1,000) inside the word. In scripts written without spaces (Chinese,
 * Japanese kana, Thai, Lao, Khmer, Myanmar) every character is a word of its
 * own, so a selection there is never grown across the run. Emoji and other
 * symbols are never grown into either, only kept whole.
 *
 * Offsets in and out are code points (Python str indices), as on the wire;
 * `range_from_dom` takes the UTF-16 offsets a DOM selection gives.
 */
import { offset_map } from "./offsets";

/** A range of code-point offsets, end exclusive. */
export interface TextRange {
	start: number;
	end: number;
}

// ------------------------------------------------------------------ graphemes

/** Extend: joins the preceding character (marks, joiners, variation selectors, skin tones, tags). */
const EXTEND = /^[\p{M}\u200c\u200d\ufe00-\ufe0f\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}\u{e0100}-\u{e01ef}]$/u;
const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
const REGIONAL = /^[\u{1f1e6}-\u{1f1ff}]$/u;

function is_high(c: number): boolean {
	return c >= 0xd800 && c <= 0xdbff;
}
function is_low(c: number): boolean {
	return c >= 0xdc00 && c <= 0xdfff;
}

/** The code point that ends at UTF-16 offset `u`, as a string ("" at 0). */
function char_before(text: string, u: number): string {
	if (u <= 0) return "";
	if (u >= 2 && is_low(text.charCodeAt(u - 1)) && is_high(text.charCodeAt(u - 2))) return text.slice(u - 2, u);
	return text[u - 1];
}

/** The code point that starts at UTF-16 offset `u`, as a string ("" at the end). */
function char_at(text: string, u: number): string {
	if (u >= text.length) return "";
	if (is_high(text.charCodeAt(u)) && u + 1 < text.length && is_low(text.charCodeAt(u + 1))) return text.slice(u, u + 2);
	return text[u];
}

/**
 * Whether a grapheme cluster may end at `u`, by the rules that matter for
 * selections (surrogate pairs, CR LF, extending marks, ZWJ sequences, flag
 * pairs). Used where Intl.Segmenter is missing, and to pick window edges.
 */
function fallback_boundary(text: string, u: number): boolean {
	if (u <= 0 || u >= text.length) return true;
	if (is_low(text.charCodeAt(u)) && is_high(text.charCodeAt(u - 1))) return false;
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

/** Segment this many UTF-16 units at a time, only where a selection needs it. */
const CHUNK = 512;

/**
 * Grapheme clusters of a text, segmented lazily chunk by chunk: a selection
 * only looks at the clusters near its two ends, so selecting all of a long
 * document costs no more than selecting a word.
 */
class Graphemes {
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

	/** kind of the cluster that starts at boundary u; undefined at the end of the text */
	kind_after(u: number): Kind | undefined {
		return u < this.text.length ? kind(this.text.slice(u, this.next(u))) : undefined;
	}

	/** kind of the cluster that ends at boundary u; undefined at the start of the text */
	kind_before(u: number): Kind | undefined {
		return u > 0 ? kind(this.text.slice(this.prev(u), u)) : undefined;
	}
}

// ---------------------------------------------------------------- characters

type Kind = "space" | "word" | "digit" | "continuous" | "apostrophe" | "midnum" | "trim" | "other";

const SPACE = /^[\p{White_Space}\u200b\u2060\ufeff]/u;
const CONTINUOUS = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const DIGIT = /^\p{N}/u;
const WORD = /^[\p{L}\p{M}\p{Pc}]/u;
const APOSTROPHE = /^['\u2019]$/u;
const MIDNUM = /^[.,\u066b\u066c]$/u;
/** Punctuation that an entity does not start or end with: brackets, quotes, sentence marks. */
const TRIM = /^[\p{Ps}\p{Pe}\p{Pi}\p{Pf},;:!?.\u2026"'\u3001\u3002\uff0c\uff0e\uff01\uff1f\uff1b\uff1a\u00a1\u00bf\u060c\u061b\u061f\u06d4]$/u;

function kind(cluster: string): Kind {
	if (SPACE.test(cluster)) return "space";
	const first = char_at(cluster, 0);
	if (CONTINUOUS.test(first) && /^[\p{L}\p{M}]/u.test(first)) return "continuous";
	if (DIGIT.test(first)) return "digit";
	if (WORD.test(first)) return "word";
	if (APOSTROPHE.test(cluster)) return "apostrophe";
	if (MIDNUM.test(cluster)) return "midnum";
	if (TRIM.test(cluster)) return "trim";
	return "other";
}

function wordlike(k: Kind | undefined): boolean {
	return k === "word" || k === "digit";
}

/** an apostrophe joins letters or digits; a decimal or thousands separator joins digits */
function joins(left: Kind | undefined, joiner: Kind | undefined, right: Kind | undefined): boolean {
	if (joiner === "apostrophe") return wordlike(left) && wordlike(right);
	if (joiner === "midnum") return left === "digit" && right === "digit";
	return false;
}

/** whether boundary p lies inside a word */
function inside_word(g: Graphemes, p: number): boolean {
	if (p <= 0 || p >= g.text.length) return false;
	const left = g.kind_before(p);
	const right = g.kind_after(p);
	if (wordlike(left) && wordlike(right)) return true;
	if (right === "apostrophe" || right === "midnum") {
		if (joins(left, right, g.kind_after(g.next(p)))) return true;
	}
	if (left === "apostrophe" || left === "midnum") {
		if (joins(g.kind_before(g.prev(p)), left, right)) return true;
	}
	return false;
}

// ----------------------------------------------------------------- selection

/** The snapped selection [a, b) in UTF-16 offsets, or null when it holds nothing but white space. */
function core(text: string, a: number, b: number, snap: boolean): [number, number] | null {
	if (a > b) [a, b] = [b, a];
	a = Math.max(0, Math.min(text.length, a));
	b = Math.max(0, Math.min(text.length, b));
	if (a === b) return null;
	const g = new Graphemes(text);
	// whole clusters only
	let i = g.floor(a);
	let j = g.ceil(b);
	// white space off both ends
	while (i < j && g.kind_after(i) === "space") i = g.next(i);
	while (j > i && g.kind_before(j) === "space") j = g.prev(j);
	if (i === j) return null;
	if (!snap) return [i, j];
	// edge punctuation off too, unless that leaves nothing (a selected "?!" stays)
	const trimmable = (k: Kind | undefined): boolean =>
		k === "space" || k === "trim" || k === "apostrophe" || k === "midnum";
	let p = i;
	let q = j;
	while (p < q && trimmable(g.kind_after(p))) p = g.next(p);
	while (q > p && trimmable(g.kind_before(q))) {
		// keep the last dot of an abbreviation such as "U.S." or "e.g."
		const before = g.prev(q);
		if (text.slice(before, q) === "." && before > p && wordlike(g.kind_before(before))) {
			const letter = g.prev(before);
			if (letter > p && text.slice(g.prev(letter), letter) === ".") break;
		}
		q = g.prev(q);
	}
	if (p < q) {
		i = p;
		j = q;
	}
	// grow to whole words
	while (inside_word(g, i)) i = g.prev(i);
	while (inside_word(g, j)) j = g.next(j);
	return [i, j];
}

function check(name: string, v: unknown): number {
	if (typeof v !== "number" || !Number.isInteger(v)) {
		throw new TypeError(`selection ${name}: expected an integer offset, got ${String(v)}`);
	}
	return v;
}

/**
 * The entity range for a selection of code points [start, end) of `text`
 * (reversed is fine, out-of-range offsets are clamped): grown to grapheme
 * cluster boundaries and trimmed of white space; with `snap` (the default)
 * also trimmed of edge punctuation (brackets, quotes, sentence marks) and
 * grown to whole words. Null when nothing but white space is selected.
 */
export function snap_to_words(text: string, start: number, end: number, snap = true): TextRange | null {
	check("start", start);
	check("end", end);
	const map = offset_map(text);
	const clamp = (cp: number): number => map.toUtf16(Math.max(0, Math.min(map.length, cp)));
	const got = core(text, clamp(start), clamp(end), snap);
	if (!got) return null;
	return { start: map.toCodePoint(got[0]), end: map.toCodePoint(got[1]) };
}

/**
 * The same for a DOM selection: `anchor` and `focus` are UTF-16 offsets into
 * `text` (as Range/Selection offsets count), in either order, possibly inside
 * a surrogate pair. The result is in code points, ready for an "add" edit.
 */
export function range_from_dom(text: string, anchor: number, focus: number, snap = true): TextRange | null {
	check("anchor", anchor);
	check("focus", focus);
	const got = core(text, anchor, focus, snap);
	if (!got) return null;
	const map = offset_map(text);
	return { start: map.toCodePoint(got[0]), end: map.toCodePoint(got[1]) };
}

export { snap_to_words as snapToWords };
