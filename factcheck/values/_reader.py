"""The one entry point: every value of a text, without overlaps, parsed once per text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import _CacheInfo, lru_cache

from factcheck.models import DateValue, Quantity, Rank
from factcheck.values._dates import find_dates
from factcheck.values._match import Match, without_overlaps
from factcheck.values._quantities import find_quantities
from factcheck.values._ranks import find_ranks

__all__ = ["READ_CACHE_SIZE", "Values", "clear_read_cache", "read_cache_info", "read_values"]

READ_CACHE_SIZE = 4096
"""Texts whose values are kept (least recently used first out): a run reads each passage for
stance features, text comparisons and dating; each reading after the first is a cache hit."""


@dataclass(frozen=True)
class Values:
    """Everything :func:`read_values` found in one text, without overlaps, each kind in text order.

    The value objects are shared by every caller that reads the same text: treat them as
    read-only (``model_copy(update=...)`` to change one).
    """

    quantities: tuple[Match[Quantity], ...]
    dates: tuple[Match[DateValue], ...]
    ranks: tuple[Match[Rank], ...]

    def __bool__(self) -> bool:
        return bool(self.quantities or self.dates or self.ranks)


def read_values(
    text: str, *, language: str | None = None, published: dt.date | None = None
) -> Values:
    """Read the quantities, dates and ranks of ``text`` (claims and evidence alike).

    ``language`` (``"zh"``, ``"en"`` or ``None`` for both) selects the finders; ``published`` is
    the reference date of relative dates (今年, last year, 3月1日): without it they are not read.
    Dates win over ranks, ranks over quantities (1980年 is no count of years, 前15名 no count of
    people). Offsets index ``text``: ``text[m.start:m.end] == m.raw``. Cached on
    ``(text, language, published)``.
    """
    if language not in ("zh", "en"):
        language = None
    return _read(text, language, published)


@lru_cache(maxsize=READ_CACHE_SIZE)
def _read(text: str, language: str | None, published: dt.date | None) -> Values:
    dates = find_dates(text, published=published, language=language)
    date_spans = [(d.start, d.end) for d in dates]
    ranks = without_overlaps(find_ranks(text, language=language), date_spans)
    taken = date_spans + [(r.start, r.end) for r in ranks]
    quantities = without_overlaps(find_quantities(text, language=language), taken)
    return Values(quantities=tuple(quantities), dates=tuple(dates), ranks=tuple(ranks))


def read_cache_info() -> _CacheInfo:
    """Hits, misses and size of the :func:`read_values` cache (``functools`` ``CacheInfo``)."""
    return _read.cache_info()


def clear_read_cache() -> None:
    """Forget every cached reading (benchmarks measuring cold reads)."""
    _read.cache_clear()
