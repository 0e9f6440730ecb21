"""The briefing service: what Telegram handlers and the command line both call.

Ingestion checks an article, cleans it, runs Stanza off the event loop and stores the result
in one transaction; answers read the store only.
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nlp
from nlp import summarize
from storage import ActorRow, ArticleRef, BriefRows, NewArticle, PlaceRow, Store

log = logging.getLogger(__name__)

MIN_WORDS = 25
MAX_CHARS = 100_000
MAX_TITLE_CHARS = 200


class IngestStatus(enum.Enum):
    STORED = "stored"
    DUPLICATE = "duplicate"
    EMPTY = "empty"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    NOT_TEXT = "not_text"
    UNSUPPORTED_LANGUAGE = "unsupported_language"
    FAILED = "failed"


@dataclass
class ArticleInput:
    """An article as given by a user or a file."""

    title: str
    text: str
    ext_id: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None


@dataclass
class IngestResult:
    status: IngestStatus
    title: str = ""
    ext_id: str | None = None
    language: str | None = None
    actors: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    duplicate_of: ArticleRef | None = None


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


def content_hash(text: str) -> str:
    """The same article pasted twice (spacing, case or punctuation aside) hashes the same."""
    words = re.findall(r"\w+", text.lower())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    sample = text[:5000]
    odd = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\n\r\t"))
    return odd > max(5, len(sample) // 50)


class BriefingService:
    """Ingest articles and answer questions about them."""

    def __init__(self, store: Store, models_dir: Path) -> None:
        self.store = store
        self.models_dir = Path(models_dir)
        self.languages = nlp.supported_languages(self.models_dir)
        # Stanza pipelines are not safe to share between threads: one worker runs them all,
        # so the event loop only awaits, and queued articles wait their turn.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stanza")

    async def warm_up(self) -> None:
        """Load the models now (off the event loop) rather than on the first article."""
        loop = asyncio.get_running_loop()
        for lang in sorted(self.languages):
            await loop.run_in_executor(self._executor, nlp.get_pipeline, self.models_dir, lang)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    async def ingest(self, article: ArticleInput, added_by: int | None = None) -> IngestResult:
        """Check, analyse and store one article; nothing is stored unless all of it succeeds."""
        title = " ".join(article.title.split())[:MAX_TITLE_CHARS]
        raw = article.text or ""
        result = IngestResult(status=IngestStatus.EMPTY, title=title)
        if not raw.strip():
            return result
        if len(raw) > MAX_CHARS:
            result.status = IngestStatus.TOO_LONG
            return result
        if _looks_binary(raw):
            result.status = IngestStatus.NOT_TEXT
            return result
        cleaned = nlp.clean_text(raw, title)
        if len(cleaned.split()) < MIN_WORDS:
            result.status = IngestStatus.TOO_SHORT
            return result
        digest = content_hash(cleaned)
        duplicate = await self.store.find_duplicate(digest, article.ext_id)
        if duplicate:
            result.status = IngestStatus.DUPLICATE
            result.duplicate_of = duplicate
            result.ext_id = duplicate.ext_id
            return result
        language = nlp.detect_language(f"{title}\n{cleaned}")
        result.language = language
        if language not in self.languages:
            result.status = IngestStatus.UNSUPPORTED_LANGUAGE
            return result
        loop = asyncio.get_running_loop()
        try:
            analysis = await loop.run_in_executor(
                self._executor, nlp.analyze, cleaned, self.models_dir, language, title
            )
        except Exception:
            log.exception("analysis failed for %r", title[:60])
            result.status = IngestStatus.FAILED
            return result
        ext_id = article.ext_id or f"a{digest[:10]}"
        new = NewArticle(
            ext_id=ext_id, title=title, raw_text=raw, text=cleaned, content_hash=digest, language=language,
            source=article.source, url=article.url, published=article.published, added_by=added_by,
        )
        await self.store.add_article(new, analysis)
        result.status = IngestStatus.STORED
        result.ext_id = ext_id
        result.actors = [a.name for a in analysis.actors]
        result.places = [p.name for p in analysis.places]
        return result

    async def who(self, topic: str | None = None, article: str | None = None, limit: int = 8) -> list[ActorRow]:
        return await self.store.actors(topic=topic, article=article, limit=limit)

    async def where(self, topic: str | None = None, article: str | None = None, limit: int = 10) -> list[PlaceRow]:
        return await self.store.places(topic=topic, article=article, limit=limit)

    async def brief(self, topic: str | None = None, article: str | None = None) -> BriefRows:
        """One article's brief, or a story's: the newest articles on the topic, each fact once."""
        rows = await self.store.brief(topic=topic, article=article, max_articles=1 if not topic else 3)
        keep = summarize.drop_repeats([s.text for s in rows.sentences])
        rows.sentences = [rows.sentences[i] for i in keep]
        used = {s.article.ext_id for s in rows.sentences}
        rows.sources = [ref for ref in rows.sources if ref.ext_id in used]
        return rows

    async def latest(self, limit: int = 5) -> list[ArticleRef]:
        return await self.store.latest(limit)
