"""The briefbot command line, end to end on the bundled models."""

import json

import pytest

from bot.cli import main
from tests.conftest import SEED_FILE


@pytest.mark.slow
def test_demo_prints_who_where_and_brief(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    who, where, brief = out.split("WHO")[1], out.split("WHERE")[1], out.split("BRIEF")[1]
    # the two seeds, Indonesian and English, tell of one visit: one Putin with both titles
    putin = next(line for line in who.splitlines() if "Vladimir Putin [PER]" in line)
    assert "2 articles" in putin and "Russian President" in putin and "Presiden Rusia" in putin, putin
    assert "Mikhail Mishustin" in who
    assert "Kursk" in where and "Belarus" in where
    assert "Sources:" in brief


@pytest.mark.slow
def test_ingest_then_query_as_json(tmp_path, capsys):
    seed_text = SEED_FILE.read_text(encoding="utf-8")
    title, _, body = seed_text.partition("\n")
    jsonl = tmp_path / "articles.jsonl"
    records = [
        {
            "id": "kremlin-1",
            "title": title,
            "text": body,
            "date": "2024-08-21",
            "source": "wire",
            "url": "https://example.org/1",
        },
        {"id": "empty-1", "title": "Kosong", "text": ""},
    ]
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\nnot json\n", encoding="utf-8")
    db = tmp_path / "cli.sqlite3"
    assert main(["ingest", str(jsonl), "--db", str(db), "--quiet"]) == 0
    out = capsys.readouterr()
    assert "stored: 1" in out.out and "empty: 1" in out.out
    assert "not JSON" in out.err

    assert main(["who", "Putin", "--json", "--db", str(db)]) == 0
    who = json.loads(capsys.readouterr().out)
    assert who[0]["name"] == "Vladimir Putin" and who[0]["type"] == "PER"
    assert "Presiden Rusia" in who[0]["titles"] and who[0]["articles"] == ["kremlin-1"]

    assert main(["where", "--article", "kremlin-1", "--json", "--db", str(db)]) == 0
    where = json.loads(capsys.readouterr().out)
    assert {"Moskow", "Kursk"} <= {p["name"] for p in where}

    assert main(["brief", "--json", "--db", str(db)]) == 0
    brief = json.loads(capsys.readouterr().out)
    assert brief["text"].startswith("Presiden Rusia Vladimir Putin")
    assert brief["sources"][0]["url"] == "https://example.org/1"

    assert main(["ingest", str(jsonl), "--db", str(db), "--quiet"]) == 0
    assert "duplicate: 1" in capsys.readouterr().out


def test_missing_path_is_an_error(tmp_path, capsys):
    assert main(["ingest", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "x.sqlite3")]) == 2
    assert "not found" in capsys.readouterr().err
