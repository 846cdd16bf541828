/**
 * Planning a document again and again (each edit, filter or new value) while
 * keeping what did not change, so that whoever caches by chunk draws again only
 * the chunks an edit touched.
 */
import { plan } from "./layout";
import type { LayoutSpan, Plan, SentenceLike } from "./layout";

/** Whether two plain values hold the same data: equal, or objects with the same fields, compared that way. */
export function same_fields(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const x = a as Record<string, unknown>;
	const y = b as Record<string, unknown>;
	let n = 0;
	for (const key in x) {
		if (!same_fields(x[key], y[key])) return false;
		n++;
	}
	for (const _ in y) n--;
	return n === 0;
}

function same_list<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
	if (a === b) return true;
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
	return true;
}

/**
 * Plans a document again and again (each edit, filter or new value) and keeps
 * what did not change: a chunk whose entities and sentences hold the same data
 * as before, in the same lanes, keeps the very arrays of the previous plan, and
 * when nothing changed the previous plan itself comes back. Whoever caches by
 * chunk (the drawn text) then lays out and draws again only the chunks an edit
 * touched, telling them apart by identity.
 */
export class Planner<S extends LayoutSpan = LayoutSpan> {
	private last: Plan<S> | null = null;

	plan(length: number, spans: readonly S[], sentences: readonly SentenceLike[] = [], breaks: readonly number[] = []): Plan<S> {
		const next = plan(length, spans, sentences, breaks);
		this.last = this.last ? keep_untouched(this.last, next) : next;
		return this.last;
	}
}

function keep_untouched<S extends LayoutSpan>(prev: Plan<S>, next: Plan<S>): Plan<S> {
	const same_bounds = (a: { start: number; end: number }, b: { start: number; end: number }): boolean =>
		a.start === b.start && a.end === b.end;
	if (prev.length !== next.length || !same_list(prev.chunks, next.chunks, same_bounds)) return next;
	const same_span = (a: S, b: S): boolean => same_fields(a, b) && prev.lane[a.index] === next.lane[b.index];
	const same_sentence = (a: number, b: number): boolean => a === b && same_fields(prev.sentence_list[a], next.sentence_list[b]);
	let all = prev.lanes === next.lanes;
	const spans = next.spans.map((list, k) => {
		if (same_list(prev.spans[k], list, same_span)) return prev.spans[k];
		all = false;
		return list;
	});
	const sentences = next.sentences.map((list, k) => {
		if (same_list(prev.sentences[k], list, same_sentence)) return prev.sentences[k];
		all = false;
		return list;
	});
	const tail_points = same_list(prev.tail_points, next.tail_points, (a, b) => a === b) ? prev.tail_points : next.tail_points;
	if (all && tail_points === prev.tail_points) return prev;
	return { ...next, chunks: prev.chunks, spans, sentences, tail_points };
}
