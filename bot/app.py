"""Wiring: settings -> store + service -> python-telegram-bot Application."""

from __future__ import annotations

import logging

from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

import handlers
from bot.admin import AdminService
from bot.briefings import Briefings, Clock, utc_now
from bot.config import Settings
from bot.service import BriefingService
from handlers.delivery import schedule
from handlers.permissions import ChatAdminCache
from storage import Store

log = logging.getLogger(__name__)


class TokenRedactingFilter(logging.Filter):
    """Keeps the bot token out of every log line (httpx logs request URLs that contain it)."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if self._secrets:
            message = record.getMessage()
            if any(s in message for s in self._secrets):
                for secret in self._secrets:
                    message = message.replace(secret, "[redacted]")
                record.msg, record.args = message, None
        return True


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    secrets = [s.get_secret_value() for s in (settings.telegram_bot_token, settings.webhook_secret) if s]
    redactor = TokenRedactingFilter(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
    logging.getLogger("httpx").setLevel(logging.WARNING)


def build_application(settings: Settings, clock: Clock = utc_now) -> Application:
    """The bot, ready to run: services open in post_init and close in post_shutdown.

    `clock` tells scheduled briefings the time (tests pass one they can move).
    """
    if settings.telegram_bot_token is None:
        raise SystemExit("TELEGRAM_BOT_TOKEN is not set: put it in .env (see .env.example)")

    async def post_init(app: Application) -> None:
        store = await Store.open(settings.database_path)
        service = BriefingService(store, settings.models_dir, settings.fetch_policy())
        app.bot_data["service"] = service
        app.bot_data["admin_ids"] = settings.admin_ids
        briefings = Briefings(store, clock)
        await briefings.load()
        app.bot_data["briefings"] = briefings
        admin_service = AdminService(store)
        await admin_service.load()
        app.bot_data["admin_service"] = admin_service
        app.bot_data["chat_admins"] = ChatAdminCache()
        # Subscriptions live in SQLite: one periodic due-check serves them all, from start on.
        schedule(app, settings.briefing_check_seconds)
        await service.warm_up()
        await app.bot.set_my_commands(handlers.bot_commands("en"))
        await app.bot.set_my_commands(handlers.bot_commands("id"), language_code="id")
        log.info("ready: %d articles stored, %d admins", await store.count_articles(), len(settings.admin_ids))

    async def post_shutdown(app: Application) -> None:
        service: BriefingService | None = app.bot_data.get("service")
        if service:
            await service.aclose()
            await service.store.close()

    app = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_url)
        .base_file_url(settings.telegram_file_url)
        .rate_limiter(AIORateLimiter(max_retries=2))
        .concurrent_updates(True)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    handlers.register(app)
    return app


def run(settings: Settings) -> None:
    """Run the bot until interrupted: long polling, or a webhook when WEBHOOK_URL is set."""
    app = build_application(settings)
    if settings.webhook_url:
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        log.info("webhook mode on %s:%d", settings.webhook_listen, settings.webhook_port)
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=["message", "callback_query", "channel_post", "my_chat_member"],
        )
    else:
        log.info("long polling")
        app.run_polling(allowed_updates=["message", "callback_query", "channel_post", "my_chat_member"])
