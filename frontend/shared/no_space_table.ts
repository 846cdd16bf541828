// Written by scripts/no_space_table.py from the analysis's words._NO_SPACE_RANGES
// (backend/gradio_sentimentpanel/analysis/words.py); run it again rather than editing this file.

/**
 * The scripts written without spaces between words, as code-point ranges, two
 * numbers a range: [first, last, first, last, ...], sorted and disjoint.
 */
export const RANGES: readonly number[] = [
	0x0e00, 0x0eff,
	0x1000, 0x109f,
	0x1780, 0x17ff,
	0x1950, 0x19ff,
	0x1a20, 0x1aaf,
	0x1b00, 0x1b7f,
	0x2e80, 0x2fff,
	0x3000, 0x312f,
	0x3190, 0x31ff,
	0x3400, 0x4dbf,
	0x4e00, 0x9fff,
	0xa000, 0xa4cf,
	0xa980, 0xa9ff,
	0xaa60, 0xaa7f,
	0xf900, 0xfaff,
	0xff66, 0xff9f,
	0x1b000, 0x1b16f,
	0x20000, 0x323af,
];

/**
 * Whether `ch` (its first code point) belongs to a script written without
 * spaces between words (CJK, kana, Thai, Lao, Khmer, Myanmar, Yi...), as
 * Python's `written_without_spaces`.
 */
export function written_without_spaces(ch: string): boolean {
	const code = ch.codePointAt(0);
	if (code === undefined) return false;
	let lo = 0;
	let hi = RANGES.length / 2;
	// the first range whose last code point is at least code
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (RANGES[2 * mid + 1] < code) lo = mid + 1;
		else hi = mid;
	}
	return lo < RANGES.length / 2 && RANGES[2 * lo] <= code;
}
