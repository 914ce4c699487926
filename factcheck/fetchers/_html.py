"""Main text and metadata of a fetched page (HTML through trafilatura, or plain text); pure."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from factcheck.errors import ContentError
from factcheck.fetchers._util import (
    detect_language,
    html_to_text,
    make_document,
    normalize_space,
    parse_iso_date,
)
from factcheck.fetchers.jsonld import find_claimreviews, html_meta_date
from factcheck.models import Document

__all__ = ["extract_html", "parse_page"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain", "text/markdown", "text/x-markdown")
# WHATWG MIME sniffing's "binary data bytes": no text page has them in its first 1445 bytes.
_BINARY_BYTES_RE = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_SNIFF_BYTES = 1445
_LANG_ATTR_RE = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2})", re.IGNORECASE)
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def extract_html(html: str, url: str) -> dict[str, Any]:
    """``{"text", "title", "published", "language", "author", "sitename", "claimreviews"}`` of a page.

    Main text comes from trafilatura; when it finds none (very short pages), the whole visible
    text is used instead. ``published`` prefers the page's own metadata (meta tags, JSON-LD,
    ``<time>``) over trafilatura's guess; ``claimreviews`` are its schema.org ClaimReview records.
    """
    import trafilatura

    result = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True
    )
    meta: dict[str, Any] = {}
    if result is not None:
        meta = result.as_dict() if hasattr(result, "as_dict") else dict(result)
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
) -> list[Document]:
    """A document for a fetched page: HTML main text or plain text; no document when empty.

    Other content types (PDF, images…) and binary bodies whatever their declared type raise
    :class:`ContentError`: they are not read.
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
        info = extract_html(text_body, url)
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
