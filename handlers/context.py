"""What every handler reaches through `context.bot_data`: typed, set once at start-up.

python-telegram-bot makes `bot_data` an instance of `BotData` (`ContextTypes(bot_data=BotData)`),
so a handler writes `context.bot_data.services.answers`, never a string key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from bot.ingest import IngestService
from bot.services import AdminService, AnswerService, ScheduledBriefings, StoryService, UpdateLedger
from handlers.chat_admins import ChatAdminCache
from storage import Store

__all__ = ["CONTEXT_TYPES", "BotData", "BriefbotApplication", "BriefbotContext", "Services"]


@dataclass(frozen=True)
class Services:
    """The services the handlers call, opened in the application's post_init."""

    store: Store
    ingest: IngestService
    answers: AnswerService
    briefings: ScheduledBriefings
    admin: AdminService
    stories: StoryService
    updates: UpdateLedger


class ServicesNotStarted(RuntimeError):
    """A handler ran before post_init opened the services (never, in a running bot)."""


@dataclass
class BotData:
    """The application's shared state."""

    admin_ids: frozenset[int] = frozenset()
    chat_admins: ChatAdminCache = field(default_factory=ChatAdminCache)
    models_loaded: bool = False
    # (chat, message, entry: "<article id>" or "s<story id>") of briefing entries already
    # expanded: each is sent once
    expanded: set[tuple[int, int, str]] = field(default_factory=set)
    started: Services | None = None

    @property
    def services(self) -> Services:
        if self.started is None:
            raise ServicesNotStarted("the services are not open yet")
        return self.started


# The bot is an ExtBot with an AIORateLimiter (bot.runtime.app), whose per-call arguments are ints.
BriefbotContext = CallbackContext[ExtBot[int], dict[Any, Any], dict[Any, Any], BotData]
BriefbotApplication = Application[
    ExtBot[int], BriefbotContext, dict[Any, Any], dict[Any, Any], BotData, JobQueue[BriefbotContext]
]
CONTEXT_TYPES = ContextTypes(bot_data=BotData)
