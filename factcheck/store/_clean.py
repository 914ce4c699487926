"""Text the database can store, and configuration that shows no secret.

:func:`clean_text` replaces NUL and lone surrogates one character for one (spans stay valid);
:func:`mask_secrets` hides secret-looking keys and URL passwords before a run's config is stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from factcheck.models import Verdict

__all__ = ["clean_text", "mask_secrets"]

_SECRET_KEY_RE = re.compile(r"(api_?key|secret|password|passwd|token|credential)", re.IGNORECASE)
_URL_PASSWORD_RE = re.compile(r"(://[^:/@\s]+:)[^@/\s]+@")
_MASK = "**********"


def mask_secrets(value: Any) -> Any:
    """Return a JSON-safe copy with secret-looking keys and URL passwords masked."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if _SECRET_KEY_RE.search(str(key)) and item not in (None, "", _MASK):
                out[str(key)] = _MASK
            else:
                out[str(key)] = mask_secrets(item)
        return out
    if isinstance(value, list | tuple | set | frozenset):
        return [mask_secrets(item) for item in value]
    if isinstance(value, str):
        return _URL_PASSWORD_RE.sub(r"\1" + _MASK + "@", value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return mask_secrets(str(value))


def _is_clean(text: str) -> bool:
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _clean_str(text: str) -> str:
    if _is_clean(text):
        return text
    text = text.replace("\x00", "\ufffd")
    return text.encode("utf-8", "replace").decode("utf-8")


def clean_text(value: Any) -> Any:
    """Make strings storable everywhere: NUL (Postgres rejects it) and lone surrogates (not UTF-8)
    become U+FFFD and ``?``, one character for one, so spans stay valid. Recurses into dicts/lists."""
    kind = type(value)
    if kind is str:
        return _clean_str(value)
    if kind is dict:
        return {
            key: _clean_str(item) if type(item) is str else clean_text(item)
            for key, item in value.items()
        }
    if kind is list or kind is tuple:
        return [_clean_str(item) if type(item) is str else clean_text(item) for item in value]
    if isinstance(value, str):
        return _clean_str(str(value))
    return value


def _clean_rows(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [clean_text(row) for row in rows]


def _clean_verdict(verdict: Verdict) -> Verdict:
    """The verdict itself when all its strings are storable (the usual, cheap case), else a copy."""
    texts = [verdict.rationale, verdict.judge]
    for ref in verdict.evidence:
        texts += (ref.quote, ref.document_id, ref.url or "", ref.source or "")
    for step in verdict.trace:
        texts += (step.claimed, step.observed, step.quote or "", step.url or "")
    if all(_is_clean(t) for t in texts):
        return verdict
    return Verdict.model_validate(clean_text(verdict.model_dump(mode="json")))
