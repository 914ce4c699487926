"""Package hygiene: the public surface is pinned and importing has no side effects."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import factcheck


def test_public_surface_is_pinned() -> None:
    assert sorted(factcheck.__all__) == sorted(
        ["Claim", "ClaimFile", "FactcheckError", "RunOptions", "RunSummary", "Settings", "Verdict",
         "__version__", "load_claim_file", "load_claim_files", "load_settings", "run_claims",
         "save_claim_file"]
    )  # fmt: skip
    for name in factcheck.__all__:
        assert hasattr(factcheck, name), name


def test_import_has_no_side_effects(tmp_path: Path) -> None:
    code = (
        "import os, sys, socket\n"
        "def boom(*a, **k): raise SystemExit('socket opened at import')\n"
        "socket.socket.connect = boom\n"
        "import factcheck, factcheck.cli\n"
        "print(sorted(os.listdir('.')))\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "FACTCHECK_DATABASE_URL": "sqlite:///x.db",
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]", "importing factcheck created files"
    assert list(tmp_path.iterdir()) == []


def test_every_module_declares_all() -> None:
    root = Path(factcheck.__file__).parent
    missing = []
    for path in root.rglob("*.py"):
        if "store_migrations" in path.parts or path.name == "__about__.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "__all__" not in text:
            missing.append(str(path.relative_to(root)))
    assert not missing, f"modules without __all__: {missing}"
