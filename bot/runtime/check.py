"""`briefbot check`: the health report from the command line.

Without `--live` it checks what the bot would run on, in this process: the database (opened,
migrated if need be, a query), the models (every pipeline really loaded) and the queue of
articles waiting for analysis. With `--live` it asks the running bot's /healthz instead (webhook
mode), which is cheap enough for a container's HEALTHCHECK.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from typing import Any

from bot.ingest import IngestService
from bot.runtime import health
from bot.settings import HEALTH_PATH, Settings
from storage import open_store

LIVE_TIMEOUT = 10.0
LOAD_TIMEOUT = 300.0  # loading the pipelines on a busy 2-core machine takes a while


async def local_report(settings: Settings, load_models: bool = True) -> dict[str, Any]:
    """The report for the database, models and queue the settings point at; `load_models`
    loads every pipeline (seconds), else the models directory is only looked at."""
    store = None
    service = None

    async def database() -> health.Check:
        nonlocal store, service
        store = await open_store(settings.database)
        service = IngestService(store, settings.models_dir)  # not started: nothing is analysed here
        return await health.database_check(store)()

    async def queue() -> health.Check:
        if service is None:
            return {"ok": False, "error": "no database"}
        return await health.queue_check(service)()

    try:
        return await health.report(
            {
                "database": database,
                "models": (
                    health.loading_models_check(settings.models_dir)
                    if load_models
                    else health.models_dir_check_async(settings.models_dir)
                ),
                "queue": queue,
            },
            timeout=LOAD_TIMEOUT,
        )
    finally:
        if service is not None:
            await service.aclose()
        if store is not None:
            await store.close()


def live_url(settings: Settings) -> str:
    """Where the running bot answers /healthz: its listening address, from this machine."""
    host = settings.webhook_listen
    if host in ("0.0.0.0", ""):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.webhook_port}{HEALTH_PATH}"


def live_report(settings: Settings) -> dict[str, Any]:
    """The running bot's own /healthz answer (a failure to answer is a failed report)."""
    url = live_url(settings)
    try:
        with urllib.request.urlopen(url, timeout=LIVE_TIMEOUT) as response:
            report: dict[str, Any] = json.loads(response.read())
            return report
    except urllib.error.HTTPError as exc:  # 503 still carries the report
        try:
            failed: dict[str, Any] = json.loads(exc.read())
            return failed
        except ValueError:
            return {"status": "fail", "checks": {"bot": {"ok": False, "error": f"{url}: HTTP {exc.code}"}}}
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return {"status": "fail", "checks": {"bot": {"ok": False, "error": f"{url}: {reason}"}}}


def print_report(report: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print(f"status: {report['status']}")
    for name, check in report["checks"].items():
        details = ", ".join(f"{k}={v}" for k, v in check.items() if k not in ("ok", "error"))
        line = f"  {name}: {'ok' if check['ok'] else 'FAIL'}"
        if check.get("error"):
            line += f" - {check['error']}"
        print(line + (f" ({details})" if details else ""))


async def cmd_check(settings: Settings, live: bool, as_json: bool) -> int:
    """0 when healthy, 1 when a check failed."""
    if live and settings.webhook_url:
        report = live_report(settings)
    elif live:
        # Long polling serves no /healthz: check database, models folder and queue here,
        # without loading the models (a health check every minute should stay light).
        print(
            "check --live: no /healthz in long-polling mode (WEBHOOK_URL is not set); "
            "checking database, models folder and queue here",
            file=sys.stderr,
        )
        report = await local_report(settings, load_models=False)
    else:
        report = await local_report(settings)
    print_report(report, as_json)
    return 0 if report.get("status") == "ok" else 1
