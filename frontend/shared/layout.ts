/**
 * Span layout: split a text into segments at every entity, sentence and chunk
 * boundary. Each segment knows which entities cover it, so overlapping and
 * nested entities are drawn once over shared text instead of repeating it.
 * Pure and O(n log n) in the number of boundaries (plus the size of the
 * covers, which is small unless entities nest very deeply).
 *
 * All offsets here are UTF-16 offsets (see offsets.ts).
 */

import { grapheme_floor } from "./graphemes";
import { entity_order } from "./order";

export interface LayoutSpan {
	/** index in PanelData.entities */
	index: number;
	start: number;
	end: number;
}

export interface Segment {
	start: number;
	end: number;
	/** entity indices covering this segment, outermost lane first */
	cover: readonly number[];
	/** index of the sentence this segment belongs to, or -1 */
	sentence: number;
	/** zero-length entities sitting at `start`, drawn before the text */
	points: readonly number[];
	/** entities ending at `end` (label badges go here), innermost first */
	closing: readonly number[];
	/** the attributed word drawn here (its position in the word list), or -1; set by cut_words */
	word?: number;
	/** the segment ends where its word ends */
	word_last?: boolean;
}

export interface Chunk {
	start: number;
	end: number;
	/** segments[first .. last) lie in this chunk */
	first: number;
	last: number;
}

export interface Layout {
	length: number;
	segments: Segment[];
	chunks: Chunk[];
	/** lane (0 = outermost) of each laid-out entity, by entity index (-1: not laid out) */
	lane: Int32Array;
	/** number of lanes used (deepest nesting/overlap + 1), at least 1 */
	lanes: number;
	/** zero-length entities at the very end of the text */
	tail_points: readonly number[];
}

const NONE: readonly number[] = Object.freeze([]);

/** A binary min-heap of numbers, keyed by a parallel priority. */
class Heap {
	private keys: number[] = [];
	private vals: number[] = [];
	get size(): number {
		return this.keys.length;
	}
	peek_key(): number {
		return this.keys[0];
	}
	push(key: number, val: number): void {
		const k = this.keys;
		const v = this.vals;
		let i = k.length;
		k.push(key);
		v.push(val);
		while (i > 0) {
			const p = (i - 1) >> 1;
			if (k[p] <= key) break;
			k[i] = k[p];
			v[i] = v[p];
			i = p;
		}
		k[i] = key;
		v[i] = val;
	}
	pop(): number {
		const k = this.keys;
		const v = this.vals;
		const top = v[0];
		const last_k = k.pop()!;
		const last_v = v.pop()!;
		const n = k.length;
		if (n > 0) {
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				if (l >= n) break;
				const r = l + 1;
				const c = r < n && k[r] < k[l] ? r : l;
				if (k[c] >= last_k) break;
				k[i] = k[c];
				v[i] = v[c];
				i = c;
			}
			k[i] = last_k;
			v[i] = last_v;
		}
		return top;
	}
}

/** Entity order, then position in PanelData.entities. */
function by_start(a: LayoutSpan, b: LayoutSpan): number {
	return entity_order(a, b) || a.index - b.index;
}

function is_sorted<T>(xs: readonly T[], cmp: (a: T, b: T) => number): boolean {
	for (let i = 1; i < xs.length; i++) if (cmp(xs[i - 1], xs[i]) > 0) return false;
	return true;
}

/** Interval partitioning over spans sorted by start: the smallest free lane for each. */
function assign_lanes(order: readonly LayoutSpan[]): { lane: Int32Array; lanes: number } {
	let max_index = -1;
	for (const s of order) if (s.index > max_index) max_index = s.index;
	const lane = new Int32Array(max_index + 1).fill(-1);
	const active = new Heap(); // key: end, val: lane
	const free = new Heap(); // key: lane, val: lane
	let lanes = 0;
	let last_end = -1; // fast path while nothing overlaps: everything sits in lane 0
	for (const s of order) {
		if (s.end === s.start) {
			lane[s.index] = 0;
			continue;
		}
		if (active.size === 1 && last_end <= s.start) {
			lane[s.index] = 0;
			active.pop();
			active.push(s.end, 0);
			last_end = s.end;
			continue;
		}
		while (active.size > 0 && active.peek_key() <= s.start) {
			const l = active.pop();
			free.push(l, l);
		}
		const l = free.size > 0 ? free.pop() : lanes++;
		lane[s.index] = l;
		active.push(s.end, l);
		last_end = active.size === 1 ? s.end : Infinity;
	}
	return { lane, lanes: Math.max(1, lanes) };
}

const SOFT = /[\s\u3000-\u3003\uff01\uff0c\uff0e\uff1a\uff1b\uff1f\u060c\u061b\u061f\u06d4.,;:!?)\]]/;

/** Where to cut a long paragraph: after a space or punctuation, else between graphemes. */
function soft_break(text: string, lo: number, hi: number): number {
	for (let i = hi - 1; i >= lo; i--) {
		if (SOFT.test(text[i])) return grapheme_floor(text, i + 1) || i + 1;
	}
	const at = grapheme_floor(text, hi);
	return at > lo ? at : hi;
}

/**
 * Chunk boundaries for lazy rendering, from the text alone: a chunk ends just
 * after a newline once it holds `target` characters; a paragraph longer than
 * `max` is cut after a space or punctuation (or, failing that, between two
 * user-perceived characters). Returns the start offset of every chunk after
 * the first.
 */
export function chunk_breaks(text: string, target = 3000, max = 8000): number[] {
	const breaks: number[] = [];
	const n = text.length;
	let from = 0;
	while (n - from > target) {
		let cut = text.indexOf("\n", from + target);
		if (cut !== -1 && cut - from < max) {
			cut += 1;
		} else {
			const limit = from + max;
			if (limit >= n) break;
			cut = soft_break(text, from + target / 2, limit);
		}
		if (cut >= n) break;
		breaks.push(cut);
		from = cut;
	}
	return breaks;
}

export interface SentenceLike {
	start: number;
	end: number;
}

/**
 * Lay out `spans` over a text of `length` UTF-16 units.
 * `spans` need not be sorted; `sentences` are assumed not to overlap (a later
 * sentence wins where they do). `breaks` are extra boundaries (chunk starts).
 */
export function layout(
	length: number,
	spans: readonly LayoutSpan[],
	sentences: readonly SentenceLike[] = [],
	breaks: readonly number[] = [],
	opts: { from?: number; lane?: Int32Array; lanes?: number } = {}
): Layout {
	const from = opts.from ?? 0;
	// 1. order: entity order, then index. Producers send entities in this
	// order already, so check before sorting.
	const order = is_sorted(spans, by_start) ? spans : spans.slice().sort(by_start);

	// 2. lanes: given, or interval-partitioning
	const { lane, lanes } = opts.lane ? { lane: opts.lane, lanes: opts.lanes ?? 1 } : assign_lanes(order);

	// 3. boundaries
	const nb = 2 + breaks.length + 2 * spans.length + 2 * sentences.length;
	const bounds = new Float64Array(nb);
	let k = 0;
	bounds[k++] = from;
	bounds[k++] = length;
	for (const b of breaks) if (b > from && b < length) bounds[k++] = b;
	for (const s of spans) {
		bounds[k++] = s.start;
		if (s.end > s.start) bounds[k++] = s.end;
	}
	for (const s of sentences) {
		if (s.end > s.start) {
			bounds[k++] = s.start;
			bounds[k++] = s.end;
		}
	}
	const sorted = bounds.subarray(0, k).sort();
	const pos: number[] = [];
	for (let i = 0; i < sorted.length; i++) {
		if (i === 0 || sorted[i] !== sorted[i - 1]) pos.push(sorted[i]);
	}

	// 4. sweep
	let has_points = false;
	for (const s of order) {
		if (s.end === s.start) {
			has_points = true;
			break;
		}
	}
	const real = has_points ? order.filter((s) => s.end > s.start) : order;
	const by_end_cmp = (a: LayoutSpan, b: LayoutSpan): number =>
		a.end - b.end || b.start - a.start || b.index - a.index;
	const by_end = is_sorted(real, by_end_cmp) ? real : real.slice().sort(by_end_cmp);
	const points = has_points ? order.filter((s) => s.end === s.start) : [];
	const sents = sentences
		.map((s, i) => ({ start: s.start, end: s.end, i }))
		.filter((s) => s.end > s.start)
		.sort((a, b) => a.start - b.start || a.i - b.i);

	const segments: Segment[] = [];
	let cover: number[] = [];
	let cover_frozen: readonly number[] = NONE;
	let si = 0; // next span to open (in `real`)
	let ei = 0; // next span to close (in `by_end`)
	let pi = 0; // next zero-length entity
	let ni = 0; // next sentence to open
	let sentence = -1;
	let sentence_end = -1;
	const is_break = new Set(breaks);
	const chunks: Chunk[] = [];
	let chunk_start = from;
	let chunk_first = 0;

	for (let b = 0; b + 1 < pos.length; b++) {
		const at = pos[b];
		const next = pos[b + 1];
		let changed = false;
		while (ei < by_end.length && by_end[ei].end <= at) {
			const idx = by_end[ei++].index;
			const p = cover.indexOf(idx);
			if (p !== -1) {
				cover.splice(p, 1);
				changed = true;
			}
		}
		while (si < real.length && real[si].start <= at) {
			const s = real[si++];
			if (s.end <= at) continue;
			const l = lane[s.index];
			// keep `cover` ordered by lane
			let p = cover.length;
			while (p > 0 && lane[cover[p - 1]] > l) p--;
			cover.splice(p, 0, s.index);
			changed = true;
		}
		if (changed) cover_frozen = cover.length ? cover.slice() : NONE;
		if (sentence_end <= at) sentence = -1;
		while (ni < sents.length && sents[ni].start <= at) {
			const s = sents[ni++];
			if (s.end > at) {
				sentence = s.i;
				sentence_end = s.end;
			}
		}
		let pts: readonly number[] = NONE;
		if (pi < points.length && points[pi].start <= at) {
			const here: number[] = [];
			while (pi < points.length && points[pi].start <= at) here.push(points[pi++].index);
			pts = here;
		}
		if (is_break.has(at) && at > chunk_start) {
			chunks.push({ start: chunk_start, end: at, first: chunk_first, last: segments.length });
			chunk_start = at;
			chunk_first = segments.length;
		}
		segments.push({ start: at, end: next, cover: cover_frozen, sentence, points: pts, closing: NONE });
	}
	if (length > from || segments.length > 0) {
		chunks.push({ start: chunk_start, end: length, first: chunk_first, last: segments.length });
	}

	// 5. closing entities per segment (badges): innermost first
	let seg = 0;
	for (const s of by_end) {
		while (seg < segments.length && segments[seg].end < s.end) seg++;
		if (seg >= segments.length) break;
		const sg = segments[seg];
		if (sg.closing === NONE) sg.closing = [];
		(sg.closing as number[]).push(s.index);
	}
	for (const sg of segments) {
		if (sg.closing.length > 1) {
			(sg.closing as number[]).sort((a, b) => lane[b] - lane[a]);
		}
	}

	const tail: number[] = [];
	while (pi < points.length) tail.push(points[pi++].index);

	return { length, segments, chunks, lane, lanes, tail_points: tail };
}

/**
 * A long document is laid out chunk by chunk, on demand: `plan` does the
 * global work once (order, lanes, which entities and sentences touch which
 * chunk) in O(n log n), and `chunk_layout` lays out one chunk when it is about
 * to be shown. Lanes are global, so underlines line up across chunks.
 */
export interface Plan {
	length: number;
	chunks: { start: number; end: number }[];
	lane: Int32Array;
	lanes: number;
	/** per chunk: the entities that touch it (zero-length ones only in their own chunk) */
	spans: LayoutSpan[][];
	/** per chunk: the sentences that touch it */
	sentences: SentenceLike[][];
	/** zero-length entities at the very end of the text */
	tail_points: number[];
	/** real end offset of every entity, by index */
	end_of: Int32Array;
}

function distribute<T extends { start: number; end: number }>(
	items: readonly T[],
	chunks: readonly { start: number; end: number }[],
	keep_empty: boolean
): T[][] {
	const out: T[][] = chunks.map(() => []);
	let c = 0;
	for (const it of items) {
		while (c + 1 < chunks.length && chunks[c].end <= it.start) c++;
		if (it.end === it.start) {
			if (keep_empty && it.start < chunks[c].end) out[c].push(it);
			continue;
		}
		for (let d = c; d < chunks.length && chunks[d].start < it.end; d++) out[d].push(it);
	}
	return out;
}

export function plan(
	length: number,
	spans: readonly LayoutSpan[],
	sentences: readonly SentenceLike[] = [],
	breaks: readonly number[] = []
): Plan {
	const order = is_sorted(spans, by_start) ? spans : spans.slice().sort(by_start);
	const { lane, lanes } = assign_lanes(order);
	const end_of = new Int32Array(lane.length);
	for (const s of order) end_of[s.index] = s.end;

	const cuts = breaks.filter((b) => b > 0 && b < length);
	const chunks: { start: number; end: number }[] = [];
	let prev = 0;
	for (const b of cuts) {
		if (b > prev) chunks.push({ start: prev, end: b });
		prev = Math.max(prev, b);
	}
	if (length > prev || chunks.length === 0) chunks.push({ start: prev, end: length });

	const sents = sentences
		.map((s, i) => ({ start: s.start, end: s.end, index: i }))
		.sort((a, b) => a.start - b.start || a.index - b.index);
	const tail_points: number[] = [];
	for (const s of order) if (s.start === s.end && s.start >= length) tail_points.push(s.index);
	return {
		length,
		chunks,
		lane,
		lanes,
		spans: distribute(order, chunks, true),
		sentences: distribute(sents, chunks, false),
		tail_points,
		end_of
	};
}

/** Lay out chunk `k` of a plan: segments with absolute offsets, global lanes. */
export function chunk_layout(p: Plan, k: number): Layout {
	const c = p.chunks[k];
	const clipped = p.spans[k].map((s) =>
		s.start >= c.start && s.end <= c.end
			? s
			: { index: s.index, start: Math.max(s.start, c.start), end: Math.min(s.end, c.end) }
	);
	// sentence indices must stay global: pass a sparse list keyed by position
	const local = p.sentences[k] as (SentenceLike & { index: number })[];
	const sents: SentenceLike[] = local.map((s) => ({
		start: Math.max(s.start, c.start),
		end: Math.min(s.end, c.end)
	}));
	const lay = layout(c.end, clipped, sents, [], { from: c.start, lane: p.lane, lanes: p.lanes });
	for (const seg of lay.segments) {
		if (seg.sentence >= 0) seg.sentence = local[seg.sentence].index;
		// a badge belongs where the entity really ends, not where a chunk cuts it
		if (seg.closing.length) {
			const real = seg.closing.filter((i) => p.end_of[i] === seg.end);
			if (real.length !== seg.closing.length) seg.closing = real;
		}
	}
	return lay;
}

/**
 * Cut a laid-out chunk at attributed words: `runs` (sorted, non-overlapping,
 * e.g. from attributions.word_runs) become extra boundaries, and each segment
 * inside a word carries the word. Text, covers, sentences and badges are kept:
 * zero-length entities stay before the first piece of a segment, badges after
 * the last. O(segments + runs).
 */
export function cut_words(
	lay: Layout,
	runs: readonly { start: number; end: number; word: number; last: boolean }[]
): Layout {
	if (runs.length === 0) return lay;
	const out: Segment[] = [];
	const first_of = new Int32Array(lay.segments.length + 1);
	let r = 0;
	for (let s = 0; s < lay.segments.length; s++) {
		const seg = lay.segments[s];
		first_of[s] = out.length;
		while (r < runs.length && runs[r].end <= seg.start) r++;
		if (r >= runs.length || runs[r].start >= seg.end) {
			out.push(seg);
			continue;
		}
		let at = seg.start;
		const parts: Segment[] = [];
		const piece = (end: number, word: number, last: boolean): void => {
			parts.push({
				start: at,
				end,
				cover: seg.cover,
				sentence: seg.sentence,
				points: parts.length === 0 ? seg.points : NONE,
				closing: NONE,
				word,
				word_last: last
			});
			at = end;
		};
		for (let q = r; q < runs.length && runs[q].start < seg.end; q++) {
			const run = runs[q];
			if (run.start > at) piece(run.start, -1, false);
			const end = Math.min(run.end, seg.end);
			if (end > at) piece(end, run.word, run.last && run.end <= seg.end);
		}
		if (seg.end > at) piece(seg.end, -1, false);
		parts[parts.length - 1].closing = seg.closing;
		for (const p of parts) out.push(p);
	}
	first_of[lay.segments.length] = out.length;
	const chunks = lay.chunks.map((c) => ({ ...c, first: first_of[c.first], last: first_of[c.last] }));
	return { ...lay, segments: out, chunks };
}
