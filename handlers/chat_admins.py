"""A chat's own admins, asked from Telegram and kept for a few minutes."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from telegram import Bot
from telegram.error import TelegramError

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
