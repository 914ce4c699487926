"""Run the review app on uvicorn: loopback by default, elsewhere only once people can log in."""

from __future__ import annotations

import ipaddress
import logging

from factcheck.config import Settings
from factcheck.errors import InputError
from factcheck.store import Store

__all__ = ["is_loopback", "serve"]

logger = logging.getLogger(__name__)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address or ``localhost``."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(settings: Settings, *, host: str, port: int) -> None:
    """Serve the app until interrupted.

    Raises :class:`InputError` when ``host`` is not loopback and no enabled user exists: an app on
    the network that nobody can log in to is a mistake, and one with users is the only kind allowed.
    """
    import uvicorn

    from factcheck.web.app import create_app

    store = Store.open(settings.database_url)
    try:
        active = [u for u in store.users() if not u.disabled]
        if not active:
            if not is_loopback(host):
                raise InputError(
                    f"refusing to listen on {host}: no user can log in yet; create one with "
                    "`factcheck users add NAME --role editor` (or listen on 127.0.0.1)"
                )
            logger.warning("no user yet: create one with `factcheck users add NAME`")
        app = create_app(settings, store=store)
        uvicorn.run(
            app,
            host=host,
            port=port,
            proxy_headers=True,
            forwarded_allow_ips=settings.serve.forwarded_allow_ips,
            server_header=False,
            log_level="info",
        )
    finally:
        store.close()
