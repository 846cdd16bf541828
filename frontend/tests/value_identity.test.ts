import { describe, expect, test } from "vitest";
import { CurrentValue, own_copy, signature } from "../shared/value_identity";
import { VALUE } from "./helpers";

describe("signature", () => {
	test("the same content gives the same signature, whatever the object", () => {
		expect(signature(structuredClone(VALUE))).toBe(signature(VALUE));
		expect(signature({ ...VALUE })).toBe(signature(VALUE));
	});

	test("a change to the text, the sentiment or any entity or sentence field changes it", () => {
		const base = signature(VALUE);
		const changed = (edit: (v: typeof VALUE) => void): string => {
			const v = structuredClone(VALUE);
			edit(v);
			return signature(v);
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

	test("a streamed value mutated in place has a new signature", () => {
		const streamed = { text: "One.", sentences: [{ start: 0, end: 4, sentiment: null }] as unknown[] };
		const first = signature(streamed);
		streamed.text = "One. Two.";
		streamed.sentences.push({ start: 5, end: 9, sentiment: null });
		expect(signature(streamed)).not.toBe(first);
	});

	test("non-objects: null, strings and missing lists are told apart", () => {
		expect(signature(null)).not.toBe(signature(undefined));
		expect(signature("null")).not.toBe(signature(null));
		expect(signature("a")).toBe(signature("a"));
		expect(signature({ text: "a" })).not.toBe(signature({ text: "a", entities: [] }));
	});
});

test("own_copy gives objects a new identity with the same contents; anything else stays", () => {
	const copy = own_copy(VALUE);
	expect(copy).not.toBe(VALUE);
	expect(copy).toEqual(VALUE);
	expect(copy.entities).toBe(VALUE.entities);
	expect(own_copy(null)).toBe(null);
	expect(own_copy("text")).toBe("text");
	const list = [1, 2];
	expect(own_copy(list)).toBe(list);
});

describe("CurrentValue", () => {
	test("the first value is always new; the same content sent again is not", () => {
		const c = new CurrentValue();
		expect(c.is_new(null)).toBe(true);
		c.accept(VALUE, "proxy");
		expect(c.count).toBe(1);
		expect(c.is_new(structuredClone(VALUE))).toBe(false);
		expect(c.is_new({ ...VALUE, text: "other" })).toBe(true);
		expect(c.is_new(null)).toBe(true);
	});

	test("hands out the plain value while the prop still holds it", () => {
		const c = new CurrentValue();
		const proxy = { stands_for: "VALUE" };
		c.accept(VALUE, proxy);
		expect(c.holds(proxy)).toBe(true);
		expect(c.read(proxy)).toBe(VALUE);
		// the prop moved on (another value set directly): that value is read as it is
		const other = { text: "x" };
		expect(c.holds(other)).toBe(false);
		expect(c.read(other)).toBe(other);
		expect(c.holds(undefined)).toBe(false);
		expect(c.read(undefined)).toBe(undefined);
	});

	test("null is a value like any other", () => {
		const c = new CurrentValue();
		c.accept(VALUE, "proxy");
		c.accept(null, null);
		expect(c.count).toBe(2);
		expect(c.holds(null)).toBe(true);
		expect(c.read(null)).toBe(null);
		expect(c.is_new(null)).toBe(false);
		expect(c.is_new(VALUE)).toBe(true);
	});
});
