import { describe, expect, test } from "vitest";
import { apply_edit, can_undo, edited_value, init_edits } from "../shared/edits";
import type { EditState } from "../shared/edits";
import type { Entity, PanelData } from "../shared/types";
import { copy_when_idle, fingerprint, ValueOwner, ValueSnapshot } from "../shared/value_owner.svelte";
import type { Idle } from "../shared/value_owner.svelte";
import { VALUE } from "./helpers";

/** an idle queue the test runs by hand; each step gets `budget` ms of "time remaining", counted down per check */
function manual(budget: number) {
	const queue: ((d: { timeRemaining(): number }) => void)[] = [];
	const idle: Idle = (step) => {
		queue.push(step);
		return () => {
			const i = queue.indexOf(step);
			if (i >= 0) queue.splice(i, 1);
		};
	};
	const run = (): number => {
		let steps = 0;
		while (queue.length) {
			let left = budget;
			queue.shift()!({ timeRemaining: () => (left -= 10) });
			steps++;
		}
		return steps;
	};
	return { idle, run, pending: () => queue.length };
}

const big = (n: number) => ({
	text: "x".repeat(n),
	entities: Array.from({ length: n }, (_, i) => ({ start: i, end: i + 1, label: i % 2 ? "A" : "B", score: 0.5, sentiment: { label: "POSITIVE", score: 0.9, scores: { POSITIVE: 0.9 } } })),
	sentiment: null,
	sentences: [{ start: 0, end: n, sentiment: null }]
});

/** what Python sends back for a value: the same content, every object new, the fields it always fills in */
function through_python(v: unknown): PanelData {
	const out = JSON.parse(JSON.stringify(v)) as PanelData;
	for (const e of out.entities ?? []) Object.assign(e, { kb_id: null, kb_url: null });
	return out;
}

/** the panel's edit on the owner's current value, as the panel makes it */
function edit(owner: ValueOwner, step: (s: EditState) => EditState): void {
	const { snapshot } = owner;
	const v = snapshot.value as PanelData;
	const state = step(snapshot.edits ?? init_edits(v.text, v.entities as Entity[]));
	owner.edit(edited_value(v, state), state);
}
const del = (index: number) => (s: EditState) => {
	const r = apply_edit(s, { type: "delete", index });
	if (!r.ok) throw new Error(r.error);
	return r.state;
};
const undo = (s: EditState) => {
	const r = apply_edit(s, { type: "undo" });
	if (!r.ok) throw new Error(r.error);
	return r.state;
};

describe("fingerprint", () => {
	test("the same content gives the same fingerprint, whatever the object", () => {
		expect(fingerprint(structuredClone(VALUE))).toBe(fingerprint(VALUE));
		expect(fingerprint({ ...VALUE })).toBe(fingerprint(VALUE));
	});

	test("a change to the text, the sentiment or any entity or sentence field changes it", () => {
		const base = fingerprint(VALUE);
		const changed = (edit: (v: typeof VALUE) => void): string => {
			const v = structuredClone(VALUE);
			edit(v);
			return fingerprint(v);
		};
		expect(changed((v) => (v.text += "!"))).not.toBe(base);
		expect(changed((v) => (v.sentiment.score = 0.8))).not.toBe(base);
		expect(changed((v) => (v.entities[1].label = "PER"))).not.toBe(base);
		expect(changed((v) => (v.entities[1].score = 0.5))).not.toBe(base);
		expect(changed((v) => (v.entities[0].start = 9))).not.toBe(base);
		expect(changed((v) => (v.entities[0].sentiment = null as never))).not.toBe(base);
		expect(changed((v) => v.entities.pop())).not.toBe(base);
		expect(changed((v) => (v.sentences = [{ start: 0, end: 3, sentiment: null }] as never))).not.toBe(base);
	});

	test("non-objects: null, strings and missing lists are told apart", () => {
		expect(fingerprint(null)).not.toBe(fingerprint(undefined));
		expect(fingerprint("null")).not.toBe(fingerprint(null));
		expect(fingerprint("a")).toBe(fingerprint("a"));
		expect(fingerprint({ text: "a" })).not.toBe(fingerprint({ text: "a", entities: [] }));
	});
});

describe("copy_when_idle", () => {
	test("copies every field deeply, a list in slices over several idle steps", () => {
		const value = big(5000);
		const { idle, run } = manual(0); // no time left after the first slice: one slice per step
		let got: Record<string, unknown> | null = null;
		copy_when_idle(value, (c) => (got = c), idle);
		expect(got).toBeNull(); // nothing happens before the page is idle
		const steps = run();
		expect(got).toEqual(value);
		expect((got as unknown as typeof value).entities[0]).not.toBe(value.entities[0]);
		expect((got as unknown as typeof value).entities[0].sentiment).not.toBe(value.entities[0].sentiment);
		// text, the 5,000 entities in three slices, sentiment, sentences
		expect(steps).toBe(6);
	});

	test("does more in one step while the page stays idle", () => {
		const { idle, run } = manual(1000);
		let got: unknown = null;
		copy_when_idle(big(5000), (c) => (got = c), idle);
		expect(run()).toBe(1);
		expect(got).toEqual(big(5000));
	});

	test("stopped, it never finishes", () => {
		const { idle, run } = manual(0);
		let got: unknown = null;
		const stop = copy_when_idle(big(5000), (c) => (got = c), idle);
		stop();
		run();
		expect(got).toBeNull();
	});

	test("without requestIdleCallback it still completes, on timers", async () => {
		let got: unknown = null;
		copy_when_idle({ text: "a", entities: [] }, (c) => (got = c));
		await new Promise((r) => setTimeout(r, 20));
		expect(got).toEqual({ text: "a", entities: [] });
	});
});

describe("a snapshot", () => {
	test("cannot be changed, and works its doc out once", () => {
		const s = new ValueSnapshot(3, structuredClone(VALUE));
		expect(Object.isFrozen(s)).toBe(true);
		expect(() => ((s as { version: number }).version = 4)).toThrow();
		expect(s.doc).toBe(s.doc);
		expect(s.doc.ok && s.doc.doc.text).toBe(VALUE.text);
	});

	test("held as a plain copy: the same version and the very same doc", () => {
		const s = new ValueSnapshot(2, structuredClone(VALUE));
		const doc = s.doc;
		const copy = s.held_as(structuredClone(VALUE));
		expect(copy.version).toBe(2);
		expect(copy.doc).toBe(doc);
		expect(copy.value).not.toBe(s.value);
	});
});

describe("ValueOwner", () => {
	test("a value arriving twice, or the same content under a new object, is no new value", () => {
		const owner = new ValueOwner(null);
		const value = structuredClone(VALUE);
		expect(owner.arrive(value)).toBe(true);
		const first = owner.snapshot;
		expect(first.version).toBe(1);
		expect(owner.arrive(value)).toBe(false);
		expect(owner.arrive(structuredClone(VALUE))).toBe(false);
		expect(owner.snapshot).toBe(first);
		expect(owner.arrive({ ...VALUE, text: "other" })).toBe(true);
		expect(owner.snapshot.version).toBe(2);
		expect(owner.arrive(null)).toBe(true);
		expect(owner.snapshot.value).toBeNull();
		expect(owner.arrive(null)).toBe(false);
	});

	test("the value given at construction is version 0; the same content arriving is no new value", () => {
		const owner = new ValueOwner(structuredClone(VALUE));
		expect(owner.snapshot.version).toBe(0);
		expect(owner.arrive(structuredClone(VALUE))).toBe(false);
		expect(owner.snapshot.version).toBe(0);
		expect(new ValueOwner(null).arrive(null)).toBe(false);
	});

	test("Gradio handing back what the owner gave it is no new value", () => {
		const owner = new ValueOwner(null);
		owner.arrive(structuredClone(VALUE));
		const held = owner.snapshot;
		expect(owner.arrive(owner.wire)).toBe(false);
		expect(owner.snapshot).toBe(held);
	});

	test("the wire value is the owner's own: changing the object handed over later leaves it", () => {
		const owner = new ValueOwner(null);
		const sent = structuredClone(VALUE);
		owner.arrive(sent);
		sent.text = "changed by the sender";
		expect((owner.wire as PanelData).text).toBe(VALUE.text);
	});

	test("an edit is a new value with its history; its round trip through Python keeps that history", () => {
		const owner = new ValueOwner(null);
		owner.arrive(structuredClone(VALUE));
		edit(owner, del(1));
		const edited = owner.snapshot;
		expect(edited.version).toBe(2);
		expect((edited.value as PanelData).entities).toEqual([VALUE.entities[0]]);
		expect(edited.edits && can_undo(edited.edits)).toBe(true);
		// the .input handler returns the value: the same content, every object new
		expect(owner.arrive(through_python(owner.wire))).toBe(false);
		expect(owner.snapshot).toBe(edited);
		// and undo after the round trip gives back the entity
		edit(owner, undo);
		expect((owner.wire as PanelData).entities).toEqual(VALUE.entities);
		expect(owner.snapshot.version).toBe(3);
	});

	test("a different value after an edit starts without history", () => {
		const owner = new ValueOwner(structuredClone(VALUE));
		edit(owner, del(0));
		expect(owner.snapshot.edits).not.toBeNull();
		// Python sends the value from before the edit: different from the edit's
		expect(owner.arrive(structuredClone(VALUE))).toBe(true);
		expect(owner.snapshot.edits).toBeNull();
		expect((owner.wire as PanelData).entities).toHaveLength(2);
	});

	test("a stream: the previous object mutated in place and sent again is new each time; the final value sent once more is not", () => {
		const owner = new ValueOwner(null);
		const streamed = { text: "One.", entities: [] as unknown[], sentences: [{ start: 0, end: 4, sentiment: null }] as unknown[] };
		expect(owner.arrive(streamed)).toBe(true);
		streamed.text = "One. Two.";
		streamed.sentences.push({ start: 5, end: 9, sentiment: null });
		expect(owner.arrive(streamed)).toBe(true);
		expect(owner.snapshot.version).toBe(2);
		const doc = owner.snapshot.doc;
		expect(doc.ok && doc.doc.sentences).toHaveLength(2);
		expect(doc.ok && doc.doc.text).toBe("One. Two.");
		// the generator completes: Gradio sends the final value once more
		expect(owner.arrive(structuredClone(streamed))).toBe(false);
		expect(owner.snapshot.version).toBe(2);
	});

	test("clear is a new, empty value", () => {
		const owner = new ValueOwner(structuredClone(VALUE));
		owner.clear();
		expect(owner.snapshot.version).toBe(1);
		expect(owner.wire).toBeNull();
	});
});

describe("the value Gradio gives at construction", () => {
	const props = (value: unknown) => ({ props: { value } });

	test("handed over as an object of its own: drawn as it is, then a plain copy takes its place, same version and doc", () => {
		const { idle, run } = manual(0);
		const given = structuredClone(VALUE);
		const owner = ValueOwner.given(props(given), { value: { stands_for: "the prop's proxy" } }, idle);
		const first = owner.snapshot;
		expect(first.value).toBe(given);
		expect(first.version).toBe(0);
		const doc = first.doc;
		run();
		expect(owner.snapshot).not.toBe(first);
		expect(owner.snapshot.value).toEqual(VALUE);
		expect(owner.snapshot.value).not.toBe(given);
		expect(owner.snapshot.version).toBe(0);
		expect(owner.snapshot.doc).toBe(doc);
	});

	test("a new value before the copy is done stops the copy", () => {
		const { idle, run, pending } = manual(0);
		const owner = ValueOwner.given(props(structuredClone(VALUE)), { value: {} }, idle);
		edit(owner, del(0));
		const edited = owner.snapshot;
		expect(pending()).toBe(0);
		run();
		expect(owner.snapshot).toBe(edited);
	});

	test("already the prop's own proxy: copied out at once", () => {
		const { idle, pending } = manual(0);
		const proxied = structuredClone(VALUE);
		const owner = ValueOwner.given(props(proxied), { value: proxied }, idle);
		expect(owner.snapshot.value).toEqual(VALUE);
		expect(owner.snapshot.value).not.toBe(proxied);
		expect(pending()).toBe(0);
	});

	test("no value, or a string: held as it is", () => {
		expect(ValueOwner.given(props(undefined), { value: undefined }).snapshot.value).toBeNull();
		expect(ValueOwner.given(props("plain text"), { value: "plain text" }).snapshot.value).toBe("plain text");
	});
});
