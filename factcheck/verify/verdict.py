"""Assemble a :class:`~factcheck.models.Verdict`: cited passages, their stances, trace and rationale.

Only passages that agree with the verdict's reasoning are quoted: a supported claim quotes supporting
passages, a refuted one contradicting passages, a mixed one both sides, and "not enough evidence"
quotes the closest passages as neutral (none decided). Every comparison that took part becomes a
trace step. The rationale is written in the claim's language (Chinese claims get Chinese sentences).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.models import Claim, Document, EvidenceRef, Label, Stance, Verdict
from factcheck.verify.comparison import Comparison
from factcheck.verify.passages import Passage, has_han

__all__ = [
    "CitedPassage",
    "compose_verdict",
    "label_title",
    "no_evidence_reason",
    "unstated_reason",
]


@dataclass(frozen=True)
class CitedPassage:
    """A candidate passage with the stance the decision gives it."""

    passage: Passage
    stance: Stance


_TITLES = {
    "en": {
        "supported": "Supported",
        "refuted": "Refuted",
        "mixed": "Mixed",
        "not_enough_evidence": "Not enough evidence",
    },
    "zh": {
        "supported": "属实",
        "refuted": "不实",
        "mixed": "有争议",
        "not_enough_evidence": "证据不足",
    },
}
_TEXT = {
    "en": {
        "head": "{title} (confidence {conf:.2f}).",
        "support": "Supporting evidence: {quotes}.",
        "refute": "Contradicting evidence: {quotes}.",
        "mixed": "Sources disagree: {n_sup} support the claim and {n_ref} contradict it. "
        "Supporting: {sup}. Contradicting: {ref}.",
        "neutral": "The closest passages neither support nor refute the claim: {quotes}.",
        "none": "No passage about the claim was found in the documents.",
        "nodocs": "No documents were found for this claim.",
        "unstated": "No passage about the claim states its value.",
        "unbacked": "No single passage clearly leans this way; read together, the passages lean "
        "{title}: {quotes}.",
    },
    "zh": {
        "head": "{title}（置信度 {conf:.2f}）。",
        "support": "支持的证据：{quotes}。",
        "refute": "相反的证据：{quotes}。",
        "mixed": "来源不一致：{n_sup} 个来源支持，{n_ref} 个来源反驳。支持：{sup}。反驳：{ref}。",
        "neutral": "最相关的段落既不支持也不反驳该说法：{quotes}。",
        "none": "所找到的文件中没有关于该说法的段落。",
        "nodocs": "没有找到与该说法相关的文件。",
        "unstated": "没有任何关于该说法的段落给出其中的数值或日期。",
        "unbacked": "没有任何单独的段落明确支持这一判断；综合来看，这些段落倾向于“{title}”：{quotes}。",
    },
}


def _language(claim: Claim) -> str:
    return "zh" if has_han(claim.text) else "en"


def label_title(label: str, language: str = "en") -> str:
    """The label as shown to people, in ``language`` (en, zh)."""
    return _TITLES.get(language, _TITLES["en"]).get(label, label)


def _cite(doc: Document) -> str:
    return f"{doc.id}, {doc.url}" if doc.url and doc.url != doc.id else doc.id


def _quote(text: str, limit: int = 240) -> str:
    t = " ".join(text.split())
    return t if len(t) <= limit else t[: limit - 1].rstrip() + "…"


def _quotes(items: Sequence[CitedPassage], n: int = 2) -> str:
    return "; ".join(f"“{_quote(c.passage.text)}” ({_cite(c.passage.document)})" for c in items[:n])


def compose_verdict(
    claim: Claim,
    label: Label,
    confidence: float,
    cited: Sequence[CitedPassage],
    comparisons: Sequence[Comparison],
    *,
    top_k: int = 5,
    reason: str | None = None,
    note: str | None = None,
    judge: str = "local",
    unbacked: bool = False,
) -> Verdict:
    """The verdict: evidence refs for the quoted passages (and comparisons), trace and rationale."""
    lang = _language(claim)
    text = _TEXT[lang]
    wanted = {
        "supported": ("supports",),
        "refuted": ("refutes",),
        "mixed": ("supports", "refutes"),
        "not_enough_evidence": ("neutral", "supports", "refutes"),
    }[label]
    quoted = [c for c in cited if c.stance in wanted]
    if label == "mixed":  # both sides, alternating, so neither crowds the other out
        sup = [c for c in quoted if c.stance == "supports"]
        ref = [c for c in quoted if c.stance == "refutes"]
        quoted = [c for pair in zip(sup, ref, strict=False) for c in pair]
        quoted += sup[len(ref) :] + ref[len(sup) :]
    if label == "not_enough_evidence" or unbacked:
        quoted = [CitedPassage(c.passage, "neutral") for c in cited if c.stance == "neutral"]
    quoted = quoted[:top_k]
    decided = [c for c in comparisons if _agrees(label, c)]
    lines = [text["head"].format(title=label_title(label, lang), conf=confidence)]
    if reason:
        lines.append(reason)
    lines.extend(c.sentence for c in decided)
    if unbacked:
        lines.append(
            text["unbacked"].format(title=label_title(label, lang).lower(), quotes=_quotes(quoted))
        )
    elif label == "supported" and quoted:
        lines.append(text["support"].format(quotes=_quotes(quoted)))
    elif label == "refuted" and quoted:
        lines.append(text["refute"].format(quotes=_quotes(quoted)))
    elif label == "mixed":
        sup = [c for c in quoted if c.stance == "supports"]
        ref = [c for c in quoted if c.stance == "refutes"]
        n_sup = len({c.passage.document.id for c in cited if c.stance == "supports"})
        n_ref = len({c.passage.document.id for c in cited if c.stance == "refutes"})
        n_sup = max(n_sup, len({c.document_id for c in decided if c.outcome == "supported"}))
        n_ref = max(n_ref, len({c.document_id for c in decided if c.outcome == "refuted"}))
        lines.append(
            text["mixed"].format(
                n_sup=n_sup, n_ref=n_ref, sup=_quotes(sup, 1) or "—", ref=_quotes(ref, 1) or "—"
            )
        )
    elif label == "not_enough_evidence" and not reason:
        lines.append(text["neutral"].format(quotes=_quotes(quoted)) if quoted else text["none"])
    if note:
        lines.append(note)
    evidence = [
        EvidenceRef(
            document_id=c.passage.document.id,
            url=c.passage.document.url or None,
            quote=c.passage.text,
            span=(c.passage.start, c.passage.end),
            stance=c.stance,
            score=round(float(c.passage.score), 4),
            published=c.passage.document.published,
            source=c.passage.document.fetcher,
        )
        for c in quoted
    ]
    for c in decided:
        if c.document_id and c.quote is None:  # a structured statement: cite the item itself
            evidence.append(
                EvidenceRef(
                    document_id=c.document_id,
                    url=c.url,
                    quote=c.sentence,
                    stance="supports" if c.outcome == "supported" else "refutes",
                    score=1.0,
                    source=f"comparator:{c.rule or c.kind}",
                )
            )
    return Verdict(
        claim_id=claim.id,
        label=label,
        confidence=min(max(confidence, 0.0), 1.0),
        rationale=" ".join(lines),
        evidence=evidence,
        judge=judge,
        trace=[c.to_trace() for c in comparisons],
    )


def _agrees(label: Label, c: Comparison) -> bool:
    if label == "supported":
        return c.outcome == "supported"
    if label == "refuted":
        return c.outcome == "refuted"
    return label == "mixed"


def no_evidence_reason(claim: Claim, *, any_documents: bool) -> str:
    """Why nothing could be decided, in the claim's language."""
    return _TEXT[_language(claim)]["none" if any_documents else "nodocs"]


def unstated_reason(claim: Claim) -> str:
    """Why a value claim is not supported: no passage states its value."""
    return _TEXT[_language(claim)]["unstated"]
