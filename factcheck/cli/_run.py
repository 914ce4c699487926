"""`factcheck run`, `runs`, `show`, `history`, `review`: the nightly job and the review loop."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from factcheck.cli._app import app, echo_json, get_settings
from factcheck.errors import InputError, NotFoundError, RunInterruptedError
from factcheck.vocab import LABELS

__all__ = ["history", "review", "run", "runs", "show"]

_FAIL_ON = ("refuted", "flip", "unverified")


def _fmt_conf(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


@app.command("run")
def run(
    claims: list[Path] | None = typer.Option(
        None, "--claims", help="Claim files or folders (default: the claims folder)."
    ),
    offline: bool | None = typer.Option(
        None, "--offline/--online", help="Replay the evidence archive; open no socket."
    ),
    only: list[str] | None = typer.Option(None, "--only", help="Check only these claim ids."),
    since_run: int | None = typer.Option(
        None, "--since-run", help="Compare with this run (default: the previous completed run)."
    ),
    fail_on: list[str] | None = typer.Option(
        None,
        "--fail-on",
        help="Exit 1 when a claim is refuted (confidently), a verdict flipped, or verdicts need "
        "review: refuted|flip|unverified.",
    ),
    concurrency: int | None = typer.Option(None, "--concurrency", min=1, help="Claims at once."),
    resume: bool | None = typer.Option(
        None,
        "--resume/--no-resume",
        help="Resume the newest unfinished run (default: automatically when there is one).",
    ),
    fetcher: list[str] | None = typer.Option(None, "--fetcher", help="Use only these fetchers."),
    backend: str | None = typer.Option(None, "--backend", help="local | celery"),
    allow_errors: bool = typer.Option(
        False, "--allow-errors", help="Exit 0, not 4, when some claims could not be checked."
    ),
    min_checkworthy: float | None = typer.Option(
        None,
        "--min-checkworthy",
        min=0.0,
        max=1.0,
        help="Check only claims whose checkworthy score reaches this (0..1; claims without a "
        "score are kept). Claims are always checked most check-worthy first.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Check every claim: fetch evidence, decide verdicts, store them (the nightly job).

    Exit codes: 0 ok, 1 findings asked for by --fail-on, 2 bad input, 3 internal or store failure,
    4 some claims could not be checked (every fetch failed) unless --allow-errors. Claims are checked
    most check-worthy first. A run with --only or --min-checkworthy is a spot check: the next run's
    comparison skips it.
    """
    from factcheck.pipeline import RunOptions

    for value in fail_on or []:
        if value not in _FAIL_ON:
            raise InputError(f"--fail-on: {value!r} is not one of {', '.join(_FAIL_ON)}")
    overrides: dict[str, Any] = {"run": {}}
    if offline is not None:
        overrides["run"]["offline"] = offline
    if concurrency is not None:
        overrides["run"]["concurrency"] = concurrency
    if backend is not None:
        overrides["run"]["backend"] = backend
    settings = get_settings(overrides if overrides["run"] else None)
    options = RunOptions(
        claims=list(claims or []),
        offline=settings.run.offline,
        only=list(only or []),
        since_run=since_run,
        fail_on=[v for v in (fail_on or []) if v in _FAIL_ON],  # type: ignore[misc]
        concurrency=settings.run.concurrency,
        resume=resume,
        fetchers=list(fetcher or []),
        allow_errors=allow_errors,
        min_checkworthy=min_checkworthy,
    )
    with _stop_on_signals() as stop:
        try:
            summary = _run(settings, options, quiet=as_json, stop=stop)
        except KeyboardInterrupt as exc:  # a second signal: stopped hard, where it was
            raise RunInterruptedError(
                "run interrupted; the next `factcheck run` resumes it"
            ) from exc
        # The run is closed: a signal from here on is ignored (the handlers stay until the
        # summary is out), so a late SIGTERM neither kills the process with the summary unsaid
        # nor reports a finished run as interrupted.
        stop.closed = True
        if as_json:
            echo_json(summary.to_json())
        else:
            _print_summary(summary)
    raise typer.Exit(summary.exit_code)


class _StopSignal(threading.Event):
    """Set by SIGTERM or Ctrl-C; ``closed`` once the run is over (later signals are ignored)."""

    closed = False


@contextmanager
def _stop_on_signals() -> Iterator[_StopSignal]:
    """SIGTERM (systemd stop, cron timeout) or Ctrl-C asks the run to stop: the event is set.

    The run then cancels its claims in flight, closes itself as interrupted and raises
    ``RunInterruptedError`` (one line on stderr, exit 3). The handler raises nothing, so no
    exception lands in the middle of a store write or an event-loop callback. A second signal
    stops hard (``KeyboardInterrupt`` where the process is).
    """
    stop = _StopSignal()

    def handler(signum: int, frame: object) -> None:
        if stop.closed:  # the run is over: nothing left to stop
            return
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    try:
        previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    except ValueError:  # not the main thread (embedded use): leave signals alone
        yield stop
        return
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _run(settings: Any, options: Any, *, quiet: bool, stop: threading.Event) -> Any:
    """Run with progress: a bar on a terminal, one plain line per claim on stderr under cron
    (none with --json). ``run_claims`` picks the executor from ``run.backend``."""
    from factcheck.pipeline import ClaimOutcome, run_claims

    interactive = sys.stderr.isatty() and not quiet
    if not interactive:  # cron: one plain line per claim on stderr (none with --json)

        def log_line(outcome: ClaimOutcome) -> None:
            if quiet:
                return
            typer.echo(
                f"claim {outcome.claim_id}: {outcome.outcome} {outcome.label or '-'} "
                f"{_fmt_conf(outcome.confidence)} (documents={outcome.documents} "
                f"errors={outcome.errors})",
                err=True,
            )

        return run_claims(settings, options, on_claim=log_line, stop=stop)

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("[bold]run"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        transient=True,
    )
    task_ids: list[Any] = []

    def on_start(run_info: Any, n: int) -> None:
        task_ids.append(progress.add_task(f"run {run_info.id}", total=n))

    def on_claim(outcome: ClaimOutcome) -> None:
        if task_ids:
            progress.update(task_ids[0], advance=1, description=outcome.claim_id)

    with progress:
        return run_claims(settings, options, on_claim=on_claim, on_start=on_start, stop=stop)


def _print_summary(summary: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    status = "partial" if summary.status == "completed" and summary.errored else summary.status
    title = f"run {summary.run_id}: {status}" + (" (resumed)" if summary.resumed else "")
    if summary.spot_check:
        title += " (spot check)"
    table = Table(title=title)
    table.add_column("label")
    table.add_column("claims", justify="right")
    for label in LABELS:
        table.add_row(label, str(summary.labels.get(label, 0)))
    console.print(table)
    c = summary.counts
    console.print(
        f"verified {c.get('verified', 0)}, carried over {c.get('carried_over', 0)}, "
        f"errored {c.get('errored', 0)}, already decided {c.get('skipped', 0)}; "
        f"{summary.duration_s:.1f}s"
    )
    flips = [ch for ch in summary.changes if ch.kind == "flip"]
    if summary.compared_to is not None:
        console.print(f"changes since run {summary.compared_to}: {len(flips)} flip(s)")
        for ch in flips:
            console.print(f"  {ch.claim_id}: {ch.before} → {ch.after}")
    for name, reason in summary.disabled_fetchers.items():
        console.print(f"fetcher {name} {reason}", style="dim")
    for finding in summary.findings:
        console.print(f"finding: {finding}", style="bold red")
    _print_errored(console, summary.errored)
    if summary.errored:
        note = " (allowed: --allow-errors)" if summary.allow_errors else " (exit code 4)"
        console.print(
            f"{len(summary.errored)} claim(s) could not be checked{note}", style="bold red"
        )


def _print_errored(console: Any, errored: Any) -> None:
    """Each claim that could not be checked, with the reasons (fetcher, URL, error)."""
    for item in errored:
        console.print(
            f"could not check {item.claim_id}: {item.claim_text or ''}",
            markup=False,
            highlight=False,
        )
        for err in item.errors:
            where = " ".join(x for x in (err.fetcher, err.url) if x)
            console.print(f"  {err.kind}: {err.message} ({where})", markup=False, highlight=False)


def _open_store() -> Any:
    from factcheck.store import Store

    return Store.open(get_settings().database_url)


@app.command("runs")
def runs(
    limit: int = typer.Option(20, "--limit", min=1, help="How many runs, newest first."),
    as_json: bool = typer.Option(False, "--json", help="Print runs as JSON."),
) -> None:
    """List runs, newest first."""
    with _open_store() as store:
        items = store.runs(limit=limit)
    if as_json:
        echo_json(
            [
                {
                    "id": r.id,
                    "status": r.status,
                    "outcome": r.outcome,
                    "spot_check": r.spot_check,
                    "errored": r.errored,
                    "started_at": r.started_at.isoformat(),
                    "finished_at": r.finished_at.isoformat() if r.finished_at else None,
                    "claims_total": r.claims_total,
                    "counts": r.counts,
                    "backend": r.backend,
                }
                for r in items
            ]
        )
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(items)} run(s)")
    for col in ("id", "status", "started", "duration", "claims", "verified", "carried", "errored"):
        table.add_column(col)
    for r in items:
        dur = "" if r.duration_s is None else f"{r.duration_s:.1f}s"
        table.add_row(
            str(r.id),
            r.outcome + (" (spot check)" if r.spot_check else ""),
            r.started_at.strftime("%Y-%m-%d %H:%M"),
            dur,
            str(r.claims_total),
            str(r.counts.get("verified", "")),
            str(r.counts.get("carried_over", "")),
            str(r.counts.get("errored", "")),
        )
    Console().print(table)


def _review_json(r: Any) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "label": r.label,
        "note": r.note,
        "by": r.by,
        "confirmed_by": r.confirmed_by,
        "created_at": r.created_at.isoformat(),
        "claim_hash": r.claim_hash,
        "machine_label": r.machine_label,
    }


def _verdict_json(v: Any) -> dict[str, Any]:
    return {
        "run_id": v.run_id,
        "claim_id": v.claim_id,
        "claim_text": v.claim_text,
        "label": v.label,
        "effective_label": v.effective_label,
        "confidence": v.confidence,
        "rationale": v.rationale,
        "judge": v.judge,
        "carried_over": v.carried_over,
        "needs_review": v.needs_review,
        "trace": [t.model_dump(mode="json") for t in v.trace],
        "evidence": [e.model_dump(mode="json") for e in v.evidence],
        "review": _review_json(v.review),
        "text_changed_since_review": v.text_changed_since_review,
        "machine_disagrees": v.machine_disagrees,
    }


def _error_json(e: Any) -> dict[str, Any]:
    return {
        "run_id": e.run_id,
        "fetcher": e.fetcher,
        "url": e.url,
        "kind": e.kind,
        "message": e.message,
    }


def _event_json(e: Any) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "action": e.action,
        "actor": e.actor,
        "at": e.created_at.isoformat(),
        "note": e.note,
        "status_before": e.before.status,
        "status_after": e.after.status,
        "label_before": e.before.label,
        "label_after": e.after.label,
        "assignee": e.after.assignee,
        "machine_run_id": e.machine_run_id,
        "machine_label": e.machine_label,
        "machine_confidence": e.machine_confidence,
        "verifier": e.verifier,
    }


@app.command("show")
def show(
    claim_id: str = typer.Argument(..., help="Claim id."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Show a claim: its latest verdict, the evidence quoted, the standing human review, and the
    fetch errors when its newest run could not check it."""
    with _open_store() as store:
        timeline = store.claim_timeline(claim_id)
        state = store.review_state(claim_id)
    checked = [t for t in timeline if t.verdict is not None]
    if not timeline:
        raise NotFoundError(f"no verdict for claim {claim_id!r} in the store")
    latest = checked[-1].verdict if checked else None
    last = timeline[-1]
    errors = last.errors if last.verdict is None else []
    if as_json:
        data: dict[str, Any] = (
            _verdict_json(latest) if latest is not None else {"claim_id": claim_id}
        )
        data["review_status"] = state.status
        data["assignee"] = state.assignee
        data["latest_run"] = {"id": last.run.id, "outcome": last.outcome}
        data["errors"] = [_error_json(e) for e in errors]
        echo_json(data)
        return
    from rich.console import Console

    console = Console()
    if latest is None:
        console.print(f"{claim_id}: never checked successfully", markup=False, highlight=False)
    else:
        console.print(
            f"[bold]{latest.claim_id}[/bold]  {latest.claim_text}", markup=True, highlight=False
        )
        label = latest.effective_label
        if latest.needs_review and latest.review is None:
            label = f"UNVERIFIED (needs review; machine leans {latest.label})"
        line = f"verdict (run {latest.run_id}): {label}  confidence {latest.confidence:.2f}"
        if latest.review is not None:
            line += f"  [reviewed by {latest.review.by}; machine said {latest.label}]"
        console.print(line, markup=False, highlight=False)
        if latest.review is not None and latest.review.note:
            console.print(f"review note: {latest.review.note}", markup=False, highlight=False)
        if latest.text_changed_since_review:
            console.print("text changed since review", style="bold yellow")
        if latest.machine_disagrees:
            console.print("machine now disagrees with the review", style="bold yellow")
        console.print(f"rationale: {latest.rationale}", markup=False, highlight=False)
        for t in latest.trace:
            where = " ".join(x for x in (t.item, t.property, t.url or t.document_id) if x)
            console.print(
                f"  trace: {t.outcome} by {t.rule}: claimed {t.claimed or '—'}, "
                f"found {t.observed or '—'} ({where})",
                markup=False,
                highlight=False,
            )
        for ev in latest.evidence:
            where = ev.url or ev.document_id
            date = f" ({ev.published})" if ev.published else ""
            console.print(
                f"  [{ev.stance}] {where}{date}: “{ev.quote}”", markup=False, highlight=False
            )
    if state.status == "pending":
        console.print(
            f"decision waiting for a second approval: {state.label} by {state.decided_by}",
            markup=False,
            highlight=False,
        )
    if errors:
        console.print(
            f"run {last.run.id} could not check it ({len(errors)} fetch error(s)):",
            style="bold red",
        )
        for err in errors:
            where = " ".join(x for x in (err.fetcher, err.url) if x)
            console.print(f"  {err.kind}: {err.message} ({where})", markup=False, highlight=False)


@app.command("history")
def history(
    claim_id: str = typer.Argument(..., help="Claim id."),
    events_only: bool = typer.Option(
        False, "--events", help="Only the review events (the audit trail), oldest first."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Show a claim across runs, oldest first: each run's verdict, or its fetch errors, or that the
    run failed or was interrupted; then every review event (the audit trail)."""
    with _open_store() as store:
        timeline = store.claim_timeline(claim_id)
        events = list(reversed(store.review_events(claim_id)))
    if not timeline and not events:
        raise NotFoundError(f"no verdict for claim {claim_id!r} in the store")
    if as_json and events_only:
        echo_json([_event_json(e) for e in events])
        return
    if as_json:
        echo_json(
            [
                {
                    **(
                        _verdict_json(t.verdict)
                        if t.verdict is not None
                        else {"run_id": t.run.id, "claim_id": claim_id, "label": None}
                    ),
                    "run_outcome": t.run.outcome,
                    "spot_check": t.run.spot_check,
                    "outcome": t.outcome,
                    "errors": [_error_json(e) for e in t.errors],
                }
                for t in timeline
            ]
        )
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"history of {claim_id}")
    for col in ("run", "run status", "label", "confidence", "carried over", "errors"):
        table.add_column(col)
    for t in timeline:
        v = t.verdict
        run_status = t.run.outcome + (" (spot check)" if t.run.spot_check else "")
        errs = "; ".join(f"{e.kind}: {e.message}" for e in t.errors)
        if v is None:
            table.add_row(str(t.run.id), run_status, t.outcome, "", "", errs)
        else:
            table.add_row(
                str(t.run.id),
                run_status,
                v.label,
                f"{v.confidence:.2f}",
                "yes" if v.carried_over else "",
                errs,
            )
    console = Console()
    if not events_only:
        console.print(table)
    if events:
        trail = Table(title="review events")
        for col in ("#", "when", "who", "action", "before", "after", "machine saw", "note"):
            trail.add_column(col)
        for e in events:
            trail.add_row(
                str(e.seq),
                e.created_at.strftime("%Y-%m-%d %H:%M"),
                e.actor,
                e.action,
                f"{e.before.status} {e.before.label or ''}".strip(),
                f"{e.after.status} {e.after.label or ''}".strip(),
                f"{e.machine_label or '-'} (run {e.machine_run_id})",
                e.note,
            )
        console.print(trail)


@app.command("review")
def review(
    claim_id: str = typer.Argument(..., help="Claim id."),
    label: str = typer.Option(..., "--label", help=f"Your label: {', '.join(LABELS)}."),
    note: str = typer.Option(
        "", "--note", help="Why; required when your label differs from the machine's."
    ),
    by: str | None = typer.Option(None, "--by", help="Reviewer name (default: $USER)."),
    as_json: bool = typer.Option(False, "--json", help="Print the stored review as JSON."),
) -> None:
    """Record a human label for a claim. It stands over every later machine verdict (a nightly run
    never overwrites it) and survives rewording; `factcheck serve` offers the full review workflow."""
    import getpass

    if label not in LABELS:
        raise InputError(f"--label: {label!r} is not one of {', '.join(LABELS)}")
    reviewer = by or getpass.getuser()
    with _open_store() as store:
        stored = store.add_review(claim_id, label=label, note=note, by=reviewer)
    if as_json:
        echo_json(
            {
                "claim_id": stored.claim_id,
                "claim_hash": stored.claim_hash,
                "label": stored.label,
                "note": stored.note,
                "by": stored.by,
                "created_at": stored.created_at.isoformat(),
            }
        )
    else:
        typer.echo(f"review stored: {claim_id} → {label} (by {reviewer})")
