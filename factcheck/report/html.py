"""Render a :class:`~factcheck.report.data.ReportData` as one self-contained ``index.html``.

Jinja2 with autoescaping on; CSS, SVG charts and the small filter script are inline, so the file works
from ``file://`` with no network. A Content-Security-Policy meta tag allows only the one inline script
(by its SHA-256) and no other source: even if hostile evidence text slipped past escaping it could not
run. Only http(s) URLs become links; archived copies link relative to the report.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from factcheck.report._links import archive_href, host_of, safe_http_url
from factcheck.report.data import (
    LABEL_TITLES,
    UNVERIFIED_TITLE,
    HistogramBin,
    ReportData,
    format_utc,
)
from factcheck.report.i18n import translate_rationale, translator

__all__ = ["LABEL_COLORS", "render_html"]

_TEMPLATES = Path(__file__).with_name("templates")

LABEL_COLORS: dict[str, str] = {
    "supported": "#1a7f37",
    "refuted": "#cf222e",
    "mixed": "#b35900",
    "not_enough_evidence": "#6e7781",
    "unverified": "#9a6700",
}


@dataclass(frozen=True)
class _Bar:
    label: str
    title: str
    count: int
    x: float
    y: float
    width: float
    height: float
    color: str


@dataclass(frozen=True)
class _Column:
    lower: float
    upper: float
    total: int
    x: float
    segments: list[_Bar]


def _totals_bars(
    totals: dict[str, int],
    *,
    titles: dict[str, str] = LABEL_TITLES,
    width: float = 250.0,
    row: float = 28.0,
) -> list[_Bar]:
    """Horizontal bars, one per label, scaled to the largest count."""
    peak = max(totals.values(), default=0) or 1
    return [
        _Bar(
            label=label,
            title=titles.get(label, label),
            count=count,
            x=150.0,
            y=i * row + 4,
            width=round(width * count / peak, 2),
            height=row - 10,
            color=LABEL_COLORS.get(label, "#888"),
        )
        for i, (label, count) in enumerate(totals.items())
    ]


def _histogram_columns(
    bins: list[HistogramBin],
    *,
    titles: dict[str, str] = LABEL_TITLES,
    height: float = 120.0,
    width: float = 400.0,
) -> tuple[list[_Column], int]:
    """Stacked columns (one segment per label) scaled to the fullest bin; returns (columns, peak)."""
    peak = max((b.total for b in bins), default=0)
    scale = height / peak if peak else 0.0
    step = width / max(len(bins), 1)
    columns: list[_Column] = []
    for i, b in enumerate(bins):
        base = height + 10
        segments: list[_Bar] = []
        for label, count in b.counts.items():
            if not count:
                continue
            h = round(count * scale, 2)
            base -= h
            segments.append(
                _Bar(
                    label=label,
                    title=titles.get(label, label),
                    count=count,
                    x=round(40 + i * step + 3, 2),
                    y=round(base, 2),
                    width=round(step - 6, 2),
                    height=h,
                    color=LABEL_COLORS.get(label, "#888"),
                )
            )
        columns.append(
            _Column(
                lower=b.lower,
                upper=b.upper,
                total=b.total,
                x=round(40 + i * step, 2),
                segments=segments,
            )
        )
    return columns, peak


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_http_url
    env.filters["host"] = host_of
    env.filters["utc"] = format_utc
    env.filters["utc_date"] = lambda moment: format_utc(moment, date_only=True)
    return env


def _script() -> tuple[str, str]:
    """The inline filter script and its CSP hash source (``'sha256-…'``)."""
    text = (_TEMPLATES / "filter.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"'sha256-{digest}'"


@dataclass(frozen=True)
class _ArticleRow:
    id: str
    title: str
    url: str | None
    total: int
    counts: dict[str, int]


def _article_rows(data: ReportData) -> list[_ArticleRow]:
    """One row per article: its claims counted by displayed status (the per-article view)."""
    rows: dict[str, dict[str, object]] = {}
    for card in data.cards:
        if not card.article_id:
            continue
        row = rows.setdefault(
            card.article_id,
            {"title": card.article_title or card.article_id, "url": card.article_url, "counts": {}},
        )
        counts: dict[str, int] = row["counts"]  # type: ignore[assignment]
        counts[card.status] = counts.get(card.status, 0) + 1
    return [
        _ArticleRow(
            id=article_id,
            title=str(row["title"]),
            url=safe_http_url(row["url"]) if isinstance(row["url"], str) else None,
            total=sum(row["counts"].values()),  # type: ignore[attr-defined]
            counts=row["counts"],  # type: ignore[arg-type]
        )
        for article_id, row in sorted(rows.items())
    ]


def render_html(
    data: ReportData, *, evidence_href: str = "../evidence", lang: str | None = None
) -> str:
    """Render the report page; ``evidence_href`` is the evidence folder relative to the page,
    ``lang`` the language (default: the report's own, :attr:`ReportData.language`)."""
    t = translator(lang or data.language)
    titles = {k: t(v) for k, v in {**LABEL_TITLES, "unverified": UNVERIFIED_TITLE}.items()}
    script, script_hash = _script()
    columns, peak = _histogram_columns(data.histogram, titles=titles)
    kinds = sorted({c.kind for c in data.cards})
    articles = sorted({c.article_id for c in data.cards if c.article_id})
    statuses = [s for s in (*data.totals, "unverified") if any(c.status == s for c in data.cards)]
    template = _environment().get_template("report.html.j2")
    return template.render(
        data=data,
        _=t,
        lang=t.lang,
        title=t(data.title),
        label_title=lambda label: titles.get(label or "", label or "—"),
        rationale=lambda text: translate_rationale(text, t.lang),
        labels=list(data.totals),
        label_colors=LABEL_COLORS,
        totals_bars=_totals_bars(data.totals, titles=titles),
        columns=columns,
        peak=peak,
        kinds=kinds,
        articles=articles,
        article_rows=_article_rows(data) if len(articles) > 1 else [],
        statuses=statuses,
        overridden=sum(1 for c in data.cards if c.is_overridden),
        flips=[c for c in data.changes if c.kind == "flip"],
        flipped={c.claim_id for c in data.changes if c.kind == "flip"},
        new=[c for c in data.changes if c.kind == "new"],
        removed=[c for c in data.changes if c.kind == "removed"],
        archive=lambda path: archive_href(evidence_href, path),
        script=Markup(script),
        script_hash=script_hash,
    )
