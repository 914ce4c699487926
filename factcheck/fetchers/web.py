"""Every URL named in a claim's ``sources``: fetched politely, main text extracted with trafilatura."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Self

from factcheck.fetchers._html import extract_html, fetch_page, parse_page
from factcheck.fetchers.base import BaseFetcher, FetchResult, QueryPlan
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
        docs = await fetch_page(self.client, url, fetcher=NAME, query=url, claim_id=plan.claim_id)
        return FetchResult(documents=docs)

    async def fetch_result(self, claim: Claim, plan: QueryPlan) -> FetchResult:
        return await self._gather(self._guard(self._one(u, plan)) for u in plan.urls)
