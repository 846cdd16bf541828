/**
 * A text selection becomes an entity range: never cutting a user-perceived
 * character (an emoji ZWJ sequence, a flag, a letter with combining marks),
 * trimmed of surrounding white space and, when snapping, grown to whole words.
 *
 * Words are runs of letters, digits, marks (combining marks included) and
 * connector punctuation, with an apostrophe between two letters (don't,
 * O'Brien, l'homme) and a decimal or thousands separator between two digits
 * (3.5, 1,000) inside the word. In scripts written without spaces (Chinese,
 * Japanese kana, Thai, Lao, Khmer, Myanmar, Tai Tham, Yi...: the list Python's
 * words use, no_space_table.ts) every letter is a word of its own, so a
 * selection there is never grown across the run. Emoji and other symbols are
 * never grown into either, only kept whole.
 *
 * Offsets in are the UTF-16 offsets a DOM selection gives; offsets out are
 * code points (Python str indices), as on the wire.
 */
import { Graphemes } from "./graphemes";
import { written_without_spaces } from "./no_space_table";
import { offset_map } from "./offsets";

/** A range of code-point offsets, end exclusive. */
export interface TextRange {
	start: number;
	end: number;
}

// ---------------------------------------------------------------- characters

type Kind = "space" | "word" | "digit" | "continuous" | "apostrophe" | "midnum" | "trim" | "other";

const SPACE = /^[\p{White_Space}\u200b\u2060\ufeff]/u;
const LETTER_OR_MARK = /^[\p{L}\p{M}]/u;
const DIGIT = /^\p{N}/u;
const WORD = /^[\p{L}\p{M}\p{Pc}]/u;
const APOSTROPHE = /^['\u2019]$/u;
const MIDNUM = /^[.,\u066b\u066c]$/u;
/** Punctuation that an entity does not start or end with: brackets, quotes, sentence marks. */
const TRIM = /^[\p{Ps}\p{Pe}\p{Pi}\p{Pf},;:!?.\u2026"'\u3001\u3002\uff0c\uff0e\uff01\uff1f\uff1b\uff1a\u00a1\u00bf\u060c\u061b\u061f\u06d4]$/u;

function kind(cluster: string): Kind {
	if (SPACE.test(cluster)) return "space";
	const first = String.fromCodePoint(cluster.codePointAt(0)!);
	if (written_without_spaces(first) && LETTER_OR_MARK.test(first)) return "continuous";
	if (DIGIT.test(first)) return "digit";
	if (WORD.test(first)) return "word";
	if (APOSTROPHE.test(cluster)) return "apostrophe";
	if (MIDNUM.test(cluster)) return "midnum";
	if (TRIM.test(cluster)) return "trim";
	return "other";
}

/** kind of the cluster that starts at boundary u; undefined at the end of the text */
function kind_after(g: Graphemes, u: number): Kind | undefined {
	return u < g.text.length ? kind(g.after(u)) : undefined;
}

/** kind of the cluster that ends at boundary u; undefined at the start of the text */
function kind_before(g: Graphemes, u: number): Kind | undefined {
	return u > 0 ? kind(g.before(u)) : undefined;
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
	const left = kind_before(g, p);
	const right = kind_after(g, p);
	if (wordlike(left) && wordlike(right)) return true;
	if (right === "apostrophe" || right === "midnum") {
		if (joins(left, right, kind_after(g, g.next(p)))) return true;
	}
	if (left === "apostrophe" || left === "midnum") {
		if (joins(kind_before(g, g.prev(p)), left, right)) return true;
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
	while (i < j && kind_after(g, i) === "space") i = g.next(i);
	while (j > i && kind_before(g, j) === "space") j = g.prev(j);
	if (i === j) return null;
	if (!snap) return [i, j];
	// edge punctuation off too, unless that leaves nothing (a selected "?!" stays)
	const trimmable = (k: Kind | undefined): boolean =>
		k === "space" || k === "trim" || k === "apostrophe" || k === "midnum";
	let p = i;
	let q = j;
	while (p < q && trimmable(kind_after(g, p))) p = g.next(p);
	while (q > p && trimmable(kind_before(g, q))) {
		// keep the last dot of an abbreviation such as "U.S." or "e.g."
		const before = g.prev(q);
		if (text.slice(before, q) === "." && before > p && wordlike(kind_before(g, before))) {
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
 * The entity range for a DOM selection: `anchor` and `focus` are UTF-16
 * offsets into `text` (as Range/Selection offsets count), in either order,
 * possibly inside a surrogate pair; out-of-range offsets are clamped. The
 * range is grown to grapheme cluster boundaries and trimmed of white space;
 * with `snap` (the default) also trimmed of edge punctuation (brackets,
 * quotes, sentence marks) and grown to whole words. The result is in code
 * points, ready for an "add" edit; null when nothing but white space is
 * selected.
 */
export function range_from_dom(text: string, anchor: number, focus: number, snap = true): TextRange | null {
	check("anchor", anchor);
	check("focus", focus);
	const got = core(text, anchor, focus, snap);
	if (!got) return null;
	const map = offset_map(text);
	return { start: map.toCodePoint(got[0]), end: map.toCodePoint(got[1]) };
}

