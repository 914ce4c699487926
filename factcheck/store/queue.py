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

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from factcheck.models import Label
from factcheck.store.records import ErroredClaim, ReviewState, RunInfo, VerdictSummary

if TYPE_CHECKING:
    from factcheck.store._store import Store

__all__ = [
    "QUEUE_REASONS",
    "Queue",
    "QueueItem",
    "QueueReason",
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


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One claim in the queue: its machine verdict in the run (``None`` when it errored), its review
    state and every reason it needs a person (``reasons[0]`` ranks it; ``rank`` is its position in
    :data:`QUEUE_REASONS`)."""

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
    errors: int = 0
    rank: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rank", _RANK[self.reasons[0]])

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
    if state.status == "pending":
        reasons.append("pending")
    if verdict.label == "refuted":
        reasons.append("refuted")
    if verdict.label == "mixed":
        reasons.append("mixed")
    if flipped:
        reasons.append("flipped")
    if verdict.needs_review:
        reasons.append("needs_review")
    if new:
        reasons.append("new")
    reasons.append("open")
    return tuple(sorted(set(reasons), key=_RANK.__getitem__))


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
        state = states.get(v.claim_id) or ReviewState(claim_id=v.claim_id)
        prev = before if before is not None and before != v.label else None
        items.append(
            QueueItem(
                claim_id=v.claim_id,
                claim_text=v.claim_text,
                article_id=v.article_id,
                kind=v.claim_kind,
                label=v.label,
                confidence=v.confidence,
                needs_review=v.needs_review,
                previous_label=prev,
                state=state,
                reasons=_reasons(v, state, flipped=prev is not None, new=not known, errored=False),
            )
        )
    seen = {v.claim_id for v, _, _ in verdicts}
    for e in errored:
        if e.claim_id in seen:
            continue
        state = states.get(e.claim_id) or ReviewState(claim_id=e.claim_id)
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
                reasons=_reasons(None, state, flipped=False, new=False, errored=True),
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


def load_queue(store: Store, run_id: int | None = None) -> Queue:
    """Build the queue of ``run_id`` (default: :func:`queue_run`) from the store."""
    run = queue_run(store, run_id)
    if run is None:
        return Queue(run=None, compared_to=None)
    compared = store.previous_run(run.id)
    verdicts = store.compare_runs(compared.id if compared else None, run.id)
    errored = store.errored_claims(run.id)
    states = store.review_states()
    items = rank_queue(verdicts, states, errored=errored)
    counts = dict.fromkeys(QUEUE_REASONS, 0)
    for item in items:
        for reason in item.reasons:
            counts[reason] += 1
    return Queue(run=run, compared_to=compared, items=items, counts=counts)
