"""Shared fixtures: a store and a service on the bundled models, the local Bot API server,
the real Application running against it, and a clock tests can move."""

from __future__ import annotations

import copy
import itertools
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from telegram.ext import Application

import nlp
from bot.ingest.service import ArticleInput, IngestService, article_from_text
from bot.ingest.worker import AnalysisWorker
from bot.runtime.app import build_application
from bot.settings import DEFAULT_MODELS_DIR, Settings
from storage import open_store
from tests.postgres_server import PostgresMissing, PostgresServer, start_server
from tests.telegram_server import FakeBotApi
from tests.webhook_server import WebhookBotApi

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "seeds" / "000_40313bc9128e2f1a.txt"
ADMIN = 1001  # in ADMIN_IDS of every bot the tests run
USER = 2002


# Fixtures that start the analysis worker (Stanza) or a whole bot: a test that uses one is
# `slow` (`make test-fast` leaves it out). Tests that load the models otherwise say so themselves.
SLOW_FIXTURES = frozenset({"service", "bot", "server", "whserver", "analyse_once"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


# ------------------------------------------------------------------ PostgreSQL

_POSTGRES: dict[str, object] = {}  # what the summary says: the server used, or why none


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for this session (tests.postgres_server). Only a machine with no
    PostgreSQL at all skips these tests (and the summary says so); a server that fails to start
    fails them, as does a missing one under BRIEFBOT_REQUIRE_POSTGRES (CI, which installs it)."""
    try:
        server = start_server()
    except PostgresMissing as exc:
        _POSTGRES["skipped"] = str(exc)
        if os.environ.get("BRIEFBOT_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL required (BRIEFBOT_REQUIRE_POSTGRES) but: {exc}")
        pytest.skip(
            f"PostgreSQL backend not tested: {exc}. To test it: apt install postgresql (the tests start"
            " their own server), or set BRIEFBOT_TEST_POSTGRES_URL to a server they may create databases on"
        )
    except RuntimeError as exc:  # PostgreSQL is there but did not start: a fault to see, not a skip
        pytest.fail(f"PostgreSQL could not be started for the tests: {exc}")
    _POSTGRES["server"] = server.url
    yield server
    server.stop()


_DATABASES = itertools.count(1)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A new, empty database on the session's server; dropped after the test."""
    import psycopg

    name = f"briefbot_test_{os.getpid()}_{next(_DATABASES)}"
    with psycopg.connect(postgres_server.url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.database_url(name)
    with psycopg.connect(postgres_server.url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Where a store test's database lives: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "store.sqlite3"
    return str(request.getfixturevalue("postgres_url"))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if "server" in _POSTGRES:
        terminalreporter.write_line(f"PostgreSQL: the backend tests ran against {_POSTGRES['server']}")
    elif "skipped" in _POSTGRES:
        terminalreporter.write_line(f"PostgreSQL: SKIPPED, no server: {_POSTGRES['skipped']}", yellow=True, bold=True)


def seed_article() -> ArticleInput:
    article = article_from_text(SEED_FILE.read_text(encoding="utf-8"))
    article.ext_id = SEED_FILE.stem
    return article


@pytest.fixture
async def service(tmp_path):
    store = await open_store(tmp_path / "briefbot.sqlite3")
    svc = IngestService(store, DEFAULT_MODELS_DIR)
    yield svc
    await svc.aclose()
    await store.close()


class FakeClock:
    """The time scheduled briefings see; tests set or advance it instead of sleeping."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
async def server():
    srv = FakeBotApi()
    await srv.start()
    yield srv
    await srv.stop()


@pytest.fixture
async def whserver():
    """The local Bot API server that delivers updates to the bot's webhook, with the secret."""
    srv = WebhookBotApi()
    await srv.start()
    yield srv
    await srv.stop()


@asynccontextmanager
async def running_bot(
    server: FakeBotApi, db_path: Path, clock: FakeClock | None = None, check_seconds: float = 60.0
) -> AsyncIterator[Application]:
    """The real Briefbot Application, polling the local server, until the block ends.

    Ending the block stops it as a shutdown would (a restart is a second block on the same
    database). Any handler error fails the test.
    """
    settings = Settings(
        _env_file=None,
        telegram_bot_token=server.token,
        admin_ids=str(ADMIN),
        database_path=db_path,
        telegram_api_url=server.base_url,
        telegram_file_url=server.base_file_url,
        briefing_check_seconds=check_seconds,
    )
    app = build_application(settings, clock) if clock else build_application(settings)
    errors: list[BaseException] = []

    async def collect(update, context):
        errors.append(context.error)

    app.add_error_handler(collect)
    await app.initialize()
    await app.post_init(app)  # run_polling would call it; the test drives the steps itself
    await app.start()
    await app.updater.start_polling(timeout=1, poll_interval=0)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.post_shutdown(app)
        await app.shutdown()
    assert errors == [], f"handler errors: {errors!r}"


@pytest.fixture
async def bot(server, tmp_path):
    """The bot on a fresh database, with the real clock."""
    async with running_bot(server, tmp_path / "bot.sqlite3") as app:
        yield app


async def ask(
    server: FakeBotApi,
    command: str,
    args: str = "",
    user: int = USER,
    lang: str = "en",
    *,
    chat_id: int | None = None,
    chat_type: str = "private",
) -> str:
    """Send a command (in a private chat unless chat_id is given) and return the bot's answer."""
    target = user if chat_id is None else chat_id
    before = len(server.sent_messages(target))
    server.push_command(command, args, user_id=user, chat_id=chat_id, chat_type=chat_type, language_code=lang)
    messages = await server.wait_for_messages(before + 1, chat_id=target, timeout=30)
    return "\n".join(m["text"] for m in messages[before:])


_ANALYSES: dict[tuple, nlp.Analysis] = {}


@pytest.fixture(scope="module")
def analyse_once():
    """The real pipeline (in the worker process) analyses each distinct article once per test
    session: tests that forward the same article again get a copy of the first analysis
    (Stanza is deterministic, and several seconds an article on this machine)."""
    real = AnalysisWorker.analyse

    async def remembered(self, jobs):
        keys = [(job.text, self.models_dir, job.language, job.title) for job in jobs]
        missing = [job for job, key in zip(jobs, keys) if key not in _ANALYSES]
        if missing:
            for job, result in zip(missing, await real(self, missing)):
                if isinstance(result, nlp.Analysis):
                    _ANALYSES[(job.text, self.models_dir, job.language, job.title)] = result
                else:
                    return await real(self, jobs)  # an error: let the worker answer for all
        return [copy.deepcopy(_ANALYSES[key]) for key in keys]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(AnalysisWorker, "analyse", remembered)
        yield
