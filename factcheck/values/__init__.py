"""One reader of values for claims and evidence: numbers, units, dates and ranks.

:func:`read_values` is the entry point (cached per text): it returns :class:`Values` — quantities,
dates and ranks, each a :class:`Match` with ``start``/``end`` offsets into the text as given
(``text[m.start:m.end] == m.raw``) and a value from :mod:`factcheck.models` (:class:`Quantity`,
:class:`DateValue`, :class:`Rank`). Pure: no clock (relative dates need ``published``), no I/O.

Conventions (the claim-file contract of DESIGN.md; each rule is general, not a list of phrases):

- Numbers: Chinese and Arabic numerals with 十/百/千/万/亿 scales are expanded (1.5万 → 15000,
  千万 → 1e7, 6600多万 → 66000000 more_than, 三十点六 → 30.6); English numbers too (3.5 million,
  $2bn, USD1.5 billion, twenty-one, three hundred and five thousand, half a million, two dozen).
  A sign is kept (-12,000, 增长-3.5%).
- Percentages and fractions are fractions of one with unit ``%`` (30.6% → 0.306, 三分之二 →
  0.6667, 一半 → 0.5, two-thirds → 0.6667, 三成 → 0.3, 七成五 → 0.75, 八九成 → 0.8..0.9).
- Percentage points are their own unit ``pp``, valued in points as written (6.3个百分点 → 6.3 pp,
  0.3 percentage point → 0.3 pp): a difference of two percentages, never a fraction of the value.
- Multiples have unit ``times``, the multiple as written (30余倍 → 30 more_than, 近两倍 → 2
  nearly; twofold, doubled, twice → 2). 翻n番 is 2^n times (翻了一番 = doubled = 2 times = +100 %,
  翻两番 = 4 times); 翻番 and 翻倍 are 2 times.
- Approximation words set ``approx``: 近/将近 → nearly, 约/左右/上下/估计 → about, 超过/逾/多/余/
  突破 → more_than, 至少/以上 → at_least, 不到/不足 → less_than, 最多/以内 → at_most, 数百 →
  more_than 100, 上千 → at_least 1000 (and English about/nearly/more than/surpassed/at least/less
  than/up to …).
- A range keeps its lower bound in ``value`` and its upper bound in ``upper``; a bound without a
  scale takes the other's (3-5万 → 30000..50000, 3 to 5 million). A pair that runs downwards or
  follows from/by is two values, not a range (voted 9 to 2, 9比2, rose by 172,000 to 1.6 million).
- Units are canonical names (km, km2, mi2, kg, t, CNY, USD, year, month, hour, age, person, ``%``,
  ``pp``, ``times``…); Chinese counters stay as written (41所 → unit ``所``) and compare as plain
  counts (:func:`normalize_unit`, :func:`convert_unit`, :func:`unit_family`).
- Names are not values: numbers inside 《…》 titles (《文创五十条》), a bare round scale word before a
  counter and a noun without a count cue (软件百家企业, but 有百家企业 / 近百家 are counts),
  programme and session names (211工程, 十届全国人大), ordinals before nouns (第三方).
- Dates are ISO strings cut to their precision (1980, 1980-10, 1980-10-23). A four-digit year in
  English prose is a date unless a unit or a counted plural follows (his 2006 budget, by 2009, in
  1979 → dates; 2000 troops, 1500 km → counts); 1895–96 and 2019-20 are both years. N月 is a month
  (never a count): 2018年7月 → 2018-07; 今年9月, 去年12月, 上个月 and a bare 7月 take their year
  from ``published`` (a bare month: the latest such month up to it); 2018年1-7月 and 7月至9月 are
  two month dates. A decade (20世纪80年代, the 1980s) is its first year at precision ``year``;
  relative dates (今年, 去年, 20年前, last year, in March, 3月1日) are read only with ``published``.
  1000年历史 is a span of years, not the year 1000.
- Ranks: 第三 → 3; 第三大 / third-busiest / fifth most populous → 3 / 3 / 5; 排首位, 居榜首 → 1;
  分列第2和5名, ranked 2nd and 5th → two ranks; 前15 / top 15 → at_most 15; 没能进入前15名 /
  has not been in the top 15 → more_than 15; ranked 160 out of 174 → 160.
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
