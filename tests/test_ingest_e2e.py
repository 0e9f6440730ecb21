"""Links and files through the real Application and the local Bot API server: an admin sends a
link, forwards a post with the same link, sends a .jsonl file; hostile links, files and
strangers get their refusals. The page server on 127.0.0.1 is allowed by the bot's settings
(FETCH_ALLOWED_NETWORKS), as an operator would allow an intranet."""

from __future__ import annotations

import json

import pytest

from bot.ingest.pages import decode_page, extract_article
from tests.conftest import ADMIN, running_bot
from tests.pages_server import PNG, page, serve_pages
from tests.telegram_server import utf16_len

STRANGER = 3003


@pytest.fixture
async def bot(server, tmp_path, monkeypatch, analyse_once):
    monkeypatch.setenv("FETCH_ALLOWED_NETWORKS", "127.0.0.0/8")
    async with running_bot(server, tmp_path / "bot.sqlite3") as app:
        yield app


async def reply_to(server, push, user: int = ADMIN) -> str:
    """Push a message (push() does) and return the bot's answer to it, as the HTML it sent."""
    before = len(server.sent_messages(user))
    push()
    messages = await server.wait_for_messages(before + 1, chat_id=user, timeout=60)
    assert all(m["parse_mode"] == "HTML" for m in messages[before:])
    return "\n".join(m["text"] for m in messages[before:])


async def test_admin_sends_a_link_then_forwards_a_post_with_it(server, bot):
    store = bot.bot_data.services.store
    async with serve_pages() as base:
        link = f"{base}/page/cnn-gempa-jateng.html"
        answer = await reply_to(server, lambda: server.push_text(link, user_id=ADMIN))
        assert answer.startswith("Stored: <b>Gempa 4,7 SR Guncang Selatan Jawa Tengah dan Yogyakarta</b>"), answer
        assert "Cilacap" in answer

        post = f"Gempa 4,7 SR guncang selatan Jawa\n{link}"
        entity = {"type": "url", "offset": utf16_len(post) - utf16_len(link), "length": utf16_len(link)}
        answer = await reply_to(
            server,
            lambda: server.push_forward_from_channel(
                post, user_id=ADMIN, channel_title="Kanal Berita", entities=[entity]
            ),
        )
        assert answer.startswith("This article is already stored: <b>Gempa 4,7 SR"), answer

        answer = await reply_to(server, lambda: server.push_text("file:///etc/passwd", user_id=ADMIN))
        assert "I only read http:// and https:// links" in answer
        answer = await reply_to(
            server,
            lambda: server.push_text("http://169.254.169.254/latest/meta-data/", user_id=ADMIN, language_code="id"),
        )
        assert "alamat jaringan privat, lokal atau khusus (169.254.169.254)" in answer
        answer = await reply_to(server, lambda: server.push_text(f"{base}/type/png", user_id=ADMIN))
        assert "“image/png”" in answer

        answer = await reply_to(server, lambda: server.push_text(link, user_id=STRANGER), user=STRANGER)
        assert "only admins" in answer
    assert await store.count_articles() == 1


async def test_admin_sends_files(server, bot):
    records = []
    for name, ext_id in (("poskota-jokowi-susi.html", "poskota-1"), ("merdeka-hoax-jokowi.html", "merdeka-1")):
        article = extract_article(decode_page(page(name)))
        records.append(
            {
                "id": ext_id,
                "title": article.title,
                "text": article.text,
                "date": article.date,
                "source": article.site,
                "url": f"https://berita.example/{ext_id}",
            }
        )
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + ["{rusak"]
    data = "\n".join(lines).encode("utf-8")
    answer = await reply_to(
        server,
        lambda: server.push_document("berita.jsonl", data, "application/jsonl", user_id=ADMIN, caption="dua artikel"),
    )
    assert answer.splitlines() == [
        "File <b>berita.jsonl</b>: 2 stored, 0 already stored, 1 refused.",
        "✅ Jokowi Ingatkan Menteri Susi (<code>poskota-1</code>)",
        "✅ Polisi Bekuk 2 WNA, 1 WNI Pembuat Surat Hoax Jokowi Minta Dukungan (<code>merdeka-1</code>)",
        "✖ line 3: not a JSON object",
    ]

    answer = await reply_to(
        server,
        lambda: server.push_document("poskota.html", page("poskota-jokowi-susi.html"), "text/html", user_id=ADMIN),
    )
    assert answer.startswith("This article is already stored: <b>Jokowi Ingatkan Menteri Susi</b>"), answer

    for name, content, mime, expected in (
        ("foto.png", PNG, "image/png", "I read .txt, .html and .jsonl files only"),
        ("latin.txt", "Judul\nKafe ramai, café.".encode("cp1252"), "text/plain", "not UTF-8 text"),
        ("biner.txt", PNG * 40, "text/plain", "does not look like text"),
    ):
        answer = await reply_to(server, lambda: server.push_document(name, content, mime, user_id=ADMIN))
        assert expected in answer, (name, answer)

    answer = await reply_to(
        server, lambda: server.push_document("berita.jsonl", data, "application/jsonl", user_id=STRANGER), user=STRANGER
    )
    assert "only admins" in answer
    assert await bot.bot_data.services.store.count_articles() == 2
