"""A project whose claims cite pages on a loopback fault server (web fetcher only)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from factcheck.config import Settings, load_settings

from ._fault_server import FaultServer, serve_faults

# Made-up claims and pages (not real sources).
FACTS = {
    "f-c1": ("Haidian scholars", "Haidian District has 15,000 artificial intelligence scholars."),
    "f-c2": ("Founding", "The first private technology company was founded on 23 October 1980."),
    "f-c3": ("Index", "Beijing ranks third in the global innovation hubs index."),
    "f-c4": ("Firms", "Zhongguancun hosts more than 10,000 high-tech firms."),
    "f-c5": ("Revenue", "The park's revenue reached 8.6 trillion yuan in 2023."),
    "f-c6": ("Universities", "Haidian District has 37 universities."),
}
CLAIM_IDS = list(FACTS)


def path_of(claim_id: str) -> str:
    return f"/{claim_id}"


@dataclass
class Project:
    root: Path
    server: FaultServer
    http: dict[str, Any]

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.root / 'factcheck.db'}"

    def settings(self, **http: Any) -> Settings:
        return load_settings(
            cwd=self.root,
            environ={},
            overrides={
                "database_url": self.db_url,
                "claims_dir": str(self.root / "claims"),
                "evidence_dir": str(self.root / "evidence"),
                "fetchers": {"enabled": ["web"]},
                "http": {**self.http, **http},
            },
        )

    def write_toml(self) -> None:
        """The same settings as a factcheck.toml in the project (for CLI runs)."""
        lines = [f'database_url = "{self.db_url}"', "[fetchers]", 'enabled = ["web"]', "[http]"]
        for key, value in self.http.items():
            rendered = (
                "[" + ", ".join(f'"{v}"' for v in value) + "]"
                if isinstance(value, list)
                else str(value).lower()
                if isinstance(value, bool)
                else repr(value)
            )
            lines.append(f"{key} = {rendered}")
        (self.root / "factcheck.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    pages = {path_of(cid): fact for cid, fact in FACTS.items()}
    with serve_faults(pages) as server:
        lines = ["article:", "  id: faults", "  published: 2025-03-15", "claims:"]
        for cid, (_, text) in FACTS.items():
            lines += [
                f"  - id: {cid}",
                f"    text: {text}",
                f"    sources: ['{server.url(path_of(cid))}']",
            ]
        (tmp_path / "claims").mkdir()
        (tmp_path / "claims" / "faults.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        http = {
            "allow_private": [server.base_url],
            "retries": 3,
            "backoff_s": 0.05,
            "per_host_rate": 1000.0,
            "per_host_concurrency": 8,
            "connect_timeout_s": 1.0,
            "read_timeout_s": 1.0,
            "total_timeout_s": 10.0,
            "max_retry_after_s": 5.0,
            "fresh_for_s": 0.0,
        }
        yield Project(tmp_path, server, http)
