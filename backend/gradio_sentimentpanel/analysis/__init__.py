"""The analysis half of the package: running models over whole texts and building PanelData.

``analyzer`` orchestrates; ``sentences`` splits a text, ``windows`` cuts a sentence to a model's
size, ``roles`` says what a model is for (its inputs, its outputs, how it is asked),
``backends`` runs one kind of model in one role, ``remote`` sends requests to inference
servers, ``passes`` runs the models over a batch of sentences, ``aggregate`` combines
distributions, ``aspects`` finds aspect terms, ``explainer`` is what an explanation method is,
``explain`` (occlusion, and the choice of a method) and ``gradients`` weigh words, ``words``
cuts a text into words, ``loading`` builds models from names, ``runtime`` runs them on ONNX
Runtime (int8 too) and ``estimate`` says what a text will cost. The component half of the package (the Gradio component, the data
model, adapters, export) never imports this subpackage; this subpackage uses the data model
and the adapters.
"""
