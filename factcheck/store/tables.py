"""SQLModel tables of the verdict store, on their own metadata (Alembic migrates exactly these).

Timestamps are stored as UTC; SQLite gives them back naive, :mod:`factcheck.store._core` makes them
aware again. Constraint and index names are explicit (the naming convention below), so migrations
are stable on SQLite and Postgres alike.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKeyConstraint,
    Index,
    MetaData,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

__all__ = [
    "ClaimRow",
    "DocumentRow",
    "EvidenceLinkRow",
    "FetchErrorRow",
    "ReviewEventRow",
    "RunRow",
    "UserRow",
    "VerdictRow",
    "metadata",
]

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
_registry = registry(metadata=metadata)

_LABELS_SQL = "'supported', 'refuted', 'mixed', 'not_enough_evidence'"


def _utc() -> Any:
    return Column(DateTime(timezone=True), nullable=False)


class _Table(SQLModel, registry=_registry):
    """Base of the store's tables: a separate registry keeps them off SQLModel's global metadata."""


class RunRow(_Table, table=True):
    """One pipeline run."""

    __tablename__ = "runs"
    __table_args__ = (
        CheckConstraint(
            "status IN ('running', 'completed', 'failed', 'interrupted')", name="status"
        ),
        Index(None, "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    started_at: dt.datetime = Field(sa_column=_utc())
    finished_at: dt.datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    status: str = Field(max_length=16)
    config: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    counts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    claims_total: int = 0
    backend: str = Field(default="local", max_length=32)
    spot_check: bool = Field(default=False, description="Started with --only: comparisons skip it.")


class ClaimRow(_Table, table=True):
    """One version of a claim: a new row whenever its content hash changes."""

    __tablename__ = "claims"
    __table_args__ = (Index(None, "article_id"),)

    claim_id: str = Field(primary_key=True, max_length=128)
    content_hash: str = Field(primary_key=True, max_length=64)
    text: str = Field(sa_column=Column(Text, nullable=False))
    kind: str = Field(max_length=32)
    article_id: str | None = Field(default=None, max_length=128)
    file: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    first_seen: dt.datetime = Field(sa_column=_utc())
    last_seen: dt.datetime = Field(sa_column=_utc())
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class DocumentRow(_Table, table=True):
    """A source document (its text lives in the evidence archive, addressed by content_sha256)."""

    __tablename__ = "documents"
    __table_args__ = (Index(None, "content_sha256"),)

    id: str = Field(primary_key=True, max_length=512)
    url: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    title: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    fetcher: str | None = Field(default=None, max_length=64)
    language: str | None = Field(default=None, max_length=16)
    published: dt.date | None = None
    retrieved_at: dt.datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    content_sha256: str | None = Field(default=None, max_length=64)


class VerdictRow(_Table, table=True):
    """The decision for one claim version in one run; at most one per (run, claim)."""

    __tablename__ = "verdicts"
    __table_args__ = (
        UniqueConstraint("run_id", "claim_id"),
        ForeignKeyConstraint(["run_id"], ["runs.id"]),
        ForeignKeyConstraint(
            ["claim_id", "claim_hash"], ["claims.claim_id", "claims.content_hash"]
        ),
        CheckConstraint(f"label IN ({_LABELS_SQL})", name="label"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence"),
        Index(None, "claim_id", "claim_hash", "evidence_fingerprint"),
    )

    id: int | None = Field(default=None, primary_key=True)
    run_id: int
    claim_id: str = Field(max_length=128)
    claim_hash: str = Field(max_length=64)
    label: str = Field(max_length=32)
    confidence: float
    rationale: str = Field(sa_column=Column(Text, nullable=False))
    judge: str = Field(max_length=128)
    evidence: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    carried_over: bool = False
    evidence_fingerprint: str | None = Field(default=None, max_length=128)
    created_at: dt.datetime = Field(sa_column=_utc())
    needs_review: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    trace: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default=text("'[]'"))
    )


class EvidenceLinkRow(_Table, table=True):
    """A passage a verdict used: verdict (run, claim) → document, with quote, span, stance, score."""

    __tablename__ = "evidence_links"
    __table_args__ = (
        ForeignKeyConstraint(
            ["run_id", "claim_id"], ["verdicts.run_id", "verdicts.claim_id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(["document_id"], ["documents.id"]),
        CheckConstraint("stance IN ('supports', 'refutes', 'neutral')", name="stance"),
        Index(None, "document_id"),
    )

    run_id: int = Field(primary_key=True)
    claim_id: str = Field(primary_key=True, max_length=128)
    position: int = Field(primary_key=True)
    document_id: str = Field(max_length=512)
    quote: str = Field(sa_column=Column(Text, nullable=False))
    span_start: int | None = None
    span_end: int | None = None
    stance: str = Field(max_length=16)
    score: float = 0.0
    source: str | None = Field(default=None, max_length=128)


class ReviewEventRow(_Table, table=True):
    """One review action on a claim: append-only (database triggers refuse UPDATE and DELETE).

    ``seq`` numbers a claim's events from 1 and is unique per claim, so two people acting on the same
    version cannot both succeed. ``state`` is the review state after the event (its snapshot), so
    the latest event of a claim is its current state.
    """

    __tablename__ = "review_events"
    __table_args__ = (
        UniqueConstraint("claim_id", "seq"),
        CheckConstraint(
            "action IN ('approve', 'override', 'confirm', 'reopen', 'assign', 'undo')",
            name="action",
        ),
        CheckConstraint("status_before IN ('open', 'pending', 'reviewed')", name="status_before"),
        CheckConstraint("status_after IN ('open', 'pending', 'reviewed')", name="status_after"),
        Index(None, "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: str = Field(max_length=128)
    seq: int
    action: str = Field(max_length=16)
    actor: str = Field(max_length=128)
    created_at: dt.datetime = Field(sa_column=_utc())
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    claim_hash: str | None = Field(default=None, max_length=64)
    machine_run_id: int | None = None
    machine_label: str | None = Field(default=None, max_length=32)
    machine_confidence: float | None = None
    verifier: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    status_before: str = Field(max_length=16)
    status_after: str = Field(max_length=16)
    label_before: str | None = Field(default=None, max_length=32)
    label_after: str | None = Field(default=None, max_length=32)
    state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class UserRow(_Table, table=True):
    """A person who may use the review app (``factcheck users add``); passwords hashed with argon2."""

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("name"),
        CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64)
    password_hash: str = Field(sa_column=Column(Text, nullable=False))
    role: str = Field(max_length=16)
    disabled: bool = False
    created_at: dt.datetime = Field(sa_column=_utc())


class FetchErrorRow(_Table, table=True):
    """A source that could not be fetched during a run (never turned into a label)."""

    __tablename__ = "fetch_errors"
    __table_args__ = (
        ForeignKeyConstraint(["run_id"], ["runs.id"]),
        Index(None, "run_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    run_id: int
    claim_id: str | None = Field(default=None, max_length=128)
    fetcher: str | None = Field(default=None, max_length=64)
    url: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    kind: str = Field(max_length=32)
    message: str = Field(sa_column=Column(Text, nullable=False))
    created_at: dt.datetime = Field(sa_column=_utc())
