"""Fuzz the claim-file loader with mutated copies of a valid file.

Whatever the bytes (a range deleted, random bytes inserted, lines duplicated or swapped, a line
re-indented), ``load_claim_file`` either returns a valid file or raises ``ClaimFileErrors`` whose
every error names the file and, when it has one, a line that exists. No other exception escapes.
(Round-trip of valid files: ``tests/claims/test_roundtrip.py``.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.claims import load_claim_file
from factcheck.errors import ClaimFileErrors

SEED = """\
# A made-up claim file used as fuzzing seed.
article:
  id: fuzz
  title: 中关村的一天
  published: 2025-03-15
  language: zh
claims:
  - id: fuzz-c001
    text: 北京深度求索公司比杭州深度求索公司早两个月成立
    span: [0, 24]
    kind: comparison
    quantities: [{value: 2, unit: month, approx: exact, raw: 两个月}]
    dates: [{value: 2023-07-17, precision: day, raw: 2023年7月17日}]
    rank: {position: 3, scope: 国际科技创新中心指数}
    entities: [{text: 北京深度求索公司, type: org}]
    checkworthy: 0.93
    sources: ['https://example.org/a']
    tags: [economy]
  - id: fuzz-c002
    text: "Haidian has 15,000 scholars | 30.6% of the total"
    kind: quantity
    quantities:
      - value: 15000
        unit: person
      - value: 0.306
        unit: "%"
    status: active
""".encode()


# YAML syntax that parsers handle specially: complex keys, anchors and aliases, tags, directives,
# document markers, merge keys, block scalars, escapes that YAML accepts and Python may not.
YAML_TOKENS = [
    b"? [a, b]\n: 1\n", b"{[x]: y}", b"{{a: 1}: 2}", b"&a ", b"*a", b"<<: *a\n", b"<<: [1]\n",
    b"!!python/object/apply:os.system ", b"!!binary ", b"!!set ", b"!!omap ", b"!custom ",
    b"%YAML 1.1\n", b"%TAG ! tag:x,2000:\n", b"---\n", b"...\n", b"|\n", b">-\n",
    b'"\\ud800"', b'"\\x00"', b"\xef\xbb\xbf", b"\t", b"\r", b": ", b"- ", b"[", b"{", b"'",
    b"1e400", b".nan", b"0x_", b"2025-13-45", b"~",
]  # fmt: skip


@st.composite
def mutations(draw: st.DrawFn) -> bytes:
    data = bytearray(SEED)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(
                ["delete", "insert", "token", "flip", "dup-line", "swap-lines", "indent"]
            )
        )
        lines = bytes(data).split(b"\n")
        if kind == "delete" and data:
            start = draw(st.integers(0, len(data) - 1))
            del data[start : start + draw(st.integers(1, 40))]
        elif kind == "insert":
            at = draw(st.integers(0, len(data)))
            data[at:at] = draw(st.binary(min_size=1, max_size=12))
        elif kind == "token":
            at = draw(st.integers(0, len(data)))
            data[at:at] = draw(st.sampled_from(YAML_TOKENS))
        elif kind == "flip" and data:
            at = draw(st.integers(0, len(data) - 1))
            data[at] = draw(st.integers(0, 255))
        elif kind == "dup-line":
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            data = bytearray(b"\n".join(lines))
        elif kind == "swap-lines" and len(lines) > 1:
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            data = bytearray(b"\n".join(lines))
        elif kind == "indent":
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = draw(st.sampled_from([b" ", b"  ", b"\t", b""])) + lines[i].lstrip()
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def test_seed_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "seed.yaml"
    path.write_bytes(SEED)
    assert [c.id for c in load_claim_file(path).model.claims] == ["fuzz-c001", "fuzz-c002"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations())
def test_mutated_files_load_or_fail_with_located_errors(
    tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "mutant.yaml"
    path.write_bytes(content)
    n_lines = content.count(b"\n") + 1
    errors = []
    try:
        load_claim_file(path)
    except ClaimFileErrors as exc:
        errors = exc.errors
        assert errors, "a raised ClaimFileErrors holds at least one error"
    for err in errors:
        assert err.path == str(path)
        assert err.format().startswith(f"{path}")
        if err.line is not None:
            assert 1 <= err.line <= n_lines + 1, (err.line, n_lines, err.format())
