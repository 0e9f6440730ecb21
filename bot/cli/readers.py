"""Reading articles from files for `briefbot ingest`: .txt, JSON Lines (gzipped too), saved pages."""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from bot.ingest.articles import ArticleInput, article_from_record, article_from_text
from bot.ingest.documents import HTML_SUFFIXES, read_document

__all__ = ["ARTICLE_SUFFIXES", "count_articles", "read_articles"]

ARTICLE_SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", *HTML_SUFFIXES)


def _read_jsonl(path: Path) -> Iterator[ArticleInput]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                print(f"{path}:{number}: not JSON, skipped", file=sys.stderr)
                continue
            if not isinstance(rec, dict):
                continue
            yield article_from_record(rec)


def read_articles(paths: list[Path]) -> Iterator[ArticleInput]:
    """Articles from .txt files (first line = title), JSON Lines files, saved web pages (.html),
    and folders of them."""
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(ARTICLE_SUFFIXES))
            yield from read_articles(files)
        elif path.name.endswith((".jsonl", ".jsonl.gz")):
            yield from _read_jsonl(path)
        elif path.suffix == ".txt":
            article = article_from_text(path.read_text(encoding="utf-8", errors="replace"))
            article.ext_id = path.stem
            yield article
        elif path.suffix.lower() in HTML_SUFFIXES:
            [item] = read_document(path.name, path.read_bytes())
            if item.article is None:
                problem = item.problem.value if item.problem is not None else "no article"
                print(f"{path}: {problem.replace('_', ' ')}, skipped", file=sys.stderr)
                continue
            item.article.ext_id = path.stem
            yield item.article
        else:
            print(f"{path}: not a .txt, .jsonl or .html file, skipped", file=sys.stderr)


def count_articles(paths: list[Path]) -> int | None:
    """How many articles the paths hold, for the progress bar (None for folders)."""
    total = 0
    for path in paths:
        if path.is_dir():
            return None
        if path.name.endswith((".jsonl", ".jsonl.gz")):
            opener = gzip.open if path.name.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8") as fh:
                total += sum(1 for line in fh if line.strip())
        else:
            total += 1
    return total
