"""Webhook mode: one tornado server for Telegram's updates and for /healthz.

python-telegram-bot's own `run_webhook` serves the webhook path only; this follows its
custom-webhook pattern instead (an Application without an Updater, updates put on
`application.update_queue`), so that health checks share the port. The secret token is
checked on every request, as PTB's own handler does.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import secrets as secrets_module
from http import HTTPStatus
from types import TracebackType
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import ExtBot
from tornado.httpserver import HTTPServer

from bot.runtime.health import HealthReport
from bot.settings import HEALTH_PATH, Settings
from handlers.context import BriefbotApplication

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1024 * 1024  # an update is a few KB; more is not Telegram


class StartupError(RuntimeError):
    """The webhook cannot be served; the message says why and which setting is involved."""


class WebhookHandler(tornado.web.RequestHandler):
    """POSTed updates: refused (403) without the right secret, queued for the Application."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, bot_app: BriefbotApplication, secret: str) -> None:
        self.bot_app = bot_app
        self.secret = secret.encode()

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        # compare_digest: the time taken says nothing about how much of the secret was right.
        if not hmac.compare_digest(given, self.secret):
            log.warning(
                "webhook request from %s refused: %s secret token", self.request.remote_ip, "wrong" if given else "no"
            )
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        if self.request.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            raise tornado.web.HTTPError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
        try:
            data = json.loads(self.request.body)
            update = Update.de_json(data, self.bot_app.bot)
        except Exception:
            log.error("webhook request with an update that cannot be read (%d bytes)", len(self.request.body))
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        if isinstance(self.bot_app.bot, ExtBot):
            self.bot_app.bot.insert_callback_data(update)
        await self.bot_app.update_queue.put(update)
        self.set_status(HTTPStatus.OK)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # No tornado error page (it could show a traceback): the status says it all.
        self.finish()

    def log_exception(
        self, typ: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:  # the 403s are logged above, once
        if typ is not None and value is not None and not isinstance(value, tornado.web.HTTPError):
            log.error("webhook request failed", exc_info=(typ, value, tb))


class HealthHandler(tornado.web.RequestHandler):
    """GET /healthz: the health report as JSON; 200 when healthy, 503 when not."""

    SUPPORTED_METHODS = ("GET", "HEAD")

    def initialize(self, health: HealthReport) -> None:
        self.health = health

    async def get(self) -> None:
        report = await self.health()
        self.set_status(HTTPStatus.OK if report.get("status") == "ok" else HTTPStatus.SERVICE_UNAVAILABLE)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(report, ensure_ascii=False))

    async def head(self) -> None:
        report = await self.health()
        self.set_status(HTTPStatus.OK if report.get("status") == "ok" else HTTPStatus.SERVICE_UNAVAILABLE)
        self.finish()


class _QuietApp(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """No access log: every update would be a line (and a refused one is logged already)."""


def make_web_app(
    application: BriefbotApplication, secret: str, webhook_path: str, health: HealthReport
) -> tornado.web.Application:
    """The routes: the webhook path (a trailing slash either way) and /healthz."""
    path = webhook_path.rstrip("/")
    return _QuietApp(
        [
            (rf"{re.escape(path)}/?", WebhookHandler, {"bot_app": application, "secret": secret}),
            (rf"{HEALTH_PATH}/?", HealthHandler, {"health": health}),
        ]
    )


def webhook_secret(settings: Settings) -> str:
    """WEBHOOK_SECRET, or a random one for this run: Telegram is told it at every start, so
    it needs no keeping, and no request is ever taken without one."""
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value()
    log.info("WEBHOOK_SECRET is not set: using a random secret token for this run")
    return secrets_module.token_urlsafe(32)


class WebhookServer:
    """The HTTP server of webhook mode, started once the Application runs."""

    def __init__(self, application: BriefbotApplication, settings: Settings, health: HealthReport) -> None:
        self.application = application
        self.settings = settings
        self.secret = webhook_secret(settings)
        self._server = HTTPServer(
            make_web_app(application, self.secret, settings.webhook_path, health),
            max_body_size=MAX_UPDATE_BYTES,
            xheaders=True,
        )

    async def start(self, allowed_updates: list[str]) -> None:
        """Listen, then tell Telegram where to post (and with which secret)."""
        s, url = self.settings, self.settings.webhook_url
        if url is None:  # serve() runs a webhook only when it is set
            raise StartupError("no webhook to serve: WEBHOOK_URL is not set")
        try:
            self._server.listen(s.webhook_port, address=s.webhook_listen)
        except OSError as exc:
            raise StartupError(
                f"cannot listen on {s.webhook_listen}:{s.webhook_port} "
                f"(WEBHOOK_LISTEN, WEBHOOK_PORT): {exc.strerror or exc}"
            ) from None
        # Listening first: the updates Telegram kept while the bot was down arrive right after.
        await self.application.bot.set_webhook(
            url=url,
            secret_token=self.secret,
            allowed_updates=allowed_updates,
            drop_pending_updates=False,
        )
        log.info(
            "webhook mode: listening on %s:%d%s; Telegram posts to %s",
            s.webhook_listen,
            s.webhook_port,
            s.webhook_path,
            url,
        )

    async def stop(self) -> None:
        """Take no more requests; the webhook stays set, so Telegram keeps what comes next."""
        self._server.stop()
        await self._server.close_all_connections()
