"""Telegram HTML: escaping of article text and splitting under the message limit."""

import re

from handlers.format import TELEGRAM_LIMIT, format_brief, format_event, format_who, split_message
from storage import ActorRow, ArticleRef, BriefRows, BriefSentence, EventRow

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
