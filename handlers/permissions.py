"""Who may do what: bot admins (ADMIN_IDS), a chat's own admins (asked from Telegram and cached
for a few minutes), and chats a bot admin allowed to add articles."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from telegram import Bot, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

log = logging.getLogger(__name__)

ADMIN_CACHE_SECONDS = 300.0


class ChatAdminCache:
    """getChatAdministrators per chat, kept briefly: every settings change asks, and Telegram
    rate-limits the call; a promotion or demotion shows within `ttl` seconds."""

    def __init__(self, ttl: float = ADMIN_CACHE_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._admins: dict[int, tuple[float, frozenset[int]]] = {}

    async def admins(self, bot: Bot, chat_id: int) -> frozenset[int]:
        """The user ids of the chat's creator and administrators."""
        cached = self._admins.get(chat_id)
        if cached and self._clock() - cached[0] < self.ttl:
            return cached[1]
        try:
            members = await bot.get_chat_administrators(chat_id)
        except TelegramError as exc:  # the bot left, or cannot see the list: nobody is admin
            log.warning("getChatAdministrators failed for chat %s: %s", chat_id, exc)
            return frozenset()
        ids = frozenset(m.user.id for m in members)
        self._admins[chat_id] = (self._clock(), ids)
        return ids

    def forget(self, chat_id: int) -> None:
        self._admins.pop(chat_id, None)


def is_bot_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A user listed in ADMIN_IDS."""
    user = update.effective_user
    return bool(user and user.id in context.bot_data.get("admin_ids", frozenset()))


def can_ingest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Bot admins, and anyone in a chat a bot admin allowed (/allow), may add articles."""
    if is_bot_admin(update, context):
        return True
    chat = update.effective_chat
    admin = context.bot_data.get("admin_service")
    return bool(chat and admin and admin.is_allowed(chat.id))


async def can_manage_chat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the sender may change this chat's briefings and settings.

    A private chat is its user's own. A channel's posts come from the channel, and only its
    admins can post (the bot sees them only as an admin itself). In a group, the chat's admins:
    an anonymous admin writes as the group itself; anyone else is looked up in Telegram.
    """
    chat, message = update.effective_chat, update.effective_message
    if chat is None:
        return False
    if chat.type in (ChatType.PRIVATE, ChatType.CHANNEL):
        return True
    if message and message.sender_chat and message.sender_chat.id == chat.id:
        return True
    user = update.effective_user
    if user is None:
        return False
    cache: ChatAdminCache = context.bot_data.setdefault("chat_admins", ChatAdminCache())
    return user.id in await cache.admins(context.bot, chat.id)
