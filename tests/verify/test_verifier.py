"""The verifier end to end on hand-made documents: rules, comparators, stance, rationale, seams."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.config import Settings, VerifySettings
from factcheck.errors import ConfigError, VerifyError
from factcheck.models import Claim, DateValue, Document, Quantity, Verdict
from factcheck.verify import Judge, Verifier, load_judge, verify_claim
from factcheck.verify.aggregate import NO_EVIDENCE_CONFIDENCE
from factcheck.verify.decide import DocumentStance, rule_confidence
from factcheck.verify.features import direction, negation_count
from factcheck.verify.passages import Passage
from factcheck.verify.stance import StanceModel, load_default_model

T0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def _doc(text: str, doc_id: str = "wikipedia:d1", **kw: object) -> Document:
    return Document(
        id=doc_id, url=f"https://example.org/{doc_id}", text=text, fetcher="wikipedia",
        retrieved_at=T0, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.fixture(scope="module")
def verifier() -> Verifier:
    return Verifier(load_default_model(), top_k=5)


def test_no_documents_is_not_enough_evidence(verifier: Verifier) -> None:
    v = verifier.verify(Claim(id="c1", text="The moon is made of cheese."), [])
    assert v.label == "not_enough_evidence"
    assert v.confidence == NO_EVIDENCE_CONFIDENCE
    assert v.evidence == []
    assert "No documents" in v.rationale


def test_documents_without_text_are_not_enough_evidence(verifier: Verifier) -> None:
    v = verifier.verify(Claim(id="c1", text="The moon is made of cheese."), [_doc("   ")])
    assert v.label == "not_enough_evidence"
    assert "No passage about the claim" in v.rationale


def test_structured_value_decides_a_date_claim(verifier: Verifier) -> None:
    claim = Claim(
        id="c1", text="北京深度求索公司成立于2023年7月", subject="北京深度求索公司", predicate="成立于",
        dates=[DateValue(value="2023-07", precision="month", raw="2023年7月")],
    )  # fmt: skip
    wd = _doc("", "wikidata:Q1", structured={
        "P571": [{"value": "2023-07-17", "precision": "day"}], "labels": {"zh": "北京深度求索公司"}})  # fmt: skip
    v = verifier.verify(claim, [wd])
    one = DocumentStance(wd, "supports", "comparison")
    assert (v.label, v.confidence) == ("supported", rule_confidence([one]))
    assert [(t.rule, t.item, t.property) for t in v.trace] == [("wikidata-date", None, "P571")]
    assert "P571 为 2023-07-17" in v.rationale  # a Chinese claim gets Chinese sentences
    assert "wikidata:Q1" in {e.document_id for e in v.evidence}
    wrong = claim.model_copy(update={"dates": [DateValue(value="2021-07", precision="month")]})
    assert verifier.verify(wrong, [wd]).label == "refuted"


def test_structured_quantity_near_ten(verifier: Verifier) -> None:
    claim = Claim(id="c1", text="某公司员工近10人", subject="某公司", predicate="员工",
                  quantities=[Quantity(value=10, approx="nearly", unit="人", raw="近10人")])  # fmt: skip
    ok = _doc("", "wikidata:Q2", structured={"P1128": [{"value": 9}], "labels": {"zh": "某公司"}})
    bad = _doc("", "wikidata:Q2", structured={"P1128": [{"value": 14}], "labels": {"zh": "某公司"}})
    assert verifier.verify(claim, [ok]).label == "supported"
    assert verifier.verify(claim, [bad]).label == "refuted"
    assert (
        verifier.verify(claim, [ok, bad.model_copy(update={"id": "wikidata:Q3"})]).label == "mixed"
    )


def test_text_evidence_verdict_quotes_passages(verifier: Verifier) -> None:
    claim = Claim(id="c1", text="Global warming is driving polar bears toward extinction")
    doc = _doc(
        "Rising global temperatures, caused by the greenhouse effect, contribute to habitat "
        "destruction, endangering various species, such as the polar bear.\n"
        "The city council met on Tuesday to discuss parking fees."
    )
    v = verifier.verify(claim, [doc])
    assert v.label in ("supported", "refuted", "mixed", "not_enough_evidence")
    assert 0.0 <= v.confidence <= 1.0
    assert v.judge == "local"
    top = v.evidence[0]
    assert top.document_id == "wikipedia:d1"
    assert top.span is not None
    assert doc.text[top.span[0] : top.span[1]] == top.quote
    assert "polar bear" in top.quote
    assert "wikipedia:d1" in v.rationale


def test_relevant_passage_outranks_irrelevant(verifier: Verifier) -> None:
    claim = Claim(id="c1", text="Vitamin D supplementation reduces the risk of fractures")
    doc = _doc(
        "The weather was mild.\nVitamin D supplementation did not reduce the risk of fractures in "
        "older adults in a large randomized trial."
    )
    v = verifier.verify(claim, [doc])
    assert "Vitamin D" in v.evidence[0].quote


def test_negated_evidence_moves_towards_refuted() -> None:
    model = load_default_model()
    claim = "Vitamin D supplementation reduces the risk of hip fractures in older adults."
    sup = "Vitamin D supplementation reduces the risk of hip fractures in older adults."
    ref = "Vitamin D supplementation does not reduce the risk of hip fractures in older adults."
    passages = [_passage(sup, 0), _passage(ref, 1)]
    probs = model.score_passages(claim, passages)
    assert probs.shape == (2, 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    # the stance model reads negation: the negated passage has the higher refute probability
    assert probs[1, 1] > probs[0, 1]


def _passage(text: str, i: int) -> Passage:
    d = _doc(text, f"wikipedia:p{i}")
    return Passage(document=d, text=text, start=0, end=len(text), index=0, count=1, score=5.0)


@pytest.mark.parametrize(
    ("text", "neg", "dir_"),
    [("It does not increase", 1, 1), ("没有减少", 1, -1), ("Prices fell", 0, -1), ("plain", 0, 0),
     ("It never rose and was not higher", 2, 1)],
)  # fmt: skip
def test_negation_and_direction_cues(text: str, neg: int, dir_: int) -> None:
    assert negation_count(text) == neg
    assert direction(text) == dir_


def test_reliability_weights_are_applied() -> None:
    model = load_default_model()
    claim = Claim(id="c1", text="Vitamin D supplementation reduces the risk of fractures")
    doc = _doc("Vitamin D supplementation reduces the risk of fractures in older adults.")
    seen: list[str] = []

    def reliability(d: Document) -> float:
        seen.append(d.id)
        return 0.0

    zero = Verifier(model, reliability=reliability).verify(claim, [doc])
    assert set(seen) == {"wikipedia:d1"}  # weights, then the low-reliability confidence cut
    full = Verifier(model).verify(claim, [doc])
    assert zero.confidence != full.confidence or zero.label != full.label


def test_evidence_after_reference_date_is_ignored_when_configured() -> None:
    model = load_default_model()
    claim = Claim(id="c1", text="X happened", as_of=dt.date(2020, 1, 1))
    late = _doc("X happened indeed, as everyone saw.", published=dt.date(2021, 1, 1))
    strict = Verifier(model, evidence_before_reference_date=True)
    assert strict.verify(claim, [late]).label == "not_enough_evidence"
    assert Verifier(model).verify(claim, [late]).evidence


class _EchoJudge:
    name = "echo"

    def __init__(self) -> None:
        self.calls: list[int] = []

    def judge(
        self, claim: Claim, passages: Sequence[Passage], *, local: Verdict,
        reference_date: dt.date | None = None,
    ) -> Verdict:  # fmt: skip
        self.calls.append(len(passages))
        return local.model_copy(update={"judge": self.name})


def test_judge_seam_receives_passages_and_local_verdict() -> None:
    judge = _EchoJudge()
    assert isinstance(judge, Judge)
    v = Verifier(load_default_model(), judge=judge, top_k=2)
    out = v.verify(Claim(id="c1", text="Polar bears live in the Arctic"),
                   [_doc("Polar bears live in the Arctic. They hunt seals on the sea ice.")])  # fmt: skip
    assert out.judge == "echo"
    assert judge.calls == [2]  # the judge reads the top_k passages about the claim
    assert 1 <= len(out.evidence) <= 2  # the verdict quotes those agreeing with it


def test_load_judge_names() -> None:
    assert load_judge("local", Settings()) is None
    with pytest.raises(ConfigError, match="unknown judge"):
        load_judge("oracle", Settings())


def test_from_settings_and_verify_claim_agree() -> None:
    v = Verifier.from_settings(Settings())
    claim = Claim(id="c1", text="Polar bears live in the Arctic")
    docs = [_doc("Polar bears live in the Arctic and hunt seals.")]
    assert v.verify(claim, docs) == verify_claim(claim, docs, settings=VerifySettings())


def test_missing_model_file_is_a_verify_error(tmp_path: object) -> None:
    from pathlib import Path

    with pytest.raises(VerifyError, match="not found"):
        StanceModel.load(Path(str(tmp_path)) / "missing.json")
    bad = Path(str(tmp_path)) / "bad.json"
    bad.write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(VerifyError, match="unreadable"):
        StanceModel.load(bad)


def test_model_round_trips_through_json(tmp_path: object) -> None:
    from pathlib import Path

    model = load_default_model()
    out = Path(str(tmp_path)) / "m.json"
    model.save(out)
    again = StanceModel.load(out)
    claim = "Polar bears live in the Arctic"
    ps = [_passage("Polar bears live in the Arctic and hunt seals.", 0)]
    np.testing.assert_allclose(model.score_passages(claim, ps), again.score_passages(claim, ps))


def test_committed_model_is_small_and_not_pickle() -> None:
    from factcheck.verify.stance import DEFAULT_MODEL_PATH

    assert DEFAULT_MODEL_PATH.suffix == ".json"
    assert DEFAULT_MODEL_PATH.stat().st_size < 20 * 1024 * 1024


@settings(max_examples=25, deadline=None)
@given(
    text=st.text(min_size=1, max_size=200).filter(lambda s: s.strip()),
    evidence=st.lists(st.text(max_size=300), max_size=3),
)
def test_confidence_is_a_probability(text: str, evidence: list[str]) -> None:
    clean = "".join(ch for ch in text if ch.isprintable()) or "x"
    docs = [_doc(e, f"wikipedia:h{i}") for i, e in enumerate(evidence)]
    v = Verifier(load_default_model()).verify(Claim(id="c1", text=clean), docs)
    assert 0.0 <= v.confidence <= 1.0
    assert v.label in ("supported", "refuted", "mixed", "not_enough_evidence")


def test_version_names_judge_model_and_top_k() -> None:
    model = load_default_model()
    v5 = Verifier(model, top_k=5)
    assert v5.version.startswith("local/stance:")
    assert model.digest[:12] in v5.version
    assert Verifier(model, top_k=3).version != v5.version
    assert Verifier(model, judge=_EchoJudge()).version.startswith("echo/")


def test_a_model_lean_on_a_passage_not_stating_the_figure_is_no_support() -> None:
    # issue 11: the stance model leaning 'supports' on a passage that only names the subject must
    # not contest a refutation (nor be quoted as support) for a claim of numbers
    from factcheck.verify.passages import Passage
    from factcheck.verify.verifier import _cited

    claim = Claim(id="c1", text="融科资讯中心周边聚集了41所高等院校", subject="融科资讯中心周边",
                  quantities=[Quantity(value=41, unit="所", raw="41所")])  # fmt: skip
    texts = ["英特尔和AMD在融科资讯中心共同办公已有20年。", "融科资讯中心周边聚集了41所高等院校。"]
    passages = [
        Passage(document=_doc(t, f"web:d{i}"), text=t, start=0, end=len(t), index=0)
        for i, t in enumerate(texts)
    ]
    probs = np.array([[0.9, 0.05, 0.05], [0.9, 0.05, 0.05]])  # supports, refutes, neutral
    cited = _cited(claim, passages, probs, [False, False], [], [True, True], [False, False])
    assert [c.stance for c in cited] == ["neutral", "supports"]
