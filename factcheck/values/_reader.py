"""The one entry point: every value of a text, without overlaps, parsed once per text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import _CacheInfo, lru_cache

from factcheck.models import DateValue, Quantity, Rank
from factcheck.values._dates import find_dates
from factcheck.values._match import Match, T, without_overlaps
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


# A book, law, report or programme title (《文创五十条》, 《2023年政府工作报告》) is a name: the
# numbers in it are part of the name, not values of the sentence.
_TITLE_RE = re.compile(r"《[^《》\n]{1,80}》|〈[^〈〉\n]{1,80}〉")


_CJK = re.compile(r"[\u3400-\u9fff]")
_DURATION_BEFORE = "了过达约近逾时用花经共计长满第近后前内"


@lru_cache(maxsize=READ_CACHE_SIZE)
def _read(text: str, language: str | None, published: dt.date | None) -> Values:
    titles = (
        [(t.start(), t.end()) for t in _TITLE_RE.finditer(text)]
        if "《" in text or "〈" in text
        else []
    )
    dates = _outside(find_dates(text, published=published, language=language), titles)
    date_spans = [(d.start, d.end) for d in dates]
    ranks = _outside(without_overlaps(find_ranks(text, language=language), date_spans), titles)
    taken = date_spans + [(r.start, r.end) for r in ranks]
    quantities = without_overlaps(find_quantities(text, language=language), taken)
    # a reign year with its common-era year in brackets (大业三年（607年）) is a date, not 3 years;
    # a duration keeps its value (历时三年（2019年至2021年）, 工作了3年(2019年起))
    bracketed = {d.start for d in dates if text[d.end : d.end + 1] in ("）", ")")}
    quantities = [
        q
        for q in quantities
        if not (
            q.value.unit == "year"
            and text[q.end : q.end + 1] in ("（", "(")
            and (q.end + 1) in bracketed
            and q.start > 0
            and _CJK.match(text[q.start - 1])
            and text[q.start - 1] not in _DURATION_BEFORE
        )
    ]
    quantities = [_below_zero(text, q) for q in quantities]
    if ":" in text or "：" in text:
        # a time of day (8:30 a.m., 11:00 pm, 上午9:30) is when, not how many
        clocks = [(c.start(), c.end()) for c in _CLOCK_RE.finditer(text)]
        quantities = _outside(quantities, clocks)
    if "时" in text or "点" in text:
        # 下午5时15分, 近11时, 3时许, 晚上8点半: a time of day, not a count
        clocks = [(c.start(), c.end()) for c in _CN_CLOCK_RE.finditer(text)]
        quantities = [
            q for q in quantities if not any(s < q.end and q.start < e for s, e in clocks)
        ]
    return Values(
        quantities=tuple(_outside(quantities, titles)), dates=tuple(dates), ranks=tuple(ranks)
    )


_CLOCK = r"(?<![\d:.,])(?:[01]?\d|2[0-4])[:：][0-5]\d(?:[:：][0-5]\d)?(?![\d:])"
_CLOCK_RE = re.compile(
    rf"{_CLOCK}\s*(?:a\.m\.|p\.m\.|am\b|pm\b|AM\b|PM\b|GMT|UTC|E[SD]?T\b|时|分)"
    rf"|(?<=\bat\s){_CLOCK}|(?<=上午|下午|晚上|凌晨|早上|中午|傍晚){_CLOCK}|(?<=北京时间){_CLOCK}"
)


_CN_HOUR = r"(?<![\d.])(?:[01]?\d|2[0-4]|[一二三四五六七八九十]|十[一二]|二十[一二三四]?)"
_CN_MINUTE = r"(?:[0-5]?\d|[一二三四五]?十[一二三四五六七八九]?|[一二三四五六七八九])分"
_CN_CLOCK_RE = re.compile(
    # 时 after an hour is o'clock (小时 is a span: 3小时 never matches); 点 only with a part of the day
    # before it or minutes after it (3点建议 is three points)
    rf"{_CN_HOUR}时(?!间|期|代|候|刻表|速|尚|事|政|评|局|装)(?:{_CN_MINUTE}|许|整|半|左右)?"
    rf"|(?<=上午|下午|晚上|凌晨|早上|中午|傍晚|夜里|夜间|清晨|深夜){_CN_HOUR}点(?:{_CN_MINUTE}|半|整|钟|许|左右)?"
    rf"|{_CN_HOUR}点(?:{_CN_MINUTE}|半|整|钟)"
)


def _below_zero(text: str, q: Match[Quantity]) -> Match[Quantity]:
    """零下5摄氏度 / minus 5 °C is −5."""
    if q.value.unit != "degC" or q.value.value < 0:
        return q
    before = text[max(0, q.start - 6) : q.start].rstrip().lower()
    if before.endswith(("零下", "minus")):
        upper = -q.value.upper if q.value.upper is not None else None
        return Match(
            q.start, q.end, q.value.model_copy(update={"value": -q.value.value, "upper": upper})
        )
    return q


def _outside(matches: list[Match[T]], spans: list[tuple[int, int]]) -> list[Match[T]]:
    if not spans:
        return matches
    return [m for m in matches if not any(s <= m.start and m.end <= e for s, e in spans)]


def read_cache_info() -> _CacheInfo:
    """Hits, misses and size of the :func:`read_values` cache (``functools`` ``CacheInfo``)."""
    return _read.cache_info()


def clear_read_cache() -> None:
    """Forget every cached reading (benchmarks measuring cold reads)."""
    _read.cache_clear()
