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

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from factcheck.models import Claim, DateValue, Document, Quantity, Rank
from factcheck.values import convert_unit, find_ranks, normalize_unit, read_values

__all__ = [
    "ALIGNED_CONFIDENCE",
    "DATE_PROPERTIES",
    "ENTITY_PROPERTIES",
    "EXACT_TOLERANCE",
    "QUANTITY_PROPERTIES",
    "QUANTITY_TOLERANCE",
    "Comparison",
    "aligned_comparisons",
    "compare_date",
    "compare_quantity",
    "compare_rank",
    "compare_structured",
    "compare_text_numbers",
    "impossible_date",
    "value_satisfies",
]


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
            for f in read_values(p.text).quantities:
                if unit_char and _unit_char(f.raw) != unit_char:
                    continue
                if not _starts_with_head(p.text, f.end, head):
                    continue
                result = compare_quantity(q, f.value.value, f.value.unit)
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
                found = ranks[0].value
                result = compare_rank(claim.rank, found.position, found.approx)
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
