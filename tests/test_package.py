"""Package hygiene: the public surface is pinned and importing has no side effects."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

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


# What start-up must not pay for: the claim-file machinery, settings, models, the pipeline and the
# libraries behind them. ``pydantic`` itself is allowed where a command validates data.
_HEAVY_FOR_HELP = (
    "factcheck.claims",
    "factcheck.config",
    "factcheck.models",
    "factcheck.pipeline",
    "pydantic",
    "pydantic_settings",
    "ruamel",
    "yaml",
    "rich",
)
_HEAVY_FOR_VALIDATE = (
    "factcheck.pipeline",
    "factcheck.fetchers",
    "factcheck.verify",
    "factcheck.store",
    "factcheck.extract",
    "ruamel",
    "numpy",
    "jieba",
    "sqlalchemy",
    "httpx",
    "trafilatura",
)


def _modules_after(code: str, cwd: Path) -> set[str]:
    """Module names in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    script = (
        "import contextlib, io, json, sys\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        + "".join(f"    {line}\n" for line in code.splitlines())
        + "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, check=True
    )
    return set(json.loads(out.stdout.splitlines()[-1]))


def _loaded(modules: set[str], heavy: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in heavy))


def test_import_factcheck_loads_nothing_heavy(tmp_path: Path) -> None:
    assert _loaded(_modules_after("import factcheck", tmp_path), _HEAVY_FOR_HELP) == []


def test_help_loads_nothing_heavy(tmp_path: Path) -> None:
    code = "from factcheck.cli import main\nassert main(['--help']) == 0"
    assert _loaded(_modules_after(code, tmp_path), _HEAVY_FOR_HELP) == []


def test_claims_validate_loads_only_what_it_uses(repo_root: Path) -> None:
    code = "from factcheck.cli import main\nassert main(['claims', 'validate', 'claims']) == 0"
    modules = _modules_after(code, repo_root)
    assert {"factcheck.claims", "factcheck.models", "factcheck.config"} <= modules
    assert _loaded(modules, _HEAVY_FOR_VALIDATE) == []


def test_public_names_resolve_lazily() -> None:
    code = "import factcheck\nfrom factcheck import Claim, run_claims\nprint(Claim, run_claims)"
    modules = _modules_after(code, Path.cwd())
    assert {"factcheck.models", "factcheck.pipeline"} <= modules
    assert set(factcheck.__all__) <= set(dir(factcheck))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        factcheck.nope  # noqa: B018
