"""The optional LLM judge against a loopback OpenAI-compatible fake (pytest-httpserver).

The server's answers are made up; their shape follows the OpenAI chat completions API
(``choices[0].message.content``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from factcheck.config import Settings
from factcheck.errors import FetchError, NotConfigured, VerifyError
from factcheck.judges.llm import LLMJudge, build_messages, parse_answer
from factcheck.models import Claim, Document, EvidenceRef, Verdict
from factcheck.verify.passages import Passage

SECRET = "sk-test-DO-NOT-LOG-4711"
PATH = "/v1/chat/completions"

CLAIM = Claim(
    id="beijing-pop", text="Beijing had nearly 22 million residents in 2023.", kind="quantity"
)
LOCAL = Verdict(
    claim_id="beijing-pop",
    label="not_enough_evidence",
    confidence=0.4,
    rationale="local",
    evidence=[EvidenceRef(document_id="wikipedia:bj", quote="q", span=(0, 60), stance="refutes")],
)


def _passages() -> list[Passage]:
    doc = Document(
        id="wikipedia:bj",
        url="https://en.wikipedia.org/wiki/Beijing",
        title="Beijing",
        text="Beijing's population was 21.86 million at the end of 2023. It is the capital.",
        fetcher="wikipedia",
        retrieved_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        published=dt.date(2024, 3, 1),
    )
    other = Document(
        id="web:stats",
        url="https://stats.example.org/bj",
        text="The city counted 21.9 million permanent residents.",
        fetcher="web",
        retrieved_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    return [
        Passage(document=doc, text=doc.text[:60], start=0, end=60, index=0, score=3.5),
        Passage(document=other, text=other.text, start=0, end=len(other.text), index=0, score=2.0),
    ]


def _completion(content: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-made-up",
        "object": "chat.completion",
        "model": "test-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
    }


def _settings(server: HTTPServer, **llm: Any) -> Settings:
    return Settings(
        llm={"base_url": server.url_for("/v1"), "model": "test-model", "api_key": SECRET, **llm},
        http={
            "allow_private": [f"localhost:{server.port}", f"127.0.0.1:{server.port}"],
            "retries": 0,
            "per_host_rate": 1000,
            "respect_robots": False,
        },
    )


@pytest.fixture
def judge(httpserver: HTTPServer) -> Iterator[LLMJudge]:
    j = LLMJudge.from_settings(_settings(httpserver))
    yield j
    j.close()


def _answer(**fields: Any) -> str:
    base = {
        "label": "supported",
        "confidence": 0.83,
        "rationale": 'Passage 1 says "21.86 million at the end of 2023".',
        "citations": [1, 2],
    }
    base.update(fields)
    return json.dumps(base)


def test_valid_answer_becomes_a_verdict(httpserver: HTTPServer, judge: LLMJudge) -> None:
    httpserver.expect_request(PATH, method="POST").respond_with_json(_completion(_answer()))
    verdict = judge.judge(CLAIM, _passages(), local=LOCAL, reference_date=dt.date(2024, 5, 1))
    assert verdict.label == "supported"
    assert verdict.confidence == 0.83
    assert verdict.judge == "llm:test-model"
    assert verdict.claim_id == CLAIM.id
    assert [e.document_id for e in verdict.evidence] == ["wikipedia:bj", "web:stats"]
    assert [e.stance for e in verdict.evidence] == ["supports", "supports"]
    assert verdict.evidence[0].span == (0, 60)
    assert verdict.evidence[0].published == dt.date(2024, 3, 1)
    assert "21.86 million" in verdict.rationale
    assert "https://en.wikipedia.org/wiki/Beijing" in verdict.rationale
    [(request, _response)] = httpserver.log
    assert request.headers["Authorization"] == f"Bearer {SECRET}"
    assert request.headers["User-Agent"].startswith("factcheck/")
    body = json.loads(request.get_data())
    assert body["model"] == "test-model"
    assert body["temperature"] == 0
    assert body["response_format"] == {"type": "json_object"}
    user = body["messages"][1]["content"]
    assert CLAIM.text in user
    assert "[1] (https://en.wikipedia.org/wiki/Beijing; Beijing; published 2024-03-01)" in user
    assert "[2] (https://stats.example.org/bj)" in user
    assert "2024-05-01" in user


def test_mixed_keeps_the_local_stance_of_cited_passages(
    httpserver: HTTPServer, judge: LLMJudge
) -> None:
    httpserver.expect_request(PATH, method="POST").respond_with_json(
        _completion(_answer(label="mixed", citations=[1, 2, 1]))
    )
    verdict = judge.judge(CLAIM, _passages(), local=LOCAL)
    assert verdict.label == "mixed"
    assert [e.stance for e in verdict.evidence] == ["refutes", "neutral"]


def test_fenced_json_is_accepted(httpserver: HTTPServer, judge: LLMJudge) -> None:
    content = "```json\n" + _answer(label="refuted", citations=[2]) + "\n```"
    httpserver.expect_request(PATH, method="POST").respond_with_json(_completion(content))
    verdict = judge.judge(CLAIM, _passages(), local=LOCAL)
    assert (verdict.label, [e.document_id for e in verdict.evidence]) == ("refuted", ["web:stats"])


def test_invalid_json_answer_is_a_verify_error(httpserver: HTTPServer, judge: LLMJudge) -> None:
    httpserver.expect_request(PATH, method="POST").respond_with_json(
        _completion("I think the claim is probably true.")
    )
    with pytest.raises(VerifyError, match="not valid JSON"):
        judge.judge(CLAIM, _passages(), local=LOCAL)


def test_wrong_label_is_a_verify_error(httpserver: HTTPServer, judge: LLMJudge) -> None:
    httpserver.expect_request(PATH, method="POST").respond_with_json(
        _completion(_answer(label="true"))
    )
    with pytest.raises(VerifyError, match="label"):
        judge.judge(CLAIM, _passages(), local=LOCAL)


def test_http_500_is_a_verify_error(httpserver: HTTPServer, judge: LLMJudge) -> None:
    httpserver.expect_request(PATH, method="POST").respond_with_data("boom", status=500)
    with pytest.raises(VerifyError, match="HTTP 500") as info:
        judge.judge(CLAIM, _passages(), local=LOCAL)
    assert isinstance(info.value.__cause__, FetchError)


def test_non_json_body_is_a_verify_error(httpserver: HTTPServer, judge: LLMJudge) -> None:
    httpserver.expect_request(PATH, method="POST").respond_with_data(
        "<html>gateway</html>", content_type="text/html"
    )
    with pytest.raises(VerifyError, match="invalid JSON"):
        judge.judge(CLAIM, _passages(), local=LOCAL)


def test_missing_choices_is_a_verify_error(httpserver: HTTPServer, judge: LLMJudge) -> None:
    httpserver.expect_request(PATH, method="POST").respond_with_json({"error": "overloaded"})
    with pytest.raises(VerifyError, match=r"choices\[0\]"):
        judge.judge(CLAIM, _passages(), local=LOCAL)


def test_no_passages_means_no_request_and_the_local_verdict(
    httpserver: HTTPServer, judge: LLMJudge
) -> None:
    assert judge.judge(CLAIM, [], local=LOCAL) is LOCAL
    assert httpserver.log == []


def test_authorization_is_never_logged(
    httpserver: HTTPServer, judge: LLMJudge, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    httpserver.expect_ordered_request(PATH, method="POST").respond_with_json(_completion(_answer()))
    httpserver.expect_ordered_request(PATH, method="POST").respond_with_data("no", status=503)
    judge.judge(CLAIM, _passages(), local=LOCAL)
    with pytest.raises(VerifyError) as info:
        judge.judge(CLAIM, _passages(), local=LOCAL)
    assert len(httpserver.log) == 2
    assert caplog.records  # the client did log the requests…
    assert SECRET not in caplog.text  # …but never the key
    assert SECRET not in str(info.value)
    assert SECRET not in repr(judge)


def test_json_mode_off_and_concurrent_calls(httpserver: HTTPServer) -> None:
    httpserver.expect_request(PATH, method="POST").respond_with_json(_completion(_answer()))
    judge = LLMJudge.from_settings(_settings(httpserver, json_mode=False, api_key=None))
    results: list[Verdict] = []
    try:
        threads = [
            threading.Thread(
                target=lambda: results.append(judge.judge(CLAIM, _passages(), local=LOCAL))
            )
            for _ in range(4)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        judge.close()
    assert [v.label for v in results] == ["supported"] * 4
    assert len(httpserver.log) == 4
    for request, _ in httpserver.log:
        assert "response_format" not in json.loads(request.get_data())
        assert "Authorization" not in request.headers


def test_not_configured_without_base_url_or_model() -> None:
    with pytest.raises(NotConfigured, match=r"llm\.base_url"):
        LLMJudge.from_settings(Settings())
    with pytest.raises(NotConfigured):
        LLMJudge.from_settings(Settings(llm={"base_url": "http://127.0.0.1:9/v1"}))


def test_load_judge_builds_the_llm_judge(httpserver: HTTPServer) -> None:
    from factcheck.verify.judge import Judge, load_judge

    settings = _settings(httpserver)
    judge = load_judge("llm", settings)
    assert isinstance(judge, LLMJudge)
    assert isinstance(judge, Judge)
    assert judge.name == "llm:test-model"
    assert load_judge("local", settings) is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "not a JSON object"),
        (_answer(confidence=1.5), "confidence"),
        (_answer(rationale=""), "rationale"),
        (_answer(citations=[3]), r"cited passage\(s\) \[3\]"),
        (_answer(citations=[0]), "only 1..2"),
        (_answer(citations=[]), "without citing"),
        ('{"label": "supported"', "not valid JSON"),
    ],
)
def test_parse_answer_rejects(content: str, message: str) -> None:
    with pytest.raises(VerifyError, match=message):
        parse_answer(content, 2)


def test_parse_answer_accepts_prose_wrapped_object_and_nee_without_citations() -> None:
    wrapped = "Here is my answer: " + _answer(label="not_enough_evidence", citations=[]) + " Done."
    answer = parse_answer(wrapped, 2)
    assert (answer.label, answer.citations) == ("not_enough_evidence", [])


def test_build_messages_is_pure_and_numbers_passages() -> None:
    passages = _passages()
    first = build_messages(CLAIM, passages)
    assert first == build_messages(CLAIM, passages)
    assert first[0]["role"] == "system"
    assert "JSON" in first[0]["content"]
    assert first[1]["content"].count("\n[") == 2
    assert "was made on" not in first[1]["content"]
