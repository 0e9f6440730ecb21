"""Claiming pending articles with leases, on both backends (no model needed): what lets
analysis workers on several machines share one queue."""

from __future__ import annotations

import asyncio
import socket
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from bot.ingest import IngestService
from bot.ingest.external import SQLITE_LOCK, ExternalWorker, WorkerBusy
from bot.settings import DEFAULT_MODELS_DIR
from storage import NewArticle, SQLiteStore, open_store


def pending(n: int) -> NewArticle:
    return NewArticle(f"p{n}", f"Berita {n}", "t", f"Isi berita nomor {n}.", f"h{n}", "id")


@pytest.fixture
async def store(store_location):
    s = await open_store(store_location)
    for n in range(5):
        await s.add_pending(pending(n))
    yield s
    await s.close()


async def test_two_workers_claim_different_articles_oldest_first(store):
    first = await store.claim_batch("worker-a", 2, lease=60)
    second = await store.claim_batch("worker-b", 2, lease=60)
    assert [a.title for a in first] == ["Berita 0", "Berita 1"]
    assert [a.title for a in second] == ["Berita 2", "Berita 3"]
    assert all(a.attempts == 1 for a in first + second)
    assert [a.title for a in await store.claim_batch("worker-c", 5, lease=60)] == ["Berita 4"]
    assert await store.claim_batch("worker-c", 5, lease=60) == []  # all leased
    assert await store.pending_count() == 5  # leased is still pending: not analysed yet


async def test_a_lease_that_runs_out_frees_the_batch_with_its_attempt_counted(store):
    later = datetime.now(UTC) + timedelta(seconds=61)
    taken = await store.claim_batch("dead-worker", 2, lease=60)
    again = await store.claim_batch("live-worker", 2, lease=60, now=later)
    assert [a.id for a in again] == [a.id for a in taken]
    assert [a.attempts for a in again] == [2, 2]  # a batch that kills each worker is given up after a few


async def test_renewed_leases_hold_and_released_ones_go_back_at_once(store):
    taken = await store.claim_batch("worker-a", 2, lease=1)
    assert await store.renew_leases("worker-a", [a.id for a in taken], lease=600) == 2
    assert await store.renew_leases("worker-b", [a.id for a in taken], lease=600) == 0  # not b's
    soon = datetime.now(UTC) + timedelta(seconds=30)
    assert [a.title for a in await store.claim_batch("worker-b", 2, lease=60, now=soon)] == ["Berita 2", "Berita 3"]
    await store.release_leases("worker-a", [taken[0].id])
    back, fifth = await store.claim_batch("worker-c", 5, lease=60)
    assert (back.id, back.attempts) == (taken[0].id, 1)  # the stopped worker's attempt taken back
    assert fifth.title == "Berita 4"  # and taken[1], renewed, stays worker-a's


async def test_an_analysis_is_written_once_whoever_finishes_second(store):
    from nlp.analysis import Analysis, Sentence

    [article] = await store.claim_batch("slow-worker", 1, lease=60)
    result = Analysis("id", [Sentence(0, "Isi berita nomor 0.", 4, True)], [], [], [0])
    assert await store.save_analysis(article.id, result)
    assert not await store.save_analysis(article.id, result)  # the second worker's copy is dropped
    assert await store.pending_count() == 4 and await store.count_articles() == 1


async def test_locks_are_held_until_they_run_out(store):
    assert await store.take_lock("analysis", "a", lease=60)
    assert await store.take_lock("analysis", "a", lease=60)  # renewed by its owner
    assert not await store.take_lock("analysis", "b", lease=60)
    await store.drop_lock("analysis", "a")
    assert await store.take_lock("analysis", "b", lease=60)


async def test_sqlite_takes_one_worker_at_a_time(tmp_path):
    store = await SQLiteStore.open(tmp_path / "one.sqlite3")
    try:
        assert await store.take_lock(SQLITE_LOCK, "the-first-worker", lease=60)
        with pytest.raises(WorkerBusy, match="one at a time"):
            await ExternalWorker(store, DEFAULT_MODELS_DIR).run(exit_when_idle=True)
    finally:
        await store.close()


async def test_on_sqlite_the_built_in_worker_and_briefbot_worker_exclude_each_other(tmp_path):
    store = await SQLiteStore.open(tmp_path / "one.sqlite3")
    service = IngestService(store, DEFAULT_MODELS_DIR)
    try:
        await service.start(load_models=False)  # the bot (or briefbot ingest) analyses here
        with pytest.raises(WorkerBusy, match="one at a time"):
            await ExternalWorker(store, DEFAULT_MODELS_DIR).run(exit_when_idle=True)
        await service.aclose()  # stopped: its lock goes with it
        assert await ExternalWorker(store, DEFAULT_MODELS_DIR).run(exit_when_idle=True) == Counter()
    finally:
        await service.aclose()
        await store.close()


async def test_a_lock_left_by_a_dead_process_on_this_machine_is_taken_over(tmp_path):
    store = await SQLiteStore.open(tmp_path / "one.sqlite3")
    try:
        dead = f"{socket.gethostname()}:{2**22 + 12345}:deadbeef"  # above any pid this machine gives
        assert await store.take_lock(SQLITE_LOCK, dead, lease=600)
        assert await ExternalWorker(store, DEFAULT_MODELS_DIR).run(exit_when_idle=True) == Counter()
    finally:
        await store.close()


async def test_two_workers_writing_the_same_new_actor_at_once_both_land(postgres_url):
    from nlp.analysis import Actor, Analysis, Sentence
    from storage import PostgresStore

    stores = [await PostgresStore.open(postgres_url), await PostgresStore.open(postgres_url)]
    try:
        for round_ in range(5):  # each round: two workers, two articles, an actor new to both
            ids = [await stores[0].add_pending(pending(100 + 2 * round_ + n)) for n in range(2)]
            name = f"Gubernur Baru {round_}"

            def analysis(n: int, name: str = name) -> Analysis:
                actors = [Actor(name, "PER", ["Gubernur"], [0]), Actor(f"Tokoh Lain {n}", "PER", [], [0])]
                return Analysis("id", [Sentence(0, f"Isi berita nomor {n}.", 4, True)], actors, [], [0])

            saved = await asyncio.gather(*(s.save_analysis(i, analysis(i)) for s, i in zip(stores, ids)))
            assert saved == [True, True]
            [actor] = [a for a in await stores[0].actors(limit=100) if a.name == name]
            assert actor.article_count == 2
    finally:
        for s in stores:
            await s.close()
