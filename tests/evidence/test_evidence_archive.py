"""EvidenceArchive: content-addressed bodies, provenance, latest-per-fingerprint index, atomic writes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from _loopback import fail_transport, loopback_settings, run
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.errors import OfflineMissError
from factcheck.evidence import EvidenceArchive, write_atomic
from factcheck.http import FetchResponse, HttpClient, request_fingerprint

REPO_ROOT = Path(__file__).resolve().parents[2]


def response(
    content: bytes, *, url: str = "https://example.org/a?q=1", **kw: object
) -> FetchResponse:
    values: dict[str, object] = {
        "url": url,
        "final_url": url,
        "status": 200,
        "headers": {
            "content-type": "text/plain; charset=utf-8",
            "etag": '"e1"',
            "set-cookie": "secret=1",
            "server": "nginx",
        },
        "content": content,
        "encoding": "utf-8",
        "fetched_at": dt.datetime(2026, 3, 15, 8, 30, tzinfo=dt.UTC),
    }
    values.update(kw)
    return FetchResponse(**values)  # type: ignore[arg-type]


def fp(url: str = "https://example.org/a?q=1") -> str:
    return request_fingerprint("GET", url, None, None)


def test_record_then_lookup_round_trips_with_provenance(tmp_path: Path) -> None:
    archive = EvidenceArchive(tmp_path)
    body = "深度求索 evidence".encode()
    record = archive.record(
        fp(), response(body), fetcher="wikipedia", query="深度求索", claim_id="c-1"
    )
    sha = hashlib.sha256(body).hexdigest()
    assert record.sha256 == sha
    assert record.size == len(body)
    assert record.headers == {"content-type": "text/plain; charset=utf-8", "etag": '"e1"'}
    assert archive.body_path(sha) == tmp_path / "bodies" / sha[:2] / sha
    assert archive.body_path(sha).read_bytes() == body
    index = tmp_path / "index" / fp()[:2] / f"{fp()}.json"
    assert json.loads(index.read_text())["claim_id"] == "c-1"
    assert list((tmp_path / "provenance" / "2026-03").glob("*.json"))

    replay = archive.lookup(fp())
    assert replay is not None
    assert replay.content == body
    assert replay.from_archive is True
    assert replay.url == replay.final_url == "https://example.org/a?q=1"
    assert replay.status == 200
    assert replay.encoding == "utf-8"
    assert replay.fetched_at == dt.datetime(2026, 3, 15, 8, 30, tzinfo=dt.UTC)
    assert replay.text == "深度求索 evidence"
    assert archive.lookup(fp("https://example.org/other")) is None


def test_bodies_are_deduplicated(tmp_path: Path) -> None:
    archive = EvidenceArchive(tmp_path)
    body = b"same bytes"
    for i in range(3):
        url = f"https://example.org/{i}"
        archive.record(fp(url), response(body, url=url), fetcher="web", query=None, claim_id=None)
    assert archive.stats() == {
        "bodies": 1,
        "body_bytes": len(body),
        "records": 3,
        "fingerprints": 3,
    }


def test_latest_record_wins_and_history_is_kept(tmp_path: Path) -> None:
    archive = EvidenceArchive(tmp_path)
    old = response(b"old", fetched_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    new = response(b"new", fetched_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    archive.record(fp(), old, fetcher="web", query=None, claim_id="c-1")
    archive.record(fp(), new, fetcher="web", query=None, claim_id="c-1")
    replay = archive.lookup(fp())
    assert replay is not None
    assert replay.content == b"new"
    assert [r.sha256 for r in archive.iter_provenance()] == [
        hashlib.sha256(b"old").hexdigest(),
        hashlib.sha256(b"new").hexdigest(),
    ]
    docs = archive.documents_for_claim("c-1")
    assert len(docs) == 1
    assert docs[0].sha256 == hashlib.sha256(b"new").hexdigest()


def test_documents_for_claim_filters_by_claim(tmp_path: Path) -> None:
    archive = EvidenceArchive(tmp_path)
    for i, claim in enumerate(["c-1", "c-2", "c-1", None]):
        url = f"https://example.org/{i}"
        archive.record(
            fp(url), response(f"b{i}".encode(), url=url), fetcher="web", query="q", claim_id=claim
        )
    assert [r.url for r in archive.documents_for_claim("c-1")] == [
        "https://example.org/0",
        "https://example.org/2",
    ]
    assert archive.documents_for_claim("nope") == []
    before = archive.claim_digest("c-1")
    archive.record(
        fp("https://example.org/2"),
        response(b"changed", url="https://example.org/2"),
        fetcher="web",
        query="q",
        claim_id="c-1",
    )
    assert archive.claim_digest("c-1") != before
    assert archive.claim_digest("c-2") == archive.claim_digest("c-2")


def test_empty_archive_reads_as_empty(tmp_path: Path) -> None:
    archive = EvidenceArchive(tmp_path / "absent")
    assert archive.lookup(fp()) is None
    assert list(archive.iter_provenance()) == []
    assert archive.stats() == {"bodies": 0, "body_bytes": 0, "records": 0, "fingerprints": 0}
    assert not (tmp_path / "absent").exists()  # reading creates nothing


def test_tampered_body_is_not_replayed(tmp_path: Path) -> None:
    archive = EvidenceArchive(tmp_path)
    record = archive.record(fp(), response(b"original"), fetcher="web", query=None, claim_id=None)
    archive.body_path(record.sha256).write_bytes(b"tampered")
    assert archive.lookup(fp()) is None

    async def go() -> None:
        async with HttpClient(
            loopback_settings(), archive=archive, offline=True, transport=fail_transport()
        ) as client:
            await client.get("https://example.org/a?q=1")

    with pytest.raises(OfflineMissError):
        run(go())


def test_fingerprint_must_be_hex(tmp_path: Path) -> None:
    archive = EvidenceArchive(tmp_path)
    with pytest.raises(ValueError, match="64 lowercase hex"):
        archive.lookup("../../etc/passwd")
    with pytest.raises(ValueError, match="64 lowercase hex"):
        archive.body_path("abc")


def test_failed_write_leaves_nothing_visible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "dir" / "file.json"

    def broken_fsync(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"data")
    assert not target.exists()
    assert list(target.parent.iterdir()) == []  # the temp file was removed too


def test_killed_writer_leaves_no_partial_file(tmp_path: Path) -> None:
    """A writer SIGKILLed between writing the temp file and renaming it leaves no visible record."""
    root = tmp_path / "evidence"
    script = textwrap.dedent(
        f"""
        import datetime as dt, os, signal, sys
        sys.path.insert(0, {str(REPO_ROOT)!r})
        from factcheck.evidence import EvidenceArchive
        from factcheck.http import FetchResponse, request_fingerprint
        archive = EvidenceArchive(__import__("pathlib").Path({str(root)!r}))
        def die(src, dst):
            os.kill(os.getpid(), signal.SIGKILL)
        os.replace = die
        archive.record(
            request_fingerprint("GET", "https://example.org/k", None, None),
            FetchResponse(url="https://example.org/k", final_url="https://example.org/k", status=200,
                          headers={{}}, content=b"x" * 100000, encoding="utf-8",
                          fetched_at=dt.datetime.now(dt.timezone.utc)),
            fetcher="web", query=None, claim_id="c-k",
        )
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    leftovers = [p for p in root.rglob("*") if p.is_file()]
    assert leftovers, "the writer should have died with its temp file on disk"
    assert all(p.name.startswith(".tmp-") for p in leftovers)
    archive = EvidenceArchive(root)
    assert archive.stats() == {"bodies": 0, "body_bytes": 0, "records": 0, "fingerprints": 0}
    assert archive.lookup(request_fingerprint("GET", "https://example.org/k", None, None)) is None
    assert archive.documents_for_claim("c-k") == []


@settings(max_examples=30, deadline=None)
@given(content=st.binary(max_size=2000))
def test_content_address_is_stable(
    tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    archive = EvidenceArchive(tmp_path_factory.mktemp("ev"))
    sha = archive.write_body(content)
    assert sha == hashlib.sha256(content).hexdigest()
    assert archive.write_body(content) == sha
    assert archive.read_body(sha) == content
