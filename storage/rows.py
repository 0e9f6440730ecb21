"""The rows the store takes and gives: plain dataclasses, the same for every backend."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, time

DEFAULT_TIMEZONE = "Asia/Jakarta"


class ArticleStatus(enum.StrEnum):
    """Where an article is in its analysis; only analysed ones are answered about."""

    PENDING = "pending"
    ANALYSED = "analysed"
    FAILED = "failed"


@dataclass
class NewArticle:
    """An article as it arrives, before analysis."""

    ext_id: str
    title: str
    raw_text: str
    text: str  # cleaned
    content_hash: str
    language: str
    source: str | None = None
    url: str | None = None
    published: str | None = None
    added_by: int | None = None
    author: str | None = None


@dataclass
class ArticleRef:
    """Enough of an article to cite it."""

    ext_id: str
    title: str
    source: str | None = None
    url: str | None = None
    published: str | None = None
    added_at: str | None = None


@dataclass
class EventRow:
    """Who did what, where and when, as one stored article tells it."""

    actor: str  # an actor's name, or a country's when a state acts
    predicate: str
    object: str
    target: str | None
    place: str | None
    time_text: str | None
    date: str | None
    sentence: str  # the sentence it was read from
    article: ArticleRef


@dataclass
class ActorRow:
    name: str
    kind: str
    titles: list[str]
    mentions: int
    articles: list[ArticleRef]
    salience: float = 0.0
    article_count: int = 0
    events: list[EventRow] = field(default_factory=list)
    id: int = 0
    aliases: list[str] = field(default_factory=list)  # other names articles used ("BPS", "Putin")


@dataclass
class PlaceRow:
    name: str
    mentions: int
    articles: list[ArticleRef]
    canonical: str | None = None
    kind: str | None = None
    country: str | None = None
    events: list[EventRow] = field(default_factory=list)
    id: int = 0


@dataclass
class ActorDetail:
    """Everything /who NAME shows about one actor."""

    actor: ActorRow
    places: list[str]
    co_actors: list[str]


@dataclass
class BriefSentence:
    text: str
    article: ArticleRef


@dataclass
class BriefRows:
    sentences: list[BriefSentence] = field(default_factory=list)
    sources: list[ArticleRef] = field(default_factory=list)


@dataclass
class StoredArticle:
    """An article with its row id (ids only grow, so they order articles by arrival)."""

    id: int
    ref: ArticleRef


@dataclass
class SourceRow:
    """What /sources lists: an article, who stored it, and how much was found in it."""

    ref: ArticleRef
    added_by: int | None
    language: str
    actors: int
    places: int


@dataclass
class ExistingArticle:
    """A stored article the same as one arriving, in whatever state of analysis."""

    id: int
    ref: ArticleRef
    status: ArticleStatus


@dataclass
class PendingArticle:
    """What the analysis worker needs of a pending article."""

    id: int
    text: str
    language: str
    title: str
    attempts: int  # including the one about to start
    published: str | None = None


@dataclass
class StoreStats:
    articles: int
    actors: int
    places: int
    chats: int
    subscriptions: int
    allowed_chats: int
    size_bytes: int


@dataclass
class StoryRow:
    """A story: the articles that report one news event, newest first, and who and where."""

    id: int
    first: str | None  # the day of its first article (ISO)
    last: str | None
    articles: list[ArticleRef]
    article_ids: list[int]
    actors: list[str]
    places: list[str]


@dataclass
class StoryUpdate:
    """What a window of arrivals (a briefing's) added to one story."""

    story_id: int | None  # None: an article filed under no story (stored before stories existed)
    new: list[StoredArticle]  # newest first
    earlier: int  # the story's articles that arrived before the window


@dataclass
class ChatSettings:
    chat_id: int
    chat_type: str
    language: str = "id"
    timezone: str = DEFAULT_TIMEZONE
    length: str = "short"  # "short" or "long"


@dataclass
class Subscription:
    """A daily briefing for one chat, with the settings of that chat it is sent with."""

    id: int
    chat_id: int
    topic: str | None  # None: all news
    time_of_day: time  # local time in `timezone`
    last_slot: datetime  # UTC: the last slot handled, or the creation time before the first
    last_article_id: int  # the newest article the last briefing covered
    last_sent_at: datetime | None
    timezone: str
    language: str
    length: str
