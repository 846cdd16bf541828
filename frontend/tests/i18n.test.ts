import { cleanup, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, test, vi } from "vitest";
import Panel from "../shared/StandalonePanel.svelte";
import { format_percent, t, use_i18n, use_locale } from "../shared/i18n.svelte";
import { MESSAGES } from "../shared/messages";
import type { PanelData } from "../shared/types";

const GERMAN: Record<string, string> = {
	"sentimentpanel.min_confidence": "Mindestkonfidenz",
	"sentimentpanel.shown": "{shown} von {total} angezeigt",
	"sentimentpanel.entity_labels": "Entitätstypen",
	"sentimentpanel.document_sentiment": "Stimmung des Dokuments",
	"sentimentpanel.entity_sentiment": "Stimmung {label}"
};
// like Gradio's translator: the translation, or the key itself when there is none
const german = (key: string) => GERMAN[key] ?? key;

afterEach(() => {
	cleanup();
	use_i18n((key: string) => key);
	use_locale(undefined);
	vi.useRealTimers();
});

const VALUE: PanelData = {
	text: "Paris ist schön.",
	entities: [{ start: 0, end: 5, label: "LOC", score: 0.984, sentiment: { label: "POSITIVE", score: 0.91 } }],
	sentiment: { label: "POSITIVE", score: 0.91, scores: { POSITIVE: 0.91, NEGATIVE: 0.09 } },
	sentences: []
};

describe("i18n", () => {
	test("every key has an English text, and placeholders are filled", () => {
		for (const [key, text] of Object.entries(MESSAGES)) expect(text, key).not.toBe("");
		expect(t("sentimentpanel.shown", { shown: 3, total: 7 })).toBe("3 of 7 shown");
		expect(t("sentimentpanel.min_confidence")).toBe("Min. confidence");
	});

	test("the app's translations win, the English fills the gaps", () => {
		use_i18n(german);
		expect(t("sentimentpanel.min_confidence")).toBe("Mindestkonfidenz");
		expect(t("sentimentpanel.shown", { shown: 3, total: 7 })).toBe("3 von 7 angezeigt");
		expect(t("sentimentpanel.snap")).toBe("snap to words");
	});

	test("a translator that throws (no locale yet) gives English", () => {
		use_i18n(() => {
			throw new Error("no locale");
		});
		expect(t("sentimentpanel.min_confidence")).toBe("Min. confidence");
	});

	test("percentages follow the locale", () => {
		use_locale("de-DE");
		expect(format_percent(0.984)).toBe(new Intl.NumberFormat("de-DE", { style: "percent" }).format(0.98));
		expect(format_percent(0.984)).not.toBe("98%");
		use_locale("en-US");
		expect(format_percent(0.984)).toBe("98%");
	});

	test("a German app shows German strings and numbers in the panel", async () => {
		use_i18n(german);
		use_locale("de-DE");
		render(Panel, { value: VALUE });
		await tick();
		expect(screen.getByText("Mindestkonfidenz")).toBeTruthy();
		expect(screen.getByTestId("sentimentpanel-shown").textContent).toBe("1 von 1 angezeigt");
		expect(screen.getByTestId("sentimentpanel-legend").getAttribute("aria-label")).toBe("Entitätstypen");
		expect(screen.getByTestId("sentimentpanel-sentiment").getAttribute("aria-label")).toBe("Stimmung des Dokuments");
		const pct = new Intl.NumberFormat("de-DE", { style: "percent" }).format(0.98);
		const badge = screen.getByTestId("sentimentpanel-text").querySelector(".badge")!;
		expect(badge.getAttribute("aria-label")).toBe(`Paris, LOC ${pct}, Stimmung POSITIVE 91\u00a0%`);
	});
});

describe("announcements", () => {
	test("the sentiment is announced politely once a value settles, not on every update", async () => {
		vi.useFakeTimers();
		const grow = (n: number): PanelData => ({
			text: "a ".repeat(n),
			entities: Array.from({ length: n }, (_, i) => ({ start: 2 * i, end: 2 * i + 1, label: "X", score: null })),
			sentiment: { label: n % 2 ? "NEGATIVE" : "POSITIVE", score: 0.5 + n / 100, scores: {} },
			sentences: []
		});
		const view = render(Panel, { value: grow(1) });
		const region = screen.getByTestId("sentimentpanel-announce");
		expect(region.getAttribute("aria-live")).toBe("polite");
		const seen: string[] = [];
		const observer = new MutationObserver(() => seen.push(region.textContent ?? ""));
		observer.observe(region, { childList: true, characterData: true, subtree: true });
		// a stream: 20 values 100 ms apart
		for (let n = 2; n <= 21; n++) {
			await view.rerender({ value: grow(n) });
			await vi.advanceTimersByTimeAsync(100);
		}
		await vi.advanceTimersByTimeAsync(3000);
		await Promise.resolve();
		observer.disconnect();
		expect(seen.length).toBeGreaterThan(0);
		expect(seen.length).toBeLessThanOrEqual(2); // 2 s of stream: at most one every 2 s, and the last
		expect(region.textContent).toBe("Document sentiment: NEGATIVE 71%, 21 entities");
	});
});

describe("counts", () => {
	test("one entity is singular, other numbers plural, in the page's digits", async () => {
		const { t_count } = await import("../shared/i18n.svelte");
		use_locale("en-US");
		expect(t_count("sentimentpanel.announce_entities", 1)).toBe("1 entity");
		expect(t_count("sentimentpanel.announce_entities", 0)).toBe("0 entities");
		expect(t_count("sentimentpanel.announce_entities", 20000)).toBe("20,000 entities");
		expect(t_count("sentimentpanel.text", 1)).toBe("Text with 1 highlighted entity");
	});
});
