"""What the bot says, in Indonesian and English: gettext over English msgids.

The English text is the msgid; the Indonesian lives in handlers/locale/id/LC_MESSAGES/briefbot.po
(compiled to briefbot.mo, both committed). The handlers name a text by a stable key
(`t("stored", lang, ...)`), which `TEXT_KEYS` maps to its msgid; a msgid works in place of a key.
Texts with a count are `Nn_(singular, plural)`: gettext picks the form by the count's value
("1 mention", "2 mentions"; Indonesian has one form). Values are filled in with str.format after
the translation, so HTML and {placeholders} are the same in every language.

After changing a text: `make locale` (extract, update the catalogs, compile), then translate what
is new in the Indonesian .po and run `make locale` again; tests/test_texts.py fails until then.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry
from babel import Locale

DOMAIN = "briefbot"
LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("id", "en")  # the reply languages; English is the source language, the msgids
SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Plural:
    """A text with a count in it: `count` names the value that picks the plural form."""

    singular: str
    plural: str
    count: str = "n"


@dataclass(frozen=True)
class Joined:
    """A text made of counted parts, each with its own plural form ("3 actors, 1 place")."""

    message: str
    parts: Mapping[str, Plural]


Text = str | Plural | Joined


def N_(message: str) -> str:
    """Marks a msgid for `pybabel extract` (babel.cfg); translated when shown, by `t`."""
    return message


def Nn_(singular: str, plural: str, count: str = "n") -> Plural:
    """Marks a singular and plural msgid for `pybabel extract`: the form follows `count`."""
    return Plural(singular, plural, count)


TEXT_KEYS: dict[str, Text] = {
    "start": N_("Hello! I am <b>Briefbot</b>. I brief you on the news: who, where, and what happened.\n\n{help}"),
    "help": N_(
        "/who [topic] - the key people and organisations\n"
        "/where [topic] - the places in the news\n"
        "/brief [topic] - the top stories, or a topic's\n"
        "/story ID - one story in full\n"
        "/latest - the newest articles\n"
        "/help - this help\n\n"
        "Admins add articles by forwarding or pasting their text (first line = title), sending "
        "their link, or sending a .txt, .html or .jsonl file."
    ),
    "cmd_who": N_("Who is in the news"),
    "cmd_where": N_("Where it happens"),
    "cmd_brief": N_("A short news brief"),
    "cmd_latest": N_("The newest articles"),
    "cmd_help": N_("Help"),
    "cmd_start": N_("Start"),
    "who_title": N_("Who"),
    "where_title": N_("Where"),
    "brief_title": N_("Brief"),
    "stories_title": N_("Top stories"),
    "story_reports": Nn_("{n} report from {sources}", "{n} reports from {sources}"),
    "story_usage": N_("Send /story and a story's number, e.g. /story 12."),
    "story_timeline": N_("Timeline"),
    "cmd_story": N_("One story in full"),
    "latest_title": N_("Newest articles"),
    "about": N_("about"),
    "mentions": Nn_("{n} mention", "{n} mentions"),
    "articles_n": Nn_("{n} article", "{n} articles"),
    "people": N_("People"),
    "organisations": N_("Organisations"),
    "latest_actions": N_("Latest actions"),
    "what_happened": N_("What happened"),
    "places_label": N_("Places"),
    "co_actors_label": N_("With"),
    "kind_country": N_("country"),
    "kind_region": N_("region"),
    "kind_city": N_("city"),
    "kind_continent": N_("area"),
    "kind_regency": N_("regency"),
    "kind_district": N_("district"),
    "kind_village": N_("village"),
    "kind_site": N_("site"),
    "detail_gone": N_("No longer stored."),
    "sources": N_("Sources"),
    "nothing_stored": N_("No articles yet. An admin can forward news to me."),
    "nothing_found": N_("Nothing matches “{topic}”."),
    "stored": Joined(
        N_("Stored: <b>{title}</b> (id <code>{ext_id}</code>) - {actors}, {places}."),
        {
            "actors": Nn_("{n_actors} actor", "{n_actors} actors", "n_actors"),
            "places": Nn_("{n_places} place", "{n_places} places", "n_places"),
        },
    ),
    "duplicate": N_("This article is already stored: <b>{title}</b> (id <code>{ext_id}</code>). Nothing changed."),
    "empty": N_("This message has no article text."),
    "too_short": Nn_(
        "Too short for an article (at least {n} word). Nothing was stored.",
        "Too short for an article (at least {n} words). Nothing was stored.",
    ),
    "too_long": Nn_(
        "The article is too long (at most {n} character). Nothing was stored.",
        "The article is too long (at most {n} characters). Nothing was stored.",
    ),
    "not_text": N_("This does not look like text. Nothing was stored."),
    "unsupported_language": N_(
        "This article is in “{language}”; for now I only analyse {supported}. Nothing was stored."
    ),
    "pending": N_(
        "Received: <b>{title}</b>. The bot is restarting; the article is kept and analysed as soon as it is back."
    ),
    "queued": N_("Received: <b>{title}</b>. It is stored and waits for an analysis worker; ask again in a minute."),
    "restarting": N_("The bot is restarting, so nothing was stored. Please send it again in a minute."),
    "failed": N_("Sorry, analysing this article failed. Nothing was stored."),
    # ---- links and files
    "bad_url": N_("That is not a web link I can fetch: I only read http:// and https:// links. Nothing was stored."),
    "blocked_address": N_(
        "That link leads to a private, local or reserved network address ({detail}), which I never fetch. "
        "Nothing was stored."
    ),
    "host_not_found": N_("I could not find the site {detail}. Nothing was stored."),
    "unreachable": N_("I could not load that page: no connection, or a broken answer. Nothing was stored."),
    "http_error": N_("The site answered with an error (HTTP {detail}). Nothing was stored."),
    "too_many_redirects": N_("The link redirects too many times (more than {detail}). Nothing was stored."),
    "page_too_large": N_("The page is too large (over {detail}); I stopped reading it. Nothing was stored."),
    "timeout": Nn_(
        "The site took too long to answer (over {detail} second). Nothing was stored.",
        "The site took too long to answer (over {detail} seconds). Nothing was stored.",
        "detail",
    ),
    "bad_content_type": N_("That link leads to “{detail}”, not to a web page or text. Nothing was stored."),
    "no_article": N_("I found no article text there. Nothing was stored."),
    "file_too_large": N_("The file is too large (at most {detail}). Nothing was stored."),
    "bad_file_type": N_("I read .txt, .html and .jsonl files only. Nothing was stored."),
    "bad_encoding": N_("The file is not UTF-8 text. Save it as UTF-8 and send it again. Nothing was stored."),
    "bad_record": N_("This is not a JSON object. Nothing was stored."),
    "too_many_articles": Nn_(
        "Only the first {detail} article of a file is read.",
        "Only the first {detail} articles of a file are read.",
        "detail",
    ),
    "file_unavailable": N_(
        "Telegram would not hand me this file (too large for a bot, or no longer available). Nothing was stored."
    ),
    "file_summary": N_("File <b>{name}</b>: {stored} stored, {duplicates} already stored, {refused} refused."),
    "file_stored_line": N_("✅ {title} (<code>{ext_id}</code>)"),
    "file_refused_line": N_("✖ line {line}: {reason}"),
    "file_more": N_("…and {n} more"),
    # why one line of a .jsonl file was refused, in a few words
    "reason_empty": N_("no text"),
    "reason_too_short": N_("too short"),
    "reason_too_long": N_("too long"),
    "reason_not_text": N_("not text"),
    "reason_unsupported_language": N_("in {language}"),
    "reason_failed": N_("analysis failed"),
    "reason_bad_encoding": N_("not UTF-8"),
    "reason_bad_record": N_("not a JSON object"),
    "reason_too_many_articles": Nn_(
        "more than {detail} article: the rest was not read",
        "more than {detail} articles: the rest was not read",
        "detail",
    ),
    "not_admin": N_("Sorry, only admins can add articles. You can ask with /who, /where or /brief."),
    "working": N_("Analysing…"),
    "error": N_("Sorry, something went wrong. Please try again."),
    # ---- briefings for groups and channels, settings, the admin's workflow
    "help_briefings": N_(
        "\n\n<b>Scheduled briefings</b> (group or channel admins):\n"
        "/subscribe HH:MM [topic] - a daily briefing, e.g. /subscribe 08:00 Kursk\n"
        "/unsubscribe [ID|all] - stop briefings\n"
        "/settings - language, time zone, length"
    ),
    "help_admin": N_(
        "\n\n<b>Bot admins</b>:\n/sources [n] - stored articles\n/forget ID - remove an article\n"
        "/stats - statistics\n/allow, /disallow [ID] - let a chat add articles\n"
        "/merge STORY OTHER, /split ID - correct stories"
    ),
    "cmd_subscribe": N_("A daily scheduled briefing"),
    "cmd_unsubscribe": N_("Stop scheduled briefings"),
    "cmd_settings": N_("Language, time zone, length"),
    "cmd_sources": N_("Stored articles (admins)"),
    "cmd_forget": N_("Remove an article (admins)"),
    "cmd_stats": N_("Statistics (admins)"),
    "cmd_allow": N_("Let a chat add articles (admins)"),
    "cmd_disallow": N_("Stop a chat adding articles (admins)"),
    "not_chat_admin": N_("Sorry, only this chat's admins can change its briefings and settings."),
    "bot_admin_only": N_("Sorry, only the bot's admins can do that."),
    "subscribe_usage": N_(
        "Usage: /subscribe HH:MM [topic], e.g. <code>/subscribe 08:00 Kursk</code>. Without a topic: all news."
    ),
    "scope_all": N_("all news"),
    "scope_topic": N_("the topic <i>{topic}</i>"),
    "subscribed": N_("✅ Briefing #{id}: every day at {time} ({tz}), {scope}. Next: {next}."),
    "already_subscribed": N_("This chat already has that briefing (#{id}). Next: {next}."),
    "too_many_subscriptions": Nn_(
        "This chat already has {n} briefing, the most allowed. Remove one with /unsubscribe ID.",
        "This chat already has {n} briefings, the most allowed. Remove one with /unsubscribe ID.",
    ),
    "no_subscriptions": N_("This chat has no briefings. Start one with /subscribe HH:MM [topic]."),
    "unsubscribe_choose": N_(
        "This chat has several briefings. Remove one with /unsubscribe ID, or all with /unsubscribe all:"
    ),
    "unsubscribed": Nn_("Removed: {n} briefing.", "Removed: {n} briefings."),
    "unsubscribe_unknown": N_("There is no briefing #{id} in this chat."),
    "subscription_line": N_("#{id} at {time}, {scope} (next {next})"),
    "settings_title": N_("This chat's settings"),
    "settings_body": N_("Language: {language}\nTime zone: {timezone}\nBriefing length: {length}"),
    "settings_subscriptions": N_("Scheduled briefings:"),
    "settings_usage": N_(
        "Change with: <code>/settings language id|en</code>, <code>/settings timezone Asia/Jakarta</code> "
        "(or WIB, WITA, WIT, UTC+7), <code>/settings length short|long</code>"
    ),
    "settings_saved": N_("✅ Saved."),
    "bad_setting": N_("I do not know that setting."),
    "bad_timezone": N_("Unknown time zone “{tz}”. Examples: Asia/Jakarta, WIB, WITA, WIT, UTC+7."),
    "length_short": N_("short"),
    "length_long": N_("long"),
    "briefing_title": N_("📰 News briefing"),
    "briefing_meta": Nn_("{when} · {n} new article", "{when} · {n} new articles"),
    "briefing_more_stories": Nn_("…and {n} more story: /brief", "…and {n} more stories: /brief"),
    "briefing_more_reports": Nn_("…and {n} more new report", "…and {n} more new reports"),
    "briefing_update": Nn_("{n} new report since {when}", "{n} new reports since {when}"),
    "briefing_update_story": Nn_("{n} new report in an earlier story", "{n} new reports in an earlier story"),
    "story_who_button": N_("👤 Who"),
    "story_where_button": N_("📍 Where"),
    "expand_button": N_("🔎 {n}"),
    "expand_gone": N_("This article is no longer stored."),
    "expand_shown": N_("Already shown above."),
    "sources_title": N_("Stored articles"),
    "added_by": N_("by {who}"),
    "forget_usage": N_("Usage: /forget ID (the id shown by /sources)."),
    "forgotten": N_("Removed: <b>{title}</b> (id <code>{ext_id}</code>) and everything derived from it."),
    "forget_unknown": N_("No stored article has the id <code>{ext_id}</code>."),
    "merge_usage": N_("Usage: /merge STORY OTHER (the numbers /story shows): OTHER's articles join STORY."),
    "merged": N_("Story {other} is now part of story {keep}."),
    "split_usage": N_("Usage: /split ID (an article's id, shown by /sources): it leaves its story."),
    "split_done": N_("Article <code>{ext_id}</code> is now a story of its own: {story}."),
    "cmd_merge": N_("Join two stories (admins)"),
    "cmd_split": N_("Take an article out of its story (admins)"),
    "stats_title": N_("Statistics"),
    "stats_body": N_(
        "Articles: {articles}\nActors: {actors}\nPlaces: {places}\n"
        "Chats with briefings: {chats}\nScheduled briefings: {subscriptions}\n"
        "Chats allowed to add articles: {allowed}\nDatabase: {size}"
    ),
    "allow_usage": N_("Usage: /allow in the group to allow, or /allow USER_ID in a private chat."),
    "allowed_chat": N_("✅ Chat <code>{chat_id}</code> may now add articles (forward news there)."),
    "disallowed_chat": N_("Chat <code>{chat_id}</code> may no longer add articles."),
    "not_allowed_chat": N_("Chat <code>{chat_id}</code> was not allowed anyway."),
}


@lru_cache(maxsize=16)
def translation(lang: str) -> gettext.NullTranslations:
    """The catalog of `lang`; for a language without one, English (the msgids themselves)."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def reply_language(language_code: str | None) -> str:
    """The bot's reply language for a Telegram user's language: Indonesian first, else English."""
    if not language_code:
        return "id"
    code = language_code.lower()
    return "id" if code.startswith(("id", "ms")) else "en"


def t(key: str, lang: str, **values: object) -> str:
    """The text `key` (or a msgid) in `lang`, with values filled in (escape them before passing HTML).

    A text with a count takes its form from that value: t("mentions", "en", n=1) is "1 mention".
    """
    return _render(TEXT_KEYS.get(key, key), lang, values)


def tn(singular: str, plural: str, n: int, lang: str, **values: object) -> str:
    """ngettext: `singular` or `plural` (English msgids) as `n` asks in `lang`, with {n} and values filled in."""
    return translation(lang).ngettext(singular, plural, n).format(n=n, **values)


def has_text(key: str) -> bool:
    """Whether `key` names a text."""
    return key in TEXT_KEYS


def is_translated(key: str, lang: str) -> bool:
    """Whether `lang`'s catalog carries the text `key` (or msgid), every form of it; English always does."""
    if lang == SOURCE_LANGUAGE:
        return True
    catalog: Mapping[object, str] = getattr(translation(lang), "_catalog", {})  # GNUTranslations' messages
    return all(
        (msgid.singular, 0) in catalog if isinstance(msgid, Plural) else msgid in catalog
        for msgid in _msgids(TEXT_KEYS.get(key, key))
    )


def _msgids(text: Text) -> Iterator[str | Plural]:
    if isinstance(text, Joined):
        yield text.message
        yield from text.parts.values()
    else:
        yield text


def _render(text: Text, lang: str, values: dict[str, object]) -> str:
    catalog = translation(lang)
    if isinstance(text, Plural):
        return catalog.ngettext(text.singular, text.plural, _count(values[text.count])).format(**values)
    if isinstance(text, Joined):
        parts = {name: _render(part, lang, values) for name, part in text.parts.items()}
        return catalog.gettext(text.message).format(**values, **parts)
    return catalog.gettext(text).format(**values)


def _count(value: object) -> int:
    """The number a count stands for, also when it comes formatted ("20,000", "1.5")."""
    if isinstance(value, int):
        return value
    digits = re.sub(r"[,_\s]", "", str(value))
    try:
        number = float(digits)
    except ValueError:
        return 2  # not a number: the "other" form
    return int(number) if number.is_integer() else 2


def language_name(code: str, lang: str) -> str:
    """A language's name in `lang` ("fr" in Indonesian: "Prancis"), from Babel's CLDR data."""
    names = Locale.parse(lang if lang in LANGUAGES else SOURCE_LANGUAGE).languages
    return names.get(code) or names.get(re.split(r"[-_]", code)[0]) or code or "?"


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    """A country's English names (as nlp.gazetteer stores them: name, common or official) -> ISO code."""
    codes: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)):
            if name:
                codes.setdefault(name.casefold(), country.alpha_2)
    return codes


@lru_cache(maxsize=1024)
def country_name(country: str, lang: str) -> str:
    """A country stored in English ("Russian Federation") as `lang` names it ("Rusia" in Indonesian).

    Babel's CLDR territory names first (the short forms a chat reads: "Rusia", "Tiongkok"), then
    pycountry's own ISO 3166 catalog (as nlp.gazetteer reads it); English and unknown names as stored.
    """
    code = _country_codes().get(country.casefold())
    if code is None or lang == SOURCE_LANGUAGE or lang not in LANGUAGES:
        return country
    name: str | None = Locale.parse(lang).territories.get(code)
    if name:
        return name
    iso = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
    record = pycountry.countries.get(alpha_2=code)
    return iso.gettext(record.name) if record else country
