"""Searches by name, phone or ID number without the searched text in any URL.

A search form posts its text; the server keeps it in the user's session under a random key
and redirects to the list with `?search=<key>`, so paging and bookmarks within the session
keep working while proxies, server logs and browser histories only ever see the key.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest

SESSION_KEY = "masar.searches"
# A session remembers the last few searches only: the newest wins, the oldest is forgotten.
KEPT = 20


def stash(request: HttpRequest, text: str) -> str:
    """Keep `text` in the session; return the opaque key that stands for it ("" for none)."""
    text = text.strip()
    if not text:
        return ""
    kept: dict[str, str] = dict(request.session.get(SESSION_KEY, {}))
    key = secrets.token_urlsafe(12)
    kept[key] = text
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEPT:])
    return key


def recall(request: HttpRequest, key: str | None) -> str:
    """The text a key stands for in this session; "" for an unknown or expired key."""
    if not key:
        return ""
    return str(request.session.get(SESSION_KEY, {}).get(key, ""))
