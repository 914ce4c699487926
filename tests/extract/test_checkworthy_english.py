"""Check-worthiness scorers and English extraction (a CLEF 2019 debate transcript)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _shared import require_shared

from factcheck.extract import extract_article
from factcheck.extract.checkworthy import (
    HAND_FEATURES,
    CheckworthyModel,
    char_ngrams,
    english_hand_features,
    load_english_model,
    score_chinese,
    score_english,
    tokenize,
)

MODEL = (
    Path(__file__).resolve().parents[2] / "factcheck" / "extract" / "data" / "checkworthy_en.json"
)


def test_model_file_is_small_json_without_pickle() -> None:
    assert MODEL.stat().st_size < 5_000_000
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    assert data["hand_features"] == list(HAND_FEATURES)
    assert data["meta"]["clef2019_test_map"] > 0.1


def test_tokenizer_matches_scikit_learn() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    text = "The U.S. economy grew 2.3% in 2018, and we've created 4 million jobs!"
    analyzer = TfidfVectorizer(lowercase=True, ngram_range=(1, 2)).build_analyzer()
    assert tokenize(text) == analyzer(text)


@pytest.mark.parametrize("text", ["The U.S.  economy grew 2.3%!", "a b", "I", "", "Ünïcode wörds"])
def test_char_ngrams_match_scikit_learn(text: str) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)).build_analyzer()
    assert char_ngrams(text) == analyzer(text)


def test_committed_model_scores_with_context() -> None:
    model = load_english_model()
    alone = model.decision("We lost 70,000 factories.")
    with_context = model.decision(
        "We lost 70,000 factories.", "Thank you.", "Unemployment was 4 percent in 2016."
    )
    if model.coef_context is None and model.coef_neighbors is None:
        assert alone == with_context
    else:
        assert alone != with_context


def test_pure_python_inference_matches_scikit_learn() -> None:
    """Refit a tiny model with scikit-learn, export it the way the bench script does, compare."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    sentences = [
        "Unemployment fell to 4.1 percent last year.",
        "We lost 70,000 factories since 2001.",
        "Thank you very much, everybody.",
        "I think that's a great question.",
        "The deficit doubled to $1 trillion in 2019.",
        "Let me tell you something.",
    ] * 2
    labels = [1, 1, 0, 0, 1, 0] * 2
    vec = TfidfVectorizer(lowercase=True, ngram_range=(1, 2), min_df=1, sublinear_tf=True)
    x_text = vec.fit_transform(sentences)
    hand = csr_matrix(np.asarray([english_hand_features(s) for s in sentences]))
    clf = LogisticRegression(C=1.0).fit(hstack([x_text, hand]).tocsr(), labels)
    terms = [""] * len(vec.vocabulary_)
    for term, i in vec.vocabulary_.items():
        terms[i] = term
    n = len(terms)
    model = CheckworthyModel.from_json(
        {
            "terms": terms,
            "idf": list(vec.idf_),
            "coef_text": list(clf.coef_[0][:n]),
            "coef_hand": list(clf.coef_[0][n:]),
            "hand_features": list(HAND_FEATURES),
            "intercept": float(clf.intercept_[0]),
        }
    )
    probe = ["Exports grew 12 percent in 2017.", "Thank you.", "unknown words only here"]
    ref = clf.decision_function(
        hstack(
            [
                vec.transform(probe),
                csr_matrix(np.asarray([english_hand_features(s) for s in probe])),
            ]
        ).tocsr()
    )
    assert [round(model.decision(p), 9) for p in probe] == [round(float(r), 9) for r in ref]


def test_english_scores_rank_facts_above_chatter() -> None:
    load_english_model()
    fact = score_english("We lost 60,000 factories since China joined the WTO in 2001.")
    chatter = score_english("Thank you very much, everybody, it's great to be here.")
    question = score_english("What do you think about that?")
    assert fact > 0.5 > chatter
    assert fact > question


@pytest.mark.parametrize(
    ("factual", "opinion"),
    [
        (
            "海淀区聚集了1.5万名人工智能学者，占全国总量的30.6%",
            "相信中关村将继续引领中国科技驶向更加辉煌的未来",
        ),
        ("1980年10月23日，中国首个民营科技企业宣布成立", "是什么让融科成为了科技圣地呢？"),
        ("北京综合评价位列全球第三", "中关村的DNA里刻着七个字：要么颠覆，要么死"),
    ],
)
def test_chinese_scorer_prefers_facts(factual: str, opinion: str) -> None:
    from factcheck.values import read_values

    def score(s: str) -> float:
        v = read_values(s, language="zh")
        return score_chinese(
            s, n_quantities=len(v.quantities), n_dates=len(v.dates), n_ranks=len(v.ranks)
        )

    assert score(factual) >= 0.5 > score(opinion)


def test_english_article_extraction() -> None:
    text = (
        "Jobs report shows gains\n"
        "By A. Writer, March 8, 2019\n\n"
        "The economy added 304,000 jobs in January, more than economists expected. "
        "Unemployment rose to 4.0 percent, according to the Labor Department. "
        "I think that's wonderful news. Thank you all for coming!"
    )
    cf = extract_article(text, article_id="jobs")
    assert cf.article is not None
    assert cf.article.language == "en"
    assert cf.article.published is not None
    assert cf.article.published.isoformat() == "2019-03-08"
    assert cf.article.title == "Jobs report shows gains"
    by_text = {c.sentence: c for c in cf.claims}
    jobs = by_text["The economy added 304,000 jobs in January, more than economists expected."]
    assert [(q.value, q.unit) for q in jobs.quantities] == [(304000, "job")]
    assert [d.value for d in jobs.dates] == ["2019-01"] or jobs.dates == []
    unemployment = by_text["Unemployment rose to 4.0 percent, according to the Labor Department."]
    assert [(q.value, q.unit) for q in unemployment.quantities] == [(0.04, "%")]
    assert "Thank you all for coming!" not in by_text
    for c in cf.claims:
        assert c.span is not None
        assert text[c.span[0] : c.span[1]] == c.sentence


def test_clef_2019_debate_transcript() -> None:
    path = require_shared(
        "checkworthiness", "clef2019-task1-en", "test_annotated", "20190215_trump_emergency.tsv"
    )
    rows = [
        line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    text = "\n".join(r[2] for r in rows)
    labels = {r[2]: int(r[3]) for r in rows}
    cf = extract_article(text, article_id="trump-emergency")
    assert cf.article is not None
    assert cf.article.language == "en"
    assert 0 < len(cf.claims) < len(rows) / 3
    for c in cf.claims:
        assert c.span is not None
        assert text[c.span[0] : c.span[1]] == c.sentence
    # The selected sentences are far richer in annotated check-worthy claims than the transcript.
    base_rate = sum(labels.values()) / len(labels)
    selected_rate = sum(labels.get(c.sentence or "", 0) for c in cf.claims) / len(cf.claims)
    assert selected_rate > 2 * base_rate
    assert any(c.quantities for c in cf.claims)
