"""Fill a :class:`~factcheck.report.data.ReportData` from the verdict store.

Reads only: runs, the run's verdicts (with claim text, kind, article and review), the previous run's
verdicts for the changes section, each claim's history, the run's fetch errors and the recorded
documents (title, date, archive address). An archived copy is found in the evidence folder by the
document's ``content_sha256``, else by matching the evidence URL against the archive's provenance
records; it is linked only when the body file exists. Claim files, when given, add the source sentence and article metadata.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from factcheck.claims import iter_claims, load_claim_files
from factcheck.config import Settings
from factcheck.errors import ClaimFileErrors, NotFoundError
from factcheck.evidence import EvidenceArchive
from factcheck.models import Article, Claim, EvidenceRef
from factcheck.report._links import safe_http_url
from factcheck.report.data import (
    Change,
    ClaimCard,
    ErroredClaimInfo,
    ErrorInfo,
    EvidenceItem,
    HistoryEntry,
    ReportData,
    ReviewInfo,
    RunHeader,
    assemble_report,
    order_cards,
)
from factcheck.report.i18n import article_language
from factcheck.store import Store
from factcheck.store.records import Change as StoreChange
from factcheck.store.records import (
    DocumentInfo,
    ErroredClaim,
    FetchErrorRecord,
    HistoryPoint,
    RunInfo,
    StoredVerdict,
)

__all__ = [
    "ReportStore",
    "build_report_data",
    "find_runs",
    "load_claim_context",
    "load_report_data",
]

logger = logging.getLogger(__name__)

_SHA256_RE = re.compile(r"[0-9a-f]{64}")  # fullmatch
_HAN = re.compile(r"[\u4e00-\u9fff]")


class ReportStore(Protocol):
    """The part of :class:`factcheck.store.Store` a report reads."""

    def runs(self) -> list[RunInfo]: ...

    def verdicts_for_run(self, run_id: int) -> list[StoredVerdict]: ...

    def histories(
        self, claim_ids: Iterable[str], *, until_run: int
    ) -> dict[str, list[HistoryPoint]]: ...

    def previous_run(self, run_id: int) -> RunInfo | None: ...

    def fetch_errors(self, run_id: int) -> list[FetchErrorRecord]: ...

    def documents(self, ids: Sequence[str]) -> list[DocumentInfo]: ...

    def changes_between(self, run_a: int, run_b: int) -> list[StoreChange]: ...

    def errored_claims(self, run_id: int) -> list[ErroredClaim]: ...


def find_runs(
    store: ReportStore, run_id: int | None, *, since_run: int | None = None
) -> tuple[RunInfo, RunInfo | None]:
    """Pick the run to report and the run to compare it with.

    Default run: the latest completed run that is not a spot check (else the latest run). The
    comparison run is ``since_run`` when given, else the store's
    :meth:`~factcheck.store.Store.previous_run` — the latest completed run before it that is not a
    spot check, the same run ``factcheck run`` compares with. Raises :class:`NotFoundError` when the
    store holds no run or not a requested one.
    """
    runs = sorted(store.runs(), key=lambda r: r.id)
    if not runs:
        raise NotFoundError("the store holds no run yet; run `factcheck run` first")

    def pick(wanted: int, flag: str) -> RunInfo:
        matches = [r for r in runs if r.id == wanted]
        if not matches:
            known = ", ".join(str(r.id) for r in runs[-10:])
            raise NotFoundError(f"{flag}no run {wanted} in the store (latest runs: {known})")
        return matches[0]

    if run_id is None:
        nightly = [r for r in runs if not r.spot_check]
        completed = [r for r in nightly if r.status == "completed"]
        run = (completed or nightly or runs)[-1]
    else:
        run = pick(run_id, "")
    if since_run is not None:
        return run, pick(since_run, "--since-run: ")
    return run, store.previous_run(run.id)


def _header(run: RunInfo) -> RunHeader:
    counts = {k: int(v) for k, v in run.counts.items() if isinstance(v, int | float)}
    return RunHeader(
        id=run.id,
        status=run.status,
        started_at=run.started_at,
        finished_at=run.finished_at,
        claims_total=run.claims_total,
        counts=counts,
        spot_check=run.spot_check,
    )


def _errored(items: Sequence[ErroredClaim]) -> list[ErroredClaimInfo]:
    return [
        ErroredClaimInfo(
            claim_id=e.claim_id,
            text=e.claim_text,
            article_id=e.article_id,
            errors=[
                ErrorInfo(fetcher=x.fetcher, url=x.url, kind=x.kind, message=x.message)
                for x in e.errors
            ],
        )
        for e in items
    ]


def _sha_of(ref: EvidenceRef, doc: DocumentInfo | None, by_url: Mapping[str, str]) -> str | None:
    known = doc.content_sha256 if doc is not None else None
    if known and _SHA256_RE.fullmatch(known):
        return known
    url = ref.url or (doc.url if doc is not None else None)
    return by_url.get(url) if url else None


def _archived_by_url(evidence_dir: Path) -> dict[str, str]:
    """Latest archived body per requested and final URL, from the provenance records."""
    by_url: dict[str, str] = {}
    if not (evidence_dir / "provenance").is_dir():
        return by_url
    for record in EvidenceArchive(evidence_dir).iter_provenance():
        if 200 <= record.status < 300:
            by_url[record.url] = record.sha256
            by_url[record.final_url] = record.sha256
    return by_url


def _archive_path(sha: str | None, evidence_dir: Path) -> str | None:
    if sha is None:
        return None
    rel = f"bodies/{sha[:2]}/{sha}"
    return rel if (evidence_dir / rel).is_file() else None


def _documents(store: ReportStore, ids: Sequence[str]) -> dict[str, DocumentInfo]:
    """Recorded metadata (title, URL, date, archive address) by document id."""
    return {d.id: d for d in store.documents(ids)} if ids else {}


def _evidence(
    ref: EvidenceRef,
    doc: DocumentInfo | None,
    by_url: Mapping[str, str],
    evidence_dir: Path,
    reliability: Callable[[str], float | None] | None,
) -> EvidenceItem:
    url = ref.url or (doc.url if doc is not None else None)
    published = ref.published or (doc.published if doc is not None else None)
    http_url = safe_http_url(url)
    score = reliability(http_url) if (reliability is not None and http_url) else None
    return EvidenceItem(
        quote=ref.quote,
        url=url,
        title=doc.title if doc is not None else None,
        document_id=ref.document_id,
        archive_path=_archive_path(_sha_of(ref, doc, by_url), evidence_dir),
        published=published,
        stance=ref.stance,
        source=ref.source,
        reliability=None if score is None else min(max(float(score), 0.0), 1.0),
    )


def _review(verdict: StoredVerdict) -> ReviewInfo | None:
    r = verdict.review
    if r is None:
        return None
    return ReviewInfo(
        label=r.label,
        note=r.note,
        by=r.by,
        at=r.created_at,
        confirmed_by=r.confirmed_by,
        text_changed=verdict.text_changed_since_review,
        machine_disagrees=verdict.machine_disagrees,
    )


def _history(points: Sequence[HistoryPoint]) -> list[HistoryEntry]:
    return [
        HistoryEntry(
            run_id=h.run_id,
            label=h.label,
            confidence=h.confidence,
            at=h.created_at,
            carried_over=h.carried_over,
        )
        for h in points
    ]


def build_report_data(
    store: ReportStore,
    run_id: int | None,
    *,
    evidence_dir: Path,
    claims: Mapping[str, Claim] | None = None,
    articles: Mapping[str, Article] | None = None,
    reliability: Callable[[str], float | None] | None = None,
    title: str = "Fact-check report",
    now: dt.datetime | None = None,
    since_run: int | None = None,
    language: str = "auto",
    min_checkworthy: float | None = None,
) -> ReportData:
    """Build the report of run ``run_id`` (default: the latest completed run that is not a spot check).

    ``claims`` (by id) and ``articles`` (by id), from the claim files, add the source sentence and the
    article's title, URL and date; ``reliability`` maps a URL to a 0..1 source reliability;
    ``since_run`` is the run to compare with (default: see :func:`find_runs`); ``language`` is
    ``en``, ``zh`` or ``auto`` (the language most of the run's articles are in). Cards come in
    reading order (:func:`~factcheck.report.data.order_cards`: by status, then most check-worthy
    first); with ``min_checkworthy`` the claims whose ``checkworthy`` score is below it are left out
    (claims without a score stay).
    Raises :class:`NotFoundError` when a run does not exist.
    """
    claims = claims or {}
    articles = articles or {}
    run, previous = find_runs(store, run_id, since_run=since_run)
    verdicts = store.verdicts_for_run(run.id)
    doc_ids = sorted({e.document_id for v in verdicts for e in v.evidence})
    documents = _documents(store, doc_ids)
    by_url = _archived_by_url(evidence_dir)
    histories = store.histories((v.claim_id for v in verdicts), until_run=run.id)

    cards: list[ClaimCard] = []
    for v in sorted(verdicts, key=lambda v: (v.article_id or "", v.claim_id)):
        claim = claims.get(v.claim_id)
        worth = claim.checkworthy if claim else None
        if min_checkworthy is not None and worth is not None and worth < min_checkworthy:
            continue
        article = articles.get(v.article_id) if v.article_id else None
        cards.append(
            ClaimCard(
                claim_id=v.claim_id,
                text=v.claim_text,
                kind=v.claim_kind,
                article_id=v.article_id,
                article_title=article.title if article else None,
                article_url=safe_http_url(article.source) if article else None,
                article_published=article.published if article else None,
                sentence=claim.sentence if claim else None,
                checkworthy=worth,
                machine_label=v.label,
                confidence=v.confidence,
                rationale=v.rationale,
                judge=v.judge,
                carried_over=v.carried_over,
                evidence=[
                    _evidence(e, documents.get(e.document_id), by_url, evidence_dir, reliability)
                    for e in v.evidence
                ],
                history=_history(histories.get(v.claim_id, [])),
                review=_review(v),
                needs_review=v.needs_review,
                trace=list(v.trace),
            )
        )

    changes = (
        [Change.from_store(c) for c in _report_order(store.changes_between(previous.id, run.id))]
        if previous is not None
        else []
    )
    if run.spot_check:  # the claims a spot check did not check are not "removed"
        changes = [c for c in changes if c.kind != "removed"]
    if language not in ("en", "zh"):
        language = _language_of(cards, articles)
    return assemble_report(
        title=title,
        language=language,
        run=_header(run),
        previous_run=_header(previous) if previous is not None else None,
        cards=order_cards(cards, changes),
        changes=changes,
        errors=len(store.fetch_errors(run.id)),
        errored=_errored(store.errored_claims(run.id)),
        generated_at=now or dt.datetime.now(dt.UTC),
    )


def _language_of(cards: Sequence[ClaimCard], articles: Mapping[str, Article]) -> str:
    """The language most of the cards' articles are in; without article languages, the language
    most claim texts are written in (Han characters: zh)."""
    langs = [
        articles[c.article_id].language for c in cards if c.article_id and c.article_id in articles
    ]
    if any(langs):
        return article_language(langs)
    return article_language("zh" if _HAN.search(c.text) else "en" for c in cards)


def _report_order(items: Sequence[StoreChange]) -> list[StoreChange]:
    """The store's changes (errored claims already left out) in report order: flips, new, removed."""
    order = {"flip": 0, "new": 1, "removed": 2}
    return sorted(items, key=lambda c: (order[c.kind], c.claim_id))


def load_claim_context(claims_dir: Path) -> tuple[dict[str, Claim], dict[str, Article]]:
    """Claims and articles by id from the claim files in ``claims_dir`` (empty when there are none).

    A report must not fail because a claim file is broken today: invalid files are logged and the
    report goes on without their sentences and article metadata.
    """
    claims: dict[str, Claim] = {}
    articles: dict[str, Article] = {}
    if not claims_dir.is_dir():
        return claims, articles
    try:
        files = load_claim_files([claims_dir])
    except ClaimFileErrors as exc:
        logger.warning(
            "claim files in %s have %d error(s); the report leaves out their sentences",
            claims_dir,
            len(exc.errors),
        )
        return claims, articles
    for loaded, claim in iter_claims(files):
        claims[claim.id] = claim
        article = loaded.model.article
        if article is not None:
            articles[article.id] = article
    return claims, articles


def load_report_data(
    settings: Settings,
    run_id: int | None = None,
    *,
    since_run: int | None = None,
    min_checkworthy: float | None = None,
) -> ReportData:
    """Open the store named by ``settings`` and build the report of ``run_id`` (default: latest),
    compared with ``since_run`` (default: the run before it), without the claims scoring below
    ``min_checkworthy``.

    Raises :class:`NotFoundError` for an unknown run, :class:`~factcheck.errors.StoreError` when the
    store cannot be read.
    """
    from factcheck.verify.reliability import load_reliability_table

    claims, articles = load_claim_context(settings.claims_dir)
    table = load_reliability_table(settings.verify.reliability_table)
    with Store.open(settings.database_url) as store:
        return build_report_data(
            store,
            run_id,
            evidence_dir=settings.evidence_dir,
            claims=claims,
            articles=articles,
            reliability=table.report_hook,
            title=settings.report.title,
            since_run=since_run,
            language=settings.report.language,
            min_checkworthy=min_checkworthy,
        )
