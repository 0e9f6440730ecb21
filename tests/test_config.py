"""Settings from the environment, each mistake named, and the token kept out of logs."""

import io
import json
import logging
import os

import pytest
from pydantic import ValidationError

from bot.runtime.logs import TokenRedactingFilter
from bot.settings import Settings

TOKEN = "123456:ABC-secret-token"


def test_defaults_need_nothing(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env here
    settings = Settings()
    assert settings.telegram_bot_token is None
    assert settings.admin_ids == frozenset()
    assert str(settings.database_path) == "data/briefbot.sqlite3"
    assert (settings.models_dir / "resources.json").is_file()


def test_admin_ids_and_token_from_env(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ADMIN_IDS", "42, 1001 7")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    settings = Settings()
    assert settings.admin_ids == {42, 1001, 7}
    assert TOKEN not in repr(settings) and TOKEN not in str(settings)
    assert settings.telegram_bot_token.get_secret_value() == TOKEN


@pytest.mark.parametrize("name,value", [("ADMIN_IDS", "alice"), ("LOG_LEVEL", "LOUD"), ("WEBHOOK_URL", "ftp://x")])
def test_bad_settings_are_named(monkeypatch, tmp_path, name, value):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as info:
        Settings()
    assert name.lower() in str(info.value)


def test_token_is_redacted_from_log_records(caplog):
    logger = logging.getLogger("briefbot-test-redaction")
    caplog.handler.addFilter(TokenRedactingFilter([TOKEN]))
    with caplog.at_level(logging.INFO, logger=logger.name):
        logger.info("POST https://api.telegram.org/bot%s/getMe failed", TOKEN)
    assert TOKEN not in caplog.text
    assert "[redacted]" in caplog.text


# ------------------------------------------------------------------ every mistake, named

from bot.settings import ConfigError, describe_errors, load_settings  # noqa: E402

GOOD_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


@pytest.mark.parametrize(
    "name,value,expected",
    [
        ("TELEGRAM_BOT_TOKEN", "not a token", "does not look like a bot token"),
        ("TELEGRAM_BOT_TOKEN", '"123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"', "does not look like a bot token"),
        ("TELEGRAM_BOT_TOKEN", "bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "starts with 'bot'"),
        ("ADMIN_IDS", "42, alice", "numeric Telegram user ids"),
        ("ADMIN_IDS", "42;43", "numeric Telegram user ids"),
        ("ADMIN_IDS", "-5", "numeric Telegram user ids"),
        ("TELEGRAM_API_URL", "localhost:8081/bot", "must start with https://"),
        ("TELEGRAM_API_URL", "http://localhost:8081", "must end with /bot"),
        ("TELEGRAM_FILE_URL", "http://localhost:8081/bot", "must end with /file/bot"),
        ("WEBHOOK_URL", "http://bot.example.org/telegram", "HTTPS only"),
        ("WEBHOOK_URL", "ftp://bot.example.org/telegram", "must start with https://"),
        ("WEBHOOK_URL", "https:///telegram", "has no host name"),
        ("WEBHOOK_URL", "https://bot.example.org:99999/telegram", "is not a valid URL"),
        ("WEBHOOK_URL", "https://bot example.org/telegram", "contains spaces"),
        ("WEBHOOK_URL", "https://bot.example.org:9000/telegram", "ports 443, 80, 88 and 8443 only"),
        ("WEBHOOK_URL", "https://bot.example.org/healthz", "must not end in /healthz"),
        ("WEBHOOK_LISTEN", "every interface", "IP address"),
        ("WEBHOOK_PORT", "0", "from 1 to 65535"),
        ("WEBHOOK_PORT", "65536", "from 1 to 65535"),
        ("WEBHOOK_PORT", "eighty", "from 1 to 65535"),
        ("WEBHOOK_SECRET", "has spaces", "A-Z, a-z, 0-9"),
        ("WEBHOOK_SECRET", "x" * 257, "1 to 256 characters"),
        ("WEBHOOK_SECRET", "pässword", "A-Z, a-z, 0-9"),
        ("LOG_LEVEL", "LOUD", "must be one of DEBUG"),
        ("LOG_FORMAT", "xml", "must be text or json"),
    ],
)
def test_each_mistake_is_one_clear_line(monkeypatch, tmp_path, name, value, expected):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", GOOD_TOKEN)
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    [line] = info.value.problems
    assert line.startswith(f"{name}:") and expected in line, line
    if name in ("TELEGRAM_BOT_TOKEN", "WEBHOOK_SECRET"):
        assert value not in line and GOOD_TOKEN not in line  # secrets are never repeated


def test_all_mistakes_are_reported_at_once(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name, value in (
        ("TELEGRAM_BOT_TOKEN", "nope"),
        ("ADMIN_IDS", "x"),
        ("WEBHOOK_PORT", "0"),
        ("LOG_FORMAT", "xml"),
    ):
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert [p.split(":")[0] for p in info.value.problems] == [
        "TELEGRAM_BOT_TOKEN",
        "ADMIN_IDS",
        "WEBHOOK_PORT",
        "LOG_FORMAT",
    ]


def test_good_settings_pass(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name, value in (
        ("TELEGRAM_BOT_TOKEN", f"  {GOOD_TOKEN} "),
        ("ADMIN_IDS", "42 7"),
        ("WEBHOOK_URL", "https://bot.example.org/telegram/"),
        ("WEBHOOK_LISTEN", "0.0.0.0"),
        ("WEBHOOK_PORT", "8080"),
        ("WEBHOOK_SECRET", "A-z_09" * 10),
        ("LOG_LEVEL", "debug"),
        ("LOG_FORMAT", "JSON"),
        ("DATABASE_PATH", str(tmp_path / "new" / "dir" / "bot.sqlite3")),
    ):
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert settings.telegram_bot_token.get_secret_value() == GOOD_TOKEN
    assert (settings.log_level, settings.log_format, settings.webhook_port) == ("DEBUG", "json", 8080)
    assert settings.webhook_path == "/telegram"
    assert not settings.self_hosted_api and settings.telegram_file_url == "https://api.telegram.org/file/bot"


def test_empty_lines_in_env_mean_the_default(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=\nWEBHOOK_PORT=\nWEBHOOK_URL=\nWEBHOOK_SECRET=\nADMIN_IDS=\n")
    settings = Settings()
    assert settings.telegram_bot_token is None and settings.webhook_port == 8443
    assert settings.webhook_url is None and settings.webhook_secret is None and settings.admin_ids == frozenset()


def test_self_hosted_bot_api_server(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_API_URL", "http://telegram-bot-api:8081/bot")
    # a self-hosted server started with --local delivers to http and any port
    monkeypatch.setenv("WEBHOOK_URL", "http://briefbot:8443/telegram")
    settings = Settings()
    assert settings.self_hosted_api
    assert settings.telegram_file_url == "http://telegram-bot-api:8081/file/bot"  # follows the API URL
    monkeypatch.setenv("TELEGRAM_FILE_URL", "http://files.internal/file/bot")
    assert Settings().telegram_file_url == "http://files.internal/file/bot"  # unless set


def test_machine_problems_are_named(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file").write_text("")
    (tmp_path / "empty-models").mkdir()
    (tmp_path / "a-dir.sqlite3").mkdir()
    (tmp_path / "garbage.sqlite3").write_bytes(b"not SQLite at all" * 64)
    cases = {
        str(tmp_path / "garbage.sqlite3"): "is not a usable SQLite database (file is not a database)",
        str(tmp_path / "a-file" / "bot.sqlite3"): "is a file, not a folder",
        str(tmp_path / "a-dir.sqlite3"): "is a directory",
        "/proc/briefbot/bot.sqlite3": "is not writable",  # no one may create files in /proc, root included
    }
    for db, expected in cases.items():
        monkeypatch.setenv("DATABASE_PATH", db)
        monkeypatch.setenv("MODELS_DIR", str(tmp_path / "empty-models"))
        with pytest.raises(ConfigError) as info:
            load_settings()
        assert info.value.problems == [
            "TELEGRAM_BOT_TOKEN: not set; put the token from @BotFather in .env (see .env.example)",
            *[p for p in info.value.problems if p.startswith("DATABASE_PATH:")],
            f"MODELS_DIR: {tmp_path / 'empty-models'} has no resources.json (a Stanza resources folder, such as the bundled models/)",
        ]
        [db_problem] = [p for p in info.value.problems if p.startswith("DATABASE_PATH:")]
        assert expected in db_problem, db_problem
    # the command line's other commands need no token
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "ok.sqlite3"))
    monkeypatch.delenv("MODELS_DIR")
    assert load_settings(need_token=False).database_path == tmp_path / "ok.sqlite3"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere; /proc covers it above")
def test_read_only_database_folder(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        monkeypatch.setenv("DATABASE_PATH", str(locked / "bot.sqlite3"))
        with pytest.raises(ConfigError) as info:
            load_settings(need_token=False)
        assert info.value.problems == [
            f"DATABASE_PATH: cannot create {locked / 'bot.sqlite3'}: {locked} is not writable by this user"
        ]
    finally:
        locked.chmod(0o700)


def test_describe_errors_never_shows_input():
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as info:
        Settings(_env_file=None, telegram_bot_token="123:has spaces", fetch_timeout="slow")
    lines = describe_errors(info.value)
    assert len(lines) == 2 and not any("has spaces" in line for line in lines)
    assert lines[1].startswith("FETCH_TIMEOUT:")


# ------------------------------------------------------------------ logs: text or JSON, never a secret

from bot.runtime.logs import configure_logging  # noqa: E402


def _emit_with_token(fmt: str) -> str:
    stream = io.StringIO()
    handler = configure_logging("DEBUG", fmt, [TOKEN, "hook-secret"], stream=stream)
    try:
        log = logging.getLogger("briefbot-test-logs")
        log.info("GET https://api.telegram.org/bot%s/getMe", TOKEN)
        log.warning("quoted: %s", TOKEN.replace(":", "%3A"))
        try:
            raise RuntimeError(f"The token `{TOKEN}` was rejected, secret hook-secret")
        except RuntimeError:
            log.exception("start failed")
        log.info("with extra", extra={"chat_id": 42})
    finally:
        logging.getLogger().removeHandler(handler)
    return stream.getvalue()


def test_text_logs_redact_messages_and_tracebacks():
    text = _emit_with_token("text")
    assert TOKEN not in text and "ABC-secret-token" not in text and "hook-secret" not in text
    assert text.count("[redacted]") >= 4 and "Traceback" in text and "RuntimeError" in text


def test_json_logs_are_one_object_a_line_and_redacted():
    text = _emit_with_token("json")
    assert TOKEN not in text and "ABC-secret-token" not in text and "hook-secret" not in text
    records = [json.loads(line) for line in text.splitlines()]
    assert [r["level"] for r in records] == ["INFO", "WARNING", "ERROR", "INFO"]
    assert records[0]["message"] == "GET https://api.telegram.org/bot[redacted]/getMe"
    assert records[0]["logger"] == "briefbot-test-logs" and records[0]["time"].endswith("+00:00")
    assert "RuntimeError: The token `[redacted]` was rejected" in records[2]["exception"]
    assert records[3]["chat_id"] == 42


def test_database_url_selects_postgres_and_its_password_is_a_secret(monkeypatch, tmp_path):
    from bot.runtime.app import secrets_of
    from bot.settings import runtime_problems

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "postgresql://briefbot:pg-pass-word@db.example.org:5432/briefbot")
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.org/telegram")
    settings = Settings()
    assert settings.database == "postgresql://briefbot:pg-pass-word@db.example.org:5432/briefbot"
    assert "pg-pass-word" in secrets_of(settings) and "pg-pass-word" not in repr(settings)
    problems = runtime_problems(settings, need_token=False)
    assert any(p.startswith("WEBHOOK_SECRET: set one with DATABASE_URL") for p in problems), problems
    monkeypatch.setenv("DATABASE_URL", "mysql://db.example.org/briefbot")
    assert any(p.startswith("DATABASE_URL: not a PostgreSQL URL") for p in runtime_problems(Settings(), False))
