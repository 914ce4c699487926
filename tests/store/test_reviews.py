"""Review events on SQLite and Postgres: append-only, version-checked, second approval, undo, the
queue's reasons, and reviews that stand across nightly runs and rewording."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from factcheck.errors import InputError, NotFoundError, ReviewConflictError
from factcheck.models import Claim, Verdict
from factcheck.store import MIGRATIONS_DIR, ReviewRequest, Store, normalize_url
from factcheck.store.queue import load_queue


def _claim(i: int, text: str | None = None) -> Claim:
    return Claim(id=f"art-c{i:03d}", text=text or f"Claim {i} says something.", kind="other")


def _verdict(claim_id: str, label: str, confidence: float = 0.8) -> Verdict:
    return Verdict(
        claim_id=claim_id,
        label=label,  # type: ignore[arg-type]
        confidence=confidence,
        rationale=f"The machine says {label}.",
    )


def _nightly(store: Store, labels: dict[int, str], texts: dict[int, str] | None = None) -> int:
    """What a nightly run writes: claim versions, one verdict each, the run closed."""
    texts = texts or {}
    claims = [_claim(i, texts.get(i)) for i in labels]
    hashes = store.upsert_claims(claims, article_id="art", file="claims/art.yaml")
    run = store.start_run(config={}, claims_total=len(claims))
    for claim, h in zip(claims, hashes, strict=True):
        store.record_verdict(run.id, _verdict(claim.id, labels[int(claim.id[-3:])]), claim_hash=h)
    store.finish_run(run.id, status="completed", counts={"verified": len(claims)})
    return run.id


def _act(store: Store, claim_id: str, action: str, actor: str = "ana", **kw: object) -> object:
    return store.act_on_review(ReviewRequest(claim_id=claim_id, action=action, actor=actor, **kw))  # type: ignore[arg-type]


def test_review_events_are_append_only(store: Store, store_url: str) -> None:
    _nightly(store, {1: "refuted"})
    _act(store, "art-c001", "override", label="supported", note="the survey says so")
    engine = create_engine(normalize_url(store_url))
    try:
        for sql in (
            "UPDATE review_events SET note = 'rewritten'",
            "DELETE FROM review_events",
        ):
            with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
                conn.execute(text(sql))
        with engine.connect() as conn:
            notes = conn.execute(text("SELECT note FROM review_events")).scalars().all()
        assert notes == ["the survey says so"]
    finally:
        engine.dispose()
    assert not [name for name in dir(Store) if "delete" in name or name.startswith("update_rev")]


def test_audit_trail_records_who_when_before_after_and_what_they_saw(store: Store) -> None:
    run = _nightly(store, {1: "refuted"})
    e1 = _act(store, "art-c001", "override", label="supported", note="checked", expected_version=0)
    e2 = _act(store, "art-c001", "assign", actor="bo", assignee="cy", expected_version=1)
    e3 = _act(store, "art-c001", "undo", actor="bo", expected_version=2)
    e4 = _act(store, "art-c001", "reopen", actor="cy", note="new source", expected_version=3)
    events = store.review_events("art-c001")
    assert [e.seq for e in events] == [4, 3, 2, 1], "newest first"
    assert [e.action for e in events] == ["reopen", "undo", "assign", "override"]
    first = events[-1]
    assert first == e1
    assert (first.actor, first.note, first.machine_run_id) == ("ana", "checked", run)
    assert (first.machine_label, first.machine_confidence) == ("refuted", 0.8)
    assert first.verifier
    assert first.verifier.startswith("local")
    assert (first.before.status, first.after.status) == ("open", "reviewed")
    assert (first.before.label, first.after.label) == (None, "supported")
    assert events[2].after.assignee == "cy"
    assert events[2] == e2
    assert events[1].after.assignee is None, "undo restores the state before the assignment"
    assert events[1].after.label == "supported"
    assert events[1] == e3
    assert (events[0].before.status, events[0].after.status) == ("reviewed", "open")
    assert events[0] == e4
    assert store.review_for("art-c001") is None
    assert store.review_state("art-c001").version == 4
    assert [e.claim_id for e in store.review_events(limit=2)] == ["art-c001"] * 2


def test_actions_are_checked(store: Store) -> None:
    _nightly(store, {1: "refuted"})
    with pytest.raises(InputError, match="needs a note"):
        _act(store, "art-c001", "override", label="supported", note="  ")
    with pytest.raises(InputError, match="needs a label"):
        _act(store, "art-c001", "override", label="true", note="x")
    with pytest.raises(InputError, match="already open"):
        _act(store, "art-c001", "reopen")
    with pytest.raises(InputError, match="no decision waiting"):
        _act(store, "art-c001", "confirm")
    with pytest.raises(InputError, match="no review event"):
        _act(store, "art-c001", "undo")
    with pytest.raises(NotFoundError):
        _act(store, "art-c999", "approve")
    with pytest.raises(InputError, match="unknown review action"):
        _act(store, "art-c001", "delete")
    assert store.review_events("art-c001") == [], "refused actions leave no event"


def test_stale_version_is_a_conflict(store: Store) -> None:
    _nightly(store, {1: "refuted"})
    _act(store, "art-c001", "approve", actor="ana", expected_version=0)
    with pytest.raises(ReviewConflictError) as info:
        _act(store, "art-c001", "override", actor="bo", label="mixed", note="x", expected_version=0)
    assert (info.value.expected, info.value.current) == (0, 1)
    assert store.review_for("art-c001").label == "refuted"  # type: ignore[union-attr]


def test_concurrent_actions_on_one_version_one_wins(open_store: object, store: Store) -> None:
    _nightly(store, {1: "refuted"})
    stores = [open_store() for _ in range(4)]  # type: ignore[operator]
    barrier = threading.Barrier(len(stores))
    outcomes: list[str] = []

    def act(s: Store, name: str) -> None:
        barrier.wait()
        try:
            _act(
                s, "art-c001", "override", actor=name, label="mixed", note=name, expected_version=0
            )
            outcomes.append("ok")
        except ReviewConflictError:
            outcomes.append("conflict")

    threads = [threading.Thread(target=act, args=(s, f"user{i}")) for i, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 3 + ["ok"]
    assert len(store.review_events("art-c001")) == 1


def test_second_approval(store: Store) -> None:
    _nightly(store, {1: "refuted"})
    _act(store, "art-c001", "override", label="mixed", note="partly", require_second=True)
    state = store.review_state("art-c001")
    assert (state.status, state.label, state.decided_by) == ("pending", "mixed", "ana")
    assert store.review_for("art-c001") is None, "a pending decision does not stand yet"
    with pytest.raises(InputError, match="another person"):
        _act(store, "art-c001", "confirm", actor="ana")
    _act(store, "art-c001", "confirm", actor="bo")
    review = store.review_for("art-c001")
    assert review is not None
    assert (review.label, review.by, review.confirmed_by) == ("mixed", "ana", "bo")


def test_nightly_rerun_keeps_reviews_and_disagreement_requeues(store: Store) -> None:
    _nightly(store, {1: "refuted", 2: "supported", 3: "supported"})
    _act(store, "art-c001", "approve")  # agrees with refuted
    _act(store, "art-c002", "override", label="refuted", note="the source is outdated")
    run2 = _nightly(store, {1: "refuted", 2: "supported", 3: "supported"})
    verdicts = {v.claim_id: v for v in store.verdicts_for_run(run2)}
    assert verdicts["art-c001"].effective_label == "refuted"
    assert verdicts["art-c002"].effective_label == "refuted", "the nightly run did not overwrite it"
    assert not any(v.machine_disagrees for v in verdicts.values())
    queue = load_queue(store)
    assert {i.claim_id: i.reason for i in queue.items} == {
        "art-c001": "reviewed",
        "art-c002": "reviewed",
        "art-c003": "open",
    }
    # The machine changes its mind about a reviewed claim: back in the queue, at the top.
    run3 = _nightly(store, {1: "supported", 2: "supported", 3: "supported"})
    verdicts = {v.claim_id: v for v in store.verdicts_for_run(run3)}
    assert verdicts["art-c001"].machine_disagrees
    assert verdicts["art-c001"].effective_label == "refuted", "the review still stands"
    queue = load_queue(store)
    assert queue.run is not None
    assert queue.run.id == run3
    assert [(i.claim_id, i.reason) for i in queue.items][:1] == [("art-c001", "disagrees")]
    assert queue.counts["disagrees"] == 1
    # A person decides again: off the queue.
    _act(store, "art-c001", "approve", expected_version=1)
    assert load_queue(store).items[0].claim_id == "art-c003"


def test_rewording_keeps_the_review_flagged(store: Store) -> None:
    _nightly(store, {1: "refuted"})
    review = store.add_review("art-c001", label="refuted", note="", by="ana")
    run2 = _nightly(store, {1: "refuted"}, texts={1: "Claim 1, reworded, says something."})
    [v] = store.verdicts_for_run(run2)
    assert v.review == review
    assert v.effective_label == "refuted"
    assert v.text_changed_since_review
    [item] = load_queue(store).items
    assert item.reasons == ("text_changed", "reviewed")


def test_queue_ranks_what_needs_a_person_first(store: Store) -> None:
    _nightly(store, {1: "supported", 2: "supported", 3: "supported", 4: "not_enough_evidence"})
    _nightly(store, {1: "supported", 2: "refuted", 3: "mixed", 4: "supported", 5: "supported"})
    queue = load_queue(store)
    assert [(i.claim_id, i.reason) for i in queue.items] == [
        ("art-c002", "refuted"),
        ("art-c003", "mixed"),
        ("art-c004", "flipped"),
        ("art-c005", "new"),
        ("art-c001", "open"),
    ]
    assert "flipped" in queue.items[0].reasons
    assert [i.claim_id for i in queue.filter(reason="flipped")] == [
        "art-c002",
        "art-c003",
        "art-c004",
    ]
    assert [i.claim_id for i in queue.filter(text="claim 5")] == ["art-c005"]


def test_spot_checks_are_skipped_by_comparisons(store: Store) -> None:
    first = _nightly(store, {1: "supported", 2: "supported"})
    claims = [_claim(1)]
    [h] = store.upsert_claims(claims, article_id="art", file="claims/art.yaml")
    spot = store.start_run(config={}, claims_total=1, spot_check=True)
    store.record_verdict(spot.id, _verdict("art-c001", "refuted"), claim_hash=h)
    store.finish_run(spot.id, status="completed", counts={"verified": 1})
    nightly = _nightly(store, {1: "supported", 2: "supported"})
    assert store.previous_run(nightly).id == first  # type: ignore[union-attr]
    assert store.changes_between(first, nightly) == []
    assert load_queue(store).run.id == nightly  # type: ignore[union-attr]
    assert store.get_run(spot.id).spot_check  # type: ignore[union-attr]


def test_migration_from_0002_keeps_reviews(store_url: str, tmp_path: Path) -> None:
    """An existing database with reviews upgrades without losing one."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_engine(normalize_url(store_url))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0002")
            conn.execute(
                text(
                    "INSERT INTO claims (claim_id, content_hash, text, kind, first_seen, last_seen,"
                    " payload) VALUES ('c-1', 'h1', 'Old text.', 'other', :t, :t, '{}'),"
                    " ('c-1', 'h2', 'New text.', 'other', :t, :t, '{}')"
                ),
                {"t": "2026-01-01 00:00:00"},
            )
            conn.execute(
                text(
                    "INSERT INTO reviews (claim_id, claim_hash, label, note, reviewer, created_at)"
                    " VALUES ('c-1', 'h1', 'refuted', 'first look', 'ana', :t1),"
                    " ('c-1', 'h2', 'mixed', 'second look', 'bo', :t2)"
                ),
                {"t1": "2026-01-02 00:00:00", "t2": "2026-01-03 00:00:00"},
            )
    finally:
        engine.dispose()
    with Store.open(store_url) as store:
        review = store.review_for("c-1")
        assert review is not None
        assert (review.label, review.note, review.by, review.claim_hash) == (
            "mixed",
            "second look",
            "bo",
            "h2",
        )
        events = store.review_events("c-1")
        assert [(e.seq, e.actor, e.after.label) for e in events] == [
            (2, "bo", "mixed"),
            (1, "ana", "refuted"),
        ]
        assert events[0].before.label == "refuted"


def test_queue_cache_keeps_runs_not_review_states(store: Store) -> None:
    from factcheck.store.queue import RunCache

    cache = RunCache()
    _nightly(store, {1: "refuted", 2: "supported"})
    assert load_queue(store, cache=cache).items[0].reason == "refuted"
    _act(store, "art-c001", "approve")
    assert load_queue(store, cache=cache).items[0].claim_id == "art-c002", "states are fresh"
    run2 = _nightly(store, {1: "refuted", 2: "mixed"})
    queue = load_queue(store, cache=cache)
    assert queue.run is not None
    assert queue.run.id == run2, "a new run is a new key"
    assert [(i.claim_id, i.reason) for i in queue.items] == [
        ("art-c002", "mixed"),
        ("art-c001", "reviewed"),
    ]
