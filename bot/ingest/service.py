"""The ingest service: how an article gets in, whether a handler or the command line sends it.

Ingestion checks an article, cleans it and stores it as pending; Stanza analyses it in a worker
process (bot.ingest.worker, fed by bot.ingest.queue) and the analysis is written in one
transaction that marks it analysed. Links and files become articles here too (fetched by
bot.ingest.fetch, read by bot.ingest.documents), and all of them are stored by `ingest`.
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
import logging
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nlp
from bot.ingest.articles import (  # callers import ArticleInput and article_from_text from here, too
    ARTICLE_WORDS,
    MAX_TITLE_CHARS,
    ArticleInput,
    article_from_text,
    find_links,
    lone_link,
    looks_binary,
    normalise_link,
    without_links,
)
from bot.ingest.documents import (
    DocumentItem,
    DocumentProblem,
    article_from_html,
    check_document,
    is_jsonl,
    read_document,
)
from bot.ingest.external import SQLiteLock, worker_name
from bot.ingest.fetch import FetchedPage, FetchError, FetchPolicy, FetchProblem, Resolver, fetch_page, system_resolver
from bot.ingest.pages import decode_page
from bot.ingest.queue import AnalysisQueue, Outcome, OutcomeStatus
from bot.ingest.worker import AnalysisWorker
from storage import INTEGRITY_ERRORS, ArticleRef, ArticleStatus, NewArticle, Store

log = logging.getLogger(__name__)

MIN_WORDS = 25
MAX_CHARS = 100_000


class IngestStatus(enum.StrEnum):
    """What became of one article sent in."""

    STORED = "stored"
    DUPLICATE = "duplicate"
    EMPTY = "empty"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    NOT_TEXT = "not_text"
    UNSUPPORTED_LANGUAGE = "unsupported_language"
    FAILED = "failed"
    PENDING = "pending"  # stored, but the service stopped before analysing it: analysed at the next start
    QUEUED = "queued"  # stored for the analysis workers (`briefbot worker`), which this process is not
    REFUSED = "refused"  # a link not fetched or a file without an article: `problem` says why


Problem = FetchProblem | DocumentProblem


@dataclass
class IngestResult:
    status: IngestStatus
    title: str = ""
    ext_id: str | None = None
    language: str | None = None
    actors: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    duplicate_of: ArticleRef | None = None
    problem: Problem | None = None  # with REFUSED
    detail: str = ""  # what a refusal was about ("image/png", "404", a host name), shown escaped

    @property
    def reason(self) -> str:
        """The status, or for a refusal its problem: "stored", "http_error", "bad_record"."""
        return self.problem.value if self.problem is not None else self.status.value


@dataclass
class FileReport:
    """What became of a file's articles: (line, result) each; line 0 stands for the whole file."""

    file_name: str
    many: bool  # a JSON Lines file, answered with a summary
    results: list[tuple[int, IngestResult]] = field(default_factory=list)

    def count(self, status: IngestStatus) -> int:
        return sum(1 for _, r in self.results if r.status is status)

    def refused(self) -> list[tuple[int, IngestResult]]:
        return [
            (n, r)
            for n, r in self.results
            if r.status not in (IngestStatus.STORED, IngestStatus.DUPLICATE, IngestStatus.QUEUED)
        ]


def content_hash(text: str) -> str:
    """The same article pasted twice (spacing, case or punctuation aside) hashes the same."""
    words = re.findall(r"\w+", text.lower())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def _refusal(problem: Problem, detail: str = "") -> IngestResult:
    """A FetchProblem or DocumentProblem as the IngestResult the user is told about."""
    return IngestResult(status=IngestStatus.REFUSED, problem=problem, detail=detail)


def _item_refusal(item: DocumentItem) -> IngestResult:
    """A DocumentItem without an article as its refusal (such an item always names its problem)."""
    if item.problem is None:
        raise ValueError(f"document item (line {item.line}) has neither an article nor a problem")
    return _refusal(item.problem, item.detail)


def _article_from_fetched(page: FetchedPage, title_hint: str | None) -> DocumentItem:
    """A fetched page as an article: plain text as pasted text, HTML through the extractor."""
    text = decode_page(page.body, page.charset)
    if page.content_type != "text/plain":
        return article_from_html(text, page.url, title_hint)
    article = article_from_text(text)
    article.url = page.url
    return DocumentItem(0, article=article)


@dataclass
class _Prepared:
    cleaned: str
    digest: str
    language: str | None  # None until the words are known to be enough


def _prepare(raw: str, title: str) -> _Prepared:
    """Language, clean-up and hash: CPU work, run off the event loop. The language is read
    first, from the text as it came, because the clean-up differs by language (Indonesian
    repairs stray full stops; English drops wire datelines and bylines)."""
    language = nlp.detect_language(f"{title}\n{raw}")
    cleaned = nlp.clean_text(raw, title, language="en" if language == "en" else "id")
    if len(cleaned.split()) < MIN_WORDS:
        return _Prepared(cleaned, "", None)
    return _Prepared(cleaned, content_hash(cleaned), language)


class IngestService:
    """Check, clean, store and queue articles for analysis: posts, links and files."""

    def __init__(
        self,
        store: Store,
        models_dir: Path,
        fetch_policy: FetchPolicy | None = None,
        resolver: Resolver = system_resolver,
        enqueue_only: bool = False,
    ) -> None:
        self.store = store
        # Only store articles pending: analysis workers elsewhere (`briefbot worker`) take them.
        self.enqueue_only = enqueue_only
        self.models_dir = Path(models_dir)
        self.fetch_policy = fetch_policy or FetchPolicy()
        self._resolver = resolver  # tests give a fake DNS
        self.languages = nlp.supported_languages(self.models_dir)
        # Stanza runs in a child process (loaded once there): the event loop only awaits, a
        # stuck or crashed analysis cannot take the bot with it, and articles wait their turn
        # in the store, where a restart finds them.
        self.worker = AnalysisWorker(self.models_dir, self.languages)
        self.queue = AnalysisQueue(store, self.worker)
        # SQLite takes one analysing process at a time (bot, `briefbot ingest` or `briefbot worker`)
        self._lock = SQLiteLock(store, worker_name())
        # Clean-up and language detection, one article at a time: cheap, but the language
        # model loads lazily, and several threads at once would each load a copy.
        self._prepare = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prepare")
        self._closing = False

    async def start(self, load_models: bool = True) -> None:
        """Start analysing: articles left pending by an earlier run are taken up first.

        With `load_models` this waits until the worker has its models loaded; without, the
        worker starts when there is something to analyse. Enqueue-only, nothing starts.
        """
        if self.enqueue_only:
            return
        await self._lock.acquire()  # WorkerBusy: another process analyses this SQLite database
        await self.queue.start()
        if load_models:
            await self.worker.start()

    async def warm_up(self) -> None:
        """Load the models now (in the worker process) rather than on the first article."""
        await self.start(load_models=True)

    async def pending_count(self) -> int:
        """Articles stored but not analysed yet (by this process or the next start)."""
        return await self.store.pending_count()

    async def wait_idle(self) -> None:
        """Until every article this process queued is analysed (or failed)."""
        if not self.enqueue_only:
            await self.queue.wait_idle()

    async def aclose(self, timeout: float = 10.0) -> None:
        """Take no more articles; let the batch in analysis finish for up to `timeout` seconds
        (else it stays pending for the next start), and stop the worker. The store stays open."""
        self._closing = True
        await self.queue.close(timeout)
        await self._lock.release()
        self._prepare.shutdown(wait=False, cancel_futures=True)

    async def ingest(self, article: ArticleInput, added_by: int | None = None) -> IngestResult:
        """Check, store and analyse one article; it is answered about once all of it is stored.

        The article is stored as pending before analysis, so it survives a crash (the next
        start analyses it); the same article sent again, analysed or not, is a duplicate.
        """
        title = " ".join(article.title.split())[:MAX_TITLE_CHARS]
        raw = article.text or ""
        result = IngestResult(status=IngestStatus.EMPTY, title=title)
        if self._closing:
            result.status, result.detail = IngestStatus.FAILED, "shutting down"
            return result
        if not raw.strip():
            return result
        if len(raw) > MAX_CHARS:
            result.status = IngestStatus.TOO_LONG
            return result
        if looks_binary(raw):
            result.status = IngestStatus.NOT_TEXT
            return result
        prepared = await asyncio.get_running_loop().run_in_executor(self._prepare, _prepare, raw, title)
        if prepared.language is None:
            result.status = IngestStatus.TOO_SHORT
            return result
        existing = await self.store.find_existing(prepared.digest, article.ext_id)
        if existing and existing.status is ArticleStatus.FAILED:  # sent again: try again
            await self.store.retry(existing.id)
            result.language, result.ext_id = prepared.language, existing.ref.ext_id
            return await self._analysed(existing.id, result)
        if existing:
            if existing.status is ArticleStatus.PENDING and not self.enqueue_only:  # left by an earlier run
                await self._ensure_started()
                self.queue.submit(existing.id)
            return self._duplicate(result, existing.ref)
        result.language = prepared.language
        if prepared.language not in self.languages:
            result.status = IngestStatus.UNSUPPORTED_LANGUAGE
            return result
        ext_id = article.ext_id or f"a{prepared.digest[:10]}"
        new = NewArticle(
            ext_id=ext_id,
            title=title,
            raw_text=raw,
            text=prepared.cleaned,
            content_hash=prepared.digest,
            language=prepared.language,
            source=article.source,
            url=article.url,
            published=article.published,
            added_by=added_by,
            author=article.author,
        )
        try:
            article_id = await self.store.add_pending(new)
        except INTEGRITY_ERRORS:  # the same article, stored by a concurrent ingest meanwhile
            existing = await self.store.find_existing(prepared.digest, article.ext_id)
            if existing is None:
                raise
            return self._duplicate(result, existing.ref)
        result.ext_id = ext_id
        return await self._analysed(article_id, result)

    @staticmethod
    def _duplicate(result: IngestResult, ref: ArticleRef) -> IngestResult:
        result.status, result.duplicate_of, result.ext_id = IngestStatus.DUPLICATE, ref, ref.ext_id
        return result

    async def _ensure_started(self) -> None:
        if not self.queue.started:
            await self.start(load_models=False)

    async def _analysed(self, article_id: int, result: IngestResult) -> IngestResult:
        """Queue a pending article and wait for its analysis (a cancelled caller does not stop it)."""
        if self.enqueue_only:
            result.status = IngestStatus.QUEUED
            return result
        await self._ensure_started()
        outcome: Outcome = await asyncio.shield(self.queue.submit(article_id))
        if outcome.status is OutcomeStatus.ANALYSED and outcome.analysis is not None:
            result.status = IngestStatus.STORED
            result.actors = [a.name for a in outcome.analysis.actors]
            result.places = [p.name for p in outcome.analysis.places]
        elif outcome.status is OutcomeStatus.PENDING:
            result.status = IngestStatus.PENDING
        elif outcome.status is OutcomeStatus.GONE:  # analysed by another process, or forgotten meanwhile
            ref = await self.store.find_duplicate("", result.ext_id)
            if ref is None:
                result.status = IngestStatus.FAILED
            else:
                self._duplicate(result, ref)
        else:
            result.status = IngestStatus.FAILED
        return result

    async def ingest_url(
        self, url: str, added_by: int | None = None, *, source: str | None = None, title_hint: str | None = None
    ) -> IngestResult:
        """Fetch a link (bot.ingest.fetch: public http(s) pages only, bounded), extract its article and
        store it; `source` stands in when the page names no site, `title_hint` when it has no title."""
        try:
            page = await fetch_page(url, self.fetch_policy, resolver=self._resolver)
        except FetchError as exc:
            log.info("link refused: %s", exc.problem.value)
            return _refusal(exc.problem, exc.detail)
        item = await asyncio.to_thread(_article_from_fetched, page, title_hint)  # lxml work off the loop
        if item.article is None:
            return _item_refusal(item)
        item.article.source = item.article.source or source
        return await self.ingest(item.article, added_by)

    async def ingest_post(
        self,
        text: str,
        links: Sequence[str] = (),
        added_by: int | None = None,
        *,
        source: str | None = None,
        source_url: str | None = None,
        published: str | None = None,
    ) -> IngestResult:
        """A message or forwarded post: its text, its link, or both, as exactly one article.

        `links` are the ones the message marks (Telegram entities), in addition to those written
        in the text. With no link the text is the article. A post whose own words make an
        article (ARTICLE_WORDS) is stored as it is, its first link kept as the article's url; a
        shorter one (a headline, a teaser) is a pointer, and the linked page is stored instead.
        """
        normalised = [(link, full) for link in links if (full := normalise_link(link))]  # not bare site names
        marked = [link for link, _ in normalised]
        found = [full for _, full in normalised] + find_links(text)
        http = [link for link in dict.fromkeys(found) if link.lower().startswith(("http://", "https://"))]
        if not http:
            lone = lone_link(text)
            if lone:  # the message is a link we do not fetch (file://, javascript:): say so
                return await self.ingest_url(lone, added_by, source=source)
            article = article_from_text(text)
            article.source, article.url, article.published = source, source_url, published
            return await self.ingest(article, added_by)
        own_words = without_links(text, [*marked, *found])
        if len(own_words.split()) >= ARTICLE_WORDS:
            article = article_from_text(own_words)
            article.source, article.url, article.published = source, http[0], published
            return await self.ingest(article, added_by)
        headline = own_words.partition("\n")[0] or None
        return await self.ingest_url(http[0], added_by, source=source, title_hint=headline)

    @staticmethod
    def check_file(file_name: str, size: int | None) -> IngestResult | None:
        """A file refused by its name or size alone, before it is downloaded; None if it may come."""
        refused = check_document(file_name, size)
        return _item_refusal(refused) if refused else None

    async def ingest_file(self, file_name: str, data: bytes, added_by: int | None = None) -> FileReport:
        """Every article in an uploaded file, each stored (or refused) on its own."""
        items = await asyncio.to_thread(read_document, file_name, data)  # HTML extraction is CPU work
        report = FileReport(file_name=file_name, many=is_jsonl(file_name))
        for item in items:
            if item.article is None:
                report.results.append((item.line, _item_refusal(item)))
            else:
                report.results.append((item.line, await self.ingest(item.article, added_by)))
        return report
