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

/** One chunk laid out: segments with absolute offsets, lanes global to the document. */
export interface Layout {
	start: number;
	end: number;
	segments: Segment[];
	/** lane (0 = outermost) of each entity, by entity index (-1: not laid out) */
	lane: Int32Array;
	/** number of lanes used in the document (deepest nesting/overlap + 1), at least 1 */
	lanes: number;
	/** zero-length entities at the very end of the text, drawn after the last chunk's text */
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
 * A document is laid out chunk by chunk, on demand: `plan` does the global
 * work once (order, lanes, which entities and sentences touch which chunk) in
 * O(n log n), and `chunk_layout` lays out one chunk when it is about to be
 * drawn. Lanes are global, so underlines line up across chunks. A document
 * without breaks is one chunk.
 */
export interface Plan<S extends LayoutSpan = LayoutSpan> {
	length: number;
	chunks: readonly { start: number; end: number }[];
	lane: Int32Array;
	lanes: number;
	/** per chunk: the entities that touch it, in entity order (zero-length ones only in their own chunk) */
	spans: readonly (readonly S[])[];
	/** the sentences planned with */
	sentence_list: readonly SentenceLike[];
	/** per chunk: positions in `sentence_list` of the sentences that touch it, in order of start */
	sentences: readonly (readonly number[])[];
	/** zero-length entities at the very end of the text */
	tail_points: readonly number[];
}

function chunks_of(length: number, breaks: readonly number[]): { start: number; end: number }[] {
	const chunks: { start: number; end: number }[] = [];
	let prev = 0;
	for (const b of breaks) {
		if (b <= 0 || b >= length) continue;
		if (b > prev) chunks.push({ start: prev, end: b });
		prev = Math.max(prev, b);
	}
	if (length > prev || chunks.length === 0) chunks.push({ start: prev, end: length });
	return chunks;
}

/** Which chunks each item touches; a zero-length item only its own chunk, and only when `keep_empty`. */
function distribute<T>(
	items: readonly T[],
	start: (it: T) => number,
	end: (it: T) => number,
	chunks: readonly { start: number; end: number }[],
	keep_empty: boolean
): T[][] {
	const out: T[][] = chunks.map(() => []);
	let c = 0;
	for (const it of items) {
		const s = start(it);
		const e = end(it);
		while (c + 1 < chunks.length && chunks[c].end <= s) c++;
		if (e === s) {
			if (keep_empty && s < chunks[c].end) out[c].push(it);
			continue;
		}
		for (let d = c; d < chunks.length && chunks[d].start < e; d++) out[d].push(it);
	}
	return out;
}

/**
 * Plan the layout of `spans` (need not be sorted) over a text of `length`
 * UTF-16 units, cut into chunks at `breaks`. `sentences` are assumed not to
 * overlap (a later sentence wins where they do).
 */
export function plan<S extends LayoutSpan>(
	length: number,
	spans: readonly S[],
	sentences: readonly SentenceLike[] = [],
	breaks: readonly number[] = []
): Plan<S> {
	// producers send entities in entity order already: check before sorting
	const order = is_sorted(spans, by_start) ? spans : spans.slice().sort(by_start);
	const { lane, lanes } = assign_lanes(order);
	const chunks = chunks_of(length, breaks);
	const by_pos = sentences
		.map((_, i) => i)
		.sort((a, b) => sentences[a].start - sentences[b].start || a - b);
	const tail_points: number[] = [];
	for (const s of order) if (s.start === s.end && s.start >= length) tail_points.push(s.index);
	return {
		length,
		chunks,
		lane,
		lanes,
		spans: distribute(order, (s) => s.start, (s) => s.end, chunks, true),
		sentence_list: sentences,
		sentences: distribute(by_pos, (i) => sentences[i].start, (i) => sentences[i].end, chunks, false),
		tail_points
	};
}

/**
 * Lay out chunk `k` of a plan: its segments (entities and sentences clipped
 * to the chunk, sentence indices and lanes global), a badge only where an
 * entity really ends, and, in the last chunk, the zero-length entities at
 * the very end of the text.
 */
interface Clipped extends LayoutSpan {
	cut: boolean;
}

export function chunk_layout(p: Plan, k: number): Layout {
	const { start: from, end: to } = p.chunks[k];
	const lane = p.lane;
	const mine = p.spans[k];

	// entities in entity order, clipped to the chunk (`cut`: it ends in a later chunk); zero-length ones apart
	const real: Clipped[] = [];
	const points: LayoutSpan[] = [];
	for (const s of mine) {
		if (s.end === s.start) points.push(s);
		else real.push({ index: s.index, start: Math.max(s.start, from), end: Math.min(s.end, to), cut: s.end > to });
	}
	// clipping keeps the order by start: sentences come sorted by their clipped start too
	const sents = p.sentences[k]
		.map((i) => ({ i, start: Math.max(p.sentence_list[i].start, from), end: Math.min(p.sentence_list[i].end, to) }))
		.filter((s) => s.end > s.start);

	// boundaries
	const bounds = new Float64Array(2 + 2 * mine.length + 2 * sents.length);
	let n = 0;
	bounds[n++] = from;
	bounds[n++] = to;
	for (const s of real) {
		bounds[n++] = s.start;
		bounds[n++] = s.end;
	}
	for (const s of points) bounds[n++] = s.start;
	for (const s of sents) {
		bounds[n++] = s.start;
		bounds[n++] = s.end;
	}
	const sorted = bounds.subarray(0, n).sort();
	const pos: number[] = [];
	for (let i = 0; i < sorted.length; i++) {
		if (i === 0 || sorted[i] !== sorted[i - 1]) pos.push(sorted[i]);
	}

	// sweep: open entities by start, close them by end
	const by_end_cmp = (a: Clipped, b: Clipped): number => a.end - b.end || b.start - a.start || b.index - a.index;
	const by_end = is_sorted(real, by_end_cmp) ? real : real.slice().sort(by_end_cmp);
	const segments: Segment[] = [];
	let cover: number[] = [];
	let cover_frozen: readonly number[] = NONE;
	let si = 0; // next entity to open (in `real`)
	let ei = 0; // next entity to close (in `by_end`)
	let pi = 0; // next zero-length entity (in `points`, which sit inside the chunk)
	let ni = 0; // next sentence to open
	let sentence = -1;
	let sentence_end = -1;
	for (let b = 0; b + 1 < pos.length; b++) {
		const at = pos[b];
		let changed = false;
		while (ei < by_end.length && by_end[ei].end <= at) {
			const c = cover.indexOf(by_end[ei++].index);
			if (c !== -1) {
				cover.splice(c, 1);
				changed = true;
			}
		}
		while (si < real.length && real[si].start <= at) {
			const s = real[si++];
			if (s.end <= at) continue;
			const l = lane[s.index];
			// keep `cover` ordered by lane
			let c = cover.length;
			while (c > 0 && lane[cover[c - 1]] > l) c--;
			cover.splice(c, 0, s.index);
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
		let here: readonly number[] = NONE;
		if (pi < points.length && points[pi].start <= at) {
			const list: number[] = [];
			while (pi < points.length && points[pi].start <= at) list.push(points[pi++].index);
			here = list;
		}
		segments.push({ start: at, end: pos[b + 1], cover: cover_frozen, sentence, points: here, closing: NONE });
	}

	// badges: where an entity really ends (not where the chunk cuts it), innermost first
	let seg = 0;
	for (const s of by_end) {
		while (seg < segments.length && segments[seg].end < s.end) seg++;
		if (seg >= segments.length) break;
		if (s.cut) continue;
		const sg = segments[seg];
		if (sg.closing === NONE) sg.closing = [];
		(sg.closing as number[]).push(s.index);
	}
	for (const sg of segments) {
		if (sg.closing.length > 1) (sg.closing as number[]).sort((a, b) => lane[b] - lane[a]);
	}
	return { start: from, end: to, segments, lane, lanes: p.lanes, tail_points: k === p.chunks.length - 1 ? p.tail_points : NONE };
}

/** A short text laid out whole, as one chunk (a preview): the same path as a long one. */
export function layout<S extends LayoutSpan>(length: number, spans: readonly S[], sentences: readonly SentenceLike[] = []): Layout {
	return chunk_layout(plan(length, spans, sentences), 0);
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
	let r = 0;
	for (const seg of lay.segments) {
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
	return { ...lay, segments: out };
}
