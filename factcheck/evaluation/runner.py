"""Run a verifier over a benchmark dataset and collect the metrics JSON of `factcheck bench`."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from factcheck.evaluation.baseline import BASELINE_TRAIN_SPLIT, TfidfBaseline, cross_fit_predict
from factcheck.evaluation.datasets import (
    BenchItem,
    DatasetError,
    infer_format,
    read_dataset,
    resolve_dataset,
)
from factcheck.evaluation.metrics import (
    bootstrap_ci,
    compute_metrics,
    risk_coverage,
    wrong_share_at,
)
from factcheck.models import Verdict

__all__ = ["REVIEW_GRID", "bench_dataset", "quality", "run_baseline", "run_bench"]

CHINESE_FORMATS = frozenset({"ocnli", "xnli-zh", "cnli"})
# fine threshold grid kept (as decisive counts) for choosing verify.review_threshold on pooled runs
REVIEW_GRID: tuple[float, ...] = tuple(round(0.5 + 0.025 * i, 3) for i in range(20))


def quality(gold: Sequence[str], pred: Sequence[str], conf: Sequence[float]) -> dict[str, Any]:
    """Metrics, bootstrap 95 % interval of macro-F1, risk–coverage and wrong share at ≥ 0.9."""
    out = compute_metrics(gold, pred, conf)
    out["macro_f1_ci95"] = list(bootstrap_ci(gold, pred))
    out["risk_coverage"] = risk_coverage(gold, pred, conf)
    out["wrong_share_at_0.9"] = wrong_share_at(gold, pred, conf, 0.9)
    return out


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
    out.update(quality(gold, pred, conf))
    out["review_grid"] = [
        {k: r[k] for k in ("threshold", "decisive_n", "decisive_correct")}
        for r in risk_coverage(gold, pred, conf, REVIEW_GRID)
    ]
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
    baseline: bool = True,
) -> dict[str, Any]:
    """Resolve, read and score one dataset: the metrics JSON of ``factcheck bench``.

    ``limit`` keeps the first N claims (file order), for quick runs. With ``baseline`` the TF-IDF
    baseline of :mod:`factcheck.evaluation.baseline` is trained and scored in the same run
    (``out["baseline"]``).
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
    if baseline:
        out["baseline"] = run_baseline(path, fmt, items)
    return out


def run_baseline(path: Path, fmt: str, items: Sequence[BenchItem]) -> dict[str, Any]:
    """Train the TF-IDF baseline on the format's training split (or cross-fit) and score ``items``."""
    chinese = fmt in CHINESE_FORMATS
    train_split = BASELINE_TRAIN_SPLIT.get(fmt)
    t0 = time.perf_counter()
    try:
        if train_split is not None:
            train, _ = read_dataset(path, fmt, train_split)
            pred, conf = TfidfBaseline(chinese=chinese).fit(train).predict(items)
            info: dict[str, Any] = {"trained_on": train_split, "n_train": len(train)}
        else:
            pred, conf = cross_fit_predict(items, chinese=chinese)
            info = {"trained_on": "5-fold cross-fit on the reported split", "cross_fitted": True}
    except ValueError as exc:  # too little text to build a vocabulary (a tiny jsonl file)
        return {"model": "tfidf-logreg", "skipped": str(exc)}
    out: dict[str, Any] = {"model": "tfidf-logreg", **info}
    out.update(quality([it.gold for it in items], pred, conf))
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out
