/**
 * Offsets on the wire are Unicode code points (Python str indices); the DOM
 * counts UTF-16 code units. A code point above U+FFFF is one Python index but
 * two UTF-16 units (a surrogate pair).
 */

const SURROGATE = /[\uD800-\uDFFF]/;

/** Maps code-point offsets of one text to UTF-16 offsets and back. */
export interface OffsetMap {
	/** number of code points in the text */
	readonly length: number;
	/** UTF-16 offset of code point offset `cp` (0 <= cp <= length) */
	toUtf16(cp: number): number;
	/** code point offset of UTF-16 offset `u`; inside a pair it rounds down */
	toCodePoint(u: number): number;
}

function is_high(c: number): boolean {
	return c >= 0xd800 && c <= 0xdbff;
}
function is_low(c: number): boolean {
	return c >= 0xdc00 && c <= 0xdfff;
}

/** Build the map in one pass over the text: O(n) time, O(n) memory only when needed. */
export function offset_map(text: string): OffsetMap {
	if (!SURROGATE.test(text)) {
		const n = text.length;
		return {
			length: n,
			toUtf16: (cp) => cp,
			toCodePoint: (u) => u
		};
	}
	// cp_to_u[k] = UTF-16 offset of code point k; one extra entry for the end.
	const cp_to_u = new Uint32Array(text.length + 1);
	let k = 0;
	for (let u = 0; u < text.length; u++) {
		cp_to_u[k++] = u;
		if (is_high(text.charCodeAt(u)) && u + 1 < text.length && is_low(text.charCodeAt(u + 1))) {
			u++;
		}
	}
	cp_to_u[k] = text.length;
	const length = k;
	return {
		length,
		toUtf16(cp) {
			return cp_to_u[cp];
		},
		toCodePoint(u) {
			// binary search: largest k with cp_to_u[k] <= u
			let lo = 0;
			let hi = length;
			while (lo < hi) {
				const mid = (lo + hi + 1) >>> 1;
				if (cp_to_u[mid] <= u) lo = mid;
				else hi = mid - 1;
			}
			return lo;
		}
	};
}

/** Number of code points in a string (what Python's len() returns). */
export function code_point_length(text: string): number {
	return offset_map(text).length;
}

/** Python's text[start:end] for code-point offsets, as a JS string. */
export function slice_code_points(text: string, start: number, end: number): string {
	const m = offset_map(text);
	return text.slice(m.toUtf16(start), m.toUtf16(end));
}

const COMBINING = /[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u0900-\u0903\u093a-\u094f\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f]/;

/**
 * The largest UTF-16 offset <= `u` that does not split a user-perceived
 * character (an emoji ZWJ sequence, a flag, a letter with combining marks).
 * Uses Intl.Segmenter where available, and a conservative fallback otherwise.
 */
export function grapheme_floor(text: string, u: number): number {
	if (u <= 0) return 0;
	if (u >= text.length) return text.length;
	const Segmenter = (Intl as unknown as { Segmenter?: new (l?: string, o?: object) => { segment(s: string): Iterable<{ index: number }> } }).Segmenter;
	if (Segmenter) {
		// look at a window around u: grapheme clusters are short
		const from = Math.max(0, u - 64);
		let best = from;
		for (const seg of new Segmenter(undefined, { granularity: "grapheme" }).segment(text.slice(from, Math.min(text.length, u + 64)))) {
			const at = from + seg.index;
			if (at > u) break;
			best = at;
		}
		return best;
	}
	let at = u;
	while (at > 0) {
		const c = text.charCodeAt(at);
		const prev = text.charCodeAt(at - 1);
		const inside_pair = c >= 0xdc00 && c <= 0xdfff;
		const joins = COMBINING.test(text[at]) || prev === 0x200d;
		const modifier = c === 0xd83c && at + 1 < text.length && text.charCodeAt(at + 1) >= 0xdffb && text.charCodeAt(at + 1) <= 0xdfff;
		if (!inside_pair && !joins && !modifier) return at;
		at--;
	}
	return 0;
}
