"""Calibration: map a raw top-label probability to the probability that the label is right.

Isotonic regression (fit at training time with scikit-learn) is stored as its knots and applied with
linear interpolation, so prediction needs only numpy. Optionally a small logistic model over a few
claim-level inputs (the claim model's class probabilities and margin, strongest supporting/refuting
passage, relevance; see :func:`factcheck.verify.aggregate.calibration_inputs`) replaces the single
isotonic map: it is fitted on held-out training claims and stored as coefficients. Also the calibration metrics the benchmark reports:
expected calibration error (equal-width bins over the top-label confidence) and the top-label Brier score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "Calibrator",
    "FeatureCalibrator",
    "brier_score",
    "expected_calibration_error",
    "fit_calibrator",
    "fit_feature_calibrator",
]


@dataclass(frozen=True)
class FeatureCalibrator:
    """P(label correct) = sigmoid(coef · standardize(inputs) + intercept)."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def __call__(self, inputs: Sequence[float]) -> float:
        # inputs beyond the ones it was fitted on (a newer version's additions) are not read
        x = np.asarray(inputs, dtype=float)[: len(self.coef)]
        x = (x - np.asarray(self.mean)) / np.asarray(self.scale)
        z = float(np.clip(x @ np.asarray(self.coef) + self.intercept, -50.0, 50.0))
        return float(1.0 / (1.0 + np.exp(-z)))

    def to_json(self) -> dict[str, Any]:
        return {
            "names": list(self.names),
            "mean": [round(v, 6) for v in self.mean],
            "scale": [round(v, 6) for v in self.scale],
            "coef": [round(v, 6) for v in self.coef],
            "intercept": round(self.intercept, 6),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FeatureCalibrator:
        return cls(
            names=tuple(str(n) for n in data["names"]),
            mean=tuple(float(v) for v in data["mean"]),
            scale=tuple(float(v) for v in data["scale"]),
            coef=tuple(float(v) for v in data["coef"]),
            intercept=float(data["intercept"]),
        )


@dataclass(frozen=True)
class Calibrator:
    """A monotone map from raw confidence to calibrated confidence (knots ``x`` → ``y``), per label."""

    x: tuple[float, ...] = (0.0, 1.0)
    y: tuple[float, ...] = (0.0, 1.0)
    per_label: Mapping[str, tuple[tuple[float, ...], tuple[float, ...]]] = field(
        default_factory=dict
    )
    features: FeatureCalibrator | None = None

    def __call__(
        self, raw: float, label: str | None = None, inputs: Sequence[float] | None = None
    ) -> float:
        """Calibrated confidence; uses the feature model when present and ``inputs`` are given."""
        if self.features is not None and inputs is not None:
            return float(np.clip(self.features(inputs), 0.0, 1.0))
        xs, ys = self.per_label.get(label, (self.x, self.y)) if label else (self.x, self.y)
        return float(np.clip(np.interp(raw, xs, ys), 0.0, 1.0))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "x": list(self.x),
            "y": list(self.y),
            "per_label": {k: {"x": list(v[0]), "y": list(v[1])} for k, v in self.per_label.items()},
        }
        if self.features is not None:
            out["features"] = self.features.to_json()
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Calibrator:
        per = {
            str(k): (tuple(float(a) for a in v["x"]), tuple(float(b) for b in v["y"]))
            for k, v in data.get("per_label", {}).items()
        }
        feats = data.get("features")
        return cls(
            tuple(float(a) for a in data["x"]),
            tuple(float(b) for b in data["y"]),
            per,
            FeatureCalibrator.from_json(feats) if feats else None,
        )


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


def fit_feature_calibrator(
    inputs: np.ndarray, correct: Sequence[bool], names: Sequence[str], *, c: float = 1.0
) -> FeatureCalibrator:
    """Fit the logistic feature calibrator (scikit-learn, training time only)."""
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(inputs, dtype=float)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    lr = LogisticRegression(C=c, max_iter=2000)
    lr.fit((x - mean) / scale, np.asarray(correct, dtype=int))
    return FeatureCalibrator(
        names=tuple(names),
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        coef=tuple(float(v) for v in lr.coef_[0]),
        intercept=float(lr.intercept_[0]),
    )


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
