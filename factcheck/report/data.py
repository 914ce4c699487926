"""The report model: everything a report or an export shows, computed once, rendered many ways.

:class:`ReportData` is pure data (pydantic, JSON-serialisable). :mod:`factcheck.report.build` fills it
from the store; :mod:`~factcheck.report.html`, :mod:`~factcheck.report.markdown` and
:mod:`~factcheck.report.exports` only read it. The helpers here (:func:`confidence_histogram`,
:func:`label_totals`) are pure so they can be tested without a store. What changed between two runs is
the store's answer (:meth:`factcheck.store.Store.changes_between`), shown as :class:`Change`.

A human review overrides the machine label *in display*: :attr:`ClaimCard.label` is the reviewed label
when there is a review, and :attr:`ClaimCard.machine_label` always keeps what the verifier said.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from factcheck.models import LABELS, Label, Stance, TraceStep

if TYPE_CHECKING:
    from factcheck.store.records import Change as StoreChange

__all__ = [
    "HISTOGRAM_BINS",
    "LABEL_TITLES",
    "UNVERIFIED_TITLE",
    "Change",
    "ChangeKind",
    "ClaimCard",
    "ErrorInfo",
    "ErroredClaimInfo",
    "EvidenceItem",
    "HistogramBin",
    "HistoryEntry",
    "ReportData",
    "ReviewInfo",
    "RunHeader",
    "assemble_report",
    "confidence_histogram",
    "format_utc",
    "label_totals",
    "order_cards",
]

HISTOGRAM_BINS = 10
"""Number of equal-width confidence bins over [0, 1] (the last bin includes 1.0)."""

LABEL_TITLES: dict[str, str] = {
    "supported": "Supported",
    "refuted": "Refuted",
    "mixed": "Mixed",
    "not_enough_evidence": "Not enough evidence",
}
UNVERIFIED_TITLE = "Unverified"
"""Shown instead of the label for a verdict that needs review (confidence below the threshold)."""

ChangeKind = Literal["flip", "new", "removed"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RunHeader(_Data):
    """The run a report is about (or compares with), as its header shows it: a stored run, not the
    result a run returns (that is :class:`factcheck.pipeline.RunSummary`)."""

    id: int
    status: str
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    claims_total: int | None = None
    counts: dict[str, int] = Field(
        default_factory=dict, description="Run counters (fetched, errors, carried over…)."
    )
    spot_check: bool = Field(default=False, description="A run of chosen claims (--only).")

    @property
    def outcome(self) -> str:
        """The status people read: ``partial`` for a completed run in which claims errored."""
        if self.status == "completed" and self.counts.get("errored", 0):
            return "partial"
        return self.status


class EvidenceItem(_Data):
    """One quoted passage behind a verdict."""

    quote: str
    url: str | None = Field(default=None, description="The original document URL.")
    title: str | None = None
    document_id: str
    archive_path: str | None = Field(
        default=None,
        description="Archived body, relative to the evidence folder: bodies/<sha[:2]>/<sha>.",
    )
    published: dt.date | None = Field(default=None, description="Date of the quoted document.")
    stance: Stance = "neutral"
    source: str | None = Field(default=None, description="Fetcher or 'comparator:<name>'.")
    reliability: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Source reliability (0..1) when known."
    )


class HistoryEntry(_Data):
    """The claim's verdict in one run (oldest first in :attr:`ClaimCard.history`)."""

    run_id: int
    label: Label
    confidence: float
    at: dt.datetime | None = None
    carried_over: bool = False


class ReviewInfo(_Data):
    """The standing human review of a claim (``factcheck review`` or the review app)."""

    label: Label
    note: str = ""
    by: str = ""
    at: dt.datetime | None = None
    confirmed_by: str | None = Field(default=None, description="Second approval, when required.")
    text_changed: bool = Field(
        default=False, description="The claim was reworded after the review (it still stands)."
    )
    machine_disagrees: bool = Field(
        default=False,
        description="The machine now says something else than the review and what the reviewer saw.",
    )


class ErrorInfo(_Data):
    """One fetch error: which fetcher, which URL, what went wrong."""

    fetcher: str | None = None
    url: str | None = None
    kind: str
    message: str


class ErroredClaimInfo(_Data):
    """A claim the run could not check (every fetch failed): no verdict, only its errors."""

    claim_id: str
    text: str | None = None
    article_id: str | None = None
    errors: list[ErrorInfo] = Field(default_factory=list)


class ClaimCard(_Data):
    """Everything shown for one claim."""

    claim_id: str
    text: str
    kind: str = "other"
    article_id: str | None = None
    article_title: str | None = None
    article_url: str | None = Field(default=None, description="Article source when it is a URL.")
    article_published: dt.date | None = None
    sentence: str | None = None
    checkworthy: float | None = Field(
        default=None, ge=0.0, le=1.0, description="The claim's check-worthiness (claim file)."
    )
    machine_label: Label
    confidence: float = Field(ge=0.0, le=1.0)
    rationale: str = ""
    judge: str = "local"
    carried_over: bool = False
    evidence: list[EvidenceItem] = Field(default_factory=list)
    history: list[HistoryEntry] = Field(default_factory=list)
    review: ReviewInfo | None = None
    needs_review: bool = Field(
        default=False, description="The machine's confidence is below the review threshold."
    )
    trace: list[TraceStep] = Field(
        default_factory=list, description="Comparisons that decided the verdict."
    )

    @property
    def is_unverified(self) -> bool:
        """A machine verdict below the review threshold that no person has reviewed yet."""
        return self.needs_review and self.review is None

    @property
    def status(self) -> str:
        """What the card's main badge says: the label, or ``unverified``."""
        return "unverified" if self.is_unverified else self.label

    @property
    def label(self) -> Label:
        """The label to display: the human review's when there is one."""
        return self.review.label if self.review is not None else self.machine_label

    @property
    def is_overridden(self) -> bool:
        """True when a review disagrees with the machine label."""
        return self.review is not None and self.review.label != self.machine_label


class Change(_Data):
    """A difference between this run and the previous one: the store's
    :class:`~factcheck.store.Change` (the one answer to "what changed"), as the report shows it."""

    kind: ChangeKind
    claim_id: str
    text: str
    before: Label | None = None
    after: Label | None = None
    confidence_before: float | None = None
    confidence_after: float | None = None

    @classmethod
    def from_store(cls, change: StoreChange) -> Change:
        """The report's view of one change the store computed."""
        return cls(
            kind=change.kind,
            claim_id=change.claim_id,
            text=change.claim_text,
            before=change.before,
            after=change.after,
            confidence_before=change.before_confidence,
            confidence_after=change.after_confidence,
        )


class HistogramBin(_Data):
    """Claims whose confidence falls in ``[lower, upper)`` (the last bin is closed)."""

    lower: float
    upper: float
    counts: dict[str, int] = Field(description="Claims per machine label in this bin.")

    @property
    def total(self) -> int:
        """Claims in the bin, all labels."""
        return sum(self.counts.values())


class ReportData(_Data):
    """A whole report: the run, its totals, its changes and one card per claim."""

    title: str = "Fact-check report"
    language: str = Field(default="en", description="Language of the rendered report: en or zh.")
    generated_at: dt.datetime
    run: RunHeader
    previous_run: RunHeader | None = None
    totals: dict[str, int] = Field(description="Claims per displayed label (reviews override).")
    machine_totals: dict[str, int] = Field(description="Claims per machine label.")
    histogram: list[HistogramBin]
    changes: list[Change] = Field(default_factory=list)
    cards: list[ClaimCard] = Field(default_factory=list)
    errors: int = Field(default=0, description="Fetch errors recorded on the run.")
    errored: list[ErroredClaimInfo] = Field(
        default_factory=list, description="Claims the run could not check, with their errors."
    )

    @property
    def reviewed(self) -> int:
        """Claims with a human review."""
        return sum(1 for c in self.cards if c.review is not None)

    @property
    def unverified(self) -> int:
        """Claims whose machine verdict needs review and has none yet."""
        return sum(1 for c in self.cards if c.is_unverified)

    @property
    def flips(self) -> list[Change]:
        """Changes of kind ``flip``."""
        return [c for c in self.changes if c.kind == "flip"]


def format_utc(moment: dt.datetime | None, *, date_only: bool = False) -> str:
    """``YYYY-MM-DD HH:MM UTC`` (or ``YYYY-MM-DD``); naive datetimes are taken as UTC."""
    if moment is None:
        return "unknown time"
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d") if date_only else moment.strftime("%Y-%m-%d %H:%M UTC")


def label_totals(labels: Iterable[str]) -> dict[str, int]:
    """Count labels, every known label present (zero when absent), in :data:`LABELS` order."""
    totals = dict.fromkeys(LABELS, 0)
    for label in labels:
        totals[label] = totals.get(label, 0) + 1
    return totals


def confidence_histogram(
    points: Iterable[tuple[float, str]], bins: int = HISTOGRAM_BINS
) -> list[HistogramBin]:
    """Bin ``(confidence, label)`` pairs into ``bins`` equal bins over [0, 1], counting per label."""
    if bins < 1:
        raise ValueError("bins must be >= 1")
    counts = [dict.fromkeys(LABELS, 0) for _ in range(bins)]
    for confidence, label in points:
        c = min(max(confidence, 0.0), 1.0)
        index = min(int(c * bins), bins - 1)
        counts[index][label] = counts[index].get(label, 0) + 1
    return [
        HistogramBin(lower=round(i / bins, 6), upper=round((i + 1) / bins, 6), counts=counts[i])
        for i in range(bins)
    ]


_STATUS_ORDER = {"refuted": 0, "mixed": 1}


def order_cards(cards: Iterable[ClaimCard], changes: Iterable[Change] = ()) -> list[ClaimCard]:
    """Cards in reading order: refuted, then mixed, then flipped since the comparison run, then
    unverified, then the rest; most check-worthy first within each group (a card without a score,
    a hand-written claim, counts as 1.0), then by article and claim id (displayed status: a review
    outranks the machine, an unverified verdict is not shown as refuted)."""
    flipped = {c.claim_id for c in changes if c.kind == "flip"}

    def key(card: ClaimCard) -> tuple[int, float, str, str]:
        rank = _STATUS_ORDER.get(card.status)
        if rank is None:
            rank = 2 if card.claim_id in flipped else 3 if card.status == "unverified" else 4
        worth = 1.0 if card.checkworthy is None else card.checkworthy
        return (rank, -worth, card.article_id or "", card.claim_id)

    return sorted(cards, key=key)


def assemble_report(
    *,
    run: RunHeader,
    cards: Sequence[ClaimCard],
    generated_at: dt.datetime,
    previous_run: RunHeader | None = None,
    changes: Sequence[Change] = (),
    errors: int = 0,
    errored: Sequence[ErroredClaimInfo] = (),
    title: str = "Fact-check report",
    language: str = "en",
) -> ReportData:
    """Build a :class:`ReportData`, deriving totals and the histogram from ``cards``."""
    return ReportData(
        title=title,
        language=language,
        generated_at=generated_at,
        run=run,
        previous_run=previous_run,
        totals=label_totals(c.label for c in cards),
        machine_totals=label_totals(c.machine_label for c in cards),
        histogram=confidence_histogram((c.confidence, c.machine_label) for c in cards),
        changes=list(changes),
        cards=list(cards),
        errors=errors,
        errored=list(errored),
    )


RunSummary = RunHeader
"""The old name of :class:`RunHeader` (``factcheck.report.data.RunSummary``), kept for imports."""
