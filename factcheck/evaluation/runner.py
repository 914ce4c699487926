"""Run a verifier over a benchmark dataset and collect the metrics JSON of `factcheck bench`."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from factcheck.evaluation.datasets import (
    BenchItem,
    DatasetError,
    infer_format,
    read_dataset,
    resolve_dataset,
)
from factcheck.evaluation.metrics import compute_metrics
from factcheck.models import Verdict

__all__ = ["bench_dataset", "run_bench"]


def run_bench(
    items: Sequence[BenchItem],
    verify: Callable[[BenchItem], Verdict],
    *,
    dataset: str,
    split: str,
) -> dict[str, Any]:
    """Verify every item and return the metrics JSON.

    ``claims_per_s`` is wall time over the verify calls; ``claims_per_cpu_s`` uses this process's CPU
    time (what a run would get from one free core).
    """
    gold: list[str] = []
    pred: list[str] = []
    conf: list[float] = []
    t0 = time.perf_counter()
    c0 = time.process_time()
    for it in items:
        v = verify(it)
        gold.append(it.gold)
        pred.append(v.label)
        conf.append(v.confidence)
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - c0
    out: dict[str, Any] = {"dataset": dataset, "split": split}
    out.update(compute_metrics(gold, pred, conf))
    out["claims_per_s"] = round(len(items) / elapsed, 1) if elapsed > 0 else None
    # CPU time of this process: comparable across runs on a shared machine, unlike wall time
    out["claims_per_cpu_s"] = round(len(items) / cpu, 1) if cpu > 0 else None
    return out


def bench_dataset(
    dataset: str,
    *,
    verify: Callable[[BenchItem], Verdict],
    fmt: str | None = None,
    split: str | None = None,
    limit: int | None = None,
    data_dir: Path | None = None,
) -> dict[str, Any]:
    """Resolve, read and score one dataset: the metrics JSON of ``factcheck bench``.

    ``limit`` keeps the first N claims (file order), for quick runs.
    """
    path = resolve_dataset(dataset, data_dir)
    fmt = fmt or infer_format(dataset if not Path(dataset).exists() else str(path))
    items, used = read_dataset(path, fmt, split)
    if limit is not None:
        items = items[:limit]
    if not items:
        raise DatasetError(f"{dataset}: no claims in split {used!r}")
    out = run_bench(items, verify, dataset=fmt, split=used)
    if limit is not None:
        out["limit"] = limit
    return out
