"""An English article through the real bot and the bundled English models (no fake NLP): an
admin pastes it, and /who, /where and /brief answer an English-speaking user in English and an
Indonesian-speaking one in Indonesian; with the Indonesian seed beside it, one actor and one
place cover both languages' reports. The English seed was written for the project
(seeds/README.md)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ADMIN, SEED_FILE, ask

EN_SEED = Path(__file__).resolve().parent.parent / "seeds" / "001_en_li_qiang_moscow.txt"


async def test_an_english_article_is_answered_in_each_users_language(server, bot):
    server.push_text(EN_SEED.read_text(encoding="utf-8"), user_id=ADMIN, language_code="en")
    [stored] = await server.wait_for_messages(1, chat_id=ADMIN, timeout=180)
    assert stored["text"].startswith("Stored:"), stored["text"]

    who = await ask(server, "who")
    assert who.startswith("<b>Who</b>"), who
    people = who.partition("<u>Organisations</u>")[0]
    for name in ("Vladimir Putin", "Li Qiang", "Mikhail Mishustin", "Xi Jinping"):
        assert name in people, who
    assert "President <b>Vladimir Putin</b>" in people, who  # its title, from the text
    for agency_or_place in ("Moscow", "Kremlin</b> —", "AP"):
        assert f"<b>{agency_or_place}" not in people
    who_id = await ask(server, "who", lang="id")
    assert who_id.startswith("<b>Siapa</b>") and "Vladimir Putin" in who_id, who_id

    where = await ask(server, "where")
    assert where.startswith("<b>Where</b>"), where
    for place in ("Moscow", "Beijing", "Ukraine", "Belarus"):
        assert place in where, where
    where_id = await ask(server, "where", lang="id")
    assert where_id.startswith("<b>Di mana</b>") and "Moscow" in where_id, where_id

    brief = await ask(server, "brief")
    assert "Putin" in brief and "Sources:" in brief, brief
    brief_id = await ask(server, "brief", lang="id")
    assert "Putin" in brief_id and "Sumber:" in brief_id, brief_id


async def test_one_actor_and_one_place_across_the_two_languages(server, bot):
    server.push_forward_from_channel(
        SEED_FILE.read_text(encoding="utf-8"), user_id=ADMIN, channel_title="Kantor Berita", language_code="id"
    )
    server.push_text(EN_SEED.read_text(encoding="utf-8"), user_id=ADMIN, language_code="en")
    replies = await server.wait_for_messages(2, chat_id=ADMIN, timeout=240)
    assert all(r["text"].startswith(("Stored:", "Tersimpan:")) for r in replies), replies

    putin = await ask(server, "who", "Putin")
    assert "Putin di Rusia" in putin and "Putin praises growing trade" in putin, putin  # both reports
    where = await ask(server, "where")
    assert where.count("<b>Moscow</b>") + where.count("<b>Moskow</b>") == 1, where  # one place, two names
