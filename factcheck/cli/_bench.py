"""`factcheck bench DATASET`: verdict quality on a labelled dataset (no LLM, no network)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from factcheck.cli._app import app, echo_json, get_settings

if TYPE_CHECKING:
    from factcheck.models import Verdict

__all__ = ["bench"]


@app.command("bench")
def bench(
    dataset: str = typer.Argument(
        ..., help="Dataset name under the data folder (climate-fever, scifact, …) or a path."
    ),
    fmt: str | None = typer.Option(
        None,
        "--format",
        help="climate-fever | scifact | check-covid | averitec | jsonl (default: from the name).",
    ),
    split: str | None = typer.Option(
        None, "--split", help="dev | test | train (default: the dataset's reported split)."
    ),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the first N claims."),
    data_dir: Path | None = typer.Option(
        None, "--data-dir", help="Folder of datasets (default: setting or ../shared/data)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON."),
    temporal: bool | None = typer.Option(
        None,
        "--temporal/--no-temporal",
        help="Ignore evidence published after each claim's date (AVeriTeC's rule); "
        "default: the verify.evidence_before_reference_date setting.",
    ),
) -> None:
    """Verify every claim of a labelled dataset; print accuracy, macro-F1, P/R, ECE, Brier, claims/s."""
    from factcheck.evaluation.datasets import (
        DATASET_FORMATS,
        BenchItem,
        DatasetError,
        find_data_dir,
    )
    from factcheck.evaluation.runner import bench_dataset
    from factcheck.verify import Verifier

    if fmt is not None and fmt not in DATASET_FORMATS:
        raise DatasetError(f"--format: {fmt!r} is not one of {', '.join(DATASET_FORMATS)}")
    settings = get_settings()
    root = data_dir or settings.verify.bench_data_dir or find_data_dir(Path.cwd())
    verifier = Verifier.from_settings(settings)
    if temporal is not None:
        verifier.evidence_before_reference_date = temporal
    excluded = 0

    def verify_one(it: BenchItem) -> Verdict:
        nonlocal excluded
        if verifier.evidence_before_reference_date:
            usable = verifier.usable_documents(it.claim, it.documents, it.reference_date)
            excluded += len(it.documents) - len(usable)
        return verifier.verify(it.claim, it.documents, reference_date=it.reference_date)

    result = bench_dataset(
        dataset,
        verify=verify_one,
        fmt=fmt,
        split=split,
        limit=limit,
        data_dir=root,
    )
    result["judge"] = verifier.judge.name if verifier.judge is not None else "local"
    result["verifier"] = verifier.version
    result["embeddings"] = verifier.model.needs_embeddings
    result["temporal"] = verifier.evidence_before_reference_date
    result["excluded_documents"] = excluded
    if as_json:
        echo_json(result)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{result['dataset']} ({result['split']}, n={result['n']})")
    for col in ("label", "precision", "recall", "f1", "support"):
        table.add_column(col, justify="left" if col == "label" else "right")
    for lab, m in result["per_label"].items():
        table.add_row(lab, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}",
                      str(m["support"]))  # fmt: skip
    console = Console()
    console.print(table)
    console.print(
        f"accuracy {result['accuracy']:.3f}  macro-F1 {result['macro_f1']:.3f}  "
        f"ECE {result['ece']:.3f}  Brier {result['brier']:.3f}  {result['claims_per_s']} claims/s"
    )
