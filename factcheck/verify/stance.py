"""The stance model: scores each (claim, passage) pair as supports / refutes / neutral.

A multinomial logistic regression over the features of :mod:`factcheck.verify.features` (dense,
standardized, plus hashed sparse indicators). The same file also holds the claim-level aggregation
model and the calibration map, so one JSON file (``data/stance-v1.json``, written by
``bench/train_stance.py``) is the whole trained verifier. Prediction needs numpy only: no pickle, no
scikit-learn, no torch.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from factcheck.errors import VerifyError
from factcheck.verify.calibrate import Calibrator
from factcheck.verify.features import DENSE_FEATURES, PairText, pair_features
from factcheck.verify.passages import Passage, tokenize

__all__ = [
    "DEFAULT_MODEL_PATH",
    "EMBED_MODEL_PATH",
    "STANCES",
    "Encoder",
    "LinearModel",
    "StanceModel",
    "embedding_feature_names",
    "load_default_model",
    "passage_feature_matrix",
]

logger = logging.getLogger(__name__)

STANCES: tuple[str, ...] = ("supports", "refutes", "neutral")
DEFAULT_MODEL_PATH = Path(__file__).parent / "data" / "stance-v1.json"
EMBED_MODEL_PATH = Path(__file__).parent / "data" / "stance-embed-v1.json"


@dataclass(frozen=True)
class LinearModel:
    """Multinomial logistic regression: softmax(W_dense · standardize(x) + W_sparse[:, idx].sum + b)."""

    classes: tuple[str, ...]
    feature_names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (n_classes, n_dense)
    intercept: np.ndarray  # (n_classes,)
    sparse_coef: np.ndarray | None = None  # (n_classes, HASH_DIM)

    def logits(
        self, dense: np.ndarray, sparse: Sequence[Sequence[int]] | None = None
    ) -> np.ndarray:
        # a model trained on fewer (leading) features than this version computes reads only those
        dense = dense[:, : self.coef.shape[1]]
        z = ((dense - self.mean) / self.scale) @ self.coef.T + self.intercept
        if self.sparse_coef is not None and sparse is not None:
            lens = [len(r) for r in sparse]
            if sum(lens):
                flat = np.fromiter(itertools.chain.from_iterable(sparse), dtype=np.int64)
                rows = np.repeat(np.arange(len(lens)), lens)
                contrib = self.sparse_coef[:, flat]
                for c in range(contrib.shape[0]):
                    z[:, c] += np.bincount(rows, weights=contrib[c], minlength=len(lens))
        return np.asarray(z)

    def predict_proba(
        self, dense: np.ndarray, sparse: Sequence[Sequence[int]] | None = None
    ) -> np.ndarray:
        """Class probabilities, shape (n, n_classes), columns in ``classes`` order."""
        z = self.logits(np.atleast_2d(np.asarray(dense, dtype=float)), sparse)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return np.asarray(e / e.sum(axis=1, keepdims=True))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "classes": list(self.classes),
            "feature_names": list(self.feature_names),
            "mean": _round(self.mean),
            "scale": _round(self.scale),
            "coef": _round(self.coef),
            "intercept": _round(self.intercept),
        }
        if self.sparse_coef is not None:
            out["sparse_coef"] = _round(self.sparse_coef)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LinearModel:
        sc = data.get("sparse_coef")
        return cls(
            classes=tuple(data["classes"]),
            feature_names=tuple(data["feature_names"]),
            mean=np.asarray(data["mean"], dtype=float),
            scale=np.asarray(data["scale"], dtype=float),
            coef=np.asarray(data["coef"], dtype=float),
            intercept=np.asarray(data["intercept"], dtype=float),
            sparse_coef=np.asarray(sc, dtype=float) if sc is not None else None,
        )


def _round(a: np.ndarray) -> Any:
    return np.round(np.asarray(a, dtype=float), 5).tolist()


@dataclass(frozen=True)
class StanceModel:
    """The trained verifier: IDF table, passage stance model, claim aggregation model, calibration."""

    stance: LinearModel
    aggregate: LinearModel
    calibrator: Calibrator
    idf: Mapping[str, float]
    default_idf: float
    meta: Mapping[str, Any]
    digest: str = ""

    @classmethod
    def load(cls, path: Path | None = None) -> StanceModel:
        """Read a model file; raise :class:`VerifyError` when it is missing or malformed."""
        path = path or DEFAULT_MODEL_PATH
        try:
            raw = path.read_bytes()
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != "factcheck-stance/1":
                raise ValueError(f"unknown format {data.get('format')!r}")
            stance = LinearModel.from_json(data["stance"])
            n = min(len(stance.feature_names), len(DENSE_FEATURES))
            if stance.feature_names[:n] != DENSE_FEATURES[:n]:
                raise ValueError(
                    "its stance features differ from this version's (retrain it with "
                    "bench/train_stance.py)"
                )
            return cls(
                stance=stance,
                aggregate=LinearModel.from_json(data["aggregate"]),
                calibrator=Calibrator.from_json(data["calibration"]),
                idf={str(k): float(v) for k, v in data["idf"]["table"].items()},
                default_idf=float(data["idf"]["default"]),
                meta=data.get("meta", {}),
                digest=hashlib.sha256(raw).hexdigest(),
            )
        except FileNotFoundError as exc:
            raise VerifyError(
                f"stance model not found: {path} (train it with bench/train_stance.py)"
            ) from exc
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise VerifyError(f"stance model {path} is unreadable: {exc}") from exc

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "factcheck-stance/1",
            "meta": dict(self.meta),
            "idf": {"default": self.default_idf, "table": dict(self.idf)},
            "stance": self.stance.to_json(),
            "aggregate": self.aggregate.to_json(),
            "calibration": self.calibrator.to_json(),
        }

    def save(self, path: Path) -> None:
        """Write the model file (compact JSON, atomically)."""
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(
            json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"), sort_keys=True),
            encoding="utf-8",
        )
        tmp.replace(path)

    @property
    def needs_embeddings(self) -> bool:
        """Whether the stance features include sentence embeddings (the ``embed`` extra)."""
        return len(self.stance.feature_names) > len(DENSE_FEATURES)

    def score_passages(
        self, claim_text: str, passages: Sequence[Passage], *, embedder: Encoder | None = None
    ) -> np.ndarray:
        """Stance probabilities for each passage, shape (n, 3) in :data:`STANCES` order."""
        if not passages:
            return np.zeros((0, len(STANCES)))
        dense, sparse = passage_feature_matrix(
            claim_text, passages, idf=self.idf, default_idf=self.default_idf,
            embedder=embedder if self.needs_embeddings else None,
        )  # fmt: skip
        probs = self.stance.predict_proba(dense, sparse)
        order = [self.stance.classes.index(s) for s in STANCES]
        return probs[:, order]


def passage_feature_matrix(
    claim_text: str,
    passages: Sequence[Passage],
    *,
    idf: Mapping[str, float],
    default_idf: float,
    embedder: Encoder | None = None,
) -> tuple[np.ndarray, list[list[int]]]:
    """Dense feature matrix and sparse indices for a claim's ranked passages (best first).

    With an ``embedder`` the dense rows get :data:`EMBEDDING_FEATURES` columns appended: the
    element-wise product and absolute difference of the claim and passage embeddings, and their cosine.
    """
    claim_pt = PairText.build(claim_text, tokenize(claim_text))
    best = max((p.score for p in passages), default=0.0)
    dense_rows: list[list[float]] = []
    sparse_rows: list[list[int]] = []
    for rank, p in enumerate(passages):
        tokens = p.tokens or tuple(tokenize(p.text))
        pt = PairText.build(p.text, tokens)
        n_doc = p.count
        d, s = pair_features(
            claim_pt,
            pt,
            relevance=p.score / best if best > 0 else 0.0,
            rank=rank,
            position=p.index / max(n_doc - 1, 1),
            is_first=p.index == 0,
            is_last=p.index == n_doc - 1,
            idf=idf,
            default_idf=default_idf,
        )
        dense_rows.append(d)
        sparse_rows.append(s)
    dense = np.asarray(dense_rows, dtype=float).reshape(len(passages), len(DENSE_FEATURES))
    if embedder is not None and passages:
        vecs = np.asarray(embedder.encode([claim_text, *[p.text for p in passages]]), dtype=float)
        c, pv = vecs[0], vecs[1:]
        dense = np.hstack([dense, pv * c, np.abs(pv - c), (pv @ c)[:, None]])
    return dense, sparse_rows


class Encoder(Protocol):
    """Anything that embeds texts as L2-normalized rows (:class:`~factcheck.verify.passages.Embedder`)."""

    def encode(self, texts: Sequence[str]) -> Any: ...


def embedding_feature_names(dim: int) -> tuple[str, ...]:
    """Names of the embedding columns appended to :data:`DENSE_FEATURES`."""
    return (
        tuple(f"emb_prod_{i}" for i in range(dim))
        + tuple(f"emb_absdiff_{i}" for i in range(dim))
        + ("emb_cos",)
    )


@lru_cache(maxsize=4)
def load_default_model(path: str | None = None) -> StanceModel:
    """Load (once per process) the committed model, or the one at ``path``."""
    return StanceModel.load(Path(path) if path else None)
