"""Writing articles and their analysis: one transaction each, counters kept with it."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence

from nlp.analysis import Analysis
from nlp.identity import match_actor
from nlp.stories import article_signature
from nlp.timex import parse_date
from storage.keys import entity_key, place_key
from storage.rows import ArticleRef, ArticleStatus, ExistingArticle, NewArticle
from storage.sql.base import REF_COLUMNS, Connection
from storage.sql.stories import StoryQueries

WRITE_ATTEMPTS = 5  # an analysis write that collided with a concurrent one is tried this often

# After an article's mentions are written (sign 1) or before they are deleted (sign -1):
# the counters behind /who and /where without a topic.
COUNT_ACTORS = (
    "UPDATE actors SET mentions = mentions + ?2 * (SELECT COUNT(*) FROM mentions m"
    " WHERE m.article_id = ?1 AND m.actor_id = actors.id), articles = articles + ?2"
    " WHERE id IN (SELECT actor_id FROM mentions WHERE article_id = ?1 AND actor_id IS NOT NULL)"
)
SUM_SALIENCE = (
    "UPDATE actors SET salience = salience + ?2 * (SELECT aa.salience FROM article_actors aa"
    " WHERE aa.article_id = ?1 AND aa.actor_id = actors.id)"
    " WHERE id IN (SELECT actor_id FROM article_actors WHERE article_id = ?1)"
)
COUNT_PLACES = (
    "UPDATE places SET mentions = mentions + ?2 * (SELECT COUNT(*) FROM mentions m"
    " WHERE m.article_id = ?1 AND m.place_id = places.id), articles = articles + ?2"
    " WHERE id IN (SELECT place_id FROM mentions WHERE article_id = ?1 AND place_id IS NOT NULL)"
)


class ArticleWrites(StoryQueries):
    """Articles in, with their analysis; the actor lookups the identity rules ask for."""

    async def find_duplicate(self, content_hash: str, ext_id: str | None = None) -> ArticleRef | None:
        """The stored article with this content (or this id), if any, analysed or not."""
        existing = await self.find_existing(content_hash, ext_id)
        return existing.ref if existing else None

    async def find_existing(self, content_hash: str, ext_id: str | None = None) -> ExistingArticle | None:
        """The stored article with this content (or this id) and its state, if any."""
        sql = (
            f"SELECT ar.id, ar.status, {REF_COLUMNS} FROM articles ar WHERE ar.content_hash = ?"
            " UNION ALL "
            f"SELECT ar.id, ar.status, {REF_COLUMNS} FROM articles ar WHERE ar.ext_id = ? LIMIT 1"
        )
        async with self._db.execute(sql, (content_hash, ext_id or "")) as cur:
            row = await cur.fetchone()
        return ExistingArticle(id=row[0], status=ArticleStatus(row[1]), ref=ArticleRef(*row[2:])) if row else None

    async def add_article(self, article: NewArticle, analysis: Analysis) -> int:
        """Store an article and its whole analysis in one transaction; return its row id."""
        async with self.transaction() as db:
            article_id = await self._insert(db, article, ArticleStatus.ANALYSED)
            await self._write_analysis(db, article_id, analysis)
        return article_id

    async def add_pending(self, article: NewArticle) -> int:
        """Store an article to be analysed; return its row id.

        Raises sqlite3.IntegrityError if an article with its content or id is stored already.
        """
        async with self.transaction() as db:
            return await self._insert(db, article, ArticleStatus.PENDING)

    async def save_analysis(self, article_id: int, analysis: Analysis) -> bool:
        """Write a pending article's analysis and mark it analysed, in one transaction.

        False (and nothing written) if the article is no longer pending: analysed by another
        run, failed, or forgotten. This is what makes an analysis land at most once. A write
        that collided with another worker's (the same new actor, a deadlock) is rolled back
        whole and run again: it then finds what the other committed.
        """
        for attempt in range(WRITE_ATTEMPTS):
            try:
                async with self.transaction() as db:
                    cur = await db.execute(
                        "UPDATE articles SET status = 'analysed', lease_owner = NULL, lease_until = NULL"
                        " WHERE id = ? AND status = 'pending'",
                        (article_id,),
                    )
                    if cur.rowcount != 1:
                        return False
                    await self._write_analysis(db, article_id, analysis)
                return True
            except self.dialect.transient:
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(0.05 * (attempt + 1) * (1 + random.random()))
        return False

    @staticmethod
    async def _insert(db: Connection, article: NewArticle, status: ArticleStatus) -> int:
        cur = await db.execute(
            "INSERT INTO articles (ext_id, content_hash, title, text, raw_text, language, source, url,"
            " published, added_by, author, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                article.ext_id,
                article.content_hash,
                article.title,
                article.text,
                article.raw_text,
                article.language,
                article.source,
                article.url,
                article.published,
                article.added_by,
                article.author,
                status,
            ),
        )
        async with cur:
            row = await cur.fetchone()
        return int(row[0])

    async def _write_analysis(self, db: Connection, article_id: int, analysis: Analysis) -> None:
        brief = set(analysis.brief)
        await db.executemany(
            "INSERT INTO sentences (article_id, idx, text, score, in_brief) VALUES (?, ?, ?, ?, ?)",
            [(article_id, s.index, s.text, s.score, int(s.index in brief)) for s in analysis.sentences],
        )
        actor_ids: dict[str, int] = {}
        for actor in analysis.actors:
            actor_id = actor_ids[actor.name] = await self._resolve_actor(actor.name, actor.kind, actor.surfaces)
            await db.executemany(
                "INSERT INTO actor_aliases (key, actor_id, alias) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [(entity_key(s), actor_id, s) for s in actor.surfaces if entity_key(s) != entity_key(actor.name)],
            )
            await db.execute(
                "INSERT INTO article_actors (article_id, actor_id, salience) VALUES (?, ?, ?)"
                " ON CONFLICT (actor_id, article_id) DO UPDATE SET salience = article_actors.salience + excluded.salience",
                (article_id, actor_id, actor.salience or len(actor.mentions)),
            )
            await db.executemany(
                "INSERT INTO mentions (article_id, sentence_idx, actor_id, surface) VALUES (?, ?, ?, ?)",
                [(article_id, idx, actor_id, actor.name) for idx in actor.mentions],
            )
            await db.executemany(
                "INSERT INTO actor_titles (actor_id, article_id, title) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [(actor_id, article_id, title) for title in actor.titles],
            )
        place_ids: dict[str, int] = {}
        for place in analysis.places:
            place_id = place_ids[place.name] = await self.scalar(
                "INSERT INTO places (key, name, canonical, kind, country, country_code) VALUES (?, ?, ?, ?, ?, ?)"
                f" ON CONFLICT(key) DO UPDATE SET {self._shortest_place_name} RETURNING id",
                (
                    place_key(place.name, place.kind, place.canonical, place.country_code),
                    place.name,
                    place.canonical,
                    place.kind,
                    place.country,
                    place.country_code,
                ),
            )
            await db.executemany(
                "INSERT INTO mentions (article_id, sentence_idx, place_id, surface) VALUES (?, ?, ?, ?)",
                [(article_id, idx, place_id, place.name) for idx in place.mentions],
            )
        await db.executemany(
            "INSERT INTO events (article_id, sentence_idx, actor_id, subject_place_id, predicate, lemma, object,"
            " target_actor_id, place_id, time_text, date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    article_id,
                    e.sentence,
                    actor_ids.get(e.actor),
                    place_ids.get(e.actor) if e.actor not in actor_ids else None,
                    e.predicate,
                    e.lemma,
                    e.object,
                    actor_ids.get(e.target) if e.target else None,
                    place_ids.get(e.place) if e.place else None,
                    e.time,
                    e.date,
                )
                for e in analysis.events
                if e.actor in actor_ids or e.actor in place_ids
            ],
        )
        await db.execute(SUM_SALIENCE, (article_id, 1))
        async with db.execute(
            "SELECT substr(COALESCE(published, added_at), 1, 10) FROM articles WHERE id = ?", (article_id,)
        ) as cur:
            row = await cur.fetchone()
        await self._file_in_story(db, article_id, article_signature(analysis, parse_date(row[0] if row else None)))
        await db.execute(COUNT_ACTORS, (article_id, 1))
        await db.execute(COUNT_PLACES, (article_id, 1))

    @property
    def _shortest_place_name(self) -> str:
        # A place keeps the shortest of its names ("Palu", not "Kota Palu"), ties by code point:
        # the same name whichever article was analysed first, by however many workers.
        order = self.dialect.code_point_order
        return (
            f"name = CASE WHEN (length(excluded.name), excluded.name{order}) < (length(places.name), places.name{order})"
            " THEN excluded.name ELSE places.name END"
        )

    async def _resolve_actor(self, name: str, kind: str, surfaces: Sequence[str] = ()) -> int:
        """The stored actor this name refers to (nlp.identity's rules), created if there is none."""
        match = await match_actor(name, kind, surfaces, self)
        key = entity_key(name)
        if match.actor_id is None:
            return int(
                await self.scalar(
                    "INSERT INTO actors (key, name, kind) VALUES (?, ?, ?) RETURNING id", (key, name, kind)
                )
            )
        if match.rename:
            await self._db.execute("UPDATE actors SET key = ?, name = ? WHERE id = ?", (key, name, match.actor_id))
        return match.actor_id

    # ------------------------------------------------------------------ nlp.identity.ActorLookup

    async def actor_with_key(self, key: str) -> int | None:
        found = await self.scalar("SELECT id FROM actors WHERE key = ?", (key,))
        return int(found) if found is not None else None

    async def actors_with_alias(self, keys: Sequence[str], kind: str) -> list[int]:
        marks = ",".join("?" * len(keys))
        return await self._ids(
            f"SELECT DISTINCT al.actor_id FROM actor_aliases al JOIN actors a ON a.id = al.actor_id"
            f" WHERE al.key IN ({marks}) AND a.kind = ? LIMIT 2",
            (*keys, kind),
        )

    async def actors_with_keys(self, keys: Sequence[str], kind: str) -> list[int]:
        marks = ",".join("?" * len(keys))
        return await self._ids(f"SELECT id FROM actors WHERE key IN ({marks}) AND kind = ? LIMIT 2", (*keys, kind))

    async def actors_with_word(self, word: str, kind: str) -> list[int]:
        return await self._ids(
            f"SELECT id FROM actors WHERE kind = ? AND {self.dialect.position}(' ' || key || ' ', ?) > 0 LIMIT 2",
            (kind, f" {word} "),
        )

    async def _ids(self, sql: str, params: Sequence[object]) -> list[int]:
        async with self._db.execute(sql, params) as cur:
            return [row[0] for row in await cur.fetchall()]
