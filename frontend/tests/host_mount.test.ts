import { fireEvent, within } from "@testing-library/svelte";
import { flushSync, tick } from "svelte";
import { afterEach, describe, expect, test } from "vitest";
import { VALUE, visible_text } from "./helpers";
import { events } from "./mount_index";
import { mount_in_host } from "./tracking_host";

let mounted: ReturnType<typeof mount_in_host> | null = null;
afterEach(() => {
	mounted?.destroy();
	mounted = null;
});

/** effects, the host's queued work and the idle copy of a value given at construction */
async function settle(): Promise<void> {
	for (let i = 0; i < 3; i++) {
		flushSync();
		await tick();
		await new Promise((r) => setTimeout(r, 20));
	}
}

function host(value: unknown, interactive = false) {
	mounted = mount_in_host(structuredClone(value), { labels: ["LOC", "PER", "ORG"] }, interactive);
	return mounted;
}

const OTHER = {
	text: "Osaka is far from Nara.",
	entities: [{ start: 0, end: 5, label: "LOC", score: 0.9, sentiment: null }],
	sentences: []
};
const PENDING = { status: "pending", queue_position: null, eta: null, fn_index: 0, show_progress: "full", scroll_to_output: false, visible: true };
const COMPLETE = { ...PENDING, status: "complete" };

describe("mounted from inside the host's effect (Gradio 6.21 to 6.27)", () => {
	test("each new value from Python dispatches change once; the value given at construction does not", async () => {
		const h = host(VALUE);
		await settle();
		const text = () => within(h.target).getByTestId("sentimentpanel-text");
		expect(visible_text(text())).toBe(VALUE.text);
		expect(events(h.dispatcher, "change")).toHaveLength(0);

		await h.update({ loading_status: PENDING });
		await h.update({ value: OTHER });
		await h.update({ loading_status: COMPLETE });
		await settle();
		expect(visible_text(text())).toBe(OTHER.text);
		expect(events(h.dispatcher, "change")).toHaveLength(1);
		expect((await h.get_data()).value).toEqual(OTHER);

		// the same value sent again is no change; another one is
		await h.update({ value: structuredClone(OTHER) });
		await settle();
		expect(events(h.dispatcher, "change")).toHaveLength(1);
		await h.update({ value: structuredClone(VALUE) });
		await settle();
		expect(visible_text(text())).toBe(VALUE.text);
		expect(events(h.dispatcher, "change")).toHaveLength(2);
		expect(h.mounts()).toBe(1);
	});

	test("an edit, then Python setting another prop: the edit, its undo and the threshold stay", async () => {
		const h = host(VALUE, true);
		await settle();
		const text = () => within(h.target).getByTestId("sentimentpanel-text");
		const badge = (i: number) => text().querySelector<HTMLElement>(`.badge[data-entity="${i}"]`);
		const slider = () => within(h.target).getByRole("slider") as HTMLInputElement;
		const undo = () => within(h.target).getByRole("button", { name: "Undo" }) as HTMLButtonElement;

		await fireEvent.input(slider(), { target: { value: "0.5" } });
		badge(1)!.focus();
		await fireEvent.keyDown(badge(1)!, { key: "Delete" });
		await settle();
		expect(events(h.dispatcher, "input")).toHaveLength(1);
		expect(events(h.dispatcher, "change")).toHaveLength(1);
		expect(undo().disabled).toBe(false);

		await h.update({ label: "Checked" });
		await settle();
		expect(within(h.target).getByText("Checked")).toBeTruthy();
		expect(badge(1)).toBeNull();
		expect(slider().value).toBe("0.5");
		expect(undo().disabled).toBe(false);
		// Python's update is no edit and no new value
		expect(events(h.dispatcher, "input")).toHaveLength(1);
		expect(events(h.dispatcher, "change")).toHaveLength(1);

		await fireEvent.click(undo());
		await settle();
		expect(((await h.get_data()).value as typeof VALUE).entities).toEqual(VALUE.entities);
		expect(badge(1)).not.toBeNull();
		expect(events(h.dispatcher, "input")).toHaveLength(2);
		expect(events(h.dispatcher, "change")).toHaveLength(2);
	});
});
