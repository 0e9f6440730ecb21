"""The seed article through the real pipeline on the bundled models, scored on its hand-made
gold (tests/fixtures/seed-gold.json): sentences, leaders with titles, places, events."""

import json

import pytest

from bot.evaluation import SEED_GOLD, eval_seed, score_seed
from bot.settings import DEFAULT_MODELS_DIR
from nlp.analysis import Actor, Analysis, Place, Sentence

pytestmark = pytest.mark.slow  # the bundled models, in the worker process

GOLD = json.loads(SEED_GOLD.read_text(encoding="utf-8"))


def test_seed_against_its_gold():
    report = eval_seed(DEFAULT_MODELS_DIR)
    assert report["sentences"]["f1"] == 1.0, report["sentences"]
    assert report["top_people_right"], report["people"]
    assert report["places_missed"] == [] and report["places_extra"] == []
    assert report["places_grounded"] == sorted(GOLD["places"])
    assert len(report["events_found"]) == len(GOLD["events"]), report["events_found"]
    # the repair is what makes the split right: the tokenizer alone cuts at every stray stop
    assert report["sentences_without_repair"]["f1"] < 0.5


def test_the_scorer_can_fail():
    wrong = Analysis(
        language="id",
        sentences=[Sentence(0, "Presiden Rusia Vladimir Putin pada.", 5, False)],
        actors=[Actor("Putin", "PER", titles=[], mentions=[0]), Actor("Kremlin", "ORG", mentions=[0])],
        places=[Place("Moskow", [0], kind="region", country_code="RU"), Place("Rabu", [0])],
        brief=[0],
    )
    report = score_seed(wrong, GOLD)
    assert report["sentences"]["f1"] == 0.0
    assert not report["top_people_right"]
    assert "Kursk" in report["places_missed"] and report["places_extra"] == ["Rabu"]
    assert report["places_grounded"] == []
