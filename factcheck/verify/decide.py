"""The decision rules: per-document stances from comparisons, near-verbatim support and the stance
model, then the claim's label — ``mixed`` when documents conflict (pure).

Per document, the first signal that exists decides its stance toward the claim:

1. **comparisons** (Wikidata statements and aligned text values about the claim's subject): all
   agreeing → supports, all contradicting → refutes, both → its majority (a tie decides nothing);
2. **near-verbatim support** in one of its passages (:mod:`factcheck.verify.verbatim`) → supports;
3. **a decisive passage stance**: the stance model gives a passage ≥ :data:`DECISIVE_STANCE` for
   supports or refutes → that stance. Such documents alone decide only a conflict (``mixed``); when
   they all lean one way, the claim-level model, which reads the same stances, decides.

Then, over documents: supporting and refuting documents both present → ``mixed`` (quoting both),
unless one side is backed only by sources of reliability ≤ :data:`WEAK_SOURCE` while the other has a
source of reliability ≥ :data:`STRONG_SOURCE` — then the strong side wins (the only tie-break by
reliability); only supporting → ``supported``; only refuting → ``refuted``. Without any deciding
document the claim-level model decides, but a supported/refuted/mixed label must be backed by a
passage whose stance is that label (else ``not_enough_evidence``): a claim whose passages are all
neutral is never refuted.

Confidence of a rule decision (no labelled data of the product's setting exists to fit it; fixed,
documented and below 0.9 unless independent sources agree): see :func:`rule_confidence`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from factcheck.models import Document, Label
from factcheck.verify.comparison import Comparison

__all__ = [
    "DECISIVE_STANCE",
    "STRONG_SOURCE",
    "WEAK_SOURCE",
    "DocumentStance",
    "PassageSignal",
    "RuleDecision",
    "decide_by_rules",
    "document_stances",
    "rule_confidence",
]

Stance = Literal["supports", "refutes", "neutral"]
Basis = Literal["comparison", "verbatim", "stance", "none"]

DECISIVE_STANCE = 0.85
"""A passage stance probability at or above this decides its document's stance."""
STRONG_SOURCE = 0.8
WEAK_SOURCE = 0.4


@dataclass(frozen=True)
class PassageSignal:
    """What is known of one cited-candidate passage: its document, stance probabilities, verbatim,
    and whether it shows a visible contradiction cue (negation, direction, a disagreeing value)."""

    document: Document
    supports: float
    refutes: float
    verbatim: bool = False
    contradicts: bool = True


@dataclass(frozen=True)
class DocumentStance:
    """One document's stance toward the claim and what it rests on."""

    document: Document
    stance: Stance
    basis: Basis
    comparisons: tuple[Comparison, ...] = ()


@dataclass(frozen=True)
class RuleDecision:
    """A label decided by the rules, its confidence and the documents on each side."""

    label: Label
    confidence: float
    supporting: list[DocumentStance] = field(default_factory=list)
    refuting: list[DocumentStance] = field(default_factory=list)
    note: str = ""


def document_stances(
    documents: Sequence[Document],
    comparisons: Sequence[Comparison],
    signals: Sequence[PassageSignal],
) -> list[DocumentStance]:
    """Each document's stance (documents without any signal are left out)."""
    by_doc: dict[str, list[Comparison]] = {}
    for c in comparisons:
        if c.document_id:
            by_doc.setdefault(c.document_id, []).append(c)
    out: list[DocumentStance] = []
    for doc in documents:
        comps = by_doc.get(doc.id, [])
        if comps:
            sup = sum(1 for c in comps if c.outcome == "supported")
            ref = len(comps) - sup
            if sup != ref:
                stance: Stance = "supports" if sup > ref else "refutes"
                out.append(DocumentStance(doc, stance, "comparison", tuple(comps)))
                continue
        mine = [s for s in signals if s.document.id == doc.id]
        if any(s.verbatim for s in mine):
            out.append(DocumentStance(doc, "supports", "verbatim"))
            continue
        best_sup = max((s.supports for s in mine), default=0.0)
        # a refutation needs a visible cue: the stance model alone misreads paraphrases
        best_ref = max((s.refutes for s in mine if s.contradicts), default=0.0)
        if max(best_sup, best_ref) >= DECISIVE_STANCE:
            stance = "supports" if best_sup >= best_ref else "refutes"
            out.append(DocumentStance(doc, stance, "stance"))
    return out


def _source(doc: Document) -> str:
    """The independent source a document stands for: its host, else its fetcher."""
    host = urlsplit(doc.url).hostname if doc.url else None
    return host or doc.fetcher


def rule_confidence(side: Sequence[DocumentStance], *, contested: bool = False) -> float:
    """Confidence that a label resting on the documents of ``side`` is right.

    One document: 0.80 by a comparison, 0.75 near-verbatim, 0.70 by a decisive stance. Each further
    *independent source* (another host or fetcher) on the same side adds 0.06, up to 0.95; a Wikidata
    statement plus a text comparison from another source reaches 0.92. ``contested`` (some passage
    leans the other way without deciding) takes 0.1 off.
    """
    if not side:
        return 0.0
    base = {"comparison": 0.80, "verbatim": 0.75, "stance": 0.70, "none": 0.5}
    best = max(base[d.basis] for d in side)
    sources = {_source(d.document) for d in side}
    conf = min(0.95, best + 0.06 * (len(sources) - 1))
    if contested:
        conf -= 0.1
    return round(conf, 4)


def decide_by_rules(
    stances: Sequence[DocumentStance],
    *,
    reliability: Callable[[Document], float] | None = None,
    contested: Mapping[str, bool] | None = None,
) -> RuleDecision | None:
    """The claim's label from the deciding documents (see the module docstring); None when none."""
    sup = [d for d in stances if d.stance == "supports"]
    ref = [d for d in stances if d.stance == "refutes"]
    contested = contested or {}
    firm = [d for d in stances if d.basis in ("comparison", "verbatim")]
    if not firm and not (sup and ref):
        return None  # decisive stances on one side only: the claim-level model weighs them
    if sup and ref:
        if reliability is not None:
            best_sup = max(reliability(d.document) for d in sup)
            best_ref = max(reliability(d.document) for d in ref)
            if best_sup >= STRONG_SOURCE and best_ref <= WEAK_SOURCE:
                note = (
                    f"A contradicting source of low reliability ({best_ref:.2f}) is outweighed by "
                    f"a source of reliability {best_sup:.2f}."
                )
                return RuleDecision(
                    "supported", rule_confidence(sup, contested=True), sup, ref, note
                )
            if best_ref >= STRONG_SOURCE and best_sup <= WEAK_SOURCE:
                note = (
                    f"A supporting source of low reliability ({best_sup:.2f}) is outweighed by "
                    f"a source of reliability {best_ref:.2f}."
                )
                return RuleDecision("refuted", rule_confidence(ref, contested=True), sup, ref, note)
        both = min(rule_confidence(sup), rule_confidence(ref))
        return RuleDecision("mixed", round(min(0.85, both), 4), sup, ref)
    if sup:
        return RuleDecision(
            "supported", rule_confidence(sup, contested=contested.get("supports", False)), sup, []
        )
    if ref:
        return RuleDecision(
            "refuted", rule_confidence(ref, contested=contested.get("refutes", False)), [], ref
        )
    return None
