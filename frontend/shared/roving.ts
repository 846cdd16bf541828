/**
 * The text as one Tab stop (the WAI-ARIA roving tabindex pattern): every
 * entity badge is out of the Tab order but the current one; arrow keys, Home
 * and End move focus between entities in reading order. A long document draws
 * only what is near the viewport, so a move may first draw the chunk it goes
 * to. Attributes are set on the elements directly: a move costs a couple of
 * writes, never a pass over every badge.
 */

export interface RovingHost {
	/** the text element holding the chunks */
	root(): HTMLElement | undefined;
	chunks(): number;
	/** whether chunk `k` holds (part of) an entity */
	has_entities(k: number): boolean;
	/** whether chunk `k` is drawn (not a placeholder) */
	is_drawn(k: number): boolean;
	/** draw chunk `k`, resolving once it is in the DOM */
	draw(k: number): Promise<void>;
	/** right to left whatever the text's own direction */
	rtl(): boolean;
}

export class Roving {
	/** the entity whose badge holds the Tab stop, -1 before the first */
	active = -1;

	constructor(private host: RovingHost) {}

	badge_of(index: number): HTMLElement | null {
		return this.host.root()?.querySelector<HTMLElement>(`.badge[data-entity="${index}"]`) ?? null;
	}

	/** make `el` the text's one Tab stop (the text itself when there is no badge) */
	rove(el: HTMLElement | null): void {
		const root = this.host.root();
		if (!root) return;
		for (const b of root.querySelectorAll<HTMLElement>('.badge[tabindex="0"]')) if (b !== el) b.tabIndex = -1;
		if (el) {
			el.tabIndex = 0;
			this.active = Number(el.dataset.entity);
		}
		root.tabIndex = el ? -1 : 0;
	}

	/** after each drawing: the current entity keeps the Tab stop, or the first one drawn takes it */
	sync(): void {
		const root = this.host.root();
		if (!root) return;
		this.rove((this.active >= 0 ? this.badge_of(this.active) : null) ?? root.querySelector<HTMLElement>(".badge"));
	}

	private chunk_of(el: HTMLElement): number {
		const c = el.closest<HTMLElement>("[data-chunk]");
		return c ? Number(c.dataset.chunk) : this.host.chunks(); // a point entity after the last chunk
	}

	/** the badge after (or before) `from` in reading order, drawing chunks as needed */
	async neighbour(from: HTMLElement, step: 1 | -1): Promise<HTMLElement | null> {
		const n = this.host.chunks();
		for (let guard = 0; guard <= n; guard++) {
			const root = this.host.root();
			if (!root) return null;
			const all = [...root.querySelectorAll<HTMLElement>(".badge")];
			const next: HTMLElement | undefined = all[all.indexOf(from) + step];
			// a chunk between the two that is still a placeholder may hold entities: draw it, look again
			const here = this.chunk_of(from);
			const there = next ? this.chunk_of(next) : step > 0 ? n : -1;
			let gap = -1;
			for (let k = here + step; k !== there && k >= 0 && k < n; k += step) {
				if (!this.host.is_drawn(k) && this.host.has_entities(k)) {
					gap = k;
					break;
				}
			}
			if (gap < 0) return next ?? null;
			await this.host.draw(gap);
		}
		return null;
	}

	/** the first or the last entity's badge, drawing its chunk */
	async end_badge(last: boolean): Promise<HTMLElement | null> {
		const n = this.host.chunks();
		for (let i = 0; i < n; i++) {
			const k = last ? n - 1 - i : i;
			if (!this.host.has_entities(k)) continue;
			await this.host.draw(k);
			break;
		}
		const all = this.host.root()?.querySelectorAll<HTMLElement>(".badge");
		return all && all.length ? all[last ? all.length - 1 : 0] : null;
	}

	private reads_rtl(el: HTMLElement): boolean {
		if (this.host.rtl()) return true;
		try {
			return !!el.closest(".chunk")?.matches(":dir(rtl)");
		} catch {
			return false; // a browser without :dir()
		}
	}

	/** arrows, Home and End on a badge: true when the key is one of them (focus moves once found) */
	key(el: HTMLElement, e: KeyboardEvent): boolean {
		if (e.ctrlKey || e.metaKey || e.altKey) return false;
		const rtl = this.reads_rtl(el);
		let target: Promise<HTMLElement | null>;
		if (e.key === (rtl ? "ArrowLeft" : "ArrowRight") || e.key === "ArrowDown") target = this.neighbour(el, 1);
		else if (e.key === (rtl ? "ArrowRight" : "ArrowLeft") || e.key === "ArrowUp") target = this.neighbour(el, -1);
		else if (e.key === "Home") target = this.end_badge(false);
		else if (e.key === "End") target = this.end_badge(true);
		else return false;
		void target.then((t) => {
			if (!t || t === el) return;
			this.rove(t);
			t.focus();
		});
		return true;
	}
}
