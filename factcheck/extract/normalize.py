"""Normalize numbers, quantities, dates and ranks found in Chinese and English text.

Pure functions: text in, :class:`Match` objects out, each with ``[start, end)`` offsets into the
text exactly as given and a value from :mod:`factcheck.models` (:class:`Quantity`,
:class:`DateValue`, :class:`Rank`). Conventions (DESIGN.md):

- Chinese and Arabic numerals with 十/百/千/万/亿 scales are expanded (1.5万 → 15000, 千万 → 1e7);
- percentages and fractions are fractions of one with unit ``%`` (30.6% → 0.306, 三分之二 → 0.6667,
  一半 → 0.5);
- approximation words set ``approx`` (近/将近 → nearly, 约/左右/上下 → about, 超过/逾/多/余 →
  more_than, 至少/以上 → at_least, 不到/不足 → less_than, 最多/以内 → at_most);
- a range keeps its lower bound in ``value`` and its upper bound in ``upper``;
- dates are ISO strings cut to their precision; a decade (20世纪80年代, the 1980s) is its first year
  at precision ``year``; relative dates (今年, 去年, 20年前, last year) need ``published``;
- ranks: 第三 → 3; 前15 / top 15 → at_most 15; 没能进入前15名 / not in the top 15 → more_than 15.

:func:`find_values` runs the three finders without overlaps (dates and ranks first, so 1980年 is not
a quantity of years and 前15名 not a count of people).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeVar

from factcheck.models import Approx, DateValue, Quantity, Rank

__all__ = [
    "Match",
    "NormalizedValues",
    "find_dates",
    "find_quantities",
    "find_ranks",
    "find_values",
    "parse_approx",
    "parse_chinese_number",
    "parse_number",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Match(Generic[T]):
    """A value found in a text: ``text[start:end]`` is what it was read from."""

    start: int
    end: int
    value: T


@dataclass(frozen=True)
class NormalizedValues:
    """Everything :func:`find_values` found in one text, without overlaps, in text order."""

    quantities: list[Match[Quantity]]
    dates: list[Match[DateValue]]
    ranks: list[Match[Rank]]


# --- numbers ---------------------------------------------------------------------------------

_CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CN_NUM_CHARS = "".join([*_CN_DIGITS, *_CN_SMALL_UNITS, *_CN_BIG_UNITS])
_SCALE_CHARS = "十百千万亿萬億"
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，％～－", "0123456789.,%~-")
# Control characters (C0 but tab/newline/CR, DEL, C1) become spaces before matching: regex \s
# matches U+001C-U+001F, and a control character in a value's raw text is invalid in a claim file.
# One character for one, so offsets still index the caller's text.
_CONTROLS = {
    c: " " for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]
}


def _mask_controls(text: str) -> str:
    return text.translate(_CONTROLS)


_ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# An Arabic number, optionally scaled by Chinese units (1.5万, 5000万, 3千); or a Chinese numeral.
_NUM = rf"(?:(?:{_ARABIC})[{_SCALE_CHARS}]*|[{_CN_NUM_CHARS}]+)"


def _parse_chinese_int(text: str) -> int | None:
    """Parse a Chinese integer numeral (二十, 一百零五, 一亿二千万, 一九八〇); None when malformed."""
    if not text or any(ch not in _CN_NUM_CHARS for ch in text):
        return None
    if len(text) > 1 and all(ch in _CN_DIGITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))  # digit by digit: 一九八〇
    result = section = number = 0
    for ch in text:
        if ch in _CN_DIGITS:
            number = _CN_DIGITS[ch]
        elif ch in _CN_SMALL_UNITS:
            section += (number or 1) * _CN_SMALL_UNITS[ch]
            number = 0
        elif ch in ("万", "萬"):
            result += (section + number or (0 if result else 1)) * 10_000
            section = number = 0
        else:  # 亿
            result = (result + section + number or 1) * 100_000_000
            section = number = 0
    return result + section + number


def parse_chinese_number(text: str) -> Decimal | None:
    """Parse a number written with Chinese numerals, Arabic digits or both (1.5万, 千万, 3,000)."""
    text = text.translate(_FULLWIDTH).strip()
    if not text:
        return None
    m = re.fullmatch(rf"({_ARABIC})([{_SCALE_CHARS}]*)", text)
    if m:
        try:
            value = Decimal(m.group(1).replace(",", ""))
        except InvalidOperation:
            return None
        for ch in m.group(2):
            value *= _CN_SMALL_UNITS.get(ch) or _CN_BIG_UNITS[ch]
        return value
    parsed = _parse_chinese_int(text)
    return None if parsed is None else Decimal(parsed)


_EN_NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a dozen": 12, "dozen": 12,
}  # fmt: skip
_EN_SCALES: dict[str, int] = {
    "hundred": 100, "thousand": 1_000, "k": 1_000, "million": 1_000_000, "m": 1_000_000,
    "mn": 1_000_000, "billion": 1_000_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
    "trillion": 1_000_000_000_000, "tn": 1_000_000_000_000,
}  # fmt: skip


def parse_number(text: str) -> float | None:
    """Parse one number in any supported form (41, 1.5万, 三分之二, 30.6%, 3.5 million, two-thirds).

    Percentages and fractions come back as fractions of one. Returns None when ``text`` is not a
    number as a whole.
    """
    raw = text.translate(_FULLWIDTH).strip()
    if not raw:
        return None
    m = re.fullmatch(r"(.+?)\s*%", raw) or re.fullmatch(r"百分之(.+)", raw)
    if m:
        inner = parse_chinese_number(m.group(1))
        return None if inner is None else float(inner / 100)
    m = re.fullmatch(r"(.+?)分之(.+)", raw)
    if m:
        den, num = parse_chinese_number(m.group(1)), parse_chinese_number(m.group(2))
        if den and num is not None:
            return round(float(num / den), 4)
        return None
    if raw in ("一半", "半数", "过半", "half", "a half"):
        return 0.5
    value = parse_chinese_number(raw)
    if value is not None:
        return float(value)
    return _parse_english_number(raw.lower())


def _parse_english_number(raw: str) -> float | None:
    m = re.fullmatch(rf"({_ARABIC})\s*([a-z]+)?", raw)
    if m:
        base = Decimal(m.group(1).replace(",", ""))
        scale = m.group(2)
        if scale is None:
            return float(base)
        if scale in _EN_SCALES:
            return float(base * _EN_SCALES[scale])
        return None
    frac = _EN_FRACTIONS_RE.fullmatch(raw)
    if frac:
        return _english_fraction(frac.group(1), frac.group(2))
    words = raw.replace("-", " ").split()
    total = current = 0
    seen = False
    i = 0
    while i < len(words):
        word = words[i]
        if word == "a" and i + 1 < len(words) and words[i + 1] in _EN_SCALES:
            current = 1
        elif word in _EN_NUMBER_WORDS:
            current += _EN_NUMBER_WORDS[word]
        elif word in _EN_SCALES and word not in ("k", "m", "b", "mn", "bn", "tn"):
            scale = _EN_SCALES[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        elif word == "and" and seen:
            pass
        else:
            return None
        seen = True
        i += 1
    return float(total + current) if seen else None


_EN_ORDINAL_DEN: dict[str, int] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}  # fmt: skip
_EN_FRACTIONS_RE = re.compile(
    r"(a|one|two|three|four|nine)[\s-]+(" + "|".join(_EN_ORDINAL_DEN) + r")", re.IGNORECASE
)


def _english_fraction(num_word: str, den_word: str) -> float:
    num = 1 if num_word.lower() in ("a", "one") else _EN_NUMBER_WORDS[num_word.lower()]
    return round(num / _EN_ORDINAL_DEN[den_word.lower()], 4)


# --- approximation words -----------------------------------------------------------------------

_APPROX_WORDS: dict[str, Approx] = {
    # Chinese, before the number
    "将近": "nearly", "接近": "nearly", "近": "nearly", "差不多": "nearly", "几乎": "nearly",
    "大约": "about", "大概": "about", "约": "about", "大致": "about", "约为": "about",
    "超过": "more_than", "超": "more_than", "逾": "more_than", "高于": "more_than",
    "多于": "more_than", "大于": "more_than",
    "至少": "at_least", "不少于": "at_least", "不低于": "at_least", "起码": "at_least",
    "不到": "less_than", "不足": "less_than", "少于": "less_than", "低于": "less_than",
    "未满": "less_than", "小于": "less_than",
    "最多": "at_most", "至多": "at_most", "不超过": "at_most", "不高于": "at_most", "多达": "exact",
    # Chinese, after the number
    "左右": "about", "上下": "about", "前后": "about", "多": "more_than", "余": "more_than",
    "以上": "at_least", "开外": "more_than", "之外": "more_than", "以外": "more_than",
    "以下": "at_most", "以内": "at_most",
    # English
    "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "some": "about", "circa": "about", "an estimated": "about", "estimated": "about",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
    "more than": "more_than", "over": "more_than", "above": "more_than", "upwards of": "more_than",
    "in excess of": "more_than", "exceeding": "more_than", "just over": "more_than",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "or more": "at_least",
    "less than": "less_than", "fewer than": "less_than", "under": "less_than", "below": "less_than",
    "up to": "at_most", "at most": "at_most", "no more than": "at_most", "or less": "at_most",
    "or fewer": "at_most",
}  # fmt: skip


def parse_approx(word: str) -> Approx:
    """Map an approximation word (近, 左右, 超过, more than, …) to ``approx``; unknown → exact."""
    return _APPROX_WORDS.get(word.strip().lower(), "exact")


_CN_PRE_APPROX = sorted(
    (w for w in _APPROX_WORDS if re.match(r"[\u4e00-\u9fff]", w)
     and w not in ("左右", "上下", "前后", "多", "余", "以上", "开外", "之外", "以外", "以下", "以内")),
    key=len, reverse=True,
)  # fmt: skip
_CN_POST_APPROX = ["左右", "上下", "以上", "开外", "之外", "以外", "以下", "以内"]
_EN_PRE_APPROX = sorted(
    (
        w
        for w in _APPROX_WORDS
        if re.match(r"[a-z]", w) and w not in ("or more", "or less", "or fewer")
    ),
    key=len,
    reverse=True,
)

# --- units ---------------------------------------------------------------------------------------

# Longest first. Value: canonical unit; money units also scale (万元 is handled by the number).
_CN_UNITS: list[tuple[str, str]] = sorted(
    [
        ("平方公里", "km2"),
        ("平方千米", "km2"),
        ("平方米", "m2"),
        ("公里", "km"),
        ("千米", "km"),
        ("km", "km"),
        ("kg", "kg"),
        ("公斤", "kg"),
        ("千克", "kg"),
        ("吨", "t"),
        ("米", "m"),
        ("厘米", "cm"),
        ("人民币", "CNY"),
        ("美元", "USD"),
        ("欧元", "EUR"),
        ("港元", "HKD"),
        ("港币", "HKD"),
        ("日元", "JPY"),
        ("英镑", "GBP"),
        ("元", "CNY"),
        ("个月", "month"),
        ("个小时", "hour"),
        ("小时", "hour"),
        ("分钟", "minute"),
        ("秒", "second"),
        ("周年", "year"),
        ("年", "year"),
        ("天", "day"),
        ("周", "week"),
        ("星期", "week"),
        ("岁", "age"),
        ("名", "person"),
        ("人", "person"),
        ("位", "person"),
        ("人次", "person_time"),
        ("倍", "times"),
        ("％", "%"),
        ("%", "%"),
        ("‰", "permille"),
        ("所", "所"),
        ("家", "家"),
        ("个", "个"),
        ("座", "座"),
        ("项", "项"),
        ("篇", "篇"),
        ("次", "次"),
        ("件", "件"),
        ("款", "款"),
        ("台", "台"),
        ("辆", "辆"),
        ("条", "条"),
        ("种", "种"),
        ("栋", "栋"),
        ("层", "层"),
        ("部", "部"),
        ("本", "本"),
        ("场", "场"),
        ("届", "届"),
        ("批", "批"),
        ("份", "份"),
        ("例", "例"),
        ("架", "架"),
        ("艘", "艘"),
        ("颗", "颗"),
        ("枚", "枚"),
        ("亩", "亩"),
        ("户", "户"),
        ("只", "只"),
        ("支", "支"),
        ("所高校", "所"),
    ],
    key=lambda u: len(u[0]),
    reverse=True,
)
_CN_UNIT_RE = "|".join(re.escape(u) for u, _ in _CN_UNITS)
_CN_UNIT_MAP = dict(_CN_UNITS)
# 年 followed by these is not a duration (年薪 = annual salary, 年代 = decade, 年级 = grade …).
_NOT_YEAR_UNIT_AFTER = "薪级代度初底末中份内间轻纪龄会报鉴"

_EN_UNITS: list[tuple[str, str]] = [
    ("percent", "%"),
    ("per cent", "%"),
    ("percentage points", "pp"),
    ("%", "%"),
    ("kilometers", "km"),
    ("kilometres", "km"),
    ("km", "km"),
    ("miles", "mi"),
    ("mile", "mi"),
    ("meters", "m"),
    ("metres", "m"),
    ("people", "person"),
    ("persons", "person"),
    ("person", "person"),
    ("workers", "person"),
    ("jobs", "job"),
    ("job", "job"),
    ("years", "year"),
    ("year", "year"),
    ("months", "month"),
    ("month", "month"),
    ("weeks", "week"),
    ("days", "day"),
    ("hours", "hour"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("euros", "EUR"),
    ("yuan", "CNY"),
    ("times", "times"),
]
_EN_UNIT_RE = "|".join(re.escape(u) for u, _ in sorted(_EN_UNITS, key=lambda u: -len(u[0])))
_EN_UNIT_MAP = dict(_EN_UNITS)
_CURRENCY_SIGNS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "￥": "CNY"}

# --- regexes -------------------------------------------------------------------------------------

_CN_PRE = "|".join(re.escape(w) for w in _CN_PRE_APPROX)
_CN_POST = "|".join(_CN_POST_APPROX)
_RANGE_SEP = r"(?:-|~|～|—|–|至|到)"

_CN_QUANTITY_RE = re.compile(
    rf"(?P<pre>{_CN_PRE})?"
    rf"(?P<num>{_NUM})(?P<more>多|余)?"
    rf"(?:{_RANGE_SEP}(?P<num2>{_NUM}))?"
    rf"(?:[ \u00a0]?(?P<unit>{_CN_UNIT_RE}))?(?P<more2>多)?"
    rf"(?P<post>{_CN_POST})?"
)
_CN_PERCENT_RE = re.compile(
    rf"(?P<pre>{_CN_PRE})?百分之(?P<num>{_NUM})(?:{_RANGE_SEP}(?:百分之)?(?P<num2>{_NUM}))?"
    rf"(?P<post>{_CN_POST})?"
)
_CN_FRACTION_RE = re.compile(
    rf"(?P<pre>{_CN_PRE})?(?P<den>{_NUM})分之(?P<num>{_NUM})(?P<post>{_CN_POST})?"
)
_CN_HALF_RE = re.compile(rf"(?P<pre>{_CN_PRE})?(?P<half>一半|半数|过半)(?P<post>以上)?")

_EN_NUM = (
    r"(?:\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?:hundred|thousand|million|billion|trillion|bn|mn|tn)\b|(?:k|m|bn)\b)?"
)
_EN_WORD_NUM = (
    r"(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|"
    r"eight|nine))?\s+(?:hundred|thousand|million|billion|trillion)"
    r"(?:\s+(?:thousand|million|billion))?"
    r"|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"a dozen|dozen)"
)
_EN_PRE = "|".join(re.escape(w) for w in _EN_PRE_APPROX)
_EN_QUANTITY_RE = re.compile(
    rf"(?<![\w.])(?:(?P<pre>{_EN_PRE})\s+)?"
    rf"(?P<cur>US\$|[$€£¥￥])?\s?(?P<num>{_EN_NUM}|{_EN_WORD_NUM})(?![\w])"
    rf"(?:\s*(?:-|to|and|–)\s*(?P<cur2>US\$|[$€£¥￥])?(?P<num2>{_EN_NUM}))?"
    rf"(?:\s*(?P<unit>{_EN_UNIT_RE})(?![\w]))?"
    rf"(?:\s+(?P<post>or more|or less|or fewer))?",
    re.IGNORECASE,
)
_EN_FRACTION_RE = re.compile(
    rf"(?<![\w])(?:(?P<pre>{_EN_PRE})\s+)?(?P<frac>(?:a|one|two|three|four|nine)[\s-]+"
    rf"(?:{'|'.join(_EN_ORDINAL_DEN)})|half)(?![\w])",
    re.IGNORECASE,
)


def _dec_float(value: Decimal) -> float:
    return float(value)


def _pre_approx(match: re.Match[str]) -> Approx:
    pre = match.groupdict().get("pre")
    return parse_approx(pre) if pre else "exact"


def _combine_approx(first: Approx, second: Approx) -> Approx:
    return second if first == "exact" else first


def _cn_number_ok(num: str, text: str, start: int, end: int) -> bool:
    """Reject digits glued to Latin letters (DeepSeekV2, Grok3, 5G) and lone scale words (万物)."""
    if start > 0 and re.match(r"[A-Za-z]", text[start - 1]) and num[0].isdigit():
        return False
    if end < len(text) and num[-1].isdigit() and re.match(r"[A-Za-z]", text[end]):
        return False
    # 500强: part of a name (Fortune Global 500), not a count
    return not (end < len(text) and text[end] == "强")


def find_quantities(text: str, *, language: str | None = None) -> list[Match[Quantity]]:
    """Find the quantities in ``text`` (Chinese and English forms), in text order, without overlaps.

    Bare Chinese numerals without a unit (一夜, 万物) are skipped: in prose they are rarely counts.
    """
    text = _mask_controls(text)
    norm = text.translate(_FULLWIDTH)
    found: list[Match[Quantity]] = []
    if language != "en":
        found += _find_cn_fractions(norm, text)
        found += _find_cn_quantities(norm, text)
    if language != "zh":
        found += _find_en_quantities(norm, text)
    return _without_overlaps(found)


def _find_cn_fractions(norm: str, text: str) -> list[Match[Quantity]]:
    out: list[Match[Quantity]] = []
    for m in _CN_PERCENT_RE.finditer(norm):
        value = parse_chinese_number(m.group("num"))
        if value is None:
            continue
        upper = parse_chinese_number(m.group("num2")) if m.group("num2") else None
        approx = _combine_approx(_pre_approx(m), parse_approx(m.group("post") or ""))
        out.append(
            Match(
                m.start(),
                m.end(),
                Quantity(
                    value=float(value / 100),
                    upper=None if upper is None else float(upper / 100),
                    unit="%",
                    approx=approx,
                    raw=text[m.start() : m.end()],
                ),
            )
        )
    for m in _CN_FRACTION_RE.finditer(norm):
        den, num = parse_chinese_number(m.group("den")), parse_chinese_number(m.group("num"))
        if not den or num is None or m.group("den") == "百":
            continue
        approx = _combine_approx(_pre_approx(m), parse_approx(m.group("post") or ""))
        out.append(
            Match(
                m.start(),
                m.end(),
                Quantity(
                    value=round(float(num / den), 4),
                    unit="%",
                    approx=approx,
                    raw=text[m.start() : m.end()],
                ),
            )
        )
    for m in _CN_HALF_RE.finditer(norm):
        approx = _pre_approx(m)
        if m.group("half") == "过半":
            approx = "more_than"
        elif m.group("post"):
            approx = "at_least"
        out.append(
            Match(
                m.start(),
                m.end(),
                Quantity(value=0.5, unit="%", approx=approx, raw=text[m.start() : m.end()]),
            )
        )
    return out


def _find_cn_quantities(norm: str, text: str) -> list[Match[Quantity]]:
    out: list[Match[Quantity]] = []
    for m in _CN_QUANTITY_RE.finditer(norm):
        num = m.group("num")
        if not _cn_number_ok(num, norm, m.start("num"), m.end("num")):
            continue
        value = parse_chinese_number(num)
        if value is None:
            continue
        unit_raw = m.group("unit")
        end = m.end()
        post = m.group("post")
        if (
            unit_raw == "年"
            and m.end("unit") < len(norm)
            and norm[m.end("unit")] in _NOT_YEAR_UNIT_AFTER
        ):
            unit_raw = None
            end = (
                m.end("num2")
                if m.group("num2")
                else (m.end("more") if m.group("more") else m.end("num"))
            )
            post = None
        if (
            unit_raw is None
            and m.group("num2") is None
            and not re.search(r"\d", num)
            and not re.search("[万亿萬億]", num)
        ):
            continue  # 一夜, 两通两海: a bare small Chinese numeral is not a count
        if unit_raw is None and num in ("百", "千", "万", "亿", "萬", "億"):
            continue  # 万物: a lone scale word is not a number
        if unit_raw is None and post is None and m.group("more") is None:
            end = m.end("num2") if m.group("num2") else m.end("num")
        upper = parse_chinese_number(m.group("num2")) if m.group("num2") else None
        approx = _pre_approx(m)
        if m.group("more") or m.group("more2"):
            approx = _combine_approx(approx, "more_than")
        if post:
            approx = _combine_approx(approx, parse_approx(post))
        unit = _CN_UNIT_MAP.get(unit_raw) if unit_raw else None
        before = norm[max(0, m.start() - 3) : m.start()]
        if unit_raw in ("位", "名") and re.search(
            r"(?:上升|下降|提升|前进|后退|跃升|下滑|攀升)$", before
        ):
            unit = "places"  # 上升8位: eight places in a ranking, not eight people
        pre_word = m.group("pre")
        if pre_word == "近" and unit in ("year", "month", "day", "week") and approx == "nearly":
            approx = "exact"  # 近十年: "the last ten years", a span of time, not "nearly ten years"
        factor = Decimal(100) if unit == "%" else Decimal(1)
        if upper is not None and upper < value:
            upper = None
        start = m.start()
        out.append(
            Match(
                start,
                end,
                Quantity(
                    value=_dec_float(value / factor),
                    upper=None if upper is None else _dec_float(upper / factor),
                    unit=unit,
                    approx=approx,
                    raw=text[start:end],
                ),
            )
        )
    return out


def _find_en_quantities(norm: str, text: str) -> list[Match[Quantity]]:
    out: list[Match[Quantity]] = []
    for m in _EN_FRACTION_RE.finditer(norm):
        frac = m.group("frac")
        if frac.lower() == "half":
            # "half" alone is a quantity only with an approximation word or "of": "more than half of"
            after = norm[m.end() : m.end() + 4].lower()
            if not m.group("pre") and not after.startswith(" of"):
                continue
            value = 0.5
        else:
            parts = re.split(r"[\s-]+", frac)
            value = _english_fraction(parts[0], parts[-1])
        out.append(
            Match(
                m.start(),
                m.end(),
                Quantity(
                    value=value, unit="%", approx=_pre_approx(m), raw=text[m.start() : m.end()]
                ),
            )
        )
    for m in _EN_QUANTITY_RE.finditer(norm):
        num = m.group("num")
        parsed = parse_number(num) if not num[0].isdigit() else _parse_english_number(num.lower())
        if parsed is None:
            continue
        value = parsed
        unit_word = (m.group("unit") or "").lower()
        cur = m.group("cur") or m.group("cur2")
        if (
            not unit_word
            and not cur
            and not num[0].isdigit()
            and not m.group("pre")
            and not re.search(r"hundred|thousand|million|billion|trillion", num, re.IGNORECASE)
        ):
            continue  # "two" alone in prose is rarely a checkable count
        unit = (
            _CURRENCY_SIGNS.get(cur) if cur else _EN_UNIT_MAP.get(unit_word) if unit_word else None
        )
        if unit is None and unit_word:
            unit = _EN_UNIT_MAP.get(unit_word.rstrip("s"))
        upper = _parse_english_number(m.group("num2").lower()) if m.group("num2") else None
        approx = _pre_approx(m)
        if m.group("post"):
            approx = _combine_approx(approx, parse_approx(m.group("post")))
        if unit == "%":
            value /= 100
            upper = None if upper is None else upper / 100
            value, upper = round(value, 10), None if upper is None else round(upper, 10)
        if upper is not None and upper < value:
            upper = None
        out.append(
            Match(
                m.start(),
                m.end(),
                Quantity(
                    value=value,
                    upper=upper,
                    unit=unit,
                    approx=approx,
                    raw=text[m.start() : m.end()],
                ),
            )
        )
    return out


def _without_overlaps(
    matches: Iterable[Match[T]], taken: list[tuple[int, int]] | None = None
) -> list[Match[T]]:
    """Keep the longest match of each overlapping group (earliest first on ties), in text order."""
    kept: list[Match[T]] = []
    occupied = list(taken or [])
    for m in sorted(matches, key=lambda x: (-(x.end - x.start), x.start)):
        if any(m.start < e and s < m.end for s, e in occupied):
            continue
        kept.append(m)
        occupied.append((m.start, m.end))
    return sorted(kept, key=lambda x: x.start)


# --- dates ---------------------------------------------------------------------------------------

_CN_YEAR = r"(?:\d{4}|[零〇○一二三四五六七八九]{4})"
_CN_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_CN_DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
_CN_DATE_RE = re.compile(
    rf"(?P<year>{_CN_YEAR})年(?:(?P<month>{_CN_MONTH})月(?:(?P<day>{_CN_DAY})[日号])?)?"
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
    rf"|(?P<m3>{_MONTH_RE})\s+(?:of\s+)?(?P<y3>\d{{4}})"
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


def _cn_int(text: str) -> int | None:
    value = parse_chinese_number(text)
    return None if value is None else int(value)


def _date(year: int, month: int | None, day: int | None, raw: str) -> DateValue | None:
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
    text = _mask_controls(text)
    norm = text.translate(_FULLWIDTH)
    found: list[Match[DateValue]] = []
    if language != "en":
        found += _find_cn_dates(norm, text, published)
    if language != "zh":
        found += _find_en_dates(norm, text, published)
    for m in _ISO_DATE_RE.finditer(norm):
        value = _date(int(m.group("year")), int(m.group("month")), int(m.group("day")), m.group())
        if value is not None:
            found.append(Match(m.start(), m.end(), value))
    return _without_overlaps(found)


def _find_cn_dates(norm: str, text: str, published: dt.date | None) -> list[Match[DateValue]]:
    out: list[Match[DateValue]] = []
    for m in _CN_DATE_RE.finditer(norm):
        year = _cn_int(m.group("year"))
        if year is None:
            continue
        raw = text[m.start() : m.end()]
        if m.group("decade"):
            if m.group("month"):
                continue
            value = _date(year, None, None, raw)
        else:
            month = _cn_int(m.group("month")) if m.group("month") else None
            day = _cn_int(m.group("day")) if m.group("day") else None
            value = _date(year, month, day, raw)
        if value is not None:
            out.append(Match(m.start(), m.end(), value))
    for m in _CN_CENTURY_RE.finditer(norm):
        if m.group("last"):
            century = 20
        else:
            parsed = _cn_int(m.group("century"))
            if parsed is None or not 1 <= parsed <= 21:
                continue
            century = parsed
        decade = _cn_int(m.group("decade")) if m.group("decade") else 0
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
        decade = _cn_int(m.group("decade"))
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
        month, day = _cn_int(m.group("month")), _cn_int(m.group("day"))
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
                n = _cn_int(m.group("n"))
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
                n = int(n_text) if n_text.isdigit() else int(_parse_english_number(n_text) or 0)
                year = published.year - n
            value = _date(year, None, None, raw)
        if value is not None:
            out.append(Match(m.start(), m.end(), value))
    return out


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


# --- ranks ---------------------------------------------------------------------------------------

_RANK_VERBS = r"(?:位列|排名|排行|名列|位居|高居|居于|居|排在|排|列|位于|荣登|跃居|稳居|跻身|位次)"
_RANK_SCOPES = (
    r"(?:全国|全球|世界|全世界|国内|国际|亚洲|全省|全市|中国|全美|欧洲|同行业|行业|榜单|榜上|"
    r"全区|全网)"
)
_CN_ORDINAL = r"(?:\d+|[一二三四五六七八九十百]+)"
_CN_RANK_RE = re.compile(
    rf"(?:(?P<verb>{_RANK_VERBS})(?P<scope>{_RANK_SCOPES})?|(?P<scope2>{_RANK_SCOPES}))?"
    rf"第(?P<pos>{_CN_ORDINAL})(?P<suffix>名|位)?"
)
_CN_TOP_NEG = r"(?:没能|没有|未能|未|没|无缘|难以|不能|无法|跌出|未曾|未进|落后于)"
_CN_TOP_RE = re.compile(
    rf"(?P<neg>{_CN_TOP_NEG}(?:进入|进|跻身|入围|挤进|闯入|入)?)?"
    rf"(?P<verb>{_RANK_VERBS}|进入|跻身|入围|挤进|闯入)?(?P<scope>{_RANK_SCOPES})?"
    rf"前(?P<pos>\d+|[一二三四五六七八九十百]+)(?P<suffix>名|位|强)?"
)
_EN_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "twentieth": 20,
}  # fmt: skip
_EN_ORD = r"(?:\d+(?:st|nd|rd|th)|" + "|".join(_EN_ORDINALS) + r")"
_EN_RANK_RE = re.compile(
    rf"(?<![\w])(?:"
    rf"(?P<verb>ranked|ranks|rank|ranking|placed|places|finished|came|comes|is|was|are|were)\s+"
    rf"(?:(?:at\s+)?(?:No\.|number)\s*(?P<pos_no>\d+)|(?P<pos_ord>{_EN_ORD}))"
    rf"(?:\s+(?:in|among|on|of)\s+(?:the\s+)?(?P<scope>(?:world|country|nation|US|U\.S\.|"
    rf"Europe|Asia|state|league|list|index|ranking)))?"
    rf"|(?:No\.|number)\s*(?P<pos_no2>\d+)\s+(?:in|among|on)\s+(?:the\s+)?(?P<scope2>[A-Za-z.]+)"
    rf"|(?P<neg>not|n't|never|failed to (?:make|reach|enter|crack)|(?:missed|outside))?\s*"
    rf"(?:(?:be|make|reach|crack|enter|get into|in|among|into|of)\s+)?(?:the\s+)?"
    rf"top[\s-](?P<top>\d+|ten|five|three|twenty|fifty|hundred)"
    rf")(?![\w])",
    re.IGNORECASE,
)
_EN_TOP_WORDS = {"ten": 10, "five": 5, "three": 3, "twenty": 20, "fifty": 50, "hundred": 100}


def find_ranks(text: str, *, language: str | None = None) -> list[Match[Rank]]:
    """Find rank statements (第三, 排名第6, 前15名, not in the top 15), in text order."""
    text = _mask_controls(text)
    norm = text.translate(_FULLWIDTH)
    found: list[Match[Rank]] = []
    if language != "en":
        found += _find_cn_ranks(norm, text)
    if language != "zh":
        found += _find_en_ranks(norm, text)
    return _without_overlaps(found)


def _find_cn_ranks(norm: str, text: str) -> list[Match[Rank]]:
    out: list[Match[Rank]] = []
    for m in _CN_RANK_RE.finditer(norm):
        pos = _cn_int(m.group("pos"))
        if not pos:
            continue
        after = norm[m.end() : m.end() + 1]
        has_context = bool(m.group("verb") or m.group("scope2") or m.group("suffix"))
        if not has_context and after and not re.match(r"[，,。；;、）)！!？?\s]|$", after):
            continue  # 第三方, 第二次: an ordinal modifying a noun, not a rank
        if not has_context and after and after not in "，,。；;、）)！!？?\n ":
            continue
        if not has_context:
            before = norm[max(0, m.start() - 1) : m.start()]
            if not before or before in "，,。；;、（(":
                continue  # "第三，" opening a clause is an enumeration, not a rank
        scope = m.group("scope") or m.group("scope2")
        out.append(
            Match(
                m.start(), m.end(), Rank(position=pos, scope=scope, raw=text[m.start() : m.end()])
            )
        )
    for m in _CN_TOP_RE.finditer(norm):
        pos = _cn_int(m.group("pos"))
        if not pos:
            continue
        neg = m.group("neg")
        if not (neg or m.group("verb") or m.group("suffix") or m.group("scope")):
            continue  # 前15 without context could be "before 15"
        if m.group("suffix") == "强" and not (neg or m.group("verb")):
            continue  # 前500强 as a name
        approx: Approx = "more_than" if neg else "at_most"
        out.append(
            Match(
                m.start(),
                m.end(),
                Rank(
                    position=pos,
                    scope=m.group("scope"),
                    approx=approx,
                    raw=text[m.start() : m.end()],
                ),
            )
        )
    return out


def _find_en_ranks(norm: str, text: str) -> list[Match[Rank]]:
    out: list[Match[Rank]] = []
    for m in _EN_RANK_RE.finditer(norm):
        g = m.groupdict()
        start = m.start()
        if g["top"]:
            top = g["top"].lower()
            pos = int(top) if top.isdigit() else _EN_TOP_WORDS[top]
            neg = g["neg"]
            if not neg:
                # Leading whitespace may have been consumed by the optional negation group.
                start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            approx: Approx = "more_than" if neg else "at_most"
            out.append(
                Match(start, m.end(), Rank(position=pos, approx=approx, raw=text[start : m.end()]))
            )
            continue
        pos_text = g["pos_no"] or g["pos_ord"] or g["pos_no2"]
        if pos_text is None:
            continue
        verb = (g["verb"] or "").lower()
        if verb in ("is", "was", "are", "were") and not g["scope"] and not g["pos_no"]:
            continue  # "is first" without a ranking scope is too vague
        if pos_text.isdigit():
            pos = int(pos_text)
        elif pos_text[:-2].isdigit():
            pos = int(pos_text[:-2])
        else:
            pos = _EN_ORDINALS[pos_text.lower()]
        scope = g["scope"] or g["scope2"]
        out.append(
            Match(start, m.end(), Rank(position=pos, scope=scope, raw=text[start : m.end()]))
        )
    return out


def find_values(
    text: str, *, published: dt.date | None = None, language: str | None = None
) -> NormalizedValues:
    """Find dates, ranks and quantities in ``text`` without overlaps (dates, then ranks, win)."""
    dates = find_dates(text, published=published, language=language)
    ranks = _without_overlaps(
        find_ranks(text, language=language), [(d.start, d.end) for d in dates]
    )
    taken = [(d.start, d.end) for d in dates] + [(r.start, r.end) for r in ranks]
    quantities = _without_overlaps(find_quantities(text, language=language), taken)
    return NormalizedValues(quantities=quantities, dates=dates, ranks=ranks)
