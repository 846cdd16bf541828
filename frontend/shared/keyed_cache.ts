/**
 * A cache of one value per key (a chunk), each kept with what it was made
 * from: asked again with the same inputs (compared with Object.is), it gives
 * the value it holds; with any other input, it makes the value again.
 */
export class KeyedCache<K, V> {
	private entries = new Map<K, { deps: readonly unknown[]; value: V }>();

	get(key: K, deps: readonly unknown[], make: () => V): V {
		const e = this.entries.get(key);
		if (e && e.deps.length === deps.length && e.deps.every((d, i) => Object.is(d, deps[i]))) return e.value;
		const value = make();
		this.entries.set(key, { deps, value });
		return value;
	}

	/** forget the values whose key `keep` refuses */
	prune(keep: (key: K) => boolean): void {
		for (const key of [...this.entries.keys()]) if (!keep(key)) this.entries.delete(key);
	}

	get size(): number {
		return this.entries.size;
	}
}
