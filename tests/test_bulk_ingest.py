"""`briefbot ingest` on a JSON Lines file (gzip too): interrupted, then run again, it skips what
is stored, finishes what is pending, and stores every article once."""

from __future__ import annotations

import asyncio
import gzip
import json
from contextlib import suppress

import pytest

from bot.cli import count_articles, ingest_paths, main
from bot.ingest.service import IngestService
from bot.settings import DEFAULT_MODELS_DIR
from storage import open_store
from tests.test_analysis_queue import seed_parts

pytestmark = pytest.mark.slow  # the bundled models, in the worker process


def write_jsonl_gz(path) -> None:
    records = [
        {"id": a.ext_id, "title": a.title, "text": a.text, "date": "2024-08-21", "source": "wire"} for a in seed_parts()
    ]
    records.append({"id": "kosong", "title": "Kosong", "text": ""})
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")


async def _interrupted_run(path, db) -> tuple[int, int]:
    """Ingest until the first batch is stored, then stop as Ctrl-C would."""
    store = await open_store(db)
    service = IngestService(store, DEFAULT_MODELS_DIR)
    service.queue.batch_size = 2
    task = asyncio.create_task(ingest_paths(service, [path], progress=False))
    try:
        while await store.count_articles() == 0:
            await asyncio.sleep(0.01)
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
        await service.aclose(timeout=0)  # the batch in hand is not waited for
        return await store.count_articles(), await store.pending_count()
    finally:
        await service.aclose()
        await store.close()


def test_interrupted_ingest_resumes_and_stores_each_article_once(tmp_path, capsys):
    path, db = tmp_path / "news.jsonl.gz", tmp_path / "bulk.sqlite3"
    write_jsonl_gz(path)
    assert count_articles([path]) == 5

    stored, pending = asyncio.run(_interrupted_run(path, db))
    # the first batch is written whole in one transaction; the second, in the worker's hands
    # when Ctrl-C comes, stays pending for the rerun
    assert (stored, pending) == (2, 2)

    assert main(["ingest", str(path), "--db", str(db), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "duplicate: 4" in out and f"resumed: {pending}" in out and "empty: 1" in out and "stored" not in out

    async def check() -> None:
        store = await open_store(db)
        try:
            assert await store.count_articles() == 4 and await store.pending_count() == 0
            async with store.db.execute(
                "SELECT a.mentions, (SELECT COUNT(*) FROM mentions m WHERE m.actor_id = a.id) FROM actors a"
            ) as cur:
                counts = await cur.fetchall()
            assert counts and all(kept == actual for kept, actual in counts)  # the counters agree with the mentions
            async with store.db.execute("SELECT COUNT(DISTINCT article_id) FROM sentences") as cur:
                assert (await cur.fetchone())[0] == 4
        finally:
            await store.close()

    asyncio.run(check())
