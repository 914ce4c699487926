"""A self-hosted SearXNG (JSON API): search the claim's queries, fetch and read the result pages.

Off until ``fetchers.searxng.base_url`` is set (the instance must enable the ``json`` format).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Self

from factcheck.errors import ContentError, NotConfigured
from factcheck.fetchers._html import fetch_page
from factcheck.fetchers._util import expect_dict, load_json, parse_iso_date
from factcheck.fetchers.base import BaseFetcher, FetchResult, QueryPlan
from factcheck.fetchers.planner import search_rounds
from factcheck.models import Claim

if TYPE_CHECKING:
    import datetime as dt

    from factcheck.config import Settings
    from factcheck.http import HttpClient

__all__ = ["SearchResult", "SearxngFetcher", "parse_results", "search_params"]

NAME = "searxng"
_LANGUAGES = {"zh": "zh-CN", "en": "en"}


@dataclass(frozen=True)
class SearchResult:
    """One result of a SearXNG search."""

    url: str
    title: str | None = None
    content: str | None = None
    engine: str | None = None
    published: dt.date | None = None


def search_params(query: str, language: str) -> dict[str, str]:
    """Parameters of ``/search`` asking for JSON."""
    return {"q": query, "format": "json", "language": _LANGUAGES.get(language, language)}


def parse_results(body: bytes | str | dict[str, Any], url: str) -> list[SearchResult]:
    """The http(s) results of a SearXNG JSON answer, in rank order."""
    data = body if isinstance(body, dict) else load_json(body, url, NAME)
    data = expect_dict(data, url, NAME)
    results = data.get("results")
    if not isinstance(results, list):
        raise ContentError("SearXNG answer without 'results'", url=url, fetcher=NAME)
    out: list[SearchResult] = []
    seen: set[str] = set()
    for item in results:
        if not isinstance(item, dict):
            continue
        link = item.get("url")
        if not isinstance(link, str) or not link.startswith(("http://", "https://")):
            continue
        if link in seen:
            continue
        seen.add(link)
        out.append(
            SearchResult(
                url=link,
                title=item.get("title") if isinstance(item.get("title"), str) else None,
                content=item.get("content") if isinstance(item.get("content"), str) else None,
                engine=item.get("engine") if isinstance(item.get("engine"), str) else None,
                published=parse_iso_date(item.get("publishedDate")),
            )
        )
    return out


class SearxngFetcher(BaseFetcher):
    """Search a SearXNG instance; one document per result page read."""

    name: ClassVar[str] = NAME

    def __init__(
        self, client: HttpClient, *, base_url: str, max_results: int = 5, max_queries: int = 3
    ) -> None:
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.max_results = max_results
        self.max_queries = max_queries

    @classmethod
    def from_settings(cls, settings: Settings, client: HttpClient) -> Self:
        section = settings.fetchers.searxng
        if not section.base_url:
            raise NotConfigured("searxng: set fetchers.searxng.base_url")
        return cls(
            client,
            base_url=section.base_url,
            max_results=section.max_results,
            max_queries=settings.fetchers.max_queries,
        )

    def probe_request(self) -> tuple[str, dict[str, str], Callable[[bytes, str], object]]:
        """A JSON search: an instance without the ``json`` format answers 403 (``factcheck doctor``)."""
        return f"{self.base_url}/search", search_params("fact check", "en"), parse_results

    async def _page(self, result: SearchResult, query: str, plan: QueryPlan) -> FetchResult:
        docs = await fetch_page(
            self.client, result.url, fetcher=NAME, query=query, claim_id=plan.claim_id
        )
        for doc in docs:
            if doc.published is None and result.published is not None:
                doc.published = result.published
        return FetchResult(documents=docs)

    async def fetch_result(self, claim: Claim, plan: QueryPlan) -> FetchResult:

        async def search(query: str) -> list[SearchResult]:
            resp = await self.client.get(
                f"{self.base_url}/search",
                params=search_params(query, plan.language),
                headers={"Accept": "application/json"},
                fetcher=NAME,
                query=query,
                claim_id=plan.claim_id,
            )
            return parse_results(resp.content, resp.url)[: self.max_results]

        rounds = search_rounds(plan.queries, self.max_queries)
        result, found = await self._search_widening(rounds, search)
        pages: dict[str, tuple[SearchResult, str]] = {}
        for query, hits in found.items():
            for hit in hits:
                if hit.url not in plan.urls:  # the claim's own sources are the web fetcher's
                    pages.setdefault(hit.url, (hit, query))
        result.extend(
            await self._gather(self._guard(self._page(h, q, plan)) for h, q in pages.values())
        )
        return result
