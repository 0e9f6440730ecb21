"""Time expressions in Indonesian and English news, resolved against the article's date.

"hari Rabu", "Selasa (21/10/2025)", "dua minggu lalu", "kemarin", "21 Oktober 2025", "on
Wednesday", "two weeks ago". A weekday means the latest such day on or before the article's
date (wire copy reports what happened); without an article date only explicit dates resolve.
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

_NUM = r"(\d{1,2}|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
_UNIT = "(" + "|".join(sorted(UNITS, key=len, reverse=True)) + ")"
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = "(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + ")"
_RELATIVE = "(" + "|".join(sorted(RELATIVE_DAYS, key=len, reverse=True)) + ")"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # Selasa (21/10/2025), (21/10)
    ("numeric", re.compile(r"(?:\b" + _WEEKDAY + r"\s*)?\(\s*(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\s*\)", re.I)),
    ("numeric", re.compile(r"\b()(\d{1,2})/(\d{1,2})/(\d{4})\b")),
    # 21 Oktober 2025, 21 October
    ("dmy", re.compile(r"\b(\d{1,2})\s+" + _MONTH + r"(?:\s+(\d{4}))?\b", re.I)),
    # October 21, 2025
    ("mdy", re.compile(r"\b" + _MONTH + r"\s+(\d{1,2}),?\s+(\d{4})\b", re.I)),
    # Oktober 2025
    ("my", re.compile(r"\b(?:bulan\s+)?" + _MONTH + r"\s+(\d{4})\b", re.I)),
    # dua minggu lalu, 3 hari yang lalu, two weeks ago, sepekan lalu
    ("ago", re.compile(r"\b" + _NUM + r"\s*-?\s*" + _UNIT + r"\s+(yang lalu|lalu|silam|ago|lagi|mendatang)\b", re.I)),
    ("ago", re.compile(r"\b(se)(hari|minggu|pekan|bulan|tahun)\s+(yang lalu|lalu|silam|lagi|mendatang)\b", re.I)),
    # pekan lalu, tahun depan, last week, next year
    ("last", re.compile(r"\b(minggu|pekan|bulan|tahun)\s+(lalu|depan|ini)\b", re.I)),
    ("last", re.compile(r"\b(last|next|this)\s+(week|month|year)\b", re.I)),
    # kemarin, hari ini, yesterday
    ("relative", re.compile(r"\b" + _RELATIVE + r"\b", re.I)),
    # (pada) hari Rabu, on Wednesday, Kamis malam
    ("weekday", re.compile(r"\b(?:hari\s+)?" + _WEEKDAY + r"\b", re.I)),
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


def _resolve(kind: str, m: re.Match[str], anchor: date | None) -> tuple[date | None, str] | None:
    g = m.groups()
    if kind == "numeric":
        day, month = int(g[1]), int(g[2])
        return _safe_date(_year(g[3], anchor), month, day), "day"
    if kind == "dmy":
        return _safe_date(_year(g[2], anchor), MONTHS[g[1].lower()], int(g[0])), "day"
    if kind == "mdy":
        return _safe_date(int(g[2]), MONTHS[g[0].lower()], int(g[1])), "day"
    if kind == "my":
        return _safe_date(int(g[1]), MONTHS[g[0].lower()], 1), "month"
    if kind == "year":
        return date(int(g[0]), 1, 1), "year"
    if kind == "ago":
        count = NUMBERS.get(g[0].lower()) or (int(g[0]) if g[0].isdigit() else 1)
        days = count * UNITS[g[1].lower()]
        sign = -1 if g[2].lower() in PAST else 1
        precision = "day" if UNITS[g[1].lower()] == 1 else "week" if UNITS[g[1].lower()] == 7 else "month"
        return _shift(anchor, sign * days), precision
    if kind == "last":
        unit, which = g[0].lower(), g[1].lower()
        if unit in ("last", "next", "this"):
            unit, which = g[1].lower(), {"last": "lalu", "next": "depan", "this": "ini"}[unit]
        days = UNITS[unit] * {"lalu": -1, "depan": 1, "ini": 0}[which]
        return _shift(anchor, days), "week" if UNITS[unit] == 7 else "month" if UNITS[unit] == 30 else "year"
    if kind == "relative":
        return _shift(anchor, RELATIVE_DAYS[g[0].lower()]), "day"
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
