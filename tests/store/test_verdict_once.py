"""``record_verdict(replace=False)``: the first write of a (run, claim) wins, on both backends."""

from __future__ import annotations

from collections.abc import Callable

from factcheck.models import Claim, EvidenceRef, Verdict
from factcheck.store import Store


def test_first_write_wins(open_store: Callable[..., Store]) -> None:
    store = open_store()
    h = store.upsert_claim(Claim(id="c1", text="t"), article_id=None, file=None)
    run = store.start_run(config={}, claims_total=1)
    ref = EvidenceRef(document_id="d1", url="https://example.org/d1", quote="q", stance="supports")
    first = Verdict(claim_id="c1", label="supported", confidence=0.9, rationale="a", evidence=[ref])
    late = Verdict(claim_id="c1", label="refuted", confidence=0.8, rationale="b")
    assert store.record_verdict(run.id, first, claim_hash=h, replace=False) is True
    assert store.record_verdict(run.id, late, claim_hash=h, replace=False) is False
    (stored,) = store.verdicts_for_run(run.id)
    assert (stored.label, [e.quote for e in stored.evidence]) == ("supported", ["q"])
    assert store.record_verdict(run.id, late, claim_hash=h) is True  # the default replaces
    (stored,) = store.verdicts_for_run(run.id)
    assert (stored.label, stored.evidence) == ("refuted", [])
