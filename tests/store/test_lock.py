"""The run lock: one run at a time per database, across Store objects and processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable

import pytest

from factcheck.errors import LockedError
from factcheck.store import Store

_HOLDER = textwrap.dedent(
    """
    import sys
    from factcheck.store import Store
    store = Store.open(sys.argv[1])
    with store.lock_run():
        print("locked", flush=True)
        sys.stdin.read()  # hold until the parent closes our stdin
    print("released", flush=True)
    """
)


def test_second_store_object_cannot_take_the_lock(open_store: Callable[..., Store]) -> None:
    first, second = open_store(), open_store()
    with first.lock_run():
        with pytest.raises(LockedError, match="another run holds"), second.lock_run():
            pass
        with pytest.raises(LockedError), second.lock_run(timeout_s=0.3):
            pass
    with second.lock_run():  # released: free again
        pass
    with first.lock_run():
        pass


def test_lock_is_released_when_the_block_raises(open_store: Callable[..., Store]) -> None:
    first, second = open_store(), open_store()
    with pytest.raises(RuntimeError), first.lock_run():
        raise RuntimeError("run failed")
    with second.lock_run():
        pass


def test_another_process_holding_the_lock(store_url: str, open_store: Callable[..., Store]) -> None:
    store = open_store()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, store_url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdin is not None
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockedError), store.lock_run():
            pass
        holder.stdin.close()
        assert holder.stdout.readline().strip() == "released"
        assert holder.wait(timeout=30) == 0
        with store.lock_run():
            pass
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def test_in_memory_store_lock() -> None:
    with Store.open("sqlite://") as store:
        with store.lock_run(), pytest.raises(LockedError), store.lock_run():
            pass
        with store.lock_run():
            pass
