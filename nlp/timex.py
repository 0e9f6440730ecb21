"""Time expressions in Indonesian and English news, resolved against the article's date.

"hari Rabu", "Selasa (21/10/2025)", "dua minggu lalu", "kemarin", "21 Oktober 2025", "on
Wednesday", "two weeks ago", "Nov. 9", "Tuesday (Oct. 21)", "last Friday", "earlier this month".
A weekday means the latest such day on or before the article's date (wire copy reports what
happened); "last Friday" the latest before it. A month and day without a year ("Nov. 9") are
taken in the year that puts them nearest the article's date. Without an article date only
explicit dates resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from nlp import wordlists


def _numbers(name: str) -> dict[str, int]:
    """A `word = number` list of nlp/data/, in file order."""
    return {word: int(value) for word, value in wordlists.pairs(name).items()}


WEEKDAYS = _numbers("weekdays")  # 0 is Monday
MONTHS = _numbers("months")
NUMBERS = _numbers("numbers")
UNITS = _numbers("time_units")  # in days
RELATIVE_DAYS = _numbers("relative_days")  # days from the article's date
# The words of direction ("lalu", "depan") belong to the patterns below, which name them.
PAST = {"lalu", "yang lalu", "silam", "ago", "sebelumnya"}
FUTURE = {"lagi", "mendatang", "depan", "ke depan"}
# English month names that are also everyday words ("you may", "they march", "to mar"): one
# is a month only when capitalised, and only next to a day or a year (no pattern takes a month
# alone, so "May" on its own never is one).
MONTH_WORDS = {"may", "march", "mar"}

_NUM = r"(\d{1,2}|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
_UNIT = "(" + "|".join(sorted(UNITS, key=len, reverse=True)) + ")"
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = "(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + ")"
_RELATIVE = "(" + "|".join(sorted(RELATIVE_DAYS, key=len, reverse=True)) + ")"
# A time of day after an English weekday belongs to it: "Wednesday night" is Wednesday.
_PART_OF_DAY = r"(?:\s+(?:night|morning|afternoon|evening))?"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # Tuesday (Oct. 21), Tuesday (Oct. 21, 2025): the date in brackets is the day
    ("wmd", re.compile(r"\b" + _WEEKDAY + r"\s*\(\s*" + _MONTH + r"\s+(\d{1,2})(?:,?\s+(\d{4}))?\s*\)", re.I)),
    # Selasa (21/10/2025), (21/10)
    ("numeric", re.compile(r"(?:\b" + _WEEKDAY + r"\s*)?\(\s*(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\s*\)", re.I)),
    ("numeric", re.compile(r"\b()(\d{1,2})/(\d{1,2})/(\d{4})\b")),
    # 21 Oktober 2025, 21 October
    ("dmy", re.compile(r"\b(\d{1,2})\s+" + _MONTH + r"(?:\s+(\d{4}))?\b", re.I)),
    # October 21, 2025
    ("mdy", re.compile(r"\b" + _MONTH + r"\s+(\d{1,2}),?\s+(\d{4})\b", re.I)),
    # Oktober 2025
    ("my", re.compile(r"\b(?:bulan\s+)?" + _MONTH + r"\s+(\d{4})\b", re.I)),
    # Nov. 9, Sept. 3, October 21st: not a share or an amount ("April 10 percent", "Nov 9.5")
    (
        "md",
        re.compile(
            r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?![.,:]\d|\s*(?:%|percent|per cent|persen))", re.I
        ),
    ),
    # dua minggu lalu, 3 hari yang lalu, two weeks ago, sepekan lalu
    ("ago", re.compile(r"\b" + _NUM + r"\s*-?\s*" + _UNIT + r"\s+(yang lalu|lalu|silam|ago|lagi|mendatang)\b", re.I)),
    ("ago", re.compile(r"\b(se)(hari|minggu|pekan|bulan|tahun)\s+(yang lalu|lalu|silam|lagi|mendatang)\b", re.I)),
    # earlier this month, later this year: the month or year itself
    ("earlier", re.compile(r"\b(?:earlier|later)\s+(this)\s+(week|month|year)\b", re.I)),
    # pekan lalu, tahun depan, last week, next year
    ("last", re.compile(r"\b(minggu|pekan|bulan|tahun)\s+(lalu|depan|ini)\b", re.I)),
    ("last", re.compile(r"\b(last|next|this)\s+(week|month|year)\b", re.I)),
    # kemarin, hari ini, yesterday
    ("relative", re.compile(r"\b" + _RELATIVE + r"\b", re.I)),
    # last Friday, next Monday night
    ("lastday", re.compile(r"\b(last|next)\s+" + _WEEKDAY + r"\b" + _PART_OF_DAY, re.I)),
    # (pada) hari Rabu, on Wednesday, Kamis malam, Wednesday night
    ("weekday", re.compile(r"\b(?:hari\s+)?" + _WEEKDAY + r"\b" + _PART_OF_DAY, re.I)),
    # pada tahun 2022, in 2022
    ("year", re.compile(r"\b(?:tahun|in|pada)\s+((?:19|20)\d{2})\b", re.I)),
]


@dataclass
class TimeExpression:
    """A time expression found in a text, and the day (or first day of a month or year) it means."""

    text: str
    start: int
    end: int
    date: date | None
    precision: str  # "day", "month", "year", or "week"

    def iso(self) -> str | None:
        """The date as ISO 8601 says it at its precision: "2022" for "tahun 2022", "2024-08" for
        "Agustus 2024", "2024-08-21" for a day or a week (its day), so that nobody reads the
        first of January into a year."""
        if self.date is None:
            return None
        return self.date.isoformat()[: {"year": 4, "month": 7}.get(self.precision, 10)]


def parse_date(value: str | None) -> date | None:
    """An article's date as stored ("2025-10-21", "2025-10-21T08:00:00+07:00"), or None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
        return date(*map(int, match.groups())) if match else None


def _year(text: str | None, anchor: date | None) -> int | None:
    if text:
        year = int(text)
        return year + 2000 if year < 100 else year
    return anchor.year if anchor else None


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    try:
        return date(year, month, day) if year else None
    except ValueError:
        return None


def _shift(anchor: date | None, days: int) -> date | None:
    return anchor + timedelta(days=days) if anchor else None


def _shift_months(anchor: date | None, months: int) -> date | None:
    """The first day of the month `months` from the anchor's (by the calendar, not 30 days)."""
    if anchor is None:
        return None
    index = anchor.year * 12 + anchor.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _nearest(anchor: date | None, month: int, day: int) -> date | None:
    """A month and day without a year, in the year that puts them nearest the article's date:
    "Dec. 29" in a story of 3 January is last year's, "Jan. 5" in one of 28 December next year's."""
    if anchor is None:
        return None
    days = [d for d in (_safe_date(anchor.year + k, month, day) for k in (0, -1, 1)) if d]
    return min(days, key=lambda d: abs((d - anchor).days)) if days else None


def _month(word: str) -> int | None:
    """The month a matched month word names, or None for a word like "may" that is not capitalised."""
    if word.lower() in MONTH_WORDS and not word[:1].isupper():
        return None
    return MONTHS[word.lower()]


def _resolve(kind: str, m: re.Match[str], anchor: date | None) -> tuple[date | None, str] | None:
    g = m.groups()
    if kind == "numeric":
        day, month = int(g[1]), int(g[2])
        return _safe_date(_year(g[3], anchor), month, day), "day"
    if kind in ("dmy", "mdy", "my", "md", "wmd"):
        word = {"dmy": g[1], "wmd": g[1]}.get(kind, g[0])
        named = _month(word)
        if named is None:
            return None
        if kind == "dmy":
            return _safe_date(_year(g[2], anchor), named, int(g[0])), "day"
        if kind == "mdy":
            return _safe_date(int(g[2]), named, int(g[1])), "day"
        if kind == "my":
            return _safe_date(int(g[1]), named, 1), "month"
        if kind == "md":
            return _nearest(anchor, named, int(g[1])), "day"
        # wmd: the weekday is only a check on the date, which may be off in the copy; the date wins
        when = _safe_date(int(g[3]), named, int(g[2])) if g[3] else _nearest(anchor, named, int(g[2]))
        return when, "day"
    if kind == "year":
        return date(int(g[0]), 1, 1), "year"
    if kind == "ago":
        count = NUMBERS.get(g[0].lower()) or (int(g[0]) if g[0].isdigit() else 1)
        days = UNITS[g[1].lower()]
        sign = -1 if g[2].lower() in PAST else 1
        if days in (1, 7):
            return _shift(anchor, sign * count * days), "day" if days == 1 else "week"
        # months and years by the calendar, at month precision as before ("dua tahun lalu")
        return _shift_months(anchor, sign * count * (12 if days == 365 else 1)), "month"
    if kind in ("last", "earlier"):
        unit, which = g[0].lower(), g[1].lower()
        if unit in ("last", "next", "this"):
            unit, which = g[1].lower(), {"last": "lalu", "next": "depan", "this": "ini"}[unit]
        step = {"lalu": -1, "depan": 1, "ini": 0}[which]
        if UNITS[unit] == 7:
            return _shift(anchor, 7 * step), "week"
        if UNITS[unit] == 30:
            return _shift_months(anchor, step), "month"
        return (date(anchor.year + step, 1, 1) if anchor else None), "year"
    if kind == "relative":
        return _shift(anchor, RELATIVE_DAYS[g[0].lower()]), "day"
    if kind == "lastday":
        if not g[1][0].isupper():
            return None  # as for a weekday alone
        if anchor is None:
            return None, "day"
        weekday = WEEKDAYS[g[1].lower()]
        if g[0].lower() == "last":  # the latest such day before the article's date
            return anchor - timedelta(days=(anchor.weekday() - weekday - 1) % 7 + 1), "day"
        return anchor + timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1), "day"
    if kind == "weekday":
        word = g[0]
        # "Minggu" is also "week": only a capitalised Minggu or "hari Minggu" is Sunday
        if word.lower() == "minggu" and not (word[0].isupper() or m.group(0).lower().startswith("hari")):
            return None
        if not word[0].isupper() and not m.group(0).lower().startswith("hari"):
            return None  # "rabu" inside a lowercase phrase is rarely a date
        if anchor is None:
            return None, "day"
        back = (anchor.weekday() - WEEKDAYS[word.lower()]) % 7
        return anchor - timedelta(days=back), "day"
    return None


def find_times(text: str, anchor: date | None = None) -> list[TimeExpression]:
    """Every time expression in the text, left to right, longest first where two overlap."""
    found: list[TimeExpression] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            resolved = _resolve(kind, m, anchor)
            if resolved is None:
                continue
            found.append(TimeExpression(m.group(0), start, end, resolved[0], resolved[1]))
            taken.append((start, end))
    return sorted(found, key=lambda t: t.start)
