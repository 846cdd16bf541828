"""Word attributions (explain.py): which words drive a sentence's sentiment, with real
transformers pipelines of the hand-weighted polarity model, plain callables, and words()."""

from __future__ import annotations

import math
import sys
import unicodedata
from pathlib import Path

import pytest
from gradio_sentimentpanel.analysis.backends import make_backend
from gradio_sentimentpanel.analysis.explain import (
    METHODS,
    OcclusionExplainer,
    make_explainer,
)
from gradio_sentimentpanel.analysis.gradients import GradientExplainer
from gradio_sentimentpanel.analysis.roles import ASPECT, SENTIMENT
from gradio_sentimentpanel.analysis.words import words
from hypothesis import given, settings
from hypothesis import strategies as st
from tiny_models import MAX_LENGTH, NEGATIVE, POSITIVE, build_explainable_sentiment

LABELS2 = ["NEGATIVE", "POSITIVE"]
LABELS3 = ["NEGATIVE", "NEUTRAL", "POSITIVE"]


@pytest.fixture(scope="session")
def explain2_dir(tmp_path_factory) -> Path:
    return build_explainable_sentiment(tmp_path_factory.mktemp("explain-2"), LABELS2)


@pytest.fixture(scope="session")
def explain3_dir(tmp_path_factory) -> Path:
    return build_explainable_sentiment(tmp_path_factory.mktemp("explain-3"), LABELS3)


def _pipe(folder: Path, tokenizer=None):
    from transformers import pipeline

    return pipeline("text-classification", model=str(folder), tokenizer=tokenizer)


@pytest.fixture(scope="session")
def pipe2(explain2_dir):
    return _pipe(explain2_dir)


@pytest.fixture(scope="session")
def pipe3(explain3_dir):
    return _pipe(explain3_dir)


@pytest.fixture(scope="session")
def slow_pipe(explain2_dir, tmp_path_factory):
    """The same model behind a slow (pure Python, no offsets) WordPiece tokenizer."""
    import transformers

    # transformers 5 keeps the pure-Python WordPiece as BertTokenizerLegacy; 4.x calls it BertTokenizer
    python_wordpiece = getattr(
        transformers, "BertTokenizerLegacy", transformers.BertTokenizer
    )
    vocab = transformers.AutoTokenizer.from_pretrained(explain2_dir).get_vocab()
    path = tmp_path_factory.mktemp("slow-vocab") / "vocab.txt"
    path.write_text("\n".join(sorted(vocab, key=vocab.get)) + "\n", encoding="utf-8")
    slow = python_wordpiece(str(path), do_lower_case=False, model_max_length=MAX_LENGTH)
    assert not slow.is_fast
    return _pipe(explain2_dir, tokenizer=slow)


def backend(pipe, batch_size: int = 4):
    return make_backend(SENTIMENT, pipe, batch_size=batch_size)


def by_word(text: str, weights) -> dict[str, float]:
    return {text[s:e]: w for s, e, w in weights}


def strongest(text: str, weights) -> str:
    s, e, _ = max(weights, key=lambda t: abs(t[2]))
    return text[s:e]


# ---------------------------------------------------------------------------------- words()


def spans_text(text: str) -> list[str]:
    return [text[s:e] for s, e in words(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The food was terrible!", ["The", "food", "was", "terrible", "!"]),
        ("Don't stop, rock'n'roll.", ["Don't", "stop", ",", "rock'n'roll", "."]),
        ("it\u2019s an e-mail", ["it\u2019s", "an", "e-mail"]),
        ("'quoted' - dash", ["'", "quoted", "'", "-", "dash"]),
        ("3.5% of $10-20", ["3", ".", "5", "%", "of", "$", "10-20"]),
        ("(a)...b", ["(", "a", ")", ".", ".", ".", "b"]),
        ("我爱北京。", ["我", "爱", "北", "京", "。"]),
        ("東京タワーへ行った", ["東", "京", "タ", "ワ", "ー", "へ", "行", "っ", "た"]),
        ("서울은 좋다", ["서울은", "좋다"]),  # Korean is written with spaces
        ("👩\u200d👩\u200d👧 family", ["👩\u200d👩\u200d👧", "family"]),
        ("👍🏽👍 ❤️", ["👍🏽", "👍", "❤️"]),
        ("🇫🇷🇩🇪", ["🇫🇷", "🇩🇪"]),
        ("1\ufe0f\u20e3 first", ["1\ufe0f\u20e3", "first"]),
        ("e\u0301te\u0301 cafe\u0301", ["e\u0301te\u0301", "cafe\u0301"]),
        (
            "नमस्ते दुनिया",
            ["नमस्ते", "दुनिया"],
        ),  # Devanagari vowel signs and virama stay in the word
        ("مرحبا بالعالم", ["مرحبا", "بالعالم"]),
        ("  \t\n ", []),
        ("", []),
        ("a\x07b \x00 c", ["a", "b", "c"]),  # control characters are no words
        (
            "in\u200bvisible \u200b x",
            ["in\u200bvisible", "x"],
        ),  # zero-width space inside a word
        ("trailing-", ["trailing", "-"]),
    ],
)
def test_words(text, expected):
    assert spans_text(text) == expected


def test_words_thai_each_character_with_its_marks():
    # ภาษาไทย ง่าย: each consonant and vowel letter alone, the tone mark ่ with its consonant
    text = "ภาษาไทย ง่าย"
    assert spans_text(text) == ["ภ", "า", "ษ", "า", "ไ", "ท", "ย", "ง\u0e48", "า", "ย"]


def test_words_offsets_are_code_points():
    text = "👩\u200d👩\u200d👧 e\u0301 東京 terrible"
    spans = words(text)
    assert spans[-1] == (len(text) - len("terrible"), len(text))
    assert spans[0] == (0, 5)  # three people and two ZWJ: five code points


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40))
def test_words_cover_every_visible_character_once(text):
    spans = words(text)
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        piece = text[s:e]
        assert piece == piece.strip() and not piece[0].isspace()
        last = e
    covered = {i for s, e in spans for i in range(s, e)}
    for i, ch in enumerate(text):
        visible = not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")
        if visible:
            assert i in covered, f"{ch!r} at {i} is in no word of {text!r}"


# ------------------------------------------------------------- the deciding word, per method


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("labels", [LABELS2, LABELS3], ids=["2-class", "3-class"])
def test_the_negative_word_drives_the_negative_label(method, labels, pipe2, pipe3):
    explainer = make_explainer(method, backend(pipe2 if labels == LABELS2 else pipe3))
    text = "the food was terrible"
    towards_negative, towards_positive = explainer.explain(
        [text, text], ["NEGATIVE", "POSITIVE"]
    )
    assert [(s, e) for s, e, _ in towards_negative] == words(text)
    neg = by_word(text, towards_negative)
    assert strongest(text, towards_negative) == "terrible"
    assert neg["terrible"] > 0
    assert all(
        neg["terrible"] > 3 * abs(w) for word, w in neg.items() if word != "terrible"
    )
    pos = by_word(text, towards_positive)
    assert strongest(text, towards_positive) == "terrible"
    assert pos["terrible"] < 0


@pytest.mark.parametrize("method", METHODS)
def test_words_of_both_polarities_pull_opposite_ways(method, pipe2):
    explainer = make_explainer(method, backend(pipe2))
    text = "the staff was great but the food was cold"
    [weights] = explainer.explain([text], ["POSITIVE"])
    w = by_word(text, weights)
    assert w["great"] > 0 > w["cold"]
    assert {strongest(text, weights)} <= {"great", "cold"}
    neutral = [abs(x) for word, x in w.items() if word not in POSITIVE + NEGATIVE]
    assert max(neutral) < min(abs(w["great"]), abs(w["cold"])) / 5


@pytest.mark.parametrize("method", ["gradient", "integrated_gradients"])
def test_two_labels_give_opposite_gradients(method, pipe2):
    """The log-odds of POSITIVE is minus that of NEGATIVE for a two-label softmax."""
    explainer = make_explainer(method, backend(pipe2))
    text = "I loved the phone but the price was bad"
    pos, neg = explainer.explain([text, text], ["POSITIVE", "NEGATIVE"])
    for (s, e, a), (s2, e2, b) in zip(pos, neg, strict=True):
        assert (s, e) == (s2, e2)
        assert a == pytest.approx(-b, abs=1e-6)


def _log_odds(pipe, input_ids, label: int) -> float:
    import torch

    with torch.no_grad():
        logits = pipe.model(input_ids=torch.tensor([input_ids])).logits[0]
    others = torch.cat([logits[:label], logits[label + 1 :]])
    return float(logits[label] - torch.logsumexp(others, 0))


def test_integrated_gradients_add_up_to_the_change_from_the_baseline(pipe2):
    """Completeness: the words' weights sum to log-odds(text) - log-odds(baseline), the
    baseline being the text with every non-special token replaced by [PAD]."""
    text = "the service was terrible and the staff was rude"
    explainer = make_explainer("integrated_gradients", backend(pipe2), steps=32)
    [weights] = explainer.explain([text], ["NEGATIVE"])
    tok = pipe2.tokenizer
    ids = tok(text)["input_ids"]
    special = set(tok.all_special_ids) - {tok.pad_token_id}
    baseline = [i if i in special else tok.pad_token_id for i in ids]
    expected = _log_odds(pipe2, ids, 0) - _log_odds(pipe2, baseline, 0)
    assert expected > 0.5
    assert sum(w for _, _, w in weights) == pytest.approx(expected, rel=0.02)


def test_more_steps_change_integrated_gradients_but_not_the_ranking(pipe2):
    text = "the food was terrible"
    few = make_explainer("integrated_gradients", backend(pipe2), steps=2).explain(
        [text], ["NEGATIVE"]
    )[0]
    many = make_explainer("integrated_gradients", backend(pipe2), steps=32).explain(
        [text], ["NEGATIVE"]
    )[0]
    assert strongest(text, few) == strongest(text, many) == "terrible"
    assert by_word(text, few)["terrible"] != pytest.approx(
        by_word(text, many)["terrible"], rel=1e-4
    )


# -------------------------------------------------------------------- offsets and word pieces


def test_offsets_exact_after_emoji_cjk_and_combining_marks(pipe2):
    text = "👩\u200d👩\u200d👧 e\u0301 東京 🇫🇷 the food was terrible!"
    for method in METHODS:
        [weights] = make_explainer(method, backend(pipe2)).explain([text], ["NEGATIVE"])
        assert [(s, e) for s, e, _ in weights] == words(text)
        assert strongest(text, weights) == "terrible", method
        s, e, w = max(weights, key=lambda t: t[2])
        assert text[s:e] == "terrible" and w > 0
        assert (s, e) == (
            text.index("terrible"),
            text.index("terrible") + len("terrible"),
        )


def test_word_pieces_are_summed_into_their_word(pipe2):
    """'unterrible' is not in the tiny vocabulary: its pieces, 'terrible' among them or not,
    all go to the one word, and the words around it keep their own weights."""
    tok = pipe2.tokenizer
    text = "staffterrible was cold"
    assert len(tok.tokenize("staffterrible")) > 1
    [weights] = make_explainer("gradient", backend(pipe2)).explain([text], ["NEGATIVE"])
    assert spans_text(text) == ["staffterrible", "was", "cold"]
    assert len(weights) == 3
    # the same sum by hand: gradient x input per token, through the public pieces
    import torch

    enc = tok(text, return_offsets_mapping=True, return_tensors="pt")
    offsets = enc.pop("offset_mapping")[0].tolist()
    layer = pipe2.model.get_input_embeddings()
    emb = layer(enc["input_ids"]).detach().requires_grad_(True)
    captured = {}

    def hook(module, args, output):
        captured["x"] = emb
        return emb

    handle = layer.register_forward_hook(hook)
    try:
        logits = pipe2.model(**enc).logits[0]
    finally:
        handle.remove()
    (grad,) = torch.autograd.grad(logits[0] - logits[1], emb)
    per_token = (grad * emb).sum(-1)[0].tolist()
    first_word = sum(
        w
        for (a, b), w in zip(offsets, per_token, strict=True)
        if 0 <= a < b <= len("staffterrible")
    )
    assert weights[0][2] == pytest.approx(first_word, abs=1e-6)


def test_words_the_tokenizer_drops_weigh_zero(pipe2):
    text = "the food \ufffd was terrible"  # BERT's normaliser removes U+FFFD
    assert "\ufffd" in spans_text(text)
    [weights] = make_explainer("gradient", backend(pipe2)).explain([text], ["NEGATIVE"])
    assert by_word(text, weights)["\ufffd"] == 0.0
    assert strongest(text, weights) == "terrible"


def hand_gradient_x_input(pipe, text: str, label: str) -> list[float]:
    """Gradient x input of the label's log-odds, per non-special token, computed here."""
    import torch

    tok = pipe.tokenizer
    enc = tok(text, return_special_tokens_mask=True, return_tensors="pt")
    special = enc.pop("special_tokens_mask")[0].tolist()
    layer = pipe.model.get_input_embeddings()
    emb = layer(enc["input_ids"]).detach().requires_grad_(True)
    handle = layer.register_forward_hook(lambda module, args, output: emb)
    try:
        logits = pipe.model(**enc).logits[0]
    finally:
        handle.remove()
    k = pipe.model.config.label2id[label]
    (grad,) = torch.autograd.grad(logits[k] - logits[1 - k], emb)
    per_token = (grad * emb).sum(-1)[0].tolist()
    return [w for w, m in zip(per_token, special, strict=True) if not m]


@pytest.mark.parametrize("which", ["fast", "slow"])
def test_gradient_is_gradient_x_input_of_the_log_odds(which, pipe2, slow_pipe):
    """With tokens that are whole words (the tiny vocabulary holds these words whole), each
    word's weight is its token's gradient x input, for fast tokenizers (offsets) and slow ones
    (tokenised word by word)."""
    pipe = pipe2 if which == "fast" else slow_pipe
    assert pipe.tokenizer.is_fast == (which == "fast")
    texts = ["the food was terrible!", "I loved it, the staff was great."]
    labels = ["NEGATIVE", "POSITIVE"]
    out = make_explainer("gradient", backend(pipe)).explain(texts, labels)
    for text, label, weights in zip(texts, labels, out, strict=True):
        expected = hand_gradient_x_input(pipe, text, label)
        assert len(expected) == len(words(text))
        assert [w for _, _, w in weights] == pytest.approx(expected, abs=1e-6)
    assert strongest(texts[0], out[0]) == "terrible" and strongest(
        texts[1], out[1]
    ) in {"loved", "great"}


def test_slow_tokenizer_integrated_gradients(slow_pipe):
    text = "the food was terrible!"
    [weights] = make_explainer("integrated_gradients", backend(slow_pipe)).explain(
        [text], ["NEGATIVE"]
    )
    assert [(s, e) for s, e, _ in weights] == words(text)
    assert (
        strongest(text, weights) == "terrible"
        and by_word(text, weights)["terrible"] > 0
    )


def test_empty_and_blank_texts_have_no_words(pipe2):
    for method in METHODS:
        assert make_explainer(method, backend(pipe2)).explain(
            ["", "  \n"], ["NEGATIVE", "POSITIVE"]
        ) == [[], []]
        assert make_explainer(method, backend(pipe2)).explain([], []) == []


# --------------------------------------------------------------------------- batching, model


class ForwardSpy:
    """Counts the model's forward calls and the batch size of each."""

    def __init__(self, model) -> None:
        self.sizes: list[int] = []
        self.handle = model.register_forward_pre_hook(self._pre, with_kwargs=True)

    def _pre(self, module, args, kwargs):
        ids = kwargs.get("input_ids", args[0] if args else None)
        self.sizes.append(int(ids.shape[0]))

    def close(self) -> None:
        self.handle.remove()


TEXTS = [
    "the food was terrible",
    "I loved it",
    "the staff was rude and the service was bad",
    "great",
    "the phone is excellent but the battery is awful",
]


def test_gradient_batches_and_matches_one_text_at_a_time(pipe2):
    labels = ["NEGATIVE", "POSITIVE", "NEGATIVE", "POSITIVE", "POSITIVE"]
    explainer = make_explainer("gradient", backend(pipe2, batch_size=2))
    spy = ForwardSpy(pipe2.model)
    try:
        together = explainer.explain(TEXTS, labels)
    finally:
        spy.close()
    assert spy.sizes == [2, 2, 1]  # batch_size texts at a time, one forward each
    alone = [
        explainer.explain([t], [lab])[0] for t, lab in zip(TEXTS, labels, strict=True)
    ]
    for a, b in zip(together, alone, strict=True):
        assert [x[:2] for x in a] == [x[:2] for x in b]
        assert [x[2] for x in a] == pytest.approx(
            [x[2] for x in b], abs=1e-5
        )  # padding changes nothing


def test_integrated_gradients_runs_batch_size_texts_per_forward(pipe2):
    explainer = make_explainer(
        "integrated_gradients", backend(pipe2, batch_size=2), steps=4
    )
    spy = ForwardSpy(pipe2.model)
    try:
        out = explainer.explain(TEXTS, ["NEGATIVE"] * len(TEXTS))
    finally:
        spy.close()
    assert len(out) == len(TEXTS)
    assert max(spy.sizes) <= 2
    # each text once per step, plus captum's two evaluations of the embedding layer (input, baseline)
    assert 4 * len(TEXTS) <= sum(spy.sizes) <= (4 + 2) * len(TEXTS)


def test_gradients_leave_the_model_as_they_found_it(pipe2):
    model = pipe2.model
    for method in ("gradient", "integrated_gradients"):
        make_explainer(method, backend(pipe2)).explain(TEXTS, ["NEGATIVE"] * len(TEXTS))
        assert all(p.grad is None for p in model.parameters()), method
        assert not model.training
        assert not model.get_input_embeddings()._forward_hooks, "hooks must be removed"
    assert (
        pipe2("the food was terrible")[0]["label"] == "NEGATIVE"
    )  # the pipeline still works


def test_occlusion_with_a_pipeline_goes_through_backend_read(pipe2):
    b = backend(pipe2, batch_size=2)
    seen: list[int] = []
    original = b.read

    def spy(inputs):
        seen.append(len(inputs))
        return original(inputs)

    b.read = spy
    texts = TEXTS[:3]
    make_explainer("occlusion", b).explain(texts, ["NEGATIVE"] * 3)
    n_words = [len(words(t)) for t in texts]
    assert seen == [2 + n_words[0] + n_words[1], 1 + n_words[2]]


# ----------------------------------------------------------------------------- plain callables


def counter_model(calls: list[str]):
    """A word-polarity counter returning only its top label, as many user functions do."""

    def model(text: str) -> dict:
        calls.append(text)
        tokens = text.replace("!", " ").split()
        balance = sum(t in NEGATIVE for t in tokens) - sum(
            t in POSITIVE for t in tokens
        )
        p_neg = 1 / (1 + math.exp(-2 * balance))
        return (
            {"label": "NEGATIVE", "score": p_neg}
            if p_neg >= 0.5
            else {"label": "POSITIVE", "score": 1 - p_neg}
        )

    return model


def test_occlusion_with_a_callable(monkeypatch):
    calls: list[str] = []
    b = make_backend(SENTIMENT, counter_model(calls), batch_size=2)
    batches: list[int] = []
    original = b.read
    monkeypatch.setattr(
        b, "read", lambda inputs: batches.append(len(inputs)) or original(inputs)
    )
    explainer = make_explainer(True, b)
    assert isinstance(explainer, OcclusionExplainer) and explainer.method == "occlusion"
    texts = ["the food was terrible", "I loved it!", "the staff was rude but great"]
    out = explainer.explain(texts, ["NEGATIVE", "POSITIVE", "NEGATIVE"])
    n_words = [len(words(t)) for t in texts]
    assert n_words == [4, 4, 6]
    assert len(calls) == len(texts) + sum(
        n_words
    )  # each text once, each word removed once
    assert batches == [2 + 4 + 4, 1 + 6]  # batch_size texts and their variants a call
    # the removed word leaves no double space behind
    assert (
        "the food was" in calls
        and "food was terrible" in calls
        and "the was terrible" in calls
    )
    sig = 1 / (1 + math.exp(-2))
    assert by_word(texts[0], out[0]) == pytest.approx(
        {"the": 0.0, "food": 0.0, "was": 0.0, "terrible": sig - 0.5}
    )
    # POSITIVE is never named by the callable for "I loved it!" minus "loved": 1 - score is its p
    assert by_word(texts[1], out[1]) == pytest.approx(
        {"I": 0.0, "loved": sig - 0.5, "it": 0.0, "!": 0.0}
    )
    third = by_word(texts[2], out[2])
    assert third["rude"] == pytest.approx(0.5 - (1 - sig)) and third[
        "great"
    ] == pytest.approx(0.5 - sig)


def test_occlusion_offsets_with_emoji_and_cjk():
    calls: list[str] = []
    b = make_backend(SENTIMENT, counter_model(calls), batch_size=8)
    text = "👩\u200d👩\u200d👧 東京 e\u0301 was terrible"
    [weights] = make_explainer("occlusion", b).explain([text], ["NEGATIVE"])
    assert [(s, e) for s, e, _ in weights] == words(text)
    s, e, w = max(weights, key=lambda t: t[2])
    assert text[s:e] == "terrible" and w > 0.3
    assert (
        "東京 e\u0301 was terrible" in calls
    )  # the whole ZWJ family removed at once, as one word


# ------------------------------------------------------------------------------ make_explainer


def test_make_explainer_defaults(pipe2):
    b = backend(pipe2)
    assert make_explainer(False, b) is None
    default = make_explainer(True, b)
    assert isinstance(default, GradientExplainer) and default.method == "gradient"
    assert make_explainer("integrated_gradients", b, steps=8).steps == 8
    assert make_explainer("occlusion", b).method == "occlusion"


@pytest.mark.parametrize(
    ("value", "error", "words_in_message"),
    [
        ("shap", ValueError, ["`explain`", "'shap'", "'gradient'", "'occlusion'"]),
        ("Gradient", ValueError, ["`explain`", "'Gradient'"]),
        ("", ValueError, ["`explain`"]),
        (1, TypeError, ["`explain`", "int"]),
        (None, TypeError, ["`explain`", "NoneType"]),
        (["gradient"], TypeError, ["`explain`", "list"]),
    ],
)
def test_make_explainer_refuses_bad_values(value, error, words_in_message, pipe2):
    with pytest.raises(error) as info:
        make_explainer(value, backend(pipe2))
    for word in words_in_message:
        assert word in str(info.value)


@pytest.mark.parametrize("method", ["gradient", "integrated_gradients"])
def test_gradient_methods_need_a_pipeline(method):
    b = make_backend(SENTIMENT, counter_model([]), batch_size=2)
    with pytest.raises(
        TypeError,
        match=r"`explain='[a-z_]+'` needs a transformers pipeline.*'occlusion'",
    ):
        make_explainer(method, b)


def test_gradient_methods_need_input_embeddings(pipe2, monkeypatch):
    def missing():
        raise NotImplementedError

    monkeypatch.setattr(pipe2.model, "get_input_embeddings", missing)
    with pytest.raises(ValueError, match=r"`explain='gradient'`.*no input embeddings"):
        make_explainer("gradient", backend(pipe2))
    assert make_explainer("occlusion", backend(pipe2)) is not None


def test_integrated_gradients_without_captum_names_the_extra(pipe2, monkeypatch):
    monkeypatch.setitem(sys.modules, "captum", None)
    monkeypatch.setitem(sys.modules, "captum.attr", None)
    with pytest.raises(ImportError, match=r"captum.*gradio_sentimentpanel\[explain\]"):
        make_explainer("integrated_gradients", backend(pipe2))
    assert (
        make_explainer("gradient", backend(pipe2)).method == "gradient"
    )  # needs no captum


@pytest.mark.parametrize("steps", [0, -3, 2.5, True])
def test_bad_steps(steps, pipe2):
    with pytest.raises(ValueError, match="`steps`"):
        make_explainer("integrated_gradients", backend(pipe2), steps=steps)


@pytest.mark.parametrize(("built_with", "explained"), [(None, "softmax"), ("sigmoid", "sigmoid"), ("none", "none")])
def test_the_explainer_explains_the_function_the_pipeline_was_built_with(explain2_dir, built_with, explained):
    import math

    from transformers import pipeline

    def scores(pipe):
        return {d["label"]: d["score"] for d in pipe("the food was good", top_k=None)}

    logits = scores(pipeline("text-classification", model=str(explain2_dir), function_to_apply="none"))
    options = {} if built_with is None else {"function_to_apply": built_with}
    pipe = pipeline("text-classification", model=str(explain2_dir), **options)
    total = sum(math.exp(v) for v in logits.values())
    applied = {
        "softmax": {k: math.exp(v) / total for k, v in logits.items()},
        "sigmoid": {k: 1 / (1 + math.exp(-v)) for k, v in logits.items()},
        "none": logits,
    }[explained]
    assert scores(pipe) == pytest.approx(applied, abs=1e-5)  # the pipeline does apply it
    assert make_explainer("gradient", backend(pipe)).activation == explained


def test_only_the_sentiment_model_is_explained(explain2_dir):
    ner_like = make_backend(ASPECT, counter_model([]), batch_size=2)
    with pytest.raises(ValueError, match="`explain` explains the sentiment model"):
        make_explainer("occlusion", ner_like)


def test_explain_refuses_mismatched_inputs_and_unknown_labels(pipe2):
    explainer = make_explainer("gradient", backend(pipe2))
    with pytest.raises(ValueError, match="2 texts but 1 labels"):
        explainer.explain(["a", "b"], ["NEGATIVE"])
    with pytest.raises(ValueError, match="'positive' is not one of the model's labels"):
        explainer.explain(["the food"], ["positive"])


# ---------------------------------------------------------------- through the Analyzer


@pytest.mark.parametrize("method", ["gradient", "occlusion", "integrated_gradients"])
def test_the_analyzer_explains_each_sentence_scaled_to_one(method, explain2_dir):
    from gradio_sentimentpanel import Analyzer

    text = "👩\u200d👩\u200d👧 東京 e\u0301 The food was terrible. I loved the staff."
    data = Analyzer.from_pretrained(str(explain2_dir), None, explain=method)(text)
    assert [s.sentiment.label for s in data.sentences][-2:] == ["NEGATIVE", "POSITIVE"]
    for sentence in data.sentences:
        inside = [a for a in data.attributions if sentence.start <= a.start < sentence.end]
        assert max(abs(a.weight) for a in inside) == pytest.approx(1.0)
    top = {data.text[a.start : a.end]: a.weight for a in data.attributions}
    assert top["terrible"] == pytest.approx(1.0) and top["loved"] == pytest.approx(1.0)
    assert all(data.text[a.start : a.end] == data.text[a.start : a.end].strip() for a in data.attributions)
    starts = [a.start for a in data.attributions]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_an_over_long_sentence_is_explained_window_by_window_without_overlaps(explain2_dir):
    from gradio_sentimentpanel import Analyzer

    filler = " ".join(["the city was very quiet"] * 12)
    text = f"I loved it, {filler}, and it was terrible."
    data = Analyzer.from_pretrained(str(explain2_dir), None, explain=True)(text)
    assert len(data.sentences) == 1
    words_of_text = [text[s:e] for s, e in words(text)]
    assert [text[a.start : a.end] for a in data.attributions] == words_of_text  # every word, once
    weight = {text[a.start : a.end]: a.weight for a in data.attributions}
    towards, against = ("terrible", "loved") if data.sentences[0].sentiment.label == "NEGATIVE" else ("loved", "terrible")
    assert weight[towards] > 0.3 and weight[against] < -0.3  # each window explained for the sentence's label
    strongest_word = max(data.attributions, key=lambda a: abs(a.weight))
    assert text[strongest_word.start : strongest_word.end] in {"loved", "terrible"}


def test_explanations_stream_and_batch_like_the_rest(explain2_dir):
    from gradio_sentimentpanel import Analyzer

    analyzer = Analyzer.from_pretrained(str(explain2_dir), None, explain="occlusion", batch_size=2)
    text = "The food was terrible. I loved the staff. The city was great. It was cold."
    steps = list(analyzer.stream(text))
    assert [len(s.attributions) > 0 for s in steps] == [True] * len(steps) and len(steps) == 2
    assert len(steps[0].attributions) < len(steps[-1].attributions)
    assert steps[-1] == analyzer(text)
    assert analyzer.analyze_batch([text, "Great!"]) == [analyzer(text), analyzer("Great!")]


def test_a_callable_sentiment_model_is_explained_by_occlusion():
    from gradio_sentimentpanel import Analyzer

    def polarity(text):
        score = text.count("great") - text.count("awful")
        p = 0.5 + 0.1 * max(-4, min(4, score))
        return [{"label": "pos", "score": p}, {"label": "neg", "score": 1 - p}]

    analyzer = Analyzer(sentiment=polarity, explain=True)
    assert analyzer.explain == "occlusion"
    data = analyzer("A great day, a great meal.")
    weights = {data.text[a.start : a.end]: a.weight for a in data.attributions}
    assert weights["great"] == pytest.approx(1.0) and weights["meal"] == pytest.approx(0.0)


def test_explain_needs_a_sentiment_model():
    from gradio_sentimentpanel import Analyzer

    with pytest.raises(ValueError, match="`explain` explains the sentiment of sentences"):
        Analyzer(ner=lambda t: [], explain=True)
    with pytest.raises(ValueError, match="`explain` must be"):
        Analyzer(sentiment=lambda t: {"label": "a", "score": 1.0}, explain="shap")
