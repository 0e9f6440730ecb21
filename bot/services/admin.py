"""What bot admins use to look after the archive: /sources, /forget, /stats, allowed chats."""

from __future__ import annotations

from storage import ArticleRef, SourceRow, Store, StoreStats

MAX_SOURCES = 50


class AdminService:
    """The archive as its admins see it, and the chats they allowed to add articles."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # Asked on every incoming article: kept in memory, written through on change.
        self._allowed: set[int] = set()

    async def load(self) -> None:
        self._allowed = await self.store.subscriptions.allowed_chats()

    def is_allowed(self, chat_id: int) -> bool:
        """Whether a bot admin allowed this chat (a group, or a user's private chat) to add articles."""
        return chat_id in self._allowed

    async def allow(self, chat_id: int, added_by: int | None) -> bool:
        self._allowed.add(chat_id)
        return await self.store.subscriptions.allow(chat_id, added_by)

    async def disallow(self, chat_id: int) -> bool:
        self._allowed.discard(chat_id)
        return await self.store.subscriptions.disallow(chat_id)

    async def sources(self, limit: int = 20) -> list[SourceRow]:
        """The newest stored articles, with who added them and when."""
        return await self.store.sources(max(1, min(limit, MAX_SOURCES)))

    async def forget(self, ext_id: str) -> ArticleRef | None:
        """Remove an article and everything derived from it."""
        return await self.store.forget(ext_id)

    async def stats(self) -> StoreStats:
        return await self.store.stats()
