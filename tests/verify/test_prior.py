"""Prior fact checks as evidence: rating → stance, matching, and their place in the verdict.

The review records are MADE UP, in the shape the claimreview fetcher and the ClaimReview JSON-LD
parser produce (``Document.structured["claimreview"]``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from factcheck.models import Claim, Document, Verdict
from factcheck.verify.prior import (
    PRIOR_CONFIDENCE,
    apply_prior_checks,
    prior_checks,
    prior_label,
    rating_stance,
)
from factcheck.verify.stance import load_default_model
from factcheck.verify.verifier import Verifier

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
CLAIM = Claim(id="zgc-c1", text="中关村第一家民营科技企业成立于1980年")


def _review(
    rating: str | None,
    *,
    url: str = "https://factcheck.example/r1",
    reviewed: str = "中关村第一家民营科技企业成立于1980年",
    publisher: str = "示例核查",
    date: str = "2021-05-01",
    fetcher: str = "claimreview",
    extra: dict[str, Any] | None = None,
) -> Document:
    record = {
        "publisher": publisher,
        "rating_text": rating,
        "rating_value": None,
        "best": None,
        "worst": None,
        "date": date,
        "url": url,
        "claim_reviewed": reviewed,
        **(extra or {}),
    }
    return Document(
        id=f"{fetcher}:{url}",
        url=url,
        text=f"Previously checked by {publisher} on {date}: {rating}. Claim reviewed: {reviewed}",
        published=dt.date.fromisoformat(date),
        fetcher=fetcher,
        retrieved_at=EPOCH,
        structured={"claimreview": record},
    )


@pytest.mark.parametrize(
    ("rating", "stance"),
    [
        ("True", "supports"),
        ("Correct", "supports"),
        ("Mostly True", "supports"),
        ("基本属实", "supports"),
        ("属实", "supports"),
        ("False", "refutes"),
        ("Pants on Fire!", "refutes"),
        ("Incorrect", "refutes"),
        ("Mostly false", "refutes"),
        ("untrue", "refutes"),
        ("Not true", "refutes"),
        ("不属实", "refutes"),
        ("谣言", "refutes"),
        ("Mixture", "mixed"),
        ("Half True", "mixed"),
        ("Misleading", "mixed"),
        ("Partly false", "mixed"),
        ("部分属实", "mixed"),
        ("有误导性", "mixed"),
        ("This claim is false.", "refutes"),
        ("Unproven", None),
        ("Unproven, though true in part", None),
        ("无法证实", None),
        ("Satirical cat picture", None),
        ("", None),
        (None, None),
    ],
)
def test_rating_stance_table(rating: str | None, stance: str | None) -> None:
    assert rating_stance(rating) == stance


def test_numeric_rating_fallback() -> None:
    assert rating_stance(None, 5, 5, 1) == "supports"
    assert rating_stance(None, 1, 5, 1) == "refutes"
    assert rating_stance(None, 3, 5, 1) == "mixed"
    assert rating_stance(None, 3, None, None) is None
    assert rating_stance("Wahr", 1, 5, 1) == "refutes"  # an unknown wording falls back to numbers


def test_prior_checks_match_and_dedupe() -> None:
    good = _review("属实")
    other = _review("False", url="https://factcheck.example/r2", reviewed="北京有5所大学")
    checks = prior_checks(CLAIM, [good, good, other])
    assert [c.record["url"] for c in checks] == ["https://factcheck.example/r1"]
    assert checks[0].stance == "supports"
    assert checks[0].sentence == "Previously checked by 示例核查 on 2021-05-01: 属实."
    ref = checks[0].evidence()
    assert (ref.stance, ref.source, ref.published) == (
        "supports",
        "prior:claimreview",
        dt.date(2021, 5, 1),
    )
    assert ref.quote.startswith("Previously checked by 示例核查 on 2021-05-01: 属实.")
    # the fetcher's similarity is trusted as computed
    low = _review("False", extra={"similarity": 0.1})
    assert prior_checks(CLAIM, [low]) == []


def test_prior_label_agreement() -> None:
    sup, ref, mix = (prior_checks(CLAIM, [_review(r)])[0] for r in ("True", "False", "Mixture"))
    assert prior_label([sup]) == ("supported", PRIOR_CONFIDENCE)
    assert prior_label([ref, ref]) == ("refuted", PRIOR_CONFIDENCE)
    assert prior_label([sup, ref])[0] == "mixed"  # type: ignore[index]
    assert prior_label([mix])[0] == "mixed"  # type: ignore[index]
    assert prior_label(prior_checks(CLAIM, [_review("Unproven")])) is None


def test_apply_prior_checks_sets_label_and_rationale() -> None:
    local = Verdict(
        claim_id=CLAIM.id,
        label="not_enough_evidence",
        confidence=0.5,
        rationale="Not enough evidence (confidence 0.50). No documents were found for this claim.",
    )
    checks = prior_checks(CLAIM, [_review("False")])
    v = apply_prior_checks(local, checks)
    assert v.label == "refuted"
    assert v.confidence == PRIOR_CONFIDENCE
    assert v.rationale.startswith(
        "Refuted (confidence 0.80). Previously checked by 示例核查 on 2021-05-01: False. "
        "Text evidence alone: Not enough evidence"
    )
    assert v.evidence[0].stance == "refutes"
    # a verdict decided by a structured comparator keeps its label; the review is still cited
    from factcheck.models import EvidenceRef

    structured = local.model_copy(
        update={
            "label": "supported",
            "confidence": 0.95,
            "evidence": [
                EvidenceRef(document_id="wikidata:q", quote="q", source="comparator:P571")
            ],
        }
    )
    kept = apply_prior_checks(structured, checks)
    assert kept.label == "supported"
    assert kept.confidence == 0.95
    assert "Previously checked by 示例核查 on 2021-05-01: False." in kept.rationale
    assert apply_prior_checks(local, []) is local


def test_verifier_uses_a_prior_review_found_in_a_web_page() -> None:
    """A web document whose page embeds a ClaimReview (structured['claimreview']) decides."""
    page = _review("属实", fetcher="web", url="https://factcheck.example/zgc").model_copy(
        update={
            "text": "1980年10月23日，陈春先成立了中关村第一家民营科技机构。经核查，该说法属实。"
        }
    )
    verdict = Verifier(load_default_model()).verify(CLAIM, [page])
    assert verdict.label == "supported"
    assert "Previously checked by 示例核查 on 2021-05-01: 属实." in verdict.rationale
    assert verdict.evidence[0].url == "https://factcheck.example/zgc"
    assert verdict.evidence[0].source == "prior:web"
