/**
 * The component's side of Gradio: its props and events, and a value that is
 * drawn and handed back as the plain object that arrived (see
 * value_identity.ts), with one `change` for every new value, whether from
 * Python, from a stream or from an edit.
 */
import { untrack } from "svelte";
import { Gradio } from "@gradio/utils";
import type { CustomButton, SelectData } from "@gradio/utils";
import type { ILoadingStatus } from "@gradio/statustracker";
import type { PanelData } from "./types";
import { same_content } from "./doc";
import { copy_when_idle } from "./plain_copy";
import { CurrentValue, identical, own_copy } from "./value_identity";

/**
 * Runs `start` once in an effect of this bundle's Svelte runtime, that is after the synchronous
 * set-up of the calling component and of whatever mounts it, and what `start` returns when that
 * component is destroyed. Called while a component of this runtime is being set up.
 */
export function after_mounting(start: () => () => void): void {
	$effect(() => untrack(start));
}

export interface PanelProps {
	value: PanelData | string | null;
	color_map: Record<string, string> | null;
	labels: string[] | null;
	show_legend: boolean;
	show_sentiment: boolean;
	show_sentences: boolean;
	show_scores: boolean;
	show_attributions: boolean;
	show_summary: boolean;
	show_inline_category: boolean;
	/** applied in Python: entities come without the white space at their edges */
	show_whitespaces: boolean;
	rtl: boolean;
	/** "copy" and the custom gr.Buttons of the corner (Gradio 6.2 and newer hand those over) */
	buttons: (string | CustomButton)[] | null;
	min_score: number;
}

export interface PanelEvents {
	change: never;
	select: SelectData;
	input: never;
	clear: never;
	clear_status: ILoadingStatus;
	/** a custom gr.Button of the corner was pressed: Gradio runs that button's `.click` */
	custom_button_click: { id: number };
}

export class PanelGradio extends Gradio<PanelEvents, PanelProps> {
	/** bumped for every new value */
	version = $state(0);
	private current = new CurrentValue();
	/** the value given at construction, as Gradio handed it over, while no other value has come */
	private initial: { source: { props: { value?: unknown } }; raw: unknown } | null = null;

	constructor(...args: ConstructorParameters<typeof Gradio<PanelEvents, PanelProps>>) {
		super(...args);
		// A value given at construction (or by examples) arrives as a prop, in Gradio's deeply
		// reactive state: every read of it goes through a proxy. Draw and hand back the plain
		// object instead while the prop holds that value.
		const held = untrack(() => this.props.value);
		if (held !== null && typeof held === "object") {
			const source = args[0] as unknown as { props: { value?: unknown } };
			const raw = untrack(() => source.props.value);
			// The prop wraps what Gradio handed over in a proxy of its own unless that was a
			// proxy already: then the value is copied out, with a JSON round trip (it came as
			// JSON, and the browser's own walk is several times faster than $state.snapshot).
			const plain = !identical(raw, held) && raw !== null && typeof raw === "object" ? raw : (JSON.parse(JSON.stringify(held)) as unknown);
			this.current.accept(plain, held);
			this.version = this.current.count;
			this.initial = { source, raw };
			// what Gradio handed over may itself sit behind its reactive proxy: a plain copy,
			// made while the page is idle, takes its place (nothing is drawn again for it)
			if (identical(plain, raw)) this.stop_copy = copy_when_idle(raw, (copy) => this.adopt(raw, copy));
		}
	}

	/** bumped when the current value is replaced by a plain copy of itself */
	private copies = $state(0);
	private stop_copy: (() => void) | null = null;

	private adopt(raw: object, copy: object): void {
		this.stop_copy = null;
		if (!this.initial || !identical(this.initial.raw, raw) || !this.current.read_plain_is(raw)) return;
		same_content(copy, raw);
		this.current.swap(copy);
		this.copies++;
	}

	/**
	 * `held`, the prop's value, after noting whether it holds the value given at
	 * construction again: Gradio's own effect assigns its props once more after
	 * mounting, and the same object then comes back behind a new reactive proxy.
	 */
	private rehold(held: unknown): unknown {
		const initial = this.initial;
		if (!initial || held === null || typeof held !== "object" || this.current.holds(held)) return held;
		if (identical(untrack(() => initial.source.props.value), initial.raw)) this.current.rehold(held);
		return held;
	}

	set_data(data: Partial<PanelProps> & Record<string, unknown>): void {
		if (!data || !Object.prototype.hasOwnProperty.call(data, "value")) {
			super.set_data(data as never);
			return;
		}
		const { value, ...rest } = data;
		// a mark for profiling in the browser's performance tools (see benchmarks/render.py)
		if (typeof performance !== "undefined") performance.mark?.("sentimentpanel:value");
		if (this.current.is_new(value)) this.replace_value(value, rest);
		else if (Object.keys(rest).length) super.set_data(rest as never);
	}

	/** make `raw` the current value: always a new value (an edit, or one from Python) */
	replace_value(raw: unknown, data: Record<string, unknown> = {}): void {
		this.initial = null;
		this.stop_copy?.();
		this.stop_copy = null;
		const value = own_copy(raw);
		super.set_data({ ...data, value } as never);
		this.current.accept(value, untrack(() => this.props.value));
		this.version = this.current.count;
	}

	/** the current value as a plain object, without walking a reactive proxy */
	current_value(): PanelData | string | null {
		void this.version;
		void this.copies;
		return this.current.read(this.rehold(this.props.value)) as PanelData | string | null;
	}

	async get_data(): Promise<PanelProps> {
		const held = this.rehold(untrack(() => this.props.value));
		if (!this.current.holds(held)) return super.get_data() as Promise<PanelProps>;
		const out: Record<string, unknown> = {};
		for (const key of Object.keys(this.props)) {
			if (key !== "value") out[key] = $state.snapshot((this.props as unknown as Record<string, unknown>)[key]);
		}
		out.value = this.current.read(held);
		return out as unknown as PanelProps;
	}

	/** `change` once for every new value */
	watch_for_change(): void {
		let seen = untrack(() => this.version); // the value given at construction is not a change
		$effect(() => {
			const n = this.version;
			if (n !== seen) {
				seen = n;
				this.dispatch("change");
			}
		});
	}

	/** a user edit: the edited value becomes the value; `input`, then `change` */
	edit(next: PanelData): void {
		this.replace_value(next);
		this.dispatch("input");
	}

	/** the clear button: the panel empties, as Gradio's own inputs do */
	clear(): void {
		this.replace_value(null);
		this.dispatch("clear");
		this.dispatch("input");
	}

	/** `select` with the entity's index and the entity as it was sent */
	select(index: number): void {
		const v = this.current_value();
		const entity = typeof v === "object" && v ? v.entities?.[index] : undefined;
		if (entity) this.dispatch("select", { index, value: $state.snapshot(entity) });
	}
}
