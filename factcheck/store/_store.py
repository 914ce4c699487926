"""The verdict store: every run, claim version, document, verdict, review and fetch error.

All database access of factcheck goes through :class:`Store`. Every public method translates
SQLAlchemy errors into :class:`~factcheck.errors.StoreError` (``LockedError`` on lock contention).
"""

from __future__ import annotations

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
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, RowMapping

from factcheck.errors import FetchError, InputError, LockedError, NotFoundError, StoreError
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
    Change,
    DocumentInfo,
    FetchErrorRecord,
    Review,
    RunInfo,
    RunStatus,
    StoredVerdict,
    VerdictWrite,
)
from factcheck.store.tables import (
    ClaimRow,
    DocumentRow,
    EvidenceLinkRow,
    FetchErrorRow,
    ReviewRow,
    RunRow,
    VerdictRow,
)

__all__ = ["Store", "clean_text", "mask_secrets"]

logger = logging.getLogger(__name__)

_runs: Table = RunRow.__table__  # type: ignore[attr-defined]
_claims: Table = ClaimRow.__table__  # type: ignore[attr-defined]
_documents: Table = DocumentRow.__table__  # type: ignore[attr-defined]
_verdicts: Table = VerdictRow.__table__  # type: ignore[attr-defined]
_links: Table = EvidenceLinkRow.__table__  # type: ignore[attr-defined]
_reviews: Table = ReviewRow.__table__  # type: ignore[attr-defined]
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
    )


def _status(value: str) -> RunStatus:
    if value not in RUN_STATUSES:
        raise StoreError(f"unknown run status {value!r} in the store")
    return cast(RunStatus, value)


def _review(row: RowMapping) -> Review:
    return Review(
        id=row["id"],
        claim_id=row["claim_id"],
        claim_hash=row["claim_hash"],
        label=row["label"],
        note=row["note"],
        by=row["reviewer"],
        created_at=_aware(row["created_at"]),
    )


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

    @contextmanager
    def _pg_lock(self, timeout_s: float) -> Iterator[None]:
        key = advisory_key(self._url)
        with translate_errors("run lock"):
            conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            deadline = time.monotonic() + timeout_s
            while True:
                with translate_errors("run lock"):
                    got = conn.execute(select(func.pg_try_advisory_lock(key))).scalar()
                if got:
                    break
                if time.monotonic() >= deadline:
                    raise LockedError("another run holds the run lock (Postgres advisory lock)")
                time.sleep(0.1)
            try:
                yield
            finally:
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
    ) -> RunInfo:
        """Record a new running run, or reopen ``resume_run_id`` (:class:`NotFoundError` if unknown).

        ``config`` is stored with secrets masked (keys like ``api_key``, passwords in URLs).
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

    def latest_run(self, *, status: str | None = None) -> RunInfo | None:
        """The newest run (with this status, if given), or ``None``."""
        stmt = select(_runs).order_by(_runs.c.id.desc()).limit(1)
        if status is not None:
            stmt = stmt.where(_runs.c.status == status)
        with translate_errors("read latest run"), self._read() as conn:
            row = conn.execute(stmt).mappings().first()
        return None if row is None else _run_info(row)

    def previous_run(self, run_id: int, *, status: str | None = "completed") -> RunInfo | None:
        """The newest run before ``run_id`` (completed ones by default; ``status=None``: any)."""
        stmt = select(_runs).where(_runs.c.id < run_id).order_by(_runs.c.id.desc()).limit(1)
        if status is not None:
            stmt = stmt.where(_runs.c.status == status)
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

    def _latest_reviews(
        self, conn: Connection, claim_ids: Iterable[str] | None = None
    ) -> dict[tuple[str, str], Review]:
        stmt = select(_reviews).order_by(_reviews.c.created_at, _reviews.c.id)
        wanted = None if claim_ids is None else sorted(set(claim_ids))
        out: dict[tuple[str, str], Review] = {}
        if wanted is not None and len(wanted) <= _CHUNK:
            stmt = stmt.where(_reviews.c.claim_id.in_(wanted))
        for row in conn.execute(stmt).mappings():
            review = _review(row)
            out[(review.claim_id, review.claim_hash)] = review  # later rows win
        return out

    @staticmethod
    def _stored(row: RowMapping, reviews: Mapping[tuple[str, str], Review]) -> StoredVerdict:
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
            review=reviews.get((row["claim_id"], row["claim_hash"])),
            needs_review=bool(row["needs_review"]),
            trace=[TraceStep.model_validate(t) for t in row["trace"] or []],
        )

    def verdicts_for_run(self, run_id: int) -> list[StoredVerdict]:
        """Every verdict of a run (by claim id), with claim text and the overriding review, if any."""
        stmt = self._verdict_select().where(_verdicts.c.run_id == run_id)
        stmt = stmt.order_by(_verdicts.c.claim_id)
        with translate_errors(f"read verdicts of run {run_id}"), self._read() as conn:
            rows = conn.execute(stmt).mappings().all()
            reviews = self._latest_reviews(conn, (r["claim_id"] for r in rows))
        return [self._stored(r, reviews) for r in rows]

    def history(self, claim_id: str) -> list[StoredVerdict]:
        """Every verdict of a claim across runs, oldest run first."""
        stmt = self._verdict_select().where(_verdicts.c.claim_id == claim_id)
        stmt = stmt.order_by(_verdicts.c.run_id)
        with translate_errors(f"read history of {claim_id}"), self._read() as conn:
            rows = conn.execute(stmt).mappings().all()
            reviews = self._latest_reviews(conn, [claim_id])
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
            reviews = self._latest_reviews(conn, [claim_id])
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
            reviews = self._latest_reviews(conn, [claim_id])
        return self._stored(row, reviews)

    def label_counts(self, run_id: int, *, reviewed: bool = True) -> dict[str, int]:
        """Verdicts per label in a run (every label present); ``reviewed``: reviews override."""
        counts = dict.fromkeys(LABELS, 0)
        if reviewed:
            with translate_errors("count verdicts"), self._read() as conn:
                rows = self._summary_rows(conn, run_id)
                reviews = self._latest_reviews(conn, rows.keys())
            for r in rows.values():
                review = reviews.get((r["claim_id"], r["claim_hash"]))
                counts[review.label if review is not None else r["label"]] += 1
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
        """Machine verdicts per label that need review and have no human review (every label)."""
        counts = dict.fromkeys(LABELS, 0)
        with translate_errors("count unverified verdicts"), self._read() as conn:
            rows = self._summary_rows(conn, run_id)
            reviews = self._latest_reviews(conn, rows.keys())
        for r in rows.values():
            if r["needs_review"] and (r["claim_id"], r["claim_hash"]) not in reviews:
                counts[r["label"]] += 1
        return counts

    def changes_between(self, run_a: int, run_b: int) -> list[Change]:
        """What changed from run ``run_a`` to run ``run_b``: flips, new and removed claims."""
        with translate_errors(f"compare runs {run_a} and {run_b}"), self._read() as conn:
            before = self._summary_rows(conn, run_a)
            after = self._summary_rows(conn, run_b)
        changes: list[Change] = []
        for claim_id in sorted(before.keys() | after.keys()):
            a, b = before.get(claim_id), after.get(claim_id)
            if a is not None and b is not None:
                if a["label"] != b["label"]:
                    changes.append(
                        Change(
                            claim_id=claim_id,
                            kind="flip",
                            before=a["label"],
                            after=b["label"],
                            before_confidence=a["confidence"],
                            after_confidence=b["confidence"],
                            claim_text=b["claim_text"],
                            claim_changed=a["claim_hash"] != b["claim_hash"],
                        )
                    )
            elif b is not None:
                changes.append(
                    Change(
                        claim_id, "new", None, b["label"], None, b["confidence"], b["claim_text"]
                    )
                )
            elif a is not None:
                changes.append(
                    Change(
                        claim_id,
                        "removed",
                        a["label"],
                        None,
                        a["confidence"],
                        None,
                        a["claim_text"],
                    )
                )
        return changes

    def _summary_rows(self, conn: Connection, run_id: int) -> dict[str, RowMapping]:
        """Claim id → the few columns run summaries need (not whole verdicts: flat memory)."""
        stmt = (
            select(
                _verdicts.c.claim_id,
                _verdicts.c.claim_hash,
                _verdicts.c.label,
                _verdicts.c.confidence,
                _verdicts.c.needs_review,
                _claims.c.text.label("claim_text"),
            )
            .join(
                _claims,
                and_(
                    _claims.c.claim_id == _verdicts.c.claim_id,
                    _claims.c.content_hash == _verdicts.c.claim_hash,
                ),
            )
            .where(_verdicts.c.run_id == run_id)
        )
        return {r["claim_id"]: r for r in conn.execute(stmt).mappings()}

    # -- reviews -----------------------------------------------------------------------------

    def add_review(
        self,
        claim_id: str,
        *,
        label: str,
        note: str,
        by: str,
        claim_hash: str | None = None,
    ) -> Review:
        """Record a human label for the claim's current version (or ``claim_hash``).

        Raises :class:`NotFoundError` when the store has never seen the claim (version).
        """
        checked = _check_label(label)
        note, by = clean_text(note), clean_text(by)
        with translate_errors(f"add review of {claim_id}"), self._write() as conn:
            if claim_hash is None:
                claim_hash = conn.execute(
                    select(_claims.c.content_hash)
                    .where(_claims.c.claim_id == claim_id)
                    .order_by(_claims.c.last_seen.desc(), _claims.c.first_seen.desc())
                    .limit(1)
                ).scalar()
                if claim_hash is None:
                    raise NotFoundError(f"claim {claim_id!r} is not in the verdict store")
            else:
                known = conn.execute(
                    select(func.count())
                    .select_from(_claims)
                    .where(_claims.c.claim_id == claim_id, _claims.c.content_hash == claim_hash)
                ).scalar()
                if not known:
                    raise NotFoundError(f"claim {claim_id!r} version {claim_hash[:12]} not found")
            now = _now()
            result = conn.execute(
                _reviews.insert().values(
                    claim_id=claim_id,
                    claim_hash=claim_hash,
                    label=checked,
                    note=note,
                    reviewer=by,
                    created_at=now,
                )
            )
            review_id = _new_id(result)
        return Review(review_id, claim_id, claim_hash, checked, note, by, now)

    def review_for(self, claim_id: str, claim_hash: str) -> Review | None:
        """The newest review of this claim version, or ``None`` (reviews of older texts don't count)."""
        stmt = (
            select(_reviews)
            .where(_reviews.c.claim_id == claim_id, _reviews.c.claim_hash == claim_hash)
            .order_by(_reviews.c.created_at.desc(), _reviews.c.id.desc())
            .limit(1)
        )
        with translate_errors(f"read review of {claim_id}"), self._read() as conn:
            row = conn.execute(stmt).mappings().first()
        return None if row is None else _review(row)

    def reviews(self, claim_id: str) -> list[Review]:
        """Every review of a claim (all versions), oldest first."""
        stmt = (
            select(_reviews)
            .where(_reviews.c.claim_id == claim_id)
            .order_by(_reviews.c.created_at, _reviews.c.id)
        )
        with translate_errors(f"read reviews of {claim_id}"), self._read() as conn:
            return [_review(r) for r in conn.execute(stmt).mappings()]
