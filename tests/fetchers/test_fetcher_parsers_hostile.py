"""Every JSON parser of every fetcher, fed arbitrary JSON: documents or ContentError, never a crash."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.errors import ContentError
from factcheck.fetchers import claimreview, openalex, searxng, wikidata, wikipedia

KEYS = st.sampled_from(
    [
        "query",
        "pages",
        "search",
        "extract",
        "title",
        "revisions",
        "*",
        "missing",
        "entities",
        "claims",
        "mainsnak",
        "datavalue",
        "value",
        "type",
        "time",
        "precision",
        "amount",
        "unit",
        "id",
        "labels",
        "aliases",
        "results",
        "bindings",
        "head",
        "display_name",
        "authorships",
        "author",
        "abstract_inverted_index",
        "url",
        "claimReview",
        "publisher",
        "error",
        "geo",
        "qualifiers",
        "P585",
        "snaktype",
        "rank",
        "fullurl",
        "pagelanguage",
        "language",
        "x",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(
        [
            "value",
            "time",
            "quantity",
            "wikibase-entityid",
            "uri",
            "+1980-01-01T00:00:00Z",
            "Q5",
            "http://www.wikidata.org/entity/Q5",
            "item",
            "preferred",
        ]
    ),
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=30,
)

PARSERS: dict[str, Callable[[bytes, str], Any]] = {
    "wikipedia.parse_pages": wikipedia.parse_pages,
    "wikipedia.parse_search": wikipedia.parse_search,
    "wikipedia.parse_rest_summary": wikipedia.parse_rest_summary,
    "wikidata.parse_entities": lambda b, u: wikidata.parse_entities(b, u, properties=None),
    "wikidata.parse_search": wikidata.parse_search,
    "wikidata.parse_sparql": wikidata.parse_sparql,
    "wikidata.parse_sparql_labels": wikidata.parse_sparql_labels,
    "openalex.parse_works": openalex.parse_works,
    "openalex.parse_authors": openalex.parse_authors,
    "openalex.parse_institutions": openalex.parse_institutions,
    "searxng.parse_results": searxng.parse_results,
    "claimreview.parse_claims": claimreview.parse_claims,
}


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=60, deadline=None)
@given(data=JSON)
def test_arbitrary_json_gives_documents_or_content_error(name: str, data: Any) -> None:
    body = json.dumps(data).encode()
    try:
        out = PARSERS[name](body, "http://x/api")
    except ContentError:
        return
    assert isinstance(out, list | dict)


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_non_json_is_a_content_error(name: str) -> None:
    with pytest.raises(ContentError):
        PARSERS[name](b"\xff\xfe<html>", "http://x/api")


ATOM_BITS = st.sampled_from(
    [
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "</feed>",
        "<entry>",
        "</entry>",
        "<id>",
        "</id>",
        "<title>",
        "</title>",
        "<summary>x</summary>",
        "<published>2020-13-45</published>",
        '<link rel="alternate"/>',
        "http://arxiv.org/abs/1",
        "/api/errors",
        "&amp;",
        "&bogus;",
        "<",
    ]
)


@settings(max_examples=80, deadline=None)
@given(parts=st.lists(ATOM_BITS, max_size=12))
def test_arbitrary_atom_gives_documents_or_content_error(parts: list[str]) -> None:
    from factcheck.fetchers.arxiv import parse_feed

    try:
        out = parse_feed("".join(parts).encode(), "http://x/api/query")
    except ContentError:
        return
    assert isinstance(out, list)


@settings(max_examples=40, deadline=None)
@given(html=st.text(max_size=300))
def test_arbitrary_html_gives_documents(html: str) -> None:
    from factcheck.fetchers.web import parse_page

    try:
        out = parse_page(
            html.encode("utf-8", "surrogatepass"), "http://x/p", content_type="text/html"
        )
    except ContentError:  # control bytes: a binary body is refused, not read
        return
    assert len(out) <= 1
