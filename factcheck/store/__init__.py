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
    RUN_STATUSES,
    Change,
    ChangeKind,
    DocumentInfo,
    FetchErrorRecord,
    Review,
    RunInfo,
    RunStatus,
    StoredVerdict,
    VerdictWrite,
)
from factcheck.store.tables import metadata

__all__ = [
    "MIGRATIONS_DIR",
    "RUN_STATUSES",
    "Change",
    "ChangeKind",
    "DocumentInfo",
    "FetchErrorRecord",
    "Review",
    "RunInfo",
    "RunStatus",
    "Store",
    "StoredVerdict",
    "VerdictWrite",
    "clean_text",
    "mask_secrets",
    "metadata",
    "normalize_url",
]
