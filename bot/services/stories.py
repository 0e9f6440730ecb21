"""The story service: the news events behind the stored articles, as /brief and the CLI show them.

Which story an article joins is decided when its analysis is stored (nlp.stories, through the
store); this service reads stories and puts each one together: its title, its sources, a brief
across its articles, and who and where.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nlp import summarize
from nlp.identity import name_key
from nlp.stories import representative_title
from nlp.timex import parse_date
from storage import ArticleRef, EventRow, Store, StoryRow

MAX_BRIEF_SENTENCES = 5
BRIEF_ARTICLES = 8  # the newest reports a story's brief is drawn from
LIST_BRIEF_ARTICLES = 3  # the same for a story in a list, which shows its lead
MAX_TIMELINE = 8


@dataclass
class StorySentence:
    """A sentence of a story's brief, with every outlet that says it."""

    text: str
    sources: list[str]


@dataclass
class StoryEvent:
    """One happening of a story's timeline, told by one or more outlets: `event` is the first
    telling of it (the oldest report's)."""

    event: EventRow
    sources: list[str]
    day: str | None  # when it happened if the text says, else when it was first reported


@dataclass
class Story:
    """A story as answers show it."""

    id: int
    title: str
    first: str | None
    last: str | None
    articles: list[ArticleRef]
    sources: list[str]  # distinct outlets, most reports first
    actors: list[str]
    places: list[str]
    lines: list[StorySentence] = field(default_factory=list)  # the brief, lead first
    timeline: list[StoryEvent] = field(default_factory=list)  # oldest first

    @property
    def brief(self) -> list[str]:
        return [line.text for line in self.lines]


class StoryService:
    """Stories: the newest, those on a topic, one in full; admins' corrections."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def stories(self, topic: str | None = None, everything: bool = False, limit: int = 20) -> list[Story]:
        """The newest stories (of several articles, unless `everything`), on a topic if given."""
        rows = await self.store.stories(topic, limit=limit, min_articles=1 if everything else 2)
        return [await self._story(row, full=False) for row in rows]

    async def top(self, topic: str | None = None, limit: int = 6) -> list[Story]:
        """The stories to brief on now: more outlets, more reports, growing (reports on the
        newest day) and newer ones first. Ranked on their rows; only those shown are built."""
        rows = await self.store.stories(topic, limit=max(limit * 4, 20), min_articles=1, entities=False)
        newest = max((row.last or "" for row in rows), default="")

        def rank(row: StoryRow) -> tuple[float, str]:
            outlets = {_outlet(ref) for ref in row.articles}
            growth = sum(1 for ref in row.articles if _reported(ref) == newest)
            age = _days_between(row.last, newest)
            return (len(outlets) + 0.5 * len(row.articles) + 0.5 * growth - 0.5 * age, row.last or "")

        shown = [await self.store.story(row.id) for row in sorted(rows, key=rank, reverse=True)[:limit]]
        return [await self._story(row, full=False) for row in shown if row is not None]

    async def story(self, story_id: int) -> Story | None:
        row = await self.store.story(story_id)
        return await self._story(row) if row else None

    async def merge(self, keep: int, other: int) -> bool:
        return await self.store.merge_stories(keep, other)

    async def split(self, ext_id: str) -> int | None:
        return await self.store.split_article(ext_id)

    async def rebuild(self) -> int:
        return await self.store.rebuild_stories()

    async def _story(self, row: StoryRow, full: bool = True) -> Story:
        """A story from its row; `full` adds the timeline (what /story shows, lists do not)."""
        outlets: dict[str, int] = {}
        for ref in row.articles:
            name = _outlet(ref)
            outlets[name] = outlets.get(name, 0) + 1
        # newest first; the brief reads oldest first. A list shows a story's first lines only
        reports = list(reversed(row.articles[: BRIEF_ARTICLES if full else LIST_BRIEF_ARTICLES]))
        texts = [
            [s.text for s in (await self.store.brief(article=ref.ext_id, max_articles=1)).sentences] for ref in reports
        ]
        lines = [
            StorySentence(text, list(dict.fromkeys(_outlet(reports[i]) for i in told)))
            for text, told in summarize.story_brief(texts, MAX_BRIEF_SENTENCES)
        ]
        return Story(
            id=row.id,
            title=representative_title([ref.title for ref in row.articles]),
            first=row.first,
            last=row.last,
            articles=row.articles,
            sources=sorted(outlets, key=lambda name: (-outlets[name], name)),
            actors=row.actors,
            places=row.places,
            lines=lines,
            timeline=timeline(await self.store.story_events(row.id)) if full else [],
        )


def _outlet(ref: ArticleRef) -> str:
    return ref.source or ref.ext_id


def _reported(ref: ArticleRef) -> str | None:
    """The day an article was published, or stored when it does not say."""
    return (ref.published or ref.added_at or "")[:10] or None


def _event_key(event: EventRow) -> tuple[str, str, str]:
    """What makes two tellings one happening: who, the action, and at whom (or, with no one
    aimed at, the first word of what): outlets word the rest differently."""
    at = event.target or (event.object.split() or [""])[0]
    return name_key(event.actor), event.predicate.lower(), name_key(at)


def timeline(events: list[EventRow], limit: int = MAX_TIMELINE) -> list[StoryEvent]:
    """A story's events, each happening once with every outlet that tells it, oldest first
    (by the date the text gives, else the day it was first reported)."""
    told: dict[tuple[str, str, str], StoryEvent] = {}
    for event in reversed(events):  # the store gives the newest article first
        key = _event_key(event)
        if key in told:
            if _outlet(event.article) not in told[key].sources:
                told[key].sources.append(_outlet(event.article))
            continue
        told[key] = StoryEvent(event, [_outlet(event.article)], event.date or _reported(event.article))
    ranked = sorted(told.values(), key=lambda e: -len(e.sources))[:limit]  # the most told, if too many
    order = {id(e): i for i, e in enumerate(told.values())}
    return sorted(ranked, key=lambda e: (e.day or "", order[id(e)]))


def _days_between(day: str | None, newest: str) -> int:
    first, last = parse_date(day), parse_date(newest)
    return (last - first).days if first and last else 0
