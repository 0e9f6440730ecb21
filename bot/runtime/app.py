"""Wiring: settings -> store + service -> python-telegram-bot Application, and running it.

Long polling by default, a webhook (bot.runtime.webhook) when WEBHOOK_URL is set. Either way SIGTERM
or SIGINT stops the bot cleanly: no more updates are taken, the ones taken are handled, the
service closes (the article being analysed is finished or queued again) and so does the database.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any
from urllib.parse import urlsplit

from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import AIORateLimiter, ApplicationBuilder, JobQueue

import handlers
from bot.ingest import IngestService
from bot.ingest.external import WorkerBusy
from bot.runtime import health, logs
from bot.runtime.lifecycle import serve
from bot.runtime.webhook import StartupError
from bot.services import AdminService, AnswerService, ScheduledBriefings, StoryService, UpdateLedger
from bot.services.briefings import Clock, utc_now
from bot.settings import Settings
from handlers.context import CONTEXT_TYPES, BriefbotApplication, BriefbotContext, Services
from handlers.delivery import schedule
from storage import open_store

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query", "channel_post", "my_chat_member"]
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def secrets_of(settings: Settings) -> list[str]:
    """What must never be written anywhere: the token, the webhook secret, the database's password."""
    found = [s.get_secret_value() for s in (settings.telegram_bot_token, settings.webhook_secret) if s]
    if settings.database_url is not None:
        password = urlsplit(settings.database_url.get_secret_value()).password
        if password:
            found.append(password)
    return found


def configure_logging(settings: Settings) -> None:
    """LOG_LEVEL and LOG_FORMAT (text or JSON lines) on stderr, secrets redacted."""
    logs.configure_logging(settings.log_level, settings.log_format, secrets_of(settings))


def build_application(settings: Settings, clock: Clock = utc_now) -> BriefbotApplication:
    """The bot, ready to run: services open in post_init and close in post_shutdown.

    `clock` tells scheduled briefings the time (tests pass one they can move).
    """
    if settings.telegram_bot_token is None:
        raise SystemExit("TELEGRAM_BOT_TOKEN is not set: put it in .env (see .env.example)")

    async def post_init(app: BriefbotApplication) -> None:
        store = await open_store(settings.database)
        external = settings.analysis_workers == "external"  # `briefbot worker` processes analyse
        ingest = IngestService(store, settings.models_dir, settings.fetch_policy(), enqueue_only=external)
        briefings = ScheduledBriefings(store, clock)
        await briefings.load()
        admin = AdminService(store)
        await admin.load()
        app.bot_data.admin_ids = settings.admin_ids
        app.bot_data.started = Services(
            store, ingest, AnswerService(store), briefings, admin, StoryService(store), UpdateLedger(store)
        )
        # Subscriptions live in the store: one periodic due-check serves them all, from start on.
        schedule(app, settings.briefing_check_seconds)
        if not external:
            try:
                await ingest.warm_up()
            except WorkerBusy as exc:  # `briefbot worker` analyses this SQLite database already
                raise SystemExit(f"cannot start: {exc}") from None
        app.bot_data.models_loaded = True
        await app.bot.set_my_commands(handlers.bot_commands("en"))
        await app.bot.set_my_commands(handlers.bot_commands("id"), language_code="id")
        log.info(
            "ready: %d articles stored, %d admins, %s analysis workers",
            await store.count_articles(),
            len(settings.admin_ids),
            settings.analysis_workers,
        )

    async def post_shutdown(app: BriefbotApplication) -> None:
        services = app.bot_data.started
        if services:
            await services.ingest.aclose()
            await services.store.close()

    # The job queue the builder would make itself, given here so that its type names this app's
    # context (context_types() leaves the builder's job queue typed for the default context).
    job_queue: JobQueue[BriefbotContext] = JobQueue()
    builder = (
        ApplicationBuilder()
        .context_types(CONTEXT_TYPES)
        .job_queue(job_queue)
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_file_url)
        .rate_limiter(AIORateLimiter(max_retries=2))
        .concurrent_updates(True)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if settings.webhook_url:
        builder = builder.updater(None)  # bot.runtime.webhook's server puts updates on the queue itself
    app = builder.build()
    handlers.register(app)
    return app


def health_report(app: BriefbotApplication) -> health.HealthReport:
    """The running bot's health: its own database connection, its loaded models, its queue."""

    async def report() -> dict[str, Any]:
        services = app.bot_data.started
        if services is None:
            return {"status": "fail", "checks": {"startup": {"ok": False, "error": "not started yet"}}}
        result = await health.report(
            {
                "database": health.database_check(services.store),
                "models": health.running_models_check(services.ingest, lambda: app.bot_data.models_loaded),
                "queue": health.queue_check(services.ingest),
            }
        )
        result["checks"]["queue"]["updates"] = app.update_queue.qsize()
        return result

    return report


async def _serve_until_signalled(app: BriefbotApplication, settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_signal(signum: int) -> None:
        log.info("%s received", signal.Signals(signum).name)
        stop.set()
        # A second signal is not caught: it ends the process at once, as an operator means it.
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)

    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, on_signal, sig)
    await serve(app, settings, stop, health_report(app), ALLOWED_UPDATES)


def run(settings: Settings) -> int:
    """Run the bot until SIGTERM or SIGINT: long polling, or a webhook when WEBHOOK_URL is set.
    Returns the exit status; start-up failures are one clear line, never a traceback."""
    app = build_application(settings)
    try:
        asyncio.run(_serve_until_signalled(app, settings))
    except InvalidToken:
        log.critical("TELEGRAM_BOT_TOKEN was rejected by the Bot API server at %s", settings.telegram_api_url)
        return 2
    except NetworkError as exc:
        log.critical("cannot reach the Bot API server at %s: %s", settings.telegram_api_url, exc)
        return 1
    except TelegramError as exc:
        log.critical("the Bot API server refused: %s", exc)
        return 1
    except StartupError as exc:
        log.critical("%s", exc)
        return 1
    except KeyboardInterrupt:  # a second Ctrl-C while stopping: the operator wants out now
        log.warning("stopped at once by a second signal; unfinished articles stay pending")
        return 130
    except Exception:  # logged through the redacting formatter: no token in the traceback
        log.critical("stopped by an unexpected error", exc_info=True)
        return 1
    return 0
