"""The real Briefbot Application against a local Bot API server on 127.0.0.1.

An admin forwards the seed article; a user asks /who, /where and /brief; a non-admin's
article is refused and not stored. The bot runs on the bundled models (no fake NLP).
"""

from __future__ import annotations

from tests.conftest import ADMIN, SEED_FILE, USER, ask

STRANGER = 3003


async def test_admin_forwards_seed_then_users_ask(server, bot):
    # commands are registered at start, in English and Indonesian
    assert {c["command"] for c in server.commands} >= {"who", "where", "brief", "latest", "help"}

    server.push_forward_from_channel(
        SEED_FILE.read_text(encoding="utf-8"), user_id=ADMIN, channel_title="Kantor Berita", language_code="id"
    )
    [confirmation] = await server.wait_for_messages(1, chat_id=ADMIN, timeout=120)
    assert confirmation["text"].startswith("Tersimpan:"), confirmation["text"]
    assert confirmation["parse_mode"] == "HTML"

    who = await ask(server, "who")
    people, _, organisations = who.partition("<u>Organisations</u>")
    for name in ("Vladimir Putin", "Li Qiang", "Xi Jinping", "Mikhail Mishustin"):
        assert name in people, who
    assert "Presiden Rusia <b>Vladimir Putin</b>" in people
    assert "Kremlin" in organisations and "Kremlin" not in people
    assert "memuji hubungan dagang" in people  # Putin's latest action, from the parse

    # /who NAME: one actor in full; the same from the button under /who
    who_putin = await ask(server, "who", "Putin")
    assert who_putin.startswith("👤 Presiden Rusia <b>Vladimir Putin</b>"), who_putin
    assert "Latest actions" in who_putin and "hari Rabu" in who_putin
    assert "Li Qiang" in who_putin.partition("With</b>:")[2]  # a co-actor, not a second answer
    [listing] = [m for m in server.sent_messages(USER) if m["text"] == who]
    buttons = [b for row in listing["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons[0]["text"] == "Vladimir Putin", buttons
    before = len(server.sent_messages(USER))
    server.push_callback_query(buttons[0]["callback_data"], user_id=USER, message=listing)
    messages = await server.wait_for_messages(before + 1, chat_id=USER, timeout=30)
    assert messages[-1]["text"] == who_putin

    where = await ask(server, "where", lang="id")
    assert where.startswith("<b>Di mana</b>")
    for place in ("Moskow", "Kursk", "Ukraina"):
        assert place in where, where
    assert "<b>Moskow</b> — kota, Rusia, Moscow" in where  # grounded in the gazetteer

    brief = await ask(server, "brief", "Kursk")
    assert "Kursk" in brief and "Sources:" in brief

    latest = await ask(server, "latest")
    assert "Putin di Rusia" in latest


async def test_non_admin_article_is_refused_and_not_stored(server, bot):
    server.push_text(SEED_FILE.read_text(encoding="utf-8"), user_id=STRANGER, language_code="en")
    [reply] = await server.wait_for_messages(1, chat_id=STRANGER, timeout=30)
    assert "only admins" in reply["text"]
    assert await bot.bot_data.services.store.count_articles() == 0
    assert "No articles yet" in await ask(server, "who", user=STRANGER)


async def test_bad_input_from_admin_gets_a_clear_reply(server, bot):
    server.push_text("Halo bot!", user_id=ADMIN, language_code="en")
    [reply] = await server.wait_for_messages(1, chat_id=ADMIN, timeout=30)
    assert "Too short" in reply["text"]
    french = (  # a language without models (Indonesian and English have theirs)
        "Poutine salue les liens avec la Chine\nLe président russe Vladimir Poutine a salué mercredi la "
        "croissance des échanges commerciaux avec la Chine lors d'une rencontre avec un haut responsable "
        "chinois à Moscou, alors que les deux pays renforcent leur partenariat face aux tensions avec l'Occident."
    )
    server.push_text(french, user_id=ADMIN, language_code="en")
    replies = await server.wait_for_messages(2, chat_id=ADMIN, timeout=30)
    assert "French" in replies[1]["text"] and "Nothing was stored" in replies[1]["text"], replies[1]["text"]
    assert await bot.bot_data.services.store.count_articles() == 0
