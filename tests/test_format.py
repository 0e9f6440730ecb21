"""Telegram HTML: escaping of article text and splitting under the message limit; counts, countries
and dates as the reply language has them."""

import re
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from handlers.format import (
    TELEGRAM_LIMIT,
    format_actor,
    format_brief,
    format_event,
    format_latest,
    format_place,
    format_sources,
    format_subscription,
    format_where,
    format_who,
    local_time,
    split_message,
)
from storage import (
    ActorDetail,
    ActorRow,
    ArticleRef,
    BriefRows,
    BriefSentence,
    EventRow,
    PlaceRow,
    SourceRow,
    Subscription,
)

HOSTILE = ArticleRef(ext_id="x1", title='<script>alert("x")</script> & <b>', url="javascript:alert(1)")


def balanced(html: str) -> bool:
    stack = []
    for closing, name in re.findall(r"<(/?)([a-z]+)[^>]*>", html):
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


def test_article_text_is_escaped_and_unsafe_links_dropped():
    rows = [ActorRow(name="<i>Putin</i>", kind="PER", titles=["Presiden & Co"], mentions=3, articles=[HOSTILE])]
    html = format_who(rows, "en")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;i&gt;Putin&lt;/i&gt;" in html and "Presiden &amp; Co" in html
    assert "javascript:" not in html
    assert balanced(html)


def test_long_brief_splits_under_the_limit_with_balanced_tags():
    sentence = BriefSentence(text="Kalimat yang cukup panjang tentang <peristiwa> & akibatnya. " * 40, article=HOSTILE)
    rows = BriefRows(sentences=[sentence] * 6, sources=[HOSTILE])
    html = format_brief(rows, "id", topic="<b>Kursk</b>")
    chunks = split_message(html)
    assert len(chunks) > 3
    assert all(0 < len(c) <= TELEGRAM_LIMIT for c in chunks)
    assert all(balanced(c) for c in chunks)
    # nothing lost: the chunks hold every word of the reply
    assert re.sub(r"<[^>]+>|\s", "", "".join(chunks)) == re.sub(r"<[^>]+>|\s", "", html)


def test_a_line_longer_than_the_limit_inside_a_tag_is_closed_and_reopened():
    html = "<b>" + ("kata " * 2000) + "</b>"
    chunks = split_message(html)
    assert len(chunks) >= 3
    for chunk in chunks:
        assert len(chunk) <= TELEGRAM_LIMIT
        assert chunk.startswith("<b>") and chunk.endswith("</b>")


def test_short_reply_is_one_chunk():
    assert split_message("<b>Siapa</b>\n• Putin") == ["<b>Siapa</b>\n• Putin"]


def _event(time_text: str | None, date: str | None) -> EventRow:
    return EventRow(
        actor="Rusia",
        predicate="menghalau",
        object="serangan",
        target=None,
        place="Ukraina",
        time_text=time_text,
        date=date,
        sentence="",
        article=ArticleRef(ext_id="a1", title="t"),
    )


def test_an_event_date_is_shown_at_its_precision_and_not_twice():
    assert format_event(_event("hari Rabu", "2024-08-21"), "id").count("hari Rabu (21.08.2024)") == 1
    assert "Agustus 2024 (08.2024)" in format_event(_event("Agustus 2024", "2024-08"), "id")
    year = format_event(_event("tahun 2022", "2022"), "id")
    assert "tahun 2022" in year and "(2022)" not in year and "01.01" not in year
    assert "🗓 03.2023" in format_event(_event(None, "2023-03"), "id")


def _place(name: str, kind: str, country: str | None, canonical: str | None, mentions: int = 1) -> PlaceRow:
    return PlaceRow(name=name, mentions=mentions, articles=[], canonical=canonical, kind=kind, country=country)


def test_a_place_s_country_is_named_in_the_reply_language():
    moskow = _place("Moskow", "city", "Russian Federation", "Moscow")
    assert "<b>Moskow</b> — kota, Rusia, Moscow (1× disebut)" in format_where([moskow], "id")
    assert "<b>Moskow</b> — city, Russian Federation, Moscow (1 mention)" in format_where([moskow], "en")
    # a country's canonical name is its English name: not shown when it is the name the article used
    rusia = _place("Rusia", "country", "Russian Federation", "Russian Federation", mentions=12)
    assert format_place(rusia, "id").startswith("📍 <b>Rusia</b> — negara\n12× disebut")
    assert format_place(rusia, "en").startswith("📍 <b>Rusia</b> — country, Russian Federation\n12 mentions")
    china = _place("China", "country", "China", "China")
    assert "<b>China</b> — negara, Tiongkok" in format_where([china], "id")
    assert "Palestina" in format_where([_place("Gaza", "region", "Palestine, State of", "Gaza Strip")], "id")


def test_counts_take_their_plural_form():
    one = ActorRow(name="Li Qiang", kind="PER", titles=[], mentions=1, articles=[], article_count=1)
    many = ActorRow(name="Putin", kind="PER", titles=[], mentions=3, articles=[], article_count=2)
    html = format_who([one, many], "en")
    assert "Li Qiang</b> (1 mention)" in html and "Putin</b> (3 mentions, 2 articles)" in html
    assert "Putin</b> (3× disebut, 2 artikel)" in format_who([one, many], "id")
    assert "1 mention\n" in format_actor(ActorDetail(actor=one, places=[], co_actors=[]), "en") + "\n"


def test_dates_and_times_read_as_before():
    wib = ZoneInfo("Asia/Jakarta")
    assert local_time(datetime(2026, 3, 10, 8, 0, tzinfo=wib), "id") == "10.03.2026 08:00 WIB"
    assert local_time(datetime(2026, 3, 10, 1, 0, tzinfo=UTC)) == "10.03.2026 01:00 UTC"
    ref = ArticleRef(ext_id="a1", title="t", source="Kantor Berita", published="2026-11-28T10:00:00+07:00")
    assert "— Kantor Berita · 2026-11-28" in format_latest([ref], "id")
    stored = ArticleRef(ext_id="a2", title="t", added_at="2024-05-16T08:00:12.345Z")
    sources = format_sources([SourceRow(ref=stored, added_by=7, language="id", actors=1, places=0)], "en")
    assert "2024-05-16 08:00 UTC · by <code>7</code> · id" in sources
    sub = Subscription(
        id=3,
        chat_id=1,
        topic=None,
        time_of_day=time(8, 5),
        last_slot=datetime(2026, 3, 9, tzinfo=UTC),
        last_article_id=0,
        last_sent_at=None,
        timezone="Asia/Jakarta",
        language="id",
        length="short",
    )
    line = format_subscription(sub, datetime(2026, 3, 10, 8, 5, tzinfo=wib), "id")
    assert line == "#3 pukul 08:05, semua berita (berikutnya 10.03.2026 08:05 WIB)"


def test_a_site_is_shown_within_its_city():
    salemba = _place("Jalan Salemba", "site", "Indonesia", "Jalan Salemba, Kota Jakarta Pusat, Jakarta")
    assert "<b>Jalan Salemba</b> — site, Kota Jakarta Pusat, Jakarta, Indonesia" in format_where([salemba], "en")
    assert "<b>Jalan Salemba</b> — lokasi, Kota Jakarta Pusat, Jakarta, Indonesia" in format_where([salemba], "id")
