/**
 * Span layout: split a text into segments at every entity, sentence and chunk
 * boundary. Each segment knows which entities cover it, so overlapping and
 * nested entities are drawn once over shared text instead of repeating it.
 * Pure and O(n log n) in the number of boundaries (plus the size of the
 * covers, which is small unless entities nest very deeply).
 *
 * All offsets here are UTF-16 offsets (see offsets.ts).
 */

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
	/** lane (0 = outermost) of each laid-out entity, by entity index */
	lane: Map<number, number>;
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

/**
 * Chunk boundaries for lazy rendering, from the text alone: a chunk ends just
 * after a newline once it holds `target` characters; a paragraph longer than
 * `max` is cut at a space (or, failing that, anywhere but inside a surrogate
 * pair). Returns the start offset of every chunk after the first.
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
			const space = text.lastIndexOf(" ", limit);
			cut = space > from + target / 2 ? space + 1 : limit;
			const c = text.charCodeAt(cut);
			if (c >= 0xdc00 && c <= 0xdfff) cut -= 1;
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
	breaks: readonly number[] = []
): Layout {
	// 1. order: start ascending, longer first, then index
	const order = spans.slice().sort((a, b) => a.start - b.start || b.end - a.end || a.index - b.index);

	// 2. lanes: interval-partitioning, smallest free lane first
	const lane = new Map<number, number>();
	const active = new Heap(); // key: end, val: lane
	const free = new Heap(); // key: lane, val: lane
	let lanes = 0;
	for (const s of order) {
		if (s.end === s.start) {
			lane.set(s.index, 0);
			continue;
		}
		while (active.size > 0 && active.peek_key() <= s.start) {
			const l = active.pop();
			free.push(l, l);
		}
		const l = free.size > 0 ? free.pop() : lanes++;
		lane.set(s.index, l);
		active.push(s.end, l);
	}

	// 3. boundaries
	const nb = 2 + breaks.length + 2 * spans.length + 2 * sentences.length;
	const bounds = new Float64Array(nb);
	let k = 0;
	bounds[k++] = 0;
	bounds[k++] = length;
	for (const b of breaks) if (b > 0 && b < length) bounds[k++] = b;
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
	const real = order.filter((s) => s.end > s.start);
	const by_end = real.slice().sort((a, b) => a.end - b.end || b.start - a.start || b.index - a.index);
	const points = order.filter((s) => s.end === s.start);
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
	let chunk_start = 0;
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
			const l = lane.get(s.index)!;
			// keep `cover` ordered by lane
			let p = cover.length;
			while (p > 0 && lane.get(cover[p - 1])! > l) p--;
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
	if (length > 0 || segments.length > 0) {
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
			(sg.closing as number[]).sort((a, b) => lane.get(b)! - lane.get(a)!);
		}
	}

	const tail: number[] = [];
	while (pi < points.length) tail.push(points[pi++].index);

	return { length, segments, chunks, lane, lanes: Math.max(1, lanes), tail_points: tail };
}
