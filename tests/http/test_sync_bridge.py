"""The one sync-to-async bridge (factcheck/http/_sync.py): run_sync and LoopThread."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import factcheck
from factcheck.http import LoopThread, run_sync


def test_loop_thread_serves_many_threads_on_one_loop() -> None:
    runner = LoopThread("test-loop", executor_threads=1)
    loops: set[int] = set()

    async def work(n: int) -> int:
        loops.add(id(asyncio.get_running_loop()))
        await asyncio.sleep(0)
        return n * 2

    try:
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda n: runner.run(work(n)), range(20)))
        assert results == [n * 2 for n in range(20)]
        assert loops == {id(runner.loop)}
        with pytest.raises(ValueError, match="boom"):
            runner.run(_boom())
    finally:
        runner.stop()
    assert runner.loop.is_closed()
    assert not any(t.name == "test-loop" for t in threading.enumerate())


async def _boom() -> None:
    raise ValueError("boom")


def test_run_sync_refuses_a_running_loop() -> None:
    async def inner() -> None:
        coro = asyncio.sleep(0)
        with pytest.raises(RuntimeError, match="inside a running event loop"):
            run_sync(coro)
        coro.close()

    run_sync(inner())


def test_no_other_bridge() -> None:
    package = Path(factcheck.__file__).parent
    found = sorted(
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if "run_coroutine_threadsafe" in p.read_text(encoding="utf-8")
    )
    assert found == ["http/_sync.py"]
