"""review events, users, spot checks

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

Reviews become an append-only audit trail keyed by claim id (``review_events``; triggers refuse UPDATE
and DELETE), so a review survives rewording. Every row of the old ``reviews`` table is carried over
as an ``override`` event, in the order it was made, before that table is dropped. ``users`` holds the
people of the review app; ``runs.spot_check`` marks runs started with ``--only``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION factcheck_review_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'review events are append-only';
END;
$$ LANGUAGE plpgsql
"""


def _events_table() -> sa.TableClause:
    return sa.table(
        "review_events",
        sa.column("claim_id", sa.String),
        sa.column("seq", sa.Integer),
        sa.column("action", sa.String),
        sa.column("actor", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("note", sa.Text),
        sa.column("claim_hash", sa.String),
        sa.column("status_before", sa.String),
        sa.column("status_after", sa.String),
        sa.column("label_before", sa.String),
        sa.column("label_after", sa.String),
        sa.column("state", sa.JSON),
    )


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return str(value.isoformat())


def _carry_over_reviews(bind: sa.Connection) -> None:
    """Old reviews (one label per claim version) → override events keyed by claim id."""
    reviews = sa.table(
        "reviews",
        sa.column("id", sa.Integer),
        sa.column("claim_id", sa.String),
        sa.column("claim_hash", sa.String),
        sa.column("label", sa.String),
        sa.column("note", sa.Text),
        sa.column("reviewer", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    rows = bind.execute(
        sa.select(reviews).order_by(reviews.c.claim_id, reviews.c.created_at, reviews.c.id)
    ).mappings()
    events: list[dict[str, Any]] = []
    seq: dict[str, int] = {}
    label: dict[str, str] = {}
    for row in rows:
        claim_id = row["claim_id"]
        seq[claim_id] = seq.get(claim_id, 0) + 1
        before = label.get(claim_id)
        label[claim_id] = row["label"]
        events.append(
            {
                "claim_id": claim_id,
                "seq": seq[claim_id],
                "action": "override",
                "actor": row["reviewer"],
                "created_at": row["created_at"],
                "note": row["note"],
                "claim_hash": row["claim_hash"],
                "status_before": "open" if before is None else "reviewed",
                "status_after": "reviewed",
                "label_before": before,
                "label_after": row["label"],
                "state": {
                    "status": "reviewed",
                    "label": row["label"],
                    "note": row["note"],
                    "decided_by": row["reviewer"],
                    "decided_at": _iso(row["created_at"]),
                    "decision_event": None,
                    "confirmed_by": None,
                    "claim_hash": row["claim_hash"],
                    "machine_label": None,
                    "machine_run_id": None,
                    "assignee": None,
                },
            }
        )
    if events:
        op.bulk_insert(_events_table(), events)


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "review_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(length=128), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("claim_hash", sa.String(length=64), nullable=True),
        sa.Column("machine_run_id", sa.Integer(), nullable=True),
        sa.Column("machine_label", sa.String(length=32), nullable=True),
        sa.Column("machine_confidence", sa.Float(), nullable=True),
        sa.Column("verifier", sa.Text(), nullable=True),
        sa.Column("status_before", sa.String(length=16), nullable=False),
        sa.Column("status_after", sa.String(length=16), nullable=False),
        sa.Column("label_before", sa.String(length=32), nullable=True),
        sa.Column("label_after", sa.String(length=32), nullable=True),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "action IN ('approve', 'override', 'confirm', 'reopen', 'assign', 'undo')",
            name=op.f("ck_review_events_action"),
        ),
        sa.CheckConstraint(
            "status_before IN ('open', 'pending', 'reviewed')",
            name=op.f("ck_review_events_status_before"),
        ),
        sa.CheckConstraint(
            "status_after IN ('open', 'pending', 'reviewed')",
            name=op.f("ck_review_events_status_after"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_events")),
        sa.UniqueConstraint("claim_id", "seq", name=op.f("uq_review_events_claim_id_seq")),
    )
    op.create_index(
        op.f("ix_review_events_created_at"), "review_events", ["created_at"], unique=False
    )
    _carry_over_reviews(bind)
    op.drop_index(op.f("ix_reviews_claim_id_claim_hash"), table_name="reviews")
    op.drop_table("reviews")

    if bind.dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(
            "CREATE TRIGGER review_events_append_only BEFORE UPDATE OR DELETE ON review_events "
            "FOR EACH ROW EXECUTE FUNCTION factcheck_review_events_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER review_events_no_{verb.lower()} BEFORE {verb} ON review_events "
                "BEGIN SELECT RAISE(ABORT, 'review events are append-only'); END"
            )

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('viewer', 'editor', 'admin')", name=op.f("ck_users_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )

    with op.batch_alter_table("runs") as batch:
        batch.add_column(
            sa.Column("spot_check", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    """Back to one review row per claim version: each decision event becomes a review row."""
    bind = op.get_bind()
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("spot_check")
    op.drop_table("users")
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(length=128), nullable=False),
        sa.Column("claim_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "label IN ('supported', 'refuted', 'mixed', 'not_enough_evidence')",
            name=op.f("ck_reviews_label"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id", "claim_hash"],
            ["claims.claim_id", "claims.content_hash"],
            name=op.f("fk_reviews_claim_id_claim_hash_claims"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
    )
    op.create_index(
        op.f("ix_reviews_claim_id_claim_hash"), "reviews", ["claim_id", "claim_hash"], unique=False
    )
    events = sa.table(
        "review_events",
        sa.column("claim_id", sa.String),
        sa.column("action", sa.String),
        sa.column("actor", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("note", sa.Text),
        sa.column("claim_hash", sa.String),
        sa.column("label_after", sa.String),
        sa.column("id", sa.Integer),
    )
    rows = bind.execute(
        sa.select(events)
        .where(events.c.action.in_(("approve", "override")), events.c.claim_hash.is_not(None))
        .order_by(events.c.id)
    ).mappings()
    old = [
        {
            "claim_id": r["claim_id"],
            "claim_hash": r["claim_hash"],
            "label": r["label_after"],
            "note": r["note"],
            "reviewer": r["actor"],
            "created_at": r["created_at"],
        }
        for r in rows
    ]
    if old:
        reviews = sa.table(
            "reviews",
            sa.column("claim_id", sa.String),
            sa.column("claim_hash", sa.String),
            sa.column("label", sa.String),
            sa.column("note", sa.Text),
            sa.column("reviewer", sa.String),
            sa.column("created_at", sa.DateTime(timezone=True)),
        )
        op.bulk_insert(reviews, old)
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS review_events_append_only ON review_events")
        op.execute("DROP FUNCTION IF EXISTS factcheck_review_events_append_only()")
    op.drop_index(op.f("ix_review_events_created_at"), table_name="review_events")
    op.drop_table("review_events")
