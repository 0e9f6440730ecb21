"""The bot's texts: the gettext catalogs are complete and compiled, plurals follow the count, and
languages and countries are named in the reply language."""

from __future__ import annotations

import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from handlers.texts import (
    LOCALE_DIR,
    TEXT_KEYS,
    Joined,
    Plural,
    country_name,
    has_text,
    is_translated,
    language_name,
    t,
    tn,
)

ROOT = Path(__file__).resolve().parents[1]
LANGS = ["id", "en"]
REMEDY = "run `make locale` (and translate what is new in handlers/locale/id/LC_MESSAGES/briefbot.po)"


def _po(lang: str) -> Catalog:
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "briefbot.po", "rb") as f:
        return read_po(f, locale=lang)


def _messages(catalog: Catalog) -> dict[object, object]:
    """A catalog's translations as gettext sees them: (msgid, context) -> msgstr."""
    return {(_forms(m.id), m.context): _forms(m.string) for m in catalog if m.id}


def _code_msgids() -> set[object]:
    """The msgids the code marks, extracted as `make locale` extracts them (babel.cfg)."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: set[object] = set()
    for folder in ("handlers", "bot"):
        for _, _, message, _, _ in extract_from_dir(ROOT / folder, method_map, options_map, DEFAULT_KEYWORDS):
            found.add(message)
    return found


def _forms(text: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """A msgid's or msgstr's forms: one, or one for each plural."""
    return (text,) if isinstance(text, str) else tuple(text)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _tags(text: str) -> list[str]:
    return sorted(re.findall(r"</?[a-z]+[^>]*>", text))


@pytest.mark.parametrize("lang", LANGS)
def test_each_mo_is_its_po_compiled(lang):
    """The committed .mo says what its .po says: a .po edited without `make locale` fails here.
    (Compared by content, not by modification time, which a git checkout does not keep.)"""
    po = _po(lang)
    compiled = io.BytesIO()
    write_mo(compiled, po)
    compiled.seek(0)
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "briefbot.mo", "rb") as f:
        committed = read_mo(f)
    assert _messages(committed) == _messages(read_mo(compiled)), f"briefbot.mo ({lang}) is stale: {REMEDY}"
    assert committed.plural_forms == po.plural_forms


def test_the_catalogs_hold_every_msgid_in_the_code():
    code = _code_msgids()
    with open(LOCALE_DIR / "briefbot.pot", "rb") as f:
        template = {m.id for m in read_po(f) if m.id}
    assert code == template, f"handlers/locale/briefbot.pot is stale: {REMEDY}"
    for lang in LANGS:
        assert {m.id for m in _po(lang) if m.id} == code, f"{lang}/briefbot.po is stale: {REMEDY}"


def test_every_msgid_in_the_code_has_an_indonesian_translation():
    catalog = _po("id")
    assert catalog.plural_forms == "nplurals=1; plural=0;"  # Indonesian has one form
    untranslated = []
    for msgid in sorted(_code_msgids(), key=str):
        message = catalog.get(msgid)
        if message is None or message.fuzzy or not all(_forms(message.string)):
            untranslated.append(msgid)
    assert not untranslated, f"not translated into Indonesian: {untranslated}"
    assert all(is_translated(key, "id") for key in TEXT_KEYS)


def test_translations_keep_the_placeholders_and_the_html():
    for message in _po("id"):
        if not message.id:
            continue
        ids = _forms(message.id)
        for translated in _forms(message.string):
            assert _fields(translated) == set().union(*map(_fields, ids)), message.id
            assert _tags(translated) == _tags(ids[0]), message.id


@pytest.mark.parametrize("lang", [*LANGS, "fr"])
def test_every_text_renders(lang):
    """Every key, in each language (English for one without a catalog), with its values filled in."""
    for key, text in TEXT_KEYS.items():
        msgids = [text.message, *text.parts.values()] if isinstance(text, Joined) else [text]
        values: dict[str, object] = {}
        for msgid in msgids:
            for form in (msgid.singular, msgid.plural) if isinstance(msgid, Plural) else (msgid,):
                values.update(dict.fromkeys(_fields(form), 2))
        if isinstance(text, Joined):  # its parts are filled in by t()
            values = {name: value for name, value in values.items() if name not in text.parts}
        html = t(key, lang, **values)
        assert html and "{" not in html, key
        if lang == "fr":
            assert html == t(key, "en", **values)


def test_no_text_leaves_the_plural_to_the_reader():
    for lang in LANGS:
        for message in _po(lang):
            for text in (*_forms(message.id), *_forms(message.string)):
                assert "(s)" not in text, text


def test_counts_choose_the_plural_form():
    assert t("mentions", "en", n=1) == "1 mention"
    assert t("mentions", "en", n=2) == "2 mentions"
    assert t("mentions", "id", n=1) == "1× disebut" and t("mentions", "id", n=7) == "7× disebut"
    assert t("articles_n", "en", n=1) == "1 article" and t("articles_n", "en", n=3) == "3 articles"
    assert t("unsubscribed", "en", n=1) == "Removed: 1 briefing."
    assert t("unsubscribed", "en", n=2) == "Removed: 2 briefings."
    assert t("unsubscribed", "id", n=2) == "Dihapus: 2 ringkasan."
    assert t("briefing_meta", "en", when="10.03.2026 08:00 WIB", n=1) == "10.03.2026 08:00 WIB · 1 new article"
    assert t("briefing_more_stories", "en", n=2) == "…and 2 more stories: /brief"
    stored = t("stored", "en", title="T", ext_id="a1", n_actors=1, n_places=3)
    assert stored == "Stored: <b>T</b> (id <code>a1</code>) - 1 actor, 3 places."
    assert t("stored", "id", title="T", ext_id="a1", n_actors=1, n_places=3).endswith("- 1 tokoh, 3 tempat.")
    # a count that comes as text, formatted
    assert "(over 1 second)" in t("timeout", "en", detail="1")
    assert "(over 1.5 seconds)" in t("timeout", "en", detail="1.5")
    assert "(at most 20,000 characters)" in t("too_long", "en", n="20,000")
    assert "(lebih dari 1 detik)" in t("timeout", "id", detail="1")


def test_tn_is_ngettext_over_english_msgids():
    assert tn("{n} mention", "{n} mentions", 1, "en") == "1 mention"
    assert tn("{n} mention", "{n} mentions", 4, "en") == "4 mentions"
    assert tn("{n} mention", "{n} mentions", 4, "id") == "4× disebut"
    assert tn("{n} new thing", "{n} new things", 1, "id") == "1 new thing"  # no translation: English


def test_a_msgid_works_in_place_of_its_key_and_english_is_the_fallback():
    assert t("Who", "id") == t("who_title", "id") == "Siapa"
    assert t("who_title", "en") == "Who"
    assert t("who_title", "fr") == "Who"
    assert t("nothing_found", "id", topic="Kursk") == "Tidak ada yang cocok dengan “Kursk”."


def test_has_text():
    assert has_text("reason_empty") and has_text("timeout")
    assert not has_text("reason_stored") and not has_text("Who")
    assert is_translated("timeout", "id") and is_translated("timeout", "en")
    assert not is_translated("no such text", "id")
    assert t("who_title", "id") == "Siapa" and t("who_title", "en") == "Who"


def test_languages_are_named_in_the_reply_language():
    assert language_name("fr", "id") == "Prancis"
    assert language_name("en", "id") == "Inggris"
    assert language_name("id", "id") == "Indonesia"
    assert language_name("id", "en") == "Indonesian"
    assert language_name("fr", "en") == "French"
    assert language_name("fr", "de") == "French"  # another reply language: English
    assert language_name("xx", "id") == "xx"
    assert language_name("", "en") == "?"


def test_countries_are_named_in_the_reply_language():
    assert country_name("Russian Federation", "id") == "Rusia"
    assert country_name("China", "id") == "Tiongkok"
    assert country_name("United States", "id") == "Amerika Serikat"
    assert country_name("Palestine, State of", "id") == "Wilayah Palestina"
    assert country_name("Russian Federation", "en") == "Russian Federation"  # as stored
    assert country_name("Russian Federation", "fr") == "Russian Federation"
    assert country_name("Atlantis", "id") == "Atlantis"
