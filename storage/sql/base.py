"""What every SQL backend's queries share: the connection, its dialect, transactions, scopes.

The query modules of this package are written once, in SQL both SQLite and PostgreSQL run
(`?` parameters, `ON CONFLICT`, `RETURNING`); where the two must differ they ask the backend's
`Dialect` (full-text search, a list of ids as a table, a few functions).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

# A scope: SQL (a subquery of article ids) and its parameters, or IDS and [a list of ids];
# None is every analysed article.
Scope = tuple[str, list[Any]] | None
IDS = "ids"

REF_COLUMNS = "ar.ext_id, ar.title, ar.source, ar.url, ar.published, ar.added_at"
ANALYSED = "status = 'analysed'"  # pending and failed articles are stored but never answered about
MAX_ROW_ID = 2**63 - 1  # the largest 64-bit integer: a bigger id (from a crafted button) is no row at all


def to_text(moment: datetime) -> str:
    """A timezone-aware moment as the UTC text stored (it sorts and compares as text)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def is_row_id(value: int) -> bool:
    """Whether `value` can be a row id; both backends refuse a larger one."""
    return 0 < value <= MAX_ROW_ID


class Cursor(Protocol):
    """What the queries read from a statement: aiosqlite's cursor, or the PostgreSQL adapter's."""

    @property
    def rowcount(self) -> int: ...
    async def fetchone(self) -> Any: ...
    async def fetchall(self) -> Any: ...


class Connection(Protocol):
    """aiosqlite.Connection's shape: `execute` is awaited or entered (`async with ... as cur`)."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...
    async def executemany(self, sql: str, parameters: Any, /) -> Any: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
    async def close(self) -> None: ...


@dataclass(frozen=True)
class Dialect:
    """The SQL a backend writes its own way; everything else is written once."""

    name: str
    begin: str  # opens a write transaction
    now: str  # the current UTC time as ISO-8601 text, as the columns store it
    position: str  # a function (haystack, needle) -> 1-based position, 0 when absent
    # the analysed articles matching a full-text query (?1), newest first, ?3 at most
    fts_ids: str
    # after a text: compare it by code point, whatever the database's collation
    code_point_order: str = ""
    # after a SELECT whose rows a transaction will change: other transactions' locked rows are
    # passed over rather than waited for (PostgreSQL); SQLite has one writer at a time anyway
    skip_locked: str = ""
    # what a write transaction may fail with only because another ran at the same moment (two
    # workers creating the same new actor, a deadlock on the counters): worth running again
    transient: tuple[type[Exception], ...] = ()

    def in_ids(self, column: str, ids: Sequence[int]) -> tuple[str, list[Any]]:
        """`column` is one of the ids, and its parameters (one, whatever their number)."""
        raise NotImplementedError

    def fts_query(self, topic: str) -> str:
        """The full-text query that matches every word of `topic`."""
        raise NotImplementedError


# The write connection, inside a transaction (of this task and the tasks it starts): what the
# queries run there read must see what the transaction wrote so far.
_IN_TRANSACTION: ContextVar[tuple[int, Connection] | None] = ContextVar("in_transaction", default=None)


class SQLBase:
    """A backend's connections (one for reads, one for writes; SQLite: one for both), its
    dialect, and one write transaction at a time."""

    dialect: Dialect

    def __init__(self, db: Connection, location: str, writer: Connection | None = None) -> None:
        self._reader = db
        self._writer = writer or db
        self.location = location
        # One connection serves every writer: without this lock a second writer's statements
        # would join (and its commit would commit) another coroutine's open transaction.
        self._write_lock = asyncio.Lock()

    @property
    def _db(self) -> Connection:
        """The connection a query runs on: the writer within this store's transaction, else the reader."""
        current = _IN_TRANSACTION.get()
        return current[1] if current is not None and current[0] == id(self) else self._reader

    @property
    def db(self) -> Connection:
        """The connection, for the query modules of this package (and tests that look inside)."""
        return self._db

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        """One write transaction at a time: committed on success, rolled back on any error."""
        async with self._write_lock:
            db = self._writer
            await db.execute(self.dialect.begin)
            token = _IN_TRANSACTION.set((id(self), db))
            try:
                yield db
                await db.commit()
            except BaseException:
                await db.rollback()
                raise
            finally:
                _IN_TRANSACTION.reset(token)

    async def close(self) -> None:
        await self._reader.close()
        if self._writer is not self._reader:
            await self._writer.close()

    async def schema_version(self) -> int:
        raise NotImplementedError

    async def size_bytes(self) -> int:
        """The database's size on disk."""
        raise NotImplementedError

    async def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row (None when there is no row)."""
        async with self._db.execute(sql, params) as cur:
            row = await cur.fetchone()
        return row[0] if row else None

    async def count(self, sql: str, params: Sequence[Any] = ()) -> int:
        """A COUNT(*) (or any whole number) the query returns; 0 when it returns no row."""
        return int(await self.scalar(sql, params) or 0)

    def _within(self, column: str, scope: Scope) -> tuple[str, list[Any]]:
        """' AND column IN (scope)' and its parameters; nothing when the scope is every article."""
        if scope is None:
            return "", []
        sql, params = self._in(column, scope)
        return f" AND {sql}", params

    def _in(self, column: str, scope: tuple[str, list[Any]]) -> tuple[str, list[Any]]:
        """'column IN (scope)' and its parameters; an id list as the dialect reads one best."""
        if scope[0] == IDS:
            return self.dialect.in_ids(column, scope[1])
        return f"{column} IN ({scope[0]})", list(scope[1])
