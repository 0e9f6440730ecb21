"""The entity scorer's place precision (bot.evaluation.evaluate): each gold toponym makes one of
our places right at most, one gold toponym per name whatever its kind word, and the exact
figure asks for the very name. Analyses built by hand (no model)."""

from bot.evaluation.evaluate import _place_scores, entity_match, gold_actors, one_to_one
from nlp.analysis import Analysis, Place


def _analysis(*names: str) -> Analysis:
    return Analysis(language="id", sentences=[], actors=[], places=[Place(name=n) for n in names], brief=[])


def test_two_places_that_contain_one_gold_toponym_are_one_right_and_one_wrong():
    assert one_to_one([["Aceh Utara"], ["Aceh Utara Banjir"]], ["Aceh Utara"], entity_match) == [True, False]
    # a place that could take either of two toponyms leaves the one the other needs
    assert one_to_one([["Jakarta Timur"], ["Jakarta"]], ["Jakarta", "Jakarta Timur"], entity_match) == [True, True]


def test_place_precision_counts_a_duplicate_once_and_the_exact_figure_asks_for_the_name():
    record = {"id": "a", "locations": [{"text": "Kabupaten Pacitan"}, {"text": "Pacitan"}, {"text": "Ponorogo"}]}
    report = _place_scores([record], {"a": _analysis("Pacitan", "Pacitan 75 jenazah", "Ponorogo ruas Grenjeng")})
    assert report["gold"] == 2  # "Kabupaten Pacitan" and "Pacitan" are one toponym
    assert report["precision"] == 1.0  # every place contains a gold toponym
    assert report["precision, one to one"] == round(2 / 3, 4)  # the second Pacitan is a duplicate
    assert report["precision, exact names"] == round(1 / 3, 4)
    assert report["recall"] == 1.0


def test_gold_names_copied_from_mojibake_are_repaired_as_the_article_is():
    record = {"entities": "{'experts': ['BjÃƒÂ¶rn Hjaltason (Warga Penemu)'], 'other': ['Islandia']}"}
    assert gold_actors(record) == ["Björn Hjaltason (Warga Penemu)", "Islandia"]
    assert entity_match(gold_actors(record)[0], ["Björn Hjaltason"])
