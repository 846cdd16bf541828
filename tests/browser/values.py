"""Values shown by the browser tests. Offsets are computed from the text, the Python way."""

from __future__ import annotations


def span(text: str, needle: str, label: str, score=None, occurrence: int = 0, **extra) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    out = {"start": start, "end": start + len(needle), "label": label, "score": score}
    out.update(extra)
    return out


# Emoji (astral, ZWJ sequences, skin tones, flags), CJK, combining marks and Arabic.
MIXED_TEXT = (
    "Renée met 李小龍 in Zürich 🇨🇭 with the 👨‍👩‍👧‍👦 family 👍🏽. "
    "Later, Ame\u0301lie flew to القاهرة and then 東京都 😀 for the Café\u0301 Noir launch."
)
MIXED_ENTITIES = sorted(
    [
        span(MIXED_TEXT, "Renée", "PER", 0.99),
        span(MIXED_TEXT, "李小龍", "PER", 0.97),
        span(MIXED_TEXT, "Zürich 🇨🇭", "LOC", 0.95),
        span(MIXED_TEXT, "🇨🇭", "FLAG", 0.6),  # nested inside the previous one
        span(MIXED_TEXT, "👨‍👩‍👧‍👦", "MISC", 0.8),
        span(MIXED_TEXT, "👍🏽", "MISC", 0.7),
        span(MIXED_TEXT, "Ame\u0301lie", "PER", 0.93),
        span(MIXED_TEXT, "القاهرة", "LOC", 0.91),
        span(MIXED_TEXT, "東京都 😀", "LOC", 0.88),
        span(MIXED_TEXT, "京都", "LOC", 0.5),  # overlaps the previous one
        span(MIXED_TEXT, "Café\u0301 Noir", "ORG", 0.84),
        {"start": MIXED_TEXT.index("family"), "end": MIXED_TEXT.index("family"), "label": "GAP", "score": None},
    ],
    key=lambda e: (e["start"], -(e["end"] - e["start"])),
)
MIXED = {"text": MIXED_TEXT, "entities": MIXED_ENTITIES}


XSS_LABEL = "<img src=x onerror=window.__xss=3>"
XSS_TEXT = (
    'Hello <img src=x onerror="window.__xss=1"> and <script>window.__xss=2</script> '
    "and <b>bold</b> from Mallory."
)
XSS = {
    "text": XSS_TEXT,
    "entities": [
        span(XSS_TEXT, '<img src=x onerror="window.__xss=1">', XSS_LABEL, 0.9),
        span(XSS_TEXT, "<script>window.__xss=2</script>", "<script>window.__xss=4</script>", 0.8),
        span(XSS_TEXT, "Mallory", "PER", 0.99),
    ],
    "sentiment": {"label": "<b>NEG</b>", "score": 0.6, "scores": {"<b>NEG</b>": 0.6, "POS": 0.4}},
}


SHOWCASE_TEXT = (
    "Ada Lovelace wrote the first program for Charles Babbage's Analytical Engine in London. "
    "The critics at The Times loved it, and Lovelace became famous across Europe.\n"
    "Sadly, the engine was never finished, and the British government cut its funding in 1842. "
    "Still, New York City museums now celebrate her every October."
)


def _sentences(text: str, sentiments: list[tuple[str, float]]) -> list[dict]:
    out, start = [], 0
    for i, (label, score) in enumerate(sentiments):
        end = text.index(".", start) + 1
        if i == len(sentiments) - 1:
            end = len(text)
        other = "NEGATIVE" if label == "POSITIVE" else "POSITIVE"
        out.append(
            {"start": start, "end": end, "sentiment": {"label": label, "score": score, "scores": {label: score, other: round(1 - score, 4)}}}
        )
        start = end + 1
    return out


POS = {"label": "POSITIVE", "score": 0.97}
NEG = {"label": "NEGATIVE", "score": 0.93}
SHOWCASE = {
    "text": SHOWCASE_TEXT,
    "entities": sorted(
        [
            span(SHOWCASE_TEXT, "Ada Lovelace", "PER", 0.998, sentiment=POS),
            span(SHOWCASE_TEXT, "Charles Babbage", "PER", 0.995, sentiment=POS),
            span(SHOWCASE_TEXT, "Analytical Engine", "MISC", 0.71, sentiment=POS),
            span(SHOWCASE_TEXT, "London", "LOC", 0.993, sentiment=POS),
            span(SHOWCASE_TEXT, "The Times", "ORG", 0.97, sentiment=POS),
            span(SHOWCASE_TEXT, "Lovelace", "PER", 0.99, occurrence=1, sentiment=POS),
            span(SHOWCASE_TEXT, "Europe", "LOC", 0.98, sentiment=POS),
            span(SHOWCASE_TEXT, "British government", "ORG", 0.62, sentiment=NEG),
            span(SHOWCASE_TEXT, "British", "MISC", 0.9, sentiment=NEG),
            span(SHOWCASE_TEXT, "1842", "DATE", 0.41, sentiment=NEG),
            span(SHOWCASE_TEXT, "New York City", "LOC", 0.96),
            span(SHOWCASE_TEXT, "New York", "LOC", 0.35),
            span(SHOWCASE_TEXT, "October", "DATE", 0.88),
        ],
        key=lambda e: (e["start"], -(e["end"] - e["start"])),
    ),
    "sentiment": {
        "label": "POSITIVE",
        "score": 0.74,
        "scores": {"POSITIVE": 0.74, "NEGATIVE": 0.26},
    },
    "sentences": _sentences(
        SHOWCASE_TEXT, [("POSITIVE", 0.95), ("POSITIVE", 0.99), ("NEGATIVE", 0.97), ("POSITIVE", 0.9)]
    ),
}


def long_document(n: int) -> dict:
    """n entities over a text of short paragraphs, with some emoji to keep offsets honest."""
    names = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Émilie du Châtelet", "李白"]
    places = ["Paris 🇫🇷", "London", "Kyoto", "القاهرة", "Lima"]
    text, entities = "", []
    k = 0
    while len(entities) < n:
        a = names[k % len(names)]
        b = places[(k * 3) % len(places)]
        s = f"{a} 😀 travelled to {b}. "
        start = len(text)
        text += s
        entities.append({"start": start, "end": start + len(a), "label": "PER", "score": 0.9})
        if len(entities) < n:
            at = start + s.index(b)
            entities.append({"start": at, "end": at + len(b), "label": "LOC", "score": 0.8})
        if k % 6 == 5:
            text += "\n"
        k += 1
    return {"text": text, "entities": entities}


LONG = long_document(6000)


ARABIC_TEXT = "زار محمد القاهرة مع شركة أرامكو. كانت الرحلة رائعة!\nثم سافر إلى دبي."
ARABIC = {
    "text": ARABIC_TEXT,
    "entities": [
        span(ARABIC_TEXT, "محمد", "PER", 0.97),
        span(ARABIC_TEXT, "القاهرة", "LOC", 0.95),
        span(ARABIC_TEXT, "شركة أرامكو", "ORG", 0.9),
        span(ARABIC_TEXT, "دبي", "LOC", 0.93),
    ],
    "sentiment": {"label": "positive", "score": 0.88, "scores": {"positive": 0.88, "neutral": 0.09, "negative": 0.03}},
    "sentences": [
        {"start": 0, "end": ARABIC_TEXT.index(".") + 1, "sentiment": {"label": "neutral", "score": 0.7}},
        {"start": ARABIC_TEXT.index("كانت"), "end": ARABIC_TEXT.index("!") + 1, "sentiment": {"label": "positive", "score": 0.95}},
        {"start": ARABIC_TEXT.index("ثم"), "end": len(ARABIC_TEXT), "sentiment": {"label": "neutral", "score": 0.6}},
    ],
}
