"""The bot admins' workflow through the local Bot API server: every ingestion answered,
/sources, /stats, /forget, and chats allowed to add articles."""

from __future__ import annotations

import asyncio

import pytest

from handlers.texts import t
from tests.conftest import ADMIN, SEED_FILE, USER, ask

pytestmark = pytest.mark.usefixtures("analyse_once")

NEWSROOM = -1002001  # a group of editors a bot admin allows
CHATTER = -1002002  # any other group
EDITOR = 7007


async def test_sources_stats_and_forget(server, bot):
    assert {"subscribe", "settings", "sources", "forget", "stats"} <= {c["command"] for c in server.commands}
    seed = SEED_FILE.read_text(encoding="utf-8")
    server.push_forward_from_channel(seed, user_id=ADMIN, channel_title="Kantor Berita")
    [stored] = await server.wait_for_messages(1, chat_id=ADMIN, timeout=120)
    assert stored["text"].startswith("Stored:") and "👤" in stored["text"] and "📍" in stored["text"]
    server.push_text(seed, user_id=ADMIN)
    replies = await server.wait_for_messages(2, chat_id=ADMIN, timeout=30)
    assert "already stored" in replies[1]["text"]
    ext_id = (await bot.bot_data.services.answers.latest(1))[0].ext_id

    for command in ("sources", "stats", "forget"):
        assert "only the bot's admins" in await ask(server, command, ext_id, USER)
    assert await bot.bot_data.services.store.count_articles() == 1

    sources = await ask(server, "sources", "", ADMIN)
    assert sources.startswith("<b>Stored articles</b>")
    assert f"<code>{ext_id}</code>" in sources and "by <code>1001</code>" in sources and "Kantor Berita" in sources
    stats = await ask(server, "stats", "", ADMIN)
    assert "Articles: 1\n" in stats and "Scheduled briefings: 0" in stats and "Database:" in stats

    assert "No stored article" in await ask(server, "forget", "nope", ADMIN)
    assert "Removed: <b>Putin di Rusia" in await ask(server, "forget", ext_id, ADMIN)
    stats = await ask(server, "stats", "", ADMIN)
    assert "Articles: 0\nActors: 0\nPlaces: 0\n" in stats
    assert "No articles yet" in await ask(server, "who")


async def test_a_bot_admin_allows_a_newsroom_group_and_a_user(server, bot):
    seed = SEED_FILE.read_text(encoding="utf-8")
    assert "only the bot's admins" in await ask(server, "allow", "", EDITOR, chat_id=NEWSROOM, chat_type="supergroup")
    answer = await ask(server, "allow", "", ADMIN, chat_id=NEWSROOM, chat_type="supergroup")
    assert f"Chat <code>{NEWSROOM}</code> may now add articles" in answer

    # a forward in another group is group chatter; in the allowed group it is an article
    server.push_forward_from_channel(seed, user_id=EDITOR, chat_id=CHATTER, chat_type="supergroup")
    server.push_forward_from_channel(seed, user_id=EDITOR, chat_id=NEWSROOM, chat_type="supergroup")
    messages = await server.wait_for_messages(3, chat_id=NEWSROOM, timeout=120)
    assert messages[2]["text"].startswith("Stored:")
    # the other group's silence, proved rather than waited for: a command sent there after the
    # forward is answered, and once every update the bot took is handled (the forward's too),
    # that answer is all the group ever got
    help_text = t("help", "en") + t("help_briefings", "en")
    assert await ask(server, "help", "", EDITOR, chat_id=CHATTER, chat_type="supergroup") == help_text
    await asyncio.wait_for(bot.update_queue.join(), 30)
    assert [m["text"] for m in server.sent_messages(CHATTER)] == [help_text]
    assert [name for name, params in server.calls if params.get("chat_id") == CHATTER] == ["sendMessage"]

    # a user allowed by id may add articles in a private chat
    assert "only admins" in (await _paste(server, "Halo redaksi!"))
    await ask(server, "allow", str(USER), ADMIN)
    assert "Too short" in await _paste(server, "Halo redaksi!")
    assert "may no longer" in await ask(server, "disallow", str(USER), ADMIN)
    assert "only admins" in await _paste(server, "Halo redaksi!")


async def _paste(server, text: str) -> str:
    before = len(server.sent_messages(USER))
    server.push_text(text, user_id=USER)
    return (await server.wait_for_messages(before + 1, chat_id=USER, timeout=30))[-1]["text"]
