"""The SQLite connection every query module of this backend shares: WAL, migrations, one writer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from storage.migrations import MIGRATIONS

# A scope: SQL (a subquery of article ids) and its parameters; None is every analysed article.
Scope = tuple[str, list[Any]] | None

REF_COLUMNS = "ar.ext_id, ar.title, ar.source, ar.url, ar.published, ar.added_at"
ANALYSED = "status = 'analysed'"  # pending and failed articles are stored but never answered about
MAX_ROW_ID = 2**63 - 1  # SQLite's largest integer: a bigger id (from a crafted button) is no row at all


def is_row_id(value: int) -> bool:
    """Whether `value` can be a row id; SQLite raises OverflowError on a larger one."""
    return 0 < value <= MAX_ROW_ID


class SQLiteBase:
    """One SQLite database, opened with WAL journaling and migrated on open."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        self._db = db
        self.path = path
        # One connection serves every coroutine: without this lock a second writer's statements
        # would join (and its commit would commit) another coroutine's open transaction.
        self._write_lock = asyncio.Lock()

    @property
    def db(self) -> aiosqlite.Connection:
        """The connection, for the query modules of this package."""
        return self._db

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction at a time: committed on success, rolled back on any error."""
        async with self._write_lock:
            await self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                await self._db.commit()
            except BaseException:
                await self._db.rollback()
                raise

    @staticmethod
    async def connect(path: Path) -> aiosqlite.Connection:
        """A connection with this backend's settings, to a database migrated to the newest schema."""
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(str(path))
        try:
            db.row_factory = aiosqlite.Row
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA foreign_keys=ON")
            await db.execute("PRAGMA synchronous=NORMAL")
            await db.execute("PRAGMA busy_timeout=5000")
            await _migrate(db)
        except BaseException:
            # the connection's thread would keep the process alive (a file that is not a database)
            await db.close()
            raise
        return db

    async def close(self) -> None:
        await self._db.close()

    async def schema_version(self) -> int:
        return await self.count("PRAGMA user_version")

    async def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row (None when there is no row)."""
        async with self._db.execute(sql, params) as cur:
            row = await cur.fetchone()
        return row[0] if row else None

    async def count(self, sql: str, params: Sequence[Any] = ()) -> int:
        """A COUNT(*) (or any whole number) the query returns; 0 when it returns no row."""
        return int(await self.scalar(sql, params) or 0)

    @staticmethod
    def _within(column: str, scope: Scope) -> tuple[str, list[Any]]:
        """' AND column IN (scope)' and its parameters; nothing when the scope is every article."""
        if scope is None:
            return "", []
        return f" AND {column} IN ({scope[0]})", list(scope[1])


async def _migrate(db: aiosqlite.Connection) -> None:
    async with db.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    version = int(row[0]) if row else 0
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        await db.executescript(f"BEGIN;\n{script}\nPRAGMA user_version={number};\nCOMMIT;")
