"""Who may do what: bot admins (ADMIN_IDS), a chat's own admins (asked from Telegram and cached
for a few minutes), and chats a bot admin allowed to add articles."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from handlers.context import BriefbotContext


def is_bot_admin(update: Update, context: BriefbotContext) -> bool:
    """A user listed in ADMIN_IDS."""
    user = update.effective_user
    return bool(user and user.id in context.bot_data.admin_ids)


def can_ingest(update: Update, context: BriefbotContext) -> bool:
    """Bot admins, and anyone in a chat a bot admin allowed (/allow), may add articles."""
    if is_bot_admin(update, context):
        return True
    chat = update.effective_chat
    return bool(chat and context.bot_data.services.admin.is_allowed(chat.id))


async def can_manage_chat(update: Update, context: BriefbotContext) -> bool:
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
    return user.id in await context.bot_data.chat_admins.admins(context.bot, chat.id)
