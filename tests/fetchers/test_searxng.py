"""SearXNG fetcher: off until configured; JSON results; result pages read through the client."""

from __future__ import annotations

import pytest
from _fakeapi import fixture_bytes

from factcheck.errors import ContentError
from factcheck.fetchers.searxng import parse_results, search_params


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
