"""Value-reading failure classes of issue 12, each as a general rule tested on several sentences.

Every case also checks the offsets: ``text[start:end] == raw``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.values import Values, find_dates, read_values

PUBLISHED = dt.date(2018, 11, 20)


def _read(text: str, language: str | None = None) -> Values:
    values = read_values(text, language=language, published=PUBLISHED)
    for m in (*values.quantities, *values.dates, *values.ranks):
        assert text[m.start : m.end] == m.raw, (text, m)
    return values


def _quantities(text: str, language: str | None = None) -> list[tuple[float, str | None, str]]:
    return [(m.value.value, m.value.unit, m.value.approx) for m in _read(text, language).quantities]


def _dates(text: str, language: str | None = None) -> list[tuple[str, str]]:
    return [(m.value.value, m.value.precision) for m in _read(text, language).dates]


def _ranks(text: str, language: str | None = None) -> list[tuple[int, str]]:
    return [(m.value.position, m.value.approx) for m in _read(text, language).ranks]


# --- years are dates, never counts ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Thatcher came to power in 1979, and the debt grew.", ["1979"]),
        ("By 2009, the debt had doubled.", ["2009"]),
        ("in 1968, he left the party", ["1968"]),
        ("The cuts in his 2006 budget were reversed.", ["2006"]),
        ("The club was founded in 1891 by miners.", ["1891"]),
        ("Its 2019 report and the 2008 Olympics", ["2019", "2008"]),
        ("Diogo Cão reached the coast in 1484.", ["1484"]),
        ("He served 1990, 1992 and 1995.", ["1990", "1992", "1995"]),
        ("in Aarau in 1895–96", ["1895", "1896"]),  # a school year: both years
        ("the 2019-20 season", ["2019", "2020"]),
    ],
)
def test_english_years_are_dates(text: str, years: list[str]) -> None:
    assert [d for d, p in _dates(text, "en") if p == "year"] == years
    assert all(q[0] not in {float(y) for y in years} for q in _quantities(text, "en"))


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("In 2019 there were 2000 cases.", 2000),  # a counted plural follows
        ("The plant employs 1500 workers.", 1500),
        ("a road of 1800 km", 1800),
        ("wages rose by 2000 dollars", 2000),
    ],
)
def test_four_digit_counts_stay_counts(text: str, count: float) -> None:
    assert count in [q[0] for q in _quantities(text, "en")]
    assert str(count) not in [d for d, _ in _dates(text, "en")]


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("截至2018年7月，共有120家企业", [("2018-07", "month")]),
        ("今年9月，该市举办了展会", [("2018-09", "month")]),
        ("截至2018年11月，今年9月以来", [("2018-11", "month"), ("2018-09", "month")]),
        ("去年12月5日签约", [("2017-12-05", "day")]),
        ("7月，出口增长3%", [("2018-07", "month")]),  # the latest July up to publication
        ("2018年1-7月，全市收入增长", [("2018-01", "month"), ("2018-07", "month")]),
        ("2018年7月至9月", [("2018-07", "month"), ("2018-09", "month")]),
        ("今年7、8月", [("2018-07", "month"), ("2018-08", "month")]),
        ("上个月", [("2018-10", "month")]),
    ],
)
def test_chinese_months_keep_their_precision(text: str, dates: list[tuple[str, str]]) -> None:
    assert _dates(text, "zh") == dates
    assert all(u not in (None, "month") or v > 12 for v, u, _ in _quantities(text, "zh"))


def test_month_numbers_are_never_counts_without_a_reference_date() -> None:
    values = read_values("7月，出口增长；1-7月累计", language="zh")
    assert values.quantities == ()


def test_a_span_of_years_is_a_quantity_not_a_date() -> None:
    assert _dates("已有1000年历史", "zh") == []
    assert _quantities("已有1000年历史", "zh") == [(1000, "year", "exact")]


# --- names are not numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "本届软件百家企业名单发布",  # a list's name
        "他入选中国千人计划",
        "《文创五十条》发布实施",  # book-title marks: a title
        "《2023年政府工作报告》指出",
        "《三体》获奖",
        "国家211工程和863计划",
        "十届全国人大一次会议",
    ],
)
def test_names_are_not_values(text: str) -> None:
    values = _read(text, "zh")
    assert values.quantities == ()
    assert values.dates == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("有百家企业参加", (100, "家", "exact")),
        ("近百家企业", (100, "家", "nearly")),
        ("逾百所高校", (100, "所", "more_than")),
        ("数百家企业", (100, "家", "more_than")),
        ("惠及上千万家庭", (10_000_000, "家", "at_least")),
        ("《文创五十条》涉及50项措施", (50, "项", "exact")),
    ],
)
def test_round_numbers_with_a_count_cue_are_counts(
    text: str, expected: tuple[float, str, str]
) -> None:
    assert _quantities(text, "zh") == [expected]


# --- units and forms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("比上年提高6.3个百分点", (6.3, "pp", "exact")),
        ("失业率下降0.5个百分点", (0.5, "pp", "exact")),
        ("unemployment rose 0.3 percentage point", (0.3, "pp", "exact")),
        ("a gap of 2 percentage points", (2, "pp", "exact")),
    ],
)
def test_percentage_points(text: str, expected: tuple[float, str, str]) -> None:
    assert _quantities(text) == [expected]


@pytest.mark.parametrize(
    ("text", "value", "upper", "approx"),
    [
        ("超过三成的企业", 0.3, None, "more_than"),
        ("其中三成为女性", 0.3, None, "exact"),
        ("七成以上", 0.7, None, "at_least"),
        ("近三成", 0.3, None, "nearly"),
        ("占比约两成", 0.2, None, "about"),
        ("七成五的受访者", 0.75, None, "exact"),
        ("八九成", 0.8, 0.9, "exact"),
        ("3成", 0.3, None, "exact"),
    ],
)
def test_tenths(text: str, value: float, upper: float | None, approx: str) -> None:
    [m] = _read(text, "zh").quantities
    assert (m.value.value, m.value.upper, m.value.unit, m.value.approx) == (
        value,
        upper,
        "%",
        approx,
    )


@pytest.mark.parametrize("text", ["一成不变", "第一成为冠军", "三成员国", "完成任务", "建成通车"])
def test_cheng_in_words_is_no_fraction(text: str) -> None:
    assert _read(text, "zh").quantities == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("出口额翻了一番", (2, "times", "exact")),  # doubled: the new value is 2 × the old
        ("到2020年翻两番", (4, "times", "exact")),
        ("实现翻番", (2, "times", "exact")),
        ("收入翻倍", (2, "times", "exact")),
        ("翻了近一番", (2, "times", "nearly")),
        ("翻一番多", (2, "times", "more_than")),
        ("对非洲的软件出口增长了30余倍", (30, "times", "more_than")),
        ("增长近两倍", (2, "times", "nearly")),
        ("Exports doubled.", (2, "times", "exact")),
        ("a threefold increase", (3, "times", "exact")),
        ("a 2.5-fold rise", (2.5, "times", "exact")),
    ],
)
def test_multiples(text: str, expected: tuple[float, str, str]) -> None:
    assert expected in _quantities(text)


def test_respectively_reads_each_multiple() -> None:
    text = "对非洲和印度的软件出口分别增长了50余倍和30余倍"
    assert _quantities(text, "zh") == [(50, "times", "more_than"), (30, "times", "more_than")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The council voted 9 to 2 to approve it", [9, 2]),  # a vote: two counts
        ("a 5-4 ruling", [5, 4]),
        ("以9比2通过", [9, 2]),
        ("rose by 172,000 to 1.6 million", [172_000, 1_600_000]),  # a change and a level
        ("rose from 5 to 9 percent", [0.05, 0.09]),
    ],
)
def test_pairs_that_are_not_ranges(text: str, expected: list[float]) -> None:
    found = _read(text).quantities
    assert [m.value.value for m in found] == expected
    assert all(m.value.upper is None for m in found)


@pytest.mark.parametrize(
    ("text", "value", "upper"),
    [
        ("10-20家", 10, 20),
        ("between 5 and 10 percent", 0.05, 0.1),
        ("3-5万人", 30_000, 50_000),  # the lower bound takes the upper bound's scale
        ("1.5-2亿元", 150_000_000, 200_000_000),
        ("3 to 5 million people", 3_000_000, 5_000_000),
    ],
)
def test_ranges(text: str, value: float, upper: float) -> None:
    [m] = _read(text).quantities
    assert (m.value.value, m.value.upper) == (value, upper)


# --- ranks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the third-busiest port in the world", [(3, "exact")]),
        ("the world's second-largest economy", [(2, "exact")]),
        ("the fifth most populous state", [(5, "exact")]),
        ("the 4th largest city", [(4, "exact")]),
        ("第三大经济体", [(3, "exact")]),
        ("排首位的企业是华为", [(1, "exact")]),
        ("位居全国首位", [(1, "exact")]),
        ("登上榜首", [(1, "exact")]),
        ("两家企业分列第2和5名", [(2, "exact"), (5, "exact")]),
        ("分别位列第三、第五位", [(3, "exact"), (5, "exact")]),
        ("ranked 2nd and 5th", [(2, "exact"), (5, "exact")]),
        ("Angola ranked 160 out of 174 nations", [(160, "exact")]),
    ],
)
def test_ranks(text: str, expected: list[tuple[int, str]]) -> None:
    assert _ranks(text) == expected


def test_coordinated_ranks_are_not_counts_of_people() -> None:
    assert (5, "person", "exact") not in _quantities("两家企业分列第2和5名", "zh")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The city has not been in the top 10 since 2015.", (10, "more_than")),
        ("It was never among the top five.", (5, "more_than")),
        ("The team dropped out of the top 20.", (20, "more_than")),
        ("It has been in the top 10 since 2015.", (10, "at_most")),
        ("not only in the top 10 but first", (10, "at_most")),
        ("该市未能再次进入前十", (10, "more_than")),
        ("进入前15名", (15, "at_most")),
    ],
)
def test_negated_top_n(text: str, expected: tuple[int, str]) -> None:
    assert _ranks(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    ["the second test match", "第五大道", "第三方平台", "第三、第四", "a forest of interest"],
)
def test_ordinals_that_are_not_ranks(text: str) -> None:
    assert _ranks(text) == []


# --- other forms --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("warehousing lost jobs (-12,000)", (-12_000, None, "exact")),  # signs as written
        ("增长-3.5%", (-0.035, "%", "exact")),
        ("payrolls rose by 9 cents", (0.09, "USD", "exact")),
        ("edged down by 0.1 hour", (0.1, "hour", "exact")),
        ("768,000 square miles", (768_000, "mi2", "exact")),
        ("the 46-year trend", (46, "year", "exact")),
        ("at the age of 16", (16, "age", "exact")),
        ("at about age 20", (20, "age", "about")),
        ("spent USD1.5 billion", (1.5e9, "USD", "exact")),
        ("around 300 million tons", (3e8, "t", "about")),
        ("half a million people", (500_000, "person", "exact")),
        ("two dozen people", (24, "person", "exact")),
        ("she served four and a half years", (4.5, "year", "exact")),  # not "a half" = 50 %
        ("after 6 and a half hours", (6.5, "hour", "exact")),
        ("one and a half million tourists", (1_500_000, None, "exact")),
        ("6600多万纳税人", (66_000_000, None, "more_than")),
        ("突破1000美元", (1000, "USD", "more_than")),
        ("财产估计为2,000万美元", (20_000_000, "USD", "about")),
        ("增长百分之三十点六", (0.306, "%", "exact")),
    ],
)
def test_other_forms(text: str, expected: tuple[float, str | None, str]) -> None:
    assert _quantities(text) == [expected]


# --- numbers in words count the plural noun after them; ranges written with two units ----------


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("She had three older siblings.", [3.0]),
        ("Over the past seven years, we've had three record lows.", [3.0]),
        ("He was one of five finalists.", [5.0]),
        ("She was the only woman among the six students.", [6.0]),
        ("He won two Grand Slam titles and lost three finals.", [2.0, 3.0]),
        ("an eight-time champion", [8.0]),
        ("the two countries signed a treaty", []),  # the set was introduced before
        (
            "two of them left",
            [2.0],
        ),  # how many of the set: checkable (gold: "Four of them did apply")
        ("one day he left", []),
        ("three is a small number", []),
    ],
)
def test_numbers_in_words_count_the_noun_after_them(text: str, counts: list[float]) -> None:
    assert [v for v, unit, _ in _quantities(text, "en") if unit is None] == counts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shrank for the third year in a row", (3.0, "year")),
        ("a fifth consecutive season", (5.0, None)),
        ("the 4th straight month of gains", (4.0, "month")),
    ],
)
def test_consecutive_periods(text: str, expected: tuple[float, str | None]) -> None:
    assert [(v, u) for v, u, _ in _quantities(text, "en")] == [expected]


@pytest.mark.parametrize(
    ("text", "value", "upper"),
    [
        ("Growth is forecast at 5%-6% this year.", 0.05, 0.06),
        ("between 5% and 6% of voters", 0.05, 0.06),
        ("a budget of $3bn–$4bn", 3e9, 4e9),
    ],
)
def test_ranges_written_with_both_units(text: str, value: float, upper: float) -> None:
    [q] = _read(text, "en").quantities
    assert (q.value.value, q.value.upper) == (value, upper)


def test_a_change_with_both_units_stays_two_values() -> None:
    assert [v for v, _, _ in _quantities("it rose from 5% to 6%", "en")] == [0.05, 0.06]


@pytest.mark.parametrize(
    ("text", "position"),
    [("He reached World No. 141 in 1986.", 141), ("She became world number 1 in April.", 1)],
)
def test_world_number_is_a_rank(text: str, position: int) -> None:
    assert [p for p, _ in _ranks(text, "en")] == [position]
    assert all(v != position for v, _, _ in _quantities(text, "en"))


@pytest.mark.parametrize(
    "text", ["第十四届全运会于2021年举行", "第三批试点城市", "第二期工程", "第七任总统"]
)
def test_sequence_ordinals_are_not_counts(text: str) -> None:
    assert _quantities(text, "zh") == []


def test_counts_of_sessions_and_batches_stay_counts() -> None:
    assert _quantities("共举办了14届", "zh") == [(14.0, "届", "exact")]


@pytest.mark.parametrize(
    ("text", "value", "approx"),
    [
        ("One in five children lives in poverty.", 0.2, "exact"),
        ("1 in 4 adults is obese.", 0.25, "exact"),
        ("nearly three in every 10 voters", 0.3, "nearly"),
        ("4 out of 5 Americans agree.", 0.8, "exact"),
    ],
)
def test_one_in_n_is_a_share(text: str, value: float, approx: str) -> None:
    assert _quantities(text, "en") == [(value, "%", approx)]


def test_one_in_n_of_things_that_are_not_a_population_is_no_share() -> None:
    assert [u for _, u, _ in _quantities("He scored 2 in 3 games.", "en")] == [None, None]


@pytest.mark.parametrize("text", ["Temperatures reached 40°C.", "It was 40 degrees C at noon."])
def test_capitalised_temperature_units(text: str) -> None:
    assert _quantities(text, "en") == [(40.0, "degC", "exact")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cut income taxes by SEK 40 billion", [(4e10, "SEK", "exact")]),
        ("a budget of KES 3.6 trillion", [(3.6e12, "KES", "exact")]),
        ("it cost A$2.5 million", [(2.5e6, "AUD", "exact")]),
        ("$5 and €3", [(5.0, "USD", "exact"), (3.0, "EUR", "exact")]),
    ],
)
def test_currency_codes_and_signs(text: str, expected: list[tuple[float, str, str]]) -> None:
    assert _quantities(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("From 1764 onwards, there was a gradual change.", "1764"),
        ("He collaborated on his celebrated 1905 papers.", "1905"),
        ("Einstein's 1905 papers changed physics.", "1905"),
    ],
)
def test_years_before_onwards_and_after_a_possessive(text: str, year: str) -> None:
    assert [d for d, _ in _dates(text, "en")] == [year]
    assert _quantities(text, "en") == []


def test_a_count_of_papers_stays_a_count() -> None:
    assert _quantities("He published 1905 papers.", "en") == [(1905.0, None, "exact")]


@pytest.mark.parametrize(
    ("text", "age"), [("Though only 17, Einstein enrolled.", 17), ("At just 19, she won.", 19)]
)
def test_only_n_before_the_person_is_an_age(text: str, age: int) -> None:
    assert _quantities(text, "en") == [(age, "age", "exact")]


@pytest.mark.parametrize(
    "text",
    [
        "It is released on May 5, 2023, at 8:30 a.m. (ET).",
        "at 11:00 pm on the night",
        "会议于上午9:30开始",
    ],
)
def test_times_of_day_are_not_quantities(text: str) -> None:
    assert _quantities(text) == []


def test_a_score_or_a_ratio_keeps_its_numbers() -> None:
    assert [v for v, _, _ in _quantities("a score of 21:15", "en")] == [21.0, 15.0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("現有學生約3.2萬人", [(32000.0, "person", "about")]),
        ("引進外資企業5000餘家", [(5000.0, "家", "more_than")]),
        ("失業率控制在3.5%以內", [(0.035, "%", "at_most")]),
        ("該校設有11個學院", [(11.0, "个", "exact")]),
        ("享年88歲", [(88.0, "age", "exact")]),
        ("第十四屆全運會", []),
    ],
)
def test_traditional_characters_read_like_simplified(
    text: str, expected: list[tuple[float, str, str]]
) -> None:
    assert _quantities(text, "zh") == expected


# --- English approximation words, counts in words, relative years, moving ranks (round 4) ---------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turnout could be near 60% of the electorate.", [(0.6, "%", "nearly")]),
        ("The 240 or so delegates voted.", [(240, None, "about")]),
        ("over his 30-plus year career", [(30, "year", "more_than")]),
        ("The state had to take over four failing schools.", [(4, None, "exact")]),
        ("The city handed over 12 parcels of land.", [(12, None, "exact")]),
        ("She signed over 40 contracts.", [(40, None, "more_than")]),
        ("Repairs take between two and five days.", [(2, "day", "exact")]),
    ],
)
def test_english_approximation_words(
    text: str, expected: list[tuple[float, str | None, str]]
) -> None:
    assert _quantities(text, "en") == expected


def test_english_word_ranges_keep_their_upper_bound() -> None:
    (q,) = _read("Repairs take between two and five days.", "en").quantities
    assert (q.value.value, q.value.upper) == (2, 5)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Three of them later joined the board.", 3),
        ("The jury acquitted two of the defendants.", 2),
        ("She is one of nine in the country to hold the title.", 9),
        ("He was the first of three to finish the course.", 3),
        ("She reached the final in eight other major tournaments.", 8),
    ],
)
def test_english_counts_in_words(text: str, value: float) -> None:
    assert [q[0] for q in _quantities(text, "en")] == [value]


def test_years_ago_is_a_date_or_nothing() -> None:
    assert _dates("Three years ago, the mill closed.", "en") == [("2015", "year")]
    assert _quantities("Three years ago, the mill closed.", "en") == []
    bare = read_values("Five years ago, the mill closed.", language="en")
    assert not bare.quantities
    assert not bare.dates
    # a span compared over stays a quantity
    assert _quantities("Ice is thinner than it was a dozen years ago.", "en") == [
        (12, "year", "exact")
    ]


def test_english_month_range_takes_the_year_written_after_it() -> None:
    assert _dates("The mission flew in March-April 1968.", "en") == [
        ("1968-03", "month"),
        ("1968-04", "month"),
    ]


@pytest.mark.parametrize(
    ("text", "ranks"),
    [
        (
            "The port used to be #1 in the region, then it fell to #6th.",
            [(1, "exact"), (6, "exact")],
        ),
        ("The club rose to third in the league.", [(3, "exact")]),
        ("Output fell to 3 million tonnes.", []),
    ],
)
def test_english_hash_and_moving_ranks(text: str, ranks: list[tuple[int, str]]) -> None:
    assert _ranks(text, "en") == ranks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("比赛于2005年7月2日至7月24日举行", ["2005-07-02", "2005-07-24"]),
        ("会议于2024年3月5日至11日在北京召开", ["2024-03-05", "2024-03-11"]),
        ("展览2019年12月28日—1月3日", ["2019-12-28", "2020-01-03"]),  # into the next year
        ("1959年2月15日-3月28日进行测试", ["1959-02-15", "1959-03-28"]),
    ],
)
def test_the_end_of_a_date_range_takes_the_start_year(text: str, expected: list[str]) -> None:
    assert [v for v, p in _dates(text, "zh") if p == "day"] == expected


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("该书于1969、1973、1985年在台北出版", ["1969", "1973", "1985"]),
        ("他参加了1996和2000年奥运会", ["1996", "2000"]),
        ("2019、2020年两年均有增长", ["2019", "2020"]),
    ],
)
def test_years_listed_before_one_nian_are_all_years(text: str, years: list[str]) -> None:
    assert [v for v, p in _dates(text, "zh") if p == "year"] == years
    assert not any(v in (1969, 1973, 1996, 2019) for v, _, _ in _quantities(text, "zh"))


def test_a_list_of_figures_with_a_unit_stays_figures() -> None:
    assert [v for v, _, _ in _quantities("面积分别为1200、1300平方公里", "zh")] == [1200, 1300]


@pytest.mark.parametrize("text", ["该国约有13.9亿人", "全市企业约达3000家", "大约有200名学生"])
def test_yue_before_a_verb_still_makes_the_figure_approximate(text: str) -> None:
    assert [a for _, _, a in _quantities(text, "zh")] == ["about"]


@pytest.mark.parametrize(
    "text",
    [
        "前天下午5时15分，一阵哭喊声传来",
        "近11时，车队出发",
        "3时许发生地震",
        "晚上8点半开始",
        "20时30分起飞",
    ],
)
def test_a_time_of_day_is_no_count(text: str) -> None:
    assert _quantities(text, "zh") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("提出3点建议", [(3, None, "exact")]),  # 点 without a part of the day: points, not o'clock
        ("工作了3小时", [(3, "hour", "exact")]),
    ],
)
def test_hours_and_points_that_are_counts(
    text: str, expected: list[tuple[float, str | None, str]]
) -> None:
    assert _quantities(text, "zh") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年发电量3.2万亿千瓦时", (3.2e12, "kWh")),
        ("新增装机300万千瓦", (3e6, "kW")),
        ("一座1000兆瓦的电站", (1000, "MW")),
        ("the plant generated 4.2 billion kilowatt-hours", (4.2e9, "kWh")),
        ("a 300 MW wind farm", (300, "MW")),
    ],
)
def test_energy_and_power_units(text: str, expected: tuple[float, str]) -> None:
    assert [(v, u) for v, u, _ in _quantities(text) if u in ("kWh", "kW", "MW")] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The lease ran for three calendar years.", [(3, "year", "exact")]),
        ("Pilots had to be under 35 years of age.", [(35, "age", "less_than")]),
        ("Sales grew in the second half of 2019 by 5%.", [(0.05, "%", "exact")]),
        ("More than half of the votes were cast early.", [(0.5, "%", "more_than")]),
    ],
)
def test_english_spans_ages_and_halves(
    text: str, expected: list[tuple[float, str | None, str]]
) -> None:
    assert _quantities(text, "en") == expected


def test_jiezhi_before_a_month_is_that_month() -> None:
    assert ("2018-06", "month") in _dates("截至6月末，存款余额达2万亿元", "zh")
    assert ("2018-01", "month") in _dates("1至6月，增长5%", "zh")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The dynasty ruled c. 1732–1460 BC in the south.", ["-1732", "-1460"]),
        ("Hammurabi died in 1750 BC.", ["-1750"]),
        ("The city was founded in 44 BCE.", ["-0044"]),
        ("Bronze tools appeared around 2000 B.C. in the valley.", ["-2000"]),
        ("In 2019 BC Hydro raised its rates.", ["2019"]),  # a name after BC, not an era
    ],
)
def test_years_before_the_common_era(text: str, expected: list[str]) -> None:
    assert [v for v, _ in _dates(text, "en")] == expected
    assert _quantities(text, "en") == []


@pytest.mark.parametrize(
    "text",
    [
        "Wealth moved from the middle class to the top 0.1 percent.",  # crashed: Rank(position=0)
        "The top 10% of earners pay most of the tax.",
        "The paper ranked No. 0 in the list.",
    ],
)
def test_a_share_at_the_top_is_no_rank_and_no_rank_is_zero(text: str) -> None:
    assert _read(text, "en").ranks == ()


def test_english_word_ranges_count_and_scale() -> None:
    (q,) = _read(
        "The governor vetoed between twenty-five and thirty bills a year.", "en"
    ).quantities
    assert (q.value.value, q.value.upper) == (25, 30)
    (q,) = _read("a deficit of four to six billion dollars", "en").quantities
    assert (q.value.value, q.value.upper, q.value.unit) == (4e9, 6e9, "USD")
    assert _ranks("We can no longer afford to be second best.", "en") == []


def test_a_preposition_ends_the_counted_noun_phrase() -> None:
    assert _quantities("in the winter of sixty-one under present economic conditions", "en") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The seal names Kesh, thought to be a quarter of Larsa rather than a town.", []),
        ("One tablet lists a canal and a third records the year of a flood.", []),
        ("The loop handles more than one record at a time.", []),
        ("Order №03-11/7 of 2016 and Law #214-ZT were amended.", []),
        ("Printed in the Gazette, №7 (part II), ст. 1874, 2011.", []),
        ("Turnout fell by a third.", [(0.3333, "%", "exact")]),
        ("Nearly a quarter of Kenya’s exports go to Uganda.", [(0.25, "%", "nearly")]),
        ("A fifth of Canadians voted.", [(0.2, "%", "exact")]),
        ("She was ill for more than a year.", [(1.0, "year", "more_than")]),
    ],
)
def test_english_fractions_ordinals_identifiers_and_a_span(
    text: str, expected: list[tuple[float, str | None, str]]
) -> None:
    assert _quantities(text, "en") == expected


def test_a_dotted_numeric_date_is_day_first() -> None:
    assert _dates("The register of 07.03.2015 was amended.", "en") == [("2015-03-07", "day")]
    assert _quantities("The register of 07.03.2015 was amended.", "en") == []


def test_an_english_month_day_takes_the_year_of_its_weekday_or_of_the_coming_month() -> None:
    published = dt.date(2021, 3, 10)  # a Wednesday

    def dates(text: str) -> list[str]:
        return [m.value.value for m in find_dates(text, published=published, language="en")]

    assert dates("The album is out on Friday April 30.") == ["2021-04-30"]  # a Friday in 2021
    assert dates("The show opens tomorrow (March 11).") == ["2021-03-11"]
    assert dates("The vote was on November 20.") == ["2020-11-20"]
    assert dates("On Saturday, May 16, the mill closed.") == ["2020-05-16"]  # a Saturday in 2020


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann Moss was the No. 1 pick overall in the 2009 draft.", [1]),
        ("The No. 3 seed lost in the first round.", [3]),
        ("Its #2 selection went to Leeds.", [2]),
        ("He was taken No. 4 overall by the Hawks.", [4]),
        ("The No. 0 pick does not exist.", []),
        ("Decree №3 pick-up rules were amended.", []),
        ("Bylaw No. 5 was passed and Route number 7 reopened.", []),
    ],
)
def test_a_numbered_pick_or_seed_is_a_rank(text: str, expected: list[int]) -> None:
    assert [r.value.position for r in _read(text, "en").ranks] == expected
