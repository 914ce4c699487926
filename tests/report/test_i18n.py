"""The message catalogue: every message the templates and renderers use has its Chinese text;
language negotiation; the verifier's rationale templates in Chinese."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from factcheck.report import i18n
from factcheck.report.data import LABEL_TITLES, UNVERIFIED_TITLE
from factcheck.report.i18n import (
    ZH,
    article_language,
    negotiate_language,
    translate_rationale,
    translator,
)

PACKAGE = Path(i18n.__file__).resolve().parent.parent
_TEMPLATE_MESSAGE = re.compile(r"""_\(\s*(?P<q>["'])(?P<m>.+?)(?P=q)\s*[,)]""")


def _template_messages() -> set[str]:
    found: set[str] = set()
    for folder in (PACKAGE / "report" / "templates", PACKAGE / "web" / "templates"):
        for path in folder.glob("*.j2"):
            found |= {m.group("m") for m in _TEMPLATE_MESSAGE.finditer(path.read_text("utf-8"))}
    return found


def _python_messages(path: Path, name: str) -> set[str]:
    """String constants passed as the first argument to calls of ``name`` (e.g. ``t("...")``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == name
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return found


def test_every_message_has_a_chinese_translation() -> None:
    from factcheck.web.app import _STATUS_TITLES, REASON_TITLES

    messages = _template_messages()
    messages |= _python_messages(PACKAGE / "report" / "markdown.py", "t")
    messages |= set(LABEL_TITLES.values()) | {UNVERIFIED_TITLE}
    messages |= set(REASON_TITLES.values()) | set(_STATUS_TITLES.values())
    messages |= {"completed", "partial", "failed", "interrupted", "running", "spot check"}
    messages |= {"supports", "refutes", "neutral", "verdict", "errored", "not checked"}
    messages |= {"approve", "override", "confirm", "reopen", "assign", "undo", "open", "pending"}
    assert len(messages) > 150
    missing = sorted(m for m in messages if m not in ZH)
    assert missing == []


def test_placeholders_match_between_languages() -> None:
    for english, chinese in ZH.items():
        assert set(re.findall(r"\{(\w+)\}", english)) == set(re.findall(r"\{(\w+)\}", chinese)), (
            english
        )


def test_translator_falls_back_to_english() -> None:
    zh, en = translator("zh-CN"), translator("en")
    assert zh("Refuted") == "不实"
    assert zh("{n} claims", n=3) == "3 条声明"
    assert zh("no such message") == "no such message"
    assert en("{n} claims", n=3) == "3 claims"
    assert translator(None).lang == "en"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-US,en;q=0.9,zh;q=0.8", "en"),
        ("fr-FR,fr;q=0.9", "en"),
        ("fr, zh-TW;q=0.5", "zh"),
        (None, "en"),
    ],
)
def test_negotiate_language(header: str | None, expected: str) -> None:
    assert negotiate_language(header) == expected


def test_article_language() -> None:
    assert article_language(["zh", "zh", "en"]) == "zh"
    assert article_language(["en", "en", None]) == "en"
    assert article_language(["zh", "en"]) == "zh"
    assert article_language([]) == "en"


def test_rationale_templates_in_chinese() -> None:
    text = (
        "Refuted (confidence 0.88). The evidence states 37 universities, which contradicts the "
        "claimed 41 universities: “Beijing has 37 universities.” (wikipedia:abc). Contradicting "
        "evidence: “Registry: the company was registered in July 2023.” (web:registry)."
    )
    zh = translate_rationale(text, "zh")
    assert zh.startswith("不实（置信度 0.88）。")
    assert (
        "证据称37 universities，与所称的41 universities矛盾：“Beijing has 37 universities.”"
        "（wikipedia:abc）。" in zh
    )
    assert "相反的证据：“Registry: the company was registered in July 2023.” (web:registry)。" in zh
    assert translate_rationale(text, "en") == text
    assert translate_rationale("Something else entirely.", "zh") == "Something else entirely."
    mixed = (
        "Mixed (confidence 0.51). Sources disagree: 2 support the claim and 1 contradict it. "
        "Supporting: “a” (d:1). Contradicting: “b” (d:2)."
    )
    assert translate_rationale(mixed, "zh") == (
        "有争议（置信度 0.51）。来源不一致：2 个来源支持，1 个来源反驳。支持：“a” (d:1)。反驳：“b” (d:2)。"
    )


def test_rationale_rules_follow_the_verifier_templates() -> None:
    """The English templates of the verifier are the ones the rules know (a change shows here)."""
    from factcheck.verify import verdict

    english = verdict._TEXT["en"]  # the templates the rules mirror
    samples = {
        "head": english["head"].format(title="Supported", conf=0.9),
        "support": english["support"].format(quotes="“q” (d:1)"),
        "refute": english["refute"].format(quotes="“q” (d:1)"),
        "neutral": english["neutral"].format(quotes="“q” (d:1)"),
        "none": english["none"],
        "nodocs": english["nodocs"],
    }
    for key, sentence in samples.items():
        assert translate_rationale(sentence, "zh") != sentence, key
