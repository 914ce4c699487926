"""arXiv through its Atom API: one search per English query, arXiv ids named by the claim looked up.

The Atom feed is parsed with :mod:`defusedxml` so a document type declaration or an entity
definition is refused (:class:`~factcheck.errors.ContentError`) instead of expanded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Self
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from factcheck.errors import ContentError, NotConfigured
from factcheck.fetchers._util import has_cjk, make_document, normalize_space, parse_iso_date
from factcheck.fetchers.base import BaseFetcher, FetchResult, QueryPlan, response_sha256
from factcheck.models import Claim, Document

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.http import HttpClient

__all__ = [
    "ArxivFetcher",
    "arxiv_ids_in",
    "id_params",
    "parse_feed",
    "search_params",
    "search_query_for",
]

NAME = "arxiv"
_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_NEW_ID_RE = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5}(?:v\d+)?)(?![\d])")
_OLD_ID_RE = re.compile(r"\b([a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)\b")
_WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "to",
        "was",
        "were",
        "which",
        "with",
        "than",
        "more",
        "less",
        "most",
        "about",
        "over",
        "under",
    ]
)
_MAX_WORDS = 8


def arxiv_ids_in(texts: list[str]) -> list[str]:
    """arXiv identifiers (``2104.12255v1``, ``astro-ph/0601001``) mentioned in ``texts``."""
    ids: list[str] = []
    for text in texts:
        for rx in (_NEW_ID_RE, _OLD_ID_RE):
            for m in rx.finditer(text):
                if m.group(1) not in ids:
                    ids.append(m.group(1))
    return ids


def search_query_for(query: str) -> str | None:
    """arXiv ``search_query`` for a free-text query: its content words ANDed over all fields.

    ``None`` for a query with no Latin words (arXiv is an English-language archive).
    """
    if has_cjk(query):
        return None
    words = [w for w in _WORD_RE.findall(query) if w.lower() not in _STOPWORDS]
    if not words:
        return None
    return " AND ".join(f"all:{w}" for w in words[:_MAX_WORDS])


def search_params(search_query: str, max_results: int, start: int = 0) -> dict[str, str]:
    """Parameters of an Atom API search."""
    return {
        "search_query": search_query,
        "start": str(start),
        "max_results": str(max_results),
        "sortBy": "relevance",
        "sortOrder": "descending",
    }


def id_params(ids: list[str]) -> dict[str, str]:
    """Parameters of an Atom API lookup by id."""
    return {"id_list": ",".join(ids), "max_results": str(len(ids))}


def _text(elem: Element | None) -> str:
    return normalize_space(" ".join((elem.text or "").split())) if elem is not None else ""


def _root(body: bytes | str, url: str) -> Element:
    try:
        root = SafeET.fromstring(body, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ContentError(f"refused XML construct: {exc}", url=url, fetcher=NAME) from exc
    except ParseError as exc:
        raise ContentError(f"invalid Atom XML: {exc}", url=url, fetcher=NAME) from exc
    if root.tag != f"{_ATOM}feed":
        raise ContentError(f"not an Atom feed (root {root.tag!r})", url=url, fetcher=NAME)
    return root


def parse_feed(
    body: bytes | str,
    url: str,
    *,
    retrieved_at: dt.datetime | None = None,
    content_sha256: str | None = None,
    query: str | None = None,
) -> list[Document]:
    """One document per entry of an arXiv Atom feed (title + abstract).

    An API error entry (``…/api/errors#…``) raises :class:`ContentError` with the API's message.
    """
    root = _root(body, url)
    docs: list[Document] = []
    for entry in root.findall(f"{_ATOM}entry"):
        entry_id = _text(entry.find(f"{_ATOM}id"))
        summary = _text(entry.find(f"{_ATOM}summary"))
        if "/api/errors" in entry_id:
            raise ContentError(f"arXiv API error: {summary or entry_id}", url=url, fetcher=NAME)
        title = _text(entry.find(f"{_ATOM}title"))
        if not title and not summary:
            continue
        link = entry_id
        for el in entry.findall(f"{_ATOM}link"):
            if el.get("rel") == "alternate" and el.get("href"):
                link = str(el.get("href"))
                break
        arxiv_id = entry_id.rsplit("/abs/", 1)[-1] if "/abs/" in entry_id else entry_id
        structured: dict[str, Any] = {
            "arxiv_id": arxiv_id,
            "authors": [_text(a.find(f"{_ATOM}name")) for a in entry.findall(f"{_ATOM}author")],
            "categories": [
                c.get("term") for c in entry.findall(f"{_ATOM}category") if c.get("term")
            ],
        }
        updated = parse_iso_date(_text(entry.find(f"{_ATOM}updated")))
        if updated:
            structured["updated"] = updated.isoformat()
        for key in ("doi", "journal_ref", "comment"):
            value = _text(entry.find(f"{_ARXIV}{key}"))
            if value:
                structured[key] = value
        primary = entry.find(f"{_ARXIV}primary_category")
        if primary is not None and primary.get("term"):
            structured["primary_category"] = primary.get("term")
        docs.append(
            make_document(
                fetcher=NAME,
                url=link,
                title=title,
                text=f"{title}\n\n{summary}".strip(),
                language="en",
                published=parse_iso_date(_text(entry.find(f"{_ATOM}published"))),
                retrieved_at=retrieved_at,
                content_sha256=content_sha256,
                query=query,
                structured=structured,
            )
        )
    return docs


def total_results(body: bytes | str, url: str) -> int | None:
    """``opensearch:totalResults`` of a feed, when present."""
    value = _text(_root(body, url).find(f"{_OPENSEARCH}totalResults"))
    return int(value) if value.isascii() and value.isdigit() else None


class ArxivFetcher(BaseFetcher):
    """Search arXiv with the claim's English queries; look up arXiv ids the claim names."""

    name: ClassVar[str] = NAME

    def __init__(
        self, client: HttpClient, *, base_url: str, max_results: int = 5, max_queries: int = 3
    ) -> None:
        self.client = client
        self.base_url = base_url
        self.max_results = max_results
        self.max_queries = max_queries

    @classmethod
    def from_settings(cls, settings: Settings, client: HttpClient) -> Self:
        section = settings.fetchers.arxiv
        if not section.base_url:
            raise NotConfigured("arxiv: set fetchers.arxiv.base_url")
        return cls(
            client,
            base_url=section.base_url,
            max_results=section.max_results,
            max_queries=settings.fetchers.max_queries,
        )

    def probe_request(self) -> tuple[str, dict[str, str], Callable[[bytes, str], object]]:
        """A one-result search (``factcheck doctor``)."""
        return self.base_url, search_params("all:transformer", 1), parse_feed

    def requests(self, claim: Claim, plan: QueryPlan) -> list[tuple[str, dict[str, str]]]:
        """(query label, params) of every request for this claim (pure)."""
        out: list[tuple[str, dict[str, str]]] = []
        ids = arxiv_ids_in([claim.text, *plan.urls, *plan.queries])
        if ids:
            out.append((",".join(ids), id_params(ids)))
        searches: list[str] = []
        for query in [*plan.queries, *plan.entities]:
            sq = search_query_for(query)
            if sq and sq not in searches:
                searches.append(sq)
        for sq in searches[: self.max_queries]:
            out.append((sq, search_params(sq, self.max_results)))
        return out

    async def _one(self, label: str, params: dict[str, str], plan: QueryPlan) -> FetchResult:
        resp = await self.client.get(
            self.base_url, params=params, fetcher=NAME, query=label, claim_id=plan.claim_id
        )
        docs = parse_feed(
            resp.content,
            resp.url,
            retrieved_at=resp.fetched_at,
            content_sha256=response_sha256(resp),
            query=label,
        )
        return FetchResult(documents=docs)

    async def fetch_result(self, claim: Claim, plan: QueryPlan) -> FetchResult:
        return await self._gather(
            self._guard(self._one(lab, p, plan)) for lab, p in self.requests(claim, plan)
        )
