"""Actors, places and brief sentences from an analysed Stanza document."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import stanza

from nlp import wordlists
from nlp.abbreviations import LEGAL_FORMS, abbreviates, abbreviation_aliases, name_variant_aliases
from nlp.analysis import Actor, Analysis, Event, Place, Sentence
from nlp.events import SentenceSpans, sentence_events
from nlp.gazetteer import Grounding, ground
from nlp.known_names import KnownNames, known_names, name_key
from nlp.regions import KIND_WORDS, LEVEL_WORDS
from nlp.stories import CONTENT_POS, LEAD_SENTENCES, lead_terms
from nlp.summarize import rank_sentences
from nlp.timex import find_times, parse_date


@dataclass(frozen=True)
class Lexicon:
    """One language's vocabulary for the extractor. The lists live in nlp/data/ (Indonesian) and
    nlp/data/en/ (English), read by nlp.wordlists; each file says what its list is for. Words are
    lower case and compared lower-cased, but for Indonesian role nouns (see `role_nouns`)."""

    language: str
    # Words that make up a title or role before a name ("Perdana Menteri Tiongkok Li Qiang").
    title_words: frozenset[str]
    # Words that NER sometimes tags but that never are a name on their own.
    not_a_name: frozenset[str]
    # ... but for these, which do open a complete sentence ("Ia mengatakan ...", "He said ...").
    sentence_openers: frozenset[str]
    # Seats of power that news uses for the government inside them: organisations, whatever NER says.
    institution_names: frozenset[str]
    # Words that open a role said after a name ("Li, pejabat nomor dua Tiongkok, ..."): the title
    # words and role_nouns.txt. Indonesian compares them as written (a capitalised word is the
    # next subject); English lower-cased, and needs one anywhere in the role ("China's No. 2 official").
    role_nouns: frozenset[str]
    # Words that end an appositive role: the sentence goes on from there.
    role_ends: frozenset[str]
    # Prepositions before a place ("di/ke/dari", "in/at/from/to/near").
    place_prepositions: frozenset[str]
    # Words that make a name an institution, wherever it sits ("di Bareskrim Polri", "Polda Babel").
    org_words: frozenset[str]
    # All-caps words that are not organisations: units, documents, programmes, regions, time zones.
    not_an_org: frozenset[str]
    # Sources and page furniture, not actors of the story: news agencies, platforms, captions.
    media_names: frozenset[str]
    # Parts and places of an organisation: a short form does not merge into them.
    org_parts: frozenset[str]
    # Words that open an institution's name but name none alone ("Polda" needs "Metro Jaya").
    org_heads: frozenset[str]
    # Words that make a place name only with a name ("Sungai Ciliwung"), and coordinates' words.
    place_heads: frozenset[str]
    # Indonesian: words that open a site's name after di/ke/dari ("Stasiun Gambir"): kept as a
    # place though no gazetteer lists it (another phrase there must be grounded).
    site_heads: frozenset[str] = frozenset()
    # English: titles with a small word inside ("secretary of state"), as space-joined phrases.
    title_phrases: frozenset[str] = frozenset()
    # police and military ranks ("Kombes", "Brigjen"), title words too
    ranks: frozenset[str] = frozenset()
    # English: nationality adjectives and short forms before a title ("Russian President").
    demonyms: frozenset[str] = frozenset()
    # English: courtesy titles split off a name that are no title of it ("Mr", "Ms.").
    honorifics: frozenset[str] = frozenset()


def _indonesian() -> Lexicon:
    ranks = wordlists.words("ranks")
    title_words = wordlists.words("title_words") | ranks
    return Lexicon(
        language="id",
        title_words=title_words,
        ranks=ranks,
        not_a_name=wordlists.words("not_a_name"),
        sentence_openers=frozenset({"ini", "itu", "ia", "dia", "mereka", "kami", "kita", "namun"}),
        institution_names=wordlists.words("institution_names"),
        role_nouns=title_words | wordlists.words("role_nouns"),
        role_ends=wordlists.words("role_ends"),
        place_prepositions=frozenset({"di", "ke", "dari"}),
        org_words=wordlists.words("org_words"),
        not_an_org=wordlists.words("not_an_org"),
        media_names=wordlists.words("media_names"),
        org_parts=wordlists.words("org_parts"),
        org_heads=wordlists.words("org_heads"),
        place_heads=wordlists.words("place_heads"),
        site_heads=wordlists.words("site_heads"),
    )


def _english() -> Lexicon:
    def en(name: str) -> frozenset[str]:
        return wordlists.words(name, "en")

    title_words = en("title_words")
    return Lexicon(
        language="en",
        title_words=title_words,
        not_a_name=en("not_a_name"),
        sentence_openers=en("sentence_openers"),
        institution_names=en("institution_names"),
        role_nouns=title_words | en("role_nouns"),
        role_ends=en("role_ends"),
        place_prepositions=frozenset({"in", "at", "from", "to", "near"}),
        org_words=en("org_words"),
        not_an_org=en("not_an_org"),
        media_names=en("media_names"),
        org_parts=en("org_parts"),
        org_heads=en("org_heads"),
        place_heads=en("place_heads"),
        title_phrases=en("title_phrases"),
        demonyms=en("demonyms"),
        honorifics=en("honorifics"),
    )


LEXICONS: dict[str, Lexicon] = {"id": _indonesian(), "en": _english()}


def lexicon(language: str) -> Lexicon:
    """The vocabulary for a language; a language without its own lists reads with the Indonesian one."""
    return LEXICONS.get(language, LEXICONS["id"])


def _looks_like_org(words: list[str], lex: Lexicon) -> bool:
    return any(w.lower() in lex.org_words for w in words)


def _generic_place(name: str, lex: Lexicon) -> bool:
    """ "Sungai", "Km 27", "Lintang Selatan": a place word or a coordinate with no name in it."""
    words = name.split()
    return all(w.lower() in lex.place_heads or any(ch.isdigit() for ch in w) for w in words)


_LEGAL_FORMS = frozenset({"pt", "cv", "tbk"})
# platforms whose name before another is an account or a channel on them, not an actor
_PLATFORMS = frozenset({"instagram", "youtube", "tiktok", "facebook", "twitter", "threads", "whatsapp", "telegram"})
# English prose in Indonesian text: words UD English-EWT writes as ordinary words
# (scripts/english_common_words.py), and the English words that make a name an institution
ENGLISH_COMMON_WORDS = wordlists.words("common_words", "en")
ENGLISH_ORG_WORDS = wordlists.words("org_words", "en")
_WORD_PARTS = re.compile(r"[^\W\d_]+")
# words of companies' names ("Northern Minerals", "Solid Holding"), beside the institutions'
_COMPANY_WORDS = frozenset(
    {
        "holding",
        "holdings",
        "minerals",
        "mining",
        "metals",
        "resources",
        "energy",
        "capital",
        "partners",
        "ventures",
        "technologies",
        "industries",
        "motors",
        "airlines",
        "airways",
        "logistics",
        "networks",
        "communications",
        "pharmaceuticals",
        "foods",
        "entertainment",
        "studios",
        "records",
        "labs",
    }
)


def _english_phrase(words: list[str]) -> bool:
    """ "Power Usage Effectiveness", "Google Drive", "General Comment": an English phrase
    capitalised inside Indonesian text (a technology, a product, a report's title), not a name:
    every word an ordinary English word, none an institution's ("Higher Education Commission"
    stays, and "PT Pos" is a company). A single word may be a company's name ("Indeed")."""
    parts = [p.lower() for w in words for p in _WORD_PARTS.findall(w)]
    if len(parts) < 2 or parts[0] in _LEGAL_FORMS:
        return False
    return all(p in ENGLISH_COMMON_WORDS and p not in ENGLISH_ORG_WORDS and p not in _COMPANY_WORDS for p in parts)


def _names_a_thing(words: list[str], lex: Lexicon) -> bool:
    """ "BLT Kesra", "UU ITE", "AI": a name that opens with a programme's, a document's or a
    unit's acronym (NOT_AN_ORG) names that thing, not someone; "PT ..." is a company."""
    first = words[0].lower()
    return (
        first in lex.not_an_org
        and first not in _LEGAL_FORMS
        and known_names(lex.language).find(" ".join(words)) is None
    )


# Words that end a name only where NER ran on past it: a document's number ("SK No", "KPU
# Nomor"), an amount ("STAN Rp"), a year ("DPR-DPD RI Tahun"), a state's name cut short ("Badan
# Narkotika Nasional Pemerintah Republik").
_TRAILING_NOT_NAME = frozenset({"no", "nomor", "nomer", "rp", "tahun", "republik", "pemerintah"})
# Lowercase words inside a name: "bin", "van der", "da Lopez", "al-Labbad".
_NAME_PARTICLES = frozenset(
    {"bin", "binti", "van", "von", "der", "den", "de", "da", "do", "dos", "del", "di", "la", "le", "al", "el", "ibn"}
)
# A team's age group alone ("U-16"), not the team.
_AGE_GROUP = re.compile(r"U-?\d{2}")
# Currencies named by their ISO 4217 code beside an amount ("SGD 500", "CHF"): the codes news
# uses, not pycountry's every one (its BTN, Bhutan's ngultrum, is also Bank Tabungan Negara)
CURRENCY_CODES = wordlists.words("currency_codes")


# the words that say which level of government a place's office is at ("DPRD Provinsi Banten"):
# nlp.regions' words for regencies and cities, and the provinces'
_LEVEL_WORDS = frozenset(w for w, level in LEVEL_WORDS.items() if level in ("regency", "city")) | {"provinsi", "prov"}


# "Rumah Sakit X" is a hospital; "Mapolda Metro Jaya": a police headquarters (markas), where
# "Mabes Polri" also speaks for the police's leadership ("Mabes Polri menyatakan ...")
_BUILDINGS = frozenset({"gedung", "rumah", "menara", "wisma", "mapolda", "mapolres", "mapolresta", "mapolsek"})


def _trim_name(words: list[str]) -> list[str]:
    """The name in an entity's words: up to a bracket NER ran into ("Lembaga Halal Luar Negeri
    ( LHLN"), without the words that end a name by accident (_TRAILING_NOT_NAME)."""
    if "(" in words[1:]:
        words = words[: words.index("(", 1)]
    while len(words) > 1 and _ends_by_accident(words[-1]):
        words = words[:-1]
    return words


def _ends_by_accident(word: str) -> bool:
    """Whether a name's last word ends it only by accident (_TRAILING_NOT_NAME)."""
    return word.lower().rstrip(".") in _TRAILING_NOT_NAME


def _ends_run_by_accident(tokens: list[str], end: int, lex: Lexicon) -> bool:
    """Whether the last word of a capitalised run ending at `end` belongs after it, not to it:
    a word that ends a name only by accident (_TRAILING_NOT_NAME), or a title word (not an
    institution's) with a name after it."""
    if _ends_by_accident(tokens[end - 1]):
        return True
    last = tokens[end - 1].lower()
    followed = end < len(tokens) and tokens[end][:1].isupper()
    return followed and last in lex.title_words and last not in lex.org_words


# the word before a vehicle's make or model ("mobil Toyota Fortuner", "pengemudi Pajero")
_VEHICLES = frozenset({"mobil", "motor", "truk", "bus", "minibus", "kendaraan", "pengemudi", "pengendara"})


def _a_listed_company(words: list[str], lex: Lexicon) -> bool:
    """ "Toyota" of "mobil Toyota": the make alone, when the lists know it as an organisation."""
    return len(words) == 1 and known_names(lex.language).find(words[0], "ORG") is not None


def _opens_the_sentence_as_a_word(
    words: list[str], tokens: list[str], start: int, lowercase: set[str], lex: Lexicon
) -> bool:
    """A one-word "name" that is only capitalised because it opens the sentence, where the
    article writes the same word in lowercase elsewhere ("Dividen tersebut ...", later "dividen
    BUMN"; "Sarasehan ini dihadiri ..."): NER took a common word for someone."""
    if len(words) != 1 or words[0].lower() not in lowercase or known_names(lex.language).find(words[0]):
        return False
    return all(not any(c.isalnum() for c in t) for t in tokens[:start])


def _not_a_name_shape(words: list[str], lex: Lexicon) -> bool:
    """Entities whose shape says they name no one: a species ("Aedes albopictus": a name does
    not end in a lowercase word), a plural noun ("Minuman-minuman"), a currency ("SGD 500",
    "CHF Swiss France"), an age group ("U-16"), a building ("Gedung DPR", "Rumah Dinas Bupati")."""
    last = words[-1]
    if len(words) > 1 and last.isalpha() and last.islower() and last not in _NAME_PARTICLES:
        return True
    if len(words) == 1 and words[0].lower() in LEGAL_FORMS:  # "(Persero)" after a company
        return True
    head, _, rest = words[0].partition("-")
    if len(words) == 1 and rest and rest.lower() == head.lower() and rest.islower():
        return True
    if words[0].upper() == words[0] and words[0].lower() in CURRENCY_CODES:
        return True
    if len(words) == 1 and _AGE_GROUP.fullmatch(words[0]):
        return True
    first = words[0].lower()
    return first in _BUILDINGS and not (len(words) > 1 and words[1].lower() == "sakit")


def _listed_extension(
    tokens: list[str], span: tuple[int, int], taken: list[bool], lex: Lexicon
) -> tuple[list[str], tuple[int, int]]:
    """An organisation NER or a capitalised run cut short of its listed name ("Kementerian
    Pekerjaan Umum | dan Perumahan Rakyat", "Kementerian Pendidikan Tinggi | , Sains, dan
    Teknologi", "Kejaksaan | Agung" with "Agung" tagged a person): the listed name's words and
    span when the untaken tokens around it complete one, else the span's own."""
    listed = known_names(lex.language)
    start, end = span
    for first in range(max(0, start - listed.longest), start + 1):
        before = tokens[first:start]
        if any(taken[first:start]) or (before and not (before[0][:1].isupper() and all(w.isalpha() for w in before))):
            continue
        for stop in range(min(len(tokens), end + listed.longest), end - 1, -1):
            words = tokens[end:stop]
            if (first, stop) == span:
                break
            if any(taken[end:stop]) or (words and not words[-1][:1].isupper()):
                continue
            if not all(w.isalpha() or w == "," for w in words):
                continue
            if listed.find(" ".join(tokens[first:stop]), "ORG") is not None:
                for k in [*range(first, start), *range(end, stop)]:
                    taken[k] = True
                return tokens[first:stop], (first, stop)
    return tokens[start:end], span


def _joined(words: list[str]) -> str:
    """A name's tokens as it is written: "Kementerian Pendidikan Tinggi, Sains, dan Teknologi"."""
    return " ".join(words).replace(" ,", ",")


def _housed(words: list[str], lex: Lexicon) -> list[str] | None:
    """ "Gedung KPK" -> KPK, "Mapolda Metro Jaya" -> Polda Metro Jaya: the institution a building
    named after it houses, where its name says one (an article that sends someone "ke Gedung
    KPK" names KPK); None for a house ("Rumah Dinas Bupati") and for what is no building."""
    head = words[0].lower()
    if head not in _BUILDINGS or head == "rumah" or len(words) < 2:  # "Rumah Dinas": a residence
        return None
    inner = [words[0][2:].capitalize(), *words[1:]] if head.startswith("ma") else words[1:]  # markas Polda
    if (
        _looks_like_org(inner, lex)
        or known_names(lex.language).find(" ".join(inner), "ORG") is not None
        or (len(inner) == 1 and _is_acronym(inner[0], lex))
    ):
        return inner
    return None


def _housed_mention(words: list[str], s_idx: int, end: int, lex: Lexicon) -> _Mention | None:
    """The institution a building's name ending at token `end` houses, as a mention (see _housed)."""
    inner = _housed(words, lex)
    return _Mention(" ".join(inner), "ORG", s_idx, None, (end - len(inner), end)) if inner else None


def _is_acronym(word: str, lex: Lexicon) -> bool:
    """'KPK', 'OJK', 'G20': an organisation's short name, not a unit or a document."""
    letters = word.replace("-", "")
    return (
        2 <= len(letters) <= 6
        and letters.isalnum()
        and letters.isupper()
        and letters[0].isalpha()
        and word.lower() not in lex.not_an_org
    )


EDGE_PUNCT = "“”\"'‘’()[]{},.;:!?-–—«»"
_HAS_LETTER = re.compile(r"[^\W\d_]")
_CURRENCY = re.compile("[$\u00a2-\u00a5\u20a0-\u20cf]")  # $, cent to yen, the currency signs block


@dataclass
class _Mention:
    name: str
    kind: str
    sentence: int
    title: str | None
    span: tuple[int, int] = (0, 0)  # word indices [start, end) in its sentence
    # a bare all-caps word no model tagged ("DTKS", "KUHP", "KPK"): an organisation only if the
    # article lets it act or spells it out, else a programme, a law or a unit (see _acting)
    guessed: bool = False


# A place named in a sentence: (name, sentence index, word span [start, end) in the sentence).
_PlaceMention = tuple[str, int, tuple[int, int]]


@dataclass
class _Found:
    """What the sentences of one document name, gathered sentence by sentence."""

    actors: list[_Mention]
    places: list[_PlaceMention]
    aliases: dict[str, str]  # an acronym -> the name it stands for
    # an acronym -> the words the article spells it out as, actor or not: "Pajak Kendaraan
    # Bermotor (PKB)" makes that article's "PKB" a tax, not the party the lists know as PKB
    definitions: dict[str, str] = field(default_factory=dict)
    # the whole names NER tags as places anywhere in the article ("Mampang Prapatan")
    place_names: set[str] = field(default_factory=set)
    # the words the article writes in lowercase somewhere: "dividen", "sarasehan"
    lowercase_words: set[str] = field(default_factory=set)
    # acronyms the article spells out in lowercase words ("cek kesehatan gratis (CKG)")
    common_acronyms: set[str] = field(default_factory=set)
    # the last words of the names NER tags as people ("Straw" of "Mr Straw"; English)
    surnames: set[str] = field(default_factory=set)
    # makes and models of vehicles the article names ("mobil BMW"): never places, wherever named
    vehicles: set[str] = field(default_factory=set)
    # (acronym, place) -> the office the article spells out: ("Pemprov", "Jawa Timur") ->
    # "Pemerintah Provinsi Jawa Timur", which "Pemprov Jatim" is too
    offices: dict[tuple[str, str], str] = field(default_factory=dict)


# the head nouns of groups of people that news lets act under an acronym
_PEOPLE_HEADS = frozenset(
    {
        "keluarga", "pekerja", "pegawai", "aparatur", "tenaga", "warga", "pelaku", "penerima", "peserta",
        "pasien", "siswa", "mahasiswa", "anak", "orang", "masyarakat", "petani", "nelayan", "guru",
        "pedagang", "penyandang", "usaha", "anggota", "calon", "jemaah", "penduduk", "pengemudi",
    }
)  # fmt: skip


def _office_in(mention: _Mention, after: int, found: _Found, acronym: str) -> None:
    """ "Pemerintah Provinsi (Pemprov) Jawa Timur", "Kejaksaan Negeri (Kejari) Sikka": an
    organisation, its acronym, then a place is its office there, under the name with the place
    (the bare "Pemerintah Provinsi" of one article is not another article's). Not a company's
    legal form: "PT Pertamina (Persero) Jakarta" is no office of a "PT Pertamina Jakarta"."""
    if mention.kind != "ORG" or acronym.lower() in LEGAL_FORMS:
        return
    here = next((p for p in found.places if p[1] == mention.sentence and p[2][0] == after), None)
    if here is not None:
        mention.name = f"{mention.name} {here[0]}"
        mention.span = (mention.span[0], here[2][1])
        found.offices[(acronym, _place_identity(here[0]))] = mention.name


def _place_identity(name: str) -> str:
    """What a place name points to: "Jatim" and "Jawa Timur" alike."""
    grounded = ground(name)
    return grounded.canonical if grounded is not None else name


def _read_definition(tokens: list[str], bracket: int, found: _Found, longest: int = 8) -> None:
    """ "... Pajak Kendaraan Bermotor (PKB)": the shortest run of words before the bracket at
    `bracket`, opening with a capital, that the acronym inside abbreviates, as its definition."""
    acronym = tokens[bracket + 1]
    for start in range(bracket - 2, max(-1, bracket - 1 - longest), -1):
        if tokens[start][:1].isupper() and abbreviates(acronym, " ".join(tokens[start:bracket])):
            found.definitions.setdefault(acronym, " ".join(tokens[start:bracket]))
            return
    # "harga pembelian pemerintah (HPP)", "cek kesehatan gratis (CKG)": spelt out in lowercase,
    # a common noun's acronym: a price, a programme, a procedure
    for start in range(bracket - 2, max(-1, bracket - 1 - longest), -1):
        if not tokens[start].isalpha() or not tokens[start].islower():
            return
        if abbreviates(acronym, " ".join(tokens[start:bracket])):
            # but people ("keluarga penerima manfaat (KPM)", "aparatur sipil negara (ASN)") act
            if tokens[start] not in _PEOPLE_HEADS:
                found.common_acronyms.add(acronym)
            return


def _run_on_over_and(
    tokens: list[str], bracket: int, s_idx: int, found: _Found, lex: Lexicon, longest: int = 6
) -> None:
    """ "Organisasi Kerja Sama | dan Pembangunan Ekonomi (OECD)", "PT Bank Pembangunan Daerah |
    Jawa Barat dan Banten (BJB)": an organisation whose name runs on over "dan" to the acronym
    after it, read whole (the places and names inside it go). Not where the acronym abbreviates
    the words after "dan" alone, or they are a listed organisation: "Kementerian Keuangan dan
    Bank Indonesia (BI)" are two."""
    acronym = tokens[bracket + 1]
    for m in found.actors:
        start, end = m.span
        tail = tokens[end:bracket]
        if m.sentence != s_idx or m.kind != "ORG" or not 2 < len(tail) <= longest or tail.count("dan") != 1:
            continue
        after = tail[tail.index("dan") + 1 :]
        if not after or not all(w == "dan" or (w.isalpha() and w[:1].isupper()) for w in tail):
            continue
        if abbreviates(acronym, " ".join(after)) or known_names(lex.language).find(" ".join(after), "ORG") is not None:
            return
        m.name, m.span = " ".join(tokens[start:bracket]), (start, bracket)
        found.actors[:] = [o for o in found.actors if o is m or o.sentence != s_idx or not end <= o.span[0] < bracket]
        found.places[:] = [p for p in found.places if p[1] != s_idx or not end <= p[2][0] < bracket]
        return


def _clean_words(words: list[str]) -> list[str]:
    """Drop punctuation at either end of a name."""
    while words and all(ch in EDGE_PUNCT for ch in words[0]):
        words = words[1:]
    while words and all(ch in EDGE_PUNCT for ch in words[-1]):
        words = words[:-1]
    return [w.strip("“”\"'‘’") for w in words]


# two words a web page's markup ran together ("KbarekMario", "dilansirAntara"): a run of
# lowercase letters straight into a capitalised word, longer than brands write theirs
# ("YouTube", "WhatsApp", "NasDem", "TransJakarta")
_GLUED = re.compile(r"[a-z]{5}[A-Z][a-z]{3}")
# the head words of teams and task forces that news names by what they do ("Tim Perumus",
# "Satuan Siber"): a description, unless a word of it is a name ("Tim SAR", "Tim Hukum Prabowo")
_TEAM_HEADS = frozenset({"tim", "satuan", "satgas"})


def _unglued(words: list[str], kind: str) -> list[str]:
    """A name's words without what does not belong to it: anything after two words glued
    together ("Arman Yafeth KbarekMario" -> "Arman Yafeth Kbarek"), and, for a person, anything
    up to a word with a digit ("OKU3 Umi Hartati", a candidate's list number: "Umi Hartati")."""
    for k, word in enumerate(words):
        if glue := _GLUED.search(word):
            left = word[: glue.start() + 5]
            words = words[:k] + ([left] if left[:1].isupper() else [])
            break
    if kind == "PER":
        last = max((k for k, word in enumerate(words) if any(c.isdigit() for c in word)), default=-1)
        words = words[last + 1 :]
    return words


def _a_described_team(words: list[str], lowercase: set[str], lex: Lexicon) -> bool:
    """ "Tim Jaksa", "Tim Sinkronisasi": a team named by words the article also writes in
    lowercase, which no list knows as a name."""
    return (
        len(words) > 1
        and words[0].lower() in _TEAM_HEADS
        and all(w.lower() in lowercase or w in lowercase for w in words[1:])
        and known_names(lex.language).find(" ".join(words)) is None
    )


def _is_name(words: list[str], lex: Lexicon) -> bool:
    if not words:
        return False
    text = " ".join(words)
    if len(text) < 2 or not _HAS_LETTER.search(text) or _CURRENCY.search(text):
        return False  # "US$", "S$": an amount's currency, not someone
    if not words[0][:1].isupper():
        return False
    return not all(w.lower() in lex.title_words or w.lower() in lex.not_a_name for w in words)


def _split_title(words: list[str], places: set[str], lex: Lexicon) -> tuple[list[str], list[str]]:
    """Split "Presiden Rusia Vladimir Putin" into (title words, name words)."""
    i = 0
    while i < len(words) and words[i].lower() in lex.title_words:
        i += 1
    if i == 0:
        return [], words
    while i < len(words) - 1 and words[i] in places:
        i += 1
    return words[:i], words[i:]


def _rank_at(words: list[str], lex: Lexicon) -> int:
    """Where a rank stands inside a name after its first word (0: nowhere)."""
    return next((k for k in range(1, len(words)) if words[k].lower() in lex.ranks), 0)


def _add_officer(
    words: list[str], s_idx: int, span: tuple[int, int], places: set[str], lex: Lexicon, mentions: list[_Mention]
) -> None:
    """ "Kombes Bhakti": the person a rank introduces, with the rank as their title."""
    title_words, name_words = _split_title(words, places, lex)
    if name_words and _is_name(name_words, lex) and not _not_a_name_shape(name_words, lex):
        role = _titlecase_title(_clean_title(title_words, lex)) if title_words else None
        mentions.append(_Mention(" ".join(name_words), "PER", s_idx, role, span))


def _title_before(tokens: list[str], start: int, places: set[str], lex: Lexicon) -> list[str]:
    """Title words standing right before a name: "... dengan Perdana Menteri Rusia | Mikhail"."""
    j = start
    while j > 0 and (tokens[j - 1] in places and tokens[j - 1][:1].isupper()):
        j -= 1
    k = j
    while k > 0 and tokens[k - 1].lower() in lex.title_words:
        k -= 1
    if k == j:
        return []
    return tokens[k:start]


def _role_after(words: list[stanza.models.common.doc.Word], end: int, lex: Lexicon, limit: int = 6) -> str | None:
    """The appositive after a name ("Li, pejabat nomor dua Tiongkok di ...") when it opens with a
    role noun: the words up to the next comma, preposition, verb or relative clause."""
    if end + 1 >= len(words) or words[end].text != "," or words[end + 1].text not in lex.role_nouns:
        return None  # lowercase only: ", Perdana Menteri Tiongkok memuji" is the next subject
    role: list[str] = []
    for w in words[end + 1 :]:
        if w.upos in ("PUNCT", "VERB", "AUX") or w.text.lower() in lex.role_ends or len(role) >= limit:
            break
        role.append(w.text)
    return " ".join(role) if len(role) >= 2 else None


# "Utama", "Dr": words of a title that make none alone (nlp/data/title_modifiers.txt)
TITLE_MODIFIERS = wordlists.words("title_modifiers")
# "di bawah pimpinan Presiden Prabowo": the leadership of someone with a title, not a title
_LEADERSHIP = frozenset({"pimpinan", "kepemimpinan"})


def _clean_title(words: list[str], lex: Lexicon) -> list[str]:
    """A title's words without a leading "pimpinan" before another title ("Pimpinan Presiden"
    is "Presiden"); none at all when only modifiers and honorifics are left ("Utama", "H")."""
    if len(words) > 1 and words[0].lower() in _LEADERSHIP and words[1].lower() in lex.title_words:
        words = words[1:]
    if all(w.lower().rstrip(".") in TITLE_MODIFIERS for w in words):
        return []
    return words


def _titlecase_title(words: list[str]) -> str:
    return " ".join(w if not w.islower() else w.capitalize() for w in words)


# ----------------------------------------------------------------- English titles, roles, names

_ARTICLES = frozenset({"the", "a", "an"})
# small words a title keeps in lower case ("Secretary of State")
_TITLE_SMALL = frozenset({"of", "the", "for", "and", "on"})
_POSSESSIVE = ("'s", "’s", "'", "’")
# a capitalised word of a name: letters, with inner full stops, hyphens or apostrophes ("U.S.", "O'Brien")
_CAP_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
# the longest title phrase, in words
_PHRASE_WORDS = 5


def _cap_word(token: str) -> bool:
    return token[:1].isupper() and bool(_CAP_WORD.fullmatch(token)) and not token.endswith(_POSSESSIVE)


# capitalised at a sentence's start, never the first word of a name
_EN_OPENING_FUNCTION_WORDS = frozenset(
    {"for", "in", "at", "on", "by", "with", "from", "to", "but", "and", "or", "as", "after", "before", "if",
     "when", "while", "since", "although", "though", "so", "yet", "meanwhile", "however"}
)  # fmt: skip


def _en_name_words(words: list[str]) -> list[str]:
    """An English entity's words as a name: no edge punctuation, no "the" before it, no
    possessive after it ("the Kremlin's" -> "Kremlin")."""
    while words and words[-1] in _POSSESSIVE:  # before the clean-up, which would leave "s" of "'s"
        words = words[:-1]
    words = _clean_words(words)
    while words and words[0].lower() in _ARTICLES:
        words = words[1:]
    while len(words) > 1 and words[0].lower() in _EN_OPENING_FUNCTION_WORDS:
        words = words[1:]  # "For Airbus, ...": the sentence's capitalised first word taken in
    while words and words[-1] in _POSSESSIVE:
        words = _clean_words(words[:-1])
    if words and _glued_possessive(words[-1]):
        words = [*words[:-1], words[-1][:-2]]  # "'s" and "’s" are two characters each
    return words


def _title_len_at(tokens: list[str], k: int, lex: Lexicon, forward: bool) -> int:
    """How many tokens a title phrase or title word takes, starting (forward) or ending (back) at k."""
    for n in range(_PHRASE_WORDS, 1, -1):
        part = tokens[k : k + n] if forward else tokens[max(k - n, 0) : k]
        if len(part) == n and " ".join(part).lower() in lex.title_phrases:
            return n
    one = tokens[k] if forward else tokens[k - 1]
    return 1 if one.lower() in lex.title_words else 0


def _qualifier_len_at(tokens: list[str], k: int, lex: Lexicon, places: set[str], forward: bool) -> int:
    """A nationality or a country before a title ("Russian", "South Korean", "U.S."), as tokens."""
    for n in (2, 1):
        part = tokens[k : k + n] if forward else tokens[max(k - n, 0) : k]
        if (
            len(part) == n
            and part[0][:1].isupper()
            and (" ".join(part).lower() in lex.demonyms or (n == 1 and part[0] in places))
        ):
            return n
    return 0


def _en_title_prefix(words: list[str], places: set[str], lex: Lexicon) -> int:
    """How many of a person entity's first words are a title ("Russian President | Vladimir Putin")."""
    i = _qualifier_len_at(words, 0, lex, places, forward=True) if words else 0
    j = i
    while j < len(words) and (n := _title_len_at(words, j, lex, forward=True)):
        j += n
    return j if j > i else 0


def _en_title_before(tokens: list[str], start: int, places: set[str], lex: Lexicon) -> list[str]:
    """Title words right before a name: "Chinese Premier | Li Qiang", "Secretary of State |
    Antony Blinken", "prime minister | Li Qiang". A possessive is no title ("Russia's | Vladimir")."""
    k = start
    while k > 0 and (n := _title_len_at(tokens, k, lex, forward=False)):
        k -= n
    if k == start:
        return []
    k -= _qualifier_len_at(tokens, k, lex, places, forward=False)
    return tokens[k:start]


def _en_title(words: list[str], lex: Lexicon) -> str | None:
    """A title as kept: capitalised but for its small words; a courtesy title ("Mr") is none."""
    words = [w for w in words if w.lower() not in lex.honorifics]
    if not words:
        return None
    return " ".join(
        w.lower() if i and w.lower() in _TITLE_SMALL else _titlecase_title([w]) for i, w in enumerate(words)
    )


def _surface(words: list[stanza.models.common.doc.Word]) -> str:
    """The words as the text writes them ("China's No. 2 official"), from their offsets when the
    document has its text."""
    first, last = words[0], words[-1]
    doc = getattr(getattr(first, "sent", None), "doc", None)
    text = getattr(doc, "text", None)
    if text and first.start_char is not None and last.end_char is not None:
        said = " ".join(text[first.start_char : last.end_char].split())
        if said.startswith(first.text) and said.endswith(last.text):  # offsets that fit the text
            return said
    out = ""
    for w in words:
        glue = out and not (w.text.startswith(("'", "’")) or w.text.lower() == "n't" or w.upos == "PUNCT")
        out += (" " if glue else "") + w.text
    return out


def _en_role_after(
    words: list[stanza.models.common.doc.Word], end: int, person: list[bool], lex: Lexicon, limit: int = 8
) -> str | None:
    """The appositive after an English name when a role noun is in it: "Li Qiang, China's No. 2
    official, ...", "Antony Blinken, the U.S. secretary of state, who ..." -> "U.S. secretary of
    state": the words up to the next comma, verb or relative pronoun, a leading article dropped.
    Another person's name in it makes it none (", President Xi Jinping said")."""
    if end + 1 >= len(words) or words[end].text != ",":
        return None
    role: list[stanza.models.common.doc.Word] = []
    for i in range(end + 1, len(words)):
        w = words[i]
        if w.upos in ("PUNCT", "VERB", "AUX") or w.text.lower() in lex.role_ends:
            break
        if person[i] or len(role) >= limit:
            return None
        role.append(w)
    while role and role[0].text.lower() in _ARTICLES:
        role = role[1:]
    if not role or not any(w.text.lower() in lex.role_nouns for w in role):
        return None
    return _surface(role)


def _merge(mentions: list[_Mention], lex: Lexicon, aliases: dict[str, str] | None = None) -> list[Actor]:
    """One actor per person or organisation: short forms join the full name that contains them,
    and an acronym the article spells out ("Badan Pusat Statistik (BPS)") joins its expansion."""
    aliases = aliases or {}
    mentions = [
        _Mention(aliases[m.name], m.kind, m.sentence, m.title, m.span) if m.name in aliases else m for m in mentions
    ]
    surfaces_of: dict[str, list[str]] = {}
    for short, full in aliases.items():
        surfaces_of.setdefault(full, []).append(short)
    forms = Counter(m.name for m in mentions)
    kinds: dict[str, Counter[str]] = {}
    for m in mentions:
        kinds.setdefault(m.name, Counter())[m.kind] += 1
    # longest names first: each shorter form attaches to a longer one that contains its words
    ordered = sorted(forms, key=lambda n: (-len(n.split()), -forms[n], n))
    canonical: dict[str, str] = {}
    for name in ordered:
        words = name.split()
        best, best_count = None, 0
        for full in ordered:
            if full == name or canonical.get(full, full) != full:
                continue
            full_words = full.split()
            if len(full_words) <= len(words):
                continue
            # the short form's words appear, in order, as whole words of the full name; not in a
            # place or a unit of the organisation ("KPK" is not "Gedung Merah Putih KPK")
            if full_words[0].lower() in lex.org_parts:
                continue
            joined = " " + " ".join(full_words) + " "
            if f" {' '.join(words)} " in joined and forms[full] + 1 > best_count:
                best, best_count = full, forms[full] + 1
        canonical[name] = best or name
    actors: dict[str, Actor] = {}
    for m in mentions:
        key = canonical[m.name]
        actor = actors.get(key)
        if actor is None:
            actor = actors[key] = Actor(name=key, kind=m.kind)
        actor.mentions.append(m.sentence)
        for surface in (m.name, *surfaces_of.get(m.name, [])):
            if surface not in actor.surfaces:
                actor.surfaces.append(surface)
        if m.title and m.title not in actor.titles:
            actor.titles.append(m.title)
    for actor in actors.values():
        votes: Counter[str] = Counter()
        for surface in actor.surfaces:
            votes.update(kinds.get(surface, {}))
        actor.kind = votes.most_common(1)[0][0]
    return sorted(actors.values(), key=lambda a: (-len(a.mentions), min(a.mentions), a.name))


def _ground_places(place_mentions: list[_PlaceMention], lex: Lexicon) -> tuple[list[Place], dict[str, str]]:
    """One Place per place the names point to ("Moskow" and "Moscow" are one), typed and grounded
    when the gazetteer knows the name, typed "site" when a site's kind word opens it ("Jalan
    Salemba", "Stasiun Gambir") and placed within the place its sentence names beside it (see
    `_site_within`); returns the places and each surface's place name."""
    by_key: dict[str, Place] = {}
    surface_counts: dict[str, Counter[str]] = {}
    groundings = [ground(name) for name, _, _ in place_mentions]
    grounded = [(s_idx, span, g) for (_, s_idx, span), g in zip(place_mentions, groundings) if g is not None]
    within: dict[str, Grounding] = {}
    for (name, s_idx, span), g in zip(place_mentions, groundings):
        key = f"{g.kind}:{g.canonical}:{g.country_code}" if g else name
        place = by_key.get(key)
        if place is None:
            place = by_key[key] = Place(name=name)
            if g:
                place.canonical, place.kind, place.country, place.country_code = (
                    g.canonical,
                    g.kind,
                    g.country,
                    g.country_code,
                )
            elif _site_head(name.split(), 0, lex):
                place.kind = "site"
        if place.kind == "site" and key not in within and (city := _site_within(s_idx, span, grounded)):
            within[key] = city
        place.mentions.append(s_idx)
        surface_counts.setdefault(key, Counter())[name] += 1
    surface_of: dict[str, str] = {}
    for key, place in by_key.items():
        counts = surface_counts[key]
        place.surfaces = sorted(counts, key=lambda n: (-counts[n], len(n)))
        place.name = place.surfaces[0]  # the form the article uses most; the shorter of two as common
        for surface in counts:
            surface_of[surface] = place.name
        if key in within:  # "Jalan Salemba, Kota Jakarta Pusat, Jakarta": one street, not every one
            city = within[key]
            place.canonical = f"{place.name}, {city.canonical}"
            place.country, place.country_code = city.country, city.country_code
    places = sorted(by_key.values(), key=lambda p: (-len(p.mentions), min(p.mentions), p.name))
    return places, surface_of


# the kinds of place a street, a building or a river lies within
_SITE_WITHIN = frozenset({"village", "district", "city", "regency", "region"})


def _site_within(
    s_idx: int, span: tuple[int, int], grounded: list[tuple[int, tuple[int, int], Grounding]]
) -> Grounding | None:
    """The place a site lies within: the region, city or village its sentence names next after
    it ("di Jalan Kelapa Hijau, Kelurahan Utan Kayu Selatan"), else the nearest before it
    ("kebakaran di Jakarta Timur terjadi di SMP Nurul Hikmah"); None where the sentence names
    none."""
    same = [(at, g) for s, at, g in grounded if s == s_idx and g.kind in _SITE_WITHIN and at != span]
    after = [(at, g) for at, g in same if at[0] >= span[1]]
    if after:
        return min(after, key=lambda m: m[0][0])[1]
    before = [(at, g) for at, g in same if at[1] <= span[0]]
    return max(before, key=lambda m: m[0][1])[1] if before else None


# where a site's name stops ("Sungai Lereng | Masih Meluap"): a headline capitalises every word
_NOT_IN_A_NAME = frozenset({"VERB", "AUX", "ADV", "ADJ", "PRON", "DET", "SCONJ", "CCONJ", "ADP", "NUM"})


# "tenggara Pacitan": a compass point before a place says where from it, in a headline capitalised
_COMPASS = frozenset({"utara", "selatan", "timur", "barat", "tenggara", "daya", "laut"})
# words that go on a place's name rather than end it ("Bandung Raya", "Stasiun Jakarta Kota")
_PLACE_TAILS = _COMPASS | {"raya", "kota", "pusat", "tengah", "baru", "lama", "besar", "kecil", "hulu", "hilir"}
# lowercase words inside a place's name ("Puerto de Acapulco", "Bosnia dan Herzegovina")
_NAME_CONNECTORS = frozenset({"de", "da", "del", "di", "dan", "and", "of", "van", "von", "al", "el", "la", "le", "du"})
_BETWEEN_PLACES = frozenset({"-", "--", "–", "—", "|", "/", ","})  # "Pacitan - Ngadirojo"


def _place_parts(words: list[str], upos: list[str | None], known: set[str]) -> list[tuple[int, int]]:
    """The places in an NER place span that no gazetteer knows whole, as (start, end) word spans.

    Indonesian headlines capitalise every word and wire text drops its full stops, so NER runs a
    place into what follows it: "Aceh Utara Banjir", "Mampang Prapatan Terbakar", "Pasaman 75
    jenazah", "Jakarta Timur Viktor" (the next sentence's speaker), "Pacitan - Ngadirojo". The
    span is cut at a dash or a comma between names and before a kind word in lowercase
    ("kecamatan Cibadak" is a place of its own), then at another lowercase word (not "de", "dan")
    or a number that a lowercase word follows; a compass point opening a known place goes
    ("Tenggara Pacitan"); a part still unknown keeps its longest opening words, two or more,
    that the article names as a place on their own or the gazetteer knows, where the word after
    them does not go on a name ("Aceh Utara", not "Tanjung" of "Tanjung Priok" nor "Australia"
    of "Australia Utara"). A span the gazetteer knows is never cut: the caller keeps it whole."""
    parts: list[tuple[int, int]] = []
    start = 0
    for k in range(len(words) + 1):
        # "Desa Sukamaju kecamatan Cibadak": a kind word in lowercase opens the next place
        if k == len(words) or words[k] in _BETWEEN_PLACES or words[k] in KIND_WORDS:
            if k > start:
                parts.append((start, k))
            start = k + 1
    found: list[tuple[int, int]] = []
    for a, b in parts:
        end = b
        for k in range(a + 1, b):
            lowercase = words[k][:1].islower() and words[k] not in _NAME_CONNECTORS
            number = upos[k] == "NUM" or words[k][:1].isdigit()
            if lowercase or (number and (k + 1 == b or words[k + 1][:1].islower())):
                end = k
                break
        if end - a > 1 and words[a].lower() in _COMPASS and ground(" ".join(words[a + 1 : end])) is not None:
            a += 1
        if end - a > 2 and ground(" ".join(words[a:end])) is None:
            for k in range(end - 1, a + 1, -1):
                prefix = " ".join(words[a:k])
                if words[k].lower() not in _PLACE_TAILS and (prefix in known or ground(prefix) is not None):
                    end = k
                    break
        found.append((a, end))
    return found


def _site_head(words: list[str], k: int, lex: Lexicon) -> int:
    """How many words at `k` open a site's name ("Rumah Sakit" 2, "Stasiun" 1), 0 for none."""
    for n in (2, 1):
        if k + n < len(words) and " ".join(words[k : k + n]).lower() in lex.site_heads:
            return n
    return 0


def _known_places(words: list[str], tags: list[str | None], lex: Lexicon) -> list[tuple[int, int]]:
    """The places in a capitalised run after di/ke/dari, as (start, end) word spans: at each
    point the longest run of words the gazetteer knows ("Kota Palu", then "Sulawesi Tengah"), or
    a site after its kind word ("Stasiun Gambir"). The rest is refused: a headline's "di Bawah
    Mobil" or "Hujan Deras" is no place (NER's places are taken apart from this)."""
    found: list[tuple[int, int]] = []
    k = 0
    while k < len(words):
        head = _site_head(words, k, lex)
        if head:
            end = k + head
            while end < len(words) and tags[end] not in _NOT_IN_A_NAME and ground(words[end]) is None:
                end += 1
            if end > k + head:
                found.append((k, end))
                k = end
                continue
        for end in range(len(words), k, -1):
            if ground(" ".join(words[k:end])) is not None:
                found.append((k, end))
                k = end
                break
        else:
            k += 1
    return found


def _indonesian_mentions(
    sent: stanza.models.common.doc.Sentence, s_idx: int, loc_names: set[str], lex: Lexicon, found: _Found
) -> None:
    """The actors and places one Indonesian sentence names, by token."""
    actor_mentions, place_mentions, aliases = found.actors, found.places, found.aliases
    tokens = [t.text for t in sent.tokens]
    upos = [t.words[0].upos if t.words else None for t in sent.tokens]
    taken = [False] * len(tokens)
    token_index = {id(t): i for i, t in enumerate(sent.tokens)}
    for ent in sent.ents:  # every entity's tokens, before any rule looks past one entity
        for t in ent.tokens:
            taken[token_index.get(id(t), 0)] = True
    for ent in sent.ents:
        first = token_index.get(id(ent.tokens[0]), 0)
        span = (first, token_index.get(id(ent.tokens[-1]), first) + 1)
        words = _clean_words([t.text for t in ent.tokens])
        uncut = words == [t.text for t in ent.tokens]  # the words are the entity's tokens, one for one
        if ent.type in ("PER", "ORG") and uncut:
            extended, listed_span = _listed_extension(tokens, span, taken, lex)
            if listed_span != span:  # a listed organisation, whatever NER took its part for
                actor_mentions.append(_Mention(_joined(extended), "ORG", s_idx, None, listed_span))
                continue
        if ent.type in ("PER", "ORG"):
            title_words, name_words = _split_title(words, loc_names, lex)
            if not title_words:
                title_words = _title_before(tokens, first, loc_names, lex)
            name_words = _trim_name(name_words) if name_words else name_words
            if ent.type == "ORG" and (rank := _rank_at(name_words, lex)):
                # "Polri Kombes Bhakti": NER ran an institution into the officer named after it
                _add_officer(name_words[rank:], s_idx, (span[0] + rank, span[1]), loc_names, lex, actor_mentions)
                name_words = name_words[:rank]
            if name_words and (housed := _housed_mention(name_words, s_idx, span[1], lex)):
                actor_mentions.append(housed)
                continue
            if _opens_the_sentence_as_a_word(name_words, tokens, first, found.lowercase_words, lex):
                continue
            if first and tokens[first - 1].lower() in _VEHICLES and not _a_listed_company(name_words, lex):
                if name_words:
                    found.vehicles.add(name_words[0])
                continue  # "mobil Alphard", "pengemudi Pajero": a model of car, not someone
            if not _is_name(name_words, lex) or _names_a_thing(name_words, lex) or _not_a_name_shape(name_words, lex):
                continue
            if _english_phrase(name_words) and known_names(lex.language).find(" ".join(name_words)) is None:
                continue
            if "@" in " ".join(name_words) or (len(name_words) > 1 and name_words[0].lower() in _PLATFORMS):
                continue  # an account or a channel ("Instagram @bank_indonesia", "Youtube Kemendagri")
            name = " ".join(name_words)
            if name in loc_names and ent.type == "ORG":
                place_mentions.append((name, s_idx, span))  # "Rusia" as a state: kept as the place
                continue
            title_words = _clean_title(title_words, lex)
            role = _titlecase_title(title_words) if title_words else None
            kind = "ORG" if name.lower() in lex.institution_names else ent.type
            actor_mentions.append(_Mention(name, kind, s_idx, role, span))
        elif ent.type == "LOC":
            if first and tokens[first - 1].lower() in _VEHICLES:
                found.vehicles.add(words[0])  # "mobil BMW", "pengemudi Land Cruiser": a make, not a place
                continue
            lead = 0
            while lead < len(words) - 1 and words[lead].isalpha() and words[lead].islower():
                lead += 1  # "kota Namche Bazar", "jalan raya Desa Curahkalak": NER took the kind word in
            if lead and uncut:
                words, span = words[lead:], (span[0] + lead, span[1])
            # an institution NER took for a place ("Polda Metro Jaya", a listed company), but not
            # its building ("Mapolda Metro Jaya", "Gedung DPR": a site)
            if (
                _is_name(words, lex)
                and words[0].lower() not in _BUILDINGS
                and (_looks_like_org(words, lex) or known_names(lex.language).find(" ".join(words), "ORG") is not None)
            ):
                actor_mentions.append(_Mention(" ".join(words), "ORG", s_idx, None, span))
            elif _is_name(words, lex):
                parts = [(0, len(words))]
                if uncut and ground(" ".join(words)) is None:
                    parts = _place_parts(words, upos[span[0] : span[1]], found.place_names)
                for a, b in parts:
                    if not _is_name(words[a:b], lex):
                        continue
                    place_mentions.append((" ".join(words[a:b]), s_idx, (span[0] + a, span[0] + b)))
                    if housed := _housed_mention(words[a:b], s_idx, span[0] + b, lex):
                        actor_mentions.append(housed)
    # "di/ke/dari + Name" is a place even when NER missed it
    for i, tok in enumerate(tokens[:-1]):
        if tok.lower() in lex.place_prepositions and not taken[i + 1]:
            j = i + 1
            # over capitalised words, not into a headline's verb ("di Tol Truk Terguling")
            while (
                j < len(tokens)
                and not taken[j]
                and tokens[j][:1].isupper()
                and tokens[j].isalpha()
                and upos[j] != "VERB"
            ):
                j += 1
            words = tokens[i + 1 : j]
            if not _is_name(words, lex) or any(w.lower() in lex.title_words for w in words):
                continue
            if _looks_like_org(words, lex) and words[0].lower() not in _BUILDINGS:
                actor_mentions.append(_Mention(" ".join(words), "ORG", s_idx, None, (i + 1, j)))
                continue
            for start, end in _known_places(words, upos[i + 1 : j], lex):
                place_mentions.append((" ".join(words[start:end]), s_idx, (i + 1 + start, i + 1 + end)))
                if housed := _housed_mention(words[start:end], s_idx, i + 1 + end, lex):  # "ke Gedung KPK"
                    actor_mentions.append(housed)
    # a country no model tagged and no preposition introduced ("gempa melanda Nepal"): a name
    # standing alone, not a word of a longer one ("Michael Jordan", "Bank Indonesia")
    for i in range(len(tokens)):
        for j in (i + 2, i + 1):
            words = tokens[i:j]
            if j > len(tokens) or any(taken[i:j]) or not all(w.isalpha() and w[:1].isupper() for w in words):
                continue
            if (i > 0 and tokens[i - 1][:1].isupper()) or (j < len(tokens) and tokens[j][:1].isupper()):
                continue
            grounded = ground(" ".join(words))
            if grounded is not None and grounded.kind == "country":
                place_mentions.append((" ".join(words), s_idx, (i, j)))
                taken[i:j] = [True] * (j - i)
                break
    # "pemerintah Arab Saudi", "Pemerintah Kota Padang": a state's, a province's or a city's
    # government acts in the news as an institution (the place stays a place too)
    for name, _, (start, end) in [p for p in place_mentions if p[1] == s_idx]:
        if start > 0 and tokens[start - 1].lower() == "pemerintah" and not taken[start - 1]:
            grounded = ground(name)
            if grounded is not None and grounded.kind != "continent":
                actor_mentions.append(_Mention(f"Pemerintah {name}", "ORG", s_idx, None, (start - 1, end)))
                taken[start - 1] = True
    # institutions NER missed: "Kementerian Ketenagakerjaan", "Polda Babel", "KPK"
    place_at = {start: end for _, s, (start, end) in place_mentions if s == s_idx}
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if taken[i] or not tok[:1].isupper() or (tok.lower() not in lex.org_words and not _is_acronym(tok, lex)):
            i += 1
            continue
        j = i + 1
        # the name runs over capitalised words, not into a headline's verb ("Kejati Kepri Tetapkan")
        while (
            j < len(tokens)
            and not taken[j]
            and tokens[j][:1].isupper()
            and tokens[j].isalnum()
            and upos[j] != "VERB"
            and tokens[j].lower() not in lex.ranks  # "Polri | Kombes Bhakti": an officer's rank
        ):
            j += 1
        if j in place_at and tok.lower() in lex.org_words:
            j = place_at[j]  # "Polresta | Denpasar", "Dinas Pendidikan | Jawa Tengah": the place's institution
        elif j > i + 1:
            j = _listed_extension(tokens, (i, j), taken, lex)[1][1]
        # not into a document's number ("KPU RI | Nomor 731") or the rank or office of the person
        # named next ("Polda Metro Jaya | Kombes Bhakti")
        while j > i + 1 and not taken[j - 1] and _ends_run_by_accident(tokens, j, lex):
            j -= 1
        words = tokens[i:j]
        if (
            len(words) >= 2
            or (tok.lower() in lex.org_words and tok.lower() not in lex.org_heads)
            or _is_acronym(tok, lex)
        ) and not _not_a_name_shape(words, lex):  # "SGD 500", "U-14": what NER found is read so too
            guessed = len(words) == 1 and tok.lower() not in lex.org_words
            actor_mentions.append(_Mention(_joined(words), "ORG", s_idx, None, (i, j), guessed))
            for k in range(i, j):
                taken[k] = True
        i = j
    # listed names NER missed ("Xi Jinping", "Huawei"): nlp/data/known_*.txt
    for start, end, known in known_names(lex.language).spans(tokens, taken):
        title_words = _clean_title(_title_before(tokens, start, loc_names, lex), lex)
        role = _titlecase_title(title_words) if title_words else None
        actor_mentions.append(_Mention(" ".join(tokens[start:end]), known.kind, s_idx, role, (start, end)))
        for k in range(start, end):
            taken[k] = True
    # "Li, pejabat nomor dua Tiongkok ...": a role said after a person's name
    for m in actor_mentions:
        if m.sentence == s_idx and m.kind == "PER" and m.title is None:
            m.title = _role_after(sent.words, m.span[1], lex)
    # "Badan Pusat Statistik (BPS)": the acronym names the same organisation
    for i in range(1, len(tokens) - 2):
        acronym = tokens[i + 1]
        if tokens[i] == "(" and tokens[i + 2] == ")" and acronym.isalnum() and acronym[:1].isupper():
            _run_on_over_and(tokens, i, s_idx, found, lex)
            before = [m for m in actor_mentions if m.sentence == s_idx and m.name.split()[-1] == tokens[i - 1]]
            # not a place's short form after an office's place ("... Jawa Timur (Jatim)")
            if before and len(before[-1].name.split()) > 1 and ground(acronym) is None:
                _office_in(before[-1], i + 3, found, acronym)
                aliases[acronym] = before[-1].name
            _read_definition(tokens, i, found)


# NER types of an English model trained on OntoNotes, read as the CoNLL ones
_EN_TYPES = {"PERSON": "PER", "GPE": "LOC", "FAC": "LOC", "NORP": "MISC"}


def _possessive_split(
    ents: list[stanza.models.common.doc.Span],
) -> list[tuple[str, list[stanza.models.common.doc.Word]]]:
    """Entities as (type, words), an entity that runs over a possessive cut there: NER reads
    "Russia 's Kursk" as one place and "China 's No." as one organisation. What follows the
    possessive stays only for a person or a place ("Kursk"); the possessor keeps the type."""
    out: list[tuple[str, list[stanza.models.common.doc.Word]]] = []
    for ent in ents:
        words = [w for t in ent.tokens for w in t.words]
        cut = next((k for k, w in enumerate(words) if 0 < k < len(words) - 1 and w.text in _POSSESSIVE), None)
        # "BP's Texas City", "London's Docklands": the tokenizer splits off only the possessives
        # its training text had ("Russia 's"); the possessor keeps its "'s" (the name drops it)
        glued = next((k for k, w in enumerate(words[:-1]) if _glued_possessive(w.text)), None)
        if glued is not None and (cut is None or glued < cut):
            possessor, rest = words[: glued + 1], words[glued + 1 :]
        elif cut is not None:
            possessor, rest = words[:cut], words[cut + 1 :]
        else:
            if words:
                out.append((ent.type, words))
            continue
        out.append((ent.type, possessor))
        if ent.type in ("PER", "PERSON", "LOC", "GPE"):
            out.append((ent.type, rest))
    return out


def _a_country(name: str) -> bool:
    """ "Germany" of "Germany's economy", tagged an organisation: a state acting, kept as the place."""
    grounded = ground(name)
    return grounded is not None and grounded.kind == "country"


def _glued_possessive(word: str) -> bool:
    return any(word.endswith(ending) and len(word) > len(ending) for ending in ("'s", "’s"))


def _english_mentions(
    sent: stanza.models.common.doc.Sentence, s_idx: int, loc_names: set[str], lex: Lexicon, found: _Found
) -> None:
    """The actors and places one English sentence names, by word (English has multi-word tokens:
    "don't"). MISC entities ("Russian") are neither actors nor places."""
    actor_mentions, place_mentions, aliases = found.actors, found.places, found.aliases
    words = sent.words
    tokens = [w.text for w in words]
    upos = [w.upos for w in words]
    n = len(tokens)
    taken = [False] * n
    person = [False] * n  # inside a person's name
    word_index = {id(w): i for i, w in enumerate(words)}
    mine: list[_Mention] = []
    for ent_type, ent_words in _possessive_split(sent.ents):
        first = word_index.get(id(ent_words[0]), 0)
        span = (first, word_index.get(id(ent_words[-1]), first) + 1)
        kind = _EN_TYPES.get(ent_type, ent_type)
        for k in range(*span):
            taken[k] = True
            person[k] = kind == "PER"
        names = _en_name_words([w.text for w in ent_words])
        if kind == "ORG" and len(names) > 1 and names[0].lower() in lex.honorifics:
            kind = "PER"  # "Mr Law", "Ms Sturgeon" tagged as organisations: a courtesy title says a person
        if kind in ("PER", "ORG"):
            cut = _en_title_prefix(names, loc_names, lex) if kind == "PER" else 0
            title_words, name_words = names[:cut], names[cut:]
            if cut and names[0] == tokens[first] and not _qualifier_len_at(names, 0, lex, loc_names, forward=True):
                # "U.S. | President Joe Biden": the nationality before the entity is its title's
                title_words = (
                    tokens[first - _qualifier_len_at(tokens, first, lex, loc_names, forward=False) : first]
                    + title_words
                )
            if not title_words and kind == "PER":
                title_words = _en_title_before(tokens, first, loc_names, lex)
            if not _is_name(name_words, lex):
                continue
            name = " ".join(name_words)
            if kind == "ORG" and (name in loc_names or _a_country(name)):
                place_mentions.append((name, s_idx, span))  # "Russia" as a state: the place
                continue
            if name.lower() in lex.institution_names:
                kind = "ORG"
            mine.append(_Mention(name, kind, s_idx, _en_title(title_words, lex) if title_words else None, span))
        elif kind == "LOC" and _is_name(names, lex):
            name = " ".join(names)
            owner = ent_words[-1].text in _POSSESSIVE or _glued_possessive(ent_words[-1].text)
            if name.lower() in lex.institution_names or _looks_like_org(names, lex):
                mine.append(_Mention(name, "ORG", s_idx, None, span))  # "the White House", "Defence Ministry"
            elif owner and names[-1] in found.surnames and ground(name) is None:
                # "at Jack Straw's country residence": the owner of a place, a person of the article
                mine.append(_Mention(name, "PER", s_idx, None, span))
            elif name.lower() not in lex.media_names:
                place_mentions.append((name, s_idx, span))
    # seats of power NER missed: "the Kremlin", "Downing Street"
    for i in range(n):
        for size in (3, 2, 1):
            phrase = " ".join(tokens[i : i + size])
            if (
                i + size <= n
                and not any(taken[i : i + size])
                and tokens[i][:1].isupper()
                and phrase.lower() in lex.institution_names
            ):
                mine.append(_Mention(phrase, "ORG", s_idx, None, (i, i + size)))
                taken[i : i + size] = [True] * size
                break
    # "in/at/from/to/near (the) Name" is a place even when NER missed it: over capitalised words, not
    # into a verb, a title ("to President ...") or a month or day ("in May", "on Monday")
    for i, tok in enumerate(tokens[:-1]):
        if tok.lower() not in lex.place_prepositions:
            continue
        start = i + 2 if tokens[i + 1].lower() == "the" and i + 2 < n else i + 1
        j = start
        while (
            j < n
            and not taken[j]
            and _cap_word(tokens[j])
            and upos[j] != "VERB"
            and tokens[j].lower() not in lex.not_a_name
            and tokens[j].lower() not in lex.title_words
        ):
            j += 1
        name_words = tokens[start:j]
        name = " ".join(name_words)
        if not _is_name(name_words, lex) or name.lower() in lex.media_names:
            continue
        if _looks_like_org(name_words, lex):
            mine.append(_Mention(name, "ORG", s_idx, None, (start, j)))
        else:
            place_mentions.append((name, s_idx, (start, j)))
        taken[start:j] = [True] * (j - start)
    # institutions NER missed: "the Defence Ministry", "Ministry of Foreign Affairs", "NATO"
    i = 0
    while i < n:
        tok = tokens[i]
        if taken[i] or not tok[:1].isupper() or (tok.lower() not in lex.org_words and not _is_acronym(tok, lex)):
            i += 1
            continue

        def inside(k: int) -> bool:
            return (
                not taken[k] and _cap_word(tokens[k]) and upos[k] != "VERB" and tokens[k].lower() not in lex.not_a_name
            )

        a = i
        while a > 0 and inside(a - 1):  # "Foreign Ministry", "State Department"
            a -= 1
        b = i + 1
        while b < n:  # not into a title after it: "NATO | Secretary General Mark Rutte"
            if inside(b) and tokens[b].lower() not in lex.title_words:
                b += 1
            elif tokens[b].lower() in ("of", "for") and b + 1 < n and inside(b + 1):
                b += 2
            elif tokens[b].lower() in ("of", "for") and b + 2 < n and tokens[b + 1].lower() == "the" and inside(b + 2):
                b += 3
            else:
                break
        name_words = tokens[a:b]
        alone = len(name_words) == 1
        if (
            not alone
            or _is_acronym(tok, lex)
            or (tok.lower() not in lex.org_heads and tok.lower() not in lex.not_a_name)
        ):
            mine.append(_Mention(" ".join(name_words), "ORG", s_idx, None, (a, b)))
            taken[a:b] = [True] * (b - a)
        i = b
    # "Li Qiang, China's No. 2 official, ...": a role said after a person's name
    for m in mine:
        if m.kind == "PER" and m.title is None:
            m.title = _en_role_after(words, m.span[1], person, lex)
    actor_mentions.extend(sorted(mine, key=lambda m: m.span))
    # "Federal Security Service (FSB)": the acronym names the same organisation
    for i in range(1, n - 2):
        acronym = tokens[i + 1]
        if (
            tokens[i] == "("
            and tokens[i + 2] == ")"
            and acronym.isalnum()
            and acronym[:1].isupper()
            and acronym.lower() not in lex.media_names
        ):
            before = [m for m in mine if m.name.split()[-1] == tokens[i - 1]]
            if before and len(before[-1].name.split()) > 1:
                aliases[acronym] = before[-1].name
            _read_definition(tokens, i, found)


def extract(
    doc: stanza.Document,
    language: str = "id",
    title: str = "",
    published: str | None = None,
    dateline: str | None = None,
) -> Analysis:
    """Actors (with titles), places, events and a ranked list of sentences from an analysed
    document, read with the language's vocabulary (`lexicon`); `published` (the article's date,
    ISO) resolves "hari Rabu" to a day, and `dateline` (the place of a wire dateline,
    nlp.cleanup.wire_dateline) counts as a place the first sentence names."""
    lex = lexicon(language)
    english = lex.language == "en"
    anchor = parse_date(published)
    loc_names: set[str] = set()
    for ent in doc.ents:
        if (_EN_TYPES.get(ent.type, ent.type) if english else ent.type) == "LOC":
            loc_names.update(w for w in _clean_words(ent.text.split()) if w[:1].isupper())

    found = _Found(actors=[], places=[], aliases={})
    if english:
        found.surnames = {
            words[-1]
            for ent in doc.ents
            if ent.type in ("PER", "PERSON") and (words := _en_name_words(ent.text.split()))
        }
    else:
        found.place_names = {" ".join(_clean_words(ent.text.split())) for ent in doc.ents if ent.type == "LOC"}
        found.lowercase_words = {
            t.text for sent in doc.sentences for t in sent.tokens if t.text.isalpha() and t.text.islower()
        }
    sentences: list[Sentence] = []
    parsed: list[tuple[int, stanza.models.common.doc.Sentence]] = []  # (sentence index, its parse)
    not_openers = lex.not_a_name - lex.sentence_openers
    for sent in doc.sentences:
        text = sent.text.strip()
        if sentences and all(ch in EDGE_PUNCT or ch.isspace() for ch in text):
            # a closing quote or bracket the tokenizer cut off belongs to the sentence before
            sentences[-1].text += text
            continue
        s_idx = len(sentences)
        parsed.append((s_idx, sent))
        (_english_mentions if english else _indonesian_mentions)(sent, s_idx, loc_names, lex, found)
        has_predicate = any(w.upos in ("VERB", "AUX") for w in sent.words)
        first_word = (sent.words[0].text if sent.words else "").strip("“”\"'")
        complete = (
            has_predicate
            and len(sent.words) >= 6
            and first_word[:1].isupper()
            and first_word.lower() not in not_openers
            and text[-1:] in ".!?”\"'"
        )
        sentences.append(Sentence(index=s_idx, text=text, words=len(sent.words), complete=complete))
    if dateline and _is_name(dateline.split(), lex):
        found.places.insert(0, (dateline, 0, (0, 0)))  # "MOSCOW (Reuters) -": where the story was filed

    # the car of "mobil BMW" is no place where the headline names it alone ("BMW Ringsek Berat")
    found.places = [m for m in found.places if m[0].split()[0] not in found.vehicles]
    actor_mentions = []
    for m in found.actors:
        words = _unglued(m.name.split(), m.kind)
        if words != m.name.split():
            if not _is_name(words, lex):
                continue
            m.name = " ".join(words)
        if _a_described_team(words, found.lowercase_words, lex):
            continue
        if m.name.lower() not in lex.media_names:
            actor_mentions.append(m)
    actor_mentions = _split_pairs(actor_mentions, listed := known_names(lex.language))
    actor_mentions = _split_officials(actor_mentions, listed, lex)
    # a listed acronym the article spells out as something else ("Perjanjian Kerja Sama (PKS)",
    # "Pajak Kendaraan Bermotor (PKB)": not the parties the lists know by them) names that thing
    # there, alone or opening a name ("PKS Tripartit")
    named = {m.name for m in actor_mentions}
    things = {
        acronym
        for acronym, words in found.definitions.items()
        if (known := listed.find(acronym, "ORG") or listed.find(acronym, "PER")) is not None
        and not any(name_key(words) in name_key(form) for form in known.forms)  # "Kamar Dagang dan Industri"
        and listed.find(words) != known
        and words not in named
        and not _looks_like_org(words.split(), lex)
    }
    # and one spelt out in lowercase, that no list knows as someone's, names a thing too
    things |= {a for a in found.common_acronyms if listed.find(a, "ORG") is None and listed.find(a, "PER") is None}
    actor_mentions = [m for m in actor_mentions if m.name.split()[0] not in things]  # "PKS Tripartit" too
    # every form of a listed institution or person is one actor, under its listed name, with
    # the other listed forms as aliases ("Kemenkes" -> Kementerian Kesehatan)
    for m in actor_mentions:
        known = listed.find(m.name, m.kind)
        if known is None:
            # "Kejati Jabar", "Kemenag Bandar Lampung": a listed short form and a place is that
            # institution's office there, under the listed name ("Kejaksaan Tinggi Jabar")
            head, _, place = m.name.partition(" ")
            office = listed.find(head, "ORG") if place and m.kind == "ORG" else None
            if office is not None and office.name != head and ground(place) is not None:
                found.aliases[m.name] = f"{office.name} {place}"
            continue
        m.kind = known.kind
        if m.name != known.name:
            found.aliases[m.name] = known.name
        for alias in known.aliases:
            found.aliases.setdefault(alias, known.name)
    names = {m.name for m in actor_mentions}
    # short forms the article never puts beside their full name ("Kemendagri" ... "Kementerian
    # Dalam Negeri"): one actor, the short form an alias (what ties other articles to it)
    for short, full in abbreviation_aliases(names - found.aliases.keys(), names).items():
        found.aliases.setdefault(short, full)
    # "Pemprov Jatim" where the article spelt out "Pemerintah Provinsi (Pemprov) Jawa Timur"
    for m in actor_mentions:
        head, _, place = m.name.partition(" ")
        spelt = found.offices.get((head, _place_identity(place))) if place and m.kind == "ORG" else None
        if spelt is not None and spelt != m.name:
            found.aliases.setdefault(m.name, spelt)
    # "DPRD Banten" and "DPRD Provinsi Banten", "BPN Bogor" and "BPN Kabupaten Bogor": one office,
    # under the name that says its level
    offices: dict[str, str] = {}
    merged: dict[str, str] = {}
    orgs = {found.aliases.get(m.name, m.name) for m in actor_mentions if m.kind == "ORG"}
    for name in sorted(orgs, key=lambda n: (-len(n), n)):
        key = " ".join(w for w in name.lower().split() if w not in _LEVEL_WORDS)
        if key in offices and offices[key] != name:
            merged[name] = offices[key]
        offices.setdefault(key, name)
    for short, full in list(found.aliases.items()):
        found.aliases[short] = merged.get(full, full)
    for name, full in merged.items():
        found.aliases.setdefault(name, full)
    people = {m.name for m in actor_mentions if m.kind == "PER"} - found.aliases.keys()
    for short, full in name_variant_aliases(people, people).items():
        found.aliases.setdefault(short, full)
    # "Persero" -> "PT Pertamina" -> "Pertamina": every form to the name at the end of its chain
    for short in list(found.aliases):
        chain = {short}
        while (full := found.aliases[short]) in found.aliases and full not in chain:
            chain.add(full)
            found.aliases[short] = found.aliases[full]
    actors = _merge(actor_mentions, lex, found.aliases)
    actor_of = {surface: a.name for a in actors for surface in a.surfaces}
    place_mentions = [m for m in found.places if m[0] not in actor_of and not _generic_place(m[0], lex)]
    places, place_of = _ground_places(place_mentions, lex)
    events = _events(parsed, actor_mentions, actor_of, actors, place_mentions, place_of, anchor, lex.language)
    actors = _acting(actors, events, actor_mentions, found.aliases)
    for actor in actors:
        actor.salience = salience(actor, events, title)
    actors.sort(key=lambda a: (-a.salience, min(a.mentions), a.name))
    brief = rank_sentences(sentences, actors, places, title)
    lead = [(w.lemma or w.text, w.upos) for _, sent in parsed[:LEAD_SENTENCES] for w in sent.words]
    # the title is not parsed: its words take the lemma and part of speech the text gives them
    # ("Mengungsi" -> "ungsi"), and a word the text uses only as a function word is left out
    seen = {w.text.lower(): (w.lemma or w.text, w.upos) for _, sent in parsed for w in sent.words}
    title_lemmas: list[tuple[str, str]] = [
        seen.get(word.lower(), (word, "PROPN")) for word in re.findall(r"\w+", title)
    ]
    terms = lead_terms(lead, [lemma for lemma, upos in title_lemmas if upos in CONTENT_POS])
    return Analysis(
        language=language,
        sentences=sentences,
        actors=actors,
        places=places,
        brief=brief,
        events=events,
        terms=dict(terms),
    )


_PAIR = re.compile(r"(?<=[^\W\d_])-(?=[A-Z])")


def _split_pairs(mentions: list[_Mention], listed: KnownNames) -> list[_Mention]:
    """ "Prabowo Subianto-Gibran Rakabuming Raka", "Trump-Musk": two actors written as one
    name, each side a listed name or a name the article gives elsewhere, are two mentions."""
    names = {m.name for m in mentions} | {w for m in mentions for w in m.name.split()}
    out: list[_Mention] = []
    for m in mentions:
        sides = _PAIR.split(m.name)
        if len(sides) == 2 and all(side in names or listed.find(side, m.kind) for side in sides):
            out.extend(
                _Mention(side, m.kind, m.sentence, m.title if k == 0 else None, m.span) for k, side in enumerate(sides)
            )
        else:
            out.append(m)
    return out


def _split_officials(mentions: list[_Mention], listed: KnownNames, lex: Lexicon) -> list[_Mention]:
    """ "BI Perry Warjiyo", "Kementerian PU Wilan Oktavian", "Kemenag Bandar Lampung Azhari": a
    listed institution (with the place of its office) run into the official named after it,
    where the article names that person elsewhere or the lists know them, is two mentions."""
    people = {w for m in mentions if m.kind == "PER" for w in m.name.split()}
    out: list[_Mention] = []
    for m in mentions:
        words = m.name.split()
        head = next((k for k in range(len(words) - 1, 0, -1) if listed.find(" ".join(words[:k]), "ORG")), 0)
        while head and head < len(words) - 1 and ground(" ".join(words[head : head + 1])) is not None:
            head += 1  # the office's place: "Kemenag | Bandar Lampung"
        while head and head < len(words) - 2 and ground(" ".join(words[head : head + 2])) is not None:
            head += 2
        person = words[head:]
        if (
            m.kind != "ORG"
            or not head
            or not 1 <= len(person) <= 4
            or not all(w.isalpha() and w[:1].isupper() and w.lower() not in lex.org_words for w in person)
            or ground(" ".join(person)) is not None
            or not (set(person) & people or listed.find(" ".join(person), "PER"))
        ):
            out.append(m)
            continue
        start, end = m.span
        out.append(_Mention(" ".join(words[:head]), "ORG", m.sentence, None, (start, end - len(person))))
        out.append(_Mention(" ".join(person), "PER", m.sentence, None, (end - len(person), end)))
    return out


def _acting(actors: list[Actor], events: list[Event], mentions: list[_Mention], aliases: dict[str, str]) -> list[Actor]:
    """Leave out the actors named only by guessed acronyms (_Mention.guessed) that do nothing in
    the article: no event has them as its actor or its target, and the article never spells them
    out. Programmes, laws and data sets ("DTKS", "KUHP", "PKH") are named so; an institution
    that does something ("KPK menahan ...") stays. The events are left as they are: none names
    an actor left out, by that rule."""
    named = {m.name for m in mentions if not m.guessed}
    acting = {e.actor for e in events} | {e.target for e in events if e.target}
    spelled = set(aliases.values())

    def kept(actor: Actor) -> bool:
        forms = {actor.name, *actor.surfaces}
        return bool(forms & named or forms & acting or forms & spelled)

    return [a for a in actors if kept(a)]


def salience(actor: Actor, events: list[Event], title: str = "") -> float:
    """How central an actor is to one article: its mentions, what it does (events with it as
    subject), whether the headline names it, how early it comes, and whether the article says
    who it is (a title or role). A person who acts and is introduced with their office ranks
    above an institution named as often in passing ("menurut pembacaan Kremlin")."""
    score = len(actor.mentions) + 1.5 * sum(e.actor == actor.name for e in events)
    headline = f" {title.lower()} "
    if any(f" {s.lower()} " in headline for s in actor.surfaces):
        score += 2.0
    if min(actor.mentions, default=99) <= 1:
        score += 1.0
    if actor.titles:
        score += 1.5
    return round(score, 2)


def _events(
    parsed: list[tuple[int, stanza.models.common.doc.Sentence]],
    actor_mentions: list[_Mention],
    actor_of: dict[str, str],
    actors: list[Actor],
    place_mentions: list[_PlaceMention],
    place_of: dict[str, str],
    anchor: date | None,
    language: str = "id",
) -> list[Event]:
    """Events sentence by sentence, with each sentence's actor and place words marked."""
    people = frozenset(a.name for a in actors if a.kind == "PER")
    titles = {t.lower(): a.name for a in actors if a.kind == "PER" for t in a.titles}
    # each sentence's words, marked once: word index -> actor, word index -> place (a country
    # can be a subject: "Rusia berusaha keras ..." is the state acting)
    actor_words: dict[int, dict[int, str]] = {}
    for m in actor_mentions:
        actor_words.setdefault(m.sentence, {}).update({k: actor_of.get(m.name, m.name) for k in range(*m.span)})
    place_words: dict[int, dict[int, str]] = {}
    for name, s_idx, (start, end) in place_mentions:
        place_words.setdefault(s_idx, {}).update({k: place_of[name] for k in range(start, end)})
    last_person: str | None = None
    events: list[Event] = []
    for s_idx, sent in parsed:
        spans = SentenceSpans(
            actors=actor_words.get(s_idx, {}),
            places=place_words.get(s_idx, {}),
            titles=titles,
            last_person=last_person,
            people=people,
        )
        found = sentence_events(sent, s_idx, spans, find_times(sent.text, anchor), language)
        events.extend(found)
        # "ia"/"he" in the next sentence: the person this one is about (its first event's actor,
        # as centring has it), else the person it named last. "Li Qiang, China's No. 2 official
        # after President Xi Jinping, arrived ... He also held talks ...": Li Qiang, not Xi.
        acting = next((e.actor for e in found if e.actor in people), None)
        named = [m for m in actor_mentions if m.sentence == s_idx and actor_of.get(m.name) in people]
        if acting:
            last_person = acting
        elif named:
            last_person = actor_of.get(max(named, key=lambda m: m.span).name)
    return events
