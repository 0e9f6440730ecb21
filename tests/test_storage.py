"""The SQLite store, with hand-made analyses (no model needed)."""

import sqlite3

import pytest

from nlp.analysis import Actor, Analysis, Place, Sentence
from storage import INTEGRITY_ERRORS, NewArticle, SQLiteStore, fts_query, open_store
from storage.migrations import MIGRATIONS


def article(ext_id: str, title: str = "Judul", text: str = "Teks", digest: str | None = None) -> NewArticle:
    return NewArticle(
        ext_id=ext_id,
        title=title,
        raw_text=text,
        text=text,
        content_hash=digest or ext_id,
        language="id",
        source="Kantor Berita",
        url=f"https://example.org/{ext_id}",
    )


def analysis(actors, places, n_sentences=3) -> Analysis:
    sentences = [
        Sentence(index=i, text=f"Kalimat nomor {i}.", words=3, complete=True, score=1.0 / (i + 1))
        for i in range(n_sentences)
    ]
    return Analysis(language="id", sentences=sentences, actors=actors, places=places, brief=[0, 1])


@pytest.fixture
async def store(store_location):
    s = await open_store(store_location)
    yield s
    await s.close()


async def test_schema_is_migrated_with_wal(store):
    assert await store.schema_version() == len(MIGRATIONS)
    if not isinstance(store, SQLiteStore):
        return
    con = sqlite3.connect(store.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


async def test_reopen_keeps_data_and_does_not_migrate_twice(store_location):
    s = await open_store(store_location)
    await s.add_article(article("a1"), analysis([Actor("Vladimir Putin", "PER", ["Presiden Rusia"], [0])], []))
    await s.close()
    s = await open_store(store_location)
    assert await s.count_articles() == 1
    assert await s.schema_version() == len(MIGRATIONS)
    await s.close()


async def test_actors_merge_across_articles_and_keep_titles(store):
    await store.add_article(
        article("a1"),
        analysis(
            [Actor("Vladimir Putin", "PER", ["Presiden Rusia"], [0, 1]), Actor("Li Qiang", "PER", [], [1])],
            [Place("Moskow", [0])],
        ),
    )
    await store.add_article(
        article("a2"),
        analysis(
            [Actor("Vladimir Putin", "PER", ["Presiden Rusia"], [2])], [Place("Kursk", [1]), Place("Moskow", [2])]
        ),
    )
    who = await store.actors()
    assert [(r.name, r.mentions) for r in who] == [("Vladimir Putin", 3), ("Li Qiang", 1)]
    assert who[0].titles == ["Presiden Rusia"]
    assert {a.ext_id for a in who[0].articles} == {"a1", "a2"}
    where = await store.places()
    assert [(r.name, r.mentions) for r in where] == [("Moskow", 2), ("Kursk", 1)]


async def test_topics_and_article_scope(store):
    await store.add_article(
        article("a1", "Putin bertemu Li", "Pertemuan di Moskow"),
        analysis([Actor("Vladimir Putin", "PER", [], [0]), Actor("Li Qiang", "PER", [], [1])], [Place("Moskow", [0])]),
    )
    await store.add_article(
        article("a2", "Banjir di Jakarta", "Hujan deras"),
        analysis([Actor("Anies Baswedan", "PER", ["Gubernur"], [0])], [Place("Jakarta", [0])]),
    )
    assert [r.name for r in await store.actors(topic="putin")] == ["Vladimir Putin"]
    # a topic that is no actor: the actors of the articles that mention it
    assert [r.name for r in await store.actors(topic="banjir")] == ["Anies Baswedan"]
    assert [r.name for r in await store.places(article="a1")] == ["Moskow"]
    assert [r.name for r in await store.places(topic="Jakarta")] == ["Jakarta"]
    brief = await store.brief(topic="Moskow")
    assert [s.ext_id for s in brief.sources] == ["a1"]
    assert [s.text for s in brief.sentences] == ["Kalimat nomor 0.", "Kalimat nomor 1."]
    assert (await store.brief(topic="tidakada")).sentences == []
    assert await store.actors(topic='"; DROP TABLE articles; --') == []
    assert await store.count_articles() == 2


async def test_duplicates_are_found_by_hash_or_id(store):
    await store.add_article(article("a1", digest="h1"), analysis([], []))
    assert (await store.find_duplicate("h1")).ext_id == "a1"
    assert (await store.find_duplicate("other", "a1")).ext_id == "a1"
    assert await store.find_duplicate("other", "a9") is None


async def test_a_failed_write_stores_nothing(store):
    await store.add_article(article("a1"), analysis([Actor("Joko Widodo", "PER", [], [0])], []))
    bad = analysis([Actor("Prabowo Subianto", "PER", [], [0]), Actor("Kotak", "XYZ", [], [0])], [Place("Bogor", [0])])
    with pytest.raises(INTEGRITY_ERRORS):
        await store.add_article(article("a2"), bad)
    assert await store.count_articles() == 1
    assert [r.name for r in await store.actors()] == ["Joko Widodo"]
    assert await store.places() == []


def test_fts_query_quotes_every_word():
    assert fts_query('Putin "AND" NEAR(') == '"Putin" "AND" "NEAR"'
    assert fts_query("!!!") == ""


async def test_short_and_full_names_merge_across_articles(store):
    await store.add_article(article("a1"), analysis([Actor("Putin", "PER", [], [0])], []))
    await store.add_article(article("a2"), analysis([Actor("Vladimir Putin", "PER", ["Presiden Rusia"], [0, 1])], []))
    await store.add_article(article("a3"), analysis([Actor("Putin", "PER", [], [2])], []))
    who = await store.actors()
    assert [(r.name, r.mentions, len(r.articles)) for r in who] == [("Vladimir Putin", 4, 3)]


async def test_an_ambiguous_surname_is_not_guessed(store):
    await store.add_article(
        article("a1"), analysis([Actor("Joko Widodo", "PER", [], [0]), Actor("Widodo Santoso", "PER", [], [1])], [])
    )
    await store.add_article(article("a2"), analysis([Actor("Widodo", "PER", [], [0])], []))
    assert sorted(r.name for r in await store.actors()) == ["Joko Widodo", "Widodo", "Widodo Santoso"]


async def test_an_acronym_and_its_expansion_merge_across_articles(store):
    await store.add_article(
        article("a1"),
        analysis([Actor("Badan Pusat Statistik", "ORG", [], [0, 1], surfaces=["Badan Pusat Statistik", "BPS"])], []),
    )
    await store.add_article(article("a2"), analysis([Actor("BPS", "ORG", [], [0])], []))
    assert [(r.name, r.mentions, r.article_count) for r in await store.actors()] == [("Badan Pusat Statistik", 3, 2)]


async def test_a_short_form_first_then_the_full_name_with_it(store):
    await store.add_article(article("a1"), analysis([Actor("KPK", "ORG", [], [0])], []))
    await store.add_article(
        article("a2"),
        analysis(
            [Actor("Komisi Pemberantasan Korupsi", "ORG", [], [0], surfaces=["Komisi Pemberantasan Korupsi", "KPK"])],
            [],
        ),
    )
    await store.add_article(article("a3"), analysis([Actor("KPK", "ORG", [], [1])], []))
    assert [(r.name, r.article_count) for r in await store.actors()] == [("Komisi Pemberantasan Korupsi", 3)]


async def test_places_meet_by_what_they_are_not_how_they_are_written(store):
    moskow = Place("Moskow", [0], canonical="Moscow", kind="city", country="Russian Federation", country_code="RU")
    moscow = Place("Moscow", [1], canonical="Moscow", kind="city", country="Russian Federation", country_code="RU")
    await store.add_article(article("a1", text="Warga Moskow berdemonstrasi."), analysis([], [moskow]))
    await store.add_article(article("a2", text="Residents of Moscow marched."), analysis([], [moscow]))
    [row] = await store.places()
    # the shortest name, ties by code point: the same whichever came first
    assert (row.name, row.mentions, row.kind, row.country) == ("Moscow", 2, "city", "Russian Federation")
    # found by either name: the other one through the articles that wrote it
    assert [r.name for r in await store.places(topic="Moskow")] == ["Moscow"]
    assert [r.name for r in await store.places(topic="Moscow")] == ["Moscow"]


@pytest.mark.parametrize("first", ["Kota Palu", "Palu"])
async def test_a_place_is_named_the_same_whichever_article_came_first(store, first):
    names = [first, *({"Kota Palu", "Palu"} - {first})]
    for n, name in enumerate(names):
        palu = Place(name, [0], canonical="Palu", kind="city", country="Indonesia", country_code="ID")
        await store.add_article(article(f"a{n}"), analysis([], [palu]))
    assert [(r.name, r.mentions) for r in await store.places()] == [("Palu", 2)]


async def test_a_file_that_is_not_a_database_fails_and_leaves_no_connection(tmp_path):
    import threading

    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is not a database, just text " * 200)
    before = set(threading.enumerate())
    with pytest.raises(sqlite3.DatabaseError):
        await open_store(path)
    for thread in set(threading.enumerate()) - before:  # aiosqlite's thread ends with the connection
        thread.join(timeout=5)
        assert not thread.is_alive(), thread
    assert path.read_bytes().startswith(b"this is not a database")


async def test_an_actor_keeps_its_aliases_and_is_found_by_any_of_them(store):
    from bot.services import AnswerService

    await store.add_article(
        article("a1"),
        analysis([Actor("Badan Pusat Statistik", "ORG", [], [0, 1], surfaces=["Badan Pusat Statistik", "BPS"])], []),
    )
    await store.add_article(
        article("a2"),
        analysis([Actor("Vladimir Putin", "PER", ["Presiden Rusia"], [0], surfaces=["Vladimir Putin", "Putin"])], []),
    )
    answers = AnswerService(store)
    assert {a.name: a.aliases for a in await answers.who()} == {
        "Badan Pusat Statistik": ["BPS"],
        "Vladimir Putin": ["Putin"],
    }
    detail = await answers.actor_detail("BPS")  # /who BPS: the actor, by its alias
    assert detail is not None and detail.actor.name == "Badan Pusat Statistik"
    assert await answers.actor_detail("Statistik Nasional") is None
