"""`factcheck users add|list|disable|enable|password` against a SQLite store."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from factcheck.cli import main
from factcheck.store import Store
from factcheck.web import check_login


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'fc.db'}"
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", url)
    return url


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_users_lifecycle(
    db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "a long password 1\n")
    assert main(["users", "add", "ana", "--role", "editor", "--password-stdin"]) == 0
    assert "user ana added (editor)" in capsys.readouterr().out
    assert main(["users", "list", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["name"], row["role"], row["disabled"]) == ("ana", "editor", False)
    assert "password" not in json.dumps(row)
    with Store.open(db) as store:
        user = store.get_user("ana")
        assert user is not None
        assert user.password_hash.startswith("$argon2id$")
        assert check_login(store, "ana", "a long password 1") is not None
        assert check_login(store, "ana", "wrong") is None
    assert main(["users", "disable", "ana"]) == 0
    with Store.open(db) as store:
        assert check_login(store, "ana", "a long password 1") is None
    assert main(["users", "enable", "ana"]) == 0
    _stdin(monkeypatch, "another long password\n")
    assert main(["users", "password", "ana", "--password-stdin"]) == 0
    with Store.open(db) as store:
        assert check_login(store, "ana", "another long password") is not None


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["users", "add", "bo", "--role", "boss"], "a long password 1", "is not one of viewer"),
        (["users", "add", "bo"], "short", "at least 10 characters"),
        (["users", "add", "b o"], "a long password 1", "no spaces"),
        (["users", "disable", "nobody"], "", "no user 'nobody'"),
    ],
)
def test_users_bad_input_exits_2(
    db: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    password: str,
    message: str,
) -> None:
    _stdin(monkeypatch, password + "\n")
    extra = ["--password-stdin"] if args[1] == "add" else []
    assert main([*args, *extra]) == 2
    assert message in capsys.readouterr().err


def test_serve_refuses_another_address_without_users(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "no user can log in yet" in capsys.readouterr().err
