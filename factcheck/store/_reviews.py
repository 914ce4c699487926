"""Human review and the people who do it: review states, appending review events, users.

A review is an append-only event log per claim (:func:`~factcheck.store.reviews.next_review_state`
computes each new state); a stale ``expected_version`` is a
:class:`~factcheck.errors.ReviewConflictError`.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy import exc as sa_exc

from factcheck.errors import InputError, NotFoundError, ReviewConflictError, StoreError
from factcheck.store._clean import clean_text
from factcheck.store._core import (
    _check_label,
    _chunks,
    _claims,
    _event,
    _events,
    _new_id,
    _now,
    _runs,
    _state,
    _user,
    _users,
    _verdicts,
)
from factcheck.store._engine import translate_errors
from factcheck.store._lock import _RunLock
from factcheck.store._queries import _Queries
from factcheck.store.records import (
    USER_ROLES,
    Review,
    ReviewAction,
    ReviewEvent,
    ReviewState,
    UserInfo,
)
from factcheck.store.reviews import MachineSeen, ReviewRequest, next_review_state

__all__ = ["_Reviews"]

logger = logging.getLogger("factcheck.store")


class _Reviews(_RunLock, _Queries):
    """Reviews and users of :class:`~factcheck.store.Store`."""

    # -- reviews -----------------------------------------------------------------------------

    def review_state(self, claim_id: str) -> ReviewState:
        """The claim's review state (version 0, ``open``, when nobody has acted on it)."""
        with translate_errors(f"read review state of {claim_id}"), self._read() as conn:
            return self._review_states(conn, [claim_id]).get(
                claim_id, ReviewState(claim_id=claim_id)
            )

    def review_states(self, claim_ids: Iterable[str] | None = None) -> dict[str, ReviewState]:
        """Review states by claim id (``None``: every claim anyone acted on)."""
        with translate_errors("read review states"), self._read() as conn:
            return self._review_states(conn, claim_ids)

    def review_for(self, claim_id: str) -> Review | None:
        """The claim's standing review, whatever version of its text it was made on, or ``None``."""
        return self.review_state(claim_id).review

    def _machine_seen(self, conn: Connection, claim_id: str, run_id: int | None) -> MachineSeen:
        stmt = select(
            _verdicts.c.run_id,
            _verdicts.c.label,
            _verdicts.c.confidence,
            _verdicts.c.judge,
            _verdicts.c.claim_hash,
        ).where(_verdicts.c.claim_id == claim_id)
        if run_id is not None:
            stmt = stmt.where(_verdicts.c.run_id == run_id)
        row = conn.execute(stmt.order_by(_verdicts.c.run_id.desc()).limit(1)).mappings().first()
        if row is None:
            if run_id is not None:
                raise NotFoundError(f"claim {claim_id!r} has no verdict in run {run_id}")
            claim_hash = conn.execute(
                select(_claims.c.content_hash)
                .where(_claims.c.claim_id == claim_id)
                .order_by(_claims.c.last_seen.desc(), _claims.c.first_seen.desc())
                .limit(1)
            ).scalar()
            if claim_hash is None:
                raise NotFoundError(f"claim {claim_id!r} is not in the verdict store")
            return MachineSeen(None, None, None, claim_hash)
        counts = conn.execute(select(_runs.c.counts).where(_runs.c.id == row["run_id"])).scalar()
        verifier = (counts or {}).get("verifier") if isinstance(counts, dict) else None
        judge = row["judge"] + (f" ({verifier})" if verifier else "")
        return MachineSeen(
            row["run_id"], row["label"], row["confidence"], row["claim_hash"], clean_text(judge)
        )

    def act_on_review(
        self, request: ReviewRequest, *, machine_run_id: int | None = None
    ) -> ReviewEvent:
        """Append one review event (approve, override, confirm, reopen, assign, undo).

        ``machine_run_id`` names the run whose verdict the person saw (default: the newest verdict
        of the claim). Raises :class:`NotFoundError` for a claim the store never saw,
        :class:`InputError` for an action that does not apply, and
        :class:`~factcheck.errors.ReviewConflictError` when ``request.expected_version`` is stale
        (including when another writer appended an event first).
        """
        request = dataclasses.replace(
            request,
            actor=clean_text(request.actor),
            note=clean_text(request.note),
            assignee=None if request.assignee is None else clean_text(request.assignee),
        )
        claim_id = request.claim_id
        try:
            with translate_errors(f"review {claim_id}"), self._write() as conn:
                machine = self._machine_seen(conn, claim_id, machine_run_id)
                last_two = (
                    conn.execute(
                        select(_events.c.claim_id, _events.c.seq, _events.c.state)
                        .where(_events.c.claim_id == claim_id)
                        .order_by(_events.c.seq.desc())
                        .limit(2)
                    )
                    .mappings()
                    .all()
                )
                state = _state(last_two[0]) if last_two else ReviewState(claim_id=claim_id)
                previous = _state(last_two[1]) if len(last_two) > 1 else None
                now = _now()
                after = next_review_state(state, request, machine, now=now, previous=previous)
                row = {
                    "claim_id": claim_id,
                    "seq": after.version,
                    "action": request.action,
                    "actor": request.actor,
                    "created_at": now,
                    "note": request.note.strip(),
                    "claim_hash": machine.claim_hash,
                    "machine_run_id": machine.run_id,
                    "machine_label": machine.label,
                    "machine_confidence": machine.confidence,
                    "verifier": machine.verifier,
                    "status_before": state.status,
                    "status_after": after.status,
                    "label_before": state.label,
                    "label_after": after.label,
                    "state": after.to_json(),
                }
                result = conn.execute(_events.insert().values(**row))
                event_id = _new_id(result)
        except StoreError as exc:
            if isinstance(exc.__cause__, sa_exc.IntegrityError) and "seq" in str(exc).lower():
                raise ReviewConflictError(
                    f"claim {claim_id!r} changed while you were looking at it (someone else acted "
                    "at the same moment)",
                    claim_id=claim_id,
                    expected=request.expected_version or 0,
                    current=(request.expected_version or 0) + 1,
                ) from exc
            raise
        logger.info("review %s: %s by %s", claim_id, request.action, request.actor)
        return ReviewEvent(
            id=event_id,
            claim_id=claim_id,
            seq=after.version,
            action=request.action,
            actor=request.actor,
            created_at=now,
            note=request.note.strip(),
            claim_hash=machine.claim_hash,
            machine_run_id=machine.run_id,
            machine_label=machine.label,
            machine_confidence=machine.confidence,
            verifier=machine.verifier,
            before=state,
            after=after,
        )

    def add_review(
        self,
        claim_id: str,
        *,
        label: str,
        note: str,
        by: str,
        claim_hash: str | None = None,
    ) -> Review:
        """Record a person's label for the claim (``factcheck review``): an ``approve`` event when it is
        the machine's newest label, else an ``override`` (which needs a note); no version check, no
        second approval.

        ``claim_hash``, when given, must name a version the store knows. Raises
        :class:`NotFoundError` for an unknown claim (version), :class:`InputError` for a bad label.
        """
        checked = _check_label(label)
        if claim_hash is not None:
            with translate_errors(f"read claim {claim_id}"), self._read() as conn:
                known = conn.execute(
                    select(func.count())
                    .select_from(_claims)
                    .where(_claims.c.claim_id == claim_id, _claims.c.content_hash == claim_hash)
                ).scalar()
            if not known:
                raise NotFoundError(f"claim {claim_id!r} version {claim_hash[:12]} not found")
        latest = self.latest_verdict(claim_id)
        action: ReviewAction = (
            "approve" if latest is not None and latest.label == checked else "override"
        )
        event = self.act_on_review(
            ReviewRequest(
                claim_id=claim_id,
                action=action,
                actor=by,
                label=checked,
                note=note,
            )
        )
        review = event.after.review
        if review is None:  # pragma: no cover - approve/override without second approval stand
            raise StoreError(f"review of {claim_id} did not stand")
        return review

    def review_events(
        self,
        claim_id: str | None = None,
        *,
        limit: int | None = None,
        before_id: int | None = None,
    ) -> list[ReviewEvent]:
        """The audit trail, newest first: one claim's events or everyone's (``limit`` per page,
        ``before_id`` to page back)."""
        stmt = select(_events).order_by(_events.c.id.desc())
        if claim_id is not None:
            stmt = stmt.where(_events.c.claim_id == claim_id)
        if before_id is not None:
            stmt = stmt.where(_events.c.id < before_id)
        if limit is not None:
            stmt = stmt.limit(limit)
        with translate_errors("read review events"), self._read() as conn:
            rows = conn.execute(stmt).mappings().all()
            wanted = {(r["claim_id"], r["seq"] - 1) for r in rows if r["seq"] > 1}
            befores: dict[tuple[str, int], ReviewState] = {}
            for chunk in _chunks(sorted({c for c, _ in wanted})):
                for r in conn.execute(
                    select(_events.c.claim_id, _events.c.seq, _events.c.state).where(
                        _events.c.claim_id.in_(list(chunk))
                    )
                ).mappings():
                    if (r["claim_id"], r["seq"]) in wanted:
                        befores[(r["claim_id"], r["seq"])] = _state(r)
        return [
            _event(
                r,
                befores.get((r["claim_id"], r["seq"] - 1), ReviewState(claim_id=r["claim_id"])),
            )
            for r in rows
        ]

    def reviews(self, claim_id: str) -> list[Review]:
        """Every decision made on a claim (approve/override events), oldest first."""
        return [
            Review(
                id=e.seq,
                claim_id=e.claim_id,
                claim_hash=e.claim_hash or "",
                label=e.after.label,
                note=e.note,
                by=e.actor,
                created_at=e.created_at,
                machine_label=e.machine_label,
            )
            for e in reversed(self.review_events(claim_id))
            if e.action in ("approve", "override") and e.after.label is not None
        ]

    # -- users -------------------------------------------------------------------------------

    def add_user(self, name: str, *, password_hash: str, role: str) -> UserInfo:
        """Create a user; raises :class:`InputError` when the name is taken or the role unknown."""
        if role not in USER_ROLES:
            raise InputError(f"unknown role {role!r} (expected one of: {', '.join(USER_ROLES)})")
        if not name or len(name) > 64 or any(ch.isspace() or ord(ch) < 32 for ch in name):
            raise InputError(f"user name {name!r}: 1 to 64 characters, no spaces")
        with translate_errors(f"add user {name}"), self._write() as conn:
            taken = conn.execute(select(_users.c.id).where(_users.c.name == name)).first()
            if taken is not None:
                raise InputError(f"user {name!r} exists already")
            conn.execute(
                _users.insert().values(
                    name=name,
                    password_hash=password_hash,
                    role=role,
                    disabled=False,
                    created_at=_now(),
                )
            )
            row = conn.execute(select(_users).where(_users.c.name == name)).mappings().one()
        return _user(row)

    def get_user(self, name: str) -> UserInfo | None:
        """The user with this name, or ``None``."""
        with translate_errors("read user"), self._read() as conn:
            row = conn.execute(select(_users).where(_users.c.name == name)).mappings().first()
        return None if row is None else _user(row)

    def users(self) -> list[UserInfo]:
        """Every user, by name."""
        with translate_errors("list users"), self._read() as conn:
            return [
                _user(r) for r in conn.execute(select(_users).order_by(_users.c.name)).mappings()
            ]

    def update_user(
        self,
        name: str,
        *,
        disabled: bool | None = None,
        password_hash: str | None = None,
        role: str | None = None,
    ) -> UserInfo:
        """Disable/enable a user, set a new password hash or role; :class:`NotFoundError` if unknown."""
        values: dict[str, Any] = {}
        if disabled is not None:
            values["disabled"] = disabled
        if password_hash is not None:
            values["password_hash"] = password_hash
        if role is not None:
            if role not in USER_ROLES:
                raise InputError(
                    f"unknown role {role!r} (expected one of: {', '.join(USER_ROLES)})"
                )
            values["role"] = role
        with translate_errors(f"update user {name}"), self._write() as conn:
            if values:
                result = conn.execute(_users.update().where(_users.c.name == name).values(**values))
                if result.rowcount == 0:
                    raise NotFoundError(f"no user {name!r}")
            row = conn.execute(select(_users).where(_users.c.name == name)).mappings().first()
        if row is None:
            raise NotFoundError(f"no user {name!r}")
        return _user(row)
