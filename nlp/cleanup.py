"""Repair forwarded news text before analysis.

Forwarded and pasted articles carry stray full stops in mid-sentence ("perjalanan ke. Moskow",
"perdana menteri. Rusia. Yang berfokus"), repeated headlines and doubled punctuation. Only
repairs that are safe in Indonesian news are made: a full stop is removed where what follows
cannot start a sentence, never added. The original text is stored separately.
"""

from __future__ import annotations

import re
import unicodedata

from nlp import wordlists

# A full stop right after one of these words cannot end a sentence: the phrase goes on.
DANGLING_WORDS = wordlists.words("dangling_words")
# A sentence does not start with one of these words in edited news: it continues the last one.
CONTINUATION_WORDS = wordlists.words("continuation_words")

_WORD = r"[^\s.]+"
_BOUNDARY = re.compile(r"(?P<before>\S+)\.(?P<space>\s+)(?P<after>\S+)")
_SPACES = re.compile(r"[ \t\u00a0]+")
_DOUBLE_STOP = re.compile(r"\.(\s*\.)+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")
_TRAILING_DANGLING = re.compile(r"\.\s+(?:%s)\s*\.\s*$" % "|".join(sorted(DANGLING_WORDS)), re.IGNORECASE)
_BAIK_MAUPUN = re.compile(r"\b(baik)\.\s+(?=(?:\S+\s+){0,3}maupun\b)", re.IGNORECASE)
# Page furniture pasted along with an article: ads, "read also" links, captions, bylines and
# promotions. A whole line of it is dropped; nothing inside a sentence is touched.
_FURNITURE = re.compile(
    r"^(?:advertisement|scroll to (?:continue|resume)(?: with content)?|iklan"
    r"|(?:baca|simak|lihat|tonton|saksikan) (?:juga|pula|live|video)\b.*"
    r"|(?:foto|video|gambar|ilustrasi|sumber foto|editor|penulis|reporter|pewarta|penyunting)\s*:.*"
    r"|\(\s*[a-z]{2,5}(?:\s*/\s*[a-z]{2,5})+\s*\))$",  # "(ant/jp)", "(dhn/dhn)"
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(r"([.,])([”\"])\s+Menurut\s+([^.!?]{3,80})\.\s*$")


def _fold(line: str) -> str:
    """A line's comparison key: case, punctuation and spacing ignored."""
    return " ".join(re.findall(r"\w+", line.lower()))


def _fragment_words(text: str, start: int) -> int:
    """How many words stand from `start` up to the next full stop (or the end)."""
    end = text.find(".", start)
    chunk = text[start:] if end < 0 else text[start:end]
    return len(chunk.split())


def _repair_line(line: str) -> str:
    line = _DOUBLE_STOP.sub(".", line)
    line = _TRAILING_DANGLING.sub(".", line)
    line = _BAIK_MAUPUN.sub(r"\1 ", line)

    out: list[str] = []
    pos = 0
    while True:
        match = _BOUNDARY.search(line, pos)
        if not match:
            break
        before, after = match.group("before"), match.group("after")
        before_word = before.strip("“”\"'()").lower()
        after_word = after.strip("“”\"'(),;:").lower()
        # where the stop sits, and where the next word starts
        stop_at = match.start("space") - 1
        after_at = match.start("after")
        join = False
        lowercase_next = False
        glue = " "
        if before_word in DANGLING_WORDS or after[:1].islower():
            join = True
        elif after_word in CONTINUATION_WORDS:
            join = lowercase_next = True
        elif after[:1].isupper() and _fragment_words(line, after_at) <= 2 and not before[:1].isdigit():
            # "menteri. Rusia. Yang ..." : a one- or two-word "sentence" is a piece of the last one.
            # Between two names the lost mark was a comma ("sekutu Rusia. Belarus" = "Rusia, Belarus");
            # after a common noun, a space ("perdana menteri. Rusia").
            join = True
            if before[:1].isupper():
                glue = ", "
        if join:
            out.append(line[pos:stop_at])
            out.append(glue)
            pos = after_at
            if lowercase_next:
                out.append(after[:1].lower())
                pos = after_at + 1
        else:
            out.append(line[pos:after_at])
            pos = after_at
    out.append(line[pos:])
    line = "".join(out)
    line = _ATTRIBUTION.sub(lambda m: f",{m.group(2)} menurut {m.group(3)}.", line)
    return line


# A run of words with no sentence end longer than this is cut (scraped bodies that lost their
# punctuation): the parser's cost grows with the square of a sentence's length, and one
# 1,000-word "sentence" took the analysis worker to 2.2 GB.
MAX_RUN_WORDS = 120
_SENTENCE_END = re.compile(r"[.!?…][”\"')\]]*$")


def bound_runs(text: str, max_words: int = MAX_RUN_WORDS) -> str:
    """Cut runs of more than `max_words` words without a full stop into paragraphs (which the
    tokenizer always ends a sentence at), after a comma where there is one near the limit."""
    out: list[str] = []
    for paragraph in text.split("\n\n"):
        words, run = paragraph.split(" "), 0
        pieces: list[str] = []
        start = 0
        for i, word in enumerate(words):
            run += 1
            if _SENTENCE_END.search(word):
                run = 0
            elif run >= max_words:
                cut = next((j for j in range(i, max(i - 30, start), -1) if words[j].endswith(",")), i)
                pieces.append(" ".join(words[start : cut + 1]))
                start, run = cut + 1, i - cut
        pieces.append(" ".join(words[start:]))
        out.append("\n\n".join(p for p in pieces if p))
    return "\n\n".join(out)


def clean_text(text: str, title: str | None = None) -> str:
    """Return the article body repaired for analysis.

    Drops control characters, exact repeated lines, lines that repeat the headline and page
    furniture (ads, "Baca juga" links, captions, bylines), folds spaces, and removes stray full
    stops inside sentences.
    """
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    seen: set[str] = set()
    title_key = _fold(title) if title else ""
    lines: list[str] = []
    for raw in text.splitlines():
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            continue
        key = _fold(line)
        if not key or key in seen:
            continue
        if title_key and (key == title_key or (len(key) > 20 and title_key.startswith(key))):
            continue  # the headline again, whole or cut
        if _FURNITURE.match(line):
            continue
        seen.add(key)
        line = _SPACE_BEFORE_PUNCT.sub(r"\1", _repair_line(line))
        lines.append(line)
    return bound_runs("\n\n".join(lines))
