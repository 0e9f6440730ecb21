"""Start, serve and stop the bot in an order that loses nothing.

Start: services (post_init: database, models, pending articles queued again), the
Application, then updates (long polling, or the webhook server and setWebhook).

Stop, when `stop` is set (SIGTERM or SIGINT in `briefbot run`):
1. take no more updates (the webhook server closes; polling stops and confirms what it fetched);
2. let the handlers of updates already taken run for up to HANDLER_GRACE seconds: a short
   analysis finishes and its sender gets the usual answer;
3. if some are still waiting on an analysis, close the analysis queue: the batch in hand gets
   ANALYSIS_GRACE seconds more, else it stays pending in the database for the next start;
4. stop the Application and close the services and the database (post_shutdown).

Telegram keeps the updates that arrive meanwhile (pending updates are never dropped), and the
next start analyses the articles left pending, so a restart picks up where this one stopped.
"""

from __future__ import annotations

import asyncio
import logging

from bot.runtime.health import HealthReport
from bot.runtime.webhook import WebhookServer
from bot.settings import Settings
from handlers.context import BriefbotApplication

log = logging.getLogger(__name__)

HANDLER_GRACE = 2.0  # seconds for handlers in flight before the analysis queue is closed
ANALYSIS_GRACE = 5.0  # seconds for the batch in analysis before it is left pending


async def _stop_application(app: BriefbotApplication) -> None:
    """app.stop() runs the updates already queued and waits for every handler; handlers that
    wait on an analysis are released by closing the analysis queue after a grace period."""
    stopping = asyncio.create_task(app.stop())
    done, _ = await asyncio.wait({stopping}, timeout=HANDLER_GRACE)
    if not done:
        services = app.bot_data.started
        if services is not None:
            pending = await services.ingest.pending_count()
            log.info(
                "handlers still running after %.0f s; closing the analysis queue (%d article(s) pending)",
                HANDLER_GRACE,
                pending,
            )
            await services.ingest.aclose(ANALYSIS_GRACE)
    await stopping


async def serve(
    app: BriefbotApplication,
    settings: Settings,
    stop: asyncio.Event,
    health: HealthReport,
    allowed_updates: list[str],
    ready: asyncio.Event | None = None,
) -> None:
    """Run `app` until `stop` is set: a webhook when WEBHOOK_URL is set, else long polling."""
    webhook = None
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        await app.start()
        if settings.webhook_url:
            webhook = WebhookServer(app, settings, health)
            await webhook.start(allowed_updates)
        else:
            assert app.updater is not None
            await app.updater.start_polling(allowed_updates=allowed_updates, drop_pending_updates=False)
            log.info("long polling %s", settings.telegram_api_url if settings.self_hosted_api else "Telegram")
        if ready is not None:
            ready.set()
        await stop.wait()
        log.info("stopping: taking no more updates, finishing the ones taken")
    finally:
        try:
            if webhook is not None:
                await webhook.stop()
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await _stop_application(app)
            await app.shutdown()
        finally:
            if app.post_shutdown:
                await app.post_shutdown(app)  # the service and the database close here
    log.info("stopped")
