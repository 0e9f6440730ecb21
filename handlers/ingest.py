"""Admins forward or paste articles; everyone else is politely refused."""

from __future__ import annotations

import logging
from html import escape

from telegram import MessageOriginChannel, MessageOriginChat, Update
from telegram.ext import ContextTypes

from bot.service import MAX_CHARS, MIN_WORDS, IngestResult, IngestStatus, article_from_text
from handlers.commands import _lang, _service, reply_html
from handlers.permissions import can_ingest, is_bot_admin
from handlers.texts import language_name, t

log = logging.getLogger(__name__)


is_admin = is_bot_admin  # the old name, for callers of it


def _source(update: Update) -> tuple[str | None, str | None]:
    """Where a forwarded article came from: (source name, t.me link when public)."""
    message = update.effective_message
    origin = message.forward_origin if message else None
    if isinstance(origin, MessageOriginChannel):
        chat = origin.chat
        url = f"https://t.me/{chat.username}/{origin.message_id}" if chat.username else None
        return chat.title or chat.username, url
    if isinstance(origin, MessageOriginChat):
        return origin.sender_chat.title, None
    return None, None


def describe(result: IngestResult, lang: str, supported: set[str]) -> str:
    """The reply to an ingestion: what was found, or why nothing was stored."""
    status = result.status
    if status is IngestStatus.STORED:
        text = t("stored", lang, title=escape(result.title), ext_id=escape(result.ext_id or ""),
                 n_actors=len(result.actors), n_places=len(result.places))
        details = []
        if result.actors:
            details.append("👤 " + ", ".join(escape(a) for a in result.actors[:6]))
        if result.places:
            details.append("📍 " + ", ".join(escape(p) for p in result.places[:8]))
        return "\n".join([text, *details])
    if status is IngestStatus.DUPLICATE and result.duplicate_of:
        ref = result.duplicate_of
        return t("duplicate", lang, title=escape(ref.title), ext_id=escape(ref.ext_id))
    if status is IngestStatus.TOO_SHORT:
        return t("too_short", lang, n=MIN_WORDS)
    if status is IngestStatus.TOO_LONG:
        return t("too_long", lang, n=f"{MAX_CHARS:,}")
    if status is IngestStatus.UNSUPPORTED_LANGUAGE:
        names = ", ".join(language_name(code, lang) for code in sorted(supported))
        return t("unsupported_language", lang, language=escape(language_name(result.language or "", lang)),
                 supported=escape(names))
    return t(status.value if status.value in ("empty", "not_text", "failed") else "failed", lang)


async def ingest_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text message or forward in a private chat: an article from an admin."""
    message = update.effective_message
    if message is None:
        return
    lang = _lang(update, context)
    if not can_ingest(update, context):  # bot admins, and chats they allowed
        await reply_html(update, t("not_admin", lang))
        return
    text = message.text or message.caption or ""
    article = article_from_text(text)
    article.source, article.url = _source(update)
    service = _service(context)
    await message.chat.send_action("typing")
    user = update.effective_user
    result = await service.ingest(article, added_by=user.id if user else None)
    log.info("ingest from %s: %s %s", user.id if user else "?", result.status.value, result.ext_id or "")
    await reply_html(update, describe(result, lang, service.languages))
