"""English atomization on sentences from several kinds of text (made up unless marked)."""

from __future__ import annotations

import datetime as dt

from factcheck.extract import extract_article
from factcheck.extract.segment import find_article_meta, split_sentences
from factcheck.models import Claim


def _claims(
    body: str, published: dt.date | None = None, title: str = "Made-up report"
) -> list[Claim]:
    return extract_article(
        f"{title}\n\n{body}\n", article_id="t", published=published, language="en"
    ).claims


def _values(c: Claim) -> list[float]:
    return [q.value for q in c.quantities] + ([float(c.rank.position)] if c.rank else [])


def test_every_sentence_with_a_value_is_a_claim_whatever_its_score() -> None:
    # issue 12: the debate-trained model scored this 0.10 and the sentence was dropped
    text = "T\n\nBorn in 1912 and educated at Leeds, Smith became a clerk at the Inland Revenue.\n"
    claims = extract_article(text, article_id="t").claims
    assert len(claims) == 1
    assert claims[0].checkworthy is not None
    assert 0 <= claims[0].checkworthy <= 1
    strict = extract_article(text, article_id="t", min_checkworthy=0.99)
    assert strict.claims == []


def test_clauses_and_their_dates() -> None:
    claims = _claims(
        "Total employment rose by 236,000 in March, and the unemployment rate changed little "
        "at 3.5 percent.",
        published=dt.date(2023, 4, 7),
    )
    assert [_values(c) for c in claims] == [[236000], [0.035]]
    # the second clause states no date of its own: it keeps the sentence's
    assert all([d.value for d in c.dates] == ["2023-03"] for c in claims)
    assert claims[1].text.startswith("The unemployment rate changed little")


def test_change_and_level_are_two_claims() -> None:
    claims = _claims(
        "Among the unemployed, the number of job losers increased by 172,000 to 1.6 million in March.",
        published=dt.date(2023, 4, 7),
    )
    assert [_values(c) for c in claims] == [[172000], [1_600_000]]
    assert "to 1.6 million" not in claims[0].text
    assert "by 172,000" not in claims[1].text


def test_bracketed_list_items() -> None:
    claims = _claims(
        "The jobless rates for adult men (3.4 percent), adult women (3.1 percent), and "
        "teenagers (9.8 percent) showed little change."
    )
    assert [_values(c) for c in claims] == [[0.034], [0.031], [0.098]]
    assert claims[2].text == "The jobless rates for teenagers (9.8 percent) showed little change"


def test_respectively_with_named_subjects_and_with_these() -> None:
    claims = _claims("Exports and imports grew 5 percent and 3 percent, respectively.")
    assert [c.text for c in claims] == ["Exports grew 5 percent.", "Imports grew 3 percent."]
    claims = _claims(
        "The participation rate edged up to 62.6 percent. The employment ratio edged up to "
        "60.4 percent. These measures remain below their February 2020 levels (63.3 percent and "
        "61.1 percent, respectively)."
    )
    last = claims[-2:]
    assert [_values(c) for c in last] == [[0.633], [0.611]]
    assert last[0].text.startswith("The participation rate: ")
    assert last[1].text.startswith("The employment ratio: ")


def test_compared_values_are_two_claims() -> None:
    # issue 12: "spending of $3bn … well below his initial promise of $5bn" stayed one claim
    claims = _claims("Defense spending of $3bn is well below his initial promise of $5bn.")
    assert [_values(c) for c in claims] == [[3e9], [5e9]]
    assert claims[1].text == "Defense spending: his initial promise of $5bn."


def test_coordinated_objects() -> None:
    claims = _claims("The author published more than 300 papers along with over 150 essays.")
    assert [c.text for c in claims] == [
        "The author published more than 300 papers",
        "The author published over 150 essays.",
    ]


def test_pronouns_name_their_subject() -> None:
    claims = _claims(
        "Albert Einstein was born in Ulm in 1879. He received the Nobel Prize in 1921. "
        "His parents were Hermann Einstein and Pauline Koch.",
        title="Albert Einstein",
    )
    texts = [c.text for c in claims]
    assert texts[1] == "Albert Einstein received the Nobel Prize in 1921."
    assert texts[2].startswith("Albert Einstein’s parents were Hermann Einstein")


def test_possessive_and_family_subjects_are_no_person() -> None:
    claims = _claims(
        "Carpenter flew the second orbital flight in May 1962. In 1964, Hermann and Jakob's "
        "company lost a bid. He landed 250 miles from the target in 1962.",
        title="Astronauts",
    )
    assert claims[-1].text.startswith("Carpenter landed 250 miles")


def test_demonstrative_subject_gets_its_antecedent() -> None:
    claims = _claims(
        "On Feb. 20, 2024, Antarctic sea ice reached its minimum extent for the year. "
        "That’s 30% below the 1981 to 2010 average."
    )
    assert claims[1].text.startswith("Antarctic sea ice: That’s 30% below")


def test_year_of_the_paragraph_dates_month_days() -> None:
    # a 2024 feature about 1959: "April 27" is 1959-04-27, not the publication year's
    claims = _claims(
        "On April 9, 1959, NASA introduced the men. They reported for work on April 27.",
        published=dt.date(2024, 4, 9),
    )
    assert [d.value for d in claims[-1].dates] == ["1959-04-27"]


def test_dateline_furniture_and_non_entities() -> None:
    claims = _claims(
        "PORT CITY — The port handled 3 million containers last year, according to the "
        "authority. Critics said the figure was inflated by 10 percent.",
        published=dt.date(2024, 5, 1),
    )
    assert claims[0].text.startswith("The port handled 3 million containers in 2023")
    assert not any(
        e.text in ("According", "Critics", "PORT CITY") for c in claims for e in c.entities
    )
    assert [d.value for d in claims[0].dates] == ["2023"]


def test_byline_and_editors_note_dates_resolve_relative_dates() -> None:
    text = "Port review\n\nBy Jane Doe, March 3, 2024\n\nThe port grew 5 percent last year.\n"
    claim = extract_article(text, article_id="t").claims[0]
    assert [d.value for d in claim.dates] == ["2023"]
    note = "Ice\n\nEditor’s note, April 16, 2024: An earlier version had a rounded figure.\n\nIce shrank 3 percent this year.\n"
    assert find_article_meta(note).published == dt.date(2024, 4, 16)
    claims = extract_article(note, article_id="t").claims
    assert len(claims) == 1
    assert [d.value for d in claims[0].dates] == ["2024"]


def test_names_with_numbers_are_not_values() -> None:
    claims = _claims("Grissom flew Mercury 4 aboard Liberty Bell 7 in August 1961 on STS-95 gear.")
    assert claims
    assert all(_values(c) == [] for c in claims)


def test_life_dates_in_brackets() -> None:
    claims = _claims(
        "Albert Einstein (14 March 1879 – 18 April 1955) was a German-born theoretical physicist."
    )
    texts = [c.text for c in claims]
    assert texts[:2] == [
        "Albert Einstein was born on 14 March 1879",
        "Albert Einstein died on 18 April 1955",
    ]
    assert "(" not in texts[2]


def test_office_from_attribution() -> None:
    claims = _claims(
        "“We look forward to it,” said Vanessa Wyche, director of NASA’s Johnson Space Center "
        "in Houston."
    )
    assert [c.text for c in claims] == [
        "Vanessa Wyche is director of NASA’s Johnson Space Center in Houston"
    ]


def test_facts_without_values_and_opinions() -> None:
    claims = _claims(
        "NASA selected Intuitive Machines, Lunar Outpost, and Venturi Astrolab for the vehicle. "
        "Complex weather patterns make it difficult to predict what will happen. "
        "Einstein later wrote that the spirit of learning was lost."
    )
    assert [c.text for c in claims] == [
        "NASA selected Intuitive Machines, Lunar Outpost, and Venturi Astrolab for the vehicle."
    ]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "Report\n\nTotal nonfarm payroll employment rose by 236,000 in March, and the unemployment\n"
        "rate changed little at 3.5 percent. Employment continued to trend up in\n"
        "leisure and hospitality.\n\nHousehold Data\n\nShort line.\n"
    )
    body = [s.text for s in split_sentences(text, "en") if s.role == "body"]
    assert body[0].endswith("at 3.5 percent.")
    assert body[1] == "Employment continued to trend up in\nleisure and hospitality."
    assert [s.role for s in split_sentences(text, "en") if s.text == "Household Data"] == [
        "heading"
    ]


def test_lines_of_a_list_are_not_joined_as_a_wrapped_paragraph() -> None:
    text = (
        "A Scientist\n\nAmong her awards and honors are:\n"
        "Member of the National Academy of Sciences of Some Country (1971)\n"
        "Distinguished Fellow of the Royal Society of Something Else (1975)\n"
        "Gold Medal of the International Association of Examples (1982).\n"
        "Honorary doctorate from the University of a Made-up Place (2001)\n"
    )
    body = [s.text for s in split_sentences(text, "en") if s.role == "body"]
    assert body[1:] == [
        "Member of the National Academy of Sciences of Some Country (1971)",
        "Distinguished Fellow of the Royal Society of Something Else (1975)",
        "Gold Medal of the International Association of Examples (1982).",
        "Honorary doctorate from the University of a Made-up Place (2001)",
    ]


def test_circa_is_no_sentence_end_and_years_bc_date_nothing_after_them() -> None:
    text = (
        "Some Dynasty\n\nThe Some Dynasty ruled the south c. 1732–1460 BC. "
        "Its last king died in 1460 BC. A museum in Paris bought the tablets in 1903.\n"
    )
    body = [s.text for s in split_sentences(text, "en") if s.role == "body"]
    assert body[0] == "The Some Dynasty ruled the south c. 1732–1460 BC."
    claims = _claims(text.split("\n\n", 1)[1])
    dates = [[d.value for d in c.dates] for c in claims]
    assert ["-1732", "-1460"] in dates
    assert ["-1460"] in dates
    assert ["1903"] in dates


def test_web_text_with_one_sentence_per_line_is_not_joined_as_wrapped_prose() -> None:
    text = (
        "Team renamed\n\n"
        "The Riverside Hawks will be known as the Riverside Falcons from next season\n"
        "The club announced the new name on Monday at a press event in the city centre.\n"
        "MORE: Five things to know about the new owners of the Falcons club\n"
        "The team was founded in 2002 and has won 3 league titles since then.\n"
        "Its home arena seats 8,500 fans, the third-largest arena in the league\n"
        "according to the league office.\n"
    )
    body = [s.text for s in split_sentences(text, "en") if s.role == "body"]
    assert "The team was founded in 2002 and has won 3 league titles since then." in body
    assert "MORE: Five things to know about the new owners of the Falcons club" in body
    # a line going on in lower case continues the one before
    assert body[-1].endswith("according to the league office.")


def test_web_bylines_and_times_of_day() -> None:
    assert find_article_meta("News\n\n02 May 2019\n\nBody text.\n").published == dt.date(2019, 5, 2)
    byline = (
        "Flood\nPublished 4:35 a.m. ET July 31, 2016 | Updated 9:11 p.m. ET Aug. 1, 2016\nBody.\n"
    )
    assert find_article_meta(byline).published == dt.date(2016, 7, 31)
    body = [
        s.text
        for s in split_sentences("T\n\nThe river rose at 4:35 a.m. ET on Sunday. It fell.\n", "en")
        if s.role == "body"
    ]
    assert body == ["The river rose at 4:35 a.m. ET on Sunday.", "It fell."]


def test_clauses_with_their_own_facts_are_claims() -> None:
    claims = _claims(
        "In 1935, Elsa Einstein was diagnosed with heart problems; she died in December 1936. "
        "In 1900, Einstein was awarded the diploma, but Maric failed the examination."
    )
    texts = [c.text for c in claims]
    assert texts[1] == "Elsa Einstein died in December 1936."
    assert [d.value for d in claims[1].dates] == ["1936-12"]
    # a clause without a date of its own keeps the date of the sentence's opening phrase
    assert texts[3] == "Maric failed the examination."
    assert [d.value for d in claims[3].dates] == ["1900"]


def test_a_contrast_clause_does_not_take_the_other_clause_s_date() -> None:
    claims = _claims(
        "Oil prices have driven growth since 1998, but corruption remains in the oil sector, "
        "which accounts for over 50 percent of GDP and over 90 percent of exports."
    )
    shares = [c for c in claims if c.quantities]
    assert [_values(c) for c in shares] == [[0.5], [0.9]]
    assert all(c.dates == [] for c in shares)


def test_dated_items_of_a_list() -> None:
    claims = _claims(
        "Production began in the Cuanza basin in the 1950s, in the Congo basin in the 1960s, "
        "and in the exclave of Cabinda in 1968. He won the cup in 1990, 1992 and 1995."
    )
    assert [c.text for c in claims][:3] == [
        "Production began in the Cuanza basin in the 1950s",
        "Production began in the Congo basin in the 1960s",
        "Production began in the exclave of Cabinda in 1968.",
    ]
    assert len(claims) == 4  # a list of years is one fact


def test_dated_opening_phrase_and_apposition() -> None:
    claims = _claims(
        "Following the independence of Brazil in 1822, the slave trade was abolished in 1836. "
        "The mission spent USD1.5 billion on the Lusaka Protocol, a 1994 peace accord that failed."
    )
    texts = {c.text: [d.value for d in c.dates] for c in claims}
    assert texts["The independence of Brazil in 1822"] == ["1822"]
    assert texts["The Lusaka Protocol was a 1994 peace accord that failed"] == ["1994"]
    assert any(v == ["1836"] for t, v in texts.items() if "slave trade" in t)


def test_this_year_is_the_publication_year_in_a_paragraph_about_another() -> None:
    claims = _claims(
        "The 2023 all-time low was 691,000 square miles. This year marks the lowest three-year "
        "average in decades.",
        published=dt.date(2024, 4, 16),
    )
    assert [d.value for d in claims[-1].dates] == ["2024"]
    assert claims[-1].text.startswith("2024 marks") or "2024" in claims[-1].text


def test_asides_and_opening_phrases_are_not_claims_of_their_own() -> None:
    claims = _claims(
        "(Monthly revisions result from additional reports received from businesses.) "
        "Though only 17, he enrolled in the four-year program at the Polytechnic.",
        title="Albert Einstein",
    )
    assert len(claims) == 1
    assert claims[0].text.startswith("Though only 17, Albert Einstein enrolled")


def test_an_opening_participle_is_no_name_and_he_keeps_the_person() -> None:
    claims = _claims(
        "Arthur Smith was born in 1912 in Leeds. Born in Leeds and educated at Oxford, he became "
        "a clerk at the Inland Revenue in 1934. His 1956 budget cut taxes by 3 percent."
    )
    texts = [c.text for c in claims]
    assert texts[1].startswith("Born in Leeds and educated at Oxford, Arthur Smith became")
    assert texts[2] == "Arthur Smith’s 1956 budget cut taxes by 3 percent."
    assert all("Born" not in {e.text for e in c.entities} for c in claims)


def test_counts_in_words_make_claims() -> None:
    claims = _claims("Over the past seven years, the region has had three record lows.")
    assert [_values(c) for c in claims] == [[7.0, 3.0]]  # the period and the count
    claims = _claims("Jane Doe, an eight-time champion, was one of five finalists in 2001.")
    assert sorted(v for c in claims for v in _values(c)) == [5.0, 8.0]


def test_the_kind_of_thing_named_before_is_its_name() -> None:
    claims = _claims(
        "The Hong Kong-Zhuhai-Macau Bridge opened in October 2018. The bridge is 55 kilometres "
        "long. The Bank of England raised rates in 2022. The bank has 4,000 staff."
    )
    assert [c.text for c in claims] == [
        "The Hong Kong-Zhuhai-Macau Bridge opened in October 2018.",
        "The Hong Kong-Zhuhai-Macau Bridge is 55 kilometres long.",
        "The Bank of England raised rates in 2022.",
        "The Bank of England has 4,000 staff.",
    ]
    # a name that does not say what it is keeps "The program": it may be an object named before
    claims = _claims(
        "In April 2000 Angola started a program with the IMF. The program lapsed in 2001."
    )
    assert claims[-1].text == "The program lapsed in 2001."


def test_a_dated_dateline_is_cut_and_dates_the_article() -> None:
    text = (
        "Wind farm opens\n\nOSLO, March 3, 2024 — Norway's largest wind farm began operating, two "
        "years after construction started. Wind supplied 10% of its power last year.\n"
    )
    cf = extract_article(text, article_id="t", language="en")
    assert cf.article.published == dt.date(2024, 3, 3)
    assert cf.claims[0].text.startswith("Norway's largest wind farm began operating")
    assert cf.claims[0].dates == []  # the dateline's date is the article's, not the event's
    assert [d.value for d in cf.claims[-1].dates] == ["2023"]


def test_a_compared_reference_with_its_own_clause_is_its_own_claim() -> None:
    claims = _claims(
        "The government spent 1.1 billion crowns on grid upgrades, well below the 2 billion it "
        "had budgeted."
    )
    assert [(c.text, _values(c)) for c in claims] == [
        ("The government spent 1.1 billion crowns on grid upgrades.", [1.1e9]),
        ("The government had budgeted 2 billion.", [2e9]),
    ]


def test_it_before_a_modal_names_the_last_subject() -> None:
    claims = _claims(
        "The 450-megawatt project cost $590 million. It will supply about 200,000 homes."
    )
    assert claims[-1].text == "The 450-megawatt project will supply about 200,000 homes."


def test_a_date_phrase_without_a_comma_leaves_the_pronoun_to_resolve() -> None:
    claims = _claims(
        "Maria Lindqvist (born 12 May 1961) is a Swedish economist. In 1994 she was elected to "
        "the Riksdag, where she sat for 20 years. Since 2015 she has chaired the board of the "
        "Nordic Investment Bank, which lends about €4 billion a year.",
        title="Maria Lindqvist",
    )
    texts = [c.text for c in claims]
    # the "where" clause has a value of its own: a claim of its own (issue 12)
    assert "In 1994 Maria Lindqvist was elected to the Riksdag" in texts
    assert "At the Riksdag, Maria Lindqvist sat for 20 years." in texts
    assert "Since 2015 Maria Lindqvist has chaired the board of the Nordic Investment Bank" in texts
    assert "The Nordic Investment Bank lends about €4 billion a year." in texts


def test_coordinated_predicates_and_clauses_without_a_comma() -> None:
    claims = _claims(
        "Maria Lindqvist is a Swedish economist. Her 2008 budget cut income taxes by SEK 40 "
        "billion and lowered the unemployment rate from 7.1% to 6.2% within two years. Exports "
        "rose 5% and imports fell 3%.",
        title="Maria Lindqvist",
    )
    assert [c.text for c in claims] == [
        "Maria Lindqvist is a Swedish economist.",  # an occupation is a claim of its own
        "Maria Lindqvist’s 2008 budget cut income taxes by SEK 40 billion",
        "Maria Lindqvist’s 2008 budget lowered the unemployment rate from 7.1% to 6.2% within "
        "two years.",
        "Exports rose 5%",
        "Imports fell 3%.",
    ]


def test_a_dated_participle_apposition_is_its_own_claim() -> None:
    claims = _claims(
        "Rocket Lab, founded in 2006, is headquartered in Long Beach, California, and employs "
        "about 2,000 people."
    )
    assert claims[0].text == "Rocket Lab was founded in 2006"
    assert [d.value for d in claims[0].dates] == ["2006"]
    assert [(_values(c), c.dates) for c in claims[1:]] == [([2000.0], [])]


def test_a_level_and_the_level_it_came_from_are_two_claims() -> None:
    claims = _claims(
        "Inflation slowed to 3.8% in September from 4% in August, the agency said. "
        "Unemployment rose to 5.5% from 5.2%.",
        published=dt.date(2023, 11, 2),
    )
    assert [(c.text, _values(c), [d.value for d in c.dates]) for c in claims] == [
        ("Inflation slowed to 3.8% in September, the agency said.", [0.038], ["2023-09"]),
        ("Inflation was 4% in August.", [0.04], ["2023-08"]),
        ("Unemployment rose to 5.5%.", [0.055], []),
        ("Unemployment was 5.2%.", [0.052], []),
    ]


def test_two_dated_predicates_joined_by_and_are_two_claims() -> None:
    # issue 12: "first broadcast … in 1930 and televised in 1953" was one claim, credited once
    claims = _claims("The festival was first broadcast on radio in 1930 and televised in 1953.")
    assert [(c.text.rstrip("."), [d.value for d in c.dates]) for c in claims] == [
        ("The festival was first broadcast on radio in 1930", ["1930"]),
        ("The festival was televised in 1953", ["1953"]),
    ]
    # an active second predicate takes the subject only; a value of its own stays its own
    claims = _claims("The museum was founded in 1850 and has 4,000 paintings.")
    assert [(c.text.rstrip("."), _values(c), [d.value for d in c.dates]) for c in claims] == [
        ("The museum was founded in 1850", [], ["1850"]),
        ("The museum has 4,000 paintings", [4000], []),
    ]
    # "in 1994 and 1998" after the second verb is one list, not a third predicate
    claims = _claims("Jane Doe was elected in 1990 and re-elected in 1994 and 1998.")
    assert [[d.value for d in c.dates] for c in claims] == [["1990"], ["1994", "1998"]]
    assert claims[1].text.startswith("Jane Doe was re-elected")


def test_dated_event_and_its_named_agent_are_two_claims() -> None:
    claims = _claims("The gala was held on March 3, 2011 and hosted by Mary Smith.")
    assert [(c.text.rstrip("."), [d.value for d in c.dates]) for c in claims] == [
        ("The gala was held on March 3, 2011", ["2011-03-03"]),
        ("The gala was hosted by Mary Smith", ["2011-03-03"]),  # the event's date (issue 12)
    ]


def test_and_without_a_value_on_each_side_is_not_cut() -> None:
    # one dated event described by two verbs: nothing of its own on the right
    claims = _claims("The bridge was designed in 1921 and admired by many.")
    assert len(claims) == 1
    assert [d.value for d in claims[0].dates] == ["1921"]


def test_present_tense_second_predicate_is_its_own_claim() -> None:
    claims = _claims(
        "The Blue River is 1,200 km long and drains an area of 50,000 square kilometres."
    )
    assert [(c.text.rstrip("."), _values(c)) for c in claims] == [
        ("The Blue River is 1,200 km long", [1200]),
        ("The Blue River drains an area of 50,000 square kilometres", [50000]),
    ]
    claims = _claims("Acme Corp was founded in 1990 and employs 500 people.")
    assert [(c.text.rstrip("."), _values(c), [d.value for d in c.dates]) for c in claims] == [
        ("Acme Corp was founded in 1990", [], ["1990"]),
        ("Acme Corp employs 500 people", [500], []),
    ]


def test_coordinated_values_keep_their_own_dates() -> None:
    claims = _claims("The village school had 300 pupils in 1900 and 1,200 in 1950.")
    assert [(_values(c), [d.value for d in c.dates]) for c in claims] == [
        ([300], ["1900"]),
        ([1200], ["1950"]),
    ]


def test_dated_ranges_of_two_offices_are_two_claims() -> None:
    claims = _claims(
        "John Doe served as mayor from 1990 to 1994 and as governor from 1995 to 2003."
    )
    assert [(c.text.rstrip("."), [d.value for d in c.dates]) for c in claims] == [
        ("John Doe served as mayor from 1990 to 1994", ["1990", "1994"]),
        ("John Doe served as governor from 1995 to 2003", ["1995", "2003"]),
    ]
    # a bare list of years is one fact
    assert len(_claims("Elections were held in 1990, 1992 and 1995.")) == 1


def test_dated_relative_clause_and_but_predicate_are_claims_of_their_own() -> None:
    claims = _claims("Mary Jones, who joined the firm in 1985, became its chief executive in 1999.")
    assert claims[0].text.rstrip(".") == "Mary Jones joined the firm in 1985"
    assert [d.value for d in claims[0].dates] == ["1985"]
    assert [d.value for d in claims[1].dates] == ["1999"]
    claims = _claims("Rovers FC was relegated in 2004 but promoted again in 2006.")
    assert [(c.text.rstrip("."), [d.value for d in c.dates]) for c in claims] == [
        ("Rovers FC was relegated in 2004", ["2004"]),
        ("Rovers FC was promoted again in 2006", ["2006"]),
    ]


def test_a_dated_title_dates_the_document() -> None:
    # a speech or report whose title carries its date: relative dates resolve against it
    meta = find_article_meta(
        "Budget Speech to the Assembly, March 3, 2021\n\nLast year, we cut taxes.\n"
    )
    assert meta.published == dt.date(2021, 3, 3)
    claims = extract_article(
        "Annual Address, October 2, 2019\n\nLast year, exports rose by 4 percent.\n"
        "Three years ago, the plant closed.\n",
        article_id="t",
        language="en",
    ).claims
    assert [[d.value for d in c.dates] for c in claims] == [["2018"], ["2016"]]
    assert [c.quantities for c in claims][1] == []


def test_a_second_predicate_keeps_the_sentence_date() -> None:
    claims = _claims(
        "The 12th Harbour Festival was held at the Pier Theatre on June 3, 2019 and opened by "
        "Mayor Ann Lee."
    )
    opened = next(c for c in claims if "opened by" in c.text)
    assert opened.text.startswith("The 12th Harbour Festival")
    assert [d.value for d in opened.dates] == ["2019-06-03"]


def test_a_bare_year_aside_does_not_date_the_narrative() -> None:
    claims = _claims(
        "On March 3, 1961, the board set the rules for the new pilots. Three of the applicants "
        "reapplied in 1964. The finalists were told of the result on May 5."
    )
    told = next(c for c in claims if "May 5" in c.text)
    assert [d.value for d in told.dates] == ["1961-05-05"]


def test_clauses_hung_on_a_noun_or_event_are_claims_of_their_own() -> None:
    # "in which …": the clause names what it is about
    claims = _claims(
        "The flood in March 2011 caused three weeks of chaos in which about 400 homes were lost."
    )
    assert [_values(c) for c in claims] == [[3], [400]]
    assert claims[1].text.startswith("In three weeks of chaos, about 400 homes were lost")
    assert [d.value for d in claims[1].dates] == ["2011-03"]
    # ", where …" with dates of its own: the place it is about, and only its own dates
    claims = _claims(
        "In 1961, 12 of the 14 trainees moved to the Naval Test Centre in Patuxent, Maryland, "
        "where flight tests of the four teams ran between May 2 and June 30."
    )
    where = next(c for c in claims if 4.0 in _values(c))
    assert where.text.startswith("At the Naval Test Centre in Patuxent, Maryland, flight tests")
    assert [d.value for d in where.dates] == ["1961-05-02", "1961-06-30"]
    first = next(c for c in claims if 12.0 in _values(c))
    assert [d.value for d in first.dates] == ["1961"]


def test_a_when_clause_takes_the_date_it_hangs_on() -> None:
    claims = _claims(
        "Anna Berg ran the company from 1970 until her retirement in 1991, when Peter Lund took "
        "over as chairman of the board."
    )
    lund = next(c for c in claims if c.text.startswith("Peter Lund"))
    assert [d.value for d in lund.dates] == ["1991"]


def test_a_with_phrase_of_its_own_is_a_claim() -> None:
    claims = _claims(
        "The first congress was held on June 4, 1902, in a rented hall near the harbour with an "
        "attendance of about 150 delegates."
    )
    assert [(c.text.rstrip("."), _values(c), [d.value for d in c.dates]) for c in claims] == [
        (
            "The first congress was held on June 4, 1902, in a rented hall near the harbour",
            [],
            ["1902-06-04"],
        ),
        ("The first congress had an attendance of about 150 delegates", [150], ["1902-06-04"]),
    ]
    # "with a total of N" measures the predicate before it: one claim
    claims = _claims(
        "Exports reached their highest level on May 3, 2020 with a total of 4,500 tons."
    )
    assert len(claims) == 1


def test_a_list_of_predicates_is_one_claim_each() -> None:
    claims = _claims(
        "The Harbour Bell is the city's oldest bell. Cast in bronze, it is 2.1 m (6.9 ft) tall, "
        "weighs 3.5 t and depicts a ship with three masts."
    )
    assert [_values(c) for c in claims][-3:] == [[2.1, 6.9], [3.5], [3]]
    assert claims[-3].text.startswith("Cast in bronze, the Harbour Bell is 2.1 m")
    assert claims[-2].text.startswith("The Harbour Bell weighs 3.5 t")
    assert claims[-1].text.startswith("The Harbour Bell depicts a ship")


def test_two_ranks_in_then_clauses_are_two_claims() -> None:
    claims = _claims("The port used to be No. 2 in the world, then it fell to #9th.")
    assert [c.rank.position if c.rank else None for c in claims] == [2, 9]


def test_predicate_nouns_of_one_subject_are_one_claim_each() -> None:
    claims = _claims(
        "In chess, Lind is a three-time national champion and a 2004 Olympiad medalist, as well as "
        "finishing second in five other national finals. Lind is one of four women to hold the "
        "title in the modern era and one of nine in history, the first of two to defend it.",
        title="Mara Lind",
    )
    got = [(c.text.rstrip("."), _values(c), [d.value for d in c.dates]) for c in claims]
    assert got == [
        ("In chess, Lind is a three-time national champion", [3], []),
        ("Lind is a 2004 Olympiad medalist", [], ["2004"]),
        ("Lind: finishing second in five other national finals", [5], []),
        ("Lind is one of four women to hold the title in the modern era", [4], []),
        ("Lind is one of nine in history", [9], []),
        ("Lind is the first of two to defend it", [2], []),
    ]


def test_a_dated_item_stands_for_the_object_it_parallels() -> None:
    claims = _claims(
        "Lind was the last Swedish woman to win the Paris Open, in 1999 and the Rome Open (2003)."
    )
    assert [c.text.rstrip(".") for c in claims] == [
        "Lind was the last Swedish woman to win the Paris Open, in 1999",
        "Lind was the last Swedish woman to win the Rome Open (2003)",
    ]


def test_a_speech_names_its_document_for_i_and_we() -> None:
    claims = extract_article(
        "Budget Speech to the Assembly, March 3, 2021 (excerpt)\n\n"
        "Last year, we cut income taxes by 2 percent. I signed 40 new laws since taking office.\n",
        article_id="t",
        language="en",
    ).claims
    assert [c.text for c in claims] == [
        "Budget Speech to the Assembly, March 3, 2021: In 2020, we cut income taxes by 2 percent.",
        "Budget Speech to the Assembly, March 3, 2021: I signed 40 new laws since taking office.",
    ]
    # an article that is no speech keeps its text
    plain = _claims("We counted 40 new laws in 2020.", title="Laws of the Assembly")
    assert plain[0].text == "We counted 40 new laws in 2020."


def test_an_until_clause_with_a_named_subject_is_its_own_claim() -> None:
    claims = _claims(
        "Lind held the national record of 3 titles until Eva Holm won her 4th title on May 2, 2019."
    )
    assert [c.text.rstrip(".") for c in claims] == [
        "Lind held the national record of 3 titles",
        "Eva Holm won her 4th title on May 2, 2019",
    ]
    # a date after "until" is no clause
    claims = _claims("Olsen ran the firm from 1970 until his death in 1991, when it was sold.")
    assert claims[0].text.startswith("Olsen ran the firm from 1970 until his death in 1991")


def test_offices_named_in_passing_are_claims() -> None:
    texts = [
        c.text
        for c in _claims(
            "We thank the members and the new Chair of the Harbour Board, Anna McLeod. "
            "A letter from Tom Berg, who was a director of the Nordic Bank in the 1990s, survives."
        )
    ]
    assert "Anna McLeod is the new Chair of the Harbour Board" in texts
    assert "Tom Berg was a director of the Nordic Bank" in texts


def test_a_leading_date_frames_both_predicates() -> None:
    claims = _claims(
        "Also in 2001, Lind helped her club win its first cup in 9 years and won her only "
        "national title, beating Eva Holm in the final."
    )
    assert [(c.text.rstrip("."), [d.value for d in c.dates]) for c in claims] == [
        ("Also in 2001, Lind helped her club win its first cup in 9 years", ["2001"]),
        ("Lind won her only national title, beating Eva Holm in the final", ["2001"]),
    ]


def test_a_month_of_that_year_and_a_gerund_with_its_own_value() -> None:
    claims = _claims(
        "In 1990, Lind won her first title. Lind won four new titles in 1994, and, by June of "
        "that year, she had earned $2 million in prize money after playing in just 30 events."
    )
    got = [(c.text.rstrip("."), _values(c), [d.value for d in c.dates]) for c in claims[1:]]
    assert got == [
        ("Lind won four new titles in 1994", [4], ["1994"]),
        ("By June of that year, Lind had earned $2 million in prize money", [2e6], ["1994-06"]),
        (
            "By June of that year, Lind had earned $2 million in prize money after playing in "
            "just 30 events",
            [30],
            ["1994-06"],
        ),
    ]


def test_until_a_date_and_a_subordinate_opening_are_no_subjects() -> None:
    claims = _claims(
        "In May 1997 the council fined the firm, but it waited until March 1998 to close the mine."
    )
    assert all(not c.text.startswith("March 1998") for c in claims)
    claims = _claims(
        "Although there are five older bells in the tower. Cast in bronze, it is 2.1 m tall."
    )
    assert not claims[-1].text.startswith("Cast in bronze, Although")


def test_a_present_tense_predicate_list_keeps_its_subject() -> None:
    claims = _claims(
        "The plant employs 900 workers, produces 30,000 engines a year and exports most."
    )
    assert [c.text.rstrip(".") for c in claims] == [
        "The plant employs 900 workers",
        "The plant produces 30,000 engines a year and exports most",
    ]


def test_a_measure_stated_in_passing_is_its_own_claim() -> None:
    claims = _claims(
        "About 60% of Chile's population of nearly 19 million live in cities. Norway's fleet of "
        "200 cargo ships carried 40% of the freight."
    )
    assert [(c.text.rstrip("."), _values(c)) for c in claims] == [
        ("Chile's population is nearly 19 million", [19e6]),
        ("About 60% of Chile's population of nearly 19 million live in cities", [0.6]),
        ("Norway's fleet is 200 cargo ships", [200]),
        ("Norway's fleet of 200 cargo ships carried 40% of the freight", [0.4]),
    ]


def test_an_expletive_it_keeps_its_text_with_the_context_named() -> None:
    claims = _claims(
        "Since 2001, roughly 80 bells were cast each year by the Harbour Foundry. It takes two "
        "weeks to finish 10 bells."
    )
    assert claims[-1].text == ("Roughly 80 bells: It takes two weeks to finish 10 bells.")


def test_a_referring_it_and_a_first_person_subject() -> None:
    # "It was not a big bill …" refers back: no expletive; "I understand that …" names nobody
    claims = _claims(
        "I understand that the council passed 12 bills in 1990. It was not a big bill and yet "
        "three of the nine members voted against it."
    )
    assert claims[-1].text.startswith("It was not a big bill")


def test_control_characters_in_the_text_are_read_as_spaces() -> None:
    # climate-fever evidence holds U+0080 (mojibake); the claim model refuses control characters
    text = "Title\n\nMore than 260,000 Americans\x80 work in the coal industry.\n"
    claims = extract_article(text, article_id="t", language="en").claims
    assert [q.value for c in claims for q in c.quantities] == [260000]
    c = claims[0]
    assert "\x80" not in c.text
    assert "\x80" not in c.sentence
    assert len(c.sentence) == c.span[1] - c.span[0]


def test_no_predicate_split_without_a_subject_or_inside_a_number() -> None:
    claims = _claims(
        "And if there is a loophole, we keep the allowance for those from 5 million dollars "
        "down at twenty-seven and a half per cent."
    )
    assert all(not c.text.startswith("And if there is a half") for c in claims)
    claims = _claims(
        "Well, 80 percent of the people are already covered and only 6 percent of the firms "
        "are affected."
    )
    assert all(not c.text.startswith("Well are") for c in claims)


def test_a_lead_with_a_pronunciation_guide_in_its_life_bracket() -> None:
    claims = _claims(
        "Marta Jansen Vos (Frisian pronunciation: [ˈmar.ta] ( ); 3 May 1921 – 9 June 1999) was a "
        "Frisian botanist.\nShe received the 1968 Linnean Medal for her work on mosses."
    )
    texts = [c.text for c in claims]
    assert "Marta Jansen Vos was born on 3 May 1921" in texts
    assert "Marta Jansen Vos died on 9 June 1999" in texts
    # a month named May is no hedge: the occupation stays a claim
    assert "Marta Jansen Vos was a Frisian botanist." in texts
    assert any(t.startswith("Marta Jansen Vos received the 1968 Linnean Medal") for t in texts)


def test_a_quoted_or_bracketed_verb_gives_no_subject() -> None:
    claims = _claims(
        'Ann Berg was a chemist. Her critics called it a fad. Ergo nihil [Latin: "Which is '
        'nothing"].\nShe died in Leeds on 2 March 1990. An alternative view was offered in 1992. '
        "She also founded the Leeds Society in 1961."
    )
    texts = [c.text for c in claims]
    assert "Ann Berg died in Leeds on 2 March 1990." in texts
    # "also" and "alternative" hold no name particle "al"
    assert "Ann Berg also founded the Leeds Society in 1961." in texts


def test_a_sentence_relating_named_things_is_a_claim_without_values() -> None:
    claims = _claims(
        "The elders of Anlo and Bru upheld the ruling of the Kemi council. "
        "A later copy of the Annals relocates the battle to Tarsa. "
        "Despite the new coins, the villagers mostly bore Frankish names.\n"
        "The people want a change in Tarsa. But we’re stronger than any town in Bru. "
        "Maybe the Annals relocate the battle to Tarsa? The famous Tarsa road is long."
    )
    texts = [c.text for c in claims]
    assert "The elders of Anlo and Bru upheld the ruling of the Kemi council." in texts
    assert "A later copy of the Annals relocates the battle to Tarsa." in texts
    assert any("bore Frankish names" in t for t in texts)
    # wishes, first-person comparisons, questions and adjectives in -ous are no relation
    assert not [t for t in texts if "want" in t or "stronger" in t or "?" in t or "road" in t]


def test_a_passive_relation_between_named_things_is_a_claim() -> None:
    claims = _claims(
        "Within the old borders, the village of Marden is subordinated to Kell County. "
        "As a parish, Marden is incorporated within Kell Rural District as Marden Parish. "
        "The village is pleased with Kell."
    )
    texts = [c.text for c in claims]
    assert any("is subordinated to Kell County" in t for t in texts)
    assert any("is incorporated within Kell Rural District" in t for t in texts)
    assert not [t for t in texts if "pleased" in t]


def test_a_series_of_predicates_and_a_participle_opener_are_claims_each() -> None:
    claims = _claims(
        "Ann Lee was a chemist. Originally employed by the Kell Institute in Leeds, she held a "
        "lectureship at the University of York, worked as a consultant for Barrow Mills in the "
        "late 1970s, and later held the Dunmore Chair at Durham University."
    )
    by_text = {c.text: c for c in claims}
    assert "Ann Lee was originally employed by the Kell Institute in Leeds" in by_text
    assert "Ann Lee worked as a consultant for Barrow Mills in the late 1970s" in by_text
    last = by_text["Ann Lee held the Dunmore Chair at Durham University."]
    assert last.dates == []  # the 1970s are the consultancy's, not the chair's
    # a series with values is no series of predicates: the scores stay with their sets
    scores = _claims("Ann Lee lost the sets, 3–6, 3–6, declined the bet, and offered to play on.")
    assert any(len(c.quantities) >= 1 and "3–6" in c.text for c in scores)


def test_a_name_before_its_apposition_is_the_antecedent_and_a_renaming_is_a_claim() -> None:
    claims = _claims(
        "Tor Ansgar was a poet. Iko-Ma, or Ikoman (i-ko-man), the founder of the house, is known "
        "from the Annals of Kell. He is thought to have ruled Tarsa in 1420 BC.\n"
        "The following year, the Kell Poetry Award was renamed the Ansgar Prize in his honor."
    )
    texts = [c.text for c in claims]
    assert any(t.startswith("Iko-Ma is thought to have ruled Tarsa") for t in texts)
    assert any("was renamed the Ansgar Prize" in t for t in texts)


def test_facts_stated_in_passing_are_claims_of_their_own() -> None:
    claims = _claims(
        "Digs held between 2001 and 2004 at Tell Amra, around 15 km from Kish, have revealed a "
        "temple. The prince fled to Arwad ahead of an army led by the Hurrian chief Ulam-Sin, "
        "brother of the king of Mari Zimri II, who conquered the marsh, annexed it to Mari and "
        "built a wall. A tablet names two enemies, the Hurrians having previously deposed the "
        "Amorites as rulers in Ur. Ann Lee and Tom Berg, who collaborated on the survey, agreed "
        "to publish it in 1999."
    )
    by_text = {c.text: c for c in claims}
    assert [q.value for q in by_text["Tell Amra is around 15 km from Kish"].quantities] == [15]
    assert "Ulam-Sin was the brother of the king of Mari Zimri II" in by_text
    assert "Ulam-Sin conquered the marsh, annexed it to Mari and built a wall" in by_text
    assert "The Hurrians previously deposed the Amorites as rulers in Ur" in by_text
    assert "Ann Lee and Tom Berg collaborated on the survey" in by_text
    # the distance is the apposition's, not the digs'
    digs = next(t for t in by_text if t.startswith("Digs held"))
    assert by_text[digs].quantities == []


def test_a_named_subjects_act_on_a_thing_is_a_claim() -> None:
    claims = _claims(
        'Ann Lee was a chemist. For example, she coined the term "wet ash", alluding to a rule. '
        'In particular, her paper "Salts in Motion" started the field of salt dynamics. '
        "Ann Lee is a fan of the sea."
    )
    texts = [c.text for c in claims]
    assert any("Ann Lee coined the term" in t for t in texts)
    assert any('paper "Salts in Motion" started the field' in t for t in texts)
    assert not [t for t in texts if "fan of" in t]


def test_a_hedging_adverb_in_an_aside_leaves_the_fact() -> None:
    claims = _claims(
        "A Roman trader took a silver cup of Queen Aranda to Port Selm, probably as a gift, where "
        "it was lost. The cup probably reached Port Selm by sea. "
        "The trader took it to Selm, where he thought it would sell."
    )
    texts = [c.text for c in claims]
    assert any(t.startswith("A Roman trader took a silver cup of Queen Aranda") for t in texts)
    assert not [t for t in texts if "by sea" in t or "would sell" in t]


def test_values_in_asides_before_the_verb_leave_the_bare_predicate_a_claim() -> None:
    claims = _claims(
        "The Marsh Kingdom, (KUR.A) or the 3rd Kingdom of Ur (though it was never in Ur), "
        "perhaps c. 1500–1300 BC, is a line of kings named in the lists of Nippur and Kish."
    )
    texts = [c.text for c in claims]
    assert "The Marsh Kingdom is a line of kings named in the lists of Nippur and Kish." in texts
    dated = [c for c in claims if c.dates]
    assert [d.value for d in dated[0].dates] == ["-1500", "-1300"]


def test_values_in_a_dash_aside_are_claims_of_the_noun_before_it() -> None:
    claims = _claims(
        "The campus of Kell is 3 rows of brick halls - 12 halls for 900 students - built by the "
        "Kell Trust in the old park."
    )
    by_text = {c.text: [q.value for q in c.quantities] for c in claims}
    assert by_text["3 rows of brick halls - 12 halls"] == [12]
    assert by_text["12 halls for 900 students"] == [900]
    main = next(t for t in by_text if t.startswith("The campus of Kell"))
    assert by_text[main] == [3]


def test_it_never_names_a_person_and_adverbs_end_no_subject() -> None:
    claims = _claims(
        "Ann Lee was a chemist. Ann Lee and Tom Berg, who built the kiln, agreed to fire it in "
        "1961. It was one of the first kilns in Leeds. Ann Lee also strongly opposed the tax. "
        "Its repeal came in 1964."
    )
    texts = [c.text for c in claims]
    assert not [t for t in texts if "Berg was one of" in t or "strongly’s" in t]
    assert not [t for t in texts if t.startswith("Ann Lee also strongly’s")]


def test_no_relation_from_a_capability_an_opinion_passive_or_a_subordinate_clause() -> None:
    claims = _claims(
        "The share of Kell ore can affect prices in Leeds. "
        "Peat is considered to be cheap compared to the coal of Kell. "
        "As the barge approached the Kell docks, its crew hit a buoy near Leeds. "
        "As a parish, Marden is incorporated within Kell Rural District."
    )
    texts = [c.text for c in claims]
    assert not [t for t in texts if "can affect" in t or "considered" in t or "barge" in t]
    assert any("Marden is incorporated within Kell Rural District" in t for t in texts)


def test_a_quoted_list_after_a_reporting_verb_keeps_who_says_it() -> None:
    claims = _claims(
        "In 2015, the club's website states, \"The roll of 4,210 members includes 1,020 women; "
        "310 juniors; and 88 veterans."
    )
    assert [c.text.split(":")[0] for c in claims[1:]] == ["The club's website"] * 2


def test_a_subject_cut_by_an_open_bracket_is_the_words_before_it() -> None:
    claims = _claims(
        'The "safe" band (as judged to have a better than 90% chance of holding, based on the '
        "panel's view) is a projected rise in sea level over the century of between 0.3 and 0.9 m."
    )
    assert any(c.text.startswith('The "safe" band: ') for c in claims)


def test_among_a_set_are_its_members_is_a_claim() -> None:
    claims = _claims(
        "Ann Lee was a chemist. Among her inventions are a salt lamp, known as the Lee lamp; "
        "the Kell burner; and the wet ash kiln."
    )
    texts = [c.text for c in claims]
    assert any(t.startswith("Ann Lee’s inventions include a salt lamp") for t in texts)


def test_the_end_of_a_hyphenated_adjective_is_no_verb() -> None:
    claims = _claims("A navy-led revolt seized the port in 1911 and freed the king in 1912.")
    assert [c.text.rstrip(".") for c in claims] == [
        "A navy-led revolt seized the port in 1911",
        "A navy-led revolt freed the king in 1912",
    ]
    claims = _claims("Ann Lee co-founded the Kell Trust in 1990 and sold it in 1999.")
    assert [c.text.rstrip(".") for c in claims][1] == "Ann Lee sold it in 1999"


def test_a_block_quotation_after_its_verb_is_no_claim() -> None:
    claims = _claims(
        "Ann Lee was a chemist. On the nature of salts, she wrote\n"
        "The work was plainly beyond the kilns of the day, and the question of heat became "
        "the chief concern of every chemist in Leeds.\nShe said: “Salt is the first of all "
        "minerals in Kell.”"
    )
    assert [c.text for c in claims if "wrote" in c.text or "said" in c.text] == []


def test_this_year_without_a_published_date_takes_no_year_from_the_text() -> None:
    claims = _claims(
        "The Kell Show first aired in 1987. It became a hit in 1991. "
        "This year the show reached its 40th season."
    )
    texts = [c.text for c in claims]
    assert not any("1991" in t and "40th" in t for t in texts), texts
    dated = _claims("This year the show reached its 40th season.", published=dt.date(2026, 5, 1))
    assert any("2026" in c.text for c in dated)


def test_a_decision_announced_with_will_is_a_claim_a_forecast_is_not() -> None:
    claims = _claims(
        "Kell Lions > News > Lions Rebrand\n"
        "Kellton, N.C- The Kell Lions have announced that, effective immediately, their name "
        "will change to the Kell Rangers.\n"
        "The Kell Lions will play their home games at Lee Arena.\n"
        "The Kell Lions would play at Lee Arena.\n"
        "The Kell Lions hope to play at Lee Arena.\n"
        "The Kell Lions may move to Lee Arena.\n"
        "Prices will rise in the Kell area.",
        published=dt.date(2021, 3, 5),
    )
    texts = [c.text for c in claims]
    assert texts[0].startswith("The Kell Lions have announced that"), texts  # dateline dropped
    assert "The Kell Lions will play their home games at Lee Arena." in texts
    assert not any(w in t for t in texts for w in ("would", "hope", "may", "Prices"))


def test_a_title_with_its_body_before_a_name_is_an_office_claim() -> None:
    texts = [
        c.text
        for c in _claims(
            "The move was welcomed by many, including NHL Commissioner, Gary Bettman. "
            "In May, Army Chief of Staff Gen. Ann Walley said the tanks were ready. "
            "UN Secretary General Tom Berg spoke first. The Academy's Executive Director Ann Lee "
            "spoke next."
        )
    ]
    assert "Gary Bettman is NHL Commissioner" in texts
    assert "Gen. Ann Walley is Army Chief of Staff" in texts
    lower = [c.text for c in _claims("In 1971, Kell Lions defensive end Roy Kell made 4 tackles.")]
    assert "Roy Kell is Kell Lions defensive end" in lower
    assert not any(t.startswith(("General Tom", "Ann Lee is")) for t in texts), texts


def test_ratings_per_demographic_are_one_claim_each() -> None:
    # a rating/share pair "(3.1/9)" is one statement; "adults 18-49" is a label, not a value
    claims = _claims(
        '"Kell Street" won its hour among adults 18-49 (3.1/9), women 25-54 (2.7/8) and '
        "teens (1.9/6)."
    )
    assert [_values(c) for c in claims] == [[3.1, 9.0], [2.7, 8.0], [1.9, 6.0]]
    assert "teens (1.9/6)" in claims[2].text


def test_a_bracket_listing_several_values_states_one_fact_per_value() -> None:
    claims = _claims('Net\'s "Kell Street" (4.21m, 1.3/5 in 18-49) held up well against the news.')
    assert [_values(c) for c in claims] == [[4210000.0], [1.3, 5.0]]
    assert claims[0].text.startswith('Net\'s "Kell Street" (4.21m) held up')
    assert claims[1].text.startswith('Net\'s "Kell Street" (1.3/5 in 18-49) held up')


def test_it_was_announced_that_takes_no_subject_from_the_sentence_before() -> None:
    claims = _claims(
        "In May, Kell Works chief executive Ann Lee told investors the mill had 300 staff. "
        "In June, it was announced that the Kell mill would close in 2025."
    )
    texts = [c.text for c in claims]
    assert not any("Ann Lee was announced" in t or "In June was" in t for t in texts), texts


def test_this_year_without_a_published_date_gives_no_date_value_but_keeps_the_claim() -> None:
    claims = _claims(
        "Nominated for a 2018 award, THE KELL SHOW became a hit in 1991 and has remained popular."
        "\nThe award-winning animated comedy will mark its 40th season this year."
    )
    this_year = [c for c in claims if "this year" in c.text]
    assert len(this_year) == 1
    assert [d.value for d in this_year[0].dates] == []


def test_a_suspended_hyphen_and_an_adjective_participle_stay_in_the_subject() -> None:
    claims = _claims(
        "The Kell Show began in 1987. The Emmy Award-, Annie Award- and Grammy Award-winning "
        "animated sitcom has been named the best show of 1999 by Kell Weekly."
    )
    assert any(
        c.text.startswith(
            "The Emmy Award-, Annie Award- and Grammy Award-winning animated sitcom has been named"
        )
        for c in claims
    ), [c.text for c in claims]


def test_roles_convictions_and_occupations_without_values_are_claims() -> None:
    texts = [
        c.text
        for c in _claims(
            "Ann Lee and Tom Berg are executive producers. Jo Kell also serves as the series' "
            "showrunner. Berg was convicted of murder for his part in the killing of Sam Hale. "
            'Catherine "Kitty" Lee was an accomplished violinist. The five spokes stand for '
            "Actors, Writers and Producers."
        )
    ]
    assert texts[:4] == [
        "Ann Lee and Tom Berg are executive producers.",
        "Jo Kell also serves as the series' showrunner.",
        "Berg was convicted of murder for his part in the killing of Sam Hale.",
        'Catherine "Kitty" Lee was an accomplished violinist.',
    ]
    assert len(texts) == 4


def test_a_chart_place_after_a_count_names_the_kind_counted() -> None:
    claims = _claims("Ann Lee's chart history includes 4 Number 1 singles and 23 Top 10 albums.")
    assert [_values(c) for c in claims] == [[4.0], [23.0]]
    assert claims[1].text.startswith("Ann Lee's chart history includes 23 Top 10 albums")


def test_an_opening_apposition_with_a_value_is_a_claim_of_its_own() -> None:
    claims = _claims("An 11-year NFL veteran, Roy Kell Hill died Sunday at Kell Center Towson.")
    assert [(c.text, _values(c)) for c in claims] == [
        ("Roy Kell Hill was an 11-year NFL veteran", [11.0]),
        ("An 11-year NFL veteran, Roy Kell Hill died Sunday at Kell Center Towson.", []),
    ]


def test_two_passive_predicates_with_their_agents_are_two_claims() -> None:
    claims = _claims(
        "The Kell Series was created by Ann Lee and developed by Tom Berg and Jo Hale."
    )
    assert [c.text.rstrip(".") for c in claims] == [
        "The Kell Series was created by Ann Lee",
        "The Kell Series was developed by Tom Berg and Jo Hale",
    ]


def test_two_predicates_each_with_a_named_place_are_two_claims() -> None:
    claims = _claims(
        "Tom Kell was first sent to Kell State Prison, but was transferred to Vacaville. "
        "Ann Lee was born in Leeds, and died in Paris."
    )
    assert [c.text.rstrip(".") for c in claims] == [
        "Tom Kell was first sent to Kell State Prison",
        "Tom Kell was transferred to Vacaville",
        "Ann Lee was born in Leeds",
        "Ann Lee died in Paris",  # no "was died"
    ]


def test_said_with_a_kinship_of_someone_else_is_no_office_claim() -> None:
    texts = [
        c.text
        for c in _claims(
            '"He held on for a long time," said Ann Kell, his wife of 53 years. '
            '"We are proud," said Jo Berg, director of the Kell Museum.'
        )
    ]
    assert "Jo Berg is director of the Kell Museum" in texts
    assert not any(t.startswith("Ann Kell is his") for t in texts), texts


def test_a_leading_time_phrase_is_no_subject_and_the_pronoun_still_resolves() -> None:
    # issue 12: "Four years later, he became …" took "Four years later" as the subject
    body = (
        "Mary Cole joined the Harbor Tigers in 1990. "
        "Three years later, she became a captain but was traded to the Owls in 1994."
    )
    texts = [c.text for c in _claims(body)]
    assert "Three years later, Mary Cole became a captain" in texts
    assert "Mary Cole was traded to the Owls in 1994." in texts
    assert not any(t.startswith("Three years later was") for t in texts)
    for lead in ("Two days after the storm, ", "Earlier this month, "):
        body = f"Mary Cole joined the Harbor Tigers in 1990. {lead}she signed with the Owls for $2 million."
        texts = [c.text for c in _claims(body)]
        assert f"{lead}Mary Cole signed with the Owls for $2 million." in texts
