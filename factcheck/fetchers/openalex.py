"""OpenAlex: works for the claim's queries, authors for its people, institutions for its organisations.

Every list endpoint answers ``{"meta": {...}, "results": [...]}``; a work's abstract comes as an
inverted index (word → positions) and is rebuilt here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self

from factcheck.errors import ContentError, NotConfigured
from factcheck.fetchers._util import as_list, expect_dict, load_json, make_document, parse_iso_date
from factcheck.fetchers.base import BaseFetcher, FetchResult, QueryPlan, response_sha256
from factcheck.models import Claim, Document

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.http import HttpClient

__all__ = [
    "OpenAlexFetcher",
    "parse_authors",
    "parse_institutions",
    "parse_results",
    "parse_works",
    "rebuild_abstract",
    "search_params",
]

NAME = "openalex"
Endpoint = Literal["works", "authors", "institutions"]


def search_params(query: str, per_page: int, mailto: str | None = None) -> dict[str, str]:
    """Parameters of a list search (``/works?search=…``)."""
    params = {"search": query, "per-page": str(per_page)}
    if mailto:
        params["mailto"] = mailto
    return params


def rebuild_abstract(inverted: Mapping[str, Any] | None) -> str:
    """Plain abstract from OpenAlex's ``abstract_inverted_index`` (word → list of positions)."""
    if not isinstance(inverted, Mapping):
        return ""
    slots: dict[int, str] = {}
    for word, positions in inverted.items():
        if isinstance(positions, list):
            for pos in positions:
                if isinstance(pos, int):
                    slots[pos] = word
    return " ".join(slots[i] for i in sorted(slots))


def _results(body: bytes | str | dict[str, Any], url: str) -> list[dict[str, Any]]:
    data = body if isinstance(body, dict) else load_json(body, url, NAME)
    data = expect_dict(data, url, NAME)
    if "error" in data and "results" not in data:
        raise ContentError(
            f"OpenAlex error: {data.get('error')}: {data.get('message')}", url=url, fetcher=NAME
        )
    results = data.get("results")
    if results is None and isinstance(data.get("id"), str):
        return [data]  # a single entity (/works/W…)
    if not isinstance(results, list):
        raise ContentError("OpenAlex answer without 'results'", url=url, fetcher=NAME)
    return [r for r in results if isinstance(r, dict) and isinstance(r.get("id"), str)]


def _names(items: Any, key: str = "display_name") -> list[str]:
    if not isinstance(items, list):
        return []
    return [str(i[key]) for i in items if isinstance(i, dict) and i.get(key)]


def _work_document(work: dict[str, Any], **common: Any) -> Document | None:
    title = work.get("display_name") or work.get("title")
    abstract = rebuild_abstract(work.get("abstract_inverted_index"))
    if not title and not abstract:
        return None
    authors = [
        a["author"]["display_name"]
        for a in as_list(work.get("authorships"))
        if isinstance(a, dict)
        and isinstance(a.get("author"), dict)
        and a["author"].get("display_name")
    ]
    institutions: list[str] = []
    for a in as_list(work.get("authorships")):
        if isinstance(a, dict):
            for name in _names(a.get("institutions")):
                if name not in institutions:
                    institutions.append(name)
    venue = None
    loc = work.get("primary_location")
    if isinstance(loc, dict) and isinstance(loc.get("source"), dict):
        venue = loc["source"].get("display_name")
    lines = [str(title or "")]
    meta = []
    if authors:
        meta.append(", ".join(authors[:10]) + (" et al." if len(authors) > 10 else ""))
    if venue:
        meta.append(str(venue))
    if work.get("publication_year"):
        meta.append(str(work["publication_year"]))
    if meta:
        lines.append(" · ".join(meta))
    if abstract:
        lines.append(abstract)
    structured = {
        "openalex_id": work["id"],
        "doi": work.get("doi"),
        "publication_year": work.get("publication_year"),
        "type": work.get("type"),
        "cited_by_count": work.get("cited_by_count"),
        "authors": authors,
        "institutions": institutions,
        "venue": venue,
    }
    doi = work.get("doi")
    return make_document(
        fetcher=NAME,
        url=str(doi or work["id"]),
        title=str(title) if title else None,
        text="\n\n".join(line for line in lines if line),
        language=work.get("language") if isinstance(work.get("language"), str) else None,
        published=parse_iso_date(work.get("publication_date")),
        structured={k: v for k, v in structured.items() if v not in (None, [])},
        **common,
    )


def _author_document(author: dict[str, Any], **common: Any) -> Document | None:
    name = author.get("display_name")
    if not name:
        return None
    institutions = _names(author.get("last_known_institutions"))
    if not institutions and isinstance(author.get("last_known_institution"), dict):
        institutions = _names([author["last_known_institution"]])
    affiliations: list[dict[str, Any]] = []
    for aff in as_list(author.get("affiliations")):
        if isinstance(aff, dict) and isinstance(aff.get("institution"), dict):
            affiliations.append(
                {"institution": aff["institution"].get("display_name"), "years": aff.get("years")}
            )
    raw_stats = author.get("summary_stats")
    stats: dict[str, Any] = raw_stats if isinstance(raw_stats, dict) else {}
    lines = [str(name)]
    if institutions:
        lines.append("last known institution: " + "; ".join(institutions))
    for aff in affiliations[:10]:
        years = as_list(aff.get("years"))
        span = f" ({min(years)}–{max(years)})" if years else ""
        lines.append(f"affiliation: {aff['institution']}{span}")
    lines.append(
        f"works: {author.get('works_count')}, cited by: {author.get('cited_by_count')}"
        + (f", h-index: {stats.get('h_index')}" if stats.get("h_index") is not None else "")
    )
    structured = {
        "openalex_id": author["id"],
        "orcid": author.get("orcid"),
        "works_count": author.get("works_count"),
        "cited_by_count": author.get("cited_by_count"),
        "h_index": stats.get("h_index"),
        "institutions": institutions,
        "affiliations": affiliations,
    }
    return make_document(
        fetcher=NAME,
        url=str(author["id"]),
        title=str(name),
        text="\n".join(lines),
        structured={k: v for k, v in structured.items() if v not in (None, [])},
        **common,
    )


def _institution_document(inst: dict[str, Any], **common: Any) -> Document | None:
    name = inst.get("display_name")
    if not name:
        return None
    raw_geo = inst.get("geo")
    geo: dict[str, Any] = raw_geo if isinstance(raw_geo, dict) else {}
    international = inst.get("international")
    names_by_lang: dict[str, str] = {}
    if isinstance(international, dict) and isinstance(international.get("display_name"), dict):
        names_by_lang = {k: str(v) for k, v in international["display_name"].items() if v}
    lines = [str(name)]
    if names_by_lang.get("zh"):
        lines.append(f"中文名: {names_by_lang['zh']}")
    alternatives = [
        *(as_list(inst.get("display_name_acronyms"))),
        *(as_list(inst.get("display_name_alternatives"))),
    ]
    if alternatives:
        lines.append("also known as: " + ", ".join(str(a) for a in alternatives))
    place = ", ".join(str(geo[k]) for k in ("city", "region", "country") if geo.get(k))
    if place:
        lines.append(f"location: {place}")
    if inst.get("type"):
        lines.append(f"type: {inst['type']}")
    lines.append(f"works: {inst.get('works_count')}, cited by: {inst.get('cited_by_count')}")
    parents = [
        a.get("display_name")
        for a in as_list(inst.get("associated_institutions"))
        if isinstance(a, dict) and a.get("relationship") == "parent"
    ]
    if parents:
        lines.append("parent: " + ", ".join(str(p) for p in parents))
    structured = {
        "openalex_id": inst["id"],
        "ror": inst.get("ror"),
        "country_code": inst.get("country_code"),
        "type": inst.get("type"),
        "city": geo.get("city"),
        "country": geo.get("country"),
        "works_count": inst.get("works_count"),
        "cited_by_count": inst.get("cited_by_count"),
        "homepage_url": inst.get("homepage_url"),
        "names": names_by_lang,
        "parents": parents,
    }
    return make_document(
        fetcher=NAME,
        url=str(inst["id"]),
        title=str(name),
        text="\n".join(lines),
        structured={k: v for k, v in structured.items() if v not in (None, [], {})},
        **common,
    )


_BUILDERS: dict[str, Callable[..., Document | None]] = {
    "works": _work_document,
    "authors": _author_document,
    "institutions": _institution_document,
}


def parse_results(
    endpoint: Endpoint,
    body: bytes | str | dict[str, Any],
    url: str,
    *,
    retrieved_at: dt.datetime | None = None,
    content_sha256: str | None = None,
    query: str | None = None,
) -> list[Document]:
    """Documents for the results of one OpenAlex list answer of ``endpoint``."""
    build = _BUILDERS[endpoint]
    common = {"retrieved_at": retrieved_at, "content_sha256": content_sha256, "query": query}
    docs = [build(item, **common) for item in _results(body, url)]
    return [d for d in docs if d is not None]


def parse_works(body: bytes | str | dict[str, Any], url: str, **kw: Any) -> list[Document]:
    """Documents for ``/works`` results (title, authors, venue, year, abstract)."""
    return parse_results("works", body, url, **kw)


def parse_authors(body: bytes | str | dict[str, Any], url: str, **kw: Any) -> list[Document]:
    """Documents for ``/authors`` results (affiliations, counts)."""
    return parse_results("authors", body, url, **kw)


def parse_institutions(body: bytes | str | dict[str, Any], url: str, **kw: Any) -> list[Document]:
    """Documents for ``/institutions`` results (location, type, names, parents)."""
    return parse_results("institutions", body, url, **kw)


class OpenAlexFetcher(BaseFetcher):
    """Works for the queries; authors for person names; institutions for organisation names."""

    name: ClassVar[str] = NAME

    def __init__(
        self,
        client: HttpClient,
        *,
        base_url: str,
        mailto: str | None = None,
        max_results: int = 5,
        max_queries: int = 3,
    ) -> None:
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.mailto = mailto
        self.max_results = max_results
        self.max_queries = max_queries

    @classmethod
    def from_settings(cls, settings: Settings, client: HttpClient) -> Self:
        section = settings.fetchers.openalex
        if not section.base_url:
            raise NotConfigured("openalex: set fetchers.openalex.base_url")
        return cls(
            client,
            base_url=section.base_url,
            mailto=section.mailto,
            max_results=section.max_results,
            max_queries=settings.fetchers.max_queries,
        )

    def probe_request(self) -> tuple[str, dict[str, str], Callable[[bytes, str], object]]:
        """A one-result works search (``factcheck doctor``)."""
        return f"{self.base_url}/works", search_params("fact checking", 1), parse_works

    def requests(self, claim: Claim, plan: QueryPlan) -> list[tuple[Endpoint, str]]:
        """(endpoint, search text) of every request for this claim (pure)."""
        out: list[tuple[Endpoint, str]] = [("works", q) for q in plan.queries[: self.max_queries]]
        typed = [e for e in claim.entities if e.type in ("person", "org")]
        for entity in typed[: self.max_queries]:
            out.append(("authors" if entity.type == "person" else "institutions", entity.text))
        return out

    async def _one(self, endpoint: Endpoint, text: str, plan: QueryPlan) -> FetchResult:
        resp = await self.client.get(
            f"{self.base_url}/{endpoint}",
            params=search_params(text, self.max_results, self.mailto),
            fetcher=NAME,
            query=text,
            claim_id=plan.claim_id,
        )
        docs = parse_results(
            endpoint,
            resp.content,
            resp.url,
            retrieved_at=resp.fetched_at,
            content_sha256=response_sha256(resp),
            query=text,
        )
        return FetchResult(documents=docs)

    async def fetch_result(self, claim: Claim, plan: QueryPlan) -> FetchResult:
        return await self._gather(
            self._guard(self._one(e, t, plan)) for e, t in self.requests(claim, plan)
        )
