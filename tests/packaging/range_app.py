"""The app test_gradio_range.py serves from a fresh virtual environment: an output panel, an
interactive panel, a button copying the value from one to the other, and what Python received
with the interactive panel's `change` event.

    python range_app.py VALUE.json PORT
"""

import json
import sys

import gradio as gr

from gradio_sentimentpanel import SentimentPanel

value_path, port = sys.argv[1], int(sys.argv[2])
with open(value_path, encoding="utf-8") as f:
    VALUE = json.load(f)


def received(value) -> str:
    if value is None:
        return ""
    data = value.model_dump() if hasattr(value, "model_dump") else value
    return json.dumps(data, ensure_ascii=False)


with gr.Blocks(title="gradio range") as demo:
    out = SentimentPanel(VALUE, label="Output", elem_id="out")
    inp = SentimentPanel(None, label="Input", interactive=True, elem_id="inp")
    copy = gr.Button("Copy", elem_id="copy")
    seen = gr.Textbox(label="Received by Python", elem_id="received")
    copy.click(lambda v: v, out, inp)
    inp.change(received, inp, seen)

demo.launch(server_name="127.0.0.1", server_port=port, quiet=True)
