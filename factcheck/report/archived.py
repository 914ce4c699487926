"""Archived evidence bodies as inert plain text: for the review app and for published reports.

An archived body is the source's own bytes — an HTML page may hold scripts. Shown from our own web
server it must never be served as HTML, so it is turned into text (markup, scripts and styles
removed) and published as ``.txt``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from factcheck.errors import ArticleError

__all__ = ["PUBLISHED_SUFFIX", "body_as_text", "publish_archived"]

logger = logging.getLogger(__name__)

PUBLISHED_SUFFIX = ".txt"
"""Suffix of a published archived copy (a web server serves it as text/plain)."""


def body_as_text(body: bytes) -> str:
    """An archived response body as plain text: HTML without its markup, scripts and styles."""
    from factcheck.extract.inputs import decode_bytes, looks_like_html

    try:
        text = decode_bytes(body)
    except ArticleError:
        text = body.decode("utf-8", "replace")
    text = text.replace("\x00", "\ufffd")
    if looks_like_html(text):
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(text, "html.parser")
        for tag in soup(["script", "style", "noscript", "template", "iframe", "object"]):
            tag.decompose()
        text = soup.get_text("\n")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def publish_archived(archive_paths: Iterable[str], evidence_dir: Path, out_dir: Path) -> set[str]:
    """Write each archived body (``bodies/ab/<sha>``) as text to ``out_dir/<path>.txt``.

    Returns the archive paths that were published (missing bodies are skipped with a warning);
    a copy already there is kept (bodies are content-addressed: same name, same content).
    """
    from factcheck.report.exports import write_text_atomic

    done: set[str] = set()
    for rel in sorted(set(archive_paths)):
        parts = [p for p in rel.split("/") if p]
        if not parts or any(p in (".", "..") for p in parts):
            continue
        target = out_dir.joinpath(*parts).with_name(parts[-1] + PUBLISHED_SUFFIX)
        if target.is_file():
            done.add(rel)
            continue
        source = evidence_dir.joinpath(*parts)
        try:
            body = source.read_bytes()
        except OSError as exc:
            logger.warning("archived body %s not published: %s", rel, exc)
            continue
        write_text_atomic(target, body_as_text(body) + "\n")
        done.add(rel)
    return done
