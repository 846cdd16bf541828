/**
 * Binary search over a list sorted by a numeric key: the one search the text
 * uses to find the chunk or the sentence at an offset.
 */

/** The index of the last item of `xs` (sorted by `key`) whose key is at most `value`; -1 when there is none. */
export function last_at_most<T>(xs: readonly T[], value: number, key: (x: T) => number): number {
	let lo = 0;
	let hi = xs.length; // the answer is in [lo - 1, hi - 1]
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (key(xs[mid]) <= value) lo = mid + 1;
		else hi = mid;
	}
	return lo - 1;
}

/**
 * The index of the item of `xs` (sorted by start) that holds `offset`
 * (`start <= offset < end`), or -1. Items that overlap are allowed: the
 * latest one starting at or before `offset` is tried first, then the list in
 * order.
 */
export function holding<T extends { start: number; end: number }>(xs: readonly T[], offset: number): number {
	const i = last_at_most(xs, offset, (x) => x.start);
	if (i >= 0 && offset < xs[i].end) return i;
	return xs.findIndex((x) => x.start <= offset && offset < x.end);
}
