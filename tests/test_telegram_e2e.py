"""The real Briefbot Application against a local Bot API server on 127.0.0.1.

An admin forwards the seed article; a user asks /who, /where and /brief; a non-admin's
article is refused and not stored. The bot runs on the bundled models (no fake NLP).
"""

from __future__ import annotations

from tests.conftest import ADMIN, SEED_FILE, ask

STRANGER = 3003


async def test_admin_forwards_seed_then_users_ask(server, bot):
    # commands are registered at start, in English and Indonesian
    assert {c["command"] for c in server.commands} >= {"who", "where", "brief", "latest", "help"}

    server.push_forward_from_channel(SEED_FILE.read_text(encoding="utf-8"), user_id=ADMIN,
                                     channel_title="Kantor Berita", language_code="id")
    [confirmation] = await server.wait_for_messages(1, chat_id=ADMIN, timeout=120)
    assert confirmation["text"].startswith("Tersimpan:"), confirmation["text"]
    assert confirmation["parse_mode"] == "HTML"

    who = await ask(server, "who")
    for name in ("Vladimir Putin", "Li Qiang", "Xi Jinping", "Mikhail Mishustin"):
        assert name in who, who
    assert "Presiden Rusia" in who

    who_putin = await ask(server, "who", "Putin")
    assert "Vladimir Putin" in who_putin and "Li Qiang" not in who_putin

    where = await ask(server, "where", lang="id")
    assert where.startswith("<b>Di mana</b>")
    for place in ("Moskow", "Kursk", "Ukraina"):
        assert place in where, where

    brief = await ask(server, "brief", "Kursk")
    assert "Kursk" in brief and "Sources:" in brief

    latest = await ask(server, "latest")
    assert "Putin di Rusia" in latest


async def test_non_admin_article_is_refused_and_not_stored(server, bot):
    server.push_text(SEED_FILE.read_text(encoding="utf-8"), user_id=STRANGER, language_code="en")
    [reply] = await server.wait_for_messages(1, chat_id=STRANGER, timeout=30)
    assert "only admins" in reply["text"]
    assert await bot.bot_data["service"].store.count_articles() == 0
    assert "No articles yet" in await ask(server, "who", user=STRANGER)


async def test_bad_input_from_admin_gets_a_clear_reply(server, bot):
    server.push_text("Halo bot!", user_id=ADMIN, language_code="en")
    [reply] = await server.wait_for_messages(1, chat_id=ADMIN, timeout=30)
    assert "Too short" in reply["text"]
    english = ("Putin praises ties with China\nRussian President Vladimir Putin on Wednesday praised the "
               "growing trade relationship with China during a meeting with a senior Chinese official in "
               "Moscow, as the two countries deepen their partnership in the face of tension with the West.")
    server.push_text(english, user_id=ADMIN, language_code="en")
    replies = await server.wait_for_messages(2, chat_id=ADMIN, timeout=30)
    assert "English" in replies[1]["text"] and "Nothing was stored" in replies[1]["text"]
    assert await bot.bot_data["service"].store.count_articles() == 0
