/**
 * Entity order, the same on the wire, in the editor and in the layout: by
 * start, then longer first.
 */

interface Extent {
	start: number;
	end: number;
}

/** Negative when `a` comes before `b` in entity order, 0 when they have the same offsets. */
export function entity_order(a: Extent, b: Extent): number {
	return a.start - b.start || b.end - a.end;
}

/**
 * Where an entity with these offsets goes in a list in entity order: after
 * every entity that sorts before it or equal to it, so an entity with the
 * same offsets as an existing one lands right after it.
 */
export function insertion_index(list: readonly Extent[], start: number, end: number): number {
	let i = 0;
	while (i < list.length && entity_order(list[i], { start, end }) <= 0) i++;
	return i;
}
