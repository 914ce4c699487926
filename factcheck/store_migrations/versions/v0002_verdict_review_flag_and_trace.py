"""verdicts: needs_review flag and decision trace

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06

``verdicts.needs_review`` (the confidence was below ``verify.review_threshold`` when the verdict was
made; false for verdicts stored before) and ``verdicts.trace`` (the comparisons that decided it, JSON
list; empty for verdicts stored before).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("verdicts") as batch:
        batch.add_column(
            sa.Column("needs_review", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("trace", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("verdicts") as batch:
        batch.drop_column("trace")
        batch.drop_column("needs_review")
