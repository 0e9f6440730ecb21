"""Subscriptions, settings and the admin's queries in SQLite, with hand-made analyses."""

import sqlite3
from datetime import UTC, datetime, time, timedelta

import pytest

from nlp.analysis import Actor, Place
from storage import ChatSettings, open_store
from storage.migrations import MIGRATIONS
from tests.test_storage import analysis, article

T0 = datetime(2026, 3, 10, 0, 30, tzinfo=UTC)


@pytest.fixture
async def store(store_location):
    s = await open_store(store_location)
    await s.subscriptions.save_settings(ChatSettings(-100, "supergroup", language="en"), updated_by=7)
    yield s
    await s.close()


async def test_a_v1_database_is_migrated_and_keeps_its_articles(tmp_path):
    path = tmp_path / "old.sqlite3"
    con = sqlite3.connect(path)
    con.executescript(f"BEGIN;\n{MIGRATIONS[0].script('sqlite')}\nPRAGMA user_version=1;\nCOMMIT;")
    con.execute(
        "INSERT INTO articles (ext_id, content_hash, title, text, raw_text, language)"
        " VALUES ('a1', 'h', 'Judul', 'Teks', 'Teks', 'id')"
    )
    con.commit()
    con.close()
    s = await open_store(path)
    assert await s.schema_version() == len(MIGRATIONS) >= 2
    assert await s.count_articles() == 1
    assert await s.subscriptions.all() == []
    await s.close()


async def test_settings_and_subscriptions_survive_a_reopen(store):
    sub, created = await store.subscriptions.add(-100, "Kursk", time(8), T0, created_by=7)
    assert created and sub.topic == "Kursk" and sub.language == "en" and sub.timezone == "Asia/Jakarta"
    again, created = await store.subscriptions.add(-100, "kursk", time(8), T0, created_by=7)
    assert not created and again.id == sub.id
    await store.close()
    reopened = await open_store(store.location)
    [kept] = await reopened.subscriptions.all()
    assert (kept.id, kept.time_of_day, kept.last_slot, kept.length) == (sub.id, time(8), T0, "short")
    await reopened.close()


async def test_a_slot_is_claimed_once_and_can_be_released(store):
    sub, _ = await store.subscriptions.add(-100, None, time(8), T0, created_by=7)
    await store.add_article(article("a1"), analysis([], []))
    slot = T0 + timedelta(minutes=30)
    assert await store.subscriptions.claim(sub, slot) == 1  # covers up to the newest article
    assert await store.subscriptions.claim(sub, slot) is None  # the racing check loses
    [claimed] = await store.subscriptions.all()
    assert (claimed.last_slot, claimed.last_article_id) == (slot, 1)
    assert await store.subscriptions.release(sub, slot, 1)
    [released] = await store.subscriptions.all()
    assert (released.last_slot, released.last_article_id) == (T0, 0)


async def test_a_time_zone_change_restarts_the_count_of_slots(store):
    await store.subscriptions.add(-100, None, time(8), T0, created_by=7)
    later = T0 + timedelta(hours=5)
    await store.subscriptions.save_settings(ChatSettings(-100, "supergroup", timezone="Europe/Berlin"), 7, later)
    [sub] = await store.subscriptions.all()
    assert sub.last_slot == later and sub.timezone == "Europe/Berlin"


def _ids(updates) -> list[list[str]]:
    return [[a.ref.ext_id for a in u.new] for u in updates]


async def test_the_stories_of_the_articles_since_an_id_with_and_without_a_topic(store):
    await store.add_article(article("a1", "Putin di Moskow"), analysis([Actor("Vladimir Putin", "PER", [], [0])], []))
    await store.add_article(article("a2", "Banjir di Jakarta"), analysis([], [Place("Jakarta", [0])]))
    await store.add_article(article("a3", "Serangan di Kursk"), analysis([], [Place("Kursk", [0])]))
    updates, stories, total = await store.story_updates(0, 3)
    assert _ids(updates) == [["a3"], ["a2"], ["a1"]] and (stories, total) == (3, 3)  # three unrelated stories
    assert all(u.story_id is not None and u.earlier == 0 for u in updates)
    updates, stories, total = await store.story_updates(1, 3, limit=1)
    assert _ids(updates) == [["a3"]] and (stories, total) == (2, 2)
    updates, stories, total = await store.story_updates(0, 2, topic="Kursk")
    assert updates == [] and total == 0  # a3 came after the briefing's upper bound
    updates, _, _ = await store.story_updates(0, 3, topic="putin")
    assert _ids(updates) == [["a1"]]


async def test_forget_removes_the_article_and_what_only_it_mentioned(store):
    await store.add_article(
        article("a1", "Putin di Moskow"),
        analysis(
            [Actor("Vladimir Putin", "PER", ["Presiden Rusia"], [0]), Actor("Li Qiang", "PER", [], [1])],
            [Place("Moskow", [0])],
        ),
    )
    await store.add_article(
        article("a2", "Putin di Kursk"), analysis([Actor("Vladimir Putin", "PER", [], [0])], [Place("Kursk", [0])])
    )
    sub, _ = await store.subscriptions.add(-100, None, time(8), T0, created_by=7)
    ref = await store.forget("a2")
    assert ref.ext_id == "a2" and ref.title == "Putin di Kursk"
    assert await store.forget("a2") is None
    assert [r.name for r in await store.places()] == ["Moskow"]
    assert sorted(r.name for r in await store.actors()) == ["Li Qiang", "Vladimir Putin"]
    assert (await store.brief(topic="Kursk")).sentences == []
    # the id of a2 will be reused: the subscription steps back so the next article counts as new
    [stepped] = await store.subscriptions.all()
    assert stepped.last_article_id == 1
    new_id = await store.add_article(article("a3", "Baru"), analysis([], []))
    updates, _, _ = await store.story_updates(stepped.last_article_id, new_id)
    assert _ids(updates) == [["a3"]]
    await store.forget("a1")
    assert await store.actors() == [] and await store.places() == []


async def test_sources_stats_and_allowed_chats(store):
    await store.add_article(
        article("a1", "Putin di Moskow"),
        analysis([Actor("Vladimir Putin", "PER", [], [0, 1])], [Place("Moskow", [0]), Place("Kursk", [1])]),
    )
    [row] = await store.sources()
    assert (row.ref.ext_id, row.actors, row.places, row.language) == ("a1", 1, 2, "id")
    assert await store.subscriptions.allow(-200, 7)
    assert not await store.subscriptions.allow(-200, 7)
    await store.subscriptions.add(-100, None, time(8), T0, created_by=7)
    stats = await store.stats()
    assert (stats.articles, stats.actors, stats.places, stats.chats, stats.subscriptions, stats.allowed_chats) == (
        1,
        1,
        2,
        1,
        1,
        1,
    )
    assert stats.size_bytes > 0
    assert await store.subscriptions.disallow(-200)
    assert await store.subscriptions.allowed_chats() == set()
    assert await store.subscriptions.forget_chat(-100) == 1
    assert await store.subscriptions.settings(-100) is None
