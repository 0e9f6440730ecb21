"""What every handler needs to answer: the reply language, and HTML replies that fit Telegram."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from handlers.context import BriefbotContext
from handlers.format import split_message
from handlers.texts import reply_language

__all__ = ["answer_query", "chat_language", "reply_html"]

log = logging.getLogger(__name__)


def chat_language(update: Update, context: BriefbotContext | None = None) -> str:
    """The chat's configured language (/settings), else the user's Telegram language."""
    chat = update.effective_chat
    started = context.bot_data.started if context else None
    configured = started.briefings.chat_language(chat.id) if started and chat else None
    if configured:
        return configured
    user = update.effective_user
    return reply_language(user.language_code if user else None)


async def reply_html(update: Update, html: str, keyboard: InlineKeyboardMarkup | None = None) -> None:
    """Send an HTML reply, split under Telegram's message limit; buttons go under the last part."""
    message = update.effective_message
    if message is None:
        return
    chunks = split_message(html)
    for index, chunk in enumerate(chunks):
        markup = keyboard if index == len(chunks) - 1 else None
        await message.reply_html(chunk, disable_web_page_preview=True, do_quote=False, reply_markup=markup)


async def answer_query(query: CallbackQuery, text: str | None = None, show_alert: bool = False) -> None:
    """Answer a button press; one Telegram no longer takes (too old, after a restart) is logged."""
    try:
        await query.answer(text, show_alert=show_alert)
    except BadRequest as exc:  # "Query is too old and response timeout expired or query id is invalid"
        log.info("callback query not answered: %s", exc)
