"""Telegram HTML: escaping of article text and splitting under the message limit."""

import re

from handlers.format import TELEGRAM_LIMIT, format_brief, format_who, split_message
from storage import ActorRow, ArticleRef, BriefRows, BriefSentence

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
