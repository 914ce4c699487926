"""OpenAlex fetcher: made-up works/authors/institutions answers (documented shape), loopback fetch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _fakeapi import FakeApi, fixture_bytes
from _loopback import run

from factcheck.errors import ContentError
from factcheck.fetchers.openalex import (
    OpenAlexFetcher,
    parse_authors,
    parse_institutions,
    parse_works,
    rebuild_abstract,
    search_params,
)
from factcheck.fetchers.planner import plan_queries
from factcheck.http import HttpClient
from factcheck.models import Claim


def test_rebuild_abstract() -> None:
    assert rebuild_abstract({"b": [1, 3], "a": [0], "c": [2]}) == "a b c b"
    assert rebuild_abstract(None) == ""


def test_works() -> None:
    docs = parse_works(fixture_bytes("openalex_works.json"), "http://x/works")
    assert len(docs) == 1  # the second result has neither title nor abstract
    (doc,) = docs
    assert doc.url == "https://doi.org/10.0000/made-up.1"
    assert doc.published is not None
    assert doc.published.isoformat() == "2024-05-07"
    assert doc.structured["authors"] == ["Ada Example", "Bo Sample"]
    assert doc.structured["institutions"] == [
        "Peking University",
        "Beijing University of Posts and Telecommunications",
    ]
    assert "We describe multi-head latent attention. It compresses the cache." in doc.text
    assert "Example Journal" in doc.text


def test_institutions() -> None:
    (doc,) = parse_institutions(fixture_bytes("openalex_institutions.json"), "http://x/i")
    assert doc.title == "Peking University"
    assert doc.structured["names"]["zh"] == "北京大学"
    assert doc.structured["city"] == "Beijing"
    assert doc.structured["parents"] == ["Ministry of Education (Example)"]
    assert "中文名: 北京大学" in doc.text
    assert "also known as: PKU, Beijing University" in doc.text


def test_authors() -> None:
    (doc,) = parse_authors(fixture_bytes("openalex_authors.json"), "http://x/a")
    assert doc.structured["h_index"] == 9
    assert "affiliation: Peking University (2021–2024)" in doc.text


def test_bad_answers() -> None:
    with pytest.raises(ContentError, match="without 'results'"):
        parse_works(b'{"meta": {}}', "u")
    with pytest.raises(ContentError, match="OpenAlex error"):
        parse_works(b'{"error": "Invalid query", "message": "bad filter"}', "u")


def test_search_params_carry_mailto() -> None:
    assert search_params("x", 5, "me@example.org") == {
        "search": "x",
        "per-page": "5",
        "mailto": "me@example.org",
    }


@pytest.mark.vcr
def test_fetch_english_claim(fake_api: FakeApi, tmp_path: Path, en_claim: Claim) -> None:
    settings = fake_api.settings(tmp_path)
    plan = plan_queries(en_claim)

    async def go() -> Any:
        async with HttpClient(settings) as client:
            fetcher = OpenAlexFetcher.from_settings(settings, client)
            return fetcher.requests(en_claim, plan), await fetcher.fetch_result(en_claim, plan)

    requests, result = run(go())
    endpoints = sorted({e for e, _ in requests})
    assert endpoints == ["authors", "institutions", "works"]
    assert result.errors == []
    assert {d.title for d in result.documents} == {
        "An Illustrative Paper on Multi-head Latent Attention",
        "Peking University",
        "Ada Example",
    }
