"""Judges: what decides a label after retrieval, plugged in through the ``factcheck.judges`` entry points.

Built-in: ``llm`` (:class:`factcheck.judges.llm.LLMJudge`, an OpenAI-compatible chat endpoint). A judge
class has ``from_settings(settings)`` and satisfies :class:`factcheck.verify.judge.Judge`;
``verify.judge = "<name>"`` picks it. This layer sits above ``verify``, which never imports it (nor
the HTTP client): :func:`factcheck.verify.judge.load_judge` finds judges by entry point.
"""

from __future__ import annotations

__all__: list[str] = []
