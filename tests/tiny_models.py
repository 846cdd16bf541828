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
    vocab_size: int | None = None,
) -> Path:
    """Save a BERT for ``task`` ("token-classification" or "text-classification") with the given
    labels, and its fast tokenizer, into ``folder``; return the folder. The defaults give a
    2-layer model that builds in a fraction of a second; ``hidden_size=768, layers=12,
    heads=12, intermediate_size=3072, max_positions=512`` gives BERT-base compute cost, and
    ``vocab_size=30522`` its embedding table too (rows the small tokenizer never uses)."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertForTokenClassification

    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = wordpiece_tokenizer(CORPUS * 3)
    config = BertConfig(
        vocab_size=max(len(tokenizer), vocab_size or 0),
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


# ------------------------------------------------------------------ hand-weighted models
# Tiny BERT models with hand-set weights, saved into a folder and loaded through the real
# ``transformers.pipeline`` / ``Analyzer.from_pretrained`` code. The weights are not random:
# they make the models behave like a gazetteer and a word-polarity counter, so tests can say
# exactly which entities and which sentiment a text must give.
#
# - Every encoder block is turned into the identity (attention and feed-forward outputs are
#   zero, the residual passes the input through), position and segment embeddings are zero, so
#   a token's final hidden state depends on the token alone. The NER head then reads a label
#   from it: words in ``GAZETTEER`` get their tag, every other token gets ``O``.
# - The sentiment model keeps one block that averages all tokens (uniform attention, identity
#   value and output), so ``[CLS]`` sees the mean of the words: positive words in ``POSITIVE``
#   and negative words in ``NEGATIVE`` push the logits, neutral words do nothing.
#
# The window is short (``MAX_LENGTH`` tokens) so that ordinary test sentences overflow it.

MAX_LENGTH = 24  # tokens per model input, [CLS] and [SEP] included
HIDDEN = 32

GAZETTEER = {
    "Angela": "B-PER",
    "Merkel": "I-PER",
    "Ada": "B-PER",
    "Lovelace": "I-PER",
    "Smith": "B-PER",
    "Paris": "B-LOC",
    "London": "B-LOC",
    "Berlin": "B-LOC",
    "Tokyo": "B-LOC",
    "Zurich": "B-LOC",
    "Apple": "B-ORG",
    "Google": "B-ORG",
    "Acme": "B-ORG",
    "Olympics": "B-MISC",
}
POSITIVE = ["love", "loved", "great", "excellent", "wonderful", "happy"]
NEGATIVE = ["terrible", "awful", "bad", "hated", "rude", "cold"]
NEUTRAL_WORDS = (
    "the a an and but in on at of to for with was is it this that they we he she her his "
    "their our my met opened new store office offices people said about report year day week "
    "city team service food phone battery price staff visit visited trip again very quite "
    "Dr Mr U S percent economy grew by Monday Tuesday"
).split()


def _direction(k: int):
    """A zero-mean unit-ish vector per class: +1 at 2k, -1 at 2k+1 (LayerNorm keeps its direction)."""
    import torch

    v = torch.zeros(HIDDEN)
    v[2 * k] = 1.0
    v[2 * k + 1] = -1.0
    return v


def _tokenizer(folder: Path):
    words = list(GAZETTEER) + POSITIVE + NEGATIVE + NEUTRAL_WORDS
    tokenizer = wordpiece_tokenizer(
        [" ".join(words)] * 5 + ["0 1 2 3 4 5 6 7 8 9 . , ! ? ' \" - : ; ( )"], vocab_size=2000
    )
    tokenizer.model_max_length = MAX_LENGTH
    for word in list(GAZETTEER) + POSITIVE + NEGATIVE:
        pieces = tokenizer.tokenize(word)
        assert pieces == [word], f"tiny vocab must hold {word!r} whole, got {pieces}"
    return tokenizer


def _neutralise(model) -> None:
    """Zero every weight, then set LayerNorms to identity-like gain 1, bias 0."""
    import torch

    with torch.no_grad():
        for name, param in model.named_parameters():
            if "LayerNorm.weight" in name:
                param.fill_(1.0)
            else:
                param.zero_()


def _hand_config(tokenizer, labels: list[str]):
    from transformers import BertConfig

    return BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=HIDDEN,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=37,
        max_position_embeddings=MAX_LENGTH + 8,
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
    )


def build_ner(folder: Path) -> Path:
    import torch
    from transformers import BertForTokenClassification

    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = _tokenizer(folder)
    config = _hand_config(tokenizer, NER_LABELS)
    model = BertForTokenClassification(config).eval()
    _neutralise(model)
    vocab = tokenizer.get_vocab()
    with torch.no_grad():
        emb = model.bert.embeddings.word_embeddings.weight
        emb[:] = _direction(0)  # everything is "O" ...
        for word, tag in GAZETTEER.items():  # ... except the gazetteer
            emb[vocab[word]] = _direction(NER_LABELS.index(tag))
        for k in range(len(NER_LABELS)):
            model.classifier.weight[k] = _direction(k)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def build_sentiment(folder: Path, labels: list[str]) -> Path:
    import torch
    from transformers import BertForSequenceClassification

    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = _tokenizer(folder)
    config = _hand_config(tokenizer, labels)
    model = BertForSequenceClassification(config).eval()
    _neutralise(model)
    vocab = tokenizer.get_vocab()
    eye = torch.eye(HIDDEN)
    pos, neg = _direction(0), _direction(1)
    with torch.no_grad():
        emb = model.bert.embeddings.word_embeddings.weight
        for word in POSITIVE:
            emb[vocab[word]] = pos
        for word in NEGATIVE:
            emb[vocab[word]] = neg
        first = model.bert.encoder.layer[0].attention
        first.self.value.weight.copy_(eye)  # query/key stay zero: uniform attention = mean
        first.output.dense.weight.copy_(eye)
        model.bert.pooler.dense.weight.copy_(eye)
        model.classifier.weight[labels.index("POSITIVE")] = pos * 2
        model.classifier.weight[labels.index("NEGATIVE")] = neg * 2
        if "NEUTRAL" in labels:
            model.classifier.bias[labels.index("NEUTRAL")] = 1.0
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


# Aspect (target) sentiment: a sequence classifier called with a (sentence, target) pair. The
# sentiment model above counts word polarities over the whole pair; here the places in
# ``TARGET_POLARITY`` carry a polarity too, so a target, which the pair holds twice (in the
# sentence and as the second text), outweighs the other targets of its sentence: in "I love
# Paris but hated London." the pair with "Paris" is Positive and the pair with "London" Negative.
ASPECT_LABELS = ["Negative", "Neutral", "Positive"]
TARGET_POLARITY = {"Paris": 1, "Tokyo": 1, "Apple": 1, "London": -1, "Berlin": -1, "Google": -1}


def build_pair_sentiment(folder: Path) -> Path:
    import torch
    from transformers import BertForSequenceClassification

    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = _tokenizer(folder)
    config = _hand_config(tokenizer, ASPECT_LABELS)
    model = BertForSequenceClassification(config).eval()
    _neutralise(model)
    vocab = tokenizer.get_vocab()
    eye = torch.eye(HIDDEN)
    pos = _direction(0)
    neg = -pos  # opposite, so polarities cancel and the balance decides
    with torch.no_grad():
        emb = model.bert.embeddings.word_embeddings.weight
        for word in POSITIVE:
            emb[vocab[word]] = pos
        for word in NEGATIVE:
            emb[vocab[word]] = neg
        for word, sign in TARGET_POLARITY.items():
            emb[vocab[word]] = pos if sign > 0 else neg
        first = model.bert.encoder.layer[0].attention
        first.self.value.weight.copy_(eye)  # uniform attention: [CLS] holds the mean of the pair
        first.output.dense.weight.copy_(eye)
        model.bert.pooler.dense.weight.copy_(eye)
        model.classifier.weight[ASPECT_LABELS.index("Positive")] = pos
        model.classifier.weight[ASPECT_LABELS.index("Negative")] = neg
        model.classifier.bias[ASPECT_LABELS.index("Neutral")] = 1.0
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


# Explanations: gradients need a model in which a word's embedding, scaled, changes the
# output. In ``build_sentiment`` every token's embedding passes a LayerNorm on its own, and a
# LayerNorm ignores scale, so the gradient x input of every word is zero there. Here the same
# model gets a constant segment (token type 0) embedding, added to every token before that
# LayerNorm, and small embeddings for the neutral words, away from the polarity directions:
# a polarity word's weight then says how much it moves the label, and neutral words, which
# only dilute the mean, weigh a little and against it.
def build_explainable_sentiment(folder: Path, labels: list[str]) -> Path:
    import torch
    from transformers import BertForSequenceClassification, BertTokenizerFast

    build_sentiment(folder, labels)
    model = BertForSequenceClassification.from_pretrained(folder).eval()
    vocab = BertTokenizerFast.from_pretrained(folder).get_vocab()
    polar = set(POSITIVE) | set(NEGATIVE)
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():
        emb = model.bert.embeddings
        emb.token_type_embeddings.weight[0, HIDDEN - 2] = 1.0
        emb.token_type_embeddings.weight[0, HIDDEN - 1] = -1.0
        for word in NEUTRAL_WORDS:
            if word in vocab and word not in polar:
                noise = torch.zeros(HIDDEN)
                noise[4 : HIDDEN - 2] = 0.3 * torch.randn(HIDDEN - 6, generator=generator)
                emb.word_embeddings.weight[vocab[word]] = noise
    model.save_pretrained(folder)
    return folder


def build_tiny_deberta_pair(
    folder: Path,
    labels: list[str] | None = None,
    max_positions: int = 64,
    *,
    hidden_size: int = 32,
    layers: int = 2,
    heads: int = 2,
    intermediate_size: int = 37,
    vocab_size: int | None = None,
) -> Path:
    """Save a DeBERTa-v2 sequence classifier shaped as DeBERTa-v3 (relative attention with
    position buckets, no absolute positions, no token types) with random weights, for
    (sentence, target) pairs, and a WordPiece fast tokenizer, into ``folder``. The defaults
    build in a fraction of a second; ``hidden_size=768, layers=12, heads=12,
    intermediate_size=3072, max_positions=512`` gives DeBERTa-v3-base compute cost, and
    ``vocab_size=128100`` its embedding table too."""
    import torch
    from transformers import DebertaV2Config, DebertaV2ForSequenceClassification

    labels = labels or ASPECT_LABELS
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = wordpiece_tokenizer(CORPUS * 3)
    config = DebertaV2Config(
        vocab_size=max(len(tokenizer), vocab_size or 0),
        hidden_size=hidden_size,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        intermediate_size=intermediate_size,
        max_position_embeddings=max_positions,
        relative_attention=True,
        position_buckets=256 if max_positions >= 512 else 16,
        max_relative_positions=-1,
        pos_att_type=["p2c", "c2p"],
        position_biased_input=False,
        type_vocab_size=0,
        norm_rel_ebd="layer_norm",
        share_att_key=True,
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
    )
    torch.manual_seed(0)
    model = DebertaV2ForSequenceClassification(config)
    tokenizer.model_max_length = max_positions
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
