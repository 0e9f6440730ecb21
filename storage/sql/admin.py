"""What admins see and do with the archive: /sources, /forget, /stats."""

from __future__ import annotations

from storage.rows import ArticleRef, SourceRow, StoreStats
from storage.sql.base import ANALYSED, REF_COLUMNS
from storage.sql.stories import StoryCorrections
from storage.sql.writes import COUNT_ACTORS, COUNT_PLACES, SUM_SALIENCE


class AdminQueries(StoryCorrections):
    """The archive as its admins see it."""

    async def sources(self, limit: int = 20) -> list[SourceRow]:
        """The newest stored articles, with who stored them and what was found in each."""
        sql = (
            f"SELECT {REF_COLUMNS}, ar.added_by, ar.language,"
            " (SELECT COUNT(DISTINCT actor_id) FROM mentions WHERE article_id = ar.id AND actor_id IS NOT NULL),"
            " (SELECT COUNT(DISTINCT place_id) FROM mentions WHERE article_id = ar.id AND place_id IS NOT NULL)"
            f" FROM articles ar WHERE ar.{ANALYSED} ORDER BY ar.id DESC LIMIT ?"
        )
        async with self._db.execute(sql, (limit,)) as cur:
            return [SourceRow(ArticleRef(*row[:6]), *row[6:]) for row in await cur.fetchall()]

    async def forget(self, ext_id: str) -> ArticleRef | None:
        """Delete an article with everything derived from it; return it, or None if unknown.

        Sentences, mentions and titles go by ON DELETE CASCADE (the FTS row by trigger);
        actors and places left with no mention go too. Row ids are reused once the newest
        article is deleted, so subscriptions that covered up to a now-missing id step back
        to the newest remaining one: the next article stored then still counts as new.
        """
        async with self.transaction() as db:
            sql = f"SELECT ar.id, {REF_COLUMNS} FROM articles ar WHERE ar.ext_id = ?"
            async with db.execute(sql, (ext_id,)) as cur:
                row = await cur.fetchone()
            if row is None:
                return None
            article_id = row[0]
            async with db.execute(
                "SELECT actor_id FROM mentions WHERE article_id = ?1 AND actor_id IS NOT NULL"
                " UNION SELECT actor_id FROM actor_titles WHERE article_id = ?1",
                (article_id,),
            ) as cur:
                actor_ids = [r[0] for r in await cur.fetchall()]
            async with db.execute(
                "SELECT DISTINCT place_id FROM mentions WHERE article_id = ? AND place_id IS NOT NULL", (article_id,)
            ) as cur:
                place_ids = [r[0] for r in await cur.fetchall()]
            await db.execute(SUM_SALIENCE, (article_id, -1))
            await db.execute(COUNT_ACTORS, (article_id, -1))
            await db.execute(COUNT_PLACES, (article_id, -1))
            await self._unfile(db, article_id)
            await db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            # Only the actors and places this article touched can be left unmentioned.
            for table, column, ids in (("actors", "actor_id", actor_ids), ("places", "place_id", place_ids)):
                if ids:
                    marks = ",".join("?" * len(ids))
                    await db.execute(
                        f"DELETE FROM {table} WHERE id IN ({marks})"
                        f" AND NOT EXISTS (SELECT 1 FROM mentions WHERE {column} = {table}.id)",
                        ids,
                    )
            await db.execute(
                "UPDATE subscriptions SET last_article_id = (SELECT COALESCE(MAX(id), 0) FROM articles)"
                " WHERE last_article_id > (SELECT COALESCE(MAX(id), 0) FROM articles)"
            )
        return ArticleRef(*row[1:])

    async def stats(self) -> StoreStats:
        """Counts for /stats, and the database's size on disk (with its write-ahead log)."""
        async with self._db.execute(
            f"SELECT (SELECT COUNT(*) FROM articles WHERE {ANALYSED}), (SELECT COUNT(*) FROM actors), (SELECT COUNT(*) FROM places),"
            " (SELECT COUNT(DISTINCT chat_id) FROM subscriptions), (SELECT COUNT(*) FROM subscriptions),"
            " (SELECT COUNT(*) FROM allowed_chats)"
        ) as cur:
            row = await cur.fetchone()
        articles, actors, places, chats, subscriptions, allowed = tuple(row) if row else (0,) * 6
        return StoreStats(articles, actors, places, chats, subscriptions, allowed, size_bytes=await self.size_bytes())
