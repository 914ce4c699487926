"""Quality gate: verdict quality on the shared datasets must not fall below the committed floors.

Floors and ceilings live in ``quality_baseline.json`` beside this file, written from a measured run by
``bench/results_table.py --update-baseline`` (lowered only deliberately). Each dataset's reported split is
scored in full (a few seconds each); skipped when ../shared/data is absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from factcheck.evaluation.runner import bench_dataset
from factcheck.verify import Verifier
from factcheck.verify.stance import load_default_model

pytestmark = pytest.mark.slow  # whole datasets: seconds each (not in `make test-fast`)

BASELINE: dict[str, Any] = json.loads(
    (Path(__file__).parent / "quality_baseline.json").read_text(encoding="utf-8")
)["datasets"]
# Scores are deterministic; the tolerance absorbs float differences across numpy builds only.
TOLERANCE = 0.005


@pytest.fixture(scope="module")
def verifier() -> Verifier:
    return Verifier(load_default_model(), top_k=5)


@pytest.mark.parametrize("dataset", sorted(BASELINE))
def test_quality_floor(dataset: str, shared_data: Path, verifier: Verifier) -> None:
    base = BASELINE[dataset]
    result = bench_dataset(
        base.get("dataset", dataset),
        verify=lambda it: verifier.verify(it.claim, it.documents, reference_date=it.reference_date),
        fmt=base.get("format"),
        split=base["split"],
        data_dir=shared_data,
        baseline=False,
    )
    assert result["n"] == base["n"], "dataset changed: re-measure the baseline"
    assert result["macro_f1"] >= base["macro_f1_floor"] - TOLERANCE, result
    assert result["ece"] <= base["ece_ceiling"] + TOLERANCE, result
