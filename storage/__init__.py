"""Storage: the `Store` interface, its rows, and two backends that share their queries
(storage.sql): SQLite (aiosqlite, WAL, FTS5; the embedded default) and PostgreSQL (psycopg 3).

store = await storage.open_store("data/briefbot.sqlite3")
store = await storage.open_store("postgresql://briefbot@db.example/briefbot")
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg

from storage.interface import Store, SubscriptionStore
from storage.keys import entity_key, fts_query, place_key
from storage.postgres import PostgresStore, is_postgres_url
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
    "INTEGRITY_ERRORS",
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
    "PostgresStore",
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
    "is_postgres_url",
    "open_store",
    "place_key",
]


# What a write that breaks a constraint (a unique key, a check) raises, on either backend.
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, psycopg.IntegrityError)


async def open_store(location: Path | str) -> Store:
    """The store at `location`, opened and migrated: a PostgreSQL URL
    ("postgresql://user@host/db"), else a SQLite file path (or ":memory:")."""
    if is_postgres_url(location):
        return await PostgresStore.open(str(location))
    return await SQLiteStore.open(location)
