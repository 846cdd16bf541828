/** Where the one tooltip of the text goes: centred over its entity, below it near the top of the window. */

/** Closer than this to the window's top, a tooltip goes below its entity. */
const ROOM_ABOVE = 90;

export interface TipPlace {
	x: number;
	y: number;
	below: boolean;
}

export function place_tooltip(r: { left: number; top: number; width: number; bottom: number }): TipPlace {
	const below = r.top < ROOM_ABOVE;
	return { x: r.left + r.width / 2, y: below ? r.bottom : r.top, below };
}
