"""Settings, read from the environment and `.env`, validated once at start."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from typing import Annotated

from bot.fetch import FetchPolicy, IPNetwork, parse_networks

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODELS_DIR = PROJECT_ROOT / "models"


class Settings(BaseSettings):
    """Everything the bot and the command line can be configured with."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(default_factory=frozenset)
    database_path: Path = Path("data/briefbot.sqlite3")
    models_dir: Path = DEFAULT_MODELS_DIR
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str = "https://api.telegram.org/file/bot"
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: SecretStr | None = None
    log_level: str = "INFO"
    # How often the job queue checks for due briefings (a briefing goes out within this delay).
    briefing_check_seconds: float = Field(default=60.0, gt=0)
    # Links admins send are fetched from public addresses only; these networks are let through
    # too (comma-separated, e.g. "10.20.0.0/16" for an intranet news server; tests: 127.0.0.1).
    fetch_allowed_networks: Annotated[tuple[IPNetwork, ...], NoDecode] = ()
    fetch_timeout: float = Field(default=10.0, gt=0, le=120)
    fetch_max_bytes: int = Field(default=2 * 1024 * 1024, gt=0, le=50 * 1024 * 1024)

    def fetch_policy(self) -> FetchPolicy:
        return FetchPolicy(max_bytes=self.fetch_max_bytes, timeout=self.fetch_timeout,
                           allowed_networks=self.fetch_allowed_networks)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: object) -> object:
        """ADMIN_IDS is a comma- or space-separated list of numeric Telegram user ids."""
        if isinstance(value, str):
            parts = [p for p in value.replace(",", " ").split() if p]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError("ADMIN_IDS must be numeric Telegram user ids, separated by commas") from None
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("fetch_allowed_networks", mode="before")
    @classmethod
    def _parse_networks(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return parse_networks(value)
            except ValueError:
                raise ValueError("FETCH_ALLOWED_NETWORKS must be IP networks such as 10.20.0.0/16, comma-separated") from None
        return value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("webhook_url")
    @classmethod
    def _check_webhook_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("WEBHOOK_URL must be an http(s) URL")
        return value or None
