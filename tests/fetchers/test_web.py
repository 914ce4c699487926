"""Web fetcher: main text + metadata with trafilatura; every source URL; failures recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _fakeapi import FakeApi, fixture_bytes
from _loopback import run

from factcheck.errors import ContentError, HTTPStatusError
from factcheck.fetchers.planner import plan_queries
from factcheck.fetchers.web import WebFetcher, parse_page
from factcheck.http import HttpClient
from factcheck.models import Claim


def test_gbk_page_main_text_and_metadata() -> None:
    (doc,) = parse_page(
        fixture_bytes("page_gbk.html"),
        "http://x/news/1.html",
        content_type="text/html",
        encoding="gb18030",
    )
    assert doc.title == "中关村第一家民营科技机构诞生"
    assert doc.published is not None
    assert doc.published.isoformat() == "2020-10-23"
    assert doc.language == "zh"
    assert "1980年10月23日" in doc.text
    assert "首页 | 科技" not in doc.text  # navigation is not main text


def test_plain_text_and_unsupported_types() -> None:
    (doc,) = parse_page(b"Title line\n\nBody text.", "http://x/a.txt", content_type="text/plain")
    assert doc.title == "Title line"
    assert doc.text == "Title line\n\nBody text."
    with pytest.raises(ContentError, match="unsupported content type 'application/pdf'"):
        parse_page(b"%PDF-1.4", "http://x/a.pdf", content_type="application/pdf")
    assert parse_page(b"<html><body></body></html>", "http://x/") == []


@pytest.mark.vcr
def test_fetch_sources_records_failures(fake_api: FakeApi, tmp_path: Path, zh_claim: Claim) -> None:
    settings = fake_api.settings(tmp_path)
    good = fake_api.server.url_for("/news/1.html")
    missing = fake_api.server.url_for("/news/missing.html")
    fake_api.server.expect_request("/news/missing.html").respond_with_data("gone", status=404)
    claim = zh_claim.model_copy(update={"sources": [good, missing]})
    plan = plan_queries(claim)

    async def go() -> Any:
        async with HttpClient(settings) as client:
            return await WebFetcher.from_settings(settings, client).fetch_result(claim, plan)

    result = run(go())
    (doc,) = result.documents
    assert doc.url == good
    assert doc.query == good
    (err,) = result.errors
    assert isinstance(err, HTTPStatusError)
    assert err.status == 404
    assert err.fetcher == "web"


def test_document_url_is_the_final_url_after_redirects(
    fake_api: FakeApi, tmp_path: Path, zh_claim: Claim
) -> None:
    settings = fake_api.settings(tmp_path)
    final = fake_api.server.url_for("/news/1.html")
    fake_api.server.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/news/1.html"}
    )
    claim = zh_claim.model_copy(update={"sources": [fake_api.server.url_for("/old")]})

    async def go() -> Any:
        async with HttpClient(settings) as client:
            return await WebFetcher.from_settings(settings, client).fetch_result(
                claim, plan_queries(claim)
            )

    result = run(go())
    assert result.errors == []
    (doc,) = result.documents
    assert doc.url == final
    assert doc.query == fake_api.server.url_for("/old")
