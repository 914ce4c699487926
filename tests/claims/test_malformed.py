"""Every YAML hazard and field rule gives a file:line:col error, never a traceback, and writes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factcheck.claims import load_claim_file, load_claim_files
from factcheck.cli import main
from factcheck.errors import ClaimFileErrors

HEAD = "article:\n  id: art\n  source: article.txt\nclaims:\n"
OK_CLAIM = "  - id: ok-1\n    text: fine\n"

# (name, file bytes, expected substring of the message, expected line)
CASES: list[tuple[str, bytes, str, int]] = [
    ("tab-indent", b"claims:\n\t- id: a\n", "tab character", 2),
    (
        "duplicate-key",
        (HEAD + "  - id: a\n    text: x\n    text: y\n").encode(),
        "duplicate key",
        7,
    ),
    (
        "alias-bomb",
        b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        b"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nclaims: [*d]\n",
        "alias",
        2,
    ),
    ("alias", (HEAD + "  - &x {id: a, text: t}\n  - *x\n").encode(), "alias *x", 6),
    ("date-as-text", (HEAD + "  - id: a\n    text: 2025-01-01\n").encode(), "got a date", 6),
    ("bool-as-text", (HEAD + "  - id: a\n    text: true\n").encode(), "got a boolean", 6),
    ("yaml11-no", ("%YAML 1.1\n---\n" + HEAD + "  - id: a\n    text: no\n").encode(), "boolean", 8),
    ("on-as-number", (HEAD + "  - id: a\n    text: t\n    checkworthy: on\n").encode(), "'on'", 7),
    ("empty", b"", "file is empty", 1),
    ("comments-only", b"# nothing here\n\n# still nothing\n", "file is empty", 1),
    ("latin1", (HEAD + "  - id: a\n    text: caf").encode() + b"\xe9\n", "not valid UTF-8", 6),
    ("utf16", "claims: []\n".encode("utf-16"), "UTF-16", 1),
    ("top-level-list", b"- id: a\n  text: t\n", "top level is a list", 1),
    ("top-level-scalar", b"just text\n", "top level is a str", 1),
    ("unknown-field", (HEAD + "  - id: a\n    txt: t\n    text: t\n").encode(), "unknown field", 6),
    (
        "missing-text",
        (HEAD + "  - id: a\n    kind: date\n").encode(),
        "required field is missing",
        5,
    ),
    (
        "approx-roughly",
        (HEAD + "  - id: a\n    text: t\n    quantities: [{value: 1, approx: roughly}]\n").encode(),
        "'roughly' is not one of exact, about, nearly",
        7,
    ),
    (
        "checkworthy-range",
        (HEAD + "  - id: a\n    text: t\n    checkworthy: 1.5\n").encode(),
        "less than or equal to 1",
        7,
    ),
    (
        "span-order",
        (HEAD + "  - id: a\n    text: t\n    span: [10, 5]\n").encode(),
        "not before end",
        7,
    ),
    (
        "span-negative",
        (HEAD + "  - id: a\n    text: t\n    span: [-3, 5]\n").encode(),
        "negative",
        7,
    ),
    (
        "span-past-article",
        (HEAD + "  - id: a\n    text: t\n    span: [0, 500]\n").encode(),
        "past the end of the article",
        7,
    ),
    ("bad-id", (HEAD + "  - id: Not A Slug\n    text: t\n").encode(), "slug-like id", 5),
    (
        "duplicate-id",
        (HEAD + "  - id: a\n    text: t\n  - id: a\n    text: u\n").encode(),
        "duplicate claim id 'a'",
        7,
    ),
    (
        "date-precision",
        (
            HEAD + "  - id: a\n    text: t\n    dates: [{value: '1980-10', precision: day}]\n"
        ).encode(),
        "precision day",
        7,
    ),
    (
        "calendar-date",
        (
            HEAD + "  - id: a\n    text: t\n    dates: [{value: '2023-02-30', precision: day}]\n"
        ).encode(),
        "not a calendar date",
        7,
    ),
    (
        "bad-url",
        (HEAD + "  - id: a\n    text: t\n    sources: ['ftp://example.org/x']\n").encode(),
        "not an http(s) URL",
        7,
    ),
    (
        "bad-kind",
        (HEAD + "  - id: a\n    text: t\n    kind: opinion\n").encode(),
        "'opinion' is not one of quantity",
        7,
    ),
    (
        "control-char",
        (HEAD + "  - id: a\n    text: bell\x07\n").encode(),
        "control character U+0007",
        6,
    ),
    ("deep-nesting", b"claims: " + b"[" * 40 + b"]" * 40 + b"\n", "nesting deeper", 1),
    (
        "unclosed-flow",
        (HEAD + "  - id: a\n    text: t\n    span: [1, 2\n").encode(),
        "expected ',' or ']'",
        8,
    ),
    (
        "quantity-text",
        (HEAD + "  - id: a\n    text: t\n    quantities: [{value: many}]\n").encode(),
        "'many'",
        7,
    ),
    (
        "entity-type",
        (HEAD + "  - id: a\n    text: t\n    entities: [{text: X, type: company}]\n").encode(),
        "'company' is not one of",
        7,
    ),
    (
        "published-not-iso",
        b"article:\n  id: art\n  published: March 2025\nclaims: []\n",
        "not an ISO date",
        3,
    ),
    (
        "rank-zero",
        (HEAD + "  - id: a\n    text: t\n    rank: {position: 0}\n").encode(),
        "greater than or equal to 1",
        7,
    ),
    (
        "range-order",
        (HEAD + "  - id: a\n    text: t\n    quantities: [{value: 5, upper: 2}]\n").encode(),
        "below value",
        7,
    ),
    ("claims-not-list", (HEAD.replace("claims:\n", "claims: {id: a}\n")).encode(), "valid list", 4),
]


def _write_case(folder: Path, name: str, content: bytes) -> Path:
    (folder / "article.txt").write_text("A short article.\n", encoding="utf-8")
    path = folder / f"{name}.yaml"
    path.write_bytes(content)
    return path


def test_case_count_meets_acceptance() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize(("name", "content", "expected", "line"), CASES, ids=[c[0] for c in CASES])
def test_each_hazard_is_a_located_error(
    tmp_path: Path, name: str, content: bytes, expected: str, line: int
) -> None:
    path = _write_case(tmp_path, name, content)
    with pytest.raises(ClaimFileErrors) as info:
        load_claim_file(path)
    errors = info.value.errors
    assert errors, "at least one error"
    first = errors[0]
    rendered = "\n".join(e.format() for e in errors)
    assert expected in rendered
    assert first.path == str(path)
    assert first.line == line, rendered
    assert re.match(rf"^{re.escape(str(path))}:\d+(:\d+)?: ", first.format())


def test_field_path_and_column_are_named(tmp_path: Path) -> None:
    content = (
        HEAD + OK_CLAIM + "  - id: b\n    text: t\n    quantities:\n"
        "      - {value: 1, approx: exact}\n      - {value: 2, approx: roughly}\n"
    ).encode()
    path = _write_case(tmp_path, "field-path", content)
    with pytest.raises(ClaimFileErrors) as info:
        load_claim_file(path)
    (err,) = info.value.errors
    assert err.field == "claims[1].quantities[1].approx"
    assert err.format() == (
        f"{path}:11:28: claims[1].quantities[1].approx: 'roughly' is not one of "
        "exact, about, nearly, at_least, more_than, at_most, less_than"
    )


def test_all_errors_of_one_file_are_reported(tmp_path: Path) -> None:
    content = (
        HEAD + "  - id: a\n    text: t\n    kind: opinion\n  - id: B\n    text: u\n"
    ).encode()
    path = _write_case(tmp_path, "several", content)
    with pytest.raises(ClaimFileErrors) as info:
        load_claim_file(path)
    fields = sorted(e.field or "" for e in info.value.errors)
    assert fields == ["claims[0].kind", "claims[1].id"]


def test_duplicate_ids_across_files_name_both_places(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text("claims:\n  - id: same\n    text: a\n", encoding="utf-8")
    (tmp_path / "two.yaml").write_text(
        "claims:\n  - id: other\n    text: b\n  - id: same\n    text: c\n", encoding="utf-8"
    )
    with pytest.raises(ClaimFileErrors) as info:
        load_claim_files([tmp_path])
    (err,) = info.value.errors
    assert err.format() == (
        f"{tmp_path / 'two.yaml'}:4:9: claims[1].id: duplicate claim id 'same'; "
        f"first defined at {tmp_path / 'one.yaml'}:2:9"
    )


def test_validate_cli_reports_every_file_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    for name, content, _, _ in CASES:
        _write_case(folder, name, content)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()}
    code = main(["claims", "validate", str(folder)])
    err = capsys.readouterr().err
    assert code == 2
    for name, _, _, _ in CASES:
        assert re.search(rf"{re.escape(str(folder / name))}\.yaml:\d+(:\d+)?: ", err), name
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()}
    assert after == before
    assert not list(tmp_path.glob("*.db")), "validate must not create a store"


def test_large_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"claims:\n  - id: a\n    text: '" + b"x" * (9 * 1024 * 1024) + b"'\n")
    with pytest.raises(ClaimFileErrors, match="larger than"):
        load_claim_file(path)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfclaims:\n  - id: a\n    text: t\n")
    assert load_claim_file(path).model.claims[0].id == "a"


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(ClaimFileErrors, match="no such file"):
        load_claim_files([tmp_path / "absent.yaml"])
