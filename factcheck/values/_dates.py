"""Dates at their precision: Chinese, English, ISO and numeric forms, decades, relative dates."""

from __future__ import annotations

import datetime as dt
import re

from factcheck.models import DateValue
from factcheck.values._match import Match, without_overlaps
from factcheck.values._numbers import cn_int, parse_english_number
from factcheck.values._text import prepare, resolve_language
from factcheck.values._units import EN_UNIT_WORDS

__all__ = ["find_dates"]

_CN_YEAR = r"(?:\d{4}|[零〇○一二三四五六七八九]{4})"
_CN_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_CN_DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
_SP = r"[ \u00a0]?"
# 1000年历史 / 500年之久 is a span of years, not the year 1000
_CN_DATE_RE = re.compile(
    rf"(?P<year>{_CN_YEAR}){_SP}年"
    rf"(?:{_SP}(?P<month>{_CN_MONTH}){_SP}月(?:{_SP}(?P<day>{_CN_DAY}){_SP}[日号])?"
    rf"|(?!的?历史|之久|左右|上下))"
    rf"(?P<decade>代)?"
)
_NOT_NUMERAL_BEFORE = r"(?<![\d年月日号第个\-—–~～至到、和0-9零〇○一二两三四五六七八九十])"
# 今年9月, 去年12月5日, 本月, 上个月
_CN_RELATIVE_MONTH_RE = re.compile(
    rf"(?P<rel>今年|本年|去年|前年|明年|后年){_SP}(?P<month>{_CN_MONTH})月"
    rf"(?:(?P<day>{_CN_DAY})[日号])?"
    r"|(?P<this>本月|当月|上个?月|下个?月)"
)
# 2018年1-7月, 7月至9月, 今年7、8月: one date per month named
_CN_MONTH_RANGE_RE = re.compile(
    rf"(?:(?P<year>{_CN_YEAR}){_SP}年|(?P<rel>今年|本年|去年|前年|明年|后年)|{_NOT_NUMERAL_BEFORE})"
    rf"(?P<m1>{_CN_MONTH})(?P<m1unit>月份?)?"
    rf"(?P<sep>[-—–~～至到、和]|月?至|月?到)(?P<m2>{_CN_MONTH})月(?!\d|[一二三四五六七八九十]+[日号])"
)
# 7月 / 7月份 alone: the latest such month on or before the publication date
_CN_MONTH_ONLY_RE = re.compile(
    # 截至6月末 is a month (至 before a month is otherwise a range's end: 1至6月)
    rf"(?:{_NOT_NUMERAL_BEFORE}|(?<=截至)|(?<=截止))(?P<month>{_CN_MONTH})月(?:份)?(?![\d日号]|[一二三四五六七八九十]+[日号])"
)
_CN_MONTH_DAY_RE = re.compile(rf"(?<![\d年])(?P<month>{_CN_MONTH})月(?P<day>{_CN_DAY})[日号]")
_CN_DAY_ONLY_RE = re.compile(r"(?<![\d年月日号第])(?P<day>3[01]|[12]\d|0?[1-9])日(?![报本元常])")
_CN_CENTURY_RE = re.compile(
    r"(?:(?P<century>\d{1,2}|[一二]?十[一二三四五六七八九]?)世纪|(?P<last>上世纪))"
    r"(?:(?P<decade>\d0|[一二三四五六七八九]十)年代)?"
)
_CN_DECADE_RE = re.compile(r"(?<![\d世纪])(?P<decade>[1-9]0|[一二三四五六七八九]十)年代")
_ISO_DATE_RE = re.compile(
    r"(?<!\d)(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"
)
_ISO_MONTH_RE = re.compile(
    r"(?<![\d-])(?P<year>1[89]\d\d|20\d\d)-(?P<month>0[1-9]|1[0-2])(?![-\d])"
)
# 13/04/2025 (day first) or 04/13/2025 (month first); 03/04/2025 is ambiguous and skipped.
_NUMERIC_YEAR_LAST_RE = re.compile(
    r"(?<![\d/.])(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>1[89]\d\d|20\d\d)(?![\d/.])"
)
# 公元607年, 公元前221年; a year in brackets after a reign year: 大业三年（607年）, 弘治9年(1496年)
_CN_CE_YEAR_RE = re.compile(
    r"公元(?P<bc>前)?(?P<year>\d{1,4}|[零〇○一二三四五六七八九十百千]{1,6})年"
)
_CN_BRACKET_YEAR_RE = re.compile(r"(?<=[（(])(?P<bc>公元前|前)?(?P<year>\d{3,4})年(?=[）)])")
_LATEST_PLAUSIBLE_YEAR = 2200
_CN_RELATIVE_YEAR = {"今年": 0, "本年": 0, "去年": -1, "前年": -2, "明年": 1, "后年": 2}
_CN_RELATIVE_RE = re.compile(
    r"(?P<rel>今年|本年|去年|前年|明年|后年)"
    r"|(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})(?:多)?年前"
)

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"],
    start=1,
):  # fmt: skip
    _MONTHS[_name] = _i
    _MONTHS[_name[:3]] = _i
_MONTHS["sept"] = 9
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_EN_DATE_RE = re.compile(
    rf"(?<![\w])(?:"
    rf"(?P<m1>{_MONTH_RE})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH_RE}),?\s+(?P<y2>\d{{4}})"
    rf"|(?P<m3>{_MONTH_RE}),?\s+(?:of\s+)?(?P<y3>\d{{4}})"
    rf"|(?P<m4>{_MONTH_RE})\s+(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
    rf"|(?:the\s+)?(?P<y5>1[89]\d0|20[0-9]0)'?s"
    rf"|(?:in|In|since|Since|by|By|from|From|until|Until|of|during|before|after|year|between|"
    rf"and|to|early|late|mid|the|The|circa)[\s-](?P<y6>1\d\d\d|20\d\d)(?:[-–/](?P<yy6>\d\d)(?!\d))?"
    rf"(?![\d%]|,\d{{3}}|\.\d)"
    rf"|(?:in|In|for|For|and|since|Since|by|By|from|From|until|Until|during|During|through|last|Last|this|"
    rf"This|next|Next|early|Early|late|Late|mid|Mid)[\s-](?P<m5>January|February|March|April|"
    rf"May|June|July|August|September|October|November|December)(?!,?\s+(?:of\s+)?\d)"
    rf"|(?P<rel>(?i:last year|this year|next year|(?P<n>\d{{1,3}}|two|three|four|five|six|seven|"
    rf"eight|nine|ten|twenty|thirty|fifty|a hundred) years ago))"
    rf")(?![\w])",
)


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _date(year: int, month: int | None, day: int | None, raw: str) -> DateValue | None:
    if not 1 <= year <= 9999:
        return None
    if month is None:
        return DateValue(value=f"{year:04d}", precision="year", raw=raw)
    if not 1 <= month <= 12:
        return None
    if day is None:
        return DateValue(value=f"{year:04d}-{month:02d}", precision="month", raw=raw)
    if not _valid_date(year, month, day):
        return None
    return DateValue(value=f"{year:04d}-{month:02d}-{day:02d}", precision="day", raw=raw)


def _year_for_month_day(month: int, day: int, published: dt.date | None) -> int | None:
    """A month and day without a year: the latest such date on or before ``published``."""
    if published is None or not _valid_date(published.year, month, day):
        return None
    if dt.date(published.year, month, day) <= published:
        return published.year
    return published.year - 1


_EN_WEEKDAY_BEFORE_RE = re.compile(
    r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_EN_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _en_year_for_month_day(
    month: int, day: int, published: dt.date | None, before: str
) -> int | None:
    """A month and day without a year in English news: the year whose date falls on the weekday
    written before it ("Friday June 28"); else a date up to a month after ``published`` is coming
    ("released tomorrow (May 3)"); else the latest such date on or before ``published``."""
    if published is None or not _valid_date(published.year, month, day):
        return _year_for_month_day(month, day, published)
    wd = _EN_WEEKDAY_BEFORE_RE.search(before)
    if wd:
        weekday = _EN_WEEKDAYS.index(wd.group("wd").lower())
        years = [published.year, published.year + 1, published.year - 1]
        hits = [
            y
            for y in years
            if _valid_date(y, month, day) and dt.date(y, month, day).weekday() == weekday
        ]
        if hits:
            return min(hits, key=lambda y: abs((dt.date(y, month, day) - published).days))
    ahead = (dt.date(published.year, month, day) - published).days
    if 0 < ahead <= 31:
        return published.year
    return _year_for_month_day(month, day, published)


def find_dates(
    text: str, *, published: dt.date | None = None, language: str | None = None
) -> list[Match[DateValue]]:
    """Find dates (absolute, decades, and relative to ``published``) in text order, without overlaps."""
    masked, norm = prepare(text)
    language = resolve_language(text, language)
    found: list[Match[DateValue]] = []
    if language != "en":
        found += _find_cn_dates(norm, masked, published)
    if language != "zh":
        found += _find_bc_years(norm, masked)  # first: a year BC wins over the same bare year
        found += _find_en_dates(norm, masked, published)
        found += _find_bare_years(norm, masked)
    found += _find_numeric_dates(norm, masked)
    return without_overlaps(found)


def _find_numeric_dates(norm: str, text: str) -> list[Match[DateValue]]:
    out: list[Match[DateValue]] = []
    for m in _ISO_DATE_RE.finditer(norm):
        value = _date(int(m.group("year")), int(m.group("month")), int(m.group("day")), m.group())
        if value is not None:
            out.append(Match(m.start(), m.end(), value))
    for m in _ISO_MONTH_RE.finditer(norm):
        value = _date(int(m.group("year")), int(m.group("month")), None, m.group())
        if value is not None:
            out.append(Match(m.start(), m.end(), value))
    for m in _NUMERIC_YEAR_LAST_RE.finditer(norm):
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
        dotted = "." in m.group()
        if a > 12 >= b or (dotted and b <= 12):
            # 13/04/2025; 04.02.2014 (dots are written day first: 4 February 2014)
            month, day = b, a
        elif b > 12 >= a or a == b:
            month, day = a, b
        else:
            continue  # 03/04/2025: day-first or month-first, cannot tell
        value = _date(year, month, day, text[m.start() : m.end()])
        if value is not None:
            out.append(Match(m.start(), m.end(), value))
    return out


_CN_YEAR_LIST_RE = re.compile(
    r"(?<![\d.])(?P<years>(?:1\d{3}|20\d{2})(?:\s*[、和及与]\s*(?:1\d{3}|20\d{2}))*)"
    r"\s*[、和及与]\s*(?:1\d{3}|20\d{2})\s*年(?!代)"
)
_CN_RANGE_END_RE = re.compile(
    rf"{_SP}(?:至|到|-|—|–|~|～){_SP}(?:(?P<month>{_CN_MONTH}){_SP}月{_SP})?(?P<day>{_CN_DAY}){_SP}[日号]"
)


def _cn_range_ends(norm: str, text: str, found: list[Match[DateValue]]) -> list[Match[DateValue]]:
    """The end of a range after a full date (2005年7月2日至7月24日, 3月1日至15日): the year (the
    next one when the end comes before the start), and the month when it is not repeated, are
    the start's."""
    out: list[Match[DateValue]] = []
    for start in found:
        if start.value.precision != "day":
            continue
        m = _CN_RANGE_END_RE.match(norm, start.end)
        if m is None:
            continue
        year, month = int(start.value.value[:4]), int(start.value.value[5:7])
        if m.group("month"):
            month = cn_int(m.group("month")) or 0
        day = cn_int(m.group("day"))
        if day is None or not 1 <= month <= 12:
            continue
        raw_start = m.start("month") if m.group("month") else m.start("day")
        if (month, day) < (int(start.value.value[5:7]), int(start.value.value[8:10])):
            year += 1  # 2019年12月28日至1月3日: into the next year
        value = _date(year, month, day, text[raw_start : m.end()])
        if value is not None:
            out.append(Match(raw_start, m.end(), value))
    return out


def _find_cn_dates(norm: str, text: str, published: dt.date | None) -> list[Match[DateValue]]:
    out: list[Match[DateValue]] = []
    for rx in (_CN_CE_YEAR_RE, _CN_BRACKET_YEAR_RE):
        for m in rx.finditer(norm):
            year = cn_int(m.group("year"))
            if year is None or not 1 <= year <= 9999:
                continue
            iso = f"-{year:04d}" if m.group("bc") else f"{year:04d}"
            found = DateValue(value=iso, precision="year", raw=text[m.start() : m.end()])
            out.append(Match(m.start(), m.end(), found))
    for m in _CN_DATE_RE.finditer(norm):
        year = cn_int(m.group("year"))
        if year is None or year > _LATEST_PLAUSIBLE_YEAR:
            continue  # 约3700年建城史 is a span of years, not the year 3700
        raw = text[m.start() : m.end()]
        if m.group("decade"):
            if m.group("month"):
                continue
            value = _date(year, None, None, raw)
        else:
            month = cn_int(m.group("month")) if m.group("month") else None
            day = cn_int(m.group("day")) if m.group("day") else None
            value = _date(year, month, day, raw)
        if value is not None:
            out.append(Match(m.start(), m.end(), value))
    for m in _CN_CENTURY_RE.finditer(norm):
        if m.group("last"):
            century = 20
        else:
            parsed = cn_int(m.group("century"))
            if parsed is None or not 1 <= parsed <= 21:
                continue
            century = parsed
        decade = cn_int(m.group("decade")) if m.group("decade") else 0
        if decade is None:
            continue
        raw = text[m.start() : m.end()]
        out.append(
            Match(
                m.start(),
                m.end(),
                DateValue(value=f"{(century - 1) * 100 + decade:04d}", precision="year", raw=raw),
            )
        )
    for m in _CN_DECADE_RE.finditer(norm):
        decade = cn_int(m.group("decade"))
        if decade is None:
            continue
        ref = published.year if published else 2000
        year = (
            1900 + decade
            if 1900 + decade + 10 > ref - 100 and decade > ref % 100
            else 2000 + decade
        )
        if year > ref:
            year -= 100
        raw = text[m.start() : m.end()]
        out.append(
            Match(m.start(), m.end(), DateValue(value=f"{year:04d}", precision="year", raw=raw))
        )
    for m in _CN_YEAR_LIST_RE.finditer(norm):
        # 1969、1973、1985年: every year of the list, not counts before the last one
        for item in re.finditer(r"\d{4}", m.group("years")):
            start = m.start("years") + item.start()
            year = int(item.group())
            out.append(
                Match(
                    start,
                    start + 4,
                    DateValue(value=f"{year:04d}", precision="year", raw=text[start : start + 4]),
                )
            )
    range_ends = _cn_range_ends(norm, text, out)
    out += range_ends
    ends_at = {e.start for e in range_ends}
    for m in _CN_MONTH_DAY_RE.finditer(norm):
        if m.start() in ends_at:
            continue
        month, day = cn_int(m.group("month")), cn_int(m.group("day"))
        if month is None or day is None:
            continue
        year = _year_for_month_day(month, day, published)
        if year is None:
            continue
        value = _date(year, month, day, text[m.start() : m.end()])
        if value is not None:
            out.append(Match(m.start(), m.end(), value))
    out += _find_cn_month_ranges(norm, text, published)
    if published is not None:
        out += _find_cn_relative_months(norm, text, published)
        for m in _CN_MONTH_ONLY_RE.finditer(norm):
            month = cn_int(m.group("month"))
            if month is None:
                continue
            year = _year_for_month(month, published, "")
            value = _date(year or published.year, month, None, text[m.start() : m.end()])
            if value is not None:
                out.append(Match(m.start(), m.end(), value))
        for m in _CN_DAY_ONLY_RE.finditer(norm):
            # "17日发布" in news: the latest such day on or before the publication date
            day = int(m.group("day"))
            year, month = published.year, published.month
            if day > published.day:
                year, month = (year, month - 1) if month > 1 else (year - 1, 12)
            value = _date(year, month, day, text[m.start() : m.end()])
            if value is not None:
                out.append(Match(m.start(), m.end(), value))
        for m in _CN_RELATIVE_RE.finditer(norm):
            if m.group("rel"):
                year = published.year + _CN_RELATIVE_YEAR[m.group("rel")]
            else:
                n = cn_int(m.group("n"))
                if n is None:
                    continue
                year = published.year - n
            raw = text[m.start() : m.end()]
            out.append(
                Match(m.start(), m.end(), DateValue(value=f"{year:04d}", precision="year", raw=raw))
            )
    return out


def _cn_year(year: str | None, rel: str | None, published: dt.date | None) -> int | None:
    if year:
        return cn_int(year)
    if rel and published is not None:
        return published.year + _CN_RELATIVE_YEAR[rel]
    return None


def _find_cn_relative_months(norm: str, text: str, published: dt.date) -> list[Match[DateValue]]:
    out: list[Match[DateValue]] = []
    for m in _CN_RELATIVE_MONTH_RE.finditer(norm):
        if m.group("this"):
            shift = {"本": 0, "当": 0, "上": -1, "下": 1}[m.group("this")[0]]
            index = published.year * 12 + published.month - 1 + shift
            value = _date(index // 12, index % 12 + 1, None, text[m.start() : m.end()])
        else:
            year = published.year + _CN_RELATIVE_YEAR[m.group("rel")]
            month = cn_int(m.group("month"))
            day = cn_int(m.group("day")) if m.group("day") else None
            value = _date(year, month, day, text[m.start() : m.end()]) if month else None
        if value is not None:
            out.append(Match(m.start(), m.end(), value))
    return out


def _find_cn_month_ranges(
    norm: str, text: str, published: dt.date | None
) -> list[Match[DateValue]]:
    out: list[Match[DateValue]] = []
    for m in _CN_MONTH_RANGE_RE.finditer(norm):
        first, last = cn_int(m.group("m1")), cn_int(m.group("m2"))
        if first is None or last is None or not first < last:
            continue
        year = _cn_year(m.group("year"), m.group("rel"), published)
        if year is None and published is not None:
            year = _year_for_month(last, published, "")
        if year is None:
            continue
        first_end = m.end("m1unit") if m.group("m1unit") else m.end("m1")
        one = _date(year, first, None, text[m.start() : first_end])
        two = _date(year, last, None, text[m.start("m2") : m.end()])
        if one is not None and two is not None:
            out += [Match(m.start(), first_end, one), Match(m.start("m2"), m.end(), two)]
    return out


_MONTH_SPAN_END_RE = re.compile(
    rf"\s*(?:[-–/]|to|through|until|and)\s*{_MONTH_RE},?\s+(?P<y>1\d\d\d|20\d\d)(?!\d)"
)


def _find_en_dates(norm: str, text: str, published: dt.date | None) -> list[Match[DateValue]]:
    out: list[Match[DateValue]] = []
    for m in _EN_DATE_RE.finditer(norm):
        raw = text[m.start() : m.end()]
        g = m.groupdict()
        value: DateValue | None = None
        if g["y1"]:
            value = _date(int(g["y1"]), _month(g["m1"]), int(g["d1"]), raw)
        elif g["y2"]:
            value = _date(int(g["y2"]), _month(g["m2"]), int(g["d2"]), raw)
        elif g["y3"]:
            value = _date(int(g["y3"]), _month(g["m3"]), None, raw)
        elif g["m4"]:
            month, day = _month(g["m4"]), int(g["d4"])
            year = _en_year_for_month_day(month, day, published, norm[: m.start()])
            if year is not None:
                value = _date(year, month, day, raw)
        elif g["y5"]:
            value = _date(int(g["y5"]), None, None, raw)
        elif g["y6"]:
            if not _counted_after(norm, m.end()):
                out += _years(m, "y6", "yy6", text)
            continue
        elif g["m5"]:
            start = m.start("m5")
            year = _year_for_month(_month(g["m5"]), published, norm[m.start() : start].lower())
            # "in January-February 1971", "from May to July 2020": the first month takes the year
            # written after the second
            span_end = _MONTH_SPAN_END_RE.match(norm, m.end())
            if span_end:
                year = int(span_end.group("y"))
            if year is not None:
                value = _date(year, _month(g["m5"]), None, text[start : m.end()])
                if value is not None:
                    out.append(Match(start, m.end(), value))
            continue
        elif g["rel"] and published is not None:
            rel = g["rel"].lower()
            if rel == "last year":
                year = published.year - 1
            elif rel == "this year":
                year = published.year
            elif rel == "next year":
                year = published.year + 1
            else:
                n_text = g["n"]
                n = (
                    int(n_text)
                    if n_text.isdigit()
                    else int(parse_english_number(n_text.lower()) or 0)
                )
                year = published.year - n
            value = _date(year, None, None, raw)
        if value is not None:
            out.append(Match(m.start(), m.end(), value))
    return out


# A four-digit number 1600-2100 written without a thousands separator is a year in English prose
# (his 2006 budget, by 2009, 1979, 1914-18) unless a unit or a counted plural follows (1500 km, 2000
# troops) or a currency sign precedes it; event plurals (the 2008 Olympics) stay years.
_BARE_YEAR_RE = re.compile(
    r"(?<![\w$€£¥.,/#])(?<![^\d]-)(?P<year>1[6-9]\d\d|20\d\d|2100)(?:[-–/](?P<yy>\d\d)(?!\d))?"
    r"(?![\w%$€£¥]|[.,]\d|\s*(?:%|percent|per cent))"
)
_NEXT_WORD_RE = re.compile(r"\s*[-–]?\s*([A-Za-z]+)")
_EVENT_PLURALS = frozenset(
    [
        "elections",
        "olympics",
        "games",
        "finals",
        "playoffs",
        "championships",
        "midterms",
        "polls",
        "protests",
        "riots",
        "floods",
        "accords",
        "talks",
        "negotiations",
        "primaries",
        "hearings",
        "riots",
        "attacks",
        "budgets",
    ]
)
_NOT_YEAR_BEFORE_RE = re.compile(
    r"(?:\bNo\.?|\bnumber|\bpage|\bpp\.|\bp\.|\bvol\.|\bart\.|\bст\.|№|#|\broom|\bflight|\broute)\s*$",
    re.I,
)


_BC_RE = re.compile(
    r"(?<![\d.,])(?P<a>\d{1,4})(?:\s*(?:–|—|-|to)\s*(?P<b>\d{1,4}))?\s*(?P<era>BCE|BC|B\.C\.(?:E\.)?)"
    r"(?![A-Za-z])(?!\s+[A-Z][a-z])"  # not 2019 BC Hydro
)


def _find_bc_years(norm: str, text: str) -> list[Match[DateValue]]:
    """1750 BC, 1732–1460 BC, 44 BCE: negative ISO years (no year 0: 1 BC is -0001)."""
    out: list[Match[DateValue]] = []
    for m in _BC_RE.finditer(norm):
        ends = [("a", m.start("a"), m.end("a"))]
        if m.group("b"):
            ends.append(("b", m.start("b"), m.end()))  # the last year's span takes the era
        else:
            ends[0] = ("a", m.start("a"), m.end())
        for group, start, end in ends:
            year = int(m.group(group))
            if year == 0:
                continue
            value = DateValue(value=f"-{year:04d}", precision="year", raw=text[start:end])
            out.append(Match(start, end, value))
    return out


def _find_bare_years(norm: str, text: str) -> list[Match[DateValue]]:
    out: list[Match[DateValue]] = []
    for m in _BARE_YEAR_RE.finditer(norm):
        before = norm[max(0, m.start() - 12) : m.start()]
        if _NOT_YEAR_BEFORE_RE.search(before) or re.search(r"[\u3400-\u9fff]\s*$", before):
            continue
        if re.search(r"[\u3400-\u9fff]", norm[m.end() : m.end() + 1]):
            continue
        possessed = _POSSESSIVE_BEFORE_RE.search(norm[max(0, m.start() - 40) : m.start()])
        if possessed or not _counted_after(norm, m.end()):
            out += _years(m, "year", "yy", text)
    return out


# "his celebrated 1905 papers", "Einstein's 1905 papers": a possessive before the number makes it
# the year of the things, not their count
_POSSESSIVE_BEFORE_RE = re.compile(
    r"(?:\b(?:his|her|its|their|our|my)|[A-Za-z][’']s)\s+(?:[a-z]+\s+){0,2}$", re.IGNORECASE
)


def _counted_after(norm: str, end: int) -> bool:
    """Whether a unit or a counted plural follows a number (2000 troops, 1500 km, by 2000 people)."""
    nxt = _NEXT_WORD_RE.match(norm, end)
    if not nxt:
        return False
    word = nxt.group(1).lower()
    if word in ("onwards", "onward", "afterwards", "forwards"):
        return False  # "from 1764 onwards": a year
    return word in EN_UNIT_WORDS or (
        word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
        and len(word) > 3
        and word not in _EVENT_PLURALS
    )


def _years(m: re.Match[str], year: str, suffix: str, text: str) -> list[Match[DateValue]]:
    """A year, or two for 1895–96 / 2019-20 / 1914-18; 2025-03 is left to the month reader and
    2025-13 is no year."""
    first = int(m.group(year))
    start, end = m.start(year), m.end(year)
    one = _date(first, None, None, text[start:end])
    if one is None:
        return []
    yy = m.group(suffix)
    if yy is None:
        return [Match(start, end, one)]
    second = first // 100 * 100 + int(yy)
    dash = text[m.end(year) : m.start(suffix)]
    is_season = second == first + 1
    if not is_season and (second <= first or (dash == "-" and int(yy) <= 12)):
        return []  # a month (2001-05) or no date at all
    two = _date(second, None, None, text[m.start(suffix) : m.end(suffix)])
    return [Match(start, end, one)] + ([Match(m.start(suffix), m.end(suffix), two)] if two else [])


def _year_for_month(month: int, published: dt.date | None, before: str) -> int | None:
    """A month named without a year: last/next/this March, or the latest March up to ``published``."""
    if published is None:
        return None
    if "next" in before:
        return published.year + (month <= published.month)
    if "this" in before:
        return published.year
    if "last" in before:
        return published.year - (month >= published.month)
    return published.year if month <= published.month else published.year - 1


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]
