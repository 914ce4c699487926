"""HttpClient policies against loopback servers (pytest-httpserver on 127.0.0.1) and MockTransport."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from _loopback import (
    PUBLIC_IP,
    closed_port,
    fail_transport,
    loopback_settings,
    public_resolver,
    run,
)
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from factcheck.__about__ import __version__
from factcheck.config import Settings
from factcheck.errors import (
    BlockedAddressError,
    ConnectError,
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
from factcheck.http import FetchResponse, HttpClient, Resolver, request_fingerprint


def fetch(
    settings: Settings,
    url: str,
    *,
    archive: EvidenceArchive | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    resolver: Resolver | None = None,
    offline: bool = False,
    **kwargs: Any,
) -> tuple[FetchResponse | FetchError, HttpClient]:
    """GET once with a fresh client; return the response or the FetchError, and the client."""

    async def go() -> tuple[FetchResponse | FetchError, HttpClient]:
        client = HttpClient(
            settings, archive=archive, transport=transport, resolver=resolver, offline=offline
        )
        async with client:
            try:
                return await client.get(url, fetcher="test", **kwargs), client
            except FetchError as exc:
                return exc, client

    return run(go())


def sequence(*responses: Response) -> Any:
    """A handler answering with ``responses`` in turn, repeating the last one."""
    queue = list(responses)

    def handler(request: Request) -> Response:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handler


def paths(server: HTTPServer, path: str) -> int:
    return sum(1 for request, _ in server.log if request.path == path)


@pytest.fixture
def server(httpserver_ipv4: HTTPServer) -> HTTPServer:
    """A loopback server on 127.0.0.1 with an allow-all robots.txt."""
    httpserver_ipv4.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow:\n", content_type="text/plain"
    )
    return httpserver_ipv4


# -- basics ------------------------------------------------------------------------------------


def test_get_sends_honest_user_agent_and_returns_body(server: HTTPServer) -> None:
    server.expect_request("/api", query_string="b=2&a=1").respond_with_json({"ok": True})
    result, client = fetch(
        loopback_settings(server.port), server.url_for("/api?b=2"), params={"a": "1"}
    )
    assert isinstance(result, FetchResponse)
    assert result.status == 200
    assert result.json() == {"ok": True}
    assert result.from_archive is False
    request = next(r for r, _ in server.log if r.path == "/api")
    ua = request.headers["User-Agent"]
    assert ua.startswith(
        f"factcheck/{__version__} (+https://github.com/factcheck-pipeline/factcheck"
    )
    assert "tests@factcheck.invalid" in ua
    assert "Mozilla" not in ua
    assert client.stats["requests"] == 2  # robots.txt + the page


def test_fingerprint_normalizes_query_order_host_case_and_default_port() -> None:
    a = request_fingerprint("get", "http://Example.org/x?b=2&a=1", None, None)
    b = request_fingerprint("GET", "http://example.org:80/x", {"a": "1", "b": "2"}, None)
    assert a == b
    assert a != request_fingerprint("GET", "http://example.org:8080/x?a=1&b=2", None, None)
    assert a != request_fingerprint("POST", "http://example.org/x?a=1&b=2", None, b"{}")
    assert request_fingerprint("POST", "http://e.org/", None, b"1") != request_fingerprint(
        "POST", "http://e.org/", None, b"2"
    )


# -- retries -----------------------------------------------------------------------------------


def test_429_with_retry_after_waits_at_least_that_long(server: HTTPServer) -> None:
    server.expect_request("/busy").respond_with_handler(
        sequence(Response("slow down", status=429, headers={"Retry-After": "1"}), Response("ok"))
    )
    started = time.monotonic()
    result, client = fetch(loopback_settings(server.port, backoff_s=0.01), server.url_for("/busy"))
    elapsed = time.monotonic() - started
    assert isinstance(result, FetchResponse)
    assert result.text == "ok"
    assert client.stats["retries"] == 1
    assert elapsed >= 0.95  # Retry-After is a floor; the 10 ms backoff alone would be far less


def test_retry_after_beyond_cap_gives_up_at_once(server: HTTPServer) -> None:
    server.expect_request("/busy").respond_with_data(
        "", status=429, headers={"Retry-After": "3600"}
    )
    started = time.monotonic()
    result, client = fetch(
        loopback_settings(server.port, max_retry_after_s=5), server.url_for("/busy")
    )
    assert isinstance(result, HTTPStatusError)
    assert result.status == 429
    assert "Retry-After" in result.message
    # waiting would take at least the 5 s cap; a busy machine cannot make giving up take that long
    assert time.monotonic() - started < 5
    assert client.stats["retries"] == 0


def test_503_burst_then_success(server: HTTPServer) -> None:
    down = [Response("down", status=503) for _ in range(3)]
    server.expect_request("/flaky").respond_with_handler(sequence(*down, Response("up")))
    result, client = fetch(loopback_settings(server.port, retries=3), server.url_for("/flaky"))
    assert isinstance(result, FetchResponse)
    assert result.text == "up"
    assert client.stats["retries"] == 3
    assert paths(server, "/flaky") == 4


def test_503_beyond_retries_is_a_status_error(server: HTTPServer) -> None:
    server.expect_request("/down").respond_with_data("down", status=503)
    result, client = fetch(loopback_settings(server.port, retries=2), server.url_for("/down"))
    assert isinstance(result, HTTPStatusError)
    assert result.status == 503
    assert result.url == server.url_for("/down")
    assert result.fetcher == "test"
    assert paths(server, "/down") == 3
    assert client.stats["errors"] == 1


def test_404_is_not_retried(server: HTTPServer) -> None:
    server.expect_request("/missing").respond_with_data("no", status=404)
    result, client = fetch(loopback_settings(server.port), server.url_for("/missing"))
    assert isinstance(result, HTTPStatusError)
    assert result.status == 404
    assert client.stats["retries"] == 0


def test_connection_refused_is_retried_then_connect_error() -> None:
    port = closed_port()
    url = f"http://127.0.0.1:{port}/x"
    result, client = fetch(loopback_settings(port, retries=2, respect_robots=False), url)
    assert isinstance(result, ConnectError)
    assert result.url == url
    assert client.stats["retries"] == 2


# -- timeouts ----------------------------------------------------------------------------------


def _slow(delay_s: float) -> Any:
    def handler(request: Request) -> Response:
        time.sleep(delay_s)
        return Response("late")

    return handler


def test_read_timeout(server: HTTPServer) -> None:
    server.expect_request("/slow").respond_with_handler(_slow(0.6))
    result, client = fetch(
        loopback_settings(server.port, read_timeout_s=0.2), server.url_for("/slow")
    )
    assert isinstance(result, FetchTimeoutError)
    assert "read timeout" in result.message
    assert client.stats["retries"] == 0  # a slow server is not hammered again


def test_total_timeout(server: HTTPServer) -> None:
    server.expect_request("/slow").respond_with_handler(_slow(0.6))
    started = time.monotonic()
    result, _ = fetch(
        loopback_settings(server.port, read_timeout_s=5, total_timeout_s=0.3),
        server.url_for("/slow"),
    )
    assert isinstance(result, FetchTimeoutError)
    # the server answers after 0.6 s and the read timeout is 5 s: only the 0.3 s total timeout
    # can give this error, so no wall-clock margin is needed (a busy machine only adds time)
    assert "total timeout" in result.message
    assert time.monotonic() - started < 5


# -- redirects and the private-address guard ---------------------------------------------------


def _redirecting(location: str) -> httpx.MockTransport:
    """Public host example.org redirecting to ``location``; any other host fails the test."""

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.host == "example.org", f"guard let {request.url} through"
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": location})

    return httpx.MockTransport(handler)


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/",
        "http://[::ffff:127.0.0.1]/",
        "http://10.1.2.3/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
    ],
)
def test_redirect_into_private_space_is_blocked(location: str) -> None:
    settings = loopback_settings(allow_private=[])
    result, client = fetch(
        settings,
        "http://example.org/start",
        transport=_redirecting(location),
        resolver=public_resolver,
    )
    assert isinstance(result, BlockedAddressError)
    assert result.url is not None
    assert result.url.startswith(location.split("/")[0])
    assert client.stats["blocked"] == 1


def test_host_name_resolving_to_private_address_is_blocked() -> None:
    result, _ = fetch(
        loopback_settings(allow_private=[]),
        "http://intranet.example/",
        transport=fail_transport(),
        resolver=lambda host: ["10.0.0.5"],
    )
    assert isinstance(result, BlockedAddressError)
    assert "10.0.0.5" in result.message


def test_allow_private_accepts_a_cidr_with_a_port() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="inside")

    for url, allowed in [
        ("http://intranet.example/", True),
        ("http://intranet.example:81/", False),
    ]:
        result, _ = fetch(
            loopback_settings(allow_private=["10.0.0.0/8:80"]),
            url,
            transport=httpx.MockTransport(handler),
            resolver=lambda host: ["10.0.0.5"],
        )
        if allowed:
            assert isinstance(result, FetchResponse)
            assert result.text == "inside"
        else:
            assert isinstance(result, BlockedAddressError)


def test_redirect_from_allowed_loopback_to_other_loopback_is_blocked(server: HTTPServer) -> None:
    target = f"http://127.0.0.2:{server.port}/inner"
    server.expect_request("/out").respond_with_data("", status=302, headers={"Location": target})
    result, _ = fetch(loopback_settings(server.port), server.url_for("/out"))
    assert isinstance(result, BlockedAddressError)
    assert result.url == target


def test_redirects_are_followed_and_final_url_kept(server: HTTPServer) -> None:
    server.expect_request("/a").respond_with_data("", status=301, headers={"Location": "/b"})
    server.expect_request("/b").respond_with_data("", status=307, headers={"Location": "/c?x=1"})
    server.expect_request("/c").respond_with_data("final")
    result, client = fetch(loopback_settings(server.port), server.url_for("/a"))
    assert isinstance(result, FetchResponse)
    assert result.url == server.url_for("/a")
    assert result.final_url == server.url_for("/c?x=1")
    assert result.text == "final"
    assert client.stats["redirects"] == 2


def test_redirect_loop(server: HTTPServer) -> None:
    server.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    server.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    result, _ = fetch(loopback_settings(server.port), server.url_for("/a"))
    assert isinstance(result, TooManyRedirectsError)
    assert "loop" in result.message
    assert paths(server, "/a") == 1


def test_too_many_redirects(server: HTTPServer) -> None:
    for i in range(5):
        server.expect_request(f"/r{i}").respond_with_data(
            "", status=302, headers={"Location": f"/r{i + 1}"}
        )
    result, _ = fetch(loopback_settings(server.port, max_redirects=2), server.url_for("/r0"))
    assert isinstance(result, TooManyRedirectsError)
    assert paths(server, "/r3") == 0


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/"])
def test_redirect_to_non_http_scheme_is_refused(server: HTTPServer, location: str) -> None:
    server.expect_request("/a").respond_with_data("", status=302, headers={"Location": location})
    result, _ = fetch(loopback_settings(server.port), server.url_for("/a"))
    assert isinstance(result, InvalidURLError)
    assert result.url == location


# -- size caps ---------------------------------------------------------------------------------


def test_oversized_body_with_content_length(server: HTTPServer) -> None:
    server.expect_request("/big").respond_with_data(b"x" * 5000)
    result, _ = fetch(loopback_settings(server.port, max_bytes=1000), server.url_for("/big"))
    assert isinstance(result, TooLargeError)
    assert "Content-Length 5000" in result.message


def test_oversized_streamed_body_without_content_length(server: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        def chunks() -> Any:
            for _ in range(100):
                yield b"y" * 1000

        return Response(chunks(), direct_passthrough=True)  # chunked: no Content-Length

    server.expect_request("/stream").respond_with_handler(handler)
    result, _ = fetch(loopback_settings(server.port, max_bytes=10_000), server.url_for("/stream"))
    assert isinstance(result, TooLargeError)
    assert "decoded" in result.message


def test_gzip_bomb_is_stopped_by_decoded_size(server: HTTPServer) -> None:
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
    assert len(bomb) < 100_000
    server.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    result, client = fetch(
        loopback_settings(server.port, max_bytes=1_000_000), server.url_for("/bomb")
    )
    assert isinstance(result, TooLargeError)
    assert client.stats["bytes"] <= len(bomb) + 1000  # robots.txt is the rest


def test_gzip_body_within_cap_is_decoded(server: HTTPServer) -> None:
    body = "压缩的正文 compressed body ".encode() * 100
    server.expect_request("/gz").respond_with_data(
        gzip.compress(body),
        headers={"Content-Encoding": "gzip", "Content-Type": "text/plain; charset=utf-8"},
    )
    result, _ = fetch(loopback_settings(server.port), server.url_for("/gz"))
    assert isinstance(result, FetchResponse)
    assert result.content == body


# -- robots.txt --------------------------------------------------------------------------------


def test_robots_disallow_is_a_counted_error_and_robots_is_fetched_once(
    httpserver_ipv4: HTTPServer,
) -> None:
    server = httpserver_ipv4
    server.expect_request("/robots.txt").respond_with_data(
        "User-agent: factcheck\nDisallow: /secret\n\nUser-agent: *\nDisallow: /\n"
    )
    server.expect_request("/open").respond_with_data("public")

    async def go() -> tuple[list[Any], HttpClient]:
        async with HttpClient(loopback_settings(httpserver_ipv4.port)) as client:
            urls = [server.url_for("/secret/a"), server.url_for("/open"), server.url_for("/open")]
            results = await asyncio.gather(
                *(client.get(u, fetcher="t") for u in urls), return_exceptions=True
            )
            results.append(await client.get(server.url_for("/open"), fetcher="t"))
            return results, client

    results, client = run(go())
    assert isinstance(results[0], RobotsDeniedError)
    assert results[0].url == server.url_for("/secret/a")
    assert all(isinstance(r, FetchResponse) and r.text == "public" for r in results[1:])
    assert client.stats["robots_denied"] == 1
    assert client.stats["robots_fetched"] == 1
    assert paths(server, "/robots.txt") == 1
    assert paths(server, "/secret/a") == 0


@pytest.mark.parametrize("status", [404, 500])
def test_robots_missing_or_broken_allows_all(httpserver_ipv4: HTTPServer, status: int) -> None:
    httpserver_ipv4.expect_request("/robots.txt").respond_with_data("", status=status)
    httpserver_ipv4.expect_request("/page").respond_with_data("ok")
    result, _ = fetch(loopback_settings(httpserver_ipv4.port), httpserver_ipv4.url_for("/page"))
    assert isinstance(result, FetchResponse)
    assert paths(httpserver_ipv4, "/robots.txt") == 1


def test_robots_redirect_into_private_space_allows_all_but_never_goes_there() -> None:
    hosts: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        hosts.append(request.url.host)
        if request.url.path == "/robots.txt":
            return httpx.Response(301, headers={"Location": "http://10.0.0.1/robots.txt"})
        return httpx.Response(200, text="page")

    result, client = fetch(
        loopback_settings(allow_private=[]),
        "http://example.org/page",
        transport=httpx.MockTransport(handler),
        resolver=public_resolver,
    )
    assert isinstance(result, FetchResponse)
    assert hosts == ["example.org", "example.org"]
    assert client.stats["blocked"] == 1


def test_crawl_delay_slows_the_host_down() -> None:
    starts: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: factcheck\nCrawl-delay: 0.3\n")
        starts.append(time.monotonic())
        return httpx.Response(200, text="ok")

    async def go() -> None:
        async with HttpClient(
            loopback_settings(per_host_rate=100.0), transport=httpx.MockTransport(handler),
            resolver=public_resolver,
        ) as client:  # fmt: skip
            for i in range(3):
                await client.get(f"https://example.org/{i}")

    run(go())
    assert starts[2] - starts[0] >= 0.55


def test_respect_robots_false_never_fetches_robots(httpserver_ipv4: HTTPServer) -> None:
    httpserver_ipv4.expect_request("/page").respond_with_data("ok")
    result, client = fetch(
        loopback_settings(httpserver_ipv4.port, respect_robots=False),
        httpserver_ipv4.url_for("/page"),
    )
    assert isinstance(result, FetchResponse)
    assert paths(httpserver_ipv4, "/robots.txt") == 0
    assert client.stats["robots_fetched"] == 0


# -- charsets ----------------------------------------------------------------------------------

GBK_TEXT = (
    "北京深度求索人工智能基础技术研究有限公司成立于二〇二三年七月，总部位于北京市海淀区。" * 5
)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/html; charset=gbk", f"<html><body>{GBK_TEXT}</body></html>"),
        ("text/html; charset=GB2312", f"<html><body>{GBK_TEXT}</body></html>"),
        (
            "text/html",
            f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">'
            f"</head><body>{GBK_TEXT}</body></html>",
        ),
        ("text/html", f'<html><head><meta charset="gb2312"></head><body>{GBK_TEXT}</body></html>'),
        ("text/plain", GBK_TEXT),  # undeclared: charset-normalizer
    ],
)
def test_gbk_page_is_decoded(server: HTTPServer, content_type: str, body: str) -> None:
    server.expect_request("/zh").respond_with_data(body.encode("gbk"), content_type=content_type)
    result, _ = fetch(loopback_settings(server.port), server.url_for("/zh"))
    assert isinstance(result, FetchResponse)
    assert GBK_TEXT in result.text
    if "charset" in body or "charset" in content_type:
        assert result.encoding == "gb18030"


def test_gb18030_only_character_in_a_gbk_labelled_page(server: HTTPServer) -> None:
    text = "𠀀 汉字 ㈠"  # U+20000 exists only in GB18030
    server.expect_request("/zh").respond_with_data(
        text.encode("gb18030"), content_type="text/plain; charset=gbk"
    )
    result, _ = fetch(loopback_settings(server.port), server.url_for("/zh"))
    assert isinstance(result, FetchResponse)
    assert result.text == text


def test_invalid_charset_name_falls_back_to_detection(server: HTTPServer) -> None:
    text = "Überprüfung – naïve café 数据"
    server.expect_request("/odd").respond_with_data(
        text.encode("utf-8"), content_type="text/html; charset=no-such-charset-42"
    )
    result, _ = fetch(loopback_settings(server.port), server.url_for("/odd"))
    assert isinstance(result, FetchResponse)
    assert result.encoding == "utf-8"
    assert result.text == text


# -- archive: conditional requests and offline replay ------------------------------------------


def test_conditional_request_304_returns_archived_response(
    server: HTTPServer, tmp_path: Path
) -> None:
    archive = EvidenceArchive(tmp_path / "evidence")
    headers = {"ETag": '"v1"', "Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT"}
    server.expect_oneshot_request(
        "/doc", headers={"If-None-Match": '"v1"', "If-Modified-Since": headers["Last-Modified"]}
    ).respond_with_data("", status=304)
    server.expect_oneshot_request("/doc").respond_with_data("version one", headers=headers)
    revalidate = loopback_settings(server.port, fresh_for_s=0)
    first, _ = fetch(revalidate, server.url_for("/doc"), archive=archive)
    second, client = fetch(revalidate, server.url_for("/doc"), archive=archive)
    assert isinstance(first, FetchResponse)
    assert isinstance(second, FetchResponse)
    assert first.from_archive is False
    assert second.from_archive is True
    assert second.content == first.content == b"version one"
    assert second.headers["etag"] == '"v1"'
    assert client.stats["not_modified"] == 1
    server.check_assertions()


def test_fresh_archived_response_is_reused_without_a_request(
    server: HTTPServer, tmp_path: Path
) -> None:
    archive = EvidenceArchive(tmp_path / "evidence")
    server.expect_oneshot_request("/doc").respond_with_data("version one")
    _first, _ = fetch(
        loopback_settings(server.port, fresh_for_s=3600), server.url_for("/doc"), archive=archive
    )
    n_requests = len(server.log)
    second, client = fetch(
        loopback_settings(server.port, fresh_for_s=3600), server.url_for("/doc"), archive=archive
    )
    assert isinstance(second, FetchResponse)
    assert second.from_archive is True
    assert second.content == b"version one"
    assert client.stats["fresh_hits"] == 1
    assert client.stats["requests"] == 0
    assert len(server.log) == n_requests, "no request, not even robots.txt"


def test_offline_hit_and_miss_never_open_a_socket(
    server: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = EvidenceArchive(tmp_path / "evidence")
    server.expect_request("/api").respond_with_json({"answer": 42})
    url = server.url_for("/api")
    online, _ = fetch(loopback_settings(server.port), url, archive=archive, params={"q": "x"})
    assert isinstance(online, FetchResponse)

    import socket

    def no_socket(*args: object, **kwargs: object) -> None:
        raise AssertionError("offline mode opened a socket")

    monkeypatch.setattr(socket.socket, "connect", no_socket)
    hit, client = fetch(
        loopback_settings(server.port), url, archive=archive, params={"q": "x"}, offline=True,
        transport=fail_transport(),
    )  # fmt: skip
    assert isinstance(hit, FetchResponse)
    assert hit.from_archive is True
    assert hit.content == online.content
    assert hit.json() == {"answer": 42}
    assert hit.final_url == online.final_url
    assert client.stats["archive_hits"] == 1
    assert client.stats["requests"] == 0

    miss, _ = fetch(
        loopback_settings(server.port), url, archive=archive, params={"q": "other"}, offline=True,
        transport=fail_transport(),
    )  # fmt: skip
    assert isinstance(miss, OfflineMissError)
    assert miss.url == url + "?q=other"
    assert miss.fetcher == "test"


def test_offline_replays_recorded_error_status(server: HTTPServer, tmp_path: Path) -> None:
    archive = EvidenceArchive(tmp_path / "evidence")
    server.expect_request("/gone").respond_with_data("gone", status=410)
    online, _ = fetch(loopback_settings(server.port), server.url_for("/gone"), archive=archive)
    offline, _ = fetch(
        loopback_settings(server.port), server.url_for("/gone"), archive=archive, offline=True,
        transport=fail_transport(),
    )  # fmt: skip
    assert isinstance(online, HTTPStatusError)
    assert isinstance(offline, HTTPStatusError)
    assert offline.status == online.status == 410


def test_post_json_round_trip_and_archive_key_includes_body(tmp_path: Path) -> None:
    seen: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        seen.append(request.content)
        return httpx.Response(200, json={"echo": request.content.decode()})

    archive = EvidenceArchive(tmp_path / "evidence")

    async def go(offline: bool, payload: dict[str, int]) -> FetchResponse:
        transport = fail_transport() if offline else httpx.MockTransport(handler)
        async with HttpClient(
            loopback_settings(), transport=transport, archive=archive, offline=offline,
            resolver=public_resolver,
        ) as client:  # fmt: skip
            return await client.post_json("https://api.example.org/q", payload, fetcher="t")

    online = run(go(False, {"a": 1}))
    assert seen == [b'{"a": 1}']
    assert run(go(True, {"a": 1})).content == online.content
    with pytest.raises(OfflineMissError):
        run(go(True, {"a": 2}))


# -- per-host limits ---------------------------------------------------------------------------


def test_per_host_rate_and_concurrency_are_enforced() -> None:
    rate = 10.0
    interval = 1 / rate
    in_flight = {"now": 0, "max": 0}
    arrivals: list[float] = []  # the server's log: when each request reached it

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        arrivals.append(time.monotonic())
        in_flight["now"] += 1
        in_flight["max"] = max(in_flight["max"], in_flight["now"])
        await asyncio.sleep(0.15)
        in_flight["now"] -= 1
        return httpx.Response(200, text="ok")

    settings = loopback_settings(per_host_rate=rate, per_host_concurrency=2)

    async def go() -> HttpClient:
        async with HttpClient(
            settings, transport=httpx.MockTransport(handler), resolver=public_resolver
        ) as client:
            await asyncio.gather(*(client.get(f"https://a.example/{i}") for i in range(8)))
            return client

    client = run(go())
    assert in_flight["max"] == 2
    stats = client.host_stats()["a.example:443"]
    assert stats["max_in_flight"] == 2
    # The limiter times each start when it happens: no two starts closer than one interval,
    # robots.txt included (its own clock, so no scheduling margin is needed).
    assert stats["min_gap_s"] is not None
    assert stats["min_gap_s"] >= interval
    # The server's log against the configured rate: what happens between a start and its arrival
    # (this process's own work) can only delay the arrival, so the server sees the 8 pages
    # spread over at least 7 intervals, less the delay of the first arrival (at most one).
    assert len(arrivals) == 8
    assert arrivals[-1] - arrivals[0] >= 6 * interval


def test_a_stalled_event_loop_does_not_release_a_burst() -> None:
    """A busy machine stalls the event loop; the requests that became due meanwhile must still
    start one interval apart (the old limiter let them all go at once when the loop woke)."""
    rate = 5.0
    interval = 1 / rate
    arrivals: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        arrivals.append(time.monotonic())
        if len(arrivals) == 1:
            time.sleep(4 * interval)  # blocks the whole loop, like a CPU-starved process
        return httpx.Response(200, text="ok")

    settings = loopback_settings(per_host_rate=rate, per_host_concurrency=5)

    async def go() -> HttpClient:
        async with HttpClient(
            settings, transport=httpx.MockTransport(handler), resolver=public_resolver
        ) as client:
            await asyncio.gather(*(client.get(f"https://a.example/{i}") for i in range(5)))
            return client

    client = run(go())
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    assert len(gaps) == 4
    # before the fix: the three requests due during the stall arrived within a millisecond
    assert min(gaps) >= interval / 2, gaps
    assert client.host_stats()["a.example:443"]["min_gap_s"] >= interval  # type: ignore[operator]


def test_queueing_for_a_host_does_not_count_against_the_total_timeout() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404 if request.url.path == "/robots.txt" else 200, text="ok")

    # 6 requests at 4/s queue for ~1.5 s in all; each request itself takes milliseconds.
    settings = loopback_settings(per_host_rate=4.0, per_host_concurrency=1, total_timeout_s=0.5)

    async def go() -> list[Any]:
        async with HttpClient(
            settings, transport=httpx.MockTransport(handler), resolver=public_resolver
        ) as client:
            return await asyncio.gather(
                *(client.get(f"https://a.example/{i}") for i in range(6)), return_exceptions=True
            )

    results = run(go())
    assert all(isinstance(r, FetchResponse) for r in results), results


def test_two_hosts_have_independent_limits() -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404 if request.url.path == "/robots.txt" else 200)

    settings = loopback_settings(per_host_rate=5.0, per_host_concurrency=1)

    async def go() -> float:
        async with HttpClient(
            settings, transport=httpx.MockTransport(handler), resolver=public_resolver
        ) as client:
            started = time.monotonic()
            await asyncio.gather(
                client.get("https://a.example/x"), client.get("https://b.example/x")
            )
            return time.monotonic() - started

    # Each host: robots.txt, then the page 200 ms later; the hosts do not wait for each other.
    assert run(go()) < 0.35


def test_public_ip_constant_passes_the_guard() -> None:
    from factcheck.http import is_blocked_address

    assert not is_blocked_address(PUBLIC_IP)


def test_cross_origin_redirect_drops_credentials_and_303_turns_post_into_get() -> None:
    seen: list[tuple[str, str, str | None, bytes]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        seen.append(
            (
                request.method,
                str(request.url),
                request.headers.get("authorization"),
                request.content,
            )
        )
        if request.url.host == "a.example":
            return httpx.Response(303, headers={"Location": "https://b.example/result"})
        return httpx.Response(200, text="done")

    async def go() -> FetchResponse:
        async with HttpClient(
            loopback_settings(), transport=httpx.MockTransport(handler), resolver=public_resolver
        ) as client:
            return await client.post_json(
                "https://a.example/submit", {"q": 1}, headers={"Authorization": "Bearer s3cret"}
            )

    result = run(go())
    assert result.final_url == "https://b.example/result"
    assert seen[0] == ("POST", "https://a.example/submit", "Bearer s3cret", b'{"q": 1}')
    assert seen[1] == ("GET", "https://b.example/result", None, b"")
