/**
 * Colours: parsing, WCAG contrast, an entity palette readable in light and
 * dark themes, and polarity colours for sentiment labels. No DOM.
 */

export type RGB = readonly [number, number, number];

/** The backgrounds and body text colours the panel is drawn on. */
export const THEMES = {
	light: { background: [255, 255, 255] as RGB, text: [39, 39, 42] as RGB },
	dark: { background: [39, 39, 42] as RGB, text: [244, 244, 245] as RGB }
} as const;

/** Minimum contrast of body text on a highlight, and of badge text on its badge. */
export const MIN_TEXT_CONTRAST = 4.5;

const NAMED: Record<string, string> = {
	black: "#000000", white: "#ffffff", gray: "#808080", grey: "#808080", silver: "#c0c0c0",
	red: "#ef4444", green: "#22c55e", blue: "#3b82f6", yellow: "#eab308", orange: "#f97316",
	purple: "#a855f7", pink: "#ec4899", cyan: "#06b6d4", teal: "#14b8a6", lime: "#84cc16",
	indigo: "#6366f1", violet: "#8b5cf6", fuchsia: "#d946ef", rose: "#f43f5e", amber: "#f59e0b",
	emerald: "#10b981", sky: "#0ea5e9", brown: "#a52a2a", maroon: "#800000", navy: "#000080",
	olive: "#808000", aqua: "#00ffff", magenta: "#ff00ff", gold: "#ffd700", coral: "#ff7f50",
	salmon: "#fa8072", tomato: "#ff6347", crimson: "#dc143c", turquoise: "#40e0d0",
	khaki: "#f0e68c", lavender: "#e6e6fa", beige: "#f5f5dc", tan: "#d2b48c", chocolate: "#d2691e",
	orchid: "#da70d6", plum: "#dda0dd", skyblue: "#87ceeb", steelblue: "#4682b4",
	seagreen: "#2e8b57", forestgreen: "#228b22", slateblue: "#6a5acd", slategray: "#708090",
	darkred: "#8b0000", darkgreen: "#006400", darkblue: "#00008b", lightblue: "#add8e6",
	lightgreen: "#90ee90", hotpink: "#ff69b4", deeppink: "#ff1493", firebrick: "#b22222",
	goldenrod: "#daa520", peru: "#cd853f", sienna: "#a0522d", royalblue: "#4169e1",
	dodgerblue: "#1e90ff", mediumpurple: "#9370db", darkorange: "#ff8c00", yellowgreen: "#9acd32"
};

function clamp255(n: number): number {
	return Math.max(0, Math.min(255, Math.round(n)));
}

/** Parse #rgb, #rrggbb, #rrggbbaa, rgb()/rgba() and common colour names. */
export function parse_color(input: string): RGB | null {
	const s = input.trim().toLowerCase();
	if (s in NAMED) return parse_color(NAMED[s]);
	let m = /^#([0-9a-f]{3,4})$/.exec(s);
	if (m) {
		const h = m[1];
		return [parseInt(h[0] + h[0], 16), parseInt(h[1] + h[1], 16), parseInt(h[2] + h[2], 16)];
	}
	m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/.exec(s);
	if (m) {
		const h = m[1];
		return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
	}
	m = /^rgba?\(\s*([\d.]+)(%?)[\s,]+([\d.]+)(%?)[\s,]+([\d.]+)(%?)\s*(?:[,/]\s*[\d.]+%?\s*)?\)$/.exec(s);
	if (m) {
		const ch = (v: string, pct: string): number => clamp255(pct ? (parseFloat(v) * 255) / 100 : parseFloat(v));
		return [ch(m[1], m[2]), ch(m[3], m[4]), ch(m[5], m[6])];
	}
	return null;
}

function to_hex(c: RGB): string {
	return "#" + c.map((v) => clamp255(v).toString(16).padStart(2, "0")).join("");
}

function channel(v: number): number {
	const s = v / 255;
	return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
}

/** WCAG relative luminance. */
function luminance(c: RGB): number {
	return 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
}

/** WCAG contrast ratio, 1..21. */
export function contrast(a: RGB, b: RGB): number {
	const la = luminance(a);
	const lb = luminance(b);
	return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** `fg` at opacity `alpha` composited over `bg`. */
export function blend(fg: RGB, alpha: number, bg: RGB): RGB {
	return [
		fg[0] * alpha + bg[0] * (1 - alpha),
		fg[1] * alpha + bg[1] * (1 - alpha),
		fg[2] * alpha + bg[2] * (1 - alpha)
	];
}

/**
 * The strongest tint of `c` (up to `max`) under which body text keeps at
 * least MIN_TEXT_CONTRAST in both the light and the dark theme.
 */
export function tint_alpha(c: RGB, max = 0.3, min = 0.08): number {
	for (let a = max; a > min; a -= 0.01) {
		if (
			contrast(THEMES.light.text, blend(c, a, THEMES.light.background)) >= MIN_TEXT_CONTRAST &&
			contrast(THEMES.dark.text, blend(c, a, THEMES.dark.background)) >= MIN_TEXT_CONTRAST
		) {
			return Math.round(a * 100) / 100;
		}
	}
	return min;
}

/** Black or white, whichever reads better on a solid `c`. */
export function text_on(c: RGB): RGB {
	return contrast([0, 0, 0], c) >= contrast([255, 255, 255], c) ? [0, 0, 0] : [255, 255, 255];
}

/** Automatic entity colours: mid tones, distinct hues, usable on light and dark. */
export const PALETTE: readonly string[] = [
	"#5b8def", // blue
	"#f0883e", // orange
	"#3fb27f", // green
	"#a371f7", // violet
	"#e5534b", // red
	"#1fb5c4", // cyan
	"#d4a72c", // gold
	"#e26ab6", // pink
	"#8fb339", // lime
	"#7d8cf0", // periwinkle
	"#c0794a", // brown
	"#8b949e" // slate
];

const WELL_KNOWN: Record<string, number> = {
	PER: 3, PERSON: 3, ORG: 5, ORGANIZATION: 5, NORP: 9, LOC: 1, GPE: 1, LOCATION: 1, FAC: 10,
	MISC: 2, DATE: 6, TIME: 6, MONEY: 8, PERCENT: 8, QUANTITY: 8, CARDINAL: 11, ORDINAL: 11,
	EVENT: 7, PRODUCT: 0, WORK_OF_ART: 7, LAW: 10, LANGUAGE: 9
};

function hash(s: string): number {
	let h = 2166136261;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 16777619);
	}
	return h >>> 0;
}

/**
 * Whether a colour from color_map can be written into a style attribute: a
 * colour value and nothing else (no `;`, braces, quotes or url()). Anything
 * else falls back to the palette.
 */
function is_css_color_like(value: string): boolean {
	const v = value.trim();
	return v.length > 0 && v.length < 100 && /^[#\w\s(),.%/+-]+$/.test(v) && !/url\s*\(|expression\s*\(/i.test(v);
}

export interface LabelColor {
	/** the CSS colour of underlines, badges and legend swatches */
	solid: string;
	/** the CSS colour of the highlight background */
	tint: string;
	/** the CSS colour of badge text on `solid` */
	on_solid: string;
}

function describe(css: string): LabelColor {
	const rgb = parse_color(css);
	if (!rgb) {
		// a CSS colour we cannot parse (e.g. var(--x)): let the browser mix it
		return {
			solid: css,
			tint: `color-mix(in srgb, ${css} 22%, transparent)`,
			on_solid: "var(--body-text-color)"
		};
	}
	const a = tint_alpha(rgb);
	return {
		solid: to_hex(rgb),
		tint: `rgba(${rgb.map(Math.round).join(", ")}, ${a})`,
		on_solid: to_hex(text_on(rgb))
	};
}

/**
 * Colours for each label: `color_map` first, then well-known NER labels, then
 * a stable hash into the palette that avoids colours already taken.
 */
export function label_colors(
	labels: readonly string[],
	color_map: Record<string, string> | null | undefined
): Map<string, LabelColor> {
	const out = new Map<string, LabelColor>();
	const used = new Set<number>();
	const pending: string[] = [];
	for (const label of labels) {
		const given = color_map?.[label];
		if (typeof given === "string" && is_css_color_like(given)) {
			out.set(label, describe(given.trim()));
			continue;
		}
		const key = label.replace(/^[BIELS]-/, "").toUpperCase();
		const known = WELL_KNOWN[key];
		if (known !== undefined && !used.has(known)) {
			used.add(known);
			out.set(label, describe(PALETTE[known]));
		} else {
			pending.push(label);
		}
	}
	for (const label of pending) {
		let slot = hash(label) % PALETTE.length;
		for (let t = 0; t < PALETTE.length && used.has(slot); t++) slot = (slot + 1) % PALETTE.length;
		if (used.size < PALETTE.length) used.add(slot);
		out.set(label, describe(PALETTE[slot]));
	}
	return out;
}

const POSITIVE = new Set([
	"positive", "pos", "joy", "love", "optimism", "admiration", "approval", "gratitude",
	"amusement", "excitement", "happiness", "happy", "relief", "pride", "caring", "desire", "good"
]);
const NEGATIVE = new Set([
	"negative", "neg", "anger", "sadness", "fear", "disgust", "annoyance", "disappointment",
	"disapproval", "grief", "remorse", "embarrassment", "nervousness", "sad", "angry", "bad",
	"toxic", "hate"
]);
const NEUTRAL = new Set(["neutral", "neu", "mixed", "none", "other", "surprise", "realization"]);

const STARS = /^([1-5])\s*(?:stars?|★)$/i;

/** The number of a rating label ("4 stars", "1 star", "5★"), or null for any other label. */
function stars(label: string): number | null {
	const m = STARS.exec(label.trim());
	return m ? Number(m[1]) : null;
}

/**
 * Polarity of a sentiment label in -1..1 (negative..positive), or null when
 * the label carries no known polarity (e.g. LABEL_0). The one place the
 * browser decides it (Python never does); tests/cases/polarity.json holds
 * its cases.
 */
export function polarity(label: string): number | null {
	const l = label.trim().toLowerCase();
	if (POSITIVE.has(l)) return 1;
	if (NEGATIVE.has(l)) return -1;
	if (NEUTRAL.has(l)) return 0;
	const rating = stars(l);
	if (rating !== null) return (rating - 3) / 2;
	if (/^very[ _-]?positive$/.test(l)) return 1;
	if (/^very[ _-]?negative$/.test(l)) return -1;
	return null;
}

const NEG_RGB: RGB = [220, 68, 74];
const MID_RGB: RGB = [139, 148, 158];
const POS_RGB: RGB = [46, 160, 103];
const UNKNOWN: readonly string[] = ["#6e7fa3", "#8c7aa8", "#5f9aa0", "#a08a5f", "#7f8c8d"];

/** A solid colour for a sentiment label: red..grey..green, or a muted neutral. */
export function polarity_color(label: string, fallback_index = 0): string {
	const p = polarity(label);
	if (p === null) return UNKNOWN[Math.abs(fallback_index) % UNKNOWN.length];
	const target = p < 0 ? NEG_RGB : POS_RGB;
	const t = Math.abs(p);
	return to_hex(blend(target, t, MID_RGB));
}

/** Sort key for sentiment labels: stars in order, otherwise by score. */
export function order_scores(scores: Record<string, number>): [string, number][] {
	const entries = Object.entries(scores);
	const all_stars = entries.length > 0 && entries.every(([k]) => stars(k) !== null);
	if (all_stars) return entries.sort((a, b) => stars(b[0])! - stars(a[0])!);
	return entries.sort((a, b) => b[1] - a[1]);
}
