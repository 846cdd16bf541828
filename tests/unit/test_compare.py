"""compare(): how a candidate analysis agrees with a reference analysis of the same text.

The case table tests/cases/compare.json (which the browser's figures are checked against too)
pins the definitions; generated cases check the figures against independent implementations:
scipy's maximum bipartite matching for the one-to-one matches, scikit-learn for precision,
recall, F1 and Cohen's kappa, nervaluate and seqeval for the exact-match scores on the cases
they can represent."""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from gradio_sentimentpanel import (
    Agreement,
    PanelData,
    Reference,
    SentimentPanel,
    compare,
)
from gradio_sentimentpanel.export import from_json, to_json
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching
from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support

ROOT = Path(__file__).resolve().parents[2]
CASES = json.loads((ROOT / "tests" / "cases" / "compare.json").read_text(encoding="utf-8"))["cases"]


def _figures_match(actual, expected, where="agreement"):
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected a dict, got {actual!r}"
        if where.endswith("by_label"):
            assert set(actual) == set(expected), f"{where}: labels {sorted(actual)} != {sorted(expected)}"
        for key, value in expected.items():
            assert key in actual, f"{where}: no {key!r}"
            _figures_match(actual[key], value, f"{where}.{key}")
    elif isinstance(expected, float):
        assert isinstance(actual, float) and actual == pytest.approx(expected, abs=1e-12), f"{where}: {actual!r} != {expected!r}"
    else:
        assert actual == expected and type(actual) is type(expected), f"{where}: {actual!r} != {expected!r}"


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_the_shared_cases(case):
    value = PanelData.model_validate(case["value"])
    from_value = compare(value)
    _figures_match(from_value.to_dict(), case["expected"])
    # the same as two analyses given apart, the reference as a dict of the value's text
    reference = {"text": case["value"]["text"], **{k: v for k, v in case["value"]["reference"].items() if k != "name"}}
    apart = compare(reference, {k: v for k, v in case["value"].items() if k != "reference"})
    assert apart.to_dict() == {**from_value.to_dict(), "reference_name": None}
    # and from the Reference object, which takes the candidate's text
    assert compare(value.reference, value).to_dict() == from_value.to_dict()


def test_the_shared_cases_cover_every_figure():
    """Every figure of to_dict() is pinned by some case, None and a number both where a figure can be None."""
    seen: dict[str, set[str]] = {}

    def walk(d, path):
        for key, value in d.items():
            if isinstance(value, dict) and key != "by_label":
                walk(value, f"{path}.{key}")
            else:
                seen.setdefault(f"{path}.{key}", set()).add(type(value).__name__)

    for case in CASES:
        walk(case["expected"], "")
    every = set()

    def names(d, path):
        for key, value in d.items():
            if isinstance(value, dict) and key != "by_label":
                names(value, f"{path}.{key}")
            else:
                every.add(f"{path}.{key}")

    names(_empty_agreement().to_dict(), "")
    assert every <= set(seen), sorted(every - set(seen))
    for figure in (".entities.label_agreement", ".entities.sentiment_agreement", ".sentences.agreement",
                   ".sentences.kappa", ".document.agree", ".document.max_difference"):
        assert "NoneType" in seen[figure] and len(seen[figure]) == 2, (figure, seen[figure])


def _empty_agreement() -> Agreement:
    return compare("", "")


# ---------------------------------------------------------------------- the result's shape


def test_agreement_is_frozen_json_ready_and_readable():
    agreement = compare(
        {"text": "Ada met Bob.", "entities": [{"start": 0, "end": 3, "label": "PER"}], "sentiment": {"label": "POS", "score": 0.9}},
        {"text": "Ada met Bob.", "entities": [{"start": 0, "end": 3, "label": "PER"}, {"start": 8, "end": 11, "label": "PER"}],
         "sentiment": {"label": "POS", "score": 0.6}},
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        agreement.entities.f1 = 1.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        agreement.entities.by_label["PER"] = None  # type: ignore[index]
    data = agreement.to_dict()
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["entities"]["by_label"]["PER"] == {"precision": 0.5, "recall": 1.0, "f1": 2 / 3, "support": 1, "matches": 1}
    assert data["document"]["max_difference"] == pytest.approx(0.3)
    text = repr(agreement)
    assert "f1 0.667" in text and "1 exact matches of 1 reference / 2 candidate" in text and "max difference 0.300" in text
    assert "'PER': f1 0.667 of 1" in repr(agreement.entities)


def test_different_texts_are_refused_saying_where_they_differ():
    with pytest.raises(ValueError, match=r"differ from character offset 7: the reference has 'Paris\.', the candidate has 'Rome\.'"):
        compare("I love Paris.", "I love Rome.")
    with pytest.raises(ValueError, match=r"offset 6: the reference ends there \(length 6 code points\), the candidate has '!'"):
        compare("I love", "I love!")
    long = "x" * 5000
    with pytest.raises(ValueError) as err:
        compare(long + "a" + long, long + "b" + long)
    assert "offset 5000" in str(err.value) and len(str(err.value)) < 300


def test_compare_of_one_value_needs_a_reference():
    with pytest.raises(ValueError, match="needs a value with a 'reference'"):
        compare(PanelData(text="abc"))


def test_bad_input_is_named_by_side():
    with pytest.raises(ValueError, match=r"^candidate: .*entities\[0\] ends at 9"):
        compare("abc", {"text": "abc", "entities": [{"start": 0, "end": 9, "label": "X"}]})
    with pytest.raises(ValueError, match=r"^reference: expected an analysis"):
        compare(None, "abc")
    value = PanelData(text="abc", entities=[{"start": 0, "end": 2, "label": "X"}])
    value.entities[0].end = 7  # changed after it was built
    with pytest.raises(ValueError, match=r"^reference: entities\[0\] has start 0 and end 7"):
        compare(value, "abc")
    with pytest.raises(ValueError, match=r"^reference: entities\[0\] has start 0 and end 5, which are not offsets start <= end into the candidate's text \(length 3"):
        compare(Reference(entities=[{"start": 0, "end": 5, "label": "X"}]), "abc")
    with pytest.raises(ValueError, match="two Reference objects"):
        compare(Reference(), Reference())


def test_every_form_the_panel_shows_is_compared_as_the_panel_reads_it():
    text = "Ada Lovelace loved Paris"
    pairs = [("Ada Lovelace", "PER"), (" loved ", None), ("Paris", "LOC")]
    tokens = {  # aggregation_strategy="none": word pieces with B-/I- tags
        "text": text,
        "entities": [
            {"entity": "B-PER", "score": 0.9, "word": "Ada", "start": 0, "end": 3, "index": 1},
            {"entity": "I-PER", "score": 0.9, "word": "Love", "start": 4, "end": 8, "index": 2},
            {"entity": "I-PER", "score": 0.9, "word": "##lace", "start": 8, "end": 12, "index": 3},
            {"entity": "B-ORG", "score": 0.8, "word": "Paris", "start": 19, "end": 24, "index": 5},
        ],
        "sentiment": [{"label": "POSITIVE", "score": 0.9}, {"label": "NEGATIVE", "score": 0.1}],
    }
    agreement = compare(pairs, tokens)
    assert (agreement.entities.matches, agreement.entities.label_agreement) == (1, 0.5)
    assert agreement.document.candidate_label == "POSITIVE" and agreement.document.reference_label is None

    spacy = pytest.importorskip("spacy")
    doc = spacy.blank("en")(text)
    doc.ents = [doc.char_span(0, 12, label="PER"), doc.char_span(19, 24, label="LOC")]
    assert compare(doc, pairs).entities.f1 == 1.0


# ------------------------------------------------------------------- the value's reference


def test_a_reference_in_every_form_entities_take_reaches_preprocess_and_json():
    panel = SentimentPanel()
    text = "Ada Lovelace loved Paris"
    shown = panel.postprocess(
        {
            "text": text,
            "entities": [{"entity_group": "PER", "score": 0.99, "start": 0, "end": 12}],
            "reference": {
                "name": "gold",
                "entities": [{"entity_group": "LOC", "score": 0.9, "start": 19, "end": 24},
                             {"entity_group": "PER", "score": 0.9, "start": 0, "end": 12}],
                "sentences": [{"start": 0, "end": 24, "sentiment": [{"label": "POSITIVE", "score": 0.7}]}],
            },
        }
    )
    assert shown.reference.name == "gold"
    assert [(e.start, e.label) for e in shown.reference.entities] == [(0, "PER"), (19, "LOC")]  # in entity order
    assert shown.reference.sentences[0].sentiment.label == "POSITIVE"
    wire = json.loads(json.dumps(shown.model_dump()))
    back = panel.preprocess(PanelData.model_validate(wire))
    assert back.reference == shown.reference
    assert from_json(to_json(shown)).reference == shown.reference
    agreement = compare(back)
    assert (agreement.reference_name, agreement.entities.precision, agreement.entities.recall) == ("gold", 1.0, 0.5)

    as_pairs = panel.postprocess({"text": text, "reference": [("Ada Lovelace", "PER"), (" loved Paris", None)]})
    assert [(e.start, e.end, e.label) for e in as_pairs.reference.entities] == [(0, 12, "PER")]


def test_a_bad_reference_is_named_from_reference():
    panel = SentimentPanel()
    text = "Ada loved Paris"
    cases = [
        ({"entities": [{"start": 0, "end": 3, "label": "PER"}, {"start": 10, "end": 99, "label": "LOC"}]},
         r"reference\.entities\[1\] ends at 99, past the end of the text"),
        ({"entities": [{"entity": "B-PER", "start": 0, "end": 3}, {"entity": "I-PER", "start": 4, "end": 40}]},
         r"reference\.entities\[1\] ends at 40"),
        ({"entities": [{"start": 0, "end": 3, "label": "PER", "colour": "red"}]}, r"reference\.entities\[0\]: unknown key"),
        ({"sentences": [{"start": 0, "end": 30}]}, r"reference\.sentences\[0\] ends at 30"),
        ({"sentiment": {"label": "POS", "score": 2}}, r"reference\.sentiment"),
        ({"name": " "}, r"reference\.name: must be a non-empty string"),
        ({"annotator": "me"}, r"reference: unknown key\(s\) \['annotator'\]"),
        ([("Ada loved Rome", None)], r"reference: not an analysis of the value's text: the texts differ from character offset 10"),
        ({"text": text, "attributions": [{"start": 0, "end": 3, "weight": 0.5}]}, r"reference: has 1 attributions"),
    ]
    for reference, message in cases:
        with pytest.raises(ValueError, match=message):
            panel.postprocess({"text": text, "reference": reference})
    # on the wire, as pydantic reads it
    with pytest.raises(ValueError, match=r"reference\.entities\[0\] ends at 99"):
        PanelData.model_validate({"text": text, "reference": {"entities": [{"start": 0, "end": 99, "label": "X"}]}})


def test_combine_adjacent_moves_the_reference_and_show_whitespaces_strips_it():
    value = {
        "text": "New York",
        "entities": [{"start": 0, "end": 3, "label": "LOC"}, {"start": 3, "end": 8, "label": "LOC"}],
        "reference": {"entities": [{"start": 4, "end": 8, "label": "LOC"}], "sentences": [{"start": 0, "end": 8}]},
    }
    joined = SentimentPanel(combine_adjacent=True, adjacent_separator="_").postprocess(value)
    assert joined.text == "New_ York"
    assert [(e.start, e.end) for e in joined.reference.entities] == [(5, 9)]
    assert joined.text[5:9] == "York"
    assert [(s.start, s.end) for s in joined.reference.sentences] == [(0, 9)]

    stripped = SentimentPanel(show_whitespaces=False).postprocess(
        {"text": " Ada ", "entities": [{"start": 0, "end": 5, "label": "PER"}], "reference": {"entities": [{"start": 0, "end": 5, "label": "PER"}]}}
    )
    assert [(e.start, e.end) for e in stripped.reference.entities] == [(1, 4)] == [(e.start, e.end) for e in stripped.entities]


def test_size_limits_count_the_reference_spans():
    panel = SentimentPanel(max_spans=3)
    payload = {"text": "abcdef", "entities": [{"start": 0, "end": 1, "label": "X"}],
               "reference": {"entities": [{"start": i, "end": i + 1, "label": "X"} for i in range(3)]}}
    with pytest.raises(ValueError, match=r"4 spans \(1 entities, 3 reference entities\)"):
        panel.preprocess(payload)


# ----------------------------------------------------- against independent implementations

TEXT_LENGTH = 24
LABELS = ["A", "B", "C"]
SENTIMENTS = ["POS", "NEG", "NEU"]


@st.composite
def _entities(draw, max_size=12):
    out = []
    for _ in range(draw(st.integers(0, max_size))):
        start = draw(st.integers(0, TEXT_LENGTH))
        end = draw(st.integers(start, min(TEXT_LENGTH, start + 8)))
        entity = {"start": start, "end": end, "label": draw(st.sampled_from(LABELS))}
        sentiment = draw(st.none() | st.sampled_from(SENTIMENTS))
        if sentiment:
            entity["sentiment"] = {"label": sentiment, "score": 0.9}
        out.append(entity)
    return out


def _value(entities, sentences=()):
    return PanelData.model_validate({"text": "x" * TEXT_LENGTH, "entities": list(entities), "sentences": list(sentences)})


def _max_matching(left, right, joined) -> int:
    """scipy's maximum bipartite matching of the pairs for which joined(l, r) holds."""
    if not left or not right:
        return 0
    dense = np.array([[1 if joined(a, b) else 0 for b in right] for a in left], dtype=np.int8)
    matched = maximum_bipartite_matching(csr_matrix(dense), perm_type="column")
    return int((matched >= 0).sum())


def _overlap(a, b) -> bool:
    shares = max(a["start"], b["start"]) < min(a["end"], b["end"])
    return a["label"] == b["label"] and (shares or (a["start"], a["end"]) == (b["start"], b["end"]))


def _exact(a, b) -> bool:
    return (a["start"], a["end"], a["label"]) == (b["start"], b["end"], b["label"])


def _aligned_labels(reference, candidate):
    """Each entity as one (reference label, candidate label) item, exact matches paired, for
    scikit-learn: an unmatched entity is paired with a label of nothing."""
    left = Counter((e["start"], e["end"], e["label"]) for e in reference)
    right = Counter((e["start"], e["end"], e["label"]) for e in candidate)
    truth, predicted = [], []
    for key in left.keys() | right.keys():
        both = min(left[key], right[key])
        truth += [key[2]] * both + [key[2]] * (left[key] - both) + ["∅"] * (right[key] - both)
        predicted += [key[2]] * both + ["∅"] * (left[key] - both) + [key[2]] * (right[key] - both)
    return truth, predicted


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_entities(), _entities())
def test_entity_figures_against_scipy_and_scikit_learn(reference, candidate):
    agreement = compare(_value(reference), _value(candidate)).entities
    exact = _max_matching(reference, candidate, _exact)
    overlap = _max_matching(reference, candidate, _overlap)
    assert (agreement.matches, agreement.overlap.matches) == (exact, overlap)

    def scores(matches):
        n_ref, n_cand = len(reference), len(candidate)
        p = matches / n_cand if n_cand else 1.0
        r = matches / n_ref if n_ref else 1.0
        return p, r

    assert (agreement.precision, agreement.recall) == pytest.approx(scores(exact))
    assert (agreement.overlap.precision, agreement.overlap.recall) == pytest.approx(scores(overlap))
    p, r = scores(overlap)
    assert agreement.overlap.f1 == pytest.approx(2 * p * r / (p + r) if p + r else 0.0)

    # per label, and the whole as a micro average, from scikit-learn (zero_division=1.0)
    truth, predicted = _aligned_labels(reference, candidate)
    labels = sorted({e["label"] for e in reference} | {e["label"] for e in candidate})
    assert list(agreement.by_label) == labels
    if labels:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            p, r, f, support = precision_recall_fscore_support(truth, predicted, labels=labels, zero_division=1.0)
            micro = precision_recall_fscore_support(truth, predicted, labels=labels, zero_division=1.0, average="micro")
        for i, label in enumerate(labels):
            got = agreement.by_label[label]
            assert (got.precision, got.recall, got.f1) == pytest.approx((p[i], r[i], f[i])), label
            assert got.support == support[i]
        assert (agreement.precision, agreement.recall, agreement.f1) == pytest.approx(micro[:3])
    else:
        assert (agreement.precision, agreement.recall, agreement.f1) == (1.0, 1.0, 1.0)

    # label agreement: of the spans paired one to one by offsets, those with the same label
    same_offsets = _max_matching(reference, candidate, lambda a, b: (a["start"], a["end"]) == (b["start"], b["end"]))
    assert agreement.label_agreement == (None if not same_offsets else pytest.approx(exact / same_offsets))


@settings(max_examples=200, deadline=None)
@given(_entities(), _entities())
def test_entity_sentiment_agreement_pairs_duplicates_in_order(reference, candidate):
    agreement = compare(_value(reference), _value(candidate)).entities
    ordered_ref = _value(reference).entities  # the order the value keeps: by start, longer first
    ordered_cand = _value(candidate).entities
    compared = same = 0
    used: Counter = Counter()
    for a in ordered_ref:
        key = (a.start, a.end, a.label)
        partners = [b for b in ordered_cand if (b.start, b.end, b.label) == key]
        if used[key] < len(partners):
            b = partners[used[key]]
            used[key] += 1
            if a.sentiment and b.sentiment:
                compared += 1
                same += a.sentiment.label == b.sentiment.label
    assert agreement.sentiment_agreement == (same / compared if compared else None)


@st.composite
def _sentence_pairs(draw):
    cuts = sorted(draw(st.sets(st.integers(1, TEXT_LENGTH - 1), max_size=8)))
    bounds = list(zip([0, *cuts], [*cuts, TEXT_LENGTH]))
    labels = st.none() | st.sampled_from(["P", "N", "M"])
    sides = []
    for _ in range(2):
        kept = draw(st.lists(st.booleans(), min_size=len(bounds), max_size=len(bounds)))
        side = []
        for (start, end), keep in zip(bounds, kept):
            if keep:
                label = draw(labels)
                side.append({"start": start, "end": end, **({"sentiment": {"label": label, "score": 0.5}} if label else {})})
        sides.append(side)
    return sides


@settings(max_examples=300, deadline=None)
@given(_sentence_pairs())
def test_sentence_figures_against_scikit_learn(sides):
    reference, candidate = sides
    agreement = compare(_value((), reference), _value((), candidate)).sentences
    by_offsets = {(s["start"], s["end"]): s for s in candidate}
    pairs = [(s, by_offsets[(s["start"], s["end"])]) for s in reference if (s["start"], s["end"]) in by_offsets]
    labelled = [(a["sentiment"]["label"], b["sentiment"]["label"]) for a, b in pairs if "sentiment" in a and "sentiment" in b]
    assert (agreement.matched, agreement.compared) == (len(pairs), len(labelled))
    if not labelled:
        assert agreement.agreement is None and agreement.kappa is None
        return
    assert agreement.agreement == pytest.approx(sum(a == b for a, b in labelled) / len(labelled))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kappa = cohen_kappa_score([a for a, _ in labelled], [b for _, b in labelled])
    if math.isnan(kappa):
        assert agreement.kappa is None
        assert len({label for pair in labelled for label in pair}) == 1  # the one undefined case
    else:
        assert agreement.kappa == pytest.approx(kappa)


@st.composite
def _slotted(draw):
    """Entities on fixed slots that never overlap, each slot one label: what IOB tags (seqeval)
    can hold, and where nervaluate's strict count is the exact matching."""
    slots = [(3 * i, 3 * i + 2, LABELS[i % 3]) for i in range(TEXT_LENGTH // 3)]
    sides = []
    for _ in range(2):
        chosen = draw(st.lists(st.sampled_from(slots), min_size=1, max_size=10))
        sides.append([{"start": s, "end": e, "label": label} for s, e, label in chosen])
    return sides


@settings(max_examples=200, deadline=None)
@given(_slotted())
def test_exact_scores_against_nervaluate(sides):
    from nervaluate import Evaluator

    reference, candidate = sides
    agreement = compare(_value(reference), _value(candidate)).entities
    # nervaluate's end is inclusive
    inclusive = [[{**e, "end": e["end"] - 1} for e in side] for side in (reference, candidate)]
    strict = Evaluator([inclusive[0]], [inclusive[1]], tags=LABELS, loader="dict").evaluate()["overall"]["strict"]
    assert strict.correct == agreement.matches
    assert (agreement.precision, agreement.recall, agreement.f1) == pytest.approx((strict.precision, strict.recall, strict.f1))


@settings(max_examples=200, deadline=None)
@given(_slotted())
def test_exact_scores_against_seqeval(sides):
    from seqeval.metrics import f1_score, precision_score, recall_score

    reference, candidate = (list({(e["start"], e["end"], e["label"]): e for e in side}.values()) for side in sides)

    def tags(side):
        out = ["O"] * TEXT_LENGTH
        for e in side:
            out[e["start"]] = f"B-{e['label']}"
            for i in range(e["start"] + 1, e["end"]):
                out[i] = f"I-{e['label']}"
        return [out]

    agreement = compare(_value(reference), _value(candidate)).entities
    truth, predicted = tags(reference), tags(candidate)
    assert agreement.precision == pytest.approx(precision_score(truth, predicted))
    assert agreement.recall == pytest.approx(recall_score(truth, predicted))
    assert agreement.f1 == pytest.approx(f1_score(truth, predicted))


def test_overlap_matching_is_maximum_where_greedy_is_not():
    """A long reference span that overlaps both candidates must take the one only it overlaps."""
    reference = [{"start": 0, "end": 10, "label": "A"}, {"start": 0, "end": 2, "label": "A"}]
    candidate = [{"start": 1, "end": 2, "label": "A"}, {"start": 5, "end": 7, "label": "A"}]
    assert compare(_value(reference), _value(candidate)).entities.overlap.matches == 2
    # a chain: every reference span overlaps two candidates, the matching is perfect
    reference = [{"start": 2 * i, "end": 2 * i + 3, "label": "A"} for i in range(10)]
    candidate = [{"start": 2 * i + 1, "end": 2 * i + 2, "label": "A"} for i in range(10)] + [{"start": 0, "end": 1, "label": "A"}]
    value = PanelData.model_validate({"text": "x" * 30, "entities": reference})
    other = PanelData.model_validate({"text": "x" * 30, "entities": candidate})
    assert compare(value, other).entities.overlap.matches == 10


def test_the_component_half_loads_compare_without_the_analysis_half():
    code = (
        "import sys; from gradio_sentimentpanel import compare; "
        "from gradio_sentimentpanel.agreement import Agreement; from gradio_sentimentpanel import compare as again; "
        "assert callable(compare) and again is compare, again; "
        "assert not any(n.startswith('gradio_sentimentpanel.analysis') for n in sys.modules), "
        "[n for n in sys.modules if 'analysis' in n]"
    )
    env = {"GRADIO_ANALYTICS_ENABLED": "False", "PYTHONPATH": str(ROOT / "backend"), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
