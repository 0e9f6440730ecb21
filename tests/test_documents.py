"""Files, pages and posts as articles, without the NLP pipeline: what is read, what is refused,
and that every refusal has a reply in both languages that Telegram's HTML parser accepts."""

from __future__ import annotations

import json

import pytest

from bot.cli import read_articles
from bot.ingest.articles import article_from_record, find_links, lone_link, normalise_link, without_links
from bot.ingest.documents import DocumentProblem, check_document, read_document
from bot.ingest.fetch import FetchProblem
from bot.ingest.pages import decode_page, extract_article
from bot.ingest.service import FileReport, IngestResult, IngestStatus
from handlers.ingest import describe, describe_file
from tests.pages_server import JUNK_MARKERS, JUNK_PAGE, PNG, page
from tests.telegram_server import parse_html

PAGES = {
    "poskota-jokowi-susi.html": (
        "Jokowi Ingatkan Menteri Susi",
        "Pos Kota",
        "2018-01-10",
        "Presiden Joko Widodo mengaku sudah mengingatkan",
        "lebih dari 300 buah",
    ),
    "cnn-gempa-jateng.html": (
        "Gempa 4,7 SR Guncang Selatan Jawa Tengah dan Yogyakarta",
        "CNN Indonesia",
        "2016-11-15",
        "Gempa berkekuatan 4,7 Skala Richter",
        "tak tercatat ada gempa susulan",
    ),
    "merdeka-hoax-jokowi.html": (
        "Polisi Bekuk 2 WNA, 1 WNI Pembuat Surat Hoax Jokowi Minta Dukungan",
        "Merdeka.com",
        "2017-07-20",
        "Polisi telah menangkap dua Warga Negara Asing",
        "jokowiiriana@gmail.com",
    ),
}

# what the pages carry around the article: menus, ads, share buttons, tags, comments, sidebars
CHROME = (
    "Nasional",
    "Indeks Berita",
    "Terpopuler",
    "Berita Terkait",
    "Harga cabai",
    "Bagikan",
    "Tweet",
    "Tags",
    "Komentar",
    "pembaca_setia",
    "ADVERTISEMENT",
    "googletag",
    "Baca juga",
    "Topik terkait",
    "Copyright",
    "Pedoman Media Siber",
    "jQuery",
    "mdk.ready",
)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_saved_news_pages_give_their_article_and_nothing_else(name):
    title, site, date, first, last = PAGES[name]
    article = extract_article(decode_page(page(name)))
    assert (article.title, article.site, article.date) == (title, site, date)
    assert article.author.startswith("Redaksi ")
    assert first in article.text and last in article.text
    for chrome in CHROME:
        assert chrome not in article.text


def test_scripts_styles_and_handlers_are_dropped_from_broken_html():
    article = extract_article(JUNK_PAGE)
    assert article.title == "Banjir Rendam Kampung Melayu"
    assert "400 warga telah mengungsi" in article.text and "Sungai Ciliwung" in article.text
    for marker in JUNK_MARKERS:
        assert marker not in article.text and marker not in article.title


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html><body></body></html>",
        "<p>halo</p>",
        "<<<>>>&&&<!--",
        "<html><head><title>Beranda</title></head><body><nav><a href='/'>Beranda</a></nav></body></html>",
        "<div>" * 50_000 + "kata " * 50,
        "<script>" + "alert(1);" * 1000 + "</script>",
    ],
)
def test_pages_without_article_text_give_none(html):
    assert extract_article(html) is None


def test_page_encodings():
    assert decode_page("Café".encode("cp1252"), "windows-1252") == "Café"
    assert decode_page(b"<meta charset='iso-8859-1'>Caf\xe9") == "<meta charset='iso-8859-1'>Café"
    assert decode_page("Café".encode()) == "Café"
    assert decode_page(b"\xef\xbb\xbfCaf\xc3\xa9", "latin-1") == "Café"  # a BOM beats the header
    assert decode_page(b"Caf\xe9 \x81") == "Café \ufffd"  # neither UTF-8 nor valid cp1252
    assert decode_page(b"abc", "no-such-charset") == "abc"


# ------------------------------------------------------------------ uploaded files


def test_txt_files():
    [item] = read_document("berita.TXT", "\ufeffJudul Berita\nIsi berita.".encode("utf-8"))
    assert (item.article.title, item.article.text) == ("Judul Berita", "Isi berita.")
    [item] = read_document("latin.txt", "Judul\nKafe di Bandung ramai, café.".encode("cp1252"))
    assert item.problem is DocumentProblem.BAD_ENCODING
    [item] = read_document("foto.txt", PNG * 20)
    assert item.problem is DocumentProblem.NOT_TEXT
    [item] = read_document("nul.txt", b"Judul\n" + b"\x00\x01\x02\x03" * 100)  # valid UTF-8, still binary
    assert item.problem is DocumentProblem.NOT_TEXT


def test_html_files():
    [item] = read_document("berita.html", page("cnn-gempa-jateng.html"))
    assert item.article.title.startswith("Gempa 4,7 SR") and item.article.source == "CNN Indonesia"
    assert item.article.published == "2016-11-15"
    [item] = read_document("foto.htm", PNG * 200)
    assert item.problem is DocumentProblem.NOT_TEXT
    [item] = read_document("kosong.html", b"<html><body><script>muat()</script><style>p{}</style></body></html>")
    assert item.problem is DocumentProblem.NO_ARTICLE


def test_jsonl_lines_are_read_one_by_one_and_bad_ones_named():
    good = {
        "id": "a1",
        "title": "Judul",
        "text": "Isi",
        "date": "2024-05-16",
        "source": "Antara",
        "url": "https://x.id/a",
    }
    lines = [
        json.dumps(good).encode(),
        b"",
        b"{not json",
        b"[1, 2, 3]",
        b"[" * 100_000,  # deep enough to exhaust the parser's recursion
        b'{"title": "Judul", "text": "caf\xe9"}',  # not UTF-8
        json.dumps({"id": 7, "title": ["a"], "text": None, "url": {"x": 1}}).encode(),
        b"  ",
    ]
    items = read_document("batch.jsonl", b"\n".join(lines))
    assert [(i.line, i.problem) for i in items] == [
        (1, None),
        (3, DocumentProblem.BAD_RECORD),
        (4, DocumentProblem.BAD_RECORD),
        (5, DocumentProblem.BAD_RECORD),
        (6, DocumentProblem.BAD_ENCODING),
        (7, None),
    ]
    first = items[0].article
    assert (first.ext_id, first.title, first.text, first.published, first.source, first.url) == (
        "a1",
        "Judul",
        "Isi",
        "2024-05-16",
        "Antara",
        "https://x.id/a",
    )
    odd = items[-1].article
    assert (odd.ext_id, odd.title, odd.text, odd.url) == ("7", "", "", None)


def test_file_limits_and_types():
    many = b"\n".join(json.dumps({"title": f"t{n}", "text": "x"}).encode() for n in range(5))
    items = read_document("many.jsonl", many, max_articles=3)
    assert [i.problem for i in items] == [None, None, None, DocumentProblem.TOO_MANY_ARTICLES]
    assert items[-1].detail == "3"
    for name in ("foto.png", "berita.pdf", "berita.jsonl.gz", "tanpa-akhiran", ""):
        assert read_document(name, b"x")[0].problem is DocumentProblem.BAD_FILE_TYPE
    [item] = read_document("besar.txt", b"x" * 101, max_bytes=100)
    assert item.problem is DocumentProblem.FILE_TOO_LARGE
    assert check_document("besar.jsonl", 6 * 1024 * 1024).detail == "5 MB"
    assert check_document("ok.jsonl", 10) is None and check_document("ok.html", None) is None


# ------------------------------------------------------------------ posts and links


def test_links_in_posts():
    post = (
        "Gempa guncang Cilacap (https://www.cnnindonesia.com/nasional/gempa?id=1&x=2). Selengkapnya: "
        "http://poskotanews.com/2018/01/10/jokowi/, juga https://www.cnnindonesia.com/nasional/gempa?id=1&x=2."
    )
    assert find_links(post) == [
        "https://www.cnnindonesia.com/nasional/gempa?id=1&x=2",
        "http://poskotanews.com/2018/01/10/jokowi/",
    ]
    links = ["https://a.id/x", "https://b.id"]
    assert without_links("Judul\nhttps://a.id/x\n\nIsi berita ini panjang https://b.id", links) == (
        "Judul\nIsi berita ini panjang"
    )
    assert (
        without_links("Judul  baru\nSumber: https://a.id/x\nBaca selengkapnya di https://b.id", links) == "Judul baru"
    )
    assert find_links("tanpa tautan, ftp://x.id/a atau javascript:alert(1)") == []
    for lone in ("file:///etc/passwd", "javascript:alert(1)", "ftp://x.id/a", "  data:text/html,hi "):
        assert lone_link(lone) == lone.strip()
    assert lone_link("Catatan: penting") is None and lone_link("Judul\nfile:///etc/passwd") is None
    assert normalise_link("kompas.com/berita") == "https://kompas.com/berita"
    assert normalise_link("kompas.com:8080/a") == "https://kompas.com:8080/a"
    assert normalise_link("Merdeka.com") is None and normalise_link("detik.com/") is None
    assert normalise_link("http://kompas.com") == "http://kompas.com"
    assert normalise_link("javascript:alert(1)") == "javascript:alert(1)"


def test_records_with_odd_types():
    article = article_from_record({"id": 0, "title": 12, "text": "isi", "date": ["x"], "author": "A"})
    assert (article.ext_id, article.title, article.published, article.author) == ("0", "12", None, "A")


# ------------------------------------------------------------------ replies


REFUSALS = [
    *[(s, None) for s in IngestStatus if s not in (IngestStatus.STORED, IngestStatus.DUPLICATE, IngestStatus.REFUSED)],
    *[(IngestStatus.REFUSED, p) for p in (*FetchProblem, *DocumentProblem)],
]


def _refusal(status: IngestStatus, problem: FetchProblem | DocumentProblem | None) -> IngestResult:
    return IngestResult(status=status, problem=problem, detail="<img src=x onerror=alert(1)>&", language="fr")


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(("status", "problem"), REFUSALS)
def test_every_refusal_has_a_clear_escaped_reply(status, problem, lang):
    html = describe(_refusal(status, problem), lang, {"id"})
    parse_html(html)  # what Telegram accepts
    assert "<img" not in html
    if isinstance(problem, FetchProblem):  # a link refused: the user hears that nothing was stored
        assert ("Tidak ada yang disimpan" if lang == "id" else "Nothing was stored") in html


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_refusal_says_its_own_reason(lang):
    """No refusal falls back on another's words (the generic "failed" reply included)."""
    # keyed by the reason: a pasted text and a file that are not text are the same refusal
    replies = {_refusal(s, p).reason: describe(_refusal(s, p), lang, {"id"}) for s, p in REFUSALS}
    by_text: dict[str, list] = {}
    for key, html in replies.items():
        by_text.setdefault(html, []).append(key)
    assert [keys for keys in by_text.values() if len(keys) > 1] == []


def test_jsonl_summary_lists_what_was_stored_and_why_lines_were_refused():
    report = FileReport(
        file_name="<b>batch</b>.jsonl",
        many=True,
        results=[
            (1, IngestResult(IngestStatus.STORED, title="Gempa <Cilacap>", ext_id="a1")),
            (2, IngestResult(IngestStatus.DUPLICATE, title="Lama", ext_id="a0")),
            (3, IngestResult(IngestStatus.REFUSED, problem=DocumentProblem.BAD_RECORD, detail="not JSON")),
            (4, IngestResult(IngestStatus.UNSUPPORTED_LANGUAGE, language="en")),
            (9, IngestResult(IngestStatus.TOO_SHORT)),
        ],
    )
    html = describe_file(report, "en", {"id"})
    parse_html(html)
    assert html.splitlines() == [
        "File <b>&lt;b&gt;batch&lt;/b&gt;.jsonl</b>: 1 stored, 1 already stored, 3 refused.",
        "✅ Gempa &lt;Cilacap&gt; (<code>a1</code>)",
        "✖ line 3: not a JSON object",
        "✖ line 4: in English",
        "✖ line 9: too short",
    ]
    assert describe_file(report, "id", {"id"}).startswith("Berkas <b>")
    single = FileReport(
        file_name="x.txt",
        many=False,
        results=[(0, IngestResult(IngestStatus.REFUSED, problem=DocumentProblem.BAD_ENCODING))],
    )
    assert "not UTF-8" in describe_file(single, "en", {"id"})
    many = FileReport(
        file_name="m.jsonl", many=True, results=[(n, IngestResult(IngestStatus.TOO_SHORT)) for n in range(1, 15)]
    )
    assert describe_file(many, "en", {"id"}).endswith("…and 4 more")


def test_command_line_reads_saved_pages(tmp_path, capsys):
    (tmp_path / "gempa.html").write_bytes(page("cnn-gempa-jateng.html"))
    (tmp_path / "kosong.htm").write_bytes(b"<html><body><script>muat()</script></body></html>")
    (tmp_path / "catatan.md").write_text("# bukan artikel")
    articles = list(read_articles([tmp_path]))
    assert [(a.ext_id, a.title, a.source) for a in articles] == [
        ("gempa", "Gempa 4,7 SR Guncang Selatan Jawa Tengah dan Yogyakarta", "CNN Indonesia")
    ]
    assert "kosong.htm: no article, skipped" in capsys.readouterr().err
