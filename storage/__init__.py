"""SQLite storage for articles and their analysis (aiosqlite, WAL, FTS5, migrations)."""

from storage.store import (
    ActorDetail, ActorRow, ArticleRef, BriefRows, BriefSentence, EventRow, NewArticle, PlaceRow, SourceRow, Store,
    StoredArticle, StoreStats, entity_key, fts_query, place_key,
)
from storage.subscriptions import DEFAULT_TIMEZONE, ChatSettings, Subscription

__all__ = [
    "ActorDetail", "ActorRow", "ArticleRef", "EventRow", "BriefRows", "BriefSentence", "ChatSettings", "DEFAULT_TIMEZONE", "NewArticle",
    "PlaceRow", "SourceRow", "Store", "StoredArticle", "StoreStats", "Subscription", "entity_key", "fts_query", "place_key",
]
