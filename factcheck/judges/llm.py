"""The optional LLM judge: an OpenAI-compatible chat completions endpoint decides from the passages.

Off by default (``verify.judge = "local"``); ``verify.judge = "llm"`` with ``llm.base_url`` and
``llm.model`` set turns it on (``llm.api_key`` only from the environment). The prompt carries the
claim and the numbered top passages; the answer must be a JSON object validated by
:class:`JudgeAnswer` (label, confidence, rationale, cited passage numbers). An answer that is not
valid JSON, names an unknown label, cites a passage that was not given, or decides without citing
anything raises :class:`~factcheck.errors.VerifyError` — the judge never guesses a label. Without
passages the endpoint is not called and the local verdict stands.

Requests go through the project's one HTTP client (:class:`factcheck.http.HttpClient`), so its
policies apply: a local server on 127.0.0.1 must be listed in ``http.allow_private``, robots.txt of
the endpoint's origin is honoured, and ``http.per_host_rate`` limits calls per second. Timeouts are
``llm.timeout_s``. The Authorization header is never logged nor put in an error message.
The confidence is the model's own estimate and is not calibrated.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import re
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from factcheck.config import Settings
from factcheck.errors import FetchError, NotConfigured, VerifyError
from factcheck.http import HttpClient, LoopThread
from factcheck.models import Claim, EvidenceRef, Label, Stance, Verdict

if TYPE_CHECKING:
    from factcheck.verify.passages import Passage

__all__ = ["SYSTEM_PROMPT", "JudgeAnswer", "LLMJudge", "build_messages", "parse_answer"]

logger = logging.getLogger(__name__)

MAX_PASSAGE_CHARS = 1500
MAX_TOKENS = 600

SYSTEM_PROMPT = (
    "You are a careful fact-checker. Decide whether the numbered passages support or refute the "
    "claim, using only those passages. Answer with one JSON object and nothing else:\n"
    '{"label": "supported" | "refuted" | "mixed" | "not_enough_evidence", '
    '"confidence": <probability 0..1 that your label is right>, '
    '"rationale": "<plain sentences quoting the passages you rely on>", '
    '"citations": [<numbers of the passages you rely on>]}\n'
    "supported: the passages confirm the claim; refuted: they contradict it; mixed: they confirm "
    "part and contradict part; not_enough_evidence: they do not settle it. Cite at least one "
    "passage for any label other than not_enough_evidence. Compare numbers and dates exactly as "
    "the claim states them (approximate words like 'nearly' or 'more than' matter)."
)

_FENCE_RE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL | re.IGNORECASE)
_LABEL_STANCE: dict[str, Stance] = {"supported": "supports", "refuted": "refutes"}


class JudgeAnswer(BaseModel):
    """The JSON object the model must answer with."""

    model_config = ConfigDict(extra="ignore")

    label: Label
    confidence: float = Field(ge=0.0, le=1.0)
    rationale: str = Field(min_length=1)
    citations: list[int] = Field(default_factory=list)


def _clip(text: str, limit: int = MAX_PASSAGE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def build_messages(
    claim: Claim, passages: Sequence[Passage], *, reference_date: dt.date | None = None
) -> list[dict[str, str]]:
    """The chat messages for one claim: the system rules, then the claim and numbered passages."""
    lines = [f"Claim: {claim.text}"]
    ref = claim.as_of or reference_date
    if ref is not None:
        lines.append(f"The claim was made on {ref.isoformat()}.")
    lines.append("")
    lines.append("Passages:")
    for number, passage in enumerate(passages, start=1):
        doc = passage.document
        meta = [doc.url]
        if doc.title:
            meta.append(doc.title)
        if doc.published:
            meta.append(f"published {doc.published.isoformat()}")
        lines.append(f"[{number}] ({'; '.join(meta)}) {_clip(passage.text)}")
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": "\n".join(lines)},
    ]


def _json_object(content: str) -> Any:
    fenced = _FENCE_RE.match(content)
    if fenced:
        content = fenced.group(1)
    try:
        return json.loads(content)
    except json.JSONDecodeError:
        start, end = content.find("{"), content.rfind("}")
        if start == -1 or end <= start:
            raise
        return json.loads(content[start : end + 1])  # a JSON object wrapped in prose


def parse_answer(content: str, n_passages: int) -> JudgeAnswer:
    """Validate the model's message content; raise :class:`VerifyError` when it is not usable."""
    try:
        data = _json_object(content)
    except json.JSONDecodeError as exc:
        raise VerifyError(f"LLM judge answer is not valid JSON: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise VerifyError("LLM judge answer is not a JSON object")
    try:
        answer = JudgeAnswer.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'answer'}: {err['msg']}"
            for err in exc.errors()
        )
        raise VerifyError(f"LLM judge answer is invalid: {problems}") from exc
    bad = [c for c in answer.citations if not 1 <= c <= n_passages]
    if bad:
        raise VerifyError(f"LLM judge cited passage(s) {bad} but only 1..{n_passages} were given")
    if answer.label != "not_enough_evidence" and not answer.citations:
        raise VerifyError(f"LLM judge answered {answer.label!r} without citing any passage")
    return answer


def _message_content(payload: Any) -> str:
    try:
        content = payload["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise VerifyError("LLM endpoint answer has no choices[0].message.content") from exc
    if not isinstance(content, str) or not content.strip():
        raise VerifyError("LLM endpoint answered with an empty message")
    return content


class LLMJudge:
    """Judge verdicts with an OpenAI-compatible chat endpoint; ``name`` is ``llm:<model>``."""

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        llm = settings.llm
        if not llm.base_url or not llm.model:
            raise NotConfigured("llm judge: set llm.base_url and llm.model")
        self.model = llm.model
        self.name = f"llm:{llm.model}"
        self.url = llm.base_url.rstrip("/") + "/chat/completions"
        self.json_mode = llm.json_mode
        self._api_key = llm.api_key
        http = settings.http.model_copy(
            update={
                "read_timeout_s": llm.timeout_s,
                "total_timeout_s": max(settings.http.total_timeout_s, llm.timeout_s),
            }
        )
        self._settings = settings.model_copy(update={"http": http})
        self._transport = transport
        self._client: HttpClient | None = None
        self._runner: LoopThread | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMJudge:
        """Build the judge; raise :class:`NotConfigured` without ``llm.base_url``/``llm.model``."""
        return cls(settings)

    def __repr__(self) -> str:
        return f"LLMJudge(model={self.model!r}, url={self.url!r})"

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self._api_key is not None:
            headers["Authorization"] = f"Bearer {self._api_key.get_secret_value()}"
        return headers

    def _payload(self, messages: list[dict[str, str]]) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": 0,
            "max_tokens": MAX_TOKENS,
        }
        if self.json_mode:
            payload["response_format"] = {"type": "json_object"}
        return payload

    async def ajudge(
        self,
        claim: Claim,
        passages: Sequence[Passage],
        *,
        local: Verdict,
        reference_date: dt.date | None = None,
        client: HttpClient | None = None,
    ) -> Verdict:
        """Ask the endpoint (on ``client`` or the judge's own); see :meth:`judge`."""
        if not passages:
            return local  # no evidence: never ask for (or accept) a guess
        messages = build_messages(claim, passages, reference_date=reference_date)
        http = client or self._own_client()
        try:
            response = await http.post_json(
                self.url, self._payload(messages), headers=self._headers(), fetcher="llm"
            )
        except FetchError as exc:
            # FetchError messages carry the URL, never request headers.
            raise VerifyError(f"LLM judge request failed: {exc}") from exc
        try:
            payload = response.json()
        except FetchError as exc:
            raise VerifyError(f"LLM endpoint answered with invalid JSON ({self.url})") from exc
        answer = parse_answer(_message_content(payload), len(passages))
        logger.debug("llm judge %s: %s %.2f", claim.id, answer.label, answer.confidence)
        return self._verdict(claim, passages, answer, local)

    def judge(
        self,
        claim: Claim,
        passages: Sequence[Passage],
        *,
        local: Verdict,
        reference_date: dt.date | None = None,
    ) -> Verdict:
        """Decide ``claim`` from ``passages``; raise :class:`VerifyError` on any unusable answer.

        Blocking; safe to call from several threads (requests run on the judge's own event loop).
        """
        if not passages:
            return local
        runner = self._ensure_runner()
        return runner.run(self.ajudge(claim, passages, local=local, reference_date=reference_date))

    def _ensure_runner(self) -> LoopThread:
        with self._lock:
            if self._runner is None:
                self._runner = LoopThread("llm-judge")
            return self._runner

    def _own_client(self) -> HttpClient:
        if self._client is None:
            self._client = HttpClient(self._settings, transport=self._transport)
        return self._client

    def close(self) -> None:
        """Close the HTTP client and stop the private event loop."""
        with self._lock:
            runner, self._runner = self._runner, None
        client, self._client = self._client, None
        if runner is not None:
            if client is not None:
                runner.run(client.aclose())
            runner.stop()
        elif client is not None:
            asyncio.run(client.aclose())

    def _verdict(
        self,
        claim: Claim,
        passages: Sequence[Passage],
        answer: JudgeAnswer,
        local: Verdict,
    ) -> Verdict:
        local_stance = {
            (ref.document_id, ref.span): ref.stance for ref in local.evidence if ref.span
        }
        evidence: list[EvidenceRef] = []
        cited: list[str] = []
        for number in dict.fromkeys(answer.citations):
            passage = passages[number - 1]
            doc = passage.document
            span = (passage.start, passage.end)
            stance = _LABEL_STANCE.get(answer.label) or local_stance.get((doc.id, span), "neutral")
            evidence.append(
                EvidenceRef(
                    document_id=doc.id,
                    url=doc.url,
                    quote=_clip(passage.text, 500),
                    span=span,
                    stance=stance,
                    score=passage.score,
                    published=doc.published,
                    source=doc.fetcher,
                )
            )
            cited.append(f"[{number}] {doc.url}")
        rationale = " ".join(answer.rationale.split())
        if cited:
            rationale += " Sources: " + "; ".join(cited) + "."
        return Verdict(
            claim_id=claim.id,
            label=answer.label,
            confidence=answer.confidence,
            rationale=rationale,
            evidence=evidence,
            judge=self.name,
        )
