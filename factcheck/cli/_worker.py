"""`factcheck worker`: a Celery worker that checks the claims of distributed runs."""

from __future__ import annotations

import typer

from factcheck.cli._app import app, get_settings

__all__ = ["worker"]


@app.command("worker")
def worker(
    concurrency: int | None = typer.Option(
        None, "--concurrency", min=1, help="Claims at once (default: run.concurrency)."
    ),
    queues: list[str] | None = typer.Option(
        None, "--queues", "-Q", help="Queues to consume (default: run.queue)."
    ),
    pool: str = typer.Option("threads", "--pool", help="threads | prefork | solo"),
) -> None:
    """Start a worker for `factcheck run --backend celery` (broker: run.broker_url)."""
    from factcheck.cli._app import state
    from factcheck.distributed import start_worker

    loglevel = {-1: "ERROR", 0: "WARNING", 1: "INFO"}.get(state.verbosity, "DEBUG")
    start_worker(
        get_settings(),
        concurrency=concurrency,
        queues=[q for item in queues or [] for q in item.split(",") if q],
        pool=pool,
        loglevel=loglevel,
    )
