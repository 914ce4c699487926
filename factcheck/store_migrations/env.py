"""Alembic environment of the verdict store, configured programmatically (no alembic.ini).

:func:`factcheck.store._engine.upgrade_to_head` passes an open connection in
``config.attributes["connection"]``; without one (the ``alembic`` command line pointed at
this folder with ``-x url=...``) an engine is created from that URL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from factcheck.store.tables import metadata

config = context.config


def _configure(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
    )


def run_migrations_online() -> None:
    """Run the migrations on the connection handed over by the store, or on ``-x url=``."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise RuntimeError("pass the database with -x url=sqlite:///factcheck.db")
    engine = create_engine(url)
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def run_migrations_offline() -> None:
    """Emit SQL for the migrations (``alembic upgrade head --sql``)."""
    url = context.get_x_argument(as_dictionary=True).get("url") or "sqlite://"
    context.configure(url=url, target_metadata=metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
