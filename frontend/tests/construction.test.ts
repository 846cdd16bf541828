import { cleanup, fireEvent, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, test } from "vitest";
import { VALUE, visible_text } from "./helpers";
import { events, mount } from "./mount_index";

afterEach(cleanup);

const text_el = () => screen.getByTestId("sentimentpanel-text");
const badge = (i: number) => text_el().querySelector<HTMLElement>(`.badge[data-entity="${i}"]`)!;
/** the plain copy of a value given at construction is made in idle steps (timers here) */
const idle = () => new Promise((r) => setTimeout(r, 30));

describe("a value given at construction", () => {
	test("is drawn at once, is no change, and stays drawn as it is when its plain copy takes over", async () => {
		const value = structuredClone(VALUE);
		const { dispatcher, get_data } = mount(value);
		const first_mark = text_el().querySelector("mark")!;
		expect(visible_text(text_el())).toBe(VALUE.text);
		await idle();
		await tick();
		// nothing was drawn again, and no change was sent for the copy
		expect(first_mark.isConnected).toBe(true);
		expect(text_el().querySelector("mark")).toBe(first_mark);
		expect(events(dispatcher, "change")).toHaveLength(0);
		const data = await get_data()();
		expect(data.value).toEqual(VALUE);
		// the copy is the panel's own: the object given is left as it was
		expect(data.value).not.toBe(value);
		expect(value).toEqual(VALUE);
	});

	test("an edit before the copy is done keeps the edit", async () => {
		const { get_data } = mount(structuredClone(VALUE), {}, true);
		badge(1).focus();
		await fireEvent.keyDown(badge(1), { key: "Delete" });
		await tick();
		await idle();
		await tick();
		const data = (await get_data()()) as { value: typeof VALUE };
		expect(data.value.entities).toEqual([VALUE.entities[0]]);
		expect(visible_text(text_el())).toBe(VALUE.text);
		expect(text_el().querySelector('.badge[data-entity="1"]')).toBeNull();
	});

	test("an editor opened before the copy is done stays open, and edits after it undo", async () => {
		mount(structuredClone(VALUE), {}, true);
		await fireEvent.click(badge(0));
		await tick();
		expect(screen.getByTestId("sentimentpanel-popover")).toBeTruthy();
		await idle();
		await tick();
		expect(screen.getByTestId("sentimentpanel-popover")).toBeTruthy();
		await fireEvent.keyDown(document.activeElement ?? document.body, { key: "Escape" });
		await tick();
		badge(1).focus();
		await fireEvent.keyDown(badge(1), { key: "Delete" });
		await tick();
		expect(text_el().querySelector('.badge[data-entity="1"]')).toBeNull();
		await fireEvent.keyDown(badge(0), { key: "z", ctrlKey: true });
		await tick();
		await tick();
		expect(text_el().querySelectorAll(".badge[data-entity]")).toHaveLength(2);
	});
});
