"""What a run writes: runs opened and closed, claim versions, documents, verdicts, fetch errors.

Every write is one transaction through :meth:`_RunLock._write` (which checks the run lock before
committing); batches go in chunks of ``_CHUNK`` rows (executemany).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from factcheck.errors import FetchError, InputError, NotFoundError
from factcheck.models import Claim, Document, Verdict, claim_content_hash
from factcheck.store._clean import _clean_rows, _clean_verdict, clean_text, mask_secrets
from factcheck.store._core import _chunks, _fetch_errors, _links, _new_id, _now, _run_info, _runs
from factcheck.store._engine import translate_errors
from factcheck.store._lock import _RunLock
from factcheck.store.records import RUN_STATUSES, RunInfo, VerdictWrite

__all__ = ["_Writes"]

logger = logging.getLogger("factcheck.store")


class _Writes(_RunLock):
    """The run-side writes of :class:`~factcheck.store.Store`."""

    # -- runs --------------------------------------------------------------------------------

    def start_run(
        self,
        *,
        config: Mapping[str, Any],
        claims_total: int,
        resume_run_id: int | None = None,
        backend: str = "local",
        spot_check: bool = False,
    ) -> RunInfo:
        """Record a new running run, or reopen ``resume_run_id`` (:class:`NotFoundError` if unknown).

        ``config`` is stored with secrets masked (keys like ``api_key``, passwords in URLs).
        ``spot_check``: a run of a few chosen claims (``--only``) that comparisons skip.
        """
        masked = clean_text(mask_secrets(config))
        with translate_errors("start run"), self._write() as conn:
            if resume_run_id is not None:
                result = conn.execute(
                    _runs.update()
                    .where(_runs.c.id == resume_run_id)
                    .values(
                        status="running",
                        finished_at=None,
                        config=masked,
                        claims_total=claims_total,
                        backend=backend,
                        spot_check=spot_check,
                    )
                )
                if result.rowcount == 0:
                    raise NotFoundError(f"run {resume_run_id} not found (cannot resume it)")
                run_id = resume_run_id
            else:
                result = conn.execute(
                    _runs.insert().values(
                        started_at=_now(),
                        status="running",
                        config=masked,
                        counts={},
                        claims_total=claims_total,
                        backend=backend,
                        spot_check=spot_check,
                    )
                )
                run_id = _new_id(result)
            row = conn.execute(select(_runs).where(_runs.c.id == run_id)).mappings().one()
        logger.info("run %d started (%d claims)", run_id, claims_total)
        return _run_info(row)

    def finish_run(self, run_id: int, *, status: str, counts: Mapping[str, Any]) -> None:
        """Close a run with its final status (completed, failed, interrupted) and counters."""
        if status not in RUN_STATUSES or status == "running":
            raise InputError(
                f"cannot finish a run as {status!r} (expected completed, failed or interrupted)"
            )
        with translate_errors("finish run"), self._write() as conn:
            result = conn.execute(
                _runs.update()
                .where(_runs.c.id == run_id)
                .values(status=status, finished_at=_now(), counts=clean_text(mask_secrets(counts)))
            )
            if result.rowcount == 0:
                raise NotFoundError(f"run {run_id} not found")
        logger.info("run %d %s", run_id, status)

    # -- claims and documents ----------------------------------------------------------------

    def upsert_claim(self, claim: Claim, *, article_id: str | None, file: str | None) -> str:
        """Record this version of a claim; return its content hash (a new hash = a new row)."""
        return self.upsert_claims([claim], article_id=article_id, file=file)[0]

    def upsert_claims(
        self, claims: Sequence[Claim], *, article_id: str | None = None, file: str | None = None
    ) -> list[str]:
        """Record many claims of one file in one transaction; return their content hashes."""
        now = _now()
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        hashes: list[str] = []
        for claim in claims:
            content_hash = claim_content_hash(claim)
            hashes.append(content_hash)
            rows[(claim.id, content_hash)] = {
                "claim_id": claim.id,
                "content_hash": content_hash,
                "text": claim.text,
                "kind": claim.kind,
                "article_id": article_id,
                "file": file,
                "first_seen": now,
                "last_seen": now,
                "payload": claim.model_dump(mode="json", exclude_defaults=True),
            }
        if not rows:
            return hashes
        with translate_errors("record claims"), self._write() as conn:
            for chunk in _chunks(_clean_rows(rows.values())):
                conn.execute(self._stmts["upsert_claims"], list(chunk))
        return hashes

    def record_documents(self, docs: Sequence[Document]) -> None:
        """Record documents (metadata only: the text is in the evidence archive); upsert by id."""
        rows: dict[str, dict[str, Any]] = {}
        for doc in docs:
            rows[doc.id] = {
                "id": doc.id,
                "url": doc.url,
                "title": doc.title,
                "fetcher": doc.fetcher,
                "language": doc.language,
                "published": doc.published,
                "retrieved_at": doc.retrieved_at,
                "content_sha256": doc.content_sha256,
            }
        if not rows:
            return
        with translate_errors("record documents"), self._write() as conn:
            for chunk in _chunks(_clean_rows(rows.values())):
                conn.execute(self._stmts["upsert_documents"], list(chunk))

    # -- verdicts ----------------------------------------------------------------------------

    def record_verdict(
        self,
        run_id: int,
        verdict: Verdict,
        *,
        claim_hash: str,
        carried_over: bool = False,
        evidence_fingerprint: str | None = None,
        replace: bool = True,
    ) -> bool:
        """Write the verdict of one claim in one run; a second write for the pair replaces it.

        ``replace=False``: write only if the run has no verdict for the claim yet, in the same
        transaction that checks (a fence no lock timing can defeat: when two deliveries of a claim
        both get this far, the first commit wins). Returns whether the verdict was written.
        """
        item = VerdictWrite(verdict, claim_hash, carried_over, evidence_fingerprint)
        if replace:
            self.record_verdicts(run_id, [item])
            return True
        verdict_rows, link_rows, stub_rows = self._verdict_rows(run_id, [item])
        with translate_errors(f"record verdict of run {run_id}"), self._write() as conn:
            if conn.execute(self._stmts["insert_verdict_once"], verdict_rows[0]).first() is None:
                return False
            for chunk in _chunks(stub_rows):
                conn.execute(self._stmts["add_stubs"], list(chunk))
            for chunk in _chunks(link_rows):
                conn.execute(_links.insert(), list(chunk))
        return True

    def record_verdicts(self, run_id: int, verdicts: Sequence[VerdictWrite]) -> None:
        """Write many verdicts of one run in one transaction (executemany); idempotent per claim.

        The claim versions must have been recorded with :meth:`upsert_claim` first. Evidence
        documents unknown to the store are added as stubs (id, url, source) so links always resolve.
        """
        verdict_rows, link_rows, stub_rows = self._verdict_rows(run_id, verdicts)
        if not verdict_rows:
            return
        with translate_errors(f"record verdicts of run {run_id}"), self._write() as conn:
            for chunk in _chunks(verdict_rows):
                conn.execute(self._stmts["upsert_verdicts"], list(chunk))
            for chunk in _chunks(verdict_rows):
                conn.execute(
                    self._stmts["drop_links"],
                    [{"b_run": run_id, "b_claim": r["claim_id"]} for r in chunk],
                )
            for chunk in _chunks(stub_rows):
                conn.execute(self._stmts["add_stubs"], list(chunk))
            for chunk in _chunks(link_rows):
                conn.execute(_links.insert(), list(chunk))

    @staticmethod
    def _verdict_rows(
        run_id: int, verdicts: Sequence[VerdictWrite]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """Rows for the verdicts, evidence links and document stubs of a verdict write."""
        latest: dict[str, VerdictWrite] = {}
        for item in verdicts:
            latest[item.verdict.claim_id] = (
                item  # last write of a claim wins, as it would one by one
            )
        if not latest:
            return [], [], []
        now = _now()
        verdict_rows: list[dict[str, Any]] = []
        link_rows: list[dict[str, Any]] = []
        stubs: dict[str, dict[str, Any]] = {}
        for item in latest.values():
            v = _clean_verdict(item.verdict)
            verdict_rows.append(
                {
                    "run_id": run_id,
                    "claim_id": v.claim_id,
                    "claim_hash": item.claim_hash,
                    "label": v.label,
                    "confidence": v.confidence,
                    "rationale": v.rationale,
                    "judge": v.judge,
                    "evidence": [ref.model_dump(mode="json") for ref in v.evidence],
                    "carried_over": item.carried_over,
                    "evidence_fingerprint": item.evidence_fingerprint,
                    "created_at": now,
                    "needs_review": v.needs_review,
                    "trace": [step.model_dump(mode="json") for step in v.trace],
                }
            )
            for position, ref in enumerate(v.evidence):
                link_rows.append(
                    {
                        "run_id": run_id,
                        "claim_id": v.claim_id,
                        "position": position,
                        "document_id": ref.document_id,
                        "quote": ref.quote,
                        "span_start": ref.span[0] if ref.span else None,
                        "span_end": ref.span[1] if ref.span else None,
                        "stance": ref.stance,
                        "score": ref.score,
                        "source": ref.source,
                    }
                )
                stubs.setdefault(
                    ref.document_id,
                    {"id": ref.document_id, "url": ref.url, "fetcher": ref.source},
                )
        return verdict_rows, link_rows, list(stubs.values())

    def record_fetch_error(self, run_id: int, claim_id: str | None, error: FetchError) -> None:
        """Record a source that could not be fetched (a run error, never a label)."""
        row = {
            "run_id": run_id,
            "claim_id": claim_id,
            "fetcher": error.fetcher,
            "url": error.url,
            "kind": error.kind,
            "message": error.message,
            "created_at": _now(),
        }
        with translate_errors("record fetch error"), self._write() as conn:
            conn.execute(_fetch_errors.insert(), [clean_text(row)])
