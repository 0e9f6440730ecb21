"""The services behind the answers: /who, /where, /brief (answers), scheduled briefings, admin."""

from bot.services.admin import AdminService
from bot.services.answers import AnswerService
from bot.services.briefings import Briefing, BriefingItem, ScheduledBriefings, SubscribeResult
from bot.services.stories import Story, StoryEvent, StorySentence, StoryService
from bot.services.updates import UpdateLedger

__all__ = [
    "AdminService",
    "AnswerService",
    "Briefing",
    "BriefingItem",
    "ScheduledBriefings",
    "Story",
    "StoryEvent",
    "StorySentence",
    "StoryService",
    "SubscribeResult",
    "UpdateLedger",
]
