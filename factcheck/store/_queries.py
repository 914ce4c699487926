"""The read side: runs, claims, documents, verdicts with their standing reviews, counts, what
changed between two runs, errored claims and a claim's timeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, and_, func, select, tuple_
from sqlalchemy.engine import RowMapping

from factcheck.models import EvidenceRef, TraceStep
from factcheck.store._core import (
    _CHUNK,
    _aware,
    _chunks,
    _claim_record,
    _claims,
    _documents,
    _events,
    _fetch_errors,
    _maybe_aware,
    _run_info,
    _runs,
    _state,
    _StoreCore,
    _verdicts,
)
from factcheck.store._engine import translate_errors
from factcheck.store.records import (
    ClaimRecord,
    DocumentInfo,
    ErroredClaim,
    FetchErrorRecord,
    HistoryPoint,
    Review,
    ReviewState,
    RunInfo,
    StoredVerdict,
    TimelineEntry,
)

__all__ = ["_Queries"]


class _Queries(_StoreCore):
    """The read-side queries of :class:`~factcheck.store.Store`."""

    # -- runs --------------------------------------------------------------------------------

    def get_run(self, run_id: int) -> RunInfo | None:
        """The run with this id, or ``None``."""
        with translate_errors("read run"), self._read() as conn:
            row = conn.execute(select(_runs).where(_runs.c.id == run_id)).mappings().first()
        return None if row is None else _run_info(row)

    def runs(self, *, limit: int | None = None) -> list[RunInfo]:
        """Runs, newest first."""
        stmt = select(_runs).order_by(_runs.c.id.desc())
        if limit is not None:
            stmt = stmt.limit(limit)
        with translate_errors("list runs"), self._read() as conn:
            return [_run_info(r) for r in conn.execute(stmt).mappings()]

    def latest_run(
        self, *, status: str | None = None, spot_check: bool | None = None
    ) -> RunInfo | None:
        """The newest run (with this status and kind, if given), or ``None``."""
        stmt = select(_runs).order_by(_runs.c.id.desc()).limit(1)
        if status is not None:
            stmt = stmt.where(_runs.c.status == status)
        if spot_check is not None:
            stmt = stmt.where(_runs.c.spot_check == spot_check)
        with translate_errors("read latest run"), self._read() as conn:
            row = conn.execute(stmt).mappings().first()
        return None if row is None else _run_info(row)

    def previous_run(
        self, run_id: int, *, status: str | None = "completed", spot_checks: bool = False
    ) -> RunInfo | None:
        """The newest run before ``run_id`` to compare with: completed ones by default
        (``status=None``: any), never a spot check unless ``spot_checks``."""
        stmt = select(_runs).where(_runs.c.id < run_id).order_by(_runs.c.id.desc()).limit(1)
        if status is not None:
            stmt = stmt.where(_runs.c.status == status)
        if not spot_checks:
            stmt = stmt.where(_runs.c.spot_check == False)  # noqa: E712  (SQL, not Python)
        with translate_errors("read previous run"), self._read() as conn:
            row = conn.execute(stmt).mappings().first()
        return None if row is None else _run_info(row)

    # -- claims and documents ----------------------------------------------------------------

    def claim_hash(self, claim_id: str) -> str | None:
        """The content hash of the most recently seen version of a claim, or ``None``."""
        stmt = (
            select(_claims.c.content_hash)
            .where(_claims.c.claim_id == claim_id)
            .order_by(_claims.c.last_seen.desc(), _claims.c.first_seen.desc())
            .limit(1)
        )
        with translate_errors("read claim"), self._read() as conn:
            return conn.execute(stmt).scalar()

    def claim_record(self, claim_id: str) -> ClaimRecord | None:
        """The most recently seen version of a claim (text, article, file, payload), or ``None``."""
        stmt = (
            select(_claims)
            .where(_claims.c.claim_id == claim_id)
            .order_by(_claims.c.last_seen.desc(), _claims.c.first_seen.desc())
            .limit(1)
        )
        with translate_errors("read claim"), self._read() as conn:
            row = conn.execute(stmt).mappings().first()
        return None if row is None else _claim_record(row)

    def article_claims(self, article_id: str) -> list[ClaimRecord]:
        """The latest version of every claim of an article, by claim id."""
        stmt = select(_claims).where(_claims.c.article_id == article_id)
        with translate_errors("read claims of an article"), self._read() as conn:
            latest: dict[str, RowMapping] = {}
            for row in conn.execute(stmt).mappings():
                seen = latest.get(row["claim_id"])
                if seen is None or (row["last_seen"], row["first_seen"]) > (
                    seen["last_seen"],
                    seen["first_seen"],
                ):
                    latest[row["claim_id"]] = row
        return [_claim_record(latest[k]) for k in sorted(latest)]

    def documents(self, ids: Sequence[str]) -> list[DocumentInfo]:
        """Metadata of the recorded documents among ``ids`` (unknown ids are left out), by id."""
        wanted = sorted(set(ids))
        found: list[DocumentInfo] = []
        with translate_errors("read documents"), self._read() as conn:
            for chunk in _chunks(wanted):
                stmt = select(_documents).where(_documents.c.id.in_(list(chunk)))
                for r in conn.execute(stmt).mappings():
                    found.append(
                        DocumentInfo(
                            id=r["id"],
                            url=r["url"],
                            title=r["title"],
                            fetcher=r["fetcher"],
                            language=r["language"],
                            published=r["published"],
                            retrieved_at=_maybe_aware(r["retrieved_at"]),
                            content_sha256=r["content_sha256"],
                        )
                    )
        return sorted(found, key=lambda d: d.id)

    # -- verdicts and fetch errors -----------------------------------------------------------

    def fetch_errors(self, run_id: int) -> list[FetchErrorRecord]:
        """The fetch errors of a run, in the order they were recorded."""
        stmt = (
            select(_fetch_errors)
            .where(_fetch_errors.c.run_id == run_id)
            .order_by(_fetch_errors.c.id)
        )
        with translate_errors("read fetch errors"), self._read() as conn:
            rows = conn.execute(stmt).mappings().all()
        return [
            FetchErrorRecord(
                run_id=r["run_id"],
                claim_id=r["claim_id"],
                fetcher=r["fetcher"],
                url=r["url"],
                kind=r["kind"],
                message=r["message"],
                created_at=_aware(r["created_at"]),
            )
            for r in rows
        ]

    def _verdict_select(self) -> Any:
        return select(
            _verdicts,
            _claims.c.text.label("claim_text"),
            _claims.c.kind.label("claim_kind"),
            _claims.c.article_id,
            _claims.c.file,
        ).join(
            _claims,
            and_(
                _claims.c.claim_id == _verdicts.c.claim_id,
                _claims.c.content_hash == _verdicts.c.claim_hash,
            ),
        )

    def _review_states(
        self, conn: Connection, claim_ids: Iterable[str] | None = None
    ) -> dict[str, ReviewState]:
        """Claim id → its review state (the snapshot on its latest event); claims never acted on
        are left out."""
        latest = (
            select(_events.c.claim_id, func.max(_events.c.seq).label("seq"))
            .group_by(_events.c.claim_id)
            .subquery()
        )
        stmt = select(_events.c.claim_id, _events.c.seq, _events.c.state).join(
            latest, and_(latest.c.claim_id == _events.c.claim_id, latest.c.seq == _events.c.seq)
        )
        wanted = None if claim_ids is None else sorted(set(claim_ids))
        if wanted is not None and len(wanted) <= _CHUNK:
            stmt = stmt.where(_events.c.claim_id.in_(wanted))
        out: dict[str, ReviewState] = {}
        for row in conn.execute(stmt).mappings():
            if wanted is None or len(wanted) <= _CHUNK or row["claim_id"] in wanted:
                out[row["claim_id"]] = _state(row)
        return out

    def _standing_reviews(
        self, conn: Connection, claim_ids: Iterable[str] | None = None
    ) -> dict[str, Review]:
        out: dict[str, Review] = {}
        for claim_id, state in self._review_states(conn, claim_ids).items():
            review = state.review
            if review is not None:
                out[claim_id] = review
        return out

    @staticmethod
    def _stored(row: RowMapping, reviews: Mapping[str, Review]) -> StoredVerdict:
        return StoredVerdict(
            run_id=row["run_id"],
            claim_id=row["claim_id"],
            claim_hash=row["claim_hash"],
            label=row["label"],
            confidence=row["confidence"],
            rationale=row["rationale"],
            judge=row["judge"],
            evidence=[EvidenceRef.model_validate(e) for e in row["evidence"] or []],
            carried_over=bool(row["carried_over"]),
            evidence_fingerprint=row["evidence_fingerprint"],
            created_at=_aware(row["created_at"]),
            claim_text=row["claim_text"],
            claim_kind=row["claim_kind"],
            article_id=row["article_id"],
            file=row["file"],
            review=reviews.get(row["claim_id"]),
            needs_review=bool(row["needs_review"]),
            trace=[TraceStep.model_validate(t) for t in row["trace"] or []],
        )

    def verdicts_for_run(self, run_id: int) -> list[StoredVerdict]:
        """Every verdict of a run (by claim id), with claim text and the standing review, if any."""
        stmt = self._verdict_select().where(_verdicts.c.run_id == run_id)
        stmt = stmt.order_by(_verdicts.c.claim_id)
        with translate_errors(f"read verdicts of run {run_id}"), self._read() as conn:
            rows = conn.execute(stmt).mappings().all()
            reviews = self._standing_reviews(conn, (r["claim_id"] for r in rows))
        return [self._stored(r, reviews) for r in rows]

    def history(self, claim_id: str) -> list[StoredVerdict]:
        """Every verdict of a claim across runs, oldest run first (each with the standing review)."""
        stmt = self._verdict_select().where(_verdicts.c.claim_id == claim_id)
        stmt = stmt.order_by(_verdicts.c.run_id)
        with translate_errors(f"read history of {claim_id}"), self._read() as conn:
            rows = conn.execute(stmt).mappings().all()
            reviews = self._standing_reviews(conn, [claim_id])
        return [self._stored(r, reviews) for r in rows]

    def histories(
        self, claim_ids: Iterable[str], *, until_run: int
    ) -> dict[str, list[HistoryPoint]]:
        """Each claim's verdicts in the runs up to ``until_run``, oldest run first, in a few reads
        (a report's timelines: one query per 500 claims, not one per claim)."""
        out: dict[str, list[HistoryPoint]] = {}
        cols = (
            _verdicts.c.claim_id,
            _verdicts.c.run_id,
            _verdicts.c.label,
            _verdicts.c.confidence,
            _verdicts.c.created_at,
            _verdicts.c.carried_over,
        )
        with translate_errors("read verdict histories"), self._read() as conn:
            for chunk in _chunks(sorted(set(claim_ids))):
                stmt = (
                    select(*cols)
                    .where(_verdicts.c.claim_id.in_(list(chunk)), _verdicts.c.run_id <= until_run)
                    .order_by(_verdicts.c.claim_id, _verdicts.c.run_id)
                )
                for cid, run_id, label, conf, created, carried in conn.execute(stmt):
                    point = HistoryPoint(run_id, label, conf, _aware(created), bool(carried))
                    out.setdefault(cid, []).append(point)
        return out

    def verdict_in_run(self, run_id: int, claim_id: str) -> StoredVerdict | None:
        """The verdict of one claim in one run, or ``None`` (a point lookup for workers)."""
        stmt = self._verdict_select().where(
            _verdicts.c.run_id == run_id, _verdicts.c.claim_id == claim_id
        )
        with translate_errors(f"read verdict of {claim_id}"), self._read() as conn:
            row = conn.execute(stmt).mappings().first()
            if row is None:
                return None
            reviews = self._standing_reviews(conn, [claim_id])
        return self._stored(row, reviews)

    def latest_verdict(self, claim_id: str) -> StoredVerdict | None:
        """The claim's verdict in the newest run that has one, or ``None``."""
        stmt = (
            self._verdict_select()
            .where(_verdicts.c.claim_id == claim_id)
            .order_by(_verdicts.c.run_id.desc())
            .limit(1)
        )
        with translate_errors(f"read verdict of {claim_id}"), self._read() as conn:
            row = conn.execute(stmt).mappings().first()
            if row is None:
                return None
            reviews = self._standing_reviews(conn, [claim_id])
        return self._stored(row, reviews)

    def decided_claims(self, run_id: int) -> set[str]:
        """Claim ids that already have a verdict in this run (what ``--resume`` skips)."""
        stmt = select(_verdicts.c.claim_id).where(_verdicts.c.run_id == run_id)
        with translate_errors("read decided claims"), self._read() as conn:
            return set(conn.execute(stmt).scalars())

    def last_verdict(
        self, claim_id: str, claim_hash: str, evidence_fingerprint: str
    ) -> StoredVerdict | None:
        """The newest verdict for this claim version on the same evidence (to carry it over)."""
        return self.last_verdicts([(claim_id, claim_hash, evidence_fingerprint)]).get(claim_id)

    def last_verdicts(self, keys: Iterable[tuple[str, str, str]]) -> dict[str, StoredVerdict]:
        """:meth:`last_verdict` of many (claim id, claim hash, evidence fingerprint) in few reads."""
        wanted = sorted({k[0]: k for k in keys}.values())
        rows: dict[str, RowMapping] = {}
        key = tuple_(_verdicts.c.claim_id, _verdicts.c.claim_hash, _verdicts.c.evidence_fingerprint)
        with translate_errors("read last verdicts"), self._read() as conn:
            for chunk in _chunks(wanted):
                latest = (
                    select(_verdicts.c.claim_id, func.max(_verdicts.c.run_id).label("run_id"))
                    .where(key.in_(list(chunk)))
                    .group_by(_verdicts.c.claim_id)
                    .subquery()
                )
                same = and_(
                    latest.c.claim_id == _verdicts.c.claim_id, latest.c.run_id == _verdicts.c.run_id
                )
                stmt = self._verdict_select().join(latest, same)
                rows.update((r["claim_id"], r) for r in conn.execute(stmt).mappings())
            reviews = self._standing_reviews(conn, rows) if rows else {}
        return {claim_id: self._stored(row, reviews) for claim_id, row in rows.items()}

    # -- failures ----------------------------------------------------------------------------

    def errored_claims(self, run_id: int) -> list[ErroredClaim]:
        """Claims the run could not check (fetch errors and no verdict), by id, with the errors."""
        errors = self.fetch_errors(run_id)
        with translate_errors(f"read errored claims of run {run_id}"), self._read() as conn:
            decided = set(
                conn.execute(
                    select(_verdicts.c.claim_id).where(_verdicts.c.run_id == run_id)
                ).scalars()
            )
            by_claim: dict[str, list[FetchErrorRecord]] = {}
            for err in errors:
                if err.claim_id is not None and err.claim_id not in decided:
                    by_claim.setdefault(err.claim_id, []).append(err)
            texts: dict[str, RowMapping] = {}
            for chunk in _chunks(sorted(by_claim)):
                stmt = (
                    select(_claims.c.claim_id, _claims.c.text, _claims.c.article_id)
                    .where(_claims.c.claim_id.in_(list(chunk)))
                    .order_by(_claims.c.last_seen, _claims.c.first_seen)
                )
                for r in conn.execute(stmt).mappings():
                    texts[r["claim_id"]] = r  # the most recently seen version wins
        return [
            ErroredClaim(
                run_id=run_id,
                claim_id=claim_id,
                claim_text=texts[claim_id]["text"] if claim_id in texts else None,
                article_id=texts[claim_id]["article_id"] if claim_id in texts else None,
                errors=by_claim[claim_id],
            )
            for claim_id in sorted(by_claim)
        ]

    def claim_timeline(self, claim_id: str) -> list[TimelineEntry]:
        """What happened to a claim in every run since it was first checked, oldest first: its
        verdict, its fetch errors, or nothing (a failed or interrupted run). Spot checks of other
        claims and runs after the claim left the claim files are left out."""
        verdicts = {v.run_id: v for v in self.history(claim_id)}
        with translate_errors(f"read timeline of {claim_id}"), self._read() as conn:
            last_seen = conn.execute(
                select(func.max(_claims.c.last_seen)).where(_claims.c.claim_id == claim_id)
            ).scalar()
            err_rows = (
                conn.execute(
                    select(_fetch_errors)
                    .where(_fetch_errors.c.claim_id == claim_id)
                    .order_by(_fetch_errors.c.id)
                )
                .mappings()
                .all()
            )
            touched = set(verdicts) | {int(r["run_id"]) for r in err_rows}
            if last_seen is None or not touched:
                return []
            stmt = select(_runs).where(_runs.c.id >= min(touched)).order_by(_runs.c.id)
            runs = [_run_info(r) for r in conn.execute(stmt).mappings()]
        # a run upserts its claims right after it starts: one that started after the claim was
        # last seen did not include it
        seen_until = _aware(last_seen)
        errors: dict[int, list[FetchErrorRecord]] = {}
        for r in err_rows:
            errors.setdefault(r["run_id"], []).append(
                FetchErrorRecord(
                    run_id=r["run_id"],
                    claim_id=r["claim_id"],
                    fetcher=r["fetcher"],
                    url=r["url"],
                    kind=r["kind"],
                    message=r["message"],
                    created_at=_aware(r["created_at"]),
                )
            )
        return [
            TimelineEntry(run=run, verdict=verdicts.get(run.id), errors=errors.get(run.id, []))
            for run in runs
            if run.id in touched or (not run.spot_check and run.started_at <= seen_until)
        ]
