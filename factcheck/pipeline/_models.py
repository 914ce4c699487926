"""What a run is asked (:class:`RunOptions`), what it checks (:class:`ClaimTask`), what happened
to each claim (:class:`ClaimOutcome`) and to the run (:class:`RunSummary`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from factcheck.errors import EXIT_ERRORED, EXIT_FINDINGS, EXIT_OK
from factcheck.models import Article, Claim

if TYPE_CHECKING:
    from factcheck.store import Change, ErroredClaim

__all__ = ["ClaimOutcome", "ClaimTask", "FailOn", "Outcome", "RunOptions", "RunSummary"]

logger = logging.getLogger("factcheck.pipeline")


FailOn = Literal["refuted", "flip", "unverified"]


Outcome = Literal["verified", "carried_over", "errored", "skipped"]


@dataclass(frozen=True)
class RunOptions:
    """What ``factcheck run`` was asked to do (flags over settings)."""

    claims: Sequence[Path] = ()
    offline: bool = False
    only: Sequence[str] = ()
    since_run: int | None = None
    fail_on: Sequence[FailOn] = ()
    concurrency: int = 4
    resume: bool | None = None  # None: resume automatically when the newest run never finished
    fetchers: Sequence[str] = ()
    allow_errors: bool = False  # exit 0 (not 4) when some claims could not be checked
    min_checkworthy: float | None = None  # leave out claims scoring below it (unscored ones stay)

    @property
    def spot_check(self) -> bool:
        """A run of chosen claims (``--only``, ``--min-checkworthy``): comparisons skip it."""
        return bool(self.only) or self.min_checkworthy is not None


@dataclass(frozen=True)
class ClaimTask:
    """One claim to check, with the article it belongs to."""

    claim: Claim
    article: Article | None
    file: str

    @property
    def reference_date(self) -> dt.date | None:
        """The date the claim speaks of: its own ``as_of`` or its article's ``published``."""
        if self.claim.as_of is not None:
            return self.claim.as_of
        return self.article.published if self.article else None


@dataclass(frozen=True)
class ClaimOutcome:
    """What happened to one claim in a run (passed to the progress callback)."""

    claim_id: str
    outcome: Outcome
    label: str | None = None
    confidence: float | None = None
    documents: int = 0
    errors: int = 0
    excluded: int = 0  # documents published after the reference date, left out


@dataclass
class RunSummary:
    """The result of a run, for the CLI's summary table and exit code."""

    run_id: int
    status: str
    resumed: bool
    claims_total: int
    counts: dict[str, int] = field(default_factory=dict)
    labels: dict[str, int] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    compared_to: int | None = None
    disabled_fetchers: dict[str, str] = field(default_factory=dict)
    duration_s: float = 0.0
    findings: list[str] = field(default_factory=list)
    errored: list[ErroredClaim] = field(default_factory=list)
    allow_errors: bool = False
    spot_check: bool = False

    @property
    def exit_code(self) -> int:
        """4 when some claims could not be checked (unless allowed), 1 when ``--fail-on`` found
        something, else 0."""
        if self.errored and not self.allow_errors:
            return EXIT_ERRORED
        return EXIT_FINDINGS if self.findings else EXIT_OK

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the CLI's ``--json`` output)."""
        return {
            "run_id": self.run_id,
            "status": self.status,
            "resumed": self.resumed,
            "claims_total": self.claims_total,
            "counts": self.counts,
            "labels": self.labels,
            "compared_to": self.compared_to,
            "changes": [
                {"claim_id": c.claim_id, "kind": c.kind, "before": c.before, "after": c.after}
                for c in self.changes
            ],
            "disabled_fetchers": self.disabled_fetchers,
            "duration_s": round(self.duration_s, 3),
            "findings": self.findings,
            "spot_check": self.spot_check,
            "errored": [
                {
                    "claim_id": e.claim_id,
                    "claim_text": e.claim_text,
                    "errors": [
                        {"fetcher": x.fetcher, "url": x.url, "kind": x.kind, "message": x.message}
                        for x in e.errors
                    ],
                }
                for e in self.errored
            ],
            "exit_code": self.exit_code,
        }
