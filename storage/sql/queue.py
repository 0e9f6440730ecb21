"""The pending queue: articles stored but not analysed yet, claimed a batch at a time."""

from __future__ import annotations

from storage.rows import PendingArticle
from storage.sql.base import SQLBase


class PendingQueue(SQLBase):
    """Pending articles, their attempts, and giving up on one."""

    async def pending_ids(self) -> list[int]:
        """Every pending article, oldest first."""
        async with self._db.execute("SELECT id FROM articles WHERE status = 'pending' ORDER BY id") as cur:
            return [row[0] for row in await cur.fetchall()]

    async def pending_count(self) -> int:
        return await self.count("SELECT COUNT(*) FROM articles WHERE status = 'pending'")

    async def claim_pending(self, ids: list[int]) -> list[PendingArticle]:
        """Count an attempt on each of these articles still pending, and return them.

        The attempt is counted before the analysis runs, so an article that kills the worker
        every time (or the whole process) is given up after a few tries instead of forever.
        """
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        async with self.transaction() as db:
            await db.execute(
                f"UPDATE articles SET attempts = attempts + 1 WHERE id IN ({marks}) AND status = 'pending'", ids
            )
            async with db.execute(
                f"SELECT id, text, language, title, attempts, published FROM articles WHERE id IN ({marks})"
                " AND status = 'pending' ORDER BY id",
                ids,
            ) as cur:
                return [PendingArticle(*row) for row in await cur.fetchall()]

    async def unclaim(self, ids: list[int]) -> None:
        """Take back the attempts counted on articles whose analysis this process stopped itself."""
        if ids:
            marks = ",".join("?" * len(ids))
            async with self.transaction() as db:
                await db.execute(
                    f"UPDATE articles SET attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END WHERE id IN ({marks}) AND status = 'pending'",
                    ids,
                )

    async def mark_failed(self, article_id: int) -> None:
        async with self.transaction() as db:
            await db.execute("UPDATE articles SET status = 'failed' WHERE id = ? AND status = 'pending'", (article_id,))

    async def retry(self, article_id: int) -> None:
        """A failed article, sent again, is pending again with fresh attempts."""
        async with self.transaction() as db:
            await db.execute(
                "UPDATE articles SET status = 'pending', attempts = 0 WHERE id = ? AND status = 'failed'", (article_id,)
            )
