"""The review app (``factcheck serve``): queue, claim pages, review actions, audit trail, login.

:func:`create_app` builds the Starlette application over the verdict store; :func:`serve` runs it on
uvicorn. :mod:`factcheck.web.auth` hashes passwords (argon2) and rate-limits logins.
"""

from __future__ import annotations

from factcheck.web.app import CONTENT_SECURITY_POLICY, REASON_TITLES, create_app
from factcheck.web.auth import LoginLimiter, add_user, check_login, hash_password, set_password
from factcheck.web.server import is_loopback, serve

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "REASON_TITLES",
    "LoginLimiter",
    "add_user",
    "check_login",
    "create_app",
    "hash_password",
    "is_loopback",
    "serve",
    "set_password",
]
