"""The one atomic writer (factcheck/_atomic.py), used by evidence, reports/exports and claim files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from factcheck import _atomic
from factcheck.claims._schema import write_schema


def test_text_and_mode(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.txt"
    _atomic.write_text_atomic(target, "one\r\ntwo ✓\n", mode=0o644)
    assert target.read_bytes() == "one\r\ntwo ✓\n".encode()
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o644
    _atomic.write_atomic(target, b"x")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["b.txt"]


def test_schema_writer_fsyncs_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    write_schema(tmp_path)
    assert synced, "the schema is fsynced before the rename"

    def boom(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_schema(tmp_path / "new")
    assert list((tmp_path / "new").iterdir()) == []


def test_no_other_module_renames_files_by_hand() -> None:
    package = Path(_atomic.__file__).parent
    writers = sorted(
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if "mkstemp(" in p.read_text(encoding="utf-8")
    )
    assert writers == ["_atomic.py"]
