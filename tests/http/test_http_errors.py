"""Error translation (every httpx exception maps to a FetchError) and the pure helpers of factcheck.http."""

from __future__ import annotations

import datetime as dt
import inspect

import httpx
import pytest
from _loopback import fail_transport, loopback_settings, public_resolver, run

from factcheck.errors import (
    BlockedAddressError,
    ConnectError,
    ContentError,
    FetchError,
    FetchTimeoutError,
    HTTPStatusError,
    InvalidURLError,
    TooLargeError,
    TooManyRedirectsError,
)
from factcheck.http import (
    HTTPX_ERROR_MAP,
    HttpClient,
    decode_body,
    detect_encoding,
    is_blocked_address,
    parse_retry_after,
    translate_httpx_errors,
)


def _httpx_exception_classes() -> list[type[Exception]]:
    return sorted(
        (
            obj
            for obj in vars(httpx).values()
            if inspect.isclass(obj)
            and issubclass(obj, Exception)
            and obj.__module__.startswith("httpx")
        ),
        key=lambda c: c.__name__,
    )


def _instance(cls: type[Exception]) -> Exception:
    request = httpx.Request("GET", "https://example.org/where")
    if issubclass(cls, httpx.HTTPStatusError):
        return cls("boom", request=request, response=httpx.Response(502, request=request))
    if issubclass(cls, httpx.RequestError):
        return cls("boom", request=request)
    if issubclass(cls, httpx.StreamError) and cls is not httpx.StreamError:
        return cls()
    return cls("boom")


EXPECTED = {
    "ConnectTimeout": FetchTimeoutError,
    "ReadTimeout": FetchTimeoutError,
    "WriteTimeout": FetchTimeoutError,
    "PoolTimeout": FetchTimeoutError,
    "TimeoutException": FetchTimeoutError,
    "ConnectError": ConnectError,
    "ReadError": ConnectError,
    "WriteError": ConnectError,
    "CloseError": ConnectError,
    "RemoteProtocolError": ConnectError,
    "LocalProtocolError": ConnectError,
    "ProtocolError": ConnectError,
    "NetworkError": ConnectError,
    "ProxyError": ConnectError,
    "TransportError": ConnectError,
    "UnsupportedProtocol": InvalidURLError,
    "InvalidURL": InvalidURLError,
    "DecodingError": ContentError,
    "TooManyRedirects": TooManyRedirectsError,
    "HTTPStatusError": HTTPStatusError,
}


@pytest.mark.parametrize("cls", _httpx_exception_classes(), ids=lambda c: c.__name__)
def test_every_httpx_exception_is_translated(cls: type[Exception]) -> None:
    if cls.__name__ == "CookieConflict":
        pytest.skip("cookies are never used by the client")
    exc = _instance(cls)
    with pytest.raises(FetchError) as caught, translate_httpx_errors("https://fallback/", "wiki"):
        raise exc
    err = caught.value
    assert err.__cause__ is exc
    assert err.fetcher == "wiki"
    assert err.url in ("https://example.org/where", "https://fallback/")
    expected = EXPECTED.get(cls.__name__)
    if expected is not None:
        assert type(err) is expected, f"{cls.__name__} -> {type(err).__name__}"
    if isinstance(err, HTTPStatusError):
        assert err.status == 502


def test_map_lists_specific_classes_before_their_bases() -> None:
    classes = [source for source, _, _ in HTTPX_ERROR_MAP]
    for i, earlier in enumerate(classes):
        for later in classes[i + 1 :]:
            assert not issubclass(later, earlier), (
                f"{later.__name__} is shadowed by {earlier.__name__}"
            )


def test_every_mapped_class_exists_and_every_httpx_error_is_covered() -> None:
    mapped = tuple(source for source, _, _ in HTTPX_ERROR_MAP)
    for cls in _httpx_exception_classes():
        if cls.__name__ == "CookieConflict":
            continue
        assert issubclass(cls, mapped), cls.__name__


# -- Retry-After ------------------------------------------------------------------------------


def test_parse_retry_after_seconds_and_dates() -> None:
    now = dt.datetime(2026, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None
    assert parse_retry_after("", now) is None


def test_retry_after_http_date_is_honoured() -> None:
    calls: list[float] = []
    import time

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        calls.append(time.monotonic())
        if len(calls) == 1:
            when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2)
            return httpx.Response(
                503, headers={"Retry-After": when.strftime("%a, %d %b %Y %H:%M:%S GMT")}
            )
        return httpx.Response(200, text="ok")

    async def go() -> str:
        async with HttpClient(
            loopback_settings(), transport=httpx.MockTransport(handler), resolver=public_resolver
        ) as client:
            return (await client.get("https://example.org/x")).text

    assert run(go()) == "ok"
    # The HTTP date has one-second resolution, so the wait is at least ~1 s.
    assert calls[1] - calls[0] >= 0.9


# -- guard ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "169.254.1.1",
        "100.64.0.1",
        "100.127.255.254",
        "0.0.0.0",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "2002:7f00:0001::1",  # 6to4 wrapping 127.0.0.1
        "64:ff9b::a00:1",  # NAT64 wrapping 10.0.0.1
        "198.18.0.1",
        "192.0.2.1",
        "fe80::1%eth0",
    ],
)
def test_blocked_addresses(address: str) -> None:
    assert is_blocked_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "1.1.1.1"])
def test_public_addresses_pass(address: str) -> None:
    assert not is_blocked_address(address)


def test_guard_blocks_before_any_request_and_counts() -> None:
    async def go() -> tuple[FetchError, dict[str, int]]:
        async with HttpClient(
            loopback_settings(allow_private=[]), transport=fail_transport(),
            resolver=lambda host: ["93.184.216.34", "10.0.0.1"],
        ) as client:  # fmt: skip
            try:
                await client.get("https://mixed.example/")
            except FetchError as exc:
                return exc, client.stats
        raise AssertionError("no error")

    err, stats = run(go())
    assert isinstance(err, BlockedAddressError)  # one private address among public ones is enough
    assert stats["blocked"] == 1
    assert stats["requests"] == 0


def test_allow_private_by_host_name() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404 if request.url.path == "/robots.txt" else 200, text="lan")

    async def go() -> str:
        async with HttpClient(
            loopback_settings(allow_private=["mirror.lan:80"]), transport=httpx.MockTransport(handler),
            resolver=lambda host: ["192.168.0.10"],
        ) as client:  # fmt: skip
            return (await client.get("http://mirror.lan/x")).text

    assert run(go()) == "lan"


def test_unresolvable_host_is_a_connect_error() -> None:
    def resolver(host: str) -> list[str]:
        import socket

        raise socket.gaierror(-2, "Name or service not known")

    async def go() -> FetchError:
        async with HttpClient(
            loopback_settings(retries=0), transport=fail_transport(), resolver=resolver
        ) as client:
            try:
                await client.get("https://nowhere.invalid/", fetcher="web")
            except FetchError as exc:
                return exc
        raise AssertionError("no error")

    err = run(go())
    assert isinstance(err, ConnectError)
    assert err.url == "https://nowhere.invalid/"
    assert err.fetcher == "web"


# -- bodies and charsets ----------------------------------------------------------------------


def test_decode_body_caps_and_rejects_unknown_encodings() -> None:
    import gzip
    import zlib

    assert decode_body(gzip.compress(b"abc"), "gzip", 10, "u") == b"abc"
    assert decode_body(zlib.compress(b"abc"), "deflate", 10, "u") == b"abc"
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert decode_body(raw.compress(b"abc") + raw.flush(), "deflate", 10, "u") == b"abc"
    with pytest.raises(TooLargeError):
        decode_body(gzip.compress(b"a" * 100), "gzip", 10, "u")
    with pytest.raises(ContentError):
        decode_body(b"abc", "br", 10, "u")
    with pytest.raises(ContentError):
        decode_body(b"not gzip at all", "gzip", 10, "u")


@pytest.mark.parametrize(
    ("content", "content_type", "expected"),
    [
        ("汉字".encode("gbk"), "text/plain; charset=GBK", "gb18030"),
        ("汉字".encode("gbk"), 'text/plain; charset="gb2312"', "gb18030"),
        ("é".encode("cp1252"), "text/html; charset=ISO-8859-1", "cp1252"),
        ("汉字".encode(), "application/json", "utf-8"),
        ("\ufeff汉字".encode(), "text/plain; charset=gbk", "utf-8-sig"),  # BOM wins
        (b"", "text/html", "utf-8"),
        (b"plain ascii", "text/plain; charset=bogus", "utf-8"),
        (b'<?xml version="1.0"?><meta charset="shift_jis">', "application/xml", "shift_jis"),
        (
            '<?xml version="1.0" encoding="GBK"?><feed>汉字</feed>'.encode("gbk"),
            "application/atom+xml",
            "gb18030",
        ),
    ],
)
def test_detect_encoding(content: bytes, content_type: str, expected: str) -> None:
    assert detect_encoding(content, content_type) == expected


def test_response_json_error_is_content_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404 if request.url.path == "/robots.txt" else 200, text="{nope")

    async def go() -> None:
        async with HttpClient(
            loopback_settings(), transport=httpx.MockTransport(handler), resolver=public_resolver
        ) as client:
            response = await client.get("https://example.org/api")
            response.json()

    with pytest.raises(ContentError) as caught:
        run(go())
    assert caught.value.url == "https://example.org/api"


def test_invalid_url_is_a_fetch_error() -> None:
    async def go(url: str) -> FetchError:
        async with HttpClient(loopback_settings(), transport=fail_transport()) as client:
            try:
                await client.get(url)
            except FetchError as exc:
                return exc
        raise AssertionError("no error")

    assert isinstance(run(go("ftp://example.org/file")), InvalidURLError)
    assert isinstance(run(go("http://[zz]/")), InvalidURLError)
    assert isinstance(run(go("http:///no-host")), InvalidURLError)


def test_run_sync_returns_the_result_and_refuses_a_running_loop() -> None:
    import asyncio

    from factcheck.http import run_sync

    async def answer() -> int:
        await asyncio.sleep(0)
        return 42

    assert run_sync(answer()) == 42

    async def nested() -> None:
        coro = answer()
        try:
            run_sync(coro)
        finally:
            coro.close()

    with pytest.raises(RuntimeError):
        asyncio.run(nested())
