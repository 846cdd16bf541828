import { cleanup, render, screen, within } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, test, vi } from "vitest";
import Panel from "../shared/Panel.svelte";
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

	test("focusing an entity from the keyboard shows its kb_id and link; the link stays out of the Tab order", async () => {
		const value: PanelData = {
			text: TEXT,
			entities: [{ start: 7, end: 12, label: "LOC", score: 0.9, kb_id: "Q90", kb_url: "https://www.wikidata.org/wiki/Q90" }]
		};
		render(Panel, { value, show_download: false });
		expect(screen.queryByTestId("sentimentpanel-tooltip")).toBeNull();
		document.querySelector<HTMLElement>(".badge[data-entity='0']")!.focus();
		await tick();
		const el = screen.getByTestId("sentimentpanel-tooltip");
		const link = within(el).getByRole("link", { name: "Look up Q90 (opens in a new tab)" });
		// the tooltip closes when focus leaves the entity, so Tab must not move focus into it
		expect(link.tabIndex).toBe(-1);
	});
});
