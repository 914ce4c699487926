"""Every gold file fits its article (anchors found once, fields known, values valid)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from _shared import require_shared
from ruamel.yaml import YAML

from factcheck.extract.gold import GoldError, parse_gold, read_gold_article
from factcheck.models import DateValue, Quantity, Rank

GOLD_DIR = Path(__file__).resolve().parent / "gold" / "articles"
FILES = sorted(GOLD_DIR.glob("*.yaml"))


def _headers() -> list[dict[str, object]]:
    return [YAML(typ="safe").load(p.read_text(encoding="utf-8")) for p in FILES]


def test_files_both_languages_and_heldout_splits() -> None:
    headers = _headers()
    assert len(headers) >= 12
    for lang in ("zh", "en"):
        mine = [h for h in headers if h["language"] == lang]
        assert len(mine) >= 6
        assert sum(h["split"] == "heldout" for h in mine) >= 2
    for path, h in zip(FILES, headers, strict=True):
        article = str(h["article"])
        if article.endswith(".txt"):  # en/07-….txt ↔ en-07-….yaml
            assert path.name.startswith(article[:2] + "-" + article[3:5])
        elif "#" in article:  # a WiCE record, line N of a .jsonl in the shared data
            assert re.fullmatch(r"\.\./stance-extra/wice/(dev|test)\.jsonl#[1-9][0-9]*", article)
            assert path.name.startswith(f"{h['language']}-")
            assert "-wice-" in path.name
        else:  # a MediaWiki API response elsewhere in the shared data, numbered after the articles
            assert article.startswith("../")
            assert article.endswith(".json")
            assert path.name.startswith(f"{h['language']}-")
    numbers = [p.name[:5] for p in FILES]
    assert len(numbers) == len(set(numbers))


def test_third_heldout_set_is_three_english_wikipedia_extracts() -> None:
    third = {p.stem: h for p, h in zip(FILES, _headers(), strict=True) if h["split"] == "heldout3"}
    assert sorted(third) == [
        "en-11-wikipedia-innopolis",
        "en-12-wikipedia-edsger-dijkstra",
        "en-13-wikipedia-sealand-dynasty",
    ]
    assert all(
        h["language"] == "en" and str(h["article"]).endswith(".json") for h in third.values()
    )


def test_fourth_heldout_set_is_english_wice_records() -> None:
    fourth = {p.stem: h for p, h in zip(FILES, _headers(), strict=True) if h["split"] == "heldout4"}
    assert 8 <= len(fourth) <= 12
    assert all(name.startswith("en-") and "-wice-" in name for name in fourth)
    articles = [str(h["article"]) for h in fourth.values()]
    assert all(a.startswith("../stance-extra/wice/test.jsonl#") for a in articles)
    assert len(set(articles)) == len(articles)
    assert all(h["language"] == "en" for h in fourth.values())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_gold_file_fits_its_article(path: Path) -> None:
    header = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    # skip (or fail in CI) without the shared data; a WiCE record names its file before the '#'
    require_shared("articles", str(header["article"]).partition("#")[0])
    text = read_gold_article(require_shared("articles"), header["article"])
    gold = parse_gold(path.read_text(encoding="utf-8"), text)
    # a WiCE record is a few chunks of a web page, shorter than an article
    assert len(gold.required) >= (5 if header["split"] == "heldout4" else 7)
    for fact in gold.facts:
        # the normalized values are valid claim values (the scorer compares them with Claim fields)
        for q in fact.quantities:
            Quantity.model_validate(dict(q))
        for d in fact.dates:
            DateValue.model_validate(dict(d))
        if fact.rank is not None:
            Rank.model_validate(dict(fact.rank))


def _response(pages: object) -> str:
    return json.dumps({"batchcomplete": "", "query": {"pages": pages}})


def test_read_gold_article_reads_text_files_and_mediawiki_extracts(tmp_path: Path) -> None:
    (tmp_path / "articles" / "en").mkdir(parents=True)
    (tmp_path / "articles" / "en" / "01-town.txt").write_text("Plainville has 12 houses.\n")
    (tmp_path / "fixtures").mkdir()
    page = {"pageid": 7, "title": "Plainville", "extract": "Plainville was founded in 1901."}
    (tmp_path / "fixtures" / "Plainville.json").write_text(_response({"7": page}))
    (tmp_path / "fixtures" / "v2.json").write_text(_response([page]))  # formatversion=2: a list
    root = tmp_path / "articles"
    assert read_gold_article(root, "en/01-town.txt") == "Plainville has 12 houses.\n"
    assert read_gold_article(root, "../fixtures/Plainville.json") == page["extract"]
    assert read_gold_article(root, "../fixtures/v2.json") == page["extract"]


@pytest.mark.parametrize(
    "pages",
    [
        {},
        {"7": {"pageid": 7, "title": "No extract"}},
        {"1": {"extract": "a"}, "2": {"extract": "b"}},
    ],
)
def test_read_gold_article_wants_exactly_one_page_extract(tmp_path: Path, pages: object) -> None:
    (tmp_path / "r.json").write_text(_response(pages))
    with pytest.raises(GoldError, match="one page extract"):
        read_gold_article(tmp_path, "r.json")


def _wice(evidence: object, label: str = "supported") -> str:
    return json.dumps({"label": label, "claim": "c", "evidence": evidence, "meta": {"id": "t1"}})


def test_read_gold_article_reads_a_wice_record_one_sentence_per_line(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "wice").mkdir()
    lines = [
        _wice(["Plainville has 12 houses.", "It was founded in 1901."]),
        _wice(["# Heading", "The mill closed in 1950.", "Its owner was Ann Lee."]),
    ]
    (tmp_path / "wice" / "test.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    root = tmp_path / "articles"
    assert read_gold_article(root, "../wice/test.jsonl#1") == (
        "Plainville has 12 houses.\nIt was founded in 1901."
    )
    assert read_gold_article(root, "../wice/test.jsonl#2") == (
        "# Heading\nThe mill closed in 1950.\nIts owner was Ann Lee."
    )


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("test.jsonl#3", "no line 3"),  # past the end
        ("test.jsonl#0", "line number from 1"),
        ("test.jsonl#t1", "line number from 1"),  # an id is no line number (ids repeat in WiCE)
        ("test.jsonl", "line number from 1"),  # no record named
        ("test.jsonl#", "line number from 1"),
        ("other.json#1", "line number from 1"),  # a '#' only after a .jsonl
        ("test.jsonl#2", "evidence"),  # a record without an evidence list
    ],
)
def test_read_gold_article_wants_an_existing_wice_record(
    tmp_path: Path, name: str, match: str
) -> None:
    lines = [_wice(["One sentence."]), json.dumps({"claim": "c", "evidence": "not a list"})]
    (tmp_path / "test.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "other.json").write_text(_response({}), encoding="utf-8")
    with pytest.raises(GoldError, match=match):
        read_gold_article(tmp_path, name)
