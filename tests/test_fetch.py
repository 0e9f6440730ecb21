"""bot.ingest.fetch: the address guard on its own (no network at all), then every bound against a local
web server on 127.0.0.1, which these tests allow explicitly."""

from __future__ import annotations

import ipaddress
import socket

import httpx
import pytest
from pydantic import ValidationError

from bot.ingest.fetch import (
    FetchError,
    FetchPolicy,
    FetchProblem,
    address_allowed,
    check_url,
    fetch_page,
    parse_networks,
    resolve_checked,
)
from bot.settings import Settings
from tests.pages_server import serve_pages

LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)
LOCAL = FetchPolicy(allowed_networks=LOOPBACK, timeout=2.0)


def fake_dns(table: dict[str, list[str]]):
    """A resolver answering from `table`; unknown names fail as DNS does."""
    asked: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    resolve.asked = asked
    return resolve


def no_network(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"the guard let a request through to {request.url}")


async def refused(url: str, policy: FetchPolicy = FetchPolicy(), **kwargs) -> FetchError:
    with pytest.raises(FetchError) as info:
        await fetch_page(url, policy, **kwargs)
    return info.value


# ------------------------------------------------------------------ the guard, without a network


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "10.255.255.254",
        "192.168.1.1",
        "172.16.0.1",
        "172.31.255.255",
        "127.0.0.1",
        "127.8.9.10",
        "169.254.169.254",
        "0.0.0.0",
        "100.64.0.1",
        "224.0.0.1",
        "255.255.255.255",
        "240.0.0.1",
        "192.0.2.1",
        "198.18.0.1",
        "::1",
        "::",
        "fe80::1",
        "fe80::1%eth0",
        "fc00::1",
        "fd12:3456::1",
        "fec0::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "2002:7f00:1::",
        "64:ff9b::a00:1",
        "not an address",
    ],
)
def test_private_and_special_addresses_are_refused_by_default(address):
    assert not address_allowed(address)


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::808:808"]
)
def test_public_addresses_pass(address):
    assert address_allowed(address)


def test_allow_list_lets_chosen_networks_through_and_nothing_else():
    assert address_allowed("127.0.0.1", LOOPBACK)
    assert address_allowed("::ffff:127.0.0.1", LOOPBACK)  # the same host, written as IPv6
    assert not address_allowed("10.0.0.1", LOOPBACK)
    assert not address_allowed("::1", LOOPBACK)
    assert parse_networks("127.0.0.1/32, 10.20.0.0/16 ::1") == (
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("10.20.0.0/16"),
        ipaddress.ip_network("::1/128"),
    )


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://ftp.example.com/berita.txt",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "gopher://x/",
        "http://",
        "https:///a",
        "//example.com/a",
        "example.com",
        "http://" + "a" * 3000 + ".com/",
    ],
)
async def test_only_absolute_http_urls_are_fetched(url):
    error = await refused(url, resolver=fake_dns({}), transport=httpx.MockTransport(no_network))
    assert error.problem is FetchProblem.BAD_URL
    with pytest.raises(FetchError):
        check_url(url)


async def test_every_resolved_address_must_be_allowed():
    dns = fake_dns(
        {"mixed.example": ["93.184.216.34", "10.0.0.7"], "good.example": ["93.184.216.34"], "empty.example": []}
    )
    with pytest.raises(FetchError) as info:
        await resolve_checked("mixed.example", 80, FetchPolicy(), dns)
    assert info.value.problem is FetchProblem.BLOCKED_ADDRESS
    assert await resolve_checked("good.example", 80, FetchPolicy(), dns) == "93.184.216.34"
    for host in ("empty.example", "unknown.example"):
        with pytest.raises(FetchError) as info:
            await resolve_checked(host, 80, FetchPolicy(), dns)
        assert info.value.problem is FetchProblem.HOST_NOT_FOUND


async def test_a_name_resolving_to_loopback_is_refused_before_any_connection():
    dns = fake_dns({"berita.example": ["127.0.0.1"], "metadata.example": ["169.254.169.254"]})
    for host in ("berita.example", "metadata.example"):
        error = await refused(f"http://{host}/a", resolver=dns, transport=httpx.MockTransport(no_network))
        assert (error.problem, error.detail) == (FetchProblem.BLOCKED_ADDRESS, host)


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/",
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://192.168.0.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://127.1/",
    ],
)
async def test_the_system_resolver_sees_through_literal_and_local_names(url):
    # numeric hosts and localhost never leave the machine: no DNS traffic here
    error = await refused(url, transport=httpx.MockTransport(no_network))
    assert error.problem is FetchProblem.BLOCKED_ADDRESS, error


async def test_connection_goes_to_the_checked_address_with_the_real_name_in_host_and_sni():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/first":
            return httpx.Response(302, headers={"Location": "https://cdn.example:8443/second"})
        return httpx.Response(200, headers={"Content-Type": "text/html; charset=utf-8"}, content=b"<p>ok</p>")

    dns = fake_dns({"news.example": ["93.184.216.34"], "cdn.example": ["2001:db8::1", "2606:4700::1"]})
    dns_public = fake_dns({"news.example": ["93.184.216.34"], "cdn.example": ["2606:4700::1"]})
    # 2001:db8::/32 is documentation space: one bad record refuses the hop
    error = await refused("http://news.example/first", resolver=dns, transport=httpx.MockTransport(handler))
    assert error.problem is FetchProblem.BLOCKED_ADDRESS
    seen.clear()
    page = await fetch_page("http://news.example/first", resolver=dns_public, transport=httpx.MockTransport(handler))
    assert page.url == "https://cdn.example:8443/second" and page.charset == "utf-8"
    first, second = seen
    assert (first.url.host, first.headers["Host"]) == ("93.184.216.34", "news.example")
    assert (second.url.host, second.headers["Host"]) == ("2606:4700::1", "cdn.example:8443")
    assert second.extensions["sni_hostname"] == "cdn.example"
    assert dns_public.asked == ["news.example", "cdn.example"]  # resolved and checked at each hop


async def test_redirect_to_a_private_name_or_address_is_refused():
    def handler(request: httpx.Request) -> httpx.Response:
        target = {
            "/a": "http://intranet.example/admin",
            "/b": "http://[::ffff:192.168.1.1]/",
            "/c": "file:///etc/passwd",
        }
        return httpx.Response(301, headers={"Location": target[request.url.path]})

    dns = fake_dns({"news.example": ["93.184.216.34"], "intranet.example": ["192.168.1.10"]})
    for path, problem in (
        ("/a", FetchProblem.BLOCKED_ADDRESS),
        ("/b", FetchProblem.BLOCKED_ADDRESS),
        ("/c", FetchProblem.BAD_URL),
    ):
        error = await refused(f"http://news.example{path}", resolver=dns, transport=httpx.MockTransport(handler))
        assert error.problem is problem


async def test_missing_content_type_is_refused():
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=b"<p>x</p>"))
    error = await refused(
        "http://news.example/", resolver=fake_dns({"news.example": ["93.184.216.34"]}), transport=transport
    )
    assert (error.problem, error.detail) == (FetchProblem.BAD_CONTENT_TYPE, "none")


# ------------------------------------------------------------------ a real server on 127.0.0.1


async def test_loopback_server_is_refused_unless_allowed():
    async with serve_pages() as base:
        error = await refused(f"{base}/page/cnn-gempa-jateng.html")
        assert error.problem is FetchProblem.BLOCKED_ADDRESS
        page = await fetch_page(f"{base}/page/cnn-gempa-jateng.html", LOCAL)
        assert page.content_type == "text/html" and b"Gempa berkekuatan 4,7 Skala Richter" in page.body


async def test_redirects_are_followed_up_to_the_limit():
    async with serve_pages() as base:
        page = await fetch_page(f"{base}/redirect/5", LOCAL)
        assert page.url.endswith("/page/poskota-jokowi-susi.html")
        for path in ("/redirect/6", "/loop"):
            error = await refused(f"{base}{path}", LOCAL)
            assert (error.problem, error.detail) == (FetchProblem.TOO_MANY_REDIRECTS, "5")
        for target in ("http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/"):
            error = await refused(f"{base}/redirect-to?url={target}", LOCAL)
            assert error.problem is FetchProblem.BLOCKED_ADDRESS
        error = await refused(f"{base}/redirect-to?url=ftp://ftp.example.com/a", LOCAL)
        assert error.problem is FetchProblem.BAD_URL


async def test_size_type_status_and_time_bounds():
    async with serve_pages() as base:
        cases = {
            "/huge": (FetchProblem.TOO_LARGE, "2 MB"),  # chunked: reading stops at the cap
            "/huge-declared": (FetchProblem.TOO_LARGE, "2 MB"),  # Content-Length says it: never read
            "/gzip-bomb": (FetchProblem.TOO_LARGE, "2 MB"),  # small on the wire, 10 MB decoded
            "/type/png": (FetchProblem.BAD_CONTENT_TYPE, "image/png"),
            "/type/octet": (FetchProblem.BAD_CONTENT_TYPE, "application/octet-stream"),
            "/status/404": (FetchProblem.HTTP_ERROR, "404"),
            "/status/500": (FetchProblem.HTTP_ERROR, "500"),
        }
        for path, expected in cases.items():
            error = await refused(f"{base}{path}", LOCAL)
            assert (error.problem, error.detail) == expected, path
        quick = FetchPolicy(allowed_networks=LOOPBACK, timeout=0.5)
        for path in ("/slow", "/drip"):  # no answer; an answer that never ends
            error = await refused(f"{base}{path}", quick)
            assert (error.problem, error.detail) == (FetchProblem.TIMEOUT, "0.5"), path
    error = await refused(f"{base}/page/x.html", LOCAL)  # the server is gone
    assert error.problem is FetchProblem.UNREACHABLE


def test_settings_give_the_fetch_policy():
    assert Settings(_env_file=None).fetch_policy() == FetchPolicy()
    policy = Settings(
        _env_file=None, fetch_allowed_networks="127.0.0.1/32, 10.20.0.0/16", fetch_timeout=3
    ).fetch_policy()
    assert policy.allowed_networks == (ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.20.0.0/16"))
    assert policy.timeout == 3
    with pytest.raises(ValidationError):
        Settings(_env_file=None, fetch_allowed_networks="intranet")
