"""The evidence archive: exact copies of everything fetched, with provenance, replayable offline.

Layout under the archive root (``settings.evidence_dir``, default ``evidence/``)::

    bodies/<sha[:2]>/<sha256>                   decoded response body, content-addressed (deduplicated)
    provenance/<yyyy-mm>/<stamp>-<fp[:16]>.json  one record per fetch (url, status, headers, fetcher…)
    index/<fp[:2]>/<fingerprint>.json           the latest record for a request fingerprint
    text/<key[:2]>/<key>.json                   text extracted from a body (keyed by its sha256,
                                                URL, charset and extractor version): a cache
    inputs/<id[:2]>/<sha256(claim id)>.json     what a claim's last verdict rested on (responses
                                                by fingerprint and body sha256; pipeline._rerun)
    robots/<sha256(origin)>.json                the robots.txt of an origin kept between runs, with
                                                its validators and when it must be revalidated
                                                (factcheck.http._robots)

``fingerprint`` is :func:`factcheck.http.request_fingerprint` (method, scheme, host, port, path,
sorted query, body hash), so ``--offline`` replays exactly the answer last fetched for the same
request. Every file is written to a temporary name in its target folder, fsynced (bodies and
provenance) and renamed (``os.replace``): a killed writer leaves at most a hidden ``.tmp-*`` file,
never a partial record or body; readers ignore those. Bodies are written before the provenance
record and the index entry, so an index entry never points at a missing body; the index entry, a
copy of the latest record, is not fsynced (a power cut may leave it torn: it is then unreadable and
the request is fetched again). This module is the only writer of the folder.

Extracted text (``text/``), claim inputs (``inputs/``) and robots.txt (``robots/``) are derived
data: it is written without fsync (a torn entry after a power cut is unreadable JSON, ignored and
extracted or fetched again) and deleting the folder only costs a re-parse or a request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from factcheck._atomic import TMP_PREFIX, write_atomic
from factcheck.config import Settings
from factcheck.errors import StoreError
from factcheck.http import FetchResponse

__all__ = [
    "KEPT_HEADERS",
    "EvidenceArchive",
    "ProvenanceRecord",
    "write_atomic",
]

logger = logging.getLogger(__name__)

KEPT_HEADERS: tuple[str, ...] = (
    "content-type",
    "etag",
    "last-modified",
    "date",
    "content-language",
)
"""Response headers kept in provenance (all that replay, revalidation and reports need)."""

_HEX64 = re.compile(r"[0-9a-f]{64}")  # fullmatch: "$" also accepts a final newline
_TEXT_MEMO = 512  # extracted texts kept in memory (a page cited by many claims of one run)


class ProvenanceRecord(BaseModel):
    """Where one archived body came from: one record per fetch."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fingerprint: str = Field(
        description="Request fingerprint (factcheck.http.request_fingerprint)."
    )
    url: str = Field(description="URL requested, query string included.")
    final_url: str = Field(description="URL after redirects.")
    status: int = Field(description="HTTP status of the final response.")
    headers: dict[str, str] = Field(default_factory=dict, description="Selected response headers.")
    fetched_at: dt.datetime = Field(description="When the response arrived (UTC).")
    fetcher: str | None = Field(default=None, description="Fetcher that asked for it.")
    query: str | None = Field(default=None, description="Search query that led to it, if any.")
    claim_id: str | None = Field(default=None, description="Claim it was fetched for, if any.")
    sha256: str = Field(description="Content address of the body under bodies/.")
    size: int = Field(ge=0, description="Body size in bytes (decoded from content-encoding).")
    encoding: str = Field(description="Charset detected for the body.")
    validated_at: dt.datetime | None = Field(
        default=None,
        description="When a conditional request last confirmed the body unchanged (UTC), if ever "
        "(set on the index entry only).",
    )


_TEXT_MEMO = 512  # extracted texts kept in memory (a page cited by many claims of one run)


class EvidenceArchive:
    """Content-addressed bodies plus provenance; implements :class:`factcheck.http.ResponseArchive`
    (and keeps robots.txt between runs for the client: ``get_robots``/``put_robots``)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._texts: OrderedDict[str, dict[str, Any]] = OrderedDict()

    @classmethod
    def from_settings(cls, settings: Settings) -> EvidenceArchive:
        """Open the archive at ``settings.evidence_dir``."""
        return cls(settings.evidence_dir)

    # -- paths ----------------------------------------------------------------------------

    def body_path(self, sha256: str) -> Path:
        """Path of the body with this content address (it may not exist)."""
        _check_hex(sha256, "sha256")
        return self.root / "bodies" / sha256[:2] / sha256

    def _index_path(self, fingerprint: str) -> Path:
        _check_hex(fingerprint, "fingerprint")
        return self.root / "index" / fingerprint[:2] / f"{fingerprint}.json"

    def _text_path(self, key: str) -> Path:
        _check_hex(key, "text key")
        return self.root / "text" / key[:2] / f"{key}.json"

    def _provenance_path(self, record: ProvenanceRecord) -> Path:
        at = record.fetched_at.astimezone(dt.UTC)
        stamp = at.strftime("%Y%m%dT%H%M%S%fZ")
        name = f"{stamp}-{record.fingerprint[:16]}-{record.sha256[:8]}.json"
        return self.root / "provenance" / at.strftime("%Y-%m") / name

    # -- writing --------------------------------------------------------------------------

    def write_body(self, content: bytes) -> str:
        """Store ``content`` once under its sha256 and return the address (dedup: no rewrite).

        Raises :class:`~factcheck.errors.StoreError` when the disk refuses the write (full, read-only).
        """
        sha = hashlib.sha256(content).hexdigest()
        path = self.body_path(sha)
        if not path.exists():
            self._write(path, content)
        return sha

    def _write(self, path: Path, data: bytes, *, durable: bool = True) -> None:
        try:
            write_atomic(path, data, durable=durable)
        except OSError as exc:  # disk full, permissions: a storage failure, not a bug
            raise StoreError(f"cannot write the evidence archive {self.root}: {exc}") from exc

    def record(
        self,
        fingerprint: str,
        response: FetchResponse,
        *,
        fetcher: str | None,
        query: str | None,
        claim_id: str | None,
    ) -> ProvenanceRecord:
        """Archive ``response`` as the latest answer to ``fingerprint``; return its provenance."""
        _check_hex(fingerprint, "fingerprint")
        sha = self.write_body(response.content)
        fetched_at = response.fetched_at
        if fetched_at.tzinfo is None:
            fetched_at = fetched_at.replace(tzinfo=dt.UTC)
        record = ProvenanceRecord(
            fingerprint=fingerprint,
            url=response.url,
            final_url=response.final_url,
            status=response.status,
            headers={k: response.headers[k] for k in KEPT_HEADERS if k in response.headers},
            fetched_at=fetched_at.astimezone(dt.UTC),
            fetcher=fetcher,
            query=query,
            claim_id=claim_id,
            sha256=sha,
            size=len(response.content),
            encoding=response.encoding,
        )
        data = record.model_dump_json(indent=1).encode("utf-8")
        self._write(self._provenance_path(record), data)
        # the index is the latest provenance record again: a power cut may tear it (unreadable:
        # the request is fetched again), so it needs no fsync of its own
        self._write(self._index_path(fingerprint), data, durable=False)
        return record

    def put_text(self, key: str, info: dict[str, Any]) -> None:
        """Keep the text extracted from a body under ``key`` (see :mod:`factcheck.fetchers._html`)."""
        data = json.dumps(info, ensure_ascii=False, sort_keys=True).encode("utf-8")
        self._write(self._text_path(key), data, durable=False)
        self._memo(key, info)

    def _inputs_path(self, claim_id: str) -> Path:
        key = hashlib.sha256(claim_id.encode("utf-8")).hexdigest()
        return self.root / "inputs" / key[:2] / f"{key}.json"

    def put_inputs(self, claim_id: str, inputs: dict[str, Any]) -> None:
        """Keep what the verdict of ``claim_id`` rested on (see :mod:`factcheck.pipeline._rerun`)."""
        data = json.dumps(inputs, ensure_ascii=False, sort_keys=True).encode("utf-8")
        self._write(self._inputs_path(claim_id), data, durable=False)

    def get_inputs(self, claim_id: str) -> dict[str, Any] | None:
        """What the last verdict of ``claim_id`` rested on, or ``None`` (absent or unreadable)."""
        return _read_json(self._inputs_path(claim_id))

    def _robots_path(self, origin: str) -> Path:
        return self.root / "robots" / f"{hashlib.sha256(origin.encode('utf-8')).hexdigest()}.json"

    def put_robots(self, origin: str, entry: dict[str, Any]) -> None:
        """Keep the robots.txt answer of ``origin`` (``scheme://host:port``) between runs."""
        data = json.dumps({**entry, "origin": origin}, ensure_ascii=False, sort_keys=True)
        self._write(self._robots_path(origin), data.encode("utf-8"), durable=False)

    def get_robots(self, origin: str) -> dict[str, Any] | None:
        """The robots.txt answer kept for ``origin``, or ``None`` (absent or unreadable)."""
        return _read_json(self._robots_path(origin))

    def _memo(self, key: str, info: dict[str, Any]) -> None:
        self._texts[key] = info
        self._texts.move_to_end(key)
        while len(self._texts) > _TEXT_MEMO:
            self._texts.popitem(last=False)

    # -- reading --------------------------------------------------------------------------

    def get_text(self, key: str) -> dict[str, Any] | None:
        """The text extracted from a body under ``key``, or ``None`` (absent or unreadable)."""
        info = self._texts.get(key)
        if info is not None:
            self._texts.move_to_end(key)
            return info
        loaded = _read_json(self._text_path(key))
        if loaded is not None:
            self._memo(key, loaded)
        return loaded

    def read_body(self, sha256: str) -> bytes | None:
        """Return the body with this address, or ``None`` when absent or not matching its hash."""
        path = self.body_path(sha256)
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            return None
        if hashlib.sha256(content).hexdigest() != sha256:
            logger.warning("evidence body %s does not match its address; ignored", path)
            return None
        return content

    def touch(self, fingerprint: str, when: dt.datetime | None = None) -> None:
        """Note on the index entry that the body was confirmed unchanged at ``when`` (now): its
        freshness window starts again (see :mod:`factcheck.pipeline._rerun`)."""
        record = self.latest(fingerprint)
        if record is None:
            return
        at = (when or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        data = record.model_copy(update={"validated_at": at}).model_dump_json(indent=1)
        self._write(self._index_path(fingerprint), data.encode("utf-8"), durable=False)

    def latest(self, fingerprint: str) -> ProvenanceRecord | None:
        """Return the latest provenance record for ``fingerprint``, or ``None``."""
        return _read_record(self._index_path(fingerprint))

    def lookup(self, fingerprint: str) -> FetchResponse | None:
        """Return the latest archived response for ``fingerprint`` (``from_archive=True``)."""
        record = self.latest(fingerprint)
        if record is None:
            return None
        content = self.read_body(record.sha256)
        if content is None:
            logger.warning("evidence index %s points at a missing body", fingerprint)
            return None
        return FetchResponse(
            url=record.url,
            final_url=record.final_url,
            status=record.status,
            headers=dict(record.headers),
            content=content,
            encoding=record.encoding,
            fetched_at=record.fetched_at,
            from_archive=True,
        )

    def iter_provenance(self) -> Iterator[ProvenanceRecord]:
        """Yield every provenance record, oldest first (unreadable files are logged and skipped)."""
        folder = self.root / "provenance"
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*/*.json")):
            if path.name.startswith(TMP_PREFIX):
                continue
            record = _read_record(path)
            if record is not None:
                yield record

    def documents_for_claim(self, claim_id: str) -> list[ProvenanceRecord]:
        """Return the latest record per request fetched for ``claim_id``, oldest first."""
        latest: dict[str, ProvenanceRecord] = {}
        for record in self.iter_provenance():
            if record.claim_id == claim_id:
                latest[record.fingerprint] = record
        return sorted(latest.values(), key=lambda r: (r.fetched_at, r.fingerprint))

    def claim_digest(self, claim_id: str) -> str:
        """Return a digest of the evidence archived for a claim (changes when any body changes)."""
        parts = sorted(f"{r.fingerprint}:{r.sha256}" for r in self.documents_for_claim(claim_id))
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()

    def stats(self) -> dict[str, int]:
        """Count bodies, their bytes, provenance records and index entries."""
        bodies = [
            p
            for p in (self.root / "bodies").glob("*/*")
            if p.is_file() and not p.name.startswith(TMP_PREFIX)
        ]
        records = [
            p
            for p in (self.root / "provenance").glob("*/*.json")
            if not p.name.startswith(TMP_PREFIX)
        ]
        index = [
            p for p in (self.root / "index").glob("*/*.json") if not p.name.startswith(TMP_PREFIX)
        ]
        return {
            "bodies": len(bodies),
            "body_bytes": sum(p.stat().st_size for p in bodies),
            "records": len(records),
            "fingerprints": len(index),
        }


def _check_hex(value: str, what: str) -> None:
    if not _HEX64.fullmatch(value):
        raise ValueError(f"{what} must be 64 lowercase hex digits, got {value!r}")


def _read_record(path: Path) -> ProvenanceRecord | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        return ProvenanceRecord.model_validate(json.loads(raw))
    except (ValueError, ValidationError) as exc:
        logger.warning("unreadable evidence record %s: %s", path, exc)
        return None


def _read_json(path: Path) -> dict[str, Any] | None:
    """A derived JSON object (``text/``, ``inputs/``); ``None`` when absent or torn (a power cut)."""
    try:
        loaded = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except ValueError as exc:
        logger.warning("unreadable %s: %s", path, exc)
        return None
    return loaded if isinstance(loaded, dict) else None
