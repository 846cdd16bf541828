/**
 * The edit reducer of the interactive panel: add, relabel and delete entities,
 * with bounded undo/redo. Pure data in, pure data out: no DOM, no Svelte.
 *
 * Offsets are Unicode code points, as on the wire. The text never changes, and
 * an edit touches only the entity it edits: a relabelled entity loses its model
 * score (it is now the person's label), a new one has neither score nor
 * sentiment, every other entity keeps its object as it was.
 *
 * Nothing here throws on bad input: a refused edit comes back as
 * `{ ok: false, error }` with the state unchanged, for the panel to show.
 */
import { code_point_length, slice_code_points } from "./offsets";
import { insertion_index } from "./order";
import type { Entity } from "./types";
import { t } from "./i18n.svelte";

/** Steps of undo history kept by default. */
export const HISTORY_LIMIT = 200;

/** One edit as history holds it: the entity lists on both sides, and where focus goes. */
export interface EditStep {
	before: readonly Entity[];
	after: readonly Entity[];
	/** entity to focus when the step is undone (index into `before`), null for none */
	focus_before: number | null;
	/** entity to focus when the step is done or redone (index into `after`), null for none */
	focus_after: number | null;
	/** what the step did, e.g. `Added PER "Paris"`, for a live region */
	description: string;
}

export interface EditState {
	/** the document text; edits never change it */
	readonly text: string;
	/** its length in code points (offsets run from 0 to this) */
	readonly length: number;
	/** the current entities, sorted by start then longer first */
	readonly entities: readonly Entity[];
	/** done steps, oldest first */
	readonly past: readonly EditStep[];
	/** undone steps, the next one to redo last */
	readonly future: readonly EditStep[];
	/** most steps kept in `past` */
	readonly limit: number;
}

export type EditAction =
	| { type: "add"; start: number; end: number; label: string }
	| { type: "relabel"; index: number; label: string }
	| { type: "delete"; index: number }
	| { type: "undo" }
	| { type: "redo" };

export type EditResult =
	| {
			ok: true;
			state: EditState;
			/** false when nothing changed (nothing to undo, same label): emit no event */
			changed: boolean;
			/** the entity focus should move to, as an index into `state.entities`, or null */
			index: number | null;
			/** what happened, for a live region ("" when nothing changed) */
			message: string;
	  }
	| {
			ok: false;
			/** the state, unchanged */
			state: EditState;
			/** why the edit was refused, naming the bad value */
			error: string;
	  };

/**
 * A fresh edit state for a document: no history. Call it again whenever a new
 * value arrives from Python. Entities are used as given (`to_doc` validates the
 * wire value); `limit` is the number of undo steps kept.
 */
export function init_edits(text: string, entities: readonly Entity[] | null | undefined, limit = HISTORY_LIMIT): EditState {
	const safe_limit = Number.isInteger(limit) && limit >= 0 ? limit : HISTORY_LIMIT;
	return {
		text,
		length: code_point_length(text),
		entities: Array.isArray(entities) ? entities.slice() : [],
		past: [],
		future: [],
		limit: safe_limit
	};
}

export function can_undo(state: EditState): boolean {
	return state.past.length > 0;
}

export function can_redo(state: EditState): boolean {
	return state.future.length > 0;
}

/** Index of the entity with these offsets and label in `entities`, or -1. */
function find_entity(entities: readonly Entity[], target: { start: number; end: number; label: string }): number {
	return entities.findIndex((e) => e.start === target.start && e.end === target.end && e.label === target.label);
}

/** The label as stored: surrounding white space removed. */
function clean_label(label: unknown): string | null {
	if (typeof label !== "string") return null;
	const trimmed = label.trim();
	return trimmed ? trimmed : null;
}

function quote(s: string): string {
	const short = s.length > 40 ? s.slice(0, 40) + "…" : s;
	return JSON.stringify(short);
}

function show(v: unknown): string {
	if (typeof v === "number") return String(v);
	if (v === undefined) return "undefined";
	try {
		return JSON.stringify(v) ?? String(v);
	} catch {
		return String(v);
	}
}

function refuse(state: EditState, error: string): EditResult {
	return { ok: false, state, error };
}

function check_index(state: EditState, what: string, index: unknown): string | null {
	if (typeof index !== "number" || !Number.isInteger(index)) {
		return `${what}: entity index ${show(index)} is not an integer`;
	}
	const n = state.entities.length;
	if (index < 0 || index >= n) {
		return n === 0
			? `${what}: entity index ${index} is out of range (there are no entities)`
			: `${what}: entity index ${index} is out of range (0..${n - 1})`;
	}
	return null;
}

function commit(state: EditState, step: EditStep): EditResult {
	const past = state.past.concat([step]);
	const dropped = Math.max(0, past.length - state.limit);
	return {
		ok: true,
		state: { ...state, entities: step.after, past: dropped ? past.slice(dropped) : past, future: [] },
		changed: true,
		index: step.focus_after,
		message: step.description
	};
}

function add(state: EditState, start: unknown, end: unknown, raw_label: unknown): EditResult {
	for (const [name, v] of [
		["start", start],
		["end", end]
	] as const) {
		if (typeof v !== "number" || !Number.isInteger(v)) {
			return refuse(state, `add: ${name} ${show(v)} is not an integer code-point offset`);
		}
	}
	const s = start as number;
	const e = end as number;
	if (s < 0 || e > state.length) {
		return refuse(state, `add: ${s}:${e} is outside the text (0..${state.length})`);
	}
	if (s >= e) {
		return refuse(state, `add: start ${s} is not before end ${e}; an entity needs at least one character`);
	}
	const piece = slice_code_points(state.text, s, e);
	if (!piece.trim()) {
		return refuse(state, t("sentimentpanel.only_whitespace", { start: s, end: e }));
	}
	const label = clean_label(raw_label);
	if (label === null) {
		return refuse(state, t("sentimentpanel.empty_label", { what: "add", label: show(raw_label) }));
	}
	const twin = find_entity(state.entities, { start: s, end: e, label });
	if (twin >= 0) {
		return refuse(state, t("sentimentpanel.duplicate", { label, quote: quote(piece), index: twin }));
	}
	const at = insertion_index(state.entities, s, e);
	const entity: Entity = { start: s, end: e, label, score: null, sentiment: null };
	const after = state.entities.slice(0, at).concat([entity], state.entities.slice(at));
	return commit(state, {
		before: state.entities,
		after,
		focus_before: state.entities.length ? Math.min(at, state.entities.length - 1) : null,
		focus_after: at,
		description: t("sentimentpanel.added", { label, quote: quote(piece) })
	});
}

function relabel(state: EditState, index: unknown, raw_label: unknown): EditResult {
	const bad = check_index(state, "relabel", index);
	if (bad) return refuse(state, bad);
	const i = index as number;
	const label = clean_label(raw_label);
	if (label === null) {
		return refuse(state, t("sentimentpanel.empty_label", { what: "relabel", label: show(raw_label) }));
	}
	const old = state.entities[i];
	if (old.label === label) {
		return { ok: true, state, changed: false, index: i, message: "" };
	}
	const after = state.entities.slice();
	after[i] = { ...old, label, score: null };
	const piece = slice_code_points(state.text, old.start, old.end);
	return commit(state, {
		before: state.entities,
		after,
		focus_before: i,
		focus_after: i,
		description: t("sentimentpanel.relabelled", { quote: quote(piece), old: old.label, label })
	});
}

function remove(state: EditState, index: unknown): EditResult {
	const bad = check_index(state, "delete", index);
	if (bad) return refuse(state, bad);
	const i = index as number;
	const old = state.entities[i];
	const after = state.entities.slice(0, i).concat(state.entities.slice(i + 1));
	return commit(state, {
		before: state.entities,
		after,
		focus_before: i,
		focus_after: after.length ? Math.min(i, after.length - 1) : null,
		description: t("sentimentpanel.deleted", { label: old.label, quote: quote(slice_code_points(state.text, old.start, old.end)) })
	});
}

function undo(state: EditState): EditResult {
	const step = state.past[state.past.length - 1];
	if (!step) return { ok: true, state, changed: false, index: null, message: t("sentimentpanel.nothing_to_undo") };
	return {
		ok: true,
		state: {
			...state,
			entities: step.before,
			past: state.past.slice(0, -1),
			future: state.future.concat([step])
		},
		changed: true,
		index: step.focus_before,
		message: t("sentimentpanel.undone", { what: step.description })
	};
}

function redo(state: EditState): EditResult {
	const step = state.future[state.future.length - 1];
	if (!step) return { ok: true, state, changed: false, index: null, message: t("sentimentpanel.nothing_to_redo") };
	return {
		ok: true,
		state: {
			...state,
			entities: step.after,
			past: state.past.concat([step]),
			future: state.future.slice(0, -1)
		},
		changed: true,
		index: step.focus_after,
		message: t("sentimentpanel.redone", { what: step.description })
	};
}

/** Apply one action. Never throws for bad actions: they come back as `{ ok: false, error }`. */
export function apply_edit(state: EditState, action: EditAction): EditResult {
	if (typeof action !== "object" || action === null) {
		return refuse(state, `unknown edit ${show(action)}`);
	}
	switch (action.type) {
		case "add":
			return add(state, action.start, action.end, action.label);
		case "relabel":
			return relabel(state, action.index, action.label);
		case "delete":
			return remove(state, action.index);
		case "undo":
			return undo(state);
		case "redo":
			return redo(state);
		default:
			return refuse(state, `unknown edit type ${show((action as { type?: unknown }).type)}`);
	}
}

/**
 * The label choices offered when adding or relabelling: the component's
 * `labels` parameter when it has any (its order kept, duplicates and empty
 * ones dropped), else `present`, the labels of the entities (each once, as
 * the doc lists them), sorted.
 */
export function label_choices(labels_prop: readonly string[] | null | undefined, present: readonly string[]): string[] {
	const seen = new Set<string>();
	const out: string[] = [];
	const take = (raw: unknown): void => {
		const label = clean_label(raw);
		if (label !== null && !seen.has(label)) {
			seen.add(label);
			out.push(label);
		}
	};
	if (Array.isArray(labels_prop)) labels_prop.forEach(take);
	if (out.length) return out;
	present.forEach(take);
	return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The value to hand back to Python: the original value with the edited
 * entities. A state made for another text (a stale one) leaves the value as is.
 */
export function edited_value<T extends { text: string; entities?: Entity[] }>(value: T, state: EditState): T {
	if (value.text !== state.text) return value;
	return { ...value, entities: state.entities.slice() };
}
