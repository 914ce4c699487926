"""A made-up newsroom for the review app: a claim file with its article, two nightly runs, users.

Everything here is invented for the tests. One evidence document is hostile on purpose: its archived
body is an HTML page with scripts, an onerror handler and a javascript: link.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from factcheck.config import Settings, load_settings
from factcheck.errors import ConnectError
from factcheck.evidence import EvidenceArchive
from factcheck.models import Claim, Document, EvidenceRef, Verdict
from factcheck.store import Store
from factcheck.web.auth import add_user

PASSWORD = "correct horse battery"

ARTICLE = (
    "中关村的一天\n"
    "北京深度求索公司成立于2023年7月，比杭州公司早两个月。\n"
    "中关村有超过1万家高新技术企业。\n"
    "The Moon is about 384,400 km from the Earth.\n"
)

HOSTILE_PAGE = (
    b"<html><head><title>x</title><script>document.title='PWNED';window.__pwned=1</script>"
    b"</head><body><p>Registry: the company was registered in July 2023.</p>"
    b'<img src=x onerror="window.__pwned=2"><a href="javascript:window.__pwned=3">click</a>'
    b"<p>&lt;script&gt;window.__pwned=4&lt;/script&gt; is shown as text.</p></body></html>"
)

CLAIMS_YAML = """\
article:
  id: zgc
  title: 中关村的一天
  source: seeds/zgc.txt
  published: 2025-03-15
  language: zh
claims:
  - id: zgc-c001
    text: 北京深度求索公司成立于2023年7月
    sentence: 北京深度求索公司成立于2023年7月，比杭州公司早两个月。
    span: [7, 36]
    kind: date
  - id: zgc-c002
    text: 中关村有超过1万家高新技术企业
    sentence: 中关村有超过1万家高新技术企业。
    span: [37, 53]
    kind: quantity
  - id: zgc-c003
    text: The Moon is about 384,400 km from the Earth.
    sentence: The Moon is about 384,400 km from the Earth.
    span: [54, 98]
    kind: quantity
  - id: zgc-c004
    text: 中关村位于北京海淀区
    kind: location
  - id: zgc-c005
    text: 中关村有三百所大学
    kind: quantity
"""


@dataclass
class World:
    root: Path
    settings: Settings
    db_url: str
    run_ids: list[int] = field(default_factory=list)


def _verdict(
    claim_id: str,
    label: str,
    confidence: float,
    *,
    rationale: str | None = None,
    evidence: list[EvidenceRef] | None = None,
    needs_review: bool = False,
) -> Verdict:
    title = {"not_enough_evidence": "Not enough evidence"}.get(label, label.capitalize())
    return Verdict(
        claim_id=claim_id,
        label=label,  # type: ignore[arg-type]
        confidence=confidence,
        rationale=rationale or f"{title} (confidence {confidence:.2f}).",
        evidence=evidence or [],
        needs_review=needs_review,
    )


def build_world(root: Path) -> World:
    """Claim file + article + archive + two runs + users (ana editor, bo editor, vic viewer)."""
    (root / "seeds").mkdir(parents=True, exist_ok=True)
    (root / "seeds" / "zgc.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "claims").mkdir(exist_ok=True)
    (root / "claims" / "zgc.yaml").write_text(CLAIMS_YAML, encoding="utf-8")
    db_url = f"sqlite:///{root / 'fc.db'}"
    settings = load_settings(
        cwd=root,
        environ={},
        overrides={
            "database_url": db_url,
            "claims_dir": str(root / "claims"),
            "evidence_dir": str(root / "evidence"),
            "serve": {"login_attempts": 3, "login_window_s": 60},
        },
    )
    archive = EvidenceArchive(root / "evidence")
    sha = archive.write_body(HOSTILE_PAGE)
    from factcheck.claims import iter_claims, load_claim_files

    claims: list[Claim] = [c for _, c in iter_claims(load_claim_files([root / "claims"]))]
    world = World(root=root, settings=settings, db_url=db_url)
    with Store.open(db_url) as store:
        hashes = dict(
            zip(
                [c.id for c in claims],
                store.upsert_claims(claims, article_id="zgc", file="claims/zgc.yaml"),
                strict=True,
            )
        )
        store.record_documents(
            [
                Document(
                    id="web:registry",
                    url="https://registry.example.org/deepseek",
                    title="Registry record",
                    text="Registry: the company was registered in July 2023.",
                    fetcher="web",
                    retrieved_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                    content_sha256=sha,
                )
            ]
        )
        run1 = store.start_run(config={}, claims_total=5).id
        for cid, label, conf in (
            ("zgc-c001", "supported", 0.9),
            ("zgc-c002", "supported", 0.8),
            ("zgc-c003", "supported", 0.95),
            ("zgc-c004", "supported", 0.9),
            ("zgc-c005", "supported", 0.9),
        ):
            store.record_verdict(run1, _verdict(cid, label, conf), claim_hash=hashes[cid])
        store.finish_run(run1, status="completed", counts={"verified": 5})
        run2 = store.start_run(config={}, claims_total=5).id
        store.record_verdict(
            run2,
            _verdict(
                "zgc-c001",
                "refuted",
                0.88,
                rationale="Refuted (confidence 0.88). Most contradicting evidence: “Registry: the "
                "company was registered in July 2023.” (web:registry).",
                evidence=[
                    EvidenceRef(
                        document_id="web:registry",
                        url="https://registry.example.org/deepseek",
                        quote="Registry: the company was registered in July 2023.",
                        stance="refutes",
                        source="web",
                    ),
                    EvidenceRef(
                        document_id="web:hostile",
                        url="javascript:window.__pwned=5",
                        quote="<script>window.__pwned=6</script>",
                        stance="neutral",
                    ),
                ],
            ),
            claim_hash=hashes["zgc-c001"],
        )
        store.record_verdict(
            run2,
            _verdict("zgc-c002", "supported", 0.41, needs_review=True),
            claim_hash=hashes["zgc-c002"],
        )
        store.record_verdict(
            run2, _verdict("zgc-c003", "supported", 0.95), claim_hash=hashes["zgc-c003"]
        )
        store.record_verdict(
            run2, _verdict("zgc-c004", "supported", 0.9), claim_hash=hashes["zgc-c004"]
        )
        store.record_fetch_error(
            run2,
            "zgc-c005",
            ConnectError("connection refused", url="https://stats.example.org/", fetcher="web"),
        )
        store.finish_run(run2, status="completed", counts={"verified": 4, "errored": 1})
        world.run_ids = [run1, run2]
        add_user(store, "ana", PASSWORD, "editor")
        add_user(store, "bo", PASSWORD, "editor")
        add_user(store, "vic", PASSWORD, "viewer")
    return world


@pytest.fixture
def world(tmp_path: Path) -> World:
    return build_world(tmp_path / "newsroom")


class LiveServer:
    """The app on uvicorn in a thread, on a free loopback port."""

    def __init__(self, world: World, settings: Settings | None = None) -> None:
        import socket

        import uvicorn

        from factcheck.web import create_app

        self.store = Store.open(world.db_url)
        app = create_app(settings or world.settings, store=self.store, root=world.root)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.store.close()


@pytest.fixture
def live(world: World) -> Iterator[LiveServer]:
    with LiveServer(world) as server:
        yield server
