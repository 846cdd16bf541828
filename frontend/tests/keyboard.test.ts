import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, test, vi } from "vitest";
import Panel from "../shared/StandalonePanel.svelte";
import type { PanelData } from "../shared/types";

afterEach(cleanup);

const TEXT = "Ada met Bob in Paris. Then Cy went to Rome and Oslo.";
const at = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });
const VALUE: PanelData = {
	text: TEXT,
	entities: [
		{ ...at("Ada"), label: "PER", score: 0.9 },
		{ ...at("Bob"), label: "PER", score: 0.8 },
		{ ...at("Paris"), label: "LOC", score: 0.7 },
		{ ...at("Cy"), label: "PER", score: 0.6 },
		{ ...at("Rome"), label: "LOC", score: 0.5 },
		{ ...at("Oslo"), label: "LOC", score: 0.4 }
	],
	sentiment: { label: "POSITIVE", score: 0.8, scores: { POSITIVE: 0.8, NEGATIVE: 0.2 } },
	sentences: []
};

const text_el = () => screen.getByTestId("sentimentpanel-text");
const badges = () => [...text_el().querySelectorAll<HTMLElement>(".badge")];
const focused_entity = () => (document.activeElement as HTMLElement | null)?.dataset.entity;
const tab_stops = () => [text_el(), ...badges()].filter((el) => el.tabIndex === 0);

async function press(key: string): Promise<void> {
	fireEvent.keyDown(document.activeElement as HTMLElement, { key });
	for (let i = 0; i < 3; i++) await tick();
}

describe("keyboard: the text is one Tab stop, arrows move between entities", () => {
	test("arrows, Home and End move focus, and the Tab stop follows it", async () => {
		render(Panel, { value: VALUE });
		await tick();
		expect(tab_stops()).toEqual([badges()[0]]);
		badges()[0].focus();
		await press("ArrowRight");
		expect(focused_entity()).toBe("1");
		await press("ArrowDown");
		expect(focused_entity()).toBe("2");
		await press("ArrowLeft");
		expect(focused_entity()).toBe("1");
		await press("End");
		expect(focused_entity()).toBe("5");
		await press("ArrowRight"); // at the last entity: stays
		expect(focused_entity()).toBe("5");
		await press("Home");
		expect(focused_entity()).toBe("0");
		await press("ArrowUp"); // at the first: stays
		expect(focused_entity()).toBe("0");
		await press("End");
		// one Tab stop, on the entity last reached
		expect(tab_stops()).toHaveLength(1);
		expect(tab_stops()[0].dataset.entity).toBe("5");
	});

	test("right to left: ArrowLeft goes forward", async () => {
		render(Panel, { value: VALUE, rtl: true });
		await tick();
		expect(text_el().getAttribute("dir")).toBe("rtl");
		badges()[0].focus();
		await press("ArrowLeft");
		expect(focused_entity()).toBe("1");
		await press("ArrowRight");
		expect(focused_entity()).toBe("0");
	});

	test("Enter on an entity selects it", async () => {
		const onselect = vi.fn();
		render(Panel, { value: VALUE, onselect });
		await tick();
		badges()[2].focus();
		await press("Enter");
		expect(onselect).toHaveBeenCalledWith(2);
	});

	test("when a filter hides the entity holding the Tab stop, another takes it", async () => {
		render(Panel, { value: VALUE });
		await tick();
		badges()[0].focus();
		await press("ArrowRight"); // Bob, PER
		const per = screen.getByTestId("sentimentpanel-legend").querySelector<HTMLElement>('[data-label="PER"]')!;
		await fireEvent.click(per);
		await tick();
		expect(badges().map((b) => b.dataset.entity)).toEqual(["2", "4", "5"]);
		expect(tab_stops()).toEqual([badges()[0]]);
	});

	test("a text without entities is itself the Tab stop", async () => {
		render(Panel, { value: { text: "Nothing to see here.", entities: [] } });
		await tick();
		expect(text_el().tabIndex).toBe(0);
	});

	test("without inline categories the badges stay for the keyboard and screen readers, hidden", async () => {
		render(Panel, { value: VALUE, show_inline_category: false });
		await tick();
		expect(badges()).toHaveLength(6);
		expect(badges().every((b) => b.classList.contains("sr-badge"))).toBe(true);
		badges()[0].focus();
		await press("ArrowRight");
		expect(focused_entity()).toBe("1");
	});
});
