"""Properties: extraction never crashes on arbitrary text, spans always index it exactly."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.extract import extract_article, split_sentences
from factcheck.values import read_values

_ALPHABET = st.sampled_from(
    list("一二三四五六七八九十百千万亿零两年月日号第前名家所个%％.,，。；？！0123456789")
    + list("近约超过不到多余左右以上世纪代今去在是的了这里此它融科中关村海淀区AaZz -—~至到“”「」\n")
)
_TEXT = st.text(alphabet=_ALPHABET, max_size=80)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_values_index_the_text(text: str) -> None:
    values = read_values(text)
    for m in [*values.quantities, *values.dates, *values.ranks]:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.value.raw
    spans = sorted((m.start, m.end) for m in [*values.quantities, *values.dates, *values.ranks])
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_sentences_and_claims_index_the_text(text: str) -> None:
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
    for claim in extract_article(text, article_id="prop").claims:
        assert claim.span is not None
        assert text[claim.span[0] : claim.span[1]] == claim.sentence
