"""Two deliveries of one claim never both commit (issue 14, distributed runs on a busy machine).

The per-claim lock in Redis is checked right before the commit, but a worker paused after that
check (CPU starvation, swap, a stopped VM) for longer than the lock's lease commits late, while a
redelivered copy has already taken the lock, verified and committed. The old commit replaced the
verdict (and counted as a second verification). With ``first_write_wins`` the store decides in the
commit's own transaction: the first commit stands and the late delivery writes nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from factcheck.fetchers import QueryPlan
from factcheck.models import Claim, Document, Verdict
from factcheck.pipeline import ClaimTask, check_claim
from factcheck.store import Store

CLAIM = Claim(id="c1", text="Haidian District has 15,000 AI scholars.", kind="quantity")
DOC = Document(
    id="toy:1",
    url="https://example.org/haidian",
    text="Haidian District is home to 15,000 AI scholars (made up for tests).",
    fetcher="toy",
    retrieved_at=dt.datetime(2025, 3, 16, tzinfo=dt.UTC),
)


class _Fetcher:
    name = "toy"

    async def fetch(self, claim: Claim, plan: QueryPlan) -> list[Document]:
        return [DOC]


class _Verifier:
    """Stands in for the verifier: a fixed label per delivery, counted."""

    version = "toy-verifier"

    def __init__(self, label: str) -> None:
        self.label = label
        self.calls = 0

    def verify(self, task: ClaimTask, documents: Sequence[Document]) -> Verdict:
        self.calls += 1
        return Verdict(claim_id=task.claim.id, label=self.label, confidence=0.9, rationale="r")

    def excluded(self, task: ClaimTask, documents: Sequence[Document]) -> int:
        return 0


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(f"sqlite:///{tmp_path / 'fc.db'}")


def _check(
    store: Store,
    run_id: int,
    claim_hash: str,
    verifier: _Verifier,
    *,
    first_write_wins: bool,
    before_commit: Callable[[], None] | None = None,
) -> str:
    outcome = asyncio.run(
        check_claim(
            ClaimTask(claim=CLAIM, article=None, file="c.yaml"),
            run_id=run_id,
            claim_hash=claim_hash,
            store=store,
            fetchers=[_Fetcher()],  # type: ignore[list-item]
            verifier=verifier,  # type: ignore[arg-type]
            before_commit=before_commit,
            first_write_wins=first_write_wins,
        )
    )
    return outcome.outcome


@pytest.mark.parametrize("first_write_wins", [True, False], ids=["fenced", "unfenced"])
def test_a_delivery_paused_past_its_lease_does_not_overwrite_the_first_commit(
    store: Store, first_write_wins: bool
) -> None:
    claim_hash = store.upsert_claim(CLAIM, article_id=None, file="c.yaml")
    run = store.start_run(config={}, claims_total=1)
    redelivered = _Verifier("refuted")

    def paused_after_the_lease_check() -> None:
        # meanwhile the lease lapsed, the broker redelivered the claim and that copy committed
        # (another worker: its own thread and event loop)
        done: list[str] = []
        other = threading.Thread(
            target=lambda: done.append(
                _check(store, run.id, claim_hash, redelivered, first_write_wins=True)
            )
        )
        other.start()
        other.join()
        assert done == ["verified"]

    late = _Verifier("supported")
    outcome = _check(
        store,
        run.id,
        claim_hash,
        late,
        first_write_wins=first_write_wins,
        before_commit=paused_after_the_lease_check,
    )
    (verdict,) = store.verdicts_for_run(run.id)
    if first_write_wins:
        assert outcome == "skipped", "the late delivery does not count as a verification"
        assert verdict.label == "refuted", "the first commit stands"
        assert not verdict.carried_over
    else:  # a local run's resume rewrites its own verdict: the default still replaces
        assert outcome == "verified"
        assert verdict.label == "supported"


def test_a_second_delivery_after_the_commit_writes_nothing(store: Store) -> None:
    claim_hash = store.upsert_claim(CLAIM, article_id=None, file="c.yaml")
    run = store.start_run(config={}, claims_total=1)
    first = _Verifier("supported")
    assert _check(store, run.id, claim_hash, first, first_write_wins=True) == "verified"
    # the same evidence: the second delivery would carry the verdict over onto itself
    second = _Verifier("refuted")
    assert _check(store, run.id, claim_hash, second, first_write_wins=True) == "skipped"
    assert second.calls == 0
    (verdict,) = store.verdicts_for_run(run.id)
    assert (verdict.label, verdict.carried_over) == ("supported", False)


def test_record_verdict_once_keeps_the_first_and_its_evidence(store: Store) -> None:
    from factcheck.models import EvidenceRef

    claim_hash = store.upsert_claim(CLAIM, article_id=None, file="c.yaml")
    run = store.start_run(config={}, claims_total=1)
    ref = EvidenceRef(document_id=DOC.id, url=DOC.url, quote="15,000", stance="supports")
    first = Verdict(claim_id="c1", label="supported", confidence=0.9, rationale="a", evidence=[ref])
    late = Verdict(claim_id="c1", label="refuted", confidence=0.8, rationale="b")
    assert store.record_verdict(run.id, first, claim_hash=claim_hash, replace=False)
    assert not store.record_verdict(run.id, late, claim_hash=claim_hash, replace=False)
    (stored,) = store.verdicts_for_run(run.id)
    assert (stored.label, stored.rationale) == ("supported", "a")
    assert [e.quote for e in stored.evidence] == ["15,000"]
