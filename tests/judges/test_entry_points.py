"""Judges are found through the ``factcheck.judges`` entry points, the built-in LLM judge included."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from importlib.metadata import EntryPoint
from typing import Self

import pytest

import factcheck.verify.judge as judge_module
from factcheck.config import Settings
from factcheck.errors import ConfigError
from factcheck.models import Claim, Verdict
from factcheck.verify import Judge, load_judge
from factcheck.verify.passages import Passage


class EchoJudge:
    """A toy judge: returns the local verdict under its own name."""

    name = "echo"

    @classmethod
    def from_settings(cls, settings: Settings) -> Self:
        return cls()

    def judge(
        self,
        claim: Claim,
        passages: Sequence[Passage],
        *,
        local: Verdict,
        reference_date: dt.date | None = None,
    ) -> Verdict:
        return local.model_copy(update={"judge": self.name})


def test_the_llm_judge_is_declared_as_an_entry_point() -> None:
    assert "llm" in judge_module.judge_names()
    (ep,) = [e for e in judge_module._judge_entry_points().values() if e.name == "llm"]
    assert ep.value == "factcheck.judges.llm:LLMJudge"


def test_a_plugin_judge_is_loaded_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    toy = EntryPoint(
        name="echo", value=f"{__name__}:EchoJudge", group=judge_module.ENTRY_POINT_GROUP
    )
    monkeypatch.setattr(judge_module, "entry_points", lambda group: [toy])
    judge = load_judge("echo", Settings())
    assert isinstance(judge, EchoJudge)
    assert isinstance(judge, Judge)
    assert judge_module.judge_names() == ["local", "echo"]


def test_an_unknown_judge_names_the_setting_and_the_choices() -> None:
    with pytest.raises(
        ConfigError, match=r"verify\.judge: unknown judge 'oracle' \(expected 'local', .*'llm'"
    ):
        load_judge("oracle", Settings())


def test_verify_does_not_import_judges_or_http() -> None:
    import subprocess
    import sys

    code = (
        "import sys, factcheck.verify, factcheck.verify.verifier; "
        "bad = [m for m in sys.modules if m.startswith(('factcheck.judges', 'factcheck.http', 'httpx'))]; "
        "print(bad); raise SystemExit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
