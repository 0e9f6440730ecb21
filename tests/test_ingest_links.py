"""Links, posts with links, and files through IngestService, on the bundled models: what is
stored, and every hostile case refused with its reply and nothing stored.

Pages come from a local server on 127.0.0.1 (allowed explicitly here); the same three saved
pages serve every test, so the pipeline analyses each article once (analyse_once)."""

from __future__ import annotations

import ipaddress
import json

import pytest

from bot.ingest.documents import DocumentProblem
from bot.ingest.fetch import FetchPolicy
from bot.ingest.pages import PageArticle, decode_page, extract_article
from bot.ingest.service import IngestStatus
from handlers.ingest import describe, describe_file
from tests.pages_server import JUNK_MARKERS, PNG, page, serve_pages

LOCAL = FetchPolicy(allowed_networks=(ipaddress.ip_network("127.0.0.0/8"),), timeout=1.0)
CNN, MERDEKA, POSKOTA = "cnn-gempa-jateng.html", "merdeka-hoax-jokowi.html", "poskota-jokowi-susi.html"


@pytest.fixture
async def base(service, analyse_once):
    service.fetch_policy = LOCAL
    async with serve_pages() as url:
        yield url


def extracted(name: str) -> PageArticle:
    return extract_article(decode_page(page(name)))


async def stored_rows(service) -> list[dict]:
    async with service.store.db.execute(
        "SELECT ext_id, title, text, raw_text, url, source, published, author FROM articles ORDER BY id"
    ) as cur:
        columns = [c[0] for c in cur.description]
        return [dict(zip(columns, row)) for row in await cur.fetchall()]


async def no_dns(host: str, port: int) -> list[str]:
    raise AssertionError(f"nothing should be fetched, yet {host} was looked up")


async def test_a_link_is_fetched_extracted_and_stored(service, base):
    result = await service.ingest_url(f"{base}/page/{CNN}", added_by=1001)
    assert result.status is IngestStatus.STORED, result
    assert result.title == "Gempa 4,7 SR Guncang Selatan Jawa Tengah dan Yogyakarta"
    assert "Cilacap" in result.places
    [row] = await stored_rows(service)
    assert row["title"] == result.title
    assert (row["url"], row["source"], row["published"], row["author"]) == (
        f"{base}/page/{CNN}",
        "CNN Indonesia",
        "2016-11-15",
        "Redaksi CNN Indonesia",
    )
    assert row["text"].startswith("Jakarta, CNN Indonesia -- Gempa berkekuatan 4,7 Skala Richter")
    assert "Hingga pukul 20:00 WIB, tak tercatat ada gempa susulan." in row["text"]
    for chrome in ("ADVERTISEMENT", "googletag", "Terpopuler", "Topik terkait", "Pedoman Media Siber"):
        assert chrome not in row["raw_text"]
    assert "Stored: <b>Gempa 4,7 SR" in describe(result, "en", service.languages)


async def test_a_forwarded_headline_with_a_link_stores_the_page_once(service, base):
    post = f"Polisi bekuk pembuat surat hoax Jokowi\n{base}/page/{MERDEKA}"
    result = await service.ingest_post(post, added_by=1001, source="Kanal Berita", source_url="https://t.me/kanal/9")
    assert result.status is IngestStatus.STORED, result
    assert result.title == "Polisi Bekuk 2 WNA, 1 WNI Pembuat Surat Hoax Jokowi Minta Dukungan"
    # the link again, marked by Telegram and written in the text: still the same one article
    again = await service.ingest_post(post, [f"{base}/page/{MERDEKA}"], source="Kanal Berita")
    assert again.status is IngestStatus.DUPLICATE
    [row] = await stored_rows(service)
    assert (row["url"], row["source"]) == (f"{base}/page/{MERDEKA}", "Merdeka.com")
    assert "Polisi telah menangkap dua Warga Negara Asing" in row["text"]


async def test_a_long_post_with_a_link_is_stored_as_it_is_and_keeps_the_link(service, base):
    service._resolver = no_dns  # the post is the article: its link is not fetched
    poskota = extracted(POSKOTA)
    link = "https://poskotanews.example/2018/01/10/jokowi-ingatkan-menteri-susi/"
    post = f"{poskota.title}\n{poskota.text}\n\nSumber: {link}"
    result = await service.ingest_post(post, added_by=1001, source="Kanal Berita", source_url="https://t.me/kanal/10")
    assert result.status is IngestStatus.STORED, result
    [row] = await stored_rows(service)
    assert (row["title"], row["url"], row["source"]) == ("Jokowi Ingatkan Menteri Susi", link, "Kanal Berita")
    assert "Sumber" not in row["text"] and "Susi Pudjiastuti" in row["text"]

    # a forwarded article whose first words are its site's name, which Telegram marks as a
    # link: a name, not the article's address; nothing is fetched, the post's own link is kept
    merdeka = extracted(MERDEKA)
    pasted = f"{merdeka.title}\n{merdeka.text}"
    result = await service.ingest_post(
        pasted, ["Merdeka.com"], source="Kanal Berita", source_url="https://t.me/kanal/11"
    )
    assert result.status is IngestStatus.STORED, result
    row = (await stored_rows(service))[-1]
    assert (row["title"], row["url"]) == (merdeka.title, "https://t.me/kanal/11")
    assert row["text"].startswith("Merdeka.com - Polisi telah menangkap")


async def test_txt_html_and_jsonl_files(service, base):
    cnn, merdeka, poskota = extracted(CNN), extracted(MERDEKA), extracted(POSKOTA)
    html = await service.ingest_file("poskota.html", page(POSKOTA), added_by=1001)
    [(line, result)] = html.results
    assert (line, result.status, result.title) == (0, IngestStatus.STORED, "Jokowi Ingatkan Menteri Susi")

    txt = await service.ingest_file("gempa.txt", f"{cnn.title}\n{cnn.text}".encode())
    assert txt.results[0][1].status is IngestStatus.STORED
    assert txt.results[0][1].title == cnn.title

    records = [
        {
            "id": "merdeka-1",
            "title": merdeka.title,
            "text": merdeka.text,
            "date": "2017-07-20",
            "source": "Merdeka.com",
            "url": "https://www.merdeka.com/peristiwa/x.html",
        },
        {"title": poskota.title, "text": poskota.text},  # the .html file's article again
        {"title": "Pendek", "text": "Hanya satu kalimat."},
    ]
    lines = [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in records]
    lines += [b"{rusak", b'"hanya teks"', b'{"title": "x", "text": "caf\xe9"}']
    report = await service.ingest_file("batch.jsonl", b"\n".join(lines))
    assert [(n, r.reason) for n, r in report.results] == [
        (1, IngestStatus.STORED),
        (2, IngestStatus.DUPLICATE),
        (3, IngestStatus.TOO_SHORT),
        (4, DocumentProblem.BAD_RECORD),
        (5, DocumentProblem.BAD_RECORD),
        (6, DocumentProblem.BAD_ENCODING),
    ]
    summary = describe_file(report, "en", service.languages)
    assert summary.startswith("File <b>batch.jsonl</b>: 1 stored, 1 already stored, 4 refused.")
    assert "✖ line 3: too short" in summary and "✖ line 6: not UTF-8" in summary

    rows = await stored_rows(service)
    assert [r["title"] for r in rows] == [poskota.title, cnn.title, merdeka.title]
    assert rows[2]["ext_id"] == "merdeka-1" and rows[2]["published"] == "2017-07-20"


async def test_junk_in_a_page_is_cleaned_before_storing(service, base):
    result = await service.ingest_url(f"{base}/type/junk")
    assert result.status is IngestStatus.STORED, result
    [row] = await stored_rows(service)
    assert row["title"] == "Banjir Rendam Kampung Melayu" and "400 warga telah mengungsi" in row["text"]
    for marker in JUNK_MARKERS:
        assert marker not in row["raw_text"] and marker not in row["text"]


HOSTILE_ADDRESSES = {  # with the default policy: nothing but public addresses
    "file:///etc/passwd": "only read http:// and https:// links",
    "ftp://ftp.example.com/berita.txt": "only read http:// and https:// links",
    "javascript:alert(document.cookie)": "only read http:// and https:// links",
    "data:text/html,<script>alert(1)</script>": "only read http:// and https:// links",
    "http://10.0.0.1/admin": "private, local or reserved network address (10.0.0.1)",
    "http://192.168.1.1/": "private, local or reserved network address (192.168.1.1)",
    "http://172.16.0.1/": "private, local or reserved network address (172.16.0.1)",
    "http://169.254.169.254/latest/meta-data/": "private, local or reserved network address (169.254.169.254)",
    "http://[::1]/": "private, local or reserved network address (::1)",
    "http://[::ffff:127.0.0.1]/": "private, local or reserved network address (::ffff:127.0.0.1)",
    "http://0.0.0.0/": "private, local or reserved network address (0.0.0.0)",
    "http://localhost/": "private, local or reserved network address (localhost)",
}


async def test_hostile_links_are_refused_with_a_clear_reply(service, base):
    service.fetch_policy = FetchPolicy()
    for url, reply in {**HOSTILE_ADDRESSES, f"{base}/page/{CNN}": "private, local or reserved"}.items():
        result = await service.ingest_post(url, added_by=1001)
        assert reply in describe(result, "en", service.languages), (url, result)
    service.fetch_policy = LOCAL  # the loopback server is allowed from here on; nothing else is
    hostile_pages = {
        "/redirect-to?url=http://10.0.0.1/": "private, local or reserved network address (10.0.0.1)",
        "/redirect-to?url=http://169.254.169.254/": "private, local or reserved network address (169.254.169.254)",
        "/redirect-to?url=file:///etc/passwd": "only read http:// and https:// links",
        "/redirect/6": "redirects too many times (more than 5)",
        "/loop": "redirects too many times (more than 5)",
        "/huge": "too large (over 2 MB); I stopped reading it",
        "/gzip-bomb": "too large (over 2 MB); I stopped reading it",
        "/type/png": "leads to “image/png”, not to a web page or text",
        "/type/octet": "leads to “application/octet-stream”, not to a web page or text",
        "/type/binary-html": "does not look like text",
        "/type/empty": "found no article text there",
        "/type/no-article": "found no article text there",
        "/status/404": "answered with an error (HTTP 404)",
        "/slow": "took too long to answer (over 1 second)",
        "/drip": "took too long to answer (over 1 second)",
    }
    for path, reply in hostile_pages.items():
        post = f"Judul berita\n{base}{path}"  # a headline and a link, as a channel post would be
        result = await service.ingest_post(post, added_by=1001)
        text = describe(result, "en", service.languages)
        assert reply in text and "Nothing was stored" in text, (path, text)
        assert "Tidak ada yang disimpan" in describe(result, "id", service.languages)
    assert await service.store.count_articles() == 0


async def test_hostile_files_are_refused_and_store_nothing(service):
    cases = {
        "foto.png": (PNG, "I read .txt, .html and .jsonl files only"),
        "latin.txt": ("Judul\nKafe di Bandung ramai dikunjungi, café.".encode("cp1252"), "not UTF-8 text"),
        "biner.txt": (PNG * 50, "does not look like text"),
        "biner.html": (PNG * 50, "does not look like text"),
        "kosong.html": (b"<html><body><script>alert(1)</script></body></html>", "found no article text"),
        "kosong.txt": (b"", "has no article text"),
        "besar.html": (b"<p>" + b"x" * (5 * 1024 * 1024) + b"</p>", "too large (at most 5 MB)"),
    }
    for name, (data, reply) in cases.items():
        report = await service.ingest_file(name, data, added_by=1001)
        assert reply in describe_file(report, "en", service.languages), name
    report = await service.ingest_file("rusak.jsonl", b"{rusak\n[1]\n\xff\xfe\n")
    assert describe_file(report, "en", service.languages).startswith(
        "File <b>rusak.jsonl</b>: 0 stored, 0 already stored, 3 refused."
    )
    assert await service.store.count_articles() == 0
