/**
 * What each chunk of the text is drawn from, made when the chunk is first
 * drawn and kept while its inputs stay the same: its layout (kept while the
 * plan keeps the chunk's entities and sentences, see planner.ts) and its pieces
 * (kept while the layout, the colours, the sentence tints, "Why?" and the
 * scores stay). A filter, a colour, "Why?" or an edit therefore makes again
 * only the chunks it changed, and only those are drawn again.
 */
import { word_runs } from "./attributions";
import type { WordIndex } from "./attributions";
import type { LabelColor } from "./colors";
import { KeyedCache } from "./keyed_cache";
import { chunk_layout, cut_words } from "./layout";
import type { Layout, Plan } from "./layout";
import type { SentenceSpan, Span } from "./types";
import { chunk_pieces, sentence_title } from "./view";
import type { Piece, WhyView } from "./view";

/** Everything a chunk's pieces are made from. */
export interface ChunkInputs {
	plan: Plan;
	text: string;
	spans: readonly Span[];
	sentences: readonly SentenceSpan[];
	colors: ReadonlyMap<string, LabelColor>;
	tints: readonly (string | null)[];
	/** "Why?" on: the attributed words, and their index */
	why: WhyView | null;
	words: WordIndex;
	show_scores: boolean;
}

/** The one thing drawing a chunk reads: its pieces, and the zero-length entities after them (the text's end). */
export interface ChunkDrawing {
	pieces: Piece[];
	tail: readonly number[];
}

/** The same text for labels with the same colours, whatever Map holds them. */
export function colors_key(colors: ReadonlyMap<string, LabelColor>): string {
	let out = "";
	for (const [label, c] of colors) out += `${JSON.stringify(label)}:${c.solid};${c.tint};${c.on_solid}\n`;
	return out;
}

export class ChunkDrawings {
	private layouts = new KeyedCache<number, Layout>();
	private drawings = new KeyedCache<number, ChunkDrawing>();
	private colors: ReadonlyMap<string, LabelColor> | null = null;
	private colors_text = "";

	/** chunk `k` of `x.plan`, made again only when what it is made from changed */
	of(k: number, x: ChunkInputs): ChunkDrawing {
		const p = x.plan;
		const c = p.chunks[k];
		const tail = k === p.chunks.length - 1 ? p.tail_points : null;
		const lay = this.layouts.get(k, [p.spans[k], p.sentences[k], c.start, c.end, tail], () => chunk_layout(p, k));
		if (x.colors !== this.colors) {
			this.colors = x.colors;
			this.colors_text = colors_key(x.colors);
		}
		let tints = "";
		for (const i of p.sentences[k]) tints += `${x.tints[i] ?? ""}|`;
		return this.drawings.get(k, [lay, x.text, this.colors_text, tints, x.why, x.show_scores], () => {
			const cut = x.why ? cut_words(lay, word_runs(x.words, c.start, c.end)) : lay;
			const sentences = x.sentences;
			const pieces = chunk_pieces(x.text, cut, x.spans, x.colors, x.tints, x.why, (i) =>
				sentence_title(sentences[i]?.sentiment, x.show_scores) || null
			);
			return { pieces, tail: lay.tail_points };
		});
	}

	/** forget chunks past the end of a plan of `chunks` chunks */
	keep(chunks: number): void {
		this.layouts.prune((k) => k < chunks);
		this.drawings.prune((k) => k < chunks);
	}
}
