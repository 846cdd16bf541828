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

/** A UTF-16 code unit that opens a surrogate pair. */
export function is_high_surrogate(c: number): boolean {
	return c >= 0xd800 && c <= 0xdbff;
}

/** A UTF-16 code unit that closes a surrogate pair. */
export function is_low_surrogate(c: number): boolean {
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
		if (is_high_surrogate(text.charCodeAt(u)) && u + 1 < text.length && is_low_surrogate(text.charCodeAt(u + 1))) {
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
