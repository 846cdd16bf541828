"""Tiny BERT models built on the spot, so tests run real transformers pipelines offline.

Weights are random, so labels are random: tests assert structure, offsets and wiring.
"""

from __future__ import annotations

from pathlib import Path

CORPUS = [
    "Ada Lovelace loved Paris, but the rain in London wore her down.",
    "The U.S. economy grew by 3.5 percent, said Dr. Smith in Washington.",
    "Angela Merkel met Emmanuel Macron in Berlin on Tuesday.",
    "I absolutely love this phone, the battery lasts forever!",
    "The service was terrible and the food was cold.",
    "Apple and Google opened new offices in Zurich and Tokyo.",
    "Marie Curie worked at the University of Paris for many years.",
]

NER_LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"]


def wordpiece_tokenizer(texts: list[str], vocab_size: int = 300):
    """A cased WordPiece tokenizer trained on ``texts``, as a transformers fast tokenizer."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
    from transformers import BertTokenizerFast

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=False)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = trainers.WordPieceTrainer(
        vocab_size=vocab_size, special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    )
    tok.train_from_iterator(texts, trainer)
    # transformers 5 builds a fast tokenizer from a `tokenizers` object (a vocab_file is ignored)
    return BertTokenizerFast(tokenizer_object=tok, do_lower_case=False)


def build_tiny_bert(
    folder: Path,
    task: str,
    labels: list[str],
    max_positions: int = 64,
    *,
    hidden_size: int = 32,
    layers: int = 2,
    heads: int = 2,
    intermediate_size: int = 37,
) -> Path:
    """Save a BERT for ``task`` ("token-classification" or "text-classification") with the given
    labels, and its fast tokenizer, into ``folder``; return the folder. The defaults give a
    2-layer model that builds in a fraction of a second; ``hidden_size=768, layers=12,
    heads=12, intermediate_size=3072, max_positions=512`` gives BERT-base compute cost."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertForTokenClassification

    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = wordpiece_tokenizer(CORPUS * 3)
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        intermediate_size=intermediate_size,
        max_position_embeddings=max_positions,
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
    )
    torch.manual_seed(0)
    cls = BertForTokenClassification if task == "token-classification" else BertForSequenceClassification
    model = cls(config)
    tokenizer.model_max_length = max_positions
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
