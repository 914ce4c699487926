"""schema.org ClaimReview records, page dates from HTML metadata, and claim similarity; all pure.

Public and low: it imports nothing from the fetcher machinery (no HTTP), so ``verify`` reads
ClaimReview records with it too.

Shared by the ``claimreview`` fetcher (Fact Check Tools answers) and the page parser used by ``web``
(ClaimReview JSON-LD embedded in any fetched page), so both produce the same record in
``Document.structured["claimreview"]``::

    {"publisher": str | None, "rating_text": str | None, "rating_value": float | None,
     "best": float | None, "worst": float | None, "date": "YYYY-MM-DD" | None,
     "url": str, "claim_reviewed": str | None}
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

__all__ = [
    "claim_similarity",
    "claimreview_record",
    "claimreview_text",
    "find_claimreviews",
    "html_meta_date",
    "jsonld_objects",
    "parse_iso_date",
]

_LD_SCRIPT_RE = re.compile(
    r"<script\b[^>]*\btype\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script\s*>",
    re.IGNORECASE | re.DOTALL,
)
_META_RE = re.compile(r"<meta\b([^>]*)>", re.IGNORECASE)
_ATTR_RE = re.compile(r"""([a-zA-Z_:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_TIME_RE = re.compile(r"<time\b[^>]*\bdatetime\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
# meta names/properties that state when a page was published, most specific first
_META_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "citation_publication_date",
    "pubdate",
    "publishdate",
    "date",
)
_MAX_SCRIPTS = 50
_MAX_SCRIPT_CHARS = 500_000
_MAX_DEPTH = 12


def parse_iso_date(value: Any) -> dt.date | None:
    """Date of an ISO date or datetime string (``2016-05-26T17:59:46Z``); ``None`` if unreadable."""
    if not isinstance(value, str) or not value:
        return None
    m = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def jsonld_objects(html: str) -> list[Any]:
    """The decoded JSON values of the page's ``application/ld+json`` scripts (bad ones skipped)."""
    out: list[Any] = []
    for n, m in enumerate(_LD_SCRIPT_RE.finditer(html)):
        if n >= _MAX_SCRIPTS:
            break
        raw = m.group(1).strip()
        if not raw or len(raw) > _MAX_SCRIPT_CHARS:
            continue
        raw = raw.removeprefix("<!--").removesuffix("-->").strip()
        try:
            out.append(json.loads(raw))
        except RecursionError:  # nested deeper than the parser goes: not metadata
            continue
        except ValueError:
            try:  # some sites HTML-escape the script body
                out.append(json.loads(html_lib.unescape(raw)))
            except (ValueError, RecursionError):
                continue
    return out


def _walk(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON object in ``value`` (lists, ``@graph`` and nested values included)."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        for v in value:
            yield from _walk(v, depth + 1)
    elif isinstance(value, dict):
        yield value
        for v in value.values():
            if isinstance(v, (dict, list)):
                yield from _walk(v, depth + 1)


def _has_type(obj: dict[str, Any], name: str) -> bool:
    t = obj.get("@type")
    types = t if isinstance(t, list) else [t]
    return any(isinstance(x, str) and x.rsplit("/", 1)[-1].lower() == name.lower() for x in types)


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        s = " ".join(value.split())
        return s or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _num(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        for v in value:
            n = _name(v)
            if n:
                return n
        return None
    if isinstance(value, dict):
        return _str(value.get("name")) or _str(value.get("url"))
    return _str(value)


def claimreview_record(
    *,
    url: str,
    publisher: str | None,
    rating_text: str | None,
    rating_value: float | None = None,
    best: float | None = None,
    worst: float | None = None,
    date: dt.date | None = None,
    claim_reviewed: str | None = None,
) -> dict[str, Any]:
    """The normalized record stored in ``Document.structured["claimreview"]`` (JSON-ready)."""
    return {
        "publisher": publisher,
        "rating_text": rating_text,
        "rating_value": rating_value,
        "best": best,
        "worst": worst,
        "date": date.isoformat() if date else None,
        "url": url,
        "claim_reviewed": claim_reviewed,
    }


def find_claimreviews(html: str, page_url: str) -> list[dict[str, Any]]:
    """ClaimReview records in the page's JSON-LD (``claimreview_record`` shape), in page order."""
    records: list[dict[str, Any]] = []
    for obj in (o for v in jsonld_objects(html) for o in _walk(v)):
        if not _has_type(obj, "ClaimReview"):
            continue
        rating = obj.get("reviewRating")
        if isinstance(rating, list):
            rating = next((r for r in rating if isinstance(r, dict)), None)
        rating = rating if isinstance(rating, dict) else {}
        rating_text = _str(rating.get("alternateName")) or _str(rating.get("name"))
        value = _num(rating.get("ratingValue"))
        if rating_text is None and value is None:
            continue  # a ClaimReview without a verdict says nothing
        url = obj.get("url") if isinstance(obj.get("url"), str) else None
        records.append(
            claimreview_record(
                url=url if url and url.startswith(("http://", "https://")) else page_url,
                publisher=_name(obj.get("author")) or _name(obj.get("publisher")),
                rating_text=rating_text,
                rating_value=value,
                best=_num(rating.get("bestRating")),
                worst=_num(rating.get("worstRating")),
                date=parse_iso_date(obj.get("datePublished")),
                claim_reviewed=_str(obj.get("claimReviewed")),
            )
        )
    return records


def claimreview_text(record: dict[str, Any]) -> str:
    """``Previously checked by <publisher> on <date>: <rating>. Claim reviewed: <claim>``."""
    who = record.get("publisher") or "a fact-checker"
    when = f" on {record['date']}" if record.get("date") else ""
    rating = record.get("rating_text")
    if not rating and record.get("rating_value") is not None:
        best = record.get("best")
        rating = f"{record['rating_value']:g}" + (f"/{best:g}" if best is not None else "")
    text = f"Previously checked by {who}{when}: {rating or 'no rating'}."
    if record.get("claim_reviewed"):
        text += f" Claim reviewed: {record['claim_reviewed']}"
    return text


def html_meta_date(html: str) -> dt.date | None:
    """The page's publication date from metadata: meta tags, JSON-LD ``datePublished``, ``<time>``.

    Returns ``None`` when the page states none (the caller then relies on other signals).
    """
    found: dict[str, dt.date] = {}
    for m in _META_RE.finditer(html[:200_000]):
        attrs = {
            a.group(1).lower(): (a.group(2) or a.group(3) or a.group(4) or "")
            for a in _ATTR_RE.finditer(m.group(1))
        }
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in _META_DATE_KEYS and key not in found:
            d = parse_iso_date(attrs.get("content", "").strip())
            if d is not None:
                found[key] = d
    for key in _META_DATE_KEYS[:3]:
        if key in found:
            return found[key]
    for obj in (o for v in jsonld_objects(html) for o in _walk(v)):
        if _has_type(obj, "ClaimReview"):
            continue  # the review's date, not necessarily the page's
        d = parse_iso_date(obj.get("datePublished"))
        if d is not None:
            return d
    for key in _META_DATE_KEYS[3:]:
        if key in found:
            return found[key]
    m2 = _TIME_RE.search(html)
    return parse_iso_date(m2.group(1).strip()) if m2 else None


_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "it",
        "its",
        "this",
        "that",
        "as",
        "from",
        "than",
        "not",
        "no",
        "but",
        "about",
        "into",
        "over",
        "after",
        "before",
        "said",
        "says",
        "claim",
        "claims",
    ]
)
_WORD_RE = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")
_HAN_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _features(text: str) -> set[str]:
    """Lower-cased words (English, stop words dropped) and Han character bigrams."""
    t = unicodedata.normalize("NFKC", text).lower()
    feats = {w for w in _WORD_RE.findall(t) if w not in _STOP}
    for run in _HAN_RUN_RE.findall(t):
        if len(run) == 1:
            feats.add(run)
        feats.update(run[i : i + 2] for i in range(len(run) - 1))
    return feats


def claim_similarity(claim_text: str, entities: Sequence[str], reviewed: str) -> float:
    """How well a reviewed claim matches ours, 0..1: geometric mean of the two containments of
    word / Han-bigram sets, plus 0.1 for each of our entities named in the reviewed text (max 0.2).
    """
    a, b = _features(claim_text), _features(reviewed)
    if not a or not b:
        return 0.0
    shared = len(a & b)
    base = (shared / len(a) * shared / len(b)) ** 0.5
    low = unicodedata.normalize("NFKC", reviewed).lower()
    named = sum(
        1 for e in entities if e.strip() and unicodedata.normalize("NFKC", e).lower() in low
    )
    return float(min(1.0, base + 0.1 * min(named, 2)))
