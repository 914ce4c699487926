"""The end-to-end world: its made-up documents, the loopback server's shapes, and (slow) the whole run.

The server (``tests/_world_server.py``) must answer with the shapes of the real services: its answers
are compared key by key with the REAL recorded responses in ``../shared/data/api-fixtures`` and read
by the project's own parsers. The slow test runs the zh world through ``bench/e2e.py`` and checks only
the mechanics (every fact gets a verdict or is reported not extracted; the server saw searches); the
quality numbers are the bench's job.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from _world_server import MADE_UP_MARK, WorldServer, iter_documents, load_world, search_terms

from factcheck.fetchers import searxng, wikidata, wikipedia

REPO = Path(__file__).resolve().parents[2]
WORLDS = REPO / "bench" / "e2e_world"
_SPEC = importlib.util.spec_from_file_location("bench_e2e", REPO / "bench" / "e2e.py")
assert _SPEC is not None
assert _SPEC.loader is not None
e2e = importlib.util.module_from_spec(_SPEC)
sys.modules["bench_e2e"] = e2e  # dataclasses look their module up there
_SPEC.loader.exec_module(e2e)


@pytest.fixture(scope="module")
def server() -> Iterator[WorldServer]:
    with WorldServer(load_world(WORLDS / "zh-bozhou"), load_world(WORLDS / "en-einstein")) as s:
        yield s


def _get(server: WorldServer, path: str, **params: Any) -> Any:
    resp = httpx.get(server.base + path, params=params, timeout=10)
    resp.raise_for_status()
    return resp.json() if "json" in resp.headers["content-type"] else resp.text


def _real(shared: Path, name: str) -> Any:
    data = json.loads((shared / "api-fixtures" / name).read_text(encoding="utf-8"))
    return data["body"] if isinstance(data, dict) and "body" in data else data


# ---- the world files -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["zh-bozhou", "en-einstein"])
def test_every_world_file_says_made_up_in_its_header_only(name: str) -> None:
    root = WORLDS / name
    files = [p for p in root.rglob("*") if p.is_file()]
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert MADE_UP_MARK in first, path
    for page in iter_documents(load_world(root)):
        assert MADE_UP_MARK not in page.body, page.source
        assert "made up" not in page.body.lower(), page.source


@pytest.mark.parametrize(
    ("name", "minimum"),
    [
        ("zh-bozhou", {"supported": 20, "refuted": 6, "conflicting": 6, "neutral": 6}),
        ("en-einstein", {"supported": 1, "refuted": 1, "conflicting": 1, "neutral": 1}),
    ],
)
def test_world_facts_are_anchored_in_the_article(
    name: str, minimum: dict[str, int], shared_data: Path
) -> None:
    world = load_world(WORLDS / name)
    article = (shared_data / world.spec["article"]).read_text(encoding="utf-8")
    facts = e2e.load_facts(world.spec, article)  # raises unless each anchor occurs exactly once
    assert len({f.id for f in facts}) == len(facts)
    for category, least in minimum.items():
        assert sum(f.category == category for f in facts) >= least, category
    for fact in facts:
        assert all(k in fact.anchor for k in fact.key), fact.id


def test_matching_rule_needs_overlap_and_key() -> None:
    fact = e2e.Fact("f", "supported", "人口为100人", ["100"], 10, 17)
    claims = [
        {"id": "a", "span": [0, 30], "text": "全市人口为100人，占一半"},
        {"id": "b", "span": [0, 30], "text": "人口为100人"},
        {"id": "c", "span": [0, 30], "text": "男性占一半"},  # no key
        {"id": "d", "span": [17, 40], "text": "人口为100人"},  # no overlap
    ]
    assert [c["id"] for c in e2e.match_claims(fact, claims)] == ["b", "a"]


def test_score_counts_categories_and_confident_mistakes() -> None:
    rows = [
        {"fact": "a", "category": "supported", "expected": "supported", "status": "checked",
         "label": "supported", "confidence": 0.95, "correct": True},
        {"fact": "b", "category": "refuted", "expected": "refuted", "status": "checked",
         "label": "supported", "confidence": 0.91, "correct": False},
        {"fact": "c", "category": "conflicting", "expected": "mixed", "status": "not_extracted"},
    ]  # fmt: skip
    m = e2e.score(rows)
    assert m["supported_accuracy"] == 1.0
    assert m["refuted_accuracy"] == 0.0
    assert m["mixed_recall"] is None
    assert m["not_extracted"] == ["c"]
    assert m["wrong_at_conf_0.9"] == 1


# ---- the server: real shapes, read by our parsers ------------------------------------------------


def test_search_terms_cut_chinese_and_stem_english() -> None:
    terms = search_terms("亳州市常住人口")
    assert len(terms) > 1
    assert any("人口" in t for t in terms)
    assert search_terms("the papers of Einstein") == ["paper", "einstein"]


def test_mediawiki_search_requires_every_term(server: WorldServer) -> None:
    api = "/zh/w/api.php"
    found = _get(server, api, **wikipedia.search_params("亳州 气温", 5, "zh-cn"))
    hits = wikipedia.parse_search(found, server.base + api)
    assert hits
    assert hits[0].title == "亳州市"
    assert 'class="searchmatch"' in (found["query"]["search"][0]["snippet"])
    clause = "亳州已有3700年的历史，据有文字记载"
    none = _get(server, api, **wikipedia.search_params(clause, 5, "zh-cn"))
    assert none["query"]["searchinfo"]["totalhits"] == 0
    assert none["query"]["search"] == []
    assert server.zero_hit_rates()["wikipedia"]["zero_hit"] >= 1


def test_mediawiki_extract_has_real_page_keys(server: WorldServer, shared_data: Path) -> None:
    api = "/zh/w/api.php"
    body = _get(server, api, **wikipedia.extract_params("亳州", "zh-cn"))  # a redirect
    assert body["query"]["redirects"] == [{"from": "亳州", "to": "亳州市"}]
    page = body["query"]["pages"][0]
    real = _real(shared_data, "mediawiki/wptools/query.json")["query"]["pages"][0]
    expected = {k for k in real if k not in ("watchers", "links", "thumbnail", "pageimage",
                                             "pageprops", "terms", "redirects", "pageassessments")}  # fmt: skip
    assert set(page) == expected
    docs = wikipedia.parse_pages(body, server.base + api, language="zh")
    assert len(docs) == 1
    assert "4850657" in docs[0].text
    assert "== " not in docs[0].text
    two = _get(server, api, **{**wikipedia.extract_params("亳州市", None), "titles": "亳州市|谯郡"})
    assert "warnings" in two  # whole-article extracts: one page per request, as TextExtracts
    assert sum("extract" in p for p in two["query"]["pages"]) == 1


def test_wbsearchentities_matches_label_prefixes_not_clauses(
    server: WorldServer, shared_data: Path
) -> None:
    found = _get(server, "/w/api.php", **wikidata.search_params("亳州", "zh", 3))
    real_row = _real(shared_data, "wikidata/wdtk/wbsearchentities-abc.json")["search"][0]
    assert set(real_row) <= set(found["search"][0])
    assert [h.id for h in wikidata.parse_search(found, server.base)] == ["Q91010001"]
    none = _get(
        server, "/w/api.php", **wikidata.search_params("亳州市常住人口为4850657人", "zh", 3)
    )
    real_empty = _real(shared_data, "wikidata/wdtk/wbsearchentities-empty.json")
    assert none["search"] == []
    assert set(none) == set(real_empty)
    en = _get(server, "/w/api.php", **wikidata.search_params("albert ein", "en", 3))
    assert en["search"][0]["id"] == "Q91020001"


def test_wbgetentities_has_real_statement_shapes(server: WorldServer, shared_data: Path) -> None:
    params = wikidata.entities_params(["Q91010001", "Q91020001", "Q404"], ["zh", "en"])
    body = _get(server, "/w/api.php", **{**params, "props": "info|" + params["props"]})
    real = next(iter(_real(shared_data, "wikidata/wptools/wikidata.json")["entities"].values()))
    entity = body["entities"]["Q91010001"]
    assert set(entity) == set(real) - {"sitelinks"}
    assert body["entities"]["Q404"] == {"id": "Q404", "missing": ""}

    def same_shape(ours: Any, theirs: Any) -> None:
        assert set(ours) - {"qualifiers", "qualifiers-order", "references"} <= set(theirs)
        assert set(ours["mainsnak"]) == set(theirs["mainsnak"])
        assert set(ours["mainsnak"]["datavalue"]["value"]) <= set(
            theirs["mainsnak"]["datavalue"]["value"]
        ) | {"upperBound", "lowerBound"}

    same_shape(entity["claims"]["P571"][0], real["claims"]["P569"][0])  # time
    same_shape(entity["claims"]["P1082"][0], real["claims"]["P2048"][0])  # quantity
    same_shape(entity["claims"]["P17"][0], real["claims"]["P27"][0])  # wikibase-entityid
    assert entity["claims"]["P571"][0]["mainsnak"]["datavalue"]["value"]["precision"] == 10
    docs = wikidata.parse_entities(body, server.base + "/w/api.php", language="zh")
    by_id = {d.structured["wikidata_id"]: d for d in docs}
    assert by_id["Q91010001"].structured["P571"][0] == {
        "value": "2000-05",
        "precision": "month",
    }
    population = by_id["Q91010001"].structured["P1082"]
    assert population[0]["rank"] == "preferred"
    assert population[1]["value"] == 4850657
    assert population[1]["point_in_time"] == "2010-11-01"


def test_sparql_labels(server: WorldServer, shared_data: Path) -> None:
    query = wikidata.sparql_labels_query(["Q148", "P1082", "Q712226"], ["zh", "en"])
    body = _get(server, "/sparql", query=query, format="json")
    real = _real(shared_data, "sparql/glitter/labels.json")
    assert set(body) == set(real)
    assert set(body["results"]) == set(real["results"])
    labels = wikidata.parse_sparql_labels(body, server.base)
    assert labels["P1082"] == {"zh": "人口", "en": "population"}


def test_searxng_results_point_back_at_the_world(server: WorldServer) -> None:
    body = _get(server, "/searx/search", **searxng.search_params("亳州 极端最低气温", "zh"))
    results = searxng.parse_results(body, server.base)
    assert results
    assert all(r.url.startswith(server.base) for r in results)
    html = httpx.get(results[0].url, timeout=10).text
    assert "<html" in html
    undated = _get(server, "/searx/search", q="中华药都 集散地", format="json")
    row = next(r for r in undated["results"] if "yaodu" in r["url"])
    assert row["publishedDate"] is None
    assert httpx.get(server.base + "/searx/search", params={"q": "x"}).status_code == 403


# ---- the whole run (mechanics only; quality is bench/e2e.py's job) -------------------------------


@pytest.mark.slow
def test_zh_world_end_to_end(tmp_path: Path, shared_data: Path) -> None:
    result = e2e.run_world("zh-bozhou", tmp_path / "zh")
    assert result.run_exit in (0, 1, 4)
    statuses = {r["fact"]: r["status"] for r in result.rows}
    assert set(statuses.values()) <= {"checked", "not_extracted"}, statuses
    assert sum(s == "checked" for s in statuses.values()) >= len(statuses) // 2
    for row in result.rows:
        if row["status"] == "checked":
            assert row["label"] in ("supported", "refuted", "mixed", "not_enough_evidence")
            assert 0.0 <= row["confidence"] <= 1.0
    for service in ("wikipedia", "wikidata", "searxng"):
        assert result.zero_hit[service]["searches"] > 0, service
