"""Verdict-quality metrics: accuracy, macro-F1, per-label precision/recall/F1, ECE and Brier."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from factcheck.models import LABELS
from factcheck.verify.calibrate import brier_score, expected_calibration_error

__all__ = ["compute_metrics"]


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
