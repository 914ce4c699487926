"""Pure helpers of the report model: histogram bins, totals, the store's changes shown, review override."""

from __future__ import annotations

from factcheck.report.data import (
    Change,
    ClaimCard,
    ReportData,
    ReviewInfo,
    confidence_histogram,
    label_totals,
)
from factcheck.store import Change as StoreChange


def test_histogram_bins_edges_and_labels() -> None:
    bins = confidence_histogram(
        [(0.0, "supported"), (0.1, "refuted"), (0.0999, "refuted"), (1.0, "mixed"), (0.95, "mixed")]
    )
    assert len(bins) == 10
    assert (bins[0].lower, bins[0].upper) == (0.0, 0.1)
    assert bins[0].counts["supported"] == 1
    assert bins[0].counts["refuted"] == 1  # 0.0999 falls in [0, 0.1)
    assert bins[1].counts["refuted"] == 1  # 0.1 opens the second bin
    assert bins[9].counts["mixed"] == 2  # 1.0 belongs to the closed last bin
    assert sum(b.total for b in bins) == 5


def test_label_totals_lists_every_label_in_order() -> None:
    totals = label_totals(["refuted", "refuted", "supported"])
    assert list(totals) == ["supported", "refuted", "mixed", "not_enough_evidence"]
    assert totals == {"supported": 1, "refuted": 2, "mixed": 0, "not_enough_evidence": 0}


def test_a_change_is_the_stores_change_as_the_report_shows_it() -> None:
    stored = StoreChange("a-c1", "flip", "supported", "refuted", 0.7, 0.6, "A", claim_changed=True)
    change = Change.from_store(stored)
    assert (change.kind, change.claim_id, change.text) == ("flip", "a-c1", "A")
    assert (change.before, change.after) == ("supported", "refuted")
    assert (change.confidence_before, change.confidence_after) == (0.7, 0.6)


def test_review_overrides_display_but_keeps_machine_label(sample_report: ReportData) -> None:
    card = next(c for c in sample_report.cards if c.review is not None)
    assert card.machine_label == "refuted"
    assert card.label == "mixed"
    assert card.is_overridden
    # totals count the displayed label, machine totals the verifier's
    assert sample_report.totals["refuted"] == 0
    assert sample_report.machine_totals["refuted"] == 1
    assert sample_report.totals["mixed"] == sample_report.machine_totals["mixed"] + 1


def test_agreeing_review_is_not_an_override() -> None:
    card = ClaimCard(
        claim_id="x",
        text="t",
        machine_label="supported",
        confidence=0.5,
        review=ReviewInfo(label="supported", note="ok", by="bob"),
    )
    assert card.label == "supported"
    assert not card.is_overridden


def test_format_utc_converts_and_accepts_naive() -> None:
    import datetime as dt

    from factcheck.report.data import format_utc

    beijing = dt.timezone(dt.timedelta(hours=8))
    assert format_utc(dt.datetime(2026, 11, 25, 8, 30, tzinfo=beijing)) == "2026-11-25 00:30 UTC"
    assert format_utc(dt.datetime(2026, 11, 25, 8, 30)) == "2026-11-25 08:30 UTC"
    assert (
        format_utc(dt.datetime(2026, 11, 25, 1, 0, tzinfo=beijing), date_only=True) == "2026-11-24"
    )
    assert format_utc(None) == "unknown time"
