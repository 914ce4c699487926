"""Fixtures for fetcher tests: the real recorded API responses, the loopback fake API, claims."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _fakeapi import FakeApi
from _shared import require_shared
from pytest_httpserver import HTTPServer

from factcheck.models import Claim, Entity


@pytest.fixture
def api_fixtures() -> Path:
    """../shared/data/api-fixtures (real recorded responses); skips when absent (fails under CI)."""
    return require_shared("api-fixtures")


def read_recorded(path: Path, default_url: str) -> tuple[bytes, str, int]:
    """(body bytes, request URL, status) of one recorded response, whatever its wrapper.

    Wrappers: wptools/glitter ``{"url", "status", "body": <JSON>}``, arxiv.py
    ``{"url", "status_code", "body": <Atom text, stored as latin-1 code points>}``, and bare bodies
    (Wikidata-Toolkit, wikipedia-client) that carry no URL.
    """
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "body" in data and "url" in data:
        body = data["body"]
        status = int(data.get("status", data.get("status_code", 200)))
        if isinstance(body, str):
            # arxiv.py stored the UTF-8 bytes decoded as latin-1; undo that to get the wire bytes
            return body.encode("latin-1"), str(data["url"]), status
        return json.dumps(body, ensure_ascii=False).encode("utf-8"), str(data["url"]), status
    return path.read_bytes(), default_url, 200


@pytest.fixture
def recorded() -> Callable[[Path, str], tuple[bytes, str, int]]:
    """The :func:`read_recorded` helper."""
    return read_recorded


@pytest.fixture
def fake_api(httpserver: HTTPServer, request: pytest.FixtureRequest) -> Iterator[FakeApi]:
    """The loopback fake of every API, on a fresh pytest-httpserver.

    In a cassette test replaying (record mode ``none``), the server must receive nothing: every
    answer comes from the cassette.
    """
    api = FakeApi(httpserver)
    if request.node.get_closest_marker("vcr"):
        cassette = (
            Path(str(request.fspath)).parent.parent
            / "cassettes"
            / request.module.__name__.split(".")[-1]
            / f"{request.node.name}.yaml"
        )
        if cassette.is_file():
            found = re.findall(
                r"https?://(?:localhost|127\.0\.0\.1):\d+", cassette.read_text("utf-8")
            )
            api.recorded_origins = sorted(set(found))
    yield api
    replaying = request.config.getoption("--record-mode", default="none") == "none"
    if request.node.get_closest_marker("vcr") and replaying:
        assert api.total_hits == 0, (
            f"cassette test reached the loopback server ({api.hits}); re-record with "
            "pytest --record-mode=once"
        )


@pytest.fixture
def zh_claim() -> Claim:
    """A Chinese date claim with a person and an organisation (seed-like)."""
    return Claim(
        id="seed-c001",
        text="中国首个民营科技企业于1980年10月23日在中国科学院物理所成立，创立者是陈春先",
        kind="date",
        subject="中国首个民营科技企业",
        predicate="成立于",
        entities=[
            Entity(text="陈春先", type="person"),
            Entity(text="中国科学院物理研究所", type="org"),
        ],
    )


@pytest.fixture
def en_claim() -> Claim:
    """An English attribution claim naming a technique and two universities."""
    return Claim(
        id="en-c001",
        text="Multi-head Latent Attention was developed by graduates of Peking University",
        kind="attribution",
        subject="Multi-head Latent Attention",
        predicate="developed by",
        object="graduates of Peking University",
        entities=[
            Entity(text="Ada Example", type="person"),
            Entity(text="Peking University", type="org"),
        ],
    )


CASSETTES = Path(__file__).resolve().parents[1] / "cassettes"


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    """Cassettes match on method, path and query: the loopback port of the recording is irrelevant."""
    return {
        "match_on": ["method", "path", "query"],
        "record_on_exception": False,
        # a replayed answer may name the recording port (search result links): its robots.txt
        # is then asked for a second time
        "allow_playback_repeats": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    """``tests/cassettes/<test module>/`` (re-record: ``pytest --record-mode=once``, see docs/fetchers.md)."""
    return str(CASSETTES / request.module.__name__.rsplit(".", 1)[-1])
