import { cleanup, screen } from "@testing-library/svelte";
import { afterEach, expect, test } from "vitest";
import { VALUE, visible_text } from "./helpers";
import { mount } from "./mount_index";

afterEach(cleanup);

test("two panels on one page, each host with a translator of its own, both draw their text", () => {
	// mount() hands over no i18n, so each Gradio helper makes a translator function of its own
	mount(structuredClone(VALUE));
	mount(structuredClone(VALUE));
	const texts = screen.getAllByTestId("sentimentpanel-text");
	expect(texts).toHaveLength(2);
	for (const text of texts) expect(visible_text(text)).toBe(VALUE.text);
});
