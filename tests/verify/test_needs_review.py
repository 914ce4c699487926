"""A verdict below ``verify.review_threshold`` is unverified: flagged, stored, and never shown green.

Covers the verifier (flag set from the calibrated confidence), the store (flag and trace round-trip),
``factcheck show``, the HTML/Markdown report, the ClaimReview/CSV exports and ``--fail-on``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from factcheck.cli import main
from factcheck.config import ReportSettings
from factcheck.models import Claim, Document, EvidenceRef, TraceStep, Verdict
from factcheck.pipeline import _findings
from factcheck.report.data import ClaimCard, RunHeader, assemble_report
from factcheck.report.exports import claimreview_items, render_csv
from factcheck.report.html import render_html
from factcheck.report.markdown import render_markdown
from factcheck.store import Store
from factcheck.verify.stance import load_default_model
from factcheck.verify.verifier import Verifier


def _doc(text: str) -> Document:
    return Document(
        id="web:1",
        url="https://example.org/a",
        title="A page",
        text=text,
        fetcher="web",
        retrieved_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


@pytest.mark.parametrize(("threshold", "expected"), [(0.0, False), (1.0, True)])
def test_verifier_flags_verdicts_below_the_threshold(threshold: float, expected: bool) -> None:
    claim = Claim(id="c1", text="The bridge is 330 metres long.", kind="quantity")
    verifier = Verifier(load_default_model(), review_threshold=threshold)
    verdict = verifier.verify(claim, [_doc("The bridge opened in 1990 and is 330 metres long.")])
    assert verdict.needs_review is expected
    assert (verdict.confidence < threshold) is expected


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'fc.db'}"
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", url)
    claim = Claim(id="c-1", text="Beijing ranks third.", kind="ranking")
    with Store.open(url) as store:
        h = store.upsert_claim(claim, article_id="a", file="claims/a.yaml")
        run = store.start_run(config={}, claims_total=1)
        store.record_verdict(
            run.id,
            Verdict(
                claim_id="c-1",
                label="refuted",
                confidence=0.41,
                rationale="Weak contradiction.",
                needs_review=True,
                trace=[
                    TraceStep(
                        rule="aligned-rank",
                        outcome="refuted",
                        claimed="third",
                        observed="第五",
                        document_id="web:1",
                        quote="北京位列第五。",
                    )
                ],
                evidence=[EvidenceRef(document_id="web:1", quote="北京位列第五。")],
            ),
            claim_hash=h,
        )
        store.finish_run(run.id, status="completed", counts={"verified": 1})
    return url


def test_store_round_trips_flag_and_trace(store_url: str) -> None:
    with Store.open(store_url) as store:
        (stored,) = store.verdicts_for_run(1)
        assert stored.needs_review is True
        assert stored.trace[0].rule == "aligned-rank"
        assert stored.to_verdict().needs_review is True
        assert store.unverified_counts(1)["refuted"] == 1
        store.add_review("c-1", label="refuted", note="checked", by="ed")
        assert store.unverified_counts(1)["refuted"] == 0


def test_show_says_unverified_and_prints_the_trace(
    store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", "c-1"]) == 0
    out = capsys.readouterr().out
    assert "UNVERIFIED" in out
    assert "trace: refuted by aligned-rank" in out
    assert main(["show", "c-1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["needs_review"] is True
    assert data["trace"][0]["observed"] == "第五"


def _report(needs_review: bool) -> str:
    card = ClaimCard(
        claim_id="c-1",
        text="Beijing ranks third.",
        machine_label="supported",
        confidence=0.38,
        needs_review=needs_review,
    )
    run = RunHeader(id=1, status="completed", started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    data = assemble_report(
        run=run, cards=[card], changes=[], generated_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    )
    return render_html(data) + render_markdown(data) + render_csv(data)


def test_report_never_shows_an_unverified_verdict_green() -> None:
    flagged = _report(True)
    assert 'class="card l-unverified"' in flagged
    assert '<span class="badge">Unverified</span>' in flagged
    assert '<span class="badge">Supported</span>' not in flagged
    assert "Unverified (needs review)" in flagged  # markdown heading
    assert flagged.rstrip().endswith("yes")  # CSV needs_review column
    plain = _report(False)
    assert '<span class="badge">Supported</span>' in plain


def test_claimreview_rates_unverified_verdicts_as_unverified() -> None:
    card = ClaimCard(
        claim_id="c-1",
        text="Beijing ranks third.",
        machine_label="supported",
        confidence=0.38,
        needs_review=True,
    )
    run = RunHeader(id=1, status="completed", started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    data = assemble_report(
        run=run, cards=[card], changes=[], generated_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    )
    assert claimreview_items(data, ReportSettings()) == [], "only reviewed claims by default"
    (item,) = claimreview_items(data, ReportSettings(), include_unreviewed=True)
    assert item["reviewRating"]["alternateName"] == "Unverified"
    assert "ratingValue" not in item["reviewRating"]


def test_fail_on_refuted_ignores_unverified_refutations() -> None:
    labels = {"refuted": 2}
    assert _findings(["refuted"], labels, [], {"refuted": 2}) == []
    assert _findings(["refuted"], labels, [], {"refuted": 1}) == ["1 claim(s) refuted"]
    assert _findings(["unverified"], labels, [], {"refuted": 2}) == ["2 verdict(s) need review"]
