/**
 * What each piece of the text looks like, as plain data: classes, CSS custom
 * properties and accessible names. Pure, so it is tested without a browser.
 */
import { describe_word, push_phrase, signed, word_style, word_text } from "./attributions";
import { polarity } from "./colors";
import type { LabelColor } from "./colors";
import type { Layout, Segment } from "./layout";
import type { Sentiment, Span, WordWeight } from "./types";
import { format_percent, t } from "./i18n.svelte";

/** 0.984 -> "98%" (in the page's locale: "98 %" in German) */
export function percent(score: number | null | undefined): string {
	if (score === null || score === undefined || !Number.isFinite(score)) return "";
	return format_percent(score);
}

/**
 * Screen-reader name of an entity: "Paris, LOC 98%, POSITIVE sentiment 91%",
 * and "Knowledge base Q90" after it when the entity is linked. It holds the
 * badge's visible text ("LOC 98%") as it is written, so a person who says what
 * they see reaches it by voice.
 */
export function entity_name(text: string, span: Span, show_scores = true): string {
	const badge = show_scores && span.score !== null ? `${span.label} ${percent(span.score)}` : span.label;
	const parts = [text.slice(span.start, span.end).trim() || t("sentimentpanel.empty_entity"), badge];
	if (span.sentiment) {
		const what = t("sentimentpanel.entity_sentiment", { label: span.sentiment.label });
		parts.push(show_scores ? `${what} ${percent(span.sentiment.score)}` : what);
	}
	if (span.kb_id) parts.push(`${t("sentimentpanel.kb")} ${span.kb_id}`);
	return parts.join(", ");
}

/** the entity's kb_url when it is an http: or https: URL, the only kind ever made a link */
export function kb_link(span: Span): URL | null {
	const url = span.kb_url;
	if (!url) return null;
	try {
		const parsed = new URL(url);
		return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed : null;
	} catch {
		return null; // not an absolute URL
	}
}

/** Gap between stacked underlines, and their thickness, in px. */
const LANE_STEP = 4;
const LANE_THICKNESS = 2;

export interface SegmentLook {
	/** the entity a click or hover on the text means: the innermost one */
	top: number;
	/** space-separated entity indices, for data-entity */
	entity: string;
	classes: string;
	style: string;
}

/**
 * How a covered segment is drawn: background tint of its innermost entity,
 * one underline per overlapping entity at that entity's lane, rounded ends
 * where an entity starts or ends.
 */
export function segment_look(
	seg: Segment,
	spans: readonly (Span | undefined)[],
	layout: Layout,
	overlapped: ReadonlySet<number>,
	colors: ReadonlyMap<string, LabelColor>
): SegmentLook {
	const cover = seg.cover;
	const top = cover[cover.length - 1];
	const top_span = spans[top]!;
	// rounded, padded ends only where no covering entity runs on past the
	// segment: padding inside an entity would look like a space in the text
	let opens = true;
	let closes = true;
	const layers: string[] = [];
	let depth = 0;
	for (const i of cover) {
		const s = spans[i]!;
		if (s.start !== seg.start) opens = false;
		if (s.end !== seg.end) closes = false;
		if (overlapped.has(i)) {
			const lane = Math.max(0, layout.lane[i] ?? 0);
			const c = colors.get(s.label)?.solid ?? "currentColor";
			// lane 0 sits lowest; deeper lanes stack upwards
			layers.push(
				`linear-gradient(${c}, ${c}) left 0 bottom ${lane * LANE_STEP}px / 100% ${LANE_THICKNESS}px no-repeat`
			);
			depth = Math.max(depth, lane + 1);
		}
	}
	const c = colors.get(top_span.label);
	let style = `--tint: ${c?.tint ?? "transparent"}; --solid: ${c?.solid ?? "currentColor"};`;
	if (layers.length) {
		style += ` background: ${layers.join(", ")}, var(--tint); --pad-bottom: ${depth * LANE_STEP}px;`;
	}
	let classes = "ent";
	if (opens) classes += " open";
	if (closes) classes += " close";
	if (layers.length) classes += " stacked";
	return { top, entity: cover.join(" "), classes, style };
}

/** Entities that share text with another entity (they get underlines). */
export function overlapped_entities(layout: Layout): Set<number> {
	const out = new Set<number>();
	for (const seg of layout.segments) {
		if (seg.cover.length > 1) for (const i of seg.cover) out.add(i);
	}
	return out;
}

/** Background tint of a sentence, by its sentiment's polarity. */
export function sentence_tint(s: Sentiment | null | undefined): string | null {
	if (!s) return null;
	const p = polarity(s.label);
	if (p === null || p === 0) return null;
	const strength = Math.abs(p) * (0.06 + 0.1 * Math.max(0, Math.min(1, s.score)));
	const alpha = Math.round(strength * 100) / 100;
	return p > 0 ? `rgba(46, 160, 103, ${alpha})` : `rgba(220, 68, 74, ${alpha})`;
}

/** Estimated height in px of a chunk of text not rendered yet. */
export function estimate_height(
	text: string,
	start: number,
	end: number,
	width: number,
	char_width: number,
	line_height: number
): number {
	const per_line = Math.max(8, Math.floor(width / Math.max(1, char_width)));
	let lines = 0;
	let from = start;
	while (from <= end) {
		let nl = text.indexOf("\n", from);
		if (nl === -1 || nl >= end) nl = end;
		lines += Math.max(1, Math.ceil((nl - from) / per_line));
		from = nl + 1;
	}
	return Math.max(1, lines) * line_height;
}

/** Which entities pass the filters: hidden labels and the confidence threshold. */
export function visible_spans(
	spans: readonly Span[],
	hidden: ReadonlySet<string>,
	threshold: number
): readonly Span[] {
	// nothing hidden and no threshold: every entity passes, and the list itself is the answer
	if (hidden.size === 0 && threshold <= 1e-9) return spans;
	return spans.filter(
		(s) => !hidden.has(s.label) && (s.score === null || s.score >= threshold - 1e-9)
	);
}

/** Entity count per label, for the legend. */
export function label_counts(spans: readonly Span[]): Map<string, number> {
	const out = new Map<string, number>();
	for (const s of spans) out.set(s.label, (out.get(s.label) ?? 0) + 1);
	return out;
}

/** Classes marking the selected entity on a segment: a ring drawn in pieces. */
export function selection_classes(
	seg: { start: number; end: number; cover: readonly number[] },
	spans: readonly (Span | undefined)[],
	selected: number
): string {
	if (selected < 0 || !seg.cover.includes(selected)) return "";
	const s = spans[selected];
	if (!s) return "";
	let out = " selected";
	if (s.start === seg.start) out += " sel-start";
	if (s.end === seg.end) out += " sel-end";
	return out;
}

/** One piece of a rendered chunk: plain data, so drawing it needs no further work. */
export interface Piece {
	start: number;
	end: number;
	text: string;
	cover: readonly number[];
	/** zero-length entities drawn before the text */
	points: readonly number[];
	/** how the text is drawn when entities cover it */
	look: SegmentLook | null;
	/** entities whose badge follows the text */
	closing: readonly number[];
	/** sentence tint and its description, when the text is outside entities */
	tint: string | null;
	sentence: number;
	/** the sentence's tooltip, when the text is outside entities and has a tint or "Why?" words */
	title: string | null;
	/** the attributed word drawn here, when "Why?" is on and the word is strong enough */
	word: WordLook | null;
}

/** An attributed word's piece: its look, and its description for screen readers. */
export interface WordLook {
	/** position in PanelData.attributions */
	index: number;
	classes: string;
	style: string;
	/** visually hidden suffix after the word's last piece, e.g. " (pushes towards negative, strong)" */
	describe: string | null;
	/** the word's own tooltip (outside entities, whose tooltip says it already) */
	title: string | null;
}

/** What chunk_pieces needs for "Why?": the words, and each sentence's label and tooltip. */
export interface WhyView {
	words: readonly WordWeight[];
	/** the label a word in sentence `i` (-1: outside sentences) is read against */
	label_of: (sentence: number) => string | null;
	/** the tooltip of sentence `i` with its strongest words, or null */
	title_of: (sentence: number) => string | null;
}

/** A word's tooltip line: "terrible: +1.00 for NEGATIVE, pushes towards negative". */
export function word_title(text: string, w: WordWeight, label: string | null): string | null {
	const look = word_style(w.weight, label);
	if (!look) return null;
	const target = label ? ` ${t("sentimentpanel.why_for", { label })}` : "";
	return `${word_text(text, w)}: ${signed(w.weight)}${target}, ${push_phrase(look.direction, label)}`;
}

/** Everything one chunk needs to be drawn, computed once per chunk and filter state. */
export function chunk_pieces(
	text: string,
	layout: Layout,
	spans: readonly (Span | undefined)[],
	colors: ReadonlyMap<string, LabelColor>,
	tints: readonly (string | null)[],
	why: WhyView | null = null,
	titles: (sentence: number) => string | null = () => null
): Piece[] {
	const overlapped = overlapped_entities(layout);
	return layout.segments.map((seg) => {
		const outside = seg.cover.length === 0;
		const tint = outside && seg.sentence >= 0 ? (tints[seg.sentence] ?? null) : null;
		let word: WordLook | null = null;
		let title: string | null = null;
		if (why && seg.word !== undefined && seg.word >= 0) {
			const w = why.words[seg.word];
			const label = why.label_of(seg.sentence);
			const look = w ? word_style(w.weight, label) : null;
			if (look) {
				word = {
					index: w.index,
					classes: look.classes,
					style: look.style,
					describe: seg.word_last ? describe_word(w.weight, label) : null,
					title: null
				};
			}
		}
		if (outside) {
			title = why ? why.title_of(seg.sentence) : null;
			if (title === null && tint) title = titles(seg.sentence);
			if (word && why) {
				const line = word_title(text, why.words[seg.word!], why.label_of(seg.sentence));
				word.title = title ? `${line}\n${title}` : line;
			}
		}
		return {
			start: seg.start,
			end: seg.end,
			text: text.slice(seg.start, seg.end),
			cover: seg.cover,
			points: seg.points,
			look: seg.cover.length ? segment_look(seg, spans, layout, overlapped, colors) : null,
			closing: seg.closing,
			tint,
			sentence: seg.sentence,
			title,
			word
		};
	});
}

/** Sentences per sentiment label, most frequent first; null when no sentence has a sentiment. */
export function sentence_counts(sentences: readonly { sentiment: Sentiment | null }[]): [string, number][] | null {
	const m = new Map<string, number>();
	for (const s of sentences) {
		if (s.sentiment) m.set(s.sentiment.label, (m.get(s.sentiment.label) ?? 0) + 1);
	}
	return m.size ? [...m.entries()].sort((a, b) => b[1] - a[1]) : null;
}

/**
 * Tooltip of a sentence outside entities: its sentiment, with the score when
 * scores are shown, and, with "Why?" on, its strongest words:
 * "Sentence sentiment: NEGATIVE 91% — because of: terrible (+1.00), love (−0.42)".
 */
export function sentence_title(s: Sentiment | null | undefined, show_scores: boolean, because = ""): string {
	const head = s
		? t("sentimentpanel.sentence_sentiment", { label: s.label }) + (show_scores ? ` ${percent(s.score)}` : "")
		: "";
	if (!because) return head;
	return head
		? `${head} \u2014 ${t("sentimentpanel.because", { words: because })}`
		: t("sentimentpanel.because_start", { words: because });
}
