"""Fetch a web page for ingestion, safely: http(s) only, public addresses only, bounded.

The guard against server-side request forgery works on addresses, not names: every host is
resolved (``loop.getaddrinfo``) and every address it resolves to must be public, at the first
request and again at every redirect, which this module follows itself. The connection then goes
to the address that was checked (the URL's host is replaced by it; the Host header and the TLS
server name keep the real name, so virtual hosts and certificates still work), so a DNS answer
that changes between the check and the connect ("DNS rebinding") cannot reach another address.
Proxies from the environment are ignored: a proxy would resolve the name itself, unchecked.

Bounds: a total time-out over all hops, a redirect limit, a size cap on the decoded body (read
as a stream, abandoned past the cap, so a compressed "bomb" is cut too) and a content-type check.
"""

from __future__ import annotations

import asyncio
import enum
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# host, port -> the addresses the host resolves to
Resolver = Callable[[str, int], Awaitable[list[str]]]

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_URL_CHARS = 2048
USER_AGENT = "Mozilla/5.0 (compatible; Briefbot/0.1; news briefing bot)"
# IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64: RFC 6052, RFC 8215)
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


class FetchProblem(enum.StrEnum):
    """Why a page was not fetched; each has its own reply."""

    BAD_URL = "bad_url"  # not http(s), or not a URL at all
    BLOCKED_ADDRESS = "blocked_address"  # private, loopback, link-local, reserved...
    HOST_NOT_FOUND = "host_not_found"
    UNREACHABLE = "unreachable"  # no connection, or a broken answer
    HTTP_ERROR = "http_error"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    TOO_LARGE = "page_too_large"
    TIMEOUT = "timeout"
    BAD_CONTENT_TYPE = "bad_content_type"


class FetchError(Exception):
    """A page that was refused or could not be fetched; `detail` is shown to the user."""

    def __init__(self, problem: FetchProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True)
class FetchPolicy:
    """The limits of one fetch. `allowed_networks` lets chosen non-public networks through
    (tests serve pages on 127.0.0.1; an intranet deployment might allow its own news server)."""

    max_bytes: int = 2 * 1024 * 1024
    timeout: float = 10.0
    max_redirects: int = 5
    allowed_networks: tuple[IPNetwork, ...] = ()


@dataclass
class FetchedPage:
    url: str  # after redirects
    content_type: str  # the media type, lower case, without parameters
    charset: str | None
    body: bytes


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, NAT64), which is what is reached."""
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if any(ip in net for net in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(ip: IPAddress) -> bool:
    """True for an address on the public internet; False for private, loopback, link-local,
    multicast, reserved, unspecified and shared (carrier-grade NAT) ones, in either family."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return is_public(embedded)  # judged by the IPv4 address that is really reached
        if ip.is_site_local:  # fec0::/10, deprecated but still routed privately here and there
            return False
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def address_allowed(address: str, allowed_networks: Iterable[IPNetwork] = ()) -> bool:
    """Whether the fetcher may connect to `address` (an IP literal, with an IPv6 zone or not)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    plain = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped else ip
    if any(plain in net or ip in net for net in allowed_networks):
        return True
    return is_public(ip)


def parse_networks(value: str) -> tuple[IPNetwork, ...]:
    """Networks from a comma- or space-separated list ("127.0.0.1/32, 10.1.0.0/16")."""
    return tuple(ipaddress.ip_network(part, strict=False) for part in value.replace(",", " ").split())


def check_url(url: str) -> httpx.URL:
    """The URL if it is an absolute http(s) URL with a host; FetchError(BAD_URL) otherwise."""
    if len(url) > MAX_URL_CHARS:
        raise FetchError(FetchProblem.BAD_URL, "too long")
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, ValueError):
        raise FetchError(FetchProblem.BAD_URL, "malformed") from None
    if parsed.scheme not in ("http", "https"):
        raise FetchError(FetchProblem.BAD_URL, f"{parsed.scheme}:" if parsed.scheme else "no scheme")
    if not parsed.host:
        raise FetchError(FetchProblem.BAD_URL, "no host")
    return parsed


async def system_resolver(host: str, port: int) -> list[str]:
    """The host's addresses, from the system resolver, off the event loop."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def resolve_checked(host: str, port: int, policy: FetchPolicy, resolver: Resolver = system_resolver) -> str:
    """The address to connect to: every address the host resolves to must be allowed (else one
    public record could hide a private one that the connection might pick)."""
    try:
        addresses = [str(ipaddress.ip_address(host))]  # a literal needs no resolver
    except ValueError:
        addresses = []
    try:
        addresses = addresses or await resolver(host, port)
    except (OSError, UnicodeError):
        raise FetchError(FetchProblem.HOST_NOT_FOUND, host) from None
    if not addresses:
        raise FetchError(FetchProblem.HOST_NOT_FOUND, host)
    if not all(address_allowed(a, policy.allowed_networks) for a in addresses):
        raise FetchError(FetchProblem.BLOCKED_ADDRESS, host)
    return addresses[0].split("%", 1)[0]


def _media_type(header: str | None) -> tuple[str, str | None]:
    """("text/html", "utf-8") from 'text/html; charset="UTF-8"'."""
    if not header:
        return "", None
    media, *params = header.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    """The decoded body, or TOO_LARGE as soon as it passes the cap (the rest is never read)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(FetchProblem.TOO_LARGE, _size(max_bytes))
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise FetchError(FetchProblem.TOO_LARGE, _size(max_bytes))
    return bytes(body)


def _size(n: int) -> str:
    return f"{n / 1_048_576:g} MB" if n >= 1_048_576 else f"{n // 1024} KB"


async def _fetch(client: httpx.AsyncClient, url: httpx.URL, policy: FetchPolicy, resolver: Resolver) -> FetchedPage:
    for _hop in range(policy.max_redirects + 1):
        host = url.raw_host.decode("ascii")  # IDNA-encoded: what DNS and TLS see
        port = url.port or (443 if url.scheme == "https" else 80)
        address = await resolve_checked(host, port, policy, resolver)
        # Connect to the checked address itself; the name travels in Host and in TLS's SNI.
        request = client.build_request(
            "GET",
            url.copy_with(host=address),
            headers={"Host": url.netloc.decode("ascii")},
            extensions={"sni_hostname": host} if url.scheme == "https" else {},
        )
        response = await client.send(request, stream=True)
        try:
            if response.status_code in REDIRECTS and response.headers.get("location"):
                try:
                    url = check_url(str(url.join(response.headers["location"])))
                except FetchError as exc:
                    raise FetchError(exc.problem, f"redirect to {exc.detail}") from None
                continue
            if response.status_code >= 300:
                raise FetchError(FetchProblem.HTTP_ERROR, str(response.status_code))
            media, charset = _media_type(response.headers.get("content-type"))
            if media not in PAGE_TYPES:
                raise FetchError(FetchProblem.BAD_CONTENT_TYPE, media or "none")
            body = await _read_capped(response, policy.max_bytes)
            return FetchedPage(url=str(url), content_type=media, charset=charset, body=body)
        finally:
            await response.aclose()
    raise FetchError(FetchProblem.TOO_MANY_REDIRECTS, str(policy.max_redirects))


async def fetch_page(
    url: str,
    policy: FetchPolicy = FetchPolicy(),
    *,
    resolver: Resolver = system_resolver,
    transport: httpx.AsyncBaseTransport | None = None,
) -> FetchedPage:
    """GET an http(s) page within `policy`; FetchError says why not.

    `resolver` and `transport` are for tests (a fake DNS, a mock transport).
    """
    start = check_url(url)
    timeout = httpx.Timeout(policy.timeout)
    # No connection reuse: a pooled connection to one address must not serve another name.
    limits = httpx.Limits(max_keepalive_connections=0)
    async with httpx.AsyncClient(
        timeout=timeout,
        limits=limits,
        follow_redirects=False,
        trust_env=False,
        transport=transport,
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9"},
    ) as client:
        try:
            async with asyncio.timeout(policy.timeout):  # over all hops: a slow drip ends too
                return await _fetch(client, start, policy, resolver)
        except (TimeoutError, httpx.TimeoutException):
            raise FetchError(FetchProblem.TIMEOUT, f"{policy.timeout:g}") from None
        except httpx.HTTPError as exc:  # connection refused, broken answer, bad encoding
            raise FetchError(FetchProblem.UNREACHABLE, type(exc).__name__) from None
