import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, test } from "vitest";
import Example from "../Example.svelte";
import { VALUE, visible_text } from "./helpers";
import { events, mount } from "./mount_index";

afterEach(cleanup);


describe("Index", () => {
	test("clicking an entity dispatches select with its index and the entity as sent", async () => {
		const { dispatcher } = mount(VALUE);
		const kyoto = screen.getByTestId("sentimentpanel-text").querySelector<HTMLElement>("mark[data-top='1']")!;
		await fireEvent.click(kyoto);
		const calls = events(dispatcher, "select");
		expect(calls).toHaveLength(1);
		expect(calls[0][0]).toBe(7);
		// code-point offsets, exactly as Python sent them
		expect(calls[0][2]).toEqual({ index: 1, value: VALUE.entities[1] });
	});

	test("shows the label, and an empty state for no value", () => {
		mount(null);
		expect(screen.getByText("Entities")).toBeTruthy();
		expect(screen.queryByTestId("sentimentpanel-text")).toBeNull();
	});

	test("a new value from the server is drawn, dispatches change, and get_data returns it", async () => {
		const { dispatcher, set_data, get_data } = mount(null);
		set_data()({ value: VALUE });
		await tick();
		await tick();
		expect(visible_text(screen.getByTestId("sentimentpanel-text"))).toBe(VALUE.text);
		expect(events(dispatcher, "change").length).toBeGreaterThanOrEqual(1);
		const data = await get_data()();
		expect(data.value).toEqual(VALUE);
		expect(data.min_score).toBe(0);
		const changes = events(dispatcher, "change").length;
		set_data()({ value: null });
		await tick();
		await tick();
		expect(events(dispatcher, "change")).toHaveLength(changes + 1);
		// a value cleared by the server is not the user pressing clear
		expect(events(dispatcher, "clear")).toHaveLength(0);
		expect(screen.queryByTestId("sentimentpanel-text")).toBeNull();
	});

	test("a streamed value mutated in place and sent again is drawn, with one change each", async () => {
		const { dispatcher, set_data } = mount(null);
		const streamed = { text: "One.", entities: [] as unknown[], sentences: [{ start: 0, end: 4, sentiment: null }] };
		set_data()({ value: streamed });
		await tick();
		await tick();
		const before = events(dispatcher, "change").length;
		streamed.text = "One. Two.";
		streamed.sentences = [...streamed.sentences, { start: 5, end: 9, sentiment: null }];
		set_data()({ value: streamed });
		await tick();
		await tick();
		expect(visible_text(screen.getByTestId("sentimentpanel-text"))).toBe("One. Two.");
		expect(events(dispatcher, "change")).toHaveLength(before + 1);
	});

	test("a value sent again is not a change, and props sent with it still apply", async () => {
		const { dispatcher, set_data } = mount(null);
		set_data()({ value: structuredClone(VALUE) });
		await tick();
		await tick();
		const changes = events(dispatcher, "change").length;
		set_data()({ value: structuredClone(VALUE) });
		set_data()({ value: structuredClone(VALUE), min_score: 0.96 });
		await tick();
		await tick();
		expect(events(dispatcher, "change")).toHaveLength(changes);
		expect((screen.getByRole("slider") as HTMLInputElement).value).toBe("0.96");
	});

	test("the clear button of an interactive panel empties it and dispatches clear, input and change", async () => {
		const { dispatcher, get_data } = mount(VALUE, {}, true);
		const changes = events(dispatcher, "change").length;
		await fireEvent.click(screen.getByRole("button", { name: "Clear" }));
		await tick();
		await tick();
		expect(screen.queryByTestId("sentimentpanel-text")).toBeNull();
		expect(events(dispatcher, "clear")).toHaveLength(1);
		expect(events(dispatcher, "input")).toHaveLength(1);
		expect(events(dispatcher, "change")).toHaveLength(changes + 1);
		expect((await get_data()()).value).toBeNull();
	});

	test("a viewer has no clear button", () => {
		mount(VALUE);
		expect(screen.queryByRole("button", { name: "Clear" })).toBeNull();
	});

	test("min_score and color_map arrive as props", () => {
		mount(VALUE, { min_score: 0.96, color_map: { LOC: "#123456" } });
		expect((screen.getByRole("slider") as HTMLInputElement).value).toBe("0.96");
		const legend = screen.getByTestId("sentimentpanel-legend");
		expect(legend.querySelector("[data-label=LOC] .count")!.textContent).toBe("1");
		const swatch = legend.querySelector<HTMLElement>("[data-label=LOC] .swatch")!;
		expect(swatch.style.background).toMatch(/#123456|rgb\(18, 52, 86\)/);
	});
});

describe("Example", () => {
	test("previews the text with highlights", () => {
		const { container } = render(Example, { value: VALUE, type: "gallery" });
		expect(container.textContent).toContain("Tokyo");
		expect([...container.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["Tokyo", "Kyoto"]);
		expect(container.textContent).toContain("POSITIVE");
	});

	test("cuts long texts without splitting an emoji", () => {
		const text = "a".repeat(159) + "😀" + "b".repeat(100);
		const { container } = render(Example, { value: { text, entities: [] }, type: "table" });
		const shown = container.querySelector(".text")!.textContent!;
		expect(shown.endsWith("…")).toBe(true);
		expect(shown).not.toMatch(/[\uD800-\uDBFF]…$/);
	});

	test("an empty example shows nothing, not an error", () => {
		const { container } = render(Example, { value: null });
		expect(container.textContent!.trim()).toBe("");
	});

	test("an invalid value says so", () => {
		const { container } = render(Example, { value: { text: 3 } });
		expect(container.textContent).toContain("invalid value");
	});
});
