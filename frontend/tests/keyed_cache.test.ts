import { describe, expect, test } from "vitest";
import { KeyedCache } from "../shared/keyed_cache";

describe("KeyedCache", () => {
	test("the same inputs give the value made before; another input makes it again, for that key only", () => {
		const cache = new KeyedCache<number, string[]>();
		let made = 0;
		const make = (s: string) => () => (made++, [s]);
		const a = ["plan a"];
		const first = cache.get(0, [a, "red"], make("x"));
		expect(cache.get(0, [a, "red"], make("y"))).toBe(first);
		expect(made).toBe(1);
		const other = cache.get(1, [a, "red"], make("z"));
		expect(other).toEqual(["z"]);
		// an equal but new array is another input
		expect(cache.get(0, [["plan a"], "red"], make("w"))).toEqual(["w"]);
		expect(cache.get(0, [["plan a"], "blue"], make("v"))).toEqual(["v"]);
		expect(cache.get(1, [a, "red"], make("u"))).toBe(other);
		expect(made).toBe(4);
	});

	test("prune drops the keys it is told to", () => {
		const cache = new KeyedCache<number, number>();
		for (let k = 0; k < 5; k++) cache.get(k, [], () => k);
		cache.prune((k) => k < 2);
		expect(cache.size).toBe(2);
		expect(cache.get(3, [], () => 30)).toBe(30);
		expect(cache.get(1, [], () => 10)).toBe(1);
	});
});
