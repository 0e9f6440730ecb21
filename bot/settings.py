"""Settings, read from the environment and `.env`, validated once at start.

`Settings()` checks the form of every value (a token that cannot be a token, a port out of
range, ...); `runtime_problems()` checks what only the machine can tell (a database directory
that cannot be written, a models directory without models). `load_settings()` does both and
raises `ConfigError` with one readable line per mistake; no line ever repeats a secret.
"""

from __future__ import annotations

import ipaddress
import re
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import SplitResult, urlsplit

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.ingest.fetch import FetchPolicy, IPNetwork, parse_networks
from storage.postgres import is_postgres_url


def source_checkout() -> Path | None:
    """The repository this code runs from (a clone with an editable install), or None when it
    is installed as a wheel (the Docker image), where MODELS_DIR and SEEDS_DIR say where."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "models").is_dir() else None


def _bundled(name: str) -> Path:
    """A folder of the repository (models/, seeds/); ./name when installed as a wheel."""
    checkout = source_checkout()
    return checkout / name if checkout else Path(name)


DEFAULT_MODELS_DIR = _bundled("models")
DEFAULT_SEEDS_DIR = _bundled("seeds")
TELEGRAM_API_URL = "https://api.telegram.org/bot"
TELEGRAM_FILE_URL = "https://api.telegram.org/file/bot"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("text", "json")
HEALTH_PATH = "/healthz"
# Telegram itself delivers webhooks to these ports only; a self-hosted Bot API server to any.
TELEGRAM_WEBHOOK_PORTS = (443, 80, 88, 8443)

# @BotFather's tokens are "<bot id>:<35 characters>"; test servers use shorter ones.
_TOKEN_RE = re.compile(r"^[0-9]{1,20}:[A-Za-z0-9_-]{1,200}$")
# What Telegram accepts as setWebhook's secret_token.
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_HOSTNAME_RE = re.compile(
    r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)


class ConfigError(Exception):
    """The settings cannot run the bot; `problems` has one line per mistake."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _split_url(value: str) -> SplitResult:
    """Parse an http(s) URL with a host, or raise a ValueError that says what is wrong."""
    if any(c.isspace() for c in value):
        raise ValueError(f"is not a URL (it contains spaces): {value!r}")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number 0-65535
    except ValueError:
        raise ValueError(f"is not a valid URL: {value!r}") from None
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"must start with https:// (or http://), not {value!r}")
    if not parts.hostname:
        raise ValueError(f"has no host name: {value!r}")
    if parts.username or parts.password:
        raise ValueError("must not contain a user name or password")
    return parts


class Settings(BaseSettings):
    """Everything the bot and the command line can be configured with."""

    # An empty line in .env (`WEBHOOK_PORT=`) means "the default", as if it were absent.
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True)

    telegram_bot_token: SecretStr | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(default_factory=frozenset)
    database_path: Path = Path("data/briefbot.sqlite3")
    # A PostgreSQL server instead of the SQLite file (postgresql://user:password@host/db): for
    # analysis workers on other machines and several bot replicas. It may hold a password.
    database_url: SecretStr | None = None
    # "builtin": the bot analyses what admins send in its own worker process; "external": it only
    # stores articles pending and `briefbot worker` processes (anywhere) analyse them.
    analysis_workers: Literal["builtin", "external"] = "builtin"
    models_dir: Path = DEFAULT_MODELS_DIR
    seeds_dir: Path = DEFAULT_SEEDS_DIR  # what `briefbot demo` ingests
    telegram_api_url: str = TELEGRAM_API_URL
    # Unset with a self-hosted TELEGRAM_API_URL: that server's /file/bot (see _derive_file_url).
    telegram_file_url: str = TELEGRAM_FILE_URL
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: SecretStr | None = None
    log_level: str = "INFO"
    log_format: str = "text"
    # How often the job queue checks for due briefings (a briefing goes out within this delay).
    briefing_check_seconds: float = Field(default=60.0, gt=0)
    # Links admins send are fetched from public addresses only; these networks are let through
    # too (comma-separated, e.g. "10.20.0.0/16" for an intranet news server; tests: 127.0.0.1).
    fetch_allowed_networks: Annotated[tuple[IPNetwork, ...], NoDecode] = ()
    fetch_timeout: float = Field(default=10.0, gt=0, le=120)
    fetch_max_bytes: int = Field(default=2 * 1024 * 1024, gt=0, le=50 * 1024 * 1024)

    @property
    def database(self) -> Path | str:
        """Where the store is: DATABASE_URL when set, else the SQLite file DATABASE_PATH."""
        return self.database_url.get_secret_value() if self.database_url else self.database_path

    def fetch_policy(self) -> FetchPolicy:
        return FetchPolicy(
            max_bytes=self.fetch_max_bytes, timeout=self.fetch_timeout, allowed_networks=self.fetch_allowed_networks
        )

    @property
    def webhook_path(self) -> str:
        """The path the webhook server listens on: WEBHOOK_URL's own (a proxy passes it on)."""
        path = urlsplit(self.webhook_url or "").path.rstrip("/")
        return path or "/"

    @property
    def self_hosted_api(self) -> bool:
        """True when updates come from a self-hosted Bot API server rather than Telegram's."""
        return urlsplit(self.telegram_api_url).hostname != "api.telegram.org"

    # ------------------------------------------------------------------ one value at a time
    # Messages name no setting (describe_errors puts the name first) and never echo a secret.

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _check_token(cls, value: object) -> object:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if not isinstance(value, str):
            return value
        token = value.strip()
        if not token:
            return None
        if _TOKEN_RE.match(token):
            return token
        if token.lower().startswith("bot") and _TOKEN_RE.match(token[3:]):
            raise ValueError("starts with 'bot': give the token alone, as @BotFather shows it")
        raise ValueError(
            "does not look like a bot token: digits, a colon, then letters, digits, "
            "'_' or '-' (as @BotFather shows it; no quotes or spaces)"
        )

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: object) -> object:
        """ADMIN_IDS is a comma- or space-separated list of numeric Telegram user ids."""
        if isinstance(value, int):
            value = str(value)
        if isinstance(value, str):
            parts = [p for p in value.replace(",", " ").split() if p]
            bad = [p for p in parts if not p.isdigit() or int(p) == 0]
            if bad:
                raise ValueError(
                    f"must be numeric Telegram user ids, separated by commas; not {', '.join(repr(p) for p in bad[:3])}"
                )
            return frozenset(int(p) for p in parts)
        return value

    @field_validator("fetch_allowed_networks", mode="before")
    @classmethod
    def _parse_networks(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return parse_networks(value)
            except ValueError:
                raise ValueError("must be IP networks such as 10.20.0.0/16, comma-separated") from None
        return value

    @field_validator("telegram_api_url", "telegram_file_url")
    @classmethod
    def _check_api_url(cls, value: str, info: ValidationInfo) -> str:
        value = value.strip()
        _split_url(value)
        suffix = "/bot" if info.field_name == "telegram_api_url" else "/file/bot"
        # python-telegram-bot appends the token to this URL (or fills in "{token}").
        if not value.rstrip("/").endswith(suffix) and "{token}" not in value:
            raise ValueError(
                f"must end with {suffix} (the token is appended to it), e.g. http://localhost:8081{suffix}"
            )
        return value.rstrip("/")

    @field_validator("webhook_url")
    @classmethod
    def _check_webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        parts = _split_url(value)
        if parts.fragment:
            raise ValueError("must not contain a '#' fragment")
        if parts.path.rstrip("/") == HEALTH_PATH:
            raise ValueError(f"must not end in {HEALTH_PATH}: that path answers health checks")
        return value

    @field_validator("webhook_listen")
    @classmethod
    def _check_listen(cls, value: str) -> str:
        value = value.strip()
        try:
            ipaddress.ip_address(value)
        except ValueError:
            if not _HOSTNAME_RE.match(value):
                raise ValueError(
                    f"must be an IP address (127.0.0.1, 0.0.0.0, ::) or a host name, not {value!r}"
                ) from None
        return value

    @field_validator("webhook_port", mode="before")
    @classmethod
    def _check_port(cls, value: object) -> object:
        text = str(value).strip()
        if not text.isdigit() or not 1 <= int(text) <= 65535:
            raise ValueError(f"must be a port number from 1 to 65535, not {text!r}")
        return int(text)

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _check_secret(cls, value: object) -> object:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if not isinstance(value, str):
            return value
        if not value:
            return None
        if not _SECRET_RE.match(value):
            raise ValueError(
                f"must be 1 to 256 characters, each A-Z, a-z, 0-9, '_' or '-' "
                f"(Telegram refuses others); it has {len(value)} characters"
            )
        return value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}, not {value!r}")
        return level

    @field_validator("log_format")
    @classmethod
    def _check_log_format(cls, value: str) -> str:
        fmt = value.strip().lower()
        if fmt not in LOG_FORMATS:
            raise ValueError(f"must be text or json, not {value!r}")
        return fmt

    # ------------------------------------------------------------------ values together

    @model_validator(mode="after")
    def _derive_file_url(self) -> Settings:
        """A self-hosted server serves files too: follow TELEGRAM_API_URL unless told otherwise."""
        if (
            "telegram_file_url" not in self.model_fields_set
            and self.self_hosted_api
            and self.telegram_api_url.endswith("/bot")
        ):
            self.telegram_file_url = self.telegram_api_url[: -len("/bot")] + "/file/bot"
        return self

    @model_validator(mode="after")
    def _check_webhook_for_telegram(self) -> Settings:
        """Telegram's own servers deliver over HTTPS to four ports; a self-hosted server started
        with --local takes any URL, so only the form is checked for it."""
        if not self.webhook_url or self.self_hosted_api:
            return self
        parts = urlsplit(self.webhook_url)
        if parts.scheme != "https":
            raise ValueError("WEBHOOK_URL: Telegram delivers webhooks over HTTPS only: use https://")
        port = parts.port or 443
        if port not in TELEGRAM_WEBHOOK_PORTS:
            raise ValueError(
                f"WEBHOOK_URL: Telegram delivers webhooks to ports 443, 80, 88 and 8443 only, "
                f"not {port} (let a reverse proxy listen on one of them)"
            )
        return self


def describe_errors(exc: ValidationError) -> list[str]:
    """One line per mistake, "SETTING: what is wrong"; the rejected value is never included
    (pydantic's own text would repeat it, and it may be the token)."""
    lines = []
    for error in exc.errors(include_url=False, include_input=False):
        message = str(error.get("msg", "invalid"))
        message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        loc = error.get("loc") or ()
        name = str(loc[0]).upper() if loc else ""
        lines.append(f"{name}: {message}" if name else message)
    return lines


def _nearest_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(".")


def _can_create_in(folder: Path) -> bool:
    """Whether this process can create a file in `folder`: tried for real, since permission
    bits say nothing about read-only mounts, ACLs or root."""
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".briefbot-probe-"):
            return True
    except OSError:
        return False


def _sqlite_problem(file: Path) -> str | None:
    """Why an existing file is not a usable SQLite database (read-only look), or None."""
    try:
        with closing(sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True, timeout=5)) as db:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        return str(exc)
    return None


def _can_write(file: Path) -> bool:
    try:
        with open(file, "r+b"):
            return True
    except OSError:
        return False


def runtime_problems(settings: Settings, need_token: bool = True) -> list[str]:
    """What the settings ask for that this machine cannot give: no token, a database that cannot
    be written, a models directory without models."""
    problems = []
    if need_token and settings.telegram_bot_token is None:
        problems.append("TELEGRAM_BOT_TOKEN: not set; put the token from @BotFather in .env (see .env.example)")
    if settings.database_url is not None:
        if not is_postgres_url(settings.database_url.get_secret_value()):
            problems.append("DATABASE_URL: not a PostgreSQL URL; give postgresql://user:password@host:5432/database")
        db = None
    else:
        db = settings.database_path
    if db is None:  # the server is reached when the store opens (`briefbot check` says if it cannot be)
        if settings.webhook_url and settings.webhook_secret is None:
            problems.append(
                "WEBHOOK_SECRET: set one with DATABASE_URL: replicas on one database must share it"
                " (each would otherwise tell Telegram a random secret of its own)"
            )
    elif db.is_dir():
        problems.append(f"DATABASE_PATH: {db} is a directory; give a file name such as {db / 'briefbot.sqlite3'}")
    elif db.exists():
        if not _can_write(db):
            problems.append(f"DATABASE_PATH: {db} cannot be read and written by this user")
        elif (problem := _sqlite_problem(db)) is not None:
            problems.append(f"DATABASE_PATH: {db} is not a usable SQLite database ({problem})")
    else:
        # Store.open creates missing folders: the nearest existing one must take new files.
        parent = _nearest_existing(db.parent)
        if not parent.is_dir():
            problems.append(f"DATABASE_PATH: {parent} is a file, not a folder")
        elif not _can_create_in(parent):
            problems.append(f"DATABASE_PATH: cannot create {db}: {parent} is not writable by this user")
    models = settings.models_dir
    if not models.is_dir():
        problems.append(f"MODELS_DIR: {models} is not a folder")
    elif not (models / "resources.json").is_file():
        problems.append(
            f"MODELS_DIR: {models} has no resources.json (a Stanza resources folder, such as the bundled models/)"
        )
    return problems


def load_settings(need_token: bool = True, **overrides: Any) -> Settings:
    """Settings from the environment and .env, checked as far as can be before starting;
    raises ConfigError listing every mistake at once. `overrides` are raw setting values
    (any type: pydantic validates and converts them, as it does the environment's strings)."""
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(describe_errors(exc)) from None
    problems = runtime_problems(settings, need_token)
    if problems:
        raise ConfigError(problems)
    return settings
