"""Stance features that hold in Chinese and English, and the near-verbatim support rule."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.models import Claim, Document
from factcheck.verify import Verifier
from factcheck.verify.features import (
    DENSE_FEATURES,
    PairText,
    content_units,
    direction,
    negation_count,
    pair_features,
)
from factcheck.verify.passages import tokenize
from factcheck.verify.stance import load_default_model


def _features(claim: str, passage: str) -> dict[str, float]:
    c = PairText.build(claim, tokenize(claim))
    p = PairText.build(passage, tokenize(passage))
    dense, _ = pair_features(c, p, relevance=1.0, rank=0, position=0.0, is_first=True,
                             is_last=True, idf={}, default_idf=1.0)  # fmt: skip
    return dict(zip(DENSE_FEATURES, dense, strict=True))


@pytest.mark.parametrize(
    ("text", "count"),
    [("非常好", 0), ("不仅如此", 0), ("未来十年", 0), ("无论如何", 0), ("不断增长", 0),
     ("没有人去", 1), ("这不是真的", 1), ("并非如此", 1), ("尚未完成", 1), ("他 did not go", 1)],
)  # fmt: skip
def test_negation_cues_in_both_languages(text: str, count: int) -> None:
    assert negation_count(text) == count


def test_direction_lexicons() -> None:
    assert direction("人口增加了") == 1
    assert direction("出口下滑") == -1
    assert direction("exports fell sharply") == -1
    assert direction("sales rose") == 1


def test_content_units_use_character_bigrams_for_han_text() -> None:
    units, singles, seq = content_units("北京大学2024年", tokenize("北京大学2024年"))
    assert {"北京", "京大", "大学"} <= units
    assert "2024" in units
    assert "北" in singles
    assert seq[:4] == ("北", "京", "大", "学")
    en, _, _ = content_units("Polar bears live", tokenize("Polar bears live"))
    assert en == frozenset(tokenize("Polar bears live"))


ZH_CLAIM = "主导MLA研发的研究员包括毕业于北京大学和北京邮电大学的人"
ZH_PASSAGE = "据介绍，主导MLA研发的研究员包括毕业于北京大学和北京邮电大学的年轻人。"
EN_CLAIM = "The Eiffel Tower was completed in 1889."
EN_PASSAGE = "Construction finished in March 1889, when the Eiffel Tower was completed in Paris."


@pytest.mark.parametrize(("claim", "passage"), [(ZH_CLAIM, ZH_PASSAGE), (EN_CLAIM, EN_PASSAGE)])
def test_near_verbatim_flag(claim: str, passage: str) -> None:
    f = _features(claim, passage)
    assert f["verbatim"] == 1.0
    assert f["conflict"] == 0.0


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        ("主导MLA研发的研究员不包括毕业于北京大学和北京邮电大学的人", ZH_PASSAGE),  # negation
        ("该公司2019年成立于杭州", "该公司于2021年成立于杭州。"),  # date
        ("今年出口增加了", "今年出口减少了。"),  # antonym / direction
        ("The Eiffel Tower was not completed in 1889.", EN_PASSAGE),
        ("The Eiffel Tower was completed in 1887.", EN_PASSAGE),
    ],
)
def test_conflicts_block_the_near_verbatim_flag(claim: str, passage: str) -> None:
    f = _features(claim, passage)
    assert f["verbatim"] == 0.0
    assert f["conflict"] == 1.0


def _doc(text: str, i: int = 1) -> Document:
    return Document(id=f"d{i}", url=f"https://e.org/{i}", text=text, fetcher="test",
                    retrieved_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))  # fmt: skip


@pytest.mark.parametrize(
    ("claim", "passages"),
    [
        (ZH_CLAIM, [ZH_PASSAGE, "该研究所成立于2019年，位于北京。"]),
        ("中关村科学城聚集了41所高等院校", ["中关村科学城聚集了41所高等院校和上百家科研院所。"]),
        (EN_CLAIM, [EN_PASSAGE, "Paris is the capital of France."]),
        ("Polar bears live in the Arctic", ["Polar bears live in the Arctic and hunt seals on the ice."]),
    ],
)  # fmt: skip
def test_near_verbatim_support_is_supported_in_both_languages(
    claim: str, passages: list[str]
) -> None:
    verifier = Verifier(load_default_model(), top_k=5)
    docs = [_doc(p, i) for i, p in enumerate(passages)]
    verdict = verifier.verify(Claim(id="c1", text=claim), docs)
    assert verdict.label == "supported", verdict.rationale
    assert verdict.evidence[0].stance == "supports" or any(
        e.stance == "supports" for e in verdict.evidence
    )


def test_negated_chinese_claim_is_not_supported_by_the_plain_passage() -> None:
    verifier = Verifier(load_default_model(), top_k=5)
    claim = Claim(id="c1", text="主导MLA研发的研究员不包括毕业于北京大学和北京邮电大学的人")
    verdict = verifier.verify(claim, [_doc(ZH_PASSAGE)])
    assert verdict.label != "supported", verdict.rationale


def test_model_file_records_its_training_data_and_licences() -> None:
    meta = load_default_model().meta
    data = meta["training_data"]
    allowed = {"scifact", "climate-fever", "check-covid", "taxinli", "wice", "zh-synthetic"}
    assert set(data) <= allowed
    for name, licence in data.items():
        assert licence, name
    assert "evaluation only" in meta["not_trained_on"]
    assert not any(k in data for k in ("ocnli", "xnli-zh", "cnli", "averitec", "healthver"))
