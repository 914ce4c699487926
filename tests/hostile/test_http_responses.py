"""Hostile HTTP responses through the whole path: claim ``sources`` → web fetcher → HttpClient → run.

A loopback server (``localhost`` on its own ports; the only entries in ``http.allow_private``) answers each claim's
source URL with one hostile response: bombs, endless bodies, wrong content types, redirect loops,
redirects into private address space or to other schemes. One run checks every claim at once
(``run_claims``, the library entry point); a few cases are repeated through ``factcheck fetch``.

For every ``error`` case: the run completes, exactly one fetch error of the expected kind is recorded
for the claim with its URL and fetcher, and the claim gets no verdict and no document. ``inert``
cases (a body that is odd but harmless text) may become a document; the run must not crash and the
text must be plain text.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from _loopback import RawServer
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from factcheck.config import Settings, load_settings
from factcheck.pipeline import RunOptions, RunSummary, run_claims
from factcheck.store import Store

from ._common import cli

BOMB = gzip.compress(b"\0" * 30_000_000, compresslevel=9)  # 30 MB of zeros in ~30 KB
PDF = b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class Case:
    name: str
    setup: Callable[[HTTPServer, ExitStack], str]  # returns the source URL of the claim
    kind: str | None  # the FetchError kind recorded; None: inert (a document may result)


def _respond(**kwargs: Any) -> Callable[[HTTPServer, ExitStack], str]:
    def setup(server: HTTPServer, stack: ExitStack) -> str:
        path = f"/r{len(server.handlers)}"
        server.expect_request(path).respond_with_data(**kwargs)
        return server.url_for(path)

    return setup


def _handler(fn: Callable[[Request], Response]) -> Callable[[HTTPServer, ExitStack], str]:
    def setup(server: HTTPServer, stack: ExitStack) -> str:
        path = f"/h{len(server.handlers)}"
        server.expect_request(path).respond_with_handler(fn)
        return server.url_for(path)

    return setup


def _redirect(location: str) -> Callable[[HTTPServer, ExitStack], str]:
    return _respond(response_data="", status=302, headers={"Location": location})


def _raw(payload: bytes) -> Callable[[HTTPServer, ExitStack], str]:
    def setup(server: HTTPServer, stack: ExitStack) -> str:
        raw = stack.enter_context(RawServer(payload))
        return f"http://localhost:{raw.port}/raw"

    return setup


def _endless(request: Request) -> Response:
    def body() -> Iterator[bytes]:
        while True:
            yield b"<p>" + b"more " * 2000 + b"</p>"

    return Response(body(), content_type="text/html", direct_passthrough=True)


def _loop(server: HTTPServer, stack: ExitStack) -> str:
    server.expect_request("/loop-a").respond_with_data(
        "", status=301, headers={"Location": "/loop-b"}
    )
    server.expect_request("/loop-b").respond_with_data(
        "", status=307, headers={"Location": server.url_for("/loop-a")}
    )
    return server.url_for("/loop-a")


def _long_chain(server: HTTPServer, stack: ExitStack) -> str:
    for i in range(40):
        server.expect_request(f"/chain{i}").respond_with_data(
            "", status=302, headers={"Location": f"/chain{i + 1}"}
        )
    return server.url_for("/chain0")


def _to_own_port_by_ip(server: HTTPServer, stack: ExitStack) -> str:
    # the same server, addressed by its IP instead of the allow-listed name
    return _redirect(f"http://127.0.0.1:{server.port}/")(server, stack)


HTML = "text/html; charset=utf-8"

CASES: list[Case] = [
    Case("gzip-bomb", _respond(response_data=BOMB, headers={"Content-Encoding": "gzip"},
                               content_type="text/html"), "too_large"),
    Case("deflate-bomb", _respond(response_data=zlib.compress(b" " * 30_000_000, 9),
                                  headers={"Content-Encoding": "deflate"}, content_type="text/html"),
         "too_large"),
    Case("endless-chunked-body", _handler(_endless), "too_large"),
    Case("content-length-lie",
         _raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 999999999999\r\n"
              b"Connection: close\r\n\r\n<p>tiny</p>"), "too_large"),
    Case("retry-after-superscript",
         _raw(b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: \xb2\r\nContent-Length: 0\r\n"
              b"Connection: close\r\n\r\n"), "status"),
    Case("content-length-superscript",
         _raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \xb2\r\n"
              b"Connection: close\r\n\r\n<p>x</p>"), "connect"),
    Case("retry-after-year-9999",
         _respond(response_data="", status=503,
                  headers={"Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT"}), "status"),
    Case("corrupt-gzip", _respond(response_data=b"\x1f\x8b\x08\x00garbage-not-gzip" * 10,
                                  headers={"Content-Encoding": "gzip"}, content_type="text/html"),
         "content"),
    Case("unsupported-encoding-br", _respond(response_data=b"\x0b\x02\x80hello",
                                             headers={"Content-Encoding": "br"},
                                             content_type="text/html"), "content"),
    Case("pdf-content-type", _respond(response_data=PDF, content_type="application/pdf"),
         "content"),
    Case("png-content-type", _respond(response_data=PNG, content_type="image/png"), "content"),
    Case("octet-stream", _respond(response_data=os.urandom(4096),
                                  content_type="application/octet-stream"), "content"),
    Case("javascript-content-type",
         _respond(response_data="document.location='http://169.254.169.254/'",
                  content_type="application/javascript"), "content"),
    Case("binary-body-without-content-type",
         _raw(b"HTTP/1.1 200 OK\r\nContent-Length: " + str(len(PNG)).encode()
              + b"\r\nConnection: close\r\n\r\n" + PNG), "content"),
    Case("binary-body-declared-html", _respond(response_data=PNG, content_type="text/html"),
         "content"),
    Case("redirect-loop", _loop, "redirects"),
    Case("redirect-chain-40", _long_chain, "redirects"),
    Case("redirect-to-127.0.0.1", _to_own_port_by_ip, "blocked_address"),
    Case("redirect-to-metadata", _redirect("http://169.254.169.254/latest/meta-data/"),
         "blocked_address"),
    Case("redirect-to-ipv6-loopback", _redirect("http://[::1]/"), "blocked_address"),
    Case("redirect-to-ipv4-mapped-ipv6", _redirect("http://[::ffff:127.0.0.1]/"),
         "blocked_address"),
    Case("redirect-to-unspecified", _redirect("http://0.0.0.0/"), "blocked_address"),
    Case("redirect-to-private-10", _redirect("http://10.0.0.1/admin"), "blocked_address"),
    Case("redirect-to-decimal-ip", _redirect("http://2130706433/"), "blocked_address"),
    Case("redirect-to-hex-ip", lambda s, st: _redirect(f"http://0x7f000001:{s.port}/")(s, st),
         "blocked_address"),
    Case("redirect-to-expanded-ipv6-loopback", _redirect("http://[0:0:0:0:0:0:0:1]/"),
         "blocked_address"),
    Case("redirect-scheme-relative-metadata", _redirect("//169.254.169.254/latest/"),
         "blocked_address"),
    Case("redirect-userinfo-confusion",
         lambda s, st: _redirect(f"http://localhost:{s.port}@169.254.169.254/")(s, st),
         "blocked_address"),
    # browsers read this as http://169.254.169.254/; the client resolves it as a path on the same
    # host, which answers 500 (no such page): the metadata address is never contacted either way
    Case("redirect-backslash-trick", _redirect("http:\\\\169.254.169.254\\latest"), "status"),
    # httpx refuses a malformed Location itself: a protocol error, recorded as "connect"
    Case("redirect-malformed-ipv6",
         _raw(b"HTTP/1.1 302 Found\r\nLocation: http://[::1/\r\nContent-Length: 0\r\n"
              b"Connection: close\r\n\r\n"), "connect"),
    Case("redirect-location-with-spaces-and-crlf",
         _raw(b"HTTP/1.1 302 Found\r\nLocation: http://exa mple.invalid/\x00x\r\n"
              b"Content-Length: 0\r\nConnection: close\r\n\r\n"), "connect"),
    Case("redirect-to-file-scheme", _redirect("file:///etc/passwd"), "invalid_url"),
    Case("redirect-to-gopher", _redirect("gopher://127.0.0.1:6379/_FLUSHALL"), "invalid_url"),
    Case("invalid-charset-label",
         _respond(response_data="<html><body><p>Caf\xe9 na\xefve r\xe9sum\xe9 text.</p></body></html>"
                  .encode("latin-1") * 5, content_type="text/html; charset=x-no-such-charset"),
         None),
    Case("charset-utf7-script",
         _respond(response_data=b"<html><body><p>+ADw-script+AD4-alert(1)+ADw-/script+AD4- "
                  b"words words words.</p></body></html>", content_type="text/html; charset=utf-7"),
         None),
    Case("utf8-declared-invalid-bytes",
         _respond(response_data=b"<html><body><p>valid start \xff\xfe\xc3 broken end words.</p>"
                  b"</body></html>", content_type=HTML), None),
]  # fmt: skip


def _claims_yaml(urls: dict[str, str]) -> str:
    lines = ["claims:"]
    for name, url in urls.items():
        lines += [
            f"  - id: h-{name.replace('.', '-')}",
            f"    text: Hostile response case {name}.",
            f"    sources: ['{url}']",
        ]
    return "\n".join(lines) + "\n"


def _settings(root: Path, ports: Iterable[int] = ()) -> Settings:
    """Settings of the matrix; loopback is allowed by name (``localhost``) on ``ports`` only."""
    return load_settings(
        cwd=root,
        environ={},
        overrides={
            "database_url": f"sqlite:///{root / 'fc.db'}",
            "claims_dir": str(root / "claims"),
            "evidence_dir": str(root / "evidence"),
            "fetchers": {"enabled": ["web"]},
            "http": {
                "allow_private": [f"localhost:{port}" for port in sorted(set(ports))],
                "max_bytes": MAX_BYTES,
                "retries": 0,
                "backoff_s": 0.01,
                "per_host_rate": 1000.0,
                "per_host_concurrency": 8,
                "read_timeout_s": 3.0,
                "total_timeout_s": 10.0,
            },
        },
    )


@dataclass
class Outcome:
    root: Path
    settings: Settings
    urls: dict[str, str]
    summary: RunSummary
    errors: dict[str, list[Any]]
    verdicts: dict[str, Any]


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    root = tmp_path_factory.mktemp("hostile-http")
    with ExitStack() as stack:
        server = HTTPServer(host="localhost")
        server.start()
        stack.callback(server.stop)
        server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
        urls = {case.name: case.setup(server, stack) for case in CASES}
        (root / "claims").mkdir()
        (root / "claims" / "hostile.yaml").write_text(_claims_yaml(urls), encoding="utf-8")
        ports = [server.port] + [
            httpx.URL(u).port or 80 for u in urls.values() if httpx.URL(u).host == "localhost"
        ]
        settings = _settings(root, ports)
        summary = run_claims(settings, RunOptions(concurrency=8))
        with Store.open(settings.database_url) as store:
            errors: dict[str, list[Any]] = {}
            for e in store.fetch_errors(summary.run_id):
                errors.setdefault(e.claim_id or "", []).append(e)
            verdicts = {v.claim_id: v for v in store.verdicts_for_run(summary.run_id)}
        yield Outcome(root, settings, urls, summary, errors, verdicts)


def _cid(name: str) -> str:
    return f"h-{name.replace('.', '-')}"


def test_run_completes_despite_every_hostile_response(outcome: Outcome) -> None:
    assert outcome.summary.status == "completed"
    n_errors = sum(1 for c in CASES if c.kind is not None)
    assert outcome.summary.counts["errored"] == n_errors
    assert outcome.summary.claims_total == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_response(case: Case, outcome: Outcome) -> None:
    cid = _cid(case.name)
    errors = outcome.errors.get(cid, [])
    if case.kind is None:
        assert not errors, [e.message for e in errors]
        verdict = outcome.verdicts[cid]
        for ev in verdict.evidence:
            assert isinstance(ev.quote, str)
            assert not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in ev.quote)
        return
    assert [e.kind for e in errors] == [case.kind], [(e.kind, e.message) for e in errors]
    (error,) = errors
    assert error.fetcher == "web"
    assert error.url, "the error names the URL that failed"
    assert cid not in outcome.verdicts, "a fetch error is never turned into a verdict"


def test_no_document_from_an_error_case_is_stored(outcome: Outcome) -> None:
    error_urls = {outcome.urls[c.name] for c in CASES if c.kind is not None}
    ids = [e.document_id for v in outcome.verdicts.values() for e in v.evidence]
    with Store.open(outcome.settings.database_url) as store:
        docs = store.documents(ids)
    assert not {d.url for d in docs} & error_urls
    assert not {e.url for v in outcome.verdicts.values() for e in v.evidence} & error_urls


def test_bombs_never_reach_the_archive(outcome: Outcome) -> None:
    bodies = outcome.root / "evidence" / "bodies"
    largest = max((p.stat().st_size for p in bodies.rglob("*") if p.is_file()), default=0)
    assert largest <= MAX_BYTES


FETCH_CLI_CASES = ["gzip-bomb", "redirect-to-metadata", "pdf-content-type", "redirect-loop"]


@pytest.mark.parametrize("name", FETCH_CLI_CASES)
def test_fetch_command_reports_errors_not_documents(
    name: str, outcome: Outcome, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "factcheck.toml").write_text(
        f"""
claims_dir = {json.dumps(str(outcome.root / "claims"))}
evidence_dir = {json.dumps(str(tmp_path / "evidence"))}
database_url = "sqlite:///{tmp_path / "fc.db"}"
[fetchers]
enabled = ["web"]
[http]
allow_private = {json.dumps(outcome.settings.http.allow_private)}
max_bytes = {MAX_BYTES}
retries = 0
per_host_rate = 1000.0
""",
        encoding="utf-8",
    )
    kind = next(c.kind for c in CASES if c.name == name)
    result = cli(["fetch", _cid(name), "--fetcher", "web", "--json"], capsys)
    assert result.code == 4, "every request failed: exit 4 " + result.err
    data = json.loads(result.out)
    assert data["documents"] == []
    assert [e["kind"] for e in data["errors"]] == [kind]
    assert not (tmp_path / "fc.db").exists(), "fetch decides no verdict and opens no store"


EXTRACT_CASES = {
    "gzip-bomb": "decoded",
    "redirect-to-metadata": "169.254.169.254",
    "redirect-loop": "redirect",
    "pdf-content-type": "content type",
    "javascript-content-type": "content type",
    "binary-body-declared-html": "not text",
}


@pytest.mark.parametrize("name", list(EXTRACT_CASES))
def test_extract_from_a_hostile_url_writes_nothing(
    name: str, outcome: Outcome, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "factcheck.toml").write_text(
        f"[http]\nallow_private = {json.dumps(outcome.settings.http.allow_private)}\n"
        f"max_bytes = {MAX_BYTES}\nretries = 0\n"
        "per_host_rate = 1000.0\n",
        encoding="utf-8",
    )
    out = tmp_path / "claims" / "from-url.yaml"
    result = cli(["extract", outcome.urls[name], "--id", "from-url", "-o", str(out)], capsys)
    assert result.code in (2, 3), result.err
    assert EXTRACT_CASES[name] in result.err, result.err
    assert "Traceback" not in result.err
    assert not out.exists()
    assert not (tmp_path / "claims").exists() or not any((tmp_path / "claims").iterdir())


DEEP_JSON = "[" * 5000 + "]" * 5000
JSON_CASES = {
    "json-nested-5000-deep": (DEEP_JSON, "application/json"),
    "json-truncated": ('{"query": {"search": [{"title": "Beij', "application/json"),
    "json-not-utf8": ('{"q": "caf\udce9"}', "application/json"),
    "json-html-instead": ("<html><body>Service unavailable</body></html>", "text/html"),
}


@pytest.mark.parametrize("name", list(JSON_CASES))
def test_hostile_json_api_answers_are_recorded_errors(name: str, tmp_path: Path) -> None:
    body, content_type = JSON_CASES[name]
    server = HTTPServer(host="localhost")
    server.start()
    try:
        server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
        data = body.encode("utf-8", "surrogateescape")
        server.expect_request("/w/api.php").respond_with_data(data, content_type=content_type)
        server.expect_request("/search").respond_with_data(data, content_type=content_type)
        (tmp_path / "claims").mkdir()
        (tmp_path / "claims" / "j.yaml").write_text(
            "claims:\n  - id: j1\n    text: Beijing ranks third in the index.\n"
            "    subject: Beijing\n",
            encoding="utf-8",
        )
        settings = _settings(tmp_path, [server.port]).model_copy(deep=True)
        settings.fetchers.enabled = ["wikipedia", "searxng"]
        settings.fetchers.wikipedia.base_url = server.url_for("/w/api.php")
        settings.fetchers.searxng.base_url = server.url_for("/").rstrip("/")
        summary = run_claims(settings, RunOptions())
    finally:
        server.stop()
    assert summary.status == "completed"
    assert summary.counts["errored"] == 1
    with Store.open(settings.database_url) as store:
        errors = store.fetch_errors(summary.run_id)
        assert store.verdicts_for_run(summary.run_id) == []
    # one error per failed request (wikipedia searches each planned query)
    assert {e.fetcher for e in errors} == {"searxng", "wikipedia"}
    assert {e.kind for e in errors} == {"content"}, [(e.fetcher, e.message) for e in errors]
    assert all(e.url and e.url.startswith("http://localhost:") for e in errors)


def test_deeply_nested_json_ld_in_a_page_is_ignored(tmp_path: Path) -> None:
    from factcheck.fetchers.web import parse_page

    page = (
        '<html><head><script type="application/ld+json">' + DEEP_JSON + "</script></head>"
        "<body><article><p>"
        + "Beijing ranks third in the index. " * 5
        + "</p></article></body></html>"
    )
    (doc,) = parse_page(page.encode(), "https://example.org/deep", content_type=HTML)
    assert "Beijing ranks third" in doc.text


ATOM_HEAD = '<?xml version="1.0"?>\n'
ATOM_ENTRY = (
    '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/1</id>'
    "<title>&x;</title><summary>&x;</summary></entry></feed>"
)
XML_CASES = {
    "atom-xxe-local-file": ATOM_HEAD
    + '<!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    + ATOM_ENTRY,
    "atom-billion-laughs": ATOM_HEAD
    + "<!DOCTYPE feed [<!ENTITY a 'lol'>"
    + "".join(f"<!ENTITY {chr(98 + i)} '{('&' + chr(97 + i) + ';') * 10}'>" for i in range(9))
    + "<!ENTITY x '&j;'>]>\n"
    + ATOM_ENTRY,
    "atom-external-dtd": ATOM_HEAD
    + '<!DOCTYPE feed SYSTEM "http://169.254.169.254/evil.dtd">\n'
    + ATOM_ENTRY.replace("&x;", "t"),
}


@pytest.mark.parametrize("name", list(XML_CASES))
def test_hostile_atom_feeds_are_recorded_errors(name: str, tmp_path: Path) -> None:
    server = HTTPServer(host="localhost")
    server.start()
    try:
        server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
        server.expect_request("/api/query").respond_with_data(
            XML_CASES[name], content_type="application/atom+xml"
        )
        (tmp_path / "claims").mkdir()
        (tmp_path / "claims" / "x.yaml").write_text(
            "claims:\n  - id: x1\n    text: The paper reports a 41% gain.\n"
            "    subject: the paper\n    queries: [transformer efficiency]\n",
            encoding="utf-8",
        )
        settings = _settings(tmp_path, [server.port]).model_copy(deep=True)
        settings.fetchers.enabled = ["arxiv"]
        settings.fetchers.arxiv.base_url = server.url_for("/api/query")
        summary = run_claims(settings, RunOptions())
        requests = [r.path for r, _ in server.log]
    finally:
        server.stop()
    with Store.open(settings.database_url) as store:
        errors = store.fetch_errors(summary.run_id)
        assert store.verdicts_for_run(summary.run_id) == []
    assert errors
    assert {(e.fetcher, e.kind) for e in errors} == {("arxiv", "content")}
    assert all("root:" not in e.message for e in errors), "no local file leaks into messages"
    assert set(requests) <= {"/robots.txt", "/api/query"}, "no DTD or entity is fetched"
    bodies = list((tmp_path / "evidence").rglob("bodies/*/*"))
    assert all(b"root:x:" not in b.read_bytes() for b in bodies)


SSRF_SOURCES = {
    "loopback-service": "http://127.0.0.1:{port}/",
    "localhost-name": "http://localhost:{port}/admin",
    "ipv6-loopback": "http://[::1]:{port}/",
    "metadata": "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "metadata-decimal": "http://2852039166/latest/meta-data/",
    "private-10": "http://10.0.0.1/",
    "private-192": "http://192.168.1.1/",
    "cgnat": "http://100.64.0.1/",
    "ipv6-unique-local": "http://[fd00::1]/",
    "ipv4-mapped-loopback": "http://[::ffff:7f00:1]:{port}/",
    "unspecified": "http://0.0.0.0:{port}/",
    "multicast": "http://224.0.0.1/",
}


def test_claim_sources_into_private_space_are_refused_before_connecting(tmp_path: Path) -> None:
    with RawServer(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi") as internal:
        lines = ["claims:"]
        for name, template in SSRF_SOURCES.items():
            url = template.format(port=internal.port)
            lines += [
                f"  - id: s-{name}",
                f"    text: Source case {name}.",
                f"    sources: ['{url}']",
            ]
        (tmp_path / "claims").mkdir()
        (tmp_path / "claims" / "ssrf.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        settings = _settings(tmp_path).model_copy(deep=True)
        settings.http.allow_private = []  # the default: nothing private is allowed
        summary = run_claims(settings, RunOptions(concurrency=4))
        connections = internal.connections
    assert connections == 0, "the internal service was never contacted"
    assert summary.counts["errored"] == len(SSRF_SOURCES)
    with Store.open(settings.database_url) as store:
        errors = {e.claim_id: e for e in store.fetch_errors(summary.run_id)}
        assert store.verdicts_for_run(summary.run_id) == []
    assert set(errors) == {f"s-{name}" for name in SSRF_SOURCES}
    assert {e.kind for e in errors.values()} == {"blocked_address"}, {
        k: (e.kind, e.message) for k, e in errors.items()
    }
