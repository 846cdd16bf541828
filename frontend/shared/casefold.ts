/**
 * Unicode full case folding, exactly as Python's `str.casefold` (the table is
 * written from it by scripts/casefold_table.py): "Straße" and "STRASSE" fold
 * to "strasse", "ﬁ" to "fi", "Σ" and a final "ς" to "σ", a Cherokee small
 * letter to its capital. `toLowerCase` is not this: it keeps "ß", "ﬁ" and "ς",
 * and follows the browser's Unicode version. No locale: "İ" folds to "i̇" and
 * "I" to "i", as in Python.
 */
import { EXPANSIONS, RUNS } from "./casefold_table";

let table: Map<number, string> | null = null;

function folds(): Map<number, string> {
	if (table) return table;
	table = new Map();
	for (let r = 0; r < RUNS.length; r += 4) {
		const [first, count, step, delta] = [RUNS[r], RUNS[r + 1], RUNS[r + 2], RUNS[r + 3]];
		for (let k = 0; k < count; k++) {
			const code = first + k * step;
			table.set(code, String.fromCodePoint(code + delta));
		}
	}
	for (const [code, folded] of Object.entries(EXPANSIONS)) table.set(Number(code), folded);
	return table;
}

const ASCII = /^[\x00-\x7f]*$/;

/** `text` case folded as Python's `text.casefold()`. */
export function casefold(text: string): string {
	if (ASCII.test(text)) return text.toLowerCase();
	const map = folds();
	let out = "";
	for (const ch of text) out += map.get(ch.codePointAt(0)!) ?? ch;
	return out;
}
