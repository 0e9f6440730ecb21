"""Which stored actor a name in a new article means: the rules that join names across articles.

Across articles a person is often named in full in one and by surname in another, and an
organisation by its name in one and its short form in another. The rules ask a store for
candidates through `ActorLookup` (any backend implements it) and decide; they never guess
where several stored actors fit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["ActorLookup", "ActorMatch", "match_actor", "name_key", "place_key"]


def name_key(name: str) -> str:
    """The key that makes two written forms one actor: lower case, words only."""
    return " ".join(re.findall(r"\w+", name.lower()))


def place_key(name: str, kind: str | None, canonical: str | None, country_code: str | None) -> str:
    """A grounded place is keyed by what it is, so its names in any language meet
    ("Moskow", "Moscow" -> "city:moscow:RU"); an ungrounded one by its name."""
    if kind and canonical:
        return f"{kind}:{name_key(canonical)}:{country_code or ''}"
    return name_key(name)


@dataclass(frozen=True)
class ActorMatch:
    """The stored actor a name joins, and whether that actor takes this fuller name."""

    actor_id: int | None  # None: a new actor
    rename: bool = False


class ActorLookup(Protocol):
    """What the rules ask of a store; each answer holds at most two ids (two means ambiguous)."""

    async def actor_with_key(self, key: str) -> int | None: ...

    async def actors_with_alias(self, keys: Sequence[str], kind: str) -> list[int]: ...

    async def actors_with_keys(self, keys: Sequence[str], kind: str) -> list[int]: ...

    async def actors_with_word(self, word: str, kind: str) -> list[int]: ...


async def match_actor(name: str, kind: str, surfaces: Sequence[str], lookup: ActorLookup) -> ActorMatch:
    """The stored actor `name` (of `kind`, written as `surfaces` in its article) refers to.

    In order: the same name; a name (or another form this article used) that an earlier
    article gave as an alias ("BPS" here, "Badan Pusat Statistik (BPS)" there); a fuller name
    for a stored short form this article also used; a one-word name that is a word of exactly
    one stored actor ("Putin" -> "Vladimir Putin"); a full name one of whose words is a stored
    one-word actor. Where several stored actors fit, none is chosen.
    """
    key = name_key(name)
    found = await lookup.actor_with_key(key)
    if found is not None:
        return ActorMatch(found)
    keys = list(dict.fromkeys([key, *(name_key(s) for s in surfaces)]))
    by_alias = await lookup.actors_with_alias(keys, kind)
    if len(by_alias) == 1:
        return ActorMatch(by_alias[0])
    words = key.split()
    others = keys[1:]
    if others:  # "Badan Pusat Statistik (BPS)" after an article that said only "BPS"
        by_form = await lookup.actors_with_keys(others, kind)
        if len(by_form) == 1 and len(words) > 1:
            return ActorMatch(by_form[0], rename=True)
    if len(words) == 1:
        by_word = await lookup.actors_with_word(key, kind)
        if len(by_word) == 1:
            return ActorMatch(by_word[0])
    elif words:
        by_part = await lookup.actors_with_keys(words, kind)
        if len(by_part) == 1:
            return ActorMatch(by_part[0], rename=True)
    return ActorMatch(None)
