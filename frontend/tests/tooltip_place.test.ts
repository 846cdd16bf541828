import { describe, expect, test } from "vitest";
import { place_tooltip } from "../shared/tooltip_place";

describe("place_tooltip", () => {
	test("above its entity, centred, with room above; below it near the window's top", () => {
		expect(place_tooltip({ left: 100, top: 300, width: 40, bottom: 320 })).toEqual({ x: 120, y: 300, below: false });
		expect(place_tooltip({ left: 10, top: 89, width: 20, bottom: 109 })).toEqual({ x: 20, y: 109, below: true });
		expect(place_tooltip({ left: 10, top: 90, width: 20, bottom: 110 })).toEqual({ x: 20, y: 90, below: false });
	});
});
