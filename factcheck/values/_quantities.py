"""Quantities: numbers with their unit, approximation word and range, Chinese and English."""

from __future__ import annotations

import re
from decimal import Decimal

from factcheck.models import Approx, Quantity
from factcheck.values._match import Match, without_overlaps
from factcheck.values._numbers import (
    CN_POST_APPROX,
    CN_PRE_APPROX,
    EN_ORDINAL_DEN,
    EN_PRE_APPROX,
    NUM,
    english_fraction,
    parse_approx,
    parse_chinese_number,
    parse_english_number,
    parse_number,
)
from factcheck.values._text import prepare
from factcheck.values._units import (
    CN_UNIT_MAP,
    CN_UNIT_RE,
    CURRENCY_SIGNS,
    EN_UNIT_MAP,
    EN_UNIT_RE,
    NOT_YEAR_UNIT_AFTER,
)

__all__ = ["find_quantities"]

_CN_PRE = "|".join(re.escape(w) for w in CN_PRE_APPROX)
_CN_POST = "|".join(CN_POST_APPROX)
_RANGE_SEP = r"(?:-|~|～|—|–|至|到)"

_CN_QUANTITY_RE = re.compile(
    rf"(?P<pre>{_CN_PRE})?"
    rf"(?P<num>{NUM})(?P<more>多|余)?"
    rf"(?:{_RANGE_SEP}(?P<num2>{NUM}))?"
    rf"(?:[ \u00a0]?(?P<unit>{CN_UNIT_RE}))?(?P<more2>多)?"
    rf"(?P<post>{_CN_POST})?"
)
_CN_PERCENT_RE = re.compile(
    rf"(?P<pre>{_CN_PRE})?百分之(?P<num>{NUM})(?:{_RANGE_SEP}(?:百分之)?(?P<num2>{NUM}))?"
    rf"(?P<post>{_CN_POST})?"
)
_CN_FRACTION_RE = re.compile(
    rf"(?P<pre>{_CN_PRE})?(?P<den>{NUM})分之(?P<num>{NUM})(?P<post>{_CN_POST})?"
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
_EN_PRE = "|".join(re.escape(w) for w in EN_PRE_APPROX)
_EN_QUANTITY_RE = re.compile(
    rf"(?<![\w.])(?:(?P<pre>{_EN_PRE})\s+)?"
    rf"(?P<cur>US\$|[$€£¥￥])?\s?(?P<num>{_EN_NUM}|{_EN_WORD_NUM})(?![\w])"
    rf"(?:\s*(?:-|to|and|–)\s*(?P<cur2>US\$|[$€£¥￥])?(?P<num2>{_EN_NUM}))?"
    rf"(?:\s*(?P<unit>{EN_UNIT_RE})(?![\w]))?"
    rf"(?:\s+(?P<post>or more|or less|or fewer))?",
    re.IGNORECASE,
)
_EN_FRACTION_RE = re.compile(
    rf"(?<![\w])(?:(?P<pre>{_EN_PRE})\s+)?(?P<frac>(?:a|one|two|three|four|nine)[\s-]+"
    rf"(?:{'|'.join(EN_ORDINAL_DEN)})|half)(?![\w])",
    re.IGNORECASE,
)


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
    Dates and ranks are not excluded here: :func:`factcheck.values.read_values` does that.
    """
    masked, norm = prepare(text)
    found: list[Match[Quantity]] = []
    if language != "en":
        found += _find_cn_fractions(norm, masked)
        found += _find_cn_quantities(norm, masked)
    if language != "zh":
        found += _find_en_quantities(norm, masked)
    return without_overlaps(found)


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
            and norm[m.end("unit")] in NOT_YEAR_UNIT_AFTER
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
        unit = CN_UNIT_MAP.get(unit_raw) if unit_raw else None
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
                    value=float(value / factor),
                    upper=None if upper is None else float(upper / factor),
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
            value = english_fraction(parts[0], parts[-1])
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
        parsed = parse_number(num) if not num[0].isdigit() else parse_english_number(num.lower())
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
        unit = CURRENCY_SIGNS.get(cur) if cur else EN_UNIT_MAP.get(unit_word) if unit_word else None
        if unit is None and unit_word:
            unit = EN_UNIT_MAP.get(unit_word.rstrip("s"))
        upper = parse_english_number(m.group("num2").lower()) if m.group("num2") else None
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
