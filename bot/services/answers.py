"""The answer service: what /who, /where, /brief and /latest read, for Telegram and the CLI.

Answers read the store only (analysed articles alone); nothing here analyses or writes.
"""

from __future__ import annotations

from nlp import summarize
from storage import ActorDetail, ActorRow, ArticleRef, BriefRows, PlaceRow, Store


class AnswerService:
    """Questions about the stored articles, answered from their stored analysis."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def has_articles(self) -> bool:
        """Whether any analysed article is stored (an empty answer then means "no match")."""
        return await self.store.count_articles() > 0

    async def who(
        self, topic: str | None = None, article: str | None = None, limit: int = 8, story: int | None = None
    ) -> list[ActorRow]:
        """The key actors of the topic's articles, one article's, or one story's (`story`),
        each with the other names articles gave it."""
        actors = await self.store.actors(topic=topic, article=article, limit=limit, story=story)
        aliases = await self.store.aliases([a.id for a in actors])
        for actor in actors:
            actor.aliases = aliases.get(actor.id, [])
        return actors

    async def actor_detail(self, name_or_id: str | int) -> ActorDetail | None:
        """/who NAME: one actor in full, when the name means a stored actor."""
        actor_id = name_or_id if isinstance(name_or_id, int) else await self.store.find_actor(name_or_id)
        detail = await self.store.actor_detail(actor_id) if actor_id is not None else None
        if detail is not None:
            detail.actor.aliases = (await self.store.aliases([detail.actor.id])).get(detail.actor.id, [])
        return detail

    async def place_detail(self, place_id: int) -> PlaceRow | None:
        return await self.store.place_detail(place_id)

    async def where(
        self, topic: str | None = None, article: str | None = None, limit: int = 10, story: int | None = None
    ) -> list[PlaceRow]:
        return await self.store.places(topic=topic, article=article, limit=limit, story=story)

    async def brief(self, topic: str | None = None, article: str | None = None) -> BriefRows:
        """One article's brief, or a story's: the newest articles on the topic, each fact once."""
        rows = await self.store.brief(topic=topic, article=article, max_articles=1 if not topic else 3)
        keep = summarize.drop_repeats([s.text for s in rows.sentences])
        rows.sentences = [rows.sentences[i] for i in keep]
        used = {s.article.ext_id for s in rows.sentences}
        rows.sources = [ref for ref in rows.sources if ref.ext_id in used]
        return rows

    async def latest(self, limit: int = 5) -> list[ArticleRef]:
        return await self.store.latest(limit)
