"""Join sentence fragments that a stray full stop cut off, using the parse itself.

nlp.cleanup repairs what the words alone show ("ke. Moskow"). What is left needs the parse:
"Kremlin menjadi semakin bergantung pada pasar. Barang, dan investasi. Tiongkok sejak awal
perang." has two "sentences" with no predicate at all. A short piece without a verb or
auxiliary is not a sentence in edited news: it is joined to the sentence before, or, when it
opens with a preposition or conjunction ("Dalam pertemuannya hari Rabu dengan ... Mishustin."),
to the sentence after. Only the stretches around the joins are parsed again and spliced into the
document (a text without fragments is parsed once, and a long text with one fragment does not
pay for a second parse of all its sentences).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import stanza
from stanza.models.common.doc import Sentence

# A verbless piece up to this many words is a fragment; a longer one may be a nominal sentence.
MAX_FRAGMENT_WORDS = 12
# Openers that make a verbless piece the front of the next sentence ("Dalam ..., Li mengatakan").
LEADING_UPOS = {"ADP", "SCONJ"}


def _is_fragment(sent: Sentence) -> bool:
    words = [w for w in sent.words if w.upos != "PUNCT"]
    if not words or len(words) > MAX_FRAGMENT_WORDS:
        return False
    if sent.words[-1].text != ".":
        return False  # only a full stop is suspect, not ? or !
    return not any(w.upos in ("VERB", "AUX") for w in sent.words)


@dataclass(frozen=True)
class Repair:
    """Sentences first..last of a document (characters start..end of its text) to be parsed
    again as `text`, their fragments joined."""

    first: int
    last: int
    start: int
    end: int
    text: str


# A join: (first sentence, last sentence, start, end, replacement text).
_Edit = tuple[int, int, int, int, str]


def _edits(sentences: list[Sentence]) -> list[_Edit]:
    """(first sentence, last sentence, start, end, replacement) for each join, in text order."""
    edits: list[_Edit] = []
    for i, sent in enumerate(sentences):
        if not _is_fragment(sent):
            continue
        stop = sent.words[-1]
        first = sent.words[0]
        if first.upos in LEADING_UPOS and i + 1 < len(sentences):
            # "Dalam pertemuannya ... Mishustin. Li mengatakan" -> "..., Li mengatakan"
            edits.append((i, i + 1, stop.start_char, stop.end_char, ","))
        elif i > 0 and sentences[i - 1].words[-1].text == ".":
            # "pada pasar. Barang, dan investasi." -> "pada pasar barang, dan investasi."
            before = sentences[i - 1].words[-1]
            edits.append((i - 1, i, before.start_char, first.start_char, " "))
            if first.upos != "PROPN" and first.text[:1].isupper():
                edits.append((i - 1, i, first.start_char, first.start_char + 1, first.text[0].lower()))
    return sorted(edits, key=lambda e: e[2])


def find_repairs(doc: stanza.Document) -> list[Repair]:
    """The stretches of the document to parse again, in text order; none when it has no fragments."""
    sentences = doc.sentences
    groups: list[tuple[int, int, list[_Edit]]] = []  # joins that share a sentence are parsed together
    for edit in _edits(sentences):
        if groups and edit[0] <= groups[-1][1]:
            first, last, members = groups[-1]
            members.append(edit)
            groups[-1] = (first, max(last, edit[1]), members)
        else:
            groups.append((edit[0], edit[1], [edit]))
    repairs: list[Repair] = []
    for first, last, edits in groups:
        start = sentences[first].tokens[0].start_char
        end = sentences[last].tokens[-1].end_char
        text = doc.text[start:end]
        for _, _, e_start, e_end, replacement in sorted(edits, key=lambda e: e[2], reverse=True):
            text = text[: e_start - start] + replacement + text[e_end - start :]
        repairs.append(Repair(first, last, start, end, text))
    return repairs


def _shifted(sentence: Sentence, offset: int) -> list[dict[str, Any]]:
    """The sentence as token dicts, its character offsets moved by offset."""
    tokens: list[dict[str, Any]] = sentence.to_dict()
    for token in tokens:
        for key in ("start_char", "end_char"):
            if token.get(key) is not None:
                token[key] += offset
    return tokens


def _repaired_text(text: str, repairs: list[Repair]) -> str:
    """The text with each repair's stretch replaced by its joined-up text."""
    parts: list[str] = []
    done_to = 0
    for repair in repairs:
        parts += [text[done_to : repair.start], repair.text]
        done_to = repair.end
    return "".join(parts) + text[done_to:]


def splice(doc: stanza.Document, repairs: list[Repair], parsed: list[stanza.Document]) -> stanza.Document:
    """The document with each repair's sentences replaced by the parse of its text."""
    sentences: list[list[dict[str, Any]]] = []
    shift = 0  # how far the new text has moved against the old one so far
    i = 0  # the next old sentence
    for repair, again in zip(repairs, parsed):
        sentences += [_shifted(s, shift) for s in doc.sentences[i : repair.first]]
        sentences += [_shifted(s, repair.start + shift) for s in again.sentences]
        shift += len(repair.text) - (repair.end - repair.start)
        i = repair.last + 1
    sentences += [_shifted(s, shift) for s in doc.sentences[i:]]
    return stanza.Document(sentences, text=_repaired_text(doc.text, repairs))


def join_fragments(doc: stanza.Document) -> str | None:
    """The document's text with fragments joined to a neighbour, or None when there are none."""
    repairs = find_repairs(doc)
    return _repaired_text(doc.text, repairs) if repairs else None
