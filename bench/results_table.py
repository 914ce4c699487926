"""Run `factcheck bench DATASET --json` on every shared dataset; rewrite the README results table.

The table between ``<!-- bench:start -->`` and ``<!-- bench:end -->`` in README.md is replaced by the
numbers measured now (none typed by hand). With ``--update-baseline`` the quality-gate floors in
``tests/verify/quality_baseline.json`` are reset from the same run (macro-F1 floor = measured - margin,
ECE ceiling = measured + margin): do that only deliberately, after retraining.

Usage: python bench/results_table.py [--readme README.md] [--update-baseline] [--margin 0.03]
Prints the collected JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

DATASETS = ("scifact", "climate-fever", "check-covid", "averitec")
# extra runs: AVeriTeC carries claim dates, so it is also measured with temporal filtering
VARIANTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "averitec": (("--no-temporal",), ("--temporal",))
}
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "tests" / "verify" / "quality_baseline.json"


def run_one(name: str, extra: list[str], *, embeddings: bool = False) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "factcheck", "bench", name, "--json", *extra]
    env = dict(os.environ)
    if embeddings:
        env["FACTCHECK_VERIFY__STANCE_EMBEDDINGS"] = "true"
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT, env=env)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def render(results: list[dict[str, Any]]) -> str:
    head = (
        "| dataset | split | n | accuracy | macro-F1 | ECE | Brier | claims/s (wall) | "
        "claims/CPU-s | P/R supported | P/R refuted | P/R mixed | P/R not enough evidence |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    rows = []
    for r in results:
        pr = []
        for lab in ("supported", "refuted", "mixed", "not_enough_evidence"):
            m = r["per_label"].get(lab)
            pr.append(f"{m['precision']:.2f} / {m['recall']:.2f}" if m and m["support"] else "–")
        name = r["dataset"] + (" (temporal)" if r.get("temporal") else "")
        name += " (embed)" if r.get("embeddings") else ""
        rows.append(
            f"| {name} | {r['split']} | {r['n']} | {r['accuracy']:.3f} | {r['macro_f1']:.3f} | "
            f"{r['ece']:.3f} | {r['brier']:.3f} | {r['claims_per_s']:.0f} | "
            f"{r['claims_per_cpu_s']:.0f} | " + " | ".join(pr) + " |"
        )
    note = (
        "\nMeasured by `python bench/results_table.py` (runs `factcheck bench NAME --json`; local "
        "judge, CPU, no LLM; rows marked (embed) add MiniLM sentence embeddings to the stance model, "
        "the others use none). Wall claims/s depends on the load of the shared 2-core "
        "machine; claims/CPU-s is the same run divided by this process's CPU time.\n"
    )
    for r in results:
        if r.get("temporal"):
            note += (
                f"\n{r['dataset']} (temporal): `factcheck bench {r['dataset']} --temporal` leaves out "
                f"evidence published after each claim's date ({r.get('excluded_documents', 0)} "
                "documents, dated by their metadata or URL path); the row above it is `--no-temporal`.\n"
            )
    return head + "\n".join(rows) + "\n" + note


def rewrite_readme(readme: Path, table: str) -> None:
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{readme}: markers {START} / {END} not found")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    readme.write_text(before + START + "\n" + table + END + after, encoding="utf-8")


def update_baseline(results: list[dict[str, Any]], margin: float) -> None:
    data = {
        "comment": "Quality-gate floors written by bench/results_table.py --update-baseline; "
        "lower them only deliberately.",
        "datasets": {
            r["dataset"]: {
                "split": r["split"],
                "n": r["n"],
                "measured_macro_f1": r["macro_f1"],
                "measured_ece": r["ece"],
                "macro_f1_floor": round(max(r["macro_f1"] - margin, 0.0), 3),
                "ece_ceiling": round(r["ece"] + margin, 3),
            }
            for r in results
            if not r.get("temporal") and not r.get("embeddings")
        },
    }
    BASELINE.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--readme", type=Path, default=ROOT / "README.md")
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--update-baseline", action="store_true")
    ap.add_argument("--margin", type=float, default=0.03)
    ap.add_argument(
        "--embed",
        action="store_true",
        help="also run scifact and climate-fever with the embedding stance model (embed extra)",
    )
    args = ap.parse_args(argv)
    extra = ["--data-dir", str(args.data_dir)] if args.data_dir else []
    results = [
        run_one(name, [*extra, *flags]) for name in DATASETS for flags in VARIANTS.get(name, ((),))
    ]
    if args.embed:
        results += [run_one(name, extra, embeddings=True) for name in ("scifact", "climate-fever")]
    rewrite_readme(args.readme, render(results))
    if args.update_baseline:
        update_baseline(results, args.margin)
    sys.stdout.write(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
