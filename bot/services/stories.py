"""The story service: the news events behind the stored articles, as /brief and the CLI show them.

Which story an article joins is decided when its analysis is stored (nlp.stories, through the
store); this service reads stories and puts each one together: its title, its sources, a brief
across its articles, and who and where.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nlp import summarize
from nlp.stories import representative_title
from nlp.timex import parse_date
from storage import ArticleRef, Store, StoryRow

MAX_BRIEF_SENTENCES = 5
BRIEF_ARTICLES = 4  # the newest reports a story's brief is drawn from


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
    brief: list[str] = field(default_factory=list)


class StoryService:
    """Stories: the newest, those on a topic, one in full; admins' corrections."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def stories(self, topic: str | None = None, everything: bool = False, limit: int = 20) -> list[Story]:
        """The newest stories (of several articles, unless `everything`), on a topic if given."""
        rows = await self.store.stories(topic, limit=limit, min_articles=1 if everything else 2)
        return [await self._story(row) for row in rows]

    async def top(self, topic: str | None = None, limit: int = 6) -> list[Story]:
        """The stories to brief on now: more outlets, more reports and newer ones first."""
        found = await self.stories(topic, everything=True, limit=max(limit * 4, 20))
        newest = max((s.last or "" for s in found), default="")

        def rank(story: Story) -> tuple[float, str]:
            age = _days_between(story.last, newest)
            return (len(story.sources) + 0.5 * len(story.articles) - 0.5 * age, story.last or "")

        return sorted(found, key=rank, reverse=True)[:limit]

    async def story(self, story_id: int) -> Story | None:
        row = await self.store.story(story_id)
        return await self._story(row) if row else None

    async def merge(self, keep: int, other: int) -> bool:
        return await self.store.merge_stories(keep, other)

    async def split(self, ext_id: str) -> int | None:
        return await self.store.split_article(ext_id)

    async def rebuild(self) -> int:
        return await self.store.rebuild_stories()

    async def _story(self, row: StoryRow) -> Story:
        outlets: dict[str, int] = {}
        for ref in row.articles:
            name = ref.source or ref.ext_id
            outlets[name] = outlets.get(name, 0) + 1
        sentences: list[str] = []
        for ref in row.articles[:BRIEF_ARTICLES]:  # newest first; the brief reads oldest first
            brief = await self.store.brief(article=ref.ext_id, max_articles=1)
            sentences = [s.text for s in brief.sentences] + sentences
        keep = summarize.drop_repeats(sentences)
        return Story(
            id=row.id,
            title=representative_title([ref.title for ref in row.articles]),
            first=row.first,
            last=row.last,
            articles=row.articles,
            sources=sorted(outlets, key=lambda name: (-outlets[name], name)),
            actors=row.actors,
            places=row.places,
            brief=[sentences[i] for i in keep][:MAX_BRIEF_SENTENCES],
        )


def _days_between(day: str | None, newest: str) -> int:
    first, last = parse_date(day), parse_date(newest)
    return (last - first).days if first and last else 0
