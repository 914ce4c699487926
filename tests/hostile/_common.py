"""Helpers shared by the hostile-input matrix: run the CLI in-process, snapshot what is on disk."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from factcheck.cli import main

__all__ = ["CliResult", "cli", "snapshot"]


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> CliResult:
    """Run ``factcheck ARGS`` in this process; return exit code, stdout and stderr."""
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    return CliResult(code, out, err)


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` (relative path -> sha256 of its bytes): to prove nothing was written."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
