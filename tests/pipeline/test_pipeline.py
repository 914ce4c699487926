"""The run: commit per claim, resume, carry-over, fetch errors never become verdicts, fail-on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar, Self

import pytest
from _project import make_project

from factcheck.config import Settings
from factcheck.errors import ClaimFileErrors, ConnectError, InputError, LockedError
from factcheck.fetchers import FetcherRegistry, QueryPlan
from factcheck.http import HttpClient
from factcheck.models import Claim, Document
from factcheck.pipeline import RunOptions, evidence_fingerprint, run_claims
from factcheck.store import Store

CLAIMS = """\
article:
  id: demo
  published: 2025-03-15
claims:
  - id: demo-c001
    text: Haidian District has 15,000 artificial intelligence scholars.
    kind: quantity
    quantities: [{value: 15000, unit: person}]
  - id: demo-c002
    text: The first private technology company in China was founded on 23 October 1980.
    kind: date
    dates: [{value: 1980-10-23, precision: day}]
  - id: demo-c003
    text: Beijing ranks third in the global innovation hubs index.
    kind: ranking
    rank: {position: 3}
  - id: demo-c004
    text: This claim's sources cannot be reached.
  - id: demo-c005
    text: A stale claim is never checked.
    status: stale
"""

# Made-up documents (not real sources), keyed by claim id.
DOCS: dict[str, list[tuple[str, str]]] = {
    "demo-c001": [
        ("https://example.org/haidian", "Haidian District is home to 15,000 artificial intelligence scholars, 30.6% of the national total."),
    ],
    "demo-c002": [
        ("https://example.org/chen", "The first private technology company in China was founded on 23 October 1980 by Chen Chunxian."),
    ],
    "demo-c003": [
        ("https://example.org/index", "In the global innovation hubs index Beijing ranks third, after New York and San Francisco."),
    ],
}  # fmt: skip


class ToyFetcher:
    """Serves the made-up DOCS; fails for demo-c004; counts calls."""

    name: ClassVar[str] = "toy"
    calls: ClassVar[list[str]] = []
    docs: ClassVar[dict[str, list[tuple[str, str]]]] = DOCS

    @classmethod
    def from_settings(cls, settings: Settings, client: HttpClient) -> Self:
        return cls()

    async def fetch(self, claim: Claim, plan: QueryPlan) -> list[Document]:
        type(self).calls.append(claim.id)
        if claim.id == "demo-c004":
            raise ConnectError(
                "connection refused", url="https://unreachable.example/", fetcher="toy"
            )
        return [
            Document(
                id=f"toy:{abs(hash((url, text))) % 10**12}",
                url=url,
                title=url.rsplit("/", 1)[-1],
                language="en",
                text=text,
                fetcher="toy",
                retrieved_at=dt.datetime(2025, 3, 16, tzinfo=dt.UTC),
            )
            for url, text in self.docs.get(claim.id, [])
        ]


@pytest.fixture
def registry() -> FetcherRegistry:
    ToyFetcher.calls = []
    ToyFetcher.docs = dict(DOCS)
    reg = FetcherRegistry(include_entry_points=False)
    reg.register(ToyFetcher)  # type: ignore[arg-type]
    return reg


@pytest.fixture
def project(tmp_path: Path) -> Settings:
    return make_project(tmp_path, CLAIMS, fetchers=["toy"])


def _run(settings: Settings, registry: FetcherRegistry, **kw: object) -> object:
    return run_claims(settings, RunOptions(**kw), registry=registry)  # type: ignore[arg-type]


def test_first_run_verifies_and_records(project: Settings, registry: FetcherRegistry) -> None:
    summary = run_claims(project, RunOptions(), registry=registry)
    assert summary.status == "completed"
    assert summary.claims_total == 4, "stale claims are not checked"
    assert summary.counts["verified"] == 3
    assert summary.counts["errored"] == 1
    with Store.open(project.database_url) as store:
        verdicts = {v.claim_id: v for v in store.verdicts_for_run(summary.run_id)}
        errors = store.fetch_errors(summary.run_id)
    assert set(verdicts) == {"demo-c001", "demo-c002", "demo-c003"}
    assert "demo-c004" not in verdicts, "a failed fetch is never turned into a verdict"
    assert [(e.claim_id, e.kind, e.fetcher) for e in errors] == [("demo-c004", "connect", "toy")]
    for v in verdicts.values():
        assert 0.0 <= v.confidence <= 1.0
        assert v.evidence, "verdicts quote their evidence"
        assert v.rationale


def test_second_unchanged_run_carries_verdicts_over(
    project: Settings, registry: FetcherRegistry
) -> None:
    first = run_claims(project, RunOptions(), registry=registry)
    second = run_claims(project, RunOptions(), registry=registry)
    assert second.run_id == first.run_id + 1
    assert second.counts["carried_over"] == 3
    assert second.counts["verified"] == 0
    assert not [c for c in second.changes if c.kind == "flip"]
    assert second.compared_to == first.run_id
    with Store.open(project.database_url) as store:
        assert all(v.carried_over for v in store.verdicts_for_run(second.run_id))


def test_changed_evidence_reverifies_only_that_claim(
    project: Settings, registry: FetcherRegistry
) -> None:
    run_claims(project, RunOptions(), registry=registry)
    ToyFetcher.docs["demo-c003"] = [
        (
            "https://example.org/index",
            "Beijing fell to fifth place in the global innovation hubs index.",
        )
    ]
    second = run_claims(project, RunOptions(), registry=registry)
    assert second.counts["verified"] == 1
    assert second.counts["carried_over"] == 2


def test_resume_skips_committed_claims(project: Settings, registry: FetcherRegistry) -> None:
    with Store.open(project.database_url) as store:
        # a run that was killed after committing one verdict: status stays "running"
        run = store.start_run(config={}, claims_total=4)
        claim = Claim(id="demo-c001", text="Haidian District has 15,000 artificial intelligence scholars.",
                      kind="quantity", quantities=[{"value": 15000, "unit": "person"}])  # type: ignore[list-item]  # fmt: skip
        h = store.upsert_claim(claim, article_id="demo", file="x")
        from factcheck.models import Verdict

        store.record_verdict(
            run.id,
            Verdict(claim_id="demo-c001", label="supported", confidence=0.9, rationale="earlier"),
            claim_hash=h,
        )
    summary = run_claims(project, RunOptions(), registry=registry)
    assert summary.resumed
    assert summary.run_id == run.id
    assert summary.counts["skipped"] == 1
    assert "demo-c001" not in ToyFetcher.calls, "committed claims are not redone"
    with Store.open(project.database_url) as store:
        verdicts = store.verdicts_for_run(run.id)
        assert sorted(v.claim_id for v in verdicts) == ["demo-c001", "demo-c002", "demo-c003"]
        assert store.get_run(run.id).status == "completed"  # type: ignore[union-attr]


def test_no_resume_starts_a_new_run(project: Settings, registry: FetcherRegistry) -> None:
    with Store.open(project.database_url) as store:
        run = store.start_run(config={}, claims_total=4)
    summary = run_claims(project, RunOptions(resume=False), registry=registry)
    assert summary.run_id == run.id + 1
    assert not summary.resumed


def test_bad_claim_file_fails_before_any_work(project: Settings, registry: FetcherRegistry) -> None:
    (project.claims_dir / "broken.yaml").write_text("claims:\n\t- id: x\n", encoding="utf-8")
    with pytest.raises(ClaimFileErrors):
        run_claims(project, RunOptions(), registry=registry)
    assert ToyFetcher.calls == []
    assert not Path(project.database_url.removeprefix("sqlite:///")).exists()


def test_only_and_unknown_ids(project: Settings, registry: FetcherRegistry) -> None:
    summary = run_claims(project, RunOptions(only=["demo-c002"]), registry=registry)
    assert summary.claims_total == 1
    assert ToyFetcher.calls == ["demo-c002"]
    with pytest.raises(InputError, match="no active claim with id 'nope'"):
        run_claims(project, RunOptions(only=["nope"]), registry=registry)


def test_fail_on_refuted_and_flip(project: Settings, registry: FetcherRegistry) -> None:
    first = run_claims(project, RunOptions(fail_on=["flip"], allow_errors=True), registry=registry)
    assert first.exit_code == 0
    with Store.open(project.database_url) as store:
        labels = {v.claim_id: v.label for v in store.verdicts_for_run(first.run_id)}
    summary = run_claims(
        project, RunOptions(fail_on=["refuted"], allow_errors=True), registry=registry
    )
    assert (summary.exit_code == 1) == ("refuted" in labels.values())


def test_errored_claims_exit_4_and_are_never_removed(
    project: Settings, registry: FetcherRegistry
) -> None:
    first = run_claims(project, RunOptions(), registry=registry)
    assert first.exit_code == 4, "demo-c004 could not be checked"
    [errored] = first.errored
    assert errored.claim_id == "demo-c004"
    assert errored.claim_text == "This claim's sources cannot be reached."
    assert [e.message for e in errored.errors] == ["connection refused"]
    assert first.to_json()["errored"][0]["errors"][0]["kind"] == "connect"
    assert run_claims(project, RunOptions(allow_errors=True), registry=registry).exit_code == 0
    # every source down for a claim that had a verdict: errored, not "removed"
    ToyFetcher.docs = {k: v for k, v in DOCS.items() if k != "demo-c001"}
    original = ToyFetcher.fetch

    async def failing(self: ToyFetcher, claim: Claim, plan: QueryPlan) -> list[Document]:
        if claim.id == "demo-c001":
            raise ConnectError("down", url="https://example.org/haidian", fetcher="toy")
        return await original(self, claim, plan)

    ToyFetcher.fetch = failing  # type: ignore[method-assign]
    try:
        third = run_claims(project, RunOptions(), registry=registry)
    finally:
        ToyFetcher.fetch = original  # type: ignore[method-assign]
    assert third.exit_code == 4
    assert {e.claim_id for e in third.errored} == {"demo-c001", "demo-c004"}
    assert not [c for c in third.changes if c.kind == "removed"]
    # ... and the next night it is back: not "new"
    fourth = run_claims(project, RunOptions(allow_errors=True), registry=registry)
    assert not [c for c in fourth.changes if c.kind == "new"]
    assert fourth.compared_to == third.run_id


def test_only_runs_are_spot_checks_the_next_comparison_skips(
    project: Settings, registry: FetcherRegistry
) -> None:
    nightly = run_claims(project, RunOptions(allow_errors=True), registry=registry)
    spot = run_claims(project, RunOptions(only=["demo-c001"]), registry=registry)
    assert spot.spot_check
    assert not [c for c in spot.changes if c.kind == "removed"], "unchecked claims are not removed"
    morning = run_claims(project, RunOptions(allow_errors=True), registry=registry)
    assert morning.compared_to == nightly.run_id
    assert not [c for c in morning.changes if c.kind == "new"]
    with Store.open(project.database_url) as store:
        run = store.get_run(spot.run_id)
        assert run is not None
        assert run.spot_check


def test_nightly_rerun_keeps_a_review_and_rewording_keeps_it(
    project: Settings, registry: FetcherRegistry, tmp_path: Path
) -> None:
    first = run_claims(project, RunOptions(allow_errors=True), registry=registry)
    with Store.open(project.database_url) as store:
        machine = {v.claim_id: v.label for v in store.verdicts_for_run(first.run_id)}
        mine = "mixed" if machine["demo-c003"] != "mixed" else "refuted"
        store.add_review("demo-c003", label=mine, note="index year differs", by="ana")
    second = run_claims(project, RunOptions(allow_errors=True), registry=registry)
    claims_file = tmp_path / "claims" / "demo.yaml"
    claims_file.write_text(
        claims_file.read_text(encoding="utf-8").replace(
            "Beijing ranks third in the global innovation hubs index.",
            "Beijing is third in the global innovation hubs index.",
        ),
        encoding="utf-8",
    )
    third = run_claims(project, RunOptions(allow_errors=True), registry=registry)
    with Store.open(project.database_url) as store:
        after = {v.claim_id: v for v in store.verdicts_for_run(second.run_id)}
        reworded = {v.claim_id: v for v in store.verdicts_for_run(third.run_id)}
    assert after["demo-c003"].effective_label == mine
    assert not after["demo-c003"].text_changed_since_review
    assert reworded["demo-c003"].effective_label == mine
    assert reworded["demo-c003"].text_changed_since_review
    assert reworded["demo-c003"].review is not None
    assert reworded["demo-c003"].review.note == "index year differs"


def test_lock_stops_a_second_run(project: Settings, registry: FetcherRegistry) -> None:
    with (
        Store.open(project.database_url) as store,
        store.lock_run(),
        pytest.raises(LockedError),
    ):
        run_claims(project, RunOptions(), registry=registry)


def test_evidence_fingerprint_is_order_free_and_versioned() -> None:
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    a = Document(id="x:1", url="u", text="t", fetcher="x", retrieved_at=now)
    b = Document(id="x:2", url="v", text="s", fetcher="x", retrieved_at=now)
    docs: Sequence[Document] = [a, b]
    assert evidence_fingerprint(docs, "v1") == evidence_fingerprint([b, a], "v1")
    assert evidence_fingerprint(docs, "v1") != evidence_fingerprint(docs, "v2")
    assert evidence_fingerprint(docs, "v1") != evidence_fingerprint([a], "v1")
