"""Wikidata: entity search, entities with their statements, and SPARQL for labels of values.

Flow for one claim: ``wbsearchentities`` for each name of the plan (plus the Q-ids the claim already
names) → ``wbgetentities`` for the items found → one SPARQL query for the labels of the items, units
and properties the statements point to → one document per item. Each document's ``structured``
holds the statements comparators need, keyed by property id::

    {"P571": [{"value": "1980-10-23", "precision": "day"}],
     "P1082": [{"value": 21893095, "unit": None, "point_in_time": "2020-11-01"}],
     "P159": [{"value": "Q956", "label": "北京市"}],
     "labels": {"en": "…", "zh": "…"}, "descriptions": {…}, "aliases": {…}, "wikidata_id": "Q…"}

Dates keep Wikidata's precision: ``day``/``month``/``year``, or ``decade``/``century``/``millennium``
(value = first year). Quantities are numbers (``int`` when integral); ``unit`` is a name the
comparators know (``km2``, ``m``, ``CNY``…, see :data:`UNIT_SYMBOLS`) or else the unit's Q-id, and
``unit_id`` is always the Q-id.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Self
from urllib.parse import urlsplit

from factcheck.errors import ContentError, NotConfigured
from factcheck.fetchers._util import (
    as_list,
    expect_dict,
    load_json,
    make_document,
    mediawiki_body,
)
from factcheck.fetchers.base import BaseFetcher, FetchResult, QueryPlan, response_sha256
from factcheck.fetchers.planner import search_rounds
from factcheck.models import Claim, Document

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.http import HttpClient

__all__ = [
    "PROPERTY_NAMES",
    "UNIT_SYMBOLS",
    "EntityHit",
    "WikidataFetcher",
    "entities_params",
    "entity_document",
    "entity_structured",
    "parse_entities",
    "parse_entity_labels",
    "parse_search",
    "parse_sparql",
    "parse_sparql_labels",
    "parse_time",
    "read_entities",
    "referenced_ids",
    "search_params",
    "sparql_labels_query",
]

NAME = "wikidata"
# Ids go into SPARQL queries and URLs: full matches (no final newline), ASCII digits only.
_ENTITY_URI_RE = re.compile(r"https?://www\.wikidata\.org/(?:entity|wiki)/([QPL][1-9][0-9]*)")
_PROP_URI_RE = re.compile(
    r"https?://www\.wikidata\.org/prop/(?:direct/|statement/|qualifier/)?(P[1-9][0-9]*)"
)
_ID_RE = re.compile(r"[QP][1-9][0-9]*")
_TIME_RE = re.compile(r"([+-]?)([0-9]{1,16})-([0-9]{2})-([0-9]{2})T")
_JULIAN = "http://www.wikidata.org/entity/Q1985786"
_PRECISIONS = {11: "day", 10: "month", 9: "year", 8: "decade", 7: "century", 6: "millennium"}
_QUALIFIERS = {"P585": "point_in_time", "P580": "start", "P582": "end"}

# Readable names for the properties most claims are about, used when no label was fetched.
PROPERTY_NAMES: dict[str, dict[str, str]] = {
    "P17": {"en": "country", "zh": "国家"},
    "P31": {"en": "instance of", "zh": "性质"},
    "P50": {"en": "author", "zh": "作者"},
    "P69": {"en": "educated at", "zh": "就读学校"},
    "P108": {"en": "employer", "zh": "雇主"},
    "P112": {"en": "founded by", "zh": "创办者"},
    "P127": {"en": "owned by", "zh": "拥有者"},
    "P131": {"en": "located in the administrative territorial entity", "zh": "所在行政领土实体"},
    "P159": {"en": "headquarters location", "zh": "总部位置"},
    "P166": {"en": "award received", "zh": "获奖"},
    "P169": {"en": "chief executive officer", "zh": "首席执行官"},
    "P178": {"en": "developer", "zh": "开发者"},
    "P488": {"en": "chairperson", "zh": "主席"},
    "P569": {"en": "date of birth", "zh": "出生日期"},
    "P570": {"en": "date of death", "zh": "逝世日期"},
    "P571": {"en": "inception", "zh": "成立或建立时间"},
    "P576": {"en": "dissolved, abolished or demolished date", "zh": "解散、废除或拆除日期"},
    "P577": {"en": "publication date", "zh": "出版日期"},
    "P749": {"en": "parent organization", "zh": "母机构"},
    "P1082": {"en": "population", "zh": "人口"},
    "P1128": {"en": "employees", "zh": "雇员人数"},
    "P2046": {"en": "area", "zh": "面积"},
    "P2139": {"en": "total revenue", "zh": "总收入"},
    "P2196": {"en": "students count", "zh": "学生人数"},
    "P2295": {"en": "net profit", "zh": "净利润"},
}


# Wikidata unit items → the unit names the comparators know (factcheck.verify.compare); other
# units keep their Q-id in "unit", which comparators cannot convert.
UNIT_SYMBOLS: dict[str, str] = {
    "Q11573": "m",
    "Q828224": "km",
    "Q174728": "cm",
    "Q174789": "mm",
    "Q253276": "mile",
    "Q712226": "km2",
    "Q25343": "m2",
    "Q35852": "hectare",
    "Q11570": "kg",
    "Q41803": "g",
    "Q191118": "t",
    "Q577": "year",
    "Q1092296": "year",
    "Q5151": "month",
    "Q23387": "week",
    "Q573": "day",
    "Q25235": "hour",
    "Q39099": "CNY",
    "Q4917": "USD",
    "Q4916": "EUR",
    "Q11229": "percent",
}


@dataclass(frozen=True)
class EntityHit:
    """One item found by ``wbsearchentities``."""

    id: str
    label: str | None = None
    description: str | None = None


def search_params(name: str, language: str, limit: int) -> dict[str, str]:
    """Parameters of ``wbsearchentities`` for ``name`` in ``language``."""
    return {
        "action": "wbsearchentities",
        "search": name,
        "language": language,
        "uselang": language,
        "type": "item",
        "limit": str(limit),
        "format": "json",
    }


def entities_params(ids: Sequence[str], languages: Sequence[str]) -> dict[str, str]:
    """Parameters of ``wbgetentities`` for up to 50 ids."""
    return {
        "action": "wbgetentities",
        "ids": "|".join(ids),
        "props": "labels|descriptions|aliases|claims",
        "languages": "|".join(dict.fromkeys(languages)),
        "languagefallback": "1",
        "format": "json",
    }


def _api_body(body: bytes | str | dict[str, Any], url: str) -> dict[str, Any]:
    return mediawiki_body(body, url, NAME, "Wikibase API")


def parse_search(body: bytes | str | dict[str, Any], url: str) -> list[EntityHit]:
    """Items of a ``wbsearchentities`` answer, best first."""
    data = _api_body(body, url)
    hits: list[EntityHit] = []
    for item in as_list(data.get("search")):
        if (
            isinstance(item, dict)
            and isinstance(item.get("id"), str)
            and _ID_RE.fullmatch(item["id"])
        ):
            label, desc = item.get("label"), item.get("description")
            hits.append(
                EntityHit(
                    id=item["id"],
                    label=label if isinstance(label, str) else None,
                    description=desc if isinstance(desc, str) else None,
                )
            )
    return hits


def read_entities(body: bytes | str | dict[str, Any], url: str) -> list[dict[str, Any]]:
    """The entities of a ``wbgetentities`` answer that exist (missing ones are left out)."""
    data = _api_body(body, url)
    entities = data.get("entities")
    if not isinstance(entities, dict):
        raise ContentError("wbgetentities answer without 'entities'", url=url, fetcher=NAME)
    return [
        e
        for e in entities.values()
        if isinstance(e, dict) and "missing" not in e and isinstance(e.get("id"), str)
    ]


def parse_time(value: Mapping[str, Any]) -> dict[str, Any] | None:
    """A Wikidata time value as ``{"value": ISO at precision, "precision": name}``."""
    m = _TIME_RE.match(str(value.get("time", "")))
    if not m:
        return None
    sign, year_s, month_s, day_s = m.groups()
    year = int(year_s) * (-1 if sign == "-" else 1)
    raw_precision = value.get("precision")
    precision = _PRECISIONS.get(raw_precision if isinstance(raw_precision, int) else 11)
    if precision is None:  # coarser than a millennium: not a date a claim compares
        return None
    month, day = int(month_s), int(day_s)
    if precision == "day" and (month == 0 or day == 0):
        precision = "month" if month else "year"
    if precision == "month" and month == 0:
        precision = "year"
    if precision == "day":
        try:
            iso = dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    elif precision == "month":
        iso = f"{year:04d}-{month:02d}"
    else:
        iso = str(year) if year >= 0 else f"-{abs(year)}"
    out: dict[str, Any] = {"value": iso, "precision": precision}
    if value.get("calendarmodel") == _JULIAN:
        out["calendar"] = "julian"
    return out


def _number(text: Any) -> int | float | None:
    try:
        number = float(str(text))
    except ValueError:
        return None
    if number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def _entity_id_of(value: Mapping[str, Any]) -> str | None:
    if isinstance(value.get("id"), str):
        return str(value["id"])
    num = value.get("numeric-id")
    if isinstance(num, int):
        prefix = "P" if value.get("entity-type") == "property" else "Q"
        return f"{prefix}{num}"
    return None


def _unit_id(unit: Any) -> str | None:
    if not isinstance(unit, str) or unit == "1":
        return None
    m = _ENTITY_URI_RE.fullmatch(unit)
    return m.group(1) if m else unit


def _snak_value(snak: Mapping[str, Any]) -> dict[str, Any] | None:
    if snak.get("snaktype") != "value":
        return None
    datavalue = snak.get("datavalue")
    if not isinstance(datavalue, dict):
        return None
    kind, value = datavalue.get("type"), datavalue.get("value")
    if kind == "time" and isinstance(value, dict):
        return parse_time(value)
    if kind == "quantity" and isinstance(value, dict):
        amount = _number(value.get("amount"))
        if amount is None:
            return None
        unit_id = _unit_id(value.get("unit"))
        out: dict[str, Any] = {"value": amount, "unit": UNIT_SYMBOLS.get(unit_id or "", unit_id)}
        if unit_id:
            out["unit_id"] = unit_id
        for key, name in (("lowerBound", "lower"), ("upperBound", "upper")):
            if key in value and _number(value[key]) is not None:
                out[name] = _number(value[key])
        return out
    if kind == "wikibase-entityid" and isinstance(value, dict):
        entity = _entity_id_of(value)
        return {"value": entity} if entity else None
    if kind == "monolingualtext" and isinstance(value, dict):
        return {"value": value.get("text"), "language": value.get("language")}
    if kind == "globecoordinate" and isinstance(value, dict):
        return {
            "value": f"{value.get('latitude')},{value.get('longitude')}",
            "latitude": value.get("latitude"),
            "longitude": value.get("longitude"),
        }
    if kind == "string" and isinstance(value, str):
        return {"value": value}
    return None


def entity_structured(
    entity: Mapping[str, Any], properties: Iterable[str] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Statement values of ``entity`` by property (all properties when ``properties`` is None).

    Deprecated statements are left out; preferred ones come first and say so (``"rank"``); the
    qualifiers point in time / start / end are kept as ISO strings.
    """
    claims = entity.get("claims")
    if not isinstance(claims, dict):
        return {}
    wanted = None if properties is None else set(properties)
    out: dict[str, list[dict[str, Any]]] = {}
    for pid, statements in claims.items():
        if wanted is not None and pid not in wanted:
            continue
        if not isinstance(statements, list):
            continue
        values: list[dict[str, Any]] = []
        for st in statements:
            if not isinstance(st, dict) or st.get("rank") == "deprecated":
                continue
            mainsnak = st.get("mainsnak")
            value = _snak_value(mainsnak) if isinstance(mainsnak, dict) else None
            if value is None:
                continue
            if st.get("rank") == "preferred":
                value["rank"] = "preferred"
            qualifiers = st.get("qualifiers")
            if isinstance(qualifiers, dict):
                for qpid, key in _QUALIFIERS.items():
                    for qsnak in as_list(qualifiers.get(qpid)):
                        qv = _snak_value(qsnak) if isinstance(qsnak, dict) else None
                        if qv is not None and "precision" in qv:
                            value[key] = qv["value"]
                            break
            values.append(value)
        if values:
            values.sort(key=lambda v: v.get("rank") != "preferred")
            out[pid] = values
    return out


def referenced_ids(structured: Mapping[str, Any]) -> list[str]:
    """Ids whose labels a document needs: its properties, item values and units."""
    ids: list[str] = []
    for pid, values in structured.items():
        if not _ID_RE.fullmatch(pid) or not isinstance(values, list):
            continue
        ids.append(pid)
        for v in values:
            for key in ("value", "unit_id"):
                ref = v.get(key)
                if isinstance(ref, str) and _ID_RE.fullmatch(ref):
                    ids.append(ref)
    return list(dict.fromkeys(ids))


def _terms(entity: Mapping[str, Any], key: str) -> dict[str, Any]:
    raw = entity.get(key)
    if not isinstance(raw, dict):
        return {}
    out: dict[str, Any] = {}
    for lang, term in raw.items():
        if isinstance(term, dict) and isinstance(term.get("value"), str):
            out[lang] = term["value"]
        elif isinstance(term, list):
            out[lang] = [t["value"] for t in term if isinstance(t, dict) and "value" in t]
    return out


def _pick(texts: Mapping[str, Any], language: str, *, any_language: bool = True) -> Any:
    order = [language]
    if language == "zh":
        order += ["zh-hans", "zh-cn", "zh", "zh-hant", "zh-tw", "zh-hk"]
    order.append("en")
    for lang in order:
        if texts.get(lang):
            return texts[lang]
    return next(iter(texts.values()), None) if any_language else None


def _label(labels: Mapping[str, Mapping[str, str]], ident: str, language: str) -> str | None:
    found = labels.get(ident)
    if found:
        picked = _pick(found, language)
        if isinstance(picked, str):
            return picked
    names = PROPERTY_NAMES.get(ident)
    return _pick(names, language) if names else None


def _render(value: Mapping[str, Any]) -> str:
    parts = [str(value.get("label") or value.get("value"))]
    if value.get("unit"):
        parts.append(str(value.get("unit_label") or value["unit"]))
    text = " ".join(parts)
    qual = [
        f"{k.replace('_', ' ')} {value[k]}" for k in ("point_in_time", "start", "end") if k in value
    ]
    return f"{text} ({', '.join(qual)})" if qual else text


def entity_url(api_url: str, ident: str) -> str:
    """Page URL of an entity on the Wikibase serving ``api_url``."""
    parts = urlsplit(api_url)
    return f"{parts.scheme}://{parts.netloc}/wiki/{ident}"


def entity_document(
    entity: Mapping[str, Any],
    *,
    api_url: str,
    language: str = "en",
    properties: Iterable[str] | None = None,
    labels: Mapping[str, Mapping[str, str]] | None = None,
    retrieved_at: dt.datetime | None = None,
    content_sha256: str | None = None,
    query: str | None = None,
) -> Document:
    """One document for one entity: a readable rendering of its statements plus ``structured``."""
    ident = str(entity["id"])
    labels = labels or {}
    statements = entity_structured(entity, properties)
    names = _terms(entity, "labels")
    descriptions = _terms(entity, "descriptions")
    aliases = _terms(entity, "aliases")
    title = _pick(names, language) if names else ident
    lines = [str(title)]
    description = _pick(descriptions, language) if descriptions else None
    if description:
        lines[0] += f" ({description})"
    alias_list = _pick(aliases, language, any_language=False) if aliases else None
    if alias_list:
        lines.append(("别名: " if language == "zh" else "also known as: ") + ", ".join(alias_list))
    for pid, values in statements.items():
        for v in values:
            if isinstance(v.get("value"), str) and _ID_RE.fullmatch(v["value"]):
                label = _label(labels, v["value"], language)
                if label:
                    v["label"] = label
            if v.get("unit_id"):
                unit_label = _label(labels, v["unit_id"], language)
                if unit_label:
                    v["unit_label"] = unit_label
        prop_label = _label(labels, pid, language) or pid
        lines.append(f"{prop_label}: " + "; ".join(_render(v) for v in values))
    structured: dict[str, Any] = dict(statements)
    structured["wikidata_id"] = ident
    structured["labels"] = names
    if descriptions:
        structured["descriptions"] = descriptions
    if aliases:
        structured["aliases"] = aliases
    return make_document(
        fetcher=NAME,
        url=entity_url(api_url, ident),
        title=str(title),
        text="\n".join(lines),
        language=language,
        retrieved_at=retrieved_at,
        content_sha256=content_sha256,
        query=query,
        structured=structured,
    )


def parse_entities(
    body: bytes | str | dict[str, Any],
    url: str,
    *,
    language: str = "en",
    properties: Iterable[str] | None = None,
    labels: Mapping[str, Mapping[str, str]] | None = None,
    retrieved_at: dt.datetime | None = None,
    content_sha256: str | None = None,
    query: str | None = None,
) -> list[Document]:
    """One document per existing item of a ``wbgetentities`` answer (properties are left out)."""
    props = None if properties is None else list(properties)
    return [
        entity_document(
            e,
            api_url=url,
            language=language,
            properties=props,
            labels=labels,
            retrieved_at=retrieved_at,
            content_sha256=content_sha256,
            query=query,
        )
        for e in read_entities(body, url)
        if e.get("type", "item") == "item"
    ]


def parse_entity_labels(body: bytes | str | dict[str, Any], url: str) -> dict[str, dict[str, str]]:
    """``{id: {language: label}}`` of a ``wbgetentities`` answer (``props=labels``)."""
    return {str(e["id"]): _terms(e, "labels") for e in read_entities(body, url)}


def sparql_labels_query(ids: Sequence[str], languages: Sequence[str]) -> str:
    """A SPARQL query for the labels of ``ids`` (items and properties) in ``languages``."""
    values = " ".join(f"wd:{i}" for i in ids if _ID_RE.fullmatch(i))
    langs = ", ".join(
        f'"{lang}"' for lang in dict.fromkeys(languages) if re.fullmatch(r"[a-z-]+", lang)
    )
    return (
        "PREFIX wd: <http://www.wikidata.org/entity/>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?item ?itemLabel WHERE {\n"
        f"  VALUES ?item {{ {values} }}\n"
        "  ?item rdfs:label ?itemLabel .\n"
        f"  FILTER(LANG(?itemLabel) IN ({langs}))\n"
        "}"
    )


_XSD = "http://www.w3.org/2001/XMLSchema#"


def _term_value(term: Mapping[str, Any]) -> Any:
    value = term.get("value")
    datatype = term.get("datatype", "")
    if term.get("type") == "uri" and isinstance(value, str):
        m = _ENTITY_URI_RE.fullmatch(value) or _PROP_URI_RE.fullmatch(value)
        return m.group(1) if m else value
    if datatype in (_XSD + "integer", _XSD + "decimal", _XSD + "double", _XSD + "float"):
        number = _number(value)
        return value if number is None else number
    if datatype == _XSD + "boolean":
        return value == "true"
    return value


def _bindings(body: bytes | str | dict[str, Any], url: str) -> list[Any]:
    data = body if isinstance(body, dict) else load_json(body, url, NAME)
    data = expect_dict(data, url, NAME)
    results = data.get("results")
    if not isinstance(results, dict) or not isinstance(results.get("bindings"), list):
        raise ContentError("SPARQL answer without results.bindings", url=url, fetcher=NAME)
    bindings: list[Any] = results["bindings"]
    return bindings


def parse_sparql(body: bytes | str | dict[str, Any], url: str) -> list[dict[str, Any]]:
    """Rows of a SPARQL JSON result: ``{var: value}`` (entity URIs become ids, numbers numbers)."""
    rows: list[dict[str, Any]] = []
    for binding in _bindings(body, url):
        if isinstance(binding, dict):
            rows.append({k: _term_value(v) for k, v in binding.items() if isinstance(v, dict)})
    return rows


def parse_sparql_labels(body: bytes | str | dict[str, Any], url: str) -> dict[str, dict[str, str]]:
    """``{id: {language: label}}`` from a SPARQL result pairing ``?x`` with ``?xLabel``/``?x_label``."""
    labels: dict[str, dict[str, str]] = {}
    for binding in _bindings(body, url):
        if not isinstance(binding, dict):
            continue
        for var, term in binding.items():
            if not isinstance(term, dict) or term.get("type") != "uri":
                continue
            m = _ENTITY_URI_RE.fullmatch(str(term.get("value", "")))
            if not m:
                continue
            for label_var in (f"{var}Label", f"{var}_label"):
                label = binding.get(label_var)
                if isinstance(label, dict) and label.get("value"):
                    lang = label.get("xml:lang") or "und"
                    labels.setdefault(m.group(1), {}).setdefault(lang, str(label["value"]))
    return labels


class WikidataFetcher(BaseFetcher):
    """Find the claim's items on Wikidata and return their statements as structured documents."""

    name: ClassVar[str] = NAME

    def __init__(
        self,
        client: HttpClient,
        *,
        api_url: str,
        sparql_url: str | None,
        max_results: int = 3,
        max_queries: int = 3,
        properties: Sequence[str] = (),
    ) -> None:
        self.client = client
        self.api_url = api_url
        self.sparql_url = sparql_url
        self.max_results = max_results
        self.max_queries = max_queries
        self.properties = list(properties)

    @classmethod
    def from_settings(cls, settings: Settings, client: HttpClient) -> Self:
        section = settings.fetchers.wikidata
        if not section.api_url:
            raise NotConfigured("wikidata: set fetchers.wikidata.api_url")
        return cls(
            client,
            api_url=section.api_url,
            sparql_url=section.sparql_url or None,
            max_results=section.max_results,
            max_queries=settings.fetchers.max_queries,
            properties=section.properties,
        )

    def probe_request(self) -> tuple[str, dict[str, str], Callable[[bytes, str], object]]:
        """An entity search (``factcheck doctor``)."""
        return self.api_url, search_params("Wikidata", "en", 1), parse_search

    def wanted_properties(self, plan: QueryPlan) -> list[str] | None:
        """Properties kept in documents: the plan's first, then the configured ones (all if none)."""
        if not self.properties:
            return None
        return list(dict.fromkeys([*plan.properties, *self.properties]))

    async def fetch_result(self, claim: Claim, plan: QueryPlan) -> FetchResult:
        ids: dict[str, str | None] = {i: None for i in plan.wikidata_ids}

        async def search(name: str) -> list[EntityHit]:
            resp = await self.client.get(
                self.api_url,
                params=search_params(name, plan.language, self.max_results),
                fetcher=NAME,
                query=name,
                claim_id=plan.claim_id,
            )
            return parse_search(resp.content, resp.url)[: self.max_results]

        rounds = search_rounds(plan.entities, self.max_queries)
        result, found = await self._search_widening(rounds, search)
        for name, hits in found.items():
            for hit in hits:
                ids.setdefault(hit.id, name)
        if not ids:
            return result
        languages = [plan.language, "en"]
        entities: list[tuple[dict[str, Any], Any]] = []

        async def get_entities(chunk: list[str]) -> FetchResult:
            resp = await self.client.get(
                self.api_url,
                params=entities_params(chunk, languages),
                fetcher=NAME,
                claim_id=plan.claim_id,
            )
            for e in read_entities(resp.content, resp.url):
                if e.get("type", "item") == "item":
                    entities.append((e, resp))
            return FetchResult()

        id_list = list(ids)
        chunks = [id_list[i : i + 50] for i in range(0, len(id_list), 50)]
        result.extend(await self._gather(self._guard(get_entities(c)) for c in chunks))
        if not entities:
            return result
        properties = self.wanted_properties(plan)
        needed: list[str] = []
        for entity, _ in entities:
            needed.extend(referenced_ids(entity_structured(entity, properties)))
        labels: dict[str, dict[str, str]] = {}
        needed = list(dict.fromkeys(needed))
        if needed and self.sparql_url:

            async def get_labels() -> FetchResult:
                for start in range(0, len(needed), 100):
                    resp = await self.client.get(
                        str(self.sparql_url),
                        params={
                            "query": sparql_labels_query(needed[start : start + 100], languages),
                            "format": "json",
                        },
                        headers={"Accept": "application/sparql-results+json"},
                        fetcher=NAME,
                        claim_id=plan.claim_id,
                    )
                    for ident, by_lang in parse_sparql_labels(resp.content, resp.url).items():
                        labels.setdefault(ident, {}).update(by_lang)
                return FetchResult()

            result.extend(await self._guard(get_labels()))
        for entity, resp in entities:
            result.documents.append(
                entity_document(
                    entity,
                    api_url=self.api_url,
                    language=plan.language,
                    properties=properties,
                    labels=labels,
                    retrieved_at=resp.fetched_at,
                    content_sha256=response_sha256(resp),
                    query=ids.get(str(entity["id"])),
                )
            )
        return result
