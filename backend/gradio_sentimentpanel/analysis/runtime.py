"""Where a transformers model runs: torch (as loaded), or ONNX Runtime, in fp32 or int8.

``runtime="onnx"`` exports a model once with ``torch.onnx.export`` (optionally quantised to
int8 by onnxruntime's dynamic quantiser: int8 weights, activations quantised on the fly) and
runs it in an ``onnxruntime.InferenceSession`` behind a small module that a transformers
pipeline takes as its model (:class:`OnnxModel`). Tokenizer, windows, pre- and
post-processing stay transformers' own, so a pipeline on ONNX Runtime answers in the same form
as the torch one.

The exports are cached on disk, one folder a model and options (:func:`default_cache_dir`):

- a folder holds ``model.onnx`` and ``entry.json``, written last, with the file's size and
  SHA-256; a folder whose entry is missing, unreadable or does not match its file (an
  interrupted export, a truncated or deleted file) is rebuilt;
- an export is written into a temporary folder beside the entry and renamed into place, under
  a lock file (``<entry>.lock``), so two processes starting at once export once and neither
  ever reads a half-written model.

Threads: every session runs on ``threads`` intra-op threads (default: the cores this process
may use, ``os.sched_getaffinity``, or ``SENTIMENTPANEL_THREADS``), and the ONNX models of one
process run one at a time (one lock), so two Analyzers in one process share the cores rather
than fight over them.

``onnxruntime`` and ``onnx`` are imported only when a model is exported or loaded; without them
``runtime="onnx"`` raises ImportError naming the extra (``pip install
'gradio_sentimentpanel[onnx]'``).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import logging
import os
import re
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

__all__ = [
    "QUANTIZE",
    "RUNTIMES",
    "THREADS_VARIABLE",
    "OnnxModel",
    "check_runtime",
    "check_threads",
    "default_cache_dir",
    "default_threads",
    "is_onnx",
    "load_onnx",
    "onnx_pipeline",
]

RUNTIMES = ("torch", "onnx")
QUANTIZE = (None, "int8")
THREADS_VARIABLE = "SENTIMENTPANEL_THREADS"
CACHE_VARIABLE = "SENTIMENTPANEL_ONNX_CACHE"
EXTRA = "pip install 'gradio_sentimentpanel[onnx]'"
FORMAT = 1  # the layout of a cache entry; a new layout makes new entries
OPSET = 17
MODEL_FILE = "model.onnx"
ENTRY_FILE = "entry.json"

log = logging.getLogger("gradio_sentimentpanel")

# ONNX models of one process run one at a time, each on all of its threads (see the module doc)
_RUN_LOCK = threading.Lock()
# the kind of head a role's model has: its transformers Auto class and its output class
KINDS = {"sentiment": "sequence", "aspect": "sequence", "ner": "token"}

Progress = Callable[[str], Any]


def check_runtime(runtime: Any, quantize: Any) -> None:
    """``runtime`` and ``quantize`` as ``from_pretrained`` and ``load_pipeline`` take them."""
    if runtime not in RUNTIMES:
        raise ValueError(f"`runtime` must be 'torch' or 'onnx', got {runtime!r}")
    if quantize not in QUANTIZE:
        raise ValueError(f"`quantize` must be None or 'int8', got {quantize!r}")
    if quantize is not None and runtime != "onnx":
        raise ValueError(f"`quantize={quantize!r}` runs on ONNX Runtime: give runtime='onnx' too")


def onnxruntime() -> Any:
    """The ``onnxruntime`` module, or ImportError naming the extra that installs it."""
    try:
        import onnx  # noqa: F401  (the exporter and the quantiser need it)
        import onnxruntime as ort
    except ImportError as err:
        raise ImportError(f"runtime='onnx' needs onnxruntime and onnx: {EXTRA}") from err
    return ort


def default_threads() -> int:
    """The intra-op threads of a session: ``SENTIMENTPANEL_THREADS`` when set, else the cores this
    process may run on (``os.sched_getaffinity``; ``os.cpu_count()`` where that is missing)."""
    value = os.environ.get(THREADS_VARIABLE, "").strip()
    if value:
        return check_threads(value, THREADS_VARIABLE)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not every platform has it
        return max(1, os.cpu_count() or 1)


def check_threads(threads: Any, name: str = "threads") -> int:
    if isinstance(threads, str):
        try:
            threads = int(threads)
        except ValueError:
            raise ValueError(f"`{name}` must be a positive int, got {threads!r}") from None
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ValueError(f"`{name}` must be a positive int or None, got {threads!r}")
    return threads


def default_cache_dir() -> Path:
    """Where exports are kept: ``SENTIMENTPANEL_ONNX_CACHE`` when set, else
    ``gradio_sentimentpanel-onnx`` in the Hugging Face cache (``HF_HUB_CACHE``)."""
    value = os.environ.get(CACHE_VARIABLE, "").strip()
    if value:
        return Path(value).expanduser()
    from huggingface_hub import constants  # a dependency of gradio itself

    return Path(constants.HF_HUB_CACHE) / "gradio_sentimentpanel-onnx"


def is_onnx(pipe: Any) -> bool:
    """Whether a pipeline runs its model on ONNX Runtime (built here)."""
    return isinstance(getattr(pipe, "model", None), OnnxModel)


# ---------------------------------------------------------------------------------- the model


def _torch_module() -> type:
    import torch

    return torch.nn.Module


class OnnxModel:
    """An ONNX Runtime session in the place of a transformers model inside a pipeline: it takes
    the tokenizer's tensors and returns the logits as the torch model would (a
    ``SequenceClassifierOutput`` or ``TokenClassifierOutput``). Built by :func:`load_onnx`;
    ``config`` is the model's own configuration."""

    # replaced by a torch.nn.Module subclass in :func:`_model_class`, which pipelines take
    def __init__(self, session: Any, config: Any, kind: str, path: Path, quantize: str | None, threads: int) -> None:
        _torch_module().__init__(self)  # type: ignore[arg-type]
        self.session = session
        self.config = config
        self.kind = kind
        self.path = path
        self.quantize = quantize
        self.threads = threads
        self.name_or_path = getattr(config, "_name_or_path", "") or str(path)
        self.input_names = [i.name for i in session.get_inputs()]

    def __repr__(self) -> str:
        precision = self.quantize or "fp32"
        return f"OnnxModel({self.name_or_path!r}, {precision}, threads={self.threads})"

    @property
    def device(self) -> Any:
        import torch

        return torch.device("cpu")

    @property
    def dtype(self) -> Any:
        import torch

        return torch.float32

    def to(self, *args: Any, **kwargs: Any) -> OnnxModel:
        import torch

        for where in [*args, kwargs.get("device")]:
            if isinstance(where, (str, torch.device)) and torch.device(where).type != "cpu":
                raise ValueError(f"an ONNX Runtime model runs on the CPU; it cannot move to {where!r}")
        return self

    def eval(self) -> OnnxModel:
        return self

    def can_generate(self) -> bool:
        return False

    def forward(self, input_ids: Any, attention_mask: Any = None, token_type_ids: Any = None, **unused: Any) -> Any:
        import torch

        given = {"input_ids": input_ids, "attention_mask": attention_mask, "token_type_ids": token_type_ids}
        feed = {}
        for name in self.input_names:
            value = given.get(name)
            if value is None:
                if name == "attention_mask":
                    value = torch.ones_like(input_ids)
                elif name == "token_type_ids":
                    value = torch.zeros_like(input_ids)
                else:
                    raise ValueError(f"the ONNX model {self.name_or_path!r} needs {name!r}")
            feed[name] = value.detach().cpu().numpy().astype("int64", copy=False)
        with _RUN_LOCK:
            (logits,) = self.session.run(["logits"], feed)
        logits = torch.from_numpy(logits)
        if self.kind == "token":
            from transformers.modeling_outputs import TokenClassifierOutput

            return TokenClassifierOutput(logits=logits)
        from transformers.modeling_outputs import SequenceClassifierOutput

        return SequenceClassifierOutput(logits=logits)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)


_CLASSES: dict[str, type] = {}


def _model_class(name: str) -> type:
    """:class:`OnnxModel` as a ``torch.nn.Module`` named as the model it replaces: pipelines
    accept any module, and name the architectures they support (they log an error for another
    name); the repr says that it is ONNX."""
    if name not in _CLASSES:
        body = {"__module__": __name__, "__qualname__": f"OnnxModel[{name}]"}
        _CLASSES[name] = type(name, (OnnxModel, _torch_module()), body)
    return _CLASSES[name]


# ---------------------------------------------------------------------------------- the cache


def _session(path: Path, threads: int) -> Any:
    ort = onnxruntime()
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # idle threads of one session must not spin while another session has the cores
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def _valid(folder: Path) -> bool:
    """Whether ``folder`` is a complete cache entry: its entry file says so and its model file
    is the one the entry describes (size and SHA-256)."""
    try:
        entry = json.loads((folder / ENTRY_FILE).read_text(encoding="utf-8"))
        model = folder / MODEL_FILE
        return (
            entry.get("format") == FORMAT
            and model.stat().st_size == entry["size"]
            and _sha256(model) == entry["sha256"]
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


@contextlib.contextmanager
def _locked(path: Path, timeout: float = 3600.0) -> Iterator[None]:
    """An exclusive lock on the file ``path`` between processes (and threads)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        fd = handle.fileno()
        try:
            import fcntl

            busy: type[OSError] = BlockingIOError

            def take() -> None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

            def release() -> None:
                fcntl.flock(fd, fcntl.LOCK_UN)
        except ImportError:  # Windows
            import msvcrt

            busy = OSError

            def take() -> None:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

            def release() -> None:
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

        deadline = time.monotonic() + timeout
        while True:
            try:
                take()
                break
            except busy:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"waited {timeout:.0f} s for the lock {path}") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            release()


_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


def _entry(cache_dir: Path, key: str, build: Callable[[Path], None]) -> Path:
    """The cache entry ``key`` in ``cache_dir``, built by ``build(folder)`` into a temporary
    folder and renamed into place when it is missing or broken. Returns its folder."""
    folder = cache_dir / key
    if _valid(folder):
        return folder
    with _THREAD_LOCKS_GUARD:
        thread_lock = _THREAD_LOCKS.setdefault(str(folder), threading.Lock())
    with thread_lock, _locked(cache_dir / f"{key}.lock"):
        if _valid(folder):  # another process built it while this one waited
            return folder
        if folder.exists():
            log.warning("ONNX cache entry %s is incomplete or corrupt; rebuilding it", folder)
            shutil.rmtree(folder)
        scratch = cache_dir / f".{key}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
        scratch.mkdir(parents=True)
        try:
            build(scratch)
            model = scratch / MODEL_FILE
            entry = {"format": FORMAT, "key": key, "size": model.stat().st_size, "sha256": _sha256(model)}
            (scratch / ENTRY_FILE).write_text(json.dumps(entry, indent=1), encoding="utf-8")
            os.replace(scratch, folder)
        finally:
            if scratch.exists():
                shutil.rmtree(scratch, ignore_errors=True)
    return folder


def _versions() -> dict[str, str]:
    import onnxruntime as ort
    import torch
    import transformers

    return {"torch": torch.__version__, "transformers": transformers.__version__, "onnxruntime": ort.__version__}


def _key(source: str, fingerprint: str, kind: str, quantize: str | None) -> str:
    """A cache folder name: the model's name, readable, and a hash of everything the export
    depends on."""
    facts = json.dumps(
        {"format": FORMAT, "opset": OPSET, "kind": kind, "quantize": quantize, "model": fingerprint, **_versions()},
        sort_keys=True,
    )
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", source.strip("/\\")).strip("-.")[-60:] or "model"
    return f"{slug}-{kind}-{quantize or 'fp32'}-{hashlib.sha256(facts.encode()).hexdigest()[:16]}"


def _folder_fingerprint(folder: Path) -> str:
    """What identifies the model files of ``folder``: a snapshot of the Hugging Face cache by
    its path (its commit); any other folder by its files' names, sizes and times."""
    real = folder.resolve()
    if real.parent.name == "snapshots":
        return f"snapshot:{real}"
    files = sorted(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in real.iterdir() if p.is_file()
    )
    return f"folder:{real}:{files}"


def _model_folder(name: str) -> Path:
    """The local folder of a model id or path (a hub model's snapshot, downloading its config
    when it is not cached yet)."""
    path = Path(os.path.expanduser(name))
    if path.is_dir():
        return path
    from transformers.utils import cached_file

    config = cached_file(name, "config.json")
    if config is None:
        raise OSError(f"no config.json for the model {name!r}")
    return Path(config).parent


def _model_fingerprint(model: Any) -> str:
    """What identifies a torch model in memory: its configuration and the bytes of its weights."""
    digest = hashlib.sha256(model.config.to_json_string().encode())
    for name, tensor in sorted(model.state_dict().items()):
        digest.update(name.encode())
        digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    return f"weights:{digest.hexdigest()}"


# ---------------------------------------------------------------------------------- export


def _inputs(model: Any, tokenizer: Any, pairs: bool) -> dict[str, Any]:
    """Sample inputs for the exporter: two texts (pairs for an aspect model) of different
    lengths, padded, as the pipeline's tokenizer makes them."""
    import inspect

    texts = ["A first sample, longer.", "Short."]
    if pairs:
        encoded = tokenizer(texts, ["sample", "one"], padding=True, truncation=True, return_tensors="pt")
    else:
        encoded = tokenizer(texts, padding=True, truncation=True, return_tensors="pt")
    # in the order of the model's parameters: the exporter names the traced inputs in that order
    accepted = [name for name in inspect.signature(model.forward).parameters if name in encoded]
    return {name: encoded[name] for name in accepted if name in ("input_ids", "attention_mask", "token_type_ids")}


@contextlib.contextmanager
def _eager_attention(model: Any) -> Iterator[None]:
    """The model with its plain ("eager") attention while it is traced: the tracer records
    torch's fused attention with its mask as a constant, which gives wrong answers for other
    inputs."""
    config = model.config
    before = getattr(config, "_attn_implementation", None)
    switch = getattr(model, "set_attn_implementation", None)
    if before in (None, "eager"):
        yield
        return
    if callable(switch):
        switch("eager")
    else:
        config._attn_implementation = "eager"
    try:
        yield
    finally:
        if callable(switch):
            switch(before)
        else:
            config._attn_implementation = before


def export(model: Any, tokenizer: Any, folder: Path, kind: str, quantize: str | None, pairs: bool) -> None:
    """Write ``model`` (a torch model with a sequence or token classification head) as
    ``folder/model.onnx``, quantised to int8 when asked."""
    import warnings

    import torch

    onnxruntime()
    model = model.eval()
    inputs = _inputs(model, tokenizer, pairs)
    names = list(inputs)
    axes = {name: {0: "batch", 1: "sequence"} for name in names}
    axes["logits"] = {0: "batch", 1: "sequence"} if kind == "token" else {0: "batch"}
    target = folder / ("model-fp32.onnx" if quantize else MODEL_FILE)
    with torch.no_grad(), warnings.catch_warnings(), _eager_attention(model):
        warnings.simplefilter("ignore")  # tracer warnings about Python values in the model code
        torch.onnx.export(
            model,
            (),
            str(target),
            kwargs=inputs,
            input_names=names,
            output_names=["logits"],
            dynamic_axes=axes,
            opset_version=OPSET,
            do_constant_folding=True,
            dynamo=False,
        )
    if quantize == "int8":
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(str(target), str(folder / MODEL_FILE), weight_type=QuantType.QInt8)
        target.unlink()


def _torch_model(name: str, kind: str) -> Any:
    import transformers

    auto = (
        transformers.AutoModelForTokenClassification
        if kind == "token"
        else transformers.AutoModelForSequenceClassification
    )
    return auto.from_pretrained(name, attn_implementation="eager")  # see _eager_attention


def _report(progress: Progress | None, message: str) -> None:
    log.info(message)
    if progress is not None:
        progress(message)


def load_onnx(
    model: Any,
    role: str,
    *,
    tokenizer: Any = None,
    quantize: str | None = None,
    cache_dir: str | os.PathLike | None = None,
    threads: int | None = None,
    progress: Progress | None = None,
) -> Any:
    """The ONNX Runtime model of ``model`` in ``role`` ("sentiment", "ner" or "aspect"), from the
    cache, exported into it first when it is not there (or broken).

    ``model`` is a model id or folder (exported from its files, the torch weights loaded only
    then) or a torch model in memory (exported from its weights, keyed by their hash).
    ``tokenizer`` makes the exporter's sample inputs (by default the model's own, from its
    name). ``progress(message)`` hears what happens when an export runs (it takes a while).
    """
    if role not in KINDS:
        raise ValueError(f"`role` must be one of 'sentiment', 'ner', 'aspect', got {role!r}")
    if quantize not in QUANTIZE:
        raise ValueError(f"`quantize` must be None or 'int8', got {quantize!r}")
    threads = default_threads() if threads is None else check_threads(threads)
    onnxruntime()
    kind = KINDS[role]
    cache = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
    if isinstance(model, (str, os.PathLike)):
        name = os.fspath(model)
        key = _key(name, _folder_fingerprint(_model_folder(name)), kind, quantize)
        config_source: Any = name
    else:
        name = getattr(model.config, "_name_or_path", "") or type(model).__name__
        key = _key(name, _model_fingerprint(model), kind, quantize)
        config_source = None

    def build(folder: Path) -> None:
        what = f"{name} ({role}, {quantize or 'fp32'})"
        _report(progress, f"Exporting {what} to ONNX once; later starts load it from {cache}")
        started = time.monotonic()
        torch_model = _torch_model(name, kind) if config_source is not None else model
        tok = tokenizer
        if tok is None:
            import transformers

            tok = transformers.AutoTokenizer.from_pretrained(name)
        export(torch_model, tok, folder, kind, quantize, pairs=role == "aspect")
        _report(progress, f"Exported {what} in {time.monotonic() - started:.0f} s")

    folder = _entry(cache, key, build)
    try:
        session = _session(folder / MODEL_FILE, threads)
    except Exception as err:  # noqa: BLE001 - ONNX Runtime's own error classes: a file the entry vouched for it cannot read
        log.warning("ONNX Runtime cannot load %s (%s); exporting it again", folder, err)
        shutil.rmtree(folder, ignore_errors=True)
        folder = _entry(cache, key, build)
        session = _session(folder / MODEL_FILE, threads)
    if config_source is not None:
        import transformers

        config = transformers.AutoConfig.from_pretrained(config_source)
        architecture = (getattr(config, "architectures", None) or ["OnnxModel"])[0]
    else:
        config = copy.deepcopy(model.config)
        architecture = type(model).__name__
    return _model_class(architecture)(session, config, kind, folder / MODEL_FILE, quantize, threads)


def onnx_pipeline(
    pipe: Any,
    *,
    quantize: str | None = None,
    cache_dir: str | os.PathLike | None = None,
    threads: int | None = None,
    progress: Progress | None = None,
) -> Any:
    """A transformers pipeline you built, running its model on ONNX Runtime (int8 with
    ``quantize="int8"``): give the result to ``Analyzer(...)`` like any pipeline.

    The pipeline keeps its tokenizer and its options (``aggregation_strategy``,
    ``function_to_apply``, ...); its model is exported once (keyed by its weights) into
    ``cache_dir`` (default: a folder in the Hugging Face cache, or ``SENTIMENTPANEL_ONNX_CACHE``)
    and runs on the CPU on ``threads`` threads (default: the cores the process may use, or
    ``SENTIMENTPANEL_THREADS``).

    Parameters:
        pipe: a ``text-classification`` (sentiment, or a text-pair aspect model) or
            ``token-classification`` pipeline.
        quantize: None (fp32) or "int8" (dynamic quantisation: int8 weights).
        cache_dir: where exports are kept.
        threads: intra-op threads of the session.
        progress: called with a message before and after an export.
    """
    from .. import adapters

    if not adapters.is_pipeline(pipe):
        raise TypeError(f"onnx_pipeline expects a transformers pipeline, got {type(pipe).__name__}")
    if is_onnx(pipe):
        raise ValueError("this pipeline already runs on ONNX Runtime")
    if pipe.task in ("token-classification", "ner"):
        role = "ner"
    elif pipe.task in ("text-classification", "sentiment-analysis"):
        role = "sentiment"
    else:
        raise ValueError(
            f"onnx_pipeline takes a 'text-classification' or 'token-classification' pipeline, got {pipe.task!r}"
        )
    fast = load_onnx(
        pipe.model, role, tokenizer=pipe.tokenizer, quantize=quantize, cache_dir=cache_dir, threads=threads,
        progress=progress,
    )
    import torch

    sped = copy.copy(pipe)
    sped.model = fast
    sped.device = torch.device("cpu")
    return sped
