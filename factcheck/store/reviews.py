"""Review actions as pure state transitions: a claim's review state + an action → the next state.

The store appends one event per action (never updates or deletes one) and keeps the resulting state
on the event, so the latest event of a claim *is* its state. The rules:

- ``approve``: the person agrees with the machine verdict they were shown (its label becomes theirs);
- ``override``: the person sets the label; a note saying why is required;
- with ``require_second`` both leave the decision ``pending`` until ``confirm`` by another person;
- ``confirm``: the second approval of a pending decision (not by the one who made it);
- ``reopen``: the standing or pending decision is withdrawn; the claim is back in the queue;
- ``assign``: who should look at it (empty: nobody); the decision is untouched;
- ``undo``: a new event restoring the state before the latest event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from factcheck.errors import InputError, ReviewConflictError
from factcheck.models import LABELS, Label
from factcheck.store.records import REVIEW_ACTIONS, ReviewAction, ReviewState

__all__ = ["MachineSeen", "ReviewRequest", "next_review_state"]


@dataclass(frozen=True, slots=True)
class MachineSeen:
    """The machine verdict shown to the person acting (recorded with the event)."""

    run_id: int | None
    label: Label | None
    confidence: float | None
    claim_hash: str | None
    verifier: str | None = None


@dataclass(frozen=True, slots=True)
class ReviewRequest:
    """One action a person asks for; ``expected_version`` is the state version their page showed."""

    claim_id: str
    action: ReviewAction
    actor: str
    expected_version: int | None = None
    label: str | None = None
    note: str = ""
    assignee: str | None = None
    require_second: bool = False


def _check(request: ReviewRequest) -> None:
    if request.action not in REVIEW_ACTIONS:
        raise InputError(
            f"unknown review action {request.action!r} (expected one of: {', '.join(REVIEW_ACTIONS)})"
        )
    if not request.actor.strip():
        raise InputError("a review action needs the name of the person acting")


def next_review_state(
    state: ReviewState,
    request: ReviewRequest,
    machine: MachineSeen,
    *,
    now: dt.datetime,
    previous: ReviewState | None = None,
) -> ReviewState:
    """The state after ``request``; raises :class:`InputError` when the action does not apply.

    ``previous`` is the state before the latest event (what ``undo`` restores). Raises :class:`ReviewConflictError`
    when ``request.expected_version`` is not ``state.version``.
    """
    _check(request)
    if request.expected_version is not None and request.expected_version != state.version:
        raise ReviewConflictError(
            f"claim {request.claim_id!r} changed while you were looking at it "
            f"(version {request.expected_version} on your page, {state.version} now)",
            claim_id=request.claim_id,
            expected=request.expected_version,
            current=state.version,
        )
    version = state.version + 1
    action = request.action
    note = request.note.strip()
    if action in ("approve", "override"):
        if action == "approve":
            if machine.label is None:
                raise InputError(f"claim {request.claim_id!r} has no machine verdict to approve")
            label: str = machine.label
        else:
            if request.label not in LABELS:
                raise InputError(
                    f"override needs a label, one of: {', '.join(LABELS)} (got {request.label!r})"
                )
            if not note:
                raise InputError("an override needs a note saying why")
            label = request.label
        return replace(
            state,
            version=version,
            status="pending" if request.require_second else "reviewed",
            label=label,  # type: ignore[arg-type]
            note=note,
            decided_by=request.actor,
            decided_at=now,
            decision_event=version,
            confirmed_by=None,
            claim_hash=machine.claim_hash,
            machine_label=machine.label,
            machine_run_id=machine.run_id,
        )
    if action == "confirm":
        if state.status != "pending":
            raise InputError(f"claim {request.claim_id!r} has no decision waiting for approval")
        if state.decided_by == request.actor:
            raise InputError("the second approval must come from another person")
        return replace(state, version=version, status="reviewed", confirmed_by=request.actor)
    if action == "reopen":
        if state.status == "open":
            raise InputError(f"claim {request.claim_id!r} is already open")
        return ReviewState(claim_id=state.claim_id, version=version, assignee=state.assignee)
    if action == "assign":
        assignee = (request.assignee or "").strip() or None
        return replace(state, version=version, assignee=assignee)
    # undo
    if state.version == 0:
        raise InputError(f"claim {request.claim_id!r} has no review event to undo")
    restored = previous if previous is not None else ReviewState(claim_id=state.claim_id)
    return replace(restored, version=version)
