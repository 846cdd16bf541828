"""labels_of(model): the entity labels a NER model can give, as the demo's editable panel offers
them: without IOB/BIOES prefixes and without the "outside" tag, in the model's order."""

from __future__ import annotations

import pytest

from tiny_models import build_tiny_bert

from gradio_sentimentpanel.adapters import labels_of


def token_classifier(folder):
    from transformers import pipeline

    return pipeline("token-classification", model=str(folder), tokenizer=str(folder))


def test_a_transformers_pipeline_gives_its_entity_types_in_its_own_order(tiny_ner_dir):
    # id2label: O, B-PER, I-PER, B-LOC, I-LOC, B-ORG, I-ORG, B-MISC, I-MISC
    assert labels_of(token_classifier(tiny_ner_dir)) == ["PER", "LOC", "ORG", "MISC"]


def test_bioes_tags_and_an_outside_tag_anywhere_are_read_too(tmp_path):
    tags = ["B-DATE", "I-DATE", "E-DATE", "S-DATE", "O", "S-GPE", "B-GPE", "L-GPE", "U-NORP"]
    folder = build_tiny_bert(tmp_path / "bioes", "token-classification", tags)
    assert labels_of(token_classifier(folder)) == ["DATE", "GPE", "NORP"]


def test_a_spacy_pipeline_gives_the_labels_of_its_ner_and_its_entity_ruler():
    spacy = pytest.importorskip("spacy")
    trained = spacy.blank("en")
    ner = trained.add_pipe("ner")
    for label in ("GPE", "PERSON"):
        ner.add_label(label)
    assert sorted(labels_of(trained)) == ["GPE", "PERSON"]
    rules = spacy.blank("en")
    ruler = rules.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PRODUCT", "pattern": "WH-1000XM5"}, {"label": "GPE", "pattern": "Paris"}])
    assert sorted(labels_of(rules)) == ["GPE", "PRODUCT"]
    both = rules.add_pipe("ner")
    for label in ("GPE", "PERSON"):
        both.add_label(label)
    assert sorted(labels_of(rules)) == ["GPE", "PERSON", "PRODUCT"]  # each label once


def test_a_spacy_pipeline_without_entities_and_unknown_models_say_nothing():
    spacy = pytest.importorskip("spacy")
    assert labels_of(spacy.blank("en")) is None
    assert labels_of(lambda text: []) is None  # a plain callable says nothing
    assert labels_of(None) is None
