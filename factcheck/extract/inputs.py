"""Article input: bytes or text in plain text, Markdown or HTML → the text claims index into.

HTML goes through trafilatura (main text, boilerplate dropped; title and date from the page's
metadata); plain text and Markdown are kept verbatim, so claim spans index the file as it is.
Pure: the caller reads the file, stdin or URL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass
from typing import Literal

from factcheck.errors import ArticleError

__all__ = [
    "MAX_ARTICLE_BYTES",
    "ArticleText",
    "decode_bytes",
    "looks_like_html",
    "read_article_text",
    "slugify",
]

MAX_ARTICLE_BYTES = 2_000_000
"""Largest article accepted: extraction takes minutes per megabyte, and no news article is this long."""

_ARTICLE_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-markdown"}
)

# Characters a claim's text may not hold (C0 but tab/newline/carriage return, DEL, C1): an article
# holding them is refused up front rather than failing claim validation half-way.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArticleText:
    """The text to extract from, with what the input said about the article."""

    text: str
    format: Literal["text", "markdown", "html"]
    title: str | None = None
    published: dt.date | None = None


def decode_bytes(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), else the detected charset (GBK/GB18030 pages)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ArticleError("the article is not text (no character encoding fits its bytes)")
    return str(best)


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML document rather than prose."""
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(?:html|body|head|article|div|p)[\s>]", head)
    )


def read_article_text(
    data: bytes | str, *, name: str | None = None, content_type: str | None = None
) -> ArticleText:
    """Turn an input document into article text; raises ArticleError when nothing usable is in it."""
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime and mime not in _ARTICLE_TYPES:
        raise ArticleError(
            f"{name or 'input'}: content type {mime!r} is not an article (HTML, text or Markdown)"
        )
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "replace"))
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"{name or 'input'}: article is larger than {MAX_ARTICLE_BYTES} bytes; split it"
        )
    try:
        text = decode_bytes(data) if isinstance(data, bytes) else data
    except ArticleError as exc:
        raise ArticleError(f"{name or 'input'}: {exc}") from exc
    if "\x00" in text:
        raise ArticleError(f"{name or 'input'}: binary data, not an article")
    lowered = (name or "").lower()
    is_html = (
        lowered.endswith((".html", ".htm", ".xhtml"))
        or (content_type is not None and "html" in content_type.lower())
        or looks_like_html(text)
    )
    if is_html:
        return _from_html(text, name)
    fmt: Literal["text", "markdown"] = (
        "markdown" if lowered.endswith((".md", ".markdown")) else "text"
    )
    if not text.strip():
        raise ArticleError(f"{name or 'input'}: the article is empty")
    _check_controls(text, name)  # HTML: checked on the extracted text (markup may hold anything)
    return ArticleText(text=text.replace("\r\n", "\n"), format=fmt)


def _from_html(html: str, name: str | None) -> ArticleText:
    import trafilatura

    try:
        body = trafilatura.extract(
            html,
            output_format="txt",
            include_comments=False,
            include_tables=True,
            favor_precision=True,
        )
        meta = trafilatura.extract_metadata(html)
    except Exception as exc:  # translation edge: trafilatura/lxml parse failures
        raise ArticleError(f"{name or 'input'}: cannot parse HTML: {exc}") from exc
    if not body or not body.strip():
        raise ArticleError(f"{name or 'input'}: no main text found in the HTML")
    title = getattr(meta, "title", None) if meta is not None else None
    published: dt.date | None = None
    raw_date = getattr(meta, "date", None) if meta is not None else None
    if raw_date:
        try:
            published = dt.date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            published = None
    _check_controls(body, name)
    return ArticleText(text=body, format="html", title=title, published=published)


def _check_controls(text: str, name: str | None) -> None:
    match = _CONTROL_RE.search(text)
    if match is not None:
        line = text.count("\n", 0, match.start()) + 1
        raise ArticleError(
            f"{name or 'input'}:{line}: control character U+{ord(match.group()):04X} "
            "is not article text"
        )


def slugify(name: str) -> str:
    """An article id from a file name or URL: ``seeds/zhongguancun-deepseek.zh.txt`` → ``zhongguancun-deepseek``."""
    base = re.split(r"[/\\]", name.rstrip("/"))[-1]
    base = re.sub(r"\?.*$", "", base)
    base = re.sub(r"(\.(?:zh|en|txt|md|markdown|html?|xhtml))+$", "", base, flags=re.IGNORECASE)
    slug = re.sub(r"[^a-z0-9._-]+", "-", base.lower()).strip("-._")
    if not slug:
        slug = "article-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return slug[:128].strip("-._") or "article"
