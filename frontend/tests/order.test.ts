import { describe, expect, test } from "vitest";
import { entity_order, insertion_index } from "../shared/order";

const e = (start: number, end: number) => ({ start, end });

describe("entity order", () => {
	test("by start, then longer first; equal offsets compare equal", () => {
		const list = [e(5, 6), e(0, 3), e(0, 13), e(4, 4), e(0, 3)];
		expect(list.slice().sort(entity_order)).toEqual([e(0, 13), e(0, 3), e(0, 3), e(4, 4), e(5, 6)]);
		expect(entity_order(e(0, 3), e(0, 3))).toBe(0);
		expect(entity_order(e(0, 13), e(0, 3))).toBeLessThan(0);
		expect(entity_order(e(1, 2), e(0, 30))).toBeGreaterThan(0);
	});

	test("insertion_index: after equals, before shorter ones with the same start", () => {
		const list = [e(0, 13), e(18, 33), e(37, 42)];
		expect(insertion_index(list, 0, 13)).toBe(1);
		expect(insertion_index(list, 0, 20)).toBe(0);
		expect(insertion_index(list, 0, 6)).toBe(1);
		expect(insertion_index(list, 50, 51)).toBe(3);
		expect(insertion_index([], 3, 4)).toBe(0);
	});
});
