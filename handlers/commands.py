"""Command handlers: /start, /help, /who, /where, /brief, /latest."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.service import BriefingService
from handlers.format import format_brief, format_latest, format_where, format_who, split_message
from handlers.texts import reply_language, t


def _service(context: ContextTypes.DEFAULT_TYPE) -> BriefingService:
    return context.bot_data["service"]


def _lang(update: Update, context: ContextTypes.DEFAULT_TYPE | None = None) -> str:
    """The chat's configured language (/settings), else the user's Telegram language."""
    briefings = context.bot_data.get("briefings") if context else None
    chat = update.effective_chat
    configured = briefings.chat_language(chat.id) if briefings and chat else None
    if configured:
        return configured
    user = update.effective_user
    return reply_language(user.language_code if user else None)


def _topic(context: ContextTypes.DEFAULT_TYPE) -> str | None:
    topic = " ".join(context.args or []).strip()
    return topic[:100] or None


async def reply_html(update: Update, html: str) -> None:
    """Send an HTML reply, split under Telegram's message limit."""
    message = update.effective_message
    if message is None:
        return
    for chunk in split_message(html):
        await message.reply_html(chunk, disable_web_page_preview=True, do_quote=False)


async def _empty_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str, topic: str | None) -> None:
    if topic and await _service(context).store.count_articles():
        await reply_html(update, t("nothing_found", lang, topic=escape(topic)))
    else:
        await reply_html(update, t("nothing_stored", lang))


def _help(update: Update, context: ContextTypes.DEFAULT_TYPE, lang: str) -> str:
    """The help, with the briefing commands, and the admin commands for bot admins."""
    text = t("help", lang) + t("help_briefings", lang)
    user = update.effective_user
    if user and user.id in context.bot_data.get("admin_ids", frozenset()):
        text += t("help_admin", lang)
    return text


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang = _lang(update, context)
    await reply_html(update, t("start", lang, help=_help(update, context, lang)))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang = _lang(update, context)
    await reply_html(update, _help(update, context, lang))


async def who(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang, topic = _lang(update, context), _topic(context)
    rows = await _service(context).who(topic)
    if not rows:
        return await _empty_answer(update, context, lang, topic)
    await reply_html(update, format_who(rows, lang, topic))


async def where(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang, topic = _lang(update, context), _topic(context)
    rows = await _service(context).where(topic)
    if not rows:
        return await _empty_answer(update, context, lang, topic)
    await reply_html(update, format_where(rows, lang, topic))


async def brief(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang, topic = _lang(update, context), _topic(context)
    rows = await _service(context).brief(topic)
    if not rows.sentences:
        return await _empty_answer(update, context, lang, topic)
    await reply_html(update, format_brief(rows, lang, topic))


async def latest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang = _lang(update, context)
    refs = await _service(context).latest()
    if not refs:
        return await _empty_answer(update, context, lang, None)
    await reply_html(update, format_latest(refs, lang))
