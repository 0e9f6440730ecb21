"""Each Telegram update handled once, however many bot replicas share the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage import Store

__all__ = ["UpdateLedger"]

KEEP = timedelta(days=2)  # Telegram stops retrying an update well within a day
PRUNE_EVERY = 1000  # claims between clean-ups of the old records


class UpdateLedger:
    """The first replica to claim an update handles it; the others drop their copy. An update
    claimed by a replica that then died unanswered is not retried: at most once, never twice."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._claims = 0

    async def first_time(self, update_id: int) -> bool:
        self._claims += 1
        if self._claims % PRUNE_EVERY == 0:
            await self.store.forget_updates(datetime.now(UTC) - KEEP)
        return await self.store.claim_update(update_id)
