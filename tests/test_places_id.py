"""Indonesian places that hold on unseen news: administrative regions with their parents, the
news' short forms, capitalised phrases after di/ke/dari grounded or refused, sites typed, and
acronyms that do nothing left out. Fixture sentences written for these tests (no model needed)."""

import pytest

from nlp.extract import extract
from nlp.gazetteer import ground
from nlp.regions import regions
from tests.docs import make_doc

O = "O"


@pytest.mark.parametrize(
    ("name", "kind", "within"),
    [
        ("Kabupaten Gresik", "regency", "Jawa Timur"),
        ("Kecamatan Watulimo", "district", "Kabupaten Trenggalek, Jawa Timur"),
        ("Desa Sutojayan", "village", "Jawa Timur"),
        ("Kab. Sleman", "regency", "Yogyakarta"),
        ("Jakarta Selatan", "city", "Jakarta"),
    ],
)
def test_administrative_regions_come_typed_with_their_parents(name, kind, within):
    g = ground(name)
    assert g is not None and (g.kind, g.country_code) == (kind, "ID")
    assert g.canonical.endswith(within), g.canonical


def test_a_bare_regency_name_is_a_place_of_indonesia():
    for name in ("Tulungagung", "Ponorogo", "Trenggalek"):
        g = ground(name)
        assert g is not None and g.country_code == "ID", name


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("Jatim", "Jawa Timur"),
        ("Jateng", "Jawa Tengah"),
        ("Sulsel", "Sulawesi Selatan"),
        ("NTB", "Nusa Tenggara Barat"),
    ],
)
def test_the_news_short_forms_of_provinces_are_the_provinces(short, full):
    assert ground(short) == ground(full) is not None


def test_dki_and_jaksel_are_jakarta_and_its_southern_city():
    assert ground("DKI").canonical == "Jakarta"
    assert ground("Jaksel").canonical == "Kota Jakarta Selatan, Jakarta"


def test_village_and_district_names_that_are_everyday_words_need_their_level_word():
    # "Ibu" is a district of Halmahera Barat, "Tengah" a village of several
    for word in ("Ibu", "Tengah"):
        assert ground(word) is None, word
    assert ground("Kecamatan Ibu").canonical == "Ibu, Kabupaten Halmahera Barat, Maluku Utara"
    # a hamlet below the list's villages is still one, by its level word
    assert regions().find("Dusun Sawo").level == "village"
    assert ground("Kelurahan Cawang").kind == "village"


def _sentence(*words_upos, ner=None):
    ner = ner or {}
    return [(w, u, ner.get(i, O)) for i, (w, u) in enumerate(words_upos)]


def _places(*sentences):
    return {p.name: p for p in extract(make_doc(list(sentences))).places}


def test_a_headline_phrase_after_di_is_no_place_unless_the_gazetteer_knows_it():
    places = _places(
        _sentence(
            ("Pria", "NOUN"), ("Terjepit", "VERB"), ("di", "ADP"), ("Bawah", "NOUN"), ("Mobil", "NOUN"), (".", "PUNCT")
        ),
        _sentence(
            ("Warga", "NOUN"), ("bertahan", "VERB"), ("di", "ADP"), ("Hujan", "NOUN"), ("Deras", "NOUN"), (".", "PUNCT")
        ),
        _sentence(
            ("Api", "NOUN"), ("padam", "VERB"), ("di", "ADP"), ("Rumah", "NOUN"), ("Ludes", "NOUN"), (".", "PUNCT")
        ),
    )
    assert not {"Bawah Mobil", "Hujan Deras", "Rumah Ludes"} & set(places), places


def test_a_run_of_places_after_di_is_split_into_the_places_it_names():
    places = _places(
        _sentence(
            ("Banjir", "NOUN"),
            ("melanda", "VERB"),
            ("di", "ADP"),
            ("Kabupaten", "PROPN"),
            ("Trenggalek", "PROPN"),
            ("Jawa", "PROPN"),
            ("Timur", "PROPN"),
            (".", "PUNCT"),
        )
    )
    assert {"Kabupaten Trenggalek", "Jawa Timur"} <= set(places), places
    assert places["Kabupaten Trenggalek"].kind == "regency"


def test_streets_stations_and_rivers_are_sites_not_cities():
    places = _places(
        _sentence(
            ("Antrean", "NOUN"),
            ("mengular", "VERB"),
            ("di", "ADP"),
            ("Stasiun", "PROPN"),
            ("Gambir", "PROPN"),
            (".", "PUNCT"),
        ),
        _sentence(
            ("Demo", "NOUN"),
            ("digelar", "VERB"),
            ("di", "ADP"),
            ("Jalan", "PROPN"),
            ("Salemba", "PROPN"),
            (".", "PUNCT"),
        ),
        # a headline capitalises every word: the site's name stops at the adverb
        _sentence(
            ("Air", "NOUN"),
            ("naik", "VERB"),
            ("di", "ADP"),
            ("Sungai", "PROPN"),
            ("Lereng", "PROPN"),
            ("Masih", "ADV"),
            ("Meluap", "VERB"),
        ),
    )
    assert {name: p.kind for name, p in places.items()} == {
        "Stasiun Gambir": "site",
        "Jalan Salemba": "site",
        "Sungai Lereng": "site",
    }


def test_a_school_named_by_its_level_is_a_site():
    places = _places(
        _sentence(
            ("Siswa", "NOUN"),
            ("SMP", "PROPN"),
            ("Nurul", "PROPN"),
            ("Hikmah", "PROPN"),
            ("dievakuasi", "VERB"),
            (".", "PUNCT"),
            ner={1: "B-LOC", 2: "I-LOC", 3: "E-LOC"},
        )
    )
    assert {name: p.kind for name, p in places.items()} == {"SMP Nurul Hikmah": "site"}


def test_a_listed_institution_ner_took_for_a_place_is_an_actor():
    analysis = extract(
        make_doc(
            [
                _sentence(
                    ("Warga", "NOUN"),
                    ("mendatangi", "VERB"),
                    ("Huawei", "PROPN"),
                    (".", "PUNCT"),
                    ner={2: "S-LOC"},
                )
            ]
        )
    )
    assert [p.name for p in analysis.places] == []
    assert [a.name for a in analysis.actors] == ["Huawei"]


def _actors(*sentences):
    return [a.name for a in extract(make_doc(list(sentences))).actors]


def test_an_acronym_that_does_nothing_in_the_article_is_no_actor():
    names = _actors(
        _sentence(
            ("Penerima", "NOUN"),
            ("bantuan", "NOUN"),
            ("tercatat", "VERB"),
            ("dalam", "ADP"),
            ("DTKS", "PROPN"),
            (".", "PUNCT"),
        ),
        _sentence(("Pasal", "NOUN"), ("itu", "DET"), ("ada", "VERB"), ("di", "ADP"), ("KUHP", "PROPN"), (".", "PUNCT")),
    )
    assert not {"DTKS", "KUHP"} & set(names), names


def test_an_acronym_that_acts_stays_an_actor():
    names = _actors(
        [
            ("LKPP", "PROPN", O, 2, "nsubj"),
            ("menahan", "VERB", O, 0, "root"),
            ("tersangka", "NOUN", O, 2, "obj"),
            ("korupsi", "NOUN", O, 3, "nmod"),
            (".", "PUNCT", O, 2, "punct"),
        ],
    )
    assert "LKPP" in names  # an acronym no list knows: kept because it acts


def test_a_currency_is_no_actor():
    names = _actors(
        _sentence(
            ("Nilainya", "NOUN"),
            ("mencapai", "VERB"),
            ("US$", "SYM"),
            ("5", "NUM"),
            ("juta", "NUM"),
            (".", "PUNCT"),
            ner={2: "S-ORG"},
        ),
    )
    assert "US$" not in names


def _titles(*sentences):
    return {a.name: a.titles for a in extract(make_doc(list(sentences))).actors}


def test_the_leadership_of_a_president_is_no_title_pimpinan_presiden():
    titles = _titles(
        _sentence(
            ("Program", "NOUN"),
            ("berjalan", "VERB"),
            ("di", "ADP"),
            ("bawah", "NOUN"),
            ("pimpinan", "NOUN"),
            ("Presiden", "PROPN"),
            ("Prabowo", "PROPN"),
            ("Subianto", "PROPN"),
            (".", "PUNCT"),
            ner={6: "B-PER", 7: "E-PER"},
        )
    )
    assert titles["Prabowo Subianto"] == ["Presiden"]


def test_an_honorific_or_a_modifier_alone_is_no_title():
    titles = _titles(
        _sentence(
            ("H", "PROPN"),
            ("Budi", "PROPN"),
            ("Santoso", "PROPN"),
            ("hadir", "VERB"),
            (".", "PUNCT"),
            ner={1: "B-PER", 2: "E-PER"},
        ),
        _sentence(
            ("Utama", "PROPN"),
            ("Dewi", "PROPN"),
            ("Lestari", "PROPN"),
            ("datang", "VERB"),
            (".", "PUNCT"),
            ner={1: "B-PER", 2: "E-PER"},
        ),
    )
    assert titles["Budi Santoso"] == [] and titles["Dewi Lestari"] == []


def _tagged(text, **ner):
    """A sentence from space-separated words (PROPN when capitalised, else NOUN); `ner` maps a
    word's index to its tag (keys "w0", "w1", ...)."""
    tags = {int(k[1:]): v for k, v in ner.items()}
    words = text.split()
    return _sentence(*[(w, "PROPN" if w[:1].isupper() else "PUNCT" if w == "." else "NOUN") for w in words], ner=tags)


def test_a_kind_word_ner_took_into_a_place_is_left_out_of_its_name():
    places = _places(
        _tagged("gempa terjadi barat kota Namche Bazar .", w3="B-LOC", w4="I-LOC", w5="E-LOC"),
        _tagged("truk melintas jalan raya Desa Curahkalak .", w2="B-LOC", w3="I-LOC", w4="I-LOC", w5="E-LOC"),
    )
    assert set(places) == {"Namche Bazar", "Desa Curahkalak"}


def test_a_country_standing_alone_is_a_place_where_no_model_tagged_it():
    assert set(_places(_tagged("gempa melanda Nepal hari ini ."))) == {"Nepal"}
    # a word of a longer name is not: the player, the bank
    assert _places(_tagged("pemain Michael Jordan datang ke kantor Bank Indonesia .")) == {}


def _loc(text, first, last):
    """The sentence with NER's place over words first..last (BIOES)."""
    tags = {f"w{first}": "B-LOC", f"w{last}": "E-LOC"} if last > first else {f"w{first}": "S-LOC"}
    tags.update({f"w{i}": "I-LOC" for i in range(first + 1, last)})
    return _tagged(text, **tags)


@pytest.mark.parametrize(
    ("text", "first", "last", "expected"),
    [
        # a headline's verb or noun run into the place (every word capitalised)
        ("16 Kecamatan di Aceh Utara Banjir , Warga Mengungsi .", 3, 5, {"Aceh Utara"}),
        # the next sentence's speaker, the full stop lost
        ("kebakaran di Jakarta Timur Viktor mengatakan api padam .", 2, 4, {"Jakarta Timur"}),
        # a count and its noun
        ("Pasaman 75 jenazah telah dievakuasi .", 0, 2, {"Pasaman"}),
        # two places NER joined over a dash, and a compass point before a known place
        ("longsor di jalur Pacitan - Ngadirojo hari ini .", 3, 5, {"Pacitan", "Ngadirojo"}),
        ("gempa berpusat di Tenggara Pacitan .", 3, 4, {"Pacitan"}),
    ],
)
def test_words_ner_ran_into_an_unknown_place_are_cut_off(text, first, last, expected):
    assert set(_places(_loc(text, first, last))) == expected


def test_a_place_the_article_names_on_its_own_is_where_a_longer_span_stops():
    places = _places(
        _loc("Sebuah Rumah di Mampang Prapatan Terbakar .", 3, 5),
        _loc("rumah di Mampang Prapatan dilalap api .", 2, 3),
    )
    assert set(places) == {"Mampang Prapatan"}


@pytest.mark.parametrize(
    "name",
    ["Australia Utara", "Asia Pasifik", "Stasiun Jakarta Kota", "Bandung Raya", "Puerto de Acapulco", "Tanjung Priok"],
)
def test_a_place_name_that_goes_on_past_a_known_place_is_kept_whole(name):
    words = name.split()
    text = f"mereka tiba di {name} kemarin ."
    # "Asia" and "Australia" named on their own too, as a known shorter place would be
    places = _places(_loc(text, 3, 2 + len(words)), _loc(f"dari {words[0]} .", 1, 1))
    assert name in places, places


def test_a_site_lies_within_the_place_its_sentence_names_beside_it():
    places = _places(
        _tagged(
            "kebakaran terjadi di Jalan Kelapa Hijau , Jakarta Timur .",
            w3="B-LOC",
            w4="I-LOC",
            w5="E-LOC",
            w7="B-LOC",
            w8="E-LOC",
        ),
        _tagged("antrean di Stasiun Gambir pagi ini .", w2="B-LOC", w3="E-LOC"),
    )
    street = places["Jalan Kelapa Hijau"]
    assert street.kind == "site" and street.canonical == "Jalan Kelapa Hijau, Kota Jakarta Timur, Jakarta"
    assert street.country_code == "ID"
    # a sentence that names no place beside the site leaves it where it is: unplaced
    assert places["Stasiun Gambir"].kind == "site" and places["Stasiun Gambir"].canonical is None


def test_a_car_make_after_its_vehicle_word_is_no_place_anywhere_in_the_article():
    places = _places(
        _sentence(
            ("BMW", "PROPN"), ("Ringsek", "PROPN"), ("di", "ADP"), ("Jakarta", "PROPN"), ner={0: "S-LOC", 3: "S-LOC"}
        ),
        _sentence(
            ("Sebuah", "DET"),
            ("mobil", "NOUN"),
            ("BMW", "PROPN"),
            ("menabrak", "VERB"),
            ("pembatas", "NOUN"),
            (".", "PUNCT"),
            ner={2: "S-LOC"},
        ),
    )
    assert set(places) == {"Jakarta"}
