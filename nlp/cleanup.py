"""Repair forwarded news text before analysis.

Forwarded and pasted articles carry stray full stops in mid-sentence ("perjalanan ke. Moskow",
"perdana menteri. Rusia. Yang berfokus"), repeated headlines and doubled punctuation. Only
repairs that are safe in Indonesian news are made: a full stop is removed where what follows
cannot start a sentence, never added, and words a scraper glued together are split where the
text writes their parts alone (`unglue`). The original text is stored separately.

English text (`language="en"`) gets its own page furniture removed (wire sign-offs, photo
credits, bylines, "Read more" links) and its wire dateline ("MOSCOW (Reuters) - ") cut from the
first paragraph; `wire_dateline` reads that dateline's place and agency. The full-stop repairs
are Indonesian only: they are not made on English text.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

from nlp import wordlists

# A full stop right after one of these words cannot end a sentence: the phrase goes on.
DANGLING_WORDS = wordlists.words("dangling_words")
# A sentence does not start with one of these words in edited news: it continues the last one.
CONTINUATION_WORDS = wordlists.words("continuation_words")

_WORD = r"[^\s.]+"
_BOUNDARY = re.compile(r"(?P<before>\S+)\.(?P<space>\s+)(?P<after>\S+)")
_SPACES = re.compile(r"[ \t\u00a0]+")
_DOUBLE_STOP = re.compile(r"\.(\s*\.)+")
# A numbered list flattened into one line glues each item's number to the word before it
# ("Direktur PT Nur Ramadhan Wisata4. Tri Winarto, ..."): the number goes, the item is a sentence.
# Only after a lower-case letter: "G20." and "OKU2." may be names.
_GLUED_NUMBER = re.compile(r"(?<=[^\W\d_])(?<![A-Z])\d{1,2}\.(?=\s+[A-Z])")
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


# A scraper that drops the spaces around a link's or an italic's words glues them to their
# neighbours: "daridetikNews", "ditemuidetikJatengdi", "penerapanGolden Visa", "KemudianGolden".
# Outlets that brand their desks in one lower-case-then-capital word ("detikJateng").
_DESK_BRANDS = ("detik", "kumparan")
_GLUED_BRAND = re.compile(r"(?<=[^\W\d_]{2})(?=(?:%s)(?:com|sport|[A-Z]))" % "|".join(_DESK_BRANDS))
_BRAND_WORD = re.compile(r"\b(?:%s)(?:com[a-z]*|[A-Z][a-z]+)" % "|".join(_DESK_BRANDS))
_LOWER_UPPER = re.compile(r"\b([a-z]{3,})(?=[A-Z])")
_CAP_CAP = re.compile(r"\b([A-Z][a-z]{3,})(?=[A-Z][a-z]{2,}\b)")


def unglue(text: str) -> str:
    """Split words a scraper glued together, where the text itself shows the parts are words:
    a lower-case word the text also writes alone before a capital ("dariAntara" -> "dari
    Antara", "KemudianGolden" -> "Kemudian Golden": "kemudian" stands alone elsewhere), and an
    outlet's desk name run into the words around it ("Pantauandetikcomdi" -> "Pantauan
    detikcom di"). Brands written so ("iPhone", "TransJakarta", "YouTube") keep their shape:
    their first part is no word the text writes alone in lower case."""
    words = {w for w in re.findall(r"[^\W\d_]+", text) if w.islower() and len(w) > 1}
    text = _GLUED_BRAND.sub(" ", text)

    def desk(match: re.Match[str]) -> str:
        word = match.group()
        brand = next(b for b in _DESK_BRANDS if word.startswith(b))
        rest = word[len(brand) :]
        start = 3 if rest.startswith("com") else 2
        # the longest tail the text writes alone: "Baliselengkapnya" -> "Bali selengkapnya"; a
        # short one only if it is a function word ("Jatengdi"), not the end of a desk's name
        # ("Sumbagsel" is no "Sumbag sel")
        for k in range(start, len(rest) - 1):
            tail = rest[k:]
            if tail in words and (len(tail) >= 5 or tail in DANGLING_WORDS):
                return f"{brand}{rest[:k]} {tail}"
        return word

    text = _BRAND_WORD.sub(desk, text)
    text = _LOWER_UPPER.sub(
        lambda m: m.group(1) + (" " if m.group(1) in words and m.group(1) not in _DESK_BRANDS else ""), text
    )
    return _CAP_CAP.sub(lambda m: m.group(1) + (" " if m.group(1).lower() in words else ""), text)


def _fold(line: str) -> str:
    """A line's comparison key: case, punctuation and spacing ignored."""
    return " ".join(re.findall(r"\w+", line.lower()))


def _fragment_words(text: str, start: int) -> int:
    """How many words stand from `start` up to the next full stop (or the end)."""
    end = text.find(".", start)
    chunk = text[start:] if end < 0 else text[start:end]
    return len(chunk.split())


def _repair_line(line: str) -> str:
    line = _GLUED_NUMBER.sub(".", line)
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


# --- English ------------------------------------------------------------------------------

# Page furniture of English news sites and wire copy, one alternative per kind; a whole line
# that is one of these is dropped (case ignored). None of them can be a line of a story: each
# either names the page ("Advertisement", "Share this article") or is a caption or sign-off.
_FURNITURE_EN = re.compile(
    "^(?:"
    + "|".join(
        [
            r"advertisement|scroll to (?:continue|resume)(?: with content)?",  # ad slots
            r"read more(?:\s*[:›»|].*)?",  # links to other stories: "Read more: ..."
            r"related(?: (?:articles?|stories|coverage|content|news|topics))?(?:\s*:.*)?",
            r"share (?:this (?:article|story|page|video)|on (?:facebook|twitter|x|whatsapp|linkedin|telegram|email))",
            r"click here\b.*",  # "Click here to subscribe"
            r"sign up (?:for|to|here|now)\b.*",  # newsletter promotions
            # captions: "(Photo: ...)", "Photo: ...", "File photo: ..."; a line that starts with a
            # word like "Photographs" is not one, the colon is needed
            r"\(?\s*(?:file )?(?:photo|image|picture|video)s?\s*:.*",
            r"image (?:caption|source)\b.*",  # BBC: "Image caption, ...", "Image source, Getty Images"
            # AP's sign-off: "Associated Press writer Jane Doe in Kyiv contributed to this report."
            r".{0,160}\bcontributed (?:to )?(?:this )?(?:report|reporting|story)\.?",
            # "© 2025 The Associated Press", "Copyright 2025 Reuters", "(c) 2025 ...", but not a
            # sentence about copyright ("Copyright law is changing.")
            r"(?:©|\(c\)\s*(?:19|20)\d{2}\b|copyright\s+(?:©|\(c\)|(?:19|20)\d{2}\b)).*",
            r"all rights reserved\.?",
            r"\(\s*(?:reuters|ap|afp|bloomberg|cnn|bbc|upi|xinhua|tass)\s*\)",  # an agency tag alone
        ]
    )
    + ")$",
    re.IGNORECASE,
)

# Whom a photo is credited to (nlp/data/photo_credits.txt): "Getty Images", "AP Photo", "REUTERS".
PHOTO_CREDITS = wordlists.words("photo_credits")
# "Photo by", "Photo:" before a credit; then the credit's parts, split at "/" ("AP Photo/Jane Doe",
# "Sputnik/Pool via Reuters") and at " via ", and a trailing ", File".
_CREDIT_PREFIX = re.compile(r"^(?:(?:photo|image|picture)s?(?:\s+(?:by|credit))?\s*:?\s+)", re.IGNORECASE)
_CREDIT_SPLIT = re.compile(r"\s*/\s*|\s+via\s+|\s*,\s*", re.IGNORECASE)
# a photographer's name in a credit: up to four words, no sentence punctuation
_CREDIT_NAME = re.compile(r"^[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,3}$")


def _is_photo_credit(line: str) -> bool:
    """Whether the line is only a photo credit: at least one known credit ("Getty Images",
    "AP Photo", "REUTERS"), and otherwise names ("AP Photo/Alexander Zemlianichenko, File")."""
    if len(line) > 100 or line.endswith((".", "!", "?")):
        return False
    parts = [p for p in _CREDIT_SPLIT.split(_CREDIT_PREFIX.sub("", line)) if p]
    if not parts or not any(p.lower() in PHOTO_CREDITS for p in parts):
        return False
    return all(p.lower() in PHOTO_CREDITS or _CREDIT_NAME.match(p) for p in parts)


# A byline line: "By Jane Smith", "By Jane Smith and John Doe", "By JANE SMITH, Associated Press",
# "By J. Smith | CNN". Names are capitalised words or initials; nothing after them, so that a
# sentence ("By Tuesday, the troops had left.") is never taken for one.
_NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ]\.|[A-ZÀ-ÖØ-Þ][\w'’-]+)"
_CONNECTOR = r"(?:de|da|van|von|der|del|al|bin|le|la)"
_PERSON = rf"{_NAME_WORD}(?:\s+(?:{_CONNECTOR}\s+)?{_NAME_WORD}){{0,3}}"
_BYLINE = re.compile(rf"^(?:By|BY)\s+{_PERSON}(?:(?:\s*,\s*|\s*&\s*|\s+and\s+|\s*\|\s*){_PERSON})*$")

# A wire dateline at the start of a story's first paragraph:
#   "MOSCOW (Reuters) - ", "WASHINGTON (AP) — ", "BEIJING, Oct 21 (Reuters) - ", "LONDON — ",
#   "KYIV, Ukraine (AP) — ", "MOSCOW/BEIJING, Aug 21 (Reuters) - ".
# The place is in capitals (which is what tells it from a sentence's first words); a region or
# country may follow it in ordinary case. Without an agency or a date a plain hyphen is not
# enough ("US - China talks"): an en or em dash (or "--") is needed.
_CAPS_WORD = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’-]+"
_DATELINE = re.compile(
    rf"^(?P<place>{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}})"
    rf"(?:/{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}})*"  # a second dateline city, dropped
    r"(?:,\s+(?P<region>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))?"  # "KYIV, Ukraine"
    r"(?:,\s+(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"  # "BEIJING, Oct 21"
    r"(?:\s*\((?P<agency>[A-Z][\w .&-]{0,30}[\w.])\))?"  # "(Reuters)", "(AP)"
    r"\s*(?P<dash>--|[-–—])\s+"
)
# an agency's tag starting the paragraph without a place: "(Reuters) - "
_AGENCY_ONLY = re.compile(r"^\((?P<agency>[A-Z][\w .&-]{0,30}[\w.])\)\s*(?:--|[-–—])\s+")
_LOWER_IN_PLACES = {"de", "del", "da", "do", "la", "le", "of", "on", "upon", "au", "al", "el"}


def _title_case(place: str) -> str:
    """ "MOSCOW" -> "Moscow", "ST. PETERSBURG" -> "St. Petersburg", "RIO DE JANEIRO" -> "Rio de Janeiro"."""
    words = place.title().split()
    return " ".join(w.lower() if i and w.lower() in _LOWER_IN_PLACES else w for i, w in enumerate(words))


def _split_dateline(line: str) -> tuple[str | None, str | None, str] | None:
    """(place, agency, the rest of the line) when the line starts with a wire dateline."""
    m = _DATELINE.match(line)
    if m and not (m.group("agency") or m.group("date")) and m.group("dash") == "-":
        m = None
    if m:
        return _title_case(m.group("place")), m.group("agency"), line[m.end() :]
    m = _AGENCY_ONLY.match(line)
    if m:
        return None, m.group("agency"), line[m.end() :]
    return None


def _is_headline(key: str, title_key: str) -> bool:
    """Whether a line (its `_fold` key) is the headline again, whole or cut."""
    return bool(title_key) and (key == title_key or (len(key) > 20 and title_key.startswith(key)))


# A wire sign-off: "Reporting by Guy Faulconbridge in Moscow; Editing by Mark Trevelyan",
# "Writing by Jane Smith", "(Additional reporting by John Doe in Beijing)". After "by" come only
# names (capitalised words) and the sign-off's own small words, so that a sentence ("Reporting by
# the BBC found that ...") is not one.
_SIGN_OFF_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|(?i:and|in|additional|reporting|writing|editing|by|with|from|the|at|for)\b)"
_SIGN_OFF = re.compile(
    r"^\(?(?i:(?:additional )?(?:reporting|writing|editing) by)"
    rf"(?:\s*[;,]?\s+{_SIGN_OFF_WORD})+\s*\)?\.?$"
)


def _is_furniture_en(line: str) -> bool:
    return bool(_FURNITURE_EN.match(line) or _BYLINE.match(line) or _SIGN_OFF.match(line)) or _is_photo_credit(line)


def _title_key(title: str | None) -> str:
    """The headline's comparison key, its mojibake undone as the body's is (see `_lines`)."""
    return _fold(ftfy.fix_encoding(title)) if title else ""


def _lines(text: str) -> list[str]:
    """The text's non-empty lines, NFC, without control characters, with spaces folded, and
    with mojibake undone: UTF-8 read as Latin-1 or Windows-1252 somewhere between the outlet
    and the admin ("BjÃ¶rn" -> "Björn", "23Â°C" -> "23°C"; ftfy's `fix_encoding`, which leaves
    text that reads right as it is)."""
    text = unicodedata.normalize("NFC", ftfy.fix_encoding(text))
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return [line for line in (_SPACES.sub(" ", raw).strip() for raw in text.splitlines()) if line]


def wire_dateline(text: str, title: str | None = None) -> tuple[str | None, str | None]:
    """The wire dateline of an English story's first paragraph: (place, agency).

    "MOSCOW (Reuters) - Russian President ..." gives ("Moscow", "Reuters"); "LONDON — ..." gives
    ("London", None); a story without one gives (None, None). The first paragraph is the first
    line that is not page furniture, a byline or the headline again. The place is in title case as
    a gazetteer writes it; the agency is a source of the story, not an actor in it.
    """
    title_key = _title_key(title)
    for line in _lines(text):
        if _is_furniture_en(line) or _is_headline(_fold(line), title_key):
            continue
        found = _split_dateline(line)
        return (found[0], found[1]) if found else (None, None)
    return None, None


def clean_text(text: str, title: str | None = None, language: str = "id") -> str:
    """Return the article body repaired for analysis.

    Undoes mojibake, drops control characters, exact repeated lines, lines that repeat the headline and page
    furniture (ads, "Baca juga" links, captions, bylines), folds spaces, and removes stray full
    stops inside sentences.

    With `language="en"` the furniture is English ("Advertisement", "Read more: ...", photo
    credits, "Reporting by ...; Editing by ...", "By Jane Smith"), the wire dateline is cut from
    the first paragraph ("MOSCOW (Reuters) - "; see `wire_dateline`), and full stops are left as
    they are: the repairs are made for Indonesian only.
    """
    english = language == "en"
    if not english:
        text = unglue(text)
    seen: set[str] = set()
    title_key = _title_key(title)
    lines: list[str] = []
    for line in _lines(text):
        key = _fold(line)
        if not key or key in seen:
            continue
        if _is_headline(key, title_key):
            continue
        if _is_furniture_en(line) if english else _FURNITURE.match(line):
            continue
        seen.add(key)
        if english:
            if not lines:
                found = _split_dateline(line)
                line = found[2] if found and found[2] else line
        else:
            line = _repair_line(line)
        lines.append(_SPACE_BEFORE_PUNCT.sub(r"\1", line))
    return bound_runs("\n\n".join(lines))
