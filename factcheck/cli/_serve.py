"""`factcheck serve` (the review app) and `factcheck users add|list|disable|enable|password`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from factcheck.cli._app import app, echo_json, get_settings
from factcheck.errors import InputError

if TYPE_CHECKING:
    from factcheck.store import Store

__all__ = ["serve", "users"]

users = typer.Typer(
    help="People of the review app: add, list, disable, enable, set a password.",
    no_args_is_help=True,
)
app.add_typer(users, name="users")


@app.command("serve")
def serve(
    host: str | None = typer.Option(
        None, "--host", help="Address to listen on (default: serve.host, 127.0.0.1)."
    ),
    port: int | None = typer.Option(None, "--port", help="Port (default: serve.port, 8765)."),
) -> None:
    """Run the review app: the queue, claim pages, review actions and the audit trail.

    Listens on 127.0.0.1 unless told otherwise, and refuses another address while no user can log
    in. Put it behind a TLS reverse proxy to reach it from other machines (see docs/review-app.md).
    """
    from factcheck.web import serve as run_server

    settings = get_settings()
    chosen_host = host or settings.serve.host
    chosen_port = port or settings.serve.port
    typer.echo(f"review app on http://{chosen_host}:{chosen_port}/ (Ctrl-C stops it)", err=True)
    run_server(settings, host=chosen_host, port=chosen_port)


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


def _open_store() -> Store:
    from factcheck.store import Store

    return Store.open(get_settings().database_url)


@users.command("add")
def users_add(
    name: str = typer.Argument(..., help="User name (no spaces)."),
    role: str = typer.Option("editor", "--role", help="viewer (reads), editor (reviews), admin."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input (one line)."
    ),
) -> None:
    """Create a user; the password (at least 10 characters) is asked for and stored as an argon2 hash."""
    from factcheck.store import USER_ROLES
    from factcheck.web.auth import add_user

    if role not in USER_ROLES:
        raise InputError(f"--role: {role!r} is not one of {', '.join(USER_ROLES)}")
    password = _read_password(password_stdin)
    with _open_store() as store:
        user = add_user(store, name, password, role)
    typer.echo(f"user {user.name} added ({user.role})")


@users.command("list")
def users_list(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List the users (never their password hashes)."""
    with _open_store() as store:
        items = store.users()
    rows = [
        {
            "name": u.name,
            "role": u.role,
            "disabled": u.disabled,
            "created_at": u.created_at.isoformat(),
        }
        for u in items
    ]
    if as_json:
        echo_json(rows)
        return
    if not rows:
        typer.echo("no users yet: `factcheck users add NAME`")
    for row in rows:
        state = " (disabled)" if row["disabled"] else ""
        typer.echo(f"{row['name']}\t{row['role']}{state}")


@users.command("disable")
def users_disable(name: str = typer.Argument(..., help="User name.")) -> None:
    """Disable a user: they can no longer log in and their sessions end at once."""
    with _open_store() as store:
        store.update_user(name, disabled=True)
    typer.echo(f"user {name} disabled")


@users.command("enable")
def users_enable(name: str = typer.Argument(..., help="User name.")) -> None:
    """Enable a disabled user again."""
    with _open_store() as store:
        store.update_user(name, disabled=False)
    typer.echo(f"user {name} enabled")


@users.command("password")
def users_password(
    name: str = typer.Argument(..., help="User name."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input (one line)."
    ),
) -> None:
    """Set a new password (the user's sessions end)."""
    from factcheck.web.auth import set_password

    password = _read_password(password_stdin)
    with _open_store() as store:
        set_password(store, name, password)
    typer.echo(f"password of {name} changed")
