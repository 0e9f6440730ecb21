"""The services behind the answers: /who, /where, /brief (answers), scheduled briefings, admin."""

from bot.services.admin import AdminService
from bot.services.answers import AnswerService
from bot.services.briefings import Briefing, BriefingItem, ScheduledBriefings, SubscribeResult

__all__ = ["AdminService", "AnswerService", "Briefing", "BriefingItem", "ScheduledBriefings", "SubscribeResult"]
