/**
 * Turns the wire value into a validated Doc with UTF-16 offsets. Bad data
 * never yields a blank panel: it yields an error message that names the field
 * and the bad value, which the panel shows.
 */
import { offset_map } from "./offsets";
import type { OffsetMap } from "./offsets";
import type { Doc, Sentiment, Span, SentenceSpan, WordWeight } from "./types";

export type DocResult = { ok: true; doc: Doc } | { ok: false; error: string };

function show(v: unknown): string {
	if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
	if (typeof v === "number") return String(v);
	try {
		const s = JSON.stringify(v);
		if (s === undefined) return String(v);
		return s.length > 60 ? s.slice(0, 60) + "…" : s;
	} catch {
		return String(v);
	}
}

class DataError extends Error {}

function fail(field: string, value: unknown, why: string): never {
	throw new DataError(`${field} = ${show(value)}: ${why}`);
}

function is_object(v: unknown): v is Record<string, unknown> {
	return typeof v === "object" && v !== null && !Array.isArray(v);
}

function check_score(field: string, v: unknown): number {
	if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 1) {
		fail(field, v, "expected a number between 0 and 1");
	}
	return v;
}

function check_sentiment(field: string, v: unknown): Sentiment | null {
	if (v === null || v === undefined) return null;
	if (!is_object(v)) fail(field, v, "expected an object with label and score");
	if (typeof v.label !== "string") fail(`${field}.label`, v.label, "expected a string");
	const score = check_score(`${field}.score`, v.score);
	const scores: Record<string, number> = {};
	if (v.scores !== undefined && v.scores !== null) {
		if (!is_object(v.scores)) fail(`${field}.scores`, v.scores, "expected an object of label: score");
		for (const k of Object.keys(v.scores)) {
			scores[k] = check_score(`${field}.scores[${JSON.stringify(k)}]`, v.scores[k]);
		}
	}
	return { label: v.label, score, scores };
}

function check_offsets(field: string, start: unknown, end: unknown, n: number): void {
	if (typeof start !== "number" || !Number.isInteger(start)) fail(`${field}.start`, start, "expected an integer");
	if (typeof end !== "number" || !Number.isInteger(end)) fail(`${field}.end`, end, "expected an integer");
	if (start < 0 || start > n) fail(`${field}.start`, start, `outside the text (0..${n})`);
	if (end < 0 || end > n) fail(`${field}.end`, end, `outside the text (0..${n})`);
	if (start > end) fail(`${field}.start`, start, `greater than end (${end})`);
}

function by_position(a: WordWeight, b: WordWeight): number {
	return a.start - b.start || a.end - b.end || a.index - b.index;
}

/** The common case, checked without building a field name: integer offsets in order inside the text, a str label, a score in [0, 1] or none. */
function plain_entity(e: unknown, n: number): e is Record<string, unknown> {
	if (!is_object(e)) return false;
	const { start, end, label, score } = e;
	return (
		typeof start === "number" &&
		typeof end === "number" &&
		Number.isInteger(start) &&
		Number.isInteger(end) &&
		start >= 0 &&
		start <= end &&
		end <= n &&
		typeof label === "string" &&
		(score === null || score === undefined || (typeof score === "number" && score >= 0 && score <= 1))
	);
}

/** Entity `i` of the wire value as a span with UTF-16 offsets; a bad one fails naming its field. */
function entity_span(e: unknown, i: number, map: OffsetMap): Span {
	const n = map.length;
	if (!plain_entity(e, n)) {
		// something is off: the detailed checks name the field and the value
		const f = `entities[${i}]`;
		if (!is_object(e)) fail(f, e, "expected an object with start, end and label");
		check_offsets(f, e.start, e.end, n);
		if (typeof e.label !== "string") fail(`${f}.label`, e.label, "expected a string");
		if (e.score !== null && e.score !== undefined) check_score(`${f}.score`, e.score);
	}
	const score = e.score === null || e.score === undefined ? null : (e.score as number);
	const sentiment = e.sentiment === null || e.sentiment === undefined ? null : check_sentiment(`entities[${i}].sentiment`, e.sentiment);
	const span: Span = {
		index: i,
		start: map.toUtf16(e.start as number),
		end: map.toUtf16(e.end as number),
		label: e.label as string,
		score,
		sentiment
	};
	if (e.kb_id != null || e.kb_url != null) {
		// entity linking: shown in the tooltip
		if (e.kb_id != null && typeof e.kb_id !== "string") fail(`entities[${i}].kb_id`, e.kb_id, "expected a string");
		if (e.kb_url != null && typeof e.kb_url !== "string") fail(`entities[${i}].kb_url`, e.kb_url, "expected a string");
		span.kb_id = (e.kb_id as string | null | undefined) ?? null;
		span.kb_url = (e.kb_url as string | null | undefined) ?? null;
	}
	return span;
}

/** The labels of `spans` in order of first appearance. */
function labels_of(spans: readonly Span[]): string[] {
	const labels: string[] = [];
	const seen = new Set<string>();
	for (const s of spans) {
		if (!seen.has(s.label)) {
			seen.add(s.label);
			labels.push(s.label);
		}
	}
	return labels;
}

/**
 * The doc of `value`, an edit of `prev_value` whose doc is `prev`: the same
 * value but for its list of entities, in which the edit replaced, added or
 * removed some. What `to_doc(value)` gives, without doing it all again: the
 * entities that are the very same objects at the head and at the tail of both
 * lists keep their spans (those at the tail renumbered when the count
 * changed), and only the ones between are checked and converted. Any other
 * difference between the two values, and it is `to_doc(value)`.
 */
export function doc_after_edit(prev: Doc, prev_value: unknown, value: unknown, prev_entities?: readonly unknown[]): DocResult {
	if (!is_object(prev_value) || !is_object(value) || !same_but_entities(prev_value, value)) return to_doc(value);
	// (`prev_entities`: the same entities as `prev_value`'s, in a plain array: faster to walk
	// than a list behind a reactive proxy)
	const before = prev_entities ?? prev_value.entities ?? [];
	const after = value.entities;
	if (!Array.isArray(before) || !Array.isArray(after) || before.length !== prev.spans.length) return to_doc(value);
	const bl = before.length;
	const al = after.length;
	let head = 0;
	while (head < bl && head < al && Object.is(before[head], after[head])) head++;
	let tail = 0;
	while (tail < bl - head && tail < al - head && Object.is(before[bl - 1 - tail], after[al - 1 - tail])) tail++;
	const map = offset_map(prev.text);
	const spans: Span[] = new Array(al);
	try {
		for (let i = 0; i < head; i++) spans[i] = prev.spans[i];
		for (let i = head; i < al - tail; i++) spans[i] = entity_span(after[i], i, map);
		for (let i = al - tail; i < al; i++) {
			const kept = prev.spans[i - al + bl];
			spans[i] = kept.index === i ? kept : renumbered(kept, i);
		}
	} catch (e) {
		if (!(e instanceof DataError)) throw e;
		return { ok: false, error: e.message };
	}
	const labels = labels_of(spans);
	const same_labels = labels.length === prev.labels.length && labels.every((l, i) => l === prev.labels[i]);
	return { ok: true, doc: { ...prev, spans, labels: same_labels ? prev.labels : labels } };
}

/** `s` at another index (a literal of the shape entity_span makes: faster than a spread, and to keep). */
function renumbered(s: Span, index: number): Span {
	const out: Span = { index, start: s.start, end: s.end, label: s.label, score: s.score, sentiment: s.sentiment };
	if (s.kb_id !== undefined || s.kb_url !== undefined) {
		out.kb_id = s.kb_id;
		out.kb_url = s.kb_url;
	}
	return out;
}

/** Whether two wire values hold the very same things in every field but `entities`. */
function same_but_entities(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
	let n = 0;
	for (const key in a) {
		if (key === "entities") continue;
		if (!(key in b) || !Object.is(a[key], b[key])) return false;
		n++;
	}
	for (const key in b) if (key !== "entities") n--;
	return n === 0;
}

/** Validate a wire value. `null`/`undefined` are not errors: callers show the empty state. */
export function to_doc(value: unknown): DocResult {
	try {
		return { ok: true, doc: build(value) };
	} catch (e) {
		if (!(e instanceof DataError)) throw e;
		return { ok: false, error: e.message };
	}
}

function build(value: unknown): Doc {
	if (typeof value === "string") value = { text: value };
	if (!is_object(value)) fail("value", value, "expected an object with a text field");
	const text = value.text;
	if (typeof text !== "string") fail("text", text, "expected a string");
	const map = offset_map(text);
	const n = map.length;

	const raw_entities = value.entities ?? [];
	if (!Array.isArray(raw_entities)) fail("entities", raw_entities, "expected a list");
	const spans: Span[] = new Array(raw_entities.length);
	for (let i = 0; i < raw_entities.length; i++) spans[i] = entity_span(raw_entities[i], i, map);

	const raw_sentences = value.sentences ?? [];
	if (!Array.isArray(raw_sentences)) fail("sentences", raw_sentences, "expected a list");
	const sentences: SentenceSpan[] = new Array(raw_sentences.length);
	for (let i = 0; i < raw_sentences.length; i++) {
		const s = raw_sentences[i];
		const f = `sentences[${i}]`;
		if (!is_object(s)) fail(f, s, "expected an object with start and end");
		check_offsets(f, s.start, s.end, n);
		sentences[i] = {
			index: i,
			start: map.toUtf16(s.start as number),
			end: map.toUtf16(s.end as number),
			sentiment: check_sentiment(`${f}.sentiment`, s.sentiment)
		};
	}

	const raw_words = value.attributions ?? [];
	if (!Array.isArray(raw_words)) fail("attributions", raw_words, "expected a list");
	const attributions: WordWeight[] = new Array(raw_words.length);
	let sorted = true;
	for (let i = 0; i < raw_words.length; i++) {
		const a = raw_words[i];
		const f = `attributions[${i}]`;
		if (!is_object(a)) fail(f, a, "expected an object with start, end and weight");
		check_offsets(f, a.start, a.end, n);
		if (a.start === a.end) fail(`${f}.end`, a.end, `equal to start: an attribution covers a word`);
		const w = a.weight;
		if (typeof w !== "number" || !Number.isFinite(w) || w < -1 || w > 1) {
			fail(`${f}.weight`, w, "expected a number between -1 and 1");
		}
		const word = { index: i, start: map.toUtf16(a.start as number), end: map.toUtf16(a.end as number), weight: w };
		if (i > 0 && by_position(attributions[i - 1], word) > 0) sorted = false;
		attributions[i] = word;
	}
	if (!sorted) attributions.sort(by_position);

	return {
		text,
		spans,
		sentences,
		sentiment: check_sentiment("sentiment", value.sentiment),
		attributions,
		labels: labels_of(spans)
	};
}
