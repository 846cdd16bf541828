import { cleanup, fireEvent, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, test, vi } from "vitest";
import { VALUE, visible_text } from "./helpers";
import { mount as mount_index } from "./mount_index";

afterEach(cleanup);


/** the panel with the shared value and three label choices; `value()` reads what get_data returns */
function mount(interactive: boolean) {
	const mounted = mount_index(structuredClone(VALUE), { labels: ["LOC", "PER", "ORG"] }, interactive);
	return { ...mounted, value: async () => (await mounted.get_data()()).value as typeof VALUE };
}

const names = (d: ReturnType<typeof vi.fn>) => d.mock.calls.map((c) => c[1]).filter((n) => n === "input" || n === "change");
const text_el = () => screen.getByTestId("sentimentpanel-text");
const kyoto = () => text_el().querySelector<HTMLElement>("mark[data-top='1']")!;
const badge = (i: number) => text_el().querySelector<HTMLElement>(`.badge[data-entity="${i}"]`)!;
const settle = async () => {
	for (let i = 0; i < 4; i++) await tick();
};

describe("editing", () => {
	test("a click opens the edit popover only when interactive", async () => {
		mount(false);
		await fireEvent.click(kyoto());
		await settle();
		expect(screen.queryByTestId("sentimentpanel-popover")).toBeNull();
		expect(screen.queryByRole("button", { name: /undo/i })).toBeNull();
		cleanup();

		mount(true);
		await fireEvent.click(kyoto());
		await settle();
		const pop = screen.getByTestId("sentimentpanel-popover");
		expect(pop.textContent).toContain("Kyoto");
		expect([...pop.querySelectorAll("button.choice")].map((b) => b.getAttribute("data-label"))).toEqual(["LOC", "PER", "ORG"]);
		await fireEvent.keyDown(pop, { key: "Escape" });
		await settle();
		expect(screen.queryByTestId("sentimentpanel-popover")).toBeNull();
	});

	test("relabel through the popover dispatches input and change with the edited value", async () => {
		const { dispatcher, value } = mount(true);
		await fireEvent.click(kyoto());
		await settle();
		await fireEvent.click(screen.getByTestId("sentimentpanel-popover").querySelector("button[data-label=PER]")!);
		await settle();
		expect(names(dispatcher)).toEqual(["input", "change"]);
		const v = await value();
		expect(v.entities).toEqual([VALUE.entities[0], { start: 18, end: 23, label: "PER", score: null, sentiment: null }]);
		expect(v.text).toBe(VALUE.text);
		expect(v.sentiment).toEqual(VALUE.sentiment);
		expect(screen.queryByTestId("sentimentpanel-popover")).toBeNull();
		expect(screen.getByTestId("sentimentpanel-status").textContent).toMatch(/PER/);
		expect(text_el().querySelector("mark[data-top='1']")!.textContent).toContain("PER");
	});

	test("delete with the button, then undo with the toolbar, restore the value", async () => {
		const { dispatcher, value } = mount(true);
		await fireEvent.click(kyoto());
		await settle();
		await fireEvent.click(screen.getByRole("button", { name: /delete entity/i }));
		await settle();
		expect((await value()).entities).toEqual([VALUE.entities[0]]);
		expect(text_el().querySelectorAll("[data-entity='1']")).toHaveLength(0);
		await fireEvent.click(screen.getByRole("button", { name: "Undo" }));
		await settle();
		expect(await value()).toEqual(VALUE);
		expect(names(dispatcher)).toEqual(["input", "change", "input", "change"]);
		expect(visible_text(text_el())).toBe(VALUE.text);
	});

	test("an edit's round trip through Python keeps undo and draws nothing again; another value starts afresh", async () => {
		const { dispatcher, value, set_data } = mount(true);
		const undo = () => screen.getByRole("button", { name: "Undo" }) as HTMLButtonElement;
		badge(1).focus();
		await fireEvent.keyDown(badge(1), { key: "Delete" });
		await settle();
		const mark = text_el().querySelector("mark")!;
		// the .input handler returns the value: the same content, every object new, kb fields filled in
		const back = JSON.parse(JSON.stringify(await value()));
		for (const e of back.entities) Object.assign(e, { kb_id: null, kb_url: null });
		set_data()({ value: back });
		await settle();
		expect(names(dispatcher)).toEqual(["input", "change"]);
		expect(text_el().querySelector("mark")).toBe(mark);
		expect(undo().disabled).toBe(false);
		await fireEvent.click(undo());
		await settle();
		expect(await value()).toEqual(VALUE);
		expect(badge(1)).not.toBeNull();
		// Python sends a different value: its history starts empty
		set_data()({ value: { ...structuredClone(VALUE), entities: [VALUE.entities[1]] } });
		await settle();
		expect(names(dispatcher)).toEqual(["input", "change", "input", "change", "change"]);
		expect(undo().disabled).toBe(true);
	});

	test("keys on a focused entity relabel and delete; Ctrl+Z undoes; refusals emit nothing", async () => {
		const { dispatcher, value } = mount(true);
		badge(0).focus();
		await fireEvent.keyDown(badge(0), { key: "3" });
		await settle();
		expect((await value()).entities[0]).toEqual({ ...VALUE.entities[0], label: "ORG", score: null });
		// focus stays on the edited entity
		expect(document.activeElement).toBe(badge(0));
		await fireEvent.keyDown(badge(1), { key: "Delete" });
		await settle();
		expect((await value()).entities.map((e) => e.label)).toEqual(["ORG"]);
		await fireEvent.keyDown(badge(0), { key: "z", ctrlKey: true });
		await settle();
		expect((await value()).entities.map((e) => e.label)).toEqual(["ORG", "LOC"]);
		await fireEvent.keyDown(badge(0), { key: "z", ctrlKey: true, shiftKey: true });
		await settle();
		expect((await value()).entities.map((e) => e.label)).toEqual(["ORG"]);
		// the same label again changes nothing and emits nothing
		const before = names(dispatcher).length;
		await fireEvent.keyDown(badge(0), { key: "3" });
		await settle();
		expect(names(dispatcher)).toHaveLength(before);
		expect(before).toBe(8);
	});

	test("a typed label in the popover applies with Enter", async () => {
		const { value } = mount(true);
		await fireEvent.click(kyoto());
		await settle();
		const input = screen.getByRole("textbox", { name: "New label" }) as HTMLInputElement;
		await fireEvent.input(input, { target: { value: "  CITY " } });
		await fireEvent.submit(input.form!);
		await settle();
		expect((await value()).entities[1].label).toBe("CITY");
	});

	test("a selection in the text adds an entity with code-point offsets, snapped to the word", async () => {
		const { value, dispatcher } = mount(true);
		// select "nd Ky" inside "and Kyoto": text nodes hold the document text between decorations
		const walker = document.createTreeWalker(text_el(), 4);
		let and_node: Text | null = null;
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			if ((n as Text).data.includes(" and ")) and_node = n as Text;
		}
		const sel = window.getSelection()!;
		const range = document.createRange();
		range.setStart(and_node!, and_node!.data.indexOf("and") + 1);
		range.setEnd(and_node!, and_node!.data.indexOf("and") + 3);
		sel.removeAllRanges();
		sel.addRange(range);
		await fireEvent.click(screen.getByRole("button", { name: /add entity/i }));
		await settle();
		const pop = screen.getByTestId("sentimentpanel-popover");
		expect(pop.querySelector(".quote")!.textContent).toBe("and");
		await fireEvent.keyDown(pop, { key: "2" });
		await settle();
		const v = await value();
		// "I ❤️ 🇯🇵 Tokyo and Kyoto.": "and" starts at code point 14
		expect(v.entities).toEqual([VALUE.entities[0], { start: 14, end: 17, label: "PER", score: null, sentiment: null }, VALUE.entities[1]]);
		expect(Array.from(v.text).slice(14, 17).join("")).toBe("and");
		expect(names(dispatcher)).toEqual(["input", "change"]);
	});
});
