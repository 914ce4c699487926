"""Published fact checks through Google's Fact Check Tools API (``claims:search``).

Off until ``fetchers.claimreview.api_key`` is set (environment only). The key travels in the
``X-Goog-Api-Key`` header, never in the URL, so it is not written to the evidence archive. Each
review becomes one document whose ``structured`` carries the publisher's rating
(``textual_rating``) — evidence about what others concluded, not a verdict by itself.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar, Self

from factcheck.errors import ContentError, NotConfigured
from factcheck.fetchers._util import as_list, expect_dict, load_json, make_document, parse_iso_date
from factcheck.fetchers.base import BaseFetcher, FetchResult, QueryPlan, response_sha256
from factcheck.models import Claim, Document

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.http import HttpClient

__all__ = ["ClaimReviewFetcher", "parse_claims", "search_params"]

NAME = "claimreview"


def search_params(
    query: str, language: str, page_size: int, max_age_days: int | None = None
) -> dict[str, str]:
    """Parameters of ``claims:search`` (the API key goes in a header, not here)."""
    params = {"query": query, "languageCode": language, "pageSize": str(page_size)}
    if max_age_days is not None:
        params["maxAgeDays"] = str(max_age_days)
    return params


def parse_claims(
    body: bytes | str | dict[str, Any],
    url: str,
    *,
    retrieved_at: dt.datetime | None = None,
    content_sha256: str | None = None,
    query: str | None = None,
) -> list[Document]:
    """One document per review in a ``claims:search`` answer (reviews without a URL are skipped)."""
    data = body if isinstance(body, dict) else load_json(body, url, NAME)
    data = expect_dict(data, url, NAME)
    if isinstance(data.get("error"), dict):
        err = data["error"]
        raise ContentError(
            f"Fact Check Tools error {err.get('code')}: {err.get('message')}", url=url, fetcher=NAME
        )
    claims = data.get("claims", [])
    if not isinstance(claims, list):
        raise ContentError("claims:search answer with a non-list 'claims'", url=url, fetcher=NAME)
    docs: list[Document] = []
    for item in claims:
        if not isinstance(item, dict):
            continue
        claim_text = item.get("text") if isinstance(item.get("text"), str) else ""
        claimant = item.get("claimant") if isinstance(item.get("claimant"), str) else None
        for review in as_list(item.get("claimReview")):
            if not isinstance(review, dict) or not isinstance(review.get("url"), str):
                continue
            raw_publisher = review.get("publisher")
            publisher: dict[str, Any] = raw_publisher if isinstance(raw_publisher, dict) else {}
            rating = review.get("textualRating")
            lines = [f"Claim: {claim_text}"] if claim_text else []
            if claimant:
                lines.append(f"Claimant: {claimant}")
            if rating:
                lines.append(f"Rating: {rating}")
            if publisher.get("name"):
                lines.append(f"Reviewed by: {publisher['name']}")
            if review.get("title"):
                lines.append(str(review["title"]))
            structured = {
                "textual_rating": rating,
                "publisher": publisher.get("name"),
                "publisher_site": publisher.get("site"),
                "claim_text": claim_text or None,
                "claimant": claimant,
                "claim_date": item.get("claimDate"),
                "review_date": review.get("reviewDate"),
            }
            docs.append(
                make_document(
                    fetcher=NAME,
                    url=review["url"],
                    title=review.get("title") if isinstance(review.get("title"), str) else None,
                    text="\n".join(lines),
                    language=review.get("languageCode")
                    if isinstance(review.get("languageCode"), str)
                    else None,
                    published=parse_iso_date(review.get("reviewDate")),
                    retrieved_at=retrieved_at,
                    content_sha256=content_sha256,
                    query=query,
                    structured={k: v for k, v in structured.items() if v is not None},
                )
            )
    return docs


class ClaimReviewFetcher(BaseFetcher):
    """Search published fact checks for the claim's queries."""

    name: ClassVar[str] = NAME

    def __init__(
        self,
        client: HttpClient,
        *,
        base_url: str,
        api_key: str,
        page_size: int = 10,
        max_age_days: int | None = None,
        max_queries: int = 3,
    ) -> None:
        self.client = client
        self.base_url = base_url
        self._api_key = api_key
        self.page_size = page_size
        self.max_age_days = max_age_days
        self.max_queries = max_queries

    @classmethod
    def from_settings(cls, settings: Settings, client: HttpClient) -> Self:
        section = settings.fetchers.claimreview
        if section.api_key is None or not section.api_key.get_secret_value():
            raise NotConfigured(
                "claimreview: set fetchers.claimreview.api_key "
                "(environment FACTCHECK_FETCHERS__CLAIMREVIEW__API_KEY)"
            )
        if not section.base_url:
            raise NotConfigured("claimreview: set fetchers.claimreview.base_url")
        return cls(
            client,
            base_url=section.base_url,
            api_key=section.api_key.get_secret_value(),
            page_size=section.page_size,
            max_age_days=section.max_age_days,
            max_queries=settings.fetchers.max_queries,
        )

    async def _one(self, query: str, plan: QueryPlan) -> FetchResult:
        resp = await self.client.get(
            self.base_url,
            params=search_params(query, plan.language, self.page_size, self.max_age_days),
            headers={"X-Goog-Api-Key": self._api_key},
            fetcher=NAME,
            query=query,
            claim_id=plan.claim_id,
        )
        docs = parse_claims(
            resp.content,
            resp.url,
            retrieved_at=resp.fetched_at,
            content_sha256=response_sha256(resp),
            query=query,
        )
        return FetchResult(documents=docs)

    async def fetch_result(self, claim: Claim, plan: QueryPlan) -> FetchResult:
        return await self._gather(
            self._guard(self._one(q, plan)) for q in plan.queries[: self.max_queries]
        )
