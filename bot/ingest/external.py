"""`briefbot worker`: an analysis worker that may run on any machine that reaches the database.

It claims a batch of pending articles with a lease (storage: `claim_batch`), keeps the lease
alive while Stanza works on them (in the same child process the bot's own worker uses),
writes each analysis in the transaction that marks its article analysed (so an analysis lands
once, whoever else took the article after a lease ran out), and claims the next batch. A
worker that dies holds its batch only until the lease runs out; one told to stop gives its
batch back at once. On SQLite one worker at a time is enforced with a lock lease: a second
is refused with a message saying who holds it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nlp
from bot.ingest.queue import MAX_ATTEMPTS
from bot.ingest.worker import AnalysisWorker, Job, WorkerDied
from nlp.analysis import Analysis
from storage import PendingArticle, Store

__all__ = ["DEFAULT_LEASE", "SQLITE_LOCK", "ExternalWorker", "SQLiteLock", "WorkerBusy", "worker_name"]

log = logging.getLogger(__name__)

DEFAULT_LEASE = 120.0  # seconds a claim holds without renewal; renewed every third of it
SQLITE_LOCK = "analysis"  # the worker_locks row a SQLite database's one worker holds


class WorkerBusy(RuntimeError):
    """Another worker holds this SQLite database's analysis lock."""


def worker_name() -> str:
    """This worker's lease owner: host, process and a random part (a restarted process is another)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _dead_here(owner: str) -> bool:
    """Whether `owner` (a worker_name) was a process on this machine that is gone: its lock
    need not wait for the lease to run out (a bot restarted after a crash)."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


class SQLiteLock:
    """The one analysis worker a SQLite database takes: held with a lease, renewed while held.

    Every analysing process on SQLite holds it: `briefbot worker`, and the bot or `briefbot
    ingest` with their built-in worker. A second is refused with `WorkerBusy`."""

    def __init__(self, store: Store, owner: str, lease: float = DEFAULT_LEASE) -> None:
        self.store, self.owner, self.lease = store, owner, lease
        self._keeper: asyncio.Task[None] | None = None

    @property
    def needed(self) -> bool:
        return self.store.dialect.name == "sqlite"

    async def acquire(self) -> None:
        if not self.needed or self._keeper is not None:
            return
        if not await self.store.take_lock(SQLITE_LOCK, self.owner, self.lease):
            holder = await self.store.lock_holder(SQLITE_LOCK)
            if (
                holder is None
                or not _dead_here(holder)
                or not await self.store.take_lock(SQLITE_LOCK, self.owner, self.lease, replacing=holder)
            ):
                raise WorkerBusy(
                    f"another analysis worker ({holder}) is using this SQLite database, which takes one at a time"
                    " (use PostgreSQL for several): stop it, or store articles only (--enqueue-only,"
                    " ANALYSIS_WORKERS=external)"
                )
        self._keeper = asyncio.create_task(self._renew())

    async def release(self) -> None:
        if self._keeper is None:
            return
        self._keeper.cancel()
        self._keeper = None
        await self.store.drop_lock(SQLITE_LOCK, self.owner)

    async def _renew(self) -> None:
        while True:
            await asyncio.sleep(self.lease / 3)
            try:
                await self.store.take_lock(SQLITE_LOCK, self.owner, self.lease)
            except Exception:  # a database hiccup: the next renewal tries again
                log.exception("could not renew the analysis lock")


@dataclass
class ExternalWorker:
    store: Store
    models_dir: Path
    batch_size: int = 8
    lease: float = DEFAULT_LEASE
    poll: float = 2.0  # seconds between looks at an empty queue
    max_attempts: int = MAX_ATTEMPTS
    threads: int | None = None  # torch's threads (several workers on one machine: cores / workers)
    name: str = field(default_factory=worker_name)
    counts: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.worker = AnalysisWorker(self.models_dir, nlp.supported_languages(self.models_dir), self.threads)
        self._in_hand: list[int] = []
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        """Finish the batch in hand (or give it back, see `run`), then return."""
        self._stopping.set()

    async def run(self, exit_when_idle: bool = False) -> Counter[str]:
        """Claim, analyse and write batches until stopped (or, with `exit_when_idle`, until no
        article is pending at all); the counts of what became of the articles."""
        lock = SQLiteLock(self.store, self.name, self.lease)
        await lock.acquire()
        keeper = asyncio.create_task(self._keep_leases())
        try:
            while not self._stopping.is_set():
                batch = await self.store.claim_batch(self.name, self.batch_size, self.lease)
                if not batch:
                    if exit_when_idle and await self.store.pending_count() == 0:
                        break
                    try:  # leased by others (or nothing yet): look again in a moment
                        await asyncio.wait_for(self._stopping.wait(), self.poll)
                    except TimeoutError:
                        pass
                    continue
                await self._analyse(batch)
        finally:
            keeper.cancel()
            await self.store.release_leases(self.name, self._in_hand)
            await lock.release()
            await self.worker.close()
        return self.counts

    async def _analyse(self, batch: list[PendingArticle]) -> None:
        ready = []
        for article in batch:
            if article.attempts > self.max_attempts:
                await self.store.mark_failed(article.id)
                log.error("article %d failed: analysis died on it %d times", article.id, article.attempts - 1)
                self.counts["failed"] += 1
            else:
                ready.append(article)
        if not ready:
            return
        self._in_hand = [a.id for a in ready]
        try:
            results = await self.worker.analyse([Job(a.text, a.language, a.title, a.published) for a in ready])
        except WorkerDied:
            # its leases run out and the articles are claimed again, their attempts counted:
            # an article that kills the worker each time is given up after a few
            log.warning("the analysis process died on articles %s", self._in_hand)
            self.counts["retried"] += len(ready)
            self._in_hand = []
            return
        for article, result in zip(ready, results):
            if isinstance(result, Analysis):
                try:
                    saved = await self.store.save_analysis(article.id, result)
                except Exception:  # the database, not the article: it stays pending, its lease runs out
                    log.exception("analysis of article %d could not be written; it is tried again later", article.id)
                    self.counts["retried"] += 1
                    continue
                self.counts["analysed" if saved else "gone"] += 1
            else:
                log.error("analysis of article %d failed: %s", article.id, result)
                await self.store.mark_failed(article.id)
                self.counts["failed"] += 1
        self._in_hand = []

    async def _keep_leases(self) -> None:
        """Renew the batch's leases every third of a lease."""
        while True:
            await asyncio.sleep(self.lease / 3)
            try:
                if self._in_hand:
                    await self.store.renew_leases(self.name, list(self._in_hand), self.lease)
            except Exception:  # a database hiccup: the next renewal tries again
                log.exception("could not renew leases")
