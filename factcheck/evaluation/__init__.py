"""Evaluation: benchmark dataset readers, verdict-quality metrics and the `factcheck bench` runner.

Sits above :mod:`factcheck.verify` in the import layers: it imports the verifier's types and
calibration metrics, never the other way round.
"""

from __future__ import annotations

from factcheck.evaluation.datasets import BenchItem, DatasetError, read_dataset
from factcheck.evaluation.metrics import compute_metrics
from factcheck.evaluation.runner import bench_dataset, run_bench

__all__ = [
    "BenchItem",
    "DatasetError",
    "bench_dataset",
    "compute_metrics",
    "read_dataset",
    "run_bench",
]
