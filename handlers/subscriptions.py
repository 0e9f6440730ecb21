"""/subscribe, /unsubscribe and /settings, in groups, supergroups, channels and private chats."""

from __future__ import annotations

import logging
import re
from html import escape

from telegram import Update
from telegram.constants import ChatMemberStatus

from bot.services.briefings import LANGUAGES, ScheduledBriefings, parse_time, parse_timezone
from handlers.commands import help_command
from handlers.context import BriefbotContext
from handlers.format import format_settings, format_subscription, local_time, scope_label
from handlers.permissions import can_manage_chat
from handlers.replies import chat_language, reply_html
from handlers.texts import t
from storage import DEFAULT_TIMEZONE

log = logging.getLogger(__name__)

ALL_NEWS = ("all", "semua")
SETTING_NAMES = {
    "language": "language",
    "lang": "language",
    "bahasa": "language",
    "timezone": "timezone",
    "tz": "timezone",
    "zona": "timezone",
    "length": "length",
    "panjang": "length",
}
LENGTH_VALUES = {"short": "short", "pendek": "short", "long": "long", "panjang": "long"}


def _briefings(context: BriefbotContext) -> ScheduledBriefings:
    return context.bot_data.services.briefings


def _user_id(update: Update) -> int | None:
    return update.effective_user.id if update.effective_user else None


async def subscribe(update: Update, context: BriefbotContext) -> None:
    """/subscribe HH:MM [topic]: a daily briefing for this chat (chat admins only)."""
    lang = chat_language(update, context)
    chat = update.effective_chat
    if chat is None or not await can_manage_chat(update, context):  # no chat: nobody manages it
        return await reply_html(update, t("not_chat_admin", lang))
    args = context.args or []
    at = parse_time(args[0]) if args else None
    if at is None:
        return await reply_html(update, t("subscribe_usage", lang))
    topic = " ".join(args[1:]).strip() or None
    if topic and topic.lower() in ALL_NEWS:
        topic = None
    result = await _briefings(context).subscribe(chat.id, chat.type, at, topic, _user_id(update), lang)
    if result.too_many or result.subscription is None or result.next_at is None:  # next_at comes with it
        return await reply_html(
            update, t("too_many_subscriptions", lang, n=len(await _briefings(context).subscriptions(chat.id)))
        )
    sub = result.subscription
    key = "subscribed" if result.created else "already_subscribed"
    await reply_html(
        update,
        t(
            key,
            lang,
            id=sub.id,
            time=at.strftime("%H:%M"),
            tz=escape(sub.timezone),
            scope=scope_label(sub.topic, lang),
            next=local_time(result.next_at),
        ),
    )


async def unsubscribe(update: Update, context: BriefbotContext) -> None:
    """/unsubscribe [ID|all]: stop one or all of this chat's briefings (chat admins only)."""
    lang = chat_language(update, context)
    chat = update.effective_chat
    if chat is None or not await can_manage_chat(update, context):  # no chat: nobody manages it
        return await reply_html(update, t("not_chat_admin", lang))
    briefings = _briefings(context)
    subs = await briefings.subscriptions(chat.id)
    arg = (context.args or [""])[0].lstrip("#").lower()
    if not subs:
        return await reply_html(update, t("no_subscriptions", lang))
    if arg in ALL_NEWS or (not arg and len(subs) == 1):
        removed = await briefings.unsubscribe(chat.id)
    elif not arg:
        lines = [t("unsubscribe_choose", lang)]
        lines.extend(f"• {format_subscription(s, briefings.next_briefing(s), lang)}" for s in subs)
        return await reply_html(update, "\n".join(lines))
    elif re.fullmatch(r"[0-9]{1,18}", arg):  # a subscription id: ASCII digits, within SQLite's integers
        removed = await briefings.unsubscribe(chat.id, int(arg))
    else:
        removed = 0
    if not removed:
        return await reply_html(update, t("unsubscribe_unknown", lang, id=escape(arg)))
    await reply_html(update, t("unsubscribed", lang, n=removed))


async def settings(update: Update, context: BriefbotContext) -> None:
    """/settings: show this chat's settings; /settings NAME VALUE: change one (chat admins only)."""
    lang = chat_language(update, context)
    briefings, chat = _briefings(context), update.effective_chat
    if chat is None:  # an update from no chat: no settings to show, nowhere to answer
        return
    args = context.args or []
    if args:
        if not await can_manage_chat(update, context):
            return await reply_html(update, t("not_chat_admin", lang))
        change = _parse_setting(args, lang)
        if isinstance(change, str):
            return await reply_html(update, change)
        saved = await briefings.configure(chat.id, chat.type, _user_id(update), lang, **change)
        lang = saved.language
    current = await briefings.settings(chat.id)
    subs = [(s, briefings.next_briefing(s)) for s in await briefings.subscriptions(chat.id)]
    html = format_settings(current, subs, lang, DEFAULT_TIMEZONE)
    await reply_html(update, f"{t('settings_saved', lang)}\n\n{html}" if args else html)


def _parse_setting(args: list[str], lang: str) -> dict[str, str] | str:
    """The change `/settings NAME VALUE` asks for, or the reply explaining what is wrong."""
    name = SETTING_NAMES.get(args[0].lower())
    value = " ".join(args[1:]).strip()
    if name == "language" and value.lower() in LANGUAGES:
        return {"language": value.lower()}
    if name == "length" and value.lower() in LENGTH_VALUES:
        return {"length": LENGTH_VALUES[value.lower()]}
    if name == "timezone" and value:
        zone_name = parse_timezone(value)
        return {"timezone_name": zone_name} if zone_name else t("bad_timezone", lang, tz=escape(value[:50]))
    return f"{t('bad_setting', lang)}\n{t('settings_usage', lang)}"


CHANNEL_COMMANDS = {"subscribe": subscribe, "unsubscribe": unsubscribe, "settings": settings, "help": help_command}
_COMMAND_RE = re.compile(r"/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+))?(?:\s+(.*))?", re.DOTALL)


async def channel_command(update: Update, context: BriefbotContext) -> None:
    """A command posted in a channel (CommandHandler does not see channel posts)."""
    post = update.channel_post
    match = _COMMAND_RE.fullmatch((post.text or "").strip()) if post else None
    if not match:
        return
    name, mention, rest = match.groups()
    if mention and mention.lower() != (context.bot.username or "").lower():
        return
    handler = CHANNEL_COMMANDS.get(name.lower())
    if handler is None:
        return
    context.args = (rest or "").split()
    await handler(update, context)


async def membership_changed(update: Update, context: BriefbotContext) -> None:
    """The bot was removed from a chat: its briefings stop and its settings go."""
    change = update.my_chat_member
    if change is None or change.new_chat_member is None:  # a malformed update: nothing to act on
        log.warning("my_chat_member update %s without new_chat_member ignored", update.update_id)
        return
    if change.new_chat_member.status not in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        return
    context.bot_data.chat_admins.forget(change.chat.id)
    removed = await _briefings(context).forget_chat(change.chat.id)
    log.info("left chat %s: %d subscription(s) removed", change.chat.id, removed)


async def chat_migrated(update: Update, context: BriefbotContext) -> None:
    """A group was upgraded to a supergroup: its briefings and settings move to the new id."""
    message = update.effective_message
    if message and message.migrate_to_chat_id:
        await _briefings(context).move_chat(message.chat.id, message.migrate_to_chat_id)
        await context.bot_data.services.admin.load()  # an allowed group stays allowed
        log.info("chat %s migrated to %s", message.chat.id, message.migrate_to_chat_id)
