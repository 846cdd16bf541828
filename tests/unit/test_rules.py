"""The rules Python shares with the browser, run on the tables of cases in tests/cases that the
frontend's tests/rules.test.ts runs too: entity identity, entity order, a sentiment's
distribution and the entity summary they make (the browser's summary table), and the scripts
written without spaces."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from gradio_sentimentpanel.analysis.aggregate import EntitySentiments, Mean
from gradio_sentimentpanel.analysis.words import written_without_spaces
from gradio_sentimentpanel.data import Entity, PanelData, Sentiment
from gradio_sentimentpanel.export import entity_summary, to_jsonl
from gradio_sentimentpanel.rules import (
    distribution,
    entity_key,
    identity_text,
    span_order,
)

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"


def _cases(name: str) -> list[dict]:
    return json.loads((CASES / name).read_text(encoding="utf-8"))["cases"]


def _ids(cases: list[dict]) -> list[str]:
    return [c.get("case") or c.get("label") for c in cases]


IDENTITY = _cases("entity_identity.json")
ORDER = _cases("entity_order.json")
DISTRIBUTION = _cases("distribution.json")
NO_SPACE = _cases("written_without_spaces.json")


@pytest.mark.parametrize("case", IDENTITY, ids=_ids(IDENTITY))
def test_entity_identity(case):
    a_label, b_label = case["label"], case.get("b_label", case["label"])
    assert identity_text(case["a"]) == case["a_folded"]
    assert (entity_key(a_label, case["a"]) == entity_key(b_label, case["b"])) is case["same"]


@pytest.mark.parametrize("case", IDENTITY, ids=_ids(IDENTITY))
def test_entity_identity_decides_the_summary_rows_and_the_shared_sentiment(case):
    a_label, b_label = case["label"], case.get("b_label", case["label"])
    text = f"{case['a']} | {case['b']}"
    b_start = len(case["a"]) + 3
    a = Entity(start=0, end=len(case["a"]), label=a_label)
    b = Entity(start=b_start, end=len(text), label=b_label)
    rows = entity_summary(PanelData(text=text, entities=[a, b]))
    assert len(rows) == (1 if case["same"] else 2)

    # without an aspect model, mentions of one entity share the mean of their sentences
    shared = EntitySentiments(text, ["NEGATIVE", "POSITIVE"], "document")
    shared.add(a, 0, Sentiment(label="POSITIVE", score=1.0))
    shared.add(b, 1, Sentiment(label="NEGATIVE", score=1.0))
    first, second = (e.sentiment.scores for e in shared.entities())
    assert (first == second) is case["same"]


@pytest.mark.parametrize("case", ORDER, ids=_ids(ORDER))
def test_entity_order(case):
    spans = case["spans"]
    assert sorted(range(len(spans)), key=lambda i: span_order(*spans[i])) == case["order"]
    data = PanelData(text="x" * 10, entities=[Entity(start=s, end=e, label=f"E{i}") for i, (s, e) in enumerate(spans)])
    assert [e.label for e in data.entities] == [f"E{i}" for i in case["order"]]


@pytest.mark.parametrize("case", DISTRIBUTION, ids=_ids(DISTRIBUTION))
def test_a_sentiments_distribution(case):
    sentiment = Sentiment(**case["sentiment"])
    assert distribution(sentiment) == case["distribution"]
    mean = Mean()
    mean.add(sentiment, 1.0)
    assert mean.result().scores == pytest.approx(case["distribution"])
    record = json.loads(to_jsonl(PanelData(text="x", sentiment=sentiment)))
    assert record["cats"] == case["distribution"]


def test_entity_summary_of_the_shared_document():
    case = json.loads((CASES / "entity_summary.json").read_text(encoding="utf-8"))
    data = PanelData(text=case["text"], entities=case["entities"])
    offsets = [(e["start"], e["end"]) for e in case["entities"]]
    rows = entity_summary(data)
    assert [(r["label"], r["text"], r["mentions_at"], r["sentiment"]) for r in rows] == [
        (r["label"], r["text"], [offsets[i] for i in r["mentions"]], r["sentiment"]) for r in case["rows"]
    ]
    for got, want in zip(rows, case["rows"]):
        assert got["scores"] == pytest.approx(want["scores"] or {})


def test_the_browsers_case_folding_is_pythons():
    # frontend/shared/casefold_table.ts and tests/cases/casefold.json are written from this
    # Python's str.casefold; vitest checks the browser's casefold against the JSON, code point
    # by code point
    out = subprocess.run(
        [sys.executable, "scripts/casefold_table.py", "--check"],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("case", NO_SPACE, ids=_ids(NO_SPACE))
def test_scripts_written_without_spaces(case):
    assert written_without_spaces(case["char"]) is case["expected"]


def test_the_browsers_scripts_written_without_spaces_are_pythons(capsys):
    # frontend/shared/no_space_table.ts and tests/cases/written_without_spaces.json are written
    # from words.py's ranges; vitest runs the browser's function on the same cases
    spec = importlib.util.spec_from_file_location("no_space_table", ROOT / "scripts" / "no_space_table.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main(["--check"]) == 0, capsys.readouterr().out
