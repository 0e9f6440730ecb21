"""`briefbot run` as a service: a subprocess in webhook mode behind the local Bot API server
(TELEGRAM_API_URL), answering /who end to end, stopping cleanly on SIGTERM, and losing nothing
when stopped in the middle of an ingestion; the same shutdown in process, forced to cut the
analysis short; bad settings refused without a traceback."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.ingest.service import IngestService
from bot.runtime import lifecycle
from bot.runtime.app import ALLOWED_UPDATES, build_application, health_report
from bot.runtime.lifecycle import serve
from bot.services import AnswerService
from bot.settings import DEFAULT_MODELS_DIR
from storage import SQLiteStore, open_store
from tests.conftest import ADMIN, SEED_FILE, USER, seed_article
from tests.test_webhook import SECRET, free_port, webhook_bot, webhook_settings
from tests.webhook_server import WebhookBotApi

SETTING_NAMES = (
    "TELEGRAM_",
    "ADMIN_IDS",
    "DATABASE_",
    "ANALYSIS_",
    "MODELS_DIR",
    "WEBHOOK_",
    "LOG_",
    "BRIEFING_",
    "FETCH_",
)


class BotProcess:
    """`python -m bot.cli run` in its own folder (no .env there), its output in a file."""

    def __init__(self, env: dict[str, str], cwd: Path, name: str = "bot") -> None:
        self.log_path = cwd / f"{name}.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"], env=env, cwd=cwd, stdout=self._log, stderr=subprocess.STDOUT
        )
        self.health_url = f"http://127.0.0.1:{env.get('WEBHOOK_PORT')}/healthz"

    @property
    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def health(self) -> tuple[int, dict]:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
            async with session.get(self.health_url) as response:
                return response.status, await response.json()

    async def wait_healthy(self, timeout: float = 120) -> dict:
        """Until /healthz answers 200 (the bot started: models loaded, webhook set)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"bot exited with {self.proc.returncode}:\n{self.output}")
            try:
                status, body = await self.health()
                if status == 200:
                    return body
            except (TimeoutError, aiohttp.ClientError, OSError):
                pass
            await asyncio.sleep(0.2)
        raise AssertionError(f"bot not healthy after {timeout} s:\n{self.output}")

    async def terminate(self, timeout: float = 60) -> int:
        """SIGTERM, as systemd or docker stop send it; the event loop keeps serving meanwhile."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            return await asyncio.to_thread(self.proc.wait, timeout)
        finally:
            self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self._log.close()


def bot_env(server: WebhookBotApi, db_path: Path, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(SETTING_NAMES)}
    env.update(
        {
            "TELEGRAM_BOT_TOKEN": server.token,
            "TELEGRAM_API_URL": server.base_url,
            "ADMIN_IDS": str(ADMIN),
            "DATABASE_PATH": str(db_path),
            "WEBHOOK_URL": f"https://127.0.0.1:{port}/telegram",
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": str(port),
            "WEBHOOK_SECRET": SECRET,
            "LOG_LEVEL": "INFO",
            "LOG_FORMAT": "json",
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
    )
    return env


async def articles_in(db_path: Path) -> tuple[int, int, list[tuple[str, int, int]]]:
    """(articles stored, whether analysed or not; pending; [(actor, mentions, articles)])."""
    with sqlite3.connect(db_path) as db:
        [(stored,)] = db.execute("SELECT COUNT(*) FROM articles").fetchall()
    store = await open_store(db_path)
    try:
        service = IngestService(store, DEFAULT_MODELS_DIR)
        who = [(row.name, row.mentions, len(row.articles)) for row in await AnswerService(service.store).who()]
        return stored, await store.pending_count(), who
    finally:
        await store.close()


_REFERENCE: list = []


async def reference_who(tmp_path: Path) -> list[tuple[str, int, int]]:
    """/who of the seed article ingested once, without interruption (computed once a session)."""
    if not _REFERENCE:
        store = await open_store(tmp_path / "reference.sqlite3")
        service = IngestService(store, DEFAULT_MODELS_DIR)
        try:
            result = await service.ingest(seed_article())
            assert result.status.value == "stored", result
            _REFERENCE.append([(r.name, r.mentions, len(r.articles)) for r in await AnswerService(service.store).who()])
        finally:
            await service.aclose()
            await store.close()
    return _REFERENCE[0]


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# ------------------------------------------------------------------ the real process


async def test_run_serves_who_by_webhook_and_stops_on_sigterm(whserver, tmp_path):
    port = free_port()
    bot = BotProcess(bot_env(whserver, tmp_path / "bot.sqlite3", port), tmp_path)
    try:
        health = await bot.wait_healthy()
        assert health["checks"]["models"]["loaded"] and health["checks"]["queue"]["pending"] == 0
        assert whserver.webhook_url == f"https://127.0.0.1:{port}/telegram"
        assert whserver.webhook_secret == SECRET

        whserver.push_command("who", user_id=USER)
        [reply] = await whserver.wait_for_messages(1, chat_id=USER, timeout=60)
        assert "No articles yet" in reply["text"]

        # `briefbot check --live` (the container's HEALTHCHECK) asks this bot's /healthz
        check = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "check",
            "--live",
            "--json",
            env=bot_env(whserver, tmp_path / "bot.sqlite3", port),
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(check.communicate(), 120)
        assert check.returncode == 0, err.decode()
        live = json.loads(out)
        assert live["status"] == "ok" and live["checks"]["models"]["worker_pid"]
    finally:
        code = await bot.terminate()
    output = bot.output
    assert code == 0, output
    assert "Traceback" not in output
    records = json_lines(output)  # LOG_FORMAT=json: every line is one JSON object
    messages = [r["message"] for r in records]
    assert any(m.startswith("webhook mode: listening on 127.0.0.1") for m in messages), messages
    assert "SIGTERM received" in messages and messages[-1] == "stopped"
    assert whserver.token not in output and SECRET not in output


# The pace of the analysis in `briefbot run`, set by the test: put on the bot's PYTHONPATH, this
# makes every batch wait in the analysis worker process until the gate file exists, so the test,
# not the machine's speed, decides whether a stop comes before the analysis ends. The worker
# still dies when the bot kills it at the end of the grace, as it would under Stanza.
GATED_ANALYSIS = """
import os
import sys
import time

GATE = os.environ.get("BRIEFBOT_TEST_ANALYSIS_GATE")


def wait_for_gate(path):
    while not os.path.exists(path):
        time.sleep(0.05)


if GATE and "bot.cli" in sys.orig_argv:  # the bot itself, not its worker process
    import asyncio
    from concurrent.futures.process import BrokenProcessPool

    from bot.ingest import worker

    analyse = worker.AnalysisWorker.analyse

    async def gated(self, jobs):
        await self.start()
        try:
            await asyncio.wrap_future(self._pool.submit(wait_for_gate, GATE))
        except BrokenProcessPool as exc:
            self._discard(self._pool)
            raise worker.WorkerDied("the analysis worker was killed at the gate") from exc
        return await analyse(self, jobs)

    worker.AnalysisWorker.analyse = gated
"""


def gated_analysis(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """Environment for a bot whose analyses wait for the gate file (returned, not yet there)."""
    site = tmp_path / "gated-site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(GATED_ANALYSIS, encoding="utf-8")
    gate = tmp_path / "analysis-gate"
    path = os.pathsep.join(p for p in (str(site), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path, "BRIEFBOT_TEST_ANALYSIS_GATE": str(gate)}, gate


async def test_sigterm_during_ingestion_loses_nothing(whserver, tmp_path):
    db_path = tmp_path / "bot.sqlite3"
    port = free_port()
    gated, gate = gated_analysis(tmp_path)  # shut until the restart has answered the /who sent while down
    env = bot_env(whserver, db_path, port, **gated)
    first = BotProcess(env, tmp_path, "first")
    try:
        await first.wait_healthy()
        whserver.push_forward_from_channel(
            SEED_FILE.read_text(encoding="utf-8"), user_id=ADMIN, channel_title="Kantor Berita", language_code="en"
        )
        # the article is stored pending and its analysis under way: stop the bot now
        for _ in range(600):
            _, body = await first.health()
            if body["checks"]["queue"]["pending"] >= 1:
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError(f"the article never became pending:\n{first.output}")
    finally:
        code = await first.terminate()
    assert code == 0, first.output
    assert "Traceback" not in first.output and "sitecustomize" not in first.output  # the gate was in place
    # the analysis could not end before the stop (the gate is shut): the article is kept for the
    # next start, not counted as an attempt (the bot cut it short, not the article), and the
    # admin is told so
    [answer] = whserver.sent_messages(ADMIN)
    assert answer["text"].startswith("Received:") and "restarting" in answer["text"], answer["text"]
    articles, pending, _ = await articles_in(db_path)
    assert (articles, pending) == (1, 1)
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT status, attempts FROM articles").fetchall() == [("pending", 0)]

    # a user's /who while the bot is down waits at "Telegram" and is answered after the restart
    whserver.push_command("who", user_id=USER)
    second = BotProcess(env, tmp_path, "second")
    try:
        await second.wait_healthy()
        # the /who sent while down is answered while the article still waits at the gate: a
        # pending article is nothing to answer about yet
        [early] = await whserver.wait_for_messages(1, chat_id=USER, timeout=60)
        assert "No articles yet" in early["text"], early["text"]
        gate.touch()
        # analysis takes seconds alone, minutes on a busy 2-core machine
        deadline = asyncio.get_running_loop().time() + 400
        while asyncio.get_running_loop().time() < deadline:
            _, body = await second.health()
            if body["checks"]["queue"]["pending"] == 0:
                break
            await asyncio.sleep(0.2)
        else:
            raise AssertionError(f"the pending article was not analysed after the restart:\n{second.output}")
        with sqlite3.connect(db_path) as db:
            statuses = db.execute("SELECT status, attempts FROM articles").fetchall()
        assert statuses[0][0] == "analysed", f"{statuses}\n{second.output}"
        whserver.push_command("who", user_id=USER)
        later = await whserver.wait_for_messages(2, chat_id=USER, timeout=60)
        assert "Vladimir Putin" in later[1]["text"], f"{later[1]['text']}\n{second.output}"
    finally:
        code = await second.terminate()
    assert code == 0, second.output

    articles, pending, who = await articles_in(db_path)
    assert (articles, pending) == (1, 0)
    assert who == await reference_who(tmp_path)  # analysed exactly once: no doubled mentions


# ------------------------------------------------------------------ the same shutdown in process


async def test_stop_puts_back_an_analysis_cut_short(whserver, tmp_path, monkeypatch):
    # No grace at all: the analysis in hand (seconds of Stanza) is certainly cut short.
    monkeypatch.setattr(lifecycle, "HANDLER_GRACE", 0.05)
    monkeypatch.setattr(lifecycle, "ANALYSIS_GRACE", 0.05)
    db_path = tmp_path / "bot.sqlite3"
    port = free_port()
    settings = webhook_settings(whserver, db_path, port)
    async with webhook_bot(settings) as app:
        whserver.push_forward_from_channel(
            SEED_FILE.read_text(encoding="utf-8"), user_id=ADMIN, channel_title="Kantor Berita", language_code="en"
        )
        service = app.bot_data.services.ingest
        for _ in range(600):
            if await service.pending_count() == 1:
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("the article never became pending")
    assert (await articles_in(db_path))[:2] == (1, 1)  # stored, and still pending: put back
    [answer] = whserver.sent_messages(ADMIN)  # the admin is told it waits for the next start
    assert answer["text"].startswith("Received:") and "restarting" in answer["text"], answer["text"]

    async with webhook_bot(settings) as app:  # the restart analyses it
        await asyncio.wait_for(app.bot_data.services.ingest.wait_idle(), 400)
    articles, pending, who = await articles_in(db_path)
    assert (articles, pending) == (1, 0)
    assert who == await reference_who(tmp_path)
    assert len(whserver.sent_messages(ADMIN)) == 1, answer  # nothing said twice


async def test_polling_mode_serves_and_stops(server, tmp_path):
    from bot.settings import Settings

    settings = Settings(
        _env_file=None,
        telegram_bot_token=server.token,
        admin_ids=str(ADMIN),
        database_path=tmp_path / "bot.sqlite3",
        telegram_api_url=server.base_url,
    )
    app = build_application(settings)
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(serve(app, settings, stop, health_report(app), ALLOWED_UPDATES, ready))
    await asyncio.wait_for(ready.wait(), 120)
    server.push_command("who", user_id=USER)
    [reply] = await server.wait_for_messages(1, chat_id=USER, timeout=30)
    assert "No articles yet" in reply["text"]
    stop.set()
    await asyncio.wait_for(task, 30)
    assert not app.running and server.method_calls("setWebhook") == []
    with pytest.raises(ValueError):  # the database was closed by the shutdown
        await app.bot_data.services.store.count_articles()


# ------------------------------------------------------------------ refusing to start


def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
def test_run_refuses_bad_settings_with_one_line_each(tmp_path):
    token = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
    env = {k: v for k, v in os.environ.items() if not k.startswith(SETTING_NAMES)}
    env.update(
        {
            "TELEGRAM_BOT_TOKEN": f"bot{token}",
            "ADMIN_IDS": "42,alice",
            "WEBHOOK_URL": "http://bot.example.org/hook",
            "WEBHOOK_PORT": "99999",
            "WEBHOOK_SECRET": "no spaces please",
            "LOG_LEVEL": "LOUD",
            "LOG_FORMAT": "xml",
        }
    )
    result = run_cli(["run"], env, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    for name in ("TELEGRAM_BOT_TOKEN", "ADMIN_IDS", "WEBHOOK_PORT", "WEBHOOK_SECRET", "LOG_LEVEL", "LOG_FORMAT"):
        assert any(line.strip().startswith(f"{name}:") for line in lines), (name, result.stderr)
    assert "Traceback" not in result.stderr and token not in result.stderr + result.stdout
    assert "no spaces please" not in result.stderr  # the secret is not repeated either

    # once those are right, the webhook URL is the next mistake named
    env.update(
        {
            "TELEGRAM_BOT_TOKEN": token,
            "ADMIN_IDS": "42",
            "WEBHOOK_PORT": "8443",
            "WEBHOOK_SECRET": "ok",
            "LOG_LEVEL": "INFO",
            "LOG_FORMAT": "json",
            "MODELS_DIR": str(tmp_path),
        }
    )
    result = run_cli(["run"], env, tmp_path)
    assert result.returncode == 2
    assert "WEBHOOK_URL: Telegram delivers webhooks over HTTPS only" in result.stderr, result.stderr


async def test_a_rejected_token_is_named_but_never_shown(server, tmp_path):
    wrong = "999999:WRONG-token_abcdefghijklmnop"  # the local server answers 401, as Telegram would
    env = {k: v for k, v in os.environ.items() if not k.startswith(SETTING_NAMES)}
    env.update(
        {
            "TELEGRAM_BOT_TOKEN": wrong,
            "TELEGRAM_API_URL": server.base_url,
            "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
            "LOG_LEVEL": "DEBUG",
        }
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    output, _ = await asyncio.wait_for(proc.communicate(), 120)
    text = output.decode()
    assert proc.returncode == 2, text
    assert "TELEGRAM_BOT_TOKEN was rejected by the Bot API server" in text
    assert wrong not in text and "WRONG-token" not in text  # DEBUG logs included
    assert "[redacted]" in text  # the URL with the token was logged, redacted
    assert "Traceback" not in text


# ------------------------------------------------------------------ briefbot check, here


async def test_check_reports_database_models_and_queue(tmp_path, monkeypatch):
    from bot.runtime.check import local_report
    from bot.settings import Settings

    settings = Settings(_env_file=None, database_path=tmp_path / "bot.sqlite3")
    report = await local_report(settings)
    assert report["status"] == "ok", report
    assert report["checks"]["database"]["articles"] == 0 and report["checks"]["queue"]["pending"] == 0
    assert report["checks"]["models"]["loaded"]

    async def broken(self) -> int:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(SQLiteStore, "count_articles", broken)
    failed = await local_report(settings, load_models=False)
    assert failed["status"] == "fail"
    assert failed["checks"]["database"] == {
        "ok": False,
        "error": "OperationalError: disk I/O error",
        "ms": failed["checks"]["database"]["ms"],
    }
    assert failed["checks"]["models"]["ok"] and "loaded" not in failed["checks"]["models"]


@pytest.mark.slow
def test_check_command_exit_status(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(SETTING_NAMES)}
    env.update({"TELEGRAM_BOT_TOKEN": "123456:TEST-TOKEN", "DATABASE_PATH": str(tmp_path / "bot.sqlite3")})
    models = tmp_path / "models"
    models.mkdir()
    (models / "resources.json").write_text("{}")  # a resources file without any language
    result = run_cli(["check", "--live"], {**env, "MODELS_DIR": str(models)}, tmp_path)  # polling: checked here
    assert result.returncode == 1, result.stderr
    assert "database: ok" in result.stdout and "models: FAIL" in result.stdout and "no /healthz" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout

    (tmp_path / "bot.sqlite3").write_bytes(b"this is not a database" * 100)
    result = run_cli(["check"], env, tmp_path)
    assert result.returncode == 2
    assert (
        "DATABASE_PATH: " in result.stderr
        and "is not a usable SQLite database (file is not a database)" in result.stderr
    )
