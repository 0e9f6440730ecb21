"""Logging for the running bot: text or JSON lines on stderr, secrets never written.

Redaction happens on the finished line (message, arguments, exception and stack text alike),
so no formatter, library or traceback can let the token through.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import TextIO
from urllib.parse import quote

REDACTED = "[redacted]"
_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def _variants(secrets: list[str]) -> list[str]:
    """Each secret as written and URL-encoded (a token's ':' becomes %3A in some URLs)."""
    out: set[str] = set()
    for secret in secrets:
        if secret:
            out.update({secret, quote(secret, safe="")})
    return sorted(out, key=len, reverse=True)  # longest first: no partial leftovers


def redact(text: str, secrets: list[str]) -> str:
    """`text` with every secret replaced by [redacted]."""
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class TokenRedactingFilter(logging.Filter):
    """Keeps secrets out of a record's message and its exception text (httpx logs request URLs,
    which contain the token); for handlers whose formatter is not a RedactingFormatter."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = _variants(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        record.msg, record.args = redact(message, self._secrets), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self._secrets)
        return True


class RedactingFormatter(logging.Formatter):
    """A plain-text formatter whose every finished line is redacted."""

    def __init__(self, secrets: list[str], fmt: str | None = None) -> None:
        super().__init__(fmt or "%(asctime)s %(levelname)s %(name)s: %(message)s")
        self._secrets = _variants(secrets)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self._secrets)


class JsonFormatter(RedactingFormatter):
    """One JSON object a line: time, level, logger, message, exception, and any `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and not key.startswith("_"):
                entry[key] = value
        line = json.dumps(entry, ensure_ascii=False, default=str)
        # Secrets are [A-Za-z0-9:_-]: JSON leaves them as they are, so redacting the line works.
        return redact(line, self._secrets)


def configure_logging(
    level: str = "INFO", fmt: str = "text", secrets: list[str] | None = None, stream: TextIO | None = None
) -> logging.Handler:
    """Send every log record to `stream` (stderr) as text or JSON lines, with `secrets` redacted;
    replaces handlers set up before. Returns the handler."""
    secrets = [s for s in (secrets or []) if s]
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(secrets) if fmt == "json" else RedactingFormatter(secrets))
    handler.addFilter(TokenRedactingFilter(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # httpx logs every request at INFO, with the token in its URL; warnings are enough.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # tornado logs each request at INFO and each refused webhook at WARNING: ours say it better.
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    return handler
