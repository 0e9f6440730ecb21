"""The SQLite backend: one file, WAL journaling, FTS5 for topics, migrations on open."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from nlp.stories import DEFAULT_WEIGHTS, StoryWeights
from storage.sqlite.admin import AdminQueries
from storage.sqlite.queue import PendingQueue
from storage.sqlite.subscriptions import SubscriptionStore
from storage.sqlite.writes import ArticleWrites

__all__ = ["SQLiteStore"]


class SQLiteStore(ArticleWrites, PendingQueue, AdminQueries):
    """`storage.Store` on one SQLite database; each job's queries live in their own module."""

    def __init__(self, db: aiosqlite.Connection, path: Path, story_weights: StoryWeights = DEFAULT_WEIGHTS) -> None:
        super().__init__(db, path)
        self.story_weights = story_weights
        self._subscriptions = SubscriptionStore(self)

    @property
    def subscriptions(self) -> SubscriptionStore:
        return self._subscriptions

    @classmethod
    async def open(cls, path: Path | str, story_weights: StoryWeights = DEFAULT_WEIGHTS) -> SQLiteStore:
        """Open (creating and migrating as needed) the database at `path`, or ":memory:";
        `story_weights` decide which story a new article joins (nlp.stories)."""
        path = Path(path)
        return cls(await cls.connect(path), path, story_weights)
