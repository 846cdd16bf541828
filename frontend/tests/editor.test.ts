import { describe, expect, test } from "vitest";
import { entity_key_action, history_key, label_for_key, outcome, pick_action } from "../shared/editor";
import { apply_edit, init_edits } from "../shared/edits";
import type { EditAction } from "../shared/edits";
import type { Entity } from "../shared/types";

const TEXT = "Angela Merkel met Emmanuel Macron in Paris.";
const merkel: Entity = { start: 0, end: 13, label: "PER", score: 0.99, sentiment: null };
const paris: Entity = { start: 37, end: 42, label: "LOC", score: 0.95, sentiment: null };
const CHOICES = ["PER", "LOC", "ORG"];

describe("number keys", () => {
	test("keys 1-9 pick the choices in order", () => {
		expect(label_for_key("1", CHOICES)).toBe("PER");
		expect(label_for_key("3", CHOICES)).toBe("ORG");
		expect(label_for_key("4", CHOICES)).toBe(null);
		expect(label_for_key("0", CHOICES)).toBe(null);
		expect(label_for_key("a", CHOICES)).toBe(null);
		expect(label_for_key("12", CHOICES)).toBe(null);
		const many = Array.from({ length: 12 }, (_, k) => `L${k}`);
		expect(label_for_key("9", many)).toBe("L8");
	});

	test("history shortcuts", () => {
		expect(history_key({ key: "z", ctrlKey: true })).toBe("undo");
		expect(history_key({ key: "z", metaKey: true })).toBe("undo");
		expect(history_key({ key: "Z", ctrlKey: true, shiftKey: true })).toBe("redo");
		expect(history_key({ key: "z", metaKey: true, shiftKey: true })).toBe("redo");
		expect(history_key({ key: "y", ctrlKey: true })).toBe("redo");
		expect(history_key({ key: "z" })).toBe(null);
		expect(history_key({ key: "z", ctrlKey: true, altKey: true })).toBe(null);
		expect(history_key({ key: "x", ctrlKey: true })).toBe(null);
	});
});

describe("keys on a focused entity", () => {
	test("Delete and Backspace delete it; number keys relabel it", () => {
		expect(entity_key_action(2, { key: "Delete" }, CHOICES)).toEqual({ type: "delete", index: 2 });
		expect(entity_key_action(0, { key: "Backspace" }, CHOICES)).toEqual({ type: "delete", index: 0 });
		expect(entity_key_action(1, { key: "3" }, CHOICES)).toEqual({ type: "relabel", index: 1, label: "ORG" });
	});

	test("other keys, and any key with Ctrl, Cmd or Alt, are not edits", () => {
		expect(entity_key_action(1, { key: "4" }, CHOICES)).toBe(null);
		expect(entity_key_action(1, { key: "a" }, CHOICES)).toBe(null);
		expect(entity_key_action(1, { key: "Enter" }, CHOICES)).toBe(null);
		expect(entity_key_action(1, { key: "1", ctrlKey: true }, CHOICES)).toBe(null);
		expect(entity_key_action(1, { key: "Delete", metaKey: true }, CHOICES)).toBe(null);
		expect(entity_key_action(1, { key: "2", altKey: true }, CHOICES)).toBe(null);
	});
});

test("a pick in the popover adds over its range or relabels its entity", () => {
	expect(pick_action({ mode: "add", start: 14, end: 17 }, "VERB")).toEqual({ type: "add", start: 14, end: 17, label: "VERB" });
	expect(pick_action({ mode: "edit", index: 1 }, "GPE")).toEqual({ type: "relabel", index: 1, label: "GPE" });
});

describe("outcome", () => {
	const s = init_edits(TEXT, [merkel, paris]);
	const run = (action: EditAction) => outcome(action, apply_edit(s, action));

	test("a refused edit shows why", () => {
		expect(run({ type: "delete", index: 5 })).toEqual({
			kind: "refused",
			status: "delete: entity index 5 is out of range (0..1)"
		});
	});

	test("an edit that changes nothing keeps focus on its entity, or on nothing", () => {
		expect(run({ type: "relabel", index: 1, label: "LOC" })).toEqual({ kind: "unchanged", focus: 1 });
		expect(run({ type: "undo" })).toEqual({ kind: "unchanged", focus: null });
		expect(run({ type: "redo" })).toEqual({ kind: "unchanged", focus: null });
	});

	test("a change carries the new state, what it did, and where focus goes", () => {
		const o = run({ type: "add", start: 14, end: 17, label: "VERB" });
		expect(o.kind).toBe("changed");
		if (o.kind !== "changed") return;
		expect(o.status).toBe('Added VERB "met"');
		expect(o.focus).toBe(1);
		expect(o.state.entities.map((e) => e.label)).toEqual(["PER", "VERB", "LOC"]);
		const del = run({ type: "delete", index: 1 });
		expect(del).toMatchObject({ kind: "changed", status: 'Deleted LOC "Paris"', focus: 0 });
	});
});
