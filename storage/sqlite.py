"""The SQLite backend: one file, WAL journaling, FTS5 for topics, migrations on open."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiosqlite

from nlp.stories import DEFAULT_WEIGHTS, StoryWeights
from storage.keys import fts_query
from storage.migrations import MIGRATIONS
from storage.sql.base import Dialect
from storage.sql.store import SQLStore

__all__ = ["SQLITE", "SQLiteStore"]


@dataclass(frozen=True)
class SQLiteDialect(Dialect):
    def in_ids(self, column: str, ids: Sequence[int]) -> tuple[str, list[Any]]:
        return f"{column} IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))]

    def fts_query(self, topic: str) -> str:
        return fts_query(topic)


SQLITE = SQLiteDialect(
    name="sqlite",
    begin="BEGIN IMMEDIATE",
    now="strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
    position="instr",
    fts_ids="SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?3",
)


class SQLiteStore(SQLStore):
    """`storage.Store` on one SQLite database: one connection writes, another reads (WAL lets
    it read while a write is under way, and it sees only what was committed: never half an
    analysis). ":memory:" is one connection for both (a second would be another database)."""

    dialect = SQLITE

    def __init__(
        self,
        db: aiosqlite.Connection,
        path: Path,
        story_weights: StoryWeights = DEFAULT_WEIGHTS,
        writer: aiosqlite.Connection | None = None,
    ) -> None:
        super().__init__(db, str(path), story_weights, writer)
        self.path = path

    @classmethod
    async def open(cls, path: Path | str, story_weights: StoryWeights = DEFAULT_WEIGHTS) -> SQLiteStore:
        """Open (creating and migrating as needed) the database at `path`, or ":memory:";
        `story_weights` decide which story a new article joins (nlp.stories)."""
        path = Path(path)
        writer = await connect(path)
        if str(path) == ":memory:":
            return cls(writer, path, story_weights)
        try:
            reader = await connect(path, migrate=False)
        except BaseException:
            await writer.close()
            raise
        return cls(reader, path, story_weights, writer)

    async def schema_version(self) -> int:
        return await self.count("PRAGMA user_version")

    async def size_bytes(self) -> int:
        """The file's size with its write-ahead log."""
        size = 0
        for suffix in ("", "-wal"):
            file = self.path.with_name(self.path.name + suffix)
            if file.is_file():
                size += file.stat().st_size
        return size


async def connect(path: Path, migrate: bool = True) -> aiosqlite.Connection:
    """A connection with this backend's settings, to a database migrated to the newest schema
    (by this connection, unless `migrate` is False)."""
    if str(path) != ":memory:":
        path.parent.mkdir(parents=True, exist_ok=True)
    db = await aiosqlite.connect(str(path))
    try:
        db.row_factory = aiosqlite.Row
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA foreign_keys=ON")
        await db.execute("PRAGMA synchronous=NORMAL")
        await db.execute("PRAGMA busy_timeout=5000")
        if migrate:
            await _migrate(db)
    except BaseException:
        # the connection's thread would keep the process alive (a file that is not a database)
        await db.close()
        raise
    return db


async def _migrate(db: aiosqlite.Connection) -> None:
    async with db.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    version = int(row[0]) if row else 0
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        await db.executescript(f"BEGIN;\n{migration.script('sqlite')}\nPRAGMA user_version={number};\nCOMMIT;")
