"""Numbers in Chinese and English: numerals, scale words, fractions, approximation words."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from factcheck.models import Approx
from factcheck.values._text import FULLWIDTH

__all__ = [
    "APPROX_WORDS",
    "ARABIC",
    "CN_NUM_CHARS",
    "CN_POST_APPROX",
    "CN_PRE_APPROX",
    "CN_VAGUE_PRE",
    "EN_ORDINAL_DEN",
    "EN_PRE_APPROX",
    "NUM",
    "SCALE_CHARS",
    "cn_int",
    "english_fraction",
    "parse_approx",
    "parse_chinese_number",
    "parse_english_number",
    "parse_number",
]

_CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CN_NUM_CHARS = "".join([*_CN_DIGITS, *_CN_SMALL_UNITS, *_CN_BIG_UNITS])
SCALE_CHARS = "十百千万亿萬億"

ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN_DIGIT_CHARS = "零〇○一二三四五六七八九"
# An Arabic number, optionally scaled by Chinese units (1.5万, 5000万, 3千); or a Chinese numeral,
# with decimals after 点 (三十点六 = 30.6). A scale character before 分 is not one (6.3百分点), nor
# 千 before 瓦 (3.2万亿千瓦时 is kilowatt-hours).
NUM = (
    rf"(?:(?:{ARABIC})(?:[{SCALE_CHARS}](?!分|瓦))*"
    rf"|[{CN_NUM_CHARS}]+(?:点[{_CN_DIGIT_CHARS}]+[万亿萬億]?)?)"
)


def _parse_chinese_int(text: str) -> int | None:
    """Parse a Chinese integer numeral (二十, 一百零五, 一亿二千万, 一九八〇); None when malformed."""
    if not text or any(ch not in CN_NUM_CHARS for ch in text):
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
    """Parse a number written with Chinese numerals, Arabic digits or both (1.5万, 千万, 3,000).

    Exact (a :class:`~decimal.Decimal`); ``None`` when ``text`` is not one number as a whole.
    """
    text = text.translate(FULLWIDTH).strip()
    if not text:
        return None
    m = re.fullmatch(rf"({ARABIC})([{SCALE_CHARS}]*)", text)
    if m:
        try:
            value = Decimal(m.group(1).replace(",", ""))
        except InvalidOperation:
            return None
        for ch in m.group(2):
            value *= _CN_SMALL_UNITS.get(ch) or _CN_BIG_UNITS[ch]
        return value
    m = re.fullmatch(rf"([{CN_NUM_CHARS}]+)点([{_CN_DIGIT_CHARS}]+)([万亿萬億]?)", text)
    if m:  # 三十点六 → 30.6, 一点五亿 → 150000000
        whole = _parse_chinese_int(m.group(1))
        if whole is None:
            return None
        value = whole + Decimal("0." + "".join(str(_CN_DIGITS[ch]) for ch in m.group(2)))
        return value * _CN_BIG_UNITS[m.group(3)] if m.group(3) else value
    parsed = _parse_chinese_int(text)
    return None if parsed is None else Decimal(parsed)


def cn_int(text: str) -> int | None:
    """An integer written in Arabic or Chinese digits (3, 十二, 一九八〇); ``None`` otherwise."""
    value = parse_chinese_number(text)
    return None if value is None else int(value)


EN_NUMBER_WORDS: dict[str, int] = {
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
    raw = text.translate(FULLWIDTH).strip()
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
    return parse_english_number(raw.lower())


def parse_english_number(raw: str) -> float | None:
    """Parse an English number (lower case): 3.5 million, 2bn, twenty-five, a hundred, two-thirds."""
    m = re.fullmatch(rf"({ARABIC})\s*([a-z]+)?", raw)
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
        return english_fraction(frac.group(1), frac.group(2))
    half = re.fullmatch(r"half\s+an?\s+([a-z]+)", raw)
    if half:  # half a million
        scale = 12 if half.group(1) == "dozen" else _EN_SCALES.get(half.group(1))
        return None if scale is None else scale / 2
    words = raw.replace("-", " ").split()
    total = current = 0
    seen = False
    i = 0
    while i < len(words):
        word = words[i]
        if word == "a" and i + 1 < len(words) and words[i + 1] in (*_EN_SCALES, "dozen"):
            current = 1
        elif word == "dozen":
            current = (current or 1) * 12
        elif word in EN_NUMBER_WORDS:
            current += EN_NUMBER_WORDS[word]
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


EN_ORDINAL_DEN: dict[str, int] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}  # fmt: skip
_EN_FRACTIONS_RE = re.compile(
    r"(a|one|two|three|four|nine)[\s-]+(" + "|".join(EN_ORDINAL_DEN) + r")", re.IGNORECASE
)


def english_fraction(num_word: str, den_word: str) -> float:
    """two + thirds → 0.6667 (rounded to 4 places, like Chinese fractions)."""
    num = 1 if num_word.lower() in ("a", "one") else EN_NUMBER_WORDS[num_word.lower()]
    return round(num / EN_ORDINAL_DEN[den_word.lower()], 4)


# --- approximation words -----------------------------------------------------------------------

APPROX_WORDS: dict[str, Approx] = {
    # Chinese, before the number
    "将近": "nearly", "接近": "nearly", "近": "nearly", "差不多": "nearly", "几乎": "nearly",
    "大约": "about", "大概": "about", "约": "about", "大致": "about", "约为": "about",
    "约有": "about", "大约有": "about", "约达": "about", "约合": "about",
    "超过": "more_than", "超": "more_than", "逾": "more_than", "高于": "more_than",
    "多于": "more_than", "大于": "more_than", "突破": "more_than", "超出": "more_than",
    "估计为": "about", "估计": "about", "据估计": "about", "估算为": "about",
    "至少": "at_least", "不少于": "at_least", "不低于": "at_least", "起码": "at_least",
    "不到": "less_than", "不足": "less_than", "少于": "less_than", "低于": "less_than",
    "未满": "less_than", "小于": "less_than",
    "最多": "at_most", "至多": "at_most", "不超过": "at_most", "不高于": "at_most", "多达": "exact",
    # Chinese, before a bare scale word only (数百 = several hundred, 上千 = a thousand or more)
    "数": "more_than", "几": "more_than", "上": "at_least",
    # Chinese, after the number
    "左右": "about", "上下": "about", "前后": "about", "多": "more_than", "余": "more_than",
    "以上": "at_least", "开外": "more_than", "之外": "more_than", "以外": "more_than",
    "以下": "at_most", "以内": "at_most", "及以上": "at_least", "及以下": "at_most",
    # English
    "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "some": "about", "circa": "about", "an estimated": "about", "estimated": "about",
    "nearly": "nearly", "near": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
    "more than": "more_than", "over": "more_than", "above": "more_than", "upwards of": "more_than",
    "in excess of": "more_than", "exceeding": "more_than", "just over": "more_than",
    "surpassed": "more_than", "exceeded": "more_than", "topped": "more_than",
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "or more": "at_least",
    "less than": "less_than", "fewer than": "less_than", "under": "less_than", "below": "less_than",
    "up to": "at_most", "at most": "at_most", "no more than": "at_most", "or less": "at_most",
    "or fewer": "at_most", "or so": "about",
}  # fmt: skip


# traditional characters of the approximation words (約, 超過, 逾, 餘, 以內 …): same meaning
_TRADITIONAL = str.maketrans("约过几数于余内达将满计", "約過幾數於餘內達將滿計")
APPROX_WORDS.update(
    {
        w.translate(_TRADITIONAL): a
        for w, a in list(APPROX_WORDS.items())
        if re.match(r"[\u4e00-\u9fff]", w) and w.translate(_TRADITIONAL) != w
    }
)


def parse_approx(word: str) -> Approx:
    """Map an approximation word (近, 左右, 超过, more than, …) to ``approx``; unknown → exact."""
    return APPROX_WORDS.get(word.strip().lower(), "exact")


CN_VAGUE_PRE = ["数", "几", "上"]
CN_POST_APPROX = [
    "左右",
    "上下",
    "及以上",
    "及以下",
    "以上",
    "开外",
    "之外",
    "以外",
    "以下",
    "以内",
    "以內",
]
CN_PRE_APPROX = sorted(
    (w for w in APPROX_WORDS if re.match(r"[\u4e00-\u9fff]", w)
     and w not in (*CN_POST_APPROX, *CN_VAGUE_PRE, "前后", "多", "余")),
    key=len, reverse=True,
)  # fmt: skip
EN_PRE_APPROX = sorted(
    (
        w
        for w in APPROX_WORDS
        if re.match(r"[a-z]", w) and w not in ("or more", "or less", "or fewer", "or so")
    ),
    key=len,
    reverse=True,
)
