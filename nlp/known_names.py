"""Institutions and people whose names news shortens or NER misses, with their other names.

The lists (nlp/data/known_organisations.txt, known_people.txt) give each a shown name and its
aliases: "Kementerian Kesehatan" is also "Kemenkes", "Joko Widodo" is also "Jokowi". The
extractor uses them twice: a listed name NER did not tag is still a mention ("Xi Jinping",
"Huawei"), and every form of one listed name is one actor under the shown name, with the others
as its aliases, so that an article that writes only "Kemenkes" and one that writes "Kementerian
Kesehatan" brief on the same actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nlp import wordlists

__all__ = ["KnownName", "KnownNames", "known_names", "name_key"]

_NOT_ALNUM = re.compile(r"[\W_]+")
# Words around a name that do not change whom it names: "DPR RI", "PT Pertamina (Persero) Tbk".
_BEFORE = frozenset({"pt"})
_AFTER = frozenset({"ri", "persero", "tbk"})
# ... and the state an institution belongs to, said in full: "Badan Narkotika Nasional
# Pemerintah Republik Indonesia", "Kementerian Luar Negeri Republik Indonesia".
_AFTER_STATE = (("pemerintah", "republik", "indonesia"), ("republik", "indonesia"), ("pemerintah", "indonesia"))


def name_key(text: str) -> str:
    """A name compared without case, spaces or punctuation: "PT . PLN" -> "ptpln"."""
    return _NOT_ALNUM.sub("", text.lower())


@dataclass(frozen=True)
class KnownName:
    name: str  # the form Briefbot shows
    kind: str  # "ORG" or "PER"
    aliases: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def _short(form: str) -> bool:
    """ "BI", "MA", "KPK": too short to be told from a person's initials or a unit by itself."""
    return len(name_key(form)) <= 3


class KnownNames:
    """The listed names of one language, looked up by any of their forms."""

    def __init__(self, entries: list[KnownName]) -> None:
        self._by_key: dict[str, KnownName] = {}
        for entry in entries:
            for form in entry.forms:
                key = name_key(form)
                other = self._by_key.get(key)
                if other is not None and other != entry:
                    raise ValueError(f"{form!r} names both {other.name!r} and {entry.name!r}")
                self._by_key[key] = entry
        self.longest = max((len(form.split()) for e in entries for form in e.forms), default=0)

    def __len__(self) -> int:
        return len({e.name for e in self._by_key.values()})

    def find(self, name: str, kind: str | None = None) -> KnownName | None:
        """The listed name `name` is a form of, if any. A form of three letters or fewer
        ("BI", "MA") counts only for a mention of the listed kind (`kind`)."""
        key = name_key(name)
        entry = self._by_key.get(key)
        if entry is None:
            # "Kementerian Kesehatan RI", "PT Pertamina (Persero)" as "Kementerian Kesehatan", "Pertamina"
            words = [w for w in (name_key(w) for w in name.split()) if w]
            while words and words[0] in _BEFORE:
                words = words[1:]
            while words:
                if words[-1] in _AFTER:
                    words = words[:-1]
                elif state := next((p for p in _AFTER_STATE if tuple(words[-len(p) :]) == p), None):
                    words = words[: -len(state)]
                else:
                    break
            bare = "".join(words)
            entry = self._by_key.get(bare) if bare and bare != key else None
        if entry is None or (_short(name) and kind != entry.kind):
            return None
        return entry

    def spans(self, tokens: list[str], taken: list[bool]) -> list[tuple[int, int, KnownName]]:
        """Listed names among the untaken tokens of a sentence, longest first: (start, end,
        name). A run must start with a capital and stop before the next capitalised word
        ("Toyota Fortuner" is a car, not Toyota); short forms are left to the acronym rules."""
        found: list[tuple[int, int, KnownName]] = []
        i = 0
        while i < len(tokens):
            match = None
            if not taken[i] and tokens[i][:1].isupper():
                for j in range(min(len(tokens), i + self.longest + 2), i, -1):
                    if any(taken[i:j]) or (j < len(tokens) and tokens[j][:1].isupper() and not taken[j]):
                        continue
                    surface = " ".join(tokens[i:j])
                    entry = self._by_key.get(name_key(surface))
                    if entry is not None and not _short(surface):
                        match = (i, j, entry)
                        break
            if match:
                found.append(match)
                i = match[1]
            else:
                i += 1
        return found


@cache
def known_names(language: str) -> KnownNames:
    """The listed names of a language ("id": nlp/data/known_organisations.txt and
    known_people.txt; other languages have none yet)."""
    if language != "id":
        return KnownNames([])
    return KnownNames(
        [KnownName(name, "ORG", aliases) for name, aliases in wordlists.names("known_organisations")]
        + [KnownName(name, "PER", aliases) for name, aliases in wordlists.names("known_people")]
    )
