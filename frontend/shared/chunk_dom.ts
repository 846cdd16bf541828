/**
 * Drawing a chunk of the text: its pieces (view.ts) become DOM nodes, built
 * by hand with createElement and text nodes (never HTML strings, so the text
 * is never parsed as markup). A chunk holds a few hundred pieces; a framework
 * effect per node cost more than building the whole chunk again, so a chunk
 * is drawn in one go, and drawn again only when its pieces change.
 *
 * The markup is the DOM contract of the text: entities are `mark` elements
 * (`data-entity` lists the entities covering the piece, `data-top` the one a
 * click means), label badges are `[data-decoration]` buttons after the
 * entity's last piece, sentences outside entities are `span.sent`. No white
 * space is added between nodes: all text in a chunk is document text or a
 * decoration.
 */
import { polarity_color } from "./colors";
import type { LabelColor } from "./colors";
import type { Span } from "./types";
import { entity_name, percent, selection_classes } from "./view";
import type { Piece } from "./view";

/** Keeps a badge on the line of the entity's last word. */
const WORD_JOINER = "\u2060";

/** What drawing needs besides the pieces. */
export interface DrawContext {
	text: string;
	spans: readonly Span[];
	colors: ReadonlyMap<string, LabelColor>;
	show_scores: boolean;
	/** false: badges stay for screen readers and the keyboard, visually hidden */
	show_inline_category: boolean;
	/** badges open the editor: they say so to screen readers */
	interactive: boolean;
	/** the selected entity (outlined), or -1 */
	selected: number;
}

/** The piece each entity `mark` was drawn from, to outline a newly selected entity without drawing again. */
const drawn_from = new WeakMap<Element, Piece>();

function el(tag: string, cls: string): HTMLElement {
	const e = document.createElement(tag);
	if (cls) e.className = cls;
	return e;
}

function badge(i: number, c: DrawContext): HTMLElement {
	const s = c.spans[i];
	const color = c.colors.get(s.label);
	const b = el("span", c.show_inline_category ? "badge" : "badge sr-badge");
	b.setAttribute("dir", "auto");
	b.setAttribute("data-decoration", "");
	b.setAttribute("data-entity", String(i));
	b.setAttribute("role", "button");
	b.setAttribute("tabindex", "-1");
	if (c.interactive) {
		b.setAttribute("aria-haspopup", "dialog");
		b.setAttribute("aria-keyshortcuts", "Enter Delete 1 2 3 4 5 6 7 8 9");
	}
	b.setAttribute("aria-label", entity_name(c.text, s, c.show_scores));
	if (color) {
		b.style.background = color.solid;
		b.style.color = color.on_solid;
	}
	b.append(WORD_JOINER);
	if (s.sentiment) {
		const p = el("span", "polarity");
		p.style.background = polarity_color(s.sentiment.label);
		b.append(p);
	}
	b.append(s.label);
	if (c.show_scores && s.score !== null) {
		const score = el("span", "badge-score");
		score.textContent = ` ${percent(s.score)}`;
		b.append(score);
	}
	return b;
}

/** A zero-length entity: an empty highlight holding its badge. */
function point(i: number, c: DrawContext): HTMLElement {
	const m = el("mark", "ent zero");
	m.setAttribute("data-entity", String(i));
	const color = c.colors.get(c.spans[i].label);
	if (color) {
		m.style.setProperty("--tint", color.tint);
		m.style.setProperty("--solid", color.solid);
	}
	m.append(badge(i, c));
	return m;
}

/** The piece's text, inside its "Why?" word when it has one. */
function add_text(parent: Node, piece: Piece): void {
	const w = piece.word;
	if (!w) {
		parent.appendChild(document.createTextNode(piece.text));
		return;
	}
	const span = el("span", w.classes);
	span.setAttribute("data-word", String(w.index));
	if (w.style) span.setAttribute("style", w.style);
	if (w.title !== null) span.title = w.title;
	span.textContent = piece.text;
	parent.appendChild(span);
	if (w.describe) {
		const d = el("span", "why-sr");
		d.setAttribute("data-decoration", "");
		d.textContent = w.describe;
		parent.appendChild(d);
	}
}

/** The nodes of one chunk; `tail` are zero-length entities drawn after its last piece (the text's end). */
export function draw_pieces(pieces: readonly Piece[], c: DrawContext, tail: readonly number[] = []): DocumentFragment {
	const out = document.createDocumentFragment();
	for (const piece of pieces) {
		for (const p of piece.points) out.appendChild(point(p, c));
		if (piece.look) {
			const m = el("mark", piece.look.classes + selection_classes(piece, c.spans, c.selected));
			m.setAttribute("data-entity", piece.look.entity);
			m.setAttribute("data-top", String(piece.look.top));
			m.setAttribute("style", piece.look.style);
			add_text(m, piece);
			for (const i of piece.closing) m.appendChild(badge(i, c));
			drawn_from.set(m, piece);
			out.appendChild(m);
		} else if (piece.tint || piece.title) {
			const s = el("span", "sent");
			s.setAttribute("data-sentence", String(piece.sentence));
			if (piece.title !== null) s.title = piece.title;
			if (piece.tint) s.style.backgroundColor = piece.tint;
			add_text(s, piece);
			out.appendChild(s);
		} else add_text(out, piece);
	}
	for (const p of tail) out.appendChild(point(p, c));
	return out;
}

const SELECTION = ["selected", "sel-start", "sel-end"];

/**
 * Outline entity `next` instead of `prev` in the drawn text under `root`,
 * touching only the highlights of those two entities.
 */
export function move_selection(root: Element, spans: readonly Span[], prev: number, next: number): void {
	if (prev >= 0) {
		for (const m of root.querySelectorAll(`mark.selected[data-entity~="${prev}"]`)) m.classList.remove(...SELECTION);
	}
	if (next < 0 || !spans[next]) return;
	for (const m of root.querySelectorAll(`mark[data-top][data-entity~="${next}"]`)) {
		const piece = drawn_from.get(m);
		if (!piece) continue;
		const cls = selection_classes(piece, spans, next).trim();
		if (cls) m.classList.add(...cls.split(" "));
	}
}

/**
 * The entity an event target inside `root` is part of: the innermost one of
 * a highlight (`data-top`), the badge's own, or null outside entities.
 */
export function entity_at(
	root: Element,
	target: EventTarget | null,
	spans: readonly Span[]
): { el: HTMLElement; index: number } | null {
	if (!(target instanceof Element)) return null;
	const el = target.closest<HTMLElement>("[data-entity]");
	if (!el || !root.contains(el)) return null;
	const raw = el.dataset.top ?? el.dataset.entity ?? "";
	const index = Number(raw.split(" ").pop());
	return Number.isInteger(index) && spans[index] ? { el, index } : null;
}
