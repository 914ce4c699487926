"""A fixed, made-up report used by the renderer, export and browser tests.

The claims, quotes and URLs are invented for the tests. One evidence passage is hostile on purpose:
it tries HTML/JS injection (a script setting document.title and a window flag, an onerror handler),
a javascript: link in Markdown, table pipes, backticks and emphasis.
"""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.report.data import (
    Change,
    ClaimCard,
    EvidenceItem,
    HistoryEntry,
    ReportData,
    ReviewInfo,
    RunHeader,
    assemble_report,
)

SHA_A = "a1" + "0" * 62
SHA_B = "b2" + "1" * 62

HOSTILE_QUOTE = (
    "<script>document.title='PWNED';window.__pwned=1</script>"
    '<img src=x onerror="window.__pwned=2"> [click](javascript:window.__pwned=3) '
    "| cell | `code` **bold** _em_ &amp; ~~gone~~\n# heading\n> quote"
)
HOSTILE_URL = "javascript:window.__pwned=4"


def _utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def make_sample_report() -> ReportData:
    """Five claims over two articles: a flip, a new claim, a removed one, a review, hostile evidence."""
    run = RunHeader(
        id=12,
        status="completed",
        started_at=_utc(2026, 11, 25, 2, 0),
        finished_at=_utc(2026, 11, 25, 2, 14),
        claims_total=5,
        counts={"verified": 3, "carried_over": 1, "errored": 1},
    )
    previous = RunHeader(
        id=11,
        status="completed",
        started_at=_utc(2026, 11, 24, 2, 0),
        finished_at=_utc(2026, 11, 24, 2, 15),
        claims_total=5,
    )
    cards = [
        ClaimCard(
            claim_id="zgc-c001",
            text="北京深度求索公司成立于2023年7月",
            kind="date",
            article_id="zgc",
            article_title="中关村的一天",
            article_url="https://example.org/zgc",
            article_published=dt.date(2025, 3, 15),
            sentence="北京深度求索公司成立于2023年7月，比杭州公司早两个月。",
            machine_label="supported",
            confidence=0.91,
            rationale="The registry record gives July 2023 [1].",
            evidence=[
                EvidenceItem(
                    quote="深度求索于2023年7月17日成立。",
                    url="https://zh.wikipedia.org/wiki/%E6%B7%B1%E5%BA%A6%E6%B1%82%E7%B4%A2",
                    title="深度求索 - 维基百科",
                    document_id=f"wikipedia:{SHA_A}",
                    archive_path=f"bodies/a1/{SHA_A}",
                    published=dt.date(2025, 1, 2),
                    stance="supports",
                    source="wikipedia",
                    reliability=0.8,
                )
            ],
            history=[
                HistoryEntry(run_id=11, label="supported", confidence=0.9),
                HistoryEntry(run_id=12, label="supported", confidence=0.91, carried_over=True),
            ],
            carried_over=True,
        ),
        ClaimCard(
            claim_id="zgc-c002",
            text="中关村有超过1万家高新技术企业",
            kind="quantity",
            article_id="zgc",
            article_title="中关村的一天",
            sentence="中关村聚集了超过1万家高新技术企业。",
            machine_label="refuted",
            confidence=0.74,
            rationale="The statistics bureau counts about 9,000 [1].",
            evidence=[
                EvidenceItem(
                    quote=HOSTILE_QUOTE,
                    url=HOSTILE_URL,
                    title="<b>Evil</b> title",
                    document_id="web:not-archived",
                    stance="refutes",
                    source="web",
                )
            ],
            history=[
                HistoryEntry(run_id=11, label="supported", confidence=0.55),
                HistoryEntry(run_id=12, label="refuted", confidence=0.74),
            ],
            review=ReviewInfo(
                label="mixed",
                note="Depends on the year <i>counted</i>; see | both sources.",
                by="alice",
                at=_utc(2026, 11, 25, 8, 30),
            ),
        ),
        ClaimCard(
            claim_id="zgc-c003",
            text="海淀区排名全国第三",
            kind="ranking",
            article_id="zgc",
            article_title="中关村的一天",
            machine_label="not_enough_evidence",
            confidence=0.42,
            rationale="No ranking source was found.",
            history=[HistoryEntry(run_id=12, label="not_enough_evidence", confidence=0.42)],
        ),
        ClaimCard(
            claim_id="moon-c001",
            text="The Moon is about 384,400 km from Earth",
            kind="quantity",
            article_id="moon",
            article_title="Moon facts",
            sentence="On average the Moon is 384,400 km away.",
            machine_label="supported",
            confidence=0.97,
            rationale="Both sources give 384,400 km [1][2].",
            evidence=[
                EvidenceItem(
                    quote="The average distance is 384,400 km.",
                    url="https://en.wikipedia.org/wiki/Moon",
                    title="Moon",
                    document_id=f"wikipedia:{SHA_B}",
                    archive_path=f"bodies/b2/{SHA_B}",
                    stance="supports",
                    source="wikipedia",
                ),
                EvidenceItem(
                    quote="Q405 P2583 = 384399 km",
                    url="https://www.wikidata.org/wiki/Q405",
                    document_id="wikidata:Q405",
                    stance="supports",
                    source="comparator:numbers",
                    reliability=0.9,
                ),
            ],
            history=[
                HistoryEntry(run_id=11, label="supported", confidence=0.96),
                HistoryEntry(run_id=12, label="supported", confidence=0.97),
            ],
        ),
        ClaimCard(
            claim_id="moon-c002",
            text="The Moon has a thick atmosphere",
            kind="other",
            article_id="moon",
            article_title="Moon facts",
            machine_label="mixed",
            confidence=0.55,
            rationale="One source mentions an exosphere, another says there is no atmosphere.",
            history=[HistoryEntry(run_id=12, label="mixed", confidence=0.55)],
        ),
    ]
    changes = [
        Change(
            kind="flip",
            claim_id="zgc-c002",
            text="中关村有超过1万家高新技术企业",
            before="supported",
            after="refuted",
            confidence_before=0.55,
            confidence_after=0.74,
        ),
        Change(
            kind="new",
            claim_id="moon-c002",
            text="The Moon has a thick atmosphere",
            after="mixed",
            confidence_after=0.55,
        ),
        Change(
            kind="new",
            claim_id="zgc-c003",
            text="海淀区排名全国第三",
            after="not_enough_evidence",
            confidence_after=0.42,
        ),
        Change(
            kind="removed",
            claim_id="zgc-c009",
            text="A claim that was <em>deleted</em> | with a `pipe`",
            before="refuted",
            confidence_before=0.8,
        ),
    ]
    return assemble_report(
        run=run,
        previous_run=previous,
        cards=cards,
        changes=changes,
        errors=2,
        generated_at=_utc(2026, 11, 25, 6, 0),
    )


@pytest.fixture
def sample_report() -> ReportData:
    """The fixed made-up report."""
    return make_sample_report()


# -- a real SQLite store with two runs, for build and CLI tests ----------------------------------

CLAIM_FILE = """\
article:
  id: zgc
  title: 中关村的一天
  source: https://example.org/zgc
  published: 2025-03-15
  language: zh
claims:
  - id: zgc-c001
    text: 北京深度求索公司成立于2023年7月
    sentence: 北京深度求索公司成立于2023年7月，比杭州公司早两个月。
    kind: date
  - id: zgc-c002
    text: 中关村有超过1万家高新技术企业
    sentence: 中关村聚集了超过1万家高新技术企业。
    kind: quantity
  - id: zgc-c003
    text: 海淀区排名全国第三
    kind: ranking
"""

ARCHIVED_URL = "https://example.org/registry/deepseek"
ARCHIVED_BODY = "<html><body>深度求索于2023年7月17日成立。</body></html>".encode()


class StoreWorld:
    """Paths and ids of the populated store (see :func:`populate_store`)."""

    def __init__(self, root: object) -> None:
        from pathlib import Path

        assert isinstance(root, Path)
        self.root = root
        self.db_url = f"sqlite:///{root / 'factcheck.db'}"
        self.evidence_dir = root / "evidence"
        self.claims_dir = root / "claims"
        self.run_ids: list[int] = []
        self.archived_sha = ""


def populate_store(root: object) -> StoreWorld:
    """Run 1: c001 supported, c002 supported, c009 refuted; run 2: c001 supported (carried over),
    c002 refuted (a flip, with hostile evidence and a review saying mixed), c003 new; c009 removed."""
    from factcheck.errors import FetchTimeoutError
    from factcheck.evidence import EvidenceArchive
    from factcheck.http import FetchResponse
    from factcheck.models import Claim, EvidenceRef, Verdict
    from factcheck.store import Store

    world = StoreWorld(root)
    world.claims_dir.mkdir()
    (world.claims_dir / "zgc.yaml").write_text(CLAIM_FILE, encoding="utf-8")
    archive = EvidenceArchive(world.evidence_dir)
    record = archive.record(
        "f" * 64,
        FetchResponse(
            url=ARCHIVED_URL,
            final_url=ARCHIVED_URL,
            status=200,
            headers={"content-type": "text/html; charset=utf-8"},
            content=ARCHIVED_BODY,
            encoding="utf-8",
            fetched_at=dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC),
        ),
        fetcher="web",
        query=None,
        claim_id="zgc-c001",
    )
    world.archived_sha = record.sha256

    c1 = Claim(id="zgc-c001", text="北京深度求索公司成立于2023年7月", kind="date")
    c2 = Claim(id="zgc-c002", text="中关村有超过1万家高新技术企业", kind="quantity")
    c3 = Claim(id="zgc-c003", text="海淀区排名全国第三", kind="ranking")
    c9 = Claim(id="zgc-c009", text="A claim that was removed", kind="other")
    good = EvidenceRef(
        document_id="web:registry",
        url=ARCHIVED_URL,
        quote="深度求索于2023年7月17日成立。",
        stance="supports",
        source="web",
        published=dt.date(2025, 1, 2),
    )
    hostile = EvidenceRef(
        document_id="web:hostile",
        url=HOSTILE_URL,
        quote=HOSTILE_QUOTE,
        stance="refutes",
        source="web",
    )
    with Store.open(world.db_url) as store:
        h1, h2, h3, h9 = (
            store.upsert_claim(c, article_id="zgc", file="claims/zgc.yaml")
            for c in (c1, c2, c3, c9)
        )
        run1 = store.start_run(config={}, claims_total=3).id
        store.record_verdict(
            run1,
            Verdict(
                claim_id="zgc-c001",
                label="supported",
                confidence=0.9,
                rationale="r1",
                evidence=[good],
            ),
            claim_hash=h1,
        )
        store.record_verdict(
            run1,
            Verdict(claim_id="zgc-c002", label="supported", confidence=0.55, rationale="r2"),
            claim_hash=h2,
        )
        store.record_verdict(
            run1,
            Verdict(claim_id="zgc-c009", label="refuted", confidence=0.8, rationale="r9"),
            claim_hash=h9,
        )
        store.finish_run(run1, status="completed", counts={"verified": 3})
        run2 = store.start_run(config={}, claims_total=3).id
        store.record_verdict(
            run2,
            Verdict(
                claim_id="zgc-c001",
                label="supported",
                confidence=0.9,
                rationale="r1",
                evidence=[good],
            ),
            claim_hash=h1,
            carried_over=True,
        )
        store.record_verdict(
            run2,
            Verdict(
                claim_id="zgc-c002",
                label="refuted",
                confidence=0.74,
                rationale="The bureau counts about 9,000.",
                evidence=[hostile],
            ),
            claim_hash=h2,
        )
        store.record_verdict(
            run2,
            Verdict(
                claim_id="zgc-c003", label="not_enough_evidence", confidence=0.42, rationale="none"
            ),
            claim_hash=h3,
        )
        store.record_fetch_error(
            run2,
            "zgc-c003",
            FetchTimeoutError("read timeout", url="https://example.org/x", fetcher="web"),
        )
        store.add_review("zgc-c002", label="mixed", note="Depends on the year.", by="alice")
        store.finish_run(run2, status="completed", counts={"verified": 2, "carried_over": 1})
    world.run_ids = [run1, run2]
    return world
