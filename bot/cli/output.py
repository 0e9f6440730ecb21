"""Answers as the command line prints them: plain text for people, JSON for programs."""

from __future__ import annotations

from dataclasses import asdict

from bot.services import Story
from storage import ActorRow, BriefRows, EventRow, PlaceRow


def counted(n: int, noun: str) -> str:
    """ "1 mention", "3 mentions": the command line speaks English."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def print_who(rows: list[ActorRow]) -> None:
    print("WHO")
    for row in rows:
        title = f"{row.titles[0]} " if row.titles else ""
        other = f"; also: {', '.join(row.titles[1:])}" if len(row.titles) > 1 else ""
        print(
            f"  {title}{row.name} [{row.kind}] - {counted(row.mentions, 'mention')}, "
            f"{counted(len(row.articles), 'article')}{other}"
        )
        for event in row.events[:1]:
            print(f"      latest: {event_text(event)}")


def event_text(event: EventRow, with_actor: bool = False) -> str:
    """ "memuji hubungan dagang -> Li Qiang @ Moskow (hari Rabu, 2024-08-21)" """
    text = f"{event.actor} " if with_actor else ""
    text += " ".join(x for x in (event.predicate, event.object) if x)
    if event.target:
        text += f" -> {event.target}"
    if event.place and event.place not in event.object:
        text += f" @ {event.place}"
    date = event.date if event.date and event.date not in (event.time_text or "") else None
    when = ", ".join(x for x in (event.time_text, date) if x)
    return text + (f" ({when})" if when else "")


def print_where(rows: list[PlaceRow]) -> None:
    print("WHERE")
    for row in rows:
        grounded = ", ".join(x for x in (row.kind, row.country if row.kind != "country" else None) if x)
        print(
            f"  {row.name}{f' ({grounded})' if grounded else ''} - {counted(row.mentions, 'mention')},"
            f" {counted(len(row.articles), 'article')}"
        )
        for event in row.events[:1]:
            print(f"      latest: {event_text(event, with_actor=True)}")


def print_brief(rows: BriefRows) -> None:
    print("BRIEF")
    print("  " + " ".join(s.text for s in rows.sentences))
    if rows.sources:
        print("  Sources: " + "; ".join(f"{r.title} [{r.ext_id}]" for r in rows.sources))


def brief_json(rows: BriefRows) -> dict[str, object]:
    return {
        "text": " ".join(s.text for s in rows.sentences),
        "sentences": [{"text": s.text, "article": s.article.ext_id} for s in rows.sentences],
        "sources": [asdict(r) for r in rows.sources],
    }


def who_json(rows: list[ActorRow]) -> list[dict[str, object]]:
    return [
        {
            "name": r.name,
            "type": r.kind,
            "titles": r.titles,
            "mentions": r.mentions,
            "articles": [a.ext_id for a in r.articles],
            "aliases": r.aliases,
        }
        for r in rows
    ]


def where_json(rows: list[PlaceRow]) -> list[dict[str, object]]:
    return [{"name": r.name, "mentions": r.mentions, "articles": [a.ext_id for a in r.articles]} for r in rows]


def story_json(story: Story) -> dict[str, object]:
    """A story as `briefbot stories --json` prints it: its articles by the ids they were ingested with."""
    return {
        "id": story.id,
        "title": story.title,
        "articles": [ref.ext_id for ref in story.articles],
        "sources": story.sources,
        "first": story.first,
        "last": story.last,
        "actors": story.actors,
        "places": story.places,
        "brief": story.brief,
    }


def print_stories(stories: list[Story]) -> None:
    print("STORIES")
    for story in stories:
        when = story.first if story.first == story.last else f"{story.first} - {story.last}"
        print(f"  [{story.id}] {story.title}")
        print(f"      {counted(len(story.articles), 'article')} from {', '.join(story.sources)}; {when}")


def print_story(story: Story) -> None:
    print_stories([story])
    if story.actors:
        print(f"  who: {', '.join(story.actors)}")
    if story.places:
        print(f"  where: {', '.join(story.places)}")
    for line in story.lines:
        print(f"  - {line.text}" + (f" ({', '.join(line.sources)})" if len(story.sources) > 1 else ""))
    if story.timeline:
        print("  timeline:")
    for happening in story.timeline:
        event = happening.event
        what = " ".join(x for x in (event.actor, event.predicate, event.object) if x)
        what += f" -> {event.target}" if event.target else ""
        print(
            f"    {happening.day or '?'}  {what}" + (f" ({', '.join(happening.sources)})" if happening.sources else "")
        )
    for ref in story.articles:
        print(f"  * {ref.title} [{ref.ext_id}]" + (f" ({ref.source})" if ref.source else ""))
