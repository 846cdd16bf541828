/**
 * The one tooltip of the text: which entity it shows, where, and how long it
 * stays. It stays open while the pointer is over its entity or over the
 * tooltip, or while focus is on the entity or inside the tooltip (WCAG
 * 1.4.13: hoverable, persistent; Escape dismisses it). A tooltip with a
 * knowledge-base link takes the pointer: leaving the entity for it crosses a
 * bridge (Tooltip.svelte) within a grace delay, and a drag selecting text
 * passes through it. Tab on a linked entity goes to the link, Shift+Tab and
 * Escape come back to the entity. A new document closes it.
 */
import { tick } from "svelte";
import { place_tooltip } from "./tooltip_place";
import type { TipPlace } from "./tooltip_place";
import type { Span } from "./types";
import { kb_link } from "./view";

/** An entity drawn in the text: its element, and its index in PanelData.entities. */
export interface EntityHit {
	el: HTMLElement;
	index: number;
}

export interface TipHost {
	/** the document shown: a tooltip belongs to it */
	doc(): unknown;
	spans(): readonly Span[];
	/** the text element */
	root(): HTMLElement | undefined;
	/** the entity an event target is part of, if any */
	entity_of(target: EventTarget | null): EntityHit | null;
	/** move focus to entity `index`'s badge */
	focus_entity(index: number): boolean;
}

/** How long a tooltip with a link waits for the pointer to reach it, in ms. */
const GRACE = 300;

export class TipControl {
	#tip: (TipPlace & { index: number; doc: unknown }) | null = $state.raw(null);
	/** the tooltip's element (bound by the Tooltip), to tell focus and pointer inside it */
	box: HTMLElement | null = $state(null);
	/** a mouse button is held down on the text (a drag selecting text): the tooltip lets the pointer through */
	pressing = $state(false);
	#el: HTMLElement | null = null;
	/** the entity under the pointer, and whether the pointer is over the tooltip */
	#hovered: EntityHit | null = null;
	#over_tip = false;
	#grace: ReturnType<typeof setTimeout> | null = null;

	constructor(private host: TipHost) {
		// a tooltip taken away under the pointer (a new document) never sends pointerleave
		$effect(() => {
			if (!this.box) this.#over_tip = false;
		});
		$effect(() => () => this.#cancel_grace());
	}

	/** the tooltip shown: its entity and where it goes, or null */
	get current(): (TipPlace & { index: number }) | null {
		const tip = this.#tip;
		return tip && tip.doc === this.host.doc() ? tip : null;
	}

	show(el: HTMLElement, index: number): void {
		this.#el = el;
		this.#tip = { ...place_tooltip(el.getBoundingClientRect()), index, doc: this.host.doc() };
	}

	hide(): void {
		this.#cancel_grace();
		this.#tip = null;
		this.#el = null;
		this.#over_tip = false;
	}

	/** keep the tooltip on its highlight while the page or the text scrolls */
	follow = (): void => {
		const tip = this.current;
		if (!tip || !this.#el) return;
		if (this.#el.isConnected) this.show(this.#el, tip.index);
		else this.hide();
	};

	// ---- the pointer ------------------------------------------------------
	over(target: EventTarget | null): void {
		const hit = this.host.entity_of(target);
		if (!hit) return this.pointer_left();
		this.#hovered = hit;
		this.#cancel_grace();
		// focus inside the tooltip keeps it on its entity: hovering another one does not take it away
		if (!this.#focus_in_tip()) this.show(hit.el, hit.index);
	}

	/** the pointer left an entity: a tooltip with a link waits for it a moment */
	pointer_left = (): void => {
		this.#hovered = null;
		this.#cancel_grace();
		const tip = this.current;
		const span = tip ? this.host.spans()[tip.index] : undefined;
		if (span && !this.pressing && kb_link(span)) this.#grace = setTimeout(() => this.#settle(), GRACE);
		else this.#settle();
	};

	press(e: PointerEvent): void {
		if (e.button !== 0) return;
		this.pressing = true;
		window.addEventListener("pointerup", () => (this.pressing = false), { once: true });
	}

	enter_tip = (): void => {
		this.#over_tip = true;
		this.#cancel_grace();
	};

	leave_tip = (): void => {
		this.#over_tip = false;
		this.#cancel_grace();
		this.#grace = setTimeout(() => this.#settle(), GRACE); // back to the entity cancels it
	};

	// ---- focus ------------------------------------------------------------
	/** focus left the text or the tooltip for somewhere else */
	focus_left = (e: FocusEvent): void => {
		const to = e.relatedTarget as Node | null;
		if (to && (this.box?.contains(to) || this.host.root()?.contains(to))) return; // still with the entity or its tooltip
		// the pointer still on the tooltip or on its entity keeps it
		const tip = this.current;
		if (this.#over_tip || (tip && this.#hovered?.index === tip.index && this.#hovered.el.isConnected)) return;
		this.hide();
	};

	/** move focus into the tooltip's link, opening the tooltip of entity `index` first; false without a link */
	enter_link(el: HTMLElement, index: number): boolean {
		if (!kb_link(this.host.spans()[index])) return false;
		if (this.current?.index !== index) this.show(el, index);
		void tick().then(() => this.box?.querySelector<HTMLElement>("a[href]")?.focus());
		return true;
	}

	/** a key on the tooltip's link: Escape and Shift+Tab go back to its entity */
	link_key = (e: KeyboardEvent): void => {
		if (e.key === "Escape") {
			e.preventDefault();
			e.stopPropagation(); // handled: a dialog around the panel stays open
			this.#back_to_entity(true);
		} else if (e.key === "Tab" && e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey) {
			e.preventDefault();
			this.#back_to_entity(false);
		}
	};

	/** back from the tooltip to its entity's badge; `close` dismisses the tooltip as well */
	#back_to_entity(close: boolean): void {
		const index = this.current?.index ?? -1;
		if (index >= 0) this.host.focus_entity(index); // shows its tooltip again (focusin)
		if (close) this.hide();
	}

	#cancel_grace(): void {
		if (this.#grace !== null) clearTimeout(this.#grace);
		this.#grace = null;
	}

	#focus_in_tip(): boolean {
		return !!this.box && typeof document !== "undefined" && this.box.contains(document.activeElement);
	}

	/** the badge in this text that has focus, if any */
	#focused_entity(): EntityHit | null {
		const active = typeof document !== "undefined" ? document.activeElement : null;
		return active instanceof HTMLElement && active.classList.contains("badge") ? this.host.entity_of(active) : null;
	}

	/** what the tooltip shows once the pointer has left an entity or the tooltip */
	#settle(): void {
		this.#cancel_grace();
		if (this.#over_tip || this.#focus_in_tip()) return;
		const to = (this.#hovered?.el.isConnected ? this.#hovered : null) ?? this.#focused_entity();
		if (to) this.show(to.el, to.index);
		else this.hide();
	}
}
