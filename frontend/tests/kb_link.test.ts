import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, test, vi } from "vitest";
import Panel from "../shared/StandalonePanel.svelte";
import Tooltip from "../shared/Tooltip.svelte";
import { use_i18n } from "../shared/i18n.svelte";
import type { PanelData, Span } from "../shared/types";

// spans built by to_doc get the entity's kb_id/kb_url here when to_doc leaves them out
vi.mock("../shared/doc", async (importOriginal) => {
	const m = await importOriginal<typeof import("../shared/doc")>();
	return {
		...m,
		to_doc: (value: unknown) => {
			const result = m.to_doc(value);
			if (result.ok) {
				const entities = (value as PanelData).entities ?? [];
				for (const span of result.doc.spans) {
					span.kb_id ??= entities[span.index]?.kb_id;
					span.kb_url ??= entities[span.index]?.kb_url;
				}
			}
			return result;
		}
	};
});

afterEach(() => {
	cleanup();
	use_i18n((key: string) => key);
	vi.useRealTimers();
});

const TEXT = "I love Paris.";

function tip(kb: { kb_id?: string | null; kb_url?: string | null }) {
	const span: Span = { index: 0, start: 7, end: 12, label: "LOC", score: 0.9, sentiment: null, ...kb };
	render(Tooltip, { span, text: TEXT, color: undefined, x: 0, y: 0 });
	return screen.getByTestId("sentimentpanel-tooltip");
}

describe("knowledge-base link in the entity tooltip", () => {
	test("an https kb_url is a link named after the kb_id, opening in a new tab without the opener", () => {
		const el = tip({ kb_id: "Q90", kb_url: "https://www.wikidata.org/wiki/Q90" });
		const link = within(el).getByRole("link", { name: "Look up Q90 (opens in a new tab)" });
		expect(link.getAttribute("href")).toBe("https://www.wikidata.org/wiki/Q90");
		expect(link.getAttribute("target")).toBe("_blank");
		expect(link.getAttribute("rel")).toBe("noopener noreferrer");
		expect(link.textContent).toContain("Q90");
		expect(within(el).getByTestId("sentimentpanel-tooltip-kb").textContent).toContain("Knowledge base");
	});

	test("an http kb_url without a kb_id is a link named after its host", () => {
		const el = tip({ kb_url: "http://kb.example.org/entity/42" });
		const link = within(el).getByRole("link", { name: "Look up kb.example.org (opens in a new tab)" });
		expect(link.getAttribute("href")).toBe("http://kb.example.org/entity/42");
	});

	test.each([
		"javascript:alert(1)",
		"JavaScript:alert(1)",
		"  javascript:alert(1)",
		"java\tscript:alert(1)",
		"data:text/html,<script>alert(1)</script>",
		"vbscript:msgbox(1)",
		"ftp://example.org/Q90",
		"/wiki/Q90",
		"//evil.example/Q90",
		"www.wikidata.org/wiki/Q90"
	])("any other kb_url (%s) is shown as text, never a link", (url) => {
		const el = tip({ kb_id: "Q90", kb_url: url });
		expect(within(el).queryByRole("link")).toBeNull();
		expect(el.querySelector("a")).toBeNull();
		const kb = within(el).getByTestId("sentimentpanel-tooltip-kb");
		expect(kb.textContent).toContain("Q90");
		expect(kb.textContent).toContain(url);
	});

	test("a kb_id without a URL is text; without either there is no knowledge-base line", () => {
		let el = tip({ kb_id: "Q90" });
		expect(within(el).queryByRole("link")).toBeNull();
		expect(within(el).getByTestId("sentimentpanel-tooltip-kb").textContent).toContain("Q90");
		cleanup();
		el = tip({ kb_id: null, kb_url: null });
		expect(within(el).queryByTestId("sentimentpanel-tooltip-kb")).toBeNull();
		cleanup();
		el = tip({ kb_id: "", kb_url: "" });
		expect(within(el).queryByTestId("sentimentpanel-tooltip-kb")).toBeNull();
	});

	test("the strings go through the app's translations", () => {
		const german: Record<string, string> = {
			"sentimentpanel.kb": "Wissensbasis",
			"sentimentpanel.kb_link": "{id} nachschlagen (öffnet einen neuen Tab)"
		};
		use_i18n((key: string) => german[key] ?? key);
		const el = tip({ kb_id: "Q90", kb_url: "https://www.wikidata.org/wiki/Q90" });
		expect(within(el).getByRole("link", { name: "Q90 nachschlagen (öffnet einen neuen Tab)" })).toBeTruthy();
		expect(within(el).getByTestId("sentimentpanel-tooltip-kb").textContent).toContain("Wissensbasis");
	});
});

// ---- the tooltip with a link: hoverable, persistent, dismissible, reachable from the keyboard

const LINKED = "Ada met Bob in Paris and Rome.";
const at = (w: string) => ({ start: LINKED.indexOf(w), end: LINKED.indexOf(w) + w.length });
const PANEL: PanelData = {
	text: LINKED,
	entities: [
		{ ...at("Ada"), label: "PER", score: 0.9 },
		{ ...at("Paris"), label: "LOC", score: 0.9, kb_id: "Q90", kb_url: "https://www.wikidata.org/wiki/Q90" },
		{ ...at("Rome"), label: "LOC", score: 0.8, kb_id: "Q220" }
	]
};
const LINK = "Look up Q90 (opens in a new tab)";
const GRACE = 300;

const text_el = () => screen.getByTestId("sentimentpanel-text");
const badge = (i: number) => text_el().querySelector<HTMLElement>(`.badge[data-entity='${i}']`)!;
const mark = (i: number) => text_el().querySelector<HTMLElement>(`mark[data-top='${i}']`)!;
const tooltip = () => screen.queryByTestId("sentimentpanel-tooltip");
const link = () => within(screen.getByTestId("sentimentpanel-tooltip")).getByRole("link", { name: LINK });

async function settle(): Promise<void> {
	for (let i = 0; i < 3; i++) await tick();
}
/** a key on the focused element; true when the panel took it (default prevented) */
async function press(key: string, init: KeyboardEventInit = {}): Promise<boolean> {
	const taken = !(await fireEvent.keyDown(document.activeElement as HTMLElement, { key, ...init }));
	await settle();
	return taken;
}
function mount(value: PanelData = PANEL, extra: Record<string, unknown> = {}) {
	render(Panel, { value, show_download: false, ...extra });
	return text_el();
}

describe("the pointer: a tooltip with a link can be moved onto and stays while the pointer is on it", () => {
	test("a linked entity's tooltip is a named non-modal dialog that takes the pointer; an unlinked one stays a tooltip", async () => {
		mount();
		await fireEvent.mouseOver(mark(1));
		const dialog = screen.getByRole("dialog", { name: "Paris, LOC 90%, Knowledge base Q90" });
		expect(dialog).toBe(tooltip());
		expect(dialog.getAttribute("aria-modal")).toBeNull();
		expect(dialog.classList.contains("hoverable")).toBe(true);
		expect(link()).toBeTruthy();
		await fireEvent.mouseOver(mark(2)); // a kb_id without a URL: nothing to operate
		expect(screen.queryByRole("dialog")).toBeNull();
		expect(screen.getByRole("tooltip").classList.contains("hoverable")).toBe(false);
		expect(screen.getByRole("tooltip").getAttribute("aria-label")).toBeNull();
	});

	test("leaving the entity for the tooltip keeps it open; leaving the tooltip closes it after a grace delay", async () => {
		vi.useFakeTimers();
		mount();
		await fireEvent.mouseOver(mark(1));
		await fireEvent.mouseLeave(text_el());
		expect(tooltip()).not.toBeNull(); // on its way to the tooltip
		await fireEvent.pointerEnter(tooltip()!);
		vi.advanceTimersByTime(5 * GRACE);
		await settle();
		expect(tooltip()).not.toBeNull(); // persistent while the pointer is on it
		await fireEvent.pointerLeave(tooltip()!);
		vi.advanceTimersByTime(GRACE - 50);
		await settle();
		expect(tooltip()).not.toBeNull();
		vi.advanceTimersByTime(100);
		await settle();
		expect(tooltip()).toBeNull();
	});

	test("the pointer back on the entity from the tooltip keeps it; on another entity it moves there at once", async () => {
		vi.useFakeTimers();
		mount();
		await fireEvent.mouseOver(mark(1));
		await fireEvent.pointerEnter(tooltip()!);
		await fireEvent.pointerLeave(tooltip()!);
		await fireEvent.mouseOver(mark(1));
		vi.advanceTimersByTime(5 * GRACE);
		await settle();
		expect(within(tooltip()!).queryByRole("link")).not.toBeNull();
		await fireEvent.mouseOver(mark(0));
		expect(tooltip()!.textContent).toContain("PER");
	});

	test("without a link, or leaving for plain text without reaching the tooltip, it closes", async () => {
		vi.useFakeTimers();
		mount();
		await fireEvent.mouseOver(mark(0));
		await fireEvent.mouseLeave(text_el());
		expect(tooltip()).toBeNull(); // nothing to reach: at once, as before
		await fireEvent.mouseOver(mark(1));
		await fireEvent.mouseOver(text_el()); // plain text
		expect(tooltip()).not.toBeNull();
		vi.advanceTimersByTime(GRACE + 10);
		await settle();
		expect(tooltip()).toBeNull();
	});

	test("clicking the link leaves focus where it was, so the tooltip closes once the pointer has gone", async () => {
		vi.useFakeTimers();
		mount();
		await fireEvent.mouseOver(mark(1));
		await fireEvent.mouseLeave(text_el());
		await fireEvent.pointerEnter(tooltip()!);
		expect(await fireEvent.mouseDown(link())).toBe(false); // default prevented: no focus moves
		expect(tooltip()!.contains(document.activeElement)).toBe(false);
		await fireEvent.pointerLeave(tooltip()!);
		vi.advanceTimersByTime(GRACE + 10);
		await settle();
		expect(tooltip()).toBeNull();
	});

	test("while a drag selects text the tooltip lets the pointer through", async () => {
		mount(PANEL, { interactive: true, labels: ["PER", "LOC"] });
		await fireEvent.mouseOver(mark(1));
		expect(tooltip()!.classList.contains("hoverable")).toBe(true);
		// jsdom has no PointerEvent: a MouseEvent of that type carries the button
		await fireEvent(text_el(), new MouseEvent("pointerdown", { bubbles: true, button: 0 }));
		expect(tooltip()!.classList.contains("hoverable")).toBe(false);
		await fireEvent(window, new MouseEvent("pointerup", { button: 0 }));
		expect(tooltip()!.classList.contains("hoverable")).toBe(true);
	});
});

describe("the keyboard: Tab from a linked entity goes to its link, Shift+Tab and Escape come back", () => {
	test("Tab moves focus into the link, Shift+Tab back to the entity, with the tooltip open throughout", async () => {
		mount();
		badge(1).focus();
		await settle();
		expect(tooltip()).not.toBeNull();
		expect(await press("Tab")).toBe(true);
		expect(document.activeElement).toBe(link());
		expect(link().getAttribute("target")).toBe("_blank");
		expect(link().getAttribute("rel")).toBe("noopener noreferrer");
		// focus left the entity for the tooltip: it stays
		expect(tooltip()).not.toBeNull();
		expect(await press("Tab", { shiftKey: true })).toBe(true);
		expect(document.activeElement).toBe(badge(1));
		expect(badge(1).tabIndex).toBe(0); // still the text's one Tab stop
		expect(tooltip()).not.toBeNull();
	});

	test("Escape in the link closes the tooltip and returns focus to the entity, without bubbling further", async () => {
		mount();
		const outside = vi.fn();
		document.addEventListener("keydown", outside);
		try {
			badge(1).focus();
			await press("Tab");
			expect(document.activeElement).toBe(link());
			outside.mockClear();
			expect(await press("Escape")).toBe(true);
			expect(document.activeElement).toBe(badge(1));
			expect(tooltip()).toBeNull();
			expect(outside).not.toHaveBeenCalled();
			// Tab opens it again and goes to the link
			await press("Tab");
			expect(document.activeElement).toBe(link());
		} finally {
			document.removeEventListener("keydown", outside);
		}
	});

	test("Tab on the focused entity goes to its own link even while the pointer shows another entity's tooltip", async () => {
		mount();
		badge(1).focus();
		await settle();
		await fireEvent.mouseOver(mark(0));
		expect(tooltip()!.textContent).toContain("PER");
		await press("Tab");
		expect(document.activeElement).toBe(link());
	});

	test("Tab on an entity without a web link is left to the browser (it leaves the text)", async () => {
		mount();
		badge(0).focus();
		await settle();
		expect(await press("Tab")).toBe(false);
		expect(document.activeElement).toBe(badge(0));
		badge(2).focus(); // a kb_id, no URL
		await settle();
		expect(await press("Tab")).toBe(false);
	});

	test("focus in the link keeps the tooltip on its entity while the pointer crosses others; leaving the tooltip closes it", async () => {
		const after = document.createElement("button");
		after.textContent = "after";
		mount();
		document.body.append(after);
		try {
			badge(1).focus();
			await press("Tab");
			await fireEvent.mouseOver(mark(0));
			await fireEvent.mouseLeave(text_el());
			expect(document.activeElement).toBe(link());
			expect(tooltip()!.textContent).toContain("Q90");
			after.focus(); // Tab out of the link
			await settle();
			expect(tooltip()).toBeNull();
		} finally {
			after.remove();
		}
	});

	test("focus leaving the entity while the pointer rests on its tooltip keeps it open", async () => {
		const after = document.createElement("button");
		mount();
		document.body.append(after);
		try {
			badge(1).focus();
			await settle();
			await fireEvent.pointerEnter(tooltip()!);
			after.focus();
			await settle();
			expect(tooltip()).not.toBeNull();
		} finally {
			after.remove();
		}
	});

	test("the pointer leaving while an entity has focus brings back the focused entity's tooltip", async () => {
		mount();
		badge(1).focus();
		await settle();
		await fireEvent.mouseOver(mark(0));
		await fireEvent.mouseLeave(text_el());
		expect(tooltip()!.textContent).toContain("Q90");
	});

	test("Enter on the link in an interactive panel with a selection is the link's, not 'add entity'", async () => {
		mount(PANEL, { interactive: true, labels: ["PER", "LOC"] });
		badge(1).focus();
		await press("Tab");
		const sel = window.getSelection()!;
		const range = document.createRange();
		range.selectNodeContents(mark(0));
		sel.removeAllRanges();
		sel.addRange(range);
		expect(await press("Enter")).toBe(false);
		expect(screen.queryByTestId("sentimentpanel-popover")).toBeNull();
		sel.removeAllRanges();
	});
});

describe("screen readers hear the kb_id and how to reach the link", () => {
	test("an entity's name ends with its kb_id; an unlinked one says nothing of a knowledge base", () => {
		mount();
		expect(badge(1).getAttribute("aria-label")).toBe("Paris, LOC 90%, Knowledge base Q90");
		expect(badge(2).getAttribute("aria-label")).toBe("Rome, LOC 80%, Knowledge base Q220");
		expect(badge(0).getAttribute("aria-label")).toBe("Ada, PER 90%");
	});

	test("the words go through the app's translations", () => {
		const german: Record<string, string> = {
			"sentimentpanel.kb": "Wissensbasis",
			"sentimentpanel.text_keys_link": "Tab führt zum Link, Escape zurück."
		};
		use_i18n((key: string) => german[key] ?? key);
		mount();
		expect(badge(1).getAttribute("aria-label")).toBe("Paris, LOC 90%, Wissensbasis Q90");
		const help = document.getElementById(text_el().getAttribute("aria-describedby")!)!;
		expect(help.textContent).toContain("Tab führt zum Link, Escape zurück.");
	});

	test("the keyboard help tells of the link only when some entity has one", () => {
		mount();
		let help = document.getElementById(text_el().getAttribute("aria-describedby")!)!;
		expect(help.textContent).toBe(
			"Arrow keys move between entities, Home and End go to the first and the last. " +
				"Tab goes from an entity to its knowledge-base link, Escape comes back."
		);
		cleanup();
		mount({ ...PANEL, entities: PANEL.entities!.map((e) => ({ ...e, kb_url: e.kb_url && "ftp://example.org/Q90" })) });
		help = document.getElementById(text_el().getAttribute("aria-describedby")!)!;
		expect(help.textContent).toBe("Arrow keys move between entities, Home and End go to the first and the last.");
	});
});
