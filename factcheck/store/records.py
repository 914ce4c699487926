"""Small typed records the store returns (the report and CLI layers import these)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from factcheck.models import EvidenceRef, Label, TraceStep, Verdict

__all__ = [
    "RUN_STATUSES",
    "Change",
    "ChangeKind",
    "DocumentInfo",
    "FetchErrorRecord",
    "Review",
    "RunInfo",
    "RunStatus",
    "StoredVerdict",
    "VerdictWrite",
]

RunStatus = Literal["running", "completed", "failed", "interrupted"]
RUN_STATUSES: tuple[str, ...] = RunStatus.__args__  # type: ignore[attr-defined]
ChangeKind = Literal["flip", "new", "removed"]


@dataclass(frozen=True, slots=True)
class RunInfo:
    """One run: when, how it ended, its (secret-masked) configuration and counters."""

    id: int
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: RunStatus
    config: dict[str, Any]
    counts: dict[str, Any]
    claims_total: int
    backend: str

    @property
    def duration_s(self) -> float | None:
        """Seconds from start to finish, ``None`` while running."""
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


@dataclass(frozen=True, slots=True)
class Review:
    """A human label for one claim version (claim id + content hash)."""

    id: int
    claim_id: str
    claim_hash: str
    label: Label
    note: str
    by: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class StoredVerdict:
    """A verdict as stored, with its claim's text and the review that overrides it, if any."""

    run_id: int
    claim_id: str
    claim_hash: str
    label: Label
    confidence: float
    rationale: str
    judge: str
    evidence: list[EvidenceRef]
    carried_over: bool
    evidence_fingerprint: str | None
    created_at: dt.datetime
    claim_text: str
    claim_kind: str
    article_id: str | None
    file: str | None
    review: Review | None = None
    needs_review: bool = False
    trace: list[TraceStep] = field(default_factory=list)

    @property
    def effective_label(self) -> Label:
        """The label reports show: the review's when the claim version was reviewed."""
        return self.review.label if self.review is not None else self.label

    @property
    def is_reviewed(self) -> bool:
        """Whether a human review overrides the machine label."""
        return self.review is not None

    def to_verdict(self) -> Verdict:
        """The machine verdict as a :class:`~factcheck.models.Verdict` (e.g. to carry it over)."""
        return Verdict(
            claim_id=self.claim_id,
            label=self.label,
            confidence=self.confidence,
            rationale=self.rationale,
            evidence=list(self.evidence),
            judge=self.judge,
            trace=list(self.trace),
            needs_review=self.needs_review,
        )


@dataclass(frozen=True, slots=True)
class Change:
    """A difference between two runs for one claim (machine labels).

    ``flip``: the label changed; ``new``: only the later run has a verdict; ``removed``: only the
    earlier one. ``claim_changed`` says the claim's content hash differs between the two verdicts.
    """

    claim_id: str
    kind: ChangeKind
    before: Label | None
    after: Label | None
    before_confidence: float | None
    after_confidence: float | None
    claim_text: str
    claim_changed: bool = False


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A recorded document's metadata (its text is in the evidence archive at ``content_sha256``)."""

    id: str
    url: str | None
    title: str | None
    fetcher: str | None
    language: str | None
    published: dt.date | None
    retrieved_at: dt.datetime | None
    content_sha256: str | None


@dataclass(frozen=True, slots=True)
class FetchErrorRecord:
    """A source that could not be fetched in a run."""

    run_id: int
    claim_id: str | None
    fetcher: str | None
    url: str | None
    kind: str
    message: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class VerdictWrite:
    """One item of :meth:`factcheck.store.Store.record_verdicts`."""

    verdict: Verdict
    claim_hash: str
    carried_over: bool = False
    evidence_fingerprint: str | None = field(default=None)
