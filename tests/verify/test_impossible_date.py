"""Year 0 does not exist: an impossible date is no date, and nothing supports a claim about it."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.extract import extract_article
from factcheck.models import Claim, DateValue, Document
from factcheck.verify.compare import compare_date
from factcheck.verify.verifier import verify_claim

CLAIM_TEXT = "中关村成立于0000年"


def _doc(text: str) -> Document:
    return Document(
        id="library:0000",
        url="https://example.invalid/zgc",
        text=text,
        fetcher="library",
        retrieved_at=dt.datetime(2025, 3, 15, tzinfo=dt.UTC),
    )


def test_a_claim_stating_year_zero_is_not_supported_by_evidence_repeating_it() -> None:
    claim = Claim(id="zgc-c001", text=CLAIM_TEXT, kind="date", subject="中关村")
    verdict = verify_claim(claim, [_doc("中关村\n\n中关村成立于0000年。中关村是北京的科技园区。")])
    assert verdict.label == "not_enough_evidence"
    assert "0000年" in verdict.rationale


@pytest.mark.parametrize(
    ("claimed", "observed", "precision"),
    [
        ("0000", "0000", "year"),
        ("2000", "0000-01-01", "day"),
        ("1980", "+0000-00-00T00:00:00Z", "year"),
    ],
)
def test_compare_date_decides_nothing_on_year_zero(
    claimed: str, observed: str, precision: str
) -> None:
    value = DateValue.model_construct(value=claimed, precision="year", raw=None)
    assert compare_date(value, observed, precision) is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (CLAIM_TEXT, "0000年"),
        ("成立于〇〇〇〇年", "〇〇〇〇年"),
        ("It was founded in 0000.", "in 0000"),
        ("dated 0000-05 in the register", "0000-05"),
        ("中关村成立于1980年", None),
        ("code 10000年", None),
        ("phone 0000 1234", None),
    ],
)
def test_impossible_date_expressions(text: str, found: str | None) -> None:
    from factcheck.verify.compare import impossible_date

    assert impossible_date(text) == found


def test_extraction_reads_no_date_of_year_zero() -> None:
    extracted = extract_article(CLAIM_TEXT + "。", article_id="zgc", language="zh")
    for claim in extracted.claims:
        assert all(not d.value.lstrip("-").startswith("0000") for d in claim.dates)
