"""Benchmark readers, label maps, metrics and the `factcheck bench` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app, main
from factcheck.evaluation.datasets import (
    AVERITEC_LABELS,
    CHECK_COVID_LABELS,
    CLIMATE_FEVER_LABELS,
    SCIFACT_LABELS,
    DatasetError,
    climate_fever_split,
    find_data_dir,
    infer_format,
    read_dataset,
)
from factcheck.evaluation.metrics import compute_metrics
from factcheck.models import LABELS
from factcheck.verify.calibrate import brier_score, expected_calibration_error, fit_calibrator


@pytest.mark.parametrize(
    "mapping", [CLIMATE_FEVER_LABELS, SCIFACT_LABELS, CHECK_COVID_LABELS, AVERITEC_LABELS]
)
def test_label_maps_target_our_labels(mapping: dict[str, str]) -> None:
    assert set(mapping.values()) <= set(LABELS)
    assert "supported" in mapping.values()
    assert "refuted" in mapping.values()


def test_disputed_and_conflicting_map_to_mixed() -> None:
    assert CLIMATE_FEVER_LABELS["DISPUTED"] == "mixed"
    assert AVERITEC_LABELS["Conflicting Evidence/Cherrypicking"] == "mixed"


def test_climate_fever_split_is_deterministic_and_roughly_60_20_20() -> None:
    splits = [climate_fever_split(str(i)) for i in range(3000)]
    assert splits == [climate_fever_split(str(i)) for i in range(3000)]
    share = {s: splits.count(s) / len(splits) for s in ("train", "dev", "test")}
    assert share["train"] == pytest.approx(0.6, abs=0.04)
    assert share["dev"] == pytest.approx(0.2, abs=0.04)
    assert share["test"] == pytest.approx(0.2, abs=0.04)


def test_metrics_on_a_hand_made_example() -> None:
    gold = ["supported", "supported", "refuted", "not_enough_evidence"]
    pred = ["supported", "refuted", "refuted", "supported"]
    m = compute_metrics(gold, pred, [0.9, 0.6, 0.8, 0.5])
    assert m["n"] == 4
    assert m["accuracy"] == 0.5
    assert m["per_label"]["supported"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}
    assert m["per_label"]["refuted"]["precision"] == 0.5
    assert m["per_label"]["refuted"]["recall"] == 1.0
    # macro over the three gold labels: (0.5 + 0.6667 + 0) / 3
    assert m["macro_f1"] == pytest.approx(0.3889, abs=1e-4)
    assert m["brier"] == pytest.approx((0.01 + 0.36 + 0.04 + 0.25) / 4, abs=1e-4)


def test_ece_and_brier() -> None:
    assert expected_calibration_error([1.0, 1.0], [True, True]) == 0.0
    assert expected_calibration_error([0.8] * 10, [True] * 8 + [False] * 2) == pytest.approx(0.0)
    assert expected_calibration_error([0.9] * 10, [True] * 5 + [False] * 5) == pytest.approx(0.4)
    assert brier_score([0.5, 0.5], [True, False]) == 0.25


def test_isotonic_calibration_is_monotone_and_maps_into_unit_interval() -> None:
    raw = [i / 100 for i in range(100)]
    correct = [i % 3 != 0 if i > 50 else i % 3 == 0 for i in range(100)]
    cal = fit_calibrator(raw, correct)
    values = [cal(x / 20) for x in range(21)]
    assert values == sorted(values)
    assert all(0.0 <= v <= 1.0 for v in values)


def test_infer_format() -> None:
    assert infer_format("climate-fever") == "climate-fever"
    assert infer_format("/x/scifact") == "scifact"
    assert infer_format("check-covid") == "check-covid"
    assert infer_format("averitec") == "averitec"
    assert infer_format("mine.jsonl") == "jsonl"
    with pytest.raises(DatasetError):
        infer_format("mystery")


def test_find_data_dir(tmp_path: Path) -> None:
    (tmp_path / "shared" / "data").mkdir(parents=True)
    (tmp_path / "proj" / "sub").mkdir(parents=True)
    assert find_data_dir(tmp_path / "proj" / "sub") == tmp_path / "shared" / "data"


def _jsonl_dataset(path: Path) -> Path:
    rows = [
        {"id": "a", "claim": "Polar bears live in the Arctic.", "label": "supported",
         "evidence": [{"text": "Polar bears live in the Arctic and hunt seals.", "url": "https://e.org/1"}]},
        {"id": "b", "claim": "The moon is made of cheese.", "label": "not_enough_evidence", "evidence": []},
        {"id": "c", "claim": "Water boils at 50 degrees at sea level.", "label": "refuted",
         "evidence": ["Water boils at 100 degrees Celsius at sea level."], "split": "test"},
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_jsonl_reader(tmp_path: Path) -> None:
    items, split = read_dataset(_jsonl_dataset(tmp_path / "d.jsonl"), "jsonl")
    assert split == "all"
    assert [it.gold for it in items] == [
        "supported",
        "not_enough_evidence",
        "refuted",
    ]
    assert items[0].documents[0].url == "https://e.org/1"
    assert items[1].documents == []
    only_test, _ = read_dataset(tmp_path / "d.jsonl", "jsonl", "test")
    assert [it.source_id for it in only_test] == ["c"]


def test_jsonl_reader_reports_bad_rows(tmp_path: Path) -> None:
    p = tmp_path / "bad.jsonl"
    p.write_text('{"claim": "x", "label": "true"}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match="unknown label"):
        read_dataset(p, "jsonl")


def test_cli_bench_json_on_a_jsonl_file(tmp_path: Path) -> None:
    path = _jsonl_dataset(tmp_path / "d.jsonl")
    result = CliRunner().invoke(app, ["bench", str(path), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["n"] == 3
    assert out["split"] == "all"
    assert out["dataset"] == "jsonl"
    for key in (
        "accuracy",
        "macro_f1",
        "per_label",
        "ece",
        "brier",
        "claims_per_s",
        "macro_f1_ci95",
        "risk_coverage",
        "wrong_share_at_0.9",
        "review_grid",
        "baseline",
    ):
        assert key in out  # fmt: skip
    lo, hi = out["macro_f1_ci95"]
    assert lo <= out["macro_f1"] <= hi
    assert out["baseline"]["model"] == "tfidf-logreg"
    assert [r["threshold"] for r in out["risk_coverage"]][:2] == [0.0, 0.5]
    # the claim without evidence is never guessed
    assert out["per_label"]["not_enough_evidence"]["recall"] == 1.0


def test_cli_bench_table_output(tmp_path: Path) -> None:
    path = _jsonl_dataset(tmp_path / "d.jsonl")
    result = CliRunner().invoke(app, ["bench", str(path), "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.output
    assert "claims/s" in result.output


def test_cli_bench_unknown_dataset_exits_2(tmp_path: Path) -> None:
    assert main(["bench", "no-such-dataset", "--data-dir", str(tmp_path)]) == 2
    assert main(["bench", "x.jsonl", "--format", "csv"]) == 2


def test_shared_dataset_readers(shared_data: Path) -> None:
    cf, split = read_dataset(shared_data / "climate-fever", "climate-fever")
    assert split == "test"
    assert len(cf) > 250
    assert all(len(it.documents) >= 1 for it in cf)
    sf, _ = read_dataset(shared_data / "scifact", "scifact", "dev")
    assert len(sf) == 300
    assert {it.gold for it in sf} == {"supported", "refuted", "not_enough_evidence"}
    # gold rationale spans point at real text
    it = next(i for i in sf if i.gold == "supported")
    doc = it.documents[0]
    spans = [s for s in it.gold_spans[doc.id] if s[2] == "supports"]
    assert spans
    assert doc.text[spans[0][0] : spans[0][1]].strip()
    cc, _ = read_dataset(shared_data / "check-covid", "check-covid", "dev")
    assert len(cc) == 207
    av, _ = read_dataset(shared_data / "averitec", "averitec", "dev")
    assert len(av) == 500
    assert "mixed" in {i.gold for i in av}
    with pytest.raises(DatasetError):
        read_dataset(shared_data / "scifact", "scifact", "test")
