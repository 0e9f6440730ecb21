"""Health: database access, model load and queue depth, as one JSON-able report.

The running bot answers it on /healthz (webhook mode); `briefbot check` builds the same report
from the settings alone. A report is healthy when every check is.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import nlp
from bot.ingest import IngestService
from storage import Store

log = logging.getLogger(__name__)

Check = dict[str, Any]  # {"ok": bool, ...details}
HealthReport = Callable[[], Awaitable[dict[str, Any]]]  # what /healthz answers
CHECK_TIMEOUT = 5.0  # seconds one check may take before it counts as failed


async def _timed(name: str, check: Callable[[], Awaitable[Check]], timeout: float) -> Check:
    """Run one check; an exception or a timeout is a failed check that says why."""
    started = time.monotonic()
    try:
        result = await asyncio.wait_for(check(), timeout)
    except TimeoutError:
        result = {"ok": False, "error": f"no answer within {timeout:g} s"}
    except Exception as exc:  # a health check reports failures, it does not raise them
        log.warning("health check %s failed: %r", name, exc)
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def models_dir_check(models_dir: Path) -> Check:
    """The models directory has a resources.json naming at least one language."""
    languages = sorted(nlp.supported_languages(models_dir))
    if not (models_dir / "resources.json").is_file():
        return {"ok": False, "error": f"no resources.json in {models_dir}"}
    if not languages:
        return {"ok": False, "error": f"{models_dir}/resources.json names no language"}
    return {"ok": True, "dir": str(models_dir), "languages": languages}


async def report(checks: dict[str, Callable[[], Awaitable[Check]]], timeout: float = CHECK_TIMEOUT) -> dict[str, Any]:
    """{"status": "ok"|"fail", "checks": {name: {"ok": ..., ...}}}; checks run one after another
    (they are quick, and a database check should not race the others)."""
    results = {name: await _timed(name, check, timeout) for name, check in checks.items()}
    healthy = all(r["ok"] for r in results.values())
    return {"status": "ok" if healthy else "fail", "checks": results}


def database_check(store: Store) -> Callable[[], Awaitable[Check]]:
    """A real query on the bot's own connection: counting the stored articles."""

    async def check() -> Check:
        return {"ok": True, "articles": await store.count_articles()}

    return check


def queue_check(service: IngestService) -> Callable[[], Awaitable[Check]]:
    """Articles stored but not yet analysed (in the database), and how many of them this
    process has queued for its analysis worker."""

    async def check() -> Check:
        result: Check = {"ok": True, "pending": await service.pending_count()}
        queue = getattr(service, "queue", None)
        if queue is not None and getattr(queue, "started", False):
            result["in_analysis"] = queue.queued
        return result

    return check


def running_models_check(service: IngestService, loaded: Callable[[], bool]) -> Callable[[], Awaitable[Check]]:
    """In the running bot: the directory is sound and the pipelines were loaded at start."""

    async def check() -> Check:
        result = models_dir_check(service.models_dir)
        if result["ok"] and not loaded():
            result = {**result, "ok": False, "error": "models not loaded yet"}
        worker = getattr(service, "worker", None)
        return {**result, "loaded": loaded(), "worker_pid": getattr(worker, "pid", None)}

    return check


def models_dir_check_async(models_dir: Path) -> Callable[[], Awaitable[Check]]:
    """models_dir_check as a check for report()."""

    async def check() -> Check:
        return models_dir_check(models_dir)

    return check


def loading_models_check(models_dir: Path) -> Callable[[], Awaitable[Check]]:
    """From the command line: the directory is sound and every pipeline really loads."""

    async def check() -> Check:
        result = models_dir_check(models_dir)
        if not result["ok"]:
            return result
        for lang in result["languages"]:
            await asyncio.to_thread(nlp.get_pipeline, models_dir, lang)
        return {**result, "loaded": True}

    return check
