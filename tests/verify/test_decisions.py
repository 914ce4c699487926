"""The decision rules end to end on made-up documents: conflict is mixed, near-verbatim support in
Chinese and English, neutral passages never refute, furniture and duplicates are never cited."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.models import Claim, Document, Entity, Quantity
from factcheck.verify import Verifier
from factcheck.verify.passages import split_passages
from factcheck.verify.relevance import about_claim, is_furniture
from factcheck.verify.stance import load_default_model
from factcheck.verify.verbatim import content_coverage, has_negation, is_near_verbatim

T0 = dt.datetime(2025, 3, 16, tzinfo=dt.UTC)


def _doc(text: str, host: str, title: str = "") -> Document:
    return Document(id=f"web:{host}", url=f"https://{host}/a", title=title or None, text=text,
                    fetcher="web", retrieved_at=T0)  # fmt: skip


@pytest.fixture(scope="module")
def verifier() -> Verifier:
    return Verifier(load_default_model())


CLAIM_41 = Claim(
    id="c41", text="融科资讯中心周边聚集了41所高等院校", kind="quantity", subject="融科资讯中心周边",
    entities=[Entity(text="融科资讯中心", type="place")],
    quantities=[Quantity(value=41, unit="所", raw="41所")],
)  # fmt: skip


def test_conflicting_documents_are_mixed_quoting_both(verifier: Verifier) -> None:
    agree = _doc("据统计，融科资讯中心周边共有41所高等院校，科研资源密集。", "news-a.example")
    disagree = _doc("融科资讯中心周边聚集了37所高等院校和上百家研究所。", "news-b.example")
    v = verifier.verify(CLAIM_41, [agree, disagree])
    assert v.label == "mixed"
    stances = {e.document_id: e.stance for e in v.evidence}
    assert stances == {"web:news-a.example": "supports", "web:news-b.example": "refutes"}
    assert "41所" in v.rationale
    assert "37所" in v.rationale
    assert {t.outcome for t in v.trace} == {"supported", "refuted"}


def test_one_agreeing_document_supports(verifier: Verifier) -> None:
    v = verifier.verify(CLAIM_41, [_doc("融科资讯中心周边有41所高等院校。", "news-a.example")])
    assert v.label == "supported"
    assert v.confidence < 0.9  # one source is never near-certain


def test_two_independent_sources_raise_confidence(verifier: Verifier) -> None:
    one = verifier.verify(CLAIM_41, [_doc("融科资讯中心周边有41所高等院校。", "a.example")])
    two = verifier.verify(
        CLAIM_41,
        [
            _doc("融科资讯中心周边有41所高等院校。", "a.example"),
            _doc("在融科资讯中心周边，41所高等院校云集。", "b.example"),
        ],
    )
    assert two.label == one.label == "supported"
    assert two.confidence > one.confidence


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        (
            "DeepSeekV2的关键创新MLA架构由北大和北邮的毕业生主导研发",
            "主导MLA架构研发的研究员包括毕业于北京大学和北京邮电大学的毕业生，这是DeepSeekV2的关键创新。",
        ),
        (
            "Andre Agassi won the Australian Open in 1995.",
            "In 1995 Andre Agassi won the Australian Open, beating Pete Sampras in the final.",
        ),
    ],
)
def test_near_verbatim_support_in_both_languages(
    verifier: Verifier, claim: str, passage: str
) -> None:
    c = Claim(id="c", text=claim)
    assert is_near_verbatim(c, passage)
    v = verifier.verify(c, [_doc(passage, "ref.example")])
    assert v.label == "supported"
    assert [e.stance for e in v.evidence] == ["supports"]


@pytest.mark.parametrize(
    ("claim", "passage"),
    [
        ("Vitamin D reduces the risk of fractures.", "Vitamin D does not reduce the risk of fractures."),
        ("Vitamin D increases the risk of fractures.", "Vitamin D decreases the risk of fractures."),
        ("北京的常住人口增加了", "北京的常住人口减少了"),
        ("该公司没有上市", "该公司已经上市"),
    ],
)  # fmt: skip
def test_negation_or_direction_is_no_verbatim_support(claim: str, passage: str) -> None:
    assert content_coverage(claim, passage) >= 0.5
    assert not is_near_verbatim(Claim(id="c", text=claim), passage)


def test_negation_words_inside_other_words_are_not_negation() -> None:
    assert not has_negation("亳州不断发展，非洲和无锡的企业也来投资")
    assert has_negation("亳州没有机场")


def test_neutral_passages_never_make_a_refutation(verifier: Verifier) -> None:
    claim = Claim(
        id="c", text="融科资讯中心入驻的跨国企业达到了80%", subject="融科资讯中心",
        quantities=[Quantity(value=0.8, unit="%", raw="80%")],
    )  # fmt: skip
    docs = [
        _doc("融科资讯中心位于北京海淀区科学院南路，是一组写字楼。", "a.example"),
        _doc("融科资讯中心于2004年建成，交通便利，周边餐饮丰富。", "b.example"),
    ]
    v = verifier.verify(claim, docs)
    assert v.label != "refuted"


def test_titles_disclaimers_and_duplicates_are_never_cited() -> None:
    title = "融科资讯中心 - 维基百科"
    doc = _doc(
        "融科资讯中心 - 维基百科\n本文档为虚构的演示文档。\n融科资讯中心周边有41所高等院校。\n"
        "融科资讯中心周边有41所高等院校。\n首页 | 登录",
        "wiki.example",
        title=title,
    )
    passages = split_passages(doc, min_chars=1)
    furniture = [p.text for p in passages if is_furniture(p)]
    assert "融科资讯中心 - 维基百科" in furniture
    assert "本文档为虚构的演示文档。" in furniture
    kept = about_claim(CLAIM_41, passages)
    assert [p.text for p in kept] == ["融科资讯中心周边有41所高等院校。"]


def test_passages_about_another_subject_are_not_evidence() -> None:
    doc = _doc("上海周边聚集了37所高等院校。融科资讯中心是一栋写字楼。", "x.example")
    kept = about_claim(CLAIM_41, split_passages(doc, min_chars=1))
    assert [p.text for p in kept] == ["融科资讯中心是一栋写字楼。"]


def test_a_value_no_passage_states_is_not_supported(verifier: Verifier) -> None:
    claim = Claim(
        id="c28", text="融科资讯中心周边聚集了28家大学科技园", subject="融科资讯中心周边",
        entities=[Entity(text="融科资讯中心", type="place")],
        quantities=[Quantity(value=28, unit="家", raw="28家")],
    )  # fmt: skip
    doc = _doc("融科资讯中心周边聚集了37所高等院校、206家研究所和一批大学科技园。", "a.example")
    v = verifier.verify(claim, [doc])
    assert v.label != "supported"
    assert all(e.stance != "supports" for e in v.evidence)
