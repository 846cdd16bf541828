/**
 * Telling a new value from one Gradio sends again, and keeping the current
 * value as the plain object that arrived.
 *
 * Gradio streams a generator's output by mutating the previous value object in
 * place and passing the same object back, and sends the final value once more
 * when the generator completes: neither identity nor a new object says whether
 * a value is new, so a cheap fingerprint of its content decides.
 *
 * Gradio also keeps props in deeply reactive state and snapshots them on
 * every status update; for a document with 100,000 entities that walk costs
 * seconds. The value is only ever replaced, never mutated by the panel, so the
 * plain object is handed out for as long as the prop still holds it.
 */

// a number is hashed by its exact bits, without turning it into a string
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const FNV_PRIME = 0x01000193;

/** A fingerprint of a value's content: text, sentiment, and every entity's and sentence's fields. */
export function signature(v: unknown): string {
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

/**
 * Whether `a` and `b` are the same object. (Written here, outside rune code, so that
 * comparing a reactive proxy with the object behind it is not flagged as a mistake:
 * telling the two apart is the point.)
 */
export function identical(a: unknown, b: unknown): boolean {
	return a === b;
}

/** A value with an identity of its own, so a view keyed on identity recomputes: objects are copied shallowly. */
export function own_copy<T>(raw: T): T {
	return raw && typeof raw === "object" && !Array.isArray(raw) ? { ...raw } : raw;
}

/** Whether `b` is `a` or a shallow copy of it (the same fields holding the same things). */
function same_fields(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (!a || !b || typeof a !== "object" || typeof b !== "object") return false;
	const keys = Object.keys(a);
	const other = b as Record<string, unknown>;
	return keys.length === Object.keys(b).length && keys.every((k) => (a as Record<string, unknown>)[k] === other[k]);
}

/** The component's current value: whether an arriving value is new, and the plain object behind the prop. */
export class CurrentValue {
	/** how many values have been made current */
	count = 0;
	/** the current value's fingerprint; null until a value arrives to compare it with */
	private last: string | null = "";
	private plain: unknown = undefined;
	private held: unknown = undefined;

	/** the last value `is_new` fingerprinted, so `accept` need not walk it again */
	private checked: { raw: unknown; sig: string } | null = null;

	/** whether `raw` differs from the current value; the first value always does */
	is_new(raw: unknown): boolean {
		const sig = signature(raw);
		this.checked = { raw, sig };
		if (this.last === null) this.last = signature(this.plain);
		return this.count === 0 || sig !== this.last;
	}

	/** make `value` current; `held` is what the prop holds for it (Gradio's reactive proxy of it) */
	accept(value: unknown, held: unknown): void {
		const checked = this.checked;
		this.checked = null;
		// an edit's value is fingerprinted only when a value next arrives, not while the person waits
		this.last = checked && same_fields(checked.raw, value) ? checked.sig : null;
		this.plain = value;
		this.held = held;
		this.count++;
	}

	/** whether the current value is `value` itself */
	read_plain_is(value: unknown): boolean {
		return this.plain === value;
	}

	/** the current value becomes `copy`, a plain copy of it (same content, same fingerprint) */
	swap(copy: unknown): void {
		this.plain = copy;
	}

	/** the prop holds the current value again, behind `held` (a new proxy of the same object) */
	rehold(held: unknown): void {
		this.held = held;
	}

	/** whether the prop, holding `held`, still holds the current value */
	holds(held: unknown): boolean {
		return held !== undefined && held === this.held;
	}

	/** the value for a prop holding `held`: the plain object while it is the current value */
	read(held: unknown): unknown {
		return this.holds(held) ? this.plain : held;
	}
}
