"""Every query module together: what a backend subclasses, adding its connection and dialect."""

from __future__ import annotations

from nlp.stories import DEFAULT_WEIGHTS, StoryWeights
from storage.sql.admin import AdminQueries
from storage.sql.base import Connection
from storage.sql.queue import PendingQueue
from storage.sql.subscriptions import SubscriptionStore
from storage.sql.updates import UpdateLog
from storage.sql.writes import ArticleWrites

__all__ = ["SQLStore"]


class SQLStore(ArticleWrites, PendingQueue, AdminQueries, UpdateLog):
    """`storage.Store` in SQL; each job's queries live in their own module of this package.
    `story_weights` decide which story a new article joins (nlp.stories)."""

    def __init__(
        self,
        db: Connection,
        location: str,
        story_weights: StoryWeights = DEFAULT_WEIGHTS,
        writer: Connection | None = None,
    ) -> None:
        super().__init__(db, location, writer)
        self.story_weights = story_weights
        self._subscriptions = SubscriptionStore(self)

    @property
    def subscriptions(self) -> SubscriptionStore:
        return self._subscriptions
