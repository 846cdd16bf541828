/**
 * A plain copy of a value that sits behind a reactive proxy, made a slice at a
 * time while the page is idle. Every read through a proxy runs a trap; a
 * document with 20,000 entities has over 100,000 fields, so reading them all
 * at once would hold the page for a noticeable moment, and reading them on
 * every edit would slow each edit. The copy is a JSON round trip (the value
 * came as JSON), top-level field by field, lists in slices.
 */

/** List items copied per step. */
const SLICE = 2000;

type Idle = (step: (deadline?: { timeRemaining(): number }) => void) => () => void;

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
 * Copy `value` (an object) in idle steps, then call `done` with the copy.
 * Returns a function that stops the copy; `done` is then never called.
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
