"""Short names that abbreviate a longer name in the same article.

Indonesian news names an institution by its full name once and by its short form after, or
the other way round, and often never writes the two side by side ("Badan Pusat Statistik (BPS)"
is the easy case, handled where the brackets are read). Two kinds of short form are read here:

- initials, written in capitals: "BPS" = Badan Pusat Statistik, "TPIP" = Tim Pengendalian
  Inflasi Pusat, "BRI" = (PT) Bank Rakyat Indonesia (Tbk); connectives ("dan", "of") may or may
  not give a letter ("BPOM" = Badan Pengawas Obat dan Makanan);
- syllabic short forms, written with one capital: "Kemendagri" = Kementerian Dalam Negeri,
  "Disdik" = Dinas Pendidikan, "Jokowi" = Joko Widodo: the first word gives its first letter
  and at least one more, every other content word at least one letter, in order. "Polri" for
  Kepolisian Negara Republik Indonesia is not read so (its first letter is not the name's).

Both rules read the article's own names only, so "BI" can only stand for a "Bank Indonesia" the
same article names; a short form that fits two of its names is left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import cache

__all__ = ["abbreviates", "abbreviation_aliases", "name_variant_aliases"]

# Words that may or may not give their letter to a short form.
CONNECTIVES = frozenset({"dan", "serta", "untuk", "atau", "of", "and", "for", "the", "&"})
# A company's legal form, around its name: never part of its short name.
LEGAL_FORMS = frozenset({"pt", "pt.", "tbk", "tbk.", "persero", "(persero)", "cv", "inc", "inc.", "ltd", "ltd."})


def _content_words(name: str) -> list[str]:
    return [w.lower() for w in name.split() if w.lower() not in LEGAL_FORMS]


def _initials(short: str, words: list[str]) -> bool:
    """Each word gives its first letter, a connective may give none."""

    @cache
    def fits(i: int, j: int) -> bool:
        if j == len(words):
            return i == len(short)
        word = words[j]
        if word in CONNECTIVES and fits(i, j + 1):
            return True
        return i < len(short) and word[0] == short[i] and fits(i + 1, j + 1)

    return fits(0, 0)


def _syllabic(short: str, words: list[str]) -> bool:
    """The first word gives its first letter and at least one more, every later content word
    at least one letter, each word's letters taken in order (a subsequence: "Disdik" = DIS-inas
    penDIDIKan, "Kejati" = KEJAksaan TInggi), a connective none."""
    content = [w for w in words if w not in CONNECTIVES]
    if len(content) < 2 or short[0] != content[0][0]:
        return False

    @cache
    def spread(i: int, j: int) -> bool:
        # can short[i:] be spread over content[j:], each word giving at least one letter
        # (the first word at least two)?
        if j == len(content):
            return i == len(short)
        word = content[j]
        pos, k = (1, i + 1) if j == 0 else (0, i)  # the first word's first letter is short[0]
        while k < len(short):
            found = word.find(short[k], pos)
            if found < 0:
                break
            pos, k = found + 1, k + 1
            if spread(k, j + 1):
                return True
        return False

    return spread(0, 0)


def abbreviates(short: str, full: str) -> bool:
    """Whether the one-word name `short` can be a short form of the name `full` (see the module
    docstring): "BPS" / "Badan Pusat Statistik", "Kemendagri" / "Kementerian Dalam Negeri"."""
    if " " in short or len(short) < 2 or not short.isalnum() or not short[:1].isupper():
        return False
    words = _content_words(full)
    if len(words) < 2 or any(not w[:1].isalnum() for w in words):
        return False
    lowered = short.lower()
    if short.isupper():
        return _initials(lowered, words)
    # a syllabic form is a word of its own ("Kemendagri"), never one of the full name's words
    return len(short) >= 4 and lowered not in words and _syllabic(lowered, words)


def abbreviation_aliases(shorts: Iterable[str], fulls: Iterable[str]) -> dict[str, str]:
    """Each short name that abbreviates exactly one of the full names, mapped to it."""
    candidates = sorted({f for f in fulls if " " in f})
    found: dict[str, str] = {}
    for short in sorted(set(shorts)):
        matches = [full for full in candidates if abbreviates(short, full)]
        if len(matches) == 1:
            found[short] = matches[0]
    return found


def _variant_of(short: str, word: str) -> bool:
    """ "Afif" for "Afifuddin" (a first part of four letters or more), "Affifudin" for
    "Afifuddin" (a spelling that differs by a letter or two in a long name)."""
    a, b = short.lower(), word.lower()
    if a == b:
        return False
    if len(a) >= 4 and b.startswith(a):
        return True
    return min(len(a), len(b)) >= 6 and a[0] == b[0] and SequenceMatcher(None, a, b).ratio() >= 0.85


def _without_middle(short: list[str], full: list[str]) -> bool:
    """Whether `short` is `full` with one or more middle words left out."""
    if not 2 <= len(short) < len(full) or short[0] != full[0] or short[-1] != full[-1]:
        return False
    rest = iter(full[1:-1])
    return all(word in rest for word in short[1:-1])


def _misspelt(short: list[str], full: list[str]) -> bool:
    """Whether `short` is `full` (or its first words) with a word spelt otherwise: the same first
    word, then each word the same or a spelling of the next words of `full` ("Okky Prasetyo" for
    "Okky Prastyo Ajie")."""
    if not 2 <= len(short) <= len(full) or short[0] != full[0] or short == full[: len(short)]:
        return False
    rest = iter(full[1:])
    return all(any(w == word or _variant_of(w, word) for word in rest) for w in short[1:])


def name_variant_aliases(singles: Iterable[str], names: Iterable[str]) -> dict[str, str]:
    """Each person name that is a short or misspelt form of exactly one other person name of
    the article, mapped to that name: a one-word form of one of its words ("Afif", "Affifudin"
    -> "Afifuddin"; "Pras" -> "Prasetyo Hadi"; "Al-Derazi" -> "Abdullah al-Derazi"), or the name
    with a middle word left out ("Jon Pandu" -> "Jon Firman Pandu") or a word spelt otherwise
    ("Okky Prasetyo" -> "Okky Prastyo Ajie"). The longest and most
    complete name wins where a form fits several forms of one person."""
    names = sorted(set(names), key=lambda n: (-len(n.split()), -len(n), n))
    found: dict[str, str] = {}
    for short in sorted(set(singles)):
        if " " in short:
            # "Jon Pandu" for "Jon Firman Pandu": a middle name left out, the first and last kept
            longer = [n for n in names if _without_middle(short.split(), n.split())]
            if not longer:
                # "Okky Prasetyo" for "Okky Prastyo Ajie": the longer name is the written one
                longer = [
                    n for n in names if len(n.split()) > len(short.split()) and _misspelt(short.split(), n.split())
                ]
            if len(longer) == 1:
                found[short] = longer[0]
            continue
        lowered = [n for n in names if short.lower() in n.lower().split() and short not in n.split()]
        if len(lowered) == 1:  # "Al-Derazi" for "Abdullah al-Derazi"
            found[short] = lowered[0]
            continue
        if any(short in n.split() for n in names if n != short):
            continue  # a word of another name joins it whole ("Budi" is Budi Santoso, not Budiman)
        matches = [n for n in names if n != short and any(_variant_of(short, w) for w in n.split())]
        # forms of one person: all of them contained in the longest ("Afifuddin" in "M Afifuddin")
        if matches and all(
            set(m.split()) <= set(matches[0].split()) or _variant_of(m, matches[0].split()[-1]) for m in matches
        ):
            found[short] = matches[0]
    return found
