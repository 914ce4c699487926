"""How a run's claims get checked: the executor protocol, the run it works on, and the executor lookup.

The run skeleton (:mod:`factcheck.pipeline._run`) opens or resumes the run and records its claims,
then hands the claims left to an executor: ``local`` (this process, one event loop) is built in;
others come from the entry-point group ``factcheck.executors`` (``celery``:
:class:`factcheck.distributed.coordinator.CeleryExecutor`, which enqueues one task per claim for
``factcheck worker`` processes), so the pipeline never imports what sits above it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any, Protocol

from factcheck.config import Settings
from factcheck.errors import InputError
from factcheck.pipeline._models import ClaimOutcome, ClaimTask, RunOptions

if TYPE_CHECKING:
    from factcheck.store import Store

__all__ = ["ENTRY_POINT_GROUP", "RunContext", "RunExecutor", "executor_names"]

ENTRY_POINT_GROUP = "factcheck.executors"


@dataclass
class RunContext:
    """One open run as an executor sees it.

    ``todo``: the claims left to check (most check-worthy first), ``hashes``: claim id → content
    hash recorded for this run. The executor calls :meth:`record` once per claim outcome, fills
    ``disabled`` (fetcher name → ``"disabled: reason"``) and may put counters for the run's row in
    ``extra`` (HTTP stats, verifier version). ``counts`` are the summary's counters (verified,
    carried over, errored, skipped), kept by :meth:`record`; an executor that learns the outcomes
    more reliably elsewhere (the store) may correct them when the run closes.
    """

    settings: Settings
    options: RunOptions
    store: Store
    run_id: int
    todo: Sequence[ClaimTask]
    hashes: dict[str, str]
    stop: threading.Event | None = None
    on_claim: Callable[[ClaimOutcome], None] | None = None
    counts: dict[str, int] = field(default_factory=dict)
    disabled: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    def record(self, outcome: ClaimOutcome) -> None:
        """Count one claim's outcome and pass it to the progress callback."""
        self.counts[outcome.outcome] = self.counts.get(outcome.outcome, 0) + 1
        if outcome.excluded:
            key = "excluded_after_reference_date"
            self.counts[key] = self.counts.get(key, 0) + outcome.excluded
        if self.on_claim is not None:
            self.on_claim(outcome)

    @property
    def stopping(self) -> bool:
        """The run was asked to stop (SIGTERM)."""
        return self.stop is not None and self.stop.is_set()


class RunExecutor(Protocol):
    """Checks the claims of an open run; ``name`` is recorded as the run's backend."""

    name: str

    def prepare(self, settings: Settings, options: RunOptions) -> None:
        """Check what the executor needs before the run is opened (fetcher names, a reachable
        broker); raise to stop before any work."""

    def execute(self, run: RunContext) -> None:
        """Check ``run.todo``, calling ``run.record`` per outcome. When ``run.stop`` is set, stop
        and raise :class:`~factcheck.errors.RunInterruptedError`."""

    def finish(self, run: RunContext) -> None:
        """Called before the run is closed, whatever happened (may correct ``run.counts``)."""

    def close(self) -> None:
        """Release what :meth:`prepare` opened."""


def _executor_entry_points() -> dict[str, EntryPoint]:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def executor_names() -> list[str]:
    """The backends ``run.backend`` accepts: ``local`` and every registered executor."""
    return ["local", *sorted(n for n in _executor_entry_points() if n != "local")]


def load_executor(name: str) -> RunExecutor:
    """Build the executor registered as ``name`` (not ``local``: the skeleton builds that one).

    Raises :class:`InputError` for a name no entry point declares.
    """
    found = _executor_entry_points().get(name)
    if found is None:
        raise InputError(f"--backend: {name!r} is not one of {', '.join(executor_names())}")
    executor: RunExecutor = found.load()()
    return executor
