"""Verdict store behaviour on SQLite and Postgres: round trips, idempotency, reviews, changes."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, func, select

from factcheck.errors import FetchTimeoutError, InputError, NotFoundError
from factcheck.models import Claim, Document, EvidenceRef, Verdict, claim_content_hash
from factcheck.store import Store, VerdictWrite, clean_text, mask_secrets, normalize_url
from factcheck.store.tables import metadata


def _claim(i: int, text: str | None = None) -> Claim:
    return Claim(id=f"art-c{i:05d}", text=text or f"Claim number {i} says something.", kind="other")


def _verdict(claim_id: str, i: int = 0, label: str = "supported") -> Verdict:
    return Verdict(
        claim_id=claim_id,
        label=label,  # type: ignore[arg-type]
        confidence=(i % 100) / 100,
        rationale=f"Passage {i} of doc-{i % 7} says so.",
        judge="local",
        evidence=[
            EvidenceRef(
                document_id=f"wikipedia:doc-{i % 7}",
                url=f"https://en.wikipedia.org/wiki/Doc_{i % 7}",
                quote=f"quote {i}",
                span=(i, i + 10),
                stance="supports",
                score=0.25,
                source="wikipedia",
            ),
            EvidenceRef(document_id="comparator:quantity", quote=f"value {i}", stance="refutes"),
        ],
    )


def _count(url: str, table: str, **where: object) -> int:
    engine = create_engine(normalize_url(url))
    try:
        t = metadata.tables[table]
        stmt = select(func.count()).select_from(t)
        for col, value in where.items():
            stmt = stmt.where(t.c[col] == value)
        with engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())
    finally:
        engine.dispose()


def test_ten_thousand_verdicts_round_trip(store: Store, store_url: str) -> None:
    claims = [_claim(i) for i in range(10_000)]
    hashes = store.upsert_claims(claims, article_id="art", file="claims/art.yaml")
    assert hashes == [claim_content_hash(c) for c in claims]
    run = store.start_run(config={"verify": {"top_k": 5}}, claims_total=len(claims))
    labels = ["supported", "refuted", "mixed", "not_enough_evidence"]
    verdicts = [_verdict(c.id, i, labels[i % 4]) for i, c in enumerate(claims)]
    store.record_verdicts(
        run.id,
        [
            VerdictWrite(v, h, carried_over=i % 2 == 0, evidence_fingerprint=f"fp{i}")
            for i, (v, h) in enumerate(zip(verdicts, hashes, strict=True))
        ],
    )
    stored = store.verdicts_for_run(run.id)
    assert len(stored) == 10_000
    by_id = {s.claim_id: s for s in stored}
    for i, (claim, verdict) in enumerate(zip(claims, verdicts, strict=True)):
        got = by_id[claim.id]
        assert got.to_verdict() == verdict
        assert got.claim_text == claim.text
        assert got.claim_hash == hashes[i]
        assert got.carried_over is (i % 2 == 0)
        assert got.evidence_fingerprint == f"fp{i}"
        assert got.article_id == "art"
        assert got.file == "claims/art.yaml"
        assert got.review is None
        assert got.created_at.tzinfo is not None
    assert store.label_counts(run.id) == dict.fromkeys(labels, 2500)
    assert store.decided_claims(run.id) == {c.id for c in claims}
    assert _count(store_url, "evidence_links") == 20_000
    assert _count(store_url, "documents") == 8  # 7 wikipedia stubs + the comparator


def test_verdict_writes_are_idempotent_per_run_and_claim(store: Store, store_url: str) -> None:
    claim = _claim(1)
    h = store.upsert_claim(claim, article_id=None, file=None)
    run = store.start_run(config={}, claims_total=1)
    store.record_verdict(run.id, _verdict(claim.id, 1), claim_hash=h)
    store.record_verdict(run.id, _verdict(claim.id, 1), claim_hash=h)
    assert _count(store_url, "verdicts") == 1
    assert _count(store_url, "evidence_links") == 2
    # A later write for the same pair replaces it; its evidence replaces the old links.
    changed = _verdict(claim.id, 3, "refuted").model_copy(update={"evidence": []})
    store.record_verdict(run.id, changed, claim_hash=h, evidence_fingerprint="new")
    [got] = store.verdicts_for_run(run.id)
    assert (got.label, got.evidence, got.evidence_fingerprint) == ("refuted", [], "new")
    assert _count(store_url, "verdicts") == 1
    assert _count(store_url, "evidence_links") == 0
    # Duplicates inside one batch collapse to the last one.
    store.record_verdicts(
        run.id, [VerdictWrite(_verdict(claim.id, 5, lbl), h) for lbl in ("mixed", "supported")]
    )
    [got] = store.verdicts_for_run(run.id)
    assert got.label == "supported"
    assert _count(store_url, "verdicts") == 1
    # Another run keeps its own row.
    run2 = store.start_run(config={}, claims_total=1)
    store.record_verdict(run2.id, _verdict(claim.id, 1), claim_hash=h)
    assert _count(store_url, "verdicts") == 2


def test_claims_are_versioned_by_content_hash(store: Store, store_url: str) -> None:
    h1 = store.upsert_claim(_claim(1, "Beijing has 21 million people."), article_id="a", file="f")
    assert (
        store.upsert_claim(_claim(1, "Beijing has 21 million people."), article_id="a", file="f")
        == h1
    )
    h2 = store.upsert_claim(_claim(1, "Beijing has 22 million people."), article_id="a", file="f")
    assert h1 != h2
    assert _count(store_url, "claims", claim_id="art-c00001") == 2
    assert store.claim_hash("art-c00001") == h2
    assert store.claim_hash("nope") is None


def test_review_stands_across_runs_and_rewording(store: Store) -> None:
    claim = _claim(7, "The tower is 300 m tall.")
    h = store.upsert_claim(claim, article_id=None, file=None)
    run1 = store.start_run(config={}, claims_total=1)
    store.record_verdict(run1.id, _verdict(claim.id, 90, "refuted"), claim_hash=h)
    review = store.add_review(claim.id, label="supported", note="checked the survey", by="ana")
    assert (review.claim_hash, review.label, review.by) == (h, "supported", "ana")
    assert review.machine_label == "refuted"
    assert store.review_for(claim.id) == review
    [v] = store.verdicts_for_run(run1.id)
    assert (v.label, v.effective_label, v.is_reviewed) == ("refuted", "supported", True)
    assert not v.machine_disagrees  # the reviewer saw "refuted" and decided otherwise
    assert store.label_counts(run1.id)["supported"] == 1
    assert store.label_counts(run1.id, reviewed=False)["refuted"] == 1
    # A later run on the same text: the review still applies.
    run2 = store.start_run(config={}, claims_total=1)
    store.record_verdict(run2.id, _verdict(claim.id, 80, "refuted"), claim_hash=h)
    assert store.verdicts_for_run(run2.id)[0].effective_label == "supported"
    # The text changes: the review is keyed by claim id, so it stands, flagged.
    edited = _claim(7, "The tower is 330 m tall.")
    h2 = store.upsert_claim(edited, article_id=None, file=None)
    run3 = store.start_run(config={}, claims_total=1)
    store.record_verdict(run3.id, _verdict(claim.id, 70, "refuted"), claim_hash=h2)
    [v3] = store.verdicts_for_run(run3.id)
    assert (v3.review, v3.effective_label) == (review, "supported")
    assert v3.text_changed_since_review
    # A new decision on the new text clears the flag; every decision is kept.
    second = store.add_review(claim.id, label="mixed", note="partly", by="bo")
    assert store.review_for(claim.id) == second
    assert second.claim_hash == h2
    assert [x.effective_label for x in store.history(claim.id)] == ["mixed", "mixed", "mixed"]
    assert not store.verdicts_for_run(run3.id)[0].text_changed_since_review
    assert [r.id for r in store.reviews(claim.id)] == [review.id, second.id]


def test_review_rejects_unknown_claims_and_labels(store: Store) -> None:
    with pytest.raises(NotFoundError, match="not in the verdict store"):
        store.add_review("missing", label="supported", note="", by="x")
    store.upsert_claim(_claim(1), article_id=None, file=None)
    with pytest.raises(InputError, match="unknown label"):
        store.add_review("art-c00001", label="true", note="", by="x")
    with pytest.raises(NotFoundError):
        store.add_review("art-c00001", label="mixed", note="", by="x", claim_hash="0" * 64)


def test_changes_between_runs(store: Store) -> None:
    claims = [_claim(i) for i in range(4)]
    hashes = store.upsert_claims(claims)
    a = store.start_run(config={}, claims_total=3)
    b = store.start_run(config={}, claims_total=3)
    for i in (0, 1, 2):
        store.record_verdict(a.id, _verdict(claims[i].id, i, "supported"), claim_hash=hashes[i])
    store.record_verdict(b.id, _verdict(claims[0].id, 0, "supported"), claim_hash=hashes[0])
    store.record_verdict(b.id, _verdict(claims[1].id, 55, "refuted"), claim_hash=hashes[1])
    store.record_verdict(b.id, _verdict(claims[3].id, 3, "mixed"), claim_hash=hashes[3])
    changes = {c.claim_id: c for c in store.changes_between(a.id, b.id)}
    assert set(changes) == {claims[1].id, claims[2].id, claims[3].id}
    flip = changes[claims[1].id]
    assert (flip.kind, flip.before, flip.after, flip.after_confidence) == (
        "flip",
        "supported",
        "refuted",
        0.55,
    )
    assert (changes[claims[2].id].kind, changes[claims[2].id].after) == ("removed", None)
    assert (changes[claims[3].id].kind, changes[claims[3].id].before) == ("new", None)
    assert changes[claims[3].id].claim_text == claims[3].text


def test_runs_lifecycle_and_lookups(store: Store) -> None:
    assert store.latest_run() is None
    config = {
        "llm": {"api_key": "sk-secret", "model": "m"},
        "database_url": "postgresql://u:pw@h/d",
    }
    r1 = store.start_run(config=config, claims_total=3, backend="celery")
    assert r1.status == "running"
    assert r1.finished_at is None
    assert r1.duration_s is None
    assert r1.config == {
        "llm": {"api_key": "**********", "model": "m"},
        "database_url": "postgresql://u:**********@h/d",
    }
    assert r1.backend == "celery"
    store.finish_run(r1.id, status="completed", counts={"verdicts": 3})
    r2 = store.start_run(config={}, claims_total=2)
    store.finish_run(r2.id, status="failed", counts={})
    r3 = store.start_run(config={}, claims_total=1)
    done = store.get_run(r1.id)
    assert done is not None
    assert done.status == "completed"
    assert done.counts == {"verdicts": 3}
    assert done.duration_s is not None
    assert done.duration_s >= 0
    assert [r.id for r in store.runs()] == [r3.id, r2.id, r1.id]
    assert [r.id for r in store.runs(limit=1)] == [r3.id]
    assert store.latest_run().id == r3.id  # type: ignore[union-attr]
    assert store.latest_run(status="completed").id == r1.id  # type: ignore[union-attr]
    assert store.previous_run(r3.id).id == r1.id  # type: ignore[union-attr]
    assert store.previous_run(r3.id, status=None).id == r2.id  # type: ignore[union-attr]
    assert store.previous_run(r1.id) is None
    assert store.get_run(999) is None
    # Resume reopens the same run.
    resumed = store.start_run(config={}, claims_total=2, resume_run_id=r2.id)
    assert (resumed.id, resumed.status, resumed.finished_at) == (r2.id, "running", None)
    with pytest.raises(NotFoundError):
        store.start_run(config={}, claims_total=0, resume_run_id=999)
    with pytest.raises(NotFoundError):
        store.finish_run(999, status="completed", counts={})
    with pytest.raises(InputError):
        store.finish_run(r3.id, status="done", counts={})


def test_fetch_errors_and_documents(store: Store, store_url: str) -> None:
    run = store.start_run(config={}, claims_total=1)
    err = FetchTimeoutError("read timeout", url="https://example.org/x", fetcher="web")
    store.record_fetch_error(run.id, "art-c00001", err)
    store.record_fetch_error(run.id, None, FetchTimeoutError("connect timeout"))
    [first, second] = store.fetch_errors(run.id)
    assert (first.claim_id, first.kind, first.fetcher, first.url, first.message) == (
        "art-c00001",
        "timeout",
        "web",
        "https://example.org/x",
        "read timeout",
    )
    assert (second.claim_id, second.url) == (None, None)
    assert store.fetch_errors(run.id + 1) == []
    # A stub document from a verdict is completed by record_documents (and not clobbered back).
    claim = _claim(1)
    h = store.upsert_claim(claim, article_id=None, file=None)
    store.record_verdict(run.id, _verdict(claim.id, 1), claim_hash=h)
    doc = Document(
        id="wikipedia:doc-1",
        url="https://en.wikipedia.org/wiki/Doc_1",
        title="Doc 1",
        text="body",
        fetcher="wikipedia",
        retrieved_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
        published=dt.date(2020, 5, 1),
        content_sha256="ab" * 32,
    )
    store.record_documents([doc, doc])
    store.record_verdict(run.id, _verdict(claim.id, 1), claim_hash=h)
    assert _count(store_url, "documents", id="wikipedia:doc-1", title="Doc 1") == 1
    [stub, full] = store.documents(["wikipedia:doc-1", "comparator:quantity", "nope"])
    assert (full.id, full.title, full.published, full.content_sha256) == (
        "wikipedia:doc-1",
        "Doc 1",
        dt.date(2020, 5, 1),
        "ab" * 32,
    )
    assert full.retrieved_at == dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    assert (stub.id, stub.url, stub.title, stub.retrieved_at) == (
        "comparator:quantity",
        None,
        None,
        None,
    )


def test_last_verdict_for_carry_over(store: Store) -> None:
    claim = _claim(1)
    h = store.upsert_claim(claim, article_id=None, file=None)
    r1 = store.start_run(config={}, claims_total=1)
    r2 = store.start_run(config={}, claims_total=1)
    store.record_verdict(r1.id, _verdict(claim.id, 10), claim_hash=h, evidence_fingerprint="e1")
    store.record_verdict(r2.id, _verdict(claim.id, 20), claim_hash=h, evidence_fingerprint="e1")
    last = store.last_verdict(claim.id, h, "e1")
    assert last is not None
    assert (last.run_id, last.confidence) == (r2.id, 0.2)
    assert store.last_verdict(claim.id, h, "e2") is None
    assert store.last_verdict(claim.id, "0" * 64, "e1") is None


def test_mask_secrets_and_url_normalization() -> None:
    masked = mask_secrets(
        {
            "a": {"token": "t", "api_key": None, "list": ["https://u:p@h/x"]},
            "n": 3,
            "p": dt.date(2020, 1, 1),
        }
    )
    assert masked == {
        "a": {"token": "**********", "api_key": None, "list": ["https://u:**********@h/x"]},
        "n": 3,
        "p": "2020-01-01",
    }
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("sqlite:///x.db").drivername == "sqlite"


def test_in_memory_sqlite_store() -> None:
    with Store.open("sqlite://") as store:
        h = store.upsert_claim(_claim(1), article_id=None, file=None)
        run = store.start_run(config={}, claims_total=1)
        store.record_verdict(run.id, _verdict("art-c00001"), claim_hash=h)
        assert len(store.verdicts_for_run(run.id)) == 1
        assert store.lock_path is None


_TEXT = st.text(alphabet=st.characters() | st.sampled_from("\x00\ud800"), max_size=40)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rationale=_TEXT, quote=_TEXT, text=_TEXT.filter(lambda t: t.strip() != ""), note=_TEXT)
def test_any_text_round_trips_cleaned(
    store: Store, rationale: str, quote: str, text: str, note: str
) -> None:
    """Whatever the strings, a write succeeds and reads back as ``clean_text`` of the input."""
    claim = Claim.model_construct(**{**_claim(1).model_dump(), "text": text})
    h = store.upsert_claim(claim, article_id=None, file=None)
    run = store.start_run(config={"note": note}, claims_total=1)
    verdict = Verdict(
        claim_id=claim.id,
        label="mixed",
        confidence=0.5,
        rationale=rationale,
        evidence=[EvidenceRef(document_id="d:1", quote=quote, span=(0, len(quote)))],
    )
    store.record_verdict(run.id, verdict, claim_hash=h)
    why = f"why: {note}"
    review = store.add_review(claim.id, label="supported", note=why, by="hyp", claim_hash=h)
    [got] = store.verdicts_for_run(run.id)
    assert got.rationale == clean_text(rationale)
    assert got.evidence[0].quote == clean_text(quote)
    assert len(got.evidence[0].quote) == len(quote)
    assert got.claim_text == clean_text(text)
    assert got.review is not None
    assert got.review.note == clean_text(why).strip() == review.note
    assert store.get_run(run.id).config == {"note": clean_text(note)}  # type: ignore[union-attr]


def test_one_store_shared_by_threads(store: Store) -> None:
    run = store.start_run(config={}, claims_total=120)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                claim = Claim(id=f"t{n}-c{i}", text=f"thread {n} claim {i}")
                h = store.upsert_claim(claim, article_id=None, file=None)
                store.record_verdict(run.id, _verdict(claim.id, i), claim_hash=h)
                store.decided_claims(run.id)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(store.verdicts_for_run(run.id)) == 120
