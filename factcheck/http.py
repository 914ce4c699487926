"""The one polite HTTP client: every byte factcheck fetches goes through :class:`HttpClient`.

What it does on every request (settings in :class:`factcheck.config.HttpSettings`):

* identifies itself honestly: ``factcheck/<version> (+<project URL>; <contact>)``;
* refuses any scheme but ``http``/``https`` and, after DNS resolution, private, loopback,
  link-local, reserved, multicast, unspecified, CGNAT, IPv4-mapped/embedded private and metadata
  addresses unless the host or a CIDR is in ``http.allow_private`` — again on every redirect hop.
  DNS is resolved by the guard and again by the connection, so a rebinding DNS server could still
  race the check: the guard stops user-supplied URLs and redirects into private space, not a
  hostile resolver;
* obeys robots.txt, fetched once per origin and cached; a 4xx robots.txt means "allow all", and so
  (a deliberate deviation from RFC 9309, which says "disallow") do a 5xx or an unreachable one, so
  one flaky mirror does not silently drop a source; ``Crawl-delay`` slows the host down;
* limits each host (``host:port``) to ``per_host_concurrency`` requests in flight and starts at
  most ``per_host_rate`` requests per second there (retries, redirect hops, robots.txt included);
* applies connect/read timeouts (httpx) and a whole-request deadline (``total_timeout_s``,
  redirects, retries and robots.txt included; time spent queueing for the per-host limits is not
  counted, so a long queue at 1 request/s does not time requests out);
* retries connect errors, 429 and 5xx with exponential backoff; ``Retry-After`` (seconds or an
  HTTP date) is a floor for the delay, and one longer than ``max_retry_after_s`` ends the retries;
* follows redirects itself (``max_redirects``, loops detected);
* caps the *decoded* body at ``max_bytes`` while streaming (a gzip bomb stops after ``max_bytes``
  of output, whatever its wire size) and pre-checks ``Content-Length``;
* detects the charset: BOM, HTTP header, HTML ``<meta>``, then charset-normalizer; GBK and
  GB2312 are decoded as their superset GB18030;
* revalidates against the archive (``If-None-Match``/``If-Modified-Since``); a 304 returns the
  archived response with ``from_archive=True``;
* offline (``offline=True``) serves only from the archive by :func:`request_fingerprint` and
  raises :class:`OfflineMissError` on a miss, never opening a socket.

Every failure is a :class:`factcheck.errors.FetchError` subclass carrying ``url`` and
``fetcher``; httpx exceptions are translated in one place, :func:`translate_httpx_errors`.

Tests that use :class:`httpx.MockTransport` with public host names should pass a ``resolver``
(e.g. ``lambda host: ["93.184.216.34"]``) so the guard does not consult real DNS.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import contextvars
import dataclasses
import datetime as dt
import email.utils
import hashlib
import ipaddress
import json
import logging
import re
import socket
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar
from urllib.parse import urljoin

import httpx
from protego import Protego

from factcheck.__about__ import __version__
from factcheck.config import AllowedOrigin, Settings, parse_allowed_origin
from factcheck.errors import (
    BlockedAddressError,
    ConnectError,
    ContentError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    OfflineMissError,
    RobotsDeniedError,
    TooLargeError,
    TooManyRedirectsError,
)

__all__ = [
    "HTTPX_ERROR_MAP",
    "PROJECT_URL",
    "RETRY_STATUSES",
    "FetchResponse",
    "HostLimiter",
    "HttpClient",
    "Resolver",
    "ResponseArchive",
    "decode_body",
    "detect_encoding",
    "is_blocked_address",
    "parse_retry_after",
    "request_fingerprint",
    "run_sync",
    "translate_httpx_errors",
    "user_agent",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

PROJECT_URL = "https://github.com/factcheck-pipeline/factcheck"
ROBOTS_TOKEN = "factcheck"
RETRY_STATUSES: frozenset[int] = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_ROBOTS_MAX_BYTES = 512_000  # RFC 9309: parse at least the first 500 KiB (the rest is ignored)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_METADATA = ipaddress.ip_address("169.254.169.254")
_DROPPED_ON_CROSS_ORIGIN = frozenset({"authorization", "cookie"})
# The total deadline of the request running in this task; paused while it queues for a host.
_DEADLINE: contextvars.ContextVar[asyncio.Timeout | None] = contextvars.ContextVar(
    "factcheck_http_deadline", default=None
)

Resolver = Callable[[str], list[str]]
"""Resolve a host name to IP address strings (blocking; the client runs it in a thread)."""


# --------------------------------------------------------------------------------------------
# Response and archive protocol


@dataclass(frozen=True)
class FetchResponse:
    """One HTTP answer, body fully read and decoded from its content-encoding."""

    url: str
    final_url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    encoding: str
    fetched_at: dt.datetime
    from_archive: bool = False
    fetcher: str | None = None  # who asked (errors raised by json() carry it)

    @property
    def text(self) -> str:
        """The body decoded with :attr:`encoding` (undecodable bytes replaced)."""
        return self.content.decode(self.encoding, errors="replace")

    def json(self) -> Any:
        """Parse the body as JSON; raise :class:`ContentError` when it is not JSON."""
        try:
            return json.loads(self.text)
        except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
            raise ContentError(
                f"invalid JSON: {exc}", url=self.final_url, fetcher=self.fetcher
            ) from exc

    @property
    def sha256(self) -> str:
        """Content address of the body."""
        return hashlib.sha256(self.content).hexdigest()


class HostLimiter(Protocol):
    """Per-host politeness shared beyond one client (``factcheck.distributed``: across processes).

    Applied on top of the client's own per-host limiter; ``host`` is ``name:port``.
    """

    def slot(self, host: str, interval_s: float) -> contextlib.AbstractAsyncContextManager[None]:
        """Hold one of ``host``'s request slots, starting at least ``interval_s`` after the last."""

    async def defer(self, host: str, delay_s: float) -> None:
        """Start nothing on ``host`` for ``delay_s`` seconds (a Retry-After the host asked for)."""


class ResponseArchive(Protocol):
    """Where responses are recorded and replayed from (implemented by ``factcheck.evidence``)."""

    def lookup(self, fingerprint: str) -> FetchResponse | None:
        """Return the latest response recorded for ``fingerprint``, or ``None``."""

    def record(
        self,
        fingerprint: str,
        response: FetchResponse,
        *,
        fetcher: str | None,
        query: str | None,
        claim_id: str | None,
    ) -> object:
        """Store ``response`` as the latest answer for ``fingerprint`` (the return value is unused)."""


# --------------------------------------------------------------------------------------------
# Pure helpers


def user_agent(contact: str) -> str:
    """Return the honest user agent: tool, version, project URL and the configured contact."""
    return f"factcheck/{__version__} (+{PROJECT_URL}; {contact})"


def _canonical_url(url: str, params: Mapping[str, str] | None = None) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
        if params:
            parsed = parsed.copy_merge_params(dict(params))
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise InvalidURLError(f"invalid URL: {exc}", url=url) from exc
    return parsed


def _default_port(scheme: str) -> int | None:
    return {"http": 80, "https": 443}.get(scheme)


def request_fingerprint(
    method: str, url: str, params: Mapping[str, str] | None, body: bytes | None
) -> str:
    """Return the archive key of a request: sha256 of method, scheme, host, port, path, query, body.

    Query parameters (from ``url`` and ``params``) are sorted, the default port made explicit and
    the host lower-cased, so equivalent spellings share a key. The port is part of the key: a
    loopback server on another port is another source. Raises :class:`InvalidURLError` for an
    unparseable URL.
    """
    parsed = _canonical_url(url, params)
    scheme = parsed.scheme.lower()
    port = parsed.port or _default_port(scheme)
    query = sorted(parsed.params.multi_items())
    body_hash = hashlib.sha256(body).hexdigest() if body else ""
    key = [method.upper(), scheme, parsed.host.lower(), port, parsed.path or "/", query, body_hash]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8")).hexdigest()


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Parse a ``Retry-After`` value (delta seconds or HTTP date) into seconds from ``now``.

    Returns ``None`` when absent or unparseable; a date in the past gives ``0.0``.
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():  # str.isdigit() also accepts "²" and "①"
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in ipaddress.ip_network("64:ff9b::/96"):  # NAT64
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_blocked_address(address: str) -> bool:
    """Return True for an address the guard refuses (anything not globally routable unicast)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None and is_blocked_address(str(inner)):
            return True
    return (
        ip == _METADATA
        or not ip.is_global
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT)
    )


def _is_allowed(url: httpx.URL, address: str, allow: list[AllowedOrigin]) -> bool:
    scheme = url.scheme.lower()
    port = url.port or _default_port(scheme) or 0
    return any(entry.allows(scheme, url.host, port, address) for entry in allow)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""", re.I)
_GB_FAMILY = {"gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936", "ms936", "euc-cn", "gb18030"}
_LATIN1_FAMILY = {"iso8859-1", "latin-1", "latin1", "iso-8859-1", "us-ascii", "ascii"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _normalize_charset(name: str | None) -> str | None:
    """Return a Python codec name for a charset label, or ``None`` when unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in _GB_FAMILY:
        return "gb18030"  # GBK and GB2312 pages often contain GB18030-only characters
    if label in _LATIN1_FAMILY:
        return "cp1252"  # browsers read these labels as windows-1252 (WHATWG Encoding)
    try:
        codec = codecs.lookup(label)
    except LookupError:
        return None
    if codec.name in _GB_FAMILY:
        return "gb18030"
    return codec.name


def _header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'")
    return None


def detect_encoding(content: bytes, content_type: str | None = None) -> str:
    """Return the codec to decode ``content``: BOM, header charset, HTML meta, then detection.

    An unknown charset label is skipped, never an error; the fallback is UTF-8.
    """
    for bom, name in _BOMS:
        if content.startswith(bom):
            return name
    declared = _normalize_charset(_header_charset(content_type))
    if declared:
        return declared
    ctype = (content_type or "").lower()
    head = content[:4096]
    if "html" in ctype or "xml" in ctype or head.lstrip()[:1] == b"<":
        match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
        if match:
            meta = _normalize_charset(match.group(1).decode("ascii", "replace"))
            if meta:
                return meta
    if "json" in ctype or not content:
        return "utf-8"
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    from charset_normalizer import from_bytes  # imported lazily: only undeclared non-UTF-8 bodies

    best = from_bytes(content[:200_000]).best()
    guessed = _normalize_charset(best.encoding if best is not None else None)
    return guessed or "utf-8"


class _BodyDecoder:
    """Undo one content-encoding with a bounded output per step (gzip bombs stay bounded)."""

    def __init__(self, content_encoding: str | None, url: str) -> None:
        codings = [
            c.strip().lower()
            for c in (content_encoding or "").split(",")
            if c.strip().lower() not in ("", "identity")
        ]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise ContentError(f"unsupported content-encoding {content_encoding!r}", url=url)
        self._coding = codings[0] if codings else None
        self._zlib: Any = None
        if self._coding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif self._coding == "deflate":
            self._zlib = zlib.decompressobj()
        self._first = True
        self._url = url

    def feed(self, data: bytes, budget: int) -> list[bytes]:
        """Decode ``data``; each returned piece is at most ``budget + 1`` bytes."""
        if self._zlib is None:
            return [data]
        out: list[bytes] = []
        try:
            while data:
                try:
                    piece = self._zlib.decompress(data, budget + 1)
                except zlib.error:
                    if self._coding == "deflate" and self._first:
                        # Some servers send raw deflate without the zlib header (httpx copes too).
                        self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                        self._first = False
                        continue
                    raise
                self._first = False
                out.append(piece)
                budget -= len(piece)
                if budget < 0:
                    break
                data = self._zlib.unconsumed_tail
        except zlib.error as exc:
            raise ContentError(f"corrupt {self._coding} body: {exc}", url=self._url) from exc
        return out


def decode_body(content: bytes, content_encoding: str | None, max_bytes: int, url: str) -> bytes:
    """Undo ``content_encoding`` on a body; raise :class:`TooLargeError` beyond ``max_bytes``."""
    decoder = _BodyDecoder(content_encoding, url)
    out = bytearray()
    for piece in decoder.feed(content, max_bytes):
        out += piece
        if len(out) > max_bytes:
            raise TooLargeError(f"decoded body exceeds {max_bytes} bytes", url=url)
    return bytes(out)


# --------------------------------------------------------------------------------------------
# The one place httpx exceptions are translated


# Most specific first: the first matching class wins (a ConnectTimeout is a TimeoutException and
# must not fall through to the generic transport error).
HTTPX_ERROR_MAP: tuple[tuple[type[Exception], type[FetchError], str], ...] = (
    (httpx.ConnectTimeout, FetchTimeoutError, "connect timeout"),
    (httpx.ReadTimeout, FetchTimeoutError, "read timeout"),
    (httpx.WriteTimeout, FetchTimeoutError, "write timeout"),
    (httpx.PoolTimeout, FetchTimeoutError, "connection pool timeout"),
    (httpx.TimeoutException, FetchTimeoutError, "timeout"),
    (httpx.ConnectError, ConnectError, "connection failed"),
    (httpx.ProxyError, ConnectError, "proxy error"),
    (httpx.ReadError, ConnectError, "connection broke while reading"),
    (httpx.WriteError, ConnectError, "connection broke while writing"),
    (httpx.CloseError, ConnectError, "connection close failed"),
    (httpx.RemoteProtocolError, ConnectError, "server broke the HTTP protocol"),
    (httpx.LocalProtocolError, ConnectError, "invalid request for the HTTP protocol"),
    (httpx.ProtocolError, ConnectError, "HTTP protocol error"),
    (httpx.NetworkError, ConnectError, "network error"),
    (httpx.UnsupportedProtocol, InvalidURLError, "unsupported URL scheme"),
    (httpx.DecodingError, ContentError, "cannot decode body"),
    (httpx.TooManyRedirects, TooManyRedirectsError, "too many redirects"),
    (httpx.HTTPStatusError, HTTPStatusError, "error status"),
    (httpx.TransportError, ConnectError, "transport error"),
    (httpx.RequestError, FetchError, "request failed"),
    (httpx.InvalidURL, InvalidURLError, "invalid URL"),
    (httpx.StreamError, ContentError, "response stream misused"),
    (httpx.HTTPError, FetchError, "HTTP error"),
)


def _translate(exc: Exception, url: str | None, fetcher: str | None) -> FetchError:
    where = url
    if isinstance(exc, httpx.RequestError):
        with contextlib.suppress(RuntimeError):  # .request raises when the error has none
            where = str(exc.request.url)
    for source, target, label in HTTPX_ERROR_MAP:
        if isinstance(exc, source):
            message = f"{label}: {exc}" if str(exc) else label
            if target is HTTPStatusError:
                assert isinstance(exc, httpx.HTTPStatusError)
                return HTTPStatusError(
                    message, status=exc.response.status_code, url=where, fetcher=fetcher
                )
            return target(message, url=where, fetcher=fetcher)
    return FetchError(f"unexpected error: {exc!r}", url=where, fetcher=fetcher)


@contextlib.contextmanager
def translate_httpx_errors(url: str | None, fetcher: str | None) -> Iterator[None]:
    """Translate any httpx exception raised inside into the matching :class:`FetchError`."""
    try:
        yield
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
        raise _translate(exc, url, fetcher) from exc


# --------------------------------------------------------------------------------------------
# Per-host politeness


@contextlib.contextmanager
def _deadline_paused() -> Iterator[None]:
    """Stop the running request's total deadline while it queues for a host slot."""
    deadline = _DEADLINE.get()
    when = deadline.when() if deadline is not None else None
    if deadline is None or when is None or deadline.expired():
        yield
        return
    loop = asyncio.get_running_loop()
    remaining = when - loop.time()
    deadline.reschedule(None)
    try:
        yield
    finally:
        deadline.reschedule(loop.time() + max(remaining, 0.0))


class _HostLimiter:
    """Concurrency semaphore plus a start-time spacing of ``1/rate`` seconds for one host.

    Requests start one at a time, each at least ``interval_s`` after the previous one *actually*
    started: a start is timed when it happens, not when it was planned, so after the event loop
    stalls (a busy machine) the overdue requests still go one interval apart, never as a burst.
    """

    def __init__(self, rate: float, concurrency: int) -> None:
        self.interval_s = 1.0 / rate
        self._semaphore = asyncio.Semaphore(concurrency)
        self._start_lock = asyncio.Lock()
        self._next_start = 0.0
        self._last_start: float | None = None
        self.in_flight = 0
        self.max_in_flight = 0
        self.min_gap_s: float | None = None  # smallest time between two starts (benches, tests)

    def defer(self, delay_s: float) -> None:
        """Start nothing on this host for ``delay_s`` seconds (a Retry-After the host asked for)."""
        self._next_start = max(self._next_start, time.monotonic() + delay_s)

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        with _deadline_paused():
            await self._semaphore.acquire()
        try:
            with _deadline_paused():
                async with self._start_lock:  # FIFO: one waiter times its start at a time
                    while (wait_s := self._next_start - time.monotonic()) > 0:
                        await asyncio.sleep(wait_s)  # defer() may move _next_start meanwhile
                    started = time.monotonic()
                    self._next_start = started + self.interval_s
            if self._last_start is not None:
                gap = started - self._last_start
                self.min_gap_s = gap if self.min_gap_s is None else min(self.min_gap_s, gap)
            self._last_start = started
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            try:
                yield
            finally:
                self.in_flight -= 1
        finally:
            self._semaphore.release()


def _host_key(url: httpx.URL) -> str:
    return f"{url.host.lower()}:{url.port or _default_port(url.scheme)}"


def _origin(url: httpx.URL) -> str:
    return f"{url.scheme}://{_host_key(url)}"


def _default_resolver(host: str) -> list[str]:
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


@dataclass
class _Raw:
    url: str
    status: int
    headers: dict[str, str]
    content: bytes
    truncated: bool = False  # only when asked to keep the first bytes (robots.txt)


@dataclass
class _Robots:
    parser: Protego | None  # None: allow everything
    fetched: bool = field(default=True)


# --------------------------------------------------------------------------------------------
# The client


class HttpClient:
    """The one polite HTTP client (see the module docstring for the policies it applies).

    ``transport`` replaces the network (``httpx.MockTransport`` in tests); ``archive`` records every
    final response and serves conditional requests and offline replay; ``resolver`` replaces DNS for
    the private-address guard; ``limiter`` adds per-host limits shared with other processes. Use as
    ``async with HttpClient(settings) as client: ...``.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        archive: ResponseArchive | None = None,
        offline: bool = False,
        resolver: Resolver | None = None,
        limiter: HostLimiter | None = None,
    ) -> None:
        self.settings = settings
        self._shared_limiter = limiter
        self.http = settings.http
        self.user_agent = user_agent(settings.contact)
        self.offline = offline
        self._transport = transport
        self._archive = archive
        self._resolver: Resolver = resolver or _default_resolver
        self._client: httpx.AsyncClient | None = None
        self._limiters: dict[str, _HostLimiter] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._resolved: dict[str, list[str]] = {}
        self._allow = [parse_allowed_origin(entry) for entry in settings.http.allow_private]
        self.stats: dict[str, int] = dict.fromkeys(
            (
                "requests",
                "retries",
                "redirects",
                "robots_fetched",
                "robots_denied",
                "blocked",
                "errors",
                "archive_hits",
                "fresh_hits",
                "not_modified",
                "recorded",
                "bytes",
            ),
            0,
        )
        if offline and archive is None:
            logger.warning("offline HttpClient without an archive: every request will miss")

    # -- lifecycle ------------------------------------------------------------------------

    async def __aenter__(self) -> HttpClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool (no-op when nothing was opened)."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _httpx(self) -> httpx.AsyncClient:
        if self.offline:  # defensive: offline code paths never get here
            raise RuntimeError("offline HttpClient must not open connections")
        if self._client is None:
            self._client = httpx.AsyncClient(
                transport=self._transport,
                timeout=httpx.Timeout(
                    connect=self.http.connect_timeout_s,
                    read=self.http.read_timeout_s,
                    write=self.http.read_timeout_s,
                    pool=self.http.total_timeout_s,
                ),
                follow_redirects=False,
                trust_env=False,  # no proxy or certificate settings from the environment
                headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
            )
        return self._client

    def host_stats(self) -> dict[str, dict[str, float | None]]:
        """Per-host limiter numbers — for benches and logs.

        ``max_in_flight``, ``interval_s`` and ``min_gap_s`` (the shortest time between two request
        starts on the host, ``None`` before the second).
        """
        return {
            host: {
                "max_in_flight": lim.max_in_flight,
                "interval_s": lim.interval_s,
                "min_gap_s": lim.min_gap_s,
            }
            for host, lim in self._limiters.items()
        }

    # -- public API -----------------------------------------------------------------------

    async def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        fetcher: str | None = None,
        query: str | None = None,
        claim_id: str | None = None,
    ) -> FetchResponse:
        """GET ``url`` (``params`` merged into its query); raise only :class:`FetchError`.

        A final status >= 400 raises :class:`factcheck.errors.HTTPStatusError` (with ``status``).
        """
        return await self._request(
            "GET", url, params=params, headers=headers, body=None, fetcher=fetcher, query=query,
            claim_id=claim_id,
        )  # fmt: skip

    async def post_json(
        self,
        url: str,
        payload: Any,
        *,
        headers: Mapping[str, str] | None = None,
        fetcher: str | None = None,
        query: str | None = None,
        claim_id: str | None = None,
    ) -> FetchResponse:
        """POST ``payload`` as JSON; same policies and errors as :meth:`get`."""
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        merged = {"Content-Type": "application/json", **(headers or {})}
        return await self._request(
            "POST", url, params=None, headers=merged, body=body, fetcher=fetcher, query=query,
            claim_id=claim_id,
        )  # fmt: skip

    async def post_form(
        self,
        url: str,
        data: Mapping[str, str],
        *,
        headers: Mapping[str, str] | None = None,
        fetcher: str | None = None,
        query: str | None = None,
        claim_id: str | None = None,
    ) -> FetchResponse:
        """POST ``data`` form-encoded (e.g. a long SPARQL query); same policies as :meth:`get`."""
        body = str(httpx.QueryParams(sorted(data.items()))).encode("ascii")
        merged = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return await self._request(
            "POST", url, params=None, headers=merged, body=body, fetcher=fetcher, query=query,
            claim_id=claim_id,
        )  # fmt: skip

    # -- request pipeline -----------------------------------------------------------------

    async def _request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        body: bytes | None,
        fetcher: str | None,
        query: str | None,
        claim_id: str | None,
    ) -> FetchResponse:
        full_url = url
        try:
            full_url = str(_canonical_url(url, params))
            fingerprint = request_fingerprint(method, url, params, body)
            if self.offline:
                return self._replay(fingerprint, full_url, fetcher)
            try:
                async with asyncio.timeout(self.http.total_timeout_s) as deadline:
                    token = _DEADLINE.set(deadline)
                    try:
                        return await self._fetch(
                            method, full_url, fingerprint, dict(headers or {}), body, fetcher,
                            query, claim_id,
                        )  # fmt: skip
                    finally:
                        _DEADLINE.reset(token)
            except TimeoutError as exc:
                raise FetchTimeoutError(
                    f"total timeout of {self.http.total_timeout_s:g}s exceeded",
                    url=full_url,
                    fetcher=fetcher,
                ) from exc
        except FetchError as exc:
            self.stats["errors"] += 1
            if exc.fetcher is None:
                exc.fetcher = fetcher
            if exc.url is None:
                exc.url = full_url
            logger.info("fetch failed: %s", exc)
            raise

    def _is_fresh(self, cached: FetchResponse) -> bool:
        if self.http.fresh_for_s <= 0:
            return False
        age_s = (dt.datetime.now(dt.UTC) - cached.fetched_at).total_seconds()
        return 0 <= age_s < self.http.fresh_for_s

    def _replay(self, fingerprint: str, url: str, fetcher: str | None) -> FetchResponse:
        cached = self._archive.lookup(fingerprint) if self._archive is not None else None
        if cached is None:
            raise OfflineMissError(
                "offline: the evidence archive holds no response for this request",
                url=url,
                fetcher=fetcher,
            )
        self.stats["archive_hits"] += 1
        if cached.status >= 400:
            raise HTTPStatusError(
                f"HTTP {cached.status} (archived)", status=cached.status, url=url, fetcher=fetcher
            )
        return dataclasses.replace(cached, from_archive=True, fetcher=fetcher)

    async def _fetch(
        self,
        method: str,
        url: str,
        fingerprint: str,
        headers: dict[str, str],
        body: bytes | None,
        fetcher: str | None,
        query: str | None,
        claim_id: str | None,
    ) -> FetchResponse:
        cached = None
        if self._archive is not None:  # file I/O and hashing: keep it off the event loop
            cached = await asyncio.to_thread(self._archive.lookup, fingerprint)
        if cached is not None and cached.status == 200 and self._is_fresh(cached):
            # fetched recently enough (http.fresh_for_s): no request at all, not even a revalidation
            self.stats["fresh_hits"] += 1
            return dataclasses.replace(cached, from_archive=True, fetcher=fetcher)
        if cached is not None and cached.status == 200:
            lower = {k.lower() for k in headers}
            if cached.headers.get("etag") and "if-none-match" not in lower:
                headers["If-None-Match"] = cached.headers["etag"]
            if cached.headers.get("last-modified") and "if-modified-since" not in lower:
                headers["If-Modified-Since"] = cached.headers["last-modified"]
        else:
            cached = None
        raw = await self._with_retries(method, url, headers, body, fetcher)
        if raw.status == 304 and cached is not None:
            self.stats["not_modified"] += 1
            return dataclasses.replace(cached, from_archive=True, fetcher=fetcher)
        response = FetchResponse(
            url=url,
            final_url=raw.url,
            status=raw.status,
            headers=raw.headers,
            content=raw.content,
            encoding=detect_encoding(raw.content, raw.headers.get("content-type")),
            fetched_at=dt.datetime.now(dt.UTC),
            fetcher=fetcher,
        )
        if self._archive is not None and raw.status not in RETRY_STATUSES:
            await asyncio.to_thread(
                self._archive.record,
                fingerprint,
                response,
                fetcher=fetcher,
                query=query,
                claim_id=claim_id,
            )
            self.stats["recorded"] += 1
        if raw.status >= 400:
            raise HTTPStatusError(f"HTTP {raw.status}", status=raw.status, url=raw.url)
        return response

    async def _with_retries(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes | None,
        fetcher: str | None,
    ) -> _Raw:
        loop = asyncio.get_running_loop()
        attempt = 0
        while True:
            failure: FetchError | None = None
            raw: _Raw | None = None
            try:
                raw = await self._follow(method, url, headers, body, fetcher, check_robots=True)
            except (ConnectError, FetchTimeoutError) as exc:
                if not _is_retryable_error(exc):
                    raise
                failure = exc
            delay = self.http.backoff_s * (2**attempt)
            if raw is not None:
                if raw.status not in RETRY_STATUSES:
                    return raw
                retry_after = parse_retry_after(raw.headers.get("retry-after"))
                if retry_after is not None:
                    if retry_after > self.http.max_retry_after_s:
                        raise HTTPStatusError(
                            f"HTTP {raw.status}; Retry-After {retry_after:g}s exceeds "
                            f"max_retry_after_s={self.http.max_retry_after_s:g}",
                            status=raw.status,
                            url=raw.url,
                        )
                    delay = max(delay, retry_after)
                    self._limiter(httpx.URL(raw.url)).defer(retry_after)
                    if self._shared_limiter is not None:
                        await self._shared_limiter.defer(_host_key(httpx.URL(raw.url)), retry_after)
            deadline = _DEADLINE.get()
            when = deadline.when() if deadline is not None else None
            if attempt >= self.http.retries or (when is not None and loop.time() + delay > when):
                if failure is not None:
                    raise failure
                assert raw is not None
                return raw  # the caller turns the status into HTTPStatusError
            attempt += 1
            self.stats["retries"] += 1
            logger.debug("retry %d for %s in %.2fs", attempt, url, delay)
            await asyncio.sleep(delay)

    async def _follow(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes | None,
        fetcher: str | None,
        *,
        check_robots: bool,
        max_bytes: int | None = None,
        truncate: bool = False,
    ) -> _Raw:
        seen = {url}
        current = url
        origin = _origin(httpx.URL(url))
        for hop in range(self.http.max_redirects + 1):
            target = await self._check_url(current, fetcher, check_robots=check_robots)
            raw = await self._send_once(method, target, headers, body, fetcher, max_bytes, truncate)
            location = raw.headers.get("location")
            if raw.status not in _REDIRECT_STATUSES or not location:
                return raw
            if hop >= self.http.max_redirects:
                raise TooManyRedirectsError(
                    f"more than {self.http.max_redirects} redirects", url=current, fetcher=fetcher
                )
            nxt = urljoin(current, location.strip())
            if nxt in seen:
                raise TooManyRedirectsError(f"redirect loop back to {nxt}", url=current)
            seen.add(nxt)
            self.stats["redirects"] += 1
            if raw.status == 303 or (raw.status in (301, 302) and method == "POST"):
                method, body = "GET", None
                headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
            new_origin = _origin(_canonical_url(nxt)) if _scheme_ok(nxt) else origin
            if new_origin != origin:
                headers = {
                    k: v for k, v in headers.items() if k.lower() not in _DROPPED_ON_CROSS_ORIGIN
                }
                origin = new_origin
            current = nxt
        raise TooManyRedirectsError("redirect limit reached", url=current, fetcher=fetcher)

    async def _check_url(self, url: str, fetcher: str | None, *, check_robots: bool) -> httpx.URL:
        parsed = _canonical_url(url)
        if parsed.scheme not in ("http", "https"):
            raise InvalidURLError(
                f"refused URL scheme {parsed.scheme!r} (only http and https)",
                url=url,
                fetcher=fetcher,
            )
        if not parsed.host:
            raise InvalidURLError("URL has no host", url=url, fetcher=fetcher)
        await self._guard(parsed, fetcher)
        if check_robots and self.http.respect_robots:
            robots = await self._robots_for(parsed, fetcher)
            if robots.parser is not None and not robots.parser.can_fetch(url, ROBOTS_TOKEN):
                self.stats["robots_denied"] += 1
                raise RobotsDeniedError(
                    "robots.txt disallows this URL for factcheck", url=url, fetcher=fetcher
                )
        return parsed

    async def _guard(self, url: httpx.URL, fetcher: str | None) -> None:
        host = url.host.lower()
        try:
            ipaddress.ip_address(host.split("%", 1)[0])
            addresses = [host]
        except ValueError:
            addresses = self._resolved.get(host, [])
            if not addresses:
                try:
                    addresses = await asyncio.to_thread(self._resolver, host)
                except (OSError, UnicodeError) as exc:
                    raise ConnectError(
                        f"cannot resolve {host}: {exc}", url=str(url), fetcher=fetcher
                    ) from exc
                if not addresses:
                    raise ConnectError(f"{host} resolves to no address", url=str(url)) from None
                self._resolved[host] = addresses
        allow = self._allow
        for address in addresses:
            try:
                blocked = is_blocked_address(address)
            except ValueError as exc:
                raise ConnectError(
                    f"resolver gave a bad address {address!r}", url=str(url)
                ) from exc
            if blocked and not _is_allowed(url, address, allow):
                self.stats["blocked"] += 1
                port = url.port or _default_port(url.scheme)
                raise BlockedAddressError(
                    f"{host} resolves to {address}, a private/loopback/link-local/reserved "
                    f'address (allow it with http.allow_private = ["{host}:{port}"])',
                    url=str(url),
                    fetcher=fetcher,
                )

    def _limiter(self, url: httpx.URL) -> _HostLimiter:
        key = _host_key(url)
        limiter = self._limiters.get(key)
        if limiter is None:
            limiter = _HostLimiter(self.http.per_host_rate, self.http.per_host_concurrency)
            self._limiters[key] = limiter
        return limiter

    def _shared_slot(self, url: httpx.URL) -> contextlib.AbstractAsyncContextManager[None]:
        if self._shared_limiter is None:
            return contextlib.nullcontext()
        return self._shared_limiter.slot(_host_key(url), self._limiter(url).interval_s)

    async def _robots_for(self, url: httpx.URL, fetcher: str | None) -> _Robots:
        origin = _origin(url)
        cached = self._robots.get(origin)
        if cached is not None:
            return cached
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            cached = self._robots.get(origin)
            if cached is not None:
                return cached
            robots = await self._fetch_robots(origin, fetcher)
            self._robots[origin] = robots
            if robots.parser is not None:
                delay = robots.parser.crawl_delay(ROBOTS_TOKEN)
                if delay:
                    limiter = self._limiter(url)
                    limiter.interval_s = max(
                        limiter.interval_s, min(float(delay), self.http.max_retry_after_s)
                    )
            return robots

    async def _fetch_robots(self, origin: str, fetcher: str | None) -> _Robots:
        robots_url = f"{origin}/robots.txt"
        self.stats["robots_fetched"] += 1
        try:
            raw = await self._follow(
                "GET", robots_url, {}, None, fetcher, check_robots=False,
                max_bytes=_ROBOTS_MAX_BYTES, truncate=True,
            )  # fmt: skip
        except FetchError as exc:  # includes a robots.txt redirect into refused space
            logger.info("robots.txt unavailable for %s (%s): allowing all", origin, exc)
            return _Robots(parser=None)
        if 200 <= raw.status < 300:
            content = raw.content
            if raw.truncated:
                # RFC 9309 2.5: parse at least the first 500 KiB and obey it; the line cut at the
                # limit is dropped (half an "Allow: /a…" rule would allow more than it says)
                content = content[: content.rfind(b"\n") + 1]
                logger.info(
                    "robots.txt of %s is over %d bytes: obeying its first %d",
                    origin, _ROBOTS_MAX_BYTES, len(content),
                )  # fmt: skip
            text = content.decode(
                detect_encoding(content, raw.headers.get("content-type")), errors="replace"
            )
            return _Robots(parser=Protego.parse(text))
        logger.info("robots.txt of %s answered %d: allowing all", origin, raw.status)
        return _Robots(parser=None)

    async def _send_once(
        self,
        method: str,
        url: httpx.URL,
        headers: dict[str, str],
        body: bytes | None,
        fetcher: str | None,
        max_bytes: int | None,
        truncate: bool = False,
    ) -> _Raw:
        """Send one request; read at most the cap (``truncate``: keep the first cap bytes)."""
        cap = max_bytes or self.http.max_bytes
        where = str(url)
        client = self._httpx()
        async with self._limiter(url).slot(), contextlib.AsyncExitStack() as shared:
            with _deadline_paused():
                await shared.enter_async_context(self._shared_slot(url))
            self.stats["requests"] += 1
            with translate_httpx_errors(where, fetcher):
                request = client.build_request(method, url, headers=headers, content=body)
                response = await client.send(request, stream=True)
                try:
                    declared = response.headers.get("content-length")
                    over = declared and declared.strip().isdigit() and int(declared) > cap
                    if over and not truncate:
                        raise TooLargeError(
                            f"Content-Length {int(declared)} exceeds {cap} bytes",
                            url=where,
                            fetcher=fetcher,
                        )
                    if response.is_stream_consumed:
                        # httpx.MockTransport reads (and decodes) the body before returning it.
                        decoder = _BodyDecoder(None, where)
                        chunks: AsyncIterator[bytes] = response.aiter_bytes()
                    else:
                        decoder = _BodyDecoder(response.headers.get("content-encoding"), where)
                        chunks = response.aiter_raw()
                    out = bytearray()
                    truncated = False
                    async for chunk in chunks:
                        self.stats["bytes"] += len(chunk)
                        for piece in decoder.feed(chunk, cap - len(out)):
                            out += piece
                            if len(out) > cap:
                                if not truncate:
                                    raise TooLargeError(
                                        f"body exceeds {cap} bytes (decoded)",
                                        url=where,
                                        fetcher=fetcher,
                                    )
                                del out[cap:]
                                truncated = True
                                break
                        if truncated:
                            break
                finally:
                    await response.aclose()
        return _Raw(
            url=where,
            status=response.status_code,
            headers={k.lower(): v for k, v in response.headers.items()},
            content=bytes(out),
            truncated=truncated,
        )


def _scheme_ok(url: str) -> bool:
    return url.split(":", 1)[0].lower() in ("http", "https")


def _is_retryable_error(exc: FetchError) -> bool:
    if isinstance(exc, ConnectError):
        return True
    cause = exc.__cause__
    return isinstance(exc, FetchTimeoutError) and isinstance(cause, httpx.ConnectTimeout)


def run_sync(coro: Awaitable[T]) -> T:
    """Run ``coro`` to completion from synchronous code (the CLI).

    Raises RuntimeError when called from inside a running event loop (await ``coro`` there).
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        raise RuntimeError("run_sync() called inside a running event loop; await instead")

    async def _main() -> T:
        return await coro

    return asyncio.run(_main())
