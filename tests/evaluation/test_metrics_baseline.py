"""Bootstrap intervals, risk–coverage, the review-threshold rule, the TF-IDF baseline, new readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.evaluation.baseline import TfidfBaseline, cross_fit_predict
from factcheck.evaluation.datasets import BenchItem, read_dataset
from factcheck.evaluation.metrics import (
    bootstrap_ci,
    choose_review_threshold,
    compute_metrics,
    macro_f1,
    risk_coverage,
    wrong_share_at,
)
from factcheck.models import Claim, Document


def test_macro_f1_matches_compute_metrics() -> None:
    gold = ["supported", "supported", "refuted", "not_enough_evidence", "refuted"]
    pred = ["supported", "refuted", "refuted", "supported", "refuted"]
    assert macro_f1(gold, pred) == pytest.approx(
        compute_metrics(gold, pred, [0.5] * 5)["macro_f1"], abs=1e-4
    )


def test_bootstrap_interval_contains_the_estimate_and_is_deterministic() -> None:
    gold = ["supported"] * 40 + ["refuted"] * 30 + ["not_enough_evidence"] * 30
    pred = gold[:70] + ["supported"] * 30
    lo, hi = bootstrap_ci(gold, pred)
    assert lo <= macro_f1(gold, pred) <= hi
    assert (lo, hi) == bootstrap_ci(gold, pred)
    assert bootstrap_ci(gold, gold) == (1.0, 1.0)


def test_risk_coverage_counts() -> None:
    gold = ["supported", "refuted", "not_enough_evidence", "supported"]
    pred = ["supported", "supported", "not_enough_evidence", "supported"]
    conf = [0.95, 0.92, 0.97, 0.55]
    rows = {r["threshold"]: r for r in risk_coverage(gold, pred, conf, (0.5, 0.9))}
    assert rows[0.5]["coverage"] == 1.0
    assert rows[0.9]["n"] == 3
    assert rows[0.9]["wrong"] == 1
    assert rows[0.9]["decisive_n"] == 2  # the not_enough_evidence verdict is not decisive
    assert rows[0.9]["decisive_correct"] == 1
    assert rows[0.9]["decisive_precision"] == 0.5
    assert wrong_share_at(gold, pred, conf, 0.9) == pytest.approx(1 / 3, abs=1e-4)
    assert wrong_share_at(gold, pred, [0.1] * 4, 0.9) is None


def test_review_threshold_is_the_smallest_that_keeps_precision_from_there_up() -> None:
    run_a = [
        {"threshold": 0.5, "decisive_n": 100, "decisive_correct": 70},
        {"threshold": 0.7, "decisive_n": 50, "decisive_correct": 46},
        {"threshold": 0.9, "decisive_n": 10, "decisive_correct": 10},
    ]
    run_b = [
        {"threshold": 0.5, "decisive_n": 100, "decisive_correct": 80},
        {"threshold": 0.7, "decisive_n": 50, "decisive_correct": 44},
        {"threshold": 0.9, "decisive_n": 10, "decisive_correct": 10},
    ]
    assert choose_review_threshold(run_a + run_b) == 0.7  # (46 + 44) / 100 = 0.90
    assert choose_review_threshold(run_b, target=0.95) == 0.9
    assert choose_review_threshold(run_a[:1], target=0.99) is None


def _item(i: int, claim: str, evidence: str, gold: str) -> BenchItem:
    doc = Document(id=f"d{i}", url=f"https://e.org/{i}", text=evidence, fetcher="t",
                   retrieved_at="2024-01-01T00:00:00Z")  # type: ignore[arg-type]  # fmt: skip
    return BenchItem(Claim(id=f"c{i}", text=claim), [doc], gold)  # type: ignore[arg-type]


def test_tfidf_baseline_learns_a_separable_toy_task() -> None:
    items = [
        _item(i, f"claim {i} about cats", "cats are mammals indeed", "supported")
        if i % 2
        else _item(i, f"claim {i} about rocks", "rocks are never mammals", "refuted")
        for i in range(40)
    ]
    pred, conf = TfidfBaseline().fit(items[:30]).predict(items[30:])
    assert pred == [it.gold for it in items[30:]]
    assert all(0.5 < c <= 1.0 for c in conf)
    cross, _ = cross_fit_predict(items)
    assert sum(p == it.gold for p, it in zip(cross, items, strict=True)) >= 36


def test_chinese_baseline_uses_characters() -> None:
    items = [
        _item(i, "北京是首都", "北京是中国的首都", "supported")
        if i % 2
        else _item(i, "北京不是首都", "北京是中国的首都", "refuted")
        for i in range(20)
    ]
    pred, _ = TfidfBaseline(chinese=True).fit(items).predict(items[:4])
    assert pred == [it.gold for it in items[:4]]


def test_zh_nli_and_gold_sentence_readers(shared_data: Path) -> None:
    oc, split = read_dataset(shared_data / "zh-nli" / "ocnli", "ocnli")
    assert split == "dev"
    assert {it.gold for it in oc} == {"supported", "refuted", "not_enough_evidence"}
    assert len(oc) > 2900  # rows labelled "-" are skipped
    x, split = read_dataset(shared_data / "zh-nli" / "xnli-zh", "xnli-zh")
    assert (split, len(x)) == ("test", 5010)
    c, split = read_dataset(shared_data / "zh-nli" / "cnli", "cnli")
    assert split == "test"
    assert len(c) > 9000
    abstract, _ = read_dataset(shared_data / "check-covid", "check-covid")
    gold, _ = read_dataset(shared_data / "check-covid", "check-covid-gold")
    assert len(gold) == len(abstract) == 207
    assert all(
        len(g.documents[0].text) < len(a.documents[0].text)
        for g, a in zip(gold, abstract, strict=True)
        if g.documents and a.documents and g.documents[0].text != a.documents[0].text
    )
    assert sum(len(g.documents[0].text) for g in gold) < sum(
        len(a.documents[0].text) for a in abstract
    )
