"""Settings from the environment, and the token kept out of logs."""

import logging

import pytest
from pydantic import ValidationError

from bot.app import TokenRedactingFilter
from bot.config import Settings

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
