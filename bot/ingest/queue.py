"""The persisted ingestion queue: pending articles analysed in batches, each analysis written once.

The store is the queue: an article is 'pending' from the moment it is accepted until the
transaction that writes its analysis marks it 'analysed'. This process keeps only the ids it
is to work on (those pending when it started, and those it accepted since), so a crash or a
restart loses nothing, and a second process on the same database rarely duplicates work (and
never writes an analysis twice: Store.save_analysis only writes over 'pending').
"""

from __future__ import annotations

import asyncio
import enum
import logging
from dataclasses import dataclass

from bot.ingest.worker import AnalysisWorker, Job, WorkerDied
from nlp.analysis import Analysis
from storage import PendingArticle, Store

log = logging.getLogger(__name__)

BATCH_SIZE = 8  # articles per pipeline run: enough to batch sentences, few enough to answer soon
MAX_ATTEMPTS = 3  # an article the worker died on this often is marked failed
# Articles that arrive in a stream (a bulk ingest, a burst of forwards) join one batch: the
# queue waits while they keep coming, LINGER apart at most, for up to MAX_LINGER seconds. A
# batch of one costs about a third more per article than a full batch.
LINGER = 0.1
MAX_LINGER = 1.0


class OutcomeStatus(enum.StrEnum):
    """How one queued analysis ended."""

    ANALYSED = "analysed"
    FAILED = "failed"
    PENDING = "pending"  # left for the next start
    GONE = "gone"  # forgotten, or analysed elsewhere


@dataclass
class Outcome:
    """What became of one queued article."""

    status: OutcomeStatus
    analysis: Analysis | None = None


@dataclass
class _Analysis:
    """A batch in the worker."""

    articles: list[PendingArticle]
    future: asyncio.Future[list[object]]


@dataclass
class _Analysed:
    """A batch back from the worker, to be written."""

    articles: list[PendingArticle]
    results: list[object]  # per article: its Analysis, or why it failed (see analyse_batch)

    @property
    def ids(self) -> list[int]:
        return [a.id for a in self.articles]


class AnalysisQueue:
    """Runs pending articles through the worker, oldest first: one batch in the worker while the
    one before it is written."""

    def __init__(
        self, store: Store, worker: AnalysisWorker, batch_size: int = BATCH_SIZE, max_attempts: int = MAX_ATTEMPTS
    ) -> None:
        self.store = store
        self.worker = worker
        self.batch_size = batch_size
        self.max_attempts = max_attempts
        self._ids: dict[int, None] = {}  # an ordered set: the ids to analyse, in order
        self._waiters: dict[int, asyncio.Future[Outcome]] = {}
        self._in_hand: list[int] = []
        self._solo = 0  # after a worker death: analyse this many alone, to find an article that kills it
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    @property
    def started(self) -> bool:
        return self._task is not None

    async def start(self) -> None:
        """Take up the articles left pending (by a crash, a restart, an interrupted ingest), then run."""
        if self._task is not None or self._closing:
            return
        self._task = asyncio.create_task(self._run(), name="analysis-queue")  # claimed before any await
        left = await self.store.pending_ids()
        if left:
            log.info("%d article(s) left pending: analysing them again", len(left))
        for article_id in left:
            self._add(article_id)

    def submit(self, article_id: int) -> asyncio.Future[Outcome]:
        """Queue a pending article (once, however often it is submitted); its outcome comes later."""
        waiter = self._waiters.get(article_id)
        if waiter is None:
            waiter = self._waiters[article_id] = asyncio.get_running_loop().create_future()
        if self._closing:
            self._resolve(article_id, Outcome(OutcomeStatus.PENDING))
        else:
            self._add(article_id)
        return waiter

    def _add(self, article_id: int) -> None:
        if article_id not in self._in_hand:
            self._ids.setdefault(article_id, None)
            self._idle.clear()
            self._wake.set()

    @property
    def queued(self) -> int:
        """Articles this process is yet to analyse, the batch in hand included."""
        return len(self._ids) + len(self._in_hand)

    async def wait_idle(self) -> None:
        """Until nothing is queued or in hand."""
        await self._idle.wait()

    async def _run(self) -> None:
        # Two batches overlap: while the worker analyses one, the previous one is written, so
        # the worker never waits for SQLite.
        analysed: _Analysed | None = None  # the batch analysed last, not yet written
        while not self._closing:
            if not self._ids:
                if analysed is not None:
                    await self._save(analysed)
                    analysed = None
                    continue
                self._idle.set()
                self._wake.clear()
                await self._wake.wait()
                continue
            size = 1 if self._solo else self.batch_size
            self._solo = max(self._solo - 1, 0)
            if analysed is None:  # with a batch to write there is no time to wait for more
                await self._linger(size)
            ids = list(self._ids)[:size]
            for article_id in ids:
                del self._ids[article_id]
            self._in_hand = ids + (analysed.ids if analysed else [])
            try:
                analysis = await self._start_analysis(ids)
                if analysed is not None:  # written while the worker works on the next batch
                    await self._save(analysed)
                    analysed = None
                    self._in_hand = ids
                analysed = await self._finish_analysis(analysis)
            except Exception:  # a store error: the articles stay pending for the next start
                log.exception("analysis of articles %s could not be stored; they stay pending", ids)
                for article_id in ids:
                    self._resolve(article_id, Outcome(OutcomeStatus.PENDING))
            finally:
                self._in_hand = analysed.ids if analysed else []
        if analysed is not None:  # closing: what was analysed is written, not thrown away
            await self._save(analysed)
        self._in_hand = []
        self._idle.set()

    async def _linger(self, size: int) -> None:
        """Wait a moment while more articles arrive, until there are `size` of them."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        while len(self._ids) < size and not self._closing and loop.time() - start < MAX_LINGER:
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), LINGER)
            except TimeoutError:
                return

    async def _start_analysis(self, ids: list[int]) -> _Analysis | None:
        """Claim the articles and hand those still pending to the worker."""
        claimed = await self.store.claim_pending(ids)
        for article_id in set(ids) - {a.id for a in claimed}:
            self._resolve(article_id, Outcome(OutcomeStatus.GONE))
        ready = []
        for article in claimed:
            if article.attempts > self.max_attempts:
                await self.store.mark_failed(article.id)
                log.error(
                    "article %d failed: the analysis worker died on it %d times", article.id, article.attempts - 1
                )
                self._resolve(article.id, Outcome(OutcomeStatus.FAILED))
            else:
                ready.append(article)
        if not ready:
            return None
        jobs = [Job(a.text, a.language, a.title, a.published) for a in ready]
        return _Analysis(ready, asyncio.ensure_future(self.worker.analyse(jobs)))

    async def _finish_analysis(self, analysis: _Analysis | None) -> _Analysed | None:
        """The worker's results, or None when it died (its articles are queued again)."""
        if analysis is None:
            return None
        ready = analysis.articles
        try:
            results = await analysis.future
        except WorkerDied:
            if self._closing:  # we stopped it ourselves: not the articles' fault
                await self.store.unclaim([a.id for a in ready])
                for article in ready:
                    self._resolve(article.id, Outcome(OutcomeStatus.PENDING))
                return None
            log.warning("analysis worker died; retrying %d article(s) one at a time", len(ready))
            self._ids = {**{a.id: None for a in ready}, **self._ids}  # back to the front
            self._solo = max(self._solo, len(ready))
            return None
        return _Analysed(ready, results)

    async def _save(self, analysed: _Analysed) -> None:
        """Write each analysis (or mark the article failed) and tell whoever waits for it."""
        try:
            for article, result in zip(analysed.articles, analysed.results):
                if isinstance(result, Analysis):
                    saved = await self.store.save_analysis(article.id, result)
                    self._resolve(
                        article.id, Outcome(OutcomeStatus.ANALYSED, result) if saved else Outcome(OutcomeStatus.GONE)
                    )
                else:
                    log.error("analysis of article %d failed: %s", article.id, result)
                    await self.store.mark_failed(article.id)
                    self._resolve(article.id, Outcome(OutcomeStatus.FAILED))
        except Exception:  # a store error: the articles stay pending for the next start
            log.exception("analysis of articles %s could not be stored; they stay pending", analysed.ids)
            for article_id in analysed.ids:
                self._resolve(article_id, Outcome(OutcomeStatus.PENDING))

    def _resolve(self, article_id: int, outcome: Outcome) -> None:
        waiter = self._waiters.pop(article_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(outcome)

    async def close(self, timeout: float) -> None:
        """Take no more batches; let the one in hand finish for up to `timeout` seconds, else
        stop the worker under it (its articles stay pending); then stop the worker."""
        self._closing = True
        self._wake.set()
        task = self._task
        if task is not None and not task.done():
            try:
                await asyncio.wait_for(asyncio.shield(task), timeout)
            except TimeoutError:
                log.info(
                    "analysis still running after %.0f s: stopping it; %d article(s) stay pending",
                    timeout,
                    len(self._in_hand),
                )
                self.worker.kill()
                try:
                    await asyncio.wait_for(task, 10)
                except (TimeoutError, asyncio.CancelledError):
                    pass
        for article_id in list(self._waiters):
            self._resolve(article_id, Outcome(OutcomeStatus.PENDING))
        await self.worker.close()
