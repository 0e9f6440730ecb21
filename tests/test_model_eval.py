"""The model scorers' readers (bot.evaluation.models): NER files in both formats, entity spans
from BIO and BIOES tags, and a treebank's own tokens with its multi-word tokens kept whole."""

from bot.evaluation.models import gold_tokens, read_ner, spans

CONLL03 = """-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC
call NN I-NP O

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER
"""
NERGRIT = "Presiden\tO\nJoko\tB-PERSON\nWidodo\tI-PERSON\nke\tO\nbakso\tB-FNB\nSolo\tB-PLACE\n"
EWT = """# text = I don't know.
1\tI\tI\tPRON\t_\t_\t3\tnsubj\t_\t_
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdo\tdo\tAUX\t_\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\t_\t_\t4\tadvmod\t_\t_
4\tknow\tknow\tVERB\t_\t_\t0\troot\t_\t_
5\t.\t.\tPUNCT\t_\t_\t4\tpunct\t_\t_
"""


def test_conll03_sentences_keep_their_labels_and_drop_document_marks(tmp_path):
    path = tmp_path / "dev.txt"
    path.write_text(CONLL03, encoding="utf-8")
    assert read_ner(path, "en") == [
        [("EU", "B-ORG"), ("rejects", "O"), ("German", "B-MISC"), ("call", "O")],
        [("Peter", "B-PER"), ("Blackburn", "I-PER")],
    ]


def test_indonesian_labels_are_mapped_and_the_unused_ones_dropped(tmp_path):
    path = tmp_path / "valid.txt"
    path.write_text(NERGRIT, encoding="utf-8")
    [sentence] = read_ner(path, "id")
    assert [tag for _, tag in sentence] == ["O", "B-PER", "I-PER", "O", "O", "B-LOC"]


def test_spans_from_bio_and_bioes():
    assert spans(["B-PER", "I-PER", "O", "B-LOC"]) == {(0, 2, "PER"), (3, 4, "LOC")}
    assert spans(["S-ORG", "B-PER", "E-PER"]) == {(0, 1, "ORG"), (1, 3, "PER")}
    assert spans(["O", "I-LOC", "I-ORG"]) == {(1, 2, "LOC"), (2, 3, "ORG")}  # a stray I- opens a span


def test_gold_tokens_keep_a_multi_word_token_whole(tmp_path):
    path = tmp_path / "ewt.conllu"
    path.write_text(EWT + "\n", encoding="utf-8")
    assert gold_tokens(path) == [["I", "don't", "know", "."]]


def test_the_untouched_third_is_fixed_by_id_and_about_a_third():
    from bot.evaluation.evaluate import entity_split

    ids = [f"detik{n}-{k}" for n in range(300) for k in range(3)]
    untouched = [i for i in ids if entity_split(i) == "untouched"]
    assert 0.28 < len(untouched) / len(ids) < 0.38
    assert [entity_split(i) for i in ids] == [entity_split(i) for i in ids]  # the same every run
    assert entity_split("inageo-003") in ("dev", "untouched")
