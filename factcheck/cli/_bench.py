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
        help="climate-fever | scifact | check-covid | check-covid-gold | averitec | ocnli | "
        "xnli-zh | cnli | taxinli | wice | jsonl (default: from the name).",
    ),
    split: str | None = typer.Option(
        None, "--split", help="dev | test | train (default: the dataset's reported split)."
    ),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Only the first N claims."),
    data_dir: Path | None = typer.Option(
        None, "--data-dir", help="Folder of datasets (default: setting or ../shared/data)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON."),
    baseline: bool = typer.Option(
        True,
        "--baseline/--no-baseline",
        help="Also train and score the TF-IDF + logistic-regression baseline on the dataset's "
        "training split (cross-fitted where there is none).",
    ),
    temporal: bool | None = typer.Option(
        None,
        "--temporal/--no-temporal",
        help="Ignore evidence published after each claim's date (AVeriTeC's rule); "
        "default: the verify.evidence_before_reference_date setting.",
    ),
) -> None:
    """Verify every claim of a labelled dataset; print accuracy, macro-F1 (bootstrap 95 % interval),
    P/R, ECE, Brier, risk–coverage and claims/s, beside a TF-IDF baseline trained in the same run."""
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
        baseline=baseline,
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
    lo, hi = result["macro_f1_ci95"]
    console.print(
        f"accuracy {result['accuracy']:.3f}  macro-F1 {result['macro_f1']:.3f} "
        f"[{lo:.3f}, {hi:.3f}]  ECE {result['ece']:.3f}  Brier {result['brier']:.3f}  "
        f"{result['claims_per_s']} claims/s"
    )
    b = result.get("baseline")
    if b and "macro_f1" in b:
        blo, bhi = b["macro_f1_ci95"]
        console.print(
            f"baseline (TF-IDF + LR, trained on {b['trained_on']}): accuracy {b['accuracy']:.3f}  "
            f"macro-F1 {b['macro_f1']:.3f} [{blo:.3f}, {bhi:.3f}]  ECE {b['ece']:.3f}"
        )
    risk = Table(title="risk–coverage (verdicts at confidence ≥ threshold)")
    for col in ("threshold", "coverage", "accuracy", "P supported/refuted"):
        risk.add_column(col, justify="right")
    for r in result["risk_coverage"]:
        acc = "–" if r["accuracy"] is None else f"{r['accuracy']:.3f}"
        dp = "–" if r["decisive_precision"] is None else f"{r['decisive_precision']:.3f}"
        risk.add_row(f"{r['threshold']:.2f}", f"{r['coverage']:.3f}", acc, dp)
    console.print(risk)
