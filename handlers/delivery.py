"""Scheduled briefings reach their chats: the periodic due-check job, and the buttons that
expand an item."""

from __future__ import annotations

import logging

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from bot.services.briefings import Briefing, ScheduledBriefings
from handlers.commands import story_buttons
from handlers.context import BriefbotApplication, BriefbotContext
from handlers.format import format_briefing, format_item, format_story, split_message
from handlers.replies import answer_query, chat_language
from handlers.texts import t

log = logging.getLogger(__name__)

EXPAND_PREFIX = "more:"  # "more:<article id>", or "more:s<story id>" for a story's entry
STORY_MARK = "s"
BUTTONS_PER_ROW = 5
MAX_REMEMBERED_EXPANSIONS = 10_000


def briefing_keyboard(briefing: Briefing, lang: str) -> InlineKeyboardMarkup | None:
    """One numbered button per entry; each sends that story in full (an article filed under no
    story: that article)."""
    buttons = [
        InlineKeyboardButton(
            t("expand_button", lang, n=number),
            callback_data=f"{EXPAND_PREFIX}{STORY_MARK}{item.story_id}"
            if item.story_id is not None
            else f"{EXPAND_PREFIX}{item.article_id}",
        )
        for number, item in enumerate(briefing.items, start=1)
    ]
    rows = [buttons[i : i + BUTTONS_PER_ROW] for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    return InlineKeyboardMarkup(rows) if rows else None


async def deliver_due(bot: Bot, briefings: ScheduledBriefings) -> int:
    """Send every due briefing and return how many went out.

    Chats are served one after another through the bot, so the rate limiter (AIORateLimiter)
    paces a briefing hour with many chats instead of tripping Telegram's flood limits.
    """
    sent = 0
    for sub, slot in await briefings.due():
        briefing = await briefings.claim(sub, slot)
        # None: another check claimed the slot. No stories: nothing new, and a group is better
        # served by silence than by a daily "nothing new" (the slot still counts as handled).
        if briefing is None or not briefing.items:
            continue
        if await _send(bot, briefings, briefing):
            sent += 1
    return sent


async def _send(bot: Bot, briefings: ScheduledBriefings, briefing: Briefing) -> bool:
    chat_id, lang = briefing.subscription.chat_id, briefing.subscription.language
    chunks = split_message(format_briefing(briefing, lang))
    keyboard = briefing_keyboard(briefing, lang)
    delivered = 0
    try:
        for index, chunk in enumerate(chunks):
            markup = keyboard if index == len(chunks) - 1 else None  # the buttons under the last part
            await bot.send_message(
                chat_id, chunk, parse_mode=ParseMode.HTML, disable_web_page_preview=True, reply_markup=markup
            )
            delivered += 1
    except Forbidden as exc:  # the bot was removed or blocked: stop briefing that chat
        log.warning(
            "briefing %s: chat %s is gone (%s); its subscriptions are removed", briefing.subscription.id, chat_id, exc
        )
        await briefings.forget_chat(chat_id)
        return False
    except ChatMigrated as exc:  # the group became a supergroup: follow it, and send there next check
        log.info("chat %s migrated to %s", chat_id, exc.new_chat_id)
        await briefings.move_chat(chat_id, exc.new_chat_id)
        if not delivered:
            await briefings.release(briefing)
        return False
    except BadRequest as exc:
        # The same content would fail the same way again: the slot stays handled.
        log.error("briefing %s to chat %s refused: %s", briefing.subscription.id, chat_id, exc)
        if "chat not found" in str(exc).lower():
            await briefings.forget_chat(chat_id)
        return False
    except TelegramError as exc:  # network trouble or a timeout
        if not delivered:
            await briefings.release(briefing)  # nothing reached the chat: the next check retries
        log.warning(
            "briefing %s to chat %s failed after %d part(s): %s", briefing.subscription.id, chat_id, delivered, exc
        )
        return False
    await briefings.mark_sent(briefing)
    log.info("briefing %s sent to chat %s: %d stories", briefing.subscription.id, chat_id, len(briefing.items))
    return True


async def briefing_job(context: BriefbotContext) -> None:
    """The periodic due-check."""
    await deliver_due(context.bot, context.bot_data.services.briefings)


def schedule(app: BriefbotApplication, interval: float) -> None:
    """Check for due briefings every `interval` seconds, the first time right at start: a
    briefing whose time passed while the bot was down goes out then."""
    if app.job_queue is None:
        raise RuntimeError("scheduled briefings need a job queue: install python-telegram-bot[job-queue]")
    app.job_queue.run_repeating(
        briefing_job, interval=interval, first=0, name="briefings", job_kwargs={"max_instances": 1, "coalesce": True}
    )


async def expand_item(update: Update, context: BriefbotContext) -> None:
    """An entry's button under a briefing: reply with that story (or article) in full, once per
    briefing."""
    query = update.callback_query
    message = query.message if query else None
    if query is None or message is None:
        return
    lang = chat_language(update, context)
    target = (query.data or "").removeprefix(EXPAND_PREFIX)
    is_story = target.startswith(STORY_MARK)
    try:
        item_id = int(target.removeprefix(STORY_MARK))
    except ValueError:
        await answer_query(query)
        return
    shown = context.bot_data.expanded
    key = (message.chat.id, message.message_id, target)
    if key in shown:
        await answer_query(query, t("expand_shown", lang))
        return
    if len(shown) >= MAX_REMEMBERED_EXPANSIONS:
        shown.clear()
    shown.add(key)  # before any await: a double click must not send it twice
    html, markup = None, None
    if is_story:
        story = await context.bot_data.services.stories.story(item_id)
        if story is not None:
            html, markup = format_story(story, lang), story_buttons(story.id, lang)
    elif (item := await context.bot_data.services.briefings.item(item_id)) is not None:
        html = format_item(item, lang)
    if html is None:
        shown.discard(key)
        await answer_query(query, t("expand_gone", lang), show_alert=True)
        return
    await answer_query(query)
    reply_to = ReplyParameters(message.message_id, allow_sending_without_reply=True)
    chunks = split_message(html)
    for index, chunk in enumerate(chunks):
        await context.bot.send_message(
            message.chat.id,
            chunk,
            parse_mode=ParseMode.HTML,
            disable_web_page_preview=True,
            reply_parameters=reply_to if index == 0 else None,
            reply_markup=markup if index == len(chunks) - 1 else None,
        )
