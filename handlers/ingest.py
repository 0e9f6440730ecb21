"""Admins forward or paste articles, send links or files; everyone else is politely refused."""

from __future__ import annotations

import logging
from html import escape

from telegram import MessageEntity, MessageOriginChannel, MessageOriginChat, Update
from telegram.error import TelegramError

from bot.ingest import MAX_CHARS, MIN_WORDS, FileReport, IngestResult, IngestStatus
from handlers.context import BriefbotContext
from handlers.permissions import can_ingest
from handlers.replies import chat_language, reply_html
from handlers.texts import has_text, language_name, t

log = logging.getLogger(__name__)


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


def _links(update: Update) -> list[str]:
    """The links Telegram marked in the message: written URLs, and links behind words."""
    message = update.effective_message
    if message is None:
        return []
    kinds: list[str | None] = [MessageEntity.URL, MessageEntity.TEXT_LINK]  # as parse_entities types it
    marked = message.parse_entities(kinds) if message.text else message.parse_caption_entities(kinds)
    return [
        entity.url if entity.type == MessageEntity.TEXT_LINK and entity.url else text for entity, text in marked.items()
    ]


def describe(result: IngestResult, lang: str, supported: set[str]) -> str:
    """The reply to an ingestion: what was found, or why nothing was stored."""
    status = result.status
    if status is IngestStatus.STORED:
        text = t(
            "stored",
            lang,
            title=escape(result.title),
            ext_id=escape(result.ext_id or ""),
            n_actors=len(result.actors),
            n_places=len(result.places),
        )
        details = []
        if result.actors:
            details.append("👤 " + ", ".join(escape(a) for a in result.actors[:6]))
        if result.places:
            details.append("📍 " + ", ".join(escape(p) for p in result.places[:8]))
        return "\n".join([text, *details])
    if status is IngestStatus.DUPLICATE and result.duplicate_of:
        ref = result.duplicate_of
        return t("duplicate", lang, title=escape(ref.title), ext_id=escape(ref.ext_id))
    if status is IngestStatus.PENDING:  # stored; the service stopped before analysing it
        return t("pending", lang, title=escape(result.title))
    if status is IngestStatus.QUEUED:  # stored; the analysis workers take it from the database
        return t("queued", lang, title=escape(result.title))
    if status is IngestStatus.FAILED and result.detail == "shutting down":
        return t("restarting", lang)
    if status is IngestStatus.TOO_SHORT:
        return t("too_short", lang, n=MIN_WORDS)
    if status is IngestStatus.TOO_LONG:
        return t("too_long", lang, n=f"{MAX_CHARS:,}")
    if status is IngestStatus.UNSUPPORTED_LANGUAGE:
        names = ", ".join(language_name(code, lang) for code in sorted(supported))
        return t(
            "unsupported_language",
            lang,
            language=escape(language_name(result.language or "", lang)),
            supported=escape(names),
        )
    if status is not IngestStatus.FAILED and has_text(result.reason):  # empty, not text, links and files refused
        return t(result.reason, lang, detail=escape(result.detail))
    return t("failed", lang)


def _reason(result: IngestResult, lang: str, supported: set[str]) -> str:
    """Why one article of a file was refused, in a few words."""
    key = f"reason_{result.reason}"
    if not has_text(key):
        return describe(result, lang, supported)
    return t(key, lang, detail=escape(result.detail), language=escape(language_name(result.language or "", lang)))


def describe_file(report: FileReport, lang: str, supported: set[str], shown: int = 10) -> str:
    """The reply to a file: one article's reply, or a JSON Lines file's summary."""
    if not report.many or (len(report.results) == 1 and report.results[0][0] == 0):
        return "\n".join(describe(result, lang, supported) for _, result in report.results) or t("empty", lang)
    stored = [r for _, r in report.results if r.status is IngestStatus.STORED]
    refused = report.refused()
    lines = [
        t(
            "file_summary",
            lang,
            name=escape(report.file_name),
            stored=len(stored),
            duplicates=report.count(IngestStatus.DUPLICATE),
            refused=len(refused),
        )
    ]
    lines += [t("file_stored_line", lang, title=escape(r.title), ext_id=escape(r.ext_id or "")) for r in stored[:shown]]
    lines += [t("file_refused_line", lang, line=n, reason=_reason(r, lang, supported)) for n, r in refused[:shown]]
    hidden = max(len(stored) - shown, 0) + max(len(refused) - shown, 0)
    if hidden:
        lines.append(t("file_more", lang, n=hidden))
    return "\n".join(lines)


async def ingest_message(update: Update, context: BriefbotContext) -> None:
    """A text message or forward in a private chat: an article, or a link to one, from an admin."""
    message = update.effective_message
    if message is None:
        return
    lang = chat_language(update, context)
    if not can_ingest(update, context):  # bot admins, and chats they allowed
        await reply_html(update, t("not_admin", lang))
        return
    source, source_url = _source(update)
    # the day the article appeared ("hari Rabu" in it is the Wednesday before): the original
    # post's date for a forward, else the message's own
    origin = message.forward_origin
    published = origin.date if origin else message.date
    service = context.bot_data.services.ingest
    await message.chat.send_action("typing")
    user = update.effective_user
    result = await service.ingest_post(
        message.text or message.caption or "",
        _links(update),
        added_by=user.id if user else None,
        source=source,
        source_url=source_url,
        published=published.isoformat() if published else None,
    )
    log.info("ingest from %s: %s %s", user.id if user else "?", result.reason, result.ext_id or "")
    await reply_html(update, describe(result, lang, service.languages))


async def ingest_document(update: Update, context: BriefbotContext) -> None:
    """A .txt, .html or .jsonl file in a private chat, from an admin."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    lang = chat_language(update, context)
    if not can_ingest(update, context):
        await reply_html(update, t("not_admin", lang))
        return
    service = context.bot_data.services.ingest
    document = message.document
    name = document.file_name or ""
    refused = service.check_file(name, document.file_size)  # before downloading anything
    if refused:
        await reply_html(update, describe(refused, lang, service.languages))
        return
    await message.chat.send_action("typing")
    try:
        data = bytes(await (await document.get_file()).download_as_bytearray())
    except TelegramError as exc:  # getFile refused (too big for the Bot API, or gone): nothing to read
        log.info("file %r not downloaded: %s: %s", name[:80], type(exc).__name__, exc)
        await reply_html(update, t("file_unavailable", lang))
        return
    user = update.effective_user
    report = await service.ingest_file(name, data, added_by=user.id if user else None)
    log.info(
        "file from %s: %d result(s), %d stored",
        user.id if user else "?",
        len(report.results),
        report.count(IngestStatus.STORED),
    )
    await reply_html(update, describe_file(report, lang, service.languages))
