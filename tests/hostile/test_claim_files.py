"""Hostile claim files through the CLI: ``factcheck claims validate`` and ``factcheck run``.

``tests/claims/test_malformed.py`` covers the loader's own matrix (36 cases through
``load_claim_file``); the cases here are different hazards, and each goes through both commands that
read claim files. For every case both commands must exit 2, name the file (and line, where the
problem has one) in a ``file:line:col: field: message`` line on stderr, and write nothing: the
claim files, the verdict store and the evidence folder are byte-for-byte what they were before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from factcheck.store import Store

from ._common import cli, snapshot

HEAD = "article:\n  id: hostile\n  published: 2025-03-15\nclaims:\n"
GOOD = HEAD + "  - id: hostile-ok\n    text: A harmless claim.\n"


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, bytes]  # file name under claims/ -> bytes
    message: str  # a fragment of the message the user must see
    located: tuple[str, int] | None  # (file, line) the error points at; None: file-level problem


def _one(name: str, content: bytes, message: str, line: int | None) -> Case:
    return Case(name, {f"{name}.yaml": content}, message, (f"{name}.yaml", line) if line else None)


def _claim(body: str) -> bytes:
    return (HEAD + "  - id: c1\n" + body).encode("utf-8", "surrogatepass")


CASES: list[Case] = [
    # 10 MB in one scalar: refused by size before any YAML parsing (no line: the whole file)
    _one("ten-mb-string", b"claims:\n  - id: a\n    text: '" + b"x" * 10_000_000 + b"'\n",
         "larger than", None),
    _one("nan-quantity", _claim("    text: t\n    quantities: [{value: .nan}]\n"),
         "finite number", 7),
    _one("overflowing-quantity", _claim("    text: t\n    quantities: [{value: 1e400}]\n"),
         "finite number", 7),
    _one("nul-escape", _claim('    text: "before\\0after"\n'), "control character U+0000", 6),
    _one("c1-next-line", _claim('    text: "a\\u0085b"\n'), "control character U+0085", 6),
    _one("escape-sequence-esc", _claim('    text: "\\e[31mred\\e[0m"\n'),
         "control character U+001B", 6),
    _one("lone-surrogate", _claim('    text: "\\ud800"\n'), "unicode", 6),
    _one("python-object-tag",
         _claim('    text: !!python/object/apply:os.system ["touch pwned-by-yaml"]\n'),
         "YAML tag !!python/object/apply:os.system is not allowed", 6),
    _one("set-tag-on-a-key", _claim("    text: t\n    quantities: [{value: 2, !!set raw: x}]\n"),
         "YAML tag !!set is not allowed", 7),
    _one("custom-tag", _claim("    text: !include /etc/passwd\n"), "YAML tag !include", 6),
    _one("recursive-alias", b"claims: &a [*a]\n", "alias", 1),
    _one("merge-key-bomb",
         b"claims:\n  - &a {id: a, text: t}\n  - {<<: [*a, *a, *a], id: b}\n", "merge key", 3),
    _one("block-nesting-200",
         ("claims:\n" + "".join("  " * i + f"  k{i}:\n" for i in range(200))).encode(),
         "nesting deeper than", 33),
    _one("two-documents", b"claims: []\n---\nclaims: []\n", "single document", 2),
    _one("bom-then-error", b"\xef\xbb\xbf" + _claim("    txt: typo\n"), "unknown field", 6),
    _one("invalid-utf8-in-comment",
         HEAD.encode() + b"  # caf\xe9\n  - id: a\n    text: t\n", "not valid UTF-8", 5),
    _one("overlong-utf8-slash", _claim("    text: a") + b"\xc0\xafb\n", "not valid UTF-8", 6),
    _one("zero-width-in-id", (HEAD + '  - id: "a\\u200bb"\n    text: t\n').encode(),
         "slug-like id", 5),
    _one("rtl-override-in-id", (HEAD + '  - id: "abc\\u202egpj"\n    text: t\n').encode(),
         "slug-like id", 5),
    _one("id-5000-chars", (HEAD + "  - id: " + "a" * 5000 + "\n    text: t\n").encode(),
         "at most 128", 5),
    _one("span-three-items", _claim("    text: t\n    span: [1, 2, 3]\n"), "at most 2 items", 7),
    _one("span-fractional", _claim("    text: t\n    span: [1.5, 3]\n"), "valid integer", 7),
    _one("span-strings", _claim("    text: t\n    span: [a, b]\n"), "valid integer", 7),
    _one("span-beyond-source",
         b"article:\n  id: x\n  source: article.txt\nclaims:\n  - id: a\n    text: t\n"
         b"    sentence: ten chars!\n    span: [0, 1000000000000000000000]\n",
         "span", 8),
    _one("non-string-key", (HEAD + "  - ? [a, b]\n    : 1\n    id: a\n    text: t\n").encode(),
         "a list used as a key", 5),
    _one("javascript-source", _claim("    text: t\n    sources: ['javascript:alert(1)']\n"),
         "http(s) URL", 7),
    _one("file-source", _claim("    text: t\n    sources: ['file:///etc/passwd']\n"),
         "http(s) URL", 7),
    _one("cr-only-line-ends", (HEAD + "  - id: a\n    text: t\n    kind: bogus\n")
         .replace("\n", "\r").encode(), "kind", 7),
    # issue 14: validating patterns are full matches over ASCII classes
    _one("id-with-trailing-newline", (HEAD + '  - id: "abc\\n"\n    text: t\n').encode(),
         "slug-like id", 5),
    _one("url-with-trailing-newline", _claim('    text: t\n    sources: ["http://a.example/\\n"]\n'),
         "http(s) URL", 7),
    _one("arabic-indic-year", _claim("    text: t\n    dates: [{value: '١٩٨٠', precision: year}]\n"),
         "not an ISO date", 7),
    _one("fullwidth-day", _claim("    text: t\n    dates: [{value: '２０２０-01-01'}]\n"),
         "not an ISO date", 7),
    _one("wikidata-id-arabic-digits",
         _claim("    text: t\n    entities: [{text: X, wikidata: Q١٢}]\n"), "pattern", 7),
    # issue 14: an impossible date is no date
    _one("year-zero", _claim("    text: 中关村成立于0000年\n    dates: [{value: '0000', precision: year}]\n"),
         "no year 0", 7),
    _one("year-zero-month", _claim("    text: t\n    dates: [{value: '0000-05', precision: month}]\n"),
         "no year 0", 7),
    # issue 14: numbers Python refuses to convert (over 4,300 digits) are located errors, exit 2
    _one("span-5001-digits", _claim("    text: t\n    span: [0, " + "9" * 5001 + "]\n"),
         "number with 5001 digits is too long", 7),
    _one("quantity-5001-digits",
         _claim("    text: t\n    quantities: [{value: " + "9" * 5001 + "}]\n"),
         "number with 5001 digits is too long", 7),
    # issue 14: a tag that makes a list "text", and merge keys
    _one("str-tag-on-a-list", b"claims: !!str [a]\n", "only allowed on a single value", 1),
    _one("str-tag-on-a-mapping", b"article: !!str {id: a}\nclaims: []\n",
         "only allowed on a single value", 1),
    _one("merge-key", (HEAD + "  - <<: {id: merged, text: Injected}\n").encode(),
         "merge key", 5),
    _one("merge-key-in-block", (HEAD + "  - id: a\n    <<:\n      text: Injected\n").encode(),
         "merge key", 6),
    # issue 14: an 8.3 MB flow list is refused at the list cap, before anything is built
    _one("flow-list-8mb", b"claims: [" + b"1, " * 2_766_000 + b"1]\n",
         "list with more than 100000 items", 1),
    # hypothesis: a list holding a mapping, used as a key, crashed the round-trip loader
    # ("internal error: TypeError: unhashable type: 'CommentedMap'", exit 3)
    _one("list-with-mapping-as-key", _claim("    text: t\n    ? [a, {b: 1}]\n    : x\n"),
         "a list used as a key", 7),
    _one("nested-list-key-at-top", b"? [a, [b]]\n: 1\nclaims: []\n", "a list used as a key", 1),
    _one("flow-mapping-in-list-key", b"claims:\n  - {[{a: 1}]: x}\n", "a list used as a key", 2),
    _one("mapping-as-key", _claim("    text: t\n    ? {a: 1}\n    : x\n"),
         "a mapping used as a key", 7),
    Case(
        "duplicate-ids-across-three-files",
        {
            "one.yaml": b"claims:\n  - id: same\n    text: t\n",
            "two.yaml": b"claims:\n  - id: other\n    text: t\n  - id: same\n    text: t\n",
            "three.yaml": b"claims:\n  - id: same\n    text: t\n",
        },
        "duplicate claim id 'same'",
        ("two.yaml", 4),
    ),
]  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with one good claim file and a store holding one finished run."""
    (tmp_path / "factcheck.toml").write_text('[fetchers]\nenabled = ["web"]\n', encoding="utf-8")
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "article.txt").write_text("ten chars!", encoding="utf-8")
    with Store.open(f"sqlite:///{tmp_path / 'factcheck.db'}") as store:
        run = store.start_run(config={}, claims_total=0)
        store.finish_run(run.id, status="completed", counts={})
    (tmp_path / "evidence").mkdir()
    return tmp_path


def _check_message(err: str, case: Case, claims: Path) -> None:
    assert case.message in err, err[:2000]
    if case.located is None:
        (name,) = case.files
        assert re.search(rf"^{re.escape(str(claims / name))}: ", err, re.M), err[:2000]
    else:
        name, line = case.located
        where = re.escape(str(claims / name))
        assert re.search(rf"^{where}:{line}(:\d+)?: ", err, re.M), err[:2000]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_claim_file_validate_and_run(
    case: Case, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claims = project / "claims"
    for name, content in case.files.items():
        (claims / name).write_bytes(content)
    before = snapshot(project)

    validate = cli(["claims", "validate", str(claims)], capsys)
    assert validate.code == 2, validate.err[:2000]
    _check_message(validate.err, case, claims)
    assert "Traceback" not in validate.err

    run = cli(["run", "--claims", str(claims), "--json"], capsys)
    assert run.code == 2, run.err[:2000]
    _check_message(run.err, case, claims)
    assert run.out == "", "no summary for a run that never started"

    assert snapshot(project) == before, "claim files, store and evidence must be untouched"
    assert not (project / "pwned-by-yaml").exists(), "YAML tags never execute code"
    with Store.open(f"sqlite:///{project / 'factcheck.db'}", migrate=False) as store:
        assert [r.id for r in store.runs()] == [1], "no run was started"
