"""Small typed records the store returns (the report and CLI layers import these)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from factcheck.models import EvidenceRef, Label, TraceStep, Verdict

__all__ = [
    "REVIEW_ACTIONS",
    "RUN_STATUSES",
    "USER_ROLES",
    "Change",
    "ChangeKind",
    "ClaimRecord",
    "DocumentInfo",
    "ErroredClaim",
    "FetchErrorRecord",
    "HistoryPoint",
    "Review",
    "ReviewAction",
    "ReviewEvent",
    "ReviewState",
    "ReviewStatus",
    "RunInfo",
    "RunOutcome",
    "RunStatus",
    "StoredVerdict",
    "TimelineEntry",
    "UserInfo",
    "UserRole",
    "VerdictSummary",
    "VerdictWrite",
]

RunStatus = Literal["running", "completed", "failed", "interrupted"]
RUN_STATUSES: tuple[str, ...] = RunStatus.__args__  # type: ignore[attr-defined]
ChangeKind = Literal["flip", "new", "removed"]
RunOutcome = Literal["running", "completed", "partial", "failed", "interrupted"]
ReviewAction = Literal["approve", "override", "confirm", "reopen", "assign", "undo"]
REVIEW_ACTIONS: tuple[str, ...] = ReviewAction.__args__  # type: ignore[attr-defined]
ReviewStatus = Literal["open", "pending", "reviewed"]
UserRole = Literal["viewer", "editor", "admin"]
USER_ROLES: tuple[str, ...] = UserRole.__args__  # type: ignore[attr-defined]


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
    spot_check: bool = False

    @property
    def errored(self) -> int:
        """Claims this run could not check (every fetch failed): they got no verdict."""
        value = self.counts.get("errored", 0)
        return int(value) if isinstance(value, int | float) else 0

    @property
    def outcome(self) -> RunOutcome:
        """The status people read: a completed run in which some claims errored is ``partial``."""
        if self.status == "completed" and self.errored:
            return "partial"
        return self.status

    @property
    def duration_s(self) -> float | None:
        """Seconds from start to finish, ``None`` while running."""
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


@dataclass(frozen=True, slots=True)
class Review:
    """The standing human verdict of a claim: keyed by claim id, it outranks every machine verdict.

    ``claim_hash`` is the claim version the person read (a newer version means "text changed since
    review"); ``machine_label`` is what the machine said then (a different label now means "machine
    now disagrees"). ``id`` is the number (``seq``) of the claim's review event that made the decision.
    """

    id: int
    claim_id: str
    claim_hash: str
    label: Label
    note: str
    by: str
    created_at: dt.datetime
    machine_label: Label | None = None
    confirmed_by: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewState:
    """Where a claim stands with people: the snapshot left by its latest review event.

    ``version`` counts the claim's review events; a change must name the version it was made on, so a
    concurrent edit is detected instead of silently overwritten. ``decision_event`` is the ``seq`` of
    the event that made the current decision. ``status``: ``open`` (no standing
    review), ``pending`` (decided, waiting for a second approval), ``reviewed`` (stands).
    """

    claim_id: str
    version: int = 0
    status: ReviewStatus = "open"
    label: Label | None = None
    note: str = ""
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    decision_event: int | None = None
    confirmed_by: str | None = None
    claim_hash: str | None = None
    machine_label: Label | None = None
    machine_run_id: int | None = None
    assignee: str | None = None

    @property
    def review(self) -> Review | None:
        """The standing review (``None`` unless ``reviewed``)."""
        if self.status != "reviewed" or self.label is None or self.decided_at is None:
            return None
        return Review(
            id=self.decision_event or 0,
            claim_id=self.claim_id,
            claim_hash=self.claim_hash or "",
            label=self.label,
            note=self.note,
            by=self.decided_by or "",
            created_at=self.decided_at,
            machine_label=self.machine_label,
            confirmed_by=self.confirmed_by,
        )

    def to_json(self) -> dict[str, Any]:
        """The snapshot stored with an event (JSON-ready; ``claim_id`` and ``version`` excluded)."""
        return {
            "status": self.status,
            "label": self.label,
            "note": self.note,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "decision_event": self.decision_event,
            "confirmed_by": self.confirmed_by,
            "claim_hash": self.claim_hash,
            "machine_label": self.machine_label,
            "machine_run_id": self.machine_run_id,
            "assignee": self.assignee,
        }

    @classmethod
    def from_json(cls, claim_id: str, version: int, data: dict[str, Any]) -> ReviewState:
        """Rebuild a snapshot written by :meth:`to_json`."""
        decided_at = data.get("decided_at")
        moment = dt.datetime.fromisoformat(decided_at) if decided_at else None
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return cls(
            claim_id=claim_id,
            version=version,
            status=data.get("status") or "open",
            label=data.get("label"),
            note=data.get("note") or "",
            decided_by=data.get("decided_by"),
            decided_at=moment,
            decision_event=data.get("decision_event"),
            confirmed_by=data.get("confirmed_by"),
            claim_hash=data.get("claim_hash"),
            machine_label=data.get("machine_label"),
            machine_run_id=data.get("machine_run_id"),
            assignee=data.get("assignee"),
        )


@dataclass(frozen=True, slots=True)
class ReviewEvent:
    """One entry of the append-only audit trail: who did what to a claim, when, and what they saw.

    ``seq`` numbers a claim's events from 1; ``before``/``after`` are the review states around it;
    ``machine_*`` and ``verifier`` are the machine verdict the person was shown.
    """

    id: int
    claim_id: str
    seq: int
    action: ReviewAction
    actor: str
    created_at: dt.datetime
    note: str
    claim_hash: str | None
    machine_run_id: int | None
    machine_label: Label | None
    machine_confidence: float | None
    verifier: str | None
    before: ReviewState
    after: ReviewState


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

    @property
    def text_changed_since_review(self) -> bool:
        """The claim was reworded after the person reviewed it (the review still stands)."""
        return self.review is not None and self.review.claim_hash != self.claim_hash

    @property
    def machine_disagrees(self) -> bool:
        """The machine now says something else than both the review and what the reviewer saw."""
        r = self.review
        return r is not None and self.label != r.label and self.label != r.machine_label

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
class ClaimRecord:
    """The most recently seen version of a claim: its text, where it came from, the full claim."""

    claim_id: str
    content_hash: str
    text: str
    kind: str
    article_id: str | None
    file: str | None
    first_seen: dt.datetime
    last_seen: dt.datetime
    payload: dict[str, Any]


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
class ErroredClaim:
    """A claim a run could not check: it has fetch errors in the run and no verdict."""

    run_id: int
    claim_id: str
    claim_text: str | None
    article_id: str | None
    errors: list[FetchErrorRecord]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """What happened to one claim in one run: a verdict, an error, or nothing (not checked)."""

    run: RunInfo
    verdict: StoredVerdict | None = None
    errors: list[FetchErrorRecord] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        """``verdict``, ``errored`` or ``not checked`` (a failed run, a spot check of others)."""
        if self.verdict is not None:
            return "verdict"
        return "errored" if self.errors else "not checked"


class HistoryPoint(NamedTuple):
    """A claim's verdict in one run, as a timeline shows it (no evidence, no text)."""

    run_id: int
    label: Label
    confidence: float
    created_at: dt.datetime
    carried_over: bool = False


class VerdictSummary(NamedTuple):
    """The few columns of a verdict that lists need (the review queue, comparisons): no evidence.

    A named tuple: lists of 10,000 are built per request, and tuples are the cheapest to build.
    """

    run_id: int
    claim_id: str
    claim_hash: str
    label: Label
    confidence: float
    claim_text: str
    claim_kind: str
    article_id: str | None
    needs_review: bool = False


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A person of the review app: ``viewer`` reads, ``editor`` reviews, ``admin`` also manages."""

    id: int
    name: str
    role: UserRole
    disabled: bool
    password_hash: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class VerdictWrite:
    """One item of :meth:`factcheck.store.Store.record_verdicts`."""

    verdict: Verdict
    claim_hash: str
    carried_over: bool = False
    evidence_fingerprint: str | None = field(default=None)
