"""Patterns that validate what a source sent are full matches over ASCII classes (issue 14).

``re.match(r"^Q[1-9]\\d*$", s)`` accepts ``"Q42\\n"`` (``$`` matches before a final newline) and
``"Q٤٢"`` (``\\d`` is any Unicode digit); such ids went into SPARQL queries and URLs, a language
``"en\\n"`` into a SPARQL string, and a 5,000-digit Wikidata year into ``int()`` (ValueError).
"""

from __future__ import annotations

import pytest

from factcheck.fetchers.wikidata import parse_time, referenced_ids, sparql_labels_query
from factcheck.fetchers.wikipedia import api_url_for


@pytest.mark.parametrize("bad", ["Q42\n", "Q1٤٢", "Q1４２", "P31\n", "Q42 "])
def test_ids_that_only_look_valid_stay_out_of_sparql(bad: str) -> None:
    query = sparql_labels_query(["Q7", bad], ["en"])
    assert "wd:Q7 " in query
    assert bad not in query
    assert referenced_ids({"P31": [{"value": bad}], bad: [{"value": "Q5"}]}) == ["P31"]


def test_languages_with_a_final_newline_stay_out_of_sparql() -> None:
    query = sparql_labels_query(["Q1"], ["en\n", "zh"])
    assert '"zh"' in query
    assert "en\n" not in query


@pytest.mark.parametrize("bad", ["en\n", "zh\n", "ar٣"])
def test_wikipedia_language_must_be_a_full_ascii_code(bad: str) -> None:
    template = "https://{lang}.wikipedia.org/w/api.php"
    assert api_url_for(template, bad) == "https://en.wikipedia.org/w/api.php"
    assert api_url_for(template, "zh") == "https://zh.wikipedia.org/w/api.php"


@pytest.mark.parametrize(
    "time",
    ["+" + "9" * 5000 + "-01-01T00:00:00Z", "+١٩٨٠-01-01T00:00:00Z", "+1980-٠١-01T00:00:00Z"],
    ids=["5000-digit-year", "arabic-indic-year", "arabic-indic-month"],
)
def test_wikidata_times_outside_ascii_or_too_long_are_no_dates(time: str) -> None:
    assert parse_time({"time": time, "precision": 9}) is None
    assert parse_time({"time": "+1980-01-01T00:00:00Z", "precision": 9}) == {
        "value": "1980",
        "precision": "year",
    }
