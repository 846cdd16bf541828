"""The app test_gradio_range.py serves from a fresh virtual environment: an output panel and an
interactive one, buttons through which Python sets the interactive panel's value (a copy of the
output panel's) and another of its props (its label), and, one box per listener, what Python
received from the panels' events, in order, as a JSON list.

    python range_app.py VALUE.json PORT
"""

import json
import sys
import threading

import gradio as gr

from gradio_sentimentpanel import SentimentPanel

value_path, port = sys.argv[1], int(sys.argv[2])
with open(value_path, encoding="utf-8") as f:
    VALUE = json.load(f)
LABELS = ["PER", "LOC", "ORG", "MISC"]
CHECKED = "Checked"

# what each listener received; every call shows its listener's whole list, so a call made twice
# shows up as one entry too many
lock = threading.Lock()
received: dict[str, list] = {}


def plain(value):
    if value is None or isinstance(value, (str, int, float)):
        return value
    return value.model_dump() if hasattr(value, "model_dump") else value


def recorder(name: str):
    def record(payload) -> str:
        with lock:
            received.setdefault(name, []).append(payload)
            return json.dumps(received[name], ensure_ascii=False)

    return record


def listen(event, name: str, panel, box) -> None:
    # every call is run ("multiple"), one at a time, in order: a second call is neither merged
    # into the first nor dropped while it runs
    record = recorder(name)
    event(lambda v: record(plain(v)), panel, box, trigger_mode="multiple", concurrency_limit=1)


def on_select(evt: gr.SelectData) -> str:
    return recorder("select")({"index": evt.index, "value": evt.value})


with gr.Blocks(title="gradio range") as demo:
    out = SentimentPanel(VALUE, label="Output", elem_id="out")
    inp = SentimentPanel(None, label="Input", interactive=True, labels=LABELS, elem_id="inp")
    copy = gr.Button("Copy", elem_id="copy")
    relabel = gr.Button("Relabel the input", elem_id="relabel")
    boxes = {
        name: gr.Textbox(label=f"Python received: {name}", elem_id=f"received-{name}")
        for name in ("change", "input", "select", "out-change")
    }
    copy.click(lambda v: v, out, inp)
    relabel.click(lambda: gr.update(label=CHECKED), None, inp)
    listen(inp.change, "change", inp, boxes["change"])
    listen(inp.input, "input", inp, boxes["input"])
    listen(out.change, "out-change", out, boxes["out-change"])
    out.select(on_select, None, boxes["select"], trigger_mode="multiple", concurrency_limit=1)

demo.launch(server_name="127.0.0.1", server_port=port, quiet=True)
