"""Test hygiene shared by every test: no developer settings leak in, no network by accident."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from _shared import REPO_ROOT, require_shared


@pytest.fixture(autouse=True)
def _hygiene(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Clear FACTCHECK_* variables and run each test in its own empty folder (no factcheck.toml leaks)."""
    for name in list(os.environ):
        if name.startswith("FACTCHECK_"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def repo_root() -> Path:
    """The project checkout (for seeds/, claims/examples.yaml)."""
    return REPO_ROOT


@pytest.fixture
def shared_data() -> Path:
    """../shared/data beside the project; skips the test when it is absent (fails it under CI)."""
    return require_shared()


def _is_loopback(host: object) -> bool:
    if not isinstance(host, str):
        return True  # AF_UNIX paths and the like
    return host in ("localhost", "::1") or host.startswith("127.") or host.startswith("::ffff:127.")


@pytest.fixture(autouse=True)
def _no_internet(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that opens a socket to a non-loopback address (unless marked `internet`)."""
    if request.node.get_closest_marker("internet"):
        return
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if not _is_loopback(host):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("FACTCHECK_TEST_INTERNET") == "1":
        return
    skip = pytest.mark.skip(reason="needs the real internet; set FACTCHECK_TEST_INTERNET=1 to run")
    for item in items:
        if "internet" in item.keywords:
            item.add_marker(skip)
