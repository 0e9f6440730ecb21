"""Keys that make two written forms of a name one stored actor or place, and FTS5 queries."""

from __future__ import annotations

import re

from nlp.identity import name_key as entity_key

__all__ = ["entity_key", "fts_query", "place_key"]


def place_key(name: str, kind: str | None, canonical: str | None, country_code: str | None) -> str:
    """A grounded place is keyed by what it is, so its names in any language meet
    ("Moskow", "Moscow" -> "city:moscow:RU"); an ungrounded one by its name."""
    if kind and canonical:
        return f"{kind}:{entity_key(canonical)}:{country_code or ''}"
    return entity_key(name)


def fts_query(topic: str) -> str:
    """An FTS5 query that matches every word of the topic, whatever characters it holds."""
    words = re.findall(r"\w+", topic)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)
