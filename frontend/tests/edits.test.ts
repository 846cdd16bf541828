import { describe, expect, test } from "vitest";
import {
	HISTORY_LIMIT,
	apply_edit,
	can_redo,
	can_undo,
	edited_value,
	init_edits,
	label_choices,
	type EditAction,
	type EditResult,
	type EditState
} from "../shared/edits";
import { slice_code_points } from "../shared/offsets";
import { entity_order } from "../shared/order";
import type { Entity } from "../shared/types";

const TEXT = "Angela Merkel met Emmanuel Macron in Paris.";
const merkel: Entity = { start: 0, end: 13, label: "PER", score: 0.99, sentiment: { label: "POSITIVE", score: 0.8 } };
const macron: Entity = { start: 18, end: 33, label: "PER", score: 0.97, sentiment: null };
const paris: Entity = { start: 37, end: 42, label: "LOC", score: 0.95, sentiment: { label: "NEUTRAL", score: 0.6 } };

function fresh(): EditState {
	return init_edits(TEXT, [merkel, macron, paris]);
}

/** apply an action that must succeed */
function ok(state: EditState, action: EditAction): Extract<EditResult, { ok: true }> {
	const r = apply_edit(state, action);
	if (!r.ok) throw new Error(`expected ${JSON.stringify(action)} to succeed, got: ${r.error}`);
	return r;
}

/** apply an action that must be refused; returns the error */
function refused(state: EditState, action: EditAction): string {
	const r = apply_edit(state, action);
	expect(r.ok).toBe(false);
	if (r.ok) return "";
	expect(r.state).toBe(state); // nothing changed, not even history
	return r.error;
}

const words = (s: EditState): [string, string][] =>
	s.entities.map((e) => [slice_code_points(s.text, e.start, e.end), e.label]);

function sorted(entities: readonly Entity[]): boolean {
	for (let k = 1; k < entities.length; k++) {
		if (entity_order(entities[k - 1], entities[k]) > 0) return false;
	}
	return true;
}

describe("add", () => {
	test("a new entity has no score or sentiment and lands in start order", () => {
		const r = ok(fresh(), { type: "add", start: 27, end: 33, label: "PER" }); // "Macron"
		expect(r.changed).toBe(true);
		expect(words(r.state)).toEqual([
			["Angela Merkel", "PER"],
			["Emmanuel Macron", "PER"],
			["Macron", "PER"],
			["Paris", "LOC"]
		]);
		expect(r.index).toBe(2);
		expect(r.state.entities[2]).toEqual({ start: 27, end: 33, label: "PER", score: null, sentiment: null });
		expect(r.message).toBe('Added PER "Macron"');
	});

	test("other entities keep their very objects, and the text is untouched", () => {
		const s = fresh();
		const r = ok(s, { type: "add", start: 14, end: 17, label: "VERB" });
		expect(r.state.text).toBe(TEXT);
		expect(r.state.entities.filter((e) => e !== r.state.entities[r.index!])).toEqual([merkel, macron, paris]);
		expect(r.state.entities[0]).toBe(merkel);
		expect(r.state.entities[2]).toBe(macron);
		expect(r.state.entities[3]).toBe(paris);
		expect(s.entities).toEqual([merkel, macron, paris]); // the old state is not mutated
	});

	test("nested and overlapping entities: same start sorts longer first", () => {
		let s = init_edits(TEXT, []);
		s = ok(s, { type: "add", start: 18, end: 26, label: "FIRST" }).state; // Emmanuel
		const outer = ok(s, { type: "add", start: 18, end: 33, label: "PER" }); // Emmanuel Macron
		expect(outer.index).toBe(0);
		s = outer.state;
		const cross = ok(s, { type: "add", start: 27, end: 36, label: "X" }); // "Macron in"
		expect(cross.index).toBe(2);
		s = cross.state;
		expect(words(s)).toEqual([
			["Emmanuel Macron", "PER"],
			["Emmanuel", "FIRST"],
			["Macron in", "X"]
		]);
		expect(sorted(s.entities)).toBe(true);
	});

	test("same offsets, another label: both kept, the new one after the old one", () => {
		const r = ok(fresh(), { type: "add", start: 37, end: 42, label: "GPE" });
		expect(words(r.state).slice(2)).toEqual([
			["Paris", "LOC"],
			["Paris", "GPE"]
		]);
		expect(r.index).toBe(3);
	});

	test("the label is trimmed", () => {
		const r = ok(fresh(), { type: "add", start: 14, end: 17, label: "  EVENT \n" });
		expect(r.state.entities[r.index!].label).toBe("EVENT");
	});

	test("offsets are code points: an entity after emoji and CJK", () => {
		const text = "👩‍👩‍👧 在东京 met Ada";
		// Python: text.index("Ada") == 14, text.index("东京") == 7
		const s = init_edits(text, []);
		expect(s.length).toBe(Array.from(text).length);
		const r1 = ok(s, { type: "add", start: 14, end: 17, label: "PER" });
		const r2 = ok(r1.state, { type: "add", start: 7, end: 9, label: "LOC" });
		expect(words(r2.state)).toEqual([
			["东京", "LOC"],
			["Ada", "PER"]
		]);
		expect(r2.message).toBe('Added LOC "东京"');
	});

	test.each([
		[{ start: 5, end: 5 }, "start 5 is not before end 5"],
		[{ start: 9, end: 4 }, "start 9 is not before end 4"],
		[{ start: -1, end: 4 }, "-1:4 is outside the text (0..43)"],
		[{ start: 40, end: 44 }, "40:44 is outside the text (0..43)"],
		[{ start: 1.5, end: 4 }, "start 1.5 is not an integer"],
		[{ start: 0, end: Number.NaN }, "end NaN is not an integer"],
		[{ start: 13, end: 14 }, "13:14 covers only white space"]
	])("refuses %j", (range, message) => {
		const error = refused(fresh(), { type: "add", label: "PER", ...range });
		expect(error).toContain(message);
	});

	test.each([[""], ["   "], [null], [undefined], [42]])("refuses the label %j", (label) => {
		const error = refused(fresh(), { type: "add", start: 14, end: 17, label: label as string });
		expect(error).toMatch(/label .* is empty/);
	});

	test("refuses an exact duplicate and names the entity it duplicates", () => {
		expect(refused(fresh(), { type: "add", start: 37, end: 42, label: "LOC" })).toBe(
			'add: LOC "Paris" is already entity 2'
		);
	});
});

describe("relabel", () => {
	test("only the label changes and the model score goes; sentiment stays", () => {
		const s = fresh();
		const r = ok(s, { type: "relabel", index: 0, label: "ORG" });
		expect(r.state.entities[0]).toEqual({ ...merkel, label: "ORG", score: null });
		expect(r.state.entities[0].sentiment).toBe(merkel.sentiment);
		expect(r.state.entities[1]).toBe(macron);
		expect(r.state.entities[2]).toBe(paris);
		expect(r.index).toBe(0);
		expect(r.message).toBe('Relabelled "Angela Merkel" from PER to ORG');
		expect(merkel.score).toBe(0.99); // the original object is untouched
	});

	test("the same label again is not an edit: no history, score kept", () => {
		const s = fresh();
		const r = ok(s, { type: "relabel", index: 2, label: " LOC " });
		expect(r.changed).toBe(false);
		expect(r.state).toBe(s);
		expect(r.state.entities[2].score).toBe(0.95);
		expect(can_undo(r.state)).toBe(false);
	});

	test.each([
		[3, "relabel: entity index 3 is out of range (0..2)"],
		[-1, "relabel: entity index -1 is out of range (0..2)"],
		[0.5, "relabel: entity index 0.5 is not an integer"],
		["0", 'relabel: entity index "0" is not an integer']
	])("refuses index %j", (index, message) => {
		expect(refused(fresh(), { type: "relabel", index: index as number, label: "ORG" })).toBe(message);
	});

	test("refuses an empty label", () => {
		expect(refused(fresh(), { type: "relabel", index: 0, label: " " })).toContain("is empty");
	});
});

describe("delete", () => {
	test("removes exactly one entity; focus moves to the one that took its place", () => {
		const r = ok(fresh(), { type: "delete", index: 1 });
		expect(r.state.entities).toEqual([merkel, paris]);
		expect(r.state.entities[0]).toBe(merkel);
		expect(r.index).toBe(1);
		expect(r.message).toBe('Deleted PER "Emmanuel Macron"');
	});

	test("deleting the last focuses the one before; deleting the only one focuses nothing", () => {
		expect(ok(fresh(), { type: "delete", index: 2 }).index).toBe(1);
		const single = init_edits(TEXT, [paris]);
		const r = ok(single, { type: "delete", index: 0 });
		expect(r.state.entities).toEqual([]);
		expect(r.index).toBe(null);
	});

	test("refuses an index when there is nothing to delete", () => {
		expect(refused(init_edits(TEXT, []), { type: "delete", index: 0 })).toBe(
			"delete: entity index 0 is out of range (there are no entities)"
		);
	});
});

describe("undo and redo", () => {
	test("undo restores each earlier list in turn; redo replays them", () => {
		const s0 = fresh();
		const r1 = ok(s0, { type: "add", start: 14, end: 17, label: "VERB" });
		const r2 = ok(r1.state, { type: "relabel", index: 0, label: "ORG" });
		const r3 = ok(r2.state, { type: "delete", index: 2 });
		let s = r3.state;
		expect(can_undo(s)).toBe(true);
		expect(can_redo(s)).toBe(false);

		const u1 = ok(s, { type: "undo" });
		expect(u1.state.entities).toEqual(r2.state.entities);
		expect(u1.index).toBe(2); // the deleted entity is back and focused
		expect(u1.message).toBe(`Undone: ${r3.message}`);
		const u2 = ok(u1.state, { type: "undo" });
		expect(u2.state.entities).toEqual(r1.state.entities);
		expect(u2.state.entities[0].score).toBe(0.99); // the model score is back
		expect(u2.index).toBe(0);
		const u3 = ok(u2.state, { type: "undo" });
		expect(u3.state.entities).toEqual(s0.entities);
		s = u3.state;
		expect(can_undo(s)).toBe(false);
		expect(can_redo(s)).toBe(true);

		const nothing = ok(s, { type: "undo" });
		expect(nothing.changed).toBe(false);
		expect(nothing.state).toBe(s);
		expect(nothing.message).toBe("Nothing to undo");

		const d1 = ok(s, { type: "redo" });
		expect(d1.state.entities).toEqual(r1.state.entities);
		expect(d1.index).toBe(r1.index);
		const d2 = ok(d1.state, { type: "redo" });
		const d3 = ok(d2.state, { type: "redo" });
		expect(d3.state.entities).toEqual(r3.state.entities);
		expect(d3.message).toBe(`Redone: ${r3.message}`);
		expect(ok(d3.state, { type: "redo" }).changed).toBe(false);
		expect(d3.state.text).toBe(TEXT);
	});

	test("a new edit after undo clears redo", () => {
		const r1 = ok(fresh(), { type: "delete", index: 0 });
		const u = ok(r1.state, { type: "undo" });
		expect(can_redo(u.state)).toBe(true);
		const r2 = ok(u.state, { type: "relabel", index: 2, label: "GPE" });
		expect(can_redo(r2.state)).toBe(false);
		expect(ok(r2.state, { type: "redo" }).changed).toBe(false);
		expect(words(r2.state)).toEqual([
			["Angela Merkel", "PER"],
			["Emmanuel Macron", "PER"],
			["Paris", "GPE"]
		]);
	});

	test("undoing an add focuses a neighbour, or nothing when the list becomes empty", () => {
		const r = ok(fresh(), { type: "add", start: 14, end: 17, label: "VERB" });
		expect(ok(r.state, { type: "undo" }).index).toBe(1);
		const empty = ok(init_edits(TEXT, []), { type: "add", start: 0, end: 6, label: "PER" });
		expect(ok(empty.state, { type: "undo" }).index).toBe(null);
	});

	test(`history keeps the last ${HISTORY_LIMIT} steps by default`, () => {
		let s = init_edits(TEXT, [paris]);
		for (let k = 0; k < HISTORY_LIMIT + 50; k++) {
			s = ok(s, { type: "relabel", index: 0, label: `L${k}` }).state;
		}
		expect(s.past.length).toBe(HISTORY_LIMIT);
		let undone = 0;
		while (can_undo(s)) {
			s = ok(s, { type: "undo" }).state;
			undone++;
		}
		expect(undone).toBe(HISTORY_LIMIT);
		// the oldest reachable state is after the first 50 relabels
		expect(s.entities[0].label).toBe("L49");
	});

	test("a custom bound; 0 keeps no history", () => {
		let s = init_edits(TEXT, [merkel, macron, paris], 2);
		for (const index of [0, 1, 2]) s = ok(s, { type: "relabel", index, label: "X" }).state;
		s = ok(s, { type: "undo" }).state;
		s = ok(s, { type: "undo" }).state;
		expect(can_undo(s)).toBe(false);
		expect(s.entities.map((e) => e.label)).toEqual(["X", "PER", "LOC"]);
		const none = ok(init_edits(TEXT, [paris], 0), { type: "delete", index: 0 });
		expect(none.state.entities).toEqual([]);
		expect(can_undo(none.state)).toBe(false);
	});
});

test("a random sequence of edits keeps the list sorted and the text unchanged; undo walks back exactly", () => {
	let seed = 12345;
	const rand = (n: number): number => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed % n;
	};
	const text = "Ada 👩‍👩‍👧 met Linus in 東京 and Zürich, then Cairo القاهرة.";
	let s = init_edits(text, [], 1000);
	const history: (readonly Entity[])[] = [s.entities];
	for (let k = 0; k < 300; k++) {
		const n = s.entities.length;
		const pick = rand(3);
		let action: EditAction;
		if (pick === 0 || n === 0) {
			const a = rand(s.length);
			action = { type: "add", start: a, end: a + 1 + rand(6), label: ["PER", "LOC", "ORG"][rand(3)] };
		} else if (pick === 1) action = { type: "relabel", index: rand(n), label: ["PER", "LOC", "MISC"][rand(3)] };
		else action = { type: "delete", index: rand(n) };
		const r = apply_edit(s, action);
		if (!r.ok) continue; // out of range, white space only, duplicates: refused, fine
		expect(r.state.text).toBe(text);
		expect(sorted(r.state.entities)).toBe(true);
		if (r.changed) history.push(r.state.entities);
		s = r.state;
		// everything but the edited entity is the same object as before
		if (action.type === "relabel" && r.changed) {
			const before = history[history.length - 2];
			r.state.entities.forEach((e, i) => i !== action.index && expect(e).toBe(before[i]));
		}
	}
	for (let k = history.length - 2; k >= 0; k--) {
		s = ok(s, { type: "undo" }).state;
		expect(s.entities).toEqual(history[k]);
	}
	expect(can_undo(s)).toBe(false);
});

test("unknown actions are refused, not thrown", () => {
	const s = fresh();
	expect(refused(s, { type: "rename" } as unknown as EditAction)).toBe('unknown edit type "rename"');
	expect(refused(s, null as unknown as EditAction)).toBe("unknown edit null");
});

test("a duplicate is found by offsets and label, wherever it moved", () => {
	const r = ok(fresh(), { type: "add", start: 0, end: 6, label: "FIRST" });
	expect(refused(r.state, { type: "add", start: paris.start, end: paris.end, label: paris.label })).toBe(
		'add: LOC "Paris" is already entity 3'
	);
	expect(refused(r.state, { type: "add", start: 0, end: 6, label: "FIRST" })).toBe('add: FIRST "Angela" is already entity 1');
	expect(ok(r.state, { type: "add", start: paris.start, end: paris.end, label: "GPE" }).changed).toBe(true);
});

describe("label choices", () => {
	const entities = [paris, merkel, { ...macron, label: "ORG" }];
	const present = entities.map((e) => e.label);

	test("the labels parameter wins, its order kept, duplicates and blanks dropped", () => {
		expect(label_choices(["PER", "LOC", "PER", " ", "ORG"], present)).toEqual(["PER", "LOC", "ORG"]);
	});

	test("without labels (or an empty list): the labels present, sorted, once each", () => {
		expect(label_choices(null, present)).toEqual(["LOC", "ORG", "PER"]);
		expect(label_choices(undefined, [...present, " LOC "])).toEqual(["LOC", "ORG", "PER"]);
		expect(label_choices([], present)).toEqual(["LOC", "ORG", "PER"]);
		expect(label_choices(null, [])).toEqual([]);
	});
});

test("edited_value: the wire value with the edited entities, everything else as it was", () => {
	const value = { text: TEXT, entities: [merkel, macron, paris], sentiment: { label: "POSITIVE", score: 0.9 }, sentences: [] };
	const r = ok(init_edits(value.text, value.entities), { type: "delete", index: 0 });
	const out = edited_value(value, r.state);
	expect(out).toEqual({ ...value, entities: [macron, paris] });
	expect(value.entities).toEqual([merkel, macron, paris]);
	// a state of another document leaves the value alone
	expect(edited_value({ text: "other", entities: [] }, r.state)).toEqual({ text: "other", entities: [] });
});
