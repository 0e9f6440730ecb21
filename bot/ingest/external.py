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

__all__ = ["DEFAULT_LEASE", "SQLITE_LOCK", "ExternalWorker", "WorkerBusy", "worker_name"]

log = logging.getLogger(__name__)

DEFAULT_LEASE = 120.0  # seconds a claim holds without renewal; renewed every third of it
SQLITE_LOCK = "analysis"  # the worker_locks row a SQLite database's one worker holds


class WorkerBusy(RuntimeError):
    """Another worker holds this SQLite database's analysis lock."""


def worker_name() -> str:
    """This worker's lease owner: host, process and a random part (a restarted process is another)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class ExternalWorker:
    store: Store
    models_dir: Path
    batch_size: int = 8
    lease: float = DEFAULT_LEASE
    poll: float = 2.0  # seconds between looks at an empty queue
    max_attempts: int = MAX_ATTEMPTS
    name: str = field(default_factory=worker_name)
    counts: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.worker = AnalysisWorker(self.models_dir, nlp.supported_languages(self.models_dir))
        self._in_hand: list[int] = []
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        """Finish the batch in hand (or give it back, see `run`), then return."""
        self._stopping.set()

    async def run(self, exit_when_idle: bool = False) -> Counter[str]:
        """Claim, analyse and write batches until stopped (or, with `exit_when_idle`, until no
        article is pending at all); the counts of what became of the articles."""
        sqlite = self.store.dialect.name == "sqlite"
        if sqlite and not await self.store.take_lock(SQLITE_LOCK, self.name, self.lease):
            raise WorkerBusy(
                "another analysis worker is using this SQLite database (SQLite takes one at a time;"
                " use PostgreSQL for several): stop it, or wait for its lease to run out"
            )
        keeper = asyncio.create_task(self._keep_leases(sqlite))
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
            if sqlite:
                await self.store.drop_lock(SQLITE_LOCK, self.name)
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
                saved = await self.store.save_analysis(article.id, result)
                self.counts["analysed" if saved else "gone"] += 1
            else:
                log.error("analysis of article %d failed: %s", article.id, result)
                await self.store.mark_failed(article.id)
                self.counts["failed"] += 1
        self._in_hand = []

    async def _keep_leases(self, sqlite: bool) -> None:
        """Renew the batch's leases (and SQLite's lock) every third of a lease."""
        while True:
            await asyncio.sleep(self.lease / 3)
            try:
                if self._in_hand:
                    await self.store.renew_leases(self.name, list(self._in_hand), self.lease)
                if sqlite:
                    await self.store.take_lock(SQLITE_LOCK, self.name, self.lease)
            except Exception:  # a database hiccup: the next renewal tries again
                log.exception("could not renew leases")
