/**
 * The component's side of Gradio: its props and events. The value is not among
 * the props it reads: Gradio hands it to the value's owner (value_owner.svelte.ts),
 * and there is one `change` for every new value, whether from Python, from a
 * stream or from an edit.
 */
import { untrack } from "svelte";
import { Gradio } from "@gradio/utils";
import type { CustomButton, SelectData } from "@gradio/utils";
import type { ILoadingStatus } from "@gradio/statustracker";
import type { EditState } from "./edits";
import type { PanelData } from "./types";
import { ValueOwner } from "./value_owner.svelte";

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
	/** the value: what Gradio hands over goes there, and Gradio's `value` prop is not read again */
	readonly value: ValueOwner;

	constructor(...args: ConstructorParameters<typeof Gradio<PanelEvents, PanelProps>>) {
		super(...args);
		this.value = ValueOwner.given(args[0] as unknown as { props: { value?: unknown } }, this.props);
	}

	set_data(data: Partial<PanelProps> & Record<string, unknown>): void {
		if (!data || !Object.prototype.hasOwnProperty.call(data, "value")) {
			super.set_data(data as never);
			return;
		}
		const { value, ...rest } = data;
		// a mark for profiling in the browser's performance tools (see benchmarks/render.py)
		if (typeof performance !== "undefined") performance.mark?.("sentimentpanel:value");
		this.value.arrive(value);
		if (Object.keys(rest).length) super.set_data(rest as never);
	}

	/** the props, with the value as its owner holds it (plain: no walk through a reactive proxy) */
	async get_data(): Promise<PanelProps> {
		const out: Record<string, unknown> = {};
		for (const key of Object.keys(this.props)) {
			if (key !== "value") out[key] = $state.snapshot((this.props as unknown as Record<string, unknown>)[key]);
		}
		out.value = this.value.wire;
		return out as unknown as PanelProps;
	}

	/** `change` once for every new value */
	watch_for_change(): void {
		let seen = untrack(() => this.value.snapshot.version); // the value given at construction is not a change
		$effect(() => {
			const n = this.value.snapshot.version;
			if (n !== seen) {
				seen = n;
				this.dispatch("change");
			}
		});
	}

	/** a user edit: the edited value, the last step of `edits`, becomes the value; `input`, then `change` */
	edit(next: PanelData, edits: EditState): void {
		this.value.edit(next, edits);
		this.dispatch("input");
	}

	/** the clear button: the panel empties, as Gradio's own inputs do */
	clear(): void {
		this.value.clear();
		this.dispatch("clear");
		this.dispatch("input");
	}

	/** `select` with the entity's index and the entity as it was sent */
	select(index: number): void {
		const v = this.value.wire;
		const entity = typeof v === "object" && v ? v.entities?.[index] : undefined;
		if (entity) this.dispatch("select", { index, value: $state.snapshot(entity) });
	}
}
