"""Which language an article is written in."""

from __future__ import annotations

import py3langid

# langid often reads Indonesian news as Malay: the two share most of their function words.
_ALIASES = {"ms": "id"}
_SAMPLE_CHARS = 3000


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language ("id", "en", ...), or "" when there is no text."""
    sample = text[:_SAMPLE_CHARS].strip()
    if not sample:
        return ""
    code: str
    code, _score = py3langid.classify(sample)
    return _ALIASES.get(code, code)
