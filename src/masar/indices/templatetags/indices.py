"""Template helpers: labels of methodology data in the reader's language."""

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def localised(labels) -> str:
    """Pick the reader's language from a {"en": ..., "ar": ...} mapping (Kurdish falls back to
    Arabic script, then English)."""
    if not isinstance(labels, dict):
        return "" if labels is None else str(labels)
    language = (get_language() or "en").lower()
    for code in (language, language[:2], "ar" if language.startswith("ckb") else "", "en"):
        if code and labels.get(code):
            return labels[code]
    return next(iter(labels.values()), "")


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
