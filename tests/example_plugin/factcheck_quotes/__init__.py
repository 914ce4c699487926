"""Example factcheck fetcher plug-in: searches a (made-up) quotation API, configured in its own table.

Settings, validated by :class:`QuotesSettings` (unknown keys and bad values are exit-2 errors naming
``[fetchers.quotes]`` and the key)::

    [fetchers.quotes]
    base_url = "https://quotes.example.org/api"
    max_results = 3
    # api_key: environment only, FACTCHECK_FETCHERS__QUOTES__API_KEY

The API answers ``GET <base_url>/search?q=...&limit=N`` with
``{"results": [{"url": ..., "title": ..., "text": ..., "date": "YYYY-MM-DD"}]}``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, ClassVar, Self

from pydantic import Field, HttpUrl, SecretStr

from factcheck.errors import ContentError, NotConfigured
from factcheck.fetchers import (
    BaseFetcher,
    FetchResult,
    PluginSettings,
    QueryPlan,
    document_id,
    plugin_settings,
    response_sha256,
)
from factcheck.models import Claim, Document

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.http import HttpClient

__all__ = ["QuotesFetcher", "QuotesSettings", "parse_quotes"]


class QuotesSettings(PluginSettings):
    """The ``[fetchers.quotes]`` table."""

    base_url: HttpUrl | None = Field(None, description="Root of the quotation API.")
    max_results: int = Field(5, ge=1, le=50, description="Results asked for per query.")
    api_key: SecretStr | None = Field(None, description="API key (environment only; masked).")


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def parse_quotes(
    body: bytes, url: str, fetched_at: dt.datetime, content_sha256: str | None = None
) -> list[Document]:
    """Documents of one search answer (pure); raise :class:`ContentError` on a malformed body."""
    try:
        data: Any = json.loads(body)
        rows = data["results"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ContentError(f"quotes: not a search answer: {exc}", url=url) from exc
    docs = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not row.get("url") or not row.get("text"):
            continue
        docs.append(
            Document(
                id=document_id("quotes", row["url"], row["text"]),
                url=row["url"],
                title=str(row.get("title") or ""),
                text=row["text"],
                fetcher="quotes",
                retrieved_at=fetched_at,
                published=_date(row.get("date")),
                content_sha256=content_sha256,
            )
        )
    return docs


class QuotesFetcher(BaseFetcher):
    """Quotations matching the claim's queries."""

    name: ClassVar[str] = "quotes"
    settings_model: ClassVar[type[PluginSettings]] = QuotesSettings

    def __init__(self, client: HttpClient, own: QuotesSettings) -> None:
        self.client = client
        self.own = own
        self.base_url = str(own.base_url).rstrip("/")

    @classmethod
    def from_settings(cls, settings: Settings, client: HttpClient) -> Self:
        own = plugin_settings(settings, cls.name, QuotesSettings)
        if own.base_url is None:
            raise NotConfigured("quotes: set fetchers.quotes.base_url")
        return cls(client, own)

    async def fetch_result(self, claim: Claim, plan: QueryPlan) -> FetchResult:
        query = plan.queries[0] if plan.queries else claim.text
        headers = {}
        if self.own.api_key is not None:
            headers["X-Api-Key"] = self.own.api_key.get_secret_value()
        response = await self.client.get(
            f"{self.base_url}/search",
            params={"q": query, "limit": str(self.own.max_results)},
            headers=headers,
            fetcher=self.name,
            query=query,
            claim_id=claim.id,
        )
        docs = parse_quotes(
            response.content, response.url, response.fetched_at, response_sha256(response)
        )
        return FetchResult(documents=docs)
