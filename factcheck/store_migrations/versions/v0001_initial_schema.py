"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26

The schema of factcheck.store.tables: runs, claims (versioned by content hash), documents, verdicts
(unique per run and claim), evidence_links, reviews, fetch_errors.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("claim_id", sa.String(length=128), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("article_id", sa.String(length=128), nullable=True),
        sa.Column("file", sa.Text(), nullable=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("claim_id", "content_hash", name=op.f("pk_claims")),
    )
    op.create_index(op.f("ix_claims_article_id"), "claims", ["article_id"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.String(length=512), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("fetcher", sa.String(length=64), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("retrieved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("content_sha256", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    op.create_index(
        op.f("ix_documents_content_sha256"), "documents", ["content_sha256"], unique=False
    )

    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("claims_total", sa.Integer(), nullable=False),
        sa.Column("backend", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "status IN ('running', 'completed', 'failed', 'interrupted')",
            name=op.f("ck_runs_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    op.create_index(op.f("ix_runs_status"), "runs", ["status"], unique=False)

    op.create_table(
        "fetch_errors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(length=128), nullable=True),
        sa.Column("fetcher", sa.String(length=64), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_fetch_errors_run_id_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fetch_errors")),
    )
    op.create_index(op.f("ix_fetch_errors_run_id"), "fetch_errors", ["run_id"], unique=False)

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

    op.create_table(
        "verdicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(length=128), nullable=False),
        sa.Column("claim_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=32), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("judge", sa.String(length=128), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("carried_over", sa.Boolean(), nullable=False),
        sa.Column("evidence_fingerprint", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "label IN ('supported', 'refuted', 'mixed', 'not_enough_evidence')",
            name=op.f("ck_verdicts_label"),
        ),
        sa.CheckConstraint(
            "confidence >= 0 AND confidence <= 1", name=op.f("ck_verdicts_confidence")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id", "claim_hash"],
            ["claims.claim_id", "claims.content_hash"],
            name=op.f("fk_verdicts_claim_id_claim_hash_claims"),
        ),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_verdicts_run_id_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verdicts")),
        sa.UniqueConstraint("run_id", "claim_id", name=op.f("uq_verdicts_run_id_claim_id")),
    )
    op.create_index(
        op.f("ix_verdicts_claim_id_claim_hash_evidence_fingerprint"),
        "verdicts",
        ["claim_id", "claim_hash", "evidence_fingerprint"],
        unique=False,
    )

    op.create_table(
        "evidence_links",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(length=128), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.String(length=512), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.Column("stance", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=128), nullable=True),
        sa.CheckConstraint(
            "stance IN ('supports', 'refutes', 'neutral')", name=op.f("ck_evidence_links_stance")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_evidence_links_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["run_id", "claim_id"],
            ["verdicts.run_id", "verdicts.claim_id"],
            name=op.f("fk_evidence_links_run_id_claim_id_verdicts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "claim_id", "position", name=op.f("pk_evidence_links")),
    )
    op.create_index(
        op.f("ix_evidence_links_document_id"), "evidence_links", ["document_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_evidence_links_document_id"), table_name="evidence_links")

    op.drop_table("evidence_links")
    op.drop_index(
        op.f("ix_verdicts_claim_id_claim_hash_evidence_fingerprint"), table_name="verdicts"
    )

    op.drop_table("verdicts")
    op.drop_index(op.f("ix_reviews_claim_id_claim_hash"), table_name="reviews")

    op.drop_table("reviews")
    op.drop_index(op.f("ix_fetch_errors_run_id"), table_name="fetch_errors")

    op.drop_table("fetch_errors")
    op.drop_index(op.f("ix_runs_status"), table_name="runs")

    op.drop_table("runs")
    op.drop_index(op.f("ix_documents_content_sha256"), table_name="documents")

    op.drop_table("documents")
    op.drop_index(op.f("ix_claims_article_id"), table_name="claims")

    op.drop_table("claims")
