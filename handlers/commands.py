"""Command handlers: /start, /help, /who, /where, /brief, /latest."""

from __future__ import annotations

import re
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.services import AnswerService, StoryService
from handlers.context import BriefbotContext
from handlers.format import (
    format_actor,
    format_brief,
    format_latest,
    format_place,
    format_stories,
    format_story,
    format_where,
    format_who,
)
from handlers.replies import answer_query, chat_language, reply_html
from handlers.texts import t


def _answers(context: BriefbotContext) -> AnswerService:
    return context.bot_data.services.answers


def _topic(context: BriefbotContext) -> str | None:
    topic = " ".join(context.args or []).strip()
    return topic[:100] or None


# Inline buttons under /who and /where open one actor or place: "who:<id>", "where:<id>".
WHO_PREFIX = "who:"
WHERE_PREFIX = "where:"
STORY_PREFIX = "story:"
# Under a story: its own who and where ("swho:<story id>", "swhere:<story id>").
STORY_WHO_PREFIX = "swho:"
STORY_WHERE_PREFIX = "swhere:"
DETAIL_PREFIXES = (WHO_PREFIX, WHERE_PREFIX, STORY_PREFIX, STORY_WHO_PREFIX, STORY_WHERE_PREFIX)
BUTTONS = 6


def _buttons(prefix: str, items: list[tuple[int, str]]) -> InlineKeyboardMarkup | None:
    """Two buttons a row, one per actor or place, each opening it in full."""
    buttons = [
        InlineKeyboardButton(label[:40], callback_data=f"{prefix}{item_id}") for item_id, label in items[:BUTTONS]
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return InlineKeyboardMarkup(rows) if rows else None


def story_buttons(story_id: int, lang: str) -> InlineKeyboardMarkup:
    """Under a story in full: who and where in that story alone."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("story_who_button", lang), callback_data=f"{STORY_WHO_PREFIX}{story_id}"),
                InlineKeyboardButton(t("story_where_button", lang), callback_data=f"{STORY_WHERE_PREFIX}{story_id}"),
            ]
        ]
    )


async def _empty_answer(update: Update, context: BriefbotContext, lang: str, topic: str | None) -> None:
    if topic and await _answers(context).has_articles():
        await reply_html(update, t("nothing_found", lang, topic=escape(topic)))
    else:
        await reply_html(update, t("nothing_stored", lang))


def _help(update: Update, context: BriefbotContext, lang: str) -> str:
    """The help, with the briefing commands, and the admin commands for bot admins."""
    text = t("help", lang) + t("help_briefings", lang)
    user = update.effective_user
    if user and user.id in context.bot_data.admin_ids:
        text += t("help_admin", lang)
    return text


async def start(update: Update, context: BriefbotContext) -> None:
    lang = chat_language(update, context)
    await reply_html(update, t("start", lang, help=_help(update, context, lang)))


async def help_command(update: Update, context: BriefbotContext) -> None:
    lang = chat_language(update, context)
    await reply_html(update, _help(update, context, lang))


async def who(update: Update, context: BriefbotContext) -> None:
    """/who: the key people and organisations; /who NAME: that actor in full."""
    lang, topic = chat_language(update, context), _topic(context)
    if topic:
        detail = await _answers(context).actor_detail(topic)
        if detail:
            return await reply_html(update, format_actor(detail, lang))
    rows = await _answers(context).who(topic)
    if not rows:
        return await _empty_answer(update, context, lang, topic)
    people_first = sorted(rows, key=lambda r: r.kind != "PER")  # the order format_who shows them in
    await reply_html(
        update, format_who(rows, lang, topic), _buttons(WHO_PREFIX, [(r.id, r.name) for r in people_first])
    )


async def where(update: Update, context: BriefbotContext) -> None:
    lang, topic = chat_language(update, context), _topic(context)
    rows = await _answers(context).where(topic)
    if not rows:
        return await _empty_answer(update, context, lang, topic)
    await reply_html(update, format_where(rows, lang, topic), _buttons(WHERE_PREFIX, [(r.id, r.name) for r in rows]))


async def open_detail(update: Update, context: BriefbotContext) -> None:
    """A button under /who, /where or /brief: that actor, place or story in full, or a story's
    who or where, as a new message."""
    query = update.callback_query
    if query is None:
        return
    lang = chat_language(update, context)
    data = query.data or ""
    prefix = next((p for p in DETAIL_PREFIXES if data.startswith(p)), WHERE_PREFIX)
    try:
        item_id = int(data.removeprefix(prefix))
    except ValueError:
        await answer_query(query)
        return
    service = _answers(context)
    markup = None
    if prefix == WHO_PREFIX:
        detail = await service.actor_detail(item_id)
        html = format_actor(detail, lang) if detail else None
    elif prefix == STORY_PREFIX:
        found = await _stories(context).story(item_id)
        html = format_story(found, lang) if found else None
        markup = story_buttons(item_id, lang) if found else None
    elif prefix in (STORY_WHO_PREFIX, STORY_WHERE_PREFIX):
        html = await _story_entities(context, item_id, lang, people=prefix == STORY_WHO_PREFIX)
    else:
        place = await service.place_detail(item_id)
        html = format_place(place, lang) if place else None
    if html is None:
        await answer_query(query, t("detail_gone", lang), show_alert=True)
        return
    await answer_query(query)
    await reply_html(update, html, markup)


async def _story_entities(context: BriefbotContext, story_id: int, lang: str, people: bool) -> str | None:
    """Who (people=True) or where in one story, headed by its title; None if it is gone."""
    found = await _stories(context).story(story_id)
    if found is None:
        return None
    if people:
        return format_who(await _answers(context).who(story=story_id), lang, found.title)
    return format_where(await _answers(context).where(story=story_id), lang, found.title)


def _stories(context: BriefbotContext) -> StoryService:
    return context.bot_data.services.stories


async def brief(update: Update, context: BriefbotContext) -> None:
    """/brief [topic]: the top stories (one story: in full); the newest article's brief when
    nothing is filed under a story yet."""
    lang, topic = chat_language(update, context), _topic(context)
    stories = await _stories(context).top(topic, limit=BUTTONS)
    if len(stories) == 1:  # in full: with its timeline
        one = await _stories(context).story(stories[0].id) or stories[0]
        return await reply_html(update, format_story(one, lang, topic), story_buttons(one.id, lang))
    if stories:
        labels = [(s.id, f"{n}. {s.title}") for n, s in enumerate(stories, start=1)]
        return await reply_html(update, format_stories(stories, lang, topic), _buttons(STORY_PREFIX, labels))
    await _article_brief(update, context, lang, topic)


async def story(update: Update, context: BriefbotContext) -> None:
    """/story ID: one story in full."""
    lang = chat_language(update, context)
    arg = (context.args or [""])[0]
    found = await _stories(context).story(int(arg)) if re.fullmatch(r"[0-9]{1,18}", arg) else None
    if found is None:
        return await reply_html(update, t("story_usage", lang) if not arg else t("detail_gone", lang))
    await reply_html(update, format_story(found, lang), story_buttons(found.id, lang))


async def _article_brief(update: Update, context: BriefbotContext, lang: str, topic: str | None) -> None:
    rows = await _answers(context).brief(topic)
    if not rows.sentences:
        return await _empty_answer(update, context, lang, topic)
    await reply_html(update, format_brief(rows, lang, topic))


async def latest(update: Update, context: BriefbotContext) -> None:
    lang = chat_language(update, context)
    refs = await _answers(context).latest()
    if not refs:
        return await _empty_answer(update, context, lang, None)
    await reply_html(update, format_latest(refs, lang))
