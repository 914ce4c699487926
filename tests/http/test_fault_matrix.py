"""Fault matrix: every HTTP fault becomes a typed FetchError carrying url and fetcher — never a crash,
never a response. Faults come from loopback servers started here (pytest-httpserver and raw sockets).
"""

from __future__ import annotations

import asyncio
import gzip
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from _loopback import RawServer, closed_port, loopback_settings, run
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from factcheck.config import Settings
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
from factcheck.evidence import EvidenceArchive
from factcheck.http import FetchResponse, HttpClient


@dataclass
class Fault:
    name: str
    expected: type[FetchError]
    setup: Callable[[HTTPServer, ExitStack], str]  # returns the URL to fetch
    settings: dict[str, Any]
    offline: bool = False
    parse_json: bool = False


def _slow(delay_s: float) -> Callable[[Request], Response]:
    def handler(request: Request) -> Response:
        time.sleep(delay_s)
        return Response("late")

    return handler


def _route(path: str, **kwargs: Any) -> Callable[[HTTPServer, ExitStack], str]:
    def setup(server: HTTPServer, stack: ExitStack) -> str:
        server.expect_request(path).respond_with_data(**kwargs)
        return server.url_for(path)

    return setup


def _handler(path: str, handler: Callable[[Request], Response]) -> Callable[..., str]:
    def setup(server: HTTPServer, stack: ExitStack) -> str:
        server.expect_request(path).respond_with_handler(handler)
        return server.url_for(path)

    return setup


def _raw(payload: bytes) -> Callable[[HTTPServer, ExitStack], str]:
    def setup(server: HTTPServer, stack: ExitStack) -> str:
        return stack.enter_context(RawServer(payload)).url("/raw")

    return setup


def _redirect_chain(n: int) -> Callable[[HTTPServer, ExitStack], str]:
    def setup(server: HTTPServer, stack: ExitStack) -> str:
        for i in range(n):
            server.expect_request(f"/hop{i}").respond_with_data(
                "", status=302, headers={"Location": f"/hop{i + 1}"}
            )
        return server.url_for("/hop0")

    return setup


def _loop(server: HTTPServer, stack: ExitStack) -> str:
    server.expect_request("/ping").respond_with_data("", status=302, headers={"Location": "/pong"})
    server.expect_request("/pong").respond_with_data("", status=302, headers={"Location": "/ping"})
    return server.url_for("/ping")


def _chunked_big(request: Request) -> Response:
    return Response((b"z" * 1000 for _ in range(200)), direct_passthrough=True)


def _refused(server: HTTPServer, stack: ExitStack) -> str:
    return f"http://127.0.0.1:{closed_port()}/nothing"


def _robots_denied(server: HTTPServer, stack: ExitStack) -> str:
    server.clear()  # replace the allow-all robots.txt of the fixture
    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private\n")
    return server.url_for("/private/page")


def _offline(server: HTTPServer, stack: ExitStack) -> str:
    return server.url_for("/never-fetched")


BOMB = gzip.compress(b"\0" * 20_000_000, compresslevel=9)

FAULTS = [
    Fault(
        "429-retry-after-too-long",
        HTTPStatusError,
        _route("/busy", response_data="", status=429, headers={"Retry-After": "86400"}),
        {},
    ),
    Fault("503-forever", HTTPStatusError, _route("/down", response_data="", status=503), {}),
    Fault("500-server-error", HTTPStatusError, _route("/err", response_data="", status=500), {}),
    Fault("404-not-found", HTTPStatusError, _route("/missing", response_data="", status=404), {}),
    Fault("403-forbidden", HTTPStatusError, _route("/forbidden", response_data="", status=403), {}),
    Fault("connection-refused", ConnectError, _refused, {}),
    Fault("closed-without-answer", ConnectError, _raw(b""), {}),
    Fault("garbage-not-http", ConnectError, _raw(b"\x00\x01 this is not HTTP\r\n\r\n"), {}),
    Fault(
        "truncated-body",
        ConnectError,
        _raw(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\nshort"),
        {},
    ),
    Fault(
        "read-timeout", FetchTimeoutError, _handler("/slow", _slow(0.5)), {"read_timeout_s": 0.15}
    ),
    Fault(
        "total-timeout",
        FetchTimeoutError,
        _handler("/slower", _slow(0.5)),
        {"read_timeout_s": 5, "total_timeout_s": 0.25},
    ),
    Fault(
        "redirect-to-metadata",
        BlockedAddressError,
        _route(
            "/meta",
            response_data="",
            status=302,
            headers={"Location": "http://169.254.169.254/latest/meta-data/"},
        ),
        {},
    ),
    Fault(
        "redirect-to-ipv6-loopback",
        BlockedAddressError,
        _route("/v6", response_data="", status=302, headers={"Location": "http://[::1]/"}),
        {},
    ),
    Fault(
        "redirect-to-file-scheme",
        InvalidURLError,
        _route("/file", response_data="", status=302, headers={"Location": "file:///etc/passwd"}),
        {},
    ),
    Fault("redirect-loop", TooManyRedirectsError, _loop, {}),
    Fault("too-many-redirects", TooManyRedirectsError, _redirect_chain(6), {"max_redirects": 3}),
    Fault(
        "too-large-content-length",
        TooLargeError,
        _route("/big", response_data=b"x" * 20_000),
        {"max_bytes": 10_000},
    ),
    Fault(
        "too-large-chunked", TooLargeError, _handler("/chunks", _chunked_big), {"max_bytes": 10_000}
    ),
    Fault(
        "gzip-bomb",
        TooLargeError,
        _route("/bomb", response_data=BOMB, headers={"Content-Encoding": "gzip"}),
        {"max_bytes": 1_000_000},
    ),
    Fault(
        "corrupt-gzip",
        ContentError,
        _route(
            "/corrupt", response_data=b"definitely not gzip", headers={"Content-Encoding": "gzip"}
        ),
        {},
    ),
    Fault(
        "unsupported-encoding",
        ContentError,
        _route("/br", response_data=b"\x1b\x00", headers={"Content-Encoding": "br"}),
        {},
    ),
    Fault(
        "invalid-json",
        ContentError,
        _route("/json", response_data="{'not': json", content_type="application/json"),
        {},
        parse_json=True,
    ),
    Fault("robots-disallow", RobotsDeniedError, _robots_denied, {}),
    Fault("offline-miss", OfflineMissError, _offline, {}, offline=True),
]


@pytest.fixture
def server(httpserver_ipv4: HTTPServer) -> Iterator[HTTPServer]:
    httpserver_ipv4.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow:\n")
    return httpserver_ipv4


async def _attempt(client: HttpClient, url: str, parse_json: bool) -> FetchResponse | Any:
    response = await client.get(url, fetcher="matrix", claim_id="c-1")
    if parse_json:
        response.json()
    return response


def test_fault_matrix_has_at_least_twelve_distinct_faults() -> None:
    assert len({f.name for f in FAULTS}) == len(FAULTS) >= 12
    assert len({f.expected for f in FAULTS}) >= 9


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.name)
def test_fault_becomes_typed_fetch_error(fault: Fault, server: HTTPServer, tmp_path: Path) -> None:
    archive = EvidenceArchive(tmp_path / "evidence")
    with ExitStack() as stack:
        url = fault.setup(server, stack)
        port = httpx.URL(url).port or 80  # the fault's own server may listen elsewhere
        settings: Settings = loopback_settings(server.port, port, retries=1, **fault.settings)

        async def go() -> list[Any]:
            async with HttpClient(settings, archive=archive, offline=fault.offline) as client:
                results = await asyncio.gather(
                    _attempt(client, url, fault.parse_json), return_exceptions=True
                )
                results.append(client.stats)
                return results

        outcome, stats = run(go())
    # Anything but a FetchError (a crash) or a response (a "document") fails here.
    assert isinstance(outcome, FetchError), f"{fault.name}: got {outcome!r}"
    assert type(outcome) is fault.expected, f"{fault.name}: {type(outcome).__name__}: {outcome}"
    assert outcome.url, fault.name
    assert outcome.url.startswith(("http://", "file://")), outcome.url
    assert outcome.fetcher == "matrix"
    if not fault.parse_json:
        assert stats["errors"] == 1
