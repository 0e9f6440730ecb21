"""Files an admin sends (or the command line reads): .txt, .html and .jsonl, as articles.

Reading never raises on bad content: each article, or each problem with its line, is an item.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass

from bot.ingest.articles import ArticleInput, article_from_page, article_from_record, article_from_text, looks_binary
from bot.ingest.pages import decode_page, extract_article

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FILE_ARTICLES = 500  # a JSON Lines file's articles are analysed one after another
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES


class DocumentProblem(enum.StrEnum):
    """Why a file, or one of its lines, gave no article (values match IngestStatus's)."""

    FILE_TOO_LARGE = "file_too_large"
    BAD_FILE_TYPE = "bad_file_type"
    BAD_ENCODING = "bad_encoding"
    NOT_TEXT = "not_text"
    NO_ARTICLE = "no_article"
    BAD_RECORD = "bad_record"
    TOO_MANY_ARTICLES = "too_many_articles"


@dataclass
class DocumentItem:
    """One article read from a file, or why there is none; `line` is 0 for the whole file."""

    line: int
    article: ArticleInput | None = None
    problem: DocumentProblem | None = None
    detail: str = ""


def is_jsonl(file_name: str) -> bool:
    return file_name.lower().endswith(JSONL_SUFFIXES)


def article_from_html(html: str, url: str | None = None, title_hint: str | None = None) -> DocumentItem:
    """A web page's article, or NOT_TEXT (binary labelled as HTML) / NO_ARTICLE."""
    if looks_binary(html):
        return DocumentItem(0, problem=DocumentProblem.NOT_TEXT)
    page = extract_article(html)
    if page is None:
        return DocumentItem(0, problem=DocumentProblem.NO_ARTICLE)
    return DocumentItem(0, article=article_from_page(page, url, title_hint))


def _read_text(data: bytes) -> DocumentItem:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # binary data fails UTF-8 too; say "not text" for it, "not UTF-8" for text in another encoding
        binary = looks_binary(data.decode("utf-8", errors="replace"))
        return DocumentItem(0, problem=DocumentProblem.NOT_TEXT if binary else DocumentProblem.BAD_ENCODING)
    if looks_binary(text):
        return DocumentItem(0, problem=DocumentProblem.NOT_TEXT)
    return DocumentItem(0, article=article_from_text(text))


def _read_jsonl(data: bytes, max_articles: int) -> list[DocumentItem]:
    items: list[DocumentItem] = []
    articles = 0
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        if articles >= max_articles:
            items.append(DocumentItem(number, problem=DocumentProblem.TOO_MANY_ARTICLES, detail=str(max_articles)))
            break
        try:
            record = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
        except UnicodeDecodeError:
            items.append(DocumentItem(number, problem=DocumentProblem.BAD_ENCODING))
            continue
        except (ValueError, RecursionError):  # not JSON; numbers too big; "[[[[..." too deep
            items.append(DocumentItem(number, problem=DocumentProblem.BAD_RECORD, detail="not JSON"))
            continue
        if not isinstance(record, dict):
            items.append(DocumentItem(number, problem=DocumentProblem.BAD_RECORD, detail="not an object"))
            continue
        articles += 1
        items.append(DocumentItem(number, article=article_from_record(record)))
    return items


def check_document(file_name: str, size: int | None, max_bytes: int = MAX_FILE_BYTES) -> DocumentItem | None:
    """A file refused by its name or size alone (before downloading it), or None."""
    if not file_name.lower().endswith(DOCUMENT_SUFFIXES):
        return DocumentItem(0, problem=DocumentProblem.BAD_FILE_TYPE)
    if size is not None and size > max_bytes:
        return DocumentItem(0, problem=DocumentProblem.FILE_TOO_LARGE, detail=f"{max_bytes / 1_048_576:g} MB")
    return None


def read_document(
    file_name: str, data: bytes, max_bytes: int = MAX_FILE_BYTES, max_articles: int = MAX_FILE_ARTICLES
) -> list[DocumentItem]:
    """The articles in a file (CPU work for HTML: call it off the event loop)."""
    refused = check_document(file_name, len(data), max_bytes)
    if refused:
        return [refused]
    name = file_name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return _read_jsonl(data, max_articles)
    if name.endswith(HTML_SUFFIXES):
        return [article_from_html(decode_page(data))]
    return [_read_text(data)]
