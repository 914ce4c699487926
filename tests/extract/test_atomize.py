"""Atomization on news prose other than the seed: attribution context, 其中 shares, rank scopes."""

from __future__ import annotations

from factcheck.extract import extract_article

NEWS = """华为发布2024年年报

财经网 2025-03-31 18:00

华为31日发布年报称，2024年公司实现全球销售收入8621亿元人民币，同比增长22.4%。
截至2024年底，华为全球员工约20.8万名，其中研发人员约11.3万名，占总数的54.1%。
华为在《财富》世界500强中排名第103位，较去年上升8位。
专家认为，这一成绩来之不易。你觉得呢？
"""


def test_news_claims() -> None:
    cf = extract_article(NEWS, article_id="hw")
    by_value = {q.value: c for c in cf.claims for q in c.quantities}
    revenue = by_value[862_100_000_000]
    assert revenue.quantities[0].unit == "CNY"
    assert {d.value for d in revenue.dates} >= {"2025-03-31", "2024"}  # 31日 from published
    growth = by_value[0.224]
    assert growth.text.startswith("华为31日发布年报称")  # attribution kept as context
    assert "8621亿元" in growth.text  # the subjectless 同比 clause borrows the clause before it
    share = by_value[0.541]
    assert "其中研发人员约11.3万名" in share.text  # the share is of the subset named just before
    assert by_value[208_000].quantities[0].approx == "about"
    ranked = next(c for c in cf.claims if c.rank is not None)
    assert (ranked.rank.position, ranked.rank.scope) == (103, "《财富》世界500强")  # type: ignore[union-attr]
    assert by_value[8].quantities[0].unit == "places"
    assert "较2024年" in by_value[8].text  # 去年 anchored to the publication year
    assert not any("你觉得" in (c.sentence or "") for c in cf.claims)
    assert not any("专家认为" in (c.sentence or "") for c in cf.claims)


def test_min_checkworthy_threshold() -> None:
    text = NEWS + "有人认为，华为的前景也许会更好。\n"
    default = extract_article(text, article_id="hw")
    everything = extract_article(text, article_id="hw", min_checkworthy=0.0)
    strict = extract_article(text, article_id="hw", min_checkworthy=0.9)
    assert len(strict.claims) < len(default.claims) < len(everything.claims)
    assert all((c.checkworthy or 0) >= 0.9 for c in strict.claims)
    assert any("也许" in (c.sentence or "") for c in everything.claims)
    assert not any("也许" in (c.sentence or "") for c in default.claims)
