"""Fragment repair: which stretches are parsed again, and how their parse is spliced back in.

The unit tests use hand-built documents; the last test runs the bundled models on the seed
article and checks that splicing gives exactly what parsing the whole repaired text gives.
"""

from pathlib import Path

import pytest
import stanza

import nlp
from bot.settings import DEFAULT_MODELS_DIR
from nlp.fragments import find_repairs, join_fragments, splice
from tests.docs import make_doc
from tests.test_cleanup import seed_cleaned

O = "O"
S1 = [
    ("Kremlin", "PROPN", "S-ORG"),
    ("bergantung", "VERB", O),
    ("pada", "ADP", O),
    ("pasar", "NOUN", O),
    (".", "PUNCT", O),
]
FRAGMENT = [("Barang", "NOUN", O), ("dan", "CCONJ", O), ("investasi", "NOUN", O), (".", "PUNCT", O)]
S3 = [("Putin", "PROPN", "S-PER"), ("memuji", "VERB", O), ("Li", "PROPN", "S-PER"), (".", "PUNCT", O)]
LEADING = [
    ("Dalam", "ADP", O),
    ("pertemuan", "NOUN", O),
    ("dengan", "ADP", O),
    ("Mishustin", "PROPN", "S-PER"),
    (".", "PUNCT", O),
]
S5 = [("Li", "PROPN", "S-PER"), ("mengatakan", "VERB", O), ("hal", "NOUN", O), ("itu", "DET", O), (".", "PUNCT", O)]


def offsets_hold(doc: stanza.Document) -> bool:
    return all(doc.text[t.start_char : t.end_char] == t.text for s in doc.sentences for t in s.tokens)


def test_no_fragment_no_repair():
    doc = make_doc([S1, S3, S5])
    assert find_repairs(doc) == []
    assert join_fragments(doc) is None


def test_each_fragment_marks_only_its_stretch():
    doc = make_doc([S3, S1, FRAGMENT, S3, LEADING, S5, S3])
    repairs = find_repairs(doc)
    assert [(r.first, r.last) for r in repairs] == [(1, 2), (4, 5)]
    assert repairs[0].text == "Kremlin bergantung pada pasar barang dan investasi."
    assert repairs[1].text == "Dalam pertemuan dengan Mishustin, Li mengatakan hal itu."
    assert doc.text[repairs[0].start : repairs[0].end] == "Kremlin bergantung pada pasar. Barang dan investasi."
    assert join_fragments(doc) == (
        "Putin memuji Li. Kremlin bergantung pada pasar barang dan investasi. Putin memuji Li. "
        "Dalam pertemuan dengan Mishustin, Li mengatakan hal itu. Putin memuji Li."
    )


def test_splice_replaces_the_stretches_and_moves_what_follows():
    doc = make_doc([S3, S1, FRAGMENT, S3, LEADING, S5, S3])
    repairs = find_repairs(doc)
    # what the pipeline would give for each stretch: one sentence each
    joined = make_doc([S1[:-1] + [(w.lower() if u != "PROPN" else w, u, n) for w, u, n in FRAGMENT]])
    front = make_doc([LEADING[:-1] + [(",", "PUNCT", O)] + S5])
    spliced = splice(doc, repairs, [joined, front])
    assert spliced.text == join_fragments(doc)
    assert [s.text for s in spliced.sentences] == [
        "Putin memuji Li.",
        "Kremlin bergantung pada pasar barang dan investasi.",
        "Putin memuji Li.",
        "Dalam pertemuan dengan Mishustin, Li mengatakan hal itu.",
        "Putin memuji Li.",
    ]
    assert offsets_hold(spliced)
    # entities are rebuilt from the tags, at their new places
    assert [(e.text, e.type) for e in spliced.ents] == [
        ("Putin", "PER"),
        ("Li", "PER"),
        ("Kremlin", "ORG"),
        ("Putin", "PER"),
        ("Li", "PER"),
        ("Mishustin", "PER"),
        ("Li", "PER"),
        ("Putin", "PER"),
        ("Li", "PER"),
    ]
    assert all(spliced.text[e.start_char : e.end_char] == e.text for e in spliced.ents)


@pytest.mark.slow
def test_seed_spliced_parse_equals_parsing_the_whole_repaired_text():
    models = Path(DEFAULT_MODELS_DIR)
    text = seed_cleaned()
    pipeline = nlp.get_pipeline(models, "id")
    first = pipeline(text)
    repaired = join_fragments(first)
    assert repaired is not None, "the seed has verbless fragments: the repair must find them"
    whole = pipeline(repaired)
    spliced = nlp.parse_many([text], models)[0]
    assert spliced.text == whole.text
    assert offsets_hold(spliced)

    def parse(doc):
        return [[(w.text, w.upos, w.head, w.deprel) for w in s.words] for s in doc.sentences]

    assert parse(spliced) == parse(whole)
    assert [(e.text, e.type, e.start_char) for e in spliced.ents] == [
        (e.text, e.type, e.start_char) for e in whole.ents
    ]
