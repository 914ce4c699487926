"""Round-trip: load -> save -> load is the identity, and hand formatting of untouched claims survives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.claims import dump_claim_file, load_claim_file, parse_claim_file, save_claim_file
from factcheck.models import (
    APPROX_VALUES,
    CLAIM_KINDS,
    ENTITY_TYPES,
    Article,
    Claim,
    ClaimFile,
    DateValue,
    Entity,
    Quantity,
    Rank,
)

# Text that stresses YAML quoting: Chinese, colons, hashes, quotes, leading/trailing spaces,
# things YAML would read as numbers, dates or booleans.
_tricky = st.sampled_from(
    ["yes", "no", "on", "null", "~", "1980-10-23", "0x1F", "1e3", "- dash", "#hash", "a: b", "'q'",
     '"dq"', " lead", "trail ", "中关村", "30.6%", "[x]", "{y}", "&anchor", "*alias", "!tag", "|", ">"]
)  # fmt: skip
_text = st.one_of(
    _tricky,
    st.text(
        alphabet=st.characters(
            whitelist_categories=("L", "N", "P", "S", "Zs"), max_codepoint=0x9FFF
        ),
        min_size=1,
        max_size=40,
    ).filter(lambda s: s.strip() != "" and "\x85" not in s),
)
_slug = st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}[a-z0-9]", fullmatch=True)
_num = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).map(float),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
)
_quantity = st.builds(
    Quantity,
    value=_num,
    unit=st.one_of(st.none(), st.sampled_from(["所", "家", "person", "km", "CNY"])),
    approx=st.sampled_from(APPROX_VALUES),
    raw=st.one_of(st.none(), _text),
)
_date = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31)).flatmap(
    lambda d: st.sampled_from(
        [
            DateValue(value=d.isoformat(), precision="day"),
            DateValue(value=d.isoformat()[:7], precision="month"),
            DateValue(value=str(d.year), precision="year"),
        ]
    )
)
_claim = st.builds(
    Claim,
    id=_slug,
    text=_text,
    sentence=st.one_of(st.none(), _text),
    span=st.one_of(
        st.none(),
        st.tuples(st.integers(0, 1000), st.integers(1, 500)).map(lambda t: (t[0], t[0] + t[1])),
    ),
    kind=st.sampled_from(CLAIM_KINDS),
    subject=st.one_of(st.none(), _text),
    quantities=st.lists(_quantity, max_size=3),
    dates=st.lists(_date, max_size=2),
    rank=st.one_of(
        st.none(),
        st.builds(Rank, position=st.integers(1, 500), scope=st.one_of(st.none(), _text),
                  approx=st.sampled_from(APPROX_VALUES)),
    ),
    entities=st.lists(st.builds(Entity, text=_text, type=st.sampled_from(ENTITY_TYPES)), max_size=3),
    checkworthy=st.one_of(st.none(), st.floats(0, 1)),
    queries=st.lists(_text, max_size=2),
    sources=st.lists(st.sampled_from(["https://example.org/a?b=1#c", "http://x.test/"]), max_size=2),
    tags=st.lists(_text, max_size=2),
    status=st.sampled_from(["active", "stale"]),
)  # fmt: skip


@st.composite
def claim_files(draw: st.DrawFn) -> ClaimFile:
    claims = draw(st.lists(_claim, max_size=5, unique_by=lambda c: c.id))
    article = draw(
        st.one_of(
            st.none(),
            st.builds(Article, id=_slug, title=st.one_of(st.none(), _text),
                      published=st.one_of(st.none(), st.dates()), language=st.sampled_from(["zh", "en"])),
        )
    )  # fmt: skip
    return ClaimFile(article=article, claims=claims)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claim_files())
def test_dump_then_load_is_identity(model: ClaimFile) -> None:
    text = dump_claim_file(model)
    loaded = parse_claim_file(text)
    assert loaded.model == model
    # and a second save of the loaded file changes nothing
    assert dump_claim_file(loaded.model, loaded) == text


HAND_WRITTEN = """\
# Claims I typed myself.
article:
  id: art
  published: 2025-03-15   # the article date
claims:
  # The first one matters most.
  - id: first
    text: "海淀区聚集了1.5万名人工智能学者"   # quoted on purpose
    quantities:
      - value: 15000
        unit: 人
        raw: 1.5万名
    tags: [zh,   hand]
  - id: second
    text: to be changed
    checkworthy: 0.5
  - id: third
    text: 'single quoted'  # trailing comment
"""


@settings(max_examples=60, deadline=None)
@given(new_text=_text)
def test_hand_formatting_of_untouched_claims_survives(new_text: str) -> None:
    loaded = parse_claim_file(HAND_WRITTEN)
    model = loaded.model.model_copy(deep=True)
    model.claims[1].text = new_text
    out = dump_claim_file(model, loaded)
    assert parse_claim_file(out).model == model
    # untouched claims keep their exact lines, comments included
    for line in HAND_WRITTEN.splitlines():
        if "to be changed" in line or "checkworthy: 0.5" in line or "id: second" in line:
            continue
        assert line in out.splitlines(), line


def test_unchanged_save_is_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "hand.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    loaded = load_claim_file(path)
    save_claim_file(path, loaded.model, loaded)
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN


def test_added_and_removed_claims(tmp_path: Path) -> None:
    loaded = parse_claim_file(HAND_WRITTEN)
    model = loaded.model.model_copy(deep=True)
    del model.claims[2]
    model.claims.append(Claim(id="fourth", text="新的声明", kind="quantity",
                              quantities=[Quantity(value=0.306, unit="%", raw="30.6%")]))  # fmt: skip
    out = dump_claim_file(model, loaded)
    assert "third" not in out
    assert "# The first one matters most." in out
    assert "quantities: [{value: 0.306, unit: '%', approx: exact, raw: 30.6%}]" in out
    assert parse_claim_file(out).model == model


def test_save_is_atomic_on_failure(tmp_path: Path, monkeypatch: object) -> None:
    import os

    import pytest

    path = tmp_path / "x.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    loaded = load_claim_file(path)
    model = loaded.model.model_copy(deep=True)
    model.claims[0].text = "changed"

    def boom(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    mp = pytest.MonkeyPatch()
    mp.setattr(os, "replace", boom)
    try:
        with pytest.raises(OSError, match="No space"):
            save_claim_file(path, model, loaded)
    finally:
        mp.undo()
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"], "no temp file left behind"
