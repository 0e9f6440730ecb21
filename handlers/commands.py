"""Command handlers: /start, /help, /who, /where, /brief, /latest."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.service import BriefingService
from handlers.format import (
    format_actor, format_brief, format_latest, format_place, format_where, format_who, split_message,
)
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


# Inline buttons under /who and /where open one actor or place: "who:<id>", "where:<id>".
WHO_PREFIX = "who:"
WHERE_PREFIX = "where:"
BUTTONS = 6


async def reply_html(update: Update, html: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Send an HTML reply, split under Telegram's message limit; buttons go under the last part."""
    message = update.effective_message
    if message is None:
        return
    chunks = split_message(html)
    for index, chunk in enumerate(chunks):
        markup = keyboard if index == len(chunks) - 1 else None
        await message.reply_html(chunk, disable_web_page_preview=True, do_quote=False, reply_markup=markup)


def _buttons(prefix: str, items: list[tuple[int, str]]) -> InlineKeyboardMarkup | None:
    """Two buttons a row, one per actor or place, each opening it in full."""
    buttons = [InlineKeyboardButton(label[:40], callback_data=f"{prefix}{item_id}") for item_id, label in items[:BUTTONS]]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup(rows) if rows else None


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
    """/who: the key people and organisations; /who NAME: that actor in full."""
    lang, topic = _lang(update, context), _topic(context)
    if topic:
        detail = await _service(context).actor_detail(topic)
        if detail:
            return await reply_html(update, format_actor(detail, lang))
    rows = await _service(context).who(topic)
    if not rows:
        return await _empty_answer(update, context, lang, topic)
    people_first = sorted(rows, key=lambda r: r.kind != "PER")  # the order format_who shows them in
    await reply_html(update, format_who(rows, lang, topic),
                     _buttons(WHO_PREFIX, [(r.id, r.name) for r in people_first]))


async def where(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang, topic = _lang(update, context), _topic(context)
    rows = await _service(context).where(topic)
    if not rows:
        return await _empty_answer(update, context, lang, topic)
    await reply_html(update, format_where(rows, lang, topic), _buttons(WHERE_PREFIX, [(r.id, r.name) for r in rows]))


async def open_detail(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button under /who or /where: that actor or place in full, as a new message."""
    query = update.callback_query
    if query is None:
        return
    lang = _lang(update, context)
    data = query.data or ""
    prefix = WHO_PREFIX if data.startswith(WHO_PREFIX) else WHERE_PREFIX
    try:
        item_id = int(data.removeprefix(prefix))
    except ValueError:
        return await query.answer()
    service = _service(context)
    if prefix == WHO_PREFIX:
        detail = await service.actor_detail(item_id)
        html = format_actor(detail, lang) if detail else None
    else:
        place = await service.place_detail(item_id)
        html = format_place(place, lang) if place else None
    if html is None:
        return await query.answer(t("detail_gone", lang), show_alert=True)
    await query.answer()
    await reply_html(update, html)


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
