"""The real pipeline on the bundled models, on the seed article (integration, no fake NLP)."""

import re
from pathlib import Path

from bot.ingest.articles import article_from_text
from bot.ingest.service import IngestStatus
from bot.services import AnswerService
from nlp import summarize
from tests.conftest import SEED_FILE, seed_article

EN_SEED = Path(__file__).resolve().parent.parent / "seeds" / "001_en_li_qiang_moscow.txt"

LEADERS = {"Vladimir Putin", "Li Qiang", "Xi Jinping", "Mikhail Mishustin"}
PLACES = {"Moskow", "Rusia", "Tiongkok", "Ukraina", "Kursk", "Belarus"}
FRAGMENTS = {"yang", "telah", "adalah", "presiden", "perdana menteri", "menteri", "dan", "pada"}


async def test_seed_actors_places_and_brief(service):
    result = await service.ingest(seed_article(), added_by=1)
    assert result.status is IngestStatus.STORED, result
    assert result.language == "id"

    who = await AnswerService(service.store).who(limit=20)
    names = {row.name for row in who}
    assert names >= LEADERS, names
    assert not {n.lower() for n in names} & FRAGMENTS
    putin = next(row for row in who if row.name == "Vladimir Putin")
    assert "Presiden Rusia" in putin.titles
    assert putin.mentions >= 3  # "Putin" and "Vladimir Putin" are one actor

    places = {row.name for row in await AnswerService(service.store).where(limit=30)}
    assert places >= PLACES, places

    brief = await AnswerService(service.store).brief()
    # the learned scorer's three sentences: the lead, Putin's words to Li, the Kremlin's reliance
    assert len(brief.sentences) == summarize.BRIEF_MAX_SENTENCES == 3
    assert brief.sentences[0].text.startswith("Presiden Rusia Vladimir Putin pada hari Rabu memuji")
    for s in brief.sentences:
        assert s.text[0].isupper(), s.text
        assert s.text.rstrip("”\"'")[-1] in ".!?", s.text
        assert not re.match(r"(Yang|Telah|Adalah|Dan)\b", s.text), s.text
    assert [ref.ext_id for ref in brief.sources] == ["000_40313bc9128e2f1a"]


async def test_same_article_twice_is_stored_once(service):
    first = await service.ingest(seed_article())
    again = seed_article()
    again.ext_id = None
    again.text = again.text.replace("  ", " ") + "\n"
    second = await service.ingest(again)
    assert first.status is IngestStatus.STORED
    assert second.status is IngestStatus.DUPLICATE
    assert second.duplicate_of.ext_id == first.ext_id
    assert await service.store.count_articles() == 1


async def test_the_indonesian_and_the_english_report_of_the_visit_are_one_story(service):
    english = article_from_text(EN_SEED.read_text(encoding="utf-8"))
    english.ext_id = EN_SEED.stem
    first = await service.ingest(seed_article())
    second = await service.ingest(english)
    assert (first.language, second.language) == ("id", "en")
    stories = await service.store.stories()
    assert [sorted(ref.ext_id for ref in s.articles) for s in stories] == [sorted([EN_SEED.stem, SEED_FILE.stem])]
