"""Render a :class:`~factcheck.report.data.ReportData` as Markdown (``report.md``).

The same content as the HTML report, for a terminal or a pull request. Every piece of text that came
from outside (claims, rationales, evidence quotes, titles, review notes) goes through
:func:`escape_markdown`: evidence text is hostile input, so ``<script>``, ``[x](javascript:…)``,
table pipes and backticks must come out as literal text on any CommonMark/GFM renderer.
"""

from __future__ import annotations

import re
import urllib.parse

from factcheck.report._links import archive_href, host_of, safe_http_url
from factcheck.report.data import (
    LABEL_TITLES,
    UNVERIFIED_TITLE,
    Change,
    ClaimCard,
    EvidenceItem,
    ReportData,
    RunHeader,
    format_utc,
)
from factcheck.report.i18n import Translator, translate_rationale, translator

__all__ = ["escape_markdown", "render_markdown"]

# ASCII punctuation with inline meaning in CommonMark/GFM (emphasis, code, links, raw HTML, entities,
# tables, strikethrough, images, headings). CommonMark lets any ASCII punctuation be backslash-escaped.
_INLINE_SPECIAL = frozenset("\\`*_[]<>|~&#!")
# Block constructs recognised at the start of a line: lists, quotes, setext underlines, ordered lists.
_LEADING_BLOCK = re.compile(r"^(?:[-+=]|\d{1,9}(?=[.)]))")
_BAR_WIDTH = 20
# Identifiers shown as code spans; anything else (spaces, newlines, backticks) is escaped text.
_IDENTIFIER = re.compile(r"[\w.:/@+-]{1,200}")


def escape_markdown(text: str | None) -> str:
    """Escape ``text`` so it renders literally on one line (whitespace, including newlines, collapsed)."""
    if not text:
        return ""
    collapsed = " ".join(text.split())
    out = "".join("\\" + ch if ch in _INLINE_SPECIAL else ch for ch in collapsed)
    match = _LEADING_BLOCK.match(out)
    if match:
        end = match.end()
        # "1." or "1)" starts an ordered list: escape the delimiter; "-", "+", "=": the character
        out = out[:end] + "\\" + out[end:] if out[:end].isdigit() else "\\" + out
    return out


def _code(text: str) -> str:
    """An inline code span for identifiers; falls back to escaped text when it holds a backtick."""
    if not _IDENTIFIER.fullmatch(text):
        return escape_markdown(text)
    return f"`{text}`"


def _link(text: str, url: str | None) -> str:
    """A Markdown link for http(s) URLs (destination percent-encoded); escaped text otherwise."""
    safe = safe_http_url(url)
    label = escape_markdown(text)
    if safe is None:
        return label
    dest = urllib.parse.quote(safe, safe=":/?#@!$&'*+,;=%~-._")
    return f"[{label}](<{dest}>)"


def _label(label: str | None, t: Translator | None = None) -> str:
    title = LABEL_TITLES.get(label or "", UNVERIFIED_TITLE if label == "unverified" else None)
    if title is None:
        return label or "—"
    return t(title) if t is not None else title


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _when(run: RunHeader) -> str:
    moment = run.finished_at or run.started_at
    return format_utc(moment)


def _header(data: ReportData, t: Translator) -> list[str]:
    run = data.run
    lines = [f"# {escape_markdown(t(data.title))} — {t('run {id}', id=run.id)}", ""]
    status = t("status {status}", status=escape_markdown(t(run.outcome)))
    facts = [
        t("Run **{id}**", id=run.id),
        status + (f" ({t('spot check')})" if run.spot_check else ""),
        t("finished {when}", when=_when(run))
        if run.finished_at
        else t("started {when}", when=_when(run)),
        t("{n} claims", n=len(data.cards)),
        t("{n} fetch errors", n=data.errors),
    ]
    if data.errored:
        facts.append(f"**{t('{n} claims could not be checked', n=len(data.errored))}**")
    lines.append(" · ".join(facts))
    lines.append("")
    if run.counts:
        counters = ", ".join(
            f"{escape_markdown(k.replace('_', ' '))} {v}" for k, v in sorted(run.counts.items())
        )
        lines += [t("Counters: {counters}.", counters=counters), ""]
    if data.previous_run is not None:
        lines.append(
            t(
                "Compared with run {id} ({when}).",
                id=data.previous_run.id,
                when=_when(data.previous_run),
            )
        )
    else:
        lines.append(t("No previous run to compare with."))
    lines.append(t("Generated {when}.", when=format_utc(data.generated_at)))
    lines.append("")
    return lines


def _totals(data: ReportData, t: Translator) -> list[str]:
    lines = [
        f"## {t('Totals')}",
        "",
        f"| {t('Label')} | {t('Claims')} | {t('Machine label')} |",
        "|---|---:|---:|",
    ]
    for label, count in data.totals.items():
        lines.append(f"| {_label(label, t)} | {count} | {data.machine_totals.get(label, 0)} |")
    if data.unverified:
        lines.append("")
        lines.append(
            t(
                "{n} machine verdict(s) are **{title}**: their confidence is below the review "
                "threshold and no person has reviewed them yet.",
                n=data.unverified,
                title=t(UNVERIFIED_TITLE),
            )
        )
    overridden = sum(1 for c in data.cards if c.is_overridden)
    lines += [
        "",
        t(
            "Reviewed by a person: {n} ({m} overriding the machine label). *Claims* counts the "
            "reviewed label where there is one.",
            n=data.reviewed,
            m=overridden,
        ),
        "",
    ]
    return lines


def _errored(data: ReportData, t: Translator) -> list[str]:
    """The claims the run could not check, each with its fetch errors (never shown as removed)."""
    if not data.errored:
        return []
    lines = [
        f"## {t('Could not be checked')} ({len(data.errored)})",
        "",
        t(
            "Every source of these claims failed in this run: they have no verdict this time and "
            "are retried by the next run."
        ),
        "",
    ]
    for item in data.errored:
        lines.append(f"- {_code(item.claim_id)} {escape_markdown(item.text or '')}".rstrip())
        for err in item.errors:
            where = " ".join(escape_markdown(x) for x in (err.fetcher, err.url) if x)
            lines.append(
                f"  - {escape_markdown(err.kind)}: {escape_markdown(err.message)}"
                + (f" ({where})" if where else "")
            )
    lines.append("")
    return lines


def _histogram(data: ReportData, t: Translator) -> list[str]:
    labels = list(data.totals)
    head = " | ".join(_label(label, t) for label in labels)
    lines = [
        f"## {t('Confidence distribution')}",
        "",
        f"| {t('Confidence')} | {t('Claims')} | {head} | |",
        "|---|---:|" + "---:|" * len(labels) + "---|",
    ]
    peak = max((b.total for b in data.histogram), default=0)
    for b in data.histogram:
        bar = "█" * round(_BAR_WIDTH * b.total / peak) if peak else ""
        cells = " | ".join(str(b.counts.get(label, 0)) for label in labels)
        lines.append(f"| {b.lower:.1f}–{b.upper:.1f} | {b.total} | {cells} | {bar} |")
    lines.append("")
    return lines


def _change_row(change: Change, t: Translator) -> str:
    before = (
        f"{_label(change.before, t)} ({_pct(change.confidence_before)})" if change.before else "—"
    )
    after = f"{_label(change.after, t)} ({_pct(change.confidence_after)})" if change.after else "—"
    return f"| {_code(change.claim_id)} | {escape_markdown(change.text)} | {before} | {after} |"


def _changes(data: ReportData, t: Translator) -> list[str]:
    title = (
        f"## {t('Changes since run {id}', id=data.previous_run.id)}"
        if data.previous_run is not None
        else f"## {t('Changes')}"
    )
    lines = [title, ""]
    if data.previous_run is None:
        return [*lines, t("First run: nothing to compare."), ""]
    if not data.changes:
        return [*lines, t("No changes: every claim kept its label."), ""]
    groups = (("flip", "Flips"), ("new", "New claims"), ("removed", "Removed claims"))
    for kind, heading in groups:
        items = [c for c in data.changes if c.kind == kind]
        if not items:
            continue
        lines += [
            f"### {t(heading)} ({len(items)})",
            "",
            f"| {t('Claim')} | {t('Text')} | {t('Before')} | {t('After')} |",
            "|---|---|---|---|",
        ]
        lines += [_change_row(c, t) for c in items]
        lines.append("")
    return lines


def _evidence_line(n: int, e: EvidenceItem, evidence_href: str, t: Translator) -> str:
    meta: list[str] = []
    link_text = e.title or host_of(e.url) or e.url or e.document_id
    meta.append(_link(link_text, e.url))
    archived = archive_href(evidence_href, e.archive_path)
    if archived:
        meta.append(f"[{t('archived copy')}](<{archived}>)")
    if e.published:
        meta.append(e.published.isoformat())
    meta.append(t(e.stance))
    if e.reliability is not None:
        meta.append(t("reliability {value}", value=f"{e.reliability:.2f}"))
    if e.source:
        meta.append(escape_markdown(e.source))
    return f"{n}. “{escape_markdown(e.quote)}” — " + " · ".join(meta)


def _card(card: ClaimCard, evidence_href: str, t: Translator) -> list[str]:
    heading = f"### {_code(card.claim_id)} — {_label(card.label, t)}"
    if card.is_unverified:
        heading = f"### {_code(card.claim_id)} — {t(UNVERIFIED_TITLE)} ({t('needs review')})"
    if card.review is not None:
        heading += f" ({t('reviewed')})"
    lines = [heading, "", f"> {escape_markdown(card.text)}", ""]
    article = escape_markdown(card.article_title or card.article_id or "—")
    if card.article_title and card.article_id:
        article += f" ({_code(card.article_id)})"
    if card.article_url:
        article = _link(card.article_title or card.article_id or card.article_url, card.article_url)
    verdict = t(
        "{label}, confidence {confidence}, judge {judge}",
        label=_label(card.machine_label, t),
        confidence=f"{card.confidence:.2f}",
        judge=escape_markdown(card.judge),
    )
    if card.carried_over:
        verdict += t(", carried over from an earlier run")
    lines += [
        f"- **{t('Kind')}:** {escape_markdown(card.kind)}",
        f"- **{t('Article')}:** {article}",
        f"- **{t('Source sentence')}:** {escape_markdown(card.sentence) or '—'}",
        f"- **{t('Machine verdict')}:** {verdict}",
    ]
    if card.review is not None:
        r = card.review
        who = escape_markdown(r.by) or t("someone")
        if r.confirmed_by:
            who += f" + {escape_markdown(r.confirmed_by)}"
        when = t(" on {date}", date=format_utc(r.at, date_only=True)) if r.at else ""
        note = f": {escape_markdown(r.note)}" if r.note.strip() else ""
        lines.append(
            f"- **{t('Human review')}:** {t('{label} by {who}', label=_label(r.label, t), who=who)}"
            f"{when}{note}"
        )
        if r.text_changed:
            lines.append(f"- **{t('Text changed since review')}** ({t('the review still stands')})")
        if r.machine_disagrees:
            lines.append(f"- **{t('Machine now disagrees')}** ({t('with the review')})")
    rationale = translate_rationale(card.rationale, t.lang)
    lines += ["", f"**{t('Rationale')}.** {escape_markdown(rationale) or '—'}", ""]
    for step in card.trace:
        where = " ".join(escape_markdown(x) for x in (step.item, step.property) if x)
        where = f" ({where})" if where else ""
        lines.append(
            f"- {t('Trace')}: {_label(step.outcome, t)} {escape_markdown(step.rule)}: "
            + t(
                "claimed {claimed}, found {observed}",
                claimed=escape_markdown(step.claimed) or "—",
                observed=escape_markdown(step.observed) or "—",
            )
            + where
        )
    if card.trace:
        lines.append("")
    if card.evidence:
        lines += [f"**{t('Evidence')}**", ""]
        lines += [_evidence_line(i, e, evidence_href, t) for i, e in enumerate(card.evidence, 1)]
        lines.append("")
    else:
        lines += [f"*{t('No evidence passages.')}*", ""]
    if card.history:
        steps = [
            f"{t('run {id}', id=h.run_id)} {_label(h.label, t)} ({h.confidence:.2f}"
            + (f", {t('carried over')}" if h.carried_over else "")
            + ")"
            for h in card.history
        ]
        lines += [f"**{t('History:')}** " + " → ".join(steps), ""]
    return lines


def render_markdown(
    data: ReportData, *, evidence_href: str = "../evidence", lang: str | None = None
) -> str:
    """Render the report as Markdown; ``evidence_href`` is the evidence folder relative to the file,
    ``lang`` the language (default: the report's own, :attr:`ReportData.language`)."""
    t = translator(lang or data.language)
    lines = _header(data, t) + _errored(data, t) + _totals(data, t) + _histogram(data, t)
    lines += _changes(data, t)
    lines += [f"## {t('Claims')}", ""]
    if not data.cards:
        lines += [t("No claims in this run."), ""]
    for card in data.cards:
        lines += _card(card, evidence_href, t)
    return "\n".join(lines).rstrip("\n") + "\n"
