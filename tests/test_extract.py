"""Actors, titles, merging and places from hand-built documents (no model needed)."""

from nlp.extract import extract
from tests.docs import make_doc

O = "O"


def sent(*items):
    return [(w, u, n) for w, u, n in items]


SEED_LIKE = make_doc(
    [
        sent(
            ("Presiden", "NOUN", O),
            ("Rusia", "PROPN", "S-LOC"),
            ("Vladimir", "PROPN", "B-PER"),
            ("Putin", "PROPN", "E-PER"),
            ("memuji", "VERB", O),
            ("hubungan", "NOUN", O),
            ("dagang", "NOUN", O),
            ("dengan", "ADP", O),
            ("Tiongkok", "PROPN", "S-LOC"),
            ("di", "ADP", O),
            ("Moskow", "PROPN", O),
            (".", "PUNCT", O),
        ),
        sent(
            ("Berbicara", "VERB", O),
            ("kepada", "ADP", O),
            ("Perdana", "PROPN", "B-PER"),
            ("Menteri", "PROPN", "I-PER"),
            ("Tiongkok", "PROPN", "I-PER"),
            ("Li", "PROPN", "I-PER"),
            ("Qiang", "PROPN", "E-PER"),
            (",", "PUNCT", O),
            ("Putin", "PROPN", "S-PER"),
            ("mengatakan", "VERB", O),
            ("kerja", "NOUN", O),
            ("sama", "ADJ", O),
            ("berlanjut", "VERB", O),
            (".", "PUNCT", O),
        ),
        sent(
            ("Li", "PROPN", "S-PER"),
            ("telah", "AUX", O),
            ("melakukan", "VERB", O),
            ("perjalanan", "NOUN", O),
            ("ke", "ADP", O),
            ("Kursk", "PROPN", "S-LOC"),
            ("bersama", "ADP", O),
            ("Yang", "PROPN", "S-PER"),
            ("Kremlin", "PROPN", "S-ORG"),
            (".", "PUNCT", O),
        ),
        sent(
            ("Rusia", "PROPN", "S-ORG"),
            ("berusaha", "VERB", O),
            ("keras", "ADJ", O),
            ("menghalau", "VERB", O),
            ("serangan", "NOUN", O),
            ("itu", "DET", O),
            (".", "PUNCT", O),
        ),
        sent(("pada", "ADP", O), ("Rabu", "PROPN", O), (".", "PUNCT", O)),
    ]
)


def actor(analysis, name):
    matches = [a for a in analysis.actors if a.name == name]
    assert matches, f"{name} not among {[a.name for a in analysis.actors]}"
    return matches[0]


def test_title_is_split_from_the_name():
    analysis = extract(SEED_LIKE)
    putin = actor(analysis, "Vladimir Putin")
    assert putin.titles == ["Presiden Rusia"]
    li = actor(analysis, "Li Qiang")
    assert li.titles == ["Perdana Menteri Tiongkok"]


def test_short_forms_merge_into_the_full_name():
    analysis = extract(SEED_LIKE)
    names = [a.name for a in analysis.actors]
    assert "Putin" not in names and "Li" not in names
    assert actor(analysis, "Vladimir Putin").mentions == [0, 1]
    assert sorted(actor(analysis, "Li Qiang").surfaces) == ["Li", "Li Qiang"]


def test_fragments_are_not_actors():
    names = [a.name for a in extract(SEED_LIKE).actors]
    assert "Yang" not in names
    assert not any(n.lower() in {"presiden", "perdana menteri"} for n in names)


def test_places_include_preposition_signal_and_state_names():
    places = {p.name: p for p in extract(SEED_LIKE).places}
    assert {"Rusia", "Tiongkok", "Moskow", "Kursk"} <= set(places)
    # "Rusia" tagged ORG is kept as the place, not as a second actor
    assert "Rusia" not in [a.name for a in extract(SEED_LIKE).actors]
    assert places["Rusia"].mentions == [0, 3]
    assert "Rabu" not in places


def test_brief_takes_complete_sentences_only():
    analysis = extract(SEED_LIKE)
    by_index = {s.index: s for s in analysis.sentences}
    assert not by_index[4].complete  # "pada Rabu." is a fragment
    assert analysis.brief and all(by_index[i].complete for i in analysis.brief)
    assert analysis.brief == sorted(analysis.brief)


def test_institutions_are_organisations_and_acronyms_join_their_expansion():
    doc = make_doc(
        [
            sent(
                ("Badan", "PROPN", O),
                ("Pusat", "PROPN", O),
                ("Statistik", "PROPN", O),
                ("(", "PUNCT", O),
                ("BPS", "PROPN", "S-ORG"),
                (")", "PUNCT", O),
                ("mencatat", "VERB", O),
                ("inflasi", "NOUN", O),
                ("di", "ADP", O),
                ("Jakarta", "PROPN", "S-LOC"),
                (".", "PUNCT", O),
            ),
            sent(
                ("Data", "NOUN", O),
                ("BPS", "PROPN", "S-ORG"),
                ("dikirim", "VERB", O),
                ("ke", "ADP", O),
                ("Polda", "PROPN", "B-LOC"),
                ("Babel", "PROPN", "E-LOC"),
                ("dan", "CCONJ", O),
                ("dari", "ADP", O),
                ("Kemenkeu", "PROPN", O),
                (".", "PUNCT", O),
            ),
        ]
    )
    analysis = extract(doc)
    actors = {a.name: a for a in analysis.actors}
    # a listed institution goes by its listed name, the article's short form an alias
    assert set(actors) == {"Badan Pusat Statistik", "Polda Babel", "Kementerian Keuangan"}
    assert "Kemenkeu" in actors["Kementerian Keuangan"].surfaces
    assert all(a.kind == "ORG" for a in actors.values())
    assert sorted(set(actors["Badan Pusat Statistik"].mentions)) == [0, 1]
    assert "BPS" in actors["Badan Pusat Statistik"].surfaces
    assert [p.name for p in analysis.places] == ["Jakarta"]
