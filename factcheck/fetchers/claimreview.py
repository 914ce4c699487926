"""Published fact checks through Google's Fact Check Tools API (``claims:search``).

Off until ``fetchers.claimreview.api_key`` is set (environment only). The key travels in the
``X-Goog-Api-Key`` header, never in the URL: the request fingerprint, the provenance record of the
evidence archive and every log line carry only the URL, so the key is not written anywhere.

The fetcher searches the claim text (then the planner's other queries) in the claim's language,
follows ``nextPageToken`` for up to ``max_pages`` pages, and keeps only reviews whose reviewed claim
is similar to ours (:func:`~factcheck.fetchers.jsonld.claim_similarity` over the claim text and its
entities). Each kept review becomes one document: url = the review, text = "Previously checked by
<publisher> on <date>: <rating>. Claim reviewed: <claim>", published = the review date, and
``structured["claimreview"]`` = the normalized record (see :mod:`factcheck.fetchers.jsonld`).
A prior review is evidence about what others concluded, not a verdict by itself.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Self

from factcheck.errors import ContentError, NotConfigured
from factcheck.fetchers._util import as_list, expect_dict, load_json, make_document, parse_iso_date
from factcheck.fetchers.base import BaseFetcher, FetchResult, QueryPlan, response_sha256
from factcheck.fetchers.jsonld import claim_similarity, claimreview_record, claimreview_text
from factcheck.models import Claim, Document

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.http import HttpClient

__all__ = [
    "ClaimReviewFetcher",
    "matching_reviews",
    "next_page_token",
    "parse_claims",
    "search_params",
]

logger = logging.getLogger(__name__)

NAME = "claimreview"


def search_params(
    query: str,
    language: str,
    page_size: int,
    max_age_days: int | None = None,
    page_token: str | None = None,
) -> dict[str, str]:
    """Parameters of ``claims:search`` (the API key goes in a header, not here)."""
    params = {"query": query, "languageCode": language, "pageSize": str(page_size)}
    if max_age_days is not None:
        params["maxAgeDays"] = str(max_age_days)
    if page_token:
        params["pageToken"] = page_token
    return params


def _answer(body: bytes | str | dict[str, Any], url: str) -> dict[str, Any]:
    data = body if isinstance(body, dict) else load_json(body, url, NAME)
    data = expect_dict(data, url, NAME)
    if isinstance(data.get("error"), dict):
        err = data["error"]
        raise ContentError(
            f"Fact Check Tools error {err.get('code')}: {err.get('message')}", url=url, fetcher=NAME
        )
    return data


def next_page_token(body: bytes | str | dict[str, Any], url: str) -> str | None:
    """The answer's ``nextPageToken`` (``None`` on the last page)."""
    token = _answer(body, url).get("nextPageToken")
    return token if isinstance(token, str) and token else None


def _rating_number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def parse_claims(
    body: bytes | str | dict[str, Any],
    url: str,
    *,
    retrieved_at: dt.datetime | None = None,
    content_sha256: str | None = None,
    query: str | None = None,
) -> list[Document]:
    """One document per review in a ``claims:search`` answer (reviews without a URL are skipped)."""
    data = _answer(body, url)
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
            rating = rating if isinstance(rating, str) else None
            published = parse_iso_date(review.get("reviewDate"))
            pub_name = publisher.get("name") if isinstance(publisher.get("name"), str) else None
            pub_site = publisher.get("site") if isinstance(publisher.get("site"), str) else None
            record = claimreview_record(
                url=review["url"],
                publisher=pub_name or pub_site,
                rating_text=rating,
                # the API gives only the textual rating; numbers come from embedded JSON-LD
                rating_value=_rating_number(review.get("ratingValue")),
                date=published,
                claim_reviewed=claim_text or None,
            )
            text = claimreview_text(record)
            if claimant:
                text += f"\nClaimant: {claimant}"
            if isinstance(review.get("title"), str) and review["title"].strip():
                text += f"\n{review['title'].strip()}"
            structured = {
                "claimreview": record,
                "textual_rating": rating,
                "publisher": pub_name,
                "publisher_site": pub_site,
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
                    text=text,
                    language=review.get("languageCode")
                    if isinstance(review.get("languageCode"), str)
                    else None,
                    published=published,
                    retrieved_at=retrieved_at,
                    content_sha256=content_sha256,
                    query=query,
                    structured={k: v for k, v in structured.items() if v is not None},
                )
            )
    return docs


def matching_reviews(
    docs: Sequence[Document], claim_text: str, entities: Sequence[str], min_similarity: float
) -> list[Document]:
    """The review documents whose reviewed claim matches ours, best first; one per review URL.

    The similarity of each kept review is stored in ``structured["claimreview"]["similarity"]``.
    """
    scored: list[tuple[float, Document]] = []
    seen: set[str] = set()
    for doc in docs:
        record = doc.structured.get("claimreview")
        if not isinstance(record, dict) or doc.url in seen:
            continue
        reviewed = record.get("claim_reviewed") or doc.title or ""
        score = claim_similarity(claim_text, entities, reviewed)
        if score < min_similarity:
            logger.debug("%s: review %s not similar enough (%.2f)", NAME, doc.url, score)
            continue
        seen.add(doc.url)
        structured = {**doc.structured, "claimreview": {**record, "similarity": round(score, 3)}}
        scored.append((score, doc.model_copy(update={"structured": structured})))
    scored.sort(key=lambda t: -t[0])
    return [d for _, d in scored]


def _queries(claim: Claim, plan: QueryPlan, limit: int) -> list[str]:
    """The claim text first (fact checks are indexed by claim), then the planner's other queries."""
    out: list[str] = []
    for q in (" ".join(claim.text.split())[:200], *plan.queries):
        if q and q not in out:
            out.append(q)
    return out[:limit]


class ClaimReviewFetcher(BaseFetcher):
    """Search published fact checks matching the claim, in the claim's language."""

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
        max_pages: int = 2,
        min_similarity: float = 0.3,
    ) -> None:
        self.client = client
        self.base_url = base_url
        self._api_key = api_key
        self.page_size = page_size
        self.max_age_days = max_age_days
        self.max_queries = max_queries
        self.max_pages = max_pages
        self.min_similarity = min_similarity

    def __repr__(self) -> str:  # never show the key
        return f"ClaimReviewFetcher(base_url={self.base_url!r}, api_key='**********')"

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
            max_pages=section.max_pages,
            min_similarity=section.min_similarity,
        )

    async def _one(self, query: str, plan: QueryPlan) -> FetchResult:
        docs: list[Document] = []
        token: str | None = None
        for _ in range(self.max_pages):
            resp = await self.client.get(
                self.base_url,
                params=search_params(
                    query, plan.language, self.page_size, self.max_age_days, token
                ),
                headers={"X-Goog-Api-Key": self._api_key},
                fetcher=NAME,
                query=query,
                claim_id=plan.claim_id,
            )
            docs.extend(
                parse_claims(
                    resp.content,
                    resp.url,
                    retrieved_at=resp.fetched_at,
                    content_sha256=response_sha256(resp),
                    query=query,
                )
            )
            new_token = next_page_token(resp.content, resp.url)
            if new_token is None or new_token == token:
                break
            token = new_token
        return FetchResult(documents=docs)

    async def fetch_result(self, claim: Claim, plan: QueryPlan) -> FetchResult:
        result = await self._gather(
            self._guard(self._one(q, plan)) for q in _queries(claim, plan, self.max_queries)
        )
        entities = [*plan.entities, *(e.text for e in claim.entities)]
        kept = matching_reviews(result.documents, claim.text, entities, self.min_similarity)
        logger.info(
            "%s: %d review(s) found, %d match %s", NAME, len(result.documents), len(kept), claim.id
        )
        return FetchResult(documents=kept, errors=result.errors)
