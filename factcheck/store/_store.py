"""The verdict store: every run, claim version, document, verdict, review and fetch error.

All database access of factcheck goes through :class:`Store`. Every public method translates
SQLAlchemy errors into :class:`~factcheck.errors.StoreError` (``LockedError`` on lock contention).
:class:`Store` is put together from one class per job: the core (engine, connections,
``_core``), the run lock (``_lock``), the run's writes (``_writes``), the read-side queries
(``_queries``), run summaries and what changed between runs (``_compare``) and reviews with users
(``_reviews``).
"""

from __future__ import annotations

from factcheck.store._clean import clean_text, mask_secrets
from factcheck.store._compare import _Compare
from factcheck.store._reviews import _Reviews
from factcheck.store._writes import _Writes

__all__ = ["Store", "clean_text", "mask_secrets"]


class Store(_Writes, _Reviews, _Compare):
    """The verdict store on one database URL (``sqlite:///factcheck.db`` or ``postgresql://…``).

    Build it with :meth:`open`, which migrates the schema to the newest revision. Thread-safe for
    reads and writes (one connection per operation from the engine's pool).
    """
