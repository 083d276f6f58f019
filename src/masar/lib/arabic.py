"""Placeholder until the full normaliser lands."""

import re
import unicodedata

_MAP = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ک": "ك", "ی": "ي"}
)


def normalize_name(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c) and c != "\u0640")
    text = text.translate(_MAP).casefold()
    text = re.sub(r"[\W_]+", " ", text)
    return " ".join(text.split())


def strip_article(token: str) -> str:
    for article in ("ال", "al"):
        if token.startswith(article) and len(token) - len(article) >= 2:
            return token[len(article) :]
    return token


def name_tokens(text: str, *, drop_article: bool = False) -> list[str]:
    tokens = normalize_name(text).split()
    return [strip_article(t) for t in tokens] if drop_article else tokens
