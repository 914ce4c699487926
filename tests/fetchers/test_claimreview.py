"""ClaimReview fetcher: off without a key; the key stays out of URLs and the archive; reviews parsed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _fakeapi import FakeApi, fixture_bytes
from _loopback import run

from factcheck.config import Settings
from factcheck.errors import ContentError, NotConfigured
from factcheck.evidence import EvidenceArchive
from factcheck.fetchers.claimreview import ClaimReviewFetcher, parse_claims, search_params
from factcheck.fetchers.planner import plan_queries
from factcheck.http import HttpClient
from factcheck.models import Claim


def test_parse_made_up_answer() -> None:
    (doc,) = parse_claims(fixture_bytes("claimreview_search.json"), "http://x/claims:search")
    assert doc.url == "https://factcheck.example/zgc-1980"
    assert doc.structured["textual_rating"] == "基本属实"
    assert doc.structured["publisher"] == "示例核查"
    assert doc.published is not None
    assert doc.published.isoformat() == "2020-10-23"
    assert doc.text.startswith(
        "Claim: 中关村第一家民营科技企业成立于1980年\nClaimant: 某社交媒体帖子"
    )
    assert parse_claims(b"{}", "u") == []
    with pytest.raises(ContentError, match="Fact Check Tools error 403"):
        parse_claims(json.dumps({"error": {"code": 403, "message": "no"}}), "u")


def test_search_params() -> None:
    assert search_params("q", "zh", 10, 30) == {
        "query": "q",
        "languageCode": "zh",
        "pageSize": "10",
        "maxAgeDays": "30",
    }


def test_off_without_api_key() -> None:
    settings = Settings()
    with pytest.raises(NotConfigured, match=r"claimreview: set fetchers\.claimreview\.api_key"):
        ClaimReviewFetcher.from_settings(settings, HttpClient(settings))


def test_key_in_header_not_in_archive(fake_api: FakeApi, tmp_path: Path, zh_claim: Claim) -> None:
    base = fake_api.server.url_for("/factcheck/claims:search")
    settings = fake_api.settings(tmp_path)
    settings.fetchers.claimreview.base_url = base
    settings.fetchers.claimreview.api_key = "test-key"  # type: ignore[assignment]
    archive = EvidenceArchive(tmp_path / "evidence")

    async def go() -> Any:
        async with HttpClient(settings, archive=archive) as client:
            fetcher = ClaimReviewFetcher.from_settings(settings, client)
            return await fetcher.fetch_result(zh_claim, plan_queries(zh_claim))

    result = run(go())
    assert result.errors == []
    assert [d.structured["textual_rating"] for d in result.documents] == ["基本属实"]
    stored = "".join(p.read_text("utf-8") for p in (tmp_path / "evidence").rglob("*.json"))
    assert "claims:search" in stored
    assert "test-key" not in stored
