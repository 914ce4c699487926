"""Wikipedia through the MediaWiki Action API: ``list=search``, then plain-text extracts per page.

The language follows the claim (zh.wikipedia for Chinese claims): the endpoint is the setting
``fetchers.wikipedia.base_url`` with ``{lang}`` replaced. Parsers read both JSON formats
(``formatversion=1`` pages keyed by id, ``formatversion=2`` pages as a list), HTML or plain
extracts, and old ``prop=revisions`` wikitext.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import zip_longest
from typing import TYPE_CHECKING, Any, ClassVar, Self
from urllib.parse import quote, urlsplit

from factcheck.errors import NotConfigured
from factcheck.fetchers._html import fetch_page
from factcheck.fetchers._util import (
    html_to_text,
    make_document,
    mediawiki_body,
    normalize_space,
)
from factcheck.fetchers.base import BaseFetcher, FetchResult, QueryPlan, response_sha256
from factcheck.fetchers.planner import search_rounds
from factcheck.models import Claim, Document

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.http import HttpClient

__all__ = [
    "SearchHit",
    "WikipediaFetcher",
    "api_url_for",
    "extract_params",
    "page_url",
    "parse_pages",
    "parse_rest_summary",
    "parse_search",
    "search_params",
    "wikitext_to_text",
]

NAME = "wikipedia"
_LANG_RE = re.compile(r"[a-z]{2,3}(?:-[a-z]+)?")  # fullmatch: a language names a host


@dataclass(frozen=True)
class SearchHit:
    """One title found by a search (or another page list: category members, random pages)."""

    title: str
    pageid: int | None = None
    snippet: str | None = None


def api_url_for(template: str, language: str) -> str:
    """The Action API endpoint for ``language`` ('zh', 'en'); unknown codes fall back to 'en'."""
    lang = language.lower() if _LANG_RE.fullmatch(language.lower()) else "en"
    return template.replace("{lang}", lang)


def search_params(query: str, limit: int, variant: str | None = None) -> dict[str, str]:
    """Parameters of a full-text search (``list=search``) for ``query``.

    ``variant`` (``zh-cn``…) asks a wiki with language conversion for that script.
    """
    params = {
        "action": "query",
        "list": "search",
        "srsearch": query,
        "srlimit": str(limit),
        "srprop": "snippet",
        "format": "json",
        "formatversion": "2",
        "utf8": "1",
    }
    if variant:
        params["variant"] = variant
    return params


def extract_params(title: str, variant: str | None = None) -> dict[str, str]:
    """Parameters for the whole plain-text extract and canonical URL of one page."""
    params = {
        "action": "query",
        "prop": "extracts|info|extlinks",
        "explaintext": "1",
        "ellimit": "50",
        "exsectionformat": "plain",
        "inprop": "url",
        "redirects": "1",
        "titles": title,
        "format": "json",
        "formatversion": "2",
        "utf8": "1",
    }
    if variant:
        params["variant"] = variant
        params["converttitles"] = "1"
    return params


def page_url(api_url: str, title: str) -> str:
    """Article URL of ``title`` on the wiki serving ``api_url`` (``…/w/api.php`` → ``…/wiki/T``)."""
    parts = urlsplit(api_url)
    return f"{parts.scheme}://{parts.netloc}/wiki/{quote(title.replace(' ', '_'), safe='/:()_,-.')}"


def _body(body: bytes | str | dict[str, Any], url: str) -> dict[str, Any]:
    return mediawiki_body(body, url, NAME)


def parse_search(body: bytes | str | dict[str, Any], url: str) -> list[SearchHit]:
    """Titles of a ``list=search`` answer (also ``categorymembers`` and ``random`` lists)."""
    query = _body(body, url).get("query")
    if not isinstance(query, dict):
        return []
    hits: list[SearchHit] = []
    for key in ("search", "categorymembers", "random"):
        items = query.get(key)
        if not isinstance(items, list):
            continue
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("title"), str):
                continue
            if item.get("ns", 0) != 0:
                continue
            pageid = item.get("pageid", item.get("id"))
            snippet = item.get("snippet")
            hits.append(
                SearchHit(
                    title=item["title"],
                    pageid=pageid if isinstance(pageid, int) else None,
                    snippet=html_to_text(snippet) if isinstance(snippet, str) else None,
                )
            )
    return hits


_TEMPLATE_RE = re.compile(r"\{\{[^{}]*\}\}")
_TABLE_RE = re.compile(r"\{\|.*?\|\}", re.DOTALL)
_REF_RE = re.compile(r"<ref[^>/]*/>|<ref[^>]*>.*?</ref>", re.DOTALL | re.IGNORECASE)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_FILE_LINK_RE = re.compile(
    r"\[\[(?:File|Image|Category|文件|分类):[^\[\]]*(?:\[\[[^\]]*\]\][^\[\]]*)*\]\]"
)
_LINK_RE = re.compile(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]")
_EXT_LINK_RE = re.compile(r"\[https?://[^\s\]]+\s*([^\]]*)\]")
_HEADING_RE = re.compile(r"^=+\s*(.*?)\s*=+\s*$", re.MULTILINE)
_TAG_RE = re.compile(r"<[^>]+>")


def wikitext_to_text(wikitext: str) -> str:
    """Rough plain text of wikitext: templates, tables, refs and files removed, links unwrapped."""
    text = _COMMENT_RE.sub("", wikitext)
    text = _REF_RE.sub("", text)
    for _ in range(10):  # templates nest; strip innermost first
        text, n = _TEMPLATE_RE.subn("", text)
        if n == 0:
            break
    text = _TABLE_RE.sub("", text)
    text = _FILE_LINK_RE.sub("", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _EXT_LINK_RE.sub(r"\1", text)
    text = _HEADING_RE.sub(r"\1", text)
    text = text.replace("'''", "").replace("''", "")
    text = _TAG_RE.sub("", text)
    return normalize_space(text)


def _pages(query: dict[str, Any]) -> list[dict[str, Any]]:
    pages = query.get("pages")
    if isinstance(pages, dict):
        pages = list(pages.values())
    if not isinstance(pages, list):
        return []
    return [p for p in pages if isinstance(p, dict)]


def _page_text(page: dict[str, Any]) -> str:
    extract = page.get("extract")
    if isinstance(extract, str) and extract.strip():
        if "<" in extract and re.search(r"</?[a-zA-Z][^>]*>", extract):
            return html_to_text(extract)
        return normalize_space(extract)
    revisions = page.get("revisions")
    if isinstance(revisions, list) and revisions and isinstance(revisions[0], dict):
        rev = revisions[0]
        content = rev.get("*", rev.get("content"))
        if content is None and isinstance(rev.get("slots"), dict):
            main = rev["slots"].get("main", {})
            content = main.get("content", main.get("*")) if isinstance(main, dict) else None
        if isinstance(content, str):
            return wikitext_to_text(content)
    return ""


def parse_pages(
    body: bytes | str | dict[str, Any],
    url: str,
    *,
    language: str | None = None,
    retrieved_at: dt.datetime | None = None,
    content_sha256: str | None = None,
    query: str | None = None,
) -> list[Document]:
    """Documents for the pages of an ``action=query`` answer that have text (extract or wikitext).

    Missing pages and pages without text give no document.
    """
    data = _body(body, url)
    q = data.get("query")
    if not isinstance(q, dict):
        return []
    docs: list[Document] = []
    for page in _pages(q):
        if "missing" in page or "invalid" in page or not isinstance(page.get("title"), str):
            continue
        text = _page_text(page)
        if not text:
            continue
        title = page["title"]
        full = page.get("fullurl")
        doc_url = full if isinstance(full, str) and full else page_url(url, title)
        lang = page.get("pagelanguage") if isinstance(page.get("pagelanguage"), str) else language
        structured: dict[str, Any] = {
            k: page[k] for k in ("pageid", "lastrevid", "touched") if k in page
        }
        links = _extlinks(page)
        if links:
            structured["extlinks"] = links
        docs.append(
            make_document(
                fetcher=NAME,
                url=doc_url,
                title=title,
                text=text,
                language=lang,
                retrieved_at=retrieved_at,
                content_sha256=content_sha256,
                query=query,
                structured=structured,
            )
        )
    return docs


_NOT_REFERENCES = re.compile(
    r"(?:^|\.)(?:wikipedia|wikimedia|wikidata|mediawiki|wiktionary|wikisource)\.org$", re.I
)


def _extlinks(page: dict[str, Any]) -> list[str]:
    """The page's external links (its cited sources), http(s) only, other wikis left out."""
    raw = page.get("extlinks")
    if not isinstance(raw, list):
        return []
    out: list[str] = []
    for item in raw:
        link = item.get("url", item.get("*")) if isinstance(item, dict) else None
        if not isinstance(link, str) or not link.startswith(("http://", "https://")):
            continue
        host = urlsplit(link).hostname or ""
        if _NOT_REFERENCES.search(host) or link in out:
            continue
        out.append(link)
    return out


def parse_rest_summary(
    body: bytes | str | dict[str, Any],
    url: str,
    *,
    retrieved_at: dt.datetime | None = None,
    content_sha256: str | None = None,
    query: str | None = None,
) -> list[Document]:
    """A document from the REST ``page/summary/{title}`` answer (lead paragraph)."""
    data = _body(body, url)
    title, extract = data.get("title"), data.get("extract")
    if not isinstance(title, str) or not isinstance(extract, str) or not extract.strip():
        return []
    urls = data.get("content_urls")
    doc_url = url
    if isinstance(urls, dict) and isinstance(urls.get("desktop"), dict):
        doc_url = urls["desktop"].get("page") or url
    elif "/page/summary/" in url:
        doc_url = page_url(url.split("/api/rest_v1/")[0] + "/w/api.php", title)
    structured: dict[str, Any] = {}
    if isinstance(data.get("description"), str):
        structured["description"] = data["description"]
    if isinstance(data.get("timestamp"), str):
        structured["timestamp"] = data["timestamp"]
    return [
        make_document(
            fetcher=NAME,
            url=doc_url,
            title=title,
            text=normalize_space(extract),
            language=data.get("lang") if isinstance(data.get("lang"), str) else None,
            published=None,
            retrieved_at=retrieved_at,
            content_sha256=content_sha256,
            query=query,
            structured=structured,
        )
    ]


class WikipediaFetcher(BaseFetcher):
    """Search the claim's names and hints on the claim's Wikipedia, return whole-page extracts."""

    name: ClassVar[str] = NAME

    def __init__(
        self,
        client: HttpClient,
        *,
        base_url: str,
        max_results: int = 3,
        max_queries: int = 3,
        zh_variant: str | None = "zh-cn",
        follow_links: int = 0,
    ) -> None:
        self.client = client
        self.base_url = base_url
        self.max_results = max_results
        self.max_queries = max_queries
        self.zh_variant = zh_variant or None
        self.follow_links = follow_links

    @classmethod
    def from_settings(cls, settings: Settings, client: HttpClient) -> Self:
        section = settings.fetchers.wikipedia
        if not section.base_url:
            raise NotConfigured("wikipedia: set fetchers.wikipedia.base_url")
        return cls(
            client,
            base_url=section.base_url,
            max_results=section.max_results,
            max_queries=settings.fetchers.max_queries,
            zh_variant=section.zh_variant,
            follow_links=section.follow_links,
        )

    def probe_request(self) -> tuple[str, dict[str, str], Callable[[bytes, str], object]]:
        """A one-word search on the English wiki (``factcheck doctor``)."""
        return api_url_for(self.base_url, "en"), search_params("Wikipedia", 1), parse_search

    def variant(self, plan: QueryPlan) -> str | None:
        """Script variant requested for this plan's wiki (Chinese only)."""
        return self.zh_variant if plan.language == "zh" else None

    def terms(self, plan: QueryPlan) -> list[str]:
        """Search terms, names and keyword queries alternating (a name finds the article about it,
        a keyword query the article that states the fact)."""
        mixed: list[str] = []
        for pair in zip_longest(plan.entities, plan.queries):
            mixed.extend(t for t in pair if t)
        return list(dict.fromkeys(mixed))

    def rounds(self, plan: QueryPlan) -> list[list[str]]:
        """The searches to send, ``max_queries`` a round; the second round widens."""
        return search_rounds(self.terms(plan), self.max_queries)

    async def _search(self, api: str, term: str, plan: QueryPlan) -> list[SearchHit]:
        resp = await self.client.get(
            api,
            params=search_params(term, self.max_results, self.variant(plan)),
            fetcher=NAME,
            query=term,
            claim_id=plan.claim_id,
        )
        return parse_search(resp.content, resp.url)[: self.max_results]

    async def _page(self, api: str, title: str, term: str, plan: QueryPlan) -> FetchResult:
        resp = await self.client.get(
            api,
            params=extract_params(title, self.variant(plan)),
            fetcher=NAME,
            query=term,
            claim_id=plan.claim_id,
        )
        docs = parse_pages(
            resp.content,
            resp.url,
            language=plan.language,
            retrieved_at=resp.fetched_at,
            content_sha256=response_sha256(resp),
            query=term,
        )
        return FetchResult(documents=docs)

    async def fetch_result(self, claim: Claim, plan: QueryPlan) -> FetchResult:
        api = api_url_for(self.base_url, plan.language)

        async def search(term: str) -> list[SearchHit]:
            return await self._search(api, term, plan)

        result, found = await self._search_widening(self.rounds(plan), search)
        titles: dict[str, str] = {}
        for term, hits in found.items():
            for hit in hits:
                titles.setdefault(hit.title, term)
        pages = await self._gather(
            self._guard(self._page(api, title, term, plan)) for title, term in titles.items()
        )
        result.extend(pages)
        references = self.references(pages.documents, plan)
        result.extend(await self._gather(self._guard(self._reference(u, plan)) for u in references))
        return result

    def references(self, documents: list[Document], plan: QueryPlan) -> list[str]:
        """The cited sources to read: the first ``follow_links`` external links of the pages found,
        in page order (the claim's own ``sources`` are the web fetcher's)."""
        out: list[str] = []
        for doc in documents:
            for link in doc.structured.get("extlinks", []):
                if len(out) >= self.follow_links:
                    return out
                if link not in out and link not in plan.urls:
                    out.append(link)
        return out

    async def _reference(self, url: str, plan: QueryPlan) -> FetchResult:
        docs = await fetch_page(self.client, url, fetcher=NAME, query=url, claim_id=plan.claim_id)
        return FetchResult(documents=docs)
