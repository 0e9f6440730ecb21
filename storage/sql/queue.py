"""The pending queue: articles stored but not analysed yet, claimed a batch at a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage.rows import PendingArticle
from storage.sql.base import SQLBase, to_text

_PENDING_COLUMNS = "id, text, language, title, attempts, published"


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
                f"SELECT {_PENDING_COLUMNS} FROM articles WHERE id IN ({marks}) AND status = 'pending' ORDER BY id",
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

    # ------------------------------------------------------------------ workers with leases

    async def claim_batch(
        self, owner: str, size: int, lease: float, now: datetime | None = None
    ) -> list[PendingArticle]:
        """Up to `size` pending articles no live lease holds, oldest first, leased to `owner` for
        `lease` seconds, an attempt counted on each. Workers on other machines claim at once
        without taking the same article: PostgreSQL passes over rows another claim has locked,
        SQLite runs one write transaction at a time."""
        now = now or datetime.now(UTC)
        async with self.transaction() as db:
            async with db.execute(
                "UPDATE articles SET attempts = attempts + 1, lease_owner = ?1, lease_until = ?2"
                " WHERE id IN (SELECT id FROM articles WHERE status = 'pending'"
                " AND (lease_until IS NULL OR lease_until < ?3) ORDER BY id LIMIT ?4"
                f"{self.dialect.skip_locked}) RETURNING {_PENDING_COLUMNS}",
                (owner, to_text(now + timedelta(seconds=lease)), to_text(now), size),
            ) as cur:
                rows = await cur.fetchall()
        return sorted((PendingArticle(*row) for row in rows), key=lambda a: a.id)

    async def renew_leases(self, owner: str, ids: list[int], lease: float) -> int:
        """Extend `owner`'s leases on these articles (still pending); how many it still holds."""
        if not ids:
            return 0
        marks = ",".join("?" * len(ids))
        async with self.transaction() as db:
            cur = await db.execute(
                f"UPDATE articles SET lease_until = ? WHERE id IN ({marks}) AND status = 'pending' AND lease_owner = ?",
                [to_text(datetime.now(UTC) + timedelta(seconds=lease)), *ids, owner],
            )
            return int(cur.rowcount)

    async def release_leases(self, owner: str, ids: list[int]) -> None:
        """Give back articles `owner` leased and did not finish (it is stopping): free at once
        for another worker, the attempt taken back (the worker stopped, not the article's fault)."""
        if not ids:
            return
        marks = ",".join("?" * len(ids))
        async with self.transaction() as db:
            await db.execute(
                "UPDATE articles SET lease_owner = NULL, lease_until = NULL,"
                " attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END"
                f" WHERE id IN ({marks}) AND status = 'pending' AND lease_owner = ?",
                [*ids, owner],
            )

    async def take_lock(self, name: str, owner: str, lease: float, replacing: str | None = None) -> bool:
        """Hold the named lock for `lease` seconds (again, if `owner` holds it): False while
        another owner's lease on it runs, unless that owner is `replacing` (known dead)."""
        now = datetime.now(UTC)
        async with self.transaction() as db:
            cur = await db.execute(
                "INSERT INTO worker_locks (name, owner, until) VALUES (?1, ?2, ?3)"
                " ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until"
                " WHERE worker_locks.owner = excluded.owner OR worker_locks.until < ?4 OR worker_locks.owner = ?5",
                (name, owner, to_text(now + timedelta(seconds=lease)), to_text(now), replacing or ""),
            )
            return bool(cur.rowcount == 1)

    async def lock_holder(self, name: str) -> str | None:
        """Who holds the named lock with a lease still running, if anyone."""
        found = await self.scalar(
            "SELECT owner FROM worker_locks WHERE name = ? AND until >= ?", (name, to_text(datetime.now(UTC)))
        )
        return str(found) if found is not None else None

    async def drop_lock(self, name: str, owner: str) -> None:
        async with self.transaction() as db:
            await db.execute("DELETE FROM worker_locks WHERE name = ? AND owner = ?", (name, owner))
