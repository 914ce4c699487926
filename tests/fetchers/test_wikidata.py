"""Wikidata fetcher: real recorded wbgetentities/wbsearchentities/SPARQL answers, made-up ones, loopback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _fakeapi import FakeApi, fixture_json
from _loopback import run

from factcheck.errors import ContentError
from factcheck.fetchers.planner import plan_queries
from factcheck.fetchers.wikidata import (
    WikidataFetcher,
    entity_structured,
    parse_entities,
    parse_entity_labels,
    parse_search,
    parse_sparql,
    parse_sparql_labels,
    parse_time,
    referenced_ids,
    sparql_labels_query,
)
from factcheck.http import HttpClient
from factcheck.models import Claim

Recorded = Callable[[Path, str], tuple[bytes, str, int]]
API = "https://www.wikidata.org/w/api.php"

# wbgetentities files -> ids of the item documents (missing entities and properties give none)
ENTITY_FILES = {
    "wdtk/wbgetentites-Oliver-Kahn.json": ["Q131261"],
    "wdtk/wbgetentities-1234567890-missing.json": [],
    "wdtk/wbgetentities-Douglas-Adams.json": ["Q42"],
    "wdtk/wbgetentities-Q1.json": ["Q1"],
    "wdtk/wbgetentities-Q6-Q42-P31.json": ["Q42"],
    "wptools/labels_1.json": None,  # checked by the labels test
    "wptools/wikidata.json": ["Q42"],
    "wptools/wikidata_deleted.json": [],
    "wdtk/wbgetentities-bogus.json": "error",
}
SEARCH_FILES = {
    "wdtk/wbsearchentities-abc.json": [
        "Q169889",
        "Q286874",
        "Q781365",
        "Q287076",
        "Q304330",
        "Q1057802",
        "Q26298",
    ],
    "wdtk/wbsearchentities-empty.json": [],
}
SPARQL_FILES = {"coords.json": (2, 2), "labels.json": (3, 4), "wikidata_prefixes.json": (10, 10)}


def test_every_recorded_wikidata_file_is_covered(api_fixtures: Path) -> None:
    folder = api_fixtures / "wikidata"
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*.json")}
    assert files == set(ENTITY_FILES) | set(SEARCH_FILES)
    sparql = {p.name for p in (api_fixtures / "sparql").rglob("*.json")}
    assert sparql == set(SPARQL_FILES)


def test_recorded_entities_parse(api_fixtures: Path, recorded: Recorded) -> None:
    for rel, expected in ENTITY_FILES.items():
        body, url, _ = recorded(api_fixtures / "wikidata" / rel, API)
        if expected == "error":
            with pytest.raises(ContentError, match="no-such-entity"):
                parse_entities(body, url)
            continue
        docs = parse_entities(body, url, properties=None)
        if expected is not None:
            assert [d.structured["wikidata_id"] for d in docs] == expected, rel
        for doc in docs:
            assert doc.fetcher == "wikidata"
            assert doc.url == f"https://www.wikidata.org/wiki/{doc.structured['wikidata_id']}"
            assert doc.text.startswith(str(doc.title))


def test_recorded_douglas_adams_structured_values(api_fixtures: Path, recorded: Recorded) -> None:
    body, url, _ = recorded(api_fixtures / "wikidata/wptools/wikidata.json", API)
    (doc,) = parse_entities(body, url, properties=["P569", "P570", "P69", "P2048", "P31"])
    s = doc.structured
    assert doc.title == "Douglas Adams"
    assert s["P569"] == [{"value": "1952-03-11", "precision": "day"}]
    assert s["P570"] == [{"value": "2001-05-11", "precision": "day"}]
    assert s["P2048"] == [{"value": 1.96, "unit": "m", "unit_id": "Q11573"}]
    assert s["P69"][0] == {"value": "Q691283", "start": "1971", "end": "1974"}
    assert set(s) == {
        "P569",
        "P570",
        "P69",
        "P2048",
        "P31",
        "wikidata_id",
        "labels",
        "descriptions",
        "aliases",
    }
    assert "date of birth: 1952-03-11" in doc.text


def test_recorded_old_format_numeric_ids(api_fixtures: Path, recorded: Recorded) -> None:
    # the 2015 dump gives only numeric-id for item values and 11-digit years
    body, url, _ = recorded(api_fixtures / "wikidata/wdtk/wbgetentities-Q6-Q42-P31.json", API)
    (doc,) = parse_entities(body, url, properties=["P69", "P569"])
    assert doc.structured["P569"] == [{"value": "1952-03-11", "precision": "day"}]
    assert doc.structured["P69"][0] == {"value": "Q35794", "end": "1974"}


def test_recorded_labels_batch(api_fixtures: Path, recorded: Recorded) -> None:
    body, url, _ = recorded(api_fixtures / "wikidata/wptools/labels_1.json", API)
    labels = parse_entity_labels(body, url)
    assert len(labels) == 50
    assert labels["Q24925"] == {"en": "science fiction"}
    assert labels["P535"] == {"en": "Find a Grave grave ID"}


def test_recorded_search(api_fixtures: Path, recorded: Recorded) -> None:
    for rel, ids in SEARCH_FILES.items():
        body, url, _ = recorded(api_fixtures / "wikidata" / rel, API)
        assert [h.id for h in parse_search(body, url)] == ids
    body, url, _ = recorded(api_fixtures / "wikidata/wdtk/wbsearchentities-abc.json", API)
    assert parse_search(body, url)[0].label == "American Broadcasting Company"


def test_recorded_sparql_results(api_fixtures: Path, recorded: Recorded) -> None:
    for name, (n_rows, n_labelled) in SPARQL_FILES.items():
        body, url, _ = recorded(
            api_fixtures / "sparql/glitter" / name, "https://query.wikidata.org/sparql"
        )
        rows = parse_sparql(body, url)
        labels = parse_sparql_labels(body, url)
        assert len(rows) == n_rows, name
        assert len(labels) == n_labelled, name
    body, url, _ = recorded(api_fixtures / "sparql/glitter/coords.json", "")
    assert parse_sparql(body, url)[0] == {
        "city": "Q387460",
        "coords": "Point(4.8025 45.733611111)",
        "city_label": "Sainte-Foy-lès-Lyon",
    }
    assert parse_sparql_labels(body, url)["Q728123"] == {"en": "La Part-Dieu"}
    body, url, _ = recorded(api_fixtures / "sparql/glitter/wikidata_prefixes.json", "")
    assert parse_sparql(body, url)[0]["p"] == "P974"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {"time": "+1980-10-23T00:00:00Z", "precision": 11},
            {"value": "1980-10-23", "precision": "day"},
        ),
        (
            {"time": "+1980-10-00T00:00:00Z", "precision": 10},
            {"value": "1980-10", "precision": "month"},
        ),
        (
            {"time": "+1980-00-00T00:00:00Z", "precision": 11},
            {"value": "1980", "precision": "year"},
        ),
        (
            {"time": "+00000001952-03-11T00:00:00Z", "precision": 11},
            {"value": "1952-03-11", "precision": "day"},
        ),
        ({"time": "-0500-00-00T00:00:00Z", "precision": 9}, {"value": "-500", "precision": "year"}),
        (
            {"time": "+1950-00-00T00:00:00Z", "precision": 8},
            {"value": "1950", "precision": "decade"},
        ),
        (
            {
                "time": "+1500-03-01T00:00:00Z",
                "precision": 11,
                "calendarmodel": "http://www.wikidata.org/entity/Q1985786",
            },
            {"value": "1500-03-01", "precision": "day", "calendar": "julian"},
        ),
        ({"time": "+13798000000-00-00T00:00:00Z", "precision": 3}, None),
        ({"time": "garbage"}, None),
    ],
)
def test_parse_time(raw: dict[str, Any], expected: dict[str, Any] | None) -> None:
    assert parse_time(raw) == expected


def test_made_up_entities_ranks_qualifiers_units_and_labels() -> None:
    entities = fixture_json("wikidata_entities.json")
    labels = parse_sparql_labels(json.dumps(fixture_json("sparql_labels.json")), "http://x/sparql")
    docs = parse_entities(
        json.dumps(entities),
        "http://x/w/api.php",
        language="zh",
        labels=labels,
        properties=["P571", "P159", "P1128", "P2046", "P112"],
    )
    inst = next(d for d in docs if d.structured["wikidata_id"] == "Q90000002")
    s = inst.structured
    assert s["P571"] == [{"value": "1928", "precision": "year"}]
    assert s["P159"] == [{"value": "Q956", "label": "北京市"}]
    # preferred first, deprecated dropped, point in time kept
    assert s["P1128"] == [
        {"value": 1500, "unit": None, "rank": "preferred", "point_in_time": "2020"},
        {"value": 1200, "unit": None, "point_in_time": "2015"},
    ]
    assert s["P2046"] == [
        {"value": 0.25, "unit": "km2", "unit_id": "Q712226", "unit_label": "平方千米"}
    ]
    assert "P112" not in s  # "somevalue" snaks carry no value
    assert inst.title == "中国科学院物理研究所"
    assert "总部位置: 北京市" in inst.text
    assert "别名: 物理所" in inst.text


def test_referenced_ids_and_sparql_query() -> None:
    entity = fixture_json("wikidata_entities.json")["entities"]["Q90000002"]
    ids = referenced_ids(entity_structured(entity, ["P159", "P2046", "P571"]))
    assert ids == ["P571", "P159", "Q956", "P2046", "Q712226"]
    query = sparql_labels_query([*ids, "bad id"], ["zh", "en", "zh"])
    assert "VALUES ?item { wd:P571 wd:P159 wd:Q956 wd:P2046 wd:Q712226 }" in query
    assert 'FILTER(LANG(?itemLabel) IN ("zh", "en"))' in query


def test_sparql_failure_is_recorded_and_documents_stay(
    fake_api: FakeApi, tmp_path: Path, zh_claim: Claim
) -> None:
    fake_api.server.expect_request("/sparql-down").respond_with_data("busy", status=503)
    settings = fake_api.settings(tmp_path)
    settings.fetchers.wikidata.sparql_url = fake_api.server.url_for("/sparql-down")

    async def go() -> Any:
        async with HttpClient(settings) as client:
            fetcher = WikidataFetcher.from_settings(settings, client)
            return await fetcher.fetch_result(zh_claim, plan_queries(zh_claim))

    result = run(go())
    assert [(type(e).__name__, e.fetcher) for e in result.errors] == [
        ("HTTPStatusError", "wikidata")
    ]
    by_id = {d.structured["wikidata_id"]: d for d in result.documents}
    assert sorted(by_id) == ["Q90000001", "Q90000002"]
    # without labels, built-in property names still make the text readable; values stay ids
    inst = by_id["Q90000002"]
    assert inst.structured["P159"] == [{"value": "Q956"}]
    assert "总部位置: Q956" in inst.text
