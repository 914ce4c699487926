"""The libyaml fast path reads exactly what the round-trip loader reads, or defers to it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from ruamel.yaml import YAML

from factcheck.claims import dump_claim_file, parse_claim_file
from factcheck.claims._fast import fast_load
from factcheck.models import ClaimFile

from .test_roundtrip import claim_files


def _ruamel(text: str) -> object:
    return YAML(typ="rt").load(text)


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        ("017", 17),
        ("0o17", 15),
        ("0x1F", 31),
        ("-5", -5),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("no", "no"),
        ("on", "on"),
        ("yes", "yes"),
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("1_000", 1000),
        ("1_0.5", 10.5),
        ("0b11", 3),
        ("-0x1", -1),
        ("+0o7", 7),
        ("1.", 1.0),
        ("12e03", 12000.0),
        ("-.inf", float("-inf")),
        ("_1", "_1"),
        ("0b", "0b"),
        ("2025-3-5", "2025-3-5"),
        ("1:20", "1:20"),
        ("2025-03-15", dt.date(2025, 3, 15)),
        ("30.6%", "30.6%"),
        ("中关村", "中关村"),
    ],
)
def test_scalars_follow_yaml_1_2_like_ruamel(scalar: str, expected: object) -> None:
    text = f"v: {scalar}\n"
    fast = fast_load(text, 32)
    assert fast == {"v": expected}
    assert fast == dict(_ruamel(text))  # type: ignore[call-overload]


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # alias
        "a: 1\na: 2\n",  # duplicate key
        "%YAML 1.1\n---\na: no\n",  # directive
        "a:\n\t- 1\n",  # tab
        "a: " + "[" * 40 + "]" * 40 + "\n",  # deep
    ],
)
def test_hazards_are_left_to_the_round_trip_loader(text: str) -> None:
    assert fast_load(text, 32) is None


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claim_files())
def test_fast_path_and_round_trip_agree(model: ClaimFile) -> None:
    text = dump_claim_file(model)
    data = fast_load(text, 32)
    assert data is not None
    assert ClaimFile.model_validate(data) == ClaimFile.model_validate(_ruamel(text))
    loaded = parse_claim_file(text)
    assert loaded.model == model
    assert loaded._tree is None, "valid files are read without building the round-trip tree"
    assert loaded.tree is not None
