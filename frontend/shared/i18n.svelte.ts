/**
 * The panel's strings through Gradio's i18n: `t(key, values)` asks the app's
 * translator (the `i18n` Gradio gives every component, which knows the app's
 * `gr.I18n` translations and the browser's language) and falls back to the
 * English of messages.ts when it has nothing for the key. Numbers and
 * percentages follow the browser's language, as Gradio's locale does.
 */
import { MESSAGES } from "./messages";
import type { MessageKey } from "./messages";

export type { MessageKey };
type Translator = (key: string) => unknown;

const active: { translate: Translator | null; locale: string | undefined } = $state({
	translate: null,
	locale: undefined
});

/** Gradio's translator for this page (one per app, shared by every panel) */
export function use_i18n(translate: Translator | null | undefined): void {
	if (typeof translate === "function" && translate !== active.translate) active.translate = translate;
}

/** the locale numbers are written in (default: the browser's language, which Gradio's own
 * strings follow too; the page's `lang` is a fixed "en" in Gradio apps) */
export function use_locale(locale: string | undefined): void {
	active.locale = locale || undefined;
}

function page_locale(): string | undefined {
	if (active.locale) return active.locale;
	if (typeof navigator === "undefined") return undefined;
	return navigator.languages?.[0] || navigator.language || undefined;
}

function fill(message: string, values?: Record<string, string | number>): string {
	if (!values) return message;
	return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
		Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole
	);
}

/** the translation of `key`, or its English; `{name}` filled from `values` */
export function t(key: MessageKey, values?: Record<string, string | number>): string {
	let got: unknown;
	const translate = active.translate;
	if (translate) {
		try {
			got = translate(key);
		} catch {
			got = undefined; // a translator without a locale yet: English
		}
	}
	const message = typeof got === "string" && got && got !== key ? got : MESSAGES[key];
	return fill(message, values);
}

type CountKey = "sentimentpanel.text" | "sentimentpanel.announce_entities";

/** a message about `n` things: its "one" form where the language uses it; `{n}` in the locale's digits */
export function t_count(key: CountKey, n: number): string {
	let one = n === 1;
	try {
		one = new Intl.PluralRules(page_locale()).select(n) === "one";
	} catch {
		// an unknown language tag: English's rule
	}
	return t(one ? (`${key}_one` as MessageKey) : key, { n: format_count(n) });
}

const formats = new Map<string, Intl.NumberFormat>();
function number_format(kind: "percent" | "integer" | "fixed2"): Intl.NumberFormat {
	const locale = page_locale();
	const id = `${kind}|${locale ?? ""}`;
	let f = formats.get(id);
	if (!f) {
		const options: Intl.NumberFormatOptions =
			kind === "percent"
				? { style: "percent", maximumFractionDigits: 0 }
				: kind === "fixed2"
					? { minimumFractionDigits: 2, maximumFractionDigits: 2 }
					: { maximumFractionDigits: 0 };
		try {
			f = new Intl.NumberFormat(locale, options);
		} catch {
			f = new Intl.NumberFormat(undefined, options); // an unknown language tag
		}
		formats.set(id, f);
	}
	return f;
}

/** 0.984 -> "98%" (or "98 %" in German) */
export function format_percent(score: number): string {
	return number_format("percent").format(Math.round(score * 100) / 100);
}

/** 12000 -> "12,000" (or "12.000") */
export function format_count(n: number): string {
	return number_format("integer").format(n);
}

/** 0.4213 -> "0.42" (or "0,42") */
export function format_fixed2(x: number): string {
	return number_format("fixed2").format(x);
}
