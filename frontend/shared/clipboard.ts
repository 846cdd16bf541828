/** The copy button: the document's text to the clipboard. */

/**
 * Writes `text` to the clipboard and says whether it could. The asynchronous clipboard exists
 * only on secure pages (https, localhost); an app served over plain http on a LAN address falls
 * back to a hidden, read-only textarea and the browser's copy command.
 */
export async function copy_text(text: string): Promise<boolean> {
	if (typeof navigator !== "undefined" && navigator.clipboard?.writeText) {
		try {
			await navigator.clipboard.writeText(text);
			return true;
		} catch {
			// refused (no permission, no focus): try the copy command below
		}
	}
	if (typeof document === "undefined" || typeof document.execCommand !== "function") return false;
	const area = document.createElement("textarea");
	area.value = text;
	area.readOnly = true;
	area.setAttribute("aria-hidden", "true");
	area.style.position = "fixed";
	area.style.opacity = "0";
	area.style.pointerEvents = "none";
	const focused = document.activeElement as HTMLElement | null;
	document.body.appendChild(area);
	area.select();
	let done = false;
	try {
		done = document.execCommand("copy");
	} catch {
		done = false;
	}
	area.remove();
	focused?.focus?.();
	return done;
}
