"""Calibration: map a raw top-label probability to the probability that the label is right.

Isotonic regression (fit at training time with scikit-learn) is stored as its knots and applied with
linear interpolation, so prediction needs only numpy. Also the calibration metrics the benchmark reports:
expected calibration error (equal-width bins over the top-label confidence) and the top-label Brier score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "Calibrator",
    "brier_score",
    "expected_calibration_error",
    "fit_calibrator",
]


@dataclass(frozen=True)
class Calibrator:
    """A monotone map from raw confidence to calibrated confidence (knots ``x`` → ``y``), per label."""

    x: tuple[float, ...] = (0.0, 1.0)
    y: tuple[float, ...] = (0.0, 1.0)
    per_label: Mapping[str, tuple[tuple[float, ...], tuple[float, ...]]] = field(
        default_factory=dict
    )

    def __call__(self, raw: float, label: str | None = None) -> float:
        xs, ys = self.per_label.get(label, (self.x, self.y)) if label else (self.x, self.y)
        return float(np.clip(np.interp(raw, xs, ys), 0.0, 1.0))

    def to_json(self) -> dict[str, Any]:
        return {
            "x": list(self.x),
            "y": list(self.y),
            "per_label": {k: {"x": list(v[0]), "y": list(v[1])} for k, v in self.per_label.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Calibrator:
        per = {
            str(k): (tuple(float(a) for a in v["x"]), tuple(float(b) for b in v["y"]))
            for k, v in data.get("per_label", {}).items()
        }
        return cls(tuple(float(a) for a in data["x"]), tuple(float(b) for b in data["y"]), per)


def _isotonic_knots(
    raw: np.ndarray, correct: np.ndarray
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip", increasing=True)
    iso.fit(raw, correct)
    xs = [float(v) for v in iso.X_thresholds_]
    ys = [float(v) for v in iso.y_thresholds_]
    return tuple(xs), tuple(ys)


def fit_calibrator(
    raw: Sequence[float],
    correct: Sequence[bool],
    labels: Sequence[str] | None = None,
    *,
    min_per_label: int = 80,
) -> Calibrator:
    """Fit isotonic calibration of raw confidences; per predicted label where it has enough samples."""
    r = np.asarray(raw, dtype=float)
    c = np.asarray(correct, dtype=float)
    if len(r) == 0:
        return Calibrator()
    x, y = _isotonic_knots(r, c)
    per: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {}
    if labels is not None:
        lab = np.asarray(labels)
        for name in sorted(set(labels)):
            mask = lab == name
            if int(mask.sum()) >= min_per_label:
                per[name] = _isotonic_knots(r[mask], c[mask])
    return Calibrator(x, y, per)


def expected_calibration_error(
    confidence: Sequence[float], correct: Sequence[bool], *, n_bins: int = 10
) -> float:
    """ECE: sum over equal-width confidence bins of (bin share) * |accuracy - mean confidence|."""
    conf = np.asarray(confidence, dtype=float)
    corr = np.asarray(correct, dtype=float)
    if len(conf) == 0:
        return 0.0
    bins = np.minimum((conf * n_bins).astype(int), n_bins - 1)
    total = 0.0
    for b in range(n_bins):
        mask = bins == b
        if mask.any():
            total += mask.mean() * abs(corr[mask].mean() - conf[mask].mean())
    return float(total)


def brier_score(confidence: Sequence[float], correct: Sequence[bool]) -> float:
    """Top-label Brier score: mean of (confidence - correct)^2."""
    conf = np.asarray(confidence, dtype=float)
    corr = np.asarray(correct, dtype=float)
    return float(np.mean((conf - corr) ** 2)) if len(conf) else 0.0
