"""What every API fetcher does the same way, one parametrized body for all of them.

``test_fetch_replays_its_cassette``: build the fetcher from settings pointing at the loopback fake
API, fetch one claim, check its documents. Each case replays ``tests/cassettes/test_fetch_replay/
test_fetch_replays_its_cassette[<fetcher>].yaml`` (the loopback server must receive nothing; see
docs/fetchers.md, "Recording cassettes"). ``test_switches_off_without_its_setting``: a fetcher
without its base URL or key says which setting to set, and ``load_fetchers`` reports it disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _fakeapi import FakeApi
from _loopback import run

from factcheck.config import Settings
from factcheck.errors import NotConfigured
from factcheck.fetchers import FetcherRegistry, FetchResult, QueryPlan, load_fetchers
from factcheck.fetchers.arxiv import ArxivFetcher
from factcheck.fetchers.claimreview import ClaimReviewFetcher
from factcheck.fetchers.library import LibraryFetcher
from factcheck.fetchers.openalex import OpenAlexFetcher
from factcheck.fetchers.planner import plan_queries
from factcheck.fetchers.searxng import SearxngFetcher
from factcheck.fetchers.wikidata import WikidataFetcher
from factcheck.fetchers.wikipedia import WikipediaFetcher
from factcheck.http import HttpClient
from factcheck.models import Claim

Check = Callable[[Any, Claim, QueryPlan, FetchResult, Settings], None]


def _wikipedia(
    fetcher: Any, claim: Claim, plan: QueryPlan, result: FetchResult, settings: Settings
) -> None:
    # names searched: 中国首个民营科技企业 (no hit), 陈春先, 中国科学院物理研究所 (hits both pages)
    assert [d.title for d in result.documents] == ["陈春先", "中国科学院物理研究所"]
    assert all("/wiki/" in d.url for d in result.documents)


def _wikidata(
    fetcher: Any, claim: Claim, plan: QueryPlan, result: FetchResult, settings: Settings
) -> None:
    by_id = {d.structured["wikidata_id"]: d for d in result.documents}
    assert sorted(by_id) == ["Q90000001", "Q90000002"]
    person = by_id["Q90000001"]
    assert person.structured["P569"] == [{"value": "1934-08", "precision": "month"}]
    assert person.structured["P108"] == [{"value": "Q90000002", "label": "中国科学院物理研究所"}]
    assert "P18" not in person.structured  # not among the configured properties
    assert by_id["Q90000002"].structured["P159"][0]["label"] == "北京市"
    assert person.query == "陈春先"
    assert person.content_sha256 is not None
    assert len(person.content_sha256) == 64


def _arxiv(
    fetcher: Any, claim: Claim, plan: QueryPlan, result: FetchResult, settings: Settings
) -> None:
    assert len(fetcher.requests(claim, plan)) == settings.fetchers.max_queries
    # every search answered the same made-up entry: deduplicated later by fetch_documents
    assert {d.structured["arxiv_id"] for d in result.documents} == {"9999.00001v2"}


def _openalex(
    fetcher: Any, claim: Claim, plan: QueryPlan, result: FetchResult, settings: Settings
) -> None:
    endpoints = sorted({e for e, _ in fetcher.requests(claim, plan)})
    assert endpoints == ["authors", "institutions", "works"]
    assert {d.title for d in result.documents} == {
        "An Illustrative Paper on Multi-head Latent Attention",
        "Peking University",
        "Ada Example",
    }


def _searxng(
    fetcher: Any, claim: Claim, plan: QueryPlan, result: FetchResult, settings: Settings
) -> None:
    doc, english = result.documents
    assert doc.fetcher == "searxng"
    assert doc.url.endswith("/news/1.html")
    assert "陈春先" in doc.text  # decoded from GBK
    assert doc.published is not None
    assert doc.published.isoformat() == "2020-10-23"
    assert english.url.endswith("/news/2.html")
    assert english.language == "en"
    assert english.title == "Zhongguancun history"


@pytest.mark.vcr
@pytest.mark.parametrize(
    ("fetcher_cls", "claim_fixture", "check"),
    [
        pytest.param(WikipediaFetcher, "zh_claim", _wikipedia, id="wikipedia"),
        pytest.param(WikidataFetcher, "zh_claim", _wikidata, id="wikidata"),
        pytest.param(ArxivFetcher, "en_claim", _arxiv, id="arxiv"),
        pytest.param(OpenAlexFetcher, "en_claim", _openalex, id="openalex"),
        pytest.param(SearxngFetcher, "zh_claim", _searxng, id="searxng"),
    ],
)
def test_fetch_replays_its_cassette(
    fake_api: FakeApi,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    fetcher_cls: Any,
    claim_fixture: str,
    check: Check,
) -> None:
    claim: Claim = request.getfixturevalue(claim_fixture)
    settings = fake_api.settings(tmp_path)
    plan = plan_queries(claim)

    async def go() -> tuple[Any, FetchResult]:
        async with HttpClient(settings) as client:
            fetcher = fetcher_cls.from_settings(settings, client)
            return fetcher, await fetcher.fetch_result(claim, plan)

    fetcher, result = run(go())
    assert [str(e) for e in result.errors] == []
    assert all(d.fetcher == fetcher_cls.name for d in result.documents)
    check(fetcher, claim, plan, result, settings)


@pytest.mark.parametrize(
    ("fetcher_cls", "fetchers", "message"),
    [
        (
            WikipediaFetcher,
            {"wikipedia": {"base_url": ""}},
            "wikipedia: set fetchers.wikipedia.base_url",
        ),
        (WikidataFetcher, {"wikidata": {"api_url": ""}}, "wikidata: set fetchers.wikidata.api_url"),
        (SearxngFetcher, {}, "searxng: set fetchers.searxng.base_url"),
        (
            ClaimReviewFetcher,
            {},
            (
                "claimreview: set fetchers.claimreview.api_key "
                "(environment FACTCHECK_FETCHERS__CLAIMREVIEW__API_KEY)"
            ),
        ),
        (LibraryFetcher, {}, "library: set fetchers.library.path"),
    ],
    ids=["wikipedia", "wikidata", "searxng", "claimreview", "library"],
)
def test_switches_off_without_its_setting(
    fetcher_cls: Any, fetchers: dict[str, Any], message: str
) -> None:
    settings = Settings(fetchers=fetchers)
    with pytest.raises(NotConfigured) as info:
        fetcher_cls.from_settings(settings, HttpClient(settings))
    assert str(info.value) == message
    registry = FetcherRegistry(include_entry_points=False)
    registry.register(fetcher_cls)
    enabled, disabled = load_fetchers(settings, HttpClient(settings), registry=registry)
    assert enabled == []
    assert disabled == {fetcher_cls.name: f"disabled: {message}"}
