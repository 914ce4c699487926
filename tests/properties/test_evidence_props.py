"""Properties of content addresses and fingerprints: stable for equal content, different otherwise.

Request fingerprints ignore parameter order, default ports and host case; archived responses read
back byte-identical under their fingerprint; document ids and claim content hashes depend on what is
said, not on bookkeeping fields; a run's evidence fingerprint ignores document order. (Body
addresses in the archive: ``tests/evidence/test_evidence_archive.py``.)
"""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.evidence import EvidenceArchive
from factcheck.fetchers.base import document_id
from factcheck.http import FetchResponse, request_fingerprint
from factcheck.models import Claim, Document, claim_content_hash
from factcheck.pipeline import evidence_fingerprint

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=8)
VALUES = st.text(alphabet=string.ascii_letters + string.digits + " -_.~中文", max_size=12)
PARAMS = st.dictionaries(KEYS, VALUES, min_size=1, max_size=6)
PATHS = st.lists(st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=8),
                 max_size=4).map(lambda parts: "/" + "/".join(parts))  # fmt: skip


@FAST
@given(PATHS, PARAMS, st.randoms())
def test_fingerprint_ignores_parameter_order(
    path: str, params: dict[str, str], rnd: object
) -> None:
    items = list(params.items())
    rnd.shuffle(items)  # type: ignore[attr-defined]
    base = f"https://example.org{path}"
    as_params = request_fingerprint("GET", base, params, None)
    assert request_fingerprint("GET", base, dict(items), None) == as_params
    assert request_fingerprint("GET", f"{base}?{urlencode(items)}", None, None) == as_params


@FAST
@given(PATHS, PARAMS)
def test_fingerprint_ignores_default_port_and_host_case(path: str, params: dict[str, str]) -> None:
    fp = request_fingerprint("GET", f"https://example.org{path}", params, None)
    assert request_fingerprint("GET", f"https://EXAMPLE.org:443{path}", params, None) == fp


@FAST
@given(PATHS, PARAMS, KEYS, VALUES)
def test_fingerprint_changes_with_the_request(
    path: str, params: dict[str, str], key: str, value: str
) -> None:
    base = f"https://example.org{path}"
    fp = request_fingerprint("GET", base, params, None)
    changed = {**params, key: value}
    if changed != params:
        assert request_fingerprint("GET", base, changed, None) != fp
    assert request_fingerprint("POST", base, params, b"{}") != fp
    assert request_fingerprint("GET", base.replace("https:", "http:"), params, None) != fp


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # fsyncs
@given(body=st.binary(max_size=3000), path=PATHS, status=st.sampled_from([200, 404, 410]))
def test_archived_responses_read_back_identical(
    tmp_path_factory: pytest.TempPathFactory, body: bytes, path: str, status: int
) -> None:
    archive = EvidenceArchive(tmp_path_factory.mktemp("ev"))
    url = f"https://example.org{path}"
    fp = request_fingerprint("GET", url, None, None)
    response = FetchResponse(
        url=url, final_url=url, status=status, headers={"content-type": "text/html"},
        content=body, encoding="utf-8", fetched_at=dt.datetime(2025, 3, 16, tzinfo=dt.UTC),
    )  # fmt: skip
    archive.record(fp, response, fetcher="web", query=None, claim_id="c1")
    again = archive.lookup(fp)
    assert again is not None
    assert (again.content, again.status, again.final_url) == (body, status, url)
    # recording the same body twice keeps one copy
    archive.record(fp, response, fetcher="web", query=None, claim_id="c2")
    bodies = [p for p in Path(archive.root, "bodies").rglob("*") if p.is_file()]
    assert len(bodies) == 1


TEXT = st.text(min_size=1, max_size=80).filter(
    lambda s: s.strip() and all(ch.isprintable() or ch in "\t\n" for ch in s)
)


@FAST
@given(st.sampled_from(["web", "wikipedia"]), PATHS, TEXT, TEXT)
def test_document_ids_follow_url_and_text(fetcher: str, path: str, text: str, other: str) -> None:
    url = f"https://example.org{path}"
    doc_id = document_id(fetcher, url, text)
    assert doc_id == document_id(fetcher, url, text)
    assert doc_id.startswith(f"{fetcher}:")
    if other != text:
        assert document_id(fetcher, url, other) != doc_id


@FAST
@given(TEXT, TEXT, st.lists(st.sampled_from(["a", "b", "economy"]), max_size=3),
       st.sampled_from(["active", "stale"]), st.none() | st.floats(0, 1))  # fmt: skip
def test_claim_hash_depends_on_what_is_claimed(
    text: str, other: str, tags: list[str], status: str, checkworthy: float | None
) -> None:
    claim = Claim(id="c1", text=text)
    bookkeeping = Claim(id="c1", text=text, tags=tags, status=status, checkworthy=checkworthy)  # type: ignore[arg-type]
    assert claim_content_hash(bookkeeping) == claim_content_hash(claim)
    if other != text:
        assert claim_content_hash(Claim(id="c1", text=other)) != claim_content_hash(claim)


@FAST
@given(st.lists(st.text(alphabet="abcdef0123456789", min_size=4, max_size=16), min_size=1,
                max_size=6, unique=True), st.randoms())  # fmt: skip
def test_evidence_fingerprint_ignores_document_order(ids: list[str], rnd: object) -> None:
    at = dt.datetime(2025, 3, 16, tzinfo=dt.UTC)
    docs = [Document(id=f"web:{i}", url="https://example.org/", text="t", fetcher="web",
                     retrieved_at=at) for i in ids]  # fmt: skip
    shuffled = list(docs)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    fp = evidence_fingerprint(docs, "v1")
    assert evidence_fingerprint(shuffled, "v1") == fp
    assert evidence_fingerprint(docs, "v2") != fp
    assert evidence_fingerprint(docs[1:], "v1") != fp or len(docs) == 1
