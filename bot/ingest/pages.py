"""A news article out of a web page: title, text, date, author and site, with trafilatura.

trafilatura (maintained, and among the best-scoring open-source extractors in published
comparisons) keeps the article's paragraphs and drops navigation, related links, scripts, styles
and event-handler junk; lxml underneath parses broken HTML the way browsers do. It does no I/O
here: the page was fetched (or uploaded) already. This is CPU work: call it off the event loop.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import trafilatura
from trafilatura.settings import Document

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
# Where trafilatura looks for a date: the page's own markup only, not a guess from the text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
# Labels news sites put between paragraphs, which the extractor keeps as lines of text.
_LABEL_LINES = frozenset({"advertisement", "iklan", "scroll to continue with content", "baca juga", "baca juga:"})


@dataclass
class PageArticle:
    title: str
    text: str
    date: str | None = None  # YYYY-MM-DD
    author: str | None = None
    site: str | None = None


def _codec(name: str | bytes | None) -> str | None:
    """A Python codec for a charset label, or None if the label is unknown."""
    if not name:
        return None
    try:
        return codecs.lookup(name.decode("ascii") if isinstance(name, bytes) else name).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_page(body: bytes, charset: str | None = None) -> str:
    """The page as text: the HTTP charset, else a <meta charset>, else UTF-8, else Windows-1252.

    Never raises: undecodable bytes become U+FFFD, which the binary check then counts.
    """
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    declared = _codec(charset)
    if declared is None:
        match = _META_CHARSET.search(body[:4096])
        declared = _codec(match.group(1)) if match else None
    if declared is None:
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            declared = "cp1252"
    return body.decode(declared, errors="replace")


def _clean(value: object, limit: int) -> str | None:
    """A metadata field as one tidy line, or None: no control characters, bounded length."""
    if not value:
        return None
    text = "".join(ch for ch in str(value) if unicodedata.category(ch)[0] != "C")
    text = " ".join(text.split())[:limit]
    return text or None


def extract_article(html: str) -> PageArticle | None:
    """The article in `html`, or None when the page holds no article text."""
    if not html.strip():
        return None
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception:  # a parser edge case must not take the bot down: no article, then
        return None
    if not isinstance(doc, Document):  # None: no article (a dict only comes with as_dict=True)
        return None
    title = _clean(doc.title, 300) or ""
    lines = (doc.text or "").splitlines()
    text = "\n".join(line for line in lines if line.strip().casefold() not in _LABEL_LINES).strip()
    if not text or text == title:  # nothing, or only the page's name (a home page, an error page)
        return None
    return PageArticle(
        title=title,
        text=text,
        date=_clean(doc.date, 10),
        author=_clean(doc.author, 200),
        site=_clean(doc.sitename, 200),
    )
