"""One reader of values for claims and evidence: numbers, units, dates and ranks.

:func:`read_values` is the entry point (cached per text): it returns :class:`Values` — quantities,
dates and ranks, each a :class:`Match` with ``start``/``end`` offsets into the text as given
(``text[m.start:m.end] == m.raw``) and a value from :mod:`factcheck.models` (:class:`Quantity`,
:class:`DateValue`, :class:`Rank`). Pure: no clock (relative dates need ``published``), no I/O.

Conventions (the claim-file contract of DESIGN.md):

- Chinese and Arabic numerals with 十/百/千/万/亿 scales are expanded (1.5万 → 15000, 千万 → 1e7);
  English scale words too (3.5 million, $2bn).
- Percentages and fractions are fractions of one with unit ``%`` (30.6% → 0.306, 三分之二 →
  0.6667, 一半 → 0.5, two-thirds → 0.6667).
- Approximation words set ``approx``: 近/将近 → nearly, 约/左右/上下 → about, 超过/逾/多/余 →
  more_than, 至少/以上 → at_least, 不到/不足 → less_than, 最多/以内 → at_most (and English
  about/nearly/more than/at least/less than/up to …).
- A range keeps its lower bound in ``value`` and its upper bound in ``upper``.
- Units are canonical names (km, km2, kg, t, CNY, USD, year, month, person, ``%``…); Chinese
  counters stay as written (41所 → unit ``所``) and compare as plain counts
  (:func:`normalize_unit`, :func:`convert_unit`, :func:`unit_family`).
- Dates are ISO strings cut to their precision (1980, 1980-10, 1980-10-23); a decade
  (20世纪80年代, the 1980s) is its first year at precision ``year``; relative dates (今年, 去年,
  20年前, last year, 3月1日) are read only with ``published``.
- Ranks: 第三 → 3; 前15 / top 15 → at_most 15; 没能进入前15名 / not in the top 15 → more_than 15.
- Dates win over ranks and ranks over quantities where they overlap.
"""

from __future__ import annotations

from factcheck.values._dates import find_dates
from factcheck.values._match import Match, without_overlaps
from factcheck.values._numbers import (
    parse_approx,
    parse_chinese_number,
    parse_english_number,
    parse_number,
)
from factcheck.values._quantities import find_quantities
from factcheck.values._ranks import find_ranks
from factcheck.values._reader import (
    READ_CACHE_SIZE,
    Values,
    clear_read_cache,
    read_cache_info,
    read_values,
)
from factcheck.values._units import convert_unit, normalize_unit, unit_family

__all__ = [
    "READ_CACHE_SIZE",
    "Match",
    "Values",
    "clear_read_cache",
    "convert_unit",
    "find_dates",
    "find_quantities",
    "find_ranks",
    "normalize_unit",
    "parse_approx",
    "parse_chinese_number",
    "parse_english_number",
    "parse_number",
    "read_cache_info",
    "read_values",
    "unit_family",
    "without_overlaps",
]
