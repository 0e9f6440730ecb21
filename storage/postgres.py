"""The PostgreSQL backend: the same queries as SQLite's (storage.sql) over psycopg 3, async.

    store = await PostgresStore.open("postgresql://briefbot@db/briefbot")

The queries are written with SQLite's `?` and `?N` parameters; `PgConnection` turns them into
psycopg's `%s` once per statement text, so one set of queries serves both backends. Topics are
found with PostgreSQL's own full-text search (a GIN index on the analysed articles' text).
"""

from __future__ import annotations

import re
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import psycopg
from psycopg.types.numeric import FloatLoader

from nlp.stories import DEFAULT_WEIGHTS, StoryWeights
from storage.migrations import MIGRATIONS
from storage.sql.base import Dialect
from storage.sql.store import SQLStore

__all__ = ["POSTGRES", "PgConnection", "PostgresStore", "is_postgres_url"]

_PARAM = re.compile(r"\?(\d*)")
_MIGRATION_LOCK = 0x42726566  # pg_advisory_lock key: one process migrates at a time


def is_postgres_url(location: object) -> bool:
    """Whether a database location names a PostgreSQL server rather than a SQLite file."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


@dataclass(frozen=True)
class PostgresDialect(Dialect):
    def in_ids(self, column: str, ids: Sequence[int]) -> tuple[str, list[Any]]:
        # a join on the unnested ids, hashed; not = ANY(array): its generic plan read all of an
        # actor's mentions testing each against every id (44-272 ms against 5 ms at 20,000 articles)
        return f"{column} IN (SELECT unnest(?::bigint[]))", [list(ids)]

    def fts_query(self, topic: str) -> str:
        # plainto_tsquery ANDs the words and reads no operators: a topic is only text
        return " ".join(re.findall(r"\w+", topic))


POSTGRES = PostgresDialect(
    name="postgres",
    begin="BEGIN",
    now="""to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')""",
    position="strpos",
    # OFFSET 0 keeps the match apart from the ORDER BY ... LIMIT: the planner would otherwise
    # walk the articles newest first testing each one (seconds for a rare word)
    fts_ids=(
        "SELECT id FROM (SELECT id FROM articles WHERE status = 'analysed'"
        " AND fts @@ plainto_tsquery('simple', ?1) OFFSET 0) matched ORDER BY id DESC LIMIT ?3"
    ),
    code_point_order=' COLLATE "C"',
    skip_locked=" FOR UPDATE SKIP LOCKED",
    transient=(psycopg.errors.UniqueViolation, psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure),
)


@lru_cache(maxsize=2048)
def translate(sql: str) -> tuple[str, tuple[int, ...] | None]:
    """SQLite's parameters as psycopg's: the statement, and which parameter goes in each `%s`
    (None: in the order given). `?3` said twice becomes two `%s` both given the third."""
    order: list[int] = []
    numbered = False
    largest = 0  # as SQLite numbers them: a bare `?` is one past the largest number so far

    def placeholder(match: re.Match[str]) -> str:
        nonlocal numbered, largest
        if match.group(1):
            numbered = True
            number = int(match.group(1))
        else:
            number = largest + 1
        largest = max(largest, number)
        order.append(number - 1)
        return "%s"

    text = _PARAM.sub(placeholder, sql.replace("%", "%%"))
    return text, tuple(order) if numbered else None


def _arguments(sql: str, params: Sequence[Any] | None) -> tuple[str, Sequence[Any] | None]:
    if params is None or not len(params):
        return sql, None  # no parameters: psycopg reads the text as it is, % and all
    text, order = translate(sql)
    params = list(params)
    return text, params if order is None else [params[i] for i in order]


class PgCursor:
    """A statement's result, read as aiosqlite's cursor is (`fetchone`, `fetchall`, `rowcount`)."""

    def __init__(self, cursor: psycopg.AsyncCursor[Any]) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    async def fetchone(self) -> Any:
        return await self._cursor.fetchone() if self._cursor.description else None

    async def fetchall(self) -> list[Any]:
        return await self._cursor.fetchall() if self._cursor.description else []

    async def __aenter__(self) -> PgCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._cursor.close()


class _Statement:
    """`connection.execute(...)`: awaited for its cursor, or entered (`async with ... as cur`)."""

    def __init__(self, connection: PgConnection, sql: str, params: Sequence[Any] | None) -> None:
        self._connection, self._sql, self._params = connection, sql, params
        self._cursor: PgCursor | None = None

    def __await__(self) -> Generator[Any, None, PgCursor]:
        return self._connection.run(self._sql, self._params).__await__()

    async def __aenter__(self) -> PgCursor:
        self._cursor = await self._connection.run(self._sql, self._params)
        return self._cursor

    async def __aexit__(self, *exc: object) -> None:
        if self._cursor is not None:
            await self._cursor.__aexit__(*exc)


class PgConnection:
    """One psycopg connection (autocommit; transactions opened by BEGIN) with aiosqlite's shape."""

    def __init__(self, connection: psycopg.AsyncConnection[Any]) -> None:
        self.raw = connection

    @classmethod
    async def connect(cls, url: str) -> PgConnection:
        connection = await psycopg.AsyncConnection.connect(url, autocommit=True)
        # SUM over whole numbers is numeric in PostgreSQL: read it as SQLite gives it, a number
        connection.adapters.register_loader("numeric", FloatLoader)
        # Every statement prepared on first use and planned once, for any parameters: planning
        # the answers' joins took longer than running them (17 ms against 1.5 ms for an actor's
        # events), and the same few statements run again and again.
        connection.prepare_threshold = 0
        connection.prepared_max = 1000
        await connection.execute("SET plan_cache_mode = force_generic_plan")
        return cls(connection)

    def execute(self, sql: str, parameters: Sequence[Any] | None = None, /) -> _Statement:
        return _Statement(self, sql, parameters)

    async def run(self, sql: str, params: Sequence[Any] | None) -> PgCursor:
        text, args = _arguments(sql, params)
        cursor = self.raw.cursor()
        await cursor.execute(text, args)
        return PgCursor(cursor)

    async def executemany(self, sql: str, parameters: Any, /) -> None:
        rows = [list(row) for row in parameters]
        if not rows:
            return
        text, order = translate(sql)
        if order is not None:
            rows = [[row[i] for i in order] for row in rows]
        async with self.raw.cursor() as cursor:
            await cursor.executemany(text, rows)

    async def commit(self) -> None:
        await self.raw.execute("COMMIT")

    async def rollback(self) -> None:
        if not self.raw.closed:
            await self.raw.execute("ROLLBACK")

    async def close(self) -> None:
        await self.raw.close()


class PostgresStore(SQLStore):
    """`storage.Store` on a PostgreSQL database; the queries are storage.sql's, as on SQLite."""

    dialect = POSTGRES

    @classmethod
    async def open(cls, url: str, story_weights: StoryWeights = DEFAULT_WEIGHTS) -> PostgresStore:
        """Connect to the database at `url` and migrate it to the newest schema: one connection
        reads (answers never wait for a write), one writes."""
        reader = await PgConnection.connect(url)
        writer = None
        try:
            await migrate(reader.raw)
            writer = await PgConnection.connect(url)
        except BaseException:
            await reader.close()
            raise
        return cls(reader, url, story_weights, writer)

    async def schema_version(self) -> int:
        return await self.count("SELECT COALESCE(MAX(version), 0) FROM schema_version")

    async def size_bytes(self) -> int:
        return await self.count("SELECT pg_database_size(current_database())")


async def migrate(connection: psycopg.AsyncConnection[Any]) -> None:
    """Run the migrations this database has not run, each in its own transaction; processes
    that start together (replicas, workers) take turns."""
    await connection.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
    try:
        await connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        cursor = await connection.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version")
        row = await cursor.fetchone()
        version = int(row[0]) if row else 0
        for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
            async with connection.transaction():
                await connection.execute(migration.script("postgres").encode(), prepare=False)
                await connection.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))
    finally:
        await connection.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))
