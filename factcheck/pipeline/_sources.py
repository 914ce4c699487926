"""Where a run's evidence comes from: one HTTP client, the evidence archive and the fetchers on it.

:func:`open_sources` is the one place they are wired together — for a local run, a Celery worker, the
coordinator's check of the fetcher names and ``factcheck fetch``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from factcheck.config import Settings

if TYPE_CHECKING:
    import httpx

    from factcheck.evidence import EvidenceArchive
    from factcheck.fetchers.base import Fetcher, FetcherRegistry
    from factcheck.http import HostLimiter, HttpClient

__all__ = ["Sources", "open_sources"]


@dataclass
class Sources:
    """The client, the archive it records into, the enabled fetchers and the disabled ones (name →
    ``"disabled: reason"``). Use as ``async with open_sources(settings) as sources: ...`` (closes
    the client), or call :meth:`aclose`."""

    client: HttpClient
    archive: EvidenceArchive
    fetchers: list[Fetcher]
    disabled: dict[str, str] = field(default_factory=dict)

    async def __aenter__(self) -> Sources:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the client's connections."""
        await self.client.aclose()


def open_sources(
    settings: Settings,
    *,
    offline: bool = False,
    fetchers: Sequence[str] = (),
    transport: httpx.AsyncBaseTransport | None = None,
    limiter: HostLimiter | None = None,
    registry: FetcherRegistry | None = None,
) -> Sources:
    """Build the client (on the evidence archive of ``settings``), then the fetchers on it.

    ``fetchers`` (the ``--fetcher`` flag) picks fetchers by name (empty: ``fetchers.enabled`` or all);
    ``transport`` replaces the network, ``limiter`` adds per-host limits shared with other processes,
    ``registry`` replaces the installed fetchers. Opens no connection until a request is made.
    Raises :class:`~factcheck.errors.UnknownFetcherError` for a name nobody registers.
    """
    from factcheck.evidence import EvidenceArchive
    from factcheck.fetchers import load_fetchers
    from factcheck.http import HttpClient

    archive = EvidenceArchive.from_settings(settings)
    client = HttpClient(
        settings, transport=transport, archive=archive, offline=offline, limiter=limiter
    )
    enabled, disabled = load_fetchers(settings, client, list(fetchers) or None, registry=registry)
    return Sources(client=client, archive=archive, fetchers=enabled, disabled=disabled)
