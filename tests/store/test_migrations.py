"""Alembic: an empty database upgrades to head, and the migrations agree with the SQLModel tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from factcheck.store import MIGRATIONS_DIR, Store, metadata, normalize_url


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def test_migrations_ship_inside_the_package() -> None:
    assert MIGRATIONS_DIR.parent == Path(__import__("factcheck").__file__).parent
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert list((MIGRATIONS_DIR / "versions").glob("*.py"))


def test_empty_database_upgrades_to_head_and_matches_metadata(store_url: str) -> None:
    url = normalize_url(store_url)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == []
        Store.open(store_url).close()
        head = ScriptDirectory.from_config(_config()).get_current_head()
        with engine.connect() as conn:
            context = MigrationContext.configure(conn)
            assert context.get_current_revision() == head
            tables = set(inspect(conn).get_table_names())
            assert tables == set(metadata.tables) | {"alembic_version"}
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), metadata
            )
            assert diff == []
        # Opening again is a no-op at head.
        Store.open(store_url).close()
    finally:
        engine.dispose()


def test_downgrade_to_base_and_back(store_url: str) -> None:
    Store.open(store_url).close()
    engine = create_engine(normalize_url(store_url))
    try:
        cfg = _config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        with Store.open(store_url) as store:
            run = store.start_run(config={}, claims_total=0)
            assert run.id >= 1
    finally:
        engine.dispose()


@pytest.mark.slow
def test_concurrent_first_opens_all_succeed(store_url: str) -> None:
    """Several processes opening an empty database at once: one migrates, the others wait."""
    code = "import sys; from factcheck.store import Store; Store.open(sys.argv[1]).close()"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, store_url], stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in procs]
    assert [rc for rc, _ in results] == [0, 0, 0], results
    with Store.open(store_url) as store:
        assert store.runs() == []
