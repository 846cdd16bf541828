import { chunk_layout, plan } from "../shared/layout";
import type { Layout, LayoutSpan, SentenceLike } from "../shared/layout";

/** A whole text laid out the one way there is: planned, then every chunk laid out in turn. */
export function layout(
	length: number,
	spans: readonly LayoutSpan[],
	sentences: readonly SentenceLike[] = [],
	breaks: readonly number[] = []
): Layout & { chunks: Layout[] } {
	const p = plan(length, spans, sentences, breaks);
	const chunks = p.chunks.map((_, k) => chunk_layout(p, k));
	return {
		start: 0,
		end: length,
		segments: chunks.flatMap((c) => c.segments),
		lane: p.lane,
		lanes: p.lanes,
		tail_points: p.tail_points,
		chunks
	};
}
