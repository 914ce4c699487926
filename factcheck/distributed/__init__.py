"""Distributed runs on Celery with a Redis broker: one task per claim, workers on many machines.

``factcheck run --backend celery`` calls :func:`run_distributed`, the coordinator: it validates the
claim files (exit 2 before any work), takes the run lock, starts (or resumes) the run in the store,
records the claims, enqueues one task per claim and waits until every claim has a verdict in the
store or is recorded as errored, then closes the run and returns the same :class:`RunSummary` as a
local run. ``factcheck worker`` calls :func:`start_worker`.

Guarantees:

- A task is keyed by run and claim (task id ``factcheck:<run>:<claim>``) and idempotent: it skips a
  claim that already has a verdict in the run, and a per-claim lock in Redis keeps two deliveries of
  the same claim from verifying it at once. The store keeps one verdict per (run, claim).
- Tasks are acknowledged late (after the verdict is committed) with a prefetch of one, so a worker
  that dies loses nothing: its unacknowledged claims go back to the queue (prefork children at once,
  a whole dead worker after ``run.visibility_timeout_s``) and another worker picks them up.
- Errored claims (no document and fetch errors, or an exception in the task) get no verdict, like
  in a local run; the fetch errors are rows of the store and the claim is put in the Redis hash
  ``factcheck:<store>:run:<id>:errored`` (claim id → reason), which the coordinator reads. Every
  outcome is also appended to the list ``…:events`` (progress; kept a day).
- Per-host politeness holds across workers: :class:`RedisHostLimiter` reserves start times per host
  in Redis (a Lua script: global spacing of ``1 / http.per_host_rate``) and caps requests in flight
  per host with expiring leases (``http.per_host_concurrency`` over all workers).

No Celery app exists at import time: :func:`create_app` builds one from settings.
"""

from factcheck.distributed._redis import TASK_NAME, store_key, task_id_for
from factcheck.distributed.coordinator import run_distributed
from factcheck.distributed.limiter import RedisHostLimiter
from factcheck.distributed.worker import create_app, start_worker

__all__ = [
    "TASK_NAME",
    "RedisHostLimiter",
    "create_app",
    "run_distributed",
    "start_worker",
    "store_key",
    "task_id_for",
]
