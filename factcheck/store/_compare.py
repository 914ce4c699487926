"""Run summaries and what changed between two runs: label counts, the verdicts of a run without
evidence, and :meth:`changes_between` — the one answer to "what changed" that the run summary, the
report and the review queue all use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, and_, func, select

from factcheck.models import LABELS, Label
from factcheck.store._core import _chunks, _claims, _fetch_errors, _fetch_raw, _verdicts
from factcheck.store._engine import translate_errors
from factcheck.store._queries import _Queries
from factcheck.store.records import Change, VerdictSummary

__all__ = ["_Compare"]


class _Compare(_Queries):
    """Counts and comparisons of runs for :class:`~factcheck.store.Store`."""

    # -- summaries and changes ---------------------------------------------------------------

    def label_counts(self, run_id: int, *, reviewed: bool = True) -> dict[str, int]:
        """Verdicts per label in a run (every label present); ``reviewed``: reviews override."""
        counts = dict.fromkeys(LABELS, 0)
        if reviewed:
            with translate_errors("count verdicts"), self._read() as conn:
                rows = self._summary_rows(conn, run_id)
                reviews = self._standing_reviews(conn, rows.keys())
            for r in rows.values():
                review = reviews.get(r.claim_id)
                counts[review.label if review is not None else r.label] += 1
            return counts
        stmt = (
            select(_verdicts.c.label, func.count())
            .where(_verdicts.c.run_id == run_id)
            .group_by(_verdicts.c.label)
        )
        with translate_errors("count verdicts"), self._read() as conn:
            for label, n in conn.execute(stmt):
                counts[label] = int(n)
        return counts

    def unverified_counts(self, run_id: int) -> dict[str, int]:
        """Machine verdicts per label that need review and have no standing human review."""
        counts = dict.fromkeys(LABELS, 0)
        with translate_errors("count unverified verdicts"), self._read() as conn:
            rows = self._summary_rows(conn, run_id)
            reviews = self._standing_reviews(conn, rows.keys())
        for r in rows.values():
            if r.needs_review and r.claim_id not in reviews:
                counts[r.label] += 1
        return counts

    def verdict_summaries(self, run_id: int) -> list[VerdictSummary]:
        """The verdicts of a run without evidence or rationale (cheap enough for 10,000 claims)."""
        with translate_errors(f"read verdicts of run {run_id}"), self._read() as conn:
            rows = self._summary_rows(conn, run_id)
        return [rows[k] for k in sorted(rows)]

    def compare_runs(
        self, run_a: int | None, run_b: int
    ) -> list[tuple[VerdictSummary, Label | None, bool]]:
        """Each verdict of ``run_b`` (by claim id) with the claim's machine label in ``run_a`` and
        whether ``run_a`` knew the claim, in one read (what the review queue needs).

        A claim that errored in ``run_a`` counts as known, with its last label before ``run_a`` (as
        in :meth:`changes_between`); with ``run_a`` ``None`` every claim counts as known.
        """
        previous = _verdicts.alias("previous")
        stmt = (
            self._summary_columns()
            .add_columns(previous.c.label)
            .outerjoin(
                previous,
                and_(
                    previous.c.run_id == (run_a or -1), previous.c.claim_id == _verdicts.c.claim_id
                ),
            )
            .where(_verdicts.c.run_id == run_b)
            .order_by(_verdicts.c.claim_id)
        )
        with translate_errors(f"compare runs {run_a} and {run_b}"), self._read() as conn:
            rows = _fetch_raw(conn, stmt)
            missing = {r[1] for r in rows if r[9] is None}
            fallback: dict[str, VerdictSummary] = {}
            errored_a: set[str] = set()
            if run_a is not None and missing:
                errored_a = self._errored_ids(conn, run_a) & missing
                if errored_a:
                    fallback = self._last_rows_before(conn, run_a, errored_a)
        out: list[tuple[VerdictSummary, Label | None, bool]] = []
        for run_id, cid, chash, label, conf, text, kind, article, needs, before in rows:
            summary = VerdictSummary(
                run_id, cid, chash, label, conf, text, kind, article, bool(needs)
            )
            if before is None and cid in fallback:
                before = fallback[cid].label
            known = run_a is None or before is not None or cid in errored_a
            out.append((summary, before, known))
        return out

    def changes_between(self, run_a: int, run_b: int) -> list[Change]:
        """What changed from run ``run_a`` to run ``run_b``: flips, new and removed claims.

        A claim that errored in either run is never called removed or new: errored in ``run_b`` it is
        left out (the report lists it as errored); errored in ``run_a`` it is compared with its last
        verdict before ``run_a``.
        """
        with translate_errors(f"compare runs {run_a} and {run_b}"), self._read() as conn:
            return self._changes(conn, run_a, run_b, self._summary_rows(conn, run_b))

    def _changes(
        self, conn: Connection, run_a: int, run_b: int, after: Mapping[str, VerdictSummary]
    ) -> list[Change]:
        before = self._summary_rows(conn, run_a)
        errored_a = self._errored_ids(conn, run_a) - before.keys()
        errored_b = self._errored_ids(conn, run_b) - after.keys()
        if errored_a:
            before.update(self._last_rows_before(conn, run_a, errored_a))
        changes: list[Change] = []
        for claim_id in sorted(before.keys() | after.keys()):
            a, b = before.get(claim_id), after.get(claim_id)
            if a is not None and b is not None:
                if a.label != b.label:
                    changes.append(
                        Change(
                            claim_id=claim_id,
                            kind="flip",
                            before=a.label,
                            after=b.label,
                            before_confidence=a.confidence,
                            after_confidence=b.confidence,
                            claim_text=b.claim_text,
                            claim_changed=a.claim_hash != b.claim_hash,
                        )
                    )
            elif b is not None:
                if claim_id in errored_a:
                    continue  # errored before and never decided: not new, it came back
                changes.append(
                    Change(claim_id, "new", None, b.label, None, b.confidence, b.claim_text)
                )
            elif a is not None and claim_id not in errored_b:
                changes.append(
                    Change(claim_id, "removed", a.label, None, a.confidence, None, a.claim_text)
                )
        return changes

    def _summary_columns(self) -> Any:
        return select(
            _verdicts.c.run_id,
            _verdicts.c.claim_id,
            _verdicts.c.claim_hash,
            _verdicts.c.label,
            _verdicts.c.confidence,
            _claims.c.text,
            _claims.c.kind,
            _claims.c.article_id,
            _verdicts.c.needs_review,
        ).join(
            _claims,
            and_(
                _claims.c.claim_id == _verdicts.c.claim_id,
                _claims.c.content_hash == _verdicts.c.claim_hash,
            ),
        )

    @staticmethod
    def _summaries(rows: Sequence[Any]) -> Iterator[VerdictSummary]:
        for run_id, cid, chash, label, conf, text, kind, article, needs in rows:
            yield VerdictSummary(run_id, cid, chash, label, conf, text, kind, article, bool(needs))

    def _summary_rows(self, conn: Connection, run_id: int) -> dict[str, VerdictSummary]:
        """Claim id → the few columns run summaries need (not whole verdicts: flat memory)."""
        stmt = self._summary_columns().where(_verdicts.c.run_id == run_id)
        return {v.claim_id: v for v in self._summaries(_fetch_raw(conn, stmt))}

    def _last_rows_before(
        self, conn: Connection, run_id: int, claim_ids: Iterable[str]
    ) -> dict[str, VerdictSummary]:
        """Each claim's newest verdict in a run before ``run_id`` (spot checks included)."""
        out: dict[str, VerdictSummary] = {}
        for chunk in _chunks(sorted(set(claim_ids))):
            stmt = (
                self._summary_columns()
                .where(_verdicts.c.run_id < run_id, _verdicts.c.claim_id.in_(list(chunk)))
                .order_by(_verdicts.c.run_id)
            )
            for v in self._summaries(_fetch_raw(conn, stmt)):
                out[v.claim_id] = v  # later runs win
        return out

    def _errored_ids(self, conn: Connection, run_id: int) -> set[str]:
        """Claims with fetch errors in the run (with or without a verdict)."""
        stmt = (
            select(_fetch_errors.c.claim_id)
            .where(_fetch_errors.c.run_id == run_id, _fetch_errors.c.claim_id.is_not(None))
            .distinct()
        )
        return {str(x) for x in conn.execute(stmt).scalars()}
