"""Shared fixtures: a store and a service on the bundled models."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_MODELS_DIR
from bot.service import ArticleInput, BriefingService, article_from_text
from storage import Store

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "seeds" / "000_40313bc9128e2f1a.txt"


def seed_article() -> ArticleInput:
    article = article_from_text(SEED_FILE.read_text(encoding="utf-8"))
    article.ext_id = SEED_FILE.stem
    return article


@pytest.fixture
async def service(tmp_path):
    store = await Store.open(tmp_path / "briefbot.sqlite3")
    svc = BriefingService(store, DEFAULT_MODELS_DIR)
    yield svc
    svc.close()
    await store.close()
