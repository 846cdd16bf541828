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
	private inputs: { spans: readonly S[]; sentences: readonly SentenceLike[]; breaks: readonly number[] } | null = null;

	plan(length: number, spans: readonly S[], sentences: readonly SentenceLike[] = [], breaks: readonly number[] = []): Plan<S> {
		const prev = this.last;
		const was = this.inputs;
		this.inputs = { spans, sentences, breaks };
		// the same text, sentences and chunks, and entities only replaced in place (a relabel):
		// the previous plan with the new entities in the chunks they touch
		if (prev && was && prev.length === length && was.sentences === sentences && same_list(was.breaks, breaks, Object.is)) {
			const quick = swapped(prev, was.spans, spans);
			if (quick) return (this.last = quick);
		}
		const next = plan(length, spans, sentences, breaks);
		this.last = prev ? keep_untouched(prev, next) : next;
		return this.last;
	}
}

/** Entities replaced in place that are worth patching into a plan rather than planning again. */
const FEW = 64;

/**
 * The plan of `spans`, which are `before` (what `prev` was planned from) but for a few
 * entities replaced by others with the same index and offsets: the order, the lanes and
 * which chunks each entity touches stay, so the chunks the replaced ones touch get lists
 * with the new objects and every other list is kept. Null when the two differ otherwise.
 */
function swapped<S extends LayoutSpan>(prev: Plan<S>, before: readonly S[], spans: readonly S[]): Plan<S> | null {
	if (before === spans) return prev;
	if (before.length !== spans.length) return null;
	const replaced = new Map<S, S>();
	for (let i = 0; i < spans.length; i++) {
		const a = before[i];
		const b = spans[i];
		if (a === b) continue;
		if (a.index !== b.index || a.start !== b.start || a.end !== b.end || replaced.size === FEW) return null;
		replaced.set(a, b);
	}
	if (replaced.size === 0) return prev;
	const lists = prev.spans.slice();
	const chunks = prev.chunks;
	for (const a of replaced.keys()) {
		// the first chunk that ends after the entity starts (the last one for an entity at the very end)
		let lo = 0;
		let hi = chunks.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (chunks[mid].end <= a.start) lo = mid + 1;
			else hi = mid;
		}
		for (let k = lo; k < chunks.length && (k === lo || chunks[k].start < a.end); k++) {
			if (lists[k] === prev.spans[k] && prev.spans[k].some((s) => replaced.has(s))) {
				lists[k] = prev.spans[k].map((s) => replaced.get(s) ?? s);
			}
		}
	}
	return { ...prev, spans: lists };
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
