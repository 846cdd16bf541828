import pytest

from tiny_models import NER_LABELS, build_tiny_bert


@pytest.fixture(scope="session")
def tiny_ner_dir(tmp_path_factory):
    return build_tiny_bert(tmp_path_factory.mktemp("tiny-ner"), "token-classification", NER_LABELS)


@pytest.fixture(scope="session")
def tiny_sentiment_dir(tmp_path_factory):
    return build_tiny_bert(
        tmp_path_factory.mktemp("tiny-sst"), "text-classification", ["NEGATIVE", "POSITIVE"]
    )
