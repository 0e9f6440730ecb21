"""Ingestion: articles from posts, links and files, stored pending and analysed in a worker.

service = IngestService(store, models_dir)
result = await service.ingest_post(text, links)
"""

from bot.ingest.articles import ArticleInput, article_from_record, article_from_text
from bot.ingest.documents import DocumentProblem
from bot.ingest.fetch import FetchPolicy, FetchProblem
from bot.ingest.queue import AnalysisQueue, Outcome, OutcomeStatus
from bot.ingest.service import (
    MAX_CHARS,
    MIN_WORDS,
    FileReport,
    IngestResult,
    IngestService,
    IngestStatus,
    content_hash,
)
from bot.ingest.worker import AnalysisWorker

__all__ = [
    "MAX_CHARS",
    "MIN_WORDS",
    "AnalysisQueue",
    "AnalysisWorker",
    "ArticleInput",
    "DocumentProblem",
    "FetchPolicy",
    "FetchProblem",
    "FileReport",
    "IngestResult",
    "IngestService",
    "IngestStatus",
    "Outcome",
    "OutcomeStatus",
    "article_from_record",
    "article_from_text",
    "content_hash",
]
