"""The store's core: the engine and its connections, the prepared upserts, and rows to records.

:class:`_StoreCore` opens and closes the database (:meth:`_StoreCore.open` migrates it) and hands
out read connections; the module functions turn rows into the records of :mod:`factcheck.store.records`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any, Self, cast

from sqlalchemy import Connection, Engine, Table, bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, RowMapping

from factcheck.errors import InputError, StoreError
from factcheck.models import LABELS, Label
from factcheck.store._engine import (
    create_store_engine,
    is_sqlite,
    normalize_url,
    translate_errors,
    upgrade_to_head,
)
from factcheck.store.records import (
    RUN_STATUSES,
    ClaimRecord,
    ReviewEvent,
    ReviewState,
    RunInfo,
    RunStatus,
    UserInfo,
)
from factcheck.store.tables import (
    ClaimRow,
    DocumentRow,
    EvidenceLinkRow,
    FetchErrorRow,
    ReviewEventRow,
    RunRow,
    UserRow,
    VerdictRow,
)

__all__ = ["_StoreCore"]

logger = logging.getLogger("factcheck.store")

_runs: Table = RunRow.__table__  # type: ignore[attr-defined]
_claims: Table = ClaimRow.__table__  # type: ignore[attr-defined]
_documents: Table = DocumentRow.__table__  # type: ignore[attr-defined]
_verdicts: Table = VerdictRow.__table__  # type: ignore[attr-defined]
_links: Table = EvidenceLinkRow.__table__  # type: ignore[attr-defined]
_events: Table = ReviewEventRow.__table__  # type: ignore[attr-defined]
_users: Table = UserRow.__table__  # type: ignore[attr-defined]
_fetch_errors: Table = FetchErrorRow.__table__  # type: ignore[attr-defined]

# Rows per executemany chunk: bounded memory, and within SQLite's variable limit for IN lists.
_CHUNK = 500
_CLAIM_UPDATES = ("text", "kind", "article_id", "file", "last_seen", "payload")
_DOCUMENT_UPDATES: tuple[str, ...] = ("url", "title", "fetcher", "language", "published")
_DOCUMENT_UPDATES += ("retrieved_at", "content_sha256")
_VERDICT_UPDATES: tuple[str, ...] = ("claim_hash", "label", "confidence", "rationale", "judge")
_VERDICT_UPDATES += ("evidence", "carried_over", "evidence_fingerprint", "created_at")
_VERDICT_UPDATES += ("needs_review", "trace")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands timestamps back naive (they were written as UTC)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _maybe_aware(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else _aware(value)


def _new_id(result: Any) -> int:
    key = result.inserted_primary_key
    if key is None or key[0] is None:
        raise StoreError("the database returned no id for a new row")
    return int(key[0])


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _check_label(label: str) -> Label:
    if label not in LABELS:
        raise InputError(f"unknown label {label!r} (expected one of: {', '.join(LABELS)})")
    return cast(Label, label)


def _run_info(row: RowMapping) -> RunInfo:
    return RunInfo(
        id=row["id"],
        started_at=_aware(row["started_at"]),
        finished_at=_maybe_aware(row["finished_at"]),
        status=_status(row["status"]),
        config=row["config"] or {},
        counts=row["counts"] or {},
        claims_total=row["claims_total"],
        backend=row["backend"],
        spot_check=bool(row["spot_check"]),
    )


def _status(value: str) -> RunStatus:
    if value not in RUN_STATUSES:
        raise StoreError(f"unknown run status {value!r} in the store")
    return cast(RunStatus, value)


def _event(row: RowMapping, before: ReviewState) -> ReviewEvent:
    claim_id = row["claim_id"]
    return ReviewEvent(
        id=row["id"],
        claim_id=claim_id,
        seq=row["seq"],
        action=row["action"],
        actor=row["actor"],
        created_at=_aware(row["created_at"]),
        note=row["note"],
        claim_hash=row["claim_hash"],
        machine_run_id=row["machine_run_id"],
        machine_label=row["machine_label"],
        machine_confidence=row["machine_confidence"],
        verifier=row["verifier"],
        before=before,
        after=_state(row),
    )


def _state(row: RowMapping) -> ReviewState:
    return ReviewState.from_json(row["claim_id"], row["seq"], row["state"] or {})


def _fetch_raw(conn: Connection, stmt: Any) -> list[tuple[Any, ...]]:
    """Every row of ``stmt`` as the driver's plain tuples.

    For the columns read this way (text, numbers, booleans: no type conversion needed beyond
    ``bool()``) SQLAlchemy's per-row processing costs more than the query itself on 10,000 rows.
    """
    result = conn.execute(stmt)
    try:
        cursor = result.cursor
        return list(cursor.fetchall()) if cursor is not None else []
    finally:
        result.close()


def _claim_record(row: RowMapping) -> ClaimRecord:
    return ClaimRecord(
        claim_id=row["claim_id"],
        content_hash=row["content_hash"],
        text=row["text"],
        kind=row["kind"],
        article_id=row["article_id"],
        file=row["file"],
        first_seen=_aware(row["first_seen"]),
        last_seen=_aware(row["last_seen"]),
        payload=row["payload"] or {},
    )


def _user(row: RowMapping) -> UserInfo:
    return UserInfo(
        id=row["id"],
        name=row["name"],
        role=row["role"],
        disabled=bool(row["disabled"]),
        password_hash=row["password_hash"],
        created_at=_aware(row["created_at"]),
    )


class _StoreCore:
    """Engine, URL and prepared statements of one store (see :class:`~factcheck.store.Store`)."""

    def __init__(self, engine: Engine, url: URL) -> None:
        self._engine = engine
        self._url = url
        self._sqlite = is_sqlite(url)
        self._memory_lock = threading.Lock()
        # the Postgres run lock while held: its session, key, and a mutex (one query at a time)
        self._held_lock: tuple[Connection, int, threading.Lock] | None = None
        # Built once: constructing ON CONFLICT statements costs more than running them.
        self._stmts = self._build_statements()

    # -- lifecycle ---------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str, *, busy_timeout_s: float = 10.0, migrate: bool = True) -> Self:
        """Connect to ``url`` and upgrade its schema to head; raise :class:`StoreError` on failure.

        ``busy_timeout_s`` is how long SQLite waits for another writer before :class:`LockedError`.
        """
        parsed = normalize_url(url)
        where = parsed.render_as_string(hide_password=True)
        with translate_errors(f"cannot open the verdict store {where}"):
            engine = create_store_engine(parsed, busy_timeout_s=busy_timeout_s)
            try:
                if migrate:
                    upgrade_to_head(engine, parsed)
                else:
                    with engine.connect():
                        pass
            except BaseException:
                engine.dispose()
                raise
        logger.debug("verdict store open: %s", where)
        return cls(engine, parsed)

    def close(self) -> None:
        """Release the connections."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return self._url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._url.get_backend_name()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            yield conn

    def _insert(self, table: Table) -> Any:
        if self._sqlite:
            return sqlite.insert(table)
        return postgresql.insert(table)

    def _build_statements(self) -> dict[str, Any]:
        claims = self._insert(_claims)
        claims = claims.on_conflict_do_update(
            index_elements=[_claims.c.claim_id, _claims.c.content_hash],
            set_={name: getattr(claims.excluded, name) for name in _CLAIM_UPDATES},
        )
        documents = self._insert(_documents)
        documents = documents.on_conflict_do_update(
            index_elements=[_documents.c.id],
            set_={name: getattr(documents.excluded, name) for name in _DOCUMENT_UPDATES},
        )
        verdicts = self._insert(_verdicts)
        verdicts = verdicts.on_conflict_do_update(
            index_elements=[_verdicts.c.run_id, _verdicts.c.claim_id],
            set_={name: getattr(verdicts.excluded, name) for name in _VERDICT_UPDATES},
        )
        return {
            "upsert_claims": claims,
            "upsert_documents": documents,
            "upsert_verdicts": verdicts,
            # a distributed delivery writes only if no other delivery has (first write wins)
            "insert_verdict_once": self._insert(_verdicts)
            .on_conflict_do_nothing(index_elements=[_verdicts.c.run_id, _verdicts.c.claim_id])
            .returning(_verdicts.c.claim_id),  # no row: another write came first
            "drop_links": delete(_links).where(
                _links.c.run_id == bindparam("b_run"), _links.c.claim_id == bindparam("b_claim")
            ),
            "add_stubs": self._insert(_documents).on_conflict_do_nothing(
                index_elements=[_documents.c.id]
            ),
        }
