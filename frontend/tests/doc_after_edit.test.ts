import { describe, expect, test } from "vitest";
import { doc_after_edit, to_doc } from "../shared/doc";
import type { Doc } from "../shared/types";
import { apply_edit, edited_value, init_edits } from "../shared/edits";
import type { EditAction, EditState } from "../shared/edits";
import type { Entity, PanelData } from "../shared/types";

/** a small deterministic generator, so a failure names its seed */
function rng(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

const WORDS = ["Paris", "Merkel", "😀 face", "𝒳 math", "Berlin", "the", "and", "Straße"];
const LABELS = ["PER", "LOC", "ORG", "MISC"];

/** A value with code points above U+FFFF (so UTF-16 and code-point offsets differ), sentences, overlaps. */
function value_of(seed: number, n: number): PanelData & { entities: Entity[] } {
	const r = rng(seed);
	const words: string[] = [];
	for (let i = 0; i < n * 3; i++) words.push(WORDS[Math.floor(r() * WORDS.length)]);
	const text = words.join(" ");
	const cps = Array.from(text).length;
	const entities: Entity[] = [];
	for (let i = 0; i < n; i++) {
		const start = Math.floor(r() * (cps - 1));
		const end = Math.min(cps, start + 1 + Math.floor(r() * 8));
		const e: Entity = { start, end, label: LABELS[Math.floor(r() * LABELS.length)], score: r() < 0.2 ? null : Math.round(r() * 100) / 100 };
		if (r() < 0.3) e.sentiment = { label: "positive", score: 0.7, scores: { positive: 0.7, negative: 0.3 } };
		if (r() < 0.1) e.kb_id = `Q${i}`;
		entities.push(e);
	}
	entities.sort((a, b) => a.start - b.start || b.end - a.end);
	const half = Math.floor(cps / 2);
	return {
		text,
		entities,
		sentences: [
			{ start: 0, end: half, sentiment: { label: "negative", score: 0.6 } },
			{ start: half, end: cps }
		],
		sentiment: { label: "positive", score: 0.55 }
	};
}

function random_action(r: () => number, state: EditState): EditAction {
	const n = state.entities.length;
	const pick = r();
	if (pick < 0.15) return { type: "undo" };
	if (pick < 0.25) return { type: "redo" };
	if (n === 0 || pick < 0.5) {
		const start = Math.floor(r() * (state.length - 2));
		return { type: "add", start, end: start + 1 + Math.floor(r() * 5), label: LABELS[Math.floor(r() * LABELS.length)] };
	}
	const index = Math.floor(r() * n);
	return pick < 0.75 ? { type: "relabel", index, label: LABELS[Math.floor(r() * LABELS.length)] } : { type: "delete", index };
}

function doc_of(value: unknown): Doc {
	const got = to_doc(value);
	if (!got.ok) throw new Error(got.error);
	return got.doc;
}

describe("doc_after_edit: the doc of an edited value", () => {
	test("is what to_doc gives, after every edit of a run of random edits", () => {
		for (let seed = 1; seed <= 30; seed++) {
			const r = rng(seed * 7919);
			let value = value_of(seed, 5 + Math.floor(r() * 40));
			let doc = doc_of(value);
			let state = init_edits(value.text, value.entities);
			for (let step = 0; step < 25; step++) {
				const result = apply_edit(state, random_action(r, state));
				if (!result.ok || !result.changed) continue;
				state = result.state;
				const next = edited_value(value, state);
				const got = doc_after_edit(doc, value, next);
				expect(got, `seed ${seed}, step ${step}`).toEqual(to_doc(next));
				if (!got.ok) throw new Error(got.error);
				value = next;
				doc = got.doc;
			}
		}
	});

	test("keeps the spans of the entities the edit did not touch", () => {
		const value = value_of(3, 30);
		const doc = doc_of(value);
		const state = init_edits(value.text, value.entities);
		const relabelled = apply_edit(state, { type: "relabel", index: 10, label: "NEW" });
		if (!relabelled.ok) throw new Error(relabelled.error);
		const after = doc_after_edit(doc, value, edited_value(value, relabelled.state));
		if (!after.ok) throw new Error(after.error);
		for (let i = 0; i < 30; i++) {
			if (i === 10) expect(after.doc.spans[i]).not.toBe(doc.spans[i]);
			else expect(after.doc.spans[i]).toBe(doc.spans[i]);
		}
		expect(after.doc.spans[10].label).toBe("NEW");
		expect(after.doc.labels).toContain("NEW");
		// the rest of the doc is the very same
		expect(after.doc.sentences).toBe(doc.sentences);
		expect(after.doc.text).toBe(doc.text);

		const deleted = apply_edit(state, { type: "delete", index: 0 });
		if (!deleted.ok) throw new Error(deleted.error);
		const gone = doc_after_edit(doc, value, edited_value(value, deleted.state));
		if (!gone.ok) throw new Error(gone.error);
		expect(gone.doc.spans).toHaveLength(29);
		// renumbered, same offsets and data
		gone.doc.spans.forEach((s, i) => expect(s).toEqual({ ...doc.spans[i + 1], index: i }));
	});

	test("names a bad entity an edit brought in, as to_doc does", () => {
		const value = value_of(5, 10);
		const doc = doc_of(value);
		const bad = { ...value, entities: [...value.entities.slice(0, 4), { start: 3, end: 1, label: "PER" }, ...value.entities.slice(4)] };
		const got = doc_after_edit(doc, value, bad);
		expect(got).toEqual({ ok: false, error: "entities[4].start = 3: greater than end (1)" });
		expect(got).toEqual(to_doc(bad));
	});

	test("a value that differs in more than its entities is checked whole", () => {
		const value = value_of(9, 10);
		const doc = doc_of(value);
		const other_text = { ...value, text: value.text.toUpperCase() };
		expect(doc_after_edit(doc, value, other_text)).toEqual(to_doc(other_text));
		const no_sentences: PanelData = { text: value.text, entities: value.entities.slice(1), sentiment: value.sentiment };
		const got = doc_after_edit(doc, value, no_sentences);
		expect(got).toEqual(to_doc(no_sentences));
		if (!got.ok) throw new Error(got.error);
		expect(got.doc.sentences).toEqual([]);
	});
});
