"""The verifier: documents → passages → comparators → stance → aggregate → :class:`Verdict`.

:class:`Verifier` holds the loaded model (and optional embedder, judge and reliability weights); build
it once per run with :meth:`Verifier.from_settings`. :func:`verify_claim` is the functional form using
the committed model.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from factcheck.config import Settings, VerifySettings
from factcheck.errors import VerifyError
from factcheck.models import Claim, Document, Verdict
from factcheck.verify.aggregate import (
    NO_EVIDENCE_CONFIDENCE,
    Decision,
    Reliability,
    aggregate_features,
    build_verdict,
    decide,
    decide_structured,
    text_comparisons,
)
from factcheck.verify.compare import (
    ALIGNED_CONFIDENCE,
    Comparison,
    aligned_comparisons,
    compare_structured,
    impossible_date,
)
from factcheck.verify.features import claim_sparse
from factcheck.verify.judge import Judge, load_judge
from factcheck.verify.passages import Embedder, Passage, rank_passages, tokenize
from factcheck.verify.policy import (
    finish_verdict,
    passage_weights,
    select_documents,
    text_documents,
)
from factcheck.verify.stance import (
    EMBED_MODEL_PATH,
    StanceModel,
    load_default_model,
    passage_feature_matrix,
)

__all__ = ["Verifier", "verify_claim"]

logger = logging.getLogger(__name__)


class Verifier:
    """Decides verdicts with a loaded model; optional embedder re-rank, judge and reliability weights."""

    def __init__(
        self,
        model: StanceModel,
        *,
        top_k: int = 5,
        embedder: Embedder | None = None,
        judge: Judge | None = None,
        reliability: Reliability | None = None,
        evidence_before_reference_date: bool = False,
        prefer_recent_evidence: bool = True,
        rerank: bool = True,
        review_threshold: float = 0.0,
    ) -> None:
        if model.needs_embeddings and embedder is None:
            raise VerifyError("this stance model needs sentence embeddings: pass an Embedder")
        self.model = model
        self.top_k = top_k
        self.embedder = embedder
        self.rerank = rerank and embedder is not None
        self.judge = judge
        self.reliability = reliability
        self.evidence_before_reference_date = evidence_before_reference_date
        self.prefer_recent_evidence = prefer_recent_evidence
        self.review_threshold = review_threshold

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        judge: Judge | str | None = None,
        reliability: Reliability | None = None,
        model_path: Path | None = None,
    ) -> Verifier:
        """Load the model (and the embedder when ``verify.rerank``; the judge named by ``verify.judge``).

        ``judge`` overrides the setting: a :class:`Judge` object or a name (``local``, ``llm``).
        """
        vs = settings.verify
        if model_path is None and vs.stance_embeddings:
            model_path = EMBED_MODEL_PATH
        model = StanceModel.load(model_path) if model_path else load_default_model()
        embedder = None
        if vs.rerank or model.needs_embeddings:
            try:
                embedder = Embedder()
            except ImportError as exc:
                raise VerifyError(
                    "verify.rerank and verify.stance_embeddings need the embed extra: "
                    "pip install 'factcheck-pipeline[embed]'"
                ) from exc
        j = judge if judge is not None else vs.judge
        judge_obj = load_judge(j, settings) if isinstance(j, str) else j
        return cls(
            model,
            top_k=vs.top_k,
            embedder=embedder,
            rerank=vs.rerank,
            judge=judge_obj,
            reliability=reliability,
            evidence_before_reference_date=vs.evidence_before_reference_date,
            prefer_recent_evidence=vs.prefer_recent_evidence,
            review_threshold=vs.review_threshold,
        )

    def usable_documents(
        self, claim: Claim, documents: Sequence[Document], reference_date: dt.date | None
    ) -> list[Document]:
        """Documents allowed as evidence (published on/before the reference date when so configured)."""
        before = self.evidence_before_reference_date
        return select_documents(claim, documents, reference_date, before_reference_date=before)[0]

    @property
    def version(self) -> str:
        """What decides verdicts: judge, model file digest, passages cited; changes when any does."""
        judge = self.judge.name if self.judge is not None else "local"
        emb = "+rerank" if self.rerank else ""
        return f"{judge}/stance:{self.model.digest[:12]}/top{self.top_k}{emb}"

    @property
    def scoring_k(self) -> int:
        """How many passages the claim model summarizes (fixed at training, in the model file)."""
        return int(self.model.meta.get("top_k", self.top_k))

    def retrieve(self, claim: Claim, documents: Sequence[Document]) -> list[Passage]:
        """The best passages for the claim, best first: ``max(top_k, scoring_k)`` of them."""
        k = max(self.top_k, self.scoring_k)
        embedder = self.embedder if self.rerank else None
        return rank_passages(claim.text, documents, top_k=k, embedder=embedder)

    def verify(
        self,
        claim: Claim,
        documents: Sequence[Document],
        *,
        reference_date: dt.date | None = None,
    ) -> Verdict:
        """Decide one claim from its documents. No documents → ``not_enough_evidence``."""
        before = self.evidence_before_reference_date
        impossible = impossible_date(claim.text)
        if impossible is not None:
            decision = Decision("not_enough_evidence", NO_EVIDENCE_CONFIDENCE, {})
            reason = f"The claim states an impossible date ({impossible}): there is no year 0."
            return build_verdict(claim, decision, [], np.zeros((0, 3)), [], reason=reason)
        docs, excluded = select_documents(
            claim, documents, reference_date, before_reference_date=before
        )
        comparisons: list[Comparison] = []
        for d in docs:
            if d.structured:
                comparisons.extend(compare_structured(claim, d))
        ranked = self.retrieve(claim, text_documents(docs))
        passages = ranked[: self.top_k]  # cited in the verdict and shown to a judge
        probs = np.zeros((0, 3))
        structured = decide_structured(comparisons)
        if structured is None:
            # values stated about the same thing in the text (41所高等院校 vs 37所高等院校)
            comparisons = aligned_comparisons(claim, ranked[: self.scoring_k])
            structured = decide_structured(
                comparisons, confidence=ALIGNED_CONFIDENCE, mixed_confidence=0.6
            )
        if structured is not None:
            if passages:
                probs = self.model.score_passages(claim.text, passages, embedder=self.embedder)
            local = build_verdict(claim, structured, passages, probs, comparisons)
        elif not passages:
            reason = (
                "No documents were found for this claim."
                if not docs
                else "The documents found contain no usable text passage."
            )
            local = build_verdict(
                claim,
                Decision("not_enough_evidence", NO_EVIDENCE_CONFIDENCE, {}),
                [],
                probs,
                [],
                reason=reason,
            )
        else:
            scored = ranked[: self.scoring_k]
            dense, sparse = passage_feature_matrix(
                claim.text,
                scored,
                idf=self.model.idf,
                default_idf=self.model.default_idf,
                embedder=self.embedder if self.model.needs_embeddings else None,
            )
            probs = self.model.stance.predict_proba(dense, sparse)
            order = [self.model.stance.classes.index(s) for s in ("supports", "refutes", "neutral")]
            probs = probs[:, order]
            weights = passage_weights(
                claim,
                scored,
                reference_date,
                self.reliability,
                prefer_recent=self.prefer_recent_evidence,
            )
            feats = aggregate_features(
                claim.text,
                probs,
                dense,
                scored,
                weights=weights,
                comparisons=text_comparisons(claim, scored),
            )
            words = claim_sparse(tokenize(claim.text))
            decision = decide(self.model, feats, words)
            if len(passages) > len(scored):
                probs = self.model.score_passages(claim.text, passages, embedder=self.embedder)
            local = build_verdict(claim, decision, passages, probs[: len(passages)], [])
        verdict = (
            local
            if self.judge is None
            else self.judge.judge(claim, passages, local=local, reference_date=reference_date)
        )
        verdict = finish_verdict(
            verdict,
            claim,
            docs,
            excluded=excluded,
            reference_date=reference_date,
            reliability=self.reliability,
        )
        return verdict.model_copy(
            update={"needs_review": verdict.confidence < self.review_threshold}
        )


def verify_claim(
    claim: Claim,
    documents: Sequence[Document],
    *,
    settings: VerifySettings | None = None,
    reference_date: dt.date | None = None,
) -> Verdict:
    """Decide one claim with the committed model (local judge; no re-rank unless the extra loads)."""
    vs = settings or VerifySettings()
    embedder = None
    if vs.rerank:
        try:
            embedder = Embedder()
        except ImportError as exc:
            raise VerifyError("verify.rerank needs the embed extra") from exc
    verifier = Verifier(
        load_default_model(),
        top_k=vs.top_k,
        embedder=embedder,
        evidence_before_reference_date=vs.evidence_before_reference_date,
        review_threshold=vs.review_threshold,
    )
    return verifier.verify(claim, documents, reference_date=reference_date)
