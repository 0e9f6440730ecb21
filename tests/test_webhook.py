"""Webhook mode in process: the real Application behind bot.runtime.webhook's server, the local Bot API
server (reached through TELEGRAM_API_URL) delivering updates by POST with the secret token."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from bot.runtime.app import ALLOWED_UPDATES, build_application, health_report
from bot.runtime.lifecycle import serve
from bot.settings import Settings
from tests.conftest import ADMIN, USER
from tests.webhook_server import WebhookBotApi

SECRET = "s3cret_Token-for-tests"
OUTSIDER = 4004


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def webhook_settings(server: WebhookBotApi, db_path: Path, port: int, secret: str | None = SECRET) -> Settings:
    return Settings(
        _env_file=None,
        telegram_bot_token=server.token,
        admin_ids=str(ADMIN),
        database_path=db_path,
        telegram_api_url=server.base_url,
        webhook_url=f"https://127.0.0.1:{port}/telegram",
        webhook_listen="127.0.0.1",
        webhook_port=port,
        webhook_secret=secret,
    )


@asynccontextmanager
async def webhook_bot(settings: Settings) -> AsyncIterator:
    """The bot serving its webhook until the block ends (then stopped as SIGTERM would)."""
    app = build_application(settings)
    errors: list[BaseException] = []

    async def collect(update, context):
        errors.append(context.error)

    app.add_error_handler(collect)
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(serve(app, settings, stop, health_report(app), ALLOWED_UPDATES, ready))
    waiter = asyncio.create_task(ready.wait())
    await asyncio.wait({task, waiter}, timeout=60, return_when=asyncio.FIRST_COMPLETED)
    if not ready.is_set():
        waiter.cancel()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        raise AssertionError(
            f"webhook server did not start: {task.exception() if task.done() and not task.cancelled() else 'timeout'}"
        )
    try:
        yield app
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
    assert errors == [], f"handler errors: {errors!r}"


@pytest.fixture
def port() -> int:
    return free_port()


def who_update(user_id: int, update_id: int = 777) -> dict:
    now = int(time.time())
    user = {"id": user_id, "is_bot": False, "first_name": "Outsider", "language_code": "en"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": now,
            "chat": {"id": user_id, "type": "private", "first_name": "Outsider"},
            "from": user,
            "text": "/who",
            "entities": [{"type": "bot_command", "offset": 0, "length": 4}],
        },
    }


async def post(url: str, payload: dict, headers: dict[str, str]) -> int:
    async with aiohttp.ClientSession() as session, session.post(url, json=payload, headers=headers) as response:
        return response.status


async def test_updates_arrive_by_webhook_and_are_answered(whserver, port, tmp_path):
    async with webhook_bot(webhook_settings(whserver, tmp_path / "bot.sqlite3", port)):
        [call] = whserver.method_calls("setWebhook")
        assert call["url"] == f"https://127.0.0.1:{port}/telegram"
        assert call["secret_token"] == SECRET
        assert sorted(call["allowed_updates"]) == sorted(ALLOWED_UPDATES)
        assert not call.get("drop_pending_updates")  # a restart gets what waited meanwhile

        whserver.push_command("who", user_id=USER)
        [reply] = await whserver.wait_for_messages(1, chat_id=USER, timeout=30)
        assert "No articles yet" in reply["text"]
        assert whserver.delivered(200), whserver.deliveries
        assert whserver.method_calls("getUpdates") == []  # no polling in webhook mode


async def test_wrong_or_missing_secret_is_refused(whserver, port, tmp_path):
    whserver.add_chat(OUTSIDER, "private", first_name="Outsider")
    url = f"http://127.0.0.1:{port}/telegram"
    async with webhook_bot(webhook_settings(whserver, tmp_path / "bot.sqlite3", port)):
        assert await post(url, who_update(OUTSIDER, 1), {}) == 403
        assert await post(url, who_update(OUTSIDER, 2), {"X-Telegram-Bot-Api-Secret-Token": "wrong"}) == 403
        assert await post(url, who_update(OUTSIDER, 3), {"X-Telegram-Bot-Api-Secret-Token": SECRET[:-1]}) == 403
        assert await post(url, who_update(OUTSIDER, 4), {"X-Telegram-Bot-Api-Secret-Token": SECRET + "x"}) == 403
        async with aiohttp.ClientSession() as session:
            good = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            async with session.post(url, data=b"update_id=6", headers=good) as response:
                assert response.status == 415  # not JSON
            async with session.post(
                url, data=b"{not json", headers={**good, "Content-Type": "application/json"}
            ) as response:
                assert response.status == 400
            async with session.get(url, headers=good) as response:
                assert response.status == 405
        await asyncio.sleep(1.0)
        assert whserver.sent_messages(OUTSIDER) == []  # none of them reached a handler

        # the same request with the secret is taken: the refusals above were about the secret
        assert await post(url, who_update(OUTSIDER, 5), {"X-Telegram-Bot-Api-Secret-Token": SECRET}) == 200
        [reply] = await whserver.wait_for_messages(1, chat_id=OUTSIDER, timeout=30)
        assert "No articles yet" in reply["text"]


async def test_without_webhook_secret_a_random_one_is_used(whserver, port, tmp_path):
    async with webhook_bot(webhook_settings(whserver, tmp_path / "bot.sqlite3", port, secret=None)):
        secret = whserver.webhook_secret
        assert secret and len(secret) >= 32
        assert await post(f"http://127.0.0.1:{port}/telegram", who_update(OUTSIDER, 1), {}) == 403
        whserver.push_command("who", user_id=USER)  # delivered with the secret Telegram was given
        await whserver.wait_for_messages(1, chat_id=USER, timeout=30)


async def test_healthz_reports_database_models_and_queue(whserver, port, tmp_path, monkeypatch):
    async with webhook_bot(webhook_settings(whserver, tmp_path / "bot.sqlite3", port)) as app:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert response.status == 200
                body = await response.json()
            assert body["status"] == "ok"
            checks = body["checks"]
            assert checks["database"]["ok"] and checks["database"]["articles"] == 0
            assert checks["models"]["ok"] and checks["models"]["loaded"] and "id" in checks["models"]["languages"]
            assert checks["queue"]["ok"] and checks["queue"]["pending"] == 0

            async def broken() -> int:
                raise OSError("disk I/O error")

            monkeypatch.setattr(app.bot_data.services.store, "count_articles", broken)
            async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert response.status == 503
                body = await response.json()
            assert body["status"] == "fail"
            assert not body["checks"]["database"]["ok"] and "disk I/O error" in body["checks"]["database"]["error"]
            assert body["checks"]["models"]["ok"]
