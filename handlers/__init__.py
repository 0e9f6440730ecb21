"""The Telegram layer: parse the update, check permission, call the service, format the reply."""

from __future__ import annotations

import logging

from telegram import BotCommand, Update
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import admin, commands, delivery, subscriptions
from handlers.context import BriefbotApplication, BriefbotContext
from handlers.ingest import ingest_document, ingest_message
from handlers.replies import chat_language
from handlers.texts import t

__all__ = ["COMMANDS", "bot_commands", "on_error", "register"]

log = logging.getLogger(__name__)

COMMANDS = (
    "who",
    "where",
    "brief",
    "story",
    "latest",
    "subscribe",
    "unsubscribe",
    "settings",
    "help",
    "start",
    "sources",
    "forget",
    "stats",
    "allow",
    "disallow",
    "merge",
    "split",
)


def bot_commands(lang: str) -> list[BotCommand]:
    """The command menu, in one language."""
    return [BotCommand(name, t(f"cmd_{name}", lang)) for name in COMMANDS]


async def first_delivery_only(update: Update, context: BriefbotContext) -> None:
    """Stop here an update this bot (any replica on the same database) has taken already."""
    if not await context.bot_data.services.updates.first_time(update.update_id):
        log.info("update %d was taken already (a retry, or another replica): dropped", update.update_id)
        raise ApplicationHandlerStop


async def on_error(update: object, context: BriefbotContext) -> None:
    """Log the failure (without the update's text) and tell the user something went wrong."""
    log.error("handler failed: %s", type(context.error).__name__, exc_info=context.error)
    if isinstance(update, Update) and update.effective_message:
        lang = chat_language(update, context)
        try:
            await update.effective_message.reply_text(t("error", lang))
        except Exception:  # the reply itself may be what failed
            log.warning("could not send the error reply")


def register(app: BriefbotApplication) -> None:
    """Add every handler to the application."""
    # First of all: an update another replica (or an earlier delivery) took is dropped here.
    app.add_handler(TypeHandler(Update, first_delivery_only), group=-1)
    app.add_handler(CommandHandler("start", commands.start))
    app.add_handler(CommandHandler("help", commands.help_command))
    app.add_handler(CommandHandler("who", commands.who))
    app.add_handler(CommandHandler("where", commands.where))
    app.add_handler(CommandHandler("brief", commands.brief))
    app.add_handler(CommandHandler("story", commands.story))
    app.add_handler(CommandHandler("latest", commands.latest))
    app.add_handler(CommandHandler("subscribe", subscriptions.subscribe))
    app.add_handler(CommandHandler("unsubscribe", subscriptions.unsubscribe))
    app.add_handler(CommandHandler("settings", subscriptions.settings))
    app.add_handler(CommandHandler("sources", admin.sources))
    app.add_handler(CommandHandler("forget", admin.forget))
    app.add_handler(CommandHandler("stats", admin.stats))
    app.add_handler(CommandHandler("merge", admin.merge))
    app.add_handler(CommandHandler("split", admin.split))
    app.add_handler(CommandHandler("allow", admin.allow))
    app.add_handler(CommandHandler("disallow", admin.disallow))
    # CommandHandler ignores channel posts: a channel's admins post commands as the channel.
    app.add_handler(MessageHandler(filters.UpdateType.CHANNEL_POST & filters.COMMAND, subscriptions.channel_command))
    app.add_handler(CallbackQueryHandler(delivery.expand_item, pattern=f"^{delivery.EXPAND_PREFIX}"))
    app.add_handler(CallbackQueryHandler(commands.open_detail, pattern="^(" + "|".join(commands.DETAIL_PREFIXES) + ")"))
    app.add_handler(ChatMemberHandler(subscriptions.membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, subscriptions.chat_migrated))
    # Before articles: a file sent with a caption is a file, not a text.
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.Document.ALL, ingest_document))
    articles = filters.ChatType.PRIVATE & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND
    app.add_handler(MessageHandler(articles, ingest_message))
    forwards = filters.ChatType.GROUPS & filters.FORWARDED & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND
    app.add_handler(MessageHandler(forwards, admin.ingest_in_allowed_group))
    app.add_error_handler(on_error)
