"""Stories in the store, with hand-made analyses (no model needed): filing, forgetting,
splitting, merging and rebuilding, and the story service and command line on top."""

import asyncio
import json
from collections import Counter

import pytest

from bot.cli import main
from bot.services import StoryService
from nlp.analysis import Actor, Analysis, Place, Sentence
from nlp.stories import StoryWeights
from storage import NewArticle, open_store

QUAKE = "gempa magnitudo guncang ambon rumah rusak warga mengungsi bmkg maluku"
FLOOD = "banjir rendam rumah warga jakarta hujan deras pengungsi kali meluap"
OTHER = [
    "harga cabai naik pasar induk pedagang",
    "timnas sepak bola menang piala asia",
    "film horor baru tayang bioskop",
    "rupiah melemah dolar pasar uang bank",
]


def analysis(terms: str, places: list[Place], actors: list[Actor] = ()) -> Analysis:
    sentences = [Sentence(index=0, text=f"{terms.capitalize()}.", words=len(terms.split()), complete=True)]
    return Analysis(
        language="id",
        sentences=sentences,
        actors=list(actors),
        places=places,
        brief=[0],
        terms=dict(Counter(terms.split())),
    )


def new(ext_id: str, title: str, source: str, published: str) -> NewArticle:
    return NewArticle(
        ext_id=ext_id,
        title=title,
        raw_text=title,
        text=title,
        content_hash=ext_id,
        language="id",
        source=source,
        url=f"https://example.org/{ext_id}",
        published=published,
    )


AMBON = Place("Ambon", [0], canonical="Ambon", kind="city", country="Indonesia", country_code="ID")
JAKARTA = Place("Jakarta", [0], canonical="Jakarta", kind="city", country="Indonesia", country_code="ID")
BMKG = Actor("BMKG", "ORG", mentions=[0], surfaces=["BMKG"], salience=2.0)


@pytest.fixture
async def store(store_location):
    s = await open_store(store_location)
    for i, terms in enumerate(OTHER):
        await s.add_article(new(f"other-{i}", terms, "Lain", "2019-09-20"), analysis(terms, []))
    yield s
    await s.close()


async def add_event_reports(store):
    await store.add_article(new("q1", "Gempa guncang Ambon", "Kompas", "2019-09-26"), analysis(QUAKE, [AMBON], [BMKG]))
    await store.add_article(
        new("q2", "Gempa Ambon, warga mengungsi", "Tempo", "2019-09-26"), analysis(QUAKE + " korban", [AMBON], [BMKG])
    )
    await store.add_article(new("f1", "Banjir rendam Jakarta", "Okezone", "2019-09-27"), analysis(FLOOD, [JAKARTA]))


async def test_two_outlets_on_one_event_make_one_story_and_another_event_its_own(store):
    await add_event_reports(store)
    stories = await store.stories()
    assert [[ref.ext_id for ref in s.articles] for s in stories] == [["q2", "q1"]]
    assert stories[0].first == stories[0].last == "2019-09-26"
    assert "Ambon" in stories[0].places and "BMKG" in stories[0].actors
    every = await store.stories(min_articles=1)
    assert {tuple(sorted(r.ext_id for r in s.articles)) for s in every} >= {("q1", "q2"), ("f1",)}
    assert [s.id for s in await store.stories("banjir", min_articles=1)] == [
        s.id for s in every if s.articles[0].ext_id == "f1"
    ]


async def test_forget_split_merge_and_rebuild(store):
    await add_event_reports(store)
    [quake] = await store.stories()
    assert await store.forget("q2") is not None
    assert (await store.story(quake.id)).articles[0].ext_id == "q1"
    await store.add_article(
        new("q3", "Gempa Ambon, korban bertambah", "Antara", "2019-09-28"), analysis(QUAKE + " korban", [AMBON], [BMKG])
    )
    [quake] = await store.stories()
    assert [r.ext_id for r in quake.articles] == ["q3", "q1"] and quake.last == "2019-09-28"
    alone = await store.split_article("q3")
    assert alone is not None and alone != quake.id and await store.stories() == []
    assert await store.merge_stories(quake.id, alone)
    [merged] = await store.stories()
    assert merged.id == quake.id and {r.ext_id for r in merged.articles} == {"q1", "q3"}
    assert await store.story(alone) is None
    assert not await store.merge_stories(quake.id, 10**30)
    before = sorted(tuple(sorted(r.ext_id for r in s.articles)) for s in await store.stories(min_articles=1))
    await store.rebuild_stories()
    after = sorted(tuple(sorted(r.ext_id for r in s.articles)) for s in await store.stories(min_articles=1))
    assert after == before


# story keys whose carried day (what finds an article's open candidates) is not their story's
STALE_KEYS = (
    "SELECT COUNT(*) FROM story_keys sk JOIN stories s ON s.id = sk.story_id"
    " WHERE sk.last_day <> COALESCE(s.last_day, '9999-12-31')"
)


async def test_a_storys_keys_carry_its_latest_day_through_every_correction(store):
    await add_event_reports(store)
    assert await store.count("SELECT COUNT(*) FROM story_keys WHERE last_day = '2019-09-26'") > 0
    await store.add_article(
        new("q3", "Gempa Ambon, korban bertambah", "Antara", "2019-09-27"), analysis(QUAKE + " korban", [AMBON], [BMKG])
    )
    [quake] = await store.stories()
    assert quake.last == "2019-09-27"
    assert await store.count(STALE_KEYS) == 0
    assert await store.forget("q3") is not None  # the story's latest day goes back
    assert await store.count(STALE_KEYS) == 0
    assert await store.count("SELECT COUNT(*) FROM story_keys WHERE last_day = '2019-09-27'") > 0  # the flood's
    alone = await store.split_article("q2")
    assert await store.count(STALE_KEYS) == 0
    assert await store.merge_stories(quake.id, alone)
    assert await store.count(STALE_KEYS) == 0
    await store.rebuild_stories()
    assert await store.count(STALE_KEYS) == 0


async def test_a_story_stays_open_from_its_latest_report_and_closes_after_the_window(store):
    # days apart cost nothing here: only the window (7 days) decides
    store.story_weights = StoryWeights(days=0.0, threshold=0.275, window_days=7)
    for ext_id, day in [("q1", "2019-09-20"), ("q2", "2019-09-26"), ("q3", "2019-10-02"), ("q4", "2019-10-10")]:
        await store.add_article(new(ext_id, "Gempa Ambon", "Kompas", day), analysis(QUAKE, [AMBON], [BMKG]))
    stories = {tuple(sorted(r.ext_id for r in s.articles)) for s in await store.stories(min_articles=1)}
    # q3 is 12 days after q1 but 6 after q2, the story's latest: it joins; q4 comes 8 days late
    assert ("q1", "q2", "q3") in stories and ("q4",) in stories


async def test_the_story_service_titles_and_briefs_a_story(store):
    await add_event_reports(store)
    [story] = await StoryService(store).stories()
    assert story.title in ("Gempa guncang Ambon", "Gempa Ambon, warga mengungsi")
    assert story.sources == ["Kompas", "Tempo"]
    # the two outlets tell the same sentence nearly word for word: the brief says it once, as
    # the first report (the oldest) told it
    assert story.brief == [f"{QUAKE.capitalize()}."]


def test_the_command_line_lists_stories_as_json(tmp_path, capsys):
    db = tmp_path / "cli.sqlite3"

    async def fill() -> None:
        store = await open_store(db)
        await add_event_reports(store)
        await store.close()

    asyncio.run(fill())
    assert main(["stories", "--json", "--db", str(db)]) == 0
    [story] = json.loads(capsys.readouterr().out)
    assert sorted(story["articles"]) == ["q1", "q2"]
    assert set(story) == {"id", "title", "articles", "sources", "first", "last", "actors", "places", "brief"}
    assert main(["story", str(story["id"]), "--db", str(db)]) == 0
    assert "Gempa" in capsys.readouterr().out
    assert main(["story", "99999", "--db", str(db)]) == 1


@pytest.mark.parametrize(("nearest", "stories"), [(0.0, 2), (1.0, 1)])
async def test_the_store_compares_an_article_with_a_storys_latest_reports(store, nearest, stories):
    # the death, the lying in state, the mourners: each report close to the one before it only
    moving_on = [
        "habibie meninggal rumah sakit gatot subroto dokter jantung",
        "habibie meninggal dokter jantung keluarga duka",
        "habibie keluarga duka jenazah disemayamkan patra kuningan",
        "jenazah disemayamkan patra kuningan pelayat berdatangan menteri",
        "pelayat berdatangan patra kuningan menteri pejabat antre",
    ]
    store.story_weights = StoryWeights(nearest=nearest, threshold=0.3)
    for i, terms in enumerate(moving_on):
        await store.add_article(new(f"h{i}", terms, "Kompas", "2019-09-12"), analysis(terms, []))
    filed = await store.stories(min_articles=1)
    assert len([s for s in filed if any(r.ext_id.startswith("h") for r in s.articles)]) == stories


@pytest.mark.parametrize(("bridge", "stories"), [(None, 2), (0.35, 1)])
async def test_a_report_that_fits_two_stories_joins_them_in_the_store(store, bridge, stories):
    # two first reports of one fire with too few words alike, then one that tells both halves
    reports = [
        "kebakaran gudang pabrik plastik cikupa asap hitam",
        "damkar tangerang kerahkan mobil pemadam korban luka",
        "kebakaran gudang pabrik plastik cikupa damkar tangerang kerahkan mobil pemadam korban luka",
    ]
    store.story_weights = StoryWeights(bridge=bridge)
    for i, terms in enumerate(reports):
        await store.add_article(new(f"fire{i}", terms, "Kompas", "2019-09-12"), analysis(terms, []))
    filed = [s for s in await store.stories(min_articles=1) if any(r.ext_id.startswith("fire") for r in s.articles)]
    assert len(filed) == stories
    if stories == 1:
        assert {r.ext_id for r in filed[0].articles} == {"fire0", "fire1", "fire2"}
        assert await store.count(STALE_KEYS) == 0
        assert await store.count("SELECT COUNT(*) FROM stories WHERE articles = 0") == 0


async def test_an_english_report_joins_the_indonesian_story_of_its_event(store):
    """The story keeps its reports' languages (a key as its names are): an English report meets
    the Indonesian ones on the names they share, where their words cannot meet."""
    amboina = Place("Ambon", [0], canonical="Ambon", kind="city", country="Indonesia", country_code="ID")
    await store.add_article(new("q1", "Gempa guncang Ambon", "Kompas", "2019-09-26"), analysis(QUAKE, [AMBON], [BMKG]))
    english = analysis("earthquake strikes ambon houses damaged residents flee bmkg", [amboina], [BMKG])
    english.language = "en"
    await store.add_article(new("e1", "Quake hits Ambon", "Reuters", "2019-09-26"), english)
    stories = await store.stories()
    assert [sorted(ref.ext_id for ref in s.articles) for s in stories] == [["e1", "q1"]]
