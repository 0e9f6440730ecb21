"""Analysis workers that scale out, for real: `briefbot ingest --enqueue-only` into PostgreSQL,
three `briefbot worker` processes, one killed with SIGKILL (its whole process group, as a
machine dying would) while it holds a batch. Every article is analysed once, and the answers
are those of a single SQLite run of the same articles."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

pytestmark = pytest.mark.slow

# Short articles written for this test (two events, several outlets), so three workers finish
# in a minute or two on two cores.
ARTICLES = [
    (
        "banjir-1",
        "Banjir rendam Palu",
        "Banjir merendam ratusan rumah di Kota Palu, Sulawesi Tengah, pada Senin. "
        "Gubernur Sulawesi Tengah Anwar Hafid meninjau lokasi banjir dan meminta warga mengungsi. "
        "Hujan deras turun sejak Minggu sore dan sungai di tengah kota meluap.",
    ),
    (
        "banjir-2",
        "Warga Palu mengungsi",
        "Ratusan warga Palu mengungsi setelah banjir melanda pada Senin malam. "
        "Badan Nasional Penanggulangan Bencana mengirim bantuan ke Sulawesi Tengah. "
        "Para pengungsi tinggal di masjid dan sekolah di sekitar kota.",
    ),
    (
        "banjir-3",
        "BNPB kirim bantuan ke Palu",
        "BNPB mengirim tenda dan makanan untuk korban banjir di Palu. "
        "Kepala BNPB Suharyanto mengatakan bantuan tiba pada Selasa. "
        "Ia juga meminta pemerintah daerah menyiapkan dapur umum bagi para pengungsi.",
    ),
    (
        "kereta-1",
        "Kereta cepat tambah jadwal",
        "PT Kereta Cepat Indonesia China menambah jadwal perjalanan "
        "Jakarta-Bandung mulai Jumat. Direktur Utama Dwiyana Slamet Riyadi mengatakan penumpang terus naik. "
        "Tiket untuk jadwal tambahan sudah dapat dibeli sejak Rabu.",
    ),
    (
        "kereta-2",
        "Penumpang kereta cepat naik",
        "Jumlah penumpang kereta cepat Jakarta-Bandung naik pada libur "
        "panjang. Menteri Perhubungan Dudy Purwagandhi meninjau Stasiun Halim di Jakarta. "
        "Ia meminta operator menjaga keselamatan dan ketepatan waktu perjalanan.",
    ),
    (
        "kereta-3",
        "Jadwal baru kereta cepat",
        "Jadwal baru kereta cepat berlaku mulai Jumat di Stasiun Halim, "
        "Jakarta. Dwiyana Slamet Riyadi meminta penumpang datang lebih awal. "
        "Perusahaan juga membuka loket tambahan di Stasiun Tegalluar, Bandung.",
    ),
]


def _jsonl(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for ext_id, title, text in ARTICLES:
            record = {"id": ext_id, "title": title, "text": text, "source": "Kantor Berita", "published": "2026-11-30"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _briefbot(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def _answers(db: str) -> list[object]:
    """/who and /where as the command line gives them (JSON), in a stable order."""
    found = []
    for command in ("who", "where"):
        done = _briefbot(command, "--json", "--db", db)
        assert done.returncode == 0, done.stderr
        rows = json.loads(done.stdout)
        for row in rows:  # the articles' order is their ids': the order they were stored in, which varies
            row["articles"] = sorted(row["articles"])
        found.append(sorted(json.dumps(row, sort_keys=True) for row in rows))
    return found


def test_three_workers_one_killed_mid_batch_analyse_every_article_once(postgres_url, tmp_path):
    articles = _jsonl(tmp_path / "articles.jsonl")
    reference = str(tmp_path / "one.sqlite3")
    done = _briefbot("ingest", "--quiet", "--db", reference, str(articles))
    assert done.returncode == 0 and "stored: 6" in done.stdout, done.stdout + done.stderr

    done = _briefbot("ingest", "--enqueue-only", "--quiet", "--db", postgres_url, str(articles))
    assert done.returncode == 0 and "queued: 6" in done.stdout, done.stdout + done.stderr

    logs = [open(tmp_path / f"worker-{n}.log", "w+") for n in range(3)]
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bot.cli",
                "worker",
                "--db",
                postgres_url,
                "--exit-when-idle",
                "--batch",
                "2",
                "--lease",
                "4",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for log in logs
    ]
    victim = workers[0]
    try:
        # kill the first worker once it holds a batch (the batch is its, analysis under way)
        with psycopg.connect(postgres_url, autocommit=True) as db:
            for _ in range(1200):
                held = db.execute(
                    "SELECT id FROM articles WHERE status = 'pending' AND lease_owner LIKE %s", (f"%:{victim.pid}:%",)
                ).fetchall()
                if held or victim.poll() is not None:
                    break
                time.sleep(0.05)
            assert held, "the first worker never held a batch"
            os.killpg(victim.pid, signal.SIGKILL)
            victim.wait(30)
            codes = [worker.wait(600) for worker in workers[1:]]
            if codes != [0, 0]:
                for log in logs:
                    log.seek(0)
                raise AssertionError(f"workers exited with {codes}:\n" + "\n---\n".join(log.read() for log in logs))
            rows = db.execute("SELECT id, ext_id, status, lease_owner, attempts FROM articles ORDER BY id").fetchall()
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGKILL)
        outputs = []
        for log in logs:
            log.seek(0)
            outputs.append(log.read())
            log.close()
    assert victim.returncode == -signal.SIGKILL
    assert [(ext_id, status, owner) for _, ext_id, status, owner, _ in rows] == [
        (ext_id, "analysed", None) for ext_id, _, _ in ARTICLES
    ], outputs
    # the killed worker's batch was claimed again once its lease ran out: a second attempt
    assert {article_id for article_id, *_, attempts in rows if attempts >= 2} >= {row[0] for row in held}, rows
    # one analysis each: the same actors and places, mentions and articles as one SQLite run
    assert _answers(postgres_url) == _answers(reference)
