"""Storage: the `Store` interface, its rows, and the SQLite backend (aiosqlite, WAL, FTS5, migrations).

store = await storage.open_store("data/briefbot.sqlite3")
"""

from __future__ import annotations

from pathlib import Path

from storage.interface import Store, SubscriptionStore
from storage.keys import entity_key, fts_query, place_key
from storage.rows import (
    DEFAULT_TIMEZONE,
    ActorDetail,
    ActorRow,
    ArticleRef,
    ArticleStatus,
    BriefRows,
    BriefSentence,
    ChatSettings,
    EventRow,
    ExistingArticle,
    NewArticle,
    PendingArticle,
    PlaceRow,
    SourceRow,
    StoredArticle,
    StoreStats,
    StoryRow,
    StoryUpdate,
    Subscription,
)
from storage.sqlite import SQLiteStore

__all__ = [
    "DEFAULT_TIMEZONE",
    "ActorDetail",
    "ActorRow",
    "ArticleRef",
    "ArticleStatus",
    "BriefRows",
    "BriefSentence",
    "ChatSettings",
    "EventRow",
    "ExistingArticle",
    "NewArticle",
    "PendingArticle",
    "PlaceRow",
    "SQLiteStore",
    "SourceRow",
    "Store",
    "StoreStats",
    "StoredArticle",
    "StoryRow",
    "StoryUpdate",
    "Subscription",
    "SubscriptionStore",
    "entity_key",
    "fts_query",
    "open_store",
    "place_key",
]


async def open_store(location: Path | str) -> Store:
    """The store at `location`: a SQLite file path (or ":memory:"), opened and migrated."""
    return await SQLiteStore.open(location)
