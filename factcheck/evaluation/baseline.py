"""The TF-IDF + logistic-regression baseline printed beside the verifier in `factcheck bench`.

Trained in the same run on the dataset's own training split (:data:`BASELINE_TRAIN_SPLIT`) from the
claim and its evidence text: word 1–2-gram TF-IDF of "claim ‖ evidence" plus, for Chinese datasets, character
1–3-gram TF-IDF (Han text has no spaces). Datasets without a training split here (AVeriTeC: only dev is
shared; a jsonl file) are cross-fitted: 5 folds of the reported split, each predicted by a model trained on
the other four (marked ``"cross_fitted": true``). Hyperparameters are fixed (C = 1, no tuning).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from factcheck.evaluation.datasets import BenchItem

__all__ = ["BASELINE_TRAIN_SPLIT", "TfidfBaseline", "baseline_text", "cross_fit_predict"]

# dataset format -> split the baseline trains on (None: cross-fitted on the reported split)
BASELINE_TRAIN_SPLIT: dict[str, str | None] = {
    "scifact": "train",
    "climate-fever": "train",
    "check-covid": "train",
    "check-covid-gold": "train",
    "averitec": None,
    "ocnli": "train",
    "xnli-zh": "dev",
    "cnli": "dev",
    "taxinli": None,
    "wice": "test",
    "jsonl": None,
}
_MAX_EVIDENCE_CHARS = 6000


def baseline_text(item: BenchItem) -> tuple[str, str]:
    """The claim and its evidence text (documents joined, capped at a few thousand characters)."""
    ev = "\n".join(d.text for d in item.documents)[:_MAX_EVIDENCE_CHARS]
    return item.claim.text, ev


@dataclass
class TfidfBaseline:
    """TF-IDF features of claim and evidence (separate vocabularies) + multinomial logistic regression."""

    chinese: bool = False
    c: float = 1.0

    def fit(self, items: Sequence[BenchItem]) -> TfidfBaseline:
        from sklearn.linear_model import LogisticRegression

        self._vecs = self._vectorizers(min_df=2 if len(items) >= 100 else 1)
        claims, evs = zip(*(baseline_text(it) for it in items), strict=True)
        x = self._transform(list(claims), list(evs), fit=True)
        self._lr = LogisticRegression(C=self.c, max_iter=2000)
        self._lr.fit(x, [it.gold for it in items])
        return self

    def predict(self, items: Sequence[BenchItem]) -> tuple[list[str], list[float]]:
        """Labels and top-label probabilities."""
        claims, evs = zip(*(baseline_text(it) for it in items), strict=True)
        probs = self._lr.predict_proba(self._transform(list(claims), list(evs), fit=False))
        best = probs.argmax(axis=1)
        classes = [str(c) for c in self._lr.classes_]
        return [classes[i] for i in best], [float(probs[i, b]) for i, b in enumerate(best)]

    def _vectorizers(self, min_df: int) -> list[tuple[str, Any]]:
        from sklearn.feature_extraction.text import TfidfVectorizer

        out: list[tuple[str, Any]] = []
        for side in ("claim", "evidence"):
            out.append(
                (side, TfidfVectorizer(ngram_range=(1, 2), min_df=min_df, sublinear_tf=True,
                                       max_features=200_000))
            )  # fmt: skip
            if self.chinese:
                out.append(
                    (side, TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=min_df,
                                           sublinear_tf=True, max_features=200_000))
                )  # fmt: skip
        return out

    def _transform(self, claims: list[str], evs: list[str], *, fit: bool) -> Any:
        from scipy import sparse

        mats = []
        for side, vec in self._vecs:
            texts = claims if side == "claim" else evs
            mats.append(vec.fit_transform(texts) if fit else vec.transform(texts))
        return sparse.hstack(mats).tocsr()


def cross_fit_predict(
    items: Sequence[BenchItem], *, chinese: bool = False, folds: int = 5
) -> tuple[list[str], list[float]]:
    """Predict each item with a baseline trained on the other folds (folds by item order, i % folds)."""
    pred: list[str] = [""] * len(items)
    conf: list[float] = [0.0] * len(items)
    idx = np.arange(len(items))
    for f in range(folds):
        test = idx[idx % folds == f]
        train = idx[idx % folds != f]
        if not len(test):
            continue
        train_items = [items[i] for i in train]
        if len({it.gold for it in train_items}) < 2:
            majority = train_items[0].gold if train_items else items[0].gold
            for i in test:
                pred[i], conf[i] = majority, 1.0
            continue
        p, c = TfidfBaseline(chinese=chinese).fit(train_items).predict([items[i] for i in test])
        for i, pi, ci in zip(test, p, c, strict=True):
            pred[i], conf[i] = pi, ci
    return pred, conf
