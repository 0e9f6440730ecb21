"""English clean-up: page furniture, bylines and wire datelines go; full stops stay as written."""

from pathlib import Path

import pytest

from nlp.cleanup import clean_text, wire_dateline

SEED = Path(__file__).resolve().parent.parent / "seeds" / "001_en_li_qiang_moscow.txt"

STORY = "Russian President Vladimir Putin met China's premier at the Kremlin on Wednesday."
LAST = "The talks went on into the evening."


def paragraphs(body: str, title: str | None = None) -> list[str]:
    return clean_text(body, title, language="en").split("\n\n")


@pytest.mark.parametrize(
    "furniture",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Read more: Putin and Xi meet in Beijing",
        "Read more",
        "Related: China's trade with Russia hits a record",
        "Share this article",
        "Share on Facebook",
        "Share on Twitter",
        "Share on X",
        "Share on WhatsApp",
        "Click here to subscribe to our newsletter",
        "Sign up for our morning briefing",
        "(Photo: Kremlin press service)",
        "Photo: Li Qiang arrives in Moscow",
        "Image caption, Li Qiang and Vladimir Putin at the Kremlin",
        "Image source, Getty Images",
        "Getty Images",
        "AP",
        "AP Photo/Alexander Zemlianichenko",
        "AP Photo/Alexander Zemlianichenko, File",
        "REUTERS/Evgenia Novozhenina",
        "Sputnik/Pool via Reuters",
        "Reporting by Guy Faulconbridge; Editing by Mark Trevelyan",
        "Writing by Jane Smith",
        "Additional reporting by John Doe in Beijing",
        "© 2025 The Associated Press. All rights reserved.",
        "Copyright 2025 Reuters",
        "Copyright © BBC",
        "(c) 2025 CNN",
        "All rights reserved.",
        "(Reuters)",
        "(AP)",
        "Associated Press writer Jane Doe in Kyiv contributed to this report.",
        "By Jane Smith",
        "By Jane Smith and John Doe",
        "By JANE SMITH, Associated Press",
        "By J. Smith | CNN",
    ],
)
def test_a_furniture_line_is_dropped(furniture):
    assert paragraphs(f"{STORY}\n{furniture}\n{LAST}") == [STORY, LAST]


@pytest.mark.parametrize(
    "sentence",
    [
        "By Tuesday, the troops had left the town.",
        "By contrast, trade with Europe fell.",
        "Photographs taken on Tuesday showed the convoy.",
        "Reuters reported the meeting first.",
        "Readers sent more than 200 letters.",
        "Related talks are due next month.",
        "Copyright law is changing.",
        "2025 was a hard year.",
        "Produced by Bungie, the game sold well.",
        "Reporting by the BBC found that the firm lied.",
        "Getty Images and Reuters both sent photographers.",
    ],
)
def test_story_lines_that_look_like_furniture_stay(sentence):
    assert paragraphs(f"{STORY}\n{sentence}\n{LAST}") == [STORY, sentence, LAST]


@pytest.mark.parametrize(
    ("first", "place", "agency"),
    [
        ("MOSCOW (Reuters) - ", "Moscow", "Reuters"),
        ("WASHINGTON (AP) — ", "Washington", "AP"),
        ("BEIJING, Oct 21 (Reuters) - ", "Beijing", "Reuters"),
        ("BEIJING, Oct. 21 (Reuters) - ", "Beijing", "Reuters"),
        ("LONDON — ", "London", None),
        ("LONDON -- ", "London", None),
        ("KYIV, Ukraine (AP) — ", "Kyiv", "AP"),
        ("ST. PETERSBURG, Russia — ", "St. Petersburg", None),
        ("RIO DE JANEIRO (AP) – ", "Rio de Janeiro", "AP"),
        ("MOSCOW/BEIJING, Aug 21 (Reuters) - ", "Moscow", "Reuters"),
        ("(Reuters) - ", None, "Reuters"),
    ],
)
def test_a_wire_dateline_is_read_and_cut(first, place, agency):
    body = f"{first}{STORY}\n{LAST}"
    assert wire_dateline(body) == (place, agency)
    assert paragraphs(body) == [STORY, LAST]


def test_the_dateline_is_found_after_a_byline_and_the_headline_again():
    body = f"Putin meets Li\nBy Jane Smith\nAdvertisement\nMOSCOW (AP) — {STORY}\n{LAST}"
    assert wire_dateline(body, "Putin meets Li") == ("Moscow", "AP")
    assert paragraphs(body, "Putin meets Li") == [STORY, LAST]


@pytest.mark.parametrize(
    "first",
    [
        "US - China talks resumed on Monday.",  # a hyphen alone is not a dateline's dash
        "US President Joe Biden spoke on Monday.",
        "Moscow — the capital — was quiet.",  # not in capitals
    ],
)
def test_a_first_sentence_without_a_dateline_is_kept_whole(first):
    assert wire_dateline(f"{first}\n{LAST}") == (None, None)
    assert paragraphs(f"{first}\n{LAST}") == [first, LAST]


def test_only_the_first_paragraph_has_a_dateline():
    body = f"{STORY}\nLONDON — Officials in Britain said nothing."
    assert wire_dateline(body) == (None, None)
    assert paragraphs(body) == [STORY, "LONDON — Officials in Britain said nothing."]


def test_indonesian_full_stop_repairs_are_not_made_on_english():
    body = "He travelled to. Moscow on Tuesday. Then. Talks began... at noon."
    assert clean_text(body, language="en") == body
    # the Indonesian default still repairs the same kind of break
    assert clean_text("Ia melakukan perjalanan ke. Moskow.") == "Ia melakukan perjalanan ke Moskow."


def test_shared_clean_up_still_applies_to_english():
    body = f"{STORY}\x07\n{STORY}\nPutin meets Li\n  The   talks\u00a0went on into the evening .  \n"
    assert paragraphs(body, "Putin meets Li") == [STORY, LAST]


def test_english_furniture_is_not_dropped_from_indonesian_text():
    body = "Presiden meresmikan jembatan.\nBy Jane Smith\nGetty Images\nWarga menyambutnya."
    assert clean_text(body).split("\n\n") == [
        "Presiden meresmikan jembatan.",
        "By Jane Smith",
        "Getty Images",
        "Warga menyambutnya.",
    ]


def test_the_english_seed():
    title, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    assert 350 <= len(body.split()) <= 550
    assert wire_dateline(body, title) == ("Moscow", None)
    text = clean_text(body, title, language="en")
    assert text.startswith("Russian President Vladimir Putin on Wednesday praised")
    for phrase in (
        "Prime Minister Li Qiang",
        "Li Qiang, China's No. 2 official",
        "Russia's Mikhail Mishustin",
        "the Kremlin",
        "Belarus",
    ):
        assert phrase in text
    assert text.count("\n\n") == len([line for line in body.splitlines() if line.strip()]) - 1
