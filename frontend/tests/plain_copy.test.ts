import { describe, expect, test } from "vitest";
import { copy_when_idle } from "../shared/plain_copy";

/** an idle queue the test runs by hand; each step gets `budget` ms of "time remaining", counted down per check */
function manual(budget: number) {
	const queue: ((d: { timeRemaining(): number }) => void)[] = [];
	const idle = (step: (d?: { timeRemaining(): number }) => void) => {
		queue.push(step);
		return () => {
			const i = queue.indexOf(step);
			if (i >= 0) queue.splice(i, 1);
		};
	};
	const run = (): number => {
		let steps = 0;
		while (queue.length) {
			let left = budget;
			queue.shift()!({ timeRemaining: () => (left -= 10) });
			steps++;
		}
		return steps;
	};
	return { idle, run };
}

const big = (n: number) => ({
	text: "x".repeat(n),
	entities: Array.from({ length: n }, (_, i) => ({ start: i, end: i + 1, label: i % 2 ? "A" : "B", score: 0.5, sentiment: { label: "POSITIVE", score: 0.9, scores: { POSITIVE: 0.9 } } })),
	sentiment: null,
	sentences: [{ start: 0, end: n, sentiment: null }]
});

describe("copy_when_idle", () => {
	test("copies every field deeply, a list in slices over several idle steps", () => {
		const value = big(5000);
		const { idle, run } = manual(0); // no time left after the first slice: one slice per step
		let got: Record<string, unknown> | null = null;
		copy_when_idle(value, (c) => (got = c), idle);
		expect(got).toBeNull(); // nothing happens before the page is idle
		const steps = run();
		expect(got).toEqual(value);
		expect((got as unknown as typeof value).entities[0]).not.toBe(value.entities[0]);
		expect((got as unknown as typeof value).entities[0].sentiment).not.toBe(value.entities[0].sentiment);
		// text, the 5,000 entities in three slices, sentiment, sentences
		expect(steps).toBe(6);
	});

	test("does more in one step while the page stays idle", () => {
		const { idle, run } = manual(1000);
		let got: unknown = null;
		copy_when_idle(big(5000), (c) => (got = c), idle);
		expect(run()).toBe(1);
		expect(got).toEqual(big(5000));
	});

	test("stopped, it never finishes", () => {
		const { idle, run } = manual(0);
		let got: unknown = null;
		const stop = copy_when_idle(big(5000), (c) => (got = c), idle);
		stop();
		run();
		expect(got).toBeNull();
	});

	test("without requestIdleCallback it still completes, on timers", async () => {
		let got: unknown = null;
		copy_when_idle({ text: "a", entities: [] }, (c) => (got = c));
		await new Promise((r) => setTimeout(r, 20));
		expect(got).toEqual({ text: "a", entities: [] });
	});
});
