"""`make bench`: how fast Briefbot ingests and answers, on this machine, in one run.

1. articles per minute through the `briefbot ingest` code path (bot.cli.ingest_paths: reading,
   checks, clean-up, the pending row, the worker process, the analysis transaction) on the
   first N articles of ../shared/data/news-id/clickid-raw.jsonl.gz, against the bare Stanza
   pipeline (bulk_process in batches of the same size, in a process of its own) on the cleaned
   texts of the articles stored; models are loaded before either clock starts; each side runs
   --repeat times, alternated, and the best time of each counts (the usual way to take noise out
   of a timing: nothing makes a run faster than the machine allows);
2. /who, /where and /brief latency (median, p95) on a store of 20,000 articles: the articles of
   (1) copied with SQL under new ids, ext_ids, content hashes and dates (copy k is k days older),
   with their sentences, mentions and titles; actor and place counters recounted; the
   full-text index filled by its trigger. Topics: none, the two most mentioned actors and places,
   and two frequent title words;
   then the stories' answers on that store (its stories copied along with their articles):
   /brief's top stories per topic, /story on the five largest, a briefing's window of 500;
3. the event loop's delay (a 10 ms ticker: how late each tick wakes) while (1) runs;
4. peak RSS of the bot's process and of its worker, models loaded;
5. story assignment: 40 articles of (1), analysed again in a process of their own, stored into
   a copy grown to 100,000 articles: the story decision alone (the store's filing step, timed
   by wrapping it) and the whole analysis transaction;
6. English: the first 100 articles of ../shared/data/news-en/bbc-dev.jsonl through the same
   ingest path against the bare English pipeline, one run each (skipped without English models).

Not a test: nothing here passes or fails. Without ../shared it says so and exits.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import re
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "news-id" / "clickid-raw.jsonl.gz"
COMMANDS = ("who", "where", "brief")


def percentile(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


# ------------------------------------------------------------------ 1. the bare pipeline


def _bare_pipeline(models_dir: str, texts: list[str], batch: int, lang: str = "id") -> float:
    """In a fresh process: seconds the Stanza pipeline alone takes on the texts (models loaded first)."""
    import stanza

    import nlp

    pipeline = nlp.get_pipeline(Path(models_dir), lang)
    start = time.perf_counter()
    for i in range(0, len(texts), batch):
        pipeline.bulk_process([stanza.Document([], text=t) for t in texts[i : i + batch]])
    return time.perf_counter() - start


# ------------------------------------------------------------------ 1, 3 and 4: ingestion


def sample_file(source: Path, n: int, folder: Path) -> Path:
    """The first n records of a JSON Lines file (gzipped or not), as a file of their own."""
    sample = folder / f"sample-{source.stem}-{n}.jsonl"
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", encoding="utf-8") as fh, open(sample, "w", encoding="utf-8") as out:
        for _, line in zip(range(n), fh):
            out.write(line)
    return sample


async def ingest_run(source: Path, n: int, db: Path, models_dir: Path) -> dict:
    from bot.cli import ingest_paths
    from bot.ingest import IngestService
    from storage import open_store

    sample = sample_file(source, n, db.parent)

    store = await open_store(db)
    service = IngestService(store, models_dir)
    await service.warm_up()  # models loaded before the clock starts, as for the bare pipeline
    delays: list[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        while not stop.is_set():
            before = time.perf_counter()
            await asyncio.sleep(0.010)
            delays.append(time.perf_counter() - before - 0.010)

    tick = asyncio.create_task(ticker())
    start = time.perf_counter()
    counts = await ingest_paths(service, [sample], progress=False)
    elapsed = time.perf_counter() - start
    stop.set()
    await tick
    worker_peak = _peak_rss_mb(service.worker.pid)
    batch = service.queue.batch_size
    await service.aclose()
    async with store.db.execute(
        "SELECT text, title, published FROM articles WHERE status = 'analysed' ORDER BY id"
    ) as cur:
        rows = await cur.fetchall()
    await store.close()
    return {
        "counts": counts,
        "elapsed": elapsed,
        "texts": [row[0] for row in rows],
        "titles": [row[1] for row in rows],
        "published": [row[2] for row in rows],
        "delays": delays,
        "worker_peak_mb": worker_peak,
        "batch": batch,
    }


def _peak_rss_mb(pid: int | None) -> float:
    """A live process's peak resident memory (VmHWM), in MB."""
    if pid is None:
        return float("nan")
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# ------------------------------------------------------------------ 2. a store of 20,000 articles


def fill(db: Path, target: int) -> int:
    """Copy the analysed articles (with everything derived) until the store holds `target`."""
    con = sqlite3.connect(db)
    base = [row[0] for row in con.execute("SELECT id FROM articles WHERE status = 'analysed' ORDER BY id")]
    if not base:
        raise SystemExit("no article was stored: nothing to copy")
    offset = con.execute("SELECT MAX(id) FROM articles").fetchone()[0]
    story_offset = con.execute("SELECT COALESCE(MAX(id), 0) FROM stories").fetchone()[0]
    columns = [row[1] for row in con.execute("PRAGMA table_info(articles)")]
    renamed = {
        "id": "id + :shift",
        "ext_id": "ext_id || '~' || :shift",  # the shift: unique over several fills of one store
        "content_hash": "content_hash || '~' || :shift",
        "added_at": "strftime('%Y-%m-%dT%H:%M:%fZ', added_at, '-' || :k || ' days')",
        "story_id": "story_id + :story_shift",
    }
    select = ", ".join(renamed.get(c, c) for c in columns)
    con.execute("CREATE TEMP TABLE pick (id INTEGER PRIMARY KEY)")
    total, k = len(base), 0
    with con:
        while total < target:
            k += 1
            chunk = base[: target - total]
            con.execute("DELETE FROM pick")
            con.executemany("INSERT INTO pick VALUES (?)", [(i,) for i in chunk])
            args = {"shift": k * offset, "k": k, "story_shift": k * story_offset}
            # each copy's stories are copies too, k days older: as many open stories as articles allow
            con.execute(
                "INSERT INTO stories (id, first_day, last_day, articles)"
                " SELECT id + :story_shift, date(first_day, '-' || :k || ' days'), date(last_day, '-' || :k || ' days'),"
                " (SELECT COUNT(*) FROM articles a WHERE a.story_id = s.id AND a.id IN (SELECT id FROM pick))"
                " FROM stories s WHERE id IN (SELECT story_id FROM articles WHERE id IN (SELECT id FROM pick))",
                args,
            )
            con.execute(
                "INSERT INTO story_keys (key, story_id, count, last_day)"
                " SELECT key, story_id + :story_shift, count,"
                " CASE WHEN last_day = '9999-12-31' THEN last_day ELSE date(last_day, '-' || :k || ' days') END"
                " FROM story_keys WHERE story_id IN (SELECT story_id FROM articles WHERE id IN (SELECT id FROM pick))",
                args,
            )
            con.execute(
                f"INSERT INTO articles ({', '.join(columns)}) SELECT {select} FROM articles"
                " WHERE id IN (SELECT id FROM pick)",
                args,
            )
            con.execute(
                "INSERT INTO sentences SELECT article_id + :shift, idx, text, score, in_brief FROM sentences"
                " WHERE article_id IN (SELECT id FROM pick)",
                args,
            )
            con.execute(
                "INSERT INTO mentions (article_id, sentence_idx, actor_id, place_id, surface)"
                " SELECT article_id + :shift, sentence_idx, actor_id, place_id, surface FROM mentions"
                " WHERE article_id IN (SELECT id FROM pick)",
                args,
            )
            con.execute(
                "INSERT INTO actor_titles SELECT actor_id, article_id + :shift, title FROM actor_titles"
                " WHERE article_id IN (SELECT id FROM pick)",
                args,
            )
            for table in ("article_keys", "article_actors", "events"):
                cols = [row[1] for row in con.execute(f"PRAGMA table_info({table})") if row[1] != "id"]
                picked = ", ".join("article_id + :shift" if c == "article_id" else c for c in cols)
                con.execute(
                    f"INSERT INTO {table} ({', '.join(cols)}) SELECT {picked} FROM {table}"
                    " WHERE article_id IN (SELECT id FROM pick)",
                    args,
                )
            total += len(chunk)
        for table, column in (("actors", "actor_id"), ("places", "place_id")):
            con.execute(
                f"UPDATE {table} SET mentions = (SELECT COUNT(*) FROM mentions m WHERE m.{column} = {table}.id),"
                f" articles = (SELECT COUNT(DISTINCT article_id) FROM mentions m WHERE m.{column} = {table}.id)"
            )
        # the document frequencies the story decisions weigh keys by, recounted over the copies
        con.execute("DELETE FROM key_frequencies")
        con.execute("INSERT INTO key_frequencies SELECT key, COUNT(*) FROM article_keys GROUP BY key")
        con.execute("INSERT INTO key_frequencies VALUES ('', (SELECT COUNT(DISTINCT article_id) FROM article_keys))")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    count = con.execute("SELECT COUNT(*) FROM articles WHERE status = 'analysed'").fetchone()[0]
    con.close()
    return count


def topics(db: Path) -> list[str | None]:
    """No topic, the two most mentioned actors and places, and two frequent title words."""
    con = sqlite3.connect(db)
    actors = [r[0] for r in con.execute("SELECT name FROM actors ORDER BY mentions DESC LIMIT 2")]
    places = [r[0] for r in con.execute("SELECT name FROM places ORDER BY mentions DESC LIMIT 2")]
    words = Counter(
        w for (title,) in con.execute("SELECT title FROM articles") for w in re.findall(r"\w{6,}", title.lower())
    )
    con.close()
    return [None, *actors, *places, *[w for w, _ in words.most_common(2)]]


async def query_run(
    db: Path, models_dir: Path, rounds: int, location: str | None = None
) -> tuple[dict[str, list[float]], list]:
    """The answers' times on the store `db` (SQLite), or on its copy at `location` (PostgreSQL)."""
    from bot.services import AnswerService
    from storage import open_store

    asked = topics(db)
    store = await open_store(location or db)
    answers = AnswerService(store)
    times: dict[str, list[float]] = {c: [] for c in COMMANDS}
    try:
        for round_ in range(rounds + 1):
            for command in COMMANDS:
                for topic in asked:
                    start = time.perf_counter()
                    await getattr(answers, command)(topic)
                    if round_:  # the first round warms the page cache
                        times[command].append((time.perf_counter() - start) * 1000)
    finally:
        await store.close()
    return times, asked


# ------------------------------------------------------------------ 5, 6. stories


async def story_run(
    db: Path, rounds: int, asked: list[str | None], location: str | None = None
) -> dict[str, list[float]]:
    """/brief's top stories (per topic), /story on the five largest stories, and a briefing's
    window of the newest 500 arrivals grouped by story."""
    from bot.services import StoryService
    from storage import open_store

    con = sqlite3.connect(db)
    largest = [row[0] for row in con.execute("SELECT id FROM stories ORDER BY articles DESC, id LIMIT 5")]
    newest = con.execute("SELECT MAX(id) FROM articles").fetchone()[0]
    con.close()
    store = await open_store(location or db)
    service = StoryService(store)
    times: dict[str, list[float]] = {"top stories": [], "one story": [], "briefing window": []}
    calls = [("top stories", lambda topic=topic: service.top(topic)) for topic in asked]
    calls += [("one story", lambda story_id=story_id: service.story(story_id)) for story_id in largest]
    calls += [("briefing window", lambda: store.story_updates(newest - 500, newest, limit=10))]
    try:
        for round_ in range(rounds + 1):
            for name, call in calls:
                start = time.perf_counter()
                await call()
                if round_:
                    times[name].append((time.perf_counter() - start) * 1000)
    finally:
        await store.close()
    return times


def _analyses(models_dir: str, texts: list[str], titles: list[str], published: list[str | None]) -> list:
    """Analyses of these texts, made in a process of its own (the models stay out of ours)."""
    from nlp.analyze import analyze_many

    return analyze_many(texts, Path(models_dir), "id", titles, published)


async def assign_run(db: Path, analyses: list, titles: list[str], texts: list[str]) -> tuple[list[float], list[float]]:
    """Store new analysed articles in a big store: the time of the story decision alone (the
    store's filing step: candidates from the key index, their signatures, the decision, the
    writes) and of the whole analysis transaction around it."""
    from storage import NewArticle, open_store

    store = await open_store(db)
    filing: list[float] = []
    original = store._file_in_story

    async def timed(*args, **kwargs):  # instrumentation: the bench wraps the store's own step
        start = time.perf_counter()
        result = await original(*args, **kwargs)
        filing.append((time.perf_counter() - start) * 1000)
        return result

    store._file_in_story = timed  # type: ignore[method-assign]
    whole: list[float] = []
    try:
        for i, (analysis, title, text) in enumerate(zip(analyses, titles, texts)):
            article = NewArticle(f"assign-{i}", title, text, text, f"assign-{i}", "id", source="bench")
            start = time.perf_counter()
            await store.add_article(article, analysis)
            whole.append((time.perf_counter() - start) * 1000)
    finally:
        await store.close()
    return filing, whole


# ------------------------------------------------------------------ the report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--store", type=int, default=20_000, help="articles in the store queried")
    parser.add_argument("--rounds", type=int, default=10, help="times each query is asked")
    parser.add_argument("--english", type=int, default=100, help="BBC News dev articles for the English run (0: none)")
    parser.add_argument("--assign-store", type=int, default=100_000, help="articles stored when stories are assigned")
    parser.add_argument("--assign", type=int, default=40, help="articles assigned to stories in that store (0: none)")
    parser.add_argument(
        "--repeat", type=int, default=2, help="ingestion and bare-pipeline runs (the best of each counts)"
    )
    parser.add_argument(
        "--backend",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="postgres: workers, claims and queries on PostgreSQL instead (scripts/bench_postgres.py)",
    )
    parser.add_argument("--postgres-url", help="with --backend postgres: a server to use (default: a throwaway one)")
    parser.add_argument(
        "--workers-articles", type=int, default=60, help="with --backend postgres: articles per worker run"
    )
    parser.add_argument(
        "--claim-queue", type=int, default=20_000, help="with --backend postgres: pending articles claimed from"
    )
    args = parser.parse_args()
    if not args.data.is_file():
        print(f"bench: {args.data} not found; the benchmark needs ../shared/data (skipped)")
        return 0
    if args.backend == "postgres":
        import bench_postgres

        return bench_postgres.main(args)
    from bot.settings import DEFAULT_MODELS_DIR

    print(f"Briefbot benchmark: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory(prefix="briefbot-bench-") as tmp:
        runs, bares = [], []
        for k in range(args.repeat):  # alternated, so that a change in load hits both sides
            run = asyncio.run(
                ingest_run(args.data, args.articles, Path(tmp) / f"bench-{k}.sqlite3", DEFAULT_MODELS_DIR)
            )
            with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
                bares.append(pool.submit(_bare_pipeline, str(DEFAULT_MODELS_DIR), run["texts"], run["batch"]).result())
            runs.append(run)
        run = min(runs, key=lambda r: r["elapsed"])
        texts, bare = run["texts"], min(bares)
        ours = len(texts) / run["elapsed"] * 60
        floor = len(texts) / bare * 60
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(run["counts"].items()))
        each = "; ".join(f"{r['elapsed']:.1f} s vs {b:.1f} s" for r, b in zip(runs, bares))
        print(
            f"1. ingestion of the first {args.articles} articles of {args.data.name} ({counts}),"
            f" best of {args.repeat} runs each ({each})"
        )
        print(f"   briefbot ingest path : {ours:6.1f} articles/min ({len(texts)} in {run['elapsed']:.1f} s)")
        print(
            f"   bare Stanza pipeline : {floor:6.1f} articles/min ({len(texts)} in {bare:.1f} s,"
            f" bulk_process in batches of {run['batch']})"
        )
        print(f"   ratio                : {ours / floor:6.2f}   (targets: >= 0.85 and >= 60 articles/min)")

        big = Path(tmp) / "big.sqlite3"
        shutil.copy(Path(tmp) / "bench-0.sqlite3", big)
        n = fill(big, args.store)
        times, asked = asyncio.run(query_run(big, DEFAULT_MODELS_DIR, args.rounds))
        shown = ", ".join("(none)" if t is None else t for t in asked)
        print(f"2. queries on {n:,} articles ({args.rounds} rounds of topics: {shown})")
        for command in COMMANDS:
            values = times[command]
            print(
                f"   /{command:<6} median {statistics.median(values):6.1f} ms   p95 {percentile(values, 95):6.1f} ms"
                f"   max {max(values):6.1f} ms   (target p95 < 50 ms)"
            )

        story_times = asyncio.run(story_run(big, args.rounds, asked))
        for name, values in story_times.items():
            print(
                f"   {name:<16} median {statistics.median(values):6.1f} ms   p95 {percentile(values, 95):6.1f} ms"
                f"   max {max(values):6.1f} ms   (target p95 < 50 ms)"
            )
        delays = [d * 1000 for r in runs for d in r["delays"]]  # every run, not only the fastest
        print(
            f"3. event loop delay while ingesting ({len(delays)} ticks of 10 ms): p99 {percentile(delays, 99):.1f} ms,"
            f" median {statistics.median(delays):.1f} ms, max {max(delays):.1f} ms   (target p99 < 100 ms)"
        )

        bot_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        worker_peak = max(r["worker_peak_mb"] for r in runs)
        print(
            f"4. peak RSS, models loaded: bot {bot_peak:.0f} MB + worker {worker_peak:.0f} MB"
            f" = {bot_peak + worker_peak:.0f} MB   (target < 1536 MB)"
        )
        if args.assign:  # 0: no story assignment run
            huge = Path(tmp) / "huge.sqlite3"
            shutil.copy(big, huge)
            n_huge = fill(huge, args.assign_store)
            pick = slice(0, args.assign)
            with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
                analyses = pool.submit(
                    _analyses, str(DEFAULT_MODELS_DIR), run["texts"][pick], run["titles"][pick], run["published"][pick]
                ).result()
            filing, whole = asyncio.run(assign_run(huge, analyses, run["titles"][pick], run["texts"][pick]))
            print(
                f"5. story assignment of {len(filing)} new articles into a store of {n_huge:,} (their analyses ready)"
            )
            print(
                f"   story decision   median {statistics.median(filing):6.1f} ms   p95 {percentile(filing, 95):6.1f} ms"
                f"   max {max(filing):6.1f} ms   (target < 20 ms)"
            )
            print(
                f"   whole write      median {statistics.median(whole):6.1f} ms   p95 {percentile(whole, 95):6.1f} ms"
                f"   (the analysis transaction, story decision included)"
            )

        english = args.data.parent.parent / "news-en" / "bbc-dev.jsonl"
        if args.english and english.is_file():
            en = asyncio.run(ingest_run(english, args.english, Path(tmp) / "english.sqlite3", DEFAULT_MODELS_DIR))
            with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
                en_bare = pool.submit(_bare_pipeline, str(DEFAULT_MODELS_DIR), en["texts"], en["batch"], "en").result()
            en_ours, en_floor = len(en["texts"]) / en["elapsed"] * 60, len(en["texts"]) / en_bare * 60
            en_counts = ", ".join(f"{k}: {v}" for k, v in sorted(en["counts"].items()))
            print(f"6. English: the first {args.english} articles of {english.name} ({en_counts}), one run each")
            print(
                f"   briefbot ingest path : {en_ours:6.1f} articles/min ({len(en['texts'])} in {en['elapsed']:.1f} s)"
            )
            print(f"   bare Stanza pipeline : {en_floor:6.1f} articles/min ({len(en['texts'])} in {en_bare:.1f} s)")
            print(
                f"   ratio                : {en_ours / en_floor:6.2f}   worker peak RSS, both languages loaded:"
                f" {en['worker_peak_mb']:.0f} MB (target < 1536 MB)"
            )

    return 0


if __name__ == "__main__":
    sys.exit(main())
