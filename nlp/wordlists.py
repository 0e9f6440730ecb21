"""The vocabulary the extractor reads with: word lists kept as text in nlp/data/.

Each list is a UTF-8 file `nlp/data/<name>.txt` (Indonesian, the default language, and the lists
both languages share) or `nlp/data/<lang>/<name>.txt` (another language's: `data/en/` for
English), one entry per line; blank lines and lines
starting with `#` are skipped, and entries are kept as written (the lists are lower case, as
the code that reads them compares lower-cased words). A mapping has one `key = value` entry a
line. An entry given twice is an error, so that a list cannot grow duplicates unseen.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

__all__ = ["names", "pairs", "words"]


# The language whose lists sit in nlp/data/ itself; another language's are in nlp/data/<lang>/.
DEFAULT_LANGUAGE = "id"


def _path(name: str, lang: str) -> str:
    return f"data/{name}.txt" if lang == DEFAULT_LANGUAGE else f"data/{lang}/{name}.txt"


@cache
def _entries(name: str, lang: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """The entries of nlp/data/<name>.txt (nlp/data/<lang>/<name>.txt), in file order."""
    text = (files("nlp").joinpath(*_path(name, lang).split("/"))).read_text(encoding="utf-8")
    entries: list[str] = []
    for line in text.splitlines():
        entry = line.strip()
        if entry and not entry.startswith("#"):
            entries.append(entry)
    return tuple(entries)


def _unique(name: str, lang: str, keys: list[str]) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise ValueError(f"nlp/{_path(name, lang)} lists {key!r} twice")
        seen.add(key)


@cache
def words(name: str, lang: str = DEFAULT_LANGUAGE) -> frozenset[str]:
    """The words (or phrases) of a list: nlp/data/<name>.txt, or for another language than
    Indonesian nlp/data/<lang>/<name>.txt ("en": nlp/data/en/<name>.txt)."""
    entries = list(_entries(name, lang))
    _unique(name, lang, entries)
    return frozenset(entries)


@cache
def _pairs(name: str, lang: str) -> tuple[tuple[str, str], ...]:
    items: list[tuple[str, str]] = []
    for entry in _entries(name, lang):
        key, sep, value = entry.partition("=")
        if not sep:
            raise ValueError(f"nlp/{_path(name, lang)}: {entry!r} is not a `key = value` line")
        items.append((key.strip(), value.strip()))
    _unique(name, lang, [key for key, _ in items])
    return tuple(items)


def pairs(name: str, lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """A mapping's entries in file order (a new dict each call: callers may change theirs)."""
    return dict(_pairs(name, lang))


@cache
def _names(name: str, lang: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    items: list[tuple[str, tuple[str, ...]]] = []
    for entry in _entries(name, lang):
        head, _, rest = entry.partition("=")
        items.append((head.strip(), tuple(a.strip() for a in rest.split(",") if a.strip())))
    _unique(name, lang, [head for head, _ in items])
    return tuple(items)


def names(name: str, lang: str = DEFAULT_LANGUAGE) -> list[tuple[str, tuple[str, ...]]]:
    """A list of names with their other names, one `Name = other, other` (or `Name`) a line,
    case kept: [("Kementerian Kesehatan", ("Kemenkes",)), ("Tesla", ())]."""
    return list(_names(name, lang))
