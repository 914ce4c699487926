"""Check-worthiness orders and filters the run and the report; it never decides what exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from _project import make_project

from factcheck.claims import load_claim_files
from factcheck.config import Settings
from factcheck.fetchers import FetcherRegistry
from factcheck.pipeline import RunOptions, run_claims, select_claims
from factcheck.report import load_report_data
from factcheck.report.data import ClaimCard, order_cards
from tests.pipeline.test_pipeline import ToyFetcher

CLAIMS = """\
article:
  id: demo
  published: 2025-03-15
claims:
  - id: demo-c001
    text: Haidian District has 15,000 artificial intelligence scholars.
    kind: quantity
    quantities: [{value: 15000, unit: person}]
    checkworthy: 0.2
  - id: demo-c002
    text: The first private technology company in China was founded on 23 October 1980.
    kind: date
    dates: [{value: 1980-10-23, precision: day}]
    checkworthy: 0.9
  - id: demo-c003
    text: Beijing ranks third in the global innovation hubs index.
    kind: ranking
    rank: {position: 3}
  - id: demo-c004
    text: Beijing has 600 hospitals.
    checkworthy: 0.5
"""


@pytest.fixture
def project(tmp_path: Path) -> Settings:
    return make_project(tmp_path, CLAIMS, fetchers=["toy"])


@pytest.fixture
def registry() -> FetcherRegistry:
    ToyFetcher.calls = []
    reg = FetcherRegistry(include_entry_points=False)
    reg.register(ToyFetcher)  # type: ignore[arg-type]
    return reg


def test_claims_are_selected_most_check_worthy_first(project: Settings) -> None:
    files = load_claim_files([project.claims_dir])
    # a hand-written claim without a score counts as fully check-worthy
    assert [t.claim.id for t in select_claims(files)] == [
        "demo-c003",
        "demo-c002",
        "demo-c004",
        "demo-c001",
    ]
    assert [t.claim.id for t in select_claims(files, min_checkworthy=0.5)] == [
        "demo-c003",
        "demo-c002",
        "demo-c004",
    ]
    # explicit ids win over the score
    assert [t.claim.id for t in select_claims(files, ["demo-c001"], 0.5)] == ["demo-c001"]


def test_a_filtered_run_checks_only_claims_reaching_the_score_and_is_a_spot_check(
    project: Settings, registry: FetcherRegistry
) -> None:
    summary = run_claims(
        project,
        RunOptions(min_checkworthy=0.6, allow_errors=True, concurrency=1),
        registry=registry,
    )
    assert ToyFetcher.calls == ["demo-c003", "demo-c002"]
    assert summary.claims_total == 2
    assert summary.spot_check


def test_the_report_orders_by_score_within_a_status_and_filters(
    project: Settings, registry: FetcherRegistry
) -> None:
    run_claims(project, RunOptions(allow_errors=True), registry=registry)
    data = load_report_data(project)
    worth = {c.claim_id: c.checkworthy for c in data.cards}
    assert worth["demo-c002"] == 0.9
    assert worth["demo-c003"] is None
    filtered = load_report_data(project, min_checkworthy=0.5)
    assert "demo-c001" not in {c.claim_id for c in filtered.cards}
    assert {"demo-c002", "demo-c003"} <= {c.claim_id for c in filtered.cards}


def _card(claim_id: str, label: str, worth: float | None) -> ClaimCard:
    return ClaimCard(
        claim_id=claim_id, text=claim_id, machine_label=label, confidence=0.9, checkworthy=worth
    )  # type: ignore[arg-type]


def test_order_cards_puts_status_first_then_check_worthiness() -> None:
    cards = [
        _card("a", "supported", 0.1),
        _card("b", "supported", 0.8),
        _card("c", "refuted", 0.2),
        _card("d", "supported", None),
        _card("e", "refuted", 0.7),
    ]
    assert [c.claim_id for c in order_cards(cards)] == ["e", "c", "d", "b", "a"]
