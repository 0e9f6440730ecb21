"""Actors, places and brief sentences from an analysed Stanza document."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import stanza

from nlp.analysis import Actor, Analysis, Place, Sentence
from nlp.summarize import rank_sentences

# Words that make up a title or role before a name ("Perdana Menteri Tiongkok Li Qiang").
TITLE_WORDS = frozenset(
    """presiden wakil perdana menteri ketua kanselir raja ratu pangeran putra putri sultan
    sekretaris jenderal direktur utama kepala juru bicara jubir gubernur bupati wali walikota
    kota duta besar dubes panglima kapolri kapolda kapolres kasad jaksa agung hakim ketua
    senator anggota komisaris pimpinan pemimpin ceo cfo pendiri pelatih kapten kolonel
    mayor letnan brigadir komandan laksamana marsekal jenderal sekjen menlu menkeu mendagri
    paus uskup imam syekh ayatollah dr prof profesor ir h hj mantan calon capres cawapres
    pelaksana tugas plt wamen dirut kabag kadis camat lurah kades legislator politikus
    politisi pengacara""".split()
)
# Words that NER sometimes tags but that never are a name on their own.
NOT_A_NAME = frozenset(
    """yang telah adalah dan serta atau maupun merupakan ialah dalam pada untuk dengan
    ini itu tersebut mereka kami kita ia dia beliau namun tetapi ketika saat sejak hingga
    senin selasa rabu kamis jumat sabtu minggu hari januari februari maret april mei juni juli
    agustus september oktober november desember barat timur utara selatan""".split()
)
# Seats of power that news uses for the government inside them: organisations, whatever NER says.
INSTITUTION_NAMES = frozenset({"kremlin", "gedung putih", "pentagon", "istana", "istana negara",
                               "istana kepresidenan", "downing street", "zhongnanhai", "senayan"})
PLACE_PREPOSITIONS = frozenset({"di", "ke", "dari"})
# Words that make a name an institution, wherever it sits ("di Bareskrim Polri", "Polda Babel"):
# NER and the di/ke/dari signal both read such names as places.
ORG_WORDS = frozenset(
    """kementerian kemenkeu kemendagri kemenlu kemenhan kemenkes kemnaker kemendikbud kemenag
    kementan kemensos badan dinas komisi lembaga dewan majelis mahkamah pengadilan kejaksaan
    kejagung kejati kejari kepolisian polri polda polres polresta polsek bareskrim densus
    satgas satuan tim partai fraksi dpr dprd mpr dpd kpk kpu bawaslu bpk bps bpjs ojk bi bumn
    pemerintah pemkot pemkab pemprov pemda tni kodam korem kodim lanud lantamal kabinet
    direktorat ditjen ditlantas ditreskrimum ditreskrimsus biro sekretariat setneg kantor
    bank pt persero tbk universitas institut politeknik yayasan asosiasi perhimpunan
    persatuan federasi organisasi koperasi perusahaan klub pbb nato asean uni""".split()
)


def _looks_like_org(words: list[str]) -> bool:
    return any(w.lower() in ORG_WORDS for w in words)
EDGE_PUNCT = "“”\"'‘’()[]{},.;:!?-–—«»"
_HAS_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class _Mention:
    name: str
    kind: str
    sentence: int
    title: str | None


def _clean_words(words: list[str]) -> list[str]:
    """Drop punctuation at either end of a name."""
    while words and all(ch in EDGE_PUNCT for ch in words[0]):
        words = words[1:]
    while words and all(ch in EDGE_PUNCT for ch in words[-1]):
        words = words[:-1]
    return [w.strip("“”\"'‘’") for w in words]


def _is_name(words: list[str]) -> bool:
    if not words:
        return False
    text = " ".join(words)
    if len(text) < 2 or not _HAS_LETTER.search(text):
        return False
    if not words[0][:1].isupper():
        return False
    if all(w.lower() in TITLE_WORDS or w.lower() in NOT_A_NAME for w in words):
        return False
    return True


def _split_title(words: list[str], places: set[str]) -> tuple[list[str], list[str]]:
    """Split "Presiden Rusia Vladimir Putin" into (title words, name words)."""
    i = 0
    while i < len(words) and words[i].lower() in TITLE_WORDS:
        i += 1
    if i == 0:
        return [], words
    while i < len(words) - 1 and words[i] in places:
        i += 1
    return words[:i], words[i:]


def _title_before(tokens: list[str], start: int, places: set[str]) -> list[str]:
    """Title words standing right before a name: "... dengan Perdana Menteri Rusia | Mikhail"."""
    j = start
    while j > 0 and (tokens[j - 1] in places and tokens[j - 1][:1].isupper()):
        j -= 1
    k = j
    while k > 0 and tokens[k - 1].lower() in TITLE_WORDS:
        k -= 1
    if k == j:
        return []
    return tokens[k:start]


def _titlecase_title(words: list[str]) -> str:
    return " ".join(w if not w.islower() else w.capitalize() for w in words)


def _merge(mentions: list[_Mention], aliases: dict[str, str] | None = None) -> list[Actor]:
    """One actor per person or organisation: short forms join the full name that contains them,
    and an acronym the article spells out ("Badan Pusat Statistik (BPS)") joins its expansion."""
    aliases = aliases or {}
    mentions = [_Mention(aliases.get(m.name, m.name), m.kind, m.sentence, m.title) if m.name in aliases else m
                for m in mentions]
    surfaces_of: dict[str, list[str]] = {}
    for short, full in aliases.items():
        surfaces_of.setdefault(full, []).append(short)
    forms = Counter(m.name for m in mentions)
    kinds: dict[str, Counter] = {}
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
            # the short form's words appear, in order, as whole words of the full name
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
    for key, actor in actors.items():
        votes = Counter()
        for surface in actor.surfaces:
            votes.update(kinds.get(surface, {}))
        actor.kind = votes.most_common(1)[0][0]
    return sorted(actors.values(), key=lambda a: (-len(a.mentions), min(a.mentions), a.name))


def extract(doc: stanza.Document, language: str = "id", title: str = "") -> Analysis:
    """Actors (with titles), places and a ranked list of sentences from an analysed document."""
    loc_names: set[str] = set()
    for ent in doc.ents:
        if ent.type == "LOC":
            loc_names.update(w for w in _clean_words(ent.text.split()) if w[:1].isupper())

    actor_mentions: list[_Mention] = []
    aliases: dict[str, str] = {}
    place_mentions: list[tuple[str, int]] = []
    sentences: list[Sentence] = []
    for sent in doc.sentences:
        text = sent.text.strip()
        if sentences and all(ch in EDGE_PUNCT or ch.isspace() for ch in text):
            # a closing quote or bracket the tokenizer cut off belongs to the sentence before
            sentences[-1].text += text
            continue
        s_idx = len(sentences)
        tokens = [t.text for t in sent.tokens]
        taken = [False] * len(tokens)
        token_index = {id(t): i for i, t in enumerate(sent.tokens)}
        for ent in sent.ents:
            first = token_index.get(id(ent.tokens[0]), 0)
            words = _clean_words([t.text for t in ent.tokens])
            for t in ent.tokens:
                taken[token_index.get(id(t), 0)] = True
            if ent.type in ("PER", "ORG"):
                title_words, name_words = _split_title(words, loc_names)
                if not title_words:
                    title_words = _title_before(tokens, first, loc_names)
                if not _is_name(name_words):
                    continue
                name = " ".join(name_words)
                if name in loc_names and ent.type == "ORG":
                    place_mentions.append((name, s_idx))  # "Rusia" as a state: kept as the place
                    continue
                role = _titlecase_title(title_words) if title_words else None
                kind = "ORG" if name.lower() in INSTITUTION_NAMES else ent.type
                actor_mentions.append(_Mention(name, kind, s_idx, role))
            elif ent.type == "LOC":
                if _is_name(words) and _looks_like_org(words):
                    actor_mentions.append(_Mention(" ".join(words), "ORG", s_idx, None))
                elif _is_name(words):
                    place_mentions.append((" ".join(words), s_idx))
        # "di/ke/dari + Name" is a place even when NER missed it
        for i, tok in enumerate(tokens[:-1]):
            if tok.lower() in PLACE_PREPOSITIONS and not taken[i + 1]:
                j = i + 1
                while j < len(tokens) and not taken[j] and tokens[j][:1].isupper() and tokens[j].isalpha():
                    j += 1
                words = tokens[i + 1 : j]
                if not _is_name(words) or any(w.lower() in TITLE_WORDS for w in words):
                    continue
                if _looks_like_org(words):
                    actor_mentions.append(_Mention(" ".join(words), "ORG", s_idx, None))
                else:
                    place_mentions.append((" ".join(words), s_idx))
        # institutions NER missed: "Kementerian Ketenagakerjaan", "Polda Babel", "KPK"
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if taken[i] or not tok[:1].isupper() or tok.lower() not in ORG_WORDS:
                i += 1
                continue
            j = i + 1
            while j < len(tokens) and not taken[j] and tokens[j][:1].isupper() and tokens[j].isalnum():
                j += 1
            words = tokens[i:j]
            if len(words) >= 2 or (tok.isupper() and len(tok) >= 2):
                actor_mentions.append(_Mention(" ".join(words), "ORG", s_idx, None))
                for k in range(i, j):
                    taken[k] = True
            i = j
        # "Badan Pusat Statistik (BPS)": the acronym names the same organisation
        for i in range(1, len(tokens) - 2):
            acronym = tokens[i + 1]
            if tokens[i] == "(" and tokens[i + 2] == ")" and acronym.isalnum() and acronym[:1].isupper():
                before = [m for m in actor_mentions if m.sentence == s_idx and m.name.split()[-1] == tokens[i - 1]]
                if before and len(before[-1].name.split()) > 1:
                    aliases[acronym] = before[-1].name
        has_predicate = any(w.upos in ("VERB", "AUX") for w in sent.words)
        first_word = (sent.words[0].text if sent.words else "").strip("“”\"'")
        complete = (
            has_predicate
            and len(sent.words) >= 6
            and first_word[:1].isupper()
            and first_word.lower() not in NOT_A_NAME - {"ini", "itu", "ia", "dia", "mereka", "kami", "kita", "namun"}
            and text[-1:] in ".!?”\"'"
        )
        sentences.append(Sentence(index=s_idx, text=text, words=len(sent.words), complete=complete))

    actors = _merge(actor_mentions, aliases)
    actor_names = {s for a in actors for s in a.surfaces}
    places: dict[str, Place] = {}
    for name, s_idx in place_mentions:
        if name in actor_names:
            continue
        places.setdefault(name, Place(name=name)).mentions.append(s_idx)
    place_list = sorted(places.values(), key=lambda p: (-len(p.mentions), min(p.mentions), p.name))
    brief = rank_sentences(sentences, actors, place_list, title)
    return Analysis(language=language, sentences=sentences, actors=actors, places=place_list, brief=brief)
