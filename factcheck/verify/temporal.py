"""Time-aware evidence: the best date of a document and a passage, and what to do with it; pure.

* :func:`document_date` — when a document was published: fetcher metadata (API fields and the page's
  HTML meta / JSON-LD / ``<time>``, already in ``Document.published``), a prior review's date, then a
  date in the URL path (``/2025/03/15/``; a Wayback Machine prefix is skipped: its timestamp is the
  capture, not the publication). A date after the document was retrieved is impossible and ignored.
* :func:`find_text_dates` — dates written in a text, read by :mod:`factcheck.values` (the reader
  claims use too): ISO (2025-03-15, 2025/3/15), Chinese (2025年3月15日, 2025年3月, ２０２５年),
  English (March 15, 2025; 15 March 2025; March 2025; in 2019) and numeric day/month forms when
  unambiguous (13/04/2025; never 03/04/2025, which could be either).
* (a) :func:`split_by_reference_date` — AVeriTeC's rule: evidence published after the claim's
  reference date is left out, and :func:`exclusion_note` says so in the verdict's rationale.
* (b) :func:`is_time_sensitive` + :func:`time_weight` — for claims about changing quantities
  (今年, 目前, currently, this year, a ranking of a given year) passages are weighted by the distance
  between the date they speak of (:func:`passage_date`) and the reference date.

Nothing here reads the clock: the reference date and retrieval times come from the caller.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from factcheck.models import Claim, DateValue, Document
from factcheck.values import read_values

__all__ = [
    "DatedValue",
    "Exclusion",
    "date_from_url",
    "document_date",
    "exclusion_note",
    "find_text_dates",
    "is_time_sensitive",
    "passage_date",
    "split_by_reference_date",
    "time_weight",
]

Precision = Literal["year", "month", "day"]
Origin = Literal["metadata", "claimreview", "url", "text"]


@dataclass(frozen=True)
class DatedValue:
    """A date known to ``precision`` (``value`` is the first day it covers), with where it came from."""

    value: dt.date
    precision: Precision
    origin: Origin
    raw: str = ""

    @property
    def last_day(self) -> dt.date:
        """The last day the value covers (2025-03 → 2025-03-31)."""
        if self.precision == "day":
            return self.value
        if self.precision == "month":
            nxt = dt.date(self.value.year + (self.value.month == 12), self.value.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.value.year, 12, 31)

    def iso(self) -> str:
        """ISO text cut to the precision (2025, 2025-03, 2025-03-15)."""
        n = {"year": 4, "month": 7, "day": 10}[self.precision]
        return self.value.isoformat()[:n]


@dataclass(frozen=True)
class Exclusion:
    """A document left out of a verdict, and why."""

    document: Document
    date: DatedValue
    reason: str


_YEAR = r"(1[89]\d\d|20\d\d|2100)"


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_text_dates(text: str) -> list[DatedValue]:
    """Dates written in ``text``, in order of appearance, as :func:`factcheck.values.read_values`
    reads them (ambiguous day/month orders and impossible dates are no dates)."""
    out: list[DatedValue] = []
    for m in read_values(text).dates:
        date = _first_day(m.value)
        if date is not None:
            out.append(DatedValue(date, m.value.precision, "text", m.raw))
    return out


def _first_day(value: DateValue) -> dt.date | None:
    year, month, day = ([int(p) for p in value.value.split("-")] + [1, 1])[:3]
    return _make(year, month, day)


_WAYBACK_RE = re.compile(r"^/web/\d{4,14}(?:[a-z_]{0,4})?/(.*)$", re.I)
_URL_DATE_RES: list[tuple[re.Pattern[str], Precision]] = [
    (
        re.compile(r"(?<!\d)" + _YEAR + r"[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?!\d)"),
        "day",
    ),
    (re.compile(r"/" + _YEAR + r"(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/_.-])"), "day"),
    (re.compile(r"/" + _YEAR + r"/(0?[1-9]|1[0-2])/"), "month"),
]


def date_from_url(url: str) -> DatedValue | None:
    """A publication date in a URL path (news sites' ``/2020/11/03/…``), else ``None``.

    A Wayback Machine URL (``web.archive.org/web/<timestamp>/<original>``) is read for the original
    URL's path only: the timestamp is when the page was captured.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    path = parts.path
    if parts.hostname and parts.hostname.endswith("archive.org"):
        m = _WAYBACK_RE.match(path)
        if m:
            inner = m.group(1)
            if "://" in inner:
                try:
                    path = urlsplit(inner).path
                except ValueError:
                    return None
            else:
                path = "/" + inner.split("/", 1)[-1]
    for pattern, precision in _URL_DATE_RES:
        for m in pattern.finditer(path):
            y, mo = int(m.group(1)), int(m.group(2))
            d = _make(y, mo, int(m.group(3)) if precision == "day" else 1)
            if d is not None:
                return DatedValue(d, precision, "url", m.group(0))
    return None


def _retrieved_day(doc: Document) -> dt.date | None:
    # parsers without a clock and dataset readers mark documents with a placeholder time (1970,
    # 2000-01-01): no real retrieval happened before 2001
    return doc.retrieved_at.date() if doc.retrieved_at.year > 2000 else None


def document_date(doc: Document) -> DatedValue | None:
    """The best known publication date of ``doc`` (see the module doc), or ``None``."""
    candidates: list[DatedValue] = []
    if doc.published is not None:
        candidates.append(DatedValue(doc.published, "day", "metadata"))
    record = doc.structured.get("claimreview") if doc.structured else None
    if isinstance(record, dict) and isinstance(record.get("date"), str):
        with contextlib.suppress(ValueError):
            candidates.append(
                DatedValue(dt.date.fromisoformat(record["date"][:10]), "day", "claimreview")
            )
    from_url = date_from_url(doc.url) if doc.url else None
    if from_url is not None:
        candidates.append(from_url)
    retrieved = _retrieved_day(doc)
    for c in candidates:
        if retrieved is None or c.value <= retrieved:
            return c
    return None


def split_by_reference_date(
    documents: Sequence[Document], reference_date: dt.date
) -> tuple[list[Document], list[Exclusion]]:
    """(documents published on or before ``reference_date``, the ones left out and why).

    A document is left out only when its earliest possible date (its date's first day) is after the
    reference date; undated documents are kept.
    """
    kept: list[Document] = []
    excluded: list[Exclusion] = []
    for doc in documents:
        date = document_date(doc)
        if date is not None and date.value > reference_date:
            excluded.append(
                Exclusion(
                    doc,
                    date,
                    f"published {date.iso()} ({date.origin}), after the reference date "
                    f"{reference_date.isoformat()}",
                )
            )
        else:
            kept.append(doc)
    return kept, excluded


def exclusion_note(excluded: Sequence[Exclusion], reference_date: dt.date, limit: int = 3) -> str:
    """The rationale sentence for excluded documents ('' when none were)."""
    if not excluded:
        return ""
    n = len(excluded)
    what = (
        "document published after the reference date"
        if n == 1
        else ("documents published after the reference date")
    )
    verb = "was" if n == 1 else "were"
    shown = ", ".join(
        f"{e.document.url or e.document.id} ({e.date.iso()})" for e in excluded[:limit]
    )
    more = f" and {n - limit} more" if n > limit else ""
    return f"{n} {what} {reference_date.isoformat()} {verb} excluded: {shown}{more}."


_SENSITIVE_ZH = (
    "今年", "本年", "目前", "当前", "现在", "如今", "眼下", "截至", "截止", "至今", "迄今",
    "最新", "近年", "现有", "现任", "排名", "位居", "位列", "名列", "排行",
)  # fmt: skip
_SENSITIVE_EN = re.compile(
    r"\b(currently|current|this year|now|nowadays|today|as of|latest|so far|to date|"
    r"at present|presently|recent(?:ly)?|ranked|ranks|ranking)\b",
    re.I,
)


def is_time_sensitive(claim: Claim) -> bool:
    """Whether the claim speaks of something that changes (今年, currently, a ranking…)."""
    if claim.kind == "ranking" or claim.rank is not None:
        return True
    text = claim.text
    return any(w in text for w in _SENSITIVE_ZH) or _SENSITIVE_EN.search(text) is not None


def passage_date(
    text: str, document: DatedValue | None, reference_date: dt.date | None
) -> DatedValue | None:
    """The date a passage speaks of: the latest date written in it that is not after the reference
    date (dates after it are forecasts or typos, ignored), else its document's date."""
    dates = [
        d for d in find_text_dates(text) if reference_date is None or d.value <= reference_date
    ]
    if dates:
        return max(dates, key=lambda d: d.value)
    return document


def time_weight(
    date: DatedValue | None,
    reference_date: dt.date,
    *,
    scale_days: float = 730.0,
    undated: float = 0.6,
    floor: float = 0.2,
) -> float:
    """Weight 0..1 of evidence dated ``date`` for a claim about ``reference_date``.

    1.0 when the date's span contains the reference date, decaying exponentially with the distance
    in days (``exp(-distance / scale_days)``, so two years → 0.37) down to ``floor``; ``undated``
    when the date is unknown.
    """
    if date is None:
        return undated
    if date.value <= reference_date <= date.last_day:
        return 1.0
    if reference_date < date.value:
        distance = (date.value - reference_date).days
    else:
        distance = (reference_date - date.last_day).days
    return max(floor, math.exp(-distance / scale_days))
