"""build_report_data against a real SQLite store (two runs, a flip, a review, an archived body)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from factcheck.errors import NotFoundError
from factcheck.report.build import build_report_data, load_claim_context
from factcheck.store import Store

from .conftest import ARCHIVED_URL, HOSTILE_QUOTE, HOSTILE_URL, populate_store


def test_latest_run_report_from_store(tmp_path: Path) -> None:
    world = populate_store(tmp_path)
    claims, articles = load_claim_context(world.claims_dir)
    with Store.open(world.db_url) as store:
        data = build_report_data(
            store, None, evidence_dir=world.evidence_dir, claims=claims, articles=articles
        )
    assert data.language == "zh", "the article is in Chinese and the language is auto"
    run1, run2 = world.run_ids
    assert data.run.id == run2
    assert data.previous_run is not None
    assert data.previous_run.id == run1
    # reading order: mixed (the review), then the rest by article and id
    assert [c.claim_id for c in data.cards] == ["zgc-c002", "zgc-c001", "zgc-c003"]
    assert data.totals == {"supported": 1, "refuted": 0, "mixed": 1, "not_enough_evidence": 1}
    assert data.machine_totals == {
        "supported": 1,
        "refuted": 1,
        "mixed": 0,
        "not_enough_evidence": 1,
    }
    assert [(c.kind, c.claim_id) for c in data.changes] == [
        ("flip", "zgc-c002"),
        ("new", "zgc-c003"),
        ("removed", "zgc-c009"),
    ]
    assert data.changes[-1].text == "A claim that was removed"
    assert data.errors == 1
    assert sum(b.total for b in data.histogram) == 3

    c2, c1, _ = data.cards
    assert c1.sentence == "北京深度求索公司成立于2023年7月，比杭州公司早两个月。"
    assert c1.article_title == "中关村的一天"
    assert c1.article_url == "https://example.org/zgc"
    assert c1.carried_over
    assert [(h.run_id, h.label) for h in c1.history] == [(run1, "supported"), (run2, "supported")]
    ev = c1.evidence[0]
    assert ev.url == ARCHIVED_URL
    assert ev.archive_path == f"bodies/{world.archived_sha[:2]}/{world.archived_sha}"
    assert (world.evidence_dir / ev.archive_path).is_file()

    assert c2.machine_label == "refuted"
    assert c2.label == "mixed"
    assert c2.review is not None
    assert c2.review.by == "alice"
    assert c2.evidence[0].quote == HOSTILE_QUOTE
    assert c2.evidence[0].archive_path is None  # nothing archived for it: no dead link


def test_first_run_has_no_previous_and_history_stops_at_the_run(tmp_path: Path) -> None:
    world = populate_store(tmp_path)
    with Store.open(world.db_url) as store:
        data = build_report_data(store, world.run_ids[0], evidence_dir=world.evidence_dir)
    assert data.previous_run is None
    assert data.changes == []
    c2 = next(c for c in data.cards if c.claim_id == "zgc-c002")
    assert [h.run_id for h in c2.history] == [world.run_ids[0]]
    assert c2.sentence is None  # no claim files given


def test_unknown_run_and_empty_store(tmp_path: Path) -> None:
    world = populate_store(tmp_path)
    with Store.open(world.db_url) as store, pytest.raises(NotFoundError, match="no run 99"):
        build_report_data(store, 99, evidence_dir=world.evidence_dir)
    with (
        Store.open(f"sqlite:///{tmp_path / 'empty.db'}") as store,
        pytest.raises(NotFoundError, match="no run yet"),
    ):
        build_report_data(store, None, evidence_dir=world.evidence_dir)


def test_broken_claim_files_do_not_block_a_report(tmp_path: Path) -> None:
    folder = tmp_path / "claims"
    folder.mkdir()
    (folder / "bad.yaml").write_text("claims:\n  - id: BAD ID\n    text: x\n", encoding="utf-8")
    assert load_claim_context(folder) == ({}, {})
    assert load_claim_context(tmp_path / "missing") == ({}, {})


def test_document_titles_and_archive_from_recorded_documents(tmp_path: Path) -> None:
    from factcheck.models import Document

    world = populate_store(tmp_path)
    with Store.open(world.db_url) as store:
        store.record_documents(
            [
                Document(
                    id="web:hostile",
                    url="https://example.org/hostile",
                    title="Hostile page",
                    text="made up",
                    published=dt.date(2024, 5, 6),
                    fetcher="web",
                    retrieved_at=dt.datetime(2026, 11, 24, tzinfo=dt.UTC),
                    content_sha256=world.archived_sha,
                )
            ]
        )
        data = build_report_data(
            store,
            None,
            evidence_dir=world.evidence_dir,
            reliability=lambda url: 0.25 if "example.org" in url else None,
        )
    ev = next(c for c in data.cards if c.claim_id == "zgc-c002").evidence[0]
    assert ev.title == "Hostile page"
    assert ev.published == dt.date(2024, 5, 6)
    assert ev.archive_path == f"bodies/{world.archived_sha[:2]}/{world.archived_sha}"
    assert ev.url == HOSTILE_URL  # the verdict's own URL wins; it is never made a link
    assert ev.reliability is None  # reliability is looked up for http(s) URLs only
    good = next(c for c in data.cards if c.claim_id == "zgc-c001").evidence[0]
    assert good.reliability == 0.25


def test_errored_claims_are_listed_with_reasons_and_never_removed(tmp_path: Path) -> None:
    from factcheck.errors import ConnectError
    from factcheck.models import Claim, Verdict
    from factcheck.report.html import render_html
    from factcheck.report.markdown import render_markdown

    world = populate_store(tmp_path)
    with Store.open(world.db_url) as store:
        h1 = store.claim_hash("zgc-c001")
        assert h1 is not None
        h2 = store.upsert_claim(
            Claim(id="zgc-c002", text="中关村有超过1万家高新技术企业", kind="quantity"),
            article_id="zgc",
            file="claims/zgc.yaml",
        )
        run3 = store.start_run(config={}, claims_total=2).id
        store.record_verdict(
            run3,
            Verdict(claim_id="zgc-c001", label="supported", confidence=0.9, rationale="r1"),
            claim_hash=h1,
        )
        store.record_fetch_error(
            run3,
            "zgc-c002",
            ConnectError("connection refused", url="https://x.example/", fetcher="web"),
        )
        store.finish_run(run3, status="completed", counts={"verified": 1, "errored": 1})
        data = build_report_data(store, None, evidence_dir=world.evidence_dir, language="en")
    assert data.run.id == run3
    assert data.run.outcome == "partial"
    [errored] = data.errored
    assert errored.claim_id == "zgc-c002"
    assert errored.text == "中关村有超过1万家高新技术企业"
    assert [(e.kind, e.message, e.url) for e in errored.errors] == [
        ("connect", "connection refused", "https://x.example/")
    ]
    assert "zgc-c002" not in {c.claim_id for c in data.changes}, "errored, not removed"
    assert h2
    md = render_markdown(data)
    assert "## Could not be checked (1)" in md
    assert "connection refused" in md
    html = render_html(data)
    assert 'id="errored"' in html
    assert "1 claims could not be checked" in html
    assert "status partial" in html


def test_published_report_links_only_inside_its_folder(tmp_path: Path) -> None:
    """report --publish-evidence (and nightly): archived copies beside the report, as plain text."""
    import re

    from factcheck.report.exports import write_report

    world = populate_store(tmp_path)
    with Store.open(world.db_url) as store:
        data = build_report_data(store, None, evidence_dir=world.evidence_dir, language="en")
    web_root = tmp_path / "var" / "www"
    html_path, md_path = write_report(
        data, web_root, evidence_dir=world.evidence_dir, publish_evidence=True
    )
    copy = web_root / "evidence" / "bodies" / world.archived_sha[:2] / f"{world.archived_sha}.txt"
    assert copy.is_file()
    text = copy.read_text(encoding="utf-8")
    assert "2023年7月17日" in text
    assert "<" not in text, "markup is gone: the copy is inert text"
    html = html_path.read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert f"evidence/bodies/{world.archived_sha[:2]}/{world.archived_sha}.txt" in hrefs
    assert not [h for h in hrefs if ".." in h]
    assert "evidence/bodies/" in md_path.read_text(encoding="utf-8")
    # without publishing, the links go to the evidence folder relative to the report (file://)
    html_path, _ = write_report(data, tmp_path / "local", evidence_dir=world.evidence_dir)
    assert "../evidence/bodies/" in html_path.read_text(encoding="utf-8")
