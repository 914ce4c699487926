"""Chinese claims against made-up paraphrases: supporting ones support, a value of the same thing that
differs refutes, whatever the wording (the thing named after or before the number, 的, classifiers)."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.models import Claim, DateValue, Document, Entity, Quantity, Rank
from factcheck.verify import Verifier
from factcheck.verify.stance import load_default_model

T0 = dt.datetime(2025, 3, 16, tzinfo=dt.UTC)


def _doc(text: str, host: str = "a.example") -> Document:
    return Document(id=f"web:{host}", url=f"https://{host}/a", text=text, fetcher="web",
                    retrieved_at=T0)  # fmt: skip


@pytest.fixture(scope="module")
def verifier() -> Verifier:
    return Verifier(load_default_model())


STAFF = Claim(
    id="s", text="截至2025年3月，DeepSeek仍有三分之二的员工在融科资讯中心的办公室里", subject="DeepSeek",
    quantities=[Quantity(value=0.6667, unit="%", raw="三分之二")],
    entities=[Entity(text="DeepSeek", type="org"), Entity(text="融科资讯中心", type="place")],
)  # fmt: skip
SCHOLARS = Claim(
    id="h", text="海淀区聚集了1.5万名人工智能学者", subject="海淀区",
    quantities=[Quantity(value=15000, unit="person", raw="1.5万名")],
)  # fmt: skip
FOUNDED = Claim(
    id="f", text="1980年10月23日，在中国科学院物理所的一间仓库里，中国首个民营科技企业就宣布成立了",
    subject="中国首个民营科技企业",
    dates=[DateValue(value="1980-10-23", precision="day", raw="1980年10月23日")],
    entities=[Entity(text="中国科学院物理所", type="org")],
)  # fmt: skip
EARLIER = Claim(
    id="e", text="北京深度求索公司比杭州的相关主体还要早两个月成立", subject="北京深度求索公司",
    quantities=[Quantity(value=2, unit="month", raw="两个月")],
)  # fmt: skip
RANKED = Claim(
    id="r", text="在国际科技创新中心指数中，上海位列第七", subject="上海",
    rank=Rank(position=7, scope="国际科技创新中心指数", raw="位列第七"),
)  # fmt: skip


@pytest.mark.parametrize(
    ("claim", "text", "expected"),
    [
        (STAFF, "目前DeepSeek约三分之二的员工在北京融科资讯中心办公。", "supported"),
        (STAFF, "DeepSeek约一半的员工在北京融科资讯中心办公。", "refuted"),
        (SCHOLARS, "海淀区拥有人工智能学者约1.5万名，居全国之首。", "supported"),
        (SCHOLARS, "海淀区拥有人工智能学者1.2万名。", "refuted"),
        (FOUNDED, "1980年10月23日，陈春先在中科院物理所的仓库里创办了中国首个民营科技企业。",
         "supported"),
        (FOUNDED, "中国首个民营科技企业于1981年在中关村成立。", "refuted"),
        (EARLIER, "北京深度求索公司比杭州的公司早一个月成立。", "refuted"),
        (RANKED, "在国际科技创新中心指数中，上海排名第十位。", "refuted"),
        (RANKED, "在全球金融中心指数中，上海排名第三位。", "not_enough_evidence"),
    ],
)  # fmt: skip
def test_value_claims(verifier: Verifier, claim: Claim, text: str, expected: str) -> None:
    v = verifier.verify(claim, [_doc(text)])
    assert v.label == expected, v.rationale


def test_conflicting_sources_are_mixed(verifier: Verifier) -> None:
    v = verifier.verify(
        SCHOLARS,
        [
            _doc("海淀区拥有人工智能学者约1.5万名。", "a.example"),
            _doc("海淀区拥有人工智能学者1.2万名。", "b.example"),
        ],
    )
    assert v.label == "mixed"
    assert v.confidence < 0.9
