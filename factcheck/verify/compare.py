"""Value semantics: does an evidence value satisfy a claimed quantity, date or rank? (pure)

Which evidence value is compared with which claim is decided elsewhere: Wikidata statements in
:mod:`factcheck.verify.structured`, values stated about the same thing in text in
:mod:`factcheck.verify.aligned`. All functions here are pure. A comparator answers ``True`` (the evidence value satisfies the claim),
``False`` (it contradicts it) or ``None`` (the values cannot be compared: other unit family, coarser
date, nothing found). Semantics of a claimed value ``v`` against an observed value ``x``
(``QUANTITY_TOLERANCE`` and ``EXACT_TOLERANCE`` are relative):

=========== ==========================================================
approx      the claim holds when
=========== ==========================================================
exact       ``|x - v| <= 1% of |v|`` (rounding of a stated figure)
about       ``|x - v| <=`` the rounding of v's last significant digit, 2–10 % of ``|v|``
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

import math
import re

from factcheck.models import DateValue, Quantity, Rank
from factcheck.values import convert_unit, normalize_unit, read_values

__all__ = [
    "EXACT_TOLERANCE",
    "QUANTITY_TOLERANCE",
    "compare_date",
    "compare_quantity",
    "compare_rank",
    "compare_stated",
    "compare_text_numbers",
    "impossible_date",
    "value_satisfies",
]


EXACT_TOLERANCE = 0.01
QUANTITY_TOLERANCE = 0.10
NEARLY_LOWER = 0.8


# ---------------------------------------------------------------- value semantics


ABOUT_MIN_TOLERANCE = 0.02


def about_tolerance(claimed: float) -> float:
    """How far "about v" reaches: the rounding of v's last significant digit (约800 → ±50, 约790 →
    ±5), at least 2 % and at most 10 % of |v|. A round figure stands for a wide band; a precise
    one does not (约790 and 约850 毫米 are different statements)."""
    v = abs(claimed)
    if v == 0:
        return 0.0
    text = f"{v:.6g}"
    digits = text.replace(".", "").rstrip("0")
    if "e" in text or not digits.strip("0"):
        step = v * QUANTITY_TOLERANCE * 2
    else:
        integer, _, fraction = text.partition(".")
        if fraction:
            step = 10.0 ** -len(fraction.rstrip("0") or "0")
        else:
            step = 10.0 ** (len(integer) - len(integer.rstrip("0")))
    return min(max(step / 2, ABOUT_MIN_TOLERANCE * v), QUANTITY_TOLERANCE * v)


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
    if approx == "about":
        return abs(observed - claimed) <= about_tolerance(claimed) + 1e-12
    if approx == "exact":
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
    if "0000" in (claimed_iso.lstrip("-")[:4], observed_iso.lstrip("-")[:4]):
        return None  # there is no year 0: an impossible date supports and refutes nothing
    if claimed_iso[:n] != observed_iso[:n]:
        return False
    if _PRECISION_ORDER[claimed.precision] > _PRECISION_ORDER[precision]:
        return None
    return True


# A year-shaped expression naming year 0 (0000年, 〇〇〇〇年, 0000-05, "in 0000"). No such year
# exists, so the claim states no date at all and nothing can support what it says about one.
_YEAR_ZERO_RE = re.compile(
    r"(?<![0-9])(?:0000|〇〇〇〇|○○○○|零零零零)\s*年"
    r"|(?<![0-9-])0000-(?:0[1-9]|1[0-2])(?![0-9])"
    r"|\b(?:in|year|since|from|until|by|founded|established)\s+0{4}(?![0-9])",
    re.IGNORECASE,
)


def impossible_date(text: str) -> str | None:
    """The first year-0 date expression in ``text`` (``0000年``), or ``None``."""
    m = _YEAR_ZERO_RE.search(text)
    return m.group(0) if m else None


def _iso_prefix(value: str) -> str:
    v = value.strip().lstrip("+")
    if "T" in v:
        v = v.split("T", 1)[0]
    parts = v.split("-")
    if parts and parts[0].isdigit():
        parts[0] = parts[0].zfill(4)
    return "-".join(parts)


# ---------------------------------------------------------------- ranks


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
        if normalize_unit(claimed.unit) == "%" and normalize_unit(unit) is None and observed > 1:
            x = observed / 100.0  # a bare "30.6" beside a fraction claim: a percent figure
        else:
            return None
    return value_satisfies(claimed.approx, claimed.value, x, upper=claimed.upper)


def _interval(approx: str, v: float, upper: float | None) -> tuple[float, float]:
    """The values a stated quantity allows (closed bounds are close enough here)."""
    hi = upper if upper is not None else v
    if approx == "about":
        return v - about_tolerance(v), hi + about_tolerance(hi)
    if approx == "exact":
        return v - EXACT_TOLERANCE * abs(v), hi + EXACT_TOLERANCE * abs(hi)
    if approx in ("more_than", "at_least"):
        return v, math.inf
    if approx in ("less_than", "at_most"):
        return -math.inf, hi
    return min(NEARLY_LOWER * v, v), max(NEARLY_LOWER * v, hi)  # nearly


def compare_stated(claimed: Quantity, observed: Quantity) -> bool | None:
    """Compare two stated quantities as the ranges they allow: the evidence's range inside the
    claim's → True; no overlap → False; a partial overlap cannot be decided → None. "More than 300"
    supports "more than 300"; "some 270" contradicts it. Units are converted first."""
    if observed.approx == "exact" and observed.upper is None:
        return compare_quantity(claimed, observed.value, observed.unit)
    lo = convert_unit(observed.value, observed.unit, claimed.unit)
    hi_raw = observed.upper if observed.upper is not None else observed.value
    hi = convert_unit(hi_raw, observed.unit, claimed.unit)
    if lo is None or hi is None:
        return None
    olo, ohi = _interval(observed.approx, lo, hi if observed.upper is not None else None)
    clo, chi = _interval(claimed.approx, claimed.value, claimed.upper)
    point_claim = claimed.approx in ("exact", "about") and claimed.upper is None
    if point_claim and observed.approx in ("about", "nearly") and olo <= claimed.value <= ohi:
        return True  # 3700年 against 约3700年: the claimed figure is one the evidence allows
    strict_lo = claimed.approx == "more_than"
    strict_hi = claimed.approx == "less_than"
    inside = (olo > clo if strict_lo else olo >= clo) and (ohi < chi if strict_hi else ohi <= chi)
    if observed.approx in ("more_than",) and claimed.approx in ("more_than", "at_least"):
        inside = olo >= clo
    if inside:
        return True
    if ohi < clo or olo > chi or (strict_lo and ohi <= clo) or (strict_hi and olo >= chi):
        return False
    return None


def compare_text_numbers(claimed: Quantity, text: str) -> bool | None:
    """Compare a claimed quantity with the numbers found in a passage of the same unit family.

    True when one of them satisfies the claim, False when some are comparable and none does, None when
    no comparable number is found.
    """
    seen = False
    for m in read_values(text).quantities:
        f = m.value
        r = compare_quantity(claimed, f.value, f.unit)
        if r is None:
            continue
        if normalize_unit(claimed.unit) is None and normalize_unit(f.unit) is not None:
            continue  # a bare count is not checked against measured amounts
        seen = True
        if r:
            return True
    return False if seen else None
