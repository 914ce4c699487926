"""Every URL named in a claim's ``sources``: fetched politely, main text extracted with trafilatura."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar, Self

from factcheck.fetchers._html import extract_html, parse_page, text_cache_of
from factcheck.fetchers.base import BaseFetcher, FetchResult, QueryPlan, response_sha256
from factcheck.models import Claim

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.http import HttpClient

__all__ = ["WebFetcher", "extract_html", "parse_page"]

NAME = "web"


class WebFetcher(BaseFetcher):
    """Fetch each source URL of the claim; one document per page with text."""

    name: ClassVar[str] = NAME

    def __init__(self, client: HttpClient) -> None:
        self.client = client

    @classmethod
    def from_settings(cls, settings: Settings, client: HttpClient) -> Self:
        return cls(client)

    async def _one(self, url: str, plan: QueryPlan) -> FetchResult:
        resp = await self.client.get(url, fetcher=NAME, query=url, claim_id=plan.claim_id)
        # trafilatura is CPU-bound: keep the event loop free for the other fetches
        docs = await asyncio.to_thread(
            parse_page,
            resp.content,
            resp.final_url or resp.url,
            content_type=resp.headers.get("content-type"),
            encoding=resp.encoding,
            fetcher=NAME,
            retrieved_at=resp.fetched_at,
            content_sha256=response_sha256(resp),
            query=url,
            cache=text_cache_of(self.client),
        )
        return FetchResult(documents=docs)

    async def fetch_result(self, claim: Claim, plan: QueryPlan) -> FetchResult:
        return await self._gather(self._guard(self._one(u, plan)) for u in plan.urls)
