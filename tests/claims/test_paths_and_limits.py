"""What the loader reads besides YAML text: only regular files, article sources inside the allowed
folders, and bounded work for huge inputs (issue 14)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from factcheck.claims import load_claim_file, load_claim_files
from factcheck.claims._fast import MAX_LIST_ITEMS, MAX_NODES
from factcheck.claims._load import ROUND_TRIP_MAX_NODES
from factcheck.errors import ClaimFileErrors

SPAN_PAST = (
    "article:\n  id: x\n  source: {source}\nclaims:\n  - id: a\n    text: t\n    span: [0, 99999]\n"
)


def _unblock(fifo: Path) -> None:
    """Let a reader blocked in open() on ``fifo`` go (the old loader waited there forever)."""
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:  # no reader is waiting
        return
    os.close(fd)


@pytest.mark.parametrize("explicit", [True, False], ids=["named", "in-folder"])
def test_fifo_is_refused_not_waited_on(tmp_path: Path, explicit: bool) -> None:
    fifo = tmp_path / "claims.yaml"
    os.mkfifo(fifo)
    outcome: list[object] = []

    def load() -> None:
        try:
            load_claim_files([fifo if explicit else tmp_path])
            outcome.append("loaded")
        except ClaimFileErrors as exc:
            outcome.append(exc)

    reader = threading.Thread(target=load, daemon=True)
    reader.start()
    reader.join(timeout=10)
    blocked = reader.is_alive()
    _unblock(fifo)
    reader.join(timeout=5)
    assert not blocked, "loading a FIFO blocked"
    if explicit:
        (exc,) = outcome
        assert isinstance(exc, ClaimFileErrors)
        assert "not a regular file" in str(exc.errors[0])
    else:
        assert outcome == ["loaded"], "folders skip what is not a regular file"


def _project(tmp_path: Path) -> tuple[Path, Path]:
    claims = tmp_path / "project" / "claims"
    claims.mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("s" * 776, encoding="utf-8")
    return claims, outside / "secret.txt"


def test_article_source_outside_the_allowed_folders_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims, secret = _project(tmp_path)
    monkeypatch.chdir(claims.parent)
    relative = os.path.relpath(secret, claims)
    (claims / "link.txt").symlink_to(secret)
    for n, source in enumerate([str(secret), relative, "link.txt"]):
        path = claims / f"f{n}.yaml"
        path.write_text(SPAN_PAST.format(source=source), encoding="utf-8")
        # the old loader read the file and reported its length ("776 characters in ...")
        loaded = load_claim_file(path)
        assert loaded.model.claims[0].span == (0, 99999)


def test_article_source_inside_the_claims_folder_or_a_root_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claims, secret = _project(tmp_path)
    monkeypatch.chdir(tmp_path)  # the working directory (default root) holds everything
    (claims / "article.txt").write_text("ten chars!", encoding="utf-8")
    inside = claims / "inside.yaml"
    inside.write_text(SPAN_PAST.format(source="article.txt"), encoding="utf-8")
    with pytest.raises(ClaimFileErrors, match=r"10 characters in article\.txt"):
        load_claim_file(inside, article_roots=[])
    configured = claims / "configured.yaml"
    configured.write_text(SPAN_PAST.format(source=str(secret)), encoding="utf-8")
    load_claim_file(configured, article_roots=[claims.parent])  # not under the roots: unread
    with pytest.raises(ClaimFileErrors, match="776 characters"):
        load_claim_file(configured, article_roots=[secret.parent])
    with pytest.raises(ClaimFileErrors, match="776 characters"):
        load_claim_file(configured)  # default root: the working directory


def test_article_source_that_is_a_fifo_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "article.txt")
    path = tmp_path / "c.yaml"
    path.write_text(SPAN_PAST.format(source="article.txt"), encoding="utf-8")
    done: list[bool] = []
    reader = threading.Thread(target=lambda: done.append(bool(load_claim_file(path))), daemon=True)
    reader.start()
    reader.join(timeout=10)
    blocked = reader.is_alive()
    _unblock(tmp_path / "article.txt")
    assert not blocked
    assert done == [True]


def test_limits_are_consistent() -> None:
    assert MAX_LIST_ITEMS < MAX_NODES
    assert ROUND_TRIP_MAX_NODES < MAX_LIST_ITEMS


def test_too_many_values_are_refused_at_the_cap(tmp_path: Path) -> None:
    # many short lists: no single list is over its cap, the file is over the total
    row = "  - {id: a, text: t, tags: [" + ", ".join(["x"] * 99) + "]}\n"
    path = tmp_path / "many.yaml"
    path.write_text("claims:\n" + row * (MAX_NODES // 100 + 10), encoding="utf-8")
    with pytest.raises(ClaimFileErrors, match=f"more than {MAX_NODES} YAML values") as info:
        load_claim_file(path)
    assert info.value.errors[0].line is not None


def test_errors_in_a_big_file_are_located_without_the_round_trip_loader(tmp_path: Path) -> None:
    n = ROUND_TRIP_MAX_NODES  # about three values per claim: well over the round-trip limit
    body = "".join(f"  - id: c{i}\n    text: t{i}\n" for i in range(n))
    path = tmp_path / "big.yaml"
    path.write_text(
        "claims:\n" + body + "  - id: bad\n    text: x\n    kind: nope\n  - id: c5\n    text: d\n",
        encoding="utf-8",
    )
    with pytest.raises(ClaimFileErrors) as info:
        load_claim_file(path)
    rendered = sorted(e.format() for e in info.value.errors)
    assert rendered == sorted(
        [
            f"{path}:{2 * n + 4}:11: claims[{n}].kind: 'nope' is not one of quantity, date, "
            "ranking, comparison, attribution, location, event, other",
            f"{path}:{2 * n + 5}:9: claims[{n + 1}].id: duplicate claim id 'c5'; first defined "
            "at claims[5] (line 12)",
        ]
    )
    syntax = tmp_path / "syntax.yaml"
    syntax.write_text("claims:\n" + body + "  - id: bad\n    text: [x\n", encoding="utf-8")
    with pytest.raises(ClaimFileErrors) as info:
        load_claim_file(syntax)
    assert info.value.errors[0].line == 2 * n + 4


def test_an_8_mb_flow_list_is_refused_before_it_is_built(tmp_path: Path) -> None:
    """Issue 14: an 8.3 MB flow list took 35 s and 1.5 GB to reject (every item was built, then
    counted). The event scan stops at the list cap: the cost is measured as memory (not time),
    the text itself and the parser's buffers, a few times the file's size at most."""
    import tracemalloc

    path = tmp_path / "flow.yaml"
    path.write_bytes(b"claims: [" + b"1, " * 2_766_000 + b"1]\n")
    tracemalloc.start()
    try:
        with pytest.raises(ClaimFileErrors, match=f"list with more than {MAX_LIST_ITEMS} items"):
            load_claim_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100_000_000, f"{peak / 1e6:.0f} MB to refuse an 8 MB file"
