"""The SQLite store: articles and their analysis in, answers to /who, /where and /brief out.

Queries read stored analysis only; nothing here runs NLP.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiosqlite

from nlp.analysis import Analysis
from storage.migrations import MIGRATIONS


@dataclass
class NewArticle:
    """An article as it arrives, before analysis."""

    ext_id: str
    title: str
    raw_text: str
    text: str  # cleaned
    content_hash: str
    language: str
    source: str | None = None
    url: str | None = None
    published: str | None = None
    added_by: int | None = None
    author: str | None = None


@dataclass
class ArticleRef:
    """Enough of an article to cite it."""

    ext_id: str
    title: str
    source: str | None = None
    url: str | None = None
    published: str | None = None
    added_at: str | None = None


@dataclass
class EventRow:
    """Who did what, where and when, as one stored article tells it."""

    actor: str  # an actor's name, or a country's when a state acts
    predicate: str
    object: str
    target: str | None
    place: str | None
    time_text: str | None
    date: str | None
    sentence: str  # the sentence it was read from
    article: ArticleRef


@dataclass
class ActorRow:
    name: str
    kind: str
    titles: list[str]
    mentions: int
    articles: list[ArticleRef]
    salience: float = 0.0
    article_count: int = 0
    events: list[EventRow] = field(default_factory=list)
    id: int = 0


@dataclass
class PlaceRow:
    name: str
    mentions: int
    articles: list[ArticleRef]
    canonical: str | None = None
    kind: str | None = None
    country: str | None = None
    events: list[EventRow] = field(default_factory=list)
    id: int = 0


@dataclass
class ActorDetail:
    """Everything /who NAME shows about one actor."""

    actor: ActorRow
    places: list[str]
    co_actors: list[str]


@dataclass
class BriefSentence:
    text: str
    article: ArticleRef


@dataclass
class BriefRows:
    sentences: list[BriefSentence] = field(default_factory=list)
    sources: list[ArticleRef] = field(default_factory=list)


@dataclass
class StoredArticle:
    """An article with its row id (ids only grow, so they order articles by arrival)."""

    id: int
    ref: ArticleRef


@dataclass
class SourceRow:
    """What /sources lists: an article, who stored it, and how much was found in it."""

    ref: ArticleRef
    added_by: int | None
    language: str
    actors: int
    places: int


@dataclass
class ExistingArticle:
    """A stored article the same as one arriving, in whatever state of analysis."""

    id: int
    ref: ArticleRef
    status: str  # 'pending', 'analysed' or 'failed'


@dataclass
class PendingArticle:
    """What the analysis worker needs of a pending article."""

    id: int
    text: str
    language: str
    title: str
    attempts: int  # including the one about to start
    published: str | None = None


@dataclass
class StoreStats:
    articles: int
    actors: int
    places: int
    chats: int
    subscriptions: int
    allowed_chats: int
    size_bytes: int


def entity_key(name: str) -> str:
    """The key that makes two written forms one stored actor or place."""
    return " ".join(re.findall(r"\w+", name.lower()))


def place_key(name: str, kind: str | None, canonical: str | None, country_code: str | None) -> str:
    """A grounded place is keyed by what it is, so its names in any language meet
    ("Moskow", "Moscow" -> "city:moscow:RU"); an ungrounded one by its name."""
    if kind and canonical:
        return f"{kind}:{entity_key(canonical)}:{country_code or ''}"
    return entity_key(name)


def fts_query(topic: str) -> str:
    """An FTS5 query that matches every word of the topic, whatever characters it holds."""
    words = re.findall(r"\w+", topic)
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


_REF_COLUMNS = "ar.ext_id, ar.title, ar.source, ar.url, ar.published, ar.added_at"
# A topic covers its newest matching articles, this many at most: however large the store
# grows, /who Indonesia reads a bounded number of mentions (and news is about what is recent).
TOPIC_SCOPE = 1000
ANALYSED = "status = 'analysed'"  # pending and failed articles are stored but never answered about

# After an article's mentions are written (sign 1) or before they are deleted (sign -1):
# the counters behind /who and /where without a topic.
_COUNT_ACTORS = (
    "UPDATE actors SET mentions = mentions + ?2 * (SELECT COUNT(*) FROM mentions m"
    " WHERE m.article_id = ?1 AND m.actor_id = actors.id), articles = articles + ?2"
    " WHERE id IN (SELECT actor_id FROM mentions WHERE article_id = ?1 AND actor_id IS NOT NULL)"
)
# Among titles said as often, a formal one ("Perdana Menteri Tiongkok") before a described role
# ("pejabat nomor dua Tiongkok"), then the longer.
_FORMAL_FIRST = "(unicode(title) BETWEEN 65 AND 90) DESC, length(title) DESC"
_SUM_SALIENCE = (
    "UPDATE actors SET salience = salience + ?2 * (SELECT aa.salience FROM article_actors aa"
    " WHERE aa.article_id = ?1 AND aa.actor_id = actors.id)"
    " WHERE id IN (SELECT actor_id FROM article_actors WHERE article_id = ?1)"
)
_COUNT_PLACES = (
    "UPDATE places SET mentions = mentions + ?2 * (SELECT COUNT(*) FROM mentions m"
    " WHERE m.article_id = ?1 AND m.place_id = places.id), articles = articles + ?2"
    " WHERE id IN (SELECT place_id FROM mentions WHERE article_id = ?1 AND place_id IS NOT NULL)"
)


class Store:
    """One SQLite database, opened with WAL journaling and migrated on open."""

    def __init__(self, db: aiosqlite.Connection, path: Path) -> None:
        from storage.subscriptions import SubscriptionStore  # it builds on this class

        self._db = db
        self.path = path
        # One connection serves every coroutine: without this lock a second writer's statements
        # would join (and its commit would commit) another coroutine's open transaction.
        self._write_lock = asyncio.Lock()
        self.subscriptions = SubscriptionStore(self)

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

    @classmethod
    async def open(cls, path: Path | str) -> "Store":
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(str(path))
        try:
            db.row_factory = aiosqlite.Row
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA foreign_keys=ON")
            await db.execute("PRAGMA synchronous=NORMAL")
            await db.execute("PRAGMA busy_timeout=5000")
            store = cls(db, path)
            await store._migrate()
        except BaseException:
            # the connection's thread would keep the process alive (a file that is not a database)
            await db.close()
            raise
        return store

    async def close(self) -> None:
        await self._db.close()

    async def _migrate(self) -> None:
        async with self._db.execute("PRAGMA user_version") as cur:
            (version,) = await cur.fetchone()
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            await self._db.executescript(f"BEGIN;\n{script}\nPRAGMA user_version={number};\nCOMMIT;")

    async def schema_version(self) -> int:
        async with self._db.execute("PRAGMA user_version") as cur:
            return (await cur.fetchone())[0]

    # ------------------------------------------------------------------ writing

    async def find_duplicate(self, content_hash: str, ext_id: str | None = None) -> ArticleRef | None:
        """The stored article with this content (or this id), if any, analysed or not."""
        existing = await self.find_existing(content_hash, ext_id)
        return existing.ref if existing else None

    async def find_existing(self, content_hash: str, ext_id: str | None = None) -> ExistingArticle | None:
        """The stored article with this content (or this id) and its state, if any."""
        sql = (f"SELECT ar.id, ar.status, {_REF_COLUMNS} FROM articles ar WHERE ar.content_hash = ?"
               " UNION ALL "
               f"SELECT ar.id, ar.status, {_REF_COLUMNS} FROM articles ar WHERE ar.ext_id = ? LIMIT 1")
        async with self._db.execute(sql, (content_hash, ext_id or "")) as cur:
            row = await cur.fetchone()
        return ExistingArticle(id=row[0], status=row[1], ref=ArticleRef(*row[2:])) if row else None

    async def add_article(self, article: NewArticle, analysis: Analysis) -> int:
        """Store an article and its whole analysis in one transaction; return its row id."""
        async with self.transaction() as db:
            article_id = await self._insert(db, article, "analysed")
            await self._write_analysis(db, article_id, analysis)
        return article_id

    async def add_pending(self, article: NewArticle) -> int:
        """Store an article to be analysed; return its row id.

        Raises sqlite3.IntegrityError if an article with its content or id is stored already.
        """
        async with self.transaction() as db:
            return await self._insert(db, article, "pending")

    async def save_analysis(self, article_id: int, analysis: Analysis) -> bool:
        """Write a pending article's analysis and mark it analysed, in one transaction.

        False (and nothing written) if the article is no longer pending: analysed by another
        run, failed, or forgotten. This is what makes an analysis land at most once.
        """
        async with self.transaction() as db:
            cur = await db.execute(
                "UPDATE articles SET status = 'analysed' WHERE id = ? AND status = 'pending'", (article_id,)
            )
            if cur.rowcount != 1:
                return False
            await self._write_analysis(db, article_id, analysis)
        return True

    async def pending_ids(self) -> list[int]:
        """Every pending article, oldest first."""
        async with self._db.execute(
            "SELECT id FROM articles WHERE status = 'pending' ORDER BY id"
        ) as cur:
            return [row[0] for row in await cur.fetchall()]

    async def pending_count(self) -> int:
        async with self._db.execute("SELECT COUNT(*) FROM articles WHERE status = 'pending'") as cur:
            return (await cur.fetchone())[0]

    async def claim_pending(self, ids: list[int]) -> list[PendingArticle]:
        """Count an attempt on each of these articles still pending, and return them.

        The attempt is counted before the analysis runs, so an article that kills the worker
        every time (or the whole process) is given up after a few tries instead of forever.
        """
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        async with self.transaction() as db:
            await db.execute(
                f"UPDATE articles SET attempts = attempts + 1 WHERE id IN ({marks}) AND status = 'pending'", ids
            )
            async with db.execute(
                f"SELECT id, text, language, title, attempts, published FROM articles WHERE id IN ({marks})"
                " AND status = 'pending' ORDER BY id", ids,
            ) as cur:
                return [PendingArticle(*row) for row in await cur.fetchall()]

    async def unclaim(self, ids: list[int]) -> None:
        """Take back the attempts counted on articles whose analysis this process stopped itself."""
        if ids:
            marks = ",".join("?" * len(ids))
            async with self.transaction() as db:
                await db.execute(
                    f"UPDATE articles SET attempts = max(attempts - 1, 0) WHERE id IN ({marks}) AND status = 'pending'",
                    ids,
                )

    async def mark_failed(self, article_id: int) -> None:
        async with self.transaction() as db:
            await db.execute("UPDATE articles SET status = 'failed' WHERE id = ? AND status = 'pending'", (article_id,))

    async def retry(self, article_id: int) -> None:
        """A failed article, sent again, is pending again with fresh attempts."""
        async with self.transaction() as db:
            await db.execute(
                "UPDATE articles SET status = 'pending', attempts = 0 WHERE id = ? AND status = 'failed'", (article_id,)
            )

    @staticmethod
    async def _insert(db: aiosqlite.Connection, article: NewArticle, status: str) -> int:
        cur = await db.execute(
            "INSERT INTO articles (ext_id, content_hash, title, text, raw_text, language, source, url,"
            " published, added_by, author, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.ext_id, article.content_hash, article.title, article.text, article.raw_text,
             article.language, article.source, article.url, article.published, article.added_by,
             article.author, status),
        )
        return cur.lastrowid

    async def _write_analysis(self, db: aiosqlite.Connection, article_id: int, analysis: Analysis) -> None:
        brief = set(analysis.brief)
        await db.executemany(
            "INSERT INTO sentences (article_id, idx, text, score, in_brief) VALUES (?, ?, ?, ?, ?)",
            [(article_id, s.index, s.text, s.score, int(s.index in brief)) for s in analysis.sentences],
        )
        actor_ids: dict[str, int] = {}
        for actor in analysis.actors:
            actor_id = actor_ids[actor.name] = await self._resolve_actor(actor.name, actor.kind, actor.surfaces)
            await db.executemany(
                "INSERT OR IGNORE INTO actor_aliases (key, actor_id) VALUES (?, ?)",
                [(entity_key(s), actor_id) for s in actor.surfaces if entity_key(s) != entity_key(actor.name)],
            )
            await db.execute(
                "INSERT INTO article_actors (article_id, actor_id, salience) VALUES (?, ?, ?)"
                " ON CONFLICT DO UPDATE SET salience = salience + excluded.salience",
                (article_id, actor_id, actor.salience or len(actor.mentions)),
            )
            await db.executemany(
                "INSERT INTO mentions (article_id, sentence_idx, actor_id, surface) VALUES (?, ?, ?, ?)",
                [(article_id, idx, actor_id, actor.name) for idx in actor.mentions],
            )
            await db.executemany(
                "INSERT OR IGNORE INTO actor_titles (actor_id, article_id, title) VALUES (?, ?, ?)",
                [(actor_id, article_id, title) for title in actor.titles],
            )
        place_ids: dict[str, int] = {}
        for place in analysis.places:
            place_id = place_ids[place.name] = await self._upsert(
                "INSERT INTO places (key, name, canonical, kind, country, country_code) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(key) DO UPDATE SET name = places.name RETURNING id",
                (place_key(place.name, place.kind, place.canonical, place.country_code), place.name,
                 place.canonical, place.kind, place.country, place.country_code),
            )
            await db.executemany(
                "INSERT INTO mentions (article_id, sentence_idx, place_id, surface) VALUES (?, ?, ?, ?)",
                [(article_id, idx, place_id, place.name) for idx in place.mentions],
            )
        await db.executemany(
            "INSERT INTO events (article_id, sentence_idx, actor_id, subject_place_id, predicate, lemma, object,"
            " target_actor_id, place_id, time_text, date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(article_id, e.sentence, actor_ids.get(e.actor),
              place_ids.get(e.actor) if e.actor not in actor_ids else None, e.predicate, e.lemma, e.object,
              actor_ids.get(e.target) if e.target else None, place_ids.get(e.place) if e.place else None,
              e.time, e.date)
             for e in analysis.events if e.actor in actor_ids or e.actor in place_ids],
        )
        await db.execute(_SUM_SALIENCE, (article_id, 1))
        await db.execute(_COUNT_ACTORS, (article_id, 1))
        await db.execute(_COUNT_PLACES, (article_id, 1))

    async def _resolve_actor(self, name: str, kind: str, surfaces: list[str] | tuple = ()) -> int:
        """The stored actor this name refers to, created if there is none.

        Across articles a person is often named in full in one and by surname in another:
        a one-word name joins the one stored actor of the same kind that has that word
        ("Putin" -> "Vladimir Putin"), and a full name takes over a stored one-word actor
        whose word it contains. Where several stored actors fit, none is guessed.
        """
        key = entity_key(name)
        async with self._db.execute("SELECT id FROM actors WHERE key = ?", (key,)) as cur:
            row = await cur.fetchone()
        if row:
            return row[0]
        # a name (or another form this article used) that an earlier article gave as an alias:
        # "BPS" here, "Badan Pusat Statistik (BPS)" there
        keys = list(dict.fromkeys([key, *(entity_key(s) for s in surfaces)]))
        marks = ",".join("?" * len(keys))
        async with self._db.execute(
            f"SELECT DISTINCT al.actor_id FROM actor_aliases al JOIN actors a ON a.id = al.actor_id"
            f" WHERE al.key IN ({marks}) AND a.kind = ? LIMIT 2", (*keys, kind)
        ) as cur:
            rows = await cur.fetchall()
        if len(rows) == 1:
            return rows[0][0]
        others = keys[1:]
        if others:  # "Badan Pusat Statistik (BPS)" after an article that said only "BPS"
            async with self._db.execute(
                f"SELECT id FROM actors WHERE key IN ({','.join('?' * len(others))}) AND kind = ? LIMIT 2",
                (*others, kind),
            ) as cur:
                rows = await cur.fetchall()
            if len(rows) == 1 and len(key.split()) > 1:
                await self._db.execute("UPDATE actors SET key = ?, name = ? WHERE id = ?", (key, name, rows[0][0]))
                return rows[0][0]
        words = key.split()
        if len(words) == 1:
            async with self._db.execute(
                "SELECT id FROM actors WHERE kind = ? AND instr(' ' || key || ' ', ?) > 0 LIMIT 2",
                (kind, f" {key} "),
            ) as cur:
                rows = await cur.fetchall()
            if len(rows) == 1:
                return rows[0][0]
        elif words:
            marks = ",".join("?" * len(words))
            async with self._db.execute(
                f"SELECT id FROM actors WHERE kind = ? AND key IN ({marks}) LIMIT 2", (kind, *words)
            ) as cur:
                rows = await cur.fetchall()
            if len(rows) == 1:
                await self._db.execute("UPDATE actors SET key = ?, name = ? WHERE id = ?", (key, name, rows[0][0]))
                return rows[0][0]
        return await self._upsert("INSERT INTO actors (key, name, kind) VALUES (?, ?, ?) RETURNING id", (key, name, kind))

    async def _upsert(self, sql: str, params: tuple) -> int:
        async with self._db.execute(sql, params) as cur:
            return (await cur.fetchone())[0]

    # ------------------------------------------------------------------ reading

    async def _scope(self, topic: str | None, article: str | None) -> tuple[str, list] | None:
        """SQL (a subquery of article ids) and parameters for the articles an answer covers;
        None for every analysed article (callers then need no subquery at all)."""
        if article:
            return f"SELECT id FROM articles WHERE ext_id = ? AND {ANALYSED}", [article]
        if topic:
            query = fts_query(topic)
            if not query:
                return "SELECT id FROM articles WHERE 0", []
            # The full-text index and the mentions hold analysed articles only. The ids are read
            # once here: the answers use the scope several times (counts, titles, sources).
            like = f"%{entity_key(topic)}%"
            sql = (
                "SELECT id FROM (SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH ?1"
                " ORDER BY rowid DESC LIMIT ?3)"
                " UNION SELECT id FROM (SELECT article_id AS id FROM mentions WHERE actor_id IS NOT NULL"
                " AND actor_id IN (SELECT id FROM actors WHERE key LIKE ?2) ORDER BY article_id DESC LIMIT ?3)"
                " UNION SELECT id FROM (SELECT article_id AS id FROM mentions WHERE place_id IS NOT NULL"
                " AND place_id IN (SELECT id FROM places WHERE key LIKE ?2) ORDER BY article_id DESC LIMIT ?3)"
                " ORDER BY id DESC LIMIT ?3"
            )
            async with self._db.execute(sql, (query, like, TOPIC_SCOPE)) as cur:
                ids = [row[0] for row in await cur.fetchall()]
            return "SELECT value FROM json_each(?)", [json.dumps(ids)]
        return None

    @staticmethod
    def _within(column: str, scope: tuple[str, list] | None) -> tuple[str, list]:
        """' AND column IN (scope)' and its parameters; nothing when the scope is every article."""
        if scope is None:
            return "", []
        return f" AND {column} IN ({scope[0]})", list(scope[1])

    async def _article_refs(self, column: str, entity_id: int, scope: tuple[str, list] | None,
                            limit: int = 3) -> list[ArticleRef]:
        # The newest articles are the highest ids (ids grow with arrival), read in order from
        # the (entity, article) index instead of sorting every article that names the entity.
        within, params = self._within("article_id", scope)
        sql = (
            f"SELECT {_REF_COLUMNS} FROM articles ar WHERE ar.id IN"
            f" (SELECT article_id FROM mentions WHERE {column} = ?{within}"
            " GROUP BY article_id ORDER BY article_id DESC LIMIT ?) ORDER BY ar.id DESC"
        )
        async with self._db.execute(sql, [entity_id, *params, limit]) as cur:
            return [ArticleRef(*row) for row in await cur.fetchall()]

    async def _named_scope(self, table: str, topic: str | None, article: str | None
                           ) -> tuple[tuple[str, list] | None, str, list]:
        """The scope of /who or /where, and a filter on the entity: a topic that names a stored
        actor (place) answers about that actor (place) over every article."""
        if article or not topic:
            return await self._scope(topic, article), "", []
        key = f"%{entity_key(topic)}%"
        async with self._db.execute(f"SELECT 1 FROM {table} WHERE key LIKE ? LIMIT 1", (key,)) as cur:
            if await cur.fetchone():
                return None, " AND e.key LIKE ?", [key]
        if table == "places":  # a grounded place is keyed by its canonical name: try the name too
            async with self._db.execute("SELECT 1 FROM places WHERE lower(name) LIKE ? LIMIT 1", (key,)) as cur:
                if await cur.fetchone():
                    return None, " AND lower(e.name) LIKE ?", [key]
        return await self._scope(topic, None), "", []

    async def _ranked(self, scope: tuple[str, list] | None, named: str, named_params: list, limit: int, *,
                      everywhere: str, scoped: str, column: str) -> list:
        """Rank rows: over every article from the counters kept with each analysis (no scan),
        else counted within the scope ({within}: `column` in it; {named}: the name filter)."""
        if scope is None and not named:
            sql, params = everywhere, [limit]
        else:
            within, params = self._within(column, scope)
            sql, params = scoped.format(within=within, named=named), [*params, *named_params, limit]
        async with self._db.execute(sql, params) as cur:
            return await cur.fetchall()

    async def actors(self, topic: str | None = None, article: str | None = None, limit: int = 10) -> list[ActorRow]:
        """The most salient actors (nlp.extract.salience summed over articles), in the articles
        the topic or article id selects. A topic that names an actor ("Putin") answers about
        that actor."""
        scope, named, named_params = await self._named_scope("actors", topic, article)
        rows = await self._ranked(
            scope, named, named_params, limit,
            everywhere="SELECT e.id, e.name, e.kind, e.salience, e.articles FROM actors e WHERE e.articles > 0"
                       " ORDER BY e.salience DESC, e.articles DESC, e.name LIMIT ?",
            scoped="SELECT e.id, e.name, e.kind, SUM(aa.salience) AS s, COUNT(*) AS na"
                   " FROM article_actors aa JOIN actors e ON e.id = aa.actor_id WHERE 1{within}{named}"
                   " GROUP BY e.id ORDER BY s DESC, na DESC, e.name LIMIT ?",
            column="aa.article_id",
        )
        result = []
        for actor_id, name, kind, salience, article_count in rows:
            result.append(await self._actor_row(actor_id, name, kind, salience, article_count, scope))
        return result

    async def _actor_row(self, actor_id: int, name: str, kind: str, salience: float, article_count: int,
                         scope: tuple[str, list] | None, titles: int = 3, refs: int = 3) -> ActorRow:
        """An actor's titles, mention count, newest articles and events within the scope."""
        within, params = self._within("article_id", scope)
        async with self._db.execute(
            f"SELECT title, COUNT(*) AS n FROM actor_titles WHERE actor_id = ?{within}"
            " GROUP BY title ORDER BY n DESC, " + _FORMAL_FIRST + " LIMIT ?", [actor_id, *params, titles]
        ) as cur:
            title_list = [r[0] for r in await cur.fetchall()]
        async with self._db.execute(f"SELECT COUNT(*) FROM mentions WHERE actor_id = ?{within}",
                                    [actor_id, *params]) as cur:
            mentions = (await cur.fetchone())[0]
        return ActorRow(
            name=name, kind=kind, titles=title_list, mentions=mentions, salience=round(salience, 2),
            article_count=article_count, id=actor_id,
            articles=await self._article_refs("actor_id", actor_id, scope, limit=refs),
            events=await self._events("ev.actor_id = ?", [actor_id], scope, limit=refs),
        )

    async def _events(self, where: str, params: list, scope: tuple[str, list] | None, limit: int = 3
                      ) -> list[EventRow]:
        """Events matching `where` (on alias ev): the newest article first, and within an article
        in the order it tells them (its lead first)."""
        within, scope_params = self._within("ev.article_id", scope)
        sql = (
            "SELECT COALESCE(a.name, sp.name), ev.predicate, ev.object, t.name, p.name, ev.time_text, ev.date,"
            f" s.text, {_REF_COLUMNS} FROM events ev"
            " JOIN articles ar ON ar.id = ev.article_id"
            " LEFT JOIN actors a ON a.id = ev.actor_id LEFT JOIN places sp ON sp.id = ev.subject_place_id"
            " LEFT JOIN actors t ON t.id = ev.target_actor_id LEFT JOIN places p ON p.id = ev.place_id"
            " LEFT JOIN sentences s ON s.article_id = ev.article_id AND s.idx = ev.sentence_idx"
            f" WHERE {where}{within} ORDER BY COALESCE(ar.published, ar.added_at) DESC, ev.article_id DESC,"
            " ev.sentence_idx LIMIT ?"
        )
        async with self._db.execute(sql, [*params, *scope_params, limit]) as cur:
            return [EventRow(*row[:8], article=ArticleRef(*row[8:])) for row in await cur.fetchall()]

    async def places(self, topic: str | None = None, article: str | None = None, limit: int = 10) -> list[PlaceRow]:
        """The most mentioned places; a topic that names a place answers about that place."""
        scope, named, named_params = await self._named_scope("places", topic, article)
        rows = await self._ranked(
            scope, named, named_params, limit,
            everywhere="SELECT e.id, e.name, e.mentions, e.canonical, e.kind, e.country FROM places e"
                       " WHERE e.articles > 0 ORDER BY e.mentions DESC, e.articles DESC, e.name LIMIT ?",
            scoped="SELECT e.id, e.name, COUNT(*) AS n, e.canonical, e.kind, e.country"
                   " FROM mentions m JOIN places e ON e.id = m.place_id WHERE m.place_id IS NOT NULL{within}{named}"
                   " GROUP BY e.id ORDER BY n DESC, COUNT(DISTINCT m.article_id) DESC, e.name LIMIT ?",
            column="m.article_id",
        )
        result = []
        for place_id, name, mentions, canonical, kind, country in rows:
            refs = await self._article_refs("place_id", place_id, scope)
            events = await self._events("(ev.place_id = ?1 OR ev.subject_place_id = ?1)", [place_id], scope)
            result.append(PlaceRow(name=name, mentions=mentions, articles=refs, canonical=canonical, kind=kind,
                                   country=country, events=events, id=place_id))
        return result

    async def find_actor(self, name: str) -> int | None:
        """The id of the actor a name means: the name itself, or a person's first or last name
        ("Putin"); None for a topic that is not someone ("Rusia" is not "Kedutaan Besar Rusia")."""
        key = entity_key(name)
        if not key:
            return None
        async with self._db.execute(
            "SELECT id FROM actors WHERE (key = ?1 OR (kind = 'PER' AND (key LIKE '% ' || ?1 OR key LIKE ?1 || ' %')))"
            " AND articles > 0 ORDER BY key = ?1 DESC, salience DESC LIMIT 1", (key,)
        ) as cur:
            row = await cur.fetchone()
        return row[0] if row else None

    async def actor_detail(self, actor_id: int) -> ActorDetail | None:
        """One actor over every article: titles, latest actions, places, co-actors, articles."""
        async with self._db.execute(
            "SELECT name, kind, salience, articles FROM actors WHERE id = ? AND articles > 0", (actor_id,)
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        actor = await self._actor_row(actor_id, *row, scope=None, titles=4, refs=5)
        async with self._db.execute(
            "SELECT p.name, COUNT(*) AS n FROM mentions m JOIN places p ON p.id = m.place_id"
            " WHERE m.place_id IS NOT NULL AND m.article_id IN (SELECT article_id FROM article_actors WHERE actor_id = ?)"
            " GROUP BY p.id ORDER BY n DESC, p.name LIMIT 6", (actor_id,)
        ) as cur:
            places = [r[0] for r in await cur.fetchall()]
        async with self._db.execute(
            "SELECT e.name, SUM(aa.salience) AS s FROM article_actors aa JOIN actors e ON e.id = aa.actor_id"
            " WHERE aa.actor_id <> ?1 AND aa.article_id IN (SELECT article_id FROM article_actors WHERE actor_id = ?1)"
            " GROUP BY e.id ORDER BY s DESC, e.name LIMIT 6", (actor_id,)
        ) as cur:
            co_actors = [r[0] for r in await cur.fetchall()]
        return ActorDetail(actor=actor, places=places, co_actors=co_actors)

    async def place_detail(self, place_id: int) -> PlaceRow | None:
        """One place over every article: what it is, what happened there, the articles."""
        async with self._db.execute(
            "SELECT name, mentions, canonical, kind, country FROM places WHERE id = ? AND articles > 0", (place_id,)
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        name, mentions, canonical, kind, country = row
        return PlaceRow(
            name=name, mentions=mentions, canonical=canonical, kind=kind, country=country, id=place_id,
            articles=await self._article_refs("place_id", place_id, None, limit=5),
            events=await self._events("(ev.place_id = ?1 OR ev.subject_place_id = ?1)", [place_id], None, limit=5),
        )

    async def brief(self, topic: str | None = None, article: str | None = None, max_articles: int = 3) -> BriefRows:
        """The brief sentences of the newest articles the topic or article id selects."""
        scope = await self._scope(topic, article)
        within, params = self._within("ar.id", scope)
        sql = (
            f"SELECT ar.id, {_REF_COLUMNS} FROM articles ar WHERE ar.{ANALYSED}{within}"
            " ORDER BY ar.added_at DESC, ar.id DESC LIMIT ?"
        )
        async with self._db.execute(sql, [*params, max_articles]) as cur:
            articles = [(row[0], ArticleRef(*row[1:])) for row in await cur.fetchall()]
        rows = BriefRows()
        for article_id, ref in articles:
            async with self._db.execute(
                "SELECT text FROM sentences WHERE article_id = ? AND in_brief = 1 ORDER BY idx", (article_id,)
            ) as cur:
                texts = [r[0] for r in await cur.fetchall()]
            if texts:
                rows.sources.append(ref)
                rows.sentences.extend(BriefSentence(text=t, article=ref) for t in texts)
        return rows

    async def latest(self, limit: int = 5) -> list[ArticleRef]:
        sql = f"SELECT {_REF_COLUMNS} FROM articles ar WHERE ar.{ANALYSED} ORDER BY ar.added_at DESC, ar.id DESC LIMIT ?"
        async with self._db.execute(sql, (limit,)) as cur:
            return [ArticleRef(*row) for row in await cur.fetchall()]

    async def count_articles(self) -> int:
        """Analysed articles (pending and failed ones are not counted)."""
        async with self._db.execute(f"SELECT COUNT(*) FROM articles WHERE {ANALYSED}") as cur:
            return (await cur.fetchone())[0]

    # ------------------------------------------------------------------ briefings and admin

    async def articles_since(
        self, after_id: int, upto_id: int, topic: str | None = None, limit: int = 5
    ) -> tuple[list[StoredArticle], int]:
        """The newest articles with after_id < id <= upto_id (matching the topic, if any),
        at most `limit` of them, and how many match in all."""
        within, params = self._within("ar.id", await self._scope(topic, None))
        where = f"ar.id > ? AND ar.id <= ? AND ar.{ANALYSED}{within}"
        args = [after_id, upto_id, *params]
        async with self._db.execute(f"SELECT COUNT(*) FROM articles ar WHERE {where}", args) as cur:
            total = (await cur.fetchone())[0]
        sql = f"SELECT ar.id, {_REF_COLUMNS} FROM articles ar WHERE {where} ORDER BY ar.id DESC LIMIT ?"
        async with self._db.execute(sql, [*args, limit]) as cur:
            rows = [StoredArticle(row[0], ArticleRef(*row[1:])) for row in await cur.fetchall()]
        return rows, total

    async def article(self, article_id: int) -> ArticleRef | None:
        """The article with this row id, if it is still stored."""
        sql = f"SELECT {_REF_COLUMNS} FROM articles ar WHERE ar.id = ? AND ar.{ANALYSED}"
        async with self._db.execute(sql, (article_id,)) as cur:
            row = await cur.fetchone()
        return ArticleRef(*row) if row else None

    async def sources(self, limit: int = 20) -> list[SourceRow]:
        """The newest stored articles, with who stored them and what was found in each."""
        sql = (
            f"SELECT {_REF_COLUMNS}, ar.added_by, ar.language,"
            " (SELECT COUNT(DISTINCT actor_id) FROM mentions WHERE article_id = ar.id AND actor_id IS NOT NULL),"
            " (SELECT COUNT(DISTINCT place_id) FROM mentions WHERE article_id = ar.id AND place_id IS NOT NULL)"
            f" FROM articles ar WHERE ar.{ANALYSED} ORDER BY ar.id DESC LIMIT ?"
        )
        async with self._db.execute(sql, (limit,)) as cur:
            return [SourceRow(ArticleRef(*row[:6]), *row[6:]) for row in await cur.fetchall()]

    async def forget(self, ext_id: str) -> ArticleRef | None:
        """Delete an article with everything derived from it; return it, or None if unknown.

        Sentences, mentions and titles go by ON DELETE CASCADE (the FTS row by trigger);
        actors and places left with no mention go too. Row ids are reused once the newest
        article is deleted, so subscriptions that covered up to a now-missing id step back
        to the newest remaining one: the next article stored then still counts as new.
        """
        async with self.transaction() as db:
            sql = f"SELECT ar.id, {_REF_COLUMNS} FROM articles ar WHERE ar.ext_id = ?"
            async with db.execute(sql, (ext_id,)) as cur:
                row = await cur.fetchone()
            if row is None:
                return None
            article_id = row[0]
            async with db.execute(
                "SELECT actor_id FROM mentions WHERE article_id = ?1 AND actor_id IS NOT NULL"
                " UNION SELECT actor_id FROM actor_titles WHERE article_id = ?1", (article_id,)
            ) as cur:
                actor_ids = [r[0] for r in await cur.fetchall()]
            async with db.execute(
                "SELECT DISTINCT place_id FROM mentions WHERE article_id = ? AND place_id IS NOT NULL", (article_id,)
            ) as cur:
                place_ids = [r[0] for r in await cur.fetchall()]
            await db.execute(_SUM_SALIENCE, (article_id, -1))
            await db.execute(_COUNT_ACTORS, (article_id, -1))
            await db.execute(_COUNT_PLACES, (article_id, -1))
            await db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            # Only the actors and places this article touched can be left unmentioned.
            for table, column, ids in (("actors", "actor_id", actor_ids), ("places", "place_id", place_ids)):
                if ids:
                    marks = ",".join("?" * len(ids))
                    await db.execute(
                        f"DELETE FROM {table} WHERE id IN ({marks})"
                        f" AND NOT EXISTS (SELECT 1 FROM mentions WHERE {column} = {table}.id)", ids,
                    )
            await db.execute(
                "UPDATE subscriptions SET last_article_id = (SELECT COALESCE(MAX(id), 0) FROM articles)"
                " WHERE last_article_id > (SELECT COALESCE(MAX(id), 0) FROM articles)"
            )
        return ArticleRef(*row[1:])

    async def stats(self) -> StoreStats:
        """Counts for /stats, and the database's size on disk (with its write-ahead log)."""
        async with self._db.execute(
            f"SELECT (SELECT COUNT(*) FROM articles WHERE {ANALYSED}), (SELECT COUNT(*) FROM actors), (SELECT COUNT(*) FROM places),"
            " (SELECT COUNT(DISTINCT chat_id) FROM subscriptions), (SELECT COUNT(*) FROM subscriptions),"
            " (SELECT COUNT(*) FROM allowed_chats)"
        ) as cur:
            counts = await cur.fetchone()
        size = 0
        for suffix in ("", "-wal"):
            file = self.path.with_name(self.path.name + suffix)
            if file.is_file():
                size += file.stat().st_size
        return StoreStats(*counts, size_bytes=size)
