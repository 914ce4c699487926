"""Temporal validity: dates of documents and passages (edge cases), the reference-date rule, and
time-distance weights for claims about changing quantities."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.models import Claim, Document, Rank
from factcheck.verify.policy import passage_weights, select_documents
from factcheck.verify.stance import load_default_model
from factcheck.verify.temporal import (
    DatedValue,
    date_from_url,
    document_date,
    exclusion_note,
    find_text_dates,
    is_time_sensitive,
    passage_date,
    split_by_reference_date,
    time_weight,
)
from factcheck.verify.verifier import Verifier

D = dt.date
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _doc(
    text: str,
    *,
    url: str = "https://example.org/a",
    published: dt.date | None = None,
    retrieved: dt.datetime = EPOCH,
    fetcher: str = "web",
    structured: dict[str, object] | None = None,
    doc_id: str | None = None,
) -> Document:
    return Document(
        id=doc_id or f"{fetcher}:{abs(hash((url, text))) % 10**12:012d}",
        url=url,
        text=text,
        published=published,
        fetcher=fetcher,
        retrieved_at=retrieved,
        structured=structured or {},
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025年3月15日发布", [("2025-03-15", "day")]),
        ("截至2025年3月，", [("2025-03-01", "month")]),
        ("２０２５年全年", [("2025-01-01", "year")]),  # full-width digits
        ("2025 年 3 月 15 号", [("2025-03-15", "day")]),
        ("March 15, 2025", [("2025-03-15", "day")]),
        ("on 15 March 2025 and Mar. 3rd, 2024", [("2025-03-15", "day"), ("2024-03-03", "day")]),
        ("in March 2025", [("2025-03-01", "month")]),
        ("updated 2025-03-15.", [("2025-03-15", "day")]),
        ("2025/3/5", [("2025-03-05", "day")]),
        ("13/04/2025", [("2025-04-13", "day")]),  # day first: 13 is no month
        ("04/13/2025", [("2025-04-13", "day")]),  # month first
        ("05/05/2025", [("2025-05-05", "day")]),  # same both ways
        ("03/04/2025", []),  # ambiguous: 3 April or March 4
        ("2025年2月30日", []),  # no such day
        ("2025-13", []),
        ("2025年度报告", [("2025-01-01", "year")]),  # a fiscal-year label speaks of that year
        ("上午10:30，价格为3.5元", []),
        ("", []),
    ],
)
def test_find_text_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(d.value.isoformat(), d.precision) for d in find_text_dates(text)] == expected


def test_dated_value_span() -> None:
    assert DatedValue(D(2024, 2, 1), "month", "text").last_day == D(2024, 2, 29)
    assert DatedValue(D(2025, 12, 1), "month", "text").last_day == D(2025, 12, 31)
    assert DatedValue(D(2025, 1, 1), "year", "text").iso() == "2025"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/2020/11/03/story.html", ("2020-11-03", "day")),
        ("https://news.example/a/20200105_abc.html", ("2020-01-05", "day")),
        ("https://news.example/2019/07/story", ("2019-07-01", "month")),
        ("https://news.example/2019-07-08-story", ("2019-07-08", "day")),
        # Wayback Machine: the capture timestamp is not the publication date
        (
            "https://web.archive.org/web/20201130144023/https://checkyourfact.com/2020/11/03/x/",
            ("2020-11-03", "day"),
        ),
        ("https://web.archive.org/web/20201130144023/https://example.com/about", None),
        ("https://news.example/2020/13/40/x", None),
        ("https://news.example/story?id=20201103", None),
        ("not a url", None),
    ],
)
def test_date_from_url(url: str, expected: tuple[str, str] | None) -> None:
    got = date_from_url(url)
    assert ((got.value.isoformat(), got.precision) if got else None) == expected


def test_document_date_priority_and_future_dates() -> None:
    retrieved = dt.datetime(2025, 4, 1, tzinfo=dt.UTC)
    meta = _doc("x", url="https://n.example/2020/01/01/a", published=D(2021, 5, 2))
    assert document_date(meta) == DatedValue(D(2021, 5, 2), "day", "metadata")
    review = _doc("x", structured={"claimreview": {"date": "2021-05-01"}})
    assert document_date(review) == DatedValue(D(2021, 5, 1), "day", "claimreview")
    by_url = _doc("x", url="https://n.example/2020/01/02/a")
    assert document_date(by_url) is not None
    assert document_date(by_url).origin == "url"  # type: ignore[union-attr]
    assert document_date(_doc("2020年1月1日")) is None  # text dates do not date a document
    # a publication date after retrieval is impossible: ignored, the next signal is used
    future = _doc(
        "x", url="https://n.example/2024/06/01/a", published=D(2030, 1, 1), retrieved=retrieved
    )
    assert document_date(future) == DatedValue(D(2024, 6, 1), "day", "url", "2024/06/01")
    only_future = _doc("x", published=D(2030, 1, 1), retrieved=retrieved)
    assert document_date(only_future) is None


def test_split_by_reference_date_and_note() -> None:
    ref = D(2025, 3, 15)
    before = _doc("a", url="https://n.example/before", published=D(2025, 3, 15))
    after = _doc("b", url="https://n.example/after", published=D(2025, 3, 16))
    month = _doc("c", url="https://n.example/2025/03/x")  # March 2025: may be before the 15th
    undated = _doc("d", url="https://n.example/undated")
    kept, excluded = split_by_reference_date([before, after, month, undated], ref)
    assert kept == [before, month, undated]
    assert [e.document for e in excluded] == [after]
    assert excluded[0].reason == (
        "published 2025-03-16 (metadata), after the reference date 2025-03-15"
    )
    note = exclusion_note(excluded, ref)
    assert note == (
        "1 document published after the reference date 2025-03-15 was excluded: "
        "https://n.example/after (2025-03-16)."
    )
    many = [
        _doc(str(i), url=f"https://n.example/{i}", published=D(2026, 1, i)) for i in (1, 2, 3, 4)
    ]
    _, ex4 = split_by_reference_date(many, ref)
    assert exclusion_note(ex4, ref).startswith(
        "4 documents published after the reference date 2025-03-15 were excluded: "
    )
    assert exclusion_note(ex4, ref).endswith("and 1 more.")
    assert exclusion_note([], ref) == ""


def test_select_documents_needs_the_setting_and_a_date() -> None:
    late = _doc("b", published=D(2026, 1, 1))
    claim = Claim(id="c1", text="x")
    assert select_documents(claim, [late], D(2025, 1, 1), before_reference_date=False) == (
        [late],
        [],
    )
    assert select_documents(claim, [late], None, before_reference_date=True) == ([late], [])
    kept, excluded = select_documents(claim, [late], D(2025, 1, 1), before_reference_date=True)
    assert kept == []
    assert len(excluded) == 1
    # the claim's own as_of wins over the article's date
    own = claim.model_copy(update={"as_of": D(2027, 1, 1)})
    assert select_documents(own, [late], D(2025, 1, 1), before_reference_date=True)[0] == [late]


@pytest.mark.parametrize(
    ("text", "sensitive"),
    [
        ("北京今年的常住人口为2185万", True),
        ("目前中关村有1万多家高新技术企业", True),
        ("The company currently employs 5,000 people", True),
        ("As of 2024, the city has 3 airports", True),
        ("中关村第一家民营科技企业成立于1980年", False),
        ("The Eiffel Tower was completed in 1889", False),
    ],
)
def test_is_time_sensitive(text: str, sensitive: bool) -> None:
    assert is_time_sensitive(Claim(id="c", text=text)) is sensitive


def test_rankings_are_time_sensitive() -> None:
    claim = Claim(id="c", text="北京在该指数中位居第三", rank=Rank(position=3, scope="2024年指数"))
    assert is_time_sensitive(claim)


def test_passage_date_and_time_weight() -> None:
    ref = D(2025, 3, 15)
    doc = DatedValue(D(2019, 1, 1), "day", "metadata")
    # the latest date written in the passage that is not after the reference date
    assert passage_date("2023年人口为2100万，2024年为2185万", doc, ref) == DatedValue(
        D(2024, 1, 1), "year", "text", "2024年"
    )
    assert passage_date("预计2030年将达到3000万", doc, ref) == doc  # forecasts are ignored
    assert passage_date("no date here", None, ref) is None
    assert time_weight(DatedValue(D(2025, 1, 1), "year", "text"), ref) == 1.0
    assert time_weight(DatedValue(D(2025, 3, 15), "day", "text"), ref) == 1.0
    two_years = time_weight(DatedValue(D(2023, 3, 15), "day", "text"), ref)
    assert two_years == pytest.approx(0.368, abs=0.01)
    assert time_weight(DatedValue(D(1990, 1, 1), "day", "text"), ref) == 0.2  # floor
    assert time_weight(None, ref) == 0.6
    assert time_weight(DatedValue(D(2024, 1, 1), "year", "text"), ref) > two_years


def test_passage_weights_prefer_nearest_in_time() -> None:
    from factcheck.verify.passages import rank_passages

    claim = Claim(id="c", text="北京今年的常住人口为2185万")
    old = _doc("2015年北京常住人口为2170万", doc_id="web:old")
    new = _doc("2024年北京常住人口为2185万", doc_id="web:new")
    passages = rank_passages(claim.text, [old, new], top_k=2)
    weights = passage_weights(claim, passages, D(2025, 3, 15), None)
    assert weights is not None
    by_doc = dict(zip([p.document.id for p in passages], weights, strict=True))
    assert by_doc["web:new"] == 1.0
    # ten years away: the floor (0.2), relative to the nearest (2024: 0.90)
    assert by_doc["web:old"] == pytest.approx(0.2 / 0.904, abs=0.01)
    # not time-sensitive, no reliability → no weights at all
    plain = Claim(id="c2", text="北京常住人口为2185万")
    assert passage_weights(plain, passages, D(2025, 3, 15), None) is None
    assert passage_weights(claim, passages, D(2025, 3, 15), None, prefer_recent=False) is None


def test_verifier_excludes_late_documents_and_says_why() -> None:
    model = load_default_model()
    claim = Claim(id="c1", text="Acme Corp opened its first factory in Shenzhen in 2019")
    early = _doc(
        "Acme Corp opened its first factory in Shenzhen in 2019, the company said.",
        url="https://news.example/2019/05/01/acme",
        doc_id="web:early",
    )
    late = _doc(
        "Acme Corp opened its first factory in Shenzhen in 2019, a 2025 retrospective says.",
        url="https://news.example/2025/06/01/acme",
        doc_id="web:late",
    )
    strict = Verifier(model, evidence_before_reference_date=True)
    verdict = strict.verify(claim, [early, late], reference_date=D(2025, 3, 15))
    assert {e.document_id for e in verdict.evidence} == {"web:early"}
    assert verdict.rationale.endswith(
        "1 document published after the reference date 2025-03-15 was excluded: "
        "https://news.example/2025/06/01/acme (2025-06-01)."
    )
    lenient = Verifier(model).verify(claim, [early, late], reference_date=D(2025, 3, 15))
    assert {e.document_id for e in lenient.evidence} == {"web:early", "web:late"}
    assert "excluded" not in lenient.rationale


def test_bench_temporal_flag_on_averitec_shaped_data(tmp_path: Path) -> None:
    """``factcheck bench --temporal`` leaves out evidence dated after the claim date (made-up rows)."""

    def answer(text: str, url: str) -> dict[str, str]:
        return {"answer": text, "answer_type": "Extractive", "source_url": url}

    rows = [
        {
            "claim": "Acme Corp opened a factory in Shenzhen in 2019.",
            "label": "Supported",
            "claim_date": "15-03-2020",
            "questions": [
                {
                    "question": "When did Acme open its Shenzhen factory?",
                    "answers": [
                        answer("Acme opened it in 2019.", "https://news.example/2019/05/01/a"),
                        # Wayback copy of a page dated after the claim: left out with --temporal
                        answer(
                            "A 2021 retrospective: Acme opened it in 2019.",
                            "https://web.archive.org/web/20210101000000/"
                            "https://news.example/2021/01/01/b",
                        ),
                    ],
                }
            ],
        },
        {
            "claim": "Beta Inc was founded in 1999.",
            "label": "Refuted",
            "claim_date": "01-01-2020",
            "questions": [
                {
                    "question": "When was Beta founded?",
                    "answers": [answer("Beta Inc was founded in 2005.", "https://beta.example/")],
                }
            ],
        },
    ]
    path = tmp_path / "dev.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    outs = {}
    for flag in ("--temporal", "--no-temporal"):
        result = CliRunner().invoke(
            app, ["bench", str(path), "--format", "averitec", "--json", flag]
        )
        assert result.exit_code == 0, result.output
        outs[flag] = json.loads(result.output)
    assert outs["--temporal"]["temporal"] is True
    assert outs["--temporal"]["excluded_documents"] == 1
    assert outs["--no-temporal"]["temporal"] is False
    assert outs["--no-temporal"]["excluded_documents"] == 0
    assert outs["--temporal"]["n"] == outs["--no-temporal"]["n"] == 2
