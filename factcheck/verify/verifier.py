"""The verifier: documents → passages about the claim → comparisons, near-verbatim support and stance
→ decision rules (or the claim-level model) → :class:`Verdict`.

:class:`Verifier` holds the loaded model (and optional embedder, judge and reliability weights); build
it once per run with :meth:`Verifier.from_settings`. :func:`verify_claim` is the functional form using
the committed model.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from factcheck.config import Settings, VerifySettings
from factcheck.errors import VerifyError
from factcheck.models import Claim, Document, Stance, Verdict
from factcheck.values import read_values
from factcheck.verify.about import item_labels, mentions_any, subject_names
from factcheck.verify.aggregate import (
    NO_EVIDENCE_CONFIDENCE,
    Reliability,
    aggregate_features,
    decide,
    text_comparisons,
)
from factcheck.verify.aligned import aligned_comparisons, other_figures
from factcheck.verify.compare import compare_date, compare_stated, impossible_date
from factcheck.verify.comparison import Comparison
from factcheck.verify.decide import PassageSignal, decide_by_rules, document_stances
from factcheck.verify.features import claim_sparse
from factcheck.verify.judge import Judge, load_judge
from factcheck.verify.passages import Embedder, Passage, rank_passages, tokenize
from factcheck.verify.policy import (
    finish_verdict,
    passage_weights,
    select_documents,
    text_documents,
)
from factcheck.verify.relevance import about_claim
from factcheck.verify.stance import (
    EMBED_MODEL_PATH,
    STANCES,
    StanceModel,
    load_default_model,
    passage_feature_matrix,
)
from factcheck.verify.structured import compare_structured, is_about_subject
from factcheck.verify.verbatim import content_coverage, contradiction_cue, is_near_verbatim
from factcheck.verify.verdict import (
    CitedPassage,
    compose_verdict,
    no_evidence_reason,
    unstated_reason,
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

    def retrieve(
        self, claim: Claim, documents: Sequence[Document], *, k: int | None = None
    ) -> list[Passage]:
        """The best passages for the claim, best first: ``k`` (default ``max(top_k, scoring_k)``)."""
        k = k or max(self.top_k, self.scoring_k)
        embedder = self.embedder if self.rerank else None
        return rank_passages(claim.text, documents, top_k=k, embedder=embedder)

    def verify(
        self,
        claim: Claim,
        documents: Sequence[Document],
        *,
        reference_date: dt.date | None = None,
        topic: str | None = None,
    ) -> Verdict:
        """Decide one claim from its documents. No documents → ``not_enough_evidence``.

        ``topic`` is what the claim's article is about (:func:`factcheck.fetchers.article_topic`):
        the subject of a claim that names none itself.

        Structured statements about the subject and aligned text values decide per document, then
        near-verbatim support and decisive passage stances; conflicting documents make ``mixed``
        (:mod:`factcheck.verify.decide`). Without any deciding document the claim-level model
        decides, backed by a passage of the label's stance.
        """
        before = self.evidence_before_reference_date
        impossible = impossible_date(claim.text)
        if impossible is not None:
            why = f"The claim states an impossible date ({impossible}): there is no year 0."
            verdict = compose_verdict(
                claim, "not_enough_evidence", NO_EVIDENCE_CONFIDENCE, [], [], reason=why
            )
            return verdict.model_copy(update={"needs_review": True})
        docs, excluded = select_documents(
            claim, documents, reference_date, before_reference_date=before
        )
        verdict_claim = claim
        aliases: list[str] = []
        if topic and not subject_names(claim):
            claim = claim.model_copy(update={"subject": topic})
        elif topic and any(n in topic for n in subject_names(claim)):
            aliases.append(topic)  # "Einstein" in an article about Albert Einstein
        comparisons: list[Comparison] = []
        for d in docs:
            if d.structured:
                comparisons.extend(compare_structured(claim, d))
                if is_about_subject(claim, d.structured):
                    aliases.extend(item_labels(d.structured))
        texts = text_documents(docs)
        ranked = self.retrieve(claim, texts, k=CANDIDATE_POOL)
        about = about_claim(claim, ranked, aliases=aliases)
        comparisons.extend(aligned_comparisons(claim, about, aliases=aliases))
        scored = about[: self.scoring_k]
        probs = np.zeros((len(scored), 3))
        features: np.ndarray | None = None
        if scored:
            dense, sparse = passage_feature_matrix(
                claim.text,
                scored,
                idf=self.model.idf,
                default_idf=self.model.default_idf,
                embedder=self.embedder if self.model.needs_embeddings else None,
            )
            raw = self.model.stance.predict_proba(dense, sparse)
            probs = raw[:, [self.model.stance.classes.index(x) for x in STANCES]]
            weights = passage_weights(
                claim,
                scored,
                reference_date,
                self.reliability,
                prefer_recent=self.prefer_recent_evidence,
            )
            features = aggregate_features(
                claim.text,
                probs,
                dense,
                scored,
                weights=weights,
                comparisons=text_comparisons(claim, scored),
            )
        names = [*subject_names(claim), *aliases]
        # a passage that does not name the subject (nor does its page title) may give context, never
        # a stance: 商丘…年均降水量约790毫米 is no evidence about 亳州
        on_subject = [
            not names or mentions_any(f"{p.text} {p.document.title or ''}", names) for p in about
        ]
        verbatim = [on_subject[i] and is_near_verbatim(claim, p.text) for i, p in enumerate(about)]
        cues = [contradiction_cue(claim, p.text) for p in about]
        signals = [
            PassageSignal(
                p.document,
                float(probs[i, _SUP]) if i < len(scored) and on_subject[i] else 0.0,
                float(probs[i, _REF]) if i < len(scored) and on_subject[i] else 0.0,
                verbatim[i],
                cues[i],
            )
            for i, p in enumerate(about)
        ]
        stances = document_stances(_in_order(about, docs), comparisons, signals)
        cited = _cited(claim, about, probs, verbatim, comparisons, on_subject, cues)
        leaning = {c.stance for c in cited}
        supporting = {d.document.id for d in stances if d.stance == "supports"}
        # another figure for a close attribute from another document: the support is contested
        unsettled = [
            d for d in other_figures(claim, about, aliases=aliases) if d.id not in supporting
        ]
        rule = decide_by_rules(
            stances,
            reliability=self.reliability,
            contested={
                "supports": "refutes" in leaning or bool(unsettled),
                "refutes": "supports" in leaning,
            },
        )
        note = rule.note if rule is not None else None
        if rule is not None and rule.label == "supported" and unsettled:
            where = ", ".join(d.id for d in unsettled[:3])
            note = " ".join(
                x
                for x in (
                    note,
                    f"另有来源就相近的指标给出不同数字（{where}），需人工核对。"
                    if re.search(r"[\u3400-\u9fff]", claim.text)
                    else f"Another source states a different figure for a close attribute "
                    f"({where}); a person should check.",
                )
                if x
            )
        reason: str | None = None
        unbacked = False
        if rule is not None:
            label, confidence = rule.label, rule.confidence
        elif features is not None:
            decision = decide(self.model, features, claim_sparse(tokenize(claim.text)))
            label, confidence = decision.label, decision.confidence
            stated = [on_subject[i] and states_value(claim, p.text) for i, p in enumerate(about)]
            if label in ("supported", "mixed") and not any(stated):
                # a number or a date is supported only where a passage states it
                label, confidence = "not_enough_evidence", NO_EVIDENCE_CONFIDENCE
                reason = unstated_reason(claim)
            cited = _leaning(label, cited, probs, claim.text)
            if not _backed(label, cited):
                # no passage leans the label's way: keep the model's reading of the passages taken
                # together, but never as a settled verdict, and quote the passages as neutral
                confidence = min(confidence, UNBACKED_CONFIDENCE_CAP)
                cited = [CitedPassage(c.passage, "neutral") for c in cited]
                unbacked = True
        else:
            label, confidence = "not_enough_evidence", NO_EVIDENCE_CONFIDENCE
            reason = no_evidence_reason(claim, any_documents=bool(docs))
        local = compose_verdict(
            claim,
            label,
            confidence,
            cited,
            comparisons,
            top_k=self.top_k,
            reason=reason,
            note=note,
            unbacked=unbacked,
        )
        verdict = (
            local
            if self.judge is None
            else self.judge.judge(
                verdict_claim, about[: self.top_k], local=local, reference_date=reference_date
            )
        )
        verdict = finish_verdict(
            verdict,
            verdict_claim,
            docs,
            excluded=excluded,
            reference_date=reference_date,
            reliability=self.reliability,
        )
        return verdict.model_copy(
            update={"needs_review": verdict.confidence < self.review_threshold}
        )


UNBACKED_CONFIDENCE_CAP = 0.55
"""Highest confidence of a claim-level label that no single passage leans toward (such labels are
right about half the time on SciFact dev: 21 of 38)."""

CANDIDATE_POOL = 40
"""Passages ranked per claim before the evidence-about-the-claim filter (the model reads the best
``scoring_k`` of those kept; comparisons and near-verbatim support read all kept)."""

_SUP, _REF = STANCES.index("supports"), STANCES.index("refutes")


def _in_order(passages: Sequence[Passage], docs: Sequence[Document]) -> list[Document]:
    """Documents in the order of their best passage, then the rest (structured ones)."""
    seen: dict[str, Document] = {}
    for p in passages:
        seen.setdefault(p.document.id, p.document)
    for d in docs:
        seen.setdefault(d.id, d)
    return list(seen.values())


def _cited(
    claim: Claim,
    passages: Sequence[Passage],
    probs: np.ndarray,
    verbatim: Sequence[bool],
    comparisons: Sequence[Comparison],
    on_subject: Sequence[bool],
    cues: Sequence[bool],
) -> list[CitedPassage]:
    """Each candidate passage with its stance: a comparison's outcome, near-verbatim support, or the
    stance model's when above 0.5 for a passage about the subject holding most of the claim's
    content — never "supports" for a passage showing a contradiction cue or, for a claim of
    numbers or dates, one that does not state them (else neutral)."""
    claim_text = claim.text
    by_quote = {(c.document_id, c.quote): c.outcome for c in comparisons if c.quote}
    out: list[CitedPassage] = []
    for i, p in enumerate(passages):
        outcome = by_quote.get((p.document.id, p.text))
        stance: Stance
        if outcome is not None:
            stance = "supports" if outcome == "supported" else "refutes"
        elif verbatim[i]:
            stance = "supports"
        elif (
            i < len(probs)
            and on_subject[i]
            and max(probs[i, _SUP], probs[i, _REF]) > 0.5
            and content_coverage(claim_text, p.text) >= LEAN_COVERAGE
        ):
            stance = "supports" if probs[i, _SUP] >= probs[i, _REF] else "refutes"
            if stance == "supports" and (cues[i] or not states_value(claim, p.text)):
                # the model says supports, the passage's values say otherwise or say nothing
                stance = "neutral"
        else:
            stance = "neutral"
        out.append(CitedPassage(p, stance))
    return out


LEAN_COVERAGE = 0.5
"""Share of the claim's content a passage must hold to be quoted as a reason of the claim-level
model (a passage that only names the subject is no reason)."""


def _leaning(
    label: str, cited: Sequence[CitedPassage], probs: np.ndarray, claim_text: str
) -> list[CitedPassage]:
    """For a label of the claim-level model: the scored passages that lean its way (more support
    than refutation for supported, the reverse for refuted) and hold most of the claim's content
    take the label's stance; the model read exactly these passages, so they are its reasons."""
    out: list[CitedPassage] = []
    for i, c in enumerate(cited):
        stance = c.stance
        if (
            i < len(probs)
            and stance == "neutral"
            and (content_coverage(claim_text, c.passage.text) >= LEAN_COVERAGE)
        ):
            sup, ref = float(probs[i, _SUP]), float(probs[i, _REF])
            if label in ("supported", "mixed") and sup > ref:
                stance = "supports"
            elif label in ("refuted", "mixed") and ref > sup:
                stance = "refutes"
        out.append(CitedPassage(c.passage, stance))
    return out


def states_value(claim: Claim, text: str) -> bool:
    """Whether ``text`` states every quantity and date of the claim with an agreeing value (True
    for a claim without values). Ages that name a group aside."""
    values = read_values(text)
    main = [q for q in claim.quantities if q.unit != "age"] or list(claim.quantities)
    for q in main:
        if not any(compare_stated(q, m.value) for m in values.quantities):
            return False
    for d in claim.dates:
        if not any(compare_date(d, m.value.value, m.value.precision) for m in values.dates):
            return False
    return True


def _backed(label: str, cited: Sequence[CitedPassage]) -> bool:
    """Whether a model label is backed by a passage of its stance (mixed: of both)."""
    stances = {c.stance for c in cited}
    if label == "supported":
        return "supports" in stances
    if label == "refuted":
        return "refutes" in stances
    if label == "mixed":
        return {"supports", "refutes"} <= stances
    return True


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
