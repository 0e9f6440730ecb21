"""The Telegram updates this bot has taken: several replicas on one database handle each once."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.sql.base import SQLBase, to_text


class UpdateLog(SQLBase):
    """update_id -> when it was first taken; Telegram delivers one again after a failed answer,
    and to whichever replica the proxy picks."""

    async def claim_update(self, update_id: int, now: datetime | None = None) -> bool:
        """True for the first process to take this update, False for every later one."""
        moment = to_text(now or datetime.now(UTC))
        async with self.transaction() as db:
            cur = await db.execute(
                "INSERT INTO processed_updates (update_id, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (update_id, moment),
            )
            return bool(cur.rowcount == 1)

    async def forget_updates(self, before: datetime) -> int:
        """Drop the record of updates taken before `before` (Telegram gives up on one within a day)."""
        async with self.transaction() as db:
            cur = await db.execute(
                "DELETE FROM processed_updates WHERE received_at < ?",
                (to_text(before),),
            )
            return int(cur.rowcount)
