"""Scheduled briefings: when a subscription is due, what its briefing holds, and recording
that a slot was handled.

A subscription is due when the latest moment its chat's clock showed its time of day is later
than the last slot it handled (`due_slot`, a pure function of the subscription and `now`).
Days missed while the bot was down collapse into that one latest slot, so a restart sends a
missed briefing once. A slot is claimed in SQLite (compare-and-set) *before* its briefing is
sent: two checks racing for it cannot both send, and a crash after the claim loses that one
briefing rather than doubling it (Telegram offers no idempotent send to make it exactly-once).
A send that fails outright is released and retried by the next check.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nlp import summarize
from nlp.stories import representative_title
from storage import (
    DEFAULT_TIMEZONE,
    ActorRow,
    ArticleRef,
    ChatSettings,
    PlaceRow,
    Store,
    StoredArticle,
    StoryUpdate,
    Subscription,
    entity_key,
)

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
_Row = TypeVar("_Row", ActorRow, PlaceRow)  # what _topic_first reorders

MAX_SUBSCRIPTIONS_PER_CHAT = 10
MAX_TOPIC_CHARS = 100
LANGUAGES = ("id", "en")
TIMEZONE_ALIASES = {"wib": "Asia/Jakarta", "wita": "Asia/Makassar", "wit": "Asia/Jayapura", "utc": "UTC", "gmt": "UTC"}


@dataclass(frozen=True)
class BriefingLength:
    """How much of each article a briefing shows."""

    items: int
    sentences: int | None  # None: the article's whole brief
    actors: int
    places: int


LENGTHS = {
    "short": BriefingLength(items=5, sentences=2, actors=3, places=4),
    "long": BriefingLength(items=10, sentences=None, actors=5, places=6),
}
DETAIL = BriefingLength(items=1, sentences=None, actors=8, places=10)  # an expanded item
MAX_ENTITIES = 50  # actors or places read per item, before the topic's are put first
MAX_STORY_SENTENCES = 5  # a story entry's sentences when the length shows whole briefs
NEW_REPORTS_READ = 3  # a story entry's sentences come from its newest new reports


def utc_now() -> datetime:
    return datetime.now(UTC)


# ---------------------------------------------------------------------- parsing user input


def parse_time(text: str) -> time | None:
    """A time of day as people type it: 08:00, 8:00, 8.00, 0800 or 8."""
    match = re.fullmatch(r"(\d{1,2})(?:[:.h]?(\d{2}))?", text.strip().lower())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_timezone(text: str) -> str | None:
    """An IANA zone name (Asia/Jakarta), an Indonesian abbreviation (WIB, WITA, WIT) or UTC+7."""
    value = text.strip()
    alias = TIMEZONE_ALIASES.get(value.lower())
    if alias:
        return alias
    offset = re.fullmatch(r"(?:utc|gmt)?\s*([+-])(\d{1,2})", value.lower())
    if offset:
        hours = int(offset.group(2))
        if hours > 14:
            return None
        # The Etc/ zones have POSIX signs: UTC+7 is Etc/GMT-7.
        return "UTC" if hours == 0 else f"Etc/GMT{'-' if offset.group(1) == '+' else '+'}{hours}"
    if not re.fullmatch(r"[A-Za-z_]+(?:/[A-Za-z0-9_+-]+){0,2}", value):
        return None
    try:
        return ZoneInfo(value).key
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a tzdata folder ("America")
        return None


def zone(name: str) -> ZoneInfo:
    """The zone of a stored name; the default zone if the system lost that name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a tzdata folder ("America")
        log.warning("unknown time zone %r, using %s", name, DEFAULT_TIMEZONE)
        return ZoneInfo(DEFAULT_TIMEZONE)


# ---------------------------------------------------------------------- when (pure)


def _slot_on(day: date, at: time, tz: ZoneInfo) -> datetime:
    # A time skipped by a DST change (02:30 in spring) resolves to just after the gap, and a
    # time that occurs twice (autumn) to its first occurrence: one slot per local day either way.
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def latest_slot(now: datetime, at: time, tz: ZoneInfo) -> datetime:
    """The last moment at or before `now` when the clock in `tz` showed `at` (in UTC)."""
    today = now.astimezone(tz).date()
    for back in range(3):
        slot = _slot_on(today - timedelta(days=back), at, tz)
        if slot <= now:
            return slot
    raise AssertionError("unreachable: yesterday's slot is always in the past")


def next_slot(now: datetime, at: time, tz: ZoneInfo) -> datetime:
    """The first moment after `now` when the clock in `tz` shows `at` (in UTC)."""
    today = now.astimezone(tz).date()
    for ahead in range(3):
        slot = _slot_on(today + timedelta(days=ahead), at, tz)
        if slot > now:
            return slot
    raise AssertionError("unreachable: tomorrow's slot is always in the future")


def due_slot(sub: Subscription, now: datetime) -> datetime | None:
    """The slot `sub` should be briefed for at `now`, or None if its latest one was handled.

    A subscription made after today's time waits for tomorrow (its creation counts as handled).
    """
    slot = latest_slot(now, sub.time_of_day, zone(sub.timezone))
    return slot if slot > sub.last_slot else None


# ---------------------------------------------------------------------- what


@dataclass
class BriefingItem:
    """One entry of a briefing: a story's new reports (or, expanded, one article), from the
    stored analyses."""

    article_id: int  # the newest report's
    ref: ArticleRef
    sentences: list[str]
    actors: list[ActorRow]
    places: list[PlaceRow]
    story_id: int | None = None
    title: str = ""  # the story's most representative headline ("": the article's own)
    new: list[ArticleRef] = field(default_factory=list)  # the reports new since the last briefing
    earlier: int = 0  # the story's reports the chat could have had before: >0 makes this an update


@dataclass
class Briefing:
    """A claimed slot and what to send for it (nothing when no article is new)."""

    subscription: Subscription
    slot: datetime
    upto_article_id: int
    items: list[BriefingItem] = field(default_factory=list)  # one a story
    total: int = 0  # matching new articles, shown or not
    stories: int = 0  # the stories they belong to, shown or not
    since: datetime | None = None  # when the chat's last briefing was sent (None: this is its first)

    @property
    def local_slot(self) -> datetime:
        return self.slot.astimezone(zone(self.subscription.timezone))


@dataclass
class SubscribeResult:
    subscription: Subscription | None
    created: bool
    next_at: datetime | None  # local time of the next briefing
    too_many: bool = False


class ScheduledBriefings:
    """Subscriptions and per-chat settings, the due-check, and the content of each briefing."""

    def __init__(self, store: Store, clock: Clock = utc_now) -> None:
        self.store = store
        self.clock = clock
        # Chat languages, asked on every reply: kept in memory, written through on change.
        self._languages: dict[int, str] = {}

    async def load(self) -> None:
        """Read what the handlers need synchronously (chat languages) at start."""
        self._languages = await self.store.subscriptions.all_languages()

    def chat_language(self, chat_id: int) -> str | None:
        return self._languages.get(chat_id)

    # ------------------------------------------------------------------ settings

    async def settings(self, chat_id: int) -> ChatSettings | None:
        return await self.store.subscriptions.settings(chat_id)

    async def configure(
        self,
        chat_id: int,
        chat_type: str,
        updated_by: int | None,
        default_language: str,
        *,
        language: str | None = None,
        timezone_name: str | None = None,
        length: str | None = None,
    ) -> ChatSettings:
        """Change a chat's settings (creating them on first use); unnamed ones are kept."""
        current = await self.settings(chat_id) or ChatSettings(chat_id, chat_type, language=default_language)
        restart_from = None
        if timezone_name and timezone_name != current.timezone:
            # Slots are counted afresh in the new zone, as for a new subscription.
            restart_from = self.clock()
        new = ChatSettings(
            chat_id=chat_id,
            chat_type=chat_type,
            language=language or current.language,
            timezone=timezone_name or current.timezone,
            length=length or current.length,
        )
        await self.store.subscriptions.save_settings(new, updated_by, restart_from)
        self._languages[chat_id] = new.language
        return new

    async def forget_chat(self, chat_id: int) -> int:
        """The bot left a chat (or was blocked there): drop its subscriptions and settings."""
        self._languages.pop(chat_id, None)
        return await self.store.subscriptions.forget_chat(chat_id)

    async def move_chat(self, old_id: int, new_id: int) -> None:
        """A group was upgraded to a supergroup, which has a new id."""
        if old_id in self._languages:
            self._languages[new_id] = self._languages.pop(old_id)
        await self.store.subscriptions.move_chat(old_id, new_id)

    # ------------------------------------------------------------------ subscriptions

    async def subscribe(
        self,
        chat_id: int,
        chat_type: str,
        at: time,
        topic: str | None,
        created_by: int | None,
        default_language: str,
    ) -> SubscribeResult:
        """Brief the chat daily at `at` (its local time) on `topic` (None: all news).

        The first briefing covers the articles stored from now on.
        """
        topic = " ".join((topic or "").split())[:MAX_TOPIC_CHARS] or None
        settings = await self.settings(chat_id)
        if settings is None:
            settings = await self.configure(chat_id, chat_type, created_by, default_language)
        existing = await self.store.subscriptions.for_chat(chat_id)
        if len(existing) >= MAX_SUBSCRIPTIONS_PER_CHAT:
            return SubscribeResult(None, False, None, too_many=True)
        now = self.clock()
        sub, created = await self.store.subscriptions.add(chat_id, topic, at, now, created_by)
        tz = zone(settings.timezone)
        return SubscribeResult(sub, created, next_slot(now, at, tz).astimezone(tz))

    async def unsubscribe(self, chat_id: int, subscription_id: int | None = None) -> int:
        return await self.store.subscriptions.remove(chat_id, subscription_id)

    async def subscriptions(self, chat_id: int) -> list[Subscription]:
        return await self.store.subscriptions.for_chat(chat_id)

    def next_briefing(self, sub: Subscription) -> datetime:
        """The local time of a subscription's next briefing."""
        tz = zone(sub.timezone)
        return next_slot(self.clock(), sub.time_of_day, tz).astimezone(tz)

    # ------------------------------------------------------------------ the due-check

    async def due(self) -> list[tuple[Subscription, datetime]]:
        """Every subscription with an unhandled slot at the clock's now, with that slot."""
        now = self.clock()
        due = []
        for sub in await self.store.subscriptions.all():
            slot = due_slot(sub, now)
            if slot is not None:
                due.append((sub, slot))
        return due

    async def claim(self, sub: Subscription, slot: datetime) -> Briefing | None:
        """Record `slot` as handled and return its briefing; None if another check got it first.

        The briefing covers the matching articles stored since the last one, up to the newest
        article at the claim (an article stored meanwhile waits for the next briefing), story by
        story: one entry a story, which says what is new in it when it had reports before.
        """
        upto = await self.store.subscriptions.claim(sub, slot)
        if upto is None:
            return None
        briefing = Briefing(subscription=sub, slot=slot, upto_article_id=upto, since=sub.last_sent_at)
        try:
            length = LENGTHS.get(sub.length, LENGTHS["short"])
            updates, briefing.stories, briefing.total = await self.store.story_updates(
                sub.last_article_id, upto, sub.topic, limit=length.items
            )
            briefing.items = [await self._story_item(update, length, sub.topic) for update in updates]
        except BaseException:
            await self.release(briefing)
            raise
        return briefing

    async def release(self, briefing: Briefing) -> None:
        """Give a claimed slot back (nothing of its briefing reached the chat)."""
        await self.store.subscriptions.release(briefing.subscription, briefing.slot, briefing.upto_article_id)

    async def mark_sent(self, briefing: Briefing) -> None:
        await self.store.subscriptions.mark_sent(briefing.subscription.id, self.clock())

    # ------------------------------------------------------------------ items

    async def item(self, article_id: int) -> BriefingItem | None:
        """One article in full (an expanded item); None if it was forgotten."""
        ref = await self.store.article(article_id)
        return await self._item(StoredArticle(article_id, ref), DETAIL) if ref else None

    async def _story_item(self, update: StoryUpdate, length: BriefingLength, topic: str | None) -> BriefingItem:
        """A story's entry: its title, its new reports, what they say (each fact once, oldest
        first), and who and where in them."""
        lead, new = update.new[0], [a.ref for a in update.new]
        # its titles only: who and where come from the new reports below
        story = await self.store.story(update.story_id, entities=False) if update.story_id is not None else None
        titles = [ref.title for ref in (story.articles if story else new)]
        sentences: list[str] = []
        actors: dict[str, ActorRow] = {}
        places: dict[str, PlaceRow] = {}
        for ref in new[:NEW_REPORTS_READ]:  # newest first; the entry reads oldest first
            brief = await self.store.brief(article=ref.ext_id, max_articles=1)
            sentences = [s.text for s in brief.sentences] + sentences
            for actor in await self.store.actors(article=ref.ext_id, limit=MAX_ENTITIES):
                actors.setdefault(actor.name, actor)
            for place in await self.store.places(article=ref.ext_id, limit=MAX_ENTITIES):
                places.setdefault(place.name, place)
        keep = [sentences[i] for i in summarize.drop_repeats(sentences)]
        return BriefingItem(
            lead.id,
            lead.ref,
            keep[: length.sentences or MAX_STORY_SENTENCES],
            _topic_first(list(actors.values()), topic)[: length.actors],
            _topic_first(list(places.values()), topic)[: length.places],
            story_id=update.story_id,
            title=representative_title(titles) if len(titles) > 1 else "",
            new=new,
            earlier=update.earlier,
        )

    async def _item(self, article: StoredArticle, length: BriefingLength, topic: str | None = None) -> BriefingItem:
        ext_id = article.ref.ext_id
        brief = await self.store.brief(article=ext_id, max_articles=1)
        sentences = [s.text for s in brief.sentences][: length.sentences]
        actors = await self.store.actors(article=ext_id, limit=MAX_ENTITIES)
        places = await self.store.places(article=ext_id, limit=MAX_ENTITIES)
        return BriefingItem(
            article.id,
            article.ref,
            sentences,
            _topic_first(actors, topic)[: length.actors],
            _topic_first(places, topic)[: length.places],
        )


def _topic_first(rows: list[_Row], topic: str | None) -> list[_Row]:
    """Actors or places (most mentioned first), those the topic names moved to the front: a
    briefing on Kursk shows Kursk even where the article names it only once."""
    key = entity_key(topic) if topic else ""
    if not key:
        return rows
    return sorted(rows, key=lambda row: key not in entity_key(row.name))  # stable: keeps the order otherwise
