import { describe, expect, test } from "vitest";
import { to_doc } from "../shared/doc";
import { entity_name, percent, sentence_counts, sentence_title, visible_spans } from "../shared/view";

describe("to_doc", () => {
	test("converts code-point offsets to UTF-16 and keeps entity order and index", () => {
		const text = "😀😀 Paris";
		const r = to_doc({ text, entities: [{ start: 3, end: 8, label: "LOC", score: 0.98 }] });
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const s = r.doc.spans[0];
		expect(text.slice(s.start, s.end)).toBe("Paris");
		expect(s.index).toBe(0);
		expect(r.doc.labels).toEqual(["LOC"]);
	});

	test("a plain string is a text without entities", () => {
		const r = to_doc("just text");
		expect(r.ok && r.doc.text).toBe("just text");
	});

	test.each([
		[{ text: 5 }, "text = 5"],
		[{ text: "abc", entities: [{ start: 2, end: 1, label: "X" }] }, "entities[0].start = 2: greater than end (1)"],
		[{ text: "abc", entities: [{ start: 0, end: 9, label: "X" }] }, "entities[0].end = 9: outside the text (0..3)"],
		[{ text: "abc", entities: [{ start: 0, end: 1, label: "X", score: 1.5 }] }, "entities[0].score = 1.5"],
		[{ text: "abc", entities: [{ start: 0, end: 1, label: "X", score: NaN }] }, "entities[0].score = NaN"],
		[{ text: "abc", entities: [{ start: 0, end: 1 }] }, "entities[0].label"],
		[{ text: "abc", entities: "nope" }, "entities = \"nope\""],
		[{ text: "abc", sentiment: { label: "POS" } }, "sentiment.score"],
		[{ text: "abc", sentences: [{ start: -1, end: 2 }] }, "sentences[0].start = -1"],
		[[1, 2], "value = [1,2]"]
	])("rejects %j naming the field and value", (value, message) => {
		const r = to_doc(value);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.error).toContain(message);
	});

	test("an offset past the end of an emoji text counts code points, not UTF-16 units", () => {
		// 2 code points, 4 UTF-16 units: end 3 is outside
		const r = to_doc({ text: "😀😀", entities: [{ start: 0, end: 3, label: "X" }] });
		expect(!r.ok && r.error).toContain("outside the text (0..2)");
	});
});

describe("view helpers", () => {
	const r = to_doc({
		text: "Paris is nice",
		entities: [
			{ start: 0, end: 5, label: "LOC", score: 0.984, sentiment: { label: "positive", score: 0.91 } },
			{ start: 9, end: 13, label: "ADJ", score: 0.2 },
			{ start: 6, end: 8, label: "VERB" }
		]
	});
	if (!r.ok) throw new Error(r.error);
	const doc = r.doc;

	test("screen-reader name reads like 'Paris, LOC 98%' and holds the badge's visible text", () => {
		expect(entity_name(doc.text, doc.spans[0])).toBe("Paris, LOC 98%, positive sentiment 91%");
		expect(entity_name(doc.text, doc.spans[0], false)).toBe("Paris, LOC, positive sentiment");
		expect(entity_name(doc.text, doc.spans[2])).toBe("is, VERB");
		expect(percent(0.999)).toBe("100%");
	});

	test("threshold hides low scores but never entities without a score", () => {
		expect(visible_spans(doc.spans, new Set(), 0.5).map((s) => s.label)).toEqual(["LOC", "VERB"]);
		expect(visible_spans(doc.spans, new Set(["LOC"]), 0).map((s) => s.label)).toEqual(["ADJ", "VERB"]);
		expect(visible_spans(doc.spans, new Set(), 0.2).length).toBe(3);
	});
});

describe("sentence summaries", () => {
	const pos = { label: "POSITIVE", score: 0.912 };
	const neg = { label: "NEGATIVE", score: 0.6 };

	test("sentences per sentiment label, most frequent first; none without sentiments", () => {
		const sentences = [{ sentiment: neg }, { sentiment: pos }, { sentiment: null }, { sentiment: pos }];
		expect(sentence_counts(sentences)).toEqual([
			["POSITIVE", 2],
			["NEGATIVE", 1]
		]);
		expect(sentence_counts([{ sentiment: null }])).toBe(null);
		expect(sentence_counts([])).toBe(null);
	});

	test("a sentence's title names its sentiment, with the score when scores are shown", () => {
		expect(sentence_title(pos, true)).toBe("Sentence sentiment: POSITIVE 91%");
		expect(sentence_title(pos, false)).toBe("Sentence sentiment: POSITIVE");
		expect(sentence_title(null, true)).toBe("");
		expect(sentence_title(undefined, true)).toBe("");
	});
});
