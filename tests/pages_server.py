"""A local web server on 127.0.0.1 for the link tests: saved news pages and hostile ones.

Start it inside the test's event loop (``async with serve_pages() as base: ...``); every path is
listed in ``_routes``. The fetcher reaches it only because the tests allow 127.0.0.0/8
explicitly (FetchPolicy.allowed_networks); by default loopback is refused.
"""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from aiohttp import web

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
HUGE = 3 * 1024 * 1024  # over the fetcher's 2 MB cap

# Article text wrapped in every kind of junk a hostile or broken page carries.
JUNK_PAGE = """<!DOCTYPE html><html><head><title>Banjir Rendam Kampung Melayu</title>
<script>alert('SCRIPT-IN-HEAD'); document.cookie</script>
<style>body { background: url("javascript:alert('STYLE-JUNK')") }</style></head>
<body onload="alert('ONLOAD-JUNK')">
<img src=x onerror="alert('ONERROR-JUNK')"><iframe src="javascript:alert('IFRAME-JUNK')"></iframe>
<div class="article"><h1>Banjir Rendam Kampung Melayu</h1>
<p>Banjir setinggi satu meter merendam ratusan rumah di Kampung Melayu, Jakarta Timur, pada Selasa pagi
setelah hujan deras mengguyur Jakarta dan Bogor sejak malam sebelumnya.<script>steal('SCRIPT-IN-BODY')</script>
<p>Kepala Badan Penanggulangan Bencana Daerah DKI Jakarta mengatakan sebanyak 400 warga telah mengungsi ke
masjid dan sekolah terdekat. <b>Petugas <i>gabungan</b> membantu</i> warga lanjut usia dan anak-anak.
<p>Warga berharap pemerintah segera memperbaiki tanggul di sepanjang Sungai Ciliwung agar banjir serupa
tidak terulang. <a href="javascript:alert('LINK-JUNK')" onclick="alert('ONCLICK-JUNK')">Baca selengkapnya</a>
<noscript>NOSCRIPT-JUNK</noscript>
<div><table><tr><td>Iklan<td></div></table>
<svg><script>alert('SVG-JUNK')</script></svg>
</div><!-- unclosed comment <script>alert('COMMENT-JUNK')</script>
"""
JUNK_MARKERS = ("JUNK", "SCRIPT-IN", "alert(", "<script", "onerror", "document.cookie")

PLAIN_ARTICLE = (
    "Harga Beras Naik di Pasar Induk Cipinang\n"
    "Harga beras medium di Pasar Induk Beras Cipinang, Jakarta Timur, naik sekitar lima persen dalam dua "
    "pekan terakhir. Para pedagang mengatakan pasokan dari Karawang dan Indramayu berkurang karena panen "
    "terlambat. Pemerintah berjanji menggelar operasi pasar mulai pekan depan untuk menahan kenaikan harga."
)


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


async def _page(request: web.Request) -> web.Response:
    path = PAGES / request.match_info["name"]
    if not path.is_file() or path.parent != PAGES:
        raise web.HTTPNotFound()
    return web.Response(body=path.read_bytes(), content_type="text/html", charset="utf-8")


async def _redirects(request: web.Request) -> web.Response:
    """/redirect/N: N redirects, then the poskota page."""
    left = int(request.match_info["n"])
    target = "/page/poskota-jokowi-susi.html" if left <= 1 else f"/redirect/{left - 1}"
    raise web.HTTPFound(target)


async def _redirect_to(request: web.Request) -> web.Response:
    """/redirect-to?url=...: one redirect wherever the test says (a private address, ftp:...)."""
    raise web.HTTPFound(request.query["url"])


async def _loop(request: web.Request) -> web.Response:
    raise web.HTTPMovedPermanently("/loop")


async def _huge_stream(request: web.Request) -> web.StreamResponse:
    """3 MB of HTML, chunked (no Content-Length): the fetcher must stop reading at its cap."""
    response = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
    await response.prepare(request)
    chunk = b"<p>" + b"kata " * 2000 + b"</p>\n"
    sent = 0
    try:
        while sent < HUGE:
            await response.write(chunk)
            sent += len(chunk)
    except (ConnectionResetError, asyncio.CancelledError):
        pass  # the fetcher hung up, as it should
    return response


async def _huge_declared(request: web.Request) -> web.Response:
    return web.Response(body=b"<p>" + b"x" * HUGE + b"</p>", content_type="text/html")


async def _gzip_bomb(request: web.Request) -> web.Response:
    """A few KB on the wire, 10 MB once decompressed."""
    body = gzip.compress(b"<html><body><p>" + b"a" * (10 * 1024 * 1024) + b"</p></body></html>")
    return web.Response(body=body, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})


async def _typed(request: web.Request) -> web.Response:
    kind = request.match_info["kind"]
    if kind == "png":
        return web.Response(body=PNG * 50, content_type="image/png")
    if kind == "octet":
        return web.Response(body=b"\x00\x01\x02" * 500, content_type="application/octet-stream")
    if kind == "binary-html":  # binary data under an HTML label
        return web.Response(body=PNG * 200, content_type="text/html")
    if kind == "plain":
        return web.Response(text=PLAIN_ARTICLE, content_type="text/plain")
    if kind == "junk":
        return web.Response(text=JUNK_PAGE, content_type="text/html")
    if kind == "empty":
        return web.Response(body=b"", content_type="text/html")
    if kind == "no-article":
        return web.Response(
            text="<html><head><title>Beranda</title></head><body><nav><a href='/'>Beranda</a></nav></body></html>",
            content_type="text/html",
        )
    if kind == "latin1":  # an old page in Windows-1252, declared only in a meta tag
        html = (
            "<html><head><meta charset='windows-1252'><title>Caf\xe9</title></head><body><article><p>"
            + "Kafe di Bandung ramai dikunjungi wisatawan pada akhir pekan. " * 8
            + "</p></article></body></html>"
        )
        return web.Response(body=html.encode("cp1252"), headers={"Content-Type": "text/html"})
    raise web.HTTPNotFound()


async def _slow(request: web.Request) -> web.Response:
    await asyncio.sleep(30)
    return web.Response(text="<p>too late</p>", content_type="text/html")


async def _drip(request: web.Request) -> web.StreamResponse:
    """Answers at once, then sends a byte now and then: each read is quick, the whole is not."""
    response = web.StreamResponse(headers={"Content-Type": "text/html"})
    await response.prepare(request)
    try:
        for _ in range(300):
            await response.write(b"<")
            await asyncio.sleep(0.1)
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    return response


async def _status(request: web.Request) -> web.Response:
    raise web.HTTPNotFound() if request.match_info["code"] == "404" else web.HTTPInternalServerError()


def _routes() -> web.Application:
    app = web.Application()
    app.router.add_get("/page/{name}", _page)
    app.router.add_get("/redirect/{n}", _redirects)
    app.router.add_get("/redirect-to", _redirect_to)
    app.router.add_get("/loop", _loop)
    app.router.add_get("/huge", _huge_stream)
    app.router.add_get("/huge-declared", _huge_declared)
    app.router.add_get("/gzip-bomb", _gzip_bomb)
    app.router.add_get("/type/{kind}", _typed)
    app.router.add_get("/slow", _slow)
    app.router.add_get("/drip", _drip)
    app.router.add_get("/status/{code}", _status)
    return app


@asynccontextmanager
async def serve_pages() -> AsyncIterator[str]:
    """Serve the pages on 127.0.0.1 (a free port) until the block ends; yields the base URL."""
    runner = web.AppRunner(_routes(), shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
