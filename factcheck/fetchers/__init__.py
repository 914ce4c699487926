"""Fetchers: public sources of documents for claims, behind one protocol and one registry.

See :mod:`factcheck.fetchers.base` for the protocol and the entry-point registry, and
:mod:`factcheck.fetchers.planner` for the query plan. Importing this package loads no plugins.
"""

from __future__ import annotations

from factcheck.fetchers.base import (
    ENTRY_POINT_GROUP,
    BaseFetcher,
    Fetcher,
    FetcherRegistry,
    FetchResult,
    PluginSettings,
    QueryPlan,
    UnknownFetcherError,
    check_fetcher_settings,
    default_registry,
    document_id,
    fetch_documents,
    load_fetchers,
    plugin_settings,
    response_sha256,
)
from factcheck.fetchers.planner import article_topic, plan_queries

__all__ = [
    "ENTRY_POINT_GROUP",
    "BaseFetcher",
    "FetchResult",
    "Fetcher",
    "FetcherRegistry",
    "PluginSettings",
    "QueryPlan",
    "UnknownFetcherError",
    "article_topic",
    "check_fetcher_settings",
    "default_registry",
    "document_id",
    "fetch_documents",
    "load_fetchers",
    "plan_queries",
    "plugin_settings",
    "response_sha256",
]
