"""ClaimReview: Fact Check Tools fetcher (off without a key; key out of URLs and the archive; paging;
similarity filter) and schema.org ClaimReview JSON-LD embedded in web pages (served on loopback).

Every API answer and page here is MADE UP, in the documented shape of ``claims:search`` and of
schema.org ClaimReview markup; publishers, URLs and ratings are fictitious.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from _fakeapi import FakeApi, fixture_bytes
from _loopback import run
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from factcheck.config import Settings
from factcheck.errors import ContentError
from factcheck.evidence import EvidenceArchive
from factcheck.fetchers.claimreview import (
    ClaimReviewFetcher,
    _queries,
    matching_reviews,
    next_page_token,
    parse_claims,
    search_params,
)
from factcheck.fetchers.jsonld import (
    claim_similarity,
    claimreview_text,
    find_claimreviews,
    html_meta_date,
)
from factcheck.fetchers.planner import plan_queries
from factcheck.fetchers.web import WebFetcher, parse_page
from factcheck.http import HttpClient
from factcheck.models import Claim

# MADE UP: a fact-check page with ClaimReview JSON-LD inside an @graph, as publishers embed it.
CLAIMREVIEW_PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>核查：中关村第一家民营科技企业成立于1980年？</title>
<meta property="article:published_time" content="2021-05-02T08:00:00+08:00">
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebPage", "name": "made-up page"},
  {"@type": "ClaimReview",
   "url": "https://factcheck.example/zgc-1980-review",
   "claimReviewed": "中关村第一家民营科技企业成立于1980年",
   "datePublished": "2021-05-01",
   "author": {"@type": "Organization", "name": "示例核查中心"},
   "reviewRating": {"@type": "Rating", "ratingValue": "5", "bestRating": "5", "worstRating": "1",
                    "alternateName": "属实"},
   "itemReviewed": {"@type": "Claim", "datePublished": "2021-04-20"}}
]}
</script></head>
<body><article><h1>核查：中关村第一家民营科技企业成立于1980年？</h1>
<p>1980年10月23日，陈春先在中国科学院物理研究所成立了北京等离子体学会先进技术发展服务部，
这是中关村第一家民营科技机构。经核查，该说法属实。</p></article></body></html>
"""


def test_parse_made_up_answer() -> None:
    (doc,) = parse_claims(fixture_bytes("claimreview_search.json"), "http://x/claims:search")
    assert doc.url == "https://factcheck.example/zgc-1980"
    assert doc.fetcher == "claimreview"
    assert doc.published == dt.date(2020, 10, 23)
    assert doc.text.startswith(
        "Previously checked by 示例核查 on 2020-10-23: 基本属实. "
        "Claim reviewed: 中关村第一家民营科技企业成立于1980年\nClaimant: 某社交媒体帖子"
    )
    assert doc.structured["claimreview"] == {
        "publisher": "示例核查",
        "rating_text": "基本属实",
        "rating_value": None,
        "best": None,
        "worst": None,
        "date": "2020-10-23",
        "url": "https://factcheck.example/zgc-1980",
        "claim_reviewed": "中关村第一家民营科技企业成立于1980年",
    }
    assert doc.structured["textual_rating"] == "基本属实"  # the flat keys stay for older readers
    assert parse_claims(b"{}", "u") == []
    with pytest.raises(ContentError, match="Fact Check Tools error 403"):
        parse_claims(json.dumps({"error": {"code": 403, "message": "no"}}), "u")


def test_search_params_and_paging_token() -> None:
    assert search_params("q", "zh", 10, 30) == {
        "query": "q",
        "languageCode": "zh",
        "pageSize": "10",
        "maxAgeDays": "30",
    }
    assert search_params("q", "en", 5, page_token="tok")["pageToken"] == "tok"
    assert next_page_token(fixture_bytes("claimreview_search.json"), "u") == "made-up-token"
    assert next_page_token(b'{"claims": []}', "u") is None


def test_similarity_uses_text_and_entities() -> None:
    zh = "中国首个民营科技企业于1980年10月23日在中国科学院物理所成立，创立者是陈春先"
    reviewed = "中关村第一家民营科技企业成立于1980年"
    base = claim_similarity(zh, [], reviewed)
    assert 0.3 < base < 0.5
    assert claim_similarity(zh, ["中关村"], reviewed) == pytest.approx(base + 0.1)
    assert claim_similarity("北京深度求索公司比杭州深度求索公司早两个月成立", [], reviewed) < 0.1
    en = "The Eiffel Tower is 330 metres tall"
    assert claim_similarity(en, ["Eiffel Tower"], "Eiffel Tower height is 330 metres") > 0.6
    assert claim_similarity(en, [], "Vaccines cause autism") == 0.0
    assert claim_similarity("", [], "x") == 0.0


def test_matching_reviews_filters_and_scores(zh_claim: Claim) -> None:
    docs = parse_claims(fixture_bytes("claimreview_search.json"), "u")
    kept = matching_reviews(docs + docs, zh_claim.text, [], 0.3)
    assert [d.url for d in kept] == ["https://factcheck.example/zgc-1980"]  # deduplicated
    assert kept[0].structured["claimreview"]["similarity"] > 0.3
    other = "北京深度求索公司比杭州深度求索公司早两个月成立"
    assert matching_reviews(docs, other, [], 0.3) == []


def test_key_in_header_not_in_archive_or_logs(
    fake_api: FakeApi, tmp_path: Path, zh_claim: Claim, caplog: pytest.LogCaptureFixture
) -> None:
    base = fake_api.server.url_for("/factcheck/claims:search")
    settings = fake_api.settings(tmp_path)
    settings.fetchers.claimreview.base_url = base
    settings.fetchers.claimreview.api_key = "test-key"  # type: ignore[assignment]
    archive = EvidenceArchive(tmp_path / "evidence")
    caplog.set_level(logging.DEBUG)

    async def go() -> Any:
        async with HttpClient(settings, archive=archive) as client:
            fetcher = ClaimReviewFetcher.from_settings(settings, client)
            assert "test-key" not in repr(fetcher)
            return await fetcher.fetch_result(zh_claim, plan_queries(zh_claim))

    result = run(go())
    assert result.errors == []
    assert [d.structured["claimreview"]["rating_text"] for d in result.documents] == ["基本属实"]
    # the claim text, then the planner's keyword queries (max_queries in all), each followed to
    # page 2 (the made-up answer always names a next page; an unchanged token ends the paging)
    sent = _queries(zh_claim, plan_queries(zh_claim), Settings().fetchers.max_queries)
    assert sent[0] == zh_claim.text
    assert fake_api.hits["/factcheck/claims:search"] == 2 * len(sent)
    stored = "".join(p.read_text("utf-8") for p in (tmp_path / "evidence").rglob("*.json*"))
    assert "claims:search" in stored
    assert "pageToken=made-up-token" in stored
    assert "test-key" not in stored
    assert "test-key" not in caplog.text


def test_unrelated_claim_gets_no_review(fake_api: FakeApi, tmp_path: Path) -> None:
    settings = fake_api.settings(tmp_path)
    settings.fetchers.claimreview.base_url = fake_api.server.url_for("/factcheck/claims:search")
    settings.fetchers.claimreview.api_key = "test-key"  # type: ignore[assignment]
    claim = Claim(id="x-c1", text="北京深度求索公司比杭州深度求索公司早两个月成立")

    async def go() -> Any:
        async with HttpClient(settings) as client:
            fetcher = ClaimReviewFetcher.from_settings(settings, client)
            return await fetcher.fetch_result(claim, plan_queries(claim))

    result = run(go())
    assert result.errors == []
    assert result.documents == []


def test_jsonld_claimreview_records() -> None:
    (record,) = find_claimreviews(CLAIMREVIEW_PAGE, "http://x/page")
    assert record == {
        "publisher": "示例核查中心",
        "rating_text": "属实",
        "rating_value": 5.0,
        "best": 5.0,
        "worst": 1.0,
        "date": "2021-05-01",
        "url": "https://factcheck.example/zgc-1980-review",
        "claim_reviewed": "中关村第一家民营科技企业成立于1980年",
    }
    assert claimreview_text(record) == (
        "Previously checked by 示例核查中心 on 2021-05-01: 属实. "
        "Claim reviewed: 中关村第一家民营科技企业成立于1980年"
    )
    # a list at top level, a publisher instead of an author, no URL (the page's is used), broken
    # scripts skipped, a review without any rating ignored
    page = (
        '<script type="application/ld+json">{not json</script>'
        '<script type="application/ld+json">[{"@type": ["ClaimReview"], "claimReviewed": "c",'
        '"publisher": {"name": "P"}, "reviewRating": {"ratingValue": 1, "bestRating": 5,'
        '"worstRating": 1}}, {"@type": "ClaimReview", "claimReviewed": "no rating"}]</script>'
    )
    (r2,) = find_claimreviews(page, "http://x/p2")
    assert (r2["publisher"], r2["url"], r2["rating_text"], r2["rating_value"]) == (
        "P",
        "http://x/p2",
        None,
        1.0,
    )
    assert claimreview_text(r2).startswith("Previously checked by P: 1/5.")
    assert find_claimreviews("<html>no markup</html>", "http://x/") == []


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<meta property="article:published_time" content="2025-03-15T09:00:00Z">', "2025-03-15"),
        ("<meta content='2024-01-02' name='pubdate'>", "2024-01-02"),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2023-07-08T10:00:00+08:00"}</script>',
            "2023-07-08",
        ),
        ('<p>Posted <time datetime="2022-12-31">Dec 31</time></p>', "2022-12-31"),
        # the most specific source wins over a generic "date" meta and a <time>
        (
            '<meta name="date" content="2020-01-01"><time datetime="2019-01-01"></time>'
            '<meta property="article:published_time" content="2021-06-06">',
            "2021-06-06",
        ),
        ('<meta property="article:published_time" content="soon">', None),
        ("<p>no date</p>", None),
    ],
)
def test_html_meta_date(html: str, expected: str | None) -> None:
    got = html_meta_date(html)
    assert (got.isoformat() if got else None) == expected


def test_web_page_carries_its_claimreview(httpserver: HTTPServer, tmp_path: Path) -> None:
    """A page named in a claim's sources, served on loopback, yields structured['claimreview']."""
    hits: list[str] = []

    def page(request: Request) -> Response:
        hits.append(request.path)
        return Response(CLAIMREVIEW_PAGE, content_type="text/html; charset=utf-8")

    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/review.html").respond_with_handler(page)
    settings = FakeApi(httpserver).settings(tmp_path)
    url = httpserver.url_for("/review.html")
    claim = Claim(id="zgc-c1", text="中关村第一家民营科技企业成立于1980年", sources=[url])

    async def go() -> Any:
        async with HttpClient(settings) as client:
            return await WebFetcher.from_settings(settings, client).fetch(
                claim, plan_queries(claim)
            )

    (doc,) = run(go())
    assert hits == ["/review.html"]
    assert doc.fetcher == "web"
    assert doc.published == dt.date(2021, 5, 2)  # article:published_time, not the review's date
    assert doc.structured["claimreview"]["rating_text"] == "属实"
    assert doc.structured["claimreview"]["publisher"] == "示例核查中心"
    assert "陈春先" in doc.text
    # two reviews on one page: the first is structured["claimreview"], all are listed
    two = CLAIMREVIEW_PAGE.replace(
        "]}\n</script>",
        ', {"@type": "ClaimReview", "claimReviewed": "另一说法", "reviewRating": '
        '{"alternateName": "False"}}]}\n</script>',
    )
    (doc2,) = parse_page(two, "http://x/two")
    assert [r["rating_text"] for r in doc2.structured["claimreviews"]] == ["属实", "False"]
