"""`make bench-postgres` (scripts/bench.py --backend postgres): Briefbot on PostgreSQL.

1. ingestion through analysis workers: the first N articles stored with
   `briefbot ingest --enqueue-only`, then 1 and then 2 `briefbot worker` processes (each on a
   fresh database); articles per minute from the first analysis written to the last (model
   loading left out). On 2 cores this shows the mechanism more than a speed-up;
2. the claim overhead: claim_batch of 8 (FOR UPDATE SKIP LOCKED), renew and release on a queue of
   20,000 pending articles, per article;
3. /who, /where, /brief and the stories' answers (median, p95) on 20,000 articles: the SQLite
   store scripts/bench.py builds, copied into PostgreSQL table by table (same ids), vacuumed
   and analysed.

A server: --postgres-url, else a throwaway one (tests/postgres_server.py: initdb, a free port).
Not a test: nothing here passes or fails.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent

# SQLite tables in an order their foreign keys allow (stories before the articles that name them)
TABLES = [
    "stories",
    "articles",
    "sentences",
    "actors",
    "places",
    "actor_titles",
    "mentions",
    "article_actors",
    "events",
    "actor_aliases",
    "story_keys",
    "article_keys",
    "key_frequencies",
]
IDENTITY_TABLES = ["stories", "articles", "actors", "places", "mentions", "events"]


def percentile(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


class Databases:
    """Fresh databases on one server: bench_1, bench_2, ..."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.count = 0

    def new(self) -> str:
        self.count += 1
        name = f"briefbot_bench_{self.count}"
        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        return psycopg.conninfo.make_conninfo(self.url, dbname=name)

    def drop_all(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as admin:
            for n in range(1, self.count + 1):
                admin.execute(f'DROP DATABASE IF EXISTS "briefbot_bench_{n}" WITH (FORCE)')


def as_url(conninfo: str) -> str:
    """A conninfo string ("host=... dbname=...") as the postgresql:// URL the store takes."""
    params = psycopg.conninfo.conninfo_to_dict(conninfo)
    user = params.get("user", "")
    password = f":{params['password']}" if params.get("password") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgresql://{auth}{params.get('host', 'localhost')}:{params.get('port', 5432)}/{params['dbname']}"


# ------------------------------------------------------------------ 1. workers


def _briefbot(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "bot.cli", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _analysed(url: str) -> int:
    with psycopg.connect(url) as db:
        row = db.execute("SELECT COUNT(*) FROM articles WHERE status = 'analysed'").fetchone()
    return int(row[0]) if row else 0


def workers_run(url: str, articles: Path, workers: int, threads: int | None = None) -> tuple[int, float]:
    """(articles analysed, seconds from the first analysis written to the last)."""
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ingest", "--enqueue-only", "--quiet", "--db", url, str(articles)],
        capture_output=True,
        text=True,
        check=True,
    )
    print(f"   enqueued ({done.stdout.strip()})", flush=True)
    extra = ["--threads", str(threads)] if threads else []
    procs = [_briefbot("worker", "--db", url, "--exit-when-idle", *extra) for _ in range(workers)]
    first = None
    while any(p.poll() is None for p in procs):
        n = _analysed(url)
        if first is None and n:
            first = (time.perf_counter(), n)
        time.sleep(0.2)
    end, total = time.perf_counter(), _analysed(url)
    for p in procs:
        if p.returncode:
            raise SystemExit(f"a worker failed: {p.stderr.read().decode() if p.stderr else ''}")
    assert first is not None
    return total - first[1], end - first[0]


# ------------------------------------------------------------------ 2. claims


async def claim_run(url: str, pending: int, rounds: int) -> dict[str, list[float]]:
    from storage import PostgresStore

    with psycopg.connect(url, autocommit=True) as db:
        db.execute(
            "INSERT INTO articles (ext_id, content_hash, title, text, raw_text, language, status, added_at)"
            " SELECT 'p' || g, 'h' || g, 'Judul ' || g, 'Teks berita.', 'Teks berita.', 'id', 'pending',"
            " '2026-12-01T00:00:00.000Z' FROM generate_series(1, %s) g",
            (pending,),
        )
        db.execute("ANALYZE articles")
    store = await PostgresStore.open(url)
    times: dict[str, list[float]] = {"claim": [], "renew": [], "release": []}
    try:
        for n in range(rounds):
            start = time.perf_counter()
            batch = await store.claim_batch(f"bench-{n}", 8, lease=120)
            times["claim"].append((time.perf_counter() - start) * 1000 / len(batch))
            ids = [a.id for a in batch]
            start = time.perf_counter()
            await store.renew_leases(f"bench-{n}", ids, lease=120)
            times["renew"].append((time.perf_counter() - start) * 1000 / len(batch))
            if n % 2:  # half given back: the queue stays as long
                start = time.perf_counter()
                await store.release_leases(f"bench-{n}", ids)
                times["release"].append((time.perf_counter() - start) * 1000 / len(batch))
    finally:
        await store.close()
    return times


# ------------------------------------------------------------------ 3. queries


def copy_store(sqlite_path: Path, url: str) -> int:
    """Every row of the SQLite store into the (migrated, empty) PostgreSQL database; articles copied."""
    source = sqlite3.connect(sqlite_path)
    with psycopg.connect(url) as db:
        for table in TABLES:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(columns)
            with db.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {names} FROM {table}"):
                    copy.write_row(row)
        for table in IDENTITY_TABLES:
            db.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        db.commit()
        db.autocommit = True
        # what autovacuum does within a minute or two of a bulk load: the statistics, and the
        # visibility map without which no index-only scan is possible (and every first read of
        # a row writes its hint bits): measured straight after the copy, /who p95 was 112 ms
        # against 31 ms once vacuumed, /brief's median 45 ms against 6
        db.execute("VACUUM ANALYZE")
        row = db.execute("SELECT COUNT(*) FROM articles").fetchone()
    source.close()
    return int(row[0]) if row else 0


def main(args: object) -> int:
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench  # scripts/bench.py: the SQLite store, the topics and the timed answers

    from bot.settings import DEFAULT_MODELS_DIR

    server = None
    url = getattr(args, "postgres_url", None)
    if not url:
        from tests.postgres_server import start_server

        server = start_server()
        url = server.url
    databases = Databases(url)
    try:
        with tempfile.TemporaryDirectory(prefix="briefbot-bench-pg-") as tmp:
            source: Path = args.data
            n = args.workers_articles
            articles = bench.sample_file(source, n, Path(tmp))
            print(f"PostgreSQL benchmark ({url.split('@')[-1]})")
            print(f"1. ingestion through analysis workers: the first {n} articles of {source.name}")
            rates = {}
            cores = os.cpu_count() or 1
            for workers, threads in ((1, None), (2, None), (2, max(cores // 2, 1))) if n else ():
                analysed, seconds = workers_run(as_url(databases.new()), articles, workers, threads)
                rates[workers, threads] = analysed / seconds * 60
                print(
                    f"   {workers} worker{'s' if workers > 1 else ' '}"
                    f" ({f'--threads {threads}' if threads else 'every core each'}):"
                    f" {rates[workers, threads]:6.1f} articles/min ({analysed} analysed in {seconds:.1f} s after the first)",
                    flush=True,
                )
            print(f"   ({cores} cores: the workers share them)")

            claim_url = as_url(databases.new())
            asyncio.run(_migrated(claim_url))
            times = asyncio.run(claim_run(claim_url, args.claim_queue, 200))
            print(f"2. claim overhead per article, batches of 8 from a queue of {args.claim_queue:,} pending")
            for name, values in times.items():
                print(
                    f"   {name:<8} median {statistics.median(values):6.2f} ms   p95 {percentile(values, 95):6.2f} ms"
                    + ("   (target < 5 ms)" if name == "claim" else "")
                )

            base = Path(tmp) / "base.sqlite3"
            asyncio.run(bench.ingest_run(source, args.articles, base, DEFAULT_MODELS_DIR))
            stored = bench.fill(base, args.store)
            query_url = as_url(databases.new())
            asyncio.run(_migrated(query_url))
            copied = copy_store(base, query_url)
            rounds = args.rounds
            answer_times, asked = asyncio.run(bench.query_run(base, DEFAULT_MODELS_DIR, rounds, location=query_url))
            shown = ", ".join("(none)" if t is None else t for t in asked)
            print(f"3. queries on {copied:,} articles in PostgreSQL (of {stored:,} built; {rounds} rounds: {shown})")
            for name, values in {
                **{f"/{c}": answer_times[c] for c in bench.COMMANDS},
                **asyncio.run(bench.story_run(base, rounds, asked, location=query_url)),
            }.items():
                print(
                    f"   {name:<16} median {statistics.median(values):6.1f} ms   p95 {percentile(values, 95):6.1f} ms"
                    f"   max {max(values):6.1f} ms   (target p95 < 50 ms)"
                )
    finally:
        databases.drop_all()
        if server is not None:
            server.stop()
    return 0


async def _migrated(url: str) -> None:
    from storage import PostgresStore

    store = await PostgresStore.open(url)
    await store.close()
