"""The vocabulary the extractor reads with: word lists kept as text in nlp/data/.

Each list is a UTF-8 file `nlp/data/<name>.txt`, one entry per line; blank lines and lines
starting with `#` are skipped, and entries are kept as written (the lists are lower case, as
the code that reads them compares lower-cased words). A mapping has one `key = value` entry a
line. An entry given twice is an error, so that a list cannot grow duplicates unseen.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

__all__ = ["pairs", "words"]


@cache
def _entries(name: str) -> tuple[str, ...]:
    """The entries of nlp/data/<name>.txt, in file order."""
    text = (files("nlp") / "data" / f"{name}.txt").read_text(encoding="utf-8")
    entries: list[str] = []
    for line in text.splitlines():
        entry = line.strip()
        if entry and not entry.startswith("#"):
            entries.append(entry)
    return tuple(entries)


def _unique(name: str, keys: list[str]) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"nlp/data/{name}.txt lists {key!r} twice")
        seen.add(key)


@cache
def words(name: str) -> frozenset[str]:
    """The words (or phrases) of a list."""
    entries = list(_entries(name))
    _unique(name, entries)
    return frozenset(entries)


@cache
def _pairs(name: str) -> tuple[tuple[str, str], ...]:
    items: list[tuple[str, str]] = []
    for entry in _entries(name):
        key, sep, value = entry.partition("=")
        if not sep:
            raise ValueError(f"nlp/data/{name}.txt: {entry!r} is not a `key = value` line")
        items.append((key.strip(), value.strip()))
    _unique(name, [key for key, _ in items])
    return tuple(items)


def pairs(name: str) -> dict[str, str]:
    """A mapping's entries in file order (a new dict each call: callers may change theirs)."""
    return dict(_pairs(name))
