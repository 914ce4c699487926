"""URL helpers shared by the renderers: only http(s) URLs become links; archive links are relative."""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path

__all__ = ["archive_href", "evidence_href_for", "host_of", "safe_http_url"]


def safe_http_url(url: str | None) -> str | None:
    """Return ``url`` when it is an absolute http(s) URL with a host, else ``None``.

    Evidence URLs are hostile input: ``javascript:``, ``data:`` and relative URLs never become links.
    """
    if not url:
        return None
    url = url.strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def host_of(url: str | None) -> str | None:
    """The host name of an http(s) URL (for compact link text)."""
    safe = safe_http_url(url)
    if safe is None:
        return None
    host = urllib.parse.urlsplit(safe).hostname
    return host or None


def archive_href(evidence_href: str, archive_path: str | None) -> str | None:
    """Join the evidence folder's relative URL and an archive path (``bodies/ab/<sha>``)."""
    if not archive_path:
        return None
    parts = [p for p in archive_path.split("/") if p]
    if not parts or any(p in (".", "..") for p in parts):
        return None
    tail = "/".join(urllib.parse.quote(p, safe="") for p in parts)
    return f"{evidence_href.rstrip('/')}/{tail}" if evidence_href else tail


def evidence_href_for(evidence_dir: Path, out_dir: Path) -> str:
    """Relative URL from a report folder to the evidence folder (works from file://)."""
    rel = os.path.relpath(evidence_dir.resolve(), out_dir.resolve())
    return "/".join(urllib.parse.quote(p) for p in Path(rel).parts) or "."
