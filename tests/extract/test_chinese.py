"""Chinese atomization rules on made-up sentences in the styles of news, reports and encyclopedias."""

from __future__ import annotations

import datetime as dt

from factcheck.extract import extract_article
from factcheck.models import Claim


def _claims(
    body: str, title: str = "一篇报道的标题，很长", published: dt.date | None = None
) -> list[Claim]:
    return extract_article(
        f"{title}\n\n{body}\n", article_id="t", language="zh", published=published
    ).claims


def _numbers(c: Claim) -> list[float]:
    return [q.value for q in c.quantities] + ([float(c.rank.position)] if c.rank else [])


def test_respectively_distributes_values_over_subjects() -> None:
    # issue 12: "分别增长了50余倍和30余倍" must be two claims, each with its own value
    claims = _claims("对非洲和印度的软件出口分别增长了50余倍和30余倍。")
    assert [(c.text, _numbers(c)) for c in claims] == [
        ("对非洲的软件出口增长了50余倍", [50]),
        ("对印度的软件出口增长了30余倍", [30]),
    ]
    claims = _claims("北京、上海和广州的GDP分别增长5%、6%和7%。")
    assert [c.text for c in claims] == ["北京的GDP增长5%", "上海的GDP增长6%", "广州的GDP增长7%"]


def test_both_share_one_value() -> None:
    claims = _claims("该校在校留学生达到1947人，学历留学生和留学研究生数均居江苏省第一。")
    ranked = [c for c in claims if c.rank is not None]
    assert [c.text for c in ranked] == ["学历留学生数居江苏省第一", "留学研究生数居江苏省第一"]


def test_a_bracket_with_its_own_value_is_a_claim() -> None:
    claims = _claims("东南大学入选11个世界一流学科建设点（数量居中国内地高校第8位）。")
    assert [_numbers(c) for c in claims] == [[11], [8]]
    assert "（" not in claims[0].text


def test_a_subject_with_a_list_of_predicates() -> None:
    # encyclopedia leads: one subject, then what it is, where, what it did
    claims = _claims(
        "张三，生于浙江杭州市，拥有美国国籍，某开源项目的最早作者，担任该项目的首要架构师。",
        title="张三",
    )
    assert [c.text for c in claims] == [
        "张三生于浙江杭州市",
        "张三拥有美国国籍",
        "张三是某开源项目的最早作者",
        "张三担任该项目的首要架构师",
    ]


def test_pronouns_and_subjectless_clauses_take_the_topic() -> None:
    claims = _claims(
        "1988年，他进入某大学计算机系。1994年3月14日发布了1.0版本。",
        title="张三（节选）",
    )
    assert [c.text for c in claims] == [
        "1988年，张三进入某大学计算机系",
        "张三1994年3月14日发布了1.0版本",
    ]
    claims = _claims("在本届比赛期间，大会一共抽取了143个尿液样本。", title="2005年环法自行车赛")
    assert claims[0].text.startswith("在2005年环法自行车赛期间")
    # a document is no topic: its sentences are not about "the report"
    claims = _claims("全年新增装机超过全球一半。", title="2024年政府工作报告（节选）")
    assert not claims[0].text.startswith("2024年政府工作报告")


def test_clauses_are_not_cut_in_numbers_or_brackets() -> None:
    claims = _claims("1999年，他的财产估计为2,000万美元。", title="张三")
    assert [_numbers(c) for c in claims] == [[20_000_000]]
    claims = _claims(
        "张三与妻子李四（曾获得6次冠军的选手）于1993年结婚，育有三名孩子。", title="张三"
    )
    assert [6] in [_numbers(c) for c in claims]
    assert [3] in [_numbers(c) for c in claims]


def test_same_year_takes_the_last_year_named() -> None:
    claims = _claims("1999年，两家公司上市。同年，张三的财产估计为2000万美元。", title="张三")
    money = next(c for c in claims if c.quantities)
    assert [d.value for d in money.dates] == ["1999"]


def test_dates_of_earlier_clauses_carry_over() -> None:
    claims = _claims(
        "全国高校毕业生就业率去年底达到83%，比上年增加60万人。", published=dt.date(2004, 3, 5)
    )
    assert [[d.value for d in c.dates] for c in claims] == [["2003"], ["2003"]]


def test_a_date_as_the_fact_is_not_a_time_frame() -> None:
    claims = _claims("某公司是法国最大的广告集团，创建于1926年，总部位于法国巴黎。", title="某公司")
    texts = [c.text for c in claims]
    assert "某公司创建于1926年" in texts
    assert "某公司总部位于法国巴黎" in texts
    assert not any(t.startswith("创建于1926年，") for t in texts)


def test_rank_reached() -> None:
    claims = _claims("进出口总额比上年增长37.1%，由上年居世界第五位上升到第四位。")
    assert claims[-1].rank is not None
    assert claims[-1].rank.position == 4


def test_life_years_in_brackets() -> None:
    claims = _claims(
        "某公司创始人是王五（1906-1996），在20世纪80年代开始国际化运营。", title="某公司"
    )
    texts = [c.text for c in claims]
    assert "王五生于1906年" in texts
    assert "王五卒于1996年" in texts
    assert not any(q.value == 1906 for c in claims for q in c.quantities)


def test_numbers_in_names_are_not_values() -> None:
    claims = _claims(
        "国产大飞机C919投入商业运营，5G用户普及率超过50%。以“三个代表”重要思想为指导，"
        "按照十届全国人大一次会议批准的方案，国务院机构改革完成。"
    )
    numbers = [n for c in claims for n in _numbers(c)]
    assert numbers == [0.5]


def test_idioms_and_labels() -> None:
    claims = _claims("党中央把人民群众的生命安全放在第一位。现任集团主席：王五。", title="某集团")
    assert all(c.rank is None for c in claims)
    assert "某集团现任集团主席是王五" in [c.text for c in claims]


def test_facts_without_values_name_offices_places_and_relations() -> None:
    claims = _claims(
        "张三出生于芬兰赫尔辛基市。父亲张四是一名电台记者，母亲王五也是一名记者。", title="张三"
    )
    assert [c.text for c in claims] == [
        "张三出生于芬兰赫尔辛基市",
        "父亲张四是一名电台记者",
        "母亲王五也是一名记者",
    ]


def test_demonstrative_counts_and_named_sets_are_no_values() -> None:
    claims = _claims("1999年，甲乙这两间公司决定赠与股票。严格落实中央八项规定精神。", title="张三")
    assert all(c.quantities == [] for c in claims)


def test_factual_clauses_without_values_are_kept_and_subjects_drop_asides() -> None:
    claims = _claims(
        "国产大飞机C919投入商业运营，可再生能源发电装机规模超过火电，新能源汽车销量占全球比重超过60%。"
    )
    texts = [c.text for c in claims]
    assert "国产大飞机C919投入商业运营" in texts
    assert "可再生能源发电装机规模超过火电" in texts
    claims = _claims("某大学（英语：Some University），位于南京市，是研究型大学。", title="某大学")
    assert [c.text for c in claims] == ["某大学位于南京市", "某大学是研究型大学"]


def test_ranks_listed_with_a_pause_comma_are_one_claim_each() -> None:
    claims = _claims("加拿大是世界上纯陆地面积第二大、总面积第四大的国家。")
    assert [(c.text, _numbers(c)) for c in claims] == [
        ("加拿大是世界上纯陆地面积第二大的国家", [2]),
        ("加拿大是世界上总面积第四大的国家", [4]),
    ]
    claims = _claims("该县人口居全省第三、面积居第五。")
    assert [(c.text, _numbers(c)) for c in claims] == [
        ("该县人口居全省第三", [3]),
        ("该县面积居第五", [5]),
    ]


def test_fen_lie_distributes_ranks_over_subjects() -> None:
    claims = _claims("华为和中兴分列第2和5名。")
    assert [(c.text, _numbers(c)) for c in claims] == [
        ("华为位列第2名", [2]),
        ("中兴位列第5名", [5]),
    ]


def test_same_year_with_a_month_and_day_is_a_full_date() -> None:
    claims = _claims("1949年，该校迁往南京。同年10月1日，中华人民共和国成立。")
    last = claims[-1]
    assert last.text == "1949年10月1日，中华人民共和国成立"
    assert [(d.value, d.precision) for d in last.dates] == [("1949-10-01", "day")]


def test_demonstrative_noun_phrases_and_qi_name_the_thing_named_before() -> None:
    claims = _claims("港珠澳大桥于2009年12月开工。该项目总投资1269亿元，其主体工程全长约29.6公里。")
    assert [c.text for c in claims[1:]] == [
        "港珠澳大桥项目总投资1269亿元",
        "港珠澳大桥的主体工程全长约29.6公里",
    ]
    claims = _claims("华为公司成立于1987年。该公司2018年营业收入达到7212亿元。")
    assert claims[-1].text.startswith("华为公司2018年")
    # a sequence ordinal is no count: 第十四届 carries no value, 本届全运会 is that event
    claims = _claims("第十四届全运会于2021年在陕西举行。本届全运会共设35个大项。")
    assert claims[0].quantities == []
    assert claims[-1].text == "第十四届全运会共设35个大项"


def test_fen_bie_opening_a_clause_goes_back_to_the_clauses_before() -> None:
    claims = _claims("全省共有普通高等学校86所，在校生超过150万人，分别比上年增加2所和4.3万人。")
    assert [(c.text, _numbers(c)) for c in claims[2:]] == [
        ("全省共有普通高等学校86所，比上年增加2所", [2]),
        ("在校生超过150万人，比上年增加4.3万人", [43000]),
    ]


def test_three_sectors_is_a_name() -> None:
    [claim] = _claims("三次产业结构为5.7:37.5:56.8。")
    assert 3 not in _numbers(claim)


def test_a_headline_about_a_period_is_no_topic_and_age_at_death_borrows_the_subject() -> None:
    claims = _claims("张明出生于1935年，享年88岁。", title="某市今年一季度经济运行情况")
    assert [c.text for c in claims] == ["张明出生于1935年", "张明出生于1935年，享年88岁"]


def test_a_period_characterised_is_no_claim() -> None:
    assert _claims("过去的一年是我省发展进程中极不平凡的一年。") == []
    assert _claims("过去一年，是实施规划的开局之年，是本届政府履职的第一年。") == []
    # a value keeps it
    assert _claims("过去一年，全省生产总值增长5.2%。")


def test_a_superlative_and_a_rank_are_two_claims() -> None:
    claims = _claims("某集团是法国最大及世界第三大的广告集团。")
    assert [(c.text, _numbers(c)) for c in claims] == [
        ("某集团是法国最大的广告集团", []),
        ("某集团是世界第三大的广告集团", [3]),
    ]


def test_gai_xiao_and_traditional_demonstratives_name_the_school() -> None:
    claims = _claims("东南大学创建于1902年。该校现有学生3万人。")
    assert claims[-1].text == "东南大学现有学生3万人"
    claims = _claims("某某大學創建於1902年。該校設有11個學院。")
    assert claims[-1].text == "某某大學設有11個學院"
    assert [(q.value, q.unit) for q in claims[-1].quantities] == [(11, "个")]


def test_parts_listed_after_qizhong_are_claims_of_the_whole() -> None:
    # issue 12: "其中A区面积X，B区面积Y" gave B without its whole, so it no longer said whose part
    claims = _claims("大河县总面积2000平方公里，其中东区面积800平方公里，西区面积1200平方公里。")
    assert [(c.text, _numbers(c)) for c in claims] == [
        ("大河县总面积2000平方公里", [2000]),
        ("大河县总面积2000平方公里，其中东区面积800平方公里", [800]),
        ("大河县总面积2000平方公里，其中西区面积1200平方公里", [1200]),
    ]
    # the parts joined by 、 instead of ，: one claim each, not one claim with two values
    claims = _claims("大河县人口50万人，其中城镇人口30万人、农村人口20万人。")
    assert [(c.text, _numbers(c)) for c in claims] == [
        ("大河县人口50万人", [500000]),
        ("大河县人口50万人，其中城镇人口30万人", [300000]),
        ("大河县人口50万人，其中农村人口20万人", [200000]),
    ]


def test_a_share_after_qizhong_stays_with_its_part() -> None:
    # not another part: 占总数的54.1% has no subject of its own and no parallel measure
    claims = _claims("大河公司有员工2万人，其中研发人员约1.1万名，占总数的54.1%。")
    assert claims[-1].text == "大河公司有员工2万人，其中研发人员约1.1万名，占总数的54.1%"
    assert _numbers(claims[-1]) == [0.541]


def test_second_dated_predicate_joined_by_bing_is_its_own_claim() -> None:
    # two dated events in one clause, joined by 并于: two claims, each naming the person
    claims = _claims("王明1912年出生于上海，1935年毕业于北京大学并于1940年获得博士学位。")
    assert [(c.text, [d.value for d in c.dates]) for c in claims] == [
        ("王明1912年出生于上海", ["1912"]),
        ("王明1935年毕业于北京大学", ["1935"]),
        ("王明于1940年获得博士学位", ["1940"]),
    ]


def test_attributes_listed_after_a_named_subject_name_it() -> None:
    # 人口50万 after 大河市面积…: the population is 大河市's, and so is what follows
    claims = _claims("大河市面积300平方公里，人口50万，是全省第二大城市。")
    assert [c.text for c in claims] == [
        "大河市面积300平方公里",
        "大河市人口50万",
        "大河市是全省第二大城市",
    ]
    claims = _claims("清河全长300公里，是淮河支流。")
    assert [c.text for c in claims] == ["清河全长300公里", "清河是淮河支流"]


def _dated(claims: list[Claim]) -> list[tuple[str, list[str]]]:
    return [(c.text, [d.value for d in c.dates]) for c in claims]


def test_that_year_is_the_year_the_sentence_named_not_the_last_sentence() -> None:
    claims = _claims(
        "1950年，甲厂建成投产。1930年因物价上涨，乙厂工人举行罢工，该年3月1日起，工会的总部从甲镇迁往乙镇。"
    )
    assert ("1930年3月1日起，工会的总部从甲镇迁往乙镇", ["1930-03-01"]) in _dated(claims)


def test_a_month_and_day_without_a_year_take_the_year_the_text_reached() -> None:
    # no reference date: 4月20日 is in the year the sentence named, not unread
    claims = _claims("1950年4月战役结束后，某部队在4月20日进入甲城全境。")
    assert [d.value for d in claims[-1].dates][-1] == "1950-04-20"


def test_an_event_ending_with_hou_frames_the_clause_after_it() -> None:
    claims = _claims("1870年某王朝平定叛乱后，析甲县、乙县各一部设立丙县。")
    assert _dated(claims) == [("1870年某王朝平定叛乱后，析甲县、乙县各一部设立丙县", ["1870"])]


def test_a_date_frame_after_a_statement_opens_a_new_part_of_the_sentence() -> None:
    claims = _claims("1920年因某次会议，甲市工人举行罢工，该年7月1日起，运动的中心从甲市移向乙市。")
    assert _dated(claims) == [
        ("1920年因某次会议，甲市工人举行罢工", ["1920"]),
        ("1920年7月1日起，运动的中心从甲市移向乙市", ["1920-07-01"]),
    ]


def test_a_dated_event_without_figures_is_a_claim() -> None:
    claims = _claims("1890年，某学会发动了一次起义。1943年起，甲地租界不复存在。")
    assert _dated(claims) == [
        ("1890年，某学会发动了一次起义", ["1890"]),
        ("1943年起，甲地租界不复存在", ["1943"]),
    ]


def test_a_name_stating_its_own_fact_in_a_dated_sentence_is_a_claim_of_its_own() -> None:
    claims = _claims("1910年，在日本东京组成某某会，王明被推为会长，主张使用新的旗帜。")
    assert ("1910年，王明被推为会长", ["1910"]) in _dated(claims)
    assert not any(t.endswith("主张使用新的旗帜") for t, _ in _dated(claims))


def test_a_dated_event_lending_its_subject_to_figures_is_a_claim_too() -> None:
    claims = _claims("1930年5月1日，省政府在城外设立某特别市，总面积500平方公里。")
    dated = _dated(claims)
    assert ("1930年5月1日，省政府在城外设立某特别市", ["1930-05-01"]) in dated
    assert any(_numbers(c) == [500] for c in claims)


def test_an_article_in_traditional_characters_is_read_and_quoted_in_its_own() -> None:
    body = (
        "某某盃自行車賽於2010年7月1日至7月20日舉行。該賽事共有150名選手參加，全長3000公里。"
        "1990年，某某協會發動了一次改革。"
    )
    claims = _claims(body, title="某某盃自行車賽")
    text = f"某某盃自行車賽\n\n{body}\n"
    for c in claims:
        assert c.sentence == text[c.span[0] : c.span[1]]  # the article's own characters
    dates = {d.value for c in claims for d in c.dates}
    assert {"2010-07-01", "2010-07-20", "1990"} <= dates
    assert any(_numbers(c) == [150] for c in claims)
    assert any(_numbers(c) == [3000] for c in claims)
    reform = next(c for c in claims if any(d.value == "1990" for d in c.dates))
    assert reform.text == "1990年，某某協會發動了一次改革"  # not 协会发动


def test_script_helpers() -> None:
    from factcheck.extract._script import in_original_script, is_traditional, to_simplified

    original = "賽事於2010年舉行，共有150名選手參加"
    simplified = to_simplified(original)
    assert simplified == "赛事于2010年举行，共有150名选手参加"
    assert len(simplified) == len(original)
    assert is_traditional(original * 2)
    assert not is_traditional("赛事于2010年举行，共有150名选手参加" * 2)
    assert not is_traditional("乾隆年间，於姓人家迁居于此，共有一百五十人，建成村庄。")
    # a piece of the sentence comes back in its own characters, inserted words stay as written
    assert in_original_script("该赛事于2010年举行", (simplified, original)) == "该賽事於2010年舉行"


def test_ranks_listed_with_alternatives_and_the_first_item_names_the_subject() -> None:
    claims = _claims(
        "甲国国土面积约100万平方公里，是世界上陆地面积第五大、人口第七多、总面积第六大或第七大的国家。",
        title="甲国",
    )
    ranked = [(c.text, c.rank.position) for c in claims if c.rank]
    assert ranked == [
        ("甲国国土是世界上陆地面积第五大的国家", 5),
        ("甲国国土是世界上人口第七多的国家", 7),
        ("甲国国土是世界上总面积第六大或第七大的国家", 6),
    ]


def test_the_part_after_a_semicolon_keeps_the_date_frame_it_continues() -> None:
    claims = _claims(
        "2016年，甲市人均收入按名义汇率为5,000美元，列全国第9位；按购买力则为9,000美元，列全国第3位。"
        "乙市人均收入为3,000美元。"
    )
    dated = {c.text: [d.value for d in c.dates] for c in claims}
    assert dated["2016年，按购买力则为9,000美元"] == ["2016"]
    assert dated["2016年，列全国第3位"] == ["2016"]
    assert dated["乙市人均收入为3,000美元"] == []  # a full stop ends the frame


def test_a_superlative_and_a_rank_each_with_its_own_noun() -> None:
    claims = _claims("甲国是世界上最大的粮食出口国及第三大的石油进口国。", title="甲国")
    assert [(c.text, c.rank.position if c.rank else None) for c in claims] == [
        ("甲国是世界上最大的粮食出口国", None),
        ("甲国是第三大的石油进口国", 3),
    ]


def test_origin_works_and_rivers_are_facts_without_values() -> None:
    claims = _claims(
        "王明为江南人，出生于浙江省某县某村，祖籍福建省某县。王著有《甲书》、《乙书》等。"
        "某河流经某城，是某江支流。",
        title="王明",
    )
    texts = [c.text for c in claims]
    assert "王明出生于浙江省某县某村" in texts  # the subject of 王明为江南人, not the whole clause
    assert "王明祖籍福建省某县" in texts
    assert "王著有《甲书》、《乙书》等" in texts  # a one-character surname is a subject
    assert "某河流经某城" in texts
    assert not any(t.startswith("王明为江南人出生") for t in texts)


def test_a_count_before_a_model_name_is_a_count() -> None:
    claims = _claims("甲公司与乙公司签订了出口12辆AB-100型卡车的合同。该公司还发布了C919型号。")
    assert [_numbers(c) for c in claims] == [[12]]  # C919 stays a name


def test_a_statistics_release_keeps_its_periods_and_sources_as_frames() -> None:
    body = (
        "据市统计局数据，今年上半年，全市实现地区生产总值5000亿元，按不变价格计算，同比增长5.5%。\n"
        "分产业看，第一产业增加值100亿元。\n"
        "截至6月末，全市存款余额达2万亿元。"
    )
    claims = _claims(body, published=dt.date(2024, 7, 18))
    assert not any(_numbers(c) == [] for c in claims)  # 今年上半年 is a frame, not a claim
    gdp = next(c for c in claims if _numbers(c) == [5e11])
    assert gdp.text.startswith("据市统计局数据，2024年上半年，")
    assert [d.value for d in gdp.dates] == ["2024"]
    growth = next(c for c in claims if _numbers(c) == [0.055])
    assert "全市实现地区生产总值" in growth.text  # the subject, not 按不变价格计算
    deposits = next(c for c in claims if _numbers(c) == [2e12])
    assert [d.value for d in deposits.dates] == ["2024-06"]  # 截至6月末


def test_the_base_of_a_comparison_does_not_date_the_next_sentence() -> None:
    body = "今年春运客流达84亿人次，比2019年同期增长3.5%。2月17日当天，铁路发送旅客1530万人次。"
    undated = _claims(body)
    last = undated[-1]
    assert last.text == "2月17日当天，铁路发送旅客1530万人次"
    assert last.dates == []  # not 2019-02-17: 2019年同期 is what it is compared with
    dated = _claims(body, published=dt.date(2024, 2, 20))
    assert [d.value for d in dated[-1].dates] == ["2024-02-17"]


def test_a_sentence_of_location_predicates_names_its_subject_in_each() -> None:
    claims = _claims(
        "甲市是某省下辖的地级市。位于某省西北部，毗邻乙市、丙市，处某平原腹地，是国家历史文化名城。"
        "为继续落实“两个确保”，全市增加投入。",
        title="甲市",
    )
    texts = [c.text for c in claims]
    assert "甲市位于某省西北部" in texts
    assert "甲市处某平原腹地" in texts
    assert "甲市是国家历史文化名城" in texts  # not 处某平原腹地是…
    assert not any(t.startswith("为继续") for t in texts)  # a purpose is no predicate


def test_shared_words_are_not_repeated_when_a_clause_borrows_its_subject() -> None:
    claims = _claims(
        "某公司研发投入1647亿元，研发人员约11.4万名，占员工总数的55%。", title="某公司"
    )
    assert "某公司研发人员约11.4万名" in [c.text for c in claims]  # not 某公司研发研发人员


def test_targets_are_no_facts_and_forecasts_rank_low() -> None:
    claims = _claims("某公司2023年营收1.2万亿元，2024年力争营收突破1.3万亿元。预计全年增长5%左右。")
    by_value = {q.value: c for c in claims for q in c.quantities}
    assert 1.3e12 not in by_value  # an intention
    assert by_value[0.05].checkworthy < 0.45 <= by_value[1.2e12].checkworthy


def test_a_biography_lead_gives_birth_death_names_origin_and_occupation() -> None:
    claims = _claims(
        "王某（1881年9月25日—1936年10月19日），原名王甲，字乙丙，浙江绍兴人，中国现代作家、思想家。"
        "1936年10月19日因病逝于上海，终年55岁。",
        title="王某",
    )
    dated = _dated(claims)
    assert ("王某出生于1881年9月25日", ["1881-09-25"]) in dated
    assert ("王某逝世于1936年10月19日", ["1936-10-19"]) in dated
    texts = [c.text for c in claims]
    assert {"王某原名王甲", "王某字乙丙", "王某是浙江绍兴人", "王某是中国现代作家、思想家"} <= set(
        texts
    )
    assert not any("上海终年" in t for t in texts)  # 病逝于上海 does not lend 上海 as a subject


def test_a_subjectless_dated_event_takes_the_article_topic_before_a_place() -> None:
    claims = _claims(
        "某国位于亚洲东部，首都乙城。在1971年取得某组织的席位后，成为某理事会常任理事国。",
        title="某国",
    )
    assert claims[-1].text == "在1971年取得某组织的席位后，某国成为某理事会常任理事国"


def test_two_counts_one_inside_the_others_noun_phrase_are_two_claims() -> None:
    claims = _claims("本届比赛共有20支车队派出的180名选手参加。全市共有3所高校的1200名学生参赛。")
    assert [_numbers(c) for c in claims] == [[20], [180], [3], [1200]]
    assert claims[0].text == claims[1].text
    # a comparison is one fact with two numbers, not two counts
    assert len(_claims("学生人数从1200名增加到1500名。")) == 1


def test_a_chinese_references_section_is_no_claim_material() -> None:
    body = (
        "某市人口500万。\n\n参考资料\n\n《某市年鉴2020》，某出版社，2020年，第35页。\n"
        "某市统计局：2019年统计公报\n\n外部链接\n\n某市政府网站\n"
    )
    assert [c.text for c in _claims(body, title="某市")] == ["某市人口500万"]
