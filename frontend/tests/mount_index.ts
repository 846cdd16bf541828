/** Mounting the Gradio component as Gradio does: its props, set_data and get_data, the dispatcher. */
import { render } from "@testing-library/svelte";
import { vi } from "vitest";
import Index from "../Index.svelte";

export function mount(value: unknown, props: Record<string, unknown> = {}, interactive = false) {
	const dispatcher = vi.fn();
	let set_data: ((d: Record<string, unknown>) => void) | null = null;
	let get_data: (() => Promise<Record<string, unknown>>) | null = null;
	const result = render(Index, {
		props: {
			shared_props: {
				id: 7,
				label: "Entities",
				show_label: true,
				visible: true,
				container: true,
				interactive,
				dispatcher,
				register_component: (_id: number, s: typeof set_data, g: typeof get_data) => {
					set_data = s;
					get_data = g;
				},
				loading_status: undefined
			},
			props: {
				value,
				color_map: null,
				labels: null,
				show_legend: true,
				show_sentiment: true,
				show_sentences: true,
				show_scores: true,
				min_score: 0,
				...props
			}
		} as never
	});
	return { ...result, dispatcher, set_data: () => set_data!, get_data: () => get_data! };
}

export const events = (d: ReturnType<typeof vi.fn>, name: string) => d.mock.calls.filter((c) => c[1] === name);

