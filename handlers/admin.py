"""The bot admins' workflow: /sources, /forget, /stats, /allow and /disallow, and articles
forwarded into a group a bot admin allowed."""

from __future__ import annotations

import logging
import re
from html import escape

from telegram import Update
from telegram.constants import ChatType

from bot.services import AdminService
from handlers.context import BriefbotContext
from handlers.format import format_sources, format_stats
from handlers.ingest import ingest_message
from handlers.permissions import is_bot_admin
from handlers.replies import chat_language, reply_html
from handlers.texts import t

log = logging.getLogger(__name__)

DEFAULT_SOURCES = 20


def _admin(context: BriefbotContext) -> AdminService:
    return context.bot_data.services.admin


async def _refused(update: Update, context: BriefbotContext, lang: str) -> bool:
    """True (after telling the sender) unless the sender is a bot admin."""
    if is_bot_admin(update, context):
        return False
    await reply_html(update, t("bot_admin_only", lang))
    return True


async def sources(update: Update, context: BriefbotContext) -> None:
    """/sources [n]: the newest stored articles, by whom and when, with their ids."""
    lang = chat_language(update, context)
    if await _refused(update, context, lang):
        return
    args = context.args or []
    limit = int(args[0]) if args and re.fullmatch(r"[0-9]{1,4}", args[0]) else DEFAULT_SOURCES
    rows = await _admin(context).sources(limit)
    await reply_html(update, format_sources(rows, lang) if rows else t("nothing_stored", lang))


async def forget(update: Update, context: BriefbotContext) -> None:
    """/forget ID: remove an article and everything derived from it."""
    lang = chat_language(update, context)
    if await _refused(update, context, lang):
        return
    if not context.args:
        return await reply_html(update, t("forget_usage", lang))
    ext_id = context.args[0][:200]
    ref = await _admin(context).forget(ext_id)
    if ref is None:
        return await reply_html(update, t("forget_unknown", lang, ext_id=escape(ext_id)))
    user = update.effective_user
    log.info("article %s forgotten by %s", ref.ext_id, user.id if user else "?")
    await reply_html(update, t("forgotten", lang, title=escape(ref.title), ext_id=escape(ref.ext_id)))


async def merge(update: Update, context: BriefbotContext) -> None:
    """/merge STORY OTHER: the second story's articles join the first (a bot admin's correction)."""
    lang = chat_language(update, context)
    if await _refused(update, context, lang):
        return
    args = context.args or []
    if len(args) != 2 or not all(re.fullmatch(r"[0-9]{1,18}", a) for a in args):
        return await reply_html(update, t("merge_usage", lang))
    keep, other = int(args[0]), int(args[1])
    if not await context.bot_data.services.stories.merge(keep, other):
        return await reply_html(update, t("detail_gone", lang))
    await reply_html(update, t("merged", lang, keep=keep, other=other))


async def split(update: Update, context: BriefbotContext) -> None:
    """/split ID: an article leaves its story for a story of its own."""
    lang = chat_language(update, context)
    if await _refused(update, context, lang):
        return
    if not context.args:
        return await reply_html(update, t("split_usage", lang))
    ext_id = context.args[0][:200]
    story = await context.bot_data.services.stories.split(ext_id)
    if story is None:
        return await reply_html(update, t("forget_unknown", lang, ext_id=escape(ext_id)))
    await reply_html(update, t("split_done", lang, ext_id=escape(ext_id), story=story))


async def stats(update: Update, context: BriefbotContext) -> None:
    """/stats: what the archive holds and how many chats are briefed."""
    lang = chat_language(update, context)
    if await _refused(update, context, lang):
        return
    await reply_html(update, format_stats(await _admin(context).stats(), lang))


def _target_chat(update: Update, context: BriefbotContext) -> int | None:
    """The chat /allow and /disallow act on: the id given, else this chat if it is a group."""
    args = context.args or []
    # ASCII digits only ("١٢" is no chat id), and no more than a Telegram id can have
    if args and re.fullmatch(r"-?[0-9]{1,18}", args[0]):
        return int(args[0])
    chat = update.effective_chat
    return chat.id if chat and chat.type != ChatType.PRIVATE else None


async def allow(update: Update, context: BriefbotContext) -> None:
    """/allow [ID]: let a group (or a user, by their id) add articles."""
    await _set_allowed(update, context, True)


async def disallow(update: Update, context: BriefbotContext) -> None:
    """/disallow [ID]: stop a chat adding articles."""
    await _set_allowed(update, context, False)


async def _set_allowed(update: Update, context: BriefbotContext, allowed: bool) -> None:
    lang = chat_language(update, context)
    if await _refused(update, context, lang):
        return
    chat_id = _target_chat(update, context)
    if chat_id is None:
        return await reply_html(update, t("allow_usage", lang))
    if allowed:
        user = update.effective_user
        await _admin(context).allow(chat_id, user.id if user else None)
        key = "allowed_chat"
    else:
        key = "disallowed_chat" if await _admin(context).disallow(chat_id) else "not_allowed_chat"
    await reply_html(update, t(key, lang, chat_id=chat_id))


async def ingest_in_allowed_group(update: Update, context: BriefbotContext) -> None:
    """A forward in a group: an article if a bot admin allowed the group, else group chatter."""
    chat = update.effective_chat
    if chat and _admin(context).is_allowed(chat.id):
        await ingest_message(update, context)
