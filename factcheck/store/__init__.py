"""The verdict store: runs, claim versions, documents, verdicts, human reviews and fetch errors.

SQLite by default (``sqlite:///factcheck.db``: WAL, foreign keys, busy timeout), Postgres by URL
(``postgresql://…``, psycopg 3). :meth:`Store.open` migrates the schema with Alembic (the revisions
ship in ``factcheck/store_migrations``). Only this package opens database sessions; SQLAlchemy
errors are translated into :class:`~factcheck.errors.StoreError` here.
"""

from __future__ import annotations

from factcheck.store._engine import MIGRATIONS_DIR, normalize_url
from factcheck.store._store import Store, clean_text, mask_secrets
from factcheck.store.records import (
    REVIEW_ACTIONS,
    RUN_STATUSES,
    USER_ROLES,
    Change,
    ChangeKind,
    ClaimRecord,
    DocumentInfo,
    ErroredClaim,
    FetchErrorRecord,
    HistoryPoint,
    Review,
    ReviewAction,
    ReviewEvent,
    ReviewState,
    ReviewStatus,
    RunInfo,
    RunOutcome,
    RunStatus,
    StoredVerdict,
    TimelineEntry,
    UserInfo,
    UserRole,
    VerdictSummary,
    VerdictWrite,
)
from factcheck.store.reviews import MachineSeen, ReviewRequest, next_review_state
from factcheck.store.tables import metadata

__all__ = [
    "MIGRATIONS_DIR",
    "REVIEW_ACTIONS",
    "RUN_STATUSES",
    "USER_ROLES",
    "Change",
    "ChangeKind",
    "ClaimRecord",
    "DocumentInfo",
    "ErroredClaim",
    "FetchErrorRecord",
    "HistoryPoint",
    "MachineSeen",
    "Review",
    "ReviewAction",
    "ReviewEvent",
    "ReviewRequest",
    "ReviewState",
    "ReviewStatus",
    "RunInfo",
    "RunOutcome",
    "RunStatus",
    "Store",
    "StoredVerdict",
    "TimelineEntry",
    "UserInfo",
    "UserRole",
    "VerdictSummary",
    "VerdictWrite",
    "clean_text",
    "mask_secrets",
    "metadata",
    "next_review_state",
    "normalize_url",
]
