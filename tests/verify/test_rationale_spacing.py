"""English rationale sentences keep a space between a value and the counted thing (issue 13, 7)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from factcheck.models import Claim, Document, Quantity
from factcheck.verify.aligned import aligned_comparisons

NOW = dt.datetime(2025, 3, 16, tzinfo=dt.UTC)


@dataclass(frozen=True)
class _Passage:
    text: str
    document: Document


def _compare(claim: Claim, text: str) -> str:
    document = Document(
        id="d:1", url="https://example.org/d", title="made-up page", text=text, fetcher="web",
        retrieved_at=NOW,
    )  # fmt: skip
    [comparison] = aligned_comparisons(claim, [_Passage(text, document)])
    return comparison.sentence


def test_english_counted_head_is_spaced() -> None:
    claim = Claim(
        id="c", text="Haidian has 15,000 AI scholars", kind="quantity", subject="Haidian",
        quantities=[Quantity(value=15000, unit="person", raw="15,000")],
    )  # fmt: skip
    sentence = _compare(claim, "Haidian counts 12,000 AI scholars in 2024.")
    assert "12,000 ai scholars" in sentence.lower()
    assert "12,000ai" not in sentence.lower()
    assert "claimed 15,000 ai scholars" in sentence.lower()


def test_chinese_counted_head_is_not_spaced() -> None:
    claim = Claim(
        id="c", text="融科资讯中心周边聚集了41所高等院校", kind="quantity", subject="融科资讯中心周边",
        quantities=[Quantity(value=41, unit="所", raw="41所")],
    )  # fmt: skip
    sentence = _compare(claim, "融科资讯中心周边聚集了37所高等院校、206家研究所。")
    assert "41所高等院校" in sentence
