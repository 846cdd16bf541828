import { afterEach, describe, expect, test, vi } from "vitest";
import { download_json, json_file_name, json_text } from "../shared/download";

afterEach(() => vi.restoreAllMocks());

describe("download", () => {
	test("file names come from the label, safely", () => {
		expect(json_file_name("Review")).toBe("Review.json");
		expect(json_file_name(null)).toBe("sentimentpanel.json");
		expect(json_file_name("   ")).toBe("sentimentpanel.json");
		expect(json_file_name('a/b:c*"d"')).toBe("a_b_c_d_.json");
		expect(json_file_name("東京 🇯🇵")).toBe("東京 🇯🇵.json");
	});

	test("the file is the value as PanelData, pretty-printed; a string becomes a document", () => {
		const v = { text: "<b>Oslo</b>", entities: [{ start: 3, end: 7, label: "LOC", score: null, sentiment: null }], sentiment: null, sentences: [] };
		expect(JSON.parse(json_text(v))).toEqual(v);
		expect(json_text(v)).toContain('\n  "text": "<b>Oslo</b>"');
		expect(JSON.parse(json_text("plain"))).toEqual({ text: "plain", entities: [], sentiment: null, sentences: [] });
	});

	test("download_json clicks a link to a JSON Blob named after the label", async () => {
		let blob: Blob | null = null;
		(URL as unknown as { createObjectURL: (b: Blob) => string }).createObjectURL = (b: Blob) => {
			blob = b;
			return "blob:x";
		};
		(URL as unknown as { revokeObjectURL: (u: string) => void }).revokeObjectURL = () => {};
		const clicked: HTMLAnchorElement[] = [];
		vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
			clicked.push(this);
		});
		download_json({ text: "x", entities: [] }, "Corrections");
		expect(clicked).toHaveLength(1);
		expect(clicked[0].download).toBe("Corrections.json");
		expect(blob!.type).toBe("application/json");
		const content = await new Promise<string>((resolve) => {
			const reader = new FileReader();
			reader.onload = () => resolve(String(reader.result));
			reader.readAsText(blob!);
		});
		expect(JSON.parse(content)).toEqual({ text: "x", entities: [] });
		expect(document.querySelector("a[download]")).toBeNull();
	});
});
