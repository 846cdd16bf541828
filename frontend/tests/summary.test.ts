import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, test } from "vitest";
import Panel from "../shared/StandalonePanel.svelte";
import { collapse, sort_rows, step_mention, summarize } from "../shared/summary";
import type { PanelData, Span } from "../shared/types";

afterEach(cleanup);

const pos = (p: number) => ({ label: "POSITIVE", score: p, scores: { POSITIVE: p, NEGATIVE: 1 - p } });

function span(index: number, text: string, word: string, label: string, from = 0, sentiment: Span["sentiment"] = null): Span {
	const start = text.indexOf(word, from);
	return { index, start, end: start + word.length, label, score: null, sentiment };
}

describe("summarize", () => {
	const TEXT = "Apple  Inc and apple inc. Apple pie. Paris, Paris.";
	const spans = [
		span(0, TEXT, "Apple  Inc", "ORG", 0, pos(0.9)),
		span(1, TEXT, "apple inc", "ORG", 0, pos(0.5)),
		span(2, TEXT, "Apple", "FOOD", 20),
		span(3, TEXT, "Paris", "LOC", 0, { label: "NEGATIVE", score: 0.8 }),
		span(4, TEXT, "Paris", "LOC", 40, pos(0.6))
	];

	test("one row per label and text up to case and white space, in order of first mention", () => {
		const rows = summarize(TEXT, spans);
		expect(rows.map((r) => [r.label, r.text, r.mentions])).toEqual([
			["ORG", "Apple Inc", [0, 1]],
			["FOOD", "Apple", [2]],
			["LOC", "Paris", [3, 4]]
		]);
		expect(collapse("  a \n b ")).toBe("a b");
	});

	test("the mean distribution of the mentions, and its polarity", () => {
		const [org, food, loc] = summarize(TEXT, spans);
		expect(org.scores!.POSITIVE).toBeCloseTo(0.7);
		expect(org.top).toEqual({ label: "POSITIVE", score: expect.closeTo(0.7) });
		expect(org.polarity).toBeCloseTo(0.4);
		expect(food.scores).toBeNull();
		expect(food.polarity).toBeNull();
		// a mention with only its top label counts that label
		expect(loc.scores!.NEGATIVE).toBeCloseTo((0.8 + 0.4) / 2);
		expect(loc.scores!.POSITIVE).toBeCloseTo(0.3);
	});

	test("sorting by mentions and by polarity, both ways, ties by first mention", () => {
		const rows = summarize(TEXT, spans);
		expect(sort_rows(rows, "mentions", "descending").map((r) => r.text)).toEqual(["Apple Inc", "Paris", "Apple"]);
		expect(sort_rows(rows, "mentions", "ascending").map((r) => r.text)).toEqual(["Apple", "Apple Inc", "Paris"]);
		expect(sort_rows(rows, "polarity", "descending").map((r) => r.text)).toEqual(["Apple Inc", "Paris", "Apple"]);
		expect(sort_rows(rows, "polarity", "ascending").map((r) => r.text)).toEqual(["Paris", "Apple Inc", "Apple"]);
	});

	test("stepping through mentions wraps around", () => {
		expect(step_mention(0, 3, 1)).toBe(1);
		expect(step_mention(2, 3, 1)).toBe(0);
		expect(step_mention(0, 3, -1)).toBe(2);
	});

	test("20,000 entities group in one pass", () => {
		const words = Array.from({ length: 20_000 }, (_, k) => `w${k % 500}`);
		const text = words.join(" ");
		let at = 0;
		const many: Span[] = words.map((w, k) => {
			const s = { index: k, start: at, end: at + w.length, label: "X", score: null, sentiment: pos(0.5) };
			at += w.length + 1;
			return s;
		});
		const t0 = performance.now();
		const rows = summarize(text, many);
		expect(performance.now() - t0).toBeLessThan(500);
		expect(rows).toHaveLength(500);
		expect(rows.every((r) => r.mentions.length === 40)).toBe(true);
	});
});

describe("the summary in the panel", () => {
	const TEXT = "I love Paris but hated London. Paris again. Berlin.";
	const cp = (w: string, from = 0) => TEXT.indexOf(w, from);
	const VALUE: PanelData = {
		text: TEXT,
		entities: [
			{ start: cp("Paris"), end: cp("Paris") + 5, label: "LOC", sentiment: pos(0.9) },
			{ start: cp("London"), end: cp("London") + 6, label: "LOC", sentiment: pos(0.1) },
			{ start: cp("Paris", 20), end: cp("Paris", 20) + 5, label: "LOC", sentiment: pos(0.7) },
			{ start: cp("Berlin"), end: cp("Berlin") + 6, label: "LOC" }
		]
	};

	function table(): HTMLElement {
		return screen.getByRole("table", { name: "Entities" });
	}
	const names = () => within(table()).getAllByRole("rowheader").map((th) => th.querySelector(".text")!.textContent);

	test("shown only when asked for", () => {
		render(Panel, { value: VALUE });
		expect(screen.queryByRole("table", { name: "Entities" })).toBeNull();
	});

	test("rows, sort buttons and aria-sort", async () => {
		render(Panel, { value: VALUE, show_summary: true });
		expect(names()).toEqual(["Paris", "London", "Berlin"]);
		const [, mentions, sentiment] = within(table()).getAllByRole("columnheader");
		expect(mentions.getAttribute("aria-sort")).toBe("descending");
		await fireEvent.click(within(sentiment).getByRole("button"));
		expect(sentiment.getAttribute("aria-sort")).toBe("descending");
		expect(mentions.getAttribute("aria-sort")).toBe("none");
		expect(names()).toEqual(["Paris", "London", "Berlin"]);
		await fireEvent.click(within(sentiment).getByRole("button"));
		expect(sentiment.getAttribute("aria-sort")).toBe("ascending");
		expect(names()).toEqual(["London", "Paris", "Berlin"]); // no sentiment stays last
		expect(within(table()).getAllByRole("row")[3].textContent).toContain("–");
	});

	test("choosing a row outlines its first mention, next and previous step through the others", async () => {
		render(Panel, { value: VALUE, show_summary: true });
		const status = screen.getByTestId("sentimentpanel-summary-status");
		const paris = within(table()).getAllByRole("rowheader")[0].querySelector("button")!;
		paris.focus();
		await fireEvent.click(paris);
		await tick();
		await tick();
		const outlined = () =>
			[...screen.getByTestId("sentimentpanel-text").querySelectorAll("mark.selected")].map((m) => m.getAttribute("data-entity"));
		expect(outlined()).toEqual(["0"]);
		expect(status.textContent).toBe("Paris, LOC, mention 1 of 2");
		expect(document.activeElement).toBe(paris); // focus stays in the table
		await fireEvent.click(screen.getByRole("button", { name: "Next mention" }));
		await tick();
		await tick();
		expect(outlined()).toEqual(["2"]);
		expect(status.textContent).toBe("Paris, LOC, mention 2 of 2");
		expect(screen.getByText("2 of 2")).toBeTruthy();
		await fireEvent.keyDown(paris, { key: "ArrowRight" });
		await tick();
		await tick();
		expect(outlined()).toEqual(["0"]); // wrapped
		await fireEvent.keyDown(paris, { key: "ArrowLeft" });
		await tick();
		await tick();
		expect(outlined()).toEqual(["2"]);
	});

	test("the table follows the legend's filter", async () => {
		render(Panel, { value: { ...VALUE, entities: [...VALUE.entities!, { start: 2, end: 6, label: "VERB" }] }, show_summary: true });
		expect(names()).toContain("love");
		await fireEvent.click(within(screen.getByTestId("sentimentpanel-legend")).getByRole("button", { name: /VERB/ }));
		expect(names()).not.toContain("love");
	});
});
