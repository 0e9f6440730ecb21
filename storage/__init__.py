"""SQLite storage for articles and their analysis (aiosqlite, WAL, FTS5, migrations)."""

from storage.store import (
    ActorRow, ArticleRef, BriefRows, BriefSentence, NewArticle, PlaceRow, Store, entity_key, fts_query,
)

__all__ = [
    "ActorRow", "ArticleRef", "BriefRows", "BriefSentence", "NewArticle", "PlaceRow", "Store",
    "entity_key", "fts_query",
]
