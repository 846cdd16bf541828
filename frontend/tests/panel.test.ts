import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, test } from "vitest";
import Panel from "../shared/StandalonePanel.svelte";
import type { PanelData } from "../shared/types";
import { entity_texts, visible_text } from "./helpers";

afterEach(cleanup);

// Python offsets: code points. "🇫🇷" is two code points, four UTF-16 units.
const TEXT = "Marie Curie 🇫🇷 worked in Paris for the Sorbonne. It rained.";
const cp = (s: string): number => Array.from(TEXT.slice(0, TEXT.indexOf(s))).length;
const ent = (s: string, label: string, score: number | null, extra = {}) => ({
	start: cp(s),
	end: cp(s) + Array.from(s).length,
	label,
	score,
	...extra
});
const VALUE: PanelData = {
	text: TEXT,
	entities: [
		ent("Marie Curie 🇫🇷", "PER", 0.99, { sentiment: { label: "POSITIVE", score: 0.9 } }),
		ent("Curie", "PER", 0.4),
		ent("🇫🇷", "FLAG", null),
		ent("Paris", "LOC", 0.97),
		ent("Sorbonne", "ORG", 0.3)
	],
	sentiment: { label: "POSITIVE", score: 0.75, scores: { POSITIVE: 0.75, NEGATIVE: 0.25 } },
	sentences: [
		{ start: 0, end: cp("It"), sentiment: { label: "POSITIVE", score: 0.9 } },
		{ start: cp("It"), end: Array.from(TEXT).length, sentiment: { label: "NEGATIVE", score: 0.8 } }
	]
};
const py = (e: { start: number; end: number }): string => Array.from(TEXT).slice(e.start, e.end).join("");

function text_el(): HTMLElement {
	return screen.getByTestId("sentimentpanel-text");
}

describe("Panel", () => {
	test("shows the whole text once and each entity over exactly its slice", () => {
		render(Panel, { value: VALUE });
		expect(visible_text(text_el())).toBe(TEXT);
		const drawn = entity_texts(text_el());
		VALUE.entities!.forEach((e, i) => expect(drawn.get(i)).toBe(py(e)));
	});

	test("every highlight has a focusable, announced badge, and the text is one Tab stop", () => {
		render(Panel, { value: VALUE });
		const badges = [...text_el().querySelectorAll<HTMLElement>(".badge")];
		expect(badges.map((b) => b.getAttribute("aria-label"))).toContain("Paris, LOC 97%");
		expect(badges).toHaveLength(VALUE.entities!.length);
		for (const b of badges) {
			expect(b.getAttribute("role")).toBe("button");
			expect(b.hasAttribute("data-decoration")).toBe(true);
		}
		// roving tabindex: the first entity is in the Tab order, the others and the text are not
		expect(badges.map((b) => b.tabIndex)).toEqual([0, ...badges.slice(1).map(() => -1)]);
		expect(text_el().tabIndex).toBe(-1);
	});

	test("legend counts labels, and clicking one hides and shows its entities", async () => {
		render(Panel, { value: VALUE });
		const legend = screen.getByTestId("sentimentpanel-legend");
		const per = legend.querySelector<HTMLButtonElement>("[data-label=PER]")!;
		expect(per.querySelector(".count")!.textContent).toBe("2");
		await fireEvent.click(per);
		expect(per.getAttribute("aria-pressed")).toBe("false");
		let drawn = entity_texts(text_el());
		expect(drawn.has(0)).toBe(false);
		expect(drawn.has(1)).toBe(false);
		expect(drawn.get(3)).toBe("Paris");
		expect(visible_text(text_el())).toBe(TEXT);
		await fireEvent.click(per);
		drawn = entity_texts(text_el());
		expect(drawn.get(0)).toBe("Marie Curie 🇫🇷");
	});

	test("the threshold starts at min_score and filters without a server", async () => {
		render(Panel, { value: VALUE, min_score: 0.5 });
		const slider = screen.getByRole("slider") as HTMLInputElement;
		expect(slider.value).toBe("0.5");
		let drawn = entity_texts(text_el());
		expect([...drawn.keys()].sort()).toEqual([0, 2, 3]); // 0.4 and 0.3 hidden, no score kept
		expect(screen.getByTestId("sentimentpanel-shown").textContent).toBe("3 of 5 shown");
		// the legend counts what passes the threshold
		expect(screen.getByTestId("sentimentpanel-legend").querySelector("[data-label=ORG] .count")!.textContent).toBe("0");
		await fireEvent.input(slider, { target: { value: "0.25" } });
		drawn = entity_texts(text_el());
		expect([...drawn.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
		expect(screen.getByTestId("sentimentpanel-shown").textContent).toBe("5 of 5 shown");
	});

	test("clicking text or pressing Enter on a badge selects the innermost entity", async () => {
		const picked: number[] = [];
		render(Panel, { value: VALUE, onselect: (i: number) => picked.push(i) });
		const curie = text_el().querySelector<HTMLElement>("mark[data-top='1']")!;
		expect(curie.dataset.entity).toBe("0 1");
		await fireEvent.click(curie);
		const paris = [...text_el().querySelectorAll<HTMLElement>(".badge")].find((b) =>
			b.getAttribute("aria-label")!.startsWith("Paris")
		)!;
		await fireEvent.keyDown(paris, { key: "Enter" });
		expect(picked).toEqual([1, 3]);
	});

	test("hovering a highlight shows one tooltip with label, score and sentiment", async () => {
		render(Panel, { value: VALUE });
		const marks = text_el().querySelectorAll<HTMLElement>("mark[data-top='0']");
		await fireEvent.mouseOver(marks[0]);
		const tips = screen.getAllByRole("tooltip");
		expect(tips).toHaveLength(1);
		expect(tips[0].textContent).toContain("PER");
		expect(tips[0].textContent).toContain("99%");
		expect(tips[0].textContent).toContain("POSITIVE");
		await fireEvent.mouseLeave(text_el());
		expect(screen.queryAllByRole("tooltip")).toHaveLength(0);
		// focus shows it too, and Escape dismisses it
		const badge = text_el().querySelector<HTMLElement>(".badge")!;
		badge.focus();
		await fireEvent.focusIn(badge);
		expect(screen.getAllByRole("tooltip")).toHaveLength(1);
		await fireEvent.keyDown(badge, { key: "Escape" });
		expect(screen.queryAllByRole("tooltip")).toHaveLength(0);
	});

	test("document sentiment lists every label with a bar and a percentage", () => {
		render(Panel, { value: VALUE });
		const view = screen.getByTestId("sentimentpanel-sentiment");
		expect(view.querySelector("[data-testid=sentimentpanel-top-label]")!.textContent).toBe("POSITIVE");
		const meters = view.querySelectorAll("[role=meter]");
		expect([...meters].map((m) => m.getAttribute("aria-valuenow"))).toEqual(["75", "25"]);
		expect(view.textContent).toContain("75%");
		expect(view.textContent).toContain("25%");
	});

	test("sentences are tinted by sentiment, and show_sentences turns it off", async () => {
		const { rerender } = render(Panel, { value: VALUE });
		const tinted = text_el().querySelectorAll<HTMLElement>(".sent");
		expect(tinted.length).toBeGreaterThan(0);
		const colours = new Set([...tinted].map((t) => t.style.backgroundColor));
		expect(colours.size).toBe(2); // one positive, one negative
		await rerender({ value: VALUE, show_sentences: false });
		expect(text_el().querySelectorAll(".sent")).toHaveLength(0);
	});

	test("show_legend, show_sentiment and show_scores hide their parts", () => {
		render(Panel, { value: VALUE, show_legend: false, show_sentiment: false, show_scores: false });
		expect(screen.queryByTestId("sentimentpanel-legend")).toBeNull();
		expect(screen.queryByTestId("sentimentpanel-sentiment")).toBeNull();
		expect(text_el().querySelector(".badge-score")).toBeNull();
		expect(screen.queryByRole("slider")).toBeNull();
		expect(text_el().querySelector(".badge")!.getAttribute("aria-label")).not.toMatch(/%/);
	});

	test("markup in text and labels stays text", () => {
		const text = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
		render(Panel, {
			value: {
				text,
				entities: [{ start: 0, end: 30, label: "<b>bold</b>", score: 0.5 }],
				sentiment: { label: "<i>x</i>", score: 1 }
			}
		});
		expect(document.querySelector("img, script, b, i")).toBeNull();
		expect(visible_text(text_el())).toBe(text);
		expect(screen.getByTestId("sentimentpanel-legend").textContent).toContain("<b>bold</b>");
	});

	test("bad data shows a clear error instead of a blank panel", () => {
		render(Panel, { value: { text: "abc", entities: [{ start: 2, end: 1, label: "X" }] } });
		const err = screen.getByRole("alert");
		expect(err.textContent).toContain("entities[0].start = 2");
		expect(err.textContent).toContain("greater than end (1)");
	});

	test("a new value replaces the old one", async () => {
		const { rerender } = render(Panel, { value: VALUE });
		await rerender({ value: { text: "Only Oslo.", entities: [{ start: 5, end: 9, label: "LOC", score: 1 }] } });
		expect(visible_text(text_el())).toBe("Only Oslo.");
		expect(entity_texts(text_el())).toEqual(new Map([[0, "Oslo"]]));
	});
});

// thousands of entities rendered in jsdom: seconds of work on a busy 2-core machine, not a speed test
describe("long documents", { timeout: 30_000 }, () => {
	function long_value(paragraphs: number): PanelData {
		let text = "";
		const entities = [];
		for (let p = 0; p < paragraphs; p++) {
			for (let s = 0; s < 10; s++) {
				const at = text.length;
				text += "Alan Turing visited Manchester. ";
				entities.push({ start: at, end: at + 11, label: "PER", score: 0.9 });
				entities.push({ start: at + 20, end: at + 30, label: "LOC", score: 0.8 });
			}
			text += "\n";
		}
		return { text, entities };
	}

	test("only chunks near the viewport are rendered; the rest appear on scroll", async () => {
		const observed: Element[] = [];
		let callback: IntersectionObserverCallback | null = null;
		class FakeObserver {
			constructor(cb: IntersectionObserverCallback) {
				callback = cb;
			}
			observe(el: Element): void {
				observed.push(el);
			}
			unobserve(): void {}
			disconnect(): void {}
		}
		(globalThis as Record<string, unknown>).IntersectionObserver = FakeObserver;
		try {
			const value = long_value(200); // 4,000 entities
			render(Panel, { value, eager_limit: 500 });
			await tick();
			const placeholders = text_el().querySelectorAll<HTMLElement>(".placeholder");
			const chunks = text_el().querySelectorAll(".chunk");
			expect(placeholders.length).toBeGreaterThan(0);
			expect(text_el().querySelectorAll("mark").length).toBeLessThan(1000);
			// what is rendered obeys the contract: whole chunks of the text, in order
			const rendered = visible_text(text_el());
			expect(value.text.startsWith(rendered)).toBe(true);
			expect(observed.length).toBe(placeholders.length);
			// scrolling the last chunk into view renders it
			const last = chunks[chunks.length - 1] as HTMLElement;
			callback!([{ isIntersecting: true, target: last } as unknown as IntersectionObserverEntry], {} as IntersectionObserver);
			await tick();
			const k = Number(last.dataset.chunk);
			const now = text_el().querySelector<HTMLElement>(`.chunk[data-chunk='${k}']`)!;
			expect(now.classList.contains("placeholder")).toBe(false);
			expect(visible_text(now).length).toBeGreaterThan(0);
			expect(value.text.endsWith(visible_text(now))).toBe(true);
		} finally {
			delete (globalThis as Record<string, unknown>).IntersectionObserver;
		}
	});

	test("a streamed document that grows keeps what was revealed; a different one starts over", async () => {
		let callback: IntersectionObserverCallback | null = null;
		class FakeObserver {
			constructor(cb: IntersectionObserverCallback) {
				callback = cb;
			}
			observe(): void {}
			unobserve(): void {}
			disconnect(): void {}
		}
		(globalThis as Record<string, unknown>).IntersectionObserver = FakeObserver;
		try {
			const first = long_value(200);
			const { rerender } = render(Panel, { value: first, eager_limit: 500 });
			await tick();
			const chunks = text_el().querySelectorAll<HTMLElement>(".chunk");
			const k = Number(chunks[5].dataset.chunk);
			callback!([{ isIntersecting: true, target: chunks[5] } as unknown as IntersectionObserverEntry], {} as IntersectionObserver);
			await tick();
			const rendered = (): boolean =>
				!text_el().querySelector<HTMLElement>(`.chunk[data-chunk='${k}']`)!.classList.contains("placeholder");
			expect(rendered()).toBe(true);
			const more = long_value(220);
			expect(more.text.startsWith(first.text)).toBe(true);
			await rerender({ value: more, eager_limit: 500 });
			expect(rendered()).toBe(true);
			await rerender({ value: { ...more, text: "X" + more.text.slice(1) }, eager_limit: 500 });
			expect(rendered()).toBe(false);
		} finally {
			delete (globalThis as Record<string, unknown>).IntersectionObserver;
		}
	});

	test("without IntersectionObserver everything renders and obeys the contract", () => {
		const value = long_value(30);
		render(Panel, { value, eager_limit: 10 });
		expect(visible_text(text_el())).toBe(value.text);
		const drawn = entity_texts(text_el());
		expect(drawn.size).toBe(value.entities!.length);
		value.entities!.forEach((e, i) => expect(drawn.get(i)).toBe(value.text.slice(e.start, e.end)));
	});
});

describe("selection", () => {
	test("the clicked entity is outlined across all of its pieces, and only it", async () => {
		render(Panel, { value: VALUE });
		const root = screen.getByTestId("sentimentpanel-text");
		await fireEvent.click(root.querySelector<HTMLElement>("mark[data-top='0']")!);
		const sel = [...root.querySelectorAll<HTMLElement>("mark.selected")];
		expect(sel.map((m) => visible_text(m)).join("")).toBe("Marie Curie 🇫🇷");
		expect(sel[0].classList.contains("sel-start")).toBe(true);
		expect(sel[sel.length - 1].classList.contains("sel-end")).toBe(true);
		const marks = [...root.querySelectorAll("mark")];
		await fireEvent.click(root.querySelector<HTMLElement>("mark[data-top='3']")!);
		expect([...root.querySelectorAll("mark.selected")].map((m) => (m as HTMLElement).dataset.entity)).toEqual(["3"]);
		// the outline moved; the text was not drawn again
		expect([...root.querySelectorAll("mark")]).toEqual(marks);
		expect(marks.every((m) => m.isConnected)).toBe(true);
	});

	test("a chunk drawn after the selection shows it too", async () => {
		render(Panel, { value: VALUE });
		const root = screen.getByTestId("sentimentpanel-text");
		await fireEvent.click(root.querySelector<HTMLElement>("mark[data-top='0']")!);
		// hiding another label draws the chunk again: the outline is drawn with it
		await fireEvent.click(screen.getByTestId("sentimentpanel-legend").querySelector<HTMLElement>("button[data-label='LOC']")!);
		const sel = [...root.querySelectorAll<HTMLElement>("mark.selected")];
		expect(sel.map((m) => visible_text(m)).join("")).toBe("Marie Curie 🇫🇷");
	});
});
