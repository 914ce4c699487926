"""Structured comparisons: a claim's value against the Wikidata statement that is about it (pure).

A statement decides only when all three hold:

1. **the item is the claim's subject** — one of its labels or aliases names the subject
   (:func:`factcheck.verify.about.label_matches`), or the claim's entity carries the item's Q-id;
2. **the property is the claim's attribute** — named by a whole word of the claim
   (:func:`factcheck.fetchers.properties.claim_properties`: 成立 → P571, 总部 → P159; never the 国家
   inside 67个国家重点实验室);
3. **the values are of one type** — a date property against the claim's dates, a quantity property
   against quantities of the property's unit family (a count against a count, an area against an
   area; never a fraction of employees against an employee count), an entity property against a
   claim object that is a name (not 67个国家重点实验室).

Every result is a :class:`~factcheck.verify.comparison.Comparison` carrying the item, property,
values and rule for the verdict's trace.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from factcheck.fetchers.keywords import is_name_like
from factcheck.fetchers.properties import PROPERTIES, claim_properties
from factcheck.models import Claim, DateValue, Document, Quantity
from factcheck.values import normalize_unit, unit_family
from factcheck.values.phrase import value_phrase
from factcheck.verify.about import item_labels, label_matches, subject_names
from factcheck.verify.aligned import counted_head, date_scope
from factcheck.verify.compare import compare_date, compare_quantity
from factcheck.verify.comparison import Comparison, Outcome

__all__ = [
    "REFUTABLE_ENTITY_PROPERTIES",
    "compare_structured",
    "is_about_subject",
    "quantity_fits_family",
]

_CJK = re.compile(r"[\u3400-\u9fff]")

REFUTABLE_ENTITY_PROPERTIES = frozenset({"P17", "P36"})
"""Entity properties whose other value contradicts the claim: one value, no hierarchy. Elsewhere a
mismatch decides nothing: 位于北京 is not refuted by P131 = 海淀区 (a part of Beijing), nor a founder
by an incomplete founder list."""


def is_about_subject(claim: Claim, structured: Mapping[str, Any]) -> bool:
    """Whether the structured item is the claim's subject (by label/alias or Q-id)."""
    qid = structured.get("wikidata_id")
    if qid and any(e.wikidata == qid for e in claim.entities):
        return True
    names = subject_names(claim)
    labels = item_labels(structured)
    return any(label_matches(lab, n) for lab in labels for n in names)


def quantity_fits_family(q: Quantity, family: str | None) -> bool:
    """Whether a claimed quantity is measured in a property's unit family."""
    fam = unit_family(q.unit)
    canonical = normalize_unit(q.unit)
    if family == "count":
        return fam is None or fam.startswith("count")
    if family == "ratio":
        return canonical == "%"
    if family == "money":
        return fam is not None and fam.startswith("money")
    return fam == family


def _statements(raw: Any) -> Iterator[Mapping[str, Any]]:
    items: Iterable[Any] = raw if isinstance(raw, list) else [raw]
    for it in items:
        if isinstance(it, Mapping):
            yield it
        elif it is not None:
            yield {"value": it}


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


def _fmt_number(v: float) -> str:
    if float(v).is_integer() and abs(v) < 1e15:
        return f"{int(v):,}"
    return f"{v:.4g}"


def _fmt_quantity(q: Quantity) -> str:
    s = q.raw or (
        f"{_fmt_number(q.value)}" + (f"..{_fmt_number(q.upper)}" if q.upper is not None else "")
    )
    return f"{s} ({q.approx})" if q.approx != "exact" else s


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


_ALL_DATE_TERMS = tuple(
    t.lower() for spec in PROPERTIES.values() if spec.kind == "date" for t in spec.terms
)


def _date_named_by(claim: Claim, date: DateValue, terms: Sequence[str]) -> bool:
    """Whether the clause holding ``date`` in the claim names one of ``terms``."""
    text = claim.text
    at = text.find(date.raw) if date.raw else -1
    if at < 0:
        return False
    end = at + len(date.raw or "")
    others = [
        (p, p + len(d.raw or ""))
        for d in claim.dates
        if d is not date and d.raw and (p := text.find(d.raw)) >= 0
    ]
    start = max([e for _, e in others if e <= at], default=0)
    stop = min([s for s, _ in others if s >= end], default=len(text))
    clause = date_scope(text, at, end)
    # the words between the previous date and this one; else those up to the next date
    before = text[max(start, text.find(clause)) : end].lower()
    after = text[end : min(stop, text.find(clause) + len(clause))].lower()
    lowered = [t.lower() for t in terms]
    return any(t in before for t in lowered) or (
        not any(t in before for t in _ALL_DATE_TERMS) and any(t in after for t in lowered)
    )


def _names_property(text: str, q: Quantity, terms: Sequence[str]) -> bool:
    """Whether the words naming what ``q`` is a figure of (before it, or counted after it) hold
    one of a property's terms."""
    if not q.raw or q.raw not in text:
        return True
    at = text.find(q.raw)
    around = (value_phrase(text, at) + " " + (counted_head(text, at + len(q.raw)) or "")).lower()
    return any(t.lower() in around for t in terms)


def compare_structured(claim: Claim, document: Document) -> list[Comparison]:
    """Compare the claim with the statements of a structured (Wikidata) document; see the module."""
    st = document.structured
    if not st or not is_about_subject(claim, st):
        return []
    item = str(st.get("wikidata_id") or "") or None
    where = document.url or document.id
    label = next(iter(item_labels(st)), item or where)
    out: list[Comparison] = []

    def add(outcome: Outcome, kind: Any, prop: str, claimed: str, observed: str, verb: str) -> None:
        out.append(
            Comparison(
                outcome=outcome,
                kind=kind,
                claimed=claimed,
                observed=observed,
                sentence=(
                    f"维基数据 {item or ''}（{label}）的 {prop} 为 {observed}，与所称的{claimed}"
                    f"{'一致' if outcome == 'supported' else '矛盾'}。"
                    if _CJK.search(claim.text)
                    else f"Wikidata {item or ''} ({label}) {prop} = {observed} {verb} the claimed "
                    f"{claimed}."
                ).replace("  ", " "),
                rule=f"wikidata-{kind}",
                property=prop,
                item=item,
                document_id=document.id,
                url=document.url or None,
            )
        )

    for pid in claim_properties(claim):
        spec = PROPERTIES[pid]
        stmts = list(_statements(st.get(pid)))
        if not stmts:
            continue
        if spec.kind == "date" and claim.dates:
            for cd in claim.dates:
                if len(claim.dates) > 1 and not _date_named_by(claim, cd, spec.terms):
                    continue  # born 1879, died 1955: each date goes with its own event word
                decided = [
                    (r, s)
                    for s in stmts
                    if s.get("value") is not None
                    and (r := compare_date(cd, str(s["value"]), str(s.get("precision") or "day")))
                    is not None
                ]
                if not decided:
                    continue
                ok = [s for r, s in decided if r]
                s0 = ok[0] if ok else decided[0][1]
                verb = "matches" if ok else "contradicts"
                add("supported" if ok else "refuted", "date", pid, cd.raw or cd.value,
                    str(s0["value"]), f"{verb} (at {cd.precision} precision)")  # fmt: skip
        elif spec.kind == "quantity" and claim.quantities:
            # 常住人口为4850657人，十年共减少228251人: P1082 is about the figure whose phrase
            # names the property, not the decline (a figure not found in the text is kept)
            fitting = [
                q
                for q in claim.quantities
                if quantity_fits_family(q, spec.family)
                and _names_property(claim.text, q, spec.terms)
            ]
            for q in fitting:
                results = []
                for s in stmts:
                    x = _as_float(s.get("value"))
                    if x is None:
                        continue
                    r = compare_quantity(q, x, s.get("unit"))
                    if r is not None:
                        results.append((r, s, x))
                if not results:
                    continue
                agree = [(s, x) for r, s, x in results if r]
                s1, x1 = agree[0] if agree else (results[0][1], results[0][2])
                unit = f" {s1.get('unit')}" if s1.get("unit") else ""
                verb = "satisfies" if agree else "contradicts"
                add("supported" if agree else "refuted", "quantity", pid, _fmt_quantity(q),
                    f"{_fmt_number(x1)}{unit}", verb)  # fmt: skip
        elif spec.kind == "entity" and claim.object and is_name_like(claim.object, max_chars=30):
            names = [n for s in stmts for n in _entity_names(s)]
            if not names:
                continue
            hit = next((n for n in names if label_matches(n, claim.object)), None)
            if hit is None and pid not in REFUTABLE_ENTITY_PROPERTIES:
                continue
            add("supported" if hit else "refuted", "entity", pid, claim.object,
                hit or names[0], "matches" if hit else "does not match")  # fmt: skip
    return out
