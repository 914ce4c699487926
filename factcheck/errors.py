"""The factcheck error tree.

Every failure the library reports is a :class:`FactcheckError`. Foreign exceptions (httpx, ruamel.yaml,
pydantic, SQLAlchemy, an LLM SDK) are translated where they enter — ``http``, ``claims``, ``config.py``,
``store.py``, ``judges/llm.py`` — always with ``raise ... from exc``. Only ``cli.py`` maps the families below
to exit codes (0 ok, 1 findings asked for by ``--fail-on``, 2 bad input, 3 internal or store failure,
4 a run completed but some claims could not be checked)::

    FactcheckError
     ├── InputError                 bad input from the user: exit 2
     │    ├── ClaimFileError        a claim file is wrong (path, line, column, field)
     │    ├── ArticleError          an article cannot be read or is not text
     │    ├── ConfigError           a setting is wrong (layer and key)
     │    ├── NotConfigured         a component lacks its settings and switched itself off
     │    ├── NotFoundError         a run or claim id the verdict store does not know
     │    └── ReviewConflictError   a review action was made on a state someone else changed since
     ├── FetchError                 a source could not be fetched (url, fetcher): a run error, never a label
     │    ├── HTTPStatusError       the server answered with an error status
     │    ├── FetchTimeoutError     connect/read/total timeout
     │    ├── ConnectError          DNS, refused, reset
     │    ├── RobotsDeniedError     robots.txt disallows our user agent
     │    ├── TooLargeError         body over the size cap
     │    ├── BlockedAddressError   private, loopback, link-local or metadata address
     │    ├── TooManyRedirectsError redirect limit exceeded or loop
     │    ├── ContentError          undecodable or unparseable body
     │    ├── InvalidURLError       unparseable URL or a scheme other than http/https
     │    └── OfflineMissError      --offline and the archive holds no answer for the request
     ├── StoreError                 the verdict store failed: exit 3
     │    ├── LockedError           another run holds the lock
     │    └── RunLockLostError      the run's lock went away mid-run (Postgres session ended)
     ├── VerifyError                verification failed (model missing, judge answer invalid): exit 3
     └── QueueError                 the task queue (broker) failed or a distributed run timed out: exit 3
"""

from __future__ import annotations

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_ERRORED",
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "ArticleError",
    "BlockedAddressError",
    "ClaimFileError",
    "ClaimFileErrors",
    "ConfigError",
    "ConnectError",
    "ContentError",
    "FactcheckError",
    "FetchError",
    "FetchTimeoutError",
    "HTTPStatusError",
    "InputError",
    "InvalidURLError",
    "LockedError",
    "NotConfigured",
    "NotFoundError",
    "OfflineMissError",
    "QueueError",
    "ReviewConflictError",
    "RobotsDeniedError",
    "RunInterruptedError",
    "RunLockLostError",
    "StoreError",
    "TooLargeError",
    "TooManyRedirectsError",
    "VerifyError",
    "exit_code_for",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_ERRORED = 4


class FactcheckError(Exception):
    """Base of every error factcheck raises on purpose."""


class InputError(FactcheckError):
    """Bad input from the user (files, flags, settings); the CLI exits 2."""


class ClaimFileError(InputError):
    """One problem in one claim file, located by line, column and field path.

    ``line`` and ``column`` are 1-based; either may be ``None`` when the problem has no position
    (an unreadable file, say). ``field`` is a dotted path such as ``claims[2].quantities[0].approx``.
    """

    def __init__(
        self,
        path: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        self.path = path
        self.message = message
        self.line = line
        self.column = column
        self.field = field
        super().__init__(self.format())

    def format(self) -> str:
        """Render as ``path:line:col: field: message`` (the form editors and grep understand)."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        prefix = f"{self.field}: " if self.field else ""
        return f"{where}: {prefix}{self.message}"


class ClaimFileErrors(InputError):
    """Several claim-file problems, reported together (``claims validate`` shows all of them)."""

    def __init__(self, errors: list[ClaimFileError]) -> None:
        self.errors = errors
        super().__init__("\n".join(e.format() for e in errors))


class ArticleError(InputError):
    """An article cannot be read, decoded or is not text."""


class ConfigError(InputError):
    """A setting is invalid; the message names the layer (file, env, flag) and the key."""


class NotConfigured(InputError):  # the name scrapy made familiar, kept without "Error"
    """A component lacks its settings and switched itself off; the message says what to set."""


class NotFoundError(InputError):
    """A run or claim id that the verdict store does not know (``factcheck show``, ``review``…)."""


class ReviewConflictError(InputError):
    """A review action named a version of the claim's review state that is no longer current.

    Raised by the store when someone else acted on the claim in between (optimistic concurrency);
    ``expected`` is the version the page showed, ``current`` the version now.
    """

    def __init__(self, message: str, *, claim_id: str, expected: int, current: int) -> None:
        self.claim_id = claim_id
        self.expected = expected
        self.current = current
        super().__init__(message)


class FetchError(FactcheckError):
    """A source could not be fetched. Recorded as a run error, never turned into a verdict."""

    kind = "fetch"

    def __init__(self, message: str, *, url: str | None = None, fetcher: str | None = None) -> None:
        self.url = url
        self.fetcher = fetcher
        self.message = message
        super().__init__(message if url is None else f"{message} ({url})")


class HTTPStatusError(FetchError):
    """The server answered with an error status after retries."""

    kind = "status"

    def __init__(
        self, message: str, *, status: int, url: str | None = None, fetcher: str | None = None
    ) -> None:
        self.status = status
        super().__init__(message, url=url, fetcher=fetcher)


class FetchTimeoutError(FetchError):
    """Connect, read or total timeout."""

    kind = "timeout"


class ConnectError(FetchError):
    """The connection failed: DNS, refused, reset, TLS."""

    kind = "connect"


class RobotsDeniedError(FetchError):
    """robots.txt of the host disallows our user agent for this URL."""

    kind = "robots"


class TooLargeError(FetchError):
    """The body exceeded the configured size cap (checked while streaming)."""

    kind = "too_large"


class BlockedAddressError(FetchError):
    """The host resolves to a private, loopback, link-local or metadata address not allow-listed."""

    kind = "blocked_address"


class TooManyRedirectsError(FetchError):
    """Redirect limit exceeded, or a redirect loop."""

    kind = "redirects"


class ContentError(FetchError):
    """The body could not be decoded or parsed as the fetcher expected."""

    kind = "content"


class InvalidURLError(FetchError):
    """The URL cannot be parsed, or its scheme is not http/https (raised by ``factcheck.http``)."""

    kind = "invalid_url"


class OfflineMissError(FetchError):
    """Offline mode: the evidence archive holds no response for this request."""

    kind = "offline_miss"


class StoreError(FactcheckError):
    """The verdict store failed (connection, schema, integrity); the CLI exits 3."""


class LockedError(StoreError):
    """Another run holds the run lock."""


class RunLockLostError(StoreError):
    """The run lock went away while the run held it (its Postgres session was ended).

    Raised by the store before the next commit; the run stops, stays resumable and is not closed
    (another run may have taken the lock and resumed it).
    """


class VerifyError(FactcheckError):
    """Verification could not be carried out (model file missing, judge answer invalid)."""


class QueueError(FactcheckError):
    """The task queue failed (broker unreachable) or workers did not finish a run in time."""


class RunInterruptedError(FactcheckError):
    """A signal (Ctrl-C, SIGTERM) stopped a run; it was closed as interrupted and resumes next time."""


def exit_code_for(exc: BaseException) -> int:
    """Map an exception to DESIGN's exit codes: 2 for bad input, 3 for everything else."""
    if isinstance(exc, InputError):
        return EXIT_BAD_INPUT
    return EXIT_INTERNAL
