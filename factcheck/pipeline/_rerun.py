"""Carry-over without loading documents: an unchanged rerun does almost nothing.

After a claim is decided with no fetch error, the run keeps what its verdict rested on in the
evidence archive (``inputs/``): the claim's content hash, the verifier version, a digest of the
setup (enabled fetchers and their settings, the fetchers' code, the page extractor, the claim's
article), the evidence fingerprint, and every HTTP response its fetchers read (request
fingerprint, method, URL, body sha256).

The next run checks those claims before fetching anything (:func:`carry_over_unchanged`): same
hash, verifier and setup, and every response still the same — fresh in the archive
(``http.fresh_for_s``: no request at all), or revalidated with a conditional request (304, or 200
with the same bytes). Such a claim gets its last verdict on that evidence again, recorded as
carried over, with one bulk read and one bulk write per batch, without planning, fetching,
parsing or verifying. Anything else — a changed page, a failed revalidation, no record, another
setup — is handed to the run's workers at once, down the normal path (a page re-fetched here is not
fetched again there), while the other checks go on.

Every claim's check starts at once, so each host's revalidations go at that host's politeness
budget (``per_host_rate``, ``per_host_concurrency``) and many hosts at a time: a claim waits only for
its own hosts, never behind another host's queue or the run's ``concurrency`` workers.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from factcheck.__about__ import __version__
from factcheck.errors import FetchError

if TYPE_CHECKING:
    from factcheck.config import Settings
    from factcheck.evidence import EvidenceArchive
    from factcheck.fetchers.base import Fetcher
    from factcheck.http import HttpClient
    from factcheck.models import Verdict
    from factcheck.pipeline._models import ClaimTask
    from factcheck.store import Store

__all__ = ["BATCH", "INPUTS_VERSION", "InputsLog", "carry_over_unchanged"]

logger = logging.getLogger(__name__)

INPUTS_VERSION = 1
BATCH = 500  # claims checked (and their verdicts written) together

Carried = Callable[["ClaimTask", "Verdict", int], None]


def _code_digest() -> str:
    """Digest of the fetchers' source: a changed fetcher may read other pages."""
    digest = hashlib.sha256()
    root = resources.files("factcheck.fetchers")
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".py"):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return digest.hexdigest()


class InputsLog:
    """Keeps each decided claim's inputs in the archive and tells whether they still hold."""

    def __init__(
        self, settings: Settings, archive: EvidenceArchive, client: HttpClient, setup: str
    ) -> None:
        self.settings = settings
        self.archive = archive
        self.client = client
        self.setup = setup

    @classmethod
    def for_run(
        cls,
        settings: Settings,
        archive: EvidenceArchive,
        client: HttpClient,
        fetchers: Sequence[Fetcher],
        verifier_version: str,
    ) -> InputsLog | None:
        """The log of a run, or ``None`` when a fetcher reads more than HTTP (local files)."""
        if not fetchers or not all(getattr(f, "inputs_are_responses", False) for f in fetchers):
            return None
        from factcheck.fetchers._html import EXTRACTOR_VERSION

        setup = json.dumps(
            [
                INPUTS_VERSION,
                __version__,
                verifier_version,
                sorted(f.name for f in fetchers),
                settings.fetchers.model_dump(mode="json"),
                EXTRACTOR_VERSION,
                _code_digest(),
            ],
            sort_keys=True,
            default=str,
        )
        client.used, client.current = {}, set()  # this run's client notes what claims read
        return cls(settings, archive, client, hashlib.sha256(setup.encode()).hexdigest())

    def _key(self, task: ClaimTask, claim_hash: str) -> str:
        article = task.article.model_dump_json() if task.article is not None else ""
        raw = "\n".join([self.setup, claim_hash, task.file, article])
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    def forget(self, claim_id: str) -> None:
        """Drop what a claim read (it had fetch errors: no record, the next run fetches)."""
        if self.client.used is not None:
            self.client.used.pop(claim_id, None)

    def record(
        self, task: ClaimTask, claim_hash: str, evidence_fingerprint: str, documents: int
    ) -> None:
        """Keep what the verdict just committed for ``task`` rested on."""
        used = self.client.used.pop(task.claim.id, {}) if self.client.used is not None else {}
        self.archive.put_inputs(
            task.claim.id,
            {
                "key": self._key(task, claim_hash),
                "evidence_fingerprint": evidence_fingerprint,
                "documents": documents,
                "responses": [[fp, *used[fp]] for fp in sorted(used)],
            },
        )

    def candidate(self, task: ClaimTask, claim_hash: str, inputs: dict[str, Any]) -> bool:
        """Whether ``inputs`` are of this claim version under this setup."""
        return inputs.get("key") == self._key(task, claim_hash) and isinstance(
            inputs.get("responses"), list
        )

    async def unchanged(self, task: ClaimTask, inputs: dict[str, Any]) -> bool:
        """Whether every response the verdict rested on is still the same (revalidated if due).

        ``inputs["fresh"]`` (set by :meth:`read`) lists the responses known fresh already.
        """
        responses = inputs["responses"]
        fresh = inputs.get("fresh") or [False] * len(responses)
        for (fingerprint, method, url, sha256, fetcher), known in zip(
            responses, fresh, strict=True
        ):
            if known:
                continue
            if method != "GET":  # no body kept to send again: only a fresh copy will do
                return False
            try:
                response = await self.client.get(
                    url, fetcher=fetcher, query=url, claim_id=task.claim.id
                )
            except FetchError as exc:
                logger.info("%s: %s not revalidated (%s); fetching", task.claim.id, url, exc)
                return False
            if response.sha256 != sha256:
                return False
            # confirmed unchanged now: the freshness window starts again for the next run
            await asyncio.to_thread(self.archive.touch, fingerprint)
        return True

    def read(self, task: ClaimTask, claim_hash: str) -> dict[str, Any] | None:
        """The inputs of ``task`` when they are of this claim version under this setup, with
        which responses are fresh in the archive (blocking file reads: call it in a thread)."""
        inputs = self.archive.get_inputs(task.claim.id)
        if inputs is None or not self.candidate(task, claim_hash, inputs):
            return None
        inputs["fresh"] = [self._fresh(r[0], r[3]) for r in inputs["responses"]]
        return inputs

    def _fresh(self, fingerprint: str, sha256: str) -> bool:
        record = self.archive.latest(fingerprint)
        if record is None or record.sha256 != sha256:
            return False
        seen = max(record.fetched_at, record.validated_at or record.fetched_at)
        age_s = (dt.datetime.now(dt.UTC) - seen).total_seconds()
        return 0 <= age_s < self.settings.http.fresh_for_s


def _read_inputs(
    log: InputsLog, tasks: Sequence[ClaimTask], hashes: dict[str, str]
) -> list[dict[str, Any] | None]:
    return [log.read(task, hashes[task.claim.id]) for task in tasks]


async def carry_over_unchanged(
    tasks: Sequence[ClaimTask],
    hashes: dict[str, str],
    *,
    log: InputsLog,
    store: Store,
    run_id: int,
    on_carried: Carried,
    on_changed: Callable[[ClaimTask], None],
) -> None:
    """Carry over every claim of ``tasks`` whose inputs did not change; hand every other claim to
    ``on_changed`` as soon as that is known (the run's workers check it meanwhile).

    Every check starts at once (a claim waits only for its own hosts' politeness budget, never for
    another host's queue); carried-over verdicts are written :data:`BATCH` at a time.
    """
    from factcheck.store import VerdictWrite

    ready: list[tuple[ClaimTask, dict[str, Any]]] = []

    def flush() -> None:
        batch = ready[:]
        ready.clear()
        found = store.last_verdicts(
            (t.claim.id, hashes[t.claim.id], r["evidence_fingerprint"]) for t, r in batch
        )
        writes, carried = [], []
        for task, inputs in batch:
            previous = found.get(task.claim.id)
            if previous is None:  # the verdict is gone (another store?): check it
                on_changed(task)
                continue
            verdict = previous.to_verdict()
            fingerprint = inputs["evidence_fingerprint"]
            writes.append(VerdictWrite(verdict, hashes[task.claim.id], True, fingerprint))
            carried.append((task, verdict, int(inputs.get("documents", 0))))
        if writes:
            store.record_verdicts(run_id, writes)
        for task, verdict, documents in carried:
            on_carried(task, verdict, documents)

    async def check(task: ClaimTask, inputs: dict[str, Any]) -> None:
        try:
            same = await log.unchanged(task, inputs)
        finally:
            log.forget(task.claim.id)  # what the check read; the normal path notes its own
        if not same:
            on_changed(task)
            return
        ready.append((task, inputs))
        if len(ready) >= BATCH:
            flush()

    checks: list[asyncio.Task[None]] = []
    for start in range(0, len(tasks), BATCH):
        batch = tasks[start : start + BATCH]
        records = await asyncio.to_thread(_read_inputs, log, batch, hashes)
        for task, inputs in zip(batch, records, strict=True):
            if inputs is None:
                on_changed(task)
            else:
                checks.append(asyncio.create_task(check(task, inputs)))
    await asyncio.gather(*checks)
    if ready:
        flush()
