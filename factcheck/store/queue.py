"""The review queue: every claim of the morning's run, ranked by what needs a person first.

:func:`load_queue` reads the run's verdicts (summaries only), what changed since the run it is compared
with, the claims that could not be checked and every claim's review state; :func:`rank_queue` is the
pure part (reasons and order), so it is tested without a store.

Reasons, in the order the queue shows them (a claim is ranked by its first reason):

``refuted``        the machine says refuted and no person decided yet
``disagrees``      a person's review stands but the machine now says something else
``mixed``          the machine says mixed, undecided
``flipped``        the machine label changed since the comparison run, undecided
``needs_review``   the machine is not confident enough (shown as unverified), undecided
``pending``        decided, waiting for a second approval
``text_changed``   a review stands but the claim was reworded since
``errored``        the run could not check it (its fetches failed)
``new``            first verdict for the claim, undecided
``open``           undecided, nothing special
``reviewed``       a person's review stands: done
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, NamedTuple

from factcheck.models import Label
from factcheck.store.records import ErroredClaim, ReviewState, RunInfo, VerdictSummary

if TYPE_CHECKING:
    from factcheck.store._store import Store

__all__ = [
    "QUEUE_REASONS",
    "Queue",
    "QueueItem",
    "QueueReason",
    "RunCache",
    "load_queue",
    "queue_run",
    "rank_queue",
]

QueueReason = Literal[
    "refuted",
    "disagrees",
    "mixed",
    "flipped",
    "needs_review",
    "pending",
    "text_changed",
    "errored",
    "new",
    "open",
    "reviewed",
]
QUEUE_REASONS: tuple[str, ...] = QueueReason.__args__  # type: ignore[attr-defined]
_RANK = {reason: i for i, reason in enumerate(QUEUE_REASONS)}
_OPEN = ReviewState(claim_id="")
"""The state of every claim nobody acted on (shared: the queue holds 10,000 of them)."""


class QueueItem(NamedTuple):
    """One claim in the queue: its machine verdict in the run (``None`` when it errored), its review
    state and every reason it needs a person (``reasons[0]`` ranks it; ``rank`` is its position in
    :data:`QUEUE_REASONS`). A named tuple: the queue builds 10,000 of them per request."""

    claim_id: str
    claim_text: str
    article_id: str | None
    kind: str
    label: Label | None
    confidence: float | None
    needs_review: bool
    previous_label: Label | None
    state: ReviewState
    reasons: tuple[str, ...]
    rank: int
    errors: int = 0

    @property
    def reason(self) -> str:
        """The reason that ranks the claim."""
        return self.reasons[0]

    @property
    def shown_label(self) -> Label | None:
        """The label people see: the standing review's, else the machine's."""
        review = self.state.review
        return review.label if review is not None else self.label


@dataclass(frozen=True)
class Queue:
    """The ranked queue of one run, with counts per reason (over all items, before filtering)."""

    run: RunInfo | None
    compared_to: RunInfo | None
    items: list[QueueItem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def filter(
        self,
        *,
        reason: str | None = None,
        label: str | None = None,
        article: str | None = None,
        assignee: str | None = None,
        text: str | None = None,
    ) -> list[QueueItem]:
        """Items matching every given filter (``reason`` matches any of an item's reasons)."""
        words = [w.casefold() for w in (text or "").split()]
        out = []
        for item in self.items:
            if reason and reason not in item.reasons:
                continue
            if label and item.shown_label != label:
                continue
            if article and item.article_id != article:
                continue
            if assignee and item.state.assignee != assignee:
                continue
            if words:
                hay = f"{item.claim_id} {item.claim_text}".casefold()
                if not all(w in hay for w in words):
                    continue
            out.append(item)
        return out


def _reasons(
    verdict: VerdictSummary | None,
    state: ReviewState,
    *,
    flipped: bool,
    new: bool,
    errored: bool,
) -> tuple[str, ...]:
    reasons: list[str] = []
    review = state.review
    if verdict is None:
        if review is None:
            reasons.append("pending" if state.status == "pending" else "errored")
        else:
            reasons.append("reviewed")
        if errored and "errored" not in reasons:
            reasons.insert(0, "errored")
        return tuple(reasons)
    if review is not None:
        if verdict.label != review.label and verdict.label != review.machine_label:
            reasons.append("disagrees")
        if review.claim_hash != verdict.claim_hash:
            reasons.append("text_changed")
        reasons.append("reviewed")
        return tuple(sorted(reasons, key=_RANK.__getitem__))
    # appended in QUEUE_REASONS order: no sort needed (this runs for every claim of the run)
    label = verdict.label
    if label == "refuted":
        reasons.append("refuted")
    elif label == "mixed":
        reasons.append("mixed")
    if flipped:
        reasons.append("flipped")
    if verdict.needs_review:
        reasons.append("needs_review")
    if state.status == "pending":
        reasons.append("pending")
    if new:
        reasons.append("new")
    reasons.append("open")
    return tuple(reasons)


def rank_queue(
    verdicts: Sequence[tuple[VerdictSummary, Label | None, bool]],
    states: Mapping[str, ReviewState],
    *,
    errored: Iterable[ErroredClaim] = (),
) -> list[QueueItem]:
    """Rank the claims of a run: reasons per claim, then by reason, article and claim id.

    ``verdicts`` are the run's verdicts, each with the claim's label in the comparison run and
    whether that run knew the claim (:meth:`~factcheck.store.Store.compare_runs`); ``errored`` are
    the claims the run could not check, listed with their error count.
    """
    items: list[QueueItem] = []
    previous: dict[str, Label] = {}
    for v, before, known in verdicts:
        if before is not None:
            previous[v.claim_id] = before
        state = states.get(v.claim_id) or _OPEN
        prev = before if before is not None and before != v.label else None
        reasons = _reasons(v, state, flipped=prev is not None, new=not known, errored=False)
        items.append(
            QueueItem(
                v.claim_id,
                v.claim_text,
                v.article_id,
                v.claim_kind,
                v.label,
                v.confidence,
                v.needs_review,
                prev,
                state,
                reasons,
                _RANK[reasons[0]],
            )
        )
    seen = {v.claim_id for v, _, _ in verdicts}
    for e in errored:
        if e.claim_id in seen:
            continue
        state = states.get(e.claim_id) or _OPEN
        items.append(
            QueueItem(
                claim_id=e.claim_id,
                claim_text=e.claim_text or e.claim_id,
                article_id=e.article_id,
                kind="other",
                label=None,
                confidence=None,
                needs_review=False,
                previous_label=previous.get(e.claim_id),
                state=state,
                reasons=(reasons := _reasons(None, state, flipped=False, new=False, errored=True)),
                rank=_RANK[reasons[0]],
                errors=len(e.errors),
            )
        )
    items.sort(key=lambda i: (i.rank, i.article_id or "", i.claim_id))
    return items


def queue_run(store: Store, run_id: int | None = None) -> RunInfo | None:
    """The run the queue shows: ``run_id``, else the newest completed run that is not a spot check
    (else the newest run of any kind); ``None`` when the store holds no run."""
    if run_id is not None:
        return store.get_run(run_id)
    return (
        store.latest_run(status="completed", spot_check=False)
        or store.latest_run(spot_check=False)
        or store.latest_run()
    )


class RunCache:
    """What a finished run contributes to the queue — its verdicts with the comparison labels and
    its errored claims — kept per run (a finished run's verdicts never change); review states are
    read fresh on every call. Thread-safe; holds the last ``size`` runs."""

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._runs: dict[tuple[object, ...], _RunData] = {}

    def get(self, key: tuple[object, ...]) -> _RunData | None:
        with self._lock:
            return self._runs.get(key)

    def put(self, key: tuple[object, ...], data: _RunData) -> None:
        with self._lock:
            self._runs[key] = data
            while len(self._runs) > self._size:
                self._runs.pop(next(iter(self._runs)))


_RunData = tuple[list[tuple[VerdictSummary, "Label | None", bool]], list[ErroredClaim]]


def load_queue(store: Store, run_id: int | None = None, *, cache: RunCache | None = None) -> Queue:
    """Build the queue of ``run_id`` (default: :func:`queue_run`) from the store.

    ``cache`` keeps the run's part (verdicts, comparison labels, errored claims) of finished runs
    between calls; a running run is always read afresh.
    """
    run = queue_run(store, run_id)
    if run is None:
        return Queue(run=None, compared_to=None)
    compared = store.previous_run(run.id)
    key = (store.url, run.id, run.status, run.finished_at, compared.id if compared else None)
    data = cache.get(key) if cache is not None and run.status != "running" else None
    if data is None:
        data = (
            store.compare_runs(compared.id if compared else None, run.id),
            store.errored_claims(run.id),
        )
        if cache is not None and run.status != "running":
            cache.put(key, data)
    verdicts, errored = data
    states = store.review_states()
    items = rank_queue(verdicts, states, errored=errored)
    counts = dict.fromkeys(QUEUE_REASONS, 0)
    for item in items:
        for reason in item.reasons:
            counts[reason] += 1
    return Queue(run=run, compared_to=compared, items=items, counts=counts)
