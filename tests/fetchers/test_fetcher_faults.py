"""Fault matrix at the fetcher level: every fetcher × every fault gives recorded FetchErrors naming the
fetcher, never a document and never a crash. One threaded loopback server answers every path with the
fault under test (robots.txt included when that is the fault)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _loopback import closed_port, run
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
    RobotsDeniedError,
    TooLargeError,
)
from factcheck.fetchers import fetch_documents, load_fetchers, plan_queries
from factcheck.http import HttpClient
from factcheck.models import Claim, Entity

FETCHERS = ["wikipedia", "wikidata", "arxiv", "openalex", "searxng", "claimreview", "web"]

_DTD_ATOM = (
    b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x "y">]>'
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&x;</title></entry></feed>'
)

# fault -> (response for every path but robots.txt, expected error type)
FAULTS: dict[str, tuple[Any, type[FetchError]]] = {
    "status-500": (lambda: Response("boom", status=500), HTTPStatusError),
    "status-404": (lambda: Response("nothing here", status=404), HTTPStatusError),
    "status-429": (lambda: Response("slow down", status=429), HTTPStatusError),
    "garbage-json": (
        lambda: Response("{not json", content_type="application/json"),
        ContentError,
    ),
    "wrong-shape-json": (
        lambda: Response('["a", "list"]', content_type="application/json"),
        ContentError,
    ),
    "html-instead-of-api": (
        lambda: Response("<html><body>Login required</body></html>", content_type="text/html"),
        ContentError,
    ),
    "binary-body": (
        lambda: Response(b"\x00\x01\x02PK\x03\x04" * 50, content_type="application/octet-stream"),
        ContentError,
    ),
    "dtd-xml": (lambda: Response(_DTD_ATOM, content_type="application/atom+xml"), ContentError),
    "oversized": (lambda: Response(b"x" * 50_000, content_type="application/json"), TooLargeError),
    "slow": (None, FetchTimeoutError),
    "redirect-private": (
        lambda: Response("", status=302, headers={"Location": "http://10.0.0.1/secret"}),
        BlockedAddressError,
    ),
    "robots-disallow": (None, RobotsDeniedError),
    "refused": (None, ConnectError),
}
# an HTML page is what the web fetcher reads: for it this answer is a page, not a broken API answer
_NOT_A_FAULT_FOR = {"html-instead-of-api": {"web"}}

CLAIM = Claim(
    id="fault-c001",
    text="Peking University was founded in 1898",
    subject="Peking University",
    predicate="founded in",
    entities=[Entity(text="Peking University", type="org")],
    queries=["Peking University founding"],
)


class _State:
    fault = "status-500"


@pytest.fixture(scope="module")
def fault_server() -> Iterator[tuple[HTTPServer, _State]]:
    state = _State()
    server = HTTPServer(threaded=True)

    def handler(request: Request) -> Response:
        if request.path == "/robots.txt":
            rule = "Disallow: /" if state.fault == "robots-disallow" else "Allow: /"
            return Response(f"User-agent: *\n{rule}\n", content_type="text/plain")
        if state.fault == "slow":
            time.sleep(0.6)
            return Response("{}", content_type="application/json")
        make, _ = FAULTS[state.fault]
        return make()  # type: ignore[no-any-return]

    server.expect_request(re.compile(".*")).respond_with_handler(handler)
    server.start()
    yield server, state
    server.clear()
    if server.is_running():
        server.stop()


def _settings(base: str, tmp_path: Path) -> Settings:
    return Settings(
        contact="tests@factcheck.invalid",
        evidence_dir=tmp_path / "evidence",
        http={
            "allow_private": [base],
            "per_host_rate": 1000.0,
            "per_host_concurrency": 8,
            "retries": 0,
            "backoff_s": 0.0,
            "read_timeout_s": 0.25,
            "connect_timeout_s": 0.5,
            "total_timeout_s": 5.0,
            "max_bytes": 20_000,
        },
        fetchers={
            "max_queries": 1,
            "wikipedia": {"base_url": f"{base}/{{lang}}/w/api.php"},
            "wikidata": {"api_url": f"{base}/w/api.php", "sparql_url": f"{base}/sparql"},
            "arxiv": {"base_url": f"{base}/arxiv/api/query"},
            "openalex": {"base_url": f"{base}/openalex"},
            "searxng": {"base_url": f"{base}/searx"},
            "claimreview": {"base_url": f"{base}/claims:search", "api_key": "k"},
        },
    )


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_every_fault_is_a_recorded_error_for_every_fetcher(
    fault: str, fault_server: tuple[HTTPServer, _State], tmp_path: Path
) -> None:
    server, state = fault_server
    state.fault = fault
    base = (
        f"http://127.0.0.1:{closed_port()}"
        if fault == "refused"
        else server.url_for("").rstrip("/")
    )
    settings = _settings(base, tmp_path)
    claim = CLAIM.model_copy(update={"sources": [f"{base}/page.html"]})
    _, expected = FAULTS[fault]

    async def go() -> dict[str, tuple[list[Any], list[FetchError]]]:
        out = {}
        async with HttpClient(settings) as client:
            fetchers, disabled = load_fetchers(settings, client, FETCHERS)
            assert disabled == {}
            for fetcher in fetchers:
                out[fetcher.name] = await fetch_documents(claim, plan_queries(claim), [fetcher])
        return out

    outcomes = run(go())
    assert sorted(outcomes) == sorted(FETCHERS)
    for name, (docs, errors) in outcomes.items():
        if name in _NOT_A_FAULT_FOR.get(fault, set()):
            assert errors == [], f"{fault}: {name}: {errors}"
            assert [d.text for d in docs] == ["Login required"]
            continue
        assert docs == [], f"{fault}: {name} turned a fault into documents"
        assert errors, f"{fault}: {name} recorded no error"
        for err in errors:
            assert isinstance(err, expected), f"{fault}: {name} raised {type(err).__name__}: {err}"
            assert err.fetcher == name
            assert err.url
