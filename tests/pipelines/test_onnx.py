"""runtime="onnx" and quantize="int8": the Analyzer's models exported to ONNX, run by ONNX
Runtime, and cached on disk. Checked against the same models on torch: the hand-weighted tiny
models (a gazetteer NER and word-polarity classifiers, whose answers are decided by given
words) and a tiny DeBERTa-v2 pair model with random weights."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tiny_models import build_explainable_sentiment, build_tiny_deberta_pair

pytest.importorskip("onnxruntime", reason="the onnx extra: pip install 'gradio_sentimentpanel[onnx]'")

from gradio_sentimentpanel import Analyzer, load_pipeline, onnx_pipeline
from gradio_sentimentpanel.analysis import runtime

# Every sentence, and every (sentence, target) pair, leans one way or has no polar word at all,
# and is short enough for one window: the hand-weighted models sum word polarities, and where
# they cancel exactly (as many positive as negative words) the answer is a tie, which int8
# rounding may tip either way.
TEXT = (
    "Angela Merkel met Ada Lovelace in Paris and loved it. "
    "The food in London was terrible and the staff were rude. "
    "Apple opened a new office in Tokyo. "
    "Acme was at the Olympics, a great and happy week. "
    "Google hated Berlin. "
    "The service was bad and rude, but Zurich was great, said Dr Smith. "
    "They met in the city on Monday."
)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def deberta_dir(tmp_path_factory) -> Path:
    return build_tiny_deberta_pair(tmp_path_factory.mktemp("tiny-deberta"))


@pytest.fixture(scope="module")
def explain_dir(tmp_path_factory) -> Path:
    return build_explainable_sentiment(tmp_path_factory.mktemp("explain-onnx"), ["NEGATIVE", "POSITIVE"])


def entities(data):
    return [(e.start, e.end, e.label) for e in data.entities]


def sentence_labels(data):
    return [s.sentiment.label for s in data.sentences]


def largest_difference(a, b) -> float:
    pairs = [(x.sentiment, y.sentiment) for x, y in zip(a.sentences, b.sentences, strict=True)]
    pairs += [(x.sentiment, y.sentiment) for x, y in zip(a.entities, b.entities, strict=True)]
    return max(abs(x.scores[k] - y.scores[k]) for x, y in pairs for k in x.scores)


def count_exports(monkeypatch) -> list[Path]:
    """Every export from now on, by the folder it is written into."""
    calls: list[Path] = []
    original = runtime.export

    def spy(model, tokenizer, folder, *args, **kwargs):
        calls.append(folder)
        return original(model, tokenizer, folder, *args, **kwargs)

    monkeypatch.setattr(runtime, "export", spy)
    return calls


# ------------------------------------------------------------------------------- agreement


@pytest.mark.parametrize("quantize", [None, "int8"])
def test_all_three_roles_answer_as_on_torch(quantize, ner_dir, sst2_dir, pair_dir, cache):
    models = {"sentiment_model": str(sst2_dir), "ner_model": str(ner_dir), "aspect_model": str(pair_dir)}
    torch_run = Analyzer.from_pretrained(**models, aspects=["food", "staff"], batch_size=4)(TEXT)
    fast = Analyzer.from_pretrained(
        **models, aspects=["food", "staff"], batch_size=4, runtime="onnx", quantize=quantize, cache_dir=cache
    )
    assert runtime.is_onnx(fast.sentiment) and runtime.is_onnx(fast.ner) and runtime.is_onnx(fast.aspect_sentiment)
    onnx_run = fast(TEXT)
    assert entities(onnx_run) == entities(torch_run)
    assert ("PER" in {label for _, _, label in entities(onnx_run)}) and ("ASPECT" in str(entities(onnx_run)))
    assert sentence_labels(onnx_run) == sentence_labels(torch_run)
    assert [e.sentiment.label for e in onnx_run.entities] == [e.sentiment.label for e in torch_run.entities]
    assert onnx_run.sentiment.label == torch_run.sentiment.label
    # fp32 is the same computation; int8 weights move probabilities a little
    assert largest_difference(onnx_run, torch_run) < (1e-4 if quantize is None else 0.02)


@pytest.mark.parametrize("strategy", ["none", "simple", "first", "average", "max"])
def test_every_aggregation_strategy_gives_the_torch_entities(strategy, ner_dir, cache):
    torch_pipe = load_pipeline("ner", ner_dir, aggregation_strategy=strategy)
    onnx_pipe = load_pipeline("ner", ner_dir, aggregation_strategy=strategy, runtime="onnx", cache_dir=cache)
    sentences = [s + "." for s in TEXT.rstrip(".").split(". ")]  # each within the model's window
    key = "entity" if strategy == "none" else "entity_group"
    found = 0
    for expected, got in zip(torch_pipe(sentences), onnx_pipe(sentences), strict=True):
        assert [(e["start"], e["end"], e[key], e["word"]) for e in got] == [
            (e["start"], e["end"], e[key], e["word"]) for e in expected
        ]
        assert all(abs(float(a["score"]) - float(b["score"])) < 1e-4 for a, b in zip(got, expected, strict=True))
        found += len(got)
    assert found >= 12
    # the Analyzer reads it as it reads the torch pipeline
    assert entities(Analyzer(ner=onnx_pipe)(TEXT)) == entities(Analyzer(ner=torch_pipe)(TEXT))


@pytest.mark.parametrize("quantize", [None, "int8"])
def test_deberta_v3_pair_model_exports_and_runs(quantize, deberta_dir, cache):
    pairs = [
        {"text": "Ada Lovelace loved Paris, but the rain in London wore her down.", "text_pair": "London"},
        {"text": "Ada Lovelace loved Paris, but the rain in London wore her down.", "text_pair": "Paris"},
        {"text": "The service was terrible.", "text_pair": "service"},
    ]
    torch_pipe = load_pipeline("aspect", deberta_dir)
    onnx_pipe = load_pipeline("aspect", deberta_dir, runtime="onnx", quantize=quantize, cache_dir=cache)
    assert "attention_mask" in onnx_pipe.model.input_names
    expected = torch_pipe(pairs, top_k=None)
    got = onnx_pipe(pairs, top_k=None)
    tolerance = 1e-4 if quantize is None else 0.01
    for a, b in zip(got, expected, strict=True):
        a, b = {d["label"]: d["score"] for d in a}, {d["label"]: d["score"] for d in b}
        assert a.keys() == b.keys() == {"Negative", "Neutral", "Positive"}
        assert max(abs(a[k] - b[k]) for k in a) < tolerance
    # a padded batch answers as one pair at a time (the mask is an input of the graph)
    alone = [onnx_pipe(p, top_k=None) for p in pairs]
    for a, b in zip(got, alone, strict=True):
        assert {d["label"]: round(d["score"], 5) for d in a} == {d["label"]: round(d["score"], 5) for d in b}


def test_a_pipeline_you_built_runs_on_onnx(ner_dir, sst2_dir, tmp_path):
    from transformers import pipeline

    ner = pipeline("token-classification", model=str(ner_dir), aggregation_strategy="average")
    sentiment = pipeline("text-classification", model=str(sst2_dir))
    fast_ner = onnx_pipeline(ner, quantize="int8", cache_dir=tmp_path)
    fast_sentiment = onnx_pipeline(sentiment, cache_dir=tmp_path)
    assert runtime.is_onnx(fast_ner) and not runtime.is_onnx(ner)  # the given pipeline is left as it was
    assert [(e["start"], e["end"], e["entity_group"]) for e in fast_ner(TEXT)] == [
        (e["start"], e["end"], e["entity_group"]) for e in ner(TEXT)
    ]
    torch_result = Analyzer(sentiment=sentiment, ner=ner)(TEXT)
    onnx_result = Analyzer(sentiment=fast_sentiment, ner=fast_ner)(TEXT)
    assert entities(onnx_result) == entities(torch_result)
    assert sentence_labels(onnx_result) == sentence_labels(torch_result)
    with pytest.raises(ValueError, match="already runs on ONNX Runtime"):
        onnx_pipeline(fast_ner)
    with pytest.raises(TypeError, match="expects a transformers pipeline"):
        onnx_pipeline(lambda text: [])


def test_a_pipeline_is_keyed_by_its_weights(sst2_dir, tmp_path, monkeypatch):
    import torch
    from transformers import pipeline

    exports = count_exports(monkeypatch)
    pipe = pipeline("text-classification", model=str(sst2_dir))
    onnx_pipeline(pipe, cache_dir=tmp_path)
    onnx_pipeline(pipe, cache_dir=tmp_path)
    assert len(exports) == 1
    with torch.no_grad():
        pipe.model.classifier.bias[0] += 5.0  # now NEGATIVE wins everywhere
    changed = onnx_pipeline(pipe, cache_dir=tmp_path)
    assert len(exports) == 2
    assert changed("a great and wonderful day")[0]["label"] == pipe("a great and wonderful day")[0]["label"] == "NEGATIVE"


# ----------------------------------------------------------------------------------- cache


def entry_of(cache: Path) -> Path:
    (folder,) = [p for p in cache.iterdir() if p.is_dir()]
    return folder


def test_the_second_load_comes_from_the_cache(sst2_dir, tmp_path, monkeypatch):
    exports = count_exports(monkeypatch)
    messages: list[str] = []
    first = load_pipeline("sentiment", sst2_dir, runtime="onnx", quantize="int8", cache_dir=tmp_path, progress=messages.append)
    assert len(exports) == 1
    assert messages and messages[0].startswith("Exporting") and messages[-1].startswith("Exported")
    folder = entry_of(tmp_path)
    entry = json.loads((folder / "entry.json").read_text())
    assert entry["size"] == (folder / "model.onnx").stat().st_size
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no scratch folder left

    def no_export(*args, **kwargs):
        raise AssertionError("the cached export should be used")

    monkeypatch.setattr(runtime, "export", no_export)
    # no torch weights are loaded either
    monkeypatch.setattr(runtime, "_torch_model", no_export)
    messages.clear()
    second = load_pipeline("sentiment", sst2_dir, runtime="onnx", quantize="int8", cache_dir=tmp_path, progress=messages.append)
    assert messages == []
    assert second("a wonderful day") == first("a wonderful day")
    assert second("a wonderful day")[0]["label"] == "POSITIVE"
    # other options are other entries
    monkeypatch.undo()
    exports = count_exports(monkeypatch)
    load_pipeline("sentiment", sst2_dir, runtime="onnx", cache_dir=tmp_path)
    assert len(exports) == 1
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 2


@pytest.mark.parametrize("damage", ["truncate", "delete-model", "delete-entry", "flip-bytes", "empty-folder"])
def test_a_broken_cache_entry_is_rebuilt(damage, sst2_dir, tmp_path, monkeypatch):
    load_pipeline("sentiment", sst2_dir, runtime="onnx", cache_dir=tmp_path)
    folder = entry_of(tmp_path)
    model = folder / "model.onnx"
    if damage == "truncate":
        with open(model, "r+b") as f:
            f.truncate(model.stat().st_size // 2)
    elif damage == "delete-model":
        model.unlink()
    elif damage == "delete-entry":
        (folder / "entry.json").unlink()
    elif damage == "flip-bytes":
        data = bytearray(model.read_bytes())
        data[len(data) // 2] ^= 0xFF  # one byte of a weight
        model.write_bytes(bytes(data))
    else:
        for p in folder.iterdir():
            p.unlink()
    exports = count_exports(monkeypatch)
    pipe = load_pipeline("sentiment", sst2_dir, runtime="onnx", cache_dir=tmp_path)
    assert len(exports) == 1
    assert pipe("a wonderful day")[0]["label"] == "POSITIVE"
    assert pipe("a terrible day")[0]["label"] == "NEGATIVE"
    assert runtime._valid(entry_of(tmp_path))


def test_a_model_onnx_runtime_cannot_read_is_exported_again(sst2_dir, tmp_path, monkeypatch):
    load_pipeline("sentiment", sst2_dir, runtime="onnx", cache_dir=tmp_path)
    folder = entry_of(tmp_path)
    garbage = b"not an onnx model" * 10
    (folder / "model.onnx").write_bytes(garbage)
    # an entry that vouches for the garbage: size and hash match, only ONNX Runtime can tell
    entry = json.loads((folder / "entry.json").read_text())
    entry.update(size=len(garbage), sha256=runtime._sha256(folder / "model.onnx"))
    (folder / "entry.json").write_text(json.dumps(entry))
    exports = count_exports(monkeypatch)
    pipe = load_pipeline("sentiment", sst2_dir, runtime="onnx", cache_dir=tmp_path)
    assert len(exports) == 1
    assert pipe("a terrible day")[0]["label"] == "NEGATIVE"


LOADER = textwrap.dedent(
    """
    import sys
    from gradio_sentimentpanel import load_pipeline

    folder, cache, log = sys.argv[1:4]
    with open(log, "a") as out:
        out.write("started\\n")
    def heard(message):
        with open(log, "a") as out:
            out.write(message.split()[0] + "\\n")
    pipe = load_pipeline("ner", folder, runtime="onnx", quantize="int8", cache_dir=cache, progress=heard)
    found = pipe("Angela Merkel met Ada Lovelace in Paris.")
    print(sorted({e["entity_group"] for e in found}))
    """
)


def test_two_processes_starting_at_once_share_one_export(ner_dir, tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "backend"), os.environ.get("PYTHONPATH", "")])}
    env["GRADIO_ANALYTICS_ENABLED"] = "False"
    cache, log = tmp_path / "cache", tmp_path / "log.txt"
    script = tmp_path / "loader.py"
    script.write_text(LOADER)
    processes = [
        subprocess.Popen(
            [sys.executable, str(script), str(ner_dir), str(cache), str(log)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = []
    for p in processes:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0, err[-3000:]
        outputs.append(out.strip().splitlines()[-1])
    assert outputs == ["['LOC', 'PER']", "['LOC', 'PER']"]
    lines = log.read_text().split()
    assert lines.count("started") == 2
    assert lines.count("Exporting") == 1 and lines.count("Exported") == 1  # one exported, one waited
    assert runtime._valid(entry_of(cache))
    assert sorted(p.name for p in cache.iterdir() if not p.name.endswith(".lock")) == [entry_of(cache).name]


# ------------------------------------------------------------------------ errors, threads


def test_without_the_extra_the_error_names_it(sst2_dir, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import onnxruntime raises ImportError
    with pytest.raises(ImportError, match=r"pip install 'gradio_sentimentpanel\[onnx\]'"):
        Analyzer.from_pretrained(sentiment_model=str(sst2_dir), ner_model=None, runtime="onnx", cache_dir=tmp_path)
    assert not any(tmp_path.iterdir())
    # torch, the default, does not need it
    assert Analyzer.from_pretrained(sentiment_model=str(sst2_dir), ner_model=None)("a great day").sentiment.label == "POSITIVE"


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"runtime": "tensorflow"}, "`runtime` must be 'torch' or 'onnx'"),
        ({"runtime": "onnx", "quantize": "int4"}, "`quantize` must be None or 'int8'"),
        ({"quantize": "int8"}, "give runtime='onnx' too"),
        ({"runtime": "onnx", "device": "cuda"}, "runs on the CPU"),
        ({"runtime": "onnx", "threads": 0}, "`threads` must be a positive int"),
        ({"runtime": "onnx", "threads": True}, "`threads` must be a positive int"),
        ({"cache_dir": "/tmp/x"}, "options of runtime='onnx'"),
    ],
)
def test_bad_runtime_options_are_refused(options, words, sst2_dir):
    with pytest.raises(ValueError) as info:
        load_pipeline("sentiment", sst2_dir, **options)
    assert words in str(info.value)


def test_threads_are_the_cores_of_the_process_or_as_set(sst2_dir, tmp_path, monkeypatch):
    monkeypatch.delenv(runtime.THREADS_VARIABLE, raising=False)
    cores = len(os.sched_getaffinity(0))
    assert runtime.default_threads() == cores
    one = load_pipeline("sentiment", sst2_dir, runtime="onnx", cache_dir=tmp_path, threads=1)
    assert one.model.session.get_session_options().intra_op_num_threads == 1
    default = load_pipeline("sentiment", sst2_dir, runtime="onnx", cache_dir=tmp_path)
    assert default.model.session.get_session_options().intra_op_num_threads == cores
    monkeypatch.setenv(runtime.THREADS_VARIABLE, "1")
    by_env = load_pipeline("sentiment", sst2_dir, runtime="onnx", cache_dir=tmp_path)
    assert by_env.model.session.get_session_options().intra_op_num_threads == 1
    monkeypatch.setenv(runtime.THREADS_VARIABLE, "many")
    with pytest.raises(ValueError, match="SENTIMENTPANEL_THREADS"):
        load_pipeline("sentiment", sst2_dir, runtime="onnx", cache_dir=tmp_path)


def test_two_analyzers_in_threads_take_turns_on_the_cores(ner_dir, sst2_dir, cache):
    """The ONNX models of a process run one at a time: two Analyzers in two threads never run
    two sessions at once (which would put twice the threads on the cores)."""
    import threading

    a = Analyzer.from_pretrained(sentiment_model=str(sst2_dir), ner_model=str(ner_dir), runtime="onnx", cache_dir=cache)
    b = Analyzer.from_pretrained(sentiment_model=str(sst2_dir), ner_model=str(ner_dir), runtime="onnx", cache_dir=cache)
    running, most = [0], [0]
    guard = threading.Lock()

    def watch(model):
        session_run = model.session.run

        class Watched:
            def __getattr__(self, name):
                return getattr(model.session, name)

            def run(self, *args, **kwargs):
                with guard:
                    running[0] += 1
                    most[0] = max(most[0], running[0])
                try:
                    return session_run(*args, **kwargs)
                finally:
                    with guard:
                        running[0] -= 1

        model.session = Watched()

    for analyzer in (a, b):
        watch(analyzer.sentiment.model)
        watch(analyzer.ner.model)
    results = {}
    threads = [threading.Thread(target=lambda k=k, z=z: results.__setitem__(k, z(TEXT * 5))) for k, z in (("a", a), ("b", b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert entities(results["a"]) == entities(results["b"]) and len(results["a"].entities) > 20
    assert most[0] == 1


# ------------------------------------------------------------------------------ explanations


def test_explain_true_on_onnx_is_occlusion_through_the_fast_model(explain_dir, cache):
    fast = Analyzer.from_pretrained(
        sentiment_model=str(explain_dir), ner_model=None, runtime="onnx", cache_dir=cache, explain=True
    )
    assert fast.explain == "occlusion"
    slow = Analyzer.from_pretrained(sentiment_model=str(explain_dir), ner_model=None, explain="occlusion")
    text = "The food was terrible. We loved the great staff."
    got, expected = fast(text), slow(text)
    assert [(a.start, a.end) for a in got.attributions] == [(a.start, a.end) for a in expected.attributions]
    assert [a.weight for a in got.attributions] == pytest.approx([a.weight for a in expected.attributions], abs=1e-3)
    # the negative sentence's one polar word is its strongest, pushing towards NEGATIVE
    first = got.sentences[0]
    assert first.sentiment.label == "NEGATIVE"
    inside = [a for a in got.attributions if a.start < first.end]
    top = max(inside, key=lambda a: abs(a.weight))
    assert text[top.start : top.end] == "terrible" and top.weight == pytest.approx(1.0)


def test_gradients_on_onnx_are_refused_with_the_way_out(explain_dir, cache):
    for method in ("gradient", "integrated_gradients"):
        with pytest.raises(TypeError, match="explain='occlusion'"):
            Analyzer.from_pretrained(
                sentiment_model=str(explain_dir), ner_model=None, runtime="onnx", cache_dir=cache, explain=method
            )


# ------------------------------------------------------------------------------------ the demo


def test_the_demo_runs_onnx_int8_on_a_cpu_by_default(ner_dir, sst2_dir, tmp_path, monkeypatch, capfd):
    from demo_loader import import_demo

    monkeypatch.delenv("SENTIMENTPANEL_RUNTIME", raising=False)  # the demo's own default
    monkeypatch.setenv("SENTIMENTPANEL_ONNX_CACHE", str(tmp_path))
    models = {"SENTIMENTPANEL_SENTIMENT_MODEL": str(sst2_dir), "SENTIMENTPANEL_NER_MODEL": str(ner_dir)}
    app = import_demo("sentimentpanel_demo_onnx", **models, SENTIMENTPANEL_ASPECT_MODEL="none")
    sentiment, ner = app.MODELS.startup
    assert runtime.is_onnx(sentiment.model) and runtime.is_onnx(ner.model)
    assert sentiment.model.model.quantize == "int8"
    assert "transformers models run on ONNX Runtime int8" in app.MODELS.notice(sentiment, ner)
    printed = capfd.readouterr().out
    assert printed.count("[sentimentpanel] Exporting") == 2 and printed.count("[sentimentpanel] Exported") == 2
    analyzer, _, _ = app.MODELS.analyzer(str(sst2_dir), str(ner_dir), explain=True)
    assert analyzer.explain == "occlusion"
    result = analyzer("Angela Merkel loved Paris.")
    assert [(e.start, e.end, e.label) for e in result.entities] == [(0, 13, "PER"), (20, 25, "LOC")]
    assert result.sentiment.label == "POSITIVE" and result.attributions

    monkeypatch.setenv("SENTIMENTPANEL_RUNTIME", "torch")
    on_torch = import_demo("sentimentpanel_demo_torch", **models, SENTIMENTPANEL_ASPECT_MODEL="none")
    sentiment, ner = on_torch.MODELS.startup
    assert not runtime.is_onnx(sentiment.model) and not runtime.is_onnx(ner.model)
    assert "transformers models run on torch" in on_torch.MODELS.notice(sentiment, ner)
