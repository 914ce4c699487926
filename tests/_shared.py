"""The shared data folder (``../shared/data`` beside the checkout) and the rule for tests that need it.

Outside CI a missing folder skips the test with its path; in CI (``CI`` set to anything but empty,
``0``, ``false`` or ``no``) it fails the test, so a clone without the data can never pass the quality
gates by skipping them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

__all__ = ["REPO_ROOT", "SHARED_DATA", "in_ci", "require_shared"]

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO_ROOT.parent / "shared" / "data").resolve()


def in_ci(environ: dict[str, str] | None = None) -> bool:
    """Whether the tests run in CI (the ``CI`` variable most CI services set, and ``.ci/run`` too)."""
    value = (os.environ if environ is None else environ).get("CI", "")
    return value.strip().lower() not in ("", "0", "false", "no")


def require_shared(*parts: str, root: Path | None = None) -> Path:
    """Return ``../shared/data/<parts>``; skip the test when it is missing, fail it under CI."""
    path = (SHARED_DATA if root is None else root).joinpath(*parts)
    if path.exists():
        return path
    message = f"shared data not found at {path} (expected ../shared/data beside the checkout)"
    if in_ci():
        pytest.fail(f"{message}; CI needs it", pytrace=False)
    pytest.skip(message)
