"""Per-chat settings, scheduled briefings and allowed chats: the queries behind /subscribe,
/settings, /allow and the briefing job. Times are stored as UTC ISO strings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time
from typing import Any

from storage.rows import ChatSettings, Subscription
from storage.sql.base import Connection, SQLBase, to_text

# The newest article id a briefing may cover: every article up to it is settled. Ids are given
# on arrival but an article is analysed later (after a restart, maybe after newer ones), so
# while one is pending, briefings cover only the articles before it; it and those after it
# come in the next briefing, none skipped.
_NEWEST_ARTICLE = (
    "SELECT COALESCE((SELECT MIN(id) - 1 FROM articles WHERE status = 'pending'), (SELECT MAX(id) FROM articles), 0)"
)


def from_text(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


_SUBSCRIPTION_SQL = (
    "SELECT s.id, s.chat_id, s.topic, s.time_of_day, s.last_slot, s.last_article_id, s.last_sent_at,"
    " c.timezone, c.language, c.length FROM subscriptions s JOIN chat_settings c ON c.chat_id = s.chat_id"
)


def _subscription(row: Sequence[Any]) -> Subscription:
    sub_id, chat_id, topic, at, last_slot, last_id, last_sent, tz, language, length = row
    return Subscription(
        id=sub_id,
        chat_id=chat_id,
        topic=topic,
        time_of_day=time.fromisoformat(at),
        last_slot=from_text(last_slot),
        last_article_id=last_id,
        last_sent_at=from_text(last_sent) if last_sent else None,
        timezone=tz,
        language=language,
        length=length,
    )


class SubscriptionStore:
    """Queries on the tables of migration 2; reached as `Store.subscriptions`."""

    def __init__(self, store: SQLBase) -> None:
        self._store = store

    # ------------------------------------------------------------------ chat settings

    async def settings(self, chat_id: int) -> ChatSettings | None:
        sql = "SELECT chat_id, chat_type, language, timezone, length FROM chat_settings WHERE chat_id = ?"
        async with self._store.db.execute(sql, (chat_id,)) as cur:
            row = await cur.fetchone()
        return ChatSettings(*row) if row else None

    async def all_languages(self) -> dict[int, str]:
        """Every configured chat's language (the handlers keep them in memory)."""
        async with self._store.db.execute("SELECT chat_id, language FROM chat_settings") as cur:
            return {chat_id: language for chat_id, language in await cur.fetchall()}

    async def save_settings(
        self, settings: ChatSettings, updated_by: int | None, restart_from: datetime | None = None
    ) -> None:
        """Create or replace a chat's settings.

        `restart_from` (used when the time zone changes) moves every subscription of the chat to
        count its slots from that moment, so a slot the new zone puts in the past is not sent.
        """
        async with self._store.transaction() as db:
            await db.execute(
                "INSERT INTO chat_settings (chat_id, chat_type, language, timezone, length, updated_by)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(chat_id) DO UPDATE SET chat_type = excluded.chat_type,"
                " language = excluded.language, timezone = excluded.timezone, length = excluded.length,"
                f" updated_by = excluded.updated_by, updated_at = {self._store.dialect.now}",
                (
                    settings.chat_id,
                    settings.chat_type,
                    settings.language,
                    settings.timezone,
                    settings.length,
                    updated_by,
                ),
            )
            if restart_from is not None:
                await db.execute(
                    "UPDATE subscriptions SET last_slot = ? WHERE chat_id = ? AND last_slot < ?",
                    (to_text(restart_from), settings.chat_id, to_text(restart_from)),
                )

    async def forget_chat(self, chat_id: int) -> int:
        """Remove a chat's settings and subscriptions (the bot left it); return how many subscriptions."""
        async with self._store.transaction() as db:
            cur = await db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,))
            await db.execute("DELETE FROM chat_settings WHERE chat_id = ?", (chat_id,))
            return int(cur.rowcount)

    async def move_chat(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup (a new chat id): its settings, briefings and permission follow."""
        async with self._store.transaction() as db:
            await db.execute(
                "INSERT INTO chat_settings (chat_id, chat_type, language, timezone, length, updated_by)"
                " SELECT ?, 'supergroup', language, timezone, length, updated_by FROM chat_settings WHERE chat_id = ?"
                " ON CONFLICT DO NOTHING",
                (new_id, old_id),
            )
            await db.execute(  # but for the ones the new chat has already
                "UPDATE subscriptions SET chat_id = ?1 WHERE chat_id = ?2 AND NOT EXISTS (SELECT 1 FROM subscriptions s"
                " WHERE s.chat_id = ?1 AND s.time_of_day = subscriptions.time_of_day"
                " AND lower(coalesce(s.topic, '')) = lower(coalesce(subscriptions.topic, '')))",
                (new_id, old_id),
            )
            await db.execute("DELETE FROM subscriptions WHERE chat_id = ?", (old_id,))  # ones the new chat had
            await db.execute("DELETE FROM chat_settings WHERE chat_id = ?", (old_id,))
            await db.execute(
                "UPDATE allowed_chats SET chat_id = ?1 WHERE chat_id = ?2"
                " AND NOT EXISTS (SELECT 1 FROM allowed_chats WHERE chat_id = ?1)",
                (new_id, old_id),
            )

    # ------------------------------------------------------------------ subscriptions

    async def add(
        self,
        chat_id: int,
        topic: str | None,
        at: time,
        created_at: datetime,
        created_by: int | None,
    ) -> tuple[Subscription, bool]:
        """A subscription (the chat's settings must exist) covering articles stored after now;
        False if the same one existed."""
        async with self._store.transaction() as db:
            cur = await db.execute(
                "INSERT INTO subscriptions (chat_id, topic, time_of_day, last_slot, last_article_id,"
                f" created_by) VALUES (?, ?, ?, ?, ({_NEWEST_ARTICLE}), ?) ON CONFLICT DO NOTHING",
                (chat_id, topic, at.strftime("%H:%M"), to_text(created_at), created_by),
            )
            created = cur.rowcount == 1
        sql = f"{_SUBSCRIPTION_SQL} WHERE s.chat_id = ? AND s.time_of_day = ? AND lower(coalesce(s.topic, '')) = ?"
        async with self._store.db.execute(sql, (chat_id, at.strftime("%H:%M"), (topic or "").lower())) as cur:
            row = await cur.fetchone()
        assert row is not None  # inserted above, or there already: the unique key matched it
        return _subscription(row), created

    async def for_chat(self, chat_id: int) -> list[Subscription]:
        async with self._store.db.execute(f"{_SUBSCRIPTION_SQL} WHERE s.chat_id = ? ORDER BY s.id", (chat_id,)) as cur:
            return [_subscription(row) for row in await cur.fetchall()]

    async def all(self) -> list[Subscription]:
        async with self._store.db.execute(f"{_SUBSCRIPTION_SQL} ORDER BY s.id") as cur:
            return [_subscription(row) for row in await cur.fetchall()]

    async def remove(self, chat_id: int, subscription_id: int | None = None) -> int:
        """Remove one subscription of a chat (or all of them); return how many went."""
        sql, params = "DELETE FROM subscriptions WHERE chat_id = ?", [chat_id]
        if subscription_id is not None:
            sql, params = sql + " AND id = ?", [chat_id, subscription_id]
        async with self._store.transaction() as db:
            cur = await db.execute(sql, params)
            return int(cur.rowcount)

    async def claim(self, sub: Subscription, slot: datetime) -> int | None:
        """Record that `slot` is handled, covering the articles stored up to now; return the
        newest article id it covers, or None if the slot was claimed already.

        A compare-and-set on the values `sub` was read with: of two due-checks racing for the
        same slot (a periodic tick and the start-up catch-up), exactly one wins. The newest id is
        read under the write lock, so never from another coroutine's uncommitted article.
        """
        async with self._store.transaction() as db:
            # never back: a failed article sent again is pending below what was covered
            upto = max(await self._store.count(_NEWEST_ARTICLE), sub.last_article_id)
            won = await self._swap(db, sub.id, (sub.last_slot, sub.last_article_id), (slot, upto))
        return upto if won else None

    async def release(self, sub: Subscription, slot: datetime, upto_article_id: int) -> bool:
        """Undo a claim whose briefing could not be sent at all, so the next check retries it."""
        async with self._store.transaction() as db:
            return await self._swap(db, sub.id, (slot, upto_article_id), (sub.last_slot, sub.last_article_id))

    @staticmethod
    async def _swap(
        db: Connection, subscription_id: int, expected: tuple[datetime, int], new: tuple[datetime, int]
    ) -> bool:
        cur = await db.execute(
            "UPDATE subscriptions SET last_slot = ?, last_article_id = ?"
            " WHERE id = ? AND last_slot = ? AND last_article_id = ?",
            (to_text(new[0]), new[1], subscription_id, to_text(expected[0]), expected[1]),
        )
        return bool(cur.rowcount == 1)

    async def mark_sent(self, subscription_id: int, sent_at: datetime) -> None:
        async with self._store.transaction() as db:
            await db.execute(
                "UPDATE subscriptions SET last_sent_at = ? WHERE id = ?", (to_text(sent_at), subscription_id)
            )

    # ------------------------------------------------------------------ allowed chats

    async def allowed_chats(self) -> set[int]:
        async with self._store.db.execute("SELECT chat_id FROM allowed_chats") as cur:
            return {row[0] for row in await cur.fetchall()}

    async def allow(self, chat_id: int, added_by: int | None) -> bool:
        """Let a chat add articles; False if it already could."""
        async with self._store.transaction() as db:
            cur = await db.execute(
                "INSERT INTO allowed_chats (chat_id, added_by) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (chat_id, added_by),
            )
            return bool(cur.rowcount == 1)

    async def disallow(self, chat_id: int) -> bool:
        async with self._store.transaction() as db:
            cur = await db.execute("DELETE FROM allowed_chats WHERE chat_id = ?", (chat_id,))
            return bool(cur.rowcount == 1)
