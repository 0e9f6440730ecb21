"""Stories through the real bot: five reports of two events, forwarded from three channels,
make two stories, each with its own sources. Articles written for this test from public facts
(the Ambon earthquake of 26 September 2019; B. J. Habibie's death on 11 September 2019)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import ADMIN, FakeClock, ask, running_bot

pytestmark = pytest.mark.slow

QUAKE = [
    (
        "Kompas",
        "Gempa Magnitudo 6,5 Guncang Ambon, Warga Mengungsi\n"
        "Gempa bumi bermagnitudo 6,5 mengguncang Kota Ambon, Maluku, pada Kamis pagi. Badan Meteorologi, "
        "Klimatologi, dan Geofisika (BMKG) menyebutkan pusat gempa berada di darat pada kedalaman 10 kilometer. "
        "Ribuan warga Ambon mengungsi ke perbukitan karena takut tsunami, meskipun BMKG menyatakan gempa tidak "
        "berpotensi tsunami. Sejumlah rumah dan gedung kampus rusak akibat guncangan gempa tersebut.",
    ),
    (
        "Tempo",
        "BMKG: Gempa Ambon Tidak Berpotensi Tsunami\n"
        "BMKG memastikan gempa bermagnitudo 6,5 yang mengguncang Ambon, Maluku, pada Kamis pagi tidak berpotensi "
        "tsunami. Kepala BMKG Dwikorita Karnawati mengatakan gempa dipicu aktivitas sesar lokal di darat. Warga "
        "Ambon diminta tetap tenang dan mewaspadai gempa susulan. Guncangan gempa merusak rumah warga dan "
        "sejumlah gedung di Ambon, dan ribuan warga masih mengungsi.",
    ),
    (
        "Antara",
        "Korban Gempa Ambon Bertambah, Ribuan Warga Mengungsi\n"
        "Jumlah korban meninggal akibat gempa bermagnitudo 6,5 yang mengguncang Ambon, Maluku, bertambah. Badan "
        "Penanggulangan Bencana Daerah Maluku mencatat ribuan warga masih mengungsi setelah gempa merusak rumah "
        "mereka. BMKG mencatat ratusan gempa susulan di sekitar Ambon sejak Kamis pagi. Bantuan untuk pengungsi "
        "gempa Ambon mulai disalurkan oleh pemerintah daerah.",
    ),
]
HABIBIE = [
    (
        "Kompas",
        "Presiden Ketiga RI BJ Habibie Wafat\n"
        "Presiden ketiga Republik Indonesia, Bacharuddin Jusuf Habibie, wafat di Rumah Sakit Pusat Angkatan "
        "Darat Gatot Soebroto, Jakarta, pada Rabu petang dalam usia 83 tahun. Putra Habibie, Thareq Kemal "
        "Habibie, mengatakan ayahnya meninggal karena gagal jantung. Habibie dikenal sebagai bapak teknologi "
        "Indonesia dan pernah memimpin industri pesawat terbang nasional.",
    ),
    (
        "Antara",
        "Jenazah BJ Habibie Dimakamkan di Taman Makam Pahlawan Kalibata\n"
        "Jenazah Presiden ketiga RI Bacharuddin Jusuf Habibie dimakamkan di Taman Makam Pahlawan Kalibata, "
        "Jakarta, di samping makam istrinya, Ainun Habibie. Presiden Joko Widodo memimpin upacara pemakaman "
        "Habibie. Ribuan warga mengantar jenazah Habibie yang wafat pada usia 83 tahun di Rumah Sakit Pusat "
        "Angkatan Darat Gatot Soebroto.",
    ),
]


async def test_five_reports_of_two_events_make_two_stories(server, bot):
    channels = {"Kompas": -1001, "Tempo": -1002, "Antara": -1003}
    for number, (source, text) in enumerate(QUAKE + HABIBIE, start=1):
        server.push_forward_from_channel(
            text, user_id=ADMIN, channel_id=channels[source], channel_title=source, message_id=number
        )
        replies = await server.wait_for_messages(number, chat_id=ADMIN, timeout=180)
        assert replies[-1]["text"].startswith("Stored:"), replies[-1]["text"]

    brief = await ask(server, "brief")
    assert brief.startswith("<b>Top stories</b>"), brief
    entries = brief.split("\n\n")[1:]
    assert len(entries) == 2, brief
    quake = next(e for e in entries if "Ambon" in e)
    habibie = next(e for e in entries if "Habibie" in e)
    assert "3 reports from Antara, Kompas, Tempo" in quake, quake
    assert "2 reports from Antara, Kompas" in habibie, habibie

    habibie_only = await ask(server, "brief", "Habibie")
    assert "Kalibata" in habibie_only or "wafat" in habibie_only, habibie_only
    assert "Ambon" not in habibie_only
    # one story: in full, with a timeline in which each happening is told once
    assert "<b>Timeline</b>" in habibie_only, habibie_only
    timeline = habibie_only.split("<b>Timeline</b>")[1].split("\n\n")[0].splitlines()[1:]
    assert timeline and len(timeline) == len(set(timeline))


async def forward(server, source: str, text: str, number: int, channel: int) -> None:
    before = len(server.sent_messages(ADMIN))
    server.push_forward_from_channel(text, user_id=ADMIN, channel_id=channel, channel_title=source, message_id=number)
    replies = await server.wait_for_messages(before + 1, chat_id=ADMIN, timeout=180)
    assert replies[-1]["text"].startswith("Stored:"), replies[-1]["text"]


async def test_a_later_report_of_an_old_story_comes_back_once_marked_new(server, tmp_path):
    clock = FakeClock(datetime(2026, 3, 10, 0, 30, tzinfo=UTC))  # 07:30 in Jakarta
    channels = {"Kompas": -1001, "Tempo": -1002, "Antara": -1003}
    async with running_bot(server, tmp_path / "bot.sqlite3", clock, check_seconds=0.2):
        assert "Briefing #1" in await ask(server, "subscribe", "08:00", user=ADMIN)
        for number, (source, text) in enumerate([QUAKE[0], QUAKE[1], HABIBIE[0]], start=1):
            await forward(server, source, text, number, channels[source])
        before = len(server.sent_messages(ADMIN))
        clock.now = datetime(2026, 3, 10, 1, 1, tzinfo=UTC)  # 08:01
        first = (await server.wait_for_messages(before + 1, chat_id=ADMIN, timeout=10))[-1]["text"]
        entries = first.split("\n\n")[1:]
        assert len(entries) == 2 and "🆕" not in first, first  # two stories, both new to the chat
        assert "2 reports from Tempo, Kompas" in next(e for e in entries if "Ambon" in e)

        await forward(server, *QUAKE[2], 4, channels["Antara"])
        before = len(server.sent_messages(ADMIN))
        clock.now += timedelta(days=1)
        second = (await server.wait_for_messages(before + 1, chat_id=ADMIN, timeout=10))[-1]["text"]
        entries = second.split("\n\n")[1:]
        assert len(entries) == 1 and "Habibie" not in second, second  # the quiet story stays out
        assert "🆕 1 new report since 10.03.2026 08:01 WIB · Antara" in entries[0], entries[0]
        assert "Korban Gempa Ambon Bertambah" in entries[0]
