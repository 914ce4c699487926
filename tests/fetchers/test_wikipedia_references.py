"""The Wikipedia fetcher reads the sources a page cites (its external links), so news pages are found
without a search engine. Made-up pages on a loopback server; the real recorded MediaWiki answer in
../shared/data/api-fixtures carries ``extlinks`` in the same shape."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from _shared import require_shared
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from factcheck.config import Settings
from factcheck.fetchers.planner import plan_queries
from factcheck.fetchers.wikipedia import WikipediaFetcher, extract_params, parse_pages
from factcheck.http import HttpClient
from factcheck.models import Claim, Entity


def _answer(request: Request, base: str) -> Response:
    args = request.args
    if args.get("list") == "search":
        hits = [{"title": "融科资讯中心", "snippet": "made up"}]
        return Response(json.dumps({"query": {"search": hits}}), content_type="application/json")
    assert "extlinks" in args.get("prop", "")
    page = {
        "pageid": 1,
        "title": "融科资讯中心",
        "fullurl": f"{base}/wiki/x",
        "extract": "融科资讯中心是北京的一组写字楼。（本页为测试编造）",
        "extlinks": [
            {"url": f"{base}/news/1.html"},
            {"url": "https://zh.wikipedia.org/wiki/Other"},
            {"url": f"{base}/news/2.html"},
        ],
    }
    return Response(json.dumps({"query": {"pages": [page]}}), content_type="application/json")


def test_cited_sources_are_read(httpserver: HTTPServer, tmp_path: Path) -> None:
    base = httpserver.url_for("/").rstrip("/")
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/w/api.php").respond_with_handler(lambda r: _answer(r, base))
    for n in (1, 2):
        httpserver.expect_request(f"/news/{n}.html").respond_with_data(
            f"<html><head><title>新闻{n}</title></head><body><article><p>融科资讯中心周边聚集了"
            f"{40 + n}所高等院校，这是一篇为测试编造的新闻报道，内容并非真实。</p></article></body></html>",
            content_type="text/html; charset=utf-8",
        )
    port = httpserver.port
    settings = Settings(
        evidence_dir=tmp_path / "evidence",
        fetchers={"wikipedia": {"base_url": f"{base}/w/api.php", "follow_links": 1}},
        http={"allow_private": [f"localhost:{port}", f"127.0.0.1:{port}"], "per_host_rate": 100.0},
    )
    claim = Claim(id="c", text="融科资讯中心周边聚集了41所高等院校", subject="融科资讯中心周边",
                  entities=[Entity(text="融科资讯中心", type="place")])  # fmt: skip

    async def go() -> list[str]:
        async with HttpClient(settings) as client:
            fetcher = WikipediaFetcher.from_settings(settings, client)
            result = await fetcher.fetch_result(claim, plan_queries(claim))
        assert result.errors == []
        return [d.url for d in result.documents]

    urls = asyncio.run(go())
    assert urls[0].endswith("/wiki/x")
    assert urls[1:] == [f"{base}/news/1.html"]  # follow_links = 1; other wikis are no sources


def test_extlinks_are_requested_and_read_from_a_real_answer() -> None:
    assert "extlinks" in extract_params("X")["prop"]
    path = require_shared("api-fixtures", "mediawiki", "wikipedia-client", "Sealand_Dynasty.json")
    (doc,) = parse_pages(path.read_bytes(), "https://en.wikipedia.org/w/api.php")
    assert doc.structured["extlinks"] == [
        "https://www.theguardian.com/science/2017/sep/01/castle-sealand-kings-ancient-iraqs-rebel-rulers"
    ]
