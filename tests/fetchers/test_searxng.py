"""SearXNG fetcher: off until configured; JSON results; result pages read through the client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _fakeapi import FakeApi, fixture_bytes
from _loopback import run

from factcheck.config import Settings
from factcheck.errors import ContentError, NotConfigured
from factcheck.fetchers.base import FetcherRegistry, load_fetchers
from factcheck.fetchers.planner import plan_queries
from factcheck.fetchers.searxng import SearxngFetcher, parse_results, search_params
from factcheck.http import HttpClient
from factcheck.models import Claim


def test_off_until_base_url_is_set() -> None:
    settings = Settings()
    with pytest.raises(NotConfigured) as info:
        SearxngFetcher.from_settings(settings, HttpClient(settings))
    assert str(info.value) == "searxng: set fetchers.searxng.base_url"
    registry = FetcherRegistry(include_entry_points=False)
    registry.register(SearxngFetcher)
    enabled, disabled = load_fetchers(settings, HttpClient(settings), registry=registry)
    assert enabled == []
    assert disabled == {"searxng": "disabled: searxng: set fetchers.searxng.base_url"}


def test_parse_results_keeps_http_links_once() -> None:
    body = fixture_bytes("searxng_search.json").replace(b"{base}", b"http://x/")
    results = parse_results(body, "http://x/search")
    assert [r.url for r in results] == ["http://x/news/1.html", "http://x/news/2.html"]
    assert results[0].engine == "example"
    assert results[0].published is not None
    assert results[0].published.isoformat() == "2020-10-23"
    with pytest.raises(ContentError):
        parse_results(b'{"query": "x"}', "u")


def test_search_params_language() -> None:
    assert search_params("q", "zh") == {"q": "q", "format": "json", "language": "zh-CN"}


@pytest.mark.vcr
def test_fetch_reads_result_pages(fake_api: FakeApi, tmp_path: Path, zh_claim: Claim) -> None:
    settings = fake_api.settings(tmp_path)
    plan = plan_queries(zh_claim)

    async def go() -> Any:
        async with HttpClient(settings) as client:
            return await SearxngFetcher.from_settings(settings, client).fetch_result(zh_claim, plan)

    result = run(go())
    assert result.errors == []
    doc, english = result.documents
    assert doc.fetcher == "searxng"
    assert doc.url.endswith("/news/1.html")
    assert "陈春先" in doc.text  # decoded from GBK
    assert doc.published is not None
    assert doc.published.isoformat() == "2020-10-23"
    assert english.url.endswith("/news/2.html")
    assert english.language == "en"
    assert english.title == "Zhongguancun history"
