/** Download the panel's value as a JSON file: a Blob, never markup. */
import type { PanelData } from "./types";

/** `<label>.json`, or `sentimentpanel.json` without a label; characters file systems refuse become "_" */
export function json_file_name(label: string | null | undefined): string {
	const base = (label ?? "")
		.trim()
		.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "_")
		.slice(0, 100);
	return `${base || "sentimentpanel"}.json`;
}

/** The value as PanelData: a plain string becomes a document without entities. */
export function as_panel_data(value: PanelData | string): PanelData {
	return typeof value === "string" ? { text: value, entities: [], sentiment: null, sentences: [] } : value;
}

/** The file's content: the value, pretty-printed, exactly as on the wire. */
export function json_text(value: PanelData | string): string {
	return JSON.stringify(as_panel_data(value), null, 2) + "\n";
}

export function download_json(value: PanelData | string, label: string | null | undefined): void {
	const blob = new Blob([json_text(value)], { type: "application/json" });
	const url = URL.createObjectURL(blob);
	const a = document.createElement("a");
	a.href = url;
	a.download = json_file_name(label);
	a.rel = "noopener";
	document.body.appendChild(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}
