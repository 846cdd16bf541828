import { describe, expect, test } from "vitest";
import { holding, last_at_most } from "../shared/search";

describe("last_at_most", () => {
	const starts = [0, 10, 10, 25, 40];
	const at = (v: number) => last_at_most(starts, v, (x) => x);

	test("the last item at or before the value, -1 before the first", () => {
		expect(at(-1)).toBe(-1);
		expect(at(0)).toBe(0);
		expect(at(9)).toBe(0);
		expect(at(10)).toBe(2);
		expect(at(24)).toBe(2);
		expect(at(25)).toBe(3);
		expect(at(1000)).toBe(4);
		expect(last_at_most([], 5, (x: number) => x)).toBe(-1);
	});

	test("agrees with a linear scan on random sorted lists", () => {
		let seed = 5;
		const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
		for (let round = 0; round < 300; round++) {
			const xs = Array.from({ length: rand(20) }, () => rand(50)).sort((a, b) => a - b);
			const v = rand(60) - 5;
			let want = -1;
			xs.forEach((x, i) => {
				if (x <= v) want = i;
			});
			expect(last_at_most(xs, v, (x) => x)).toBe(want);
		}
	});
});

describe("holding", () => {
	test("the sentence an offset is in, -1 between sentences", () => {
		const ss = [
			{ start: 0, end: 5 },
			{ start: 6, end: 10 },
			{ start: 12, end: 20 }
		];
		expect([0, 4, 5, 6, 9, 10, 11, 12, 19, 20].map((o) => holding(ss, o))).toEqual([0, 0, -1, 1, 1, -1, -1, 2, 2, -1]);
		expect(holding([], 3)).toBe(-1);
	});

	test("an offset inside a long item that a shorter later one does not reach", () => {
		const ss = [
			{ start: 0, end: 30 },
			{ start: 5, end: 8 }
		];
		expect(holding(ss, 6)).toBe(1);
		expect(holding(ss, 20)).toBe(0);
	});
});
