"""An unchanged rerun does almost nothing: no request inside the freshness window, conditional
requests outside it, claims with unchanged inputs carried over without planning, fetching or
parsing; a changed page re-verifies only the claims citing it. Requests are counted by the
loopback server itself."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _evidence_server import EvidenceServer, make_page, serve_evidence, synthetic_claims_yaml

from factcheck.config import Settings, load_settings
from factcheck.evidence import EvidenceArchive
from factcheck.fetchers import _html
from factcheck.fetchers.library import LibraryFetcher
from factcheck.pipeline import RunOptions, RunSummary, run_claims
from factcheck.pipeline._rerun import InputsLog

N = 6


@pytest.fixture
def server() -> Iterator[EvidenceServer]:
    with serve_evidence({}, latency_s=0.05) as srv:
        yield srv


@pytest.fixture
def extractions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """URLs of every page trafilatura reads."""
    calls: list[str] = []
    real = _html.extract_html

    def counting(html: str, url: str, *, fast: bool = True) -> dict[str, Any]:
        calls.append(url)
        return real(html, url, fast=fast)

    monkeypatch.setattr(_html, "extract_html", counting)
    return calls


def _project(tmp_path: Path, server: EvidenceServer, n: int = N) -> Path:
    claims, pages = synthetic_claims_yaml(n, server.base_url)
    for path, body in pages.items():
        server.set_page(path, body)
    (tmp_path / "claims").mkdir(exist_ok=True)
    (tmp_path / "claims" / "synthetic.yaml").write_text(claims, encoding="utf-8")
    return tmp_path


def _settings(root: Path, server: EvidenceServer, **http: Any) -> Settings:
    overrides = {
        "contact": "tests@factcheck.invalid",
        "database_url": f"sqlite:///{root / 'fc.db'}",
        "claims_dir": str(root / "claims"),
        "evidence_dir": str(root / "evidence"),
        "fetchers": {"enabled": ["web"]},
        "http": {
            "allow_private": [server.base_url],
            "per_host_rate": 1000.0,
            "per_host_concurrency": 4,
            **http,
        },
    }
    return load_settings(cwd=root, environ={}, overrides=json.loads(json.dumps(overrides)))


def _run(settings: Settings, concurrency: int = 2) -> RunSummary:
    return run_claims(settings, RunOptions(concurrency=concurrency, resume=False))


def _pages(server: EvidenceServer, since: int) -> list[tuple[float, str, int]]:
    return server.requests_to("/doc/")[since:]


def test_unchanged_rerun_inside_the_freshness_window_sends_nothing_and_parses_nothing(
    tmp_path: Path,
    server: EvidenceServer,
    extractions: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = _project(tmp_path, server)
    first = _run(_settings(root, server))
    assert first.counts["verified"] == N
    assert len(extractions) == N
    before = len(server.requests_to("/"))

    planned: list[str] = []
    import factcheck.fetchers as fetchers

    real_plan = fetchers.plan_queries
    monkeypatch.setattr(
        fetchers, "plan_queries", lambda c, a=None: planned.append(c.id) or real_plan(c, a)
    )
    again = _run(_settings(root, server))
    assert again.counts["carried_over"] == N
    assert again.counts["verified"] == 0
    assert server.requests_to("/")[before:] == []  # not a page, not even robots.txt
    assert len(extractions) == N  # nothing parsed again
    assert planned == []  # no claim planned or fetched: carried over on its inputs
    assert again.labels == first.labels
    assert not [c for c in again.changes if c.kind == "flip"]


def test_outside_the_window_conditional_requests_and_304s_carry_over(
    tmp_path: Path, server: EvidenceServer, extractions: list[str]
) -> None:
    root = _project(tmp_path, server)
    _run(_settings(root, server))
    since = len(server.requests_to("/doc/"))
    again = _run(_settings(root, server, fresh_for_s=0.0))
    log = _pages(server, since)
    assert again.counts["carried_over"] == N
    assert sorted(path for _, path, _ in log) == sorted(f"/doc/{i}" for i in range(N))
    assert {status for _, _, status in log} == {304}
    assert len(server.conditional) == N
    assert len(extractions) == N


def test_a_changed_page_reverifies_only_its_claim_and_is_fetched_once(
    tmp_path: Path, server: EvidenceServer, extractions: list[str]
) -> None:
    root = _project(tmp_path, server)
    first = _run(_settings(root, server))
    server.set_page("/doc/2", make_page("Made-up page 2", "Nothing is said about that park."))
    since = len(server.requests_to("/doc/"))
    again = _run(_settings(root, server, fresh_for_s=0.0))
    log = _pages(server, since)
    assert again.counts["verified"] == 1
    assert again.counts["carried_over"] == N - 1
    assert sorted(status for _, path, status in log if path == "/doc/2") == [200]  # once
    assert sum(1 for _, _, status in log if status == 304) == N - 1
    assert len(extractions) == N + 1  # only the changed page parsed again
    assert first.counts["verified"] == N

    # the verdict re-verified on the new page is itself carried over next time
    since = len(server.requests_to("/doc/"))
    third = _run(_settings(root, server))
    assert third.counts["carried_over"] == N
    assert _pages(server, since) == []


def test_a_changed_claim_or_setup_takes_the_normal_path(
    tmp_path: Path, server: EvidenceServer, extractions: list[str]
) -> None:
    root = _project(tmp_path, server)
    _run(_settings(root, server))
    path = root / "claims" / "synthetic.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("opened in 1981", "opened in 1999"), encoding="utf-8")
    again = _run(_settings(root, server))
    assert again.counts["verified"] == 1  # the reworded claim, from the archived page
    assert again.counts["carried_over"] == N - 1
    assert len(extractions) == N  # its page was parsed already: the text cache answers

    # another fetcher setting: every claim goes the normal path (and is carried over there)
    other = _settings(root, server)
    other.fetchers.max_queries += 1
    planned = _run(other)
    assert planned.counts["carried_over"] == N


def test_fetch_errors_leave_no_inputs_so_the_next_run_fetches(
    tmp_path: Path, server: EvidenceServer
) -> None:
    root = _project(tmp_path, server)
    with server.lock:
        del server.pages["/doc/3"]
    first = _run(_settings(root, server))
    assert first.counts["errored"] == 1
    archive = EvidenceArchive(root / "evidence")
    assert archive.get_inputs("synthetic-c00003") is None
    assert archive.get_inputs("synthetic-c00002") is not None
    server.set_page("/doc/3", make_page("Made-up page 3", "Records show the park opened in 1983."))
    since = len(server.requests_to("/doc/"))
    again = _run(_settings(root, server))
    assert again.counts["errored"] == 0
    assert again.counts["carried_over"] == N - 1
    assert [path for _, path, _ in _pages(server, since)] == ["/doc/3"]


def test_revalidations_are_spread_over_the_hosts_budget_not_the_run_workers(
    tmp_path: Path, server: EvidenceServer
) -> None:
    """One run worker, four requests allowed in flight on the host: revalidations overlap."""
    root = _project(tmp_path, server, n=12)
    _run(_settings(root, server), concurrency=1)
    server.max_in_flight = 0
    since = len(server.requests_to("/doc/"))
    again = _run(_settings(root, server, fresh_for_s=0.0), concurrency=1)
    assert again.counts["carried_over"] == 12
    assert len(_pages(server, since)) == 12
    assert server.max_in_flight >= 2  # measured by the server: not one after the other


def test_a_fetcher_reading_local_files_turns_the_shortcut_off(tmp_path: Path) -> None:
    settings = load_settings(cwd=tmp_path, environ={}, overrides={"contact": "t@f.invalid"})
    archive = EvidenceArchive(tmp_path / "evidence")
    library = LibraryFetcher.__new__(LibraryFetcher)
    assert InputsLog.for_run(settings, archive, object(), [library], "v") is None  # type: ignore[arg-type]
    assert InputsLog.for_run(settings, archive, object(), [], "v") is None  # type: ignore[arg-type]


def test_a_slow_hosts_revalidations_do_not_hold_back_another_hosts_claims(tmp_path: Path) -> None:
    """Host A answers slowly and takes one request at a time; host B's claims are revalidated (and
    one of them re-verified) while A's queue drains, as both servers' logs show."""
    with serve_evidence({}, latency_s=0.15) as slow, serve_evidence({}, latency_s=0.0) as fast:
        lines = ["article:", "  id: two-hosts", "  published: 2025-03-15", "claims:"]
        for i in range(8):
            server = slow if i < 4 else fast
            server.set_page(
                f"/doc/{i}",
                make_page(f"Made-up page {i}", f"Records show the park number {i} opened in 1990."),
            )
            lines += [
                f"  - id: two-hosts-c{i}",
                f"    text: The park number {i} opened in 1990.",
                f"    sources: ['{server.base_url}/doc/{i}']",
            ]
        (tmp_path / "claims").mkdir()
        (tmp_path / "claims" / "two.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        settings = _settings(tmp_path, slow, per_host_concurrency=1)
        settings.http.allow_private.append(fast.base_url)
        assert _run(settings).counts["verified"] == 8
        fast.set_page("/doc/7", make_page("Made-up page 7", "Nothing about a park."))
        n_slow, n_fast = len(slow.requests_to("/doc/")), len(fast.requests_to("/doc/"))
        settings.http.fresh_for_s = 0.0
        decided: dict[str, float] = {}
        again = run_claims(
            settings,
            RunOptions(concurrency=1, resume=False),
            on_claim=lambda o: decided.setdefault(o.claim_id, time.monotonic()),
        )
        slow_log = slow.requests_to("/doc/")[n_slow:]
        fast_log = fast.requests_to("/doc/")[n_fast:]
    assert again.counts["carried_over"] == 7
    assert again.counts["verified"] == 1
    assert len(slow_log) == 4
    assert [status for _, path, status in fast_log if path == "/doc/7"] == [200]
    # the fast host's pages were revalidated, and its changed claim re-verified, before the slow
    # host's queue drained (the servers log on the same monotonic clock as this process)
    slow_done = max(t for t, _, _ in slow_log)
    assert max(t for t, _, _ in fast_log) < slow_done
    assert decided["two-hosts-c7"] < slow_done


def test_a_client_no_run_asked_keeps_nothing_and_revalidates_every_time(
    tmp_path: Path, server: EvidenceServer
) -> None:
    """A long-lived client (a distributed worker's) neither grows a per-claim log nor treats a page
    as current for the rest of its life: with fresh_for_s = 0 each request is a revalidation."""
    import asyncio

    from factcheck.http import HttpClient

    server.set_page("/doc/a", make_page("Made-up page a", "Records show the park opened in 1990."))
    settings = _settings(tmp_path, server, fresh_for_s=0.0)
    archive = EvidenceArchive(tmp_path / "evidence")

    async def twice() -> HttpClient:
        async with HttpClient(settings, archive=archive) as client:
            for _ in range(2):
                await client.get(f"{server.base_url}/doc/a", claim_id="c1")
            return client

    client = asyncio.run(twice())
    assert client.used is None
    assert client.current is None
    assert [status for _, _, status in server.requests_to("/doc/a")] == [200, 304]


def test_a_revalidation_starts_the_freshness_window_again(
    tmp_path: Path, server: EvidenceServer
) -> None:
    """Pages fetched long ago are revalidated once (304s); the next run inside the window sends
    nothing, because the archive noted when the pages were confirmed."""
    root = _project(tmp_path, server)
    _run(_settings(root, server))
    for path in (root / "evidence" / "index").glob("*/*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        record["fetched_at"] = "2000-01-01T00:00:00Z"  # long before the window
        path.write_text(json.dumps(record), encoding="utf-8")
    since = len(server.requests_to("/doc/"))
    again = _run(_settings(root, server, fresh_for_s=3600.0))
    assert again.counts["carried_over"] == N
    assert [status for _, _, status in _pages(server, since)] == [304] * N
    since = len(server.requests_to("/doc/"))
    third = _run(_settings(root, server, fresh_for_s=3600.0))
    assert third.counts["carried_over"] == N
    assert _pages(server, since) == []
