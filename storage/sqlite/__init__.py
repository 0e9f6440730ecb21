"""The SQLite backend: one file, WAL journaling, FTS5 for topics, migrations on open."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from storage.sqlite.admin import AdminQueries
from storage.sqlite.queries import AnswerQueries
from storage.sqlite.queue import PendingQueue
from storage.sqlite.subscriptions import SubscriptionStore
from storage.sqlite.writes import ArticleWrites

__all__ = ["SQLiteStore"]


class SQLiteStore(ArticleWrites, PendingQueue, AnswerQueries, AdminQueries):
    """`storage.Store` on one SQLite database; each job's queries live in their own module."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        super().__init__(db, path)
        self._subscriptions = SubscriptionStore(self)

    @property
    def subscriptions(self) -> SubscriptionStore:
        return self._subscriptions

    @classmethod
    async def open(cls, path: Path | str) -> SQLiteStore:
        """Open (creating and migrating as needed) the database at `path`, or ":memory:"."""
        path = Path(path)
        return cls(await cls.connect(path), path)
