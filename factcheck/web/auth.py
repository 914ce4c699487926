"""People of the review app: argon2 password hashes, login checks with a rate limit, CSRF tokens.

Passwords are hashed with argon2id (argon2-cffi's defaults); an unknown user name costs the same
hash check as a wrong password, so timing does not tell which names exist. :class:`LoginLimiter`
counts failed logins per client address and per user name in a sliding window. CSRF tokens are
random per session and compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from factcheck.errors import InputError
from factcheck.store import Store, UserInfo

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "LoginLimiter",
    "add_user",
    "check_login",
    "hash_password",
    "new_csrf_token",
    "password_fingerprint",
    "same_token",
    "set_password",
]

MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()
# A real hash of a random password: unknown names are checked against it (same cost as a real user).
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``; raises :class:`InputError` when it is too short."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def add_user(store: Store, name: str, password: str, role: str) -> UserInfo:
    """Create a user with a hashed password (``factcheck users add``)."""
    return store.add_user(name, password_hash=hash_password(password), role=role)


def set_password(store: Store, name: str, password: str) -> UserInfo:
    """Replace a user's password (sessions signed with the old one end)."""
    return store.update_user(name, password_hash=hash_password(password))


def check_login(store: Store, name: str, password: str) -> UserInfo | None:
    """The user when ``name`` and ``password`` match an enabled account, else ``None``."""
    user = store.get_user(name) if name else None
    try:
        _hasher.verify(user.password_hash if user is not None else _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if user is None or user.disabled:
        return None
    return user


def password_fingerprint(user: UserInfo) -> str:
    """A short digest of the password hash kept in the session: a new password ends old sessions."""
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:16]


def new_csrf_token() -> str:
    """A fresh random token for one session's forms."""
    return secrets.token_urlsafe(32)


def same_token(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison of two tokens (``False`` when either is missing)."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


@dataclass
class _Window:
    failures: deque[float]


class LoginLimiter:
    """At most ``attempts`` failed logins per key within ``window_s`` seconds (thread-safe).

    Keys are the client address and the user name, each counted on its own, so neither guessing
    many passwords for one name nor many names from one address gets far.
    """

    def __init__(
        self, attempts: int, window_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._attempts = attempts
        self._window_s = window_s
        self._clock = clock
        self._lock = threading.Lock()
        self._keys: dict[str, _Window] = {}

    def _prune(self, window: _Window, now: float) -> None:
        while window.failures and now - window.failures[0] >= self._window_s:
            window.failures.popleft()

    def retry_after_s(self, *keys: str) -> float:
        """Seconds until a login may be tried again for these keys (0: now)."""
        now = self._clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                window = self._keys.get(key)
                if window is None:
                    continue
                self._prune(window, now)
                if len(window.failures) >= self._attempts:
                    wait = max(wait, self._window_s - (now - window.failures[0]))
        return wait

    def failed(self, *keys: str) -> None:
        """Count one failed login for each key."""
        now = self._clock()
        with self._lock:
            for key in keys:
                window = self._keys.setdefault(key, _Window(deque()))
                self._prune(window, now)
                window.failures.append(now)
            if len(self._keys) > 10_000:  # forget idle keys so memory stays bounded
                for key in [k for k, w in self._keys.items() if not w.failures]:
                    del self._keys[key]

    def succeeded(self, *keys: str) -> None:
        """Forget the failures of these keys (the user name's; never the address's, or one valid
        account would reset the count for guesses at others)."""
        with self._lock:
            for key in keys:
                self._keys.pop(key, None)
