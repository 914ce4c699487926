"""Quantities: numbers with their unit, approximation word and range, Chinese and English."""

from __future__ import annotations

import re
from decimal import Decimal

from factcheck.models import Approx, Quantity
from factcheck.values._match import Match, without_overlaps
from factcheck.values._numbers import (
    CN_POST_APPROX,
    CN_PRE_APPROX,
    CN_VAGUE_PRE,
    EN_ORDINAL_DEN,
    EN_PRE_APPROX,
    NUM,
    SCALE_CHARS,
    cn_int,
    english_fraction,
    parse_approx,
    parse_chinese_number,
    parse_english_number,
    parse_number,
)
from factcheck.values._text import prepare, resolve_language
from factcheck.values._units import (
    CN_UNIT_MAP,
    CN_UNIT_RE,
    CURRENCY_PREFIX,
    CURRENCY_SIGNS,
    EN_UNIT_MAP,
    EN_UNIT_RE,
    EN_UNIT_SCALE,
    NOT_YEAR_UNIT_AFTER,
)

__all__ = ["find_quantities"]

_CN_PRE = "|".join(re.escape(w) for w in CN_PRE_APPROX)
_CN_VAGUE = f"(?:{'|'.join(CN_VAGUE_PRE)})(?=[十百千万亿])"
_CN_POST = "|".join(CN_POST_APPROX)
_RANGE_SEP = r"(?:-|~|～|—|–|至|到)"

_CN_QUANTITY_RE = re.compile(
    rf"(?P<pre>{_CN_PRE}|{_CN_VAGUE})?(?:(?<![0-9A-Za-z.])(?P<sign>[-−])(?=\d))?"
    rf"(?P<num>{NUM})(?P<more>多|余|餘)?(?P<scale2>(?<=[多余餘])[万亿萬億]+)?"
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
# 三成 = 0.3, 七成五 = 0.75, 八九成 = 0.8..0.9; not 第一成为, 一成不变, 成员/成本/成立/成功…
_TENTH = r"[一二两三四五六七八九]|\d"
_CN_TENTHS_RE = re.compile(
    rf"(?<![第\d{''.join('零〇一二两三四五六七八九十百千万亿')}])(?P<pre>{_CN_PRE})?"
    rf"(?P<num>{_TENTH})(?P<num2>{_TENTH})?成(?P<hundredth>[一二三四五六七八九](?![成倍个]))?"
    r"(?![员本立功果绩就长熟交品型效年人都不千语])"
    rf"(?P<more>多)?(?P<post>{_CN_POST})?"
)
# 翻了一番 = 2 times, 翻两番 = 4 times (the new value is 2^n times the old); 翻番/翻倍 = 2 times.
_CN_DOUBLING_RE = re.compile(
    rf"(?P<pre>{_CN_PRE})?翻(?:了)?(?:(?P<pre2>{_CN_PRE})?(?P<n>[一两二三四五六七八九]|\d)番|番|倍|了?一倍)"
    r"(?P<more>多)?"
)

_EN_NUM = (
    r"(?:\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?:hundred|thousand|million|billion|trillion|bn|mn|tn)\b|(?:k|m|bn)\b)?"
)
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SMALL = rf"(?:(?:{_TENS})(?:[\s-](?:{_ONES}))?|{_TEENS}|{_ONES})"  # 1..99
_SCALE = r"(?:hundred|thousand|million|billion|trillion)"
# three hundred and five thousand, twenty-one, a million, half a million, two dozen
_EN_WORD_NUM = (
    r"(?:(?:half\s+an?\s+)(?:thousand|million|billion|trillion|dozen)"
    rf"|(?:a|{_ONES}|ten)\s+dozen"
    rf"|(?:a|{_SMALL})\s+{_SCALE}(?:(?:\s+and\s+|\s+)(?:{_SMALL}(?:\s+{_SCALE})?|{_SCALE}))*"
    rf"|{_SMALL})"
)
# doubled, tripled, twice, threefold, 2.5-fold: a multiple (unit times)
_EN_MULTIPLES = {
    "doubled": 2, "doubling": 2, "doubles": 2, "twice": 2, "tripled": 3, "tripling": 3,
    "triples": 3, "trebled": 3, "thrice": 3, "quadrupled": 4, "quadrupling": 4, "quadruples": 4,
}  # fmt: skip
_EN_MULTIPLE_RE = re.compile(
    rf"(?<![\w-])(?:(?P<pre>{'|'.join(re.escape(w) for w in EN_PRE_APPROX)})\s+)?"
    rf"(?:(?P<word>{'|'.join(_EN_MULTIPLES)})|(?P<n>\d+(?:\.\d+)?|two|three|four|five|six|seven|"
    r"eight|nine|ten)[\s-]?fold)(?![\w-])",
    re.IGNORECASE,
)
_EN_PRE = "|".join(re.escape(w) for w in EN_PRE_APPROX)
_EN_QUANTITY_RE = re.compile(
    rf"(?<![\w.])(?:(?P<pre>{_EN_PRE})\s+)?(?:(?<![\w.%])(?P<sign>[-−])(?=[\d$€£¥]))?"
    rf"(?:(?P<cur>{CURRENCY_PREFIX})\s?)?(?P<num>{_EN_NUM}|{_EN_WORD_NUM})(?![\w])"
    r"(?P<half>\s+and\s+a\s+half(?P<hscale>\s+(?:thousand|million|billion|trillion))?(?![\w]))?"
    rf"(?:\s*(?:-|to|and|–)\s*(?P<cur2>{CURRENCY_PREFIX})?(?P<num2>{_EN_NUM}|{_EN_WORD_NUM}(?![\w-])))?"
    rf"(?P<plus>-plus(?![\w-]))?"
    rf"(?:(?:\s*|-)(?P<unit>{EN_UNIT_RE})(?![\w]))?"
    rf"(?:\s+(?P<post>or more|or less|or fewer|or so))?",
    re.IGNORECASE,
)
# a number in words counts the plural noun after it (up to two modifiers between): "three older
# siblings", "one of five finalists", "among the six students"; "an eight-time champion" counts times
_EN_COUNT_AFTER_RE = re.compile(
    r"(?P<time>-time(?![\w-]))|\s+(?:(?P<mods>(?:[A-Za-z][\w-]*\s+){0,3}?)(?P<head>[a-z]{2,}(?<![su]s)(?<!\bi)s|"
    r"people|men|women|children|staff|police|cattle)(?![\w-]))"
)
_EN_COUNT_STOP = frozenset(
    [
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "the",
        "a",
        "an",
        "than",
        "as",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "this",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "more",
        "less",
        "not",
        "no",
        "under",
        "over",
        "into",
        "about",
        "after",
        "before",
        "during",
        "within",
        "without",
        "between",
        "through",
        "across",
        "against",
        "among",
        "per",
        "like",
    ]
)
# determiners pointing back at a set already introduced: "the two countries", "both its three sons"
_EN_COUNT_BACK_RE = re.compile(
    r"(?:\b(?:these|those|both|its|their|his|her|our|my|your|the|all)\s+)$", re.IGNORECASE
)
_EN_COUNT_SET_RE = re.compile(r"\b(?:among|of|between)\s+the\s+$", re.IGNORECASE)
# "for the third year in a row", "a fifth consecutive season": N consecutive periods
_EN_IN_A_ROW_RE = re.compile(
    r"(?<![\w-])(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"eleventh|twelfth|\d+(?:st|nd|rd|th))\s+(?:(?P<adj>straight|consecutive|successive)\s+)?"
    r"(?P<what>year|month|week|day|season|time|quarter)(?(adj)|\s+in\s+a\s+row)(?![\w-])",
    re.IGNORECASE,
)
_IN_A_ROW_UNIT = {"year": "year", "month": "month", "week": "week", "day": "day"}


# "four of them", "two of the candidates": a count of a set; "one of seven", "the first of two":
# the size of the set the subject belongs to
_EN_COUNT_OF_RE = re.compile(
    r"\s+of\s+(?:them|us|you|these|those|the|its|their|his|her|our)\b", re.IGNORECASE
)
_EN_MEMBER_OF_RE = re.compile(
    r"\b(?:one|first|last|only|second|third|fourth|fifth)\s+of\s+$", re.IGNORECASE
)


def _word_count_ok(norm: str, m: re.Match[str]) -> bool:
    """A number in words without a unit is a count when a plural noun (or -time) follows it."""
    num = m.group("num").lower()
    if num == "one":
        return False
    if _EN_COUNT_OF_RE.match(norm, m.end()) or _EN_MEMBER_OF_RE.search(
        norm[max(0, m.start() - 12) : m.start()]
    ):
        return True
    after = _EN_COUNT_AFTER_RE.match(norm, m.end())
    if not after:
        return False
    if not after.group("time"):
        mods = (after.group("mods") or "").split()
        if any(w in _EN_COUNT_STOP for w in mods) or after.group("head") in _EN_COUNT_STOP:
            return False
    before = norm[max(0, m.start() - 30) : m.start()]
    return not _EN_COUNT_BACK_RE.search(before) or bool(_EN_COUNT_SET_RE.search(before))


# "one in five children", "1 in 4 adults", "three in every 10 voters": a share (unit %)
_EN_ONE_IN_RE = re.compile(
    rf"(?<![\w.,])(?:(?P<pre>{_EN_PRE})\s+)?(?P<top>\d{{1,2}}|{_SMALL})\s+(?:in|out\s+of)\s+"
    rf"(?:every\s+)?(?P<bottom>\d{{1,3}}(?:,\d{{3}})?|{_SMALL}|a\s+hundred|a\s+thousand)"
    r"(?=\s+(?:[A-Za-z-]+\s+)?(?:[Pp]eople|[Aa]dults|[Cc]hildren|[Kk]ids|[Mm]en|[Ww]omen|"
    r"[Vv]oters|[Hh]ouseholds|[Ff]amilies|[Ww]orkers|[Ee]mployees|[Pp]atients|[Ss]tudents|"
    r"[Rr]espondents|[Cc]itizens|[Rr]esidents|[Cc]ompanies|[Ff]irms|[Bb]usinesses|[Cc]ases|"
    r"[Dd]eaths|[Bb]irths|[Cc]ouples|[Tt]eens|[Tt]eenagers|[Pp]upils|[Ss]chools|[A-Z][a-z]+ns)\b)",
    re.IGNORECASE,
)
# at the age of 16, aged 16, at about age 20, a 16-year-old
_EN_AGE_RE = re.compile(
    r"(?<![\w])(?:at\s+)?(?:(?P<pre>about|around|approximately|nearly|almost|roughly)\s+)?"
    r"(?:the\s+)?(?:age\s+(?:of\s+)?|aged\s+)(?P<num>\d{1,3})(?![\w.]|\.\d)"
    r"|(?<![\w])(?P<num2>\d{1,3})[\s-]years?[\s-]old(?![\w])",
    re.IGNORECASE,
)
# "Though only 17, Einstein enrolled …", "At just 19, she …": an age before the person it is of
_EN_ONLY_AGE_RE = re.compile(
    r"(?<![\w-])(?:(?:[Tt]hough|[Aa]lthough|[Ww]hile|[Ww]hen|[Aa]t|[Aa]ged)\s+)?"
    r"(?:only|just|barely|still|then)\s+(?P<num>\d{1,2})\s*,\s+(?=he\b|she\b|[A-Z])"
)
_EN_FRACTION_RE = re.compile(
    rf"(?<![\w])(?:(?P<pre>{_EN_PRE})\s+)?(?P<frac>(?:a|one|two|three|four|nine)[\s-]+"
    rf"(?:{'|'.join(EN_ORDINAL_DEN)})|half)(?![\w])",
    re.IGNORECASE,
)


# "for more than a year", "nearly a month": one unit of time, bounded
_EN_A_SPAN_RE = re.compile(
    r"(?<![\w-])(?P<pre>more than|less than|over|under|nearly|almost|about|around|at least|"
    r"at most|roughly|just over|just under)\s+an?\s+(?P<unit>year|month|week|day)(?![\w-])",
    re.IGNORECASE,
)
_IDENTIFIER_BEFORE = re.compile(r"(?:[№#]|\bст\.\s|\b[Aa]rt\.\s)\s*[\w./-]*$")
# "a third records …", "a quarter century": an ordinal, not a share; "a quarter of Babylon": a
# district of a place (a share is "of" a set: "of the votes", "of Americans", "of Kenya's exports")
_A_FRACTION_ORDINAL = re.compile(
    r"\s+(?!(?:in|on|at|since|from|to|and|or|but|over|between|during|after|before|this|last|"
    r"than|compared|by|per|each|a|of)\b)[a-z]"
)
_A_FRACTION_OF_PLACE = re.compile(r"\s+of\s+[A-Z][a-z][\w-]*(?<![sS])(?![\w’'-])(?!\s*[’']s)")


def _a_fraction_is_share(norm: str, end: int) -> bool:
    return not _A_FRACTION_ORDINAL.match(norm, end) and not _A_FRACTION_OF_PLACE.match(norm, end)


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
    language = resolve_language(text, language)
    found: list[Match[Quantity]] = []
    if language != "en":
        found += _find_cn_fractions(norm, masked)
        found += _find_cn_tenths_and_doublings(norm, masked)
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


def _find_cn_tenths_and_doublings(norm: str, text: str) -> list[Match[Quantity]]:
    out: list[Match[Quantity]] = []
    for m in _CN_TENTHS_RE.finditer(norm):
        tenths, second = cn_int(m.group("num")), cn_int(m.group("num2") or "")
        if not tenths or tenths > 10:
            continue
        value = tenths / 10
        upper = None
        if second is not None:
            if second != tenths + 1:
                continue  # 八九成 = 80-90 %; other digit pairs are no fraction
            upper = second / 10
        elif m.group("hundredth"):
            value += (cn_int(m.group("hundredth")) or 0) / 100
        approx = _pre_approx(m)
        if m.group("more"):
            approx = _combine_approx(approx, "more_than")
        if m.group("post"):
            approx = _combine_approx(approx, parse_approx(m.group("post")))
        raw = text[m.start() : m.end()]
        out.append(
            Match(
                m.start(),
                m.end(),
                Quantity(value=round(value, 4), upper=upper, unit="%", approx=approx, raw=raw),
            )
        )
    for m in _CN_DOUBLING_RE.finditer(norm):
        n = cn_int(m.group("n")) if m.group("n") else 1
        if not n or n > 10:
            continue
        approx = _combine_approx(_pre_approx(m), parse_approx(m.group("pre2") or ""))
        if m.group("more"):
            approx = _combine_approx(approx, "more_than")
        out.append(
            Match(
                m.start(),
                m.end(),
                Quantity(
                    value=float(2**n), unit="times", approx=approx, raw=text[m.start() : m.end()]
                ),
            )
        )
    return out


# 211工程, 863计划, 十届全国人大, 一次会议: numerals naming a programme or a session, not counts.
_NAME_AFTER_NUMBER = re.compile(r"工程|计划|行动|战略|方案|条例|型|版|系列")
_SESSION_AFTER = re.compile(
    r"全国|人大|政协|中央|全会|全体会议|党代会|代表大会|委员会|会议|理事会|董事会"
)
_SEQUENCE_UNITS = frozenset(["届", "屆", "批", "期", "代", "轮", "輪", "任"])
# 百家企业 in 软件百家企业 is a list's name; 有百家企业, 近百家, 逾百所 are counts.
_COUNT_CUE_BEFORE = "有达共计约近超逾余增减上数几成"


def _is_name(norm: str, m: re.Match[str], num: str, unit_raw: str | None) -> bool:
    after = norm[m.end() : m.end() + 4]
    if unit_raw is None and m.group("num2") is None and _NAME_AFTER_NUMBER.match(after):
        return True
    if unit_raw in ("届", "屆", "次") and _SESSION_AFTER.match(after):
        return True
    if unit_raw == "次" and after.startswith("产业"):
        return True  # 三次产业: the three sectors of the economy, a name
    if unit_raw in _SEQUENCE_UNITS and m.start() and norm[m.start() - 1] == "第":
        return True  # 第十四届全运会, 第三批试点, 第二期工程: which one in a sequence, not a count
    if (
        unit_raw is not None
        and num in ("十", "百", "千", "万")
        and not (m.group("pre") or m.group("more") or m.group("more2") or m.group("post"))
        and re.match(r"[\u4e00-\u9fff]", after)
    ):
        before = norm[m.start() - 1 : m.start()] if m.start() else ""
        return bool(before) and before not in _COUNT_CUE_BEFORE and not before.isspace()
    return False


def _cn_scaled_lower(value: Decimal, num: str, num2: str) -> Decimal:
    """3-5万 → 30000..50000: a bound without a scale takes the scale of the other bound."""
    if re.search(f"[{SCALE_CHARS}]", num) or not re.search(r"\d", num):
        return value
    trailing = re.search(f"[{SCALE_CHARS}]+$", num2)
    if not trailing or not re.search(r"\d", num2):
        return value
    scaled = parse_chinese_number("1" + trailing.group())
    upper = parse_chinese_number(num2)
    if scaled is None or upper is None or value * scaled > upper:
        return value
    return value * scaled


def _number_end(m: re.Match[str]) -> int:
    for group in ("scale2", "more", "num"):
        if m.group(group):
            return m.end(group)
    return m.end()


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
            end = m.end("num2") if m.group("num2") else _number_end(m)
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
        tail = m.end("num2") if m.group("num2") else m.end("num")
        if unit_raw is None and norm[tail : tail + 1] in ("月", "日", "号"):
            continue  # 7月, 1-7月, 15日: calendar dates (the date finder reads them), never counts
        if _is_name(norm, m, num, unit_raw):
            continue
        if unit_raw is None and post is None and m.group("more") is None:
            end = m.end("num2") if m.group("num2") else m.end("num")
        upper = parse_chinese_number(m.group("num2")) if m.group("num2") else None
        if m.group("scale2"):  # 6600多万: more than 66 million
            value *= parse_chinese_number("1" + m.group("scale2")) or 1
        if m.group("sign") and upper is None:
            value = -value
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
        if upper is not None:
            value = _cn_scaled_lower(value, num, m.group("num2"))
        if upper is not None and upper < value:
            # 9比2 / 10-5: two values, not a range (a range runs upwards)
            first_end = _number_end(m)
            out.append(
                Match(
                    m.start(),
                    first_end,
                    Quantity(
                        value=float(value / factor),
                        unit=unit,
                        approx=_pre_approx(m),
                        raw=text[m.start() : first_end],
                    ),
                )
            )
            out.append(
                Match(
                    m.start("num2"),
                    end,
                    Quantity(
                        value=float(upper / factor),
                        unit=unit,
                        approx=parse_approx(post) if post else "exact",
                        raw=text[m.start("num2") : end],
                    ),
                )
            )
            continue
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


def _scaled_lower(value: float, num: str, upper: float, num2: str) -> float:
    """3 to 5 million → 3 million: a bare lower bound takes the scale of the upper one."""
    bare2 = re.match(r"[\d,.]+", num2)
    small2 = re.match(rf"{_SMALL}(?=\s+{_SCALE})", num2, re.IGNORECASE)
    if small2 and re.fullmatch(_SMALL, num, re.IGNORECASE):
        # "five to seven billion": the words take the scale too
        base2 = parse_english_number(small2.group().lower())
        scaled = value * upper / base2 if base2 else value
        return scaled if base2 and scaled <= upper else value
    if not bare2 or not re.fullmatch(r"[\d,.]+", num):
        return value
    base2 = parse_english_number(bare2.group().rstrip(".,"))
    if not base2 or base2 == upper:
        return value
    scaled = value * upper / base2
    return scaled if scaled <= upper else value


_CHANGE_BEFORE = re.compile(r"(?:\b(?:from|by)\s+)$", re.IGNORECASE)


def _is_change(norm: str, m: re.Match[str]) -> bool:
    """A pair after from/by (from 5 to 9, by 172,000 to 1.6 million) or joined by a bare 'and'."""
    sep = norm[m.end("num") : m.start("num2")].strip(" $€£¥￥").lower()
    before = norm[max(0, m.start() - 12) : m.start()]
    if sep == "and":
        return not re.search(r"\bbetween\s+$", before, re.IGNORECASE)
    return sep == "to" and _CHANGE_BEFORE.search(before) is not None


_EN_TIME_SPAN_RE = re.compile(
    r"\s+(?:calendar|fiscal|school|academic|financial|full|consecutive|straight|successive)\s+"
    r"(?P<unit>years?|months?|weeks?|days?)\b",
    re.IGNORECASE,
)
_EN_OF_AGE_RE = re.compile(r"\s+of\s+age\b", re.IGNORECASE)
_AGO_RE = re.compile(r"\s+ago\b", re.IGNORECASE)
# a verb whose particle is "over" (take over, hand over): "over" then is no approximation word
_PHRASAL_OVER_RE = re.compile(
    r"\b(?:take|takes|took|taken|taking|hand|hands|handed|handing|turn|turns|turned|turning)\s+$",
    re.IGNORECASE,
)


def _find_en_quantities(norm: str, text: str) -> list[Match[Quantity]]:
    out: list[Match[Quantity]] = []
    for m in _EN_FRACTION_RE.finditer(norm):
        frac = m.group("frac")
        if frac.lower() == "half":
            # "half" alone is a quantity only with an approximation word or "of": "more than half of"
            after = norm[m.end() : m.end() + 4].lower()
            if not m.group("pre") and not after.startswith(" of"):
                continue
            if re.search(r"\b(?:first|second|latter|last|other|the)\s+$", norm[: m.start()], re.I):
                continue  # "the second half of 2017" is when, not how much
            value = 0.5
        else:
            parts = re.split(r"[\s-]+", frac)
            if (
                parts[0].lower() == "a"
                and not m.group("pre")
                and not (
                    parts[-1].lower().startswith("hal")
                    and re.search(r"\band\s+$", norm[max(0, m.start() - 5) : m.start()])
                )
                and not _a_fraction_is_share(norm, m.end())
            ):
                continue
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
    for m in _EN_A_SPAN_RE.finditer(norm):
        out.append(
            Match(
                m.start(),
                m.end(),
                Quantity(
                    value=1,
                    unit=m.group("unit").lower(),
                    approx=_pre_approx(m),
                    raw=text[m.start() : m.end()],
                ),
            )
        )
    for m in _EN_ONE_IN_RE.finditer(norm):
        top, bottom = (parse_english_number(m.group(g).lower()) for g in ("top", "bottom"))
        if not top or not bottom or top >= bottom:
            continue
        out.append(
            Match(
                m.start(),
                m.end(),
                Quantity(
                    value=round(float(top) / float(bottom), 4),
                    unit="%",
                    approx=_pre_approx(m),
                    raw=text[m.start() : m.end()],
                ),
            )
        )
    for m in _EN_QUANTITY_RE.finditer(norm):
        num = m.group("num")
        if _IDENTIFIER_BEFORE.search(norm[max(0, m.start() - 24) : m.start()]):
            continue  # Order №01-02/9, Law #115-ZRT, ст. 1926: a number that names, not counts
        if _AGO_RE.match(norm, m.end()) and re.fullmatch(rf"\d{{1,3}}|{_SMALL}", num, re.I):
            # "two years ago" is when (a date with ``published``), not how long; "than it was a
            # dozen years ago" compares over a span and stays one
            continue
        parsed = parse_number(num) if not num[0].isdigit() else parse_english_number(num.lower())
        if parsed is None:
            continue
        value = parsed
        if m.group("half"):  # "three and a half years", "two and a half million"
            value += 0.5
            if m.group("hscale"):
                value *= parse_english_number("one " + m.group("hscale").strip().lower()) or 1
        unit_word = (m.group("unit") or "").lower()
        cur = m.group("cur") or m.group("cur2")
        if (
            not unit_word
            and not cur
            and not num[0].isdigit()
            and not m.group("pre")
            and not re.search(r"hundred|thousand|million|billion|trillion|dozen", num, re.I)
            and not m.group("hscale")
            and not _word_count_ok(norm, m)
        ):
            continue  # "two" alone in prose is rarely a checkable count
        if (
            num.lower() == "one"
            and (m.group("pre") or "").lower() == "more than"
            and not unit_word
            and not cur
            and not m.group("num2")
        ):
            continue  # "more than one instance": several, not a count of one
        cur = cur.strip().upper() if cur else None
        unit = CURRENCY_SIGNS.get(cur) if cur else EN_UNIT_MAP.get(unit_word) if unit_word else None
        if unit is None and unit_word:
            # °C and "degrees C" are written with a capital the lowercased lookup misses
            unit = EN_UNIT_MAP.get(m.group("unit")) or EN_UNIT_MAP.get(unit_word.rstrip("s"))
        if unit_word in EN_UNIT_SCALE and not cur:
            value *= EN_UNIT_SCALE[unit_word]
        end = m.end()
        if unit is None and not cur and not m.group("post"):
            # "two calendar years", "three consecutive months": a span of time
            span = _EN_TIME_SPAN_RE.match(norm, end)
            if span:
                unit, end = span.group("unit").lower().rstrip("s"), span.end()
        if unit == "year" and (of_age := _EN_OF_AGE_RE.match(norm, end)):
            unit, end = "age", of_age.end()  # "less than 40 years of age"
        if m.group("sign"):
            value = -value
        num2 = m.group("num2")
        upper = parse_english_number(num2.lower()) if num2 else None
        approx = _pre_approx(m)
        start = m.start()
        if approx == "more_than" and _PHRASAL_OVER_RE.search(norm[max(0, start - 12) : start]):
            approx, start = "exact", m.start("num")  # "took over three banks": a verb's particle
        if m.group("plus"):
            approx = "more_than"  # "a 20-plus year career"
        if m.group("post"):
            approx = _combine_approx(approx, parse_approx(m.group("post")))
        factor = 100 if unit == "%" else 1
        if num2 and upper is not None:
            value = _scaled_lower(value, num, upper, num2)
            if upper < value or _is_change(norm, m):
                # "voted 9 to 2", "rose by 172,000 to 1.6 million": two values, not a range
                first_end = m.end("num")
                out.append(
                    Match(
                        m.start(),
                        first_end,
                        Quantity(
                            value=round(value / factor, 10),
                            unit=unit,
                            approx=approx,
                            raw=text[m.start() : first_end],
                        ),
                    )
                )
                second = m.start("cur2") if m.group("cur2") else m.start("num2")
                cur2 = m.group("cur2")
                unit2 = CURRENCY_SIGNS.get(cur2.strip().upper(), unit) if cur2 else unit
                out.append(
                    Match(
                        second,
                        m.end(),
                        Quantity(
                            value=round(upper / factor, 10),
                            unit=unit2,
                            approx=parse_approx(m.group("post") or ""),
                            raw=text[second : m.end()],
                        ),
                    )
                )
                continue
        out.append(
            Match(
                start,
                end,
                Quantity(
                    value=round(value / factor, 10) if factor != 1 else value,
                    upper=None if upper is None else round(upper / factor, 10),
                    unit=unit,
                    approx=approx,
                    raw=text[start:end],
                ),
            )
        )
    for m in _EN_IN_A_ROW_RE.finditer(norm):
        ordinal = m.group("ord").lower()
        periods = int(ordinal[:-2]) if ordinal[0].isdigit() else _EN_ORDINAL_VALUES[ordinal]
        if periods < 2:
            continue
        out.append(
            Match(
                m.start(),
                m.end(),
                Quantity(
                    value=periods,
                    unit=_IN_A_ROW_UNIT.get(m.group("what").lower()),
                    approx="exact",
                    raw=text[m.start() : m.end()],
                ),
            )
        )
    out = _joined_ranges(norm, text, out)
    for m in _EN_ONLY_AGE_RE.finditer(norm):
        out.append(
            Match(
                m.start(),
                m.end("num"),
                Quantity(
                    value=int(m.group("num")),
                    unit="age",
                    approx="exact",
                    raw=text[m.start() : m.end("num")],
                ),
            )
        )
    for m in _EN_AGE_RE.finditer(norm):
        age = int(m.group("num") or m.group("num2"))
        out.append(
            Match(
                m.start(),
                m.end(),
                Quantity(
                    value=age, unit="age", approx=_pre_approx(m), raw=text[m.start() : m.end()]
                ),
            )
        )
    for m in _EN_MULTIPLE_RE.finditer(norm):
        word, n = m.group("word"), m.group("n")
        multiple = _EN_MULTIPLES[word.lower()] if word else parse_english_number(n.lower())
        if not multiple:
            continue
        out.append(
            Match(
                m.start(),
                m.end(),
                Quantity(
                    value=float(multiple),
                    unit="times",
                    approx=_pre_approx(m),
                    raw=text[m.start() : m.end()],
                ),
            )
        )
    return out


_EN_ORDINAL_VALUES = {
    w: i
    for i, w in enumerate(
        [
            "zeroth",
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
        ]
    )
}
_DASH_RANGE_RE = re.compile(r"\s*[-–—]\s*$|\s+and\s+$")


def _joined_ranges(norm: str, text: str, found: list[Match[Quantity]]) -> list[Match[Quantity]]:
    """ "5%-6%", "$3bn–$4bn", "between 5% and 6%": two values with their units are one range."""
    out: list[Match[Quantity]] = []
    for m in sorted(found, key=lambda m: m.start):
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.value.upper is None
            and m.value.upper is None
            and prev.value.unit is not None
            and prev.value.unit == m.value.unit
            and m.value.value >= prev.value.value >= 0
            and (sep := _DASH_RANGE_RE.match(norm[prev.end : m.start] + "")) is not None
            and sep.end() == m.start - prev.end
            and (
                "and" not in sep.group()
                or re.search(r"\bbetween\s+$", norm[max(0, prev.start - 9) : prev.start], re.I)
            )
        ):
            out[-1] = Match(
                prev.start,
                m.end,
                prev.value.model_copy(
                    update={"upper": m.value.value, "raw": text[prev.start : m.end]}
                ),
            )
            continue
        out.append(m)
    return out
