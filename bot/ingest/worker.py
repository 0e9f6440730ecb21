"""Stanza in a child process: loaded once there, fed batches of articles; the event loop only awaits.

A worker that dies (killed, out of memory, a crash in native code) surfaces as WorkerDied; the
next call starts a new one. The articles it was analysing are still pending in the store, so the
caller retries them (see bot.ingest.queue).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import nlp
from nlp.analysis import Analysis
from nlp.gazetteer import gazetteer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """One cleaned article to analyse."""

    text: str
    language: str
    title: str = ""
    published: str | None = None  # the article's date: "hari Rabu" resolves against it


class WorkerDied(RuntimeError):
    """The worker process ended while it held work; that work was not done."""


# ------------------------------------------------------------------ in the child process


def _load(models_dir: str, languages: tuple[str, ...], threads: int | None = None) -> None:
    """Initializer: load every pipeline once, before the first batch."""
    # Ctrl-C reaches the whole process group; the parent decides what happens to the batch.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if threads:  # several workers on one machine: each its share of the cores
        nlp.set_threads(threads)

    for lang in languages:
        nlp.get_pipeline(Path(models_dir), lang)
    gazetteer()  # built once here (a few seconds), not inside the first article's analysis


def _pid() -> int:
    return os.getpid()


def analyse_batch(models_dir: str, jobs: list[Job]) -> list[object]:
    """Analyse jobs in one batched pipeline run per language.

    Returns, per job, its nlp.Analysis or the error message (str) that stopped it: one bad
    article must not cost the others their analysis.
    """
    results: list[object] = [None] * len(jobs)
    by_language: dict[str, list[int]] = defaultdict(list)
    for i, job in enumerate(jobs):
        by_language[job.language].append(i)
    for lang, idxs in by_language.items():
        done: Sequence[Analysis | str]
        try:
            done = nlp.analyze_many(
                [jobs[i].text for i in idxs],
                Path(models_dir),
                lang,
                [jobs[i].title for i in idxs],
                [jobs[i].published for i in idxs],
            )
        except Exception:  # find the culprit: one by one
            one_by_one: list[Analysis | str] = []
            for i in idxs:
                try:
                    one_by_one.append(
                        nlp.analyze(jobs[i].text, Path(models_dir), lang, jobs[i].title, jobs[i].published)
                    )
                except Exception as exc:
                    one_by_one.append(f"{type(exc).__name__}: {exc}")
            done = one_by_one
        for i, result in zip(idxs, done):
            results[i] = result
    return results


# ------------------------------------------------------------------ in the bot's process


class AnalysisWorker:
    """One child process with the models loaded; started on first use and after a death."""

    def __init__(self, models_dir: Path, languages: set[str] | list[str], threads: int | None = None) -> None:
        self.models_dir = str(Path(models_dir).resolve())
        self.languages = tuple(sorted(languages))
        self.threads = threads  # torch's threads in the child; None: torch's default (every core)
        self._pool: ProcessPoolExecutor | None = None
        self._starting: asyncio.Future[None] | None = None
        self.pid: int | None = None
        self.starts = 0  # how many processes were started (a restart is the second)

    async def start(self) -> None:
        """Start the process and wait until its models are loaded (no-op if it runs)."""
        if self._pool is not None and self.pid is not None:
            return
        if self._starting is None:
            self._starting = asyncio.ensure_future(self._spawn())
        try:
            await asyncio.shield(self._starting)
        finally:
            if self._starting is not None and self._starting.done():
                self._starting = None

    async def _spawn(self) -> None:
        # spawn, not fork: the parent has threads (aiosqlite, the event loop's executors) and
        # forking those is unsafe; the child imports only what analysis needs.
        pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_load,
            initargs=(self.models_dir, self.languages, self.threads),
        )
        self._pool = pool
        self.starts += 1
        try:
            self.pid = await asyncio.wrap_future(pool.submit(_pid))  # runs after the initializer
        except BrokenProcessPool as exc:
            self._discard(pool)
            raise WorkerDied("the analysis worker died while loading the models") from exc
        log.info("analysis worker %d ready (%s)", self.pid, ", ".join(self.languages))

    async def analyse(self, jobs: list[Job]) -> list[object]:
        """Analyse a batch in the worker (see analyse_batch for the results)."""
        await self.start()
        pool = self._pool
        assert pool is not None
        try:
            return await asyncio.wrap_future(pool.submit(analyse_batch, self.models_dir, jobs))
        except BrokenProcessPool as exc:
            log.warning("analysis worker %s died with %d article(s) in hand", self.pid, len(jobs))
            self._discard(pool)
            raise WorkerDied(f"analysis worker {self.pid} died") from exc

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        """Forget a broken pool (its process is gone); the next call starts a new one."""
        if self._pool is pool:
            self._pool, self.pid = None, None
        pool.shutdown(wait=False, cancel_futures=True)

    def kill(self) -> None:
        """End the process now, whatever it is doing (what it held stays pending)."""
        pids = {self.pid} if self.pid is not None else set()
        if self._pool is not None:  # still loading the models: the pid is not known yet
            pids |= set(getattr(self._pool, "_processes", None) or {})
        for pid in pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    async def close(self) -> None:
        """Stop the process; waits for the batch in hand (callers kill() first to not wait)."""
        pool, self._pool, self.pid = self._pool, None, None
        if self._starting is not None:
            self._starting.cancel()
            self._starting = None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)
