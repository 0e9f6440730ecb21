"""English time expressions, resolved against the article's date and kept at their precision."""

from datetime import date
from pathlib import Path

import pytest

from nlp.cleanup import clean_text
from nlp.timex import find_times

WEDNESDAY = date(2024, 8, 21)  # the article's date in these tests: a Wednesday
SEED = Path(__file__).resolve().parent.parent / "seeds" / "001_en_li_qiang_moscow.txt"


def times(text: str, anchor: date | None = WEDNESDAY) -> list[tuple[str, str | None, str]]:
    return [(t.text, t.iso(), t.precision) for t in find_times(text, anchor)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin met Li on Wednesday.", ("Wednesday", "2024-08-21", "day")),
        ("Talks ran late on Wednesday night.", ("Wednesday night", "2024-08-21", "day")),
        ("He arrived on Tuesday morning.", ("Tuesday morning", "2024-08-20", "day")),
        ("Fighting began two weeks ago.", ("two weeks ago", "2024-08-07", "week")),
        ("He left three days ago.", ("three days ago", "2024-08-18", "day")),
        ("He left 3 days ago.", ("3 days ago", "2024-08-18", "day")),
        ("Trade grew last year.", ("last year", "2023", "year")),
        ("A summit is planned next month.", ("next month", "2024-09", "month")),
        ("Prices rose last week.", ("last week", "2024-08-14", "week")),
        ("Polls close Nov. 9 in the region.", ("Nov. 9", "2024-11-09", "day")),
        ("Polls close Nov 9 in the region.", ("Nov 9", "2024-11-09", "day")),
        ("The vote is on November 9, 2025.", ("November 9, 2025", "2025-11-09", "day")),
        ("The vote is on 9 November 2025.", ("9 November 2025", "2025-11-09", "day")),
        ("They met on Oct. 21 in Minsk.", ("Oct. 21", "2024-10-21", "day")),
        ("School starts Sept. 3.", ("Sept. 3", "2024-09-03", "day")),
        ("It opens October 21st.", ("October 21st", "2024-10-21", "day")),
        ("He was elected in 2022.", ("in 2022", "2022", "year")),
        ("Yesterday, police said", ("Yesterday", "2024-08-20", "day")),
        ("The talks end today.", ("today", "2024-08-21", "day")),
        ("Troops crossed the border last night.", ("last night", "2024-08-20", "day")),
        ("The deal was signed last Friday.", ("last Friday", "2024-08-16", "day")),
        ("He will fly to Minsk next Friday.", ("next Friday", "2024-08-23", "day")),
        ("Ukraine attacked earlier this month.", ("earlier this month", "2024-08", "month")),
        ("Xi visited in March 2023.", ("March 2023", "2023-03", "month")),
        ("Putin travelled to Beijing in May 2024.", ("May 2024", "2024-05", "month")),
        ("It happened on May 9.", ("May 9", "2024-05-09", "day")),
    ],
)
def test_an_english_time_expression_resolves(text, expected):
    assert times(text) == [expected]


def test_last_weekday_is_before_the_article_date_and_a_weekday_alone_may_be_on_it():
    assert times("on Wednesday") == [("Wednesday", "2024-08-21", "day")]
    assert times("last Wednesday") == [("last Wednesday", "2024-08-14", "day")]
    assert times("next Wednesday") == [("next Wednesday", "2024-08-28", "day")]


def test_a_weekday_with_its_date_in_brackets_is_that_date():
    assert times("Tuesday (Oct. 21)", date(2025, 10, 22)) == [("Tuesday (Oct. 21)", "2025-10-21", "day")]
    assert times("Tuesday (Oct. 21, 2025)", None) == [("Tuesday (Oct. 21, 2025)", "2025-10-21", "day")]


def test_a_month_and_day_without_a_year_take_the_nearest_year():
    assert times("Dec. 29", date(2025, 1, 3)) == [("Dec. 29", "2024-12-29", "day")]
    assert times("Jan. 5", date(2024, 12, 28)) == [("Jan. 5", "2025-01-05", "day")]
    assert times("Nov. 9", None) == [("Nov. 9", None, "day")]


def test_months_and_years_are_counted_by_the_calendar():
    assert times("next month", date(2025, 1, 31)) == [("next month", "2025-02", "month")]
    assert times("last month", date(2025, 3, 31)) == [("last month", "2025-02", "month")]
    assert times("last year", date(2024, 12, 31)) == [("last year", "2023", "year")]
    assert times("a month ago", date(2024, 3, 1)) == [("a month ago", "2024-02", "month")]


@pytest.mark.parametrize(
    "text",
    [
        "Talks may resume soon.",
        "May the talks succeed.",
        "They may 9 times out of 10 agree.",  # lower case: the verb
        "Protesters march 5 miles to the square.",
        "Protesters will March on the capital.",  # no day or year: never a month alone
        "Officials met in May.",
        "Shares rose April 10 percent.",
        "the troops are on the march",
        "wednesday",  # lower case: rarely a date
    ],
)
def test_words_that_are_not_dates_are_left_alone(text):
    assert times(text) == []


def test_without_an_article_date_only_explicit_dates_resolve():
    assert times("on Wednesday and on November 9, 2025", None) == [
        ("Wednesday", None, "day"),
        ("November 9, 2025", "2025-11-09", "day"),
    ]


def test_indonesian_expressions_are_unchanged():
    assert times("Kamis malam") == [("Kamis", "2024-08-15", "day")]
    assert times("sejak 17 Agustus 1945") == [("17 Agustus 1945", "1945-08-17", "day")]
    assert times("pada 21 Mei") == [("21 Mei", "2024-05-21", "day")]
    assert times("tahun lalu") == [("tahun lalu", "2023", "year")]
    assert times("dua tahun lalu") == [("dua tahun lalu", "2022-08", "month")]
    assert times("Selasa (21/10/2025)") == [("Selasa (21/10/2025)", "2025-10-21", "day")]


def test_the_english_seed_times():
    title, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    found = times(clean_text(body, title, language="en"))
    assert found == [
        ("Wednesday", "2024-08-21", "day"),
        ("Tuesday", "2024-08-20", "day"),
        ("last year", "2023", "year"),
        ("last year", "2023", "year"),
        ("earlier this month", "2024-08", "month"),
        ("February 2022", "2022-02", "month"),
        ("March 2023", "2023-03", "month"),
    ]  # and "in May" alone is not a date
