/**
 * Which chunks of a long document are drawn. A long document renders only
 * the chunks that have come near the viewport; the others are placeholders.
 * Chunks once shown stay shown, and a streamed analysis (a document that only
 * grows at its end) keeps what was shown, while any other new document starts
 * over with its first chunks.
 */

/** Chunks drawn before anything has scrolled into view. */
const FIRST = 1;

/** How many characters per entity a document may hold and still render at once. */
const CHARS_PER_ENTITY = 40;

/** Whether a document this size renders lazily, chunk by chunk, rather than all at once. */
export function renders_lazily(entities: number, text_length: number, eager_limit: number): boolean {
	return entities > eager_limit || text_length > CHARS_PER_ENTITY * eager_limit;
}

/** What was shown of the document before this one. */
export interface Shown {
	text: string;
	shown: readonly boolean[];
}

/** The chunks of `text` shown at first: the first ones, plus those shown before if `text` grows `previous`. */
export function first_shown(text: string, chunks: number, previous: Shown): boolean[] {
	const grows = previous.text.length > 0 && text.startsWith(previous.text);
	return Array.from({ length: chunks }, (_, k) => k < FIRST || (grows && previous.shown[k] === true));
}

/** `shown` with the chunks in `hits` (those that came into view) shown too. */
export function with_revealed(shown: readonly boolean[], hits: ReadonlySet<number>): boolean[] {
	return shown.map((v, k) => v || hits.has(k));
}
