"""Places named in English and in Indonesian ground to one place: the gazetteer id, not the
written name, is what the store keys a place by."""

import pytest

from nlp.gazetteer import ground
from nlp.identity import place_key


@pytest.mark.parametrize(
    ("english", "indonesian"),
    [
        ("Moscow", "Moskow"),
        ("China", "Tiongkok"),
        ("Russia", "Rusia"),
        ("Ukraine", "Ukraina"),
        ("United States", "Amerika Serikat"),
        ("US", "AS"),
        ("South Korea", "Korea Selatan"),
        ("Syria", "Suriah"),
    ],
)
def test_an_english_and_an_indonesian_name_are_one_place(english, indonesian):
    a, b = ground(english), ground(indonesian)
    assert a is not None and b is not None, (english, indonesian)
    assert place_key(english, a.kind, a.canonical, a.country_code) == place_key(
        indonesian, b.kind, b.canonical, b.country_code
    )


def test_short_forms_of_english_news_are_countries():
    assert ground("U.S.").country_code == "US" and ground("Britain").country_code == "GB"
    assert ground("Holland").country_code == "NL"


@pytest.mark.parametrize(
    ("name", "canonical"),
    [("Europe", "Europe"), ("Africa", "Africa"), ("Middle East", "Middle East"), ("Asia-Pacific", "Asia-Pacific")],
)
def test_continents_and_world_regions_by_their_english_names(name, canonical):
    grounded = ground(name)
    assert grounded is not None and (grounded.kind, grounded.canonical) == ("continent", canonical)
    # and by the Indonesian name they are stored under
    assert ground({"Europe": "Eropa", "Africa": "Afrika", "Middle East": "Timur Tengah"}.get(name, name)) == grounded


def test_the_uks_nations_are_regions_of_it():
    for name in ("Wales", "Scotland", "Skotlandia"):
        grounded = ground(name)
        assert grounded is not None and (grounded.kind, grounded.country_code) == ("region", "GB"), name
