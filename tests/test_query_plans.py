"""The answers stay fast as the store grows: no query behind /who, /where, /brief, briefings or
the ingestion queue reads every article or every mention (SQLite's EXPLAIN QUERY PLAN;
PostgreSQL's EXPLAIN with sequential scans and hash and merge joins priced out: on a store this
small its planner would pick them anyway, so the plan shows whether an index can serve each
lookup, which is what holds as the store grows)."""

from __future__ import annotations

import re

import pytest

from nlp.analysis import Actor, Analysis, Place, Sentence
from storage import NewArticle, Store, open_store
from storage.sql.subscriptions import _NEWEST_ARTICLE

# A full pass over a big table: "SCAN ar", "SCAN mentions USING COVERING INDEX ..." (a whole
# index is as bad). Reading the newest articles down an index until LIMIT is fine, and so is
# the partial index of pending articles.
FULL_SCAN = re.compile(
    r"^SCAN (ar|articles|m|mentions|sentences|actor_titles)\b(?!.*USING INDEX (articles_added_at|articles_pending)$)"
)


BIG_TABLES = r"(articles|mentions|sentences|actor_titles)"
PG_SEQ_SCAN = re.compile(rf"Seq Scan on {BIG_TABLES}\b")
# a whole index read without a condition, unless a LIMIT stops it (the newest articles)
PG_INDEX_SCAN = re.compile(
    rf"(Index (Only )?Scan (Backward )?using (?!articles_pending)\w+ on {BIG_TABLES}\b"
    rf"|Bitmap Index Scan on (?!articles_pending){BIG_TABLES}\w*)"
)


def pg_full_scans(plan: list[str]) -> list[str]:
    found = []
    for n, line in enumerate(plan):
        if PG_SEQ_SCAN.search(line):
            found.append(line)
        elif PG_INDEX_SCAN.search(line):
            depth = len(line) - len(line.lstrip(" ->"))
            below = [other for other in plan[n + 1 :] if other.strip() and not other.lstrip().startswith("->")]
            conditions = []
            for other in below:
                if len(other) - len(other.lstrip()) <= depth:
                    break
                conditions.append(other)
            limited = any("Limit" in other for other in plan[:n])
            if not any("Index Cond" in c for c in conditions) and not limited:
                found.append(line)
    return found


def full_scans(store: Store, plan: list[str]) -> list[str]:
    if store.dialect.name == "postgres":
        return pg_full_scans(plan)
    return [line for line in plan if FULL_SCAN.search(line)]


class Recorder:
    """The store's connection, noting every statement it runs."""

    def __init__(self, db) -> None:
        self._db = db
        self.statements: list[tuple[str, list]] = []

    def __getattr__(self, name):
        return getattr(self._db, name)

    def execute(self, sql, params=()):
        self.statements.append((sql, list(params or [])))
        return self._db.execute(sql, params)


def _analysis(actor: str, place: str) -> Analysis:
    return Analysis(
        "id",
        [Sentence(0, f"{actor} tiba di {place}.", 4, True), Sentence(1, "Kalimat lain.", 2, True)],
        [Actor(actor, "PER", ["Presiden"], [0, 1])],
        [Place(place, [0])],
        [0],
    )


@pytest.fixture
async def store(store_location):
    s = await open_store(store_location)
    for n, (actor, place) in enumerate(
        [("Vladimir Putin", "Moskow"), ("Joko Widodo", "Jakarta"), ("Li Qiang", "Beijing")]
    ):
        await s.add_article(
            NewArticle(f"a{n}", f"{actor} di {place}", "t", f"{actor} tiba di {place}.", f"h{n}", "id"),
            _analysis(actor, place),
        )
    await s.add_pending(NewArticle("p1", "Menunggu", "t", "Artikel yang menunggu analisis.", "hp", "id"))
    yield s
    await s.close()


async def _plans(store: Store, calls) -> dict[str, list[str]]:
    recorder = Recorder(store.db)
    store._reader = recorder
    try:
        for call in calls:
            await call(store)
    finally:
        store._reader = recorder._db
    plans = {}
    postgres = store.dialect.name == "postgres"
    if postgres:
        for setting in ("enable_seqscan", "enable_hashjoin", "enable_mergejoin"):
            await store.db.execute(f"SET {setting} = off")
    for sql, params in recorder.statements:
        if sql.lstrip().upper().startswith("SELECT") and sql not in plans:
            explain = "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN "
            async with store.db.execute(explain + sql, params) as cur:
                plans[sql] = [row[0] if postgres else row[3] for row in await cur.fetchall()]
    if postgres:
        await store.db.execute("RESET ALL")
    return plans


QUERIES = [
    lambda s: s.actors(),
    lambda s: s.actors("Putin"),
    lambda s: s.actors("tiba"),
    lambda s: s.actors(article="a1"),
    lambda s: s.places(),
    lambda s: s.places("Jakarta"),
    lambda s: s.places("tiba"),
    lambda s: s.places(article="a1"),
    lambda s: s.brief(),
    lambda s: s.brief("Putin"),
    lambda s: s.brief("tiba"),
    lambda s: s.brief(article="a1"),
    lambda s: s.latest(),
    lambda s: s.story_updates(0, 3),
    lambda s: s.story_updates(1, 3, "Jakarta"),
    lambda s: s.actors(story=1),
    lambda s: s.places(story=1),
    lambda s: s.find_existing("h1", "a1"),
    lambda s: s.pending_ids(),
    lambda s: s.pending_count(),
    lambda s: s.claim_pending([4]),
    lambda s: s.db.execute(_NEWEST_ARTICLE),
]


async def test_no_answer_reads_every_article_or_mention(store):
    plans = await _plans(store, QUERIES)
    assert len(plans) > 15  # the recorder saw the queries
    scans = {sql: full_scans(store, plan) for sql, plan in plans.items()}
    assert {sql: lines for sql, lines in scans.items() if lines} == {}


async def test_the_check_catches_a_full_scan(store):
    async def scan_everything(s: Store):
        async with s.db.execute("SELECT COUNT(*) FROM mentions m WHERE m.surface LIKE ?", ("%Putin%",)) as cur:
            await cur.fetchall()

    plans = await _plans(store, [scan_everything])
    assert any(full_scans(store, plan) for plan in plans.values())


async def test_briefings_wait_for_a_pending_article(store):
    """Claims cover articles up to the first pending one: it must not be skipped when it lands."""
    async with store.db.execute(_NEWEST_ARTICLE) as cur:
        assert (await cur.fetchone())[0] == 3
    assert [r.ext_id for r in await store.latest(10)] == ["a2", "a1", "a0"]  # pending: not answered about
    assert await store.count_articles() == 3 and await store.pending_count() == 1


async def test_an_articles_candidate_stories_come_from_the_open_stories_keys(store):
    """The story decision reads the keys of open stories only (story_keys_open: key, then the
    story's latest day), not every story that ever shared a word with the article."""
    from datetime import date

    async def candidates(s: Store):
        await s._candidates(s._reader, ["w:tiba", "p:moskow"], date(2019, 9, 26))

    plans = await _plans(store, [candidates])
    [plan] = [lines for sql, lines in plans.items() if "story_keys sk" in sql]
    text = "\n".join(plan)
    if store.dialect.name == "postgres":  # the day is a condition of the index, not a filter after it
        assert re.search(
            r"(Index (Only )?Scan using|Bitmap Index Scan on) story_keys_open[^\n]*\n\s*Index Cond: [^\n]*last_day >=",
            text,
        ), text
    else:
        assert re.search(r"story_keys_open \(key=\? AND last_day>\?\)", text), text
