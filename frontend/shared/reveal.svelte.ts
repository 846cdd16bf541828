/**
 * Lazy drawing of a long document (see reveal.ts for which chunks): the
 * chunks shown, and an IntersectionObserver on the placeholders that shows
 * each chunk as it comes near the viewport.
 */
import { tick, untrack } from "svelte";
import { first_shown, with_revealed } from "./reveal";
import type { Shown } from "./reveal";

export interface RevealHost {
	/** the scrolling text element, the observer's root */
	root(): HTMLElement | undefined;
	text(): string;
	chunks(): number;
	/** whether this document renders lazily at all */
	lazy(): boolean;
}

/** How far outside the viewport a placeholder starts being drawn. */
const MARGIN = "600px 0px";

export class LazyChunks {
	/** what was shown of the previous document (a streamed analysis keeps it) */
	#previous: Shown = { text: "", shown: [] };
	/** chunk k is drawn (else a placeholder); a new text starts over, see first_shown */
	shown: boolean[] = $derived.by(() => {
		const text = this.host.text();
		return untrack(() => first_shown(text, this.host.chunks(), this.#previous));
	});
	#observer: IntersectionObserver | null = null;
	#waiting = new Set<HTMLElement>();

	constructor(private host: RevealHost) {
		$effect(() => {
			this.#previous = { text: this.host.text(), shown: this.shown };
		});
		$effect(() => {
			if (this.host.root()) this.#flush();
		});
		$effect(() => () => this.#observer?.disconnect());
	}

	is_drawn(k: number): boolean {
		return !this.host.lazy() || !!this.shown[k];
	}

	/** draw chunk `k` if it is still a placeholder, resolving once it is in the DOM */
	async draw(k: number): Promise<void> {
		if (this.host.lazy() && k >= 0 && k < this.host.chunks() && !this.shown[k]) {
			this.shown = with_revealed(this.shown, new Set([k]));
			await tick();
		}
	}

	/** the action on each placeholder (`data-chunk` its index): drawn once it nears the viewport */
	observe = (node: HTMLElement): { destroy(): void } => {
		this.#waiting.add(node);
		this.#flush();
		return {
			destroy: () => {
				this.#waiting.delete(node);
				this.#observer?.unobserve(node);
			}
		};
	};

	#flush(): void {
		const root = this.host.root();
		if (!root || typeof IntersectionObserver === "undefined") return;
		this.#observer ??= new IntersectionObserver((entries) => this.#reveal(entries), { root, rootMargin: MARGIN });
		for (const node of this.#waiting) this.#observer.observe(node);
		this.#waiting.clear();
	}

	#reveal(entries: IntersectionObserverEntry[]): void {
		const hits = new Set<number>();
		for (const e of entries) {
			if (e.isIntersecting) hits.add(Number((e.target as HTMLElement).dataset.chunk));
		}
		if (hits.size) this.shown = with_revealed(this.shown, hits);
	}
}
