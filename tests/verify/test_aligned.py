"""Aligned text comparisons: values stated about the same thing decide quantity and rank claims."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from factcheck.config import Settings
from factcheck.models import Claim, DateValue, Document, Entity, Quantity, Rank
from factcheck.verify import Verifier
from factcheck.verify.aligned import aligned_comparisons, counted_head
from factcheck.verify.decide import DocumentStance, rule_confidence

NOW = dt.datetime(2025, 3, 16, tzinfo=dt.UTC)


@dataclass(frozen=True)
class P:
    text: str
    document: Document


def doc(text: str, title: str = "made-up page") -> Document:
    return Document(id="d:1", url="https://example.org/d", title=title, text=text, fetcher="web",
                    retrieved_at=NOW)  # fmt: skip


def q_claim(
    text: str, value: float, unit: str, raw: str, subject: str | None = "融科资讯中心周边"
) -> Claim:
    return Claim(id="c", text=text, kind="quantity", subject=subject,
                 quantities=[Quantity(value=value, unit=unit, raw=raw)])  # fmt: skip


@pytest.mark.parametrize(
    ("claim", "passage", "expected"),
    [
        (q_claim("融科资讯中心周边聚集了41所高等院校", 41, "所", "41所"),
         "融科资讯中心周边聚集了37所高等院校、206家研究所。", ["refuted"]),
        (q_claim("融科资讯中心周边聚集了41所高等院校", 41, "所", "41所"),
         "融科资讯中心周边有41所高等院校。", ["supported"]),
        # same prefix, different head noun: not the same thing
        (q_claim("融科资讯中心周边聚集了27个国家工程研究中心", 27, "个", "27个"),
         "融科资讯中心周边有28个国家工程技术研究中心。", []),
        # the same counted thing under another classifier is the same thing
        (q_claim("融科资讯中心周边聚集了41所高等院校", 41, "所", "41所"),
         "融科资讯中心周边聚集了37家高等院校。", ["refuted"]),
        # a value about something else in the same sentence decides nothing
        (q_claim("融科资讯中心周边聚集了41所高等院校", 41, "所", "41所"),
         "融科资讯中心周边聚集了41家研究所和2所技校。", []),
        # measured amounts: same unit family and a shared attribute word
        (q_claim("海淀区人工智能学者占全国总量的30.6%", 0.306, "%", "30.6%", subject="海淀区"),
         "海淀区的人工智能学者约占全国总量的28%。", ["refuted"]),
        (q_claim("海淀区人工智能学者占全国总量的30.6%", 0.306, "%", "30.6%", subject="海淀区"),
         "海淀区今年GDP增长了30.6%。", []),
        # the passage is about something else (no subject, no entity)
        (q_claim("融科资讯中心周边聚集了41所高等院校", 41, "所", "41所"),
         "上海聚集了37所高等院校。", []),
        (q_claim("Haidian has 15,000 AI scholars", 15000, "person", "15,000", subject="Haidian"),
         "Haidian counts 12,000 AI scholars in 2024.", ["refuted"]),
        # a figure of one month (or season) is no figure of the year
        (q_claim("亳州年均温14.7°C", 14.7, "degC", "14.7°C", subject="亳州"),
         "市气象台介绍，7月是亳州一年中最热的月份，多年平均气温27.3℃。", []),
        (q_claim("亳州年均温14.7°C", 14.7, "degC", "14.7°C", subject="亳州"),
         "亳州多年平均气温15.2℃，降水多集中于6至8月，冬季少雨。", ["refuted"]),
        (q_claim("Ulm's average temperature is 9 °C", 9, "degC", "9 °C", subject="Ulm"),
         "In July, Ulm's average temperature is 18 °C.", []),
        # ranges compare whatever dash they are written with
        (q_claim("亳州15－64岁人口为3254761人", 3254761, "person", "3254761人", subject="亳州"),
         "亳州15—64岁的人口为3524761人。", ["refuted"]),
    ],
)  # fmt: skip
def test_quantities(claim: Claim, passage: str, expected: list[str]) -> None:
    got = aligned_comparisons(claim, [P(passage, doc(passage))])
    assert [c.outcome for c in got] == expected


def r_claim(text: str, position: int, approx: str, raw: str, subject: str) -> Claim:
    return Claim(id="c", text=text, kind="ranking", subject=subject,
                 rank=Rank(position=position, approx=approx, raw=raw))  # type: ignore[arg-type]  # fmt: skip


@pytest.mark.parametrize(
    ("claim", "passage", "expected"),
    [
        (r_claim("上海位列第七", 7, "exact", "位列第七", "上海"), "粤港澳大湾区位列第六。上海位列第十，杭州没有进入前15名。", ["refuted"]),
        (r_claim("上海位列第七", 7, "exact", "位列第七", "上海"), "上海位列第七。", ["supported"]),
        (r_claim("杭州还没能进入前15名", 15, "more_than", "没能进入前15名", "杭州"), "上海位列第十，杭州没有进入前15名。", ["supported"]),
        (r_claim("杭州还没能进入前15名", 15, "more_than", "没能进入前15名", "杭州"), "杭州位列第九。", ["refuted"]),
        # the rank in the clause belongs to another subject
        (r_claim("上海位列第七", 7, "exact", "位列第七", "上海"), "粤港澳大湾区位列第六。", []),
    ],
)  # fmt: skip
def test_ranks(claim: Claim, passage: str, expected: list[str]) -> None:
    got = aligned_comparisons(claim, [P(passage, doc(passage))])
    assert [c.outcome for c in got] == expected


def test_verifier_decides_with_aligned_values_and_quotes_them() -> None:
    claim = Claim(id="c", text="融科资讯中心周边聚集了41所高等院校", kind="quantity",
                  subject="融科资讯中心周边", entities=[Entity(text="融科资讯中心", type="place")],
                  quantities=[Quantity(value=41, unit="所", raw="41所")])  # fmt: skip
    text = "融科资讯中心周边聚集了37所高等院校、206家研究所、67个国家重点实验室。"
    verdict = Verifier.from_settings(Settings()).verify(claim, [doc(text)])
    assert verdict.label == "refuted"
    assert verdict.confidence == pytest.approx(rule_confidence([_one("comparison")]))
    assert "37所高等院校" in verdict.rationale
    assert [t.rule for t in verdict.trace] == ["aligned-quantity"]
    assert [e.stance for e in verdict.evidence] == ["refutes"]
    assert "37所高等院校" in verdict.evidence[0].quote


def _one(basis: str) -> DocumentStance:
    return DocumentStance(doc("x"), "refutes", basis)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1980年10月23日，中国首个民营科技企业在中关村成立。", ["supported"]),
        ("中国首个民营科技企业于1981年在中关村成立。", ["refuted"]),
        # a date of another event in the same sentence decides nothing
        ("中国首个民营科技企业于1981年迁入新址。", []),
    ],
)
def test_dates_need_the_claims_event_word(text: str, expected: list[str]) -> None:
    claim = Claim(id="c", text="1980年10月23日，中国首个民营科技企业宣布成立", kind="date",
                  subject="中国首个民营科技企业",
                  dates=[DateValue(value="1980-10-23", precision="day", raw="1980年10月23日")])  # fmt: skip
    got = aligned_comparisons(claim, [P(text, doc(text))])
    assert [c.outcome for c in got] == expected


def test_rank_in_another_ranking_decides_nothing() -> None:
    claim = Claim(id="c", text="在国际科技创新中心指数中，上海位列第七", kind="ranking", subject="上海",
                  rank=Rank(position=7, raw="位列第七", scope="国际科技创新中心指数"))  # fmt: skip
    other = "在全球金融中心指数中，上海位列第三。"
    same = "最新的国际科技创新中心指数显示，上海位列第十。"
    assert aligned_comparisons(claim, [P(other, doc(other))]) == []
    assert [c.outcome for c in aligned_comparisons(claim, [P(same, doc(same))])] == ["refuted"]


def test_counted_head() -> None:
    assert counted_head("聚集了41所高等院校和研究所", 6) == "高等院校"
    assert counted_head("has 41 universities and", 6) == "universities"
    assert counted_head("67个国家重点实验室", 2) == "国家重点实验室"


def test_another_figure_for_a_close_attribute_contests_a_support() -> None:
    from factcheck.verify.aligned import other_figures

    claim = q_claim("亳州15－64岁人口为3254761人", 3254761, "person", "3254761人", subject="亳州")
    close = "亳州全市15—64岁常住人口为3524761人，劳动力资源十分丰富。"
    same = "亳州全市15—64岁常住人口为3254761人。"
    other = "亳州男性人口为2459168人。"  # another attribute: no refinement of 15-64岁人口
    assert [d.id for d in other_figures(claim, [P(close, doc(close))])] == ["d:1"]
    assert other_figures(claim, [P(same, doc(same))]) == []
    assert other_figures(claim, [P(other, doc(other))]) == []
    # the verifier keeps the support but below the review line, and says why
    verifier = Verifier.from_settings(Settings())
    bulletin = doc("亳州市15—64岁的人口为3254761人，占67.10%。", title="亳州市人口普查公报")
    news = doc(close, title="劳动力充裕").model_copy(
        update={"id": "d:2", "url": "https://n.example/a"}
    )
    alone = verifier.verify(claim, [bulletin])
    both = verifier.verify(claim, [bulletin, news])
    assert alone.label == both.label == "supported"
    assert both.confidence < alone.confidence
    assert "d:2" in both.rationale


def test_census_age_groups_align_so_a_conflict_is_mixed() -> None:
    claim = q_claim("亳州15－64岁人口为3254761人", 3254761, "person", "3254761人", subject="亳州")
    verifier = Verifier.from_settings(Settings())
    bulletin = doc("亳州市15—64岁的人口为3254761人，占67.10%。", title="亳州市人口普查公报")
    news = doc("亳州全市15—64岁劳动年龄人口为3524761人。", title="劳动力充裕").model_copy(
        update={"id": "d:2", "url": "https://n.example/a"}
    )
    assert verifier.verify(claim, [bulletin, news]).label == "mixed"
