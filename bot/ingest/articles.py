"""Articles as they arrive: from pasted text, a JSON record or an extracted web page, and the
links a message carries. Pure functions; nothing here does I/O."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.ingest.pages import PageArticle

MAX_TITLE_CHARS = 200
# A post whose own text (links aside) is at least this long is the article itself, and its link
# only says where it came from; a shorter one (a headline, a teaser) points to the article.
ARTICLE_WORDS = 120

_LINK = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}>»”’'\""
# A message that is one token with a scheme: a link, even if not one we fetch (file://, javascript:)
_LONE_LINK = re.compile(r"(?:[a-z][a-z0-9+.-]{1,15}://|(?:javascript|vbscript|data|file|mailto):)\S+", re.IGNORECASE)


@dataclass
class ArticleInput:
    """An article as given by a user or a file."""

    title: str
    text: str
    ext_id: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None


def article_from_text(text: str) -> ArticleInput:
    """A pasted or forwarded article: the first line is its title, the rest its body.

    A single paragraph has no separate title: its first sentence (cut to a sane length) serves.
    """
    text = text.strip()
    first, _, rest = text.partition("\n")
    if rest.strip():
        return ArticleInput(title=first.strip()[:MAX_TITLE_CHARS], text=rest.strip())
    match = re.match(r"(.{10,%d}?[.!?])\s" % MAX_TITLE_CHARS, text)
    title = match.group(1) if match else text[:80]
    return ArticleInput(title=title.strip(), text=text)


def _field(record: Mapping[str, object], key: str) -> str | None:
    value = record.get(key)
    return str(value) if value not in (None, "") and not isinstance(value, (dict, list)) else None


def article_from_record(record: Mapping[str, object]) -> ArticleInput:
    """A JSON Lines record: {id, title, text, date, source, url}; odd types become text or None."""
    return ArticleInput(
        title=_field(record, "title") or "",
        text=_field(record, "text") or "",
        ext_id=_field(record, "id"),
        source=_field(record, "source"),
        url=_field(record, "url"),
        published=_field(record, "date"),
        author=_field(record, "author"),
    )


def article_from_page(page: PageArticle, url: str | None = None, title_hint: str | None = None) -> ArticleInput:
    """An extracted web page; without a title of its own, the hint (a post's headline) or the
    text's first sentence serves."""
    title = page.title or (title_hint or "").strip() or article_from_text(page.text).title
    return ArticleInput(
        title=title[:MAX_TITLE_CHARS],
        text=page.text,
        source=page.site,
        url=url,
        published=page.date,
        author=page.author,
    )


def looks_binary(text: str) -> bool:
    """NUL bytes, or many replacement and control characters: a binary file read as text."""
    if "\x00" in text:
        return True
    sample = text[:5000]
    odd = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\n\r\t"))
    return odd > max(5, len(sample) // 50)


def find_links(text: str) -> list[str]:
    """The http(s) links written in a text, in order, once each, without trailing punctuation."""
    links: list[str] = []
    for match in _LINK.finditer(text):
        link = match.group(0).rstrip(_TRAILING)
        if link not in links:
            links.append(link)
    return links


def lone_link(text: str) -> str | None:
    """The message itself when it is a single link of any scheme ("file:///etc/passwd")."""
    text = text.strip()
    return text if _LONE_LINK.fullmatch(text) else None


def without_links(text: str, links: list[str]) -> str:
    """A post's own words: the text without the links, nor the labels beside them on their line
    ("Sumber:", "Baca selengkapnya di"), which mean nothing once the link is gone."""
    kept: list[str] = []
    for line in text.splitlines():
        rest = line
        for link in links:
            rest = rest.replace(link, " ")
        words = rest.split()
        if words and (rest == line or len(words) > 3):
            kept.append(" ".join(words))
    return "\n".join(kept)


def normalise_link(link: str) -> str | None:
    """A link Telegram marked, with a scheme; None for a bare site name ("Merdeka.com - Polisi
    ..." opens many articles): it names the source, it does not point to the article."""
    link = link.strip()
    if "://" in link or _LONE_LINK.fullmatch(link):
        return link
    _host, slash, path = link.partition("/")
    return f"https://{link}" if slash and path.strip("/") else None
