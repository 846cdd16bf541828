/**
 * The owner of the component's value: the only code that reads Gradio's `value`
 * prop. Every value that arrives becomes an immutable snapshot (a version, the
 * wire value as a plain object, the validated doc, and the edit history that
 * produced it, if an edit did); the panel draws snapshots and never sees what
 * Gradio handed over.
 *
 * Three things about Gradio's values are handled here and nowhere else:
 *
 * - Telling a new value from one sent again. Gradio streams a generator's output
 *   by mutating the previous value object in place and passing the same object
 *   back, sends the final value once more when the generator completes, and hands
 *   back the value an edit sent after a round trip through Python. Neither
 *   identity nor a new object says whether a value is new: a fingerprint of its
 *   content does. A value whose fingerprint equals the current one's is no new
 *   value: nothing is drawn again, no `change`, and the current snapshot (with
 *   the edit history that made it) stays.
 * - Reactive proxies. Gradio keeps props in deeply reactive state; for a
 *   document with 100,000 entities a walk through that proxy costs seconds. The
 *   value is kept and handed out as a plain object, and the prop is never read
 *   again after construction.
 * - The value given at construction. It may sit behind the host's own proxy
 *   (another Svelte runtime's, which this one cannot see through): it is drawn
 *   from what was handed over, and a plain copy, made a slice at a time while the
 *   page is idle, takes its place without anything being drawn again.
 */
import { untrack } from "svelte";
import { doc_after_edit, to_doc } from "./doc";
import type { DocResult } from "./doc";
import type { EditState } from "./edits";
import type { PanelData } from "./types";

export type WireValue = PanelData | string | null;

// ---- the fingerprint ---------------------------------------------------------

// a number is hashed by its exact bits, without turning it into a string
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const FNV_PRIME = 0x01000193;

/** A fingerprint of a value's content: text, sentiment, and every entity's and sentence's fields. */
export function fingerprint(v: unknown): string {
	if (v === null || typeof v !== "object") return `${typeof v}:${String(v)}`;
	let h = 0x811c9dc5;
	const str = (s: string): void => {
		for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
		h = Math.imul(h ^ 0x1f, FNV_PRIME);
	};
	const num = (x: number): void => {
		if ((x | 0) === x) {
			h = Math.imul(h ^ x, FNV_PRIME);
		} else {
			bits[0] = x;
			h = Math.imul(Math.imul(h ^ words[0], FNV_PRIME) ^ words[1], FNV_PRIME);
		}
		h = Math.imul(h ^ 0x2f, FNV_PRIME);
	};
	const mix = (x: unknown): void => {
		if (typeof x === "string") str(x);
		else if (typeof x === "number") num(x);
		else if (x === null || x === undefined) h = Math.imul(h ^ 0x3f, FNV_PRIME);
		else str(JSON.stringify(x) ?? "u");
	};
	const sentiment = (x: unknown): void => {
		if (!x || typeof x !== "object" || Array.isArray(x)) return mix(x);
		const s = x as Record<string, unknown>;
		mix(s.label);
		mix(s.score);
		const scores = s.scores;
		if (scores && typeof scores === "object" && !Array.isArray(scores)) {
			for (const k in scores) {
				str(k);
				mix((scores as Record<string, unknown>)[k]);
			}
		} else mix(scores);
	};
	const d = v as Record<string, unknown>;
	mix(d.text);
	sentiment(d.sentiment ?? null);
	for (const key of ["entities", "sentences"]) {
		const list = d[key];
		if (!Array.isArray(list)) {
			mix(key + "?");
			continue;
		}
		mix(key + list.length);
		for (const e of list as Record<string, unknown>[]) {
			if (!e || typeof e !== "object") {
				mix(e);
				continue;
			}
			mix(e.start);
			mix(e.end);
			mix(e.label ?? "");
			mix(e.score ?? null);
			sentiment(e.sentiment ?? null);
		}
	}
	return `${typeof d.text === "string" ? d.text.length : -1}:${h >>> 0}`;
}

// ---- the idle copy -------------------------------------------------------------

/** List items copied per idle step. */
const SLICE = 2000;

export type Idle = (step: (deadline?: { timeRemaining(): number }) => void) => () => void;

const when_idle: Idle = (step) => {
	if (typeof requestIdleCallback === "function") {
		const id = requestIdleCallback(step, { timeout: 1000 });
		return () => cancelIdleCallback(id);
	}
	const id = setTimeout(step, 0);
	return () => clearTimeout(id);
};

function json_copy<T>(v: T): T {
	return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/**
 * Copy `value` in idle steps, then call `done` with the copy. Every read through
 * a proxy runs a trap, and a document with 20,000 entities has over 100,000
 * fields: reading them at once would hold the page for a noticeable moment. The
 * copy is a JSON round trip (the value came as JSON), top-level field by field,
 * lists in slices. Returns a function that stops the copy; `done` is then never called.
 */
export function copy_when_idle(value: object, done: (copy: Record<string, unknown>) => void, idle: Idle = when_idle): () => void {
	const source = value as Record<string, unknown>;
	const keys = Object.keys(source);
	const copy: Record<string, unknown> = {};
	let k = 0; // next field
	let list: unknown[] | null = null; // the list being copied, and how far
	let from = 0;
	let cancel_step: (() => void) | null = null;
	let stopped = false;

	/** one slice of work; false when the copy is complete */
	const work = (): boolean => {
		if (!list) {
			if (k >= keys.length) return false;
			const v = source[keys[k]];
			if (!Array.isArray(v) || v.length <= SLICE) {
				copy[keys[k]] = json_copy(v);
				return ++k < keys.length;
			}
			list = [];
			copy[keys[k]] = list;
			from = 0;
		}
		const src = source[keys[k]] as unknown[];
		const to = Math.min(src.length, from + SLICE);
		for (const item of json_copy(src.slice(from, to))) list.push(item);
		from = to;
		if (from < src.length) return true;
		list = null;
		return ++k < keys.length;
	};

	const step = (deadline?: { timeRemaining(): number }): void => {
		cancel_step = null;
		if (stopped) return;
		let more = work();
		while (more && deadline && deadline.timeRemaining() > 8) more = work();
		if (more) cancel_step = idle(step);
		else done(copy);
	};
	cancel_step = idle(step);
	return () => {
		stopped = true;
		cancel_step?.();
	};
}

// ---- snapshots -----------------------------------------------------------------

/**
 * One value as the panel draws it. Never changes: a new value is a new snapshot.
 * The doc and the fingerprint are worked out when first asked for, once.
 */
export class ValueSnapshot {
	/** bumped for every new value; a plain copy of the same value keeps it */
	readonly version: number;
	/** the wire value, a plain object (or a string, or null) that nothing mutates */
	readonly value: WireValue;
	/** the edit history whose last step is this value; null for a value that came from outside */
	readonly edits: EditState | null;
	#doc: DocResult | undefined;
	#fingerprint: string | undefined;
	#entities: readonly unknown[] | undefined;

	constructor(version: number, value: unknown, edits: EditState | null = null, known: { doc?: DocResult; fingerprint?: string } = {}) {
		this.version = version;
		this.value = (value ?? null) as WireValue;
		this.edits = edits;
		this.#doc = known.doc;
		this.#fingerprint = known.fingerprint;
		Object.freeze(this);
	}

	/** the value validated, with UTF-16 offsets, or the error that names what is wrong */
	get doc(): DocResult {
		return (this.#doc ??= to_doc(this.value));
	}

	get fingerprint(): string {
		return (this.#fingerprint ??= fingerprint(this.value));
	}

	/**
	 * The wire value's entities in a plain array of its own (empty when it has none):
	 * the list is read once, through whatever proxy holds it, and then walked for free.
	 */
	get entities(): readonly unknown[] {
		if (this.#entities === undefined) {
			const v = this.value;
			const list = v !== null && typeof v === "object" ? v.entities : undefined;
			this.#entities = Array.isArray(list) ? list.slice() : [];
		}
		return this.#entities;
	}

	/** this value held as `copy`, a plain copy of it: the same version, doc and fingerprint */
	held_as(copy: unknown): ValueSnapshot {
		return new ValueSnapshot(this.version, copy, this.edits, { doc: this.#doc, fingerprint: this.#fingerprint });
	}
}

/** A value with an identity of its own: objects are copied shallowly, so the sender's later changes to its fields stay its own. */
function own_copy<T>(raw: T): T {
	return raw && typeof raw === "object" && !Array.isArray(raw) ? { ...raw } : raw;
}

/**
 * Whether `a` and `b` are the same object. (Object.is, not `===`: in a rune module the
 * latter warns when it compares a reactive proxy with the object behind it, and telling
 * the two apart is the point here.)
 */
function identical(a: unknown, b: unknown): boolean {
	return Object.is(a, b);
}

// ---- the owner -----------------------------------------------------------------

export class ValueOwner {
	#snapshot: ValueSnapshot;
	#stop_copy: (() => void) | null = null;

	/** the owner of `value`, a plain value given at construction (version 0) */
	constructor(value: unknown = null) {
		this.#snapshot = $state.raw(new ValueSnapshot(0, value));
	}

	/**
	 * The owner of the value Gradio gives at construction. `given` is the
	 * component's own props (what Gradio handed over), `held` Gradio's reactive
	 * props of the component, which took the value over.
	 */
	static given(given: { props: { value?: unknown } }, held: { value?: unknown }, idle: Idle = when_idle): ValueOwner {
		const raw = untrack(() => given.props.value);
		if (raw === null || typeof raw !== "object") return new ValueOwner(raw);
		const proxied = untrack(() => held.value);
		// The prop wraps what Gradio handed over in a proxy of its own, unless that was a proxy
		// of this runtime already: then it is copied out at once, with a JSON round trip (the
		// browser's own walk is several times faster than $state.snapshot).
		if (identical(raw, proxied)) return new ValueOwner(json_copy(proxied));
		// Otherwise it is drawn as it is. It may itself sit behind the host's reactive proxy:
		// a plain copy made while the page is idle takes its place, and nothing is drawn again.
		const owner = new ValueOwner(raw);
		const first = owner.#snapshot;
		owner.#stop_copy = copy_when_idle(
			raw,
			(copy) => {
				owner.#stop_copy = null;
				if (owner.#snapshot === first) owner.#snapshot = first.held_as(copy);
			},
			idle
		);
		return owner;
	}

	/** the current value */
	get snapshot(): ValueSnapshot {
		return this.#snapshot;
	}

	/** the current wire value, plain, for Gradio (get_data) */
	get wire(): WireValue {
		return this.#snapshot.value;
	}

	/**
	 * A value from Gradio. It becomes the current value when its content differs
	 * from the current value's; true then.
	 */
	arrive(raw: unknown): boolean {
		const print = fingerprint(raw);
		if (print === this.#snapshot.fingerprint) return false;
		// fingerprinted now: Gradio may change the object it handed over, in place, later
		this.#replace(new ValueSnapshot(this.#snapshot.version + 1, own_copy(raw), null, { fingerprint: print }));
		return true;
	}

	/**
	 * The panel's edit: `value`, the result of `edits`' last step, becomes the current
	 * value, and keeps that history while what arrives next has its content. (Its
	 * fingerprint is worked out when a value next arrives, not while the person waits.)
	 * Its doc is the current one with the edited entities: what the edit left alone is
	 * neither checked nor converted again.
	 */
	edit(value: PanelData, edits: EditState): void {
		const prev = this.#snapshot;
		const was = prev.doc;
		const doc = was.ok ? doc_after_edit(was.doc, prev.value, value, prev.entities) : undefined;
		this.#replace(new ValueSnapshot(prev.version + 1, value, edits, { doc }));
	}

	/** no value any more (the clear button) */
	clear(): void {
		this.#replace(new ValueSnapshot(this.#snapshot.version + 1, null));
	}

	#replace(next: ValueSnapshot): void {
		this.#stop_copy?.();
		this.#stop_copy = null;
		this.#snapshot = next;
	}
}
