/**
 * The panel's strings through Gradio's i18n: `t(key, values)` asks the app's
 * translator (the `i18n` Gradio gives every component, which knows the app's
 * `gr.I18n` translations and the browser's language) and falls back to the
 * English of messages.ts when it has nothing for the key. Numbers and
 * percentages follow the browser's language, as Gradio's locale does.
 */
import { untrack } from "svelte";
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
	// the comparison reads the shared translator without depending on it: two panels whose hosts
	// hand over different functions would otherwise take turns replacing each other's, forever
	if (typeof translate === "function" && translate !== untrack(() => active.translate)) {
		active.translate = translate;
		cached = null;
	}
}

/** the locale numbers are written in (default: the browser's language, which Gradio's own
 * strings follow too; the page's `lang` is a fixed "en" in Gradio apps) */
export function use_locale(locale: string | undefined): void {
	active.locale = locale || undefined;
	cached = null;
}

// the browser's languages, read once and again when they change (a read costs more than a badge)
let browser_locale: string | undefined | null = null;
if (typeof window !== "undefined") window.addEventListener?.("languagechange", () => (browser_locale = null));

function page_locale(): string | undefined {
	if (active.locale) return active.locale;
	if (browser_locale === null) {
		browser_locale = typeof navigator === "undefined" ? undefined : navigator.languages?.[0] || navigator.language || undefined;
	}
	return browser_locale;
}

function fill(message: string, values?: Record<string, string | number>): string {
	if (!values) return message;
	return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
		Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole
	);
}

// messages as the translator gave them, kept until the work in hand is done (a microtask):
// drawing a long document asks for the same few messages once per entity, and a translator
// may answer differently once its language has loaded
let cached: Map<string, string> | null = null;

function message_for(key: MessageKey): string {
	const translate = active.translate; // read every time: what is drawn from a message follows the translator
	if (!cached) {
		cached = new Map();
		queueMicrotask(() => (cached = null));
	}
	let message = cached.get(key);
	if (message === undefined) {
		let got: unknown;
		if (translate) {
			try {
				got = translate(key);
			} catch {
				got = undefined; // a translator without a locale yet: English
			}
		}
		message = typeof got === "string" && got && got !== key ? got : MESSAGES[key];
		cached.set(key, message);
	}
	return message;
}

/** the translation of `key`, or its English; `{name}` filled from `values` */
export function t(key: MessageKey, values?: Record<string, string | number>): string {
	return fill(message_for(key), values);
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

// percentages are whole numbers: at most 101 strings per locale, written once each
let percents: { locale: string | undefined; by_value: Map<number, string> } = { locale: undefined, by_value: new Map() };

/** 0.984 -> "98%" (or "98 %" in German) */
export function format_percent(score: number): string {
	const locale = page_locale();
	if (percents.locale !== locale) percents = { locale, by_value: new Map() };
	const rounded = Math.round(score * 100) / 100;
	let out = percents.by_value.get(rounded);
	if (out === undefined) {
		out = number_format("percent").format(rounded);
		percents.by_value.set(rounded, out);
	}
	return out;
}

/** 12000 -> "12,000" (or "12.000") */
export function format_count(n: number): string {
	return number_format("integer").format(n);
}

/** 0.4213 -> "0.42" (or "0,42") */
export function format_fixed2(x: number): string {
	return number_format("fixed2").format(x);
}
