"""Run `factcheck bench … --json` on every shared dataset; rewrite the results tables of docs/benchmarks.md.

Each run prints the verifier and, trained in the same run on the dataset's training split, the TF-IDF +
logistic-regression baseline. The tables between ``<!-- bench:start -->`` and ``<!-- bench:end -->`` in
docs/benchmarks.md are replaced by the numbers measured now (none typed by hand), including the pooled precision of
supported/refuted verdicts at confidence ≥ 0.9 on the dev splits and the review threshold chosen there.
With ``--update-baseline`` the quality-gate floors in ``tests/verify/quality_baseline.json`` are reset from
the same run (macro-F1 floor = measured - margin, ECE ceiling = measured + margin): do that only
deliberately, after retraining.

Usage: python bench/results_table.py [--page docs/benchmarks.md] [--update-baseline] [--margin 0.03]
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck.evaluation.metrics import choose_review_threshold  # noqa: E402

# (row key, dataset argument, extra flags, in the docs table, in the quality gate)
RUNS: tuple[tuple[str, str, tuple[str, ...], bool, bool], ...] = (
    ("scifact", "scifact", (), True, True),
    ("climate-fever", "climate-fever", (), True, True),
    ("climate-fever-dev", "climate-fever", ("--split", "dev"), False, False),
    ("check-covid", "check-covid", (), True, True),
    ("check-covid-gold", "check-covid", ("--format", "check-covid-gold"), True, True),
    ("averitec", "averitec", ("--no-temporal",), True, True),
    ("averitec-temporal", "averitec", ("--temporal",), True, False),
    ("ocnli", "zh-nli/ocnli", (), True, True),
    ("xnli-zh", "zh-nli/xnli-zh", (), True, True),
    ("xnli-zh-dev", "zh-nli/xnli-zh", ("--split", "dev"), False, False),
    ("cnli", "zh-nli/cnli", (), True, False),
)
DATASETS = tuple(dict.fromkeys(name for _, name, _, _, _ in RUNS))
# dev splits pooled for the precision at ≥ 0.9 and the review threshold (never a test split)
POOLED_DEV = ("scifact", "climate-fever-dev", "check-covid", "check-covid-gold", "averitec", "ocnli",
              "xnli-zh-dev")  # fmt: skip
REVIEW_TARGET = 0.9
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
BASELINE = ROOT / "tests" / "verify" / "quality_baseline.json"


def run_one(name: str, extra: list[str], *, embeddings: bool = False) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "factcheck", "bench", name, "--json", *extra]
    env = dict(os.environ)
    if embeddings:
        env["FACTCHECK_VERIFY__STANCE_EMBEDDINGS"] = "true"
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT, env=env)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def _ci(m: dict[str, Any]) -> str:
    lo, hi = m["macro_f1_ci95"]
    return f"{m['macro_f1']:.3f} [{lo:.2f}, {hi:.2f}]"


def _at(r: dict[str, Any], t: float) -> dict[str, Any]:
    return next(x for x in r["risk_coverage"] if abs(x["threshold"] - t) < 1e-9)


def pooled(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Pooled dev-split precision of supported/refuted at ≥ 0.9 and the chosen review threshold."""
    rows = [r for k in POOLED_DEV if k in results for r in results[k]["review_grid"]]
    at9 = [_at(results[k], 0.9) for k in POOLED_DEV if k in results]
    n = sum(x["decisive_n"] for x in at9)
    ok = sum(x["decisive_correct"] for x in at9)
    return {
        "dev_runs": [k for k in POOLED_DEV if k in results],
        "decisive_at_0.9": {"n": n, "correct": ok, "precision": round(ok / n, 4) if n else None},
        "review_threshold": choose_review_threshold(rows, target=REVIEW_TARGET),
        "review_target": REVIEW_TARGET,
    }


def render(results: dict[str, dict[str, Any]]) -> str:
    rows = [(k, results[k]) for k, _, _, shown, _ in RUNS if shown and k in results]
    head = (
        "| dataset | split | n | verifier macro-F1 [95 % CI] | TF-IDF baseline macro-F1 [95 % CI] | "
        "accuracy (verifier / baseline) | ECE (verifier / baseline) | Brier | coverage ≥ 0.9 | "
        "wrong share ≥ 0.9 | claims/CPU-s |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = []
    for key, r in rows:
        b = r.get("baseline") or {}
        base = _ci(b) if "macro_f1" in b else "–"
        base += " (cross-fit)" if b.get("cross_fitted") else ""
        wrong = r["wrong_share_at_0.9"]
        at9 = _at(r, 0.9)
        lines.append(
            f"| {key} | {r['split']} | {r['n']} | {_ci(r)} | {base} | "
            f"{r['accuracy']:.3f} / {b.get('accuracy', float('nan')):.3f} | "
            f"{r['ece']:.3f} / {b.get('ece', float('nan')):.3f} | {r['brier']:.3f} | "
            f"{at9['coverage']:.3f} | {'–' if wrong is None else f'{wrong:.3f}'} | "
            f"{r['claims_per_cpu_s']:.0f} |"
        )
    risk_head = (
        "\n| dataset | " + " | ".join(f"≥ {t:g}: cov / acc" for t in (0.5, 0.7, 0.8, 0.9, 0.95))
        + " |\n|---|---|---|---|---|---|\n"
    )  # fmt: skip
    risk = []
    for key, r in rows:
        cells = []
        for t in (0.5, 0.7, 0.8, 0.9, 0.95):
            x = _at(r, t)
            acc = "–" if x["accuracy"] is None else f"{x['accuracy']:.2f}"
            cells.append(f"{x['coverage']:.2f} / {acc}")
        risk.append(f"| {key} | " + " | ".join(cells) + " |")
    pr_head = (
        "\n| dataset | P/R supported | P/R refuted | P/R mixed | P/R not enough evidence |\n"
        "|---|---|---|---|---|\n"
    )
    prs = []
    for key, r in rows:
        pr = []
        for lab in ("supported", "refuted", "mixed", "not_enough_evidence"):
            m = r["per_label"].get(lab)
            pr.append(f"{m['precision']:.2f} / {m['recall']:.2f}" if m and m["support"] else "–")
        prs.append(f"| {key} | " + " | ".join(pr) + " |")
    p = pooled(results)
    d = p["decisive_at_0.9"]
    prec = "–" if d["precision"] is None else f"{d['precision']:.3f}"
    note = (
        f"\nPooled dev splits ({', '.join(p['dev_runs'])}): supported/refuted verdicts at confidence "
        f"≥ 0.9 are right {d['correct']} of {d['n']} times (precision {prec}). Review threshold "
        f"chosen there (smallest threshold from which supported/refuted precision stays ≥ "
        f"{p['review_target']:.2f}): {p['review_threshold']}.\n\n"
        "Measured by `python bench/results_table.py` (runs `factcheck bench NAME --json` for each row; "
        "local judge, CPU, no LLM). The baseline is trained in the same run on the dataset's training "
        "split (SciFact train, CLIMATE-FEVER hash-train, Check-COVID train, OCNLI train.10k, XNLI-zh "
        "dev, CNLI dev; AVeriTeC has only dev here, so its baseline is 5-fold cross-fitted on it). "
        "Intervals: percentile bootstrap, 1,000 resamples of claims, seed 0. claims/CPU-s is the "
        "verifier's claims divided by this process's CPU time.\n"
    )
    for key, r in rows:
        if r.get("temporal"):
            note += (
                f"\n{key}: `factcheck bench averitec --temporal` leaves out evidence published after "
                f"each claim's date ({r.get('excluded_documents', 0)} documents, dated by their "
                "metadata or URL path); the row `averitec` is `--no-temporal`.\n"
            )
    return (
        head + "\n".join(lines) + "\n" + risk_head + "\n".join(risk) + "\n" + pr_head
        + "\n".join(prs) + "\n" + note
    )  # fmt: skip


def rewrite_readme(readme: Path, table: str) -> None:
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{readme}: markers {START} / {END} not found")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    readme.write_text(before + START + "\n" + table + END + after, encoding="utf-8")


def update_baseline(results: dict[str, dict[str, Any]], margin: float) -> None:
    gated = {k: (name, flags) for k, name, flags, _, gate in RUNS if gate and k in results}
    data = {
        "comment": "Quality-gate floors written by bench/results_table.py --update-baseline; "
        "lower them only deliberately.",
        "datasets": {
            key: {
                "dataset": name,
                "format": results[key]["dataset"],
                "split": results[key]["split"],
                "n": results[key]["n"],
                "measured_macro_f1": results[key]["macro_f1"],
                "measured_ece": results[key]["ece"],
                "macro_f1_floor": round(max(results[key]["macro_f1"] - margin, 0.0), 3),
                "ece_ceiling": round(results[key]["ece"] + margin, 3),
            }
            for key, (name, flags) in gated.items()
        },
    }
    BASELINE.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--page", "--readme", dest="page", type=Path, default=ROOT / "docs" / "benchmarks.md"
    )
    ap.add_argument("--data-dir", type=Path, default=None)
    ap.add_argument("--update-baseline", action="store_true")
    ap.add_argument("--margin", type=float, default=0.03)
    ap.add_argument("--only", default=None, help="comma-separated row keys (no page rewrite)")
    args = ap.parse_args(argv)
    extra = ["--data-dir", str(args.data_dir)] if args.data_dir else []
    only = set(args.only.split(",")) if args.only else None
    results: dict[str, dict[str, Any]] = {}
    for key, name, flags, _, _ in RUNS:
        if only is None or key in only:
            results[key] = run_one(name, [*extra, *flags])
            sys.stderr.write(
                f"{key}: macro-F1 {results[key]['macro_f1']:.3f} baseline "
                f"{(results[key].get('baseline') or {}).get('macro_f1')}\n"
            )
    if only is None:
        rewrite_readme(args.page, render(results))
        if args.update_baseline:
            update_baseline(results, args.margin)
    out = {"runs": results, "pooled_dev": pooled(results)}
    sys.stdout.write(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
