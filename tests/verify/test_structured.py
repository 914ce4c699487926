"""Structured (Wikidata) comparisons decide only about the claim: its subject, its attribute as a
whole word, values of one type. Includes every wrong-property trap found in issue 11."""

from __future__ import annotations

import datetime as dt

from factcheck.models import Claim, DateValue, Document, Entity, Quantity
from factcheck.verify.structured import compare_structured, is_about_subject


def _wikidata(structured: dict[str, object], qid: str = "Q1") -> Document:
    return Document(
        id=f"wikidata:{qid}", url=f"https://www.wikidata.org/wiki/{qid}", text="",
        fetcher="wikidata", retrieved_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        structured={"wikidata_id": qid, **structured},
    )  # fmt: skip


def test_date_supports_and_refutes_with_a_trace() -> None:
    doc = _wikidata(
        {"P571": [{"value": "2023-07-17", "precision": "day"}], "labels": {"zh": "深度求索"}}
    )
    ok = Claim(id="c1", text="深度求索成立于2023年", subject="深度求索", predicate="成立于",
               dates=[DateValue(value="2023", precision="year")])  # fmt: skip
    bad = ok.model_copy(update={"dates": [DateValue(value="2022", precision="year")]})
    [r1] = compare_structured(ok, doc)
    [r2] = compare_structured(bad, doc)
    assert (r1.outcome, r1.property, r1.document_id) == ("supported", "P571", "wikidata:Q1")
    assert r2.outcome == "refuted"
    assert "2023-07-17" in r2.sentence
    step = r2.to_trace()
    assert (step.rule, step.item, step.property, step.observed) == (
        "wikidata-date",
        "Q1",
        "P571",
        "2023-07-17",
    )


def test_quantity_with_scale() -> None:
    doc = _wikidata(
        {"P1082": [{"value": 21893095, "unit": None}], "labels": {"zh": "北京市", "en": "Beijing"}}
    )
    about = Claim(id="c1", text="北京常住人口约2189万", subject="北京市",
                  quantities=[Quantity(value=21_890_000, approx="about", unit="人")])  # fmt: skip
    wrong = about.model_copy(update={"quantities": [Quantity(value=30_000_000, approx="about")]})
    assert [c.outcome for c in compare_structured(about, doc)] == ["supported"]
    assert [c.outcome for c in compare_structured(wrong, doc)] == ["refuted"]


def test_entity_attribute_supports_but_a_place_hierarchy_never_refutes() -> None:
    doc = _wikidata({"P159": [{"value": "Q956", "label": "北京市"}], "labels": {"zh": "百度"}})
    ok = Claim(
        id="c1", text="百度总部位于北京", subject="百度", predicate="总部位于", object="北京"
    )
    other = ok.model_copy(update={"object": "海淀区", "text": "百度总部位于海淀区"})
    assert [c.outcome for c in compare_structured(ok, doc)] == ["supported"]
    assert compare_structured(other, doc) == []  # 海淀区 is in Beijing: not a contradiction


def test_country_is_refutable() -> None:
    doc = _wikidata(
        {"P17": [{"value": "Q148", "label": "中华人民共和国"}], "labels": {"en": "Huawei"}}
    )
    claim = Claim(id="c1", text="Huawei is a company of the country Japan", subject="Huawei",
                  predicate="is a company of the country", object="Japan")  # fmt: skip
    assert [c.outcome for c in compare_structured(claim, doc)] == ["refuted"]


def test_trap_country_keyword_inside_a_counted_phrase() -> None:
    """67个国家重点实验室: 国家 names what is counted, not a country; a count is no country."""
    doc = _wikidata(
        {"P17": [{"value": "Q148", "label": "中华人民共和国"}], "labels": {"zh": "融科资讯中心"}}
    )
    claim = Claim(
        id="c1", text="融科资讯中心周边聚集了67个国家重点实验室", subject="融科资讯中心周边",
        predicate="聚集", object="67个国家重点实验室",
        entities=[Entity(text="融科资讯中心", type="place")],
        quantities=[Quantity(value=67, unit="个", raw="67个")],
    )  # fmt: skip
    assert is_about_subject(claim, doc.structured or {})
    assert compare_structured(claim, doc) == []


def test_trap_fraction_of_employees_is_no_employee_count() -> None:
    doc = _wikidata({"P1128": [{"value": 160}], "labels": {"en": "DeepSeek"}})
    claim = Claim(id="c1", text="DeepSeek仍有三分之二的员工在融科资讯中心办公", subject="DeepSeek",
                  quantities=[Quantity(value=0.6667, unit="%", raw="三分之二")])  # fmt: skip
    assert compare_structured(claim, doc) == []


def test_trap_item_that_is_not_the_subject() -> None:
    beijing = _wikidata(
        {
            "P571": [{"value": "1949", "precision": "year"}],
            "labels": {"zh": "北京", "en": "Beijing"},
        }
    )
    claim = Claim(id="c1", text="北京大学创办于1898年", subject="北京大学", predicate="创办于",
                  dates=[DateValue(value="1898", precision="year")])  # fmt: skip
    assert not is_about_subject(claim, beijing.structured or {})
    assert compare_structured(claim, beijing) == []


def test_trap_property_named_only_by_substring() -> None:
    """人口 inside 人口学家 is no population; 高 inside 高校 no height."""
    doc = _wikidata({"P1082": [{"value": 5}], "P2048": [{"value": 3, "unit": "m"}],
                     "labels": {"zh": "海淀区"}})  # fmt: skip
    claim = Claim(id="c1", text="海淀区有300名人口学家和高校", subject="海淀区",
                  quantities=[Quantity(value=300, unit="名", raw="300名")])  # fmt: skip
    assert compare_structured(claim, doc) == []


def test_item_found_by_qid_or_alias() -> None:
    doc = _wikidata(
        {"P571": [{"value": "2023-07", "precision": "month"}], "labels": {"zh": "杭州深度求索"},
         "aliases": {"en": ["DeepSeek"]}},
        qid="Q123",
    )  # fmt: skip
    by_alias = Claim(id="c1", text="DeepSeek was founded in July 2023", subject="DeepSeek",
                     dates=[DateValue(value="2023-07", precision="month")])  # fmt: skip
    by_qid = Claim(id="c2", text="该公司成立于2023年7月", subject="该公司",
                   entities=[Entity(text="该公司", type="org", wikidata="Q123")],
                   dates=[DateValue(value="2023-07", precision="month")])  # fmt: skip
    assert [c.outcome for c in compare_structured(by_alias, doc)] == ["supported"]
    assert [c.outcome for c in compare_structured(by_qid, doc)] == ["supported"]


def test_company_affixes_do_not_hide_the_subject() -> None:
    doc = _wikidata({"labels": {"zh": "深度求索"}})
    claim = Claim(id="c1", text="北京深度求索公司成立了", subject="北京深度求索公司")
    assert is_about_subject(claim, doc.structured or {})


def test_scalar_values_are_tolerated() -> None:
    doc = _wikidata({"P1082": 1000, "P571": ["1980-10-23"], "labels": {"en": "Xanadu"}})
    c = Claim(id="c1", text="Xanadu has a population of at least 900, founded 1980", subject="Xanadu",
              quantities=[Quantity(value=900, approx="at_least")],
              dates=[DateValue(value="1980", precision="year")])  # fmt: skip
    assert sorted(r.outcome for r in compare_structured(c, doc)) == ["supported", "supported"]


def test_unlabelled_items_decide_nothing() -> None:
    doc = _wikidata({"P1082": 1000})
    c = Claim(id="c1", text="Xanadu has a population of 900", subject="Xanadu",
              quantities=[Quantity(value=900)])  # fmt: skip
    assert compare_structured(c, doc) == []


def test_trap_a_part_of_the_population_is_not_the_population() -> None:
    doc = _wikidata({"P1082": [{"value": 4996844}], "labels": {"zh": "亳州市"}})
    for text, raw, value in (
        ("亳州市男性人口为2459168人", "2459168人", 2459168),
        ("亳州市65岁及以上人口为461391人", "461391人", 461391),
    ):
        claim = Claim(id="c", text=text, subject="亳州市",
                      quantities=[Quantity(value=value, unit="person", raw=raw)])  # fmt: skip
        assert compare_structured(claim, doc) == [], text
    whole = Claim(id="c", text="亳州市人口为4996844人", subject="亳州市",
                  quantities=[Quantity(value=4996844, unit="person", raw="4996844人")])  # fmt: skip
    assert [c.outcome for c in compare_structured(whole, doc)] == ["supported"]


def test_trap_each_date_goes_with_its_own_event() -> None:
    doc = _wikidata(
        {"P569": [{"value": "1879-03-14", "precision": "day"}], "labels": {"en": "Albert Einstein"}}
    )
    both = Claim(
        id="c", text="Albert Einstein was born on 14 March 1879 and died on 18 April 1955",
        subject="Albert Einstein",
        dates=[DateValue(value="1879-03-14", precision="day", raw="14 March 1879"),
               DateValue(value="1955-04-18", precision="day", raw="18 April 1955")],
    )  # fmt: skip
    assert [(c.property, c.outcome) for c in compare_structured(both, doc)] == [
        ("P569", "supported")
    ]


def test_trap_a_decline_is_not_the_population() -> None:
    # two counts in one claim: the property is compared with the figure its phrase names
    doc = _wikidata({"P1082": [{"value": 4850657}], "labels": {"zh": "亳州市"}})
    claim = Claim(id="c", text="亳州市常住人口为4850657人，十年共减少228251人", subject="亳州市",
                  quantities=[Quantity(value=4850657, unit="person", raw="4850657人"),
                              Quantity(value=228251, unit="person", raw="228251人")])  # fmt: skip
    assert [(c.outcome, c.claimed) for c in compare_structured(claim, doc)] == [
        ("supported", "4850657人")
    ]

    decline = claim.model_copy(update={"quantities": claim.quantities[1:]})
    assert compare_structured(decline, doc) == []  # the decline alone is no population
