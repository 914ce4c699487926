"""Value phrases: what a figure is a figure of (factcheck.values.phrase)."""

from __future__ import annotations

from factcheck.values.phrase import clauses, phrase_core, same_phrase, value_phrase


def test_value_phrase_is_the_clause_before_the_value() -> None:
    text = "最冷月为1月，平均气温约0.6℃"
    assert value_phrase(text, text.index("0.6")) == "平均气温"
    text = "15－64岁人口为3254761人，占67.10%"
    assert value_phrase(text, text.index("3254761")) == "15－64岁人口"
    # a share is a share of what the previous clause names
    assert value_phrase(text, text.index("67.10")) == "15－64岁人口"


def test_ranges_compare_whatever_dash_they_are_written_with() -> None:
    assert phrase_core("15—64岁人口", canonical=False) == "15-64岁人口"
    assert same_phrase("15—64岁的人口", "15－64岁人口", [])
    assert not same_phrase("0－14岁人口", "15－64岁人口", [])


def test_phrase_core_drops_names_and_generic_prefixes_only() -> None:
    assert phrase_core("亳州市全市常住人口", ["亳州市"], canonical=False) == "常住人口"
    assert phrase_core("年平均气温", canonical=True) == "年均温"
    assert not same_phrase("1月平均气温", "年平均气温", [])


def test_clauses_cut_at_punctuation() -> None:
    text = "甲为1，乙为2。丙为3"
    assert [text[s:e] for s, e in clauses(text)] == ["甲为1", "乙为2", "丙为3"]


def test_the_highest_on_record_is_the_extreme() -> None:
    assert same_phrase("极端最高气温", "有气象记录以来的最高气温", [])
    assert same_phrase("极端最低气温", "历史最低气温", [])
    assert not same_phrase("极端最高气温", "最高气温", [])  # a day's maximum is no record


def test_census_age_groups_and_shares() -> None:
    # the ages define the group: 老年/少儿/劳动年龄 beside them add nothing; a share is named by
    # its whole; 以上 and 及以上 are one bound in statistics
    assert same_phrase("65岁及以上人口", "我市65岁以上老年人口占比", [])
    assert same_phrase("0－14岁人口", "0—14岁少儿人口占比", [])
    assert same_phrase("15－64岁人口", "全市15—64岁劳动年龄人口", [])
    assert not same_phrase("15－64岁人口", "15—64岁男性人口", [])
    assert not same_phrase("老年人口", "人口", [])  # without the ages the group word matters


def test_over_n_years_is_one_span_however_written() -> None:
    assert same_phrase("十年共减少", "十年间减少", [])
    assert same_phrase("十年来增加", "十年间增加", [])
    assert not same_phrase("十年间减少", "五年间减少", [])
