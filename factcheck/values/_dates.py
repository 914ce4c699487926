"""Dates at their precision: Chinese, English, ISO and numeric forms, decades, relative dates."""

from __future__ import annotations

import datetime as dt
import re

from factcheck.models import DateValue
from factcheck.values._match import Match, without_overlaps
from factcheck.values._numbers import cn_int, parse_english_number
from factcheck.values._text import prepare

__all__ = ["find_dates"]

_CN_YEAR = r"(?:\d{4}|[零〇○一二三四五六七八九]{4})"
_CN_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_CN_DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
_SP = r"[ \u00a0]?"
_CN_DATE_RE = re.compile(
    rf"(?P<year>{_CN_YEAR}){_SP}年"
    rf"(?:{_SP}(?P<month>{_CN_MONTH}){_SP}月(?:{_SP}(?P<day>{_CN_DAY}){_SP}[日号])?)?"
    rf"(?P<decade>代)?"
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
    rf"and|to|early|late|mid|the|The|circa)[\s-](?P<y6>1[5-9]\d\d|20\d\d)(?![\d,%]|\.\d)"
    rf"|(?P<rel>last year|this year|next year|(?P<n>\d{{1,3}}|two|three|four|five|six|seven|"
    rf"eight|nine|ten|twenty|thirty|fifty|a hundred) years ago)"
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


def find_dates(
    text: str, *, published: dt.date | None = None, language: str | None = None
) -> list[Match[DateValue]]:
    """Find dates (absolute, decades, and relative to ``published``) in text order, without overlaps."""
    masked, norm = prepare(text)
    found: list[Match[DateValue]] = []
    if language != "en":
        found += _find_cn_dates(norm, masked, published)
    if language != "zh":
        found += _find_en_dates(norm, masked, published)
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
        if a > 12 >= b:
            month, day = b, a
        elif b > 12 >= a or a == b:
            month, day = a, b
        else:
            continue  # 03/04/2025: day-first or month-first, cannot tell
        value = _date(year, month, day, text[m.start() : m.end()])
        if value is not None:
            out.append(Match(m.start(), m.end(), value))
    return out


def _find_cn_dates(norm: str, text: str, published: dt.date | None) -> list[Match[DateValue]]:
    out: list[Match[DateValue]] = []
    for m in _CN_DATE_RE.finditer(norm):
        year = cn_int(m.group("year"))
        if year is None:
            continue
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
    for m in _CN_MONTH_DAY_RE.finditer(norm):
        month, day = cn_int(m.group("month")), cn_int(m.group("day"))
        if month is None or day is None:
            continue
        year = _year_for_month_day(month, day, published)
        if year is None:
            continue
        value = _date(year, month, day, text[m.start() : m.end()])
        if value is not None:
            out.append(Match(m.start(), m.end(), value))
    if published is not None:
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
            year = _year_for_month_day(month, day, published)
            if year is not None:
                value = _date(year, month, day, raw)
        elif g["y5"]:
            value = _date(int(g["y5"]), None, None, raw)
        elif g["y6"]:
            start = m.start("y6")
            value = _date(int(g["y6"]), None, None, text[start : m.end()])
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
                n = int(n_text) if n_text.isdigit() else int(parse_english_number(n_text) or 0)
                year = published.year - n
            value = _date(year, None, None, raw)
        if value is not None:
            out.append(Match(m.start(), m.end(), value))
    return out


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]
