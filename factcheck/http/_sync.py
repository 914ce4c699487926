"""From synchronous code into the event loop, the two ways the project needs, and file I/O out of it.

:func:`run_sync` runs a coroutine to completion in the calling thread (the CLI's way into the
client). :class:`LoopThread` keeps one event loop running in a daemon thread so that synchronous code
in *any* thread can run coroutines on it (the LLM judge called from the verifier's worker threads,
the Celery worker's tasks); clients created on that loop stay usable between calls.
:func:`in_io_thread` runs the evidence archive's blocking file I/O (reads, fsyncs) in threads of its
own, so it never waits for verification and parsing, which hold a run's few default threads.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = ["LoopThread", "in_io_thread", "run_sync"]

T = TypeVar("T")

_IO_THREADS = 4  # an fsync waits on the disk, not the CPU; few threads: each has a malloc arena
_io_pool: ThreadPoolExecutor | None = None


async def in_io_thread(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``await asyncio.to_thread(fn, ...)`` on the process's pool of file-I/O threads."""
    global _io_pool
    if _io_pool is None:
        _io_pool = ThreadPoolExecutor(_IO_THREADS, thread_name_prefix="factcheck-io")
    call = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_io_pool, call)


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


class LoopThread:
    """A private event loop in a daemon thread; :meth:`run` blocks the caller until a coroutine ends.

    ``executor_threads`` bounds the loop's default executor (``run_in_executor(None, ...)``); each
    allocating thread costs a malloc arena, so long-lived processes keep it small.
    """

    def __init__(self, name: str, *, executor_threads: int | None = None) -> None:
        self.loop = asyncio.new_event_loop()
        if executor_threads is not None:
            self.loop.set_default_executor(
                ThreadPoolExecutor(executor_threads, thread_name_prefix=name)
            )
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def run(self, coro: Awaitable[T]) -> T:
        """Run ``coro`` on the loop and return its result (call from any thread but the loop's)."""

        async def _wrap() -> T:
            return await coro

        future: Future[T] = asyncio.run_coroutine_threadsafe(_wrap(), self.loop)
        return future.result()

    def stop(self) -> None:
        """Stop the loop, wait for its thread, close it."""
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)
        self.loop.close()
