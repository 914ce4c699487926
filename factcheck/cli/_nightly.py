"""`factcheck nightly`: what a scheduler starts every night — run, report, log, alert.

Runs the nightly job, writes the report (with its archived copies beside it, so a report in a web
root links only inside it), appends everything to a dated log file in the log folder (created when
missing), and exits with the run's code: 0 all well, 1 findings (``nightly.fail_on``), 2 bad input,
3 internal or store failure (the report failing too), 4 claims that could not be checked. When the
code is not 0 it prints a short summary on stdout — cron mails a job's output, systemd's
``OnFailure=`` fires on the exit code — and pipes it to ``nightly.notify_command`` when one is set.
A quiet night prints nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
from pathlib import Path
from typing import Any

import typer

from factcheck.cli._app import app, get_settings
from factcheck.errors import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    ClaimFileErrors,
    FactcheckError,
    InputError,
    exit_code_for,
)

__all__ = ["nightly"]

_FAIL_ON = ("refuted", "flip", "unverified")


def _log_file(log_dir: Path, now: dt.datetime) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    return log_dir / f"nightly-{now:%Y-%m-%d}.log"


@app.command("nightly")
def nightly(
    report_dir: Path | None = typer.Option(
        None,
        "--report-dir",
        help="Where the report goes (default: nightly.report_dir, reports_dir).",
    ),
    log_dir: Path | None = typer.Option(
        None, "--log-dir", help="Log folder, created when missing (default: nightly.log_dir, log/)."
    ),
    fail_on: list[str] | None = typer.Option(
        None,
        "--fail-on",
        help="Findings that alert: refuted|flip|unverified (default: nightly.fail_on).",
    ),
    notify_command: str | None = typer.Option(
        None, "--notify-command", help="Shell command given the summary on stdin when alerting."
    ),
    allow_errors: bool = typer.Option(
        False, "--allow-errors", help="Claims that could not be checked do not alert (no exit 4)."
    ),
    offline: bool | None = typer.Option(
        None, "--offline/--online", help="Replay the evidence archive; open no socket."
    ),
) -> None:
    """The scheduled job: run, write the report, log to a dated file, alert when it matters.

    Prints nothing on a quiet night; otherwise a summary on stdout (cron mails it) and the exit code
    of `factcheck run` (1 findings, 4 unchecked claims; 2/3 failures), so systemd's OnFailure= fires.
    """
    overrides: dict[str, Any] = {}
    if offline is not None:
        overrides["run"] = {"offline": offline}
    settings = get_settings(overrides or None)
    cfg = settings.nightly
    wanted = list(fail_on) if fail_on is not None else list(cfg.fail_on)
    for value in wanted:
        if value not in _FAIL_ON:
            raise InputError(f"--fail-on: {value!r} is not one of {', '.join(_FAIL_ON)}")
    now = dt.datetime.now(dt.UTC)
    log_path = _log_file(log_dir or cfg.log_dir, now)
    out_dir = report_dir or cfg.report_dir or settings.reports_dir
    handler = logging.FileHandler(log_path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    ours = logging.getLogger("factcheck")
    previous_level = ours.level
    # everything goes to the log file, nothing to the terminal: a quiet night prints nothing
    # (cron mails any output), and the summary below says what matters
    ours.addHandler(handler)
    ours.setLevel(logging.INFO)
    ours.propagate = False
    log = logging.getLogger("factcheck.nightly")
    lines: list[str] = []
    code = EXIT_OK
    try:
        log.info("nightly started; report to %s", out_dir)
        code, lines = _run_and_report(settings, wanted, allow_errors, out_dir, log)
    finally:
        log.info("nightly finished with exit code %d", code)
        ours.removeHandler(handler)
        ours.setLevel(previous_level)
        ours.propagate = True
        handler.close()
    if code != EXIT_OK:
        summary = "\n".join([*lines, f"log: {log_path}", f"exit code {code}"]) + "\n"
        typer.echo(summary, nl=False)
        command = notify_command or cfg.notify_command
        if command:
            _notify(command, summary, log_path)
    raise typer.Exit(code)


def _run_and_report(
    settings: Any, fail_on: list[str], allow_errors: bool, out_dir: Path, log: logging.Logger
) -> tuple[int, list[str]]:
    from factcheck.pipeline import ClaimOutcome, RunOptions, run_claims
    from factcheck.report import load_report_data, write_report

    def on_claim(outcome: ClaimOutcome) -> None:
        log.info(
            "claim %s: %s %s (documents=%d errors=%d)",
            outcome.claim_id,
            outcome.outcome,
            outcome.label or "-",
            outcome.documents,
            outcome.errors,
        )

    options = RunOptions(
        offline=settings.run.offline,
        fail_on=fail_on,  # type: ignore[arg-type]
        concurrency=settings.run.concurrency,
        allow_errors=allow_errors,
    )
    lines: list[str] = []
    try:
        summary = run_claims(settings, options, on_claim=on_claim)
    except ClaimFileErrors as exc:
        lines.append(f"factcheck nightly: the claim files have {len(exc.errors)} error(s):")
        lines += [f"  {e.format()}" for e in exc.errors[:20]]
        log.error("claim files: %s", exc)
        return EXIT_BAD_INPUT, lines
    except FactcheckError as exc:
        lines.append(f"factcheck nightly: the run failed: {exc}")
        log.error("run failed: %s", exc)
        return exit_code_for(exc), lines
    code = summary.exit_code
    status = "partial" if summary.status == "completed" and summary.errored else summary.status
    head = (
        f"factcheck nightly: run {summary.run_id} {status}, {summary.claims_total} claims "
        f"({', '.join(f'{k} {v}' for k, v in summary.labels.items())})"
    )
    lines.append(head)
    log.info("%s", head)
    for finding in summary.findings:
        lines.append(f"finding: {finding}")
        log.warning("finding: %s", finding)
    for item in summary.errored:
        reasons = "; ".join(f"{e.kind}: {e.message} ({e.url or e.fetcher})" for e in item.errors)
        lines.append(f"could not check {item.claim_id}: {reasons}")
        log.warning("could not check %s: %s", item.claim_id, reasons)
    try:
        data = load_report_data(settings, summary.run_id)
        html, _ = write_report(
            data, out_dir, evidence_dir=settings.evidence_dir, publish_evidence=True
        )
        lines.append(f"report: {html}")
        log.info("report written: %s", html)
    except FactcheckError as exc:
        lines.append(f"factcheck nightly: the report failed: {exc}")
        log.error("report failed: %s", exc)
        return EXIT_INTERNAL, lines
    except OSError as exc:
        lines.append(f"factcheck nightly: the report could not be written: {exc}")
        log.error("report failed: %s", exc)
        return EXIT_INTERNAL, lines
    return code, lines


def _notify(command: str, summary: str, log_path: Path) -> None:
    """Pipe the summary to ``command`` (a shell command line); its failure is logged, not raised."""
    try:
        done = subprocess.run(
            command, shell=True, input=summary, text=True, capture_output=True, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        typer.echo(f"notify command failed: {exc}", err=True)
        return
    if done.returncode != 0:
        typer.echo(
            f"notify command exited {done.returncode}: {done.stderr.strip()[:300]}", err=True
        )
    with log_path.open("a", encoding="utf-8") as fh:
        fh.write(f"notify command exited {done.returncode}\n")
