"""One unit table: the words the reader recognizes, their canonical names, families and factors.

A canonical unit belongs to one family and has a factor to the family's base unit; values convert
only within a family. Chinese counters (家, 所, 个, 项…) name what is counted: the reader keeps them
as the unit (``41所``), and for comparison they are plain counts, compatible with each other and
with a bare number. ``%`` is a *fraction* (the reader stores 30.6% as 0.306 with unit ``%``);
``percent`` is a figure in percent (Wikidata's 30.6 with unit percent), so ``convert_unit(30.6,
"percent", "%") == 0.306``. ``pp`` (percentage points, 个百分点) and ``times`` (倍) are families of
their own: a change of 6.3 points is not 6.3 % of anything, and a multiple is not a fraction.
"""

from __future__ import annotations

import re

__all__ = [
    "CN_UNIT_MAP",
    "CN_UNIT_RE",
    "COUNTERS",
    "CURRENCY_PREFIX",
    "CURRENCY_SIGNS",
    "EN_UNIT_MAP",
    "EN_UNIT_RE",
    "EN_UNIT_SCALE",
    "EN_UNIT_WORDS",
    "NOT_YEAR_UNIT_AFTER",
    "convert_unit",
    "normalize_unit",
    "unit_family",
]

# canonical unit -> (family, factor to the family's base unit)
_UNITS: dict[str, tuple[str, float]] = {
    "km": ("length", 1000.0),
    "m": ("length", 1.0),
    "cm": ("length", 0.01),
    "mm": ("length", 0.001),
    "mi": ("length", 1609.344),
    "degC": ("temperature:C", 1.0),
    "ft": ("length", 0.3048),
    "km2": ("area", 1e6),
    "m2": ("area", 1.0),
    "hectare": ("area", 1e4),
    "mu": ("area", 10_000 / 15),
    "mi2": ("area", 2_589_988.110336),
    "acre": ("area", 4046.8564224),
    "t": ("mass", 1000.0),
    "kg": ("mass", 1.0),
    "g": ("mass", 0.001),
    "year": ("duration", 365.25),
    "month": ("duration", 30.4375),
    "week": ("duration", 7.0),
    "day": ("duration", 1.0),
    "hour": ("duration", 1 / 24),
    "minute": ("duration", 1 / 1440),
    "second": ("duration", 1 / 86400),
    "kWh": ("energy", 1.0),
    "MWh": ("energy", 1e3),
    "GWh": ("energy", 1e6),
    "kW": ("power", 1.0),
    "MW": ("power", 1e3),
    "GW": ("power", 1e6),
    "CNY": ("money:CNY", 1.0),
    "USD": ("money:USD", 1.0),
    "EUR": ("money:EUR", 1.0),
    "HKD": ("money:HKD", 1.0),
    "JPY": ("money:JPY", 1.0),
    "GBP": ("money:GBP", 1.0),
    "%": ("ratio", 1.0),
    "percent": ("ratio", 0.01),
    "permille": ("ratio", 0.001),
    "pp": ("percentage_points", 1.0),
    "times": ("times", 1.0),
    "age": ("age", 1.0),
    "places": ("places", 1.0),
    "person": ("count:person", 1.0),
    "person_time": ("count:person_time", 1.0),
    "job": ("count:job", 1.0),
    "item": ("count", 1.0),
}

# Counters (家, 所, 个, 项…) name what is counted, not a unit: counts compatible with each other
# and with a bare number.
COUNTERS = frozenset("家所个项座件台辆篇部条只款种次届场枚颗株本册支架艘栋层批份例户间把张处县镇乡")

# Surface word -> canonical unit (lookup is exact, then case-folded).
_ALIASES: dict[str, str] = {
    "公里": "km", "千米": "km", "kilometer": "km", "kilometre": "km", "kilometers": "km",
    "kilometres": "km", "米": "m", "meter": "m", "metre": "m", "meters": "m", "metres": "m",
    "厘米": "cm", "毫米": "mm", "mile": "mi", "miles": "mi", "英里": "mi",
    "平方公里": "km2", "平方千米": "km2", "km²": "km2", "square kilometres": "km2",
    "square kilometers": "km2", "sq km": "km2", "平方米": "m2", "m²": "m2", "公顷": "hectare",
    "hectares": "hectare", "ha": "hectare", "亩": "mu", "square miles": "mi2",
    "square mile": "mi2", "sq mi": "mi2", "acres": "acre", "feet": "ft", "foot": "ft",
    "吨": "t", "tonne": "t", "tonnes": "t", "tons": "t", "ton": "t", "公斤": "kg", "千克": "kg",
    "kilogram": "kg", "kilograms": "kg", "克": "g", "grams": "g", "gram": "g",
    "年": "year", "周年": "year", "years": "year", "个月": "month", "月": "month",
    "months": "month", "周": "week", "星期": "week", "weeks": "week", "天": "day", "日": "day",
    "days": "day", "小时": "hour", "个小时": "hour", "hours": "hour", "分钟": "minute",
    "minutes": "minute", "秒": "second", "seconds": "second",
    "千瓦时": "kWh", "千瓦小时": "kWh", "kwh": "kWh", "kilowatt-hours": "kWh",
    "kilowatt hours": "kWh", "mwh": "MWh", "megawatt-hours": "MWh", "gwh": "GWh",
    "gigawatt-hours": "GWh", "千瓦": "kW", "kw": "kW", "kilowatts": "kW", "兆瓦": "MW",
    "mw": "MW", "megawatts": "MW", "吉瓦": "GW", "gw": "GW", "gigawatts": "GW",
    "元": "CNY", "人民币": "CNY", "rmb": "CNY", "yuan": "CNY", "¥": "CNY", "￥": "CNY",
    "美元": "USD", "dollars": "USD", "dollar": "USD", "$": "USD", "us$": "USD",
    "欧元": "EUR", "euros": "EUR", "euro": "EUR", "€": "EUR", "港元": "HKD", "港币": "HKD",
    "日元": "JPY", "英镑": "GBP", "£": "GBP", "pounds": "GBP",
    "ratio": "%", "fraction": "%", "％": "%", "per cent": "percent", "‰": "permille",
    "percentage points": "pp", "percentage point": "pp", "个百分点": "pp", "百分点": "pp",
    "倍": "times", "岁": "age",
    "人": "person", "名": "person", "位": "person", "people": "person", "persons": "person",
    "inhabitants": "person", "residents": "person", "employees": "person",
    "students": "person", "workers": "person", "人次": "person_time", "jobs": "job",
}  # fmt: skip


def normalize_unit(unit: str | None) -> str | None:
    """Canonical unit name (``公里`` → ``km``); counters and unknown words map to ``None`` (a count)."""
    if unit is None:
        return None
    u = unit.strip()
    if not u or u in COUNTERS:
        return None
    for key in (u, u.lower()):
        if key in _UNITS:
            return key
        if key in _ALIASES:
            return _ALIASES[key]
    return None


def unit_family(unit: str | None) -> str | None:
    """The family of a unit (``length``, ``ratio``, ``money:CNY``, ``count:person``…); ``None`` for counts."""
    canonical = normalize_unit(unit)
    return None if canonical is None else _UNITS[canonical][0]


def convert_unit(value: float, from_unit: str | None, to_unit: str | None) -> float | None:
    """Convert ``value`` between units of one family; ``None`` when the families differ.

    ``None`` units (and counters) are plain counts: compatible with each other and with counted
    units (person), since a Wikidata population has no unit while a claim may say 人.
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


# --- what the reader recognizes after a number (surface -> the unit it stores) -------------------

_T2S_INV = str.maketrans(
    "个吨厘钟时周岁届层辆条种栋场币镑项县镇乡户只颗万亿元",
    "個噸釐鐘時週歲屆層輛條種棟場幣鎊項縣鎮鄉戶隻顆萬億圓",
)
_CN_UNITS: list[tuple[str, str]] = [
    ("平方公里", "km2"), ("平方千米", "km2"), ("平方米", "m2"), ("公里", "km"), ("千米", "km"),
    ("千瓦时", "kWh"), ("千瓦小时", "kWh"), ("千瓦", "kW"), ("兆瓦", "MW"), ("吉瓦", "GW"),
    ("km", "km"), ("kg", "kg"), ("公斤", "kg"), ("千克", "kg"), ("吨", "t"), ("米", "m"),
    ("厘米", "cm"), ("毫米", "mm"), ("℃", "degC"), ("°C", "degC"), ("° C", "degC"),
    ("摄氏度", "degC"), ("人民币", "CNY"), ("美元", "USD"), ("欧元", "EUR"), ("港元", "HKD"),
    ("港币", "HKD"), ("日元", "JPY"), ("英镑", "GBP"), ("元", "CNY"), ("个月", "month"),
    ("个小时", "hour"), ("小时", "hour"), ("分钟", "minute"), ("秒", "second"), ("周年", "year"),
    ("年", "year"), ("天", "day"), ("周", "week"), ("星期", "week"), ("岁", "age"),
    ("名", "person"), ("人", "person"), ("位", "person"), ("人次", "person_time"),
    ("倍", "times"), ("％", "%"), ("%", "%"), ("‰", "permille"), ("个百分点", "pp"),
    ("百分点", "pp"),
    ("县", "县"), ("镇", "镇"), ("乡", "乡"), ("所", "所"), ("家", "家"), ("个", "个"), ("座", "座"), ("项", "项"), ("篇", "篇"),
    ("次", "次"), ("件", "件"), ("款", "款"), ("台", "台"), ("辆", "辆"), ("条", "条"),
    ("种", "种"), ("栋", "栋"), ("层", "层"), ("部", "部"), ("本", "本"), ("场", "场"),
    ("届", "届"), ("批", "批"), ("份", "份"), ("例", "例"), ("架", "架"), ("艘", "艘"),
    ("颗", "颗"), ("枚", "枚"), ("亩", "亩"), ("户", "户"), ("只", "只"), ("支", "支"),
    ("所高校", "所"),
]  # fmt: skip
# traditional characters of the same units (個, 噸, 項, 歲 …) store the simplified unit
_CN_UNITS += [
    (surface.translate(_T2S_INV), unit)
    for surface, unit in list(_CN_UNITS)
    if surface.translate(_T2S_INV) != surface
]
_CN_UNITS.sort(key=lambda u: len(u[0]), reverse=True)
CN_UNIT_RE = "|".join(re.escape(u) for u, _ in _CN_UNITS)
CN_UNIT_MAP = dict(_CN_UNITS)
# 年 followed by these is not a duration (年薪 = annual salary, 年代 = decade, 年级 = grade …).
NOT_YEAR_UNIT_AFTER = "薪级代度初底末中份内间轻纪龄会报鉴"

_EN_UNITS: list[tuple[str, str]] = [
    ("percent", "%"), ("per cent", "%"), ("percentage points", "pp"),
    ("percentage point", "pp"), ("%", "%"),
    ("square kilometers", "km2"), ("square kilometres", "km2"), ("square kilometer", "km2"),
    ("square kilometre", "km2"), ("sq km", "km2"), ("km2", "km2"), ("km²", "km2"),
    ("square miles", "mi2"), ("square mile", "mi2"), ("sq mi", "mi2"), ("hectares", "hectare"),
    ("acres", "acre"), ("kilometers", "km"), ("kilometres", "km"), ("km", "km"),
    ("miles", "mi"), ("mile", "mi"), ("meters", "m"), ("metres", "m"), ("feet", "ft"),
    ("kilowatt-hours", "kWh"), ("kilowatt hours", "kWh"), ("kWh", "kWh"), ("megawatt-hours", "MWh"),
    ("MWh", "MWh"), ("gigawatt-hours", "GWh"), ("GWh", "GWh"), ("kilowatts", "kW"), ("kW", "kW"),
    ("megawatts", "MW"), ("MW", "MW"), ("gigawatts", "GW"), ("GW", "GW"),
    ("millimetres", "mm"), ("millimeters", "mm"), ("mm", "mm"), ("°C", "degC"),
    ("degrees Celsius", "degC"), ("degrees C", "degC"), ("℃", "degC"),
    ("metric tons", "t"), ("tonnes", "t"), ("tons", "t"), ("kilograms", "kg"), ("kg", "kg"),
    ("people", "person"), ("persons", "person"), ("person", "person"), ("workers", "person"),
    ("jobs", "job"), ("job", "job"), ("years", "year"), ("year", "year"), ("months", "month"),
    ("month", "month"), ("weeks", "week"), ("week", "week"), ("days", "day"), ("day", "day"),
    ("hours", "hour"), ("hour", "hour"), ("minutes", "minute"), ("minute", "minute"),
    ("dollars", "USD"), ("dollar", "USD"), ("cents", "USD"), ("cent", "USD"),
    ("euros", "EUR"), ("yuan", "CNY"), ("times", "times"),
]  # fmt: skip
# Units written in a subunit of the unit stored: 9 cents → 0.09 USD.
EN_UNIT_SCALE = {"cents": 0.01, "cent": 0.01}
EN_UNIT_RE = "|".join(re.escape(u) for u, _ in sorted(_EN_UNITS, key=lambda u: -len(u[0])))
EN_UNIT_MAP = dict(_EN_UNITS)
# Words after a number that make it a measured amount or a count (not a year): the reader's units
# plus the ones every table knows.
EN_UNIT_WORDS = frozenset(
    [u.split()[0] for u, _ in _EN_UNITS]
    + [a for a in _ALIASES if a.isascii() and a.isalpha()]
    + [
        "m",
        "km",
        "kg",
        "t",
        "mm",
        "cm",
        "ha",
        "sq",
        "square",
        "tons",
        "tonnes",
        "feet",
        "foot",
        "ft",
        "inches",
        "acres",
        "hectares",
        "votes",
    ]
)
# ISO 4217 codes written before an amount ("SEK 40 billion", "KES 1.2 trillion")
_ISO_CURRENCIES = (
    "CHF", "SEK", "NOK", "DKK", "ISK", "PLN", "CZK", "HUF", "RON", "INR", "KRW", "TWD", "SGD", "AUD",
    "CAD", "NZD", "ZAR", "BRL", "MXN", "ARS", "CLP", "COP", "RUB", "TRY", "KES", "NGN", "EGP",
    "SAR", "AED", "ILS", "THB", "IDR", "MYR", "PHP", "VND", "PKR", "BDT", "UAH", "ETB", "GHS",
    "TZS", "UGX", "MAD", "AOA", "QAR", "KWD",
)  # fmt: skip
CURRENCY_SIGNS = {
    "$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "￥": "CNY", "USD": "USD",
    "EUR": "EUR", "GBP": "GBP", "CNY": "CNY", "RMB": "CNY", "JPY": "JPY", "HKD": "HKD",
    "HK$": "HKD", "A$": "AUD", "C$": "CAD", "NZ$": "NZD", "S$": "SGD", "R$": "BRL", "₹": "INR",
    "₩": "KRW", "₽": "RUB",
    **{code: code for code in _ISO_CURRENCIES},
}  # fmt: skip
CURRENCY_PREFIX = (
    r"US\$|HK\$|NZ\$|A\$|C\$|S\$|R\$|"
    rf"(?:USD|EUR|GBP|CNY|RMB|JPY|HKD|{'|'.join(_ISO_CURRENCIES)})(?=\s?\d)|[$€£¥￥₹₩₽]"
)
