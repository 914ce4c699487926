"""From synchronous code into the event loop: :func:`run_sync` (the CLI's way into the client)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

__all__ = ["run_sync"]

T = TypeVar("T")


def run_sync(coro: Awaitable[T]) -> T:
    """Run ``coro`` to completion from synchronous code (the CLI).

    Raises RuntimeError when called from inside a running event loop (await ``coro`` there).
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        raise RuntimeError("run_sync() called inside a running event loop; await instead")

    async def _main() -> T:
        return await coro

    return asyncio.run(_main())
