"""Foreign formats -> PanelData: the only place that inspects foreign objects.

Everything that is not already our data model is turned into plain data here, before any
rendering sees it: transformers token-classification output (every aggregation strategy),
transformers text-classification output, huggingface_hub InferenceClient elements, spaCy
``Doc`` objects (duck-typed, spaCy is not imported; ``from_spacy(doc, spans_key=...)`` reads
one span group), plain dicts and gr.HighlightedText's
``(token, label)`` pairs.  Nothing is guessed and nothing is dropped: a shape we do not
understand raises ``ValueError`` saying what was wrong.
"""

from .classification import sentiment_from_text_classification
from .highlighted import combine_adjacent_entities, is_pairs_value, panel_from_pairs
from .models import (
    class_labels,
    entities_from_output,
    inference_client_kind,
    is_pipeline,
    labels_of,
    sentiment_from_output,
)
from .spacy import (
    from_spacy,
    is_spacy_doc,
    is_spacy_language,
    panel_from_spacy_doc,
    sentence_offsets,
)
from .tokens import entities_from_token_classification, is_outside, split_tag
from .values import to_panel_data

__all__ = [
    "class_labels",
    "combine_adjacent_entities",
    "entities_from_output",
    "entities_from_token_classification",
    "from_spacy",
    "inference_client_kind",
    "is_outside",
    "is_pairs_value",
    "is_pipeline",
    "is_spacy_doc",
    "is_spacy_language",
    "labels_of",
    "panel_from_pairs",
    "panel_from_spacy_doc",
    "sentence_offsets",
    "sentiment_from_output",
    "sentiment_from_text_classification",
    "split_tag",
    "to_panel_data",
]
