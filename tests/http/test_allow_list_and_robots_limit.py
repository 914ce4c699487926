"""Issue 14: the private-address allow-list names ports, and a robots.txt over 500 KiB is obeyed."""

from __future__ import annotations

import gzip
from typing import Any

import httpx
import pytest
from _loopback import loopback_settings, public_resolver, run
from pydantic import ValidationError

from factcheck.config import Settings, load_settings, parse_allowed_origin
from factcheck.errors import BlockedAddressError, ConfigError, FetchError, RobotsDeniedError
from factcheck.http import FetchResponse, HttpClient, Resolver


def _get(
    settings: Settings, url: str, handler: Any, resolver: Resolver = public_resolver
) -> tuple[FetchResponse | FetchError, list[str]]:
    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return handler(request)  # type: ignore[no-any-return]

    async def go() -> FetchResponse | FetchError:
        async with HttpClient(
            settings, transport=httpx.MockTransport(record), resolver=resolver
        ) as client:
            try:
                return await client.get(url, fetcher="test")
            except FetchError as exc:
                return exc

    return run(go()), seen


# -- allow-list syntax -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "scheme", "host", "port", "allowed"),
    [
        ("localhost:8080", "http", "localhost", 8080, True),
        ("LOCALHOST:8080", "https", "localhost", 8080, True),
        ("localhost:8080", "http", "localhost", 18707, False),
        ("127.0.0.1:11434", "http", "127.0.0.1", 11434, True),
        ("127.0.0.1:11434", "http", "127.0.0.1", 6379, False),
        ("[::1]:8080", "http", "::1", 8080, True),
        ("10.0.0.0/8:443", "https", "10.2.3.4", 443, True),
        ("10.0.0.0/8:443", "https", "10.2.3.4", 80, False),
        ("http://mirror.lan:8080", "http", "mirror.lan", 8080, True),
        ("http://mirror.lan:8080", "https", "mirror.lan", 8080, False),
        ("https://mirror.lan", "https", "mirror.lan", 443, True),
        ("https://mirror.lan/", "https", "mirror.lan", 8443, False),
    ],
)
def test_allow_list_entries_name_one_port(
    entry: str, scheme: str, host: str, port: int, allowed: bool
) -> None:
    address = host if host[0].isdigit() or ":" in host else "127.0.0.1"
    assert parse_allowed_origin(entry).allows(scheme, host, port, address) is allowed


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("localhost", "bare host would open every port"),
        ("127.0.0.1", "bare host would open every port"),
        ("10.0.0.0/8", "bare host would open every port"),
        ("::1", "IPv6 address in brackets"),
        ("localhost:0", "is not a port"),
        ("localhost:99999", "is not a port"),
        ("localhost:80a", "is not a port"),
        ("localhost:٨٠", "is not a port"),
        ("ftp://mirror.lan:21", "only http:// and https://"),
        ("http://mirror.lan:8080/admin", "no path"),
        ("http://user@mirror.lan:8080", "no path, query or user"),
        ("bad_host!:80", "not a host name"),
        ("[::1:8080", "unclosed"),
    ],
)
def test_allow_list_entry_without_a_port_is_refused(entry: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_allowed_origin(entry)
    with pytest.raises(ValidationError):
        Settings(http={"allow_private": [entry]})


def test_a_bare_host_in_the_settings_is_a_config_error(tmp_path: Any) -> None:
    with pytest.raises(ConfigError, match=r"http\.allow_private.*localhost"):
        load_settings(cwd=tmp_path, environ={"FACTCHECK_HTTP__ALLOW_PRIVATE": '["localhost"]'})


# -- the guard ---------------------------------------------------------------------------------


def _localhost(host: str) -> list[str]:
    return ["127.0.0.1"]


def test_redirect_to_another_port_of_an_allowed_host_is_blocked() -> None:
    """The attack: an allowed local server redirects to an admin port on the same host."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.port == 8000:
            return httpx.Response(302, headers={"Location": "http://LOCALHOST:18707/admin"})
        return httpx.Response(200, text="admin console")

    settings = loopback_settings(allow_private=["localhost:8000"])
    result, seen = _get(settings, "http://localhost:8000/start", handler, _localhost)
    assert isinstance(result, BlockedAddressError), result
    assert result.url == "http://localhost:18707/admin"
    assert "localhost:18707" in result.message
    assert not any(":18707" in url for url in seen), "the admin port was never asked"
    assert "http://localhost:8000/start" in seen


def test_an_origin_entry_allows_its_scheme_only() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404 if request.url.path == "/robots.txt" else 200, text="lan")

    settings = loopback_settings(allow_private=["https://mirror.lan"])
    ok, _ = _get(settings, "https://mirror.lan/x", handler, lambda h: ["192.168.0.10"])
    assert isinstance(ok, FetchResponse)
    plain, seen = _get(settings, "http://mirror.lan/x", handler, lambda h: ["192.168.0.10"])
    assert isinstance(plain, BlockedAddressError)
    assert seen == []


def test_robots_redirect_to_another_port_is_checked_against_the_list() -> None:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(f"{request.url.port}{request.url.path}")
        if request.url.path == "/robots.txt" and request.url.port == 8000:
            return httpx.Response(301, headers={"Location": "http://localhost:6379/robots.txt"})
        return httpx.Response(200, text="page")

    settings = loopback_settings(allow_private=["localhost:8000"])
    result, _ = _get(settings, "http://localhost:8000/page", handler, _localhost)
    assert isinstance(result, FetchResponse)
    assert asked == ["8000/robots.txt", "8000/page"], "port 6379 was never asked"


# -- robots.txt over the size limit ------------------------------------------------------------

ROBOTS_LIMIT = 512_000  # RFC 9309: at least 500 KiB are parsed


def _robots(body: bytes, *, gzip_it: bool = False) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            if gzip_it:
                return httpx.Response(200, content=gzip.compress(body), headers={
                    "Content-Type": "text/plain", "Content-Encoding": "gzip"})  # fmt: skip
            return httpx.Response(200, content=body, headers={"Content-Type": "text/plain"})
        return httpx.Response(200, text="page")

    return handler


FILLER = b"# " + b"x" * 97 + b"\n"  # 100 bytes a line


@pytest.mark.parametrize("gzip_it", [False, True], ids=["plain", "gzip"])
def test_robots_over_the_limit_is_obeyed_not_ignored(gzip_it: bool) -> None:
    body = b"User-agent: *\nDisallow: /private\n" + FILLER * 7000  # 700 KB
    assert len(body) > ROBOTS_LIMIT
    settings = loopback_settings()
    result, seen = _get(settings, "https://big.example/private/x", _robots(body, gzip_it=gzip_it))
    assert isinstance(result, RobotsDeniedError), result
    assert seen == ["https://big.example/robots.txt"]
    allowed, _ = _get(settings, "https://big.example/public", _robots(body, gzip_it=gzip_it))
    assert isinstance(allowed, FetchResponse)


def test_rules_past_the_limit_are_ignored_and_a_cut_line_is_dropped() -> None:
    head = b"User-agent: *\nDisallow: /a\n"
    pad = FILLER * ((ROBOTS_LIMIT - len(head)) // len(FILLER))
    # the limit falls inside "Disallow: /b…": a rule cut there is dropped, not half-read
    cut = b"Disallow: /b" + b"x" * 100 + b"\n"
    body = head + pad + b"x" * (ROBOTS_LIMIT - len(head) - len(pad) - 6) + b"\n" + cut
    body += b"Disallow: /c\n"
    settings = loopback_settings()
    denied, _ = _get(settings, "https://big.example/a", _robots(body))
    assert isinstance(denied, RobotsDeniedError)
    for path in ("/bxxx", "/c"):
        result, _ = _get(settings, f"https://big.example{path}", _robots(body))
        assert isinstance(result, FetchResponse), path
