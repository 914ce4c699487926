"""A loopback imitation of the APIs our fetchers call, serving the MADE-UP fixtures of
``tests/fetchers/fixtures/`` (see the README there) from a pytest-httpserver.

Routes (by path, then by query parameters, as the real services do):

* ``/robots.txt`` — allow everything;
* ``/zh/w/api.php``, ``/en/w/api.php`` — MediaWiki: ``list=search`` and ``prop=extracts``;
* ``/w/api.php`` — Wikibase: ``wbsearchentities`` and ``wbgetentities``;
* ``/sparql`` — SPARQL JSON labels;
* ``/arxiv/api/query`` — arXiv Atom;
* ``/openalex/works|authors|institutions`` — OpenAlex lists;
* ``/searx/search`` — SearXNG JSON (result URLs point back at this server);
* ``/factcheck/claims:search`` — Fact Check Tools (needs header ``X-Goog-Api-Key: test-key``);
* ``/news/1.html`` — a GBK-encoded news page; ``/news/2.html`` — an English one.

Import as ``from _fakeapi import FakeApi`` (``tests/`` is on ``sys.path``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from _loopback import api_urls
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from factcheck.config import Settings

__all__ = ["FIXTURES", "FakeApi", "fixture_bytes", "fixture_json"]

FIXTURES = Path(__file__).resolve().parent / "fetchers" / "fixtures"


def fixture_bytes(name: str) -> bytes:
    """Raw bytes of a made-up fixture file."""
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> Any:
    """A made-up JSON fixture, decoded."""
    return json.loads(fixture_bytes(name))


def _toml_tables(fetchers: dict[str, dict[str, str]]) -> str:
    return "\n".join(
        f"[fetchers.{name}]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in values.items())
        for name, values in fetchers.items()
    )


def _json(data: Any, status: int = 200) -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False), status=status, content_type="application/json"
    )


class FakeApi:
    """Installs the routes on ``server`` and counts the requests each path received."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.hits: dict[str, int] = {}
        # loopback origins named in a replayed cassette (the port of the recording session)
        self.recorded_origins: list[str] = []
        self._search = fixture_json("mediawiki_search.json")["by_term"]
        self._pages = fixture_json("mediawiki_pages.json")["by_title"]
        self._wd_search = fixture_json("wikidata_search.json")["by_search"]
        self._entities = fixture_json("wikidata_entities.json")["entities"]
        server.expect_request("/robots.txt").respond_with_data(
            "User-agent: *\nAllow: /\n", content_type="text/plain"
        )
        for path in ("/zh/w/api.php", "/en/w/api.php"):
            server.expect_request(path).respond_with_handler(self._count(self._mediawiki))
        server.expect_request("/w/api.php").respond_with_handler(self._count(self._wikibase))
        server.expect_request("/sparql").respond_with_handler(
            self._count(lambda r: _json(fixture_json("sparql_labels.json")))
        )
        server.expect_request("/arxiv/api/query").respond_with_handler(
            self._count(
                lambda r: Response(
                    fixture_bytes("arxiv_feed.xml"), content_type="application/atom+xml"
                )
            )
        )
        for kind in ("works", "authors", "institutions"):
            server.expect_request(f"/openalex/{kind}").respond_with_handler(
                self._count(lambda r, k=kind: _json(fixture_json(f"openalex_{k}.json")))
            )
        server.expect_request("/searx/search").respond_with_handler(self._count(self._searx))
        server.expect_request("/factcheck/claims:search").respond_with_handler(
            self._count(self._claimreview)
        )
        server.expect_request("/news/2.html").respond_with_handler(
            self._count(
                lambda r: Response(
                    fixture_bytes("page_en.html"), content_type="text/html; charset=utf-8"
                )
            )
        )
        server.expect_request("/news/1.html").respond_with_handler(
            self._count(
                lambda r: Response(fixture_bytes("page_gbk.html"), content_type="text/html")
            )
        )

    def _count(self, handler: Any) -> Any:
        def wrapped(request: Request) -> Response:
            self.hits[request.path] = self.hits.get(request.path, 0) + 1
            return handler(request)  # type: ignore[no-any-return]

        return wrapped

    @property
    def total_hits(self) -> int:
        return sum(self.hits.values())

    def _mediawiki(self, request: Request) -> Response:
        args = request.args
        if args.get("list") == "search":
            term = args.get("srsearch", "")
            return _json(self._search.get(term, {"batchcomplete": True, "query": {"search": []}}))
        if "extracts" in args.get("prop", ""):
            title = args.get("titles", "")
            return _json(
                self._pages.get(
                    title, {"query": {"pages": [{"ns": 0, "title": title, "missing": True}]}}
                )
            )
        return _json({"error": {"code": "badvalue", "info": "unsupported by the fake"}})

    def _wikibase(self, request: Request) -> Response:
        args = request.args
        if args.get("action") == "wbsearchentities":
            name = args.get("search", "")
            return _json(self._wd_search.get(name, {"searchinfo": {"search": name}, "search": []}))
        if args.get("action") == "wbgetentities":
            ids = args.get("ids", "").split("|")
            return _json(
                {
                    "entities": {i: self._entities.get(i, {"id": i, "missing": ""}) for i in ids},
                    "success": 1,
                }
            )
        return _json({"error": {"code": "unknown_action", "info": "unsupported by the fake"}})

    def _claimreview(self, request: Request) -> Response:
        if request.headers.get("X-Goog-Api-Key") != "test-key":
            return _json({"error": {"code": 403, "message": "API key missing or invalid"}}, 403)
        return _json(fixture_json("claimreview_search.json"))

    def _searx(self, request: Request) -> Response:
        data = fixture_json("searxng_search.json")
        base = self.server.url_for("/")
        for item in data["results"]:
            item["url"] = item["url"].replace("{base}", base)
        data["query"] = request.args.get("q", "")
        return _json(data)

    def allow_private(self) -> list[str]:
        """``http.allow_private`` for this server (by name and by address) and recorded origins."""
        port = self.server.port
        return [f"localhost:{port}", f"127.0.0.1:{port}", *self.recorded_origins]

    def settings(self, tmp_path: Path, **extra: Any) -> Settings:
        """Settings pointing every fetcher at this server (library at ``tmp_path/library``)."""
        base = self.server.url_for("/").rstrip("/")
        library = tmp_path / "library"
        library.mkdir(exist_ok=True)
        values: dict[str, Any] = {
            "contact": "tests@factcheck.invalid",
            "evidence_dir": tmp_path / "evidence",
            "http": {
                "allow_private": self.allow_private(),
                "per_host_rate": 1000.0,
                "per_host_concurrency": 8,
                "backoff_s": 0.01,
                "retries": 1,
            },
            "fetchers": {**api_urls(base), "library": {"path": library}},
        }
        values.update(extra)
        return Settings(**values)

    def toml(self, tmp_path: Path) -> str:
        """The same settings as a ``factcheck.toml`` text (for CLI tests)."""
        base = self.server.url_for("/").rstrip("/")
        library = tmp_path / "library"
        library.mkdir(exist_ok=True)
        return f"""
contact = "tests@factcheck.invalid"
evidence_dir = "{(tmp_path / "evidence").as_posix()}"
claims_dir = "{(tmp_path / "claims").as_posix()}"

[http]
allow_private = {json.dumps(self.allow_private())}
per_host_rate = 1000.0
per_host_concurrency = 8
backoff_s = 0.01
retries = 1

{_toml_tables(api_urls(base))}
[fetchers.library]
path = "{library.as_posix()}"
"""
