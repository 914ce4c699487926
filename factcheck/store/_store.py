"""The verdict store: every run, claim version, document, verdict, review and fetch error.

All database access of factcheck goes through :class:`Store`. Every public method translates
SQLAlchemy errors into :class:`~factcheck.errors.StoreError` (``LockedError`` on lock contention).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, Self, cast

import filelock
from sqlalchemy import Connection, Engine, Table, and_, bindparam, delete, func, select
from sqlalchemy import exc as sa_exc
from sqlalchemy import text as sql_text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, RowMapping

from factcheck.errors import (
    FetchError,
    InputError,
    LockedError,
    NotFoundError,
    ReviewConflictError,
    RunLockLostError,
    StoreError,
)
from factcheck.models import (
    LABELS,
    Claim,
    Document,
    EvidenceRef,
    Label,
    TraceStep,
    Verdict,
    claim_content_hash,
)
from factcheck.store._engine import (
    advisory_key,
    create_store_engine,
    is_sqlite,
    normalize_url,
    sqlite_path,
    translate_errors,
    upgrade_to_head,
)
from factcheck.store.records import (
    RUN_STATUSES,
    USER_ROLES,
    Change,
    ClaimRecord,
    DocumentInfo,
    ErroredClaim,
    FetchErrorRecord,
    Review,
    ReviewAction,
    ReviewEvent,
    ReviewState,
    RunInfo,
    RunStatus,
    StoredVerdict,
    TimelineEntry,
    UserInfo,
    VerdictSummary,
    VerdictWrite,
)
from factcheck.store.reviews import MachineSeen, ReviewRequest, next_review_state
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

__all__ = ["Store", "clean_text", "mask_secrets"]

logger = logging.getLogger(__name__)

_runs: Table = RunRow.__table__  # type: ignore[attr-defined]
_claims: Table = ClaimRow.__table__  # type: ignore[attr-defined]
_documents: Table = DocumentRow.__table__  # type: ignore[attr-defined]
_verdicts: Table = VerdictRow.__table__  # type: ignore[attr-defined]
_links: Table = EvidenceLinkRow.__table__  # type: ignore[attr-defined]
_events: Table = ReviewEventRow.__table__  # type: ignore[attr-defined]
_users: Table = UserRow.__table__  # type: ignore[attr-defined]
_fetch_errors: Table = FetchErrorRow.__table__  # type: ignore[attr-defined]

_SECRET_KEY_RE = re.compile(r"(api_?key|secret|password|passwd|token|credential)", re.IGNORECASE)
_URL_PASSWORD_RE = re.compile(r"(://[^:/@\s]+:)[^@/\s]+@")
_MASK = "**********"
# Rows per executemany chunk: bounded memory, and within SQLite's variable limit for IN lists.
_CHUNK = 500
_CLAIM_UPDATES = ("text", "kind", "article_id", "file", "last_seen", "payload")
_DOCUMENT_UPDATES: tuple[str, ...] = ("url", "title", "fetcher", "language", "published")
_DOCUMENT_UPDATES += ("retrieved_at", "content_sha256")
_VERDICT_UPDATES: tuple[str, ...] = ("claim_hash", "label", "confidence", "rationale", "judge")
_VERDICT_UPDATES += ("evidence", "carried_over", "evidence_fingerprint", "created_at")
_VERDICT_UPDATES += ("needs_review", "trace")


def mask_secrets(value: Any) -> Any:
    """Return a JSON-safe copy with secret-looking keys and URL passwords masked."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if _SECRET_KEY_RE.search(str(key)) and item not in (None, "", _MASK):
                out[str(key)] = _MASK
            else:
                out[str(key)] = mask_secrets(item)
        return out
    if isinstance(value, list | tuple | set | frozenset):
        return [mask_secrets(item) for item in value]
    if isinstance(value, str):
        return _URL_PASSWORD_RE.sub(r"\1" + _MASK + "@", value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return mask_secrets(str(value))


def _is_clean(text: str) -> bool:
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _clean_str(text: str) -> str:
    if _is_clean(text):
        return text
    text = text.replace("\x00", "\ufffd")
    return text.encode("utf-8", "replace").decode("utf-8")


def clean_text(value: Any) -> Any:
    """Make strings storable everywhere: NUL (Postgres rejects it) and lone surrogates (not UTF-8)
    become U+FFFD and ``?``, one character for one, so spans stay valid. Recurses into dicts/lists."""
    kind = type(value)
    if kind is str:
        return _clean_str(value)
    if kind is dict:
        return {
            key: _clean_str(item) if type(item) is str else clean_text(item)
            for key, item in value.items()
        }
    if kind is list or kind is tuple:
        return [_clean_str(item) if type(item) is str else clean_text(item) for item in value]
    if isinstance(value, str):
        return _clean_str(str(value))
    return value


def _clean_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [clean_text(row) for row in rows]


def _clean_verdict(verdict: Verdict) -> Verdict:
    """The verdict itself when all its strings are storable (the usual, cheap case), else a copy."""
    texts = [verdict.rationale, verdict.judge]
    for ref in verdict.evidence:
        texts += (ref.quote, ref.document_id, ref.url or "", ref.source or "")
    for step in verdict.trace:
        texts += (step.claimed, step.observed, step.quote or "", step.url or "")
    if all(_is_clean(t) for t in texts):
        return verdict
    return Verdict.model_validate(clean_text(verdict.model_dump(mode="json")))


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


# pg_locks shows a bigint advisory key as classid (high 32 bits) and objid (low 32 bits).
_HOLDS_ADVISORY_LOCK = sql_text(
    "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND pid = pg_backend_pid() AND classid = :hi AND objid = :lo AND objsubid = 1)"
)


def _lock_parts(key: int) -> dict[str, int]:
    unsigned = key & 0xFFFFFFFFFFFFFFFF
    return {"hi": unsigned >> 32, "lo": unsigned & 0xFFFFFFFF}


class Store:
    """The verdict store on one database URL (``sqlite:///factcheck.db`` or ``postgresql://…``).

    Build it with :meth:`open`, which migrates the schema to the newest revision. Thread-safe for
    reads and writes (one connection per operation from the engine's pool).
    """

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
    def open(cls, url: str, *, busy_timeout_s: float = 10.0, migrate: bool = True) -> Store:
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
    def _write(self) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            if self._sqlite:
                conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                yield conn
                self.check_run_lock()  # last thing before COMMIT: a lost lock rolls it back

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
            "drop_links": delete(_links).where(
                _links.c.run_id == bindparam("b_run"), _links.c.claim_id == bindparam("b_claim")
            ),
            "add_stubs": self._insert(_documents).on_conflict_do_nothing(
                index_elements=[_documents.c.id]
            ),
        }

    # -- run lock ----------------------------------------------------------------------------

    @property
    def lock_path(self) -> Path | None:
        """The lock file next to a SQLite database (``None`` for Postgres and in-memory SQLite)."""
        if not self._sqlite:
            return None
        path = sqlite_path(self._url)
        return None if path is None else path.with_name(path.name + ".lock")

    @contextmanager
    def lock_run(self, *, timeout_s: float = 0.0) -> Iterator[None]:
        """Hold the run lock for the block; raise :class:`LockedError` if another run holds it.

        SQLite: a file lock ``<db>.lock`` beside the database. Postgres: a session advisory lock
        (``pg_try_advisory_lock``) on a dedicated connection. ``timeout_s`` is how long to wait.
        """
        if not self._sqlite:
            with self._pg_lock(timeout_s):
                yield
            return
        path = self.lock_path
        if path is None:
            acquired = (
                self._memory_lock.acquire(timeout=timeout_s)
                if timeout_s > 0
                else self._memory_lock.acquire(blocking=False)
            )
            if not acquired:
                raise LockedError("another run holds the run lock of this in-memory store")
            try:
                yield
            finally:
                self._memory_lock.release()
            return
        lock = filelock.FileLock(str(path), timeout=timeout_s)
        try:
            lock.acquire()
        except filelock.Timeout as exc:
            raise LockedError(f"another run holds the run lock {path}") from exc
        except OSError as exc:
            raise StoreError(f"cannot take the run lock {path}: {exc}") from exc
        try:
            yield
        finally:
            lock.release()

    def check_run_lock(self) -> None:
        """Raise :class:`RunLockLostError` if this store took the Postgres run lock and lost it.

        The lock is a session lock: it is gone when its session is (the backend was terminated,
        the server restarted, the connection broke). Every write of the store calls this before
        committing, so a run that lost its lock commits nothing more. A no-op without the lock.
        """
        held = self._held_lock
        if held is None:
            return
        conn, key, mutex = held
        with mutex:
            try:
                with translate_errors("run lock check"):
                    still = conn.execute(_HOLDS_ADVISORY_LOCK, _lock_parts(key)).scalar()
            except StoreError as exc:
                raise RunLockLostError(
                    f"the run lock was lost ({exc}); the run stops here and stays resumable"
                ) from exc
        if not still:
            raise RunLockLostError("the run lock was lost; the run stops here and stays resumable")

    @contextmanager
    def _pg_lock(self, timeout_s: float) -> Iterator[None]:
        with translate_errors("run lock"):
            conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            with translate_errors("run lock"):
                key = advisory_key(conn)
            deadline = time.monotonic() + timeout_s
            while True:
                with translate_errors("run lock"):
                    got = conn.execute(select(func.pg_try_advisory_lock(key))).scalar()
                if got:
                    break
                if time.monotonic() >= deadline:
                    raise LockedError("another run holds the run lock (Postgres advisory lock)")
                time.sleep(0.1)
            self._held_lock = (conn, key, threading.Lock())
            try:
                yield
            finally:
                self._held_lock = None
                try:
                    with translate_errors("run unlock"):
                        conn.execute(select(func.pg_advisory_unlock(key)))
                except StoreError as exc:
                    # The lock lives on this session: if the server dropped the session (a
                    # restart), it dropped the lock with it; a finished run must not fail here.
                    logger.warning("run lock session was lost, the lock went with it: %s", exc)
        finally:
            conn.close()

    # -- runs --------------------------------------------------------------------------------

    def start_run(
        self,
        *,
        config: Mapping[str, Any],
        claims_total: int,
        resume_run_id: int | None = None,
        backend: str = "local",
        spot_check: bool = False,
    ) -> RunInfo:
        """Record a new running run, or reopen ``resume_run_id`` (:class:`NotFoundError` if unknown).

        ``config`` is stored with secrets masked (keys like ``api_key``, passwords in URLs).
        ``spot_check``: a run of a few chosen claims (``--only``) that comparisons skip.
        """
        masked = clean_text(mask_secrets(config))
        with translate_errors("start run"), self._write() as conn:
            if resume_run_id is not None:
                result = conn.execute(
                    _runs.update()
                    .where(_runs.c.id == resume_run_id)
                    .values(
                        status="running",
                        finished_at=None,
                        config=masked,
                        claims_total=claims_total,
                        backend=backend,
                        spot_check=spot_check,
                    )
                )
                if result.rowcount == 0:
                    raise NotFoundError(f"run {resume_run_id} not found (cannot resume it)")
                run_id = resume_run_id
            else:
                result = conn.execute(
                    _runs.insert().values(
                        started_at=_now(),
                        status="running",
                        config=masked,
                        counts={},
                        claims_total=claims_total,
                        backend=backend,
                        spot_check=spot_check,
                    )
                )
                run_id = _new_id(result)
            row = conn.execute(select(_runs).where(_runs.c.id == run_id)).mappings().one()
        logger.info("run %d started (%d claims)", run_id, claims_total)
        return _run_info(row)

    def finish_run(self, run_id: int, *, status: str, counts: Mapping[str, Any]) -> None:
        """Close a run with its final status (completed, failed, interrupted) and counters."""
        if status not in RUN_STATUSES or status == "running":
            raise InputError(
                f"cannot finish a run as {status!r} (expected completed, failed or interrupted)"
            )
        with translate_errors("finish run"), self._write() as conn:
            result = conn.execute(
                _runs.update()
                .where(_runs.c.id == run_id)
                .values(status=status, finished_at=_now(), counts=clean_text(mask_secrets(counts)))
            )
            if result.rowcount == 0:
                raise NotFoundError(f"run {run_id} not found")
        logger.info("run %d %s", run_id, status)

    def get_run(self, run_id: int) -> RunInfo | None:
        """The run with this id, or ``None``."""
        with translate_errors("read run"), self._read() as conn:
            row = conn.execute(select(_runs).where(_runs.c.id == run_id)).mappings().first()
        return None if row is None else _run_info(row)

    def runs(self, *, limit: int | None = None) -> list[RunInfo]:
        """Runs, newest first."""
        stmt = select(_runs).order_by(_runs.c.id.desc())
        if limit is not None:
            stmt = stmt.limit(limit)
        with translate_errors("list runs"), self._read() as conn:
            return [_run_info(r) for r in conn.execute(stmt).mappings()]

    def latest_run(
        self, *, status: str | None = None, spot_check: bool | None = None
    ) -> RunInfo | None:
        """The newest run (with this status and kind, if given), or ``None``."""
        stmt = select(_runs).order_by(_runs.c.id.desc()).limit(1)
        if status is not None:
            stmt = stmt.where(_runs.c.status == status)
        if spot_check is not None:
            stmt = stmt.where(_runs.c.spot_check == spot_check)
        with translate_errors("read latest run"), self._read() as conn:
            row = conn.execute(stmt).mappings().first()
        return None if row is None else _run_info(row)

    def previous_run(
        self, run_id: int, *, status: str | None = "completed", spot_checks: bool = False
    ) -> RunInfo | None:
        """The newest run before ``run_id`` to compare with: completed ones by default
        (``status=None``: any), never a spot check unless ``spot_checks``."""
        stmt = select(_runs).where(_runs.c.id < run_id).order_by(_runs.c.id.desc()).limit(1)
        if status is not None:
            stmt = stmt.where(_runs.c.status == status)
        if not spot_checks:
            stmt = stmt.where(_runs.c.spot_check == False)  # noqa: E712  (SQL, not Python)
        with translate_errors("read previous run"), self._read() as conn:
            row = conn.execute(stmt).mappings().first()
        return None if row is None else _run_info(row)

    # -- claims and documents ----------------------------------------------------------------

    def upsert_claim(self, claim: Claim, *, article_id: str | None, file: str | None) -> str:
        """Record this version of a claim; return its content hash (a new hash = a new row)."""
        return self.upsert_claims([claim], article_id=article_id, file=file)[0]

    def upsert_claims(
        self, claims: Sequence[Claim], *, article_id: str | None = None, file: str | None = None
    ) -> list[str]:
        """Record many claims of one file in one transaction; return their content hashes."""
        now = _now()
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        hashes: list[str] = []
        for claim in claims:
            content_hash = claim_content_hash(claim)
            hashes.append(content_hash)
            rows[(claim.id, content_hash)] = {
                "claim_id": claim.id,
                "content_hash": content_hash,
                "text": claim.text,
                "kind": claim.kind,
                "article_id": article_id,
                "file": file,
                "first_seen": now,
                "last_seen": now,
                "payload": claim.model_dump(mode="json", exclude_defaults=True),
            }
        if not rows:
            return hashes
        with translate_errors("record claims"), self._write() as conn:
            for chunk in _chunks(_clean_rows(rows.values())):
                conn.execute(self._stmts["upsert_claims"], list(chunk))
        return hashes

    def claim_hash(self, claim_id: str) -> str | None:
        """The content hash of the most recently seen version of a claim, or ``None``."""
        stmt = (
            select(_claims.c.content_hash)
            .where(_claims.c.claim_id == claim_id)
            .order_by(_claims.c.last_seen.desc(), _claims.c.first_seen.desc())
            .limit(1)
        )
        with translate_errors("read claim"), self._read() as conn:
            return conn.execute(stmt).scalar()

    def claim_record(self, claim_id: str) -> ClaimRecord | None:
        """The most recently seen version of a claim (text, article, file, payload), or ``None``."""
        stmt = (
            select(_claims)
            .where(_claims.c.claim_id == claim_id)
            .order_by(_claims.c.last_seen.desc(), _claims.c.first_seen.desc())
            .limit(1)
        )
        with translate_errors("read claim"), self._read() as conn:
            row = conn.execute(stmt).mappings().first()
        return None if row is None else _claim_record(row)

    def article_claims(self, article_id: str) -> list[ClaimRecord]:
        """The latest version of every claim of an article, by claim id."""
        stmt = select(_claims).where(_claims.c.article_id == article_id)
        with translate_errors("read claims of an article"), self._read() as conn:
            latest: dict[str, RowMapping] = {}
            for row in conn.execute(stmt).mappings():
                seen = latest.get(row["claim_id"])
                if seen is None or (row["last_seen"], row["first_seen"]) > (
                    seen["last_seen"],
                    seen["first_seen"],
                ):
                    latest[row["claim_id"]] = row
        return [_claim_record(latest[k]) for k in sorted(latest)]

    def record_documents(self, docs: Sequence[Document]) -> None:
        """Record documents (metadata only: the text is in the evidence archive); upsert by id."""
        rows: dict[str, dict[str, Any]] = {}
        for doc in docs:
            rows[doc.id] = {
                "id": doc.id,
                "url": doc.url,
                "title": doc.title,
                "fetcher": doc.fetcher,
                "language": doc.language,
                "published": doc.published,
                "retrieved_at": doc.retrieved_at,
                "content_sha256": doc.content_sha256,
            }
        if not rows:
            return
        with translate_errors("record documents"), self._write() as conn:
            for chunk in _chunks(_clean_rows(rows.values())):
                conn.execute(self._stmts["upsert_documents"], list(chunk))

    def documents(self, ids: Sequence[str]) -> list[DocumentInfo]:
        """Metadata of the recorded documents among ``ids`` (unknown ids are left out), by id."""
        wanted = sorted(set(ids))
        found: list[DocumentInfo] = []
        with translate_errors("read documents"), self._read() as conn:
            for chunk in _chunks(wanted):
                stmt = select(_documents).where(_documents.c.id.in_(list(chunk)))
                for r in conn.execute(stmt).mappings():
                    found.append(
                        DocumentInfo(
                            id=r["id"],
                            url=r["url"],
                            title=r["title"],
                            fetcher=r["fetcher"],
                            language=r["language"],
                            published=r["published"],
                            retrieved_at=_maybe_aware(r["retrieved_at"]),
                            content_sha256=r["content_sha256"],
                        )
                    )
        return sorted(found, key=lambda d: d.id)

    # -- verdicts ----------------------------------------------------------------------------

    def record_verdict(
        self,
        run_id: int,
        verdict: Verdict,
        *,
        claim_hash: str,
        carried_over: bool = False,
        evidence_fingerprint: str | None = None,
    ) -> None:
        """Write the verdict of one claim in one run; a second write for the pair replaces it."""
        self.record_verdicts(
            run_id,
            [VerdictWrite(verdict, claim_hash, carried_over, evidence_fingerprint)],
        )

    def record_verdicts(self, run_id: int, verdicts: Sequence[VerdictWrite]) -> None:
        """Write many verdicts of one run in one transaction (executemany); idempotent per claim.

        The claim versions must have been recorded with :meth:`upsert_claim` first. Evidence
        documents unknown to the store are added as stubs (id, url, source) so links always resolve.
        """
        latest: dict[str, VerdictWrite] = {}
        for item in verdicts:
            latest[item.verdict.claim_id] = (
                item  # last write of a claim wins, as it would one by one
            )
        if not latest:
            return
        now = _now()
        verdict_rows: list[dict[str, Any]] = []
        link_rows: list[dict[str, Any]] = []
        stubs: dict[str, dict[str, Any]] = {}
        for item in latest.values():
            v = _clean_verdict(item.verdict)
            verdict_rows.append(
                {
                    "run_id": run_id,
                    "claim_id": v.claim_id,
                    "claim_hash": item.claim_hash,
                    "label": v.label,
                    "confidence": v.confidence,
                    "rationale": v.rationale,
                    "judge": v.judge,
                    "evidence": [ref.model_dump(mode="json") for ref in v.evidence],
                    "carried_over": item.carried_over,
                    "evidence_fingerprint": item.evidence_fingerprint,
                    "created_at": now,
                    "needs_review": v.needs_review,
                    "trace": [step.model_dump(mode="json") for step in v.trace],
                }
            )
            for position, ref in enumerate(v.evidence):
                link_rows.append(
                    {
                        "run_id": run_id,
                        "claim_id": v.claim_id,
                        "position": position,
                        "document_id": ref.document_id,
                        "quote": ref.quote,
                        "span_start": ref.span[0] if ref.span else None,
                        "span_end": ref.span[1] if ref.span else None,
                        "stance": ref.stance,
                        "score": ref.score,
                        "source": ref.source,
                    }
                )
                stubs.setdefault(
                    ref.document_id,
                    {"id": ref.document_id, "url": ref.url, "fetcher": ref.source},
                )
        stub_rows = list(stubs.values())
        with translate_errors(f"record verdicts of run {run_id}"), self._write() as conn:
            for chunk in _chunks(verdict_rows):
                conn.execute(self._stmts["upsert_verdicts"], list(chunk))
            for chunk in _chunks(verdict_rows):
                conn.execute(
                    self._stmts["drop_links"],
                    [{"b_run": run_id, "b_claim": r["claim_id"]} for r in chunk],
                )
            for chunk in _chunks(stub_rows):
                conn.execute(self._stmts["add_stubs"], list(chunk))
            for chunk in _chunks(link_rows):
                conn.execute(_links.insert(), list(chunk))

    def record_fetch_error(self, run_id: int, claim_id: str | None, error: FetchError) -> None:
        """Record a source that could not be fetched (a run error, never a label)."""
        row = {
            "run_id": run_id,
            "claim_id": claim_id,
            "fetcher": error.fetcher,
            "url": error.url,
            "kind": error.kind,
            "message": error.message,
            "created_at": _now(),
        }
        with translate_errors("record fetch error"), self._write() as conn:
            conn.execute(_fetch_errors.insert(), [clean_text(row)])

    def fetch_errors(self, run_id: int) -> list[FetchErrorRecord]:
        """The fetch errors of a run, in the order they were recorded."""
        stmt = (
            select(_fetch_errors)
            .where(_fetch_errors.c.run_id == run_id)
            .order_by(_fetch_errors.c.id)
        )
        with translate_errors("read fetch errors"), self._read() as conn:
            rows = conn.execute(stmt).mappings().all()
        return [
            FetchErrorRecord(
                run_id=r["run_id"],
                claim_id=r["claim_id"],
                fetcher=r["fetcher"],
                url=r["url"],
                kind=r["kind"],
                message=r["message"],
                created_at=_aware(r["created_at"]),
            )
            for r in rows
        ]

    def _verdict_select(self) -> Any:
        return select(
            _verdicts,
            _claims.c.text.label("claim_text"),
            _claims.c.kind.label("claim_kind"),
            _claims.c.article_id,
            _claims.c.file,
        ).join(
            _claims,
            and_(
                _claims.c.claim_id == _verdicts.c.claim_id,
                _claims.c.content_hash == _verdicts.c.claim_hash,
            ),
        )

    def _review_states(
        self, conn: Connection, claim_ids: Iterable[str] | None = None
    ) -> dict[str, ReviewState]:
        """Claim id → its review state (the snapshot on its latest event); claims never acted on
        are left out."""
        latest = (
            select(_events.c.claim_id, func.max(_events.c.seq).label("seq"))
            .group_by(_events.c.claim_id)
            .subquery()
        )
        stmt = select(_events.c.claim_id, _events.c.seq, _events.c.state).join(
            latest, and_(latest.c.claim_id == _events.c.claim_id, latest.c.seq == _events.c.seq)
        )
        wanted = None if claim_ids is None else sorted(set(claim_ids))
        if wanted is not None and len(wanted) <= _CHUNK:
            stmt = stmt.where(_events.c.claim_id.in_(wanted))
        out: dict[str, ReviewState] = {}
        for row in conn.execute(stmt).mappings():
            if wanted is None or len(wanted) <= _CHUNK or row["claim_id"] in wanted:
                out[row["claim_id"]] = _state(row)
        return out

    def _standing_reviews(
        self, conn: Connection, claim_ids: Iterable[str] | None = None
    ) -> dict[str, Review]:
        out: dict[str, Review] = {}
        for claim_id, state in self._review_states(conn, claim_ids).items():
            review = state.review
            if review is not None:
                out[claim_id] = review
        return out

    @staticmethod
    def _stored(row: RowMapping, reviews: Mapping[str, Review]) -> StoredVerdict:
        return StoredVerdict(
            run_id=row["run_id"],
            claim_id=row["claim_id"],
            claim_hash=row["claim_hash"],
            label=row["label"],
            confidence=row["confidence"],
            rationale=row["rationale"],
            judge=row["judge"],
            evidence=[EvidenceRef.model_validate(e) for e in row["evidence"] or []],
            carried_over=bool(row["carried_over"]),
            evidence_fingerprint=row["evidence_fingerprint"],
            created_at=_aware(row["created_at"]),
            claim_text=row["claim_text"],
            claim_kind=row["claim_kind"],
            article_id=row["article_id"],
            file=row["file"],
            review=reviews.get(row["claim_id"]),
            needs_review=bool(row["needs_review"]),
            trace=[TraceStep.model_validate(t) for t in row["trace"] or []],
        )

    def verdicts_for_run(self, run_id: int) -> list[StoredVerdict]:
        """Every verdict of a run (by claim id), with claim text and the standing review, if any."""
        stmt = self._verdict_select().where(_verdicts.c.run_id == run_id)
        stmt = stmt.order_by(_verdicts.c.claim_id)
        with translate_errors(f"read verdicts of run {run_id}"), self._read() as conn:
            rows = conn.execute(stmt).mappings().all()
            reviews = self._standing_reviews(conn, (r["claim_id"] for r in rows))
        return [self._stored(r, reviews) for r in rows]

    def history(self, claim_id: str) -> list[StoredVerdict]:
        """Every verdict of a claim across runs, oldest run first (each with the standing review)."""
        stmt = self._verdict_select().where(_verdicts.c.claim_id == claim_id)
        stmt = stmt.order_by(_verdicts.c.run_id)
        with translate_errors(f"read history of {claim_id}"), self._read() as conn:
            rows = conn.execute(stmt).mappings().all()
            reviews = self._standing_reviews(conn, [claim_id])
        return [self._stored(r, reviews) for r in rows]

    def verdict_in_run(self, run_id: int, claim_id: str) -> StoredVerdict | None:
        """The verdict of one claim in one run, or ``None`` (a point lookup for workers)."""
        stmt = self._verdict_select().where(
            _verdicts.c.run_id == run_id, _verdicts.c.claim_id == claim_id
        )
        with translate_errors(f"read verdict of {claim_id}"), self._read() as conn:
            row = conn.execute(stmt).mappings().first()
            if row is None:
                return None
            reviews = self._standing_reviews(conn, [claim_id])
        return self._stored(row, reviews)

    def latest_verdict(self, claim_id: str) -> StoredVerdict | None:
        """The claim's verdict in the newest run that has one, or ``None``."""
        stmt = (
            self._verdict_select()
            .where(_verdicts.c.claim_id == claim_id)
            .order_by(_verdicts.c.run_id.desc())
            .limit(1)
        )
        with translate_errors(f"read verdict of {claim_id}"), self._read() as conn:
            row = conn.execute(stmt).mappings().first()
            if row is None:
                return None
            reviews = self._standing_reviews(conn, [claim_id])
        return self._stored(row, reviews)

    def decided_claims(self, run_id: int) -> set[str]:
        """Claim ids that already have a verdict in this run (what ``--resume`` skips)."""
        stmt = select(_verdicts.c.claim_id).where(_verdicts.c.run_id == run_id)
        with translate_errors("read decided claims"), self._read() as conn:
            return set(conn.execute(stmt).scalars())

    def last_verdict(
        self, claim_id: str, claim_hash: str, evidence_fingerprint: str
    ) -> StoredVerdict | None:
        """The newest verdict for this claim version on the same evidence (to carry it over)."""
        stmt = (
            self._verdict_select()
            .where(
                _verdicts.c.claim_id == claim_id,
                _verdicts.c.claim_hash == claim_hash,
                _verdicts.c.evidence_fingerprint == evidence_fingerprint,
            )
            .order_by(_verdicts.c.run_id.desc())
            .limit(1)
        )
        with translate_errors(f"read last verdict of {claim_id}"), self._read() as conn:
            row = conn.execute(stmt).mappings().first()
            if row is None:
                return None
            reviews = self._standing_reviews(conn, [claim_id])
        return self._stored(row, reviews)

    def label_counts(self, run_id: int, *, reviewed: bool = True) -> dict[str, int]:
        """Verdicts per label in a run (every label present); ``reviewed``: reviews override."""
        counts = dict.fromkeys(LABELS, 0)
        if reviewed:
            with translate_errors("count verdicts"), self._read() as conn:
                rows = self._summary_rows(conn, run_id)
                reviews = self._standing_reviews(conn, rows.keys())
            for r in rows.values():
                review = reviews.get(r.claim_id)
                counts[review.label if review is not None else r.label] += 1
            return counts
        stmt = (
            select(_verdicts.c.label, func.count())
            .where(_verdicts.c.run_id == run_id)
            .group_by(_verdicts.c.label)
        )
        with translate_errors("count verdicts"), self._read() as conn:
            for label, n in conn.execute(stmt):
                counts[label] = int(n)
        return counts

    def unverified_counts(self, run_id: int) -> dict[str, int]:
        """Machine verdicts per label that need review and have no standing human review."""
        counts = dict.fromkeys(LABELS, 0)
        with translate_errors("count unverified verdicts"), self._read() as conn:
            rows = self._summary_rows(conn, run_id)
            reviews = self._standing_reviews(conn, rows.keys())
        for r in rows.values():
            if r.needs_review and r.claim_id not in reviews:
                counts[r.label] += 1
        return counts

    def verdict_summaries(self, run_id: int) -> list[VerdictSummary]:
        """The verdicts of a run without evidence or rationale (cheap enough for 10,000 claims)."""
        with translate_errors(f"read verdicts of run {run_id}"), self._read() as conn:
            rows = self._summary_rows(conn, run_id)
        return [rows[k] for k in sorted(rows)]

    def compare_runs(
        self, run_a: int | None, run_b: int
    ) -> list[tuple[VerdictSummary, Label | None, bool]]:
        """Each verdict of ``run_b`` (by claim id) with the claim's machine label in ``run_a`` and
        whether ``run_a`` knew the claim, in one read (what the review queue needs).

        A claim that errored in ``run_a`` counts as known, with its last label before ``run_a`` (as
        in :meth:`changes_between`); with ``run_a`` ``None`` every claim counts as known.
        """
        previous = _verdicts.alias("previous")
        stmt = (
            self._summary_columns()
            .add_columns(previous.c.label)
            .outerjoin(
                previous,
                and_(
                    previous.c.run_id == (run_a or -1), previous.c.claim_id == _verdicts.c.claim_id
                ),
            )
            .where(_verdicts.c.run_id == run_b)
            .order_by(_verdicts.c.claim_id)
        )
        with translate_errors(f"compare runs {run_a} and {run_b}"), self._read() as conn:
            rows = _fetch_raw(conn, stmt)
            missing = {r[1] for r in rows if r[9] is None}
            fallback: dict[str, VerdictSummary] = {}
            errored_a: set[str] = set()
            if run_a is not None and missing:
                errored_a = self._errored_ids(conn, run_a) & missing
                if errored_a:
                    fallback = self._last_rows_before(conn, run_a, errored_a)
        out: list[tuple[VerdictSummary, Label | None, bool]] = []
        for run_id, cid, chash, label, conf, text, kind, article, needs, before in rows:
            summary = VerdictSummary(
                run_id, cid, chash, label, conf, text, kind, article, bool(needs)
            )
            if before is None and cid in fallback:
                before = fallback[cid].label
            known = run_a is None or before is not None or cid in errored_a
            out.append((summary, before, known))
        return out

    def changes_between(self, run_a: int, run_b: int) -> list[Change]:
        """What changed from run ``run_a`` to run ``run_b``: flips, new and removed claims.

        A claim that errored in either run is never called removed or new: errored in ``run_b`` it is
        left out (the report lists it as errored); errored in ``run_a`` it is compared with its last
        verdict before ``run_a``.
        """
        with translate_errors(f"compare runs {run_a} and {run_b}"), self._read() as conn:
            return self._changes(conn, run_a, run_b, self._summary_rows(conn, run_b))

    def _changes(
        self, conn: Connection, run_a: int, run_b: int, after: Mapping[str, VerdictSummary]
    ) -> list[Change]:
        before = self._summary_rows(conn, run_a)
        errored_a = self._errored_ids(conn, run_a) - before.keys()
        errored_b = self._errored_ids(conn, run_b) - after.keys()
        if errored_a:
            before.update(self._last_rows_before(conn, run_a, errored_a))
        changes: list[Change] = []
        for claim_id in sorted(before.keys() | after.keys()):
            a, b = before.get(claim_id), after.get(claim_id)
            if a is not None and b is not None:
                if a.label != b.label:
                    changes.append(
                        Change(
                            claim_id=claim_id,
                            kind="flip",
                            before=a.label,
                            after=b.label,
                            before_confidence=a.confidence,
                            after_confidence=b.confidence,
                            claim_text=b.claim_text,
                            claim_changed=a.claim_hash != b.claim_hash,
                        )
                    )
            elif b is not None:
                if claim_id in errored_a:
                    continue  # errored before and never decided: not new, it came back
                changes.append(
                    Change(claim_id, "new", None, b.label, None, b.confidence, b.claim_text)
                )
            elif a is not None and claim_id not in errored_b:
                changes.append(
                    Change(claim_id, "removed", a.label, None, a.confidence, None, a.claim_text)
                )
        return changes

    def _summary_columns(self) -> Any:
        return select(
            _verdicts.c.run_id,
            _verdicts.c.claim_id,
            _verdicts.c.claim_hash,
            _verdicts.c.label,
            _verdicts.c.confidence,
            _claims.c.text,
            _claims.c.kind,
            _claims.c.article_id,
            _verdicts.c.needs_review,
        ).join(
            _claims,
            and_(
                _claims.c.claim_id == _verdicts.c.claim_id,
                _claims.c.content_hash == _verdicts.c.claim_hash,
            ),
        )

    @staticmethod
    def _summaries(rows: Sequence[Any]) -> Iterator[VerdictSummary]:
        for run_id, cid, chash, label, conf, text, kind, article, needs in rows:
            yield VerdictSummary(run_id, cid, chash, label, conf, text, kind, article, bool(needs))

    def _summary_rows(self, conn: Connection, run_id: int) -> dict[str, VerdictSummary]:
        """Claim id → the few columns run summaries need (not whole verdicts: flat memory)."""
        stmt = self._summary_columns().where(_verdicts.c.run_id == run_id)
        return {v.claim_id: v for v in self._summaries(_fetch_raw(conn, stmt))}

    def _last_rows_before(
        self, conn: Connection, run_id: int, claim_ids: Iterable[str]
    ) -> dict[str, VerdictSummary]:
        """Each claim's newest verdict in a run before ``run_id`` (spot checks included)."""
        out: dict[str, VerdictSummary] = {}
        for chunk in _chunks(sorted(set(claim_ids))):
            stmt = (
                self._summary_columns()
                .where(_verdicts.c.run_id < run_id, _verdicts.c.claim_id.in_(list(chunk)))
                .order_by(_verdicts.c.run_id)
            )
            for v in self._summaries(_fetch_raw(conn, stmt)):
                out[v.claim_id] = v  # later runs win
        return out

    def _errored_ids(self, conn: Connection, run_id: int) -> set[str]:
        """Claims with fetch errors in the run (with or without a verdict)."""
        stmt = (
            select(_fetch_errors.c.claim_id)
            .where(_fetch_errors.c.run_id == run_id, _fetch_errors.c.claim_id.is_not(None))
            .distinct()
        )
        return {str(x) for x in conn.execute(stmt).scalars()}

    # -- failures ----------------------------------------------------------------------------

    def errored_claims(self, run_id: int) -> list[ErroredClaim]:
        """Claims the run could not check (fetch errors and no verdict), by id, with the errors."""
        errors = self.fetch_errors(run_id)
        with translate_errors(f"read errored claims of run {run_id}"), self._read() as conn:
            decided = set(
                conn.execute(
                    select(_verdicts.c.claim_id).where(_verdicts.c.run_id == run_id)
                ).scalars()
            )
            by_claim: dict[str, list[FetchErrorRecord]] = {}
            for err in errors:
                if err.claim_id is not None and err.claim_id not in decided:
                    by_claim.setdefault(err.claim_id, []).append(err)
            texts: dict[str, RowMapping] = {}
            for chunk in _chunks(sorted(by_claim)):
                stmt = (
                    select(_claims.c.claim_id, _claims.c.text, _claims.c.article_id)
                    .where(_claims.c.claim_id.in_(list(chunk)))
                    .order_by(_claims.c.last_seen, _claims.c.first_seen)
                )
                for r in conn.execute(stmt).mappings():
                    texts[r["claim_id"]] = r  # the most recently seen version wins
        return [
            ErroredClaim(
                run_id=run_id,
                claim_id=claim_id,
                claim_text=texts[claim_id]["text"] if claim_id in texts else None,
                article_id=texts[claim_id]["article_id"] if claim_id in texts else None,
                errors=by_claim[claim_id],
            )
            for claim_id in sorted(by_claim)
        ]

    def claim_timeline(self, claim_id: str) -> list[TimelineEntry]:
        """What happened to a claim in every run since it was first checked, oldest first: its
        verdict, its fetch errors, or nothing (a failed or interrupted run). Spot checks of other
        claims and runs after the claim left the claim files are left out."""
        verdicts = {v.run_id: v for v in self.history(claim_id)}
        with translate_errors(f"read timeline of {claim_id}"), self._read() as conn:
            last_seen = conn.execute(
                select(func.max(_claims.c.last_seen)).where(_claims.c.claim_id == claim_id)
            ).scalar()
            err_rows = (
                conn.execute(
                    select(_fetch_errors)
                    .where(_fetch_errors.c.claim_id == claim_id)
                    .order_by(_fetch_errors.c.id)
                )
                .mappings()
                .all()
            )
            touched = set(verdicts) | {int(r["run_id"]) for r in err_rows}
            if last_seen is None or not touched:
                return []
            stmt = select(_runs).where(_runs.c.id >= min(touched)).order_by(_runs.c.id)
            runs = [_run_info(r) for r in conn.execute(stmt).mappings()]
        # a run upserts its claims right after it starts: one that started after the claim was
        # last seen did not include it
        seen_until = _aware(last_seen)
        errors: dict[int, list[FetchErrorRecord]] = {}
        for r in err_rows:
            errors.setdefault(r["run_id"], []).append(
                FetchErrorRecord(
                    run_id=r["run_id"],
                    claim_id=r["claim_id"],
                    fetcher=r["fetcher"],
                    url=r["url"],
                    kind=r["kind"],
                    message=r["message"],
                    created_at=_aware(r["created_at"]),
                )
            )
        return [
            TimelineEntry(run=run, verdict=verdicts.get(run.id), errors=errors.get(run.id, []))
            for run in runs
            if run.id in touched or (not run.spot_check and run.started_at <= seen_until)
        ]

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
