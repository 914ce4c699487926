"""Structured comparators: quantities, dates, ranks and entity attributes, checked against evidence.

All functions are pure. A comparator answers ``True`` (the evidence value satisfies the claim),
``False`` (it contradicts it) or ``None`` (the values cannot be compared: other unit family, coarser
date, nothing found). Semantics of a claimed value ``v`` against an observed value ``x``
(``QUANTITY_TOLERANCE`` and ``EXACT_TOLERANCE`` are relative):

=========== ==========================================================
approx      the claim holds when
=========== ==========================================================
exact       ``|x - v| <= 1% of |v|`` (rounding of a stated figure)
about       ``|x - v| <= 10% of |v|``
nearly      ``0.8 v <= x <= v`` ("近10家": 8..10)
at_least    ``x >= v``
more_than   ``x > v``
at_most     ``x <= v``
less_than   ``x < v``
=========== ==========================================================

A range (``upper`` set) holds when ``v <= x <= upper`` (widened by the tolerance of ``approx`` for
exact/about). Ranks use the same table on positions: "top 15" is ``at_most 15``, "not in the top 15"
is ``more_than 15``. Dates compare at the coarser of the two precisions: a year claim is supported by
any day in that year; a day claim is refuted by another year but only *unknown* against a bare year.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from factcheck.models import Claim, DateValue, Document, Quantity, Rank

__all__ = [
    "ALIGNED_CONFIDENCE",
    "DATE_PROPERTIES",
    "ENTITY_PROPERTIES",
    "EXACT_TOLERANCE",
    "QUANTITY_PROPERTIES",
    "QUANTITY_TOLERANCE",
    "Comparison",
    "FoundDate",
    "FoundNumber",
    "aligned_comparisons",
    "compare_date",
    "compare_quantity",
    "compare_rank",
    "compare_structured",
    "compare_text_numbers",
    "convert_unit",
    "find_dates",
    "find_numbers",
    "find_ranks",
    "normalize_unit",
    "parse_chinese_number",
    "value_satisfies",
]


def _words(text: str) -> list[str]:
    return text.split()


EXACT_TOLERANCE = 0.01
QUANTITY_TOLERANCE = 0.10
NEARLY_LOWER = 0.8

Outcome = Literal["supported", "refuted"]


@dataclass(frozen=True)
class Comparison:
    """One comparator decision: the claim slot, the evidence value and the outcome, as a sentence."""

    outcome: Outcome
    kind: Literal["quantity", "date", "rank", "entity"]
    claimed: str
    observed: str
    sentence: str
    property: str | None = None
    document_id: str | None = None
    url: str | None = None


# ---------------------------------------------------------------- value semantics


def value_satisfies(
    approx: str, claimed: float, observed: float, *, upper: float | None = None
) -> bool:
    """Return whether ``observed`` satisfies a claim of ``claimed`` (``upper``: range end) with ``approx``."""
    tol = {"exact": EXACT_TOLERANCE, "about": QUANTITY_TOLERANCE}.get(approx, 0.0)
    if upper is not None:
        lo, hi = claimed, upper
        if approx in ("exact", "about"):
            return lo - tol * abs(lo) <= observed <= hi + tol * abs(hi)
        if approx in ("at_least", "more_than"):
            return observed >= lo if approx == "at_least" else observed > lo
        if approx in ("at_most", "less_than"):
            return observed <= hi if approx == "at_most" else observed < hi
        return NEARLY_LOWER * lo <= observed <= hi  # nearly
    if approx in ("exact", "about"):
        return abs(observed - claimed) <= tol * abs(claimed) + 1e-12
    if approx == "nearly":
        lo, hi = sorted((NEARLY_LOWER * claimed, claimed))
        return lo <= observed <= hi
    if approx == "at_least":
        return observed >= claimed
    if approx == "more_than":
        return observed > claimed
    if approx == "at_most":
        return observed <= claimed
    if approx == "less_than":
        return observed < claimed
    raise ValueError(f"unknown approx {approx!r}")


# ---------------------------------------------------------------- units

# unit -> (family, factor to the family's base unit)
_UNITS: dict[str, tuple[str, float]] = {
    "km": ("length", 1000.0),
    "m": ("length", 1.0),
    "cm": ("length", 0.01),
    "mm": ("length", 0.001),
    "mile": ("length", 1609.344),
    "km2": ("area", 1e6),
    "m2": ("area", 1.0),
    "hectare": ("area", 1e4),
    "mu": ("area", 666.6667),
    "t": ("mass", 1000.0),
    "kg": ("mass", 1.0),
    "g": ("mass", 0.001),
    "year": ("duration", 365.25),
    "month": ("duration", 30.4375),
    "week": ("duration", 7.0),
    "day": ("duration", 1.0),
    "hour": ("duration", 1 / 24),
    "CNY": ("money:CNY", 1.0),
    "USD": ("money:USD", 1.0),
    "EUR": ("money:EUR", 1.0),
    "percent": ("ratio", 0.01),
    "ratio": ("ratio", 1.0),
    "person": ("count:person", 1.0),
    "item": ("count", 1.0),
}

_UNIT_ALIASES: dict[str, str] = {
    "公里": "km",
    "千米": "km",
    "kilometer": "km",
    "kilometre": "km",
    "kilometers": "km",
    "kilometres": "km",
    "米": "m",
    "meter": "m",
    "metre": "m",
    "meters": "m",
    "metres": "m",
    "厘米": "cm",
    "毫米": "mm",
    "miles": "mile",
    "英里": "mile",
    "平方公里": "km2",
    "平方千米": "km2",
    "km²": "km2",
    "square kilometres": "km2",
    "square kilometers": "km2",
    "sq km": "km2",
    "平方米": "m2",
    "m²": "m2",
    "公顷": "hectare",
    "hectares": "hectare",
    "ha": "hectare",
    "亩": "mu",
    "吨": "t",
    "tonne": "t",
    "tonnes": "t",
    "tons": "t",
    "ton": "t",
    "公斤": "kg",
    "千克": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "克": "g",
    "grams": "g",
    "gram": "g",
    "年": "year",
    "years": "year",
    "个月": "month",
    "月": "month",
    "months": "month",
    "周": "week",
    "星期": "week",
    "weeks": "week",
    "天": "day",
    "日": "day",
    "days": "day",
    "小时": "hour",
    "hours": "hour",
    "元": "CNY",
    "人民币": "CNY",
    "rmb": "CNY",
    "yuan": "CNY",
    "美元": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "$": "USD",
    "us$": "USD",
    "欧元": "EUR",
    "euros": "EUR",
    "euro": "EUR",
    "€": "EUR",
    "%": "percent",
    "percent": "percent",
    "per cent": "percent",
    "fraction": "ratio",
    "人": "person",
    "名": "person",
    "位": "person",
    "people": "person",
    "persons": "person",
    "inhabitants": "person",
    "residents": "person",
    "employees": "person",
    "students": "person",
}

# Counters (家, 所, 个, 项…) name what is counted, not a unit: they are compatible with each other and
# with a bare number.
_COUNTERS = frozenset(
    _words("家 所 个 项 座 件 台 辆 篇 部 条 只 款 种 次 届 场 枚 颗 株 本 册 支 架 艘")
)


def normalize_unit(unit: str | None) -> str | None:
    """Canonical unit name (``公里`` → ``km``); counters and unknown words map to ``None`` (a count)."""
    if unit is None:
        return None
    u = unit.strip()
    if not u or u in _COUNTERS:
        return None
    if u in _UNITS:
        return u
    low = u.lower()
    if low in _UNITS:
        return low
    if u in _UNIT_ALIASES:
        return _UNIT_ALIASES[u]
    if low in _UNIT_ALIASES:
        return _UNIT_ALIASES[low]
    return None


def convert_unit(value: float, from_unit: str | None, to_unit: str | None) -> float | None:
    """Convert ``value`` between units of one family; ``None`` when the families differ.

    ``None`` units are plain counts: compatible with each other and with counted units (person), since a
    Wikidata population has no unit while a claim may say 人.
    """
    for raw in (from_unit, to_unit):
        if raw and re.fullmatch(r"Q\d+", raw.strip()) and from_unit != to_unit:
            return None  # a Wikidata unit item we have no conversion for
    fu, tu = normalize_unit(from_unit), normalize_unit(to_unit)
    if fu == tu:
        return value
    if fu is None or tu is None:
        other = tu if fu is None else fu
        if other is not None and _UNITS[other][0].startswith("count"):
            return value
        return None
    ffam, ffac = _UNITS[fu]
    tfam, tfac = _UNITS[tu]
    if ffam != tfam:
        return None
    return value * ffac / tfac


# ---------------------------------------------------------------- number finding

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}  # fmt: skip
_CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNITS = {"万": 1e4, "亿": 1e8}
_SCALE_WORDS = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "k": 1e3,
    "m": 1e6,
    "bn": 1e9,
    "千": 1e3,
    "万": 1e4,
    "十万": 1e5,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
    "万亿": 1e12,
}


def parse_chinese_number(text: str) -> float | None:
    """Parse a Chinese numeral (``三千五百``, ``十二``, ``两万``, ``一九八〇``); ``None`` if it is not one."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_SMALL_UNITS and ch not in _CN_BIG_UNITS
                       for ch in text):  # fmt: skip
        return None
    if all(ch in _CN_DIGITS for ch in text) and len(text) > 1:  # digit by digit: 一九八〇
        return float("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = 0.0
    section = 0.0
    digit: float | None = None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * _CN_SMALL_UNITS[ch]
            digit = None
        else:
            big = _CN_BIG_UNITS[ch]
            section += digit or 0
            total = (total + section) * big if big > 1e4 and total else total + section * big
            section = 0.0
            digit = None
    return total + section + (digit or 0)


@dataclass(frozen=True)
class FoundNumber:
    """A number found in text, scaled (万, million) and with its unit normalized."""

    value: float
    unit: str | None
    raw: str
    start: int
    end: int


_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?"
_CN_NUM = r"[零〇一二两三四五六七八九十百千万亿]+"
_SCALE = (
    r"(?:\s?(?:thousand|million|billion|trillion|bn)\b|万亿|十万|百万|千万|万|亿|千(?![米克瓦]))?"
)
_UNIT_WORDS = sorted(
    (
        k
        for k in list(_UNIT_ALIASES) + list(_UNITS) + list(_COUNTERS)
        if k not in ("m", "g", "t", "年", "月", "日")
    ),
    key=len,
    reverse=True,
)
_UNIT_RE = "|".join(re.escape(u) for u in _UNIT_WORDS)
_NUMBER_RE = re.compile(
    rf"(?P<cur>[$€]|US\$)?\s?(?P<num>{_NUM})(?P<scale>{_SCALE})\s?(?P<unit>{_UNIT_RE})?"
    rf"|(?P<cn>{_CN_NUM})(?P<cnunit>{_UNIT_RE})",
    re.IGNORECASE,
)
_PCT_WORD_RE = re.compile(r"百分之(?P<num>[\d.]+|[零〇一二两三四五六七八九十百点]+)")


def find_numbers(text: str) -> list[FoundNumber]:
    """Find numbers in English or Chinese text: scale words applied, percentages as fractions.

    Years-looking integers followed by 年 or preceded by "in" are skipped (they are dates).
    """
    out: list[FoundNumber] = []
    date_spans = [(d.start, d.start + len(d.raw)) for d in find_dates(text)]
    for m in _NUMBER_RE.finditer(text):
        if any(s <= m.start() < e or s < m.end() <= e for s, e in date_spans):
            continue
        if m.group("num"):
            raw_num = m.group("num").replace(",", "")
            try:
                value = float(raw_num)
            except ValueError:
                continue
            scale = (m.group("scale") or "").strip().lower()
            unit = m.group("unit")
            if _looks_like_year(text, m.start("num"), m.end("num"), value, scale, unit):
                continue
            value *= _SCALE_WORDS.get(scale, 1.0)
            if m.group("cur"):
                unit = unit or m.group("cur")
        else:
            cn_value = parse_chinese_number(m.group("cn"))
            if cn_value is None:
                continue
            value, unit = cn_value, m.group("cnunit")
        norm = normalize_unit(unit)
        if norm == "percent":
            value, norm = value / 100.0, "ratio"
        out.append(FoundNumber(value, norm, m.group().strip(), m.start(), m.end()))
    for m in _PCT_WORD_RE.finditer(text):
        raw = m.group("num")
        try:
            pv: float | None = float(raw)
        except ValueError:
            pv = parse_chinese_number(raw.replace("点", "")) if "点" not in raw else None
        if pv is not None:
            out.append(FoundNumber(pv / 100.0, "ratio", m.group(), m.start(), m.end()))
    return out


def _looks_like_year(
    text: str, start: int, end: int, value: float, scale: str, unit: str | None
) -> bool:
    if scale or not value.is_integer() or not 1000 <= value <= 2100 or end - start != 4:
        return False
    if unit and normalize_unit(unit) not in (None, "year"):
        return False
    after = text[end : end + 1]
    before = text[max(0, start - 5) : start].lower()
    return after in ("年", "-", "/") or before.endswith(("in ", "since ", "by ", "of ")) or not unit


# ---------------------------------------------------------------- dates

_MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}  # fmt: skip
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTH_RE = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DATE_RES = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4}|[一二三四五六七八九〇零]{4})\s?年\s?(?:(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s?月\s?(?:(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s?[日号])?)?"),
    re.compile(rf"(?P<d>\d{{1,2}})\s+{_MONTH_RE}\s+(?P<y>\d{{4}})", re.IGNORECASE),
    re.compile(rf"{_MONTH_RE}\s+(?:(?P<d>\d{{1,2}}),?\s+)?(?P<y>\d{{4}})", re.IGNORECASE),
    re.compile(r"\b(?:in|since|by|from|until|of)\s+(?P<y>1\d{3}|20\d{2})\b", re.IGNORECASE),
]  # fmt: skip


@dataclass(frozen=True)
class FoundDate:
    """A date found in text, at the precision the text gives."""

    value: str
    precision: Literal["year", "month", "day"]
    raw: str
    start: int


def _cn_or_int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    v = parse_chinese_number(s)
    return int(v) if v is not None else None


def find_dates(text: str) -> list[FoundDate]:
    """Find dates (ISO, 1980年10月23日, 23 October 1980, October 1980, "in 1980") in text."""
    out: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for rx in _DATE_RES:
        for m in rx.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            gd = m.groupdict()
            y = _cn_or_int(gd["y"])
            mon: int | None
            if gd.get("mon"):
                mon = _MONTHS.get(gd["mon"].lower().rstrip(".")[:3])
            else:
                mon = _cn_or_int(gd["m"]) if gd.get("m") else None
            d = _cn_or_int(gd["d"]) if gd.get("d") else None
            if y is None:
                continue
            try:
                if mon is not None and d is not None:
                    fd = FoundDate(dt.date(y, mon, d).isoformat(), "day", m.group(), m.start())
                elif mon is not None and 1 <= mon <= 12:
                    fd = FoundDate(f"{y:04d}-{mon:02d}", "month", m.group(), m.start())
                else:
                    fd = FoundDate(f"{y:04d}", "year", m.group(), m.start())
            except ValueError:
                continue
            taken.append((m.start(), m.end()))
            out.append(fd)
    out.sort(key=lambda f: f.start)
    return out


_PRECISION_ORDER = {"year": 0, "month": 1, "day": 2}
_ISO_AT_PRECISION = {
    "year": re.compile(r"^-?\d{4}"),
    "month": re.compile(r"^-?\d{4}-(?:0[1-9]|1[0-2])"),
    "day": re.compile(r"^-?\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"),
}


def compare_date(claimed: DateValue, value: str, precision: str) -> bool | None:
    """Compare a claimed date with an evidence date at the coarser precision of the two.

    Returns ``None`` when they agree at the evidence's precision but the claim is finer (a day claim
    against a bare year cannot be confirmed).
    """
    if precision not in _PRECISION_ORDER:
        return None
    coarse = min(_PRECISION_ORDER[claimed.precision], _PRECISION_ORDER[precision])
    n = (4, 7, 10)[coarse]
    claimed_iso = _iso_prefix(claimed.value)
    observed_iso = _iso_prefix(value)
    if not _ISO_AT_PRECISION[precision].match(observed_iso):
        return None  # not a date ("", "garbage", month 00): it can refute nothing
    if claimed_iso[:n] != observed_iso[:n]:
        return False
    if _PRECISION_ORDER[claimed.precision] > _PRECISION_ORDER[precision]:
        return None
    return True


def _iso_prefix(value: str) -> str:
    v = value.strip().lstrip("+")
    if "T" in v:
        v = v.split("T", 1)[0]
    parts = v.split("-")
    if parts and parts[0].isdigit():
        parts[0] = parts[0].zfill(4)
    return "-".join(parts)


# ---------------------------------------------------------------- ranks

_RANK_RES = [
    (re.compile(r"(?:not\s+(?:in|among)\s+the\s+top|outside\s+(?:of\s+)?the\s+top)\s+(?P<n>\d+)", re.I), "more_than"),
    (re.compile(r"(?:未进入|未进|没有进入|不在)前\s?(?P<n>\d+|[一二三四五六七八九十百]+)"), "more_than"),
    (re.compile(r"\btop[\s-]+(?P<n>\d+)\b", re.I), "at_most"),
    (re.compile(r"前\s?(?P<n>\d+|[一二三四五六七八九十百]+)\s?(?:名|位|强)"), "at_most"),
    (re.compile(r"第\s?(?P<n>\d+|[一二三四五六七八九十百]+)\s?(?:名|位)?"), "exact"),
    (re.compile(r"\b(?:ranked?|ranks|ranking|No\.|number)\s+(?P<n>\d+)(?:st|nd|rd|th)?\b", re.I), "exact"),
    (re.compile(r"\b(?P<n>\d+)(?:st|nd|rd|th)\b", re.I), "exact"),
]  # fmt: skip
_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                  "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}  # fmt: skip
_ORDINAL_RE = re.compile(
    r"\b(?:ranks?|ranked|is|was|the)\s+(?P<w>" + "|".join(_ORDINAL_WORDS) + r")\b", re.I
)


def find_ranks(text: str) -> list[tuple[int, str]]:
    """Find rank statements as ``(position, approx)``: 第3 → (3, exact), top 10 → (10, at_most)."""
    out: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for rx, approx in _RANK_RES:
        for m in rx.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            n = _cn_or_int(m.group("n"))
            if n is None or n < 1:
                continue
            taken.append((m.start(), m.end()))
            out.append((n, approx))
    for m in _ORDINAL_RE.finditer(text):
        out.append((_ORDINAL_WORDS[m.group("w").lower()], "exact"))
    return out


def compare_rank(claimed: Rank, position: int, observed_approx: str = "exact") -> bool | None:
    """Compare a claimed rank with an evidence rank.

    An exact evidence position decides every claim form. A bounded evidence rank ("top 10") decides only
    what it implies: it supports "top 15" but cannot confirm "3rd".
    """
    if observed_approx == "exact":
        return value_satisfies(claimed.approx, claimed.position, position)
    if observed_approx == "at_most":  # evidence: somewhere in 1..position
        if claimed.approx in ("at_most", "less_than"):
            bound = claimed.position if claimed.approx == "at_most" else claimed.position - 1
            return True if position <= bound else None
        if claimed.approx in ("more_than", "at_least"):
            bound = claimed.position + 1 if claimed.approx == "more_than" else claimed.position
            return False if position < bound else None
        return False if claimed.position > position else None
    if observed_approx == "more_than":  # evidence: beyond position
        if claimed.approx in ("more_than", "at_least"):
            bound = claimed.position if claimed.approx == "more_than" else claimed.position - 1
            return True if position >= bound else None
        if claimed.approx in ("at_most", "less_than", "exact", "nearly", "about"):
            return False if claimed.position <= position else None
    return None


# ---------------------------------------------------------------- quantities


def compare_quantity(claimed: Quantity, observed: float, unit: str | None = None) -> bool | None:
    """Compare a claimed quantity with an evidence value, converting units; ``None`` if incomparable."""
    x = convert_unit(observed, unit, claimed.unit)
    if x is None:
        if (
            normalize_unit(claimed.unit) == "ratio"
            and normalize_unit(unit) is None
            and observed > 1
        ):
            x = observed / 100.0  # a bare "30.6" beside a fraction claim: a percent figure
        else:
            return None
    return value_satisfies(claimed.approx, claimed.value, x, upper=claimed.upper)


def compare_text_numbers(claimed: Quantity, text: str) -> bool | None:
    """Compare a claimed quantity with the numbers found in a passage of the same unit family.

    True when one of them satisfies the claim, False when some are comparable and none does, None when
    no comparable number is found.
    """
    seen = False
    for f in find_numbers(text):
        r = compare_quantity(claimed, f.value, f.unit)
        if r is None:
            continue
        if normalize_unit(claimed.unit) is None and f.unit is not None:
            continue  # a bare count is not checked against measured amounts
        seen = True
        if r:
            return True
    return False if seen else None


# ---------------------------------------------------------------- structured (Wikidata) values

# Keyword → Wikidata property: which structured value a claim is about. Only mapped properties are
# compared, so an unrelated date on the same item never refutes a claim.
DATE_PROPERTIES: dict[str, tuple[str, ...]] = {
    "P571": ("成立", "创立", "创办", "创建", "建立", "founded", "established", "inception", "created", "formed"),
    "P569": ("出生", "生于", "诞生", "born", "birth"),
    "P570": ("去世", "逝世", "死于", "died", "death"),
    "P576": ("解散", "关闭", "dissolved", "abolished", "closed"),
    "P577": ("发布", "出版", "发表", "published", "released", "publication"),
    "P1619": ("开通", "开业", "启用", "opened", "opening"),
    "P580": ("开始", "始于", "started", "began"),
    "P582": ("结束", "ended"),
}  # fmt: skip
QUANTITY_PROPERTIES: dict[str, tuple[str, ...]] = {
    "P1082": ("人口", "常住人口", "居民", "population", "inhabitants", "residents"),
    "P2046": ("面积", "area"),
    "P1128": ("员工", "雇员", "职工", "employees", "staff"),
    "P2196": ("学生", "在校生", "students"),
    "P2048": ("高度", "高", "height", "tall"),
    "P2043": ("长度", "长", "length", "long"),
    "P2044": ("海拔", "elevation", "altitude"),
    "P2139": ("营收", "收入", "revenue"),
    "P2131": ("GDP", "国内生产总值", "地区生产总值"),
    "P1198": ("失业率", "unemployment"),
}  # fmt: skip
ENTITY_PROPERTIES: dict[str, tuple[str, ...]] = {
    "P159": ("总部", "headquarter", "headquartered", "based in"),
    "P131": ("位于", "located in", "坐落"),
    "P17": ("国家", "country"),
    "P112": ("创始人", "创办人", "founded by", "founder"),
    "P169": ("首席执行官", "CEO", "chief executive"),
    "P488": ("董事长", "主席", "chairperson", "chairman"),
    "P36": ("首都", "capital"),
    "P6": ("市长", "首脑", "mayor", "head of government"),
    "P749": ("母公司", "parent company", "parent organization"),
    "P50": ("作者", "author", "written by"),
}  # fmt: skip


def _claim_context(claim: Claim) -> str:
    return " ".join(x for x in (claim.predicate, claim.text) if x).lower()


def _mentioned_properties(claim: Claim, table: Mapping[str, Sequence[str]]) -> list[str]:
    ctx = _claim_context(claim)
    pred = (claim.predicate or "").lower()
    hits_pred = [p for p, kws in table.items() if any(k.lower() in pred for k in kws)]
    if hits_pred:
        return hits_pred
    return [p for p, kws in table.items() if any(_keyword_in(k.lower(), ctx) for k in kws)]


def _keyword_in(keyword: str, text: str) -> bool:
    if keyword.isascii():
        return re.search(rf"\b{re.escape(keyword)}\b", text) is not None
    return keyword in text


def _norm_text(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    return re.sub(r"[\s\-_·・.,，。()（）\"'“”]+", "", s)


def _statement_values(raw: Any) -> Iterator[Mapping[str, Any]]:
    """Yield statements as dicts from the tolerated shapes: list of dicts, list of scalars, scalar."""
    items: Iterable[Any] = raw if isinstance(raw, list) else [raw]
    for it in items:
        if isinstance(it, Mapping):
            yield it
        elif it is not None:
            yield {"value": it}


def _labels_of(structured: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    for key in ("labels", "aliases"):
        val = structured.get(key)
        if isinstance(val, Mapping):
            for v in val.values():
                out.extend(v if isinstance(v, list) else [v])
        elif isinstance(val, list):
            out.extend(val)
        elif isinstance(val, str):
            out.append(val)
    return [str(x) for x in out if x]


def _about_subject(claim: Claim, structured: Mapping[str, Any]) -> bool:
    """Whether the structured item is the claim's subject (when both sides name it)."""
    labels = [_norm_text(x) for x in _labels_of(structured)]
    names = [claim.subject] if claim.subject else []
    names += [e.text for e in claim.entities]
    names = [_norm_text(n) for n in names if n]
    if not labels or not names:
        return True
    return any(lab and n and (lab == n or lab in n or n in lab) for lab in labels for n in names)


def _fmt_number(v: float) -> str:
    if float(v).is_integer() and abs(v) < 1e15:
        return f"{int(v):,}"
    return f"{v:.4g}"


def _fmt_quantity(q: Quantity) -> str:
    s = q.raw or (
        f"{_fmt_number(q.value)}" + (f"..{_fmt_number(q.upper)}" if q.upper is not None else "")
    )
    return f"{s} ({q.approx})" if q.approx != "exact" else s


def compare_structured(claim: Claim, document: Document) -> list[Comparison]:
    """Check a claim's quantities, dates and object entity against a document's structured values.

    Only properties that the claim's predicate or text names (see ``DATE_PROPERTIES``,
    ``QUANTITY_PROPERTIES``, ``ENTITY_PROPERTIES``) are compared, and only when the item is the claim's
    subject (labels vs subject/entities); otherwise the result is empty.
    """
    st = document.structured
    if not st or not _about_subject(claim, st):
        return []
    out: list[Comparison] = []
    where = document.url or document.id
    if claim.dates:
        for prop in _mentioned_properties(claim, DATE_PROPERTIES):
            stmts = [s for s in _statement_values(st.get(prop)) if s.get("value") is not None]
            if not stmts:
                continue
            for cd in claim.dates:
                results = [
                    (compare_date(cd, str(s["value"]), str(s.get("precision") or "day")), s)
                    for s in stmts
                ]
                decided = [(r, s) for r, s in results if r is not None]
                if not decided:
                    continue
                ok = [s for r, s in decided if r]
                s0 = ok[0] if ok else decided[0][1]
                outcome: Outcome = "supported" if ok else "refuted"
                verb = "matches" if ok else "contradicts"
                out.append(
                    Comparison(
                        outcome, "date", cd.raw or cd.value, str(s0["value"]),
                        f"{prop} = {s0['value']} in {where} {verb} the claimed date "
                        f"{cd.raw or cd.value} (compared at {cd.precision} precision).",
                        prop, document.id, document.url,
                    )
                )  # fmt: skip
    if claim.quantities:
        for prop in _mentioned_properties(claim, QUANTITY_PROPERTIES):
            stmts = [
                s for s in _statement_values(st.get(prop)) if _as_float(s.get("value")) is not None
            ]
            if not stmts:
                continue
            for q in claim.quantities:
                results = []
                for s in stmts:
                    x = _as_float(s.get("value"))
                    assert x is not None
                    results.append((compare_quantity(q, x, s.get("unit")), s))
                decided = [(r, s) for r, s in results if r is not None]
                if not decided:
                    continue
                ok = [s for r, s in decided if r]
                s0 = ok[0] if ok else decided[0][1]
                verb = "satisfies" if ok else "contradicts"
                unit = f" {s0.get('unit')}" if s0.get("unit") else ""
                out.append(
                    Comparison(
                        "supported" if ok else "refuted", "quantity", _fmt_quantity(q),
                        f"{_fmt_number(float(s0['value']))}{unit}",
                        f"{prop} = {_fmt_number(float(s0['value']))}{unit} in {where} {verb} the "
                        f"claimed {_fmt_quantity(q)}.",
                        prop, document.id, document.url,
                    )
                )  # fmt: skip
    if claim.object:
        target = _norm_text(claim.object)
        for prop in _mentioned_properties(claim, ENTITY_PROPERTIES):
            stmts = list(_statement_values(st.get(prop)))
            names = [n for s in stmts for n in _entity_names(s)]
            if not names or not target:
                continue
            hit = next((n for n in names if _norm_text(n) == target or (
                len(target) >= 2 and (target in _norm_text(n) or _norm_text(n) in target))), None)  # fmt: skip
            shown = hit or names[0]
            out.append(
                Comparison(
                    "supported" if hit else "refuted", "entity", claim.object, shown,
                    f"{prop} = {shown} in {where} "
                    f"{'matches' if hit else 'does not match'} the claimed {claim.object}.",
                    prop, document.id, document.url,
                )
            )  # fmt: skip
    return out


def _entity_names(stmt: Mapping[str, Any]) -> list[str]:
    names: list[str] = []
    for key in ("label", "labels", "value", "aliases"):
        v = stmt.get(key)
        if isinstance(v, Mapping):
            for x in v.values():
                names.extend(x if isinstance(x, list) else [x])
        elif isinstance(v, list):
            names.extend(v)
        elif v is not None:
            names.append(v)
    return [str(n) for n in names if n and not re.fullmatch(r"Q\d+", str(n))]


def _as_float(v: Any) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, int | float):
        return float(v) if math.isfinite(float(v)) else None
    if isinstance(v, str):
        try:
            number = float(v.replace(",", "").lstrip("+"))
        except ValueError:
            return None
        return number if math.isfinite(number) else None  # "NaN" would refute every claim
    return None


# ---------------------------------------------------------------- aligned text values

ALIGNED_CONFIDENCE = 0.85
"""Confidence of a verdict decided by aligned text values (same head noun or same subject); set by
hand like the structured one: no labelled data exists to calibrate it. Below Wikidata's 0.95."""

_HEAD_STOP = re.compile(r"[\s，,。．.；;：:、！!？?（）()“”\"'《》和与及或]|以上|以下|左右")
_CLAUSE_SPLIT = re.compile(r"[，,。；;！!？?\n]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_EN_STOP = frozenset({"of", "the", "a", "an", "and", "or", "in", "on", "at", "to", "for", "per"})


class _HasDocument(Protocol):
    """What :func:`aligned_comparisons` reads of a passage (``factcheck.verify.passages.Passage``)."""

    @property
    def text(self) -> str: ...

    @property
    def document(self) -> Document: ...


def _head_after(text: str, end: int) -> str | None:
    """The noun phrase right after a number: 高等院校 in 41所高等院校; 'ai scholars' in English."""
    rest = text[end:].lstrip()
    if rest and _CJK.match(rest):
        cut = _HEAD_STOP.search(rest)
        head = rest[: cut.start() if cut else len(rest)][:12]
        return head if len(head) >= 2 else None
    words = [w.lower() for w in _EN_WORD.findall(rest[:60])[:3]]
    words = [w for w in words if w not in _EN_STOP][:2]
    head = " ".join(words)
    return head if len(head) >= 4 else None


def _starts_with_head(text: str, end: int, head: str) -> bool:
    rest = text[end:].lstrip()
    if _CJK.match(head):
        return rest.startswith(head)
    words = [w.lower() for w in _EN_WORD.findall(rest[:80])[:4] if w.lower() not in _EN_STOP]
    return " ".join(words[: len(head.split())]) == head


def _unit_char(raw: str | None) -> str | None:
    if raw and _CJK.match(raw[-1]) and raw[-1] not in _CN_NUM_CHARS_ALL:
        return raw[-1]
    return None


_CN_NUM_CHARS_ALL = "零〇一二两三四五六七八九十百千万亿"


def _names(claim: Claim) -> list[str]:
    names = [claim.subject] if claim.subject else []
    names += [e.text for e in claim.entities if e.type in ("place", "org", "person", "product")]
    return [n for n in dict.fromkeys(names) if n and len(n) >= 2]


def _mentions(passage: _HasDocument, names: Sequence[str]) -> bool:
    if not names:
        return True
    haystack = passage.text + " " + (passage.document.title or "")
    return any(n in haystack for n in names)


def _rank_subject(claim: Claim) -> str | None:
    if claim.subject and len(claim.subject) >= 2:
        return claim.subject
    raw = claim.rank.raw if claim.rank else None
    at = claim.text.find(raw) if raw else -1
    best: tuple[int, str] | None = None
    for e in claim.entities:
        pos = claim.text.find(e.text)
        if pos >= 0 and (at < 0 or pos < at) and (best is None or pos > best[0]):
            best = (pos, e.text)
    return best[1] if best else None


def aligned_comparisons(claim: Claim, passages: Sequence[_HasDocument]) -> list[Comparison]:
    """Compare the claim's quantities and rank with values stated *about the same thing* in text.

    A quantity is compared with a passage number only when the passage names the claim's subject or
    one of its entities and the number is followed by the same head noun and unit (41所高等院校 vs
    37所高等院校); a rank only with a rank in the same clause as the claim's subject (上海位列第十).
    Values that merely co-occur are left to the stance model.
    """
    out: list[Comparison] = []
    names = _names(claim)
    for q in claim.quantities:
        if not q.raw:
            continue
        at = claim.text.find(q.raw)
        head = _head_after(claim.text, at + len(q.raw)) if at >= 0 else None
        if head is None:
            continue
        unit_char = _unit_char(q.raw)
        for p in passages:
            if not _mentions(p, names):
                continue
            for f in find_numbers(p.text):
                if unit_char and _unit_char(f.raw) != unit_char:
                    continue
                if not _starts_with_head(p.text, f.end, head):
                    continue
                result = compare_quantity(q, f.value, f.unit)
                if result is None:
                    continue
                outcome: Outcome = "supported" if result else "refuted"
                verb = "agrees with" if result else "contradicts"
                out.append(
                    Comparison(
                        outcome=outcome,
                        kind="quantity",
                        claimed=q.raw,
                        observed=f.raw,
                        sentence=f"The evidence states {f.raw}{head}, which {verb} the claimed "
                        f"{q.raw}{head}: “{_short(p.text)}” ({p.document.id}).",
                        document_id=p.document.id,
                        url=p.document.url or None,
                    )
                )
                break
    subject = _rank_subject(claim) if claim.rank else None
    if claim.rank and subject:
        for p in passages:
            for clause in _CLAUSE_SPLIT.split(p.text):
                if subject not in clause:
                    continue
                ranks = find_ranks(clause[clause.find(subject) :])
                if not ranks:
                    continue
                position, approx = ranks[0]
                result = compare_rank(claim.rank, position, approx)
                if result is None:
                    continue
                observed = clause.strip()
                verb = "agrees with" if result else "contradicts"
                out.append(
                    Comparison(
                        outcome="supported" if result else "refuted",
                        kind="rank",
                        claimed=claim.rank.raw or f"#{claim.rank.position}",
                        observed=observed,
                        sentence=f"The evidence says “{_short(observed)}”, which {verb} the "
                        f"claimed rank of {subject} ({claim.rank.raw or claim.rank.position}) "
                        f"({p.document.id}).",
                        document_id=p.document.id,
                        url=p.document.url or None,
                    )
                )
                break
    return out


def _short(text: str, limit: int = 160) -> str:
    t = " ".join(text.split())
    return t if len(t) <= limit else t[: limit - 1] + "…"
