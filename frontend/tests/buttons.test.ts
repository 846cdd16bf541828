import { cleanup, fireEvent, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, describe, expect, test, vi } from "vitest";
import { copy_text } from "../shared/clipboard";
import { VALUE } from "./helpers";
import { events, mount } from "./mount_index";

afterEach(() => {
	cleanup();
	vi.unstubAllGlobals();
	vi.useRealTimers();
});

/** a gr.Button as Gradio 6.2+ hands it over in `buttons` */
const SEND = { id: 12, value: "Send to review", icon: null };

function stub_clipboard(write: (text: string) => Promise<void>) {
	const writeText = vi.fn(write);
	vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText }, languages: ["en-US"], language: "en-US" });
	return writeText;
}

describe("buttons", () => {
	test("a gr.Button in the corner is drawn with its label and tells Gradio which one was pressed", async () => {
		const { dispatcher } = mount(VALUE, { buttons: [SEND] });
		const button = screen.getByRole("button", { name: "Send to review" });
		await fireEvent.click(button);
		expect(events(dispatcher, "custom_button_click")).toEqual([[7, "custom_button_click", { id: 12 }]]);
		// the panel's own buttons stay beside it
		expect(screen.getByRole("button", { name: "Download as JSON" })).toBeTruthy();
	});

	test('"copy" copies the document text, says so, then goes back to its label', async () => {
		const writeText = stub_clipboard(async () => undefined);
		mount(VALUE, { buttons: ["copy"] });
		vi.useFakeTimers();
		await fireEvent.click(screen.getByRole("button", { name: "Copy text" }));
		await vi.advanceTimersByTimeAsync(0);
		expect(writeText).toHaveBeenCalledWith(VALUE.text);
		expect(screen.getByRole("button", { name: "Copied" })).toBeTruthy();
		expect(screen.getByTestId("sentimentpanel-copy-status").textContent).toBe("Copied");
		await vi.advanceTimersByTimeAsync(2100);
		expect(screen.getByRole("button", { name: "Copy text" })).toBeTruthy();
		expect(screen.getByTestId("sentimentpanel-copy-status").textContent).toBe("");
	});

	test("a refused copy says so instead of claiming it worked", async () => {
		stub_clipboard(async () => {
			throw new Error("denied");
		});
		document.execCommand = vi.fn(() => false) as never;
		mount(VALUE, { buttons: ["copy"] });
		await fireEvent.click(screen.getByRole("button", { name: "Copy text" }));
		await tick();
		await tick();
		expect(screen.getByTestId("sentimentpanel-copy-status").textContent).toBe("Could not copy: select the text and copy it");
	});

	test("no buttons: neither a copy button nor a custom one", () => {
		mount(VALUE, { buttons: [] });
		expect(screen.queryByRole("button", { name: "Copy text" })).toBeNull();
		expect(screen.queryByTestId("sentimentpanel-copy-status")).toBeNull();
		expect(document.querySelectorAll(".custom-button")).toHaveLength(0);
	});

	test("without the asynchronous clipboard (plain http), the copy command copies the text", async () => {
		vi.stubGlobal("navigator", { ...navigator, clipboard: undefined });
		let copied = "";
		document.execCommand = vi.fn(() => {
			copied = document.querySelector("textarea")?.value ?? "";
			return true;
		}) as never;
		expect(await copy_text("Grüße 🌍")).toBe(true);
		expect(copied).toBe("Grüße 🌍");
		expect(document.querySelector("textarea")).toBeNull();
	});
});
