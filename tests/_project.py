"""A throwaway project folder for pipeline tests: one claim file, SQLite store, chosen fetchers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from factcheck.config import Settings, load_settings


def make_project(
    tmp_path: Path, claims: str, *, fetchers: Sequence[str], claim_file: str = "demo.yaml"
) -> Settings:
    """Write ``claims`` to ``claims/<claim_file>`` under ``tmp_path`` and return its settings."""
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / claim_file).write_text(claims, encoding="utf-8")
    return load_settings(
        cwd=tmp_path,
        environ={},
        overrides={
            "database_url": f"sqlite:///{tmp_path / 'fc.db'}",
            "claims_dir": str(tmp_path / "claims"),
            "evidence_dir": str(tmp_path / "evidence"),
            "fetchers": {"enabled": list(fetchers)},
        },
    )
