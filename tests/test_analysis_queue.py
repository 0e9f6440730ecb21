"""The persisted ingestion queue: a killed worker, a crash or a shutdown loses no article and
analyses none twice. The first test uses a stand-in worker; the others the real one (the bundled
models in a child process)."""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import signal
from collections import Counter

import pytest

import nlp
from bot.ingest.queue import MAX_ATTEMPTS, AnalysisQueue
from bot.ingest.service import ArticleInput, IngestService, IngestStatus, content_hash
from bot.ingest.worker import Job, WorkerDied
from bot.services import AnswerService
from bot.settings import DEFAULT_MODELS_DIR
from nlp.analysis import Actor, Analysis, Sentence
from storage import NewArticle, Store, open_store
from tests.conftest import SEED_FILE


def seed_parts() -> list[ArticleInput]:
    """Four short articles cut from the seed story (about 90 words each)."""
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines()[1:]
    cuts = [(0, 3), (3, 6), (6, 8), (8, len(lines))]
    return [
        ArticleInput(title=f"Bagian {n}", text="\n".join(lines[a:b]), ext_id=f"part-{n}")
        for n, (a, b) in enumerate(cuts)
    ]


def pending(ext_id: str, text: str) -> NewArticle:
    cleaned = nlp.clean_text(text, ext_id)
    return NewArticle(
        ext_id=ext_id, title=ext_id, raw_text=text, text=cleaned, content_hash=content_hash(cleaned), language="id"
    )


class SaveSpy:
    """Counts the analyses the store accepted, per article."""

    def __init__(self, store: Store) -> None:
        self.saved: Counter = Counter()
        self.analyses: dict[int, Analysis] = {}
        real = store.save_analysis

        async def save(article_id: int, analysis: Analysis) -> bool:
            ok = await real(article_id, analysis)
            if ok:
                self.saved[article_id] += 1
                self.analyses[article_id] = analysis
            return ok

        store.save_analysis = save


async def _mentions(store: Store, article_id: int) -> int:
    async with store.db.execute("SELECT COUNT(*) FROM mentions WHERE article_id = ?", (article_id,)) as cur:
        return (await cur.fetchone())[0]


class StandInWorker:
    """A worker without models: each article's analysis is one sentence and one person, its title;
    it records the titles of each batch it is given."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    async def analyse(self, jobs: list[Job]) -> list[object]:
        self.batches.append([job.title for job in jobs])
        await self.hold(jobs)
        return [
            Analysis("id", [Sentence(0, job.text, 3, True)], [Actor(job.title, "PER", [], [0])], [], [0])
            for job in jobs
        ]

    async def hold(self, jobs: list[Job]) -> None:
        """What happens to a batch before its results come back (nothing here)."""

    def kill(self) -> None:
        pass

    async def close(self) -> None:
        pass


class PoisonWorker(StandInWorker):
    """Dies on any batch holding the word RACUN."""

    async def hold(self, jobs: list[Job]) -> None:
        if any("RACUN" in job.text for job in jobs):
            raise WorkerDied("killed")


async def test_an_article_that_kills_the_worker_fails_alone(tmp_path, caplog):
    store = await open_store(tmp_path / "q.sqlite3")
    spy = SaveSpy(store)
    worker = PoisonWorker()
    queue = AnalysisQueue(store, worker, batch_size=4)  # type: ignore[arg-type]
    names = ["berita-0", "racun", "berita-1", "berita-2", "berita-3"]
    for name in names:
        text = "Berita RACUN yang selalu mematikan pekerja." if name == "racun" else f"Berita {name} tentang banjir."
        await store.add_pending(pending(name, text))
    try:
        with caplog.at_level(logging.WARNING):
            await queue.start()
            await asyncio.wait_for(queue.wait_idle(), 10)
    finally:
        await queue.close(1)
    async with store.db.execute("SELECT id, ext_id, status, attempts FROM articles ORDER BY id") as cur:
        rows = {ext_id: (article_id, status, attempts) for article_id, ext_id, status, attempts in await cur.fetchall()}
    assert rows["racun"][1:] == ("failed", MAX_ATTEMPTS + 1)  # the last claim found it over the limit
    assert {name: rows[name][1:] for name in names if name != "racun"} == {
        "berita-0": ("analysed", 2),
        "berita-1": ("analysed", 2),
        "berita-2": ("analysed", 2),
        "berita-3": ("analysed", 1),
    }
    assert worker.batches[0] == names[:4]  # one batch: the worker died on it
    assert worker.batches[1:3] == [["berita-0"], ["racun"]]  # then one at a time, to find the culprit
    assert worker.batches.count(["racun"]) == MAX_ATTEMPTS - 1
    assert all(spy.saved[rows[name][0]] == 1 for name in names if name != "racun")
    assert rows["racun"][0] not in spy.saved
    assert f"article {rows['racun'][0]} failed: the analysis worker died on it {MAX_ATTEMPTS} times" in caplog.text
    assert await store.pending_count() == 0
    await store.close()


class GatedWorker(StandInWorker):
    """Holds each batch until the test lets it go."""

    def __init__(self) -> None:
        super().__init__()
        self.release: list[asyncio.Event] = []

    async def hold(self, jobs: list[Job]) -> None:
        gate = asyncio.Event()
        self.release.append(gate)
        await gate.wait()


async def test_a_batch_is_written_while_the_next_one_is_analysed(tmp_path):
    store = await open_store(tmp_path / "overlap.sqlite3")
    worker = GatedWorker()
    queue = AnalysisQueue(store, worker, batch_size=2)  # type: ignore[arg-type]
    for n in range(4):
        await store.add_pending(pending(f"berita-{n}", f"Berita {n} tentang banjir di Palu."))
    writes_allowed = asyncio.Event()
    real_save = store.save_analysis

    async def held_save(article_id: int, analysis: Analysis) -> bool:
        await writes_allowed.wait()
        return await real_save(article_id, analysis)

    store.save_analysis = held_save

    async def statuses() -> list[str]:
        async with store.db.execute("SELECT status FROM articles ORDER BY id") as cur:
            return [row[0] for row in await cur.fetchall()]

    async def statuses_are(expected: list[str]) -> bool:
        return await statuses() == expected

    async def until(condition) -> None:
        """Poll condition (a plain or an async callable) until it holds, for 5 s at most."""
        for _ in range(500):
            held = condition()
            if await held if inspect.isawaitable(held) else held:
                return
            await asyncio.sleep(0.01)
        raise AssertionError("timed out")

    try:
        await queue.start()
        await until(lambda: len(worker.release) == 1)
        worker.release[0].set()
        # the first batch is back but cannot be written yet: the second goes to the worker anyway
        await until(lambda: len(worker.release) == 2)
        assert worker.batches == [["berita-0", "berita-1"], ["berita-2", "berita-3"]]
        assert await statuses() == ["pending"] * 4 and queue.queued == 4
        writes_allowed.set()  # the first batch is written while the second is still in the worker
        await until(lambda: statuses_are(["analysed", "analysed", "pending", "pending"]))
        # the statuses are seen from inside the write transaction (one connection): the queue
        # lets go of the written batch once that transaction has ended
        await until(lambda: queue.queued == 2)
        assert not worker.release[1].is_set()
        worker.release[1].set()
        await asyncio.wait_for(queue.wait_idle(), 10)
        assert await statuses() == ["analysed"] * 4
    finally:
        await queue.close(1)
        await store.close()


@pytest.mark.slow
async def test_worker_killed_mid_batch_every_article_analysed_once(tmp_path):
    store = await open_store(tmp_path / "kill.sqlite3")
    spy = SaveSpy(store)
    service = IngestService(store, DEFAULT_MODELS_DIR)
    service.queue.batch_size = 2  # several batches, the kill lands in the first
    try:
        await service.warm_up()
        first_pid = service.worker.pid
        tasks = [asyncio.create_task(service.ingest(article)) for article in seed_parts()]
        while not service.queue._in_hand:
            await asyncio.sleep(0.01)
        killed = list(service.queue._in_hand)
        # Right away: the batch is handed to the worker, which needs far longer than this to
        # analyse it, on a loaded machine or an idle one (0.3 s let an idle one finish first).
        await asyncio.sleep(0.02)
        os.kill(first_pid, signal.SIGKILL)
        results = await asyncio.wait_for(asyncio.gather(*tasks), 300)
        assert [r.status for r in results] == [IngestStatus.STORED] * 4
        assert service.worker.starts == 2 and service.worker.pid not in (None, first_pid)
        async with store.db.execute("SELECT id, status, attempts FROM articles ORDER BY id") as cur:
            rows = await cur.fetchall()
        assert [status for _, status, _ in rows] == ["analysed"] * 4
        assert {i: attempts for i, _, attempts in rows if i in killed} == {i: 2 for i in killed}
        for article_id, _, _ in rows:
            assert spy.saved[article_id] == 1
            analysis = spy.analyses[article_id]
            expected = sum(len(a.mentions) for a in analysis.actors) + sum(len(p.mentions) for p in analysis.places)
            assert expected > 0 and await _mentions(store, article_id) == expected
        assert await service.pending_count() == 0
        assert {row.name for row in await AnswerService(service.store).who()} >= {"Vladimir Putin"}
    finally:
        await service.aclose()
        await store.close()


@pytest.mark.slow
async def test_articles_left_pending_are_analysed_at_the_next_start(tmp_path):
    db = tmp_path / "crash.sqlite3"
    parts = seed_parts()
    store = await open_store(db)
    # A crash after an article was stored, before its analysis: the row is left pending.
    crashed = await store.add_pending(pending("crashed", parts[0].text))
    # A shutdown that does not wait for the analysis in hand: it stays pending too.
    first = IngestService(store, DEFAULT_MODELS_DIR)
    task = asyncio.create_task(first.ingest(parts[1]))
    while not first.queue._in_hand:
        await asyncio.sleep(0.01)
    await first.aclose(timeout=0)
    assert (await task).status is IngestStatus.PENDING
    assert (await first.ingest(parts[2])).status is IngestStatus.FAILED  # closed: takes no more
    await store.close()

    store = await open_store(db)
    second = IngestService(store, DEFAULT_MODELS_DIR)
    try:
        assert await second.pending_count() == 2
        assert await store.actors() == [] and await store.latest() == [] and await store.count_articles() == 0
        again = await second.ingest(parts[1])  # sent again meanwhile: a duplicate, no second row
        assert again.status is IngestStatus.DUPLICATE and again.ext_id == "part-1"
        async with store.db.execute("SELECT attempts FROM articles WHERE ext_id = 'part-1'") as cur:
            assert (await cur.fetchone())[0] <= 1  # the stopped attempt is not held against it
        await second.start()
        await asyncio.wait_for(second.wait_idle(), 300)
        assert await second.pending_count() == 0
        async with store.db.execute("SELECT id, status FROM articles ORDER BY id") as cur:
            assert [tuple(r) for r in await cur.fetchall()] == [(crashed, "analysed"), (crashed + 1, "analysed")]
        assert {r.ext_id for r in await store.latest()} == {"crashed", "part-1"}
        assert {row.name for row in await AnswerService(second.store).who()} >= {"Vladimir Putin"}
    finally:
        await second.aclose()
        await store.close()
