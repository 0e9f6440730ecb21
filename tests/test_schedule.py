"""When a subscription is due: a pure function of the subscription and the time (no Telegram)."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.services.briefings import due_slot, latest_slot, next_slot, parse_time, parse_timezone
from storage import Subscription

UTC = UTC
JAKARTA = ZoneInfo("Asia/Jakarta")
BERLIN = ZoneInfo("Europe/Berlin")


def sub(at: str, created: datetime, tz: str = "Asia/Jakarta") -> Subscription:
    return Subscription(
        id=1,
        chat_id=-100,
        topic=None,
        time_of_day=time.fromisoformat(at),
        last_slot=created,
        last_article_id=0,
        last_sent_at=None,
        timezone=tz,
        language="id",
        length="short",
    )


def local(tz: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=tz).astimezone(UTC)


def test_due_after_the_local_time_and_only_once():
    s = sub("08:00", local(JAKARTA, 2026, 3, 10, 7, 30))
    assert due_slot(s, local(JAKARTA, 2026, 3, 10, 7, 59)) is None
    slot = due_slot(s, local(JAKARTA, 2026, 3, 10, 8, 0))
    assert slot == datetime(2026, 3, 10, 1, 0, tzinfo=UTC)  # 08:00 WIB is 01:00 UTC
    s.last_slot = slot  # handled
    assert due_slot(s, local(JAKARTA, 2026, 3, 10, 23, 59)) is None
    assert due_slot(s, local(JAKARTA, 2026, 3, 11, 8, 1)) == slot + timedelta(days=1)


def test_a_subscription_made_after_todays_time_waits_for_tomorrow():
    s = sub("08:00", local(JAKARTA, 2026, 3, 10, 9, 0))
    assert due_slot(s, local(JAKARTA, 2026, 3, 10, 12, 0)) is None
    assert due_slot(s, local(JAKARTA, 2026, 3, 11, 7, 59)) is None
    assert due_slot(s, local(JAKARTA, 2026, 3, 11, 8, 0)) == local(JAKARTA, 2026, 3, 11, 8, 0)


def test_days_missed_while_down_make_one_slot_the_latest():
    s = sub("08:00", local(JAKARTA, 2026, 3, 1, 7, 0))
    assert due_slot(s, local(JAKARTA, 2026, 3, 5, 6, 0)) == local(JAKARTA, 2026, 3, 4, 8, 0)


def test_the_time_is_the_chats_local_time():
    created = datetime(2026, 1, 1, tzinfo=UTC)
    now = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)  # 13:00 WIB, 07:00 in Berlin (CET)
    assert due_slot(sub("08:00", created, "Asia/Jakarta"), now) == datetime(2026, 3, 10, 1, 0, tzinfo=UTC)
    assert due_slot(sub("08:00", created, "Europe/Berlin"), now) == datetime(2026, 3, 9, 7, 0, tzinfo=UTC)


def test_daylight_saving_time_keeps_the_local_hour_and_one_slot_a_day():
    # Berlin moves from UTC+1 to UTC+2 on 29 March 2026, and back on 25 October.
    before = latest_slot(local(BERLIN, 2026, 3, 28, 9, 0), time(8), BERLIN)
    after = latest_slot(local(BERLIN, 2026, 3, 29, 9, 0), time(8), BERLIN)
    assert (before.hour, after.hour) == (7, 6)  # 08:00 local both days
    assert after - before == timedelta(hours=23)
    # 02:30 does not exist on 29 March: the slot falls just after the gap, once
    gap = next_slot(local(BERLIN, 2026, 3, 29, 1, 0), time(2, 30), BERLIN)
    assert gap == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST
    # 02:30 happens twice on 25 October: the first one counts, the second is not another slot
    s = sub("02:30", datetime(2026, 10, 24, 12, 0, tzinfo=UTC), "Europe/Berlin")
    first = due_slot(s, datetime(2026, 10, 25, 0, 45, tzinfo=UTC))
    assert first == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    s.last_slot = first
    assert due_slot(s, datetime(2026, 10, 25, 1, 45, tzinfo=UTC)) is None  # 02:45 CET, the second 02:30 passed


def test_next_slot_is_strictly_after_now():
    now = local(JAKARTA, 2026, 3, 10, 8, 0)
    assert next_slot(now, time(8), JAKARTA) == local(JAKARTA, 2026, 3, 11, 8, 0)
    assert next_slot(now, time(8, 1), JAKARTA) == local(JAKARTA, 2026, 3, 10, 8, 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("08:00", time(8)),
        ("8:05", time(8, 5)),
        ("8.30", time(8, 30)),
        ("0715", time(7, 15)),
        ("7", time(7)),
        ("23:59", time(23, 59)),
        ("24:00", None),
        ("8:60", None),
        ("pagi", None),
        ("", None),
    ],
)
def test_parse_time(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Asia/Jakarta", "Asia/Jakarta"),
        ("WIB", "Asia/Jakarta"),
        ("wita", "Asia/Makassar"),
        ("WIT", "Asia/Jayapura"),
        ("UTC+7", "Etc/GMT-7"),
        ("+9", "Etc/GMT-9"),
        ("UTC-3", "Etc/GMT+3"),
        ("utc", "UTC"),
        ("Europe/Berlin", "Europe/Berlin"),
        ("Mars/Olympus", None),
        ("UTC+15", None),
        ("../../etc/passwd", None),
        ("", None),
    ],
)
def test_parse_timezone(text, expected):
    assert parse_timezone(text) == expected
