"""Delivering due briefings, with a stand-in bot: many chats, failed sends, long briefings,
and article text that must not break Telegram HTML."""

from collections import Counter
from datetime import UTC, datetime, time, timedelta

import pytest
from telegram.error import ChatMigrated, Forbidden, NetworkError

from bot.services.briefings import ScheduledBriefings
from handlers.delivery import deliver_due
from handlers.format import TELEGRAM_LIMIT
from nlp.analysis import Actor, Analysis, Place, Sentence
from storage import NewArticle, open_store
from tests.conftest import FakeClock
from tests.telegram_server import parse_html

T0 = datetime(2026, 3, 10, 0, 30, tzinfo=UTC)  # 07:30 in Jakarta
AT_EIGHT = T0 + timedelta(minutes=31)


class StandInBot:
    """Records send_message calls; raises the exception set for a chat."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, dict]] = []
        self.failures: dict[int, Exception] = {}

    async def send_message(self, chat_id: int, text: str, **kwargs) -> None:
        if chat_id in self.failures:
            raise self.failures[chat_id]
        parse_html(text)  # what Telegram would refuse fails here
        assert len(text) <= TELEGRAM_LIMIT
        self.sent.append((chat_id, text, kwargs))


def news(
    n: int, title: str = "Banjir di Jakarta", sentence: str = "Hujan deras membuat banjir di Jakarta.", words: int = 1
) -> tuple[NewArticle, Analysis]:
    text = " ".join([sentence] * words)
    article = NewArticle(
        ext_id=f"n{n}",
        title=title,
        raw_text=text,
        text=text,
        content_hash=f"h{n}",
        language="id",
        source="Kantor <Berita> & Co",
        url=f"https://example.org/{n}?a=1&b=2",
    )
    sentences = [Sentence(index=i, text=text, words=len(text.split()), complete=True, score=1.0) for i in range(3)]
    analysis = Analysis(
        language="id",
        sentences=sentences,
        actors=[Actor("Anies Baswedan", "PER", ["Gubernur"], [0])],
        places=[Place("Jakarta", [0, 1])],
        brief=[0, 1, 2],
    )
    return article, analysis


@pytest.fixture
async def briefings(tmp_path):
    store = await open_store(tmp_path / "db.sqlite3")
    yield ScheduledBriefings(store, FakeClock(T0))
    await store.close()


async def subscribe(briefings: ScheduledBriefings, *chats: int, topic: str | None = None) -> None:
    for chat in chats:
        await briefings.subscribe(chat, "supergroup", time(8), topic, created_by=7, default_language="en")


async def test_many_chats_each_get_one_and_failed_sends_are_handled(briefings):
    await subscribe(briefings, -1, -2, -3)
    await briefings.store.add_article(*news(1))
    bot = StandInBot()
    bot.failures = {-2: NetworkError("connection reset"), -3: Forbidden("bot was kicked")}
    briefings.clock.now = AT_EIGHT
    assert await deliver_due(bot, briefings) == 1
    assert [chat for chat, _, _ in bot.sent] == [-1]
    # -3 removed the bot: its subscription is gone; -2 failed outright: its slot is retried
    assert await briefings.subscriptions(-3) == []
    assert await deliver_due(bot, briefings) == 0
    del bot.failures[-2]
    assert await deliver_due(bot, briefings) == 1
    assert [chat for chat, _, _ in bot.sent] == [-1, -2]
    assert await deliver_due(bot, briefings) == 0
    [sub] = await briefings.subscriptions(-2)
    assert sub.last_sent_at == AT_EIGHT


async def test_a_topic_briefing_holds_only_new_matching_articles(briefings):
    await subscribe(briefings, -1, topic="Kursk")
    await briefings.store.add_article(*news(1))
    briefings.clock.now = AT_EIGHT
    bot = StandInBot()
    assert await deliver_due(bot, briefings) == 0  # nothing about Kursk: silence
    await briefings.store.add_article(*news(2, "Serangan di Kursk", "Serangan drone di Kursk melukai warga."))
    briefings.clock.advance(days=1)
    assert await deliver_due(bot, briefings) == 1
    [(_, text, _)] = bot.sent
    assert "Serangan di Kursk" in text and "Banjir" not in text and "<b>Kursk</b>" in text


async def test_a_long_briefing_splits_with_the_buttons_under_the_last_part(briefings):
    await briefings.configure(-1, "supergroup", 7, "en", length="long")
    await subscribe(briefings, -1)
    for n in range(12):
        await briefings.store.add_article(
            *news(
                n, f"Berita <{n}> & lainnya", "Kalimat panjang tentang <banjir> & Anies Baswedan di Jakarta.", words=20
            )
        )
    briefings.clock.now = AT_EIGHT
    bot = StandInBot()
    assert await deliver_due(bot, briefings) == 1
    assert len(bot.sent) > 2
    markups = [kwargs["reply_markup"] for _, _, kwargs in bot.sent]
    assert all(m is None for m in markups[:-1])
    buttons = [b for row in markups[-1].inline_keyboard for b in row]
    assert [b.text for b in buttons] == [f"🔎 {n}" for n in range(1, 11)]  # long: ten stories
    text = "\n".join(t for _, t, _ in bot.sent)
    assert "…and 2 more stories: /brief" in text  # twelve unrelated articles: twelve stories
    assert "Berita &lt;11&gt; &amp; lainnya" in text and "Kantor &lt;Berita&gt; &amp; Co" in text
    assert 'href="https://example.org/11?a=1&amp;b=2"' in text
    assert "<b>Anies Baswedan</b>" in text


async def test_a_group_upgraded_to_a_supergroup_keeps_its_briefing(briefings):
    await briefings.configure(-5, "group", 7, "en", length="long")
    await subscribe(briefings, -5)
    await briefings.store.add_article(*news(1))
    briefings.clock.now = AT_EIGHT
    bot = StandInBot()
    bot.failures = {-5: ChatMigrated(-1005)}
    assert await deliver_due(bot, briefings) == 0
    assert await briefings.subscriptions(-5) == []
    assert (await briefings.settings(-1005)).length == "long"
    assert await deliver_due(bot, briefings) == 1  # the same slot, now to the new id
    assert [chat for chat, _, _ in bot.sent] == [-1005]


def report(ext_id: str, terms: str, source: str, place: Place) -> tuple[NewArticle, Analysis]:
    """An article with lemmas (what stories are formed from), dated the day of the briefings."""
    article, analysis = news(int(ext_id[1:]), title=terms.capitalize(), sentence=f"{terms.capitalize()}.")
    article.source, article.published = source, "2026-03-10"
    analysis.terms = dict(Counter(terms.split()))
    analysis.places = [place]
    return article, analysis


QUAKE = "gempa magnitudo guncang ambon rumah rusak warga mengungsi bmkg maluku"
FLOOD = "banjir rendam rumah warga jakarta hujan deras pengungsi kali meluap"
AMBON = Place("Ambon", [0], canonical="Ambon", kind="city", country="Indonesia", country_code="ID")
JAKARTA = Place("Jakarta", [0], canonical="Jakarta", kind="city", country="Indonesia", country_code="ID")


async def test_briefings_go_story_by_story_and_an_old_story_returns_only_with_what_is_new(briefings):
    await subscribe(briefings, -1)
    store = briefings.store
    await store.add_article(*report("n1", QUAKE, "Antara", AMBON))
    await store.add_article(*report("n2", QUAKE + " susulan", "Kompas", AMBON))
    await store.add_article(*report("n3", FLOOD, "Detik", JAKARTA))
    briefings.clock.now = AT_EIGHT
    bot = StandInBot()
    assert await deliver_due(bot, briefings) == 1
    [(_, first, kwargs)] = bot.sent
    entries = first.split("\n\n")[1:]
    assert len(entries) == 2, first  # two stories, not three articles
    quake = next(e for e in entries if "Gempa" in e)
    assert "2 reports from Kompas, Antara" in quake and "🆕" not in quake  # newest first
    assert "🆕" not in first
    buttons = [b.callback_data for row in kwargs["reply_markup"].inline_keyboard for b in row]
    assert all(data.startswith("more:s") for data in buttons) and len(buttons) == 2  # each opens its story

    # a day later: one more report of the quake, none of the flood
    await store.add_article(*report("n4", QUAKE + " korban", "Tempo", AMBON))
    briefings.clock.now = AT_EIGHT + timedelta(days=1)
    bot = StandInBot()
    assert await deliver_due(bot, briefings) == 1
    [(_, second, _)] = bot.sent
    entries = second.split("\n\n")[1:]
    assert len(entries) == 1 and "Banjir" not in second, second
    assert "🆕 1 new report since 10.03.2026 08:01 WIB · Tempo" in entries[0]
    assert "Tempo" in entries[0] and "Antara" not in entries[0]  # only the new report is cited

    # nothing new: no briefing at all
    briefings.clock.now = AT_EIGHT + timedelta(days=2)
    bot = StandInBot()
    assert await deliver_due(bot, briefings) == 0 and not bot.sent
