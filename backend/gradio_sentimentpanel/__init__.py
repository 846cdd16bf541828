"""gradio_sentimentpanel: an entity-highlighting sentiment panel for Gradio."""

from .analyzer import Analyzer
from .data import Entity, PanelData, Sentence, Sentiment
from .sentimentpanel import SentimentPanel

__all__ = ["Analyzer", "Entity", "PanelData", "Sentence", "Sentiment", "SentimentPanel"]
