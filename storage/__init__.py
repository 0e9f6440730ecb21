"""SQLite storage for articles and their analysis (aiosqlite, WAL, FTS5, migrations)."""

from storage.store import (
    ActorRow, ArticleRef, BriefRows, BriefSentence, NewArticle, PlaceRow, SourceRow, Store, StoredArticle,
    StoreStats, entity_key, fts_query,
)
from storage.subscriptions import DEFAULT_TIMEZONE, ChatSettings, Subscription

__all__ = [
    "ActorRow", "ArticleRef", "BriefRows", "BriefSentence", "ChatSettings", "DEFAULT_TIMEZONE", "NewArticle",
    "PlaceRow", "SourceRow", "Store", "StoredArticle", "StoreStats", "Subscription", "entity_key", "fts_query",
]
