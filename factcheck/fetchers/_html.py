"""Main text and metadata of a fetched page (HTML through trafilatura, or plain text).

Extraction is pure; :func:`parse_page` can keep what it extracted in a :class:`TextCache` (the
evidence archive is one) keyed by the body's content hash, so a page is parsed once whatever the
number of claims or runs that read it. :func:`fetch_page` is the one glue that fetches a page and
parses it off the event loop (the web, searxng and wikipedia fetchers read pages with it).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from factcheck.errors import ContentError
from factcheck.fetchers._util import (
    detect_language,
    html_to_text,
    make_document,
    normalize_space,
    parse_iso_date,
)
from factcheck.fetchers.base import response_sha256
from factcheck.fetchers.jsonld import find_claimreviews, html_meta_date
from factcheck.models import Document

if TYPE_CHECKING:
    from factcheck.http import HttpClient

__all__ = [
    "EXTRACTOR_VERSION",
    "TextCache",
    "extract_html",
    "fetch_page",
    "parse_page",
    "text_cache_of",
]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain", "text/markdown", "text/x-markdown")
# WHATWG MIME sniffing's "binary data bytes": no text page has them in its first 1445 bytes.
_BINARY_BYTES_RE = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_SNIFF_BYTES = 1445
_LANG_ATTR_RE = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2})", re.IGNORECASE)
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_HIDDEN_RE = re.compile(
    r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")

FAST_MIN_CHARS = 100
"""trafilatura's fast path (no jusText/readability fallback) must find at least this many
non-space characters…"""
FAST_MIN_SHARE = 0.1
"""…and this share of the page's visible text, else the full (slow) extraction runs. On the saved
pages (tests/fetchers/fixtures, the MediaWiki extracts in ../shared/data/api-fixtures, the e2e
worlds' wiki and news skins) the fast path gives the same text on all but one (97.7 % similar),
26 times faster."""

EXTRACTOR_VERSION = "html-2"
"""Part of every cache key: bump it when extraction changes, so nothing extracted before is reused."""


@runtime_checkable
class TextCache(Protocol):
    """Where extracted text is kept by key (implemented by :class:`factcheck.evidence.EvidenceArchive`)."""

    def get_text(self, key: str) -> dict[str, Any] | None:
        """The extraction stored under ``key``, or ``None``."""

    def put_text(self, key: str, info: dict[str, Any]) -> None:
        """Keep ``info`` (JSON-ready) under ``key``."""


def text_cache_of(client: object) -> TextCache | None:
    """The text cache behind an HTTP client (its evidence archive), if it has one."""
    archive = getattr(client, "archive", None)
    return archive if isinstance(archive, TextCache) else None


def _visible_chars(html: str) -> int:
    """Non-space characters of the page's text, tags and scripts stripped (cheap, approximate)."""
    return len(_SPACE_RE.sub("", _TAG_RE.sub(" ", _HIDDEN_RE.sub(" ", html))))


def _trafilatura(html: str, url: str, *, fast: bool) -> dict[str, Any]:
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        url=url,
        fast=fast,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
    )
    if result is None:
        return {}
    return result.as_dict() if hasattr(result, "as_dict") else dict(result)


def extract_html(html: str, url: str, *, fast: bool = True) -> dict[str, Any]:
    """``{"text", "title", "published", "language", "author", "sitename", "claimreviews"}`` of a page.

    Main text comes from trafilatura: its fast path first (``fast``), then its full extraction
    (jusText and readability fallbacks) when the fast one finds too little — under
    :data:`FAST_MIN_CHARS` characters or :data:`FAST_MIN_SHARE` of the visible text. When even that
    finds nothing (very short pages), the whole visible text is used instead. ``published`` prefers
    the page's own metadata (meta tags, JSON-LD, ``<time>``) over trafilatura's guess;
    ``claimreviews`` are its schema.org ClaimReview records.
    """
    meta = _trafilatura(html, url, fast=fast)
    text = normalize_space(str(meta.get("text") or ""))
    if fast:
        found = len(_SPACE_RE.sub("", text))
        if found < FAST_MIN_CHARS or found < FAST_MIN_SHARE * _visible_chars(html):
            meta = _trafilatura(html, url, fast=False)
            text = normalize_space(str(meta.get("text") or ""))
    if not text:
        text = html_to_text(html)
    title = meta.get("title")
    if not title:
        m = _TITLE_RE.search(html)
        title = normalize_space(html_to_text(m.group(1))) if m else None
    language = meta.get("language")
    if not language:
        m = _LANG_ATTR_RE.search(html)
        language = m.group(1).lower() if m else (detect_language(text) if text else None)
    return {
        "text": text,
        "title": title or None,
        "published": html_meta_date(html) or parse_iso_date(meta.get("date")),
        "language": language,
        "author": meta.get("author"),
        "sitename": meta.get("sitename"),
        "claimreviews": find_claimreviews(html, url),
    }


def parse_page(
    body: bytes | str,
    url: str,
    *,
    content_type: str | None = None,
    encoding: str | None = None,
    fetcher: str = "web",
    retrieved_at: dt.datetime | None = None,
    content_sha256: str | None = None,
    query: str | None = None,
    cache: TextCache | None = None,
) -> list[Document]:
    """A document for a fetched page: HTML main text or plain text; no document when empty.

    Other content types (PDF, images…) and binary bodies whatever their declared type raise
    :class:`ContentError`: they are not read. With a ``cache``, an HTML page's extraction is looked
    up by the body's content hash (with its URL, charset and :data:`EXTRACTOR_VERSION`) before
    trafilatura runs, and kept there after.
    """
    mime = (content_type or "text/html").split(";")[0].strip().lower()
    if mime not in _HTML_TYPES and mime not in _TEXT_TYPES:
        raise ContentError(f"unsupported content type {mime!r}", url=url, fetcher=fetcher)
    if isinstance(body, bytes):
        codec = (encoding or "").lower().replace("-", "").replace("_", "")
        wide = codec.startswith(("utf16", "utf32"))
        if not wide and _BINARY_BYTES_RE.search(body[:_SNIFF_BYTES]):
            raise ContentError("binary body, not a text page", url=url, fetcher=fetcher)
        try:
            text_body = body.decode(encoding or "utf-8", errors="replace")
        except LookupError as exc:
            raise ContentError(f"unknown charset {encoding!r}", url=url, fetcher=fetcher) from exc
    else:
        text_body = body
    if mime in _HTML_TYPES:
        info = _cached_extract(text_body, body, url, encoding, content_sha256, cache)
    else:
        plain = normalize_space(text_body)
        first = plain.split("\n", 1)[0].lstrip("# ").strip()
        info = {
            "text": plain,
            "title": first[:200] or None,
            "published": None,
            "language": detect_language(plain),
        }
    if not info["text"]:
        return []
    structured = {k: info[k] for k in ("author", "sitename") if info.get(k)}
    reviews = info.get("claimreviews") or []
    if reviews:  # prior fact checks embedded in the page (schema.org ClaimReview JSON-LD)
        structured["claimreview"] = reviews[0]
        if len(reviews) > 1:
            structured["claimreviews"] = reviews
    return [
        make_document(
            fetcher=fetcher,
            url=url,
            title=info["title"],
            text=info["text"],
            language=info["language"],
            published=info["published"],
            retrieved_at=retrieved_at,
            content_sha256=content_sha256,
            query=query,
            structured=structured,
        )
    ]


async def fetch_page(
    client: HttpClient, url: str, *, fetcher: str, query: str, claim_id: str | None
) -> list[Document]:
    """GET ``url`` and return its document(s) (main text, metadata, ClaimReview records).

    Parsing runs in a worker thread (trafilatura is CPU-bound; the loop stays free for the other
    fetches) and goes through the client's text cache when it has one. Raises only ``FetchError``.
    """
    resp = await client.get(url, fetcher=fetcher, query=query, claim_id=claim_id)
    return await asyncio.to_thread(
        parse_page,
        resp.content,
        resp.final_url or resp.url,
        content_type=resp.headers.get("content-type"),
        encoding=resp.encoding,
        fetcher=fetcher,
        retrieved_at=resp.fetched_at,
        content_sha256=response_sha256(resp),
        query=query,
        cache=text_cache_of(client),
    )


def _cache_key(
    body: bytes | str, url: str, encoding: str | None, content_sha256: str | None
) -> str:
    if content_sha256 is None or not isinstance(body, bytes):
        raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
        content_sha256 = hashlib.sha256(raw).hexdigest()
    parts = [EXTRACTOR_VERSION, content_sha256, (encoding or "").lower(), url]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _cached_extract(
    html: str,
    body: bytes | str,
    url: str,
    encoding: str | None,
    content_sha256: str | None,
    cache: TextCache | None,
) -> dict[str, Any]:
    """:func:`extract_html`, looked up in and kept in ``cache`` when there is one."""
    if cache is None:
        return extract_html(html, url)
    key = _cache_key(body, url, encoding, content_sha256)
    stored = cache.get_text(key)
    if stored is not None:
        info = dict(stored)
        published = info.get("published")
        info["published"] = dt.date.fromisoformat(published) if published else None
        return info
    info = extract_html(html, url)
    published = info.get("published")
    cache.put_text(key, {**info, "published": published.isoformat() if published else None})
    return info
