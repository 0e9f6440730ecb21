"""Scheduled briefings through the local Bot API server and the real Application.

The job queue runs the due-check every 0.2 s of real time; the time the check sees is a
FakeClock the tests move, so "08:00 tomorrow" takes no waiting. Articles go through the real
pipeline (analysed once per session, see `analyse_once`).
"""

from __future__ import annotations

import asyncio
import re
import time as wallclock
from datetime import UTC, datetime, timedelta, timezone

import pytest

from handlers.chat_admins import ChatAdminCache
from handlers.delivery import deliver_due
from tests.conftest import ADMIN, SEED_FILE, FakeClock, ask, running_bot
from tests.telegram_server import FakeBotApi, parse_html, utf16_len

pytestmark = pytest.mark.usefixtures("analyse_once")

GROUP = -1001500
CHANNEL = -1001777
GROUP_ADMIN = 4004
MEMBER = 5005
CHANNEL_ADMIN = 6006
TICK = 0.2
WIB = timezone(timedelta(hours=7))


def wib(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in March 2026, Jakarta time (UTC+7, no daylight saving)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=WIB).astimezone(UTC)


async def in_group(server: FakeBotApi, command: str, args: str = "", user: int = GROUP_ADMIN) -> str:
    return await ask(server, command, args, user, chat_id=GROUP, chat_type="supergroup")


async def forward_seed(server: FakeBotApi) -> str:
    """The bot admin forwards the seed article from a public channel; returns the bot's answer."""
    before = len(server.sent_messages(ADMIN))
    server.push_forward_from_channel(
        SEED_FILE.read_text(encoding="utf-8"),
        user_id=ADMIN,
        channel_title="Kantor Berita",
        channel_username="kantorberita",
        message_id=77,
    )
    messages = await server.wait_for_messages(before + 1, chat_id=ADMIN, timeout=120)
    return messages[-1]["text"]


def stored_id(answer: str) -> str:
    """The article id in the bot's "Stored: ..." answer."""
    return re.search(r"id <code>([^<]+)</code>", answer).group(1)


async def settle(ticks: int = 4) -> None:
    """Let the periodic due-check run a few times."""
    await asyncio.sleep(TICK * ticks)


def post_as_chat(server: FakeBotApi, chat_id: int, text: str, kind: str = "channel_post") -> None:
    """A post made as the chat itself: a channel admin's post, or (kind "message") an anonymous
    group admin's message, which Telegram shows as from GroupAnonymousBot."""
    chat = server.chats[chat_id]
    command = text.split()[0]
    post = {
        "message_id": 900 + len(server.calls),
        "date": int(wallclock.time()),
        "chat": chat,
        "sender_chat": chat,
        "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}],
    }
    if kind == "message":
        post["from"] = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
    server.push_update({kind: post})


async def test_a_group_subscription_posts_on_schedule_once(server, tmp_path):
    server.chat_admins[GROUP] = [GROUP_ADMIN]
    clock = FakeClock(wib(10, 7, 30))
    async with running_bot(server, tmp_path / "bot.sqlite3", clock, check_seconds=TICK) as app:
        # a member may look, not change
        assert "only this chat's admins" in await in_group(server, "subscribe", "08:00 Kursk", user=MEMBER)
        assert "only this chat's admins" in await in_group(server, "settings", "language id", user=MEMBER)
        assert "This chat's settings" in await in_group(server, "settings", user=MEMBER)

        answer = await in_group(server, "subscribe", "08:00 Kursk")
        assert answer == (
            "✅ Briefing #1: every day at 08:00 (Asia/Jakarta), the topic <i>Kursk</i>. Next: 10.03.2026 08:00 WIB."
        ), answer
        assert len(server.method_calls("getChatAdministrators")) == 1  # cached for the chat
        assert (await forward_seed(server)).startswith("Stored:")

        await settle()
        assert len(server.sent_messages(GROUP)) == 4  # nothing before 08:00

        clock.now = wib(10, 8, 1)
        messages = await server.wait_for_messages(5, chat_id=GROUP, timeout=10)
        briefing = messages[4]
        text = briefing["text"]
        assert briefing["parse_mode"] == "HTML"
        assert text.startswith(
            "<b>📰 News briefing</b> — about <i>Kursk</i>\n<i>10.03.2026 08:00 WIB · 1 new article</i>"
        )
        assert '<b>1. <a href="https://t.me/kantorberita/77">' in text
        assert "<b>Kursk</b>" in text and "<b>Vladimir Putin</b>" in text
        assert "\n• " in text and "\n👤 " in text and "\n📍 " in text and "🗞 Kantor Berita" in text
        parse_html(text)  # the server already accepted it; it is valid Telegram HTML
        [[button]] = briefing["reply_markup"]["inline_keyboard"]
        assert button == {"text": "🔎 1", "callback_data": "more:s1"}  # the story the article started

        # further checks, from the job or called directly, send nothing
        await settle()
        assert await deliver_due(app.bot, app.bot_data.services.briefings) == 0
        assert len(server.sent_messages(GROUP)) == 5

        # the button sends the whole story, once, with its own who and where under it
        server.push_callback_query("more:s1", user_id=MEMBER, message=briefing)
        [*_, story] = await server.wait_for_messages(6, chat_id=GROUP, timeout=10)
        assert story["reply_parameters"]["message_id"] and "Li Qiang" in story["text"]
        assert story["text"].count("\n• ") > text.count("\n• ")
        server.push_callback_query("more:s1", user_id=MEMBER, message=briefing)
        await settle(2)
        assert len(server.sent_messages(GROUP)) == 6
        assert server.method_calls("answerCallbackQuery")[-1].get("text") == "Already shown above."

        # under the story: who and where in that story alone
        [[who_button, where_button]] = story["reply_markup"]["inline_keyboard"]
        assert (who_button["callback_data"], where_button["callback_data"]) == ("swho:1", "swhere:1")
        server.push_callback_query("swho:1", user_id=MEMBER, message=story)
        [*_, who] = await server.wait_for_messages(7, chat_id=GROUP, timeout=10)
        assert who["text"].startswith("<b>Who</b>") and "Vladimir Putin" in who["text"], who["text"]


async def test_a_restart_sends_a_missed_briefing_once_and_loses_none(server, tmp_path):
    server.chat_admins[GROUP] = [GROUP_ADMIN]
    db = tmp_path / "bot.sqlite3"
    clock = FakeClock(wib(10, 7, 30))
    async with running_bot(server, db, clock, check_seconds=TICK):
        assert "Briefing #1" in await in_group(server, "subscribe", "08:00")
        assert (await forward_seed(server)).startswith("Stored:")
    assert len(server.sent_messages(GROUP)) == 1

    clock.now = wib(10, 9, 30)  # 08:00 passed while the bot was down
    async with running_bot(server, db, clock, check_seconds=TICK):
        messages = await server.wait_for_messages(2, chat_id=GROUP, timeout=10)
        assert "News briefing" in messages[1]["text"] and "Vladimir Putin" in messages[1]["text"]
        await settle()
    assert len(server.sent_messages(GROUP)) == 2

    clock.advance(minutes=10)
    async with running_bot(server, db, clock, check_seconds=TICK) as app:  # a second restart sends nothing
        await settle()
        assert await deliver_due(app.bot, app.bot_data.services.briefings) == 0
        assert len(server.sent_messages(GROUP)) == 2

        # the next day nothing is new: silence, not an empty briefing
        clock.now = wib(11, 8, 0)
        await settle()
        assert len(server.sent_messages(GROUP)) == 2

        # an article stored again after /forget is new for the day after
        ext_id = (await app.bot_data.services.answers.latest(1))[0].ext_id
        assert "Removed:" in await ask(server, "forget", ext_id, ADMIN)
        assert (await forward_seed(server)).startswith("Stored:")
        clock.now = wib(12, 8, 0)
        messages = await server.wait_for_messages(3, chat_id=GROUP, timeout=10)
        assert "12.03.2026 08:00 WIB · 1 new article" in messages[2]["text"]
        await settle()
    assert len(server.sent_messages(GROUP)) == 3


async def test_a_channel_subscribes_by_posting_and_gets_its_briefing(server, tmp_path):
    server.add_chat(CHANNEL, "channel", title="Berita Pagi")
    server.chat_admins[CHANNEL] = [CHANNEL_ADMIN, server.bot_id]
    clock = FakeClock(wib(10, 6, 0))
    async with running_bot(server, tmp_path / "bot.sqlite3", clock, check_seconds=TICK) as app:
        post_as_chat(server, CHANNEL, "/subscribe 06:30")
        [answer] = await server.wait_for_messages(1, chat_id=CHANNEL, timeout=10)
        assert answer["text"].startswith("✅ Ringkasan #1: setiap hari pukul 06:30 (Asia/Jakarta), semua berita.")
        post_as_chat(server, CHANNEL, "/settings length long")
        messages = await server.wait_for_messages(2, chat_id=CHANNEL, timeout=10)
        assert "Panjang ringkasan: panjang" in messages[1]["text"]
        post_as_chat(server, CHANNEL, "/settings@someone_elses_bot length short")  # not for this bot
        ext_id = stored_id(await forward_seed(server))

        clock.now = wib(10, 6, 30)
        messages = await server.wait_for_messages(3, chat_id=CHANNEL, timeout=10)
        assert len(messages) == 3
        briefing = messages[2]["text"]
        assert briefing.startswith("<b>📰 Ringkasan berita</b>\n<i>10.03.2026 06:30 WIB · 1 artikel baru</i>")
        brief_rows = await app.bot_data.services.answers.brief(article=ext_id)
        assert briefing.count("\n• ") == len(brief_rows.sentences) > 2  # long: the whole brief

        # the bot is removed from the channel: its briefings stop
        bot_user = server.bot_user
        server.push_update(
            {
                "my_chat_member": {
                    "chat": server.chats[CHANNEL],
                    "from": {"id": CHANNEL_ADMIN, "is_bot": False, "first_name": "A"},
                    "date": int(wallclock.time()),
                    "old_chat_member": {"status": "member", "user": bot_user},
                    "new_chat_member": {"status": "left", "user": bot_user},
                }
            }
        )
        for _ in range(50):
            if not await app.bot_data.services.briefings.subscriptions(CHANNEL):
                break
            await asyncio.sleep(0.1)
        assert await app.bot_data.services.briefings.subscriptions(CHANNEL) == []


async def test_anonymous_admins_may_and_promotions_show_after_the_cache(server, tmp_path):
    server.chat_admins[GROUP] = [GROUP_ADMIN]
    server.add_chat(GROUP, "supergroup", title="Redaksi")
    async with running_bot(server, tmp_path / "bot.sqlite3", FakeClock(wib(10, 7, 0))) as app:
        post_as_chat(server, GROUP, "/settings timezone WITA", kind="message")
        [answer] = await server.wait_for_messages(1, chat_id=GROUP, timeout=10)
        # no Telegram language to go by: Indonesian, which is now the chat's language for everyone
        assert answer["text"].startswith("✅ Tersimpan.") and "Zona waktu: Asia/Makassar" in answer["text"]
        assert server.method_calls("getChatAdministrators") == []  # no need to ask

        minutes = FakeClock(0.0)
        app.bot_data.chat_admins = ChatAdminCache(ttl=300, clock=minutes)
        assert "hanya admin obrolan ini" in await in_group(server, "settings", "length long", user=MEMBER)
        server.chat_admins[GROUP].append(MEMBER)  # promoted
        assert "hanya admin obrolan ini" in await in_group(server, "settings", "length long", user=MEMBER)
        minutes.now = 301.0
        answer = await in_group(server, "settings", "language en", user=MEMBER)
        assert answer.startswith("✅ Saved.") and "Time zone: Asia/Makassar" in answer
        assert len(server.method_calls("getChatAdministrators")) == 2


async def test_a_group_upgraded_to_a_supergroup_keeps_its_settings(server, tmp_path):
    old, new = -5005, -1005005
    server.chat_admins[old] = [GROUP_ADMIN]
    async with running_bot(server, tmp_path / "bot.sqlite3", FakeClock(wib(10, 7, 0))) as app:
        assert "Briefing #1" in await ask(
            server, "subscribe", "08:00 Kursk", GROUP_ADMIN, chat_id=old, chat_type="group"
        )
        server.push_update(
            {
                "message": {
                    "message_id": 4242,
                    "date": int(wallclock.time()),
                    "chat": server.chats[old],
                    "from": {"id": GROUP_ADMIN, "is_bot": False, "first_name": "A"},
                    "migrate_to_chat_id": new,
                }
            }
        )
        briefings = app.bot_data.services.briefings
        for _ in range(50):
            if await briefings.subscriptions(new):
                break
            await asyncio.sleep(0.1)
        [moved] = await briefings.subscriptions(new)
        assert (moved.topic, moved.language) == ("Kursk", "en") and await briefings.subscriptions(old) == []
