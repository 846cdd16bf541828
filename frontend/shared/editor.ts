/**
 * The interactive panel's controller, as plain data: which edit a key or a
 * label pick means, and what an applied edit leaves for the panel to do
 * (status, focus, an `input` event). The DOM side (selections, focus, the popover) stays in the panel.
 */
import type { EditAction, EditResult, EditState } from "./edits";

/** The keys of a keyboard event that the shortcuts look at. */
export interface KeyLike {
	key: string;
	ctrlKey?: boolean;
	metaKey?: boolean;
	shiftKey?: boolean;
	altKey?: boolean;
}

/** The label that number key "1".."9" picks among `choices`, or null. */
export function label_for_key(key: string, choices: readonly string[]): string | null {
	if (!/^[1-9]$/.test(key)) return null;
	return choices[Number(key) - 1] ?? null;
}

/**
 * Ctrl+Z (Cmd+Z on a Mac) undoes; Ctrl+Shift+Z, Cmd+Shift+Z and Ctrl+Y redo.
 * Anything else, including combinations with Alt, is not a history key.
 */
export function history_key(e: KeyLike): "undo" | "redo" | null {
	if (e.altKey || !(e.ctrlKey || e.metaKey)) return null;
	const key = e.key.toLowerCase();
	if (key === "z") return e.shiftKey ? "redo" : "undo";
	if (key === "y" && e.ctrlKey && !e.shiftKey) return "redo";
	return null;
}

/**
 * The edit a key on a focused entity means: Delete or Backspace deletes it,
 * "1".."9" give it that label choice. Null for any other key, and for keys
 * held with Ctrl, Cmd or Alt (those belong to the browser and the history).
 */
export function entity_key_action(index: number, e: KeyLike, choices: readonly string[]): EditAction | null {
	if (e.ctrlKey || e.metaKey || e.altKey) return null;
	if (e.key === "Delete" || e.key === "Backspace") return { type: "delete", index };
	const label = label_for_key(e.key, choices);
	return label === null ? null : { type: "relabel", index, label };
}

/** What the label popover is open for: a new entity over a range, or an existing entity. */
export type PopoverTarget = { mode: "add"; start: number; end: number } | { mode: "edit"; index: number };

/** The edit that picking `label` in the popover means. */
export function pick_action(target: PopoverTarget, label: string): EditAction {
	return target.mode === "add"
		? { type: "add", start: target.start, end: target.end, label }
		: { type: "relabel", index: target.index, label };
}

/** What the panel does after an edit was applied. */
export type Outcome =
	/** refused: show why, and leave everything else (an open popover too) as it is */
	| { kind: "refused"; status: string }
	/** nothing changed (the same label, nothing to undo): no event; focus goes back to `focus` */
	| { kind: "unchanged"; focus: number | null }
	/** a new state: show `status`, hand the edited value to Gradio, focus `focus` */
	| { kind: "changed"; state: EditState; status: string; focus: number | null };

/** The outcome of `result`, the result of applying `action`. */
export function outcome(action: EditAction, result: EditResult): Outcome {
	if (!result.ok) return { kind: "refused", status: result.error };
	if (!result.changed) {
		const focus = action.type === "relabel" || action.type === "delete" ? action.index : null;
		return { kind: "unchanged", focus };
	}
	return { kind: "changed", state: result.state, status: result.message, focus: result.index };
}
