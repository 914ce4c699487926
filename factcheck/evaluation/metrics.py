"""Verdict-quality metrics: accuracy, macro-F1, per-label precision/recall/F1, ECE and Brier."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from factcheck.models import LABELS
from factcheck.verify.calibrate import brier_score, expected_calibration_error

__all__ = [
    "DECISIVE",
    "RISK_THRESHOLDS",
    "bootstrap_ci",
    "choose_review_threshold",
    "compute_metrics",
    "macro_f1",
    "risk_coverage",
    "wrong_share_at",
]


def compute_metrics(
    gold: Sequence[str], pred: Sequence[str], confidence: Sequence[float]
) -> dict[str, Any]:
    """Accuracy, macro-F1 (over the gold labels present), per-label P/R/F1, ECE and Brier."""
    n = len(gold)
    correct = [g == p for g, p in zip(gold, pred, strict=True)]
    labels = [lab for lab in LABELS if lab in set(gold) | set(pred)]
    per: dict[str, dict[str, float]] = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == lab)
        n_pred = sum(1 for p in pred if p == lab)
        n_gold = sum(1 for g in gold if g == lab)
        prec = tp / n_pred if n_pred else 0.0
        rec = tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4),
                    "support": n_gold}  # fmt: skip
    gold_labels = [lab for lab in labels if per[lab]["support"]]
    macro = sum(per[lab]["f1"] for lab in gold_labels) / len(gold_labels) if gold_labels else 0.0
    return {
        "n": n,
        "accuracy": round(sum(correct) / n, 4) if n else 0.0,
        "macro_f1": round(macro, 4),
        "per_label": per,
        "ece": round(expected_calibration_error(confidence, correct), 4),
        "brier": round(brier_score(confidence, correct), 4),
    }


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Macro-F1 over the gold labels present (unrounded; what :func:`compute_metrics` reports)."""
    labels = sorted(set(gold))
    if not labels:
        return 0.0
    g = np.asarray(gold)
    p = np.asarray(pred)
    f1s = []
    for lab in labels:
        tp = float(np.sum((g == lab) & (p == lab)))
        n_pred = float(np.sum(p == lab))
        n_gold = float(np.sum(g == lab))
        f1s.append(2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0)
    return float(np.mean(f1s))


def bootstrap_ci(
    gold: Sequence[str],
    pred: Sequence[str],
    *,
    n_resamples: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval of macro-F1 (claims resampled with replacement, fixed seed)."""
    n = len(gold)
    if n == 0:
        return (0.0, 0.0)
    rng = np.random.default_rng(seed)
    g = np.asarray(gold)
    p = np.asarray(pred)
    stats = []
    for _ in range(n_resamples):
        idx = rng.integers(0, n, n)
        stats.append(macro_f1(g[idx].tolist(), p[idx].tolist()))
    lo, hi = np.quantile(stats, [(1 - level) / 2, 1 - (1 - level) / 2])
    return (round(float(lo), 4), round(float(hi), 4))


RISK_THRESHOLDS: tuple[float, ...] = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
DECISIVE: tuple[str, ...] = ("supported", "refuted")


def risk_coverage(
    gold: Sequence[str],
    pred: Sequence[str],
    confidence: Sequence[float],
    thresholds: Sequence[float] = RISK_THRESHOLDS,
) -> list[dict[str, Any]]:
    """Per threshold: coverage and accuracy of verdicts at confidence ≥ it, and the same for the
    decisive labels (supported/refuted) with their raw counts, so that runs can be pooled exactly.
    """
    g = np.asarray(gold)
    p = np.asarray(pred)
    c = np.asarray(confidence, dtype=float)
    ok = g == p
    decisive = np.isin(p, DECISIVE)
    n = max(len(g), 1)
    out: list[dict[str, Any]] = []
    for t in thresholds:
        keep = c >= t
        dk = keep & decisive
        out.append(
            {
                "threshold": t,
                "coverage": round(float(keep.sum()) / n, 4),
                "accuracy": round(float(ok[keep].mean()), 4) if keep.any() else None,
                "n": int(keep.sum()),
                "wrong": int((keep & ~ok).sum()),
                "decisive_n": int(dk.sum()),
                "decisive_correct": int((dk & ok).sum()),
                "decisive_precision": round(float(ok[dk].mean()), 4) if dk.any() else None,
            }
        )
    return out


def wrong_share_at(
    gold: Sequence[str], pred: Sequence[str], confidence: Sequence[float], threshold: float = 0.9
) -> float | None:
    """Share of wrong verdicts among those at confidence ≥ ``threshold`` (None when there are none)."""
    keep = [i for i, c in enumerate(confidence) if c >= threshold]
    if not keep:
        return None
    return round(sum(gold[i] != pred[i] for i in keep) / len(keep), 4)


def choose_review_threshold(
    rows: Sequence[Mapping[str, Any]], *, target: float = 0.9
) -> float | None:
    """Smallest threshold whose pooled supported/refuted precision is ≥ ``target``.

    ``rows`` are :func:`risk_coverage` lists of several runs, pooled by threshold (decisive counts
    added). None when no threshold reaches the target.
    """
    pooled: dict[float, list[int]] = {}
    for r in rows:
        acc = pooled.setdefault(float(r["threshold"]), [0, 0])
        acc[0] += int(r["decisive_n"])
        acc[1] += int(r["decisive_correct"])
    for t in sorted(pooled):
        n = pooled[t][0]
        # precision must hold at this threshold and every higher one
        if n and all(
            pooled[u][0] == 0 or pooled[u][1] / pooled[u][0] >= target for u in pooled if u >= t
        ):
            return t
    return None
