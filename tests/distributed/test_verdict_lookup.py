"""`Store.verdict_in_run`: the point lookup a worker makes before checking a claim (idempotency)."""

from __future__ import annotations

from pathlib import Path

from factcheck.models import Claim, Verdict
from factcheck.store import Store


def test_verdict_in_run_finds_only_that_run(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'fc.db'}") as store:
        claim = Claim(id="a-c1", text="Water boils at 100 C at sea level.")
        (claim_hash,) = store.upsert_claims([claim])
        first = store.start_run(config={}, claims_total=1)
        verdict = Verdict(claim_id="a-c1", label="supported", confidence=0.8, rationale="r")
        store.record_verdict(first.id, verdict, claim_hash=claim_hash, carried_over=True)
        store.finish_run(first.id, status="completed", counts={})
        second = store.start_run(config={}, claims_total=1)

        found = store.verdict_in_run(first.id, "a-c1")
        assert found is not None
        assert (found.run_id, found.label, found.carried_over) == (first.id, "supported", True)
        assert store.verdict_in_run(second.id, "a-c1") is None
        assert store.verdict_in_run(first.id, "a-c2") is None
