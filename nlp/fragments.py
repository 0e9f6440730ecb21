"""Join sentence fragments that a stray full stop cut off, using the parse itself.

nlp.cleanup repairs what the words alone show ("ke. Moskow"). What is left needs the parse:
"Kremlin menjadi semakin bergantung pada pasar. Barang, dan investasi. Tiongkok sejak awal
perang." has two "sentences" with no predicate at all. A short piece without a verb or
auxiliary is not a sentence in edited news: it is joined to the sentence before, or, when it
opens with a preposition or conjunction ("Dalam pertemuannya hari Rabu dengan ... Mishustin."),
to the sentence after. The text is then parsed again; a text without fragments is parsed once.
"""

from __future__ import annotations

import stanza

# A verbless piece up to this many words is a fragment; a longer one may be a nominal sentence.
MAX_FRAGMENT_WORDS = 12
# Openers that make a verbless piece the front of the next sentence ("Dalam ..., Li mengatakan").
LEADING_UPOS = {"ADP", "SCONJ"}


def _is_fragment(sent) -> bool:
    words = [w for w in sent.words if w.upos != "PUNCT"]
    if not words or len(words) > MAX_FRAGMENT_WORDS:
        return False
    if sent.words[-1].text != ".":
        return False  # only a full stop is suspect, not ? or !
    return not any(w.upos in ("VERB", "AUX") for w in sent.words)


def join_fragments(doc: stanza.Document) -> str | None:
    """The document's text with fragments joined to a neighbour, or None when there are none."""
    text = doc.text
    sentences = doc.sentences
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the text
    for i, sent in enumerate(sentences):
        if not _is_fragment(sent):
            continue
        stop = sent.words[-1]
        first = sent.words[0]
        if first.upos in LEADING_UPOS and i + 1 < len(sentences):
            # "Dalam pertemuannya ... Mishustin. Li mengatakan" -> "..., Li mengatakan"
            edits.append((stop.start_char, stop.end_char, ","))
        elif i > 0 and sentences[i - 1].words[-1].text == ".":
            # "pada pasar. Barang, dan investasi." -> "pada pasar barang, dan investasi."
            before = sentences[i - 1].words[-1]
            edits.append((before.start_char, first.start_char, " "))
            if first.upos != "PROPN" and first.text[:1].isupper():
                edits.append((first.start_char, first.start_char + 1, first.text[0].lower()))
    if not edits:
        return None
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text
