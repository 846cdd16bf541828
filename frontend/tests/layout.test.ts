import { describe, expect, test } from "vitest";
import { chunk_breaks, chunk_layout, plan } from "../shared/layout";
import { Planner, same_fields } from "../shared/planner";
import type { LayoutSpan } from "../shared/layout";
import { layout } from "./layout_helpers";

const span = (index: number, start: number, end: number): LayoutSpan => ({ index, start, end });

/** the text each entity is drawn over, read back from the segments */
function drawn(text: string, spans: LayoutSpan[], extra: { breaks?: number[] } = {}): Map<number, string> {
	const lay = layout(text.length, spans, [], extra.breaks ?? []);
	const out = new Map<number, string>();
	for (const s of spans) out.set(s.index, "");
	for (const seg of lay.segments) {
		for (const i of seg.cover) out.set(i, out.get(i)! + text.slice(seg.start, seg.end));
	}
	return out;
}

describe("layout", () => {
	const text = "New York City is big";

	test("segments tile the text exactly once", () => {
		const lay = layout(text.length, [span(0, 0, 13), span(1, 4, 8)]);
		expect(lay.segments.map((s) => text.slice(s.start, s.end)).join("")).toBe(text);
		expect(lay.segments.map((s) => text.slice(s.start, s.end))).toEqual(["New ", "York", " City", " is big"]);
	});

	test("nested entities: the inner one is in a deeper lane and both cover the shared text", () => {
		const lay = layout(text.length, [span(0, 0, 13), span(1, 4, 8)]);
		expect(lay.lane[0]).toBe(0);
		expect(lay.lane[1]).toBe(1);
		expect(lay.lanes).toBe(2);
		const york = lay.segments[1];
		expect(york.cover).toEqual([0, 1]);
		expect(drawn(text, [span(0, 0, 13), span(1, 4, 8)])).toEqual(
			new Map([
				[0, "New York City"],
				[1, "York"]
			])
		);
	});

	test("crossing overlaps keep both entities whole and text undoubled", () => {
		const spans = [span(0, 0, 8), span(1, 4, 13)];
		const lay = layout(text.length, spans);
		expect(lay.segments.map((s) => text.slice(s.start, s.end)).join("")).toBe(text);
		expect(drawn(text, spans)).toEqual(
			new Map([
				[0, "New York"],
				[1, "York City"]
			])
		);
		expect(lay.segments.find((s) => s.start === 4)!.cover).toEqual([0, 1]);
	});

	test("adjacent entities share no segment and reuse the same lane", () => {
		const spans = [span(0, 0, 3), span(1, 3, 8)];
		const lay = layout(text.length, spans);
		expect(lay.lane[0]).toBe(0);
		expect(lay.lane[1]).toBe(0);
		expect(lay.lanes).toBe(1);
		for (const seg of lay.segments) expect(seg.cover.length).toBeLessThanOrEqual(1);
		expect(drawn(text, spans).get(1)).toBe(" York");
	});

	test("zero-length entities become points, not text", () => {
		const spans = [span(0, 4, 4), span(1, 0, 3), span(2, text.length, text.length)];
		const lay = layout(text.length, spans);
		expect(lay.segments.map((s) => text.slice(s.start, s.end)).join("")).toBe(text);
		const at4 = lay.segments.find((s) => s.start === 4)!;
		expect(at4.points).toEqual([0]);
		expect(lay.segments.every((s) => !s.cover.includes(0))).toBe(true);
		expect(lay.tail_points).toEqual([2]);
	});

	test("badges: each entity closes in exactly one segment, innermost first", () => {
		const spans = [span(0, 0, 13), span(1, 9, 13), span(2, 4, 8)];
		const lay = layout(text.length, spans);
		const closing = lay.segments.flatMap((s) => s.closing);
		expect(closing.sort()).toEqual([0, 1, 2]);
		const city = lay.segments.find((s) => s.end === 13)!;
		expect(city.closing).toEqual([1, 0]);
	});

	test("identical spans both draw the same text", () => {
		const spans = [span(0, 4, 8), span(1, 4, 8)];
		expect(drawn(text, spans)).toEqual(
			new Map([
				[0, "York"],
				[1, "York"]
			])
		);
	});

	test("unsorted input gives the same result as sorted input", () => {
		const spans = [span(2, 9, 13), span(0, 0, 13), span(1, 4, 8)];
		expect(drawn(text, spans)).toEqual(
			new Map([
				[0, "New York City"],
				[1, "York"],
				[2, "City"]
			])
		);
	});

	test("sentences mark their segments", () => {
		const t = "Good. Bad.";
		const lay = layout(t.length, [span(0, 0, 4)], [
			{ start: 0, end: 5 },
			{ start: 6, end: 10 }
		]);
		const by = lay.segments.map((s) => [t.slice(s.start, s.end), s.sentence]);
		expect(by).toEqual([
			["Good", 0],
			[".", 0],
			[" ", -1],
			["Bad.", 1]
		]);
	});

	test("chunks split at breaks, and an entity crossing a break is drawn in both", () => {
		const t = "aaaa\nbbbb\ncccc";
		const spans = [span(0, 2, 7)];
		const lay = layout(t.length, spans, [], [5, 10]);
		expect(lay.chunks.map((c) => t.slice(c.start, c.end))).toEqual(["aaaa\n", "bbbb\n", "cccc"]);
		for (const c of lay.chunks) {
			for (const s of c.segments) {
				expect(s.start).toBeGreaterThanOrEqual(c.start);
				expect(s.end).toBeLessThanOrEqual(c.end);
			}
		}
		expect(drawn(t, spans, { breaks: [5, 10] }).get(0)).toBe("aa\nbb");
	});

	test("20,000 random overlapping spans: every entity reads back its own text", () => {
		let seed = 42;
		const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
		const t = "x".repeat(50000);
		const spans = Array.from({ length: 20000 }, (_, i) => {
			const s = rand(49990);
			return span(i, s, s + rand(10));
		});
		const t0 = performance.now();
		const lay = layout(t.length, spans, [], chunk_breaks(t));
		const ms = performance.now() - t0;
		const got = new Array(spans.length).fill(0);
		for (const seg of lay.segments) for (const i of seg.cover) got[i] += seg.end - seg.start;
		for (const s of spans) expect(got[s.index]).toBe(s.end - s.start);
		// and no two entities that share text share a lane
		for (const seg of lay.segments) {
			const lanes = seg.cover.map((i) => lay.lane[i]);
			expect(new Set(lanes).size).toBe(lanes.length);
		}
		expect(ms).toBeLessThan(2000);
	});
});

describe("chunk_breaks", () => {
	test("short texts are one chunk", () => {
		expect(chunk_breaks("hello\nworld")).toEqual([]);
	});

	test("long texts break after newlines", () => {
		const para = "word ".repeat(100) + "\n";
		const t = para.repeat(50);
		const breaks = chunk_breaks(t, 1000, 4000);
		expect(breaks.length).toBeGreaterThan(5);
		for (const b of breaks) expect(t[b - 1]).toBe("\n");
	});

	test("a paragraph without newlines breaks at spaces, never inside a surrogate pair", () => {
		const t = "😀".repeat(5000);
		for (const b of chunk_breaks(t, 1000, 3001)) {
			const c = t.charCodeAt(b);
			expect(c >= 0xdc00 && c <= 0xdfff).toBe(false);
		}
		const words = "abc ".repeat(3000);
		for (const b of chunk_breaks(words, 1000, 3000)) expect(words[b - 1]).toBe(" ");
	});

	test("CJK without spaces breaks after sentence punctuation; emoji sequences stay whole", () => {
		const cjk = "東京は大きい都市です。".repeat(2000);
		const breaks = chunk_breaks(cjk, 1000, 3000);
		expect(breaks.length).toBeGreaterThan(2);
		for (const b of breaks) expect(cjk[b - 1]).toBe("。");
		const family = "👨‍👩‍👧‍👦";
		const emoji = family.repeat(2000);
		const eb = chunk_breaks(emoji, 1000, 3000);
		expect(eb.length).toBeGreaterThan(2);
		for (const b of eb) expect(b % family.length).toBe(0);
	});
});

describe("plan + chunk_layout", () => {
	function whole(text: string, spans: LayoutSpan[], sentences: { start: number; end: number }[], breaks: number[]) {
		const p = plan(text.length, spans, sentences, breaks);
		const segs = p.chunks.flatMap((_, k) => chunk_layout(p, k).segments);
		return { p, segs };
	}

	test("chunk by chunk gives the text the same cover, sentences and badges as one chunk for the whole text", () => {
		let seed = 3;
		const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
		const text = "abcdefghij\n".repeat(300);
		const spans = Array.from({ length: 400 }, (_, i) => {
			const s = rand(text.length - 30);
			return span(i, s, s + rand(30));
		});
		const sentences = Array.from({ length: 100 }, (_, i) => ({ start: i * 33, end: i * 33 + 30 }));
		const breaks = chunk_breaks(text, 500, 1000);
		expect(breaks.length).toBeGreaterThan(3);
		const one = layout(text.length, spans, sentences);
		expect(one.chunks.length).toBe(1);
		const { p, segs } = whole(text, spans, sentences, breaks);
		// per character: who covers it (lane order) and which sentence it is in
		const per_char = (ss: typeof segs) =>
			ss.flatMap((s) => Array.from({ length: s.end - s.start }, () => `${s.cover.join(",")}|${s.sentence}`));
		expect(per_char(segs)).toEqual(per_char(one.segments));
		// badges at the same offsets, in the same order
		const badges = (ss: typeof segs) => ss.filter((s) => s.closing.length).map((s) => `${s.end}:${s.closing.join(",")}`);
		expect(badges(segs)).toEqual(badges(one.segments));
		expect(Array.from(p.lane)).toEqual(Array.from(one.lane));
		expect(p.tail_points).toEqual(one.tail_points);
	});

	test("an entity cut by a chunk boundary gets one badge, in the chunk where it ends", () => {
		const text = "aaaa\nbbbb\ncccc";
		const { segs } = whole(text, [span(0, 2, 12)], [], [5, 10]);
		expect(segs.flatMap((s) => s.closing)).toEqual([0]);
		expect(segs.find((s) => s.closing.length)!.end).toBe(12);
		const drawn = segs.filter((s) => s.cover.includes(0)).map((s) => text.slice(s.start, s.end)).join("");
		expect(drawn).toBe("aa\nbbbb\ncc");
	});
});

describe("segment_look", () => {
	test("overlapping entities get one underline per lane; a lone entity gets only its tint", async () => {
		const { segment_look, overlapped_entities } = await import("../shared/view");
		const { label_colors } = await import("../shared/colors");
		const text = "New York City is big";
		const spans = [
			{ index: 0, start: 0, end: 13, label: "LOC", score: 0.9, sentiment: null },
			{ index: 1, start: 4, end: 8, label: "CITY", score: 0.5, sentiment: null },
			{ index: 2, start: 17, end: 20, label: "ADJ", score: null, sentiment: null }
		];
		const lay = layout(text.length, spans);
		const colors = label_colors(["LOC", "CITY", "ADJ"], null);
		const over = overlapped_entities(lay);
		expect([...over].sort()).toEqual([0, 1]);
		const york = segment_look(lay.segments[1], spans, lay, over, colors);
		expect(york.top).toBe(1);
		expect(york.entity).toBe("0 1");
		expect(york.classes).toContain("stacked");
		expect(york.style).toContain("bottom 0px");
		expect(york.style).toContain("bottom 4px");
		expect(york.style).toContain(colors.get("CITY")!.tint);
		// "New " starts the outer entity but "York" neither starts nor ends it
		expect(segment_look(lay.segments[0], spans, lay, over, colors).classes).toContain("open");
		expect(york.classes).not.toContain("open");
		expect(york.classes).not.toContain("close");
		const big = segment_look(lay.segments.find((s) => s.start === 17)!, spans, lay, over, colors);
		expect(big.classes).toBe("ent open close");
		expect(big.style).not.toContain("linear-gradient");
	});
});

describe("layout against brute force", () => {
	test("random spans, sentences and breaks: every character has exactly the right cover", () => {
		let seed = 11;
		const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
		for (let round = 0; round < 200; round++) {
			const length = 1 + rand(60);
			const spans = Array.from({ length: rand(12) }, (_, i) => {
				const s = rand(length + 1);
				return span(i, s, s + rand(length - s + 1));
			});
			const sentences = Array.from({ length: rand(4) }, () => {
				const s = rand(length);
				return { start: s, end: s + 1 + rand(length - s) };
			});
			const breaks = Array.from({ length: rand(4) }, () => 1 + rand(length)).sort((a, b) => a - b);
			const p = plan(length, spans, sentences, breaks);
			const segs = p.chunks.flatMap((_, k) => chunk_layout(p, k).segments);
			// the segments tile [0, length)
			expect(segs[0].start).toBe(0);
			expect(segs[segs.length - 1].end).toBe(length);
			for (let i = 1; i < segs.length; i++) expect(segs[i].start).toBe(segs[i - 1].end);
			for (const seg of segs) {
				for (let c = seg.start; c < seg.end; c++) {
					const want = spans.filter((s) => s.start <= c && c < s.end).map((s) => s.index).sort((a, b) => a - b);
					expect([...seg.cover].sort((a, b) => a - b)).toEqual(want);
				}
				// overlapping entities never share a lane
				const lanes = seg.cover.map((i) => p.lane[i]);
				expect(new Set(lanes).size).toBe(lanes.length);
			}
			// one badge per non-empty entity, where it ends; zero-length ones are points where they sit
			for (const s of spans) {
				if (s.end > s.start) {
					const at = segs.filter((g) => g.closing.includes(s.index));
					expect(at.map((g) => g.end)).toEqual([s.end]);
				} else if (s.start < length) {
					expect(segs.filter((g) => g.points.includes(s.index)).map((g) => g.start)).toEqual([s.start]);
				} else {
					expect(p.tail_points).toContain(s.index);
				}
			}
		}
	});
});

describe("Planner: planning again keeps what an edit did not touch", () => {
	type S = LayoutSpan & { label: string };
	const text = "aaaa\nbbbb\ncccc\ndddd";
	const breaks = [5, 10, 15];
	const doc = (): S[] => [
		{ index: 0, start: 0, end: 4, label: "A" },
		{ index: 1, start: 5, end: 9, label: "B" },
		{ index: 2, start: 7, end: 12, label: "B" },
		{ index: 3, start: 15, end: 19, label: "D" }
	];
	const sentences = () => [
		{ start: 0, end: 4, sentiment: { label: "POSITIVE", score: 0.9 } },
		{ start: 10, end: 14, sentiment: null }
	];
	const key = (p: ReturnType<Planner<S>["plan"]>) => p.chunks.map((_, k) => JSON.stringify(chunk_layout(p, k)));
	const fresh = (spans: S[], ss = sentences()) => key(plan(text.length, spans, ss, breaks));

	test("the same document, in new objects, gives back the very same plan", () => {
		const planner = new Planner<S>();
		const first = planner.plan(text.length, doc(), sentences(), breaks);
		expect(planner.plan(text.length, doc(), sentences(), [...breaks])).toBe(first);
	});

	test("a relabelled entity: only the chunk it is in gets new entities", () => {
		const planner = new Planner<S>();
		const before = planner.plan(text.length, doc(), sentences(), breaks);
		const spans = doc();
		spans[3] = { ...spans[3], label: "E" };
		const after = planner.plan(text.length, spans, sentences(), breaks);
		expect(after).not.toBe(before);
		expect(after.spans.map((l, k) => l === before.spans[k])).toEqual([true, true, true, false]);
		expect(after.sentences.every((l, k) => l === before.sentences[k])).toBe(true);
		expect(after.spans[3][0].label).toBe("E");
		expect(key(after)).toEqual(fresh(spans));
	});

	test("relabels with the same sentences and chunks: the plan is patched, and is what planning afresh gives", () => {
		let seed = 7;
		const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
		for (let round = 0; round < 40; round++) {
			const length = 400;
			const cuts = [57, 120, 121, 250, 333];
			// overlapping and zero-length entities, some at the very end of the text
			let spans: S[] = [];
			for (let i = 0; i < 60; i++) {
				const start = rand(5) === 0 ? length : rand(length);
				const end = start === length ? length : Math.min(length, start + rand(4) * rand(30));
				spans.push({ index: 0, start, end, label: "ABC"[rand(3)] });
			}
			spans.sort((a, b) => a.start - b.start || b.end - a.end);
			spans = spans.map((s, i) => ({ ...s, index: i }));
			const ss = [{ start: 0, end: 200 }, { start: 200, end: 400 }];
			const planner = new Planner<S>();
			let before = planner.plan(length, spans, ss, cuts);
			for (let edit = 0; edit < 5; edit++) {
				const next = spans.slice();
				const picked = new Set<number>();
				for (let j = 0; j <= rand(3); j++) {
					const i = rand(next.length);
					picked.add(i);
					next[i] = { ...next[i], label: next[i].label + "x" };
				}
				const after = planner.plan(length, next, ss, [...cuts]);
				const again = plan(length, next, ss, cuts);
				expect(after.chunks.map((_, k) => JSON.stringify(chunk_layout(after, k)))).toEqual(again.chunks.map((_, k) => JSON.stringify(chunk_layout(again, k))));
				expect(after.spans.map((l) => l.map((x) => x.label))).toEqual(again.spans.map((l) => l.map((x) => x.label)));
				// the chunks no relabelled entity touches keep their very lists
				after.spans.forEach((list, k) => {
					const touched = list.some((x) => picked.has(x.index));
					expect(list === before.spans[k], `round ${round}, edit ${edit}, chunk ${k}`).toBe(!touched);
				});
				expect(after.lane).toBe(before.lane);
				before = after;
				spans = next;
			}
		}
	});

	test("a deleted entity: the chunks before it are kept, those after it renumbered", () => {
		const planner = new Planner<S>();
		const before = planner.plan(text.length, doc(), sentences(), breaks);
		const spans = doc()
			.filter((s) => s.index !== 1)
			.map((s, i) => ({ ...s, index: i }));
		const after = planner.plan(text.length, spans, sentences(), breaks);
		expect(after.spans.map((l, k) => l === before.spans[k])).toEqual([true, false, false, false]);
		expect(after.spans[3].map((s) => s.index)).toEqual([2]);
		expect(key(after)).toEqual(fresh(spans));
	});

	test("an entity moved into another lane changes the chunks it is drawn in", () => {
		const planner = new Planner<S>();
		const before = planner.plan(text.length, doc(), sentences(), breaks);
		// entity 2 starts before entity 1 now: they swap lanes
		const spans = doc();
		spans[1] = { ...spans[1], start: 6 };
		spans[2] = { ...spans[2], start: 5 };
		const after = planner.plan(text.length, spans, sentences(), breaks);
		expect(after.spans.map((l, k) => l === before.spans[k])).toEqual([true, false, false, true]);
		expect(key(after)).toEqual(fresh(spans));
	});

	test("a sentence with another sentiment: only its chunk gets new sentences", () => {
		const planner = new Planner<S>();
		const before = planner.plan(text.length, doc(), sentences(), breaks);
		const ss = sentences();
		ss[1] = { ...ss[1], sentiment: { label: "NEGATIVE", score: 0.7 } };
		const after = planner.plan(text.length, doc(), ss, breaks);
		expect(after.sentences.map((l, k) => l === before.sentences[k])).toEqual([true, true, false, true]);
		expect(after.spans.every((l, k) => l === before.spans[k])).toBe(true);
	});

	test("another text length or other chunks: a plan of its own", () => {
		const planner = new Planner<S>();
		const before = planner.plan(text.length, doc(), sentences(), breaks);
		const after = planner.plan(text.length, doc(), sentences(), [5, 12]);
		expect(after.chunks).not.toBe(before.chunks);
		expect(after.spans.some((l, k) => l === before.spans[k])).toBe(false);
	});
});

describe("same_fields", () => {
	test("plain data compared by value, one object inside another too", () => {
		expect(same_fields({ a: 1, s: { label: "X", score: 0.5 } }, { a: 1, s: { label: "X", score: 0.5 } })).toBe(true);
		expect(same_fields({ a: 1, s: { label: "X", score: 0.5 } }, { a: 1, s: { label: "X", score: 0.6 } })).toBe(false);
		expect(same_fields({ a: 1 }, { a: 1, b: undefined })).toBe(false);
		expect(same_fields({ a: null }, { a: {} })).toBe(false);
		expect(same_fields([1, 2], { 0: 1, 1: 2 })).toBe(false);
	});
});
