"""Answers as Telegram HTML: every piece of article text escaped, split under Telegram's limit."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from html import escape

from babel.dates import format_date, format_datetime, format_time

from bot.services import Briefing, BriefingItem, Story
from handlers.texts import LANGUAGES, SOURCE_LANGUAGE, country_name, has_text, t
from storage import (
    ActorDetail,
    ActorRow,
    ArticleRef,
    BriefRows,
    ChatSettings,
    EventRow,
    PlaceRow,
    SourceRow,
    StoreStats,
    Subscription,
)

TELEGRAM_LIMIT = 4096
CHUNK_LIMIT = 4000  # a margin under the limit, for safety with UTF-16 counting

# How dates read in a chat, as CLDR patterns for Babel; the same in both languages for now
# ("21.08.2024", a month "08.2024"; a moment "10.03.2026 08:00" and its zone's abbreviation).
DATE_PATTERNS = {
    "day": "dd.MM.y",
    "month": "MM.y",
    "year": "y",
    "moment": "dd.MM.y HH:mm",
    "time": "HH:mm",
    "source_day": "y-MM-dd",  # an article's date under its title ("Kantor Berita · 2026-11-28")
    "stored_at": "y-MM-dd HH:mm",  # when an admin stored an article, in UTC
}


def _cite(ref: ArticleRef) -> str:
    label = escape(ref.title if len(ref.title) <= 70 else ref.title[:67] + "…")
    if ref.url and ref.url.startswith(("http://", "https://")):
        return f'<a href="{escape(ref.url, quote=True)}">{label}</a>'
    return f"<i>{label}</i>"


def _heading(key: str, lang: str, topic: str | None) -> str:
    head = f"<b>{t(key, lang)}</b>"
    if topic:
        head += f" — {t('about', lang)} <i>{escape(topic)}</i>"
    return head


def _locale(lang: str) -> str:
    return lang if lang in LANGUAGES else SOURCE_LANGUAGE


def _day(iso: str | None, lang: str) -> str:
    """ "2024-08-21" as a chat reads it: "21.08.2024"; a month "2024-08": "08.2024"; a year as it is."""
    if not iso:
        return ""
    try:
        if len(iso) == 4:
            return format_date(date(int(iso), 1, 1), DATE_PATTERNS["year"], locale=_locale(lang))
        if len(iso) == 7:
            return format_date(date.fromisoformat(iso + "-01"), DATE_PATTERNS["month"], locale=_locale(lang))
        return format_date(date.fromisoformat(iso[:10]), DATE_PATTERNS["day"], locale=_locale(lang))
    except ValueError:  # not a date after all: as it is written
        return iso


def format_event(event: EventRow, lang: str, with_actor: bool = False, cite: bool = True) -> str:
    """One action, scannable: "memuji hubungan dagang → Li Qiang · 📍 Moskow · 🗓 hari Rabu (21.08.2024)"."""
    parts = [f"<b>{escape(event.actor)}</b> " if with_actor else ""]
    parts.append(escape(event.predicate))
    if event.object:
        parts.append(" " + escape(event.object))
    if event.target:
        parts.append(f" → {escape(event.target)}")
    if event.place and event.place not in event.object:  # "perjalanan ke Moskow" says it already
        parts.append(f" · 📍 {escape(event.place)}")
    when = escape(event.time_text or "")
    day = _day(event.date, lang)
    if day and day not in when:  # "tahun 2022" needs no "(2022)"
        when = f"{when} ({day})" if when else day
    if when:
        parts.append(f" · 🗓 {when}")
    if cite:
        parts.append(f" — {_cite(event.article)}")
    return "".join(parts)


def _actor_lines(row: ActorRow, lang: str) -> list[str]:
    extra = [t("mentions", lang, n=row.mentions)]
    if row.article_count > 1:
        extra.append(t("articles_n", lang, n=row.article_count))
    if len(row.titles) > 1:
        extra.insert(0, "; ".join(escape(x) for x in row.titles[1:]))
    lines = [f"• {_actor_name(row)} ({', '.join(extra)})"]
    if row.events:
        lines.append("   ↳ " + format_event(row.events[0], lang))
    elif row.articles:
        lines.append("   ↳ " + "; ".join(_cite(r) for r in row.articles[:2]))
    return lines


def format_who(rows: list[ActorRow], lang: str, topic: str | None = None) -> str:
    """People first, then organisations, each ranked by salience, with their latest action."""
    lines = [_heading("who_title", lang, topic)]
    for kind, key in (("PER", "people"), ("ORG", "organisations")):
        group = [row for row in rows if (row.kind == "PER") == (kind == "PER")]
        if group:
            lines.append(f"\n<u>{t(key, lang)}</u>")
            for row in group:
                lines.extend(_actor_lines(row, lang))
    return "\n".join(lines)


def format_actor(detail: ActorDetail, lang: str) -> str:
    """/who NAME: titles, counts, latest actions, places, co-actors and articles."""
    row = detail.actor
    lines = [f"👤 {_actor_name(row)}"]
    if len(row.titles) > 1:
        lines.append("<i>" + "; ".join(escape(x) for x in row.titles[1:]) + "</i>")
    lines.append(
        t("mentions", lang, n=row.mentions)
        + (" · " + t("articles_n", lang, n=row.article_count) if row.article_count > 1 else "")
    )
    if row.events:
        lines.append(f"\n<b>{t('latest_actions', lang)}</b>")
        lines.extend("• " + format_event(e, lang) for e in row.events)
    if detail.places:
        lines.append(f"\n📍 <b>{t('places_label', lang)}</b>: " + ", ".join(escape(p) for p in detail.places))
    if detail.co_actors:
        lines.append(f"🤝 <b>{t('co_actors_label', lang)}</b>: " + ", ".join(escape(a) for a in detail.co_actors))
    if row.articles:
        lines.append(f"\n<b>{t('sources', lang)}:</b>")
        lines.extend(f"• {_cite(r)}" + (f" — {_meta(r, lang)}" if _meta(r, lang) else "") for r in row.articles)
    return "\n".join(lines)


def _actor_name(row: ActorRow) -> str:
    """An actor's name in bold, after their first title ("Presiden Rusia <b>Vladimir Putin</b>")."""
    name = f"<b>{escape(row.name)}</b>"
    return f"{escape(row.titles[0])} {name}" if row.titles else name


def _place_label(row: PlaceRow, lang: str) -> str:
    """ "<b>Moskow</b> — kota, Rusia, Moscow": its kind, its country (named in `lang`), its canonical name."""
    label = f"<b>{escape(row.name)}</b>"
    facts = []
    if row.kind and has_text(f"kind_{row.kind}"):
        facts.append(t(f"kind_{row.kind}", lang))
    if row.country and row.kind != "country":
        facts.append(escape(country_name(row.country, lang)))
    # a country's canonical name is its English one: "Rusia" needs no "Russian Federation" after it
    canonical = country_name(row.canonical, lang) if row.canonical and row.kind == "country" else row.canonical
    if row.kind == "site" and canonical and canonical.startswith(f"{row.name}, "):
        # a street within its city: "Jalan Salemba — site, Kota Jakarta Pusat, Jakarta, Indonesia"
        facts.insert(1, escape(canonical[len(row.name) + 2 :]))
    elif canonical and canonical.lower() != row.name.lower():
        facts.append(escape(canonical))
    return label + (f" — {', '.join(facts)}" if facts else "")


def format_where(rows: list[PlaceRow], lang: str, topic: str | None = None) -> str:
    lines = [_heading("where_title", lang, topic)]
    for row in rows:
        lines.append(f"• {_place_label(row, lang)} ({t('mentions', lang, n=row.mentions)})")
        if row.events:
            lines.append("   ↳ " + format_event(row.events[0], lang, with_actor=True))
        elif row.articles:
            lines.append("   ↳ " + "; ".join(_cite(r) for r in row.articles[:2]))
    return "\n".join(lines)


def format_place(row: PlaceRow, lang: str) -> str:
    """A place in full: what it is, what happened there, the articles."""
    lines = [f"📍 {_place_label(row, lang)}", t("mentions", lang, n=row.mentions)]
    if row.events:
        lines.append(f"\n<b>{t('what_happened', lang)}</b>")
        lines.extend("• " + format_event(e, lang, with_actor=True) for e in row.events)
    if row.articles:
        lines.append(f"\n<b>{t('sources', lang)}:</b>")
        lines.extend(f"• {_cite(r)}" + (f" — {_meta(r, lang)}" if _meta(r, lang) else "") for r in row.articles)
    return "\n".join(lines)


def format_brief(rows: BriefRows, lang: str, topic: str | None = None) -> str:
    lines = [_heading("brief_title", lang, topic), ""]
    lines.append(" ".join(escape(s.text) for s in rows.sentences))
    lines.append("")
    lines.append(f"<b>{t('sources', lang)}:</b>")
    lines.extend(f"• {_cite(ref)}" for ref in rows.sources)
    return "\n".join(lines)


def _story_meta(story: Story, lang: str) -> str:
    when = story.first if story.first == story.last else f"{story.first} – {story.last}"
    reports = t("story_reports", lang, n=len(story.articles), sources=", ".join(story.sources[:4]))
    return escape(f"{reports} · {when}" if when else reports)


def format_stories(stories: list[Story], lang: str, topic: str | None = None) -> str:
    """The top stories: each its title, how many reports from whom, and its first sentence."""
    lines = [_heading("stories_title", lang, topic)]
    for number, story in enumerate(stories, start=1):
        lines.append("")
        lines.append(f"<b>{number}. {escape(story.title)}</b>")
        lines.append(f"<i>{_story_meta(story, lang)}</i>")
        if story.brief:
            lines.append(escape(story.brief[0]))
    return "\n".join(lines)


def format_story(story: Story, lang: str, topic: str | None = None) -> str:
    """One story in full: its brief across its reports, who, where, and every source; under
    the brief's heading when it answers /brief on a topic."""
    lines = [_heading("brief_title", lang, topic), ""] if topic else []
    lines += [f"<b>{escape(story.title)}</b>", f"<i>{_story_meta(story, lang)}</i>", ""]
    several = len(story.sources) > 1  # a sentence's outlets are worth naming only then
    for line in story.lines:
        told = f" <i>({escape(', '.join(line.sources))})</i>" if several else ""
        lines.append(f"• {escape(line.text)}{told}")
    if story.timeline:
        lines.extend(["", f"<b>{t('story_timeline', lang)}</b>"])
        for happening in story.timeline:
            day = _day(happening.day, lang)
            told = f" <i>({escape(', '.join(happening.sources))})</i>" if several else ""
            lines.append(f"• {day + ': ' if day else ''}{format_event(happening.event, lang, True, cite=False)}{told}")
        lines.append("")
    if story.actors:
        lines.append("👤 " + ", ".join(f"<b>{escape(a)}</b>" for a in story.actors[:6]))
    if story.places:
        lines.append("📍 " + ", ".join(f"<b>{escape(p)}</b>" for p in story.places[:6]))
    lines.append("")
    lines.append(f"<b>{t('sources', lang)}:</b>")
    for ref in story.articles:
        meta = _meta(ref, lang)
        lines.append(f"• {_cite(ref)}" + (f" — {meta}" if meta else ""))
    return "\n".join(lines)


def format_latest(refs: list[ArticleRef], lang: str) -> str:
    lines = [f"<b>{t('latest_title', lang)}</b>"]
    for ref in refs:
        meta = _meta(ref, lang)
        lines.append(f"• {_cite(ref)} <code>{escape(ref.ext_id)}</code>" + (f" — {meta}" if meta else ""))
    return "\n".join(lines)


def _meta(ref: ArticleRef, lang: str) -> str:
    """An article's source and date ("Kantor Berita · 2024-05-16"), escaped."""
    when = (ref.published or ref.added_at or "")[:10]
    try:
        when = format_date(date.fromisoformat(when), DATE_PATTERNS["source_day"], locale=_locale(lang)) if when else ""
    except ValueError:  # a partial or odd date: as it is written
        pass
    return " · ".join(escape(x) for x in (ref.source, when) if x)


# ---------------------------------------------------------------------- scheduled briefings


def local_time(moment: datetime, lang: str = SOURCE_LANGUAGE) -> str:
    """A local moment as a chat reads it: "10.03.2026 08:00 WIB"."""
    shown = format_datetime(moment, DATE_PATTERNS["moment"], locale=_locale(lang))
    return f"{shown} {moment.tzname() or ''}".strip()


def _time_of_day(at: time, lang: str) -> str:
    """ "08:00" """
    return format_time(at, DATE_PATTERNS["time"], locale=_locale(lang))


def _highlighter(story: BriefingItem, topic: str | None) -> Callable[[str], str]:
    """Escapes a story's sentences, putting each actor (and the topic) in bold where the story
    first names them: a person also by their last name alone ("Putin" for "Vladimir Putin")."""
    entity: dict[str, str] = {}  # written form (escaped, lower case) -> the entity it names
    for actor in story.actors:
        entity[escape(actor.name).lower()] = actor.name
        if actor.kind == "PER" and " " in actor.name:
            entity.setdefault(escape(actor.name.split()[-1]).lower(), actor.name)
    if topic:
        entity.setdefault(escape(topic).lower(), topic)
    forms = sorted((f for f in entity if len(f) >= 3), key=len, reverse=True)
    # Not after "&" or "#": a name must never match inside an entity such as &quot;
    pattern = re.compile(rf"(?<![\w&#])({'|'.join(re.escape(f) for f in forms)})(?!\w)", re.IGNORECASE)
    seen: set[str] = set()

    def first_only(match: re.Match[str]) -> str:
        name = entity[match.group(1).lower()]
        if name in seen:
            return match.group(1)
        seen.add(name)
        return f"<b>{match.group(1)}</b>"

    return lambda text: pattern.sub(first_only, escape(text)) if forms else escape(text)


NEW_REPORTS_SHOWN = 3  # a story entry's new reports cited by name


def _item_lines(
    story: BriefingItem, lang: str, number: int | None = None, topic: str | None = None, since: str | None = None
) -> list[str]:
    """An entry: its headline (a story's title, or the article's as a source link), what is new
    when the story had reports before, bullet sentences with highlights, who, where, sources.
    `since`: when the chat's last briefing went out, as the chat reads it."""
    highlight = _highlighter(story, topic)
    head = f"{number}. " if number is not None else ""
    lines = [f"<b>{head}{escape(story.title) if story.title else _cite(story.ref)}</b>"]
    outlets = ", ".join(dict.fromkeys(ref.source or ref.ext_id for ref in story.new))
    if story.earlier and since:
        lines.append(
            f"<i>🆕 {t('briefing_update', lang, n=len(story.new), when=escape(since))} · {escape(outlets)}</i>"
        )
    elif story.earlier:
        lines.append(f"<i>🆕 {t('briefing_update_story', lang, n=len(story.new))} · {escape(outlets)}</i>")
    elif len(story.new) > 1:
        lines.append(f"<i>{escape(t('story_reports', lang, n=len(story.new), sources=outlets))}</i>")
    lines.extend(f"• {highlight(sentence)}" for sentence in story.sentences)
    if story.actors:
        lines.append("👤 " + ", ".join(_actor_name(a) for a in story.actors))
    if story.places:
        lines.append("📍 " + ", ".join(f"<b>{escape(p.name)}</b>" for p in story.places))
    if story.title:  # the reports by name, each a link
        for ref in story.new[:NEW_REPORTS_SHOWN]:
            meta = _meta(ref, lang)
            lines.append(f"🗞 {_cite(ref)}" + (f" — {meta}" if meta else ""))
        if len(story.new) > NEW_REPORTS_SHOWN:
            lines.append(f"🗞 {t('briefing_more_reports', lang, n=len(story.new) - NEW_REPORTS_SHOWN)}")
    elif meta := _meta(story.ref, lang):
        lines.append(f"🗞 {meta}")
    return lines


def _since(briefing: Briefing, lang: str) -> str | None:
    """When the chat's last briefing went out: its time of day when that was on the day of
    this one, else the date and time; None before the first."""
    if briefing.since is None:
        return None
    last = briefing.since.astimezone(briefing.local_slot.tzinfo)
    if last.date() == briefing.local_slot.date():
        return _time_of_day(last.time(), lang)
    return local_time(last, lang)


def format_briefing(briefing: Briefing, lang: str) -> str:
    """A scheduled briefing: title, when and how much, then each story."""
    lines = [_heading("briefing_title", lang, briefing.subscription.topic)]
    lines.append(
        "<i>" + t("briefing_meta", lang, when=local_time(briefing.local_slot, lang), n=briefing.total) + "</i>"
    )
    since = _since(briefing, lang)
    for number, story in enumerate(briefing.items, start=1):
        lines.append("")
        lines.extend(_item_lines(story, lang, number, briefing.subscription.topic, since))
    more = briefing.stories - len(briefing.items)
    if more > 0:
        lines.extend(["", t("briefing_more_stories", lang, n=more)])
    return "\n".join(lines)


def format_item(story: BriefingItem, lang: str) -> str:
    """One story expanded: the article's whole brief and more of who and where."""
    return "\n".join(_item_lines(story, lang))


def scope_label(topic: str | None, lang: str) -> str:
    return t("scope_topic", lang, topic=escape(topic)) if topic else t("scope_all", lang)


def format_subscription(sub: Subscription, next_at: datetime, lang: str) -> str:
    return t(
        "subscription_line",
        lang,
        id=sub.id,
        time=_time_of_day(sub.time_of_day, lang),
        scope=scope_label(sub.topic, lang),
        next=local_time(next_at, lang),
    )


def format_settings(
    settings: ChatSettings | None, subscriptions: list[tuple[Subscription, datetime]], lang: str, default_timezone: str
) -> str:
    """A chat's settings and its scheduled briefings (with when each goes out next)."""
    language = settings.language if settings else lang
    length = settings.length if settings else "short"
    lines = [f"<b>{t('settings_title', lang)}</b>"]
    lines.append(
        t(
            "settings_body",
            lang,
            language=language,
            length=t(f"length_{length}", lang),
            timezone=escape(settings.timezone if settings else default_timezone),
        )
    )
    lines.append("")
    if subscriptions:
        lines.append(t("settings_subscriptions", lang))
        lines.extend(f"• {format_subscription(sub, next_at, lang)}" for sub, next_at in subscriptions)
    else:
        lines.append(t("no_subscriptions", lang))
    lines.extend(["", t("settings_usage", lang)])
    return "\n".join(lines)


# ---------------------------------------------------------------------- the admin's workflow


def format_sources(rows: list[SourceRow], lang: str) -> str:
    """What was stored, by whom, when: one line per article, with its id for /forget."""
    lines = [f"<b>{t('sources_title', lang)}</b>"]
    for row in rows:
        ref = row.ref
        who = t("added_by", lang, who=f"<code>{row.added_by}</code>") if row.added_by else ""
        detail = " · ".join(x for x in (escape(ref.source or ""), _stored_at(ref, lang), who, row.language) if x)
        lines.append(f"• <code>{escape(ref.ext_id)}</code> {_cite(ref)}")
        lines.append(f"   {detail} · 👤 {row.actors} · 📍 {row.places}")
    return "\n".join(lines)


def _stored_at(ref: ArticleRef, lang: str) -> str:
    """When an article was stored, in UTC: "2024-05-16 08:00 UTC"."""
    if not ref.added_at:
        return ""
    try:
        moment = datetime.fromisoformat(ref.added_at)
    except ValueError:  # as it is written
        return f"{escape(ref.added_at[:16].replace('T', ' '))} UTC"
    if moment.tzinfo is None:  # stored in UTC
        moment = moment.replace(tzinfo=UTC)
    return f"{format_datetime(moment, DATE_PATTERNS['stored_at'], tzinfo=UTC, locale=_locale(lang))} UTC"


def format_stats(stats: StoreStats, lang: str) -> str:
    size = (
        f"{stats.size_bytes / 1_048_576:.1f} MB" if stats.size_bytes >= 104_858 else f"{stats.size_bytes / 1024:.0f} KB"
    )
    body = t(
        "stats_body",
        lang,
        articles=stats.articles,
        actors=stats.actors,
        places=stats.places,
        chats=stats.chats,
        subscriptions=stats.subscriptions,
        allowed=stats.allowed_chats,
        size=size,
    )
    return f"<b>{t('stats_title', lang)}</b>\n{body}"


def split_message(html: str, limit: int = CHUNK_LIMIT) -> list[str]:
    """Split an HTML reply into chunks under `limit`, at line breaks, never inside a tag.

    Lines are kept whole where they fit; a line longer than the limit (a long brief paragraph)
    is cut at a space, and any tags open at the cut are closed and reopened.
    """
    chunks: list[str] = []
    current = ""
    for line in html.split("\n"):
        while len(line) > limit:
            head, line = _cut_line(line, limit)
            if current:
                chunks.append(current)
                current = ""
            chunks.append(head)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return [c for c in chunks if c.strip()]


def _cut_line(line: str, limit: int) -> tuple[str, str]:
    """Cut a long line at the last space before `limit` that is outside a tag or an entity."""
    budget = limit - 100  # room to close and reopen tags
    cut = -1
    in_tag = False
    in_entity = False
    for i, ch in enumerate(line[:budget]):
        if ch == "<":
            in_tag = True
        elif ch == ">":
            in_tag = False
        elif ch == "&":
            in_entity = True
        elif ch == ";":
            in_entity = False
        elif ch == " " and not in_tag and not in_entity:
            cut = i
    if cut <= 0:
        cut = budget
        while cut > 0 and (
            line.rfind("<", 0, cut) > line.rfind(">", 0, cut) or line.rfind("&", 0, cut) > line.rfind(";", 0, cut)
        ):
            cut -= 1
    head, rest = line[:cut], line[cut:].lstrip()
    open_tags = _open_tags(head)
    head += "".join(f"</{name}>" for name, _ in reversed(open_tags))
    rest = "".join(tag for _, tag in open_tags) + rest
    return head, rest


def _open_tags(html: str) -> list[tuple[str, str]]:
    """Tags opened and not closed in `html`, as (name, opening tag)."""
    stack: list[tuple[str, str]] = []
    pos = 0
    while True:
        start = html.find("<", pos)
        if start < 0:
            return stack
        end = html.find(">", start)
        if end < 0:
            return stack
        tag = html[start : end + 1]
        pos = end + 1
        if tag.startswith("</"):
            name = tag[2:-1].strip().split()[0] if tag[2:-1].strip() else ""
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == name:
                    del stack[k]
                    break
        else:
            name = tag[1:-1].split()[0] if tag[1:-1].split() else ""
            stack.append((name, tag))
