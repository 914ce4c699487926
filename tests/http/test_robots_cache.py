"""robots.txt kept between runs in the evidence archive: reused while fresh, then revalidated.

Each "run" is a fresh HttpClient on the same archive (as `factcheck run` makes one per run); the
loopback server's own request log counts the robots.txt requests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from _loopback import loopback_settings, run
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from factcheck.errors import FetchError, RobotsDeniedError, StoreError
from factcheck.evidence import EvidenceArchive
from factcheck.http import FetchResponse, HttpClient
from factcheck.http._robots import ROBOTS_MAX_AGE_S, robots_max_age

RULES = "User-agent: factcheck\nDisallow: /secret\n"


class Robots:
    """The server's robots.txt: what it answers next, and every request it got."""

    def __init__(self, server: HTTPServer, body: str = RULES, **headers: str) -> None:
        self.body = body
        self.status = 200
        self.headers = {"Content-Type": "text/plain", **headers}
        self.requests: list[dict[str, str]] = []
        server.expect_request("/robots.txt").respond_with_handler(self.answer)
        server.expect_request("/open").respond_with_data("public")
        server.expect_request("/secret/a").respond_with_data("hidden")

    def answer(self, request: Request) -> Response:
        self.requests.append(dict(request.headers))
        etag = self.headers.get("ETag")
        if self.status == 200 and etag and request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        stamp = self.headers.get("Last-Modified")
        if self.status == 200 and stamp and request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return Response(self.body, status=self.status, headers=self.headers)


def one_run(
    server: HTTPServer, archive: EvidenceArchive | None, **http: Any
) -> tuple[dict[str, FetchResponse | FetchError], HttpClient]:
    """One run: a fresh client GETs /open and /secret/a (pages always revalidated)."""
    settings = loopback_settings(server.port, fresh_for_s=0.0, **http)

    async def go() -> tuple[dict[str, FetchResponse | FetchError], HttpClient]:
        out: dict[str, FetchResponse | FetchError] = {}
        async with HttpClient(settings, archive=archive) as client:
            for path in ("/open", "/secret/a"):
                try:
                    out[path] = await client.get(server.url_for(path), fetcher="t")
                except FetchError as exc:
                    out[path] = exc
        return out, client

    return run(go())


def obeyed(results: dict[str, FetchResponse | FetchError]) -> bool:
    """The rules held: /open fetched, /secret/a denied."""
    return isinstance(results["/open"], FetchResponse) and isinstance(
        results["/secret/a"], RobotsDeniedError
    )


def age_out(archive: EvidenceArchive, server: HTTPServer) -> None:
    """Move the kept robots.txt past its expiry (as if its max-age had gone by)."""
    origin = f"http://127.0.0.1:{server.port}"
    entry = archive.get_robots(origin)
    assert entry is not None
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    archive.put_robots(origin, {**entry, "expires_at": past.isoformat()})


@pytest.fixture
def archive(tmp_path: Path) -> EvidenceArchive:
    return EvidenceArchive(tmp_path / "evidence")


def test_second_run_within_max_age_sends_no_robots_request(
    httpserver_ipv4: HTTPServer, archive: EvidenceArchive
) -> None:
    robots = Robots(httpserver_ipv4, **{"Cache-Control": "max-age=3600"})
    first, client = one_run(httpserver_ipv4, archive)
    assert obeyed(first)
    assert len(robots.requests) == 1
    assert client.stats["robots_fetched"] == 1
    second, client = one_run(httpserver_ipv4, archive)
    assert obeyed(second)
    assert len(robots.requests) == 1  # the server saw no second robots.txt request
    assert client.stats["robots_cached"] == 1
    assert client.stats["robots_fetched"] == 0


def test_after_expiry_one_conditional_request_and_304_keeps_the_rules(
    httpserver_ipv4: HTTPServer, archive: EvidenceArchive
) -> None:
    robots = Robots(httpserver_ipv4, ETag='"v1"')  # no Cache-Control: 24 hours by default
    one_run(httpserver_ipv4, archive)
    kept = archive.get_robots(f"http://127.0.0.1:{httpserver_ipv4.port}")
    assert kept is not None
    lifetime = dt.datetime.fromisoformat(kept["expires_at"]) - dt.datetime.fromisoformat(
        kept["fetched_at"]
    )
    assert lifetime == dt.timedelta(seconds=ROBOTS_MAX_AGE_S)
    assert len(robots.requests) == 1

    age_out(archive, httpserver_ipv4)
    robots.body = "User-agent: *\nDisallow: /\n"  # not served: the 304 says the old one holds
    second, client = one_run(httpserver_ipv4, archive)
    assert len(robots.requests) == 2
    assert robots.requests[1].get("If-None-Match") == '"v1"'
    assert client.stats["robots_not_modified"] == 1
    assert obeyed(second)  # the rules kept from the first run, not allow-all

    third, client = one_run(httpserver_ipv4, archive)  # the 304 made it fresh again
    assert len(robots.requests) == 2
    assert client.stats["robots_cached"] == 1
    assert obeyed(third)


def test_last_modified_is_revalidated_with_if_modified_since(
    httpserver_ipv4: HTTPServer, archive: EvidenceArchive
) -> None:
    stamp = "Tue, 01 Dec 2026 10:00:00 GMT"
    robots = Robots(httpserver_ipv4, **{"Last-Modified": stamp, "Cache-Control": "max-age=60"})
    one_run(httpserver_ipv4, archive)
    age_out(archive, httpserver_ipv4)
    second, _ = one_run(httpserver_ipv4, archive)
    assert [r.get("If-Modified-Since") for r in robots.requests] == [None, stamp]
    assert obeyed(second)


def test_a_changed_robots_txt_replaces_the_kept_rules(
    httpserver_ipv4: HTTPServer, archive: EvidenceArchive
) -> None:
    robots = Robots(httpserver_ipv4, ETag='"v1"')
    one_run(httpserver_ipv4, archive)
    age_out(archive, httpserver_ipv4)
    robots.body, robots.headers["ETag"] = "User-agent: *\nDisallow:\n", '"v2"'
    second, _ = one_run(httpserver_ipv4, archive)
    assert len(robots.requests) == 2
    assert isinstance(second["/secret/a"], FetchResponse)  # the new rules allow it
    third, _ = one_run(httpserver_ipv4, archive)
    assert len(robots.requests) == 2
    assert isinstance(third["/secret/a"], FetchResponse)


def test_5xx_on_revalidation_obeys_the_kept_rules_and_stores_nothing(
    httpserver_ipv4: HTTPServer, archive: EvidenceArchive
) -> None:
    robots = Robots(httpserver_ipv4, ETag='"v1"')
    one_run(httpserver_ipv4, archive, retries=0)
    age_out(archive, httpserver_ipv4)
    robots.status = 503
    second, _ = one_run(httpserver_ipv4, archive, retries=0)
    assert obeyed(second)  # not "allow all": the last known rules hold while the host is down
    third, _ = one_run(httpserver_ipv4, archive, retries=0)
    assert len(robots.requests) == 3  # still stale: asked again next run
    assert obeyed(third)


def test_5xx_without_a_kept_copy_allows_all_and_is_not_kept(
    httpserver_ipv4: HTTPServer, archive: EvidenceArchive
) -> None:
    robots = Robots(httpserver_ipv4)
    robots.status = 500
    first, _ = one_run(httpserver_ipv4, archive, retries=0)
    assert isinstance(first["/secret/a"], FetchResponse)  # unchanged policy: 5xx allows all
    assert archive.get_robots(f"http://127.0.0.1:{httpserver_ipv4.port}") is None
    robots.status = 200
    second, _ = one_run(httpserver_ipv4, archive, retries=0)
    assert len(robots.requests) == 2
    assert obeyed(second)


def test_a_404_is_kept_like_a_robots_txt(
    httpserver_ipv4: HTTPServer, archive: EvidenceArchive
) -> None:
    robots = Robots(httpserver_ipv4)
    robots.status = 404
    for _ in range(2):
        results, _ = one_run(httpserver_ipv4, archive)
        assert isinstance(results["/secret/a"], FetchResponse)
    assert len(robots.requests) == 1


@pytest.mark.parametrize(("cache_control", "requests"), [("no-store", 2), ("no-cache", 2)])
def test_no_store_and_no_cache_ask_every_run(
    httpserver_ipv4: HTTPServer, archive: EvidenceArchive, cache_control: str, requests: int
) -> None:
    robots = Robots(httpserver_ipv4, **{"Cache-Control": cache_control})
    for _ in range(2):
        results, _ = one_run(httpserver_ipv4, archive)
        assert obeyed(results)
    assert len(robots.requests) == requests
    kept = archive.get_robots(f"http://127.0.0.1:{httpserver_ipv4.port}")
    assert (kept is None) == (cache_control == "no-store")


def test_without_an_archive_robots_is_fetched_every_run(httpserver_ipv4: HTTPServer) -> None:
    robots = Robots(httpserver_ipv4, **{"Cache-Control": "max-age=3600"})
    for _ in range(2):
        assert obeyed(one_run(httpserver_ipv4, None)[0])
    assert len(robots.requests) == 2


def test_an_unreadable_kept_entry_is_fetched_again(
    httpserver_ipv4: HTTPServer, archive: EvidenceArchive
) -> None:
    robots = Robots(httpserver_ipv4)
    one_run(httpserver_ipv4, archive)
    origin = f"http://127.0.0.1:{httpserver_ipv4.port}"
    archive.put_robots(origin, {"status": "200", "expires_at": "tomorrow"})
    assert obeyed(one_run(httpserver_ipv4, archive)[0])
    assert len(robots.requests) == 2
    assert archive.get_robots(origin) is not None


def test_max_age_rules() -> None:
    now = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
    assert robots_max_age({}) == ROBOTS_MAX_AGE_S
    assert robots_max_age({"cache-control": "public, max-age=600"}) == 600
    assert robots_max_age({"cache-control": "max-age=999999"}) == ROBOTS_MAX_AGE_S  # 24 h cap
    assert robots_max_age({"cache-control": "max-age=0"}) == 0
    assert robots_max_age({"cache-control": "no-cache"}) == 0
    assert robots_max_age({"cache-control": "no-store, max-age=600"}) is None
    expires = {"expires": "Sun, 06 Dec 2026 13:00:00 GMT"}
    assert robots_max_age(expires, now) == 3600
    assert robots_max_age({**expires, "cache-control": "max-age=60"}, now) == 60
    assert robots_max_age({"expires": "0"}, now) == 0  # invalid or past: expired
    assert robots_max_age({"expires": "Sun, 06 Dec 2027 13:00:00 GMT"}, now) == ROBOTS_MAX_AGE_S


def test_a_robots_txt_that_cannot_be_kept_is_still_obeyed(
    httpserver_ipv4: HTTPServer, archive: EvidenceArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    Robots(httpserver_ipv4)

    def full(origin: str, entry: dict[str, Any]) -> None:
        raise StoreError("cannot write the evidence archive: No space left on device")

    monkeypatch.setattr(archive, "put_robots", full)
    assert obeyed(one_run(httpserver_ipv4, archive)[0])
