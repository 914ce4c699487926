"""Small pure helpers shared by the built-in fetchers: JSON decoding, HTML to text, languages."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from typing import Any

from factcheck.errors import ContentError
from factcheck.fetchers.base import document_id
from factcheck.fetchers.jsonld import parse_iso_date
from factcheck.models import Document

__all__ = [
    "UNKNOWN_TIME",
    "as_list",
    "clean_text",
    "detect_language",
    "expect_dict",
    "has_cjk",
    "html_to_text",
    "load_json",
    "make_document",
    "mediawiki_body",
    "normalize_space",
    "parse_iso_date",
]

# Parsers are pure: when the caller does not pass the time a body was fetched, documents carry this
# marker instead of reading the clock.
UNKNOWN_TIME = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_SPACE_RE = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_BLANK_LINES_RE = re.compile(r"\n\s*\n+")
_BLOCK_TAGS = [
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "footer",
]


def load_json(body: bytes | str, url: str, fetcher: str) -> Any:
    """Decode a JSON body; raise :class:`ContentError` (with url and fetcher) when it is not JSON."""
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # deep nesting: RecursionError
        raise ContentError(f"invalid JSON: {exc}", url=url, fetcher=fetcher) from exc


def expect_dict(data: Any, url: str, fetcher: str, what: str = "response") -> dict[str, Any]:
    """Return ``data`` if it is a JSON object, else raise :class:`ContentError`."""
    if not isinstance(data, dict):
        raise ContentError(
            f"unexpected {what}: expected a JSON object, got {type(data).__name__}",
            url=url,
            fetcher=fetcher,
        )
    return data


def mediawiki_body(
    body: bytes | str | dict[str, Any], url: str, fetcher: str, api: str = "MediaWiki API"
) -> dict[str, Any]:
    """The JSON object of a MediaWiki-family API answer (Wikipedia, Wikibase).

    Raises :class:`ContentError` when it is not a JSON object or carries an ``error`` envelope.
    """
    data = body if isinstance(body, dict) else load_json(body, url, fetcher)
    data = expect_dict(data, url, fetcher)
    error = data.get("error")
    if isinstance(error, dict):
        raise ContentError(
            f"{api} error {error.get('code')}: {error.get('info')}", url=url, fetcher=fetcher
        )
    return data


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a JSON array, else an empty list (APIs put null or junk where lists go)."""
    return value if isinstance(value, list) else []


def normalize_space(text: str) -> str:
    """Collapse runs of spaces, keep paragraph breaks, strip each line (NFC normalized)."""
    text = unicodedata.normalize("NFC", text)
    lines = [_SPACE_RE.sub(" ", line).strip() for line in text.splitlines()]
    joined = "\n".join(lines).strip()
    return _BLANK_LINES_RE.sub("\n\n", joined)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, one block per line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    for tag in soup.find_all("br"):
        tag.replace_with("\n")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return normalize_space(soup.get_text(""))


def detect_language(text: str) -> str:
    """'zh' when CJK characters outnumber a quarter of the letters, else 'en'."""
    cjk = len(_CJK_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    if cjk and cjk * 4 >= latin:
        return "zh"
    return "en"


def has_cjk(text: str) -> bool:
    """Whether ``text`` contains a CJK ideograph."""
    return _CJK_RE.search(text) is not None


# C0 controls but tab and newline, DEL and the C1 range (U+0080-U+009F: CSI U+009B starts
# terminal escape sequences); carriage returns become newlines.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CR_RE = re.compile(r"\r\n?")


def clean_text(text: str) -> str:
    """``text`` with control characters made harmless: CR/CRLF → LF, other controls → a space.

    Evidence is cleaned here, on its way in, so quotes, titles and rationales that reach ``show``,
    a terminal, reports and CSV exports hold no escape sequences (claim files refuse them too).
    """
    if _CONTROL_RE.search(text) is None and "\r" not in text:
        return text
    return _CONTROL_RE.sub(" ", _CR_RE.sub("\n", text))


def _clean_structured(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {_clean_structured(k): _clean_structured(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_structured(v) for v in value]
    return value


def make_document(
    *,
    fetcher: str,
    url: str,
    text: str,
    title: str | None = None,
    language: str | None = None,
    published: dt.date | None = None,
    retrieved_at: dt.datetime | None = None,
    content_sha256: str | None = None,
    query: str | None = None,
    structured: dict[str, Any] | None = None,
) -> Document:
    """Build a :class:`Document` with its stable id; control characters are cleaned first."""
    text = clean_text(text)
    title = clean_text(title) if title is not None else None
    return Document(
        id=document_id(fetcher, url, text),
        url=url,
        title=title,
        language=language,
        text=text,
        published=published,
        fetcher=fetcher,
        retrieved_at=retrieved_at or UNKNOWN_TIME,
        content_sha256=content_sha256,
        query=query,
        structured=_clean_structured(structured) if structured else {},
    )
