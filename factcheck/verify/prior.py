"""Prior fact checks as evidence: a published review's rating becomes a stance; pure.

A document carries a prior review in ``structured["claimreview"]`` (the ``claimreview`` fetcher's
documents, and any web page with schema.org ClaimReview JSON-LD; record shape in
:mod:`factcheck.fetchers.jsonld`). :func:`prior_checks` keeps the reviews whose reviewed claim matches
ours and maps each rating to a stance with :data:`RATING_STANCES` (longest phrase first, so "mostly
true" is not read as "true", nor "不属实" as "属实"; a numeric ``rating_value`` on its
``worst..best`` scale is the fallback). :func:`apply_prior_checks` puts them in the verdict:
"Previously checked by X on D: rating" leads the rationale, each review is quoted as evidence, and
when the reviews agree (and no structured comparator decided) their label is the verdict's, with
confidence :data:`PRIOR_CONFIDENCE` — a prior, not a calibrated number: no labelled data exists for it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from factcheck.fetchers.jsonld import claim_similarity, claimreview_text
from factcheck.models import Claim, Document, EvidenceRef, Label, Stance, Verdict

__all__ = [
    "PRIOR_CONFIDENCE",
    "PRIOR_MIXED_CONFIDENCE",
    "RATING_STANCES",
    "PriorCheck",
    "apply_prior_checks",
    "prior_checks",
    "prior_label",
    "rating_stance",
]

PriorStance = Literal["supports", "refutes", "mixed"]

PRIOR_CONFIDENCE = 0.8
PRIOR_MIXED_CONFIDENCE = 0.6

# rating text (lower case, NFKC) → stance. Longest match wins; add your publishers' wordings here.
RATING_STANCES: dict[str, PriorStance] = {
    # supports
    "true": "supports",
    "correct": "supports",
    "accurate": "supports",
    "mostly true": "supports",
    "mostly correct": "supports",
    "mostly accurate": "supports",
    "correct attribution": "supports",
    "verified": "supports",
    "confirmed": "supports",
    "属实": "supports",
    "基本属实": "supports",
    "真实": "supports",
    "正确": "supports",
    "基本正确": "supports",
    "确有其事": "supports",
    "准确": "supports",
    # refutes
    "false": "refutes",
    "mostly false": "refutes",
    "pants on fire": "refutes",
    "pants on fire!": "refutes",
    "incorrect": "refutes",
    "inaccurate": "refutes",
    "wrong": "refutes",
    "fake": "refutes",
    "fabricated": "refutes",
    "hoax": "refutes",
    "scam": "refutes",
    "baseless": "refutes",
    "misattributed": "refutes",
    "not true": "refutes",
    "untrue": "refutes",
    "four pinocchios": "refutes",
    "不实": "refutes",
    "不属实": "refutes",
    "失实": "refutes",
    "虚假": "refutes",
    "谣言": "refutes",
    "错误": "refutes",
    "假的": "refutes",
    "捏造": "refutes",
    "伪造": "refutes",
    "不正确": "refutes",
    "不准确": "refutes",
    # mixed
    "mixture": "mixed",
    "mixed": "mixed",
    "half true": "mixed",
    "half-true": "mixed",
    "misleading": "mixed",
    "partly true": "mixed",
    "partly false": "mixed",
    "partially true": "mixed",
    "partially false": "mixed",
    "needs context": "mixed",
    "missing context": "mixed",
    "lacks context": "mixed",
    "exaggerated": "mixed",
    "exaggeration": "mixed",
    "cherry picks": "mixed",
    "outdated": "mixed",
    "two pinocchios": "mixed",
    "three pinocchios": "mixed",
    "部分属实": "mixed",
    "部分正确": "mixed",
    "部分错误": "mixed",
    "半真半假": "mixed",
    "误导": "mixed",
    "有误导性": "mixed",
    "夸大": "mixed",
    "片面": "mixed",
    "断章取义": "mixed",
    "缺乏背景": "mixed",
}
# ratings that say nothing either way: never read as "true" inside them
_NO_STANCE = (
    "unproven",
    "unverified",
    "unsupported",
    "no evidence",
    "research in progress",
    "not verifiable",
    "无法证实",
    "尚无定论",
    "待证实",
    "存疑",
)
_KEYS = sorted(RATING_STANCES, key=len, reverse=True)
_ASCII_WORD_RE = re.compile(r"^[a-z0-9 !'-]+$")


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().replace("_", " ").split())


def _contains(text: str, key: str) -> bool:
    if _ASCII_WORD_RE.match(key):  # whole words for English ("true" not in "untrue")
        return re.search(r"(?<![a-z])" + re.escape(key) + r"(?![a-z])", text) is not None
    return key in text


def rating_stance(
    rating_text: str | None,
    rating_value: float | None = None,
    best: float | None = None,
    worst: float | None = None,
) -> PriorStance | None:
    """The stance a review's rating takes on the claim it reviewed (``None``: no stance)."""
    if rating_text:
        t = _norm(rating_text)
        if t in RATING_STANCES:
            return RATING_STANCES[t]
        # the longest phrase wins, and it must be the longest *position*-wise too: "mostly false"
        # contains "false" and "mostly"; a negated or hedged rating contains a bare "true"
        if any(_contains(t, k) for k in _NO_STANCE):
            return None
        for key in _KEYS:
            if _contains(t, key):
                return RATING_STANCES[key]
    if rating_value is not None and best is not None and worst is not None and best != worst:
        pos = (rating_value - worst) / (best - worst)
        if pos >= 0.75:
            return "supports"
        if pos <= 0.25:
            return "refutes"
        return "mixed"
    return None


@dataclass(frozen=True)
class PriorCheck:
    """A matching prior review of the claim."""

    document: Document
    record: dict[str, Any]
    stance: PriorStance | None
    similarity: float

    @property
    def sentence(self) -> str:
        """``Previously checked by X on D: rating.`` (without the reviewed claim)."""
        return claimreview_text({**self.record, "claim_reviewed": None})

    def evidence(self) -> EvidenceRef:
        """The review as a quoted piece of evidence."""
        stance: Stance = "neutral"
        if self.stance == "supports" or self.stance == "refutes":
            stance = self.stance
        url = self.record.get("url") or self.document.url or None
        return EvidenceRef(
            document_id=self.document.id,
            url=url,
            quote=claimreview_text(self.record),
            stance=stance,
            score=round(self.similarity, 4),
            published=self.document.published or _iso(self.record.get("date")),
            source=f"prior:{self.document.fetcher}",
        )


def _iso(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _records(doc: Document) -> list[dict[str, Any]]:
    many = doc.structured.get("claimreviews")
    if isinstance(many, list):
        return [r for r in many if isinstance(r, dict)]
    one = doc.structured.get("claimreview")
    return [one] if isinstance(one, dict) else []


def prior_checks(
    claim: Claim, documents: Sequence[Document], *, min_similarity: float = 0.3
) -> list[PriorCheck]:
    """Prior reviews in ``documents`` that match ``claim``, most similar first; one per review URL.

    A review found by the ``claimreview`` fetcher carries its similarity already; a review embedded
    in a page is compared here (its ``claimReviewed``, else the page title).
    """
    entities = [e.text for e in claim.entities] + [x for x in (claim.subject, claim.object) if x]
    out: list[PriorCheck] = []
    seen: set[str] = set()
    for doc in documents:
        for record in _records(doc):
            key = str(record.get("url") or doc.url)
            if key in seen:
                continue
            sim = record.get("similarity")
            if not isinstance(sim, (int, float)) or isinstance(sim, bool):
                reviewed = record.get("claim_reviewed") or doc.title or ""
                sim = claim_similarity(claim.text, entities, str(reviewed))
            if sim < min_similarity:
                continue
            seen.add(key)
            stance = rating_stance(
                record.get("rating_text"),
                _float(record.get("rating_value")),
                _float(record.get("best")),
                _float(record.get("worst")),
            )
            out.append(PriorCheck(doc, record, stance, float(sim)))
    out.sort(key=lambda c: -c.similarity)
    return out


def _float(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def prior_label(checks: Sequence[PriorCheck]) -> tuple[Label, float] | None:
    """The label the reviews agree on and its confidence (``None`` when none takes a stance).

    All supporting → supported; all refuting → refuted; a mixed rating, or reviews that disagree,
    → mixed.
    """
    stances = {c.stance for c in checks if c.stance is not None}
    if not stances:
        return None
    if stances == {"supports"}:
        return "supported", PRIOR_CONFIDENCE
    if stances == {"refutes"}:
        return "refuted", PRIOR_CONFIDENCE
    return "mixed", PRIOR_MIXED_CONFIDENCE


_LABEL_TEXT = {
    "supported": "Supported",
    "refuted": "Refuted",
    "mixed": "Mixed",
    "not_enough_evidence": "Not enough evidence",
}


def apply_prior_checks(verdict: Verdict, checks: Sequence[PriorCheck]) -> Verdict:
    """Add the prior reviews to ``verdict``: rationale, evidence and, when they decide, the label.

    A verdict decided by structured comparators (Wikidata values) keeps its label; otherwise agreeing
    reviews set the label, with the higher of their confidence and the text model's when both agree.
    """
    if not checks:
        return verdict
    sentences = " ".join(c.sentence for c in checks[:3])
    refs = [c.evidence() for c in checks]
    prior_ids = {r.document_id for r in refs}
    evidence = refs + [e for e in verdict.evidence if e.document_id not in prior_ids]
    decided = prior_label(checks)
    by_comparator = any((e.source or "").startswith("comparator:") for e in verdict.evidence)
    if decided is None or by_comparator:
        return verdict.model_copy(
            update={"rationale": f"{verdict.rationale} {sentences}", "evidence": evidence}
        )
    label, confidence = decided
    if label == verdict.label:
        confidence = max(confidence, verdict.confidence)
    first = f"{_LABEL_TEXT[label]} (confidence {confidence:.2f})."
    rationale = f"{first} {sentences} Text evidence alone: {verdict.rationale}"
    return verdict.model_copy(
        update={
            "label": label,
            "confidence": confidence,
            "rationale": rationale,
            "evidence": evidence,
        }
    )
