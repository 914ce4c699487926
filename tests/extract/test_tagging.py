"""jieba tagging: loaded lazily and once, each piece of text tagged once, same tags as jieba's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from factcheck.extract import _tagging, extract_article
from factcheck.extract._tagging import _tagged, build_tagger, clear_tag_cache

MIXED = [
    "北京深度求索公司比杭州深度求索公司早两个月成立",
    "截至2025年3月，DeepSeek仍有三分之二的员工在融科资讯中心的办公室里敲打着键盘",
    "融科资讯中心周边聚集了41所高等院校、206家研究所、67个国家重点实验室",
    "埃隆·马斯克在2024年说：“SpaceX的星舰  将在5年内登陆火星。”\n第二段 text with English, 3.5%!",
    "海淀区聚集了1.5万名人工智能学者，约占全国的60%",
    "陈春先被骂腐蚀干部",
    "",
]


@pytest.fixture
def plain() -> Any:
    return build_tagger(memo_runs=False)


def _plain_tags(tagger: Any, text: str) -> list[tuple[str, str]]:
    return [(p.word, p.flag) for p in tagger.cut(text)]


def test_tags_are_jiebas_whatever_was_tagged_before(repo_root: Path, plain: Any) -> None:
    seed = (repo_root / "seeds" / "zhongguancun-deepseek.zh.txt").read_text("utf-8")
    texts = [*MIXED, *seed.splitlines(), seed]
    # pieces and runs cached by one text are reused by the next: the tags must not change
    for order in (texts, texts[::-1]):
        clear_tag_cache()
        for text in order:
            ours = [(t.word, t.flag) for t in _tagged(text)]
            assert ours == _plain_tags(plain, text), text[:40]
            for t in _tagged(text):
                assert text[t.start : t.end] == t.word


def test_extraction_tags_each_piece_once(
    repo_root: Path, plain: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = (repo_root / "seeds" / "zhongguancun-deepseek.zh.txt").read_text("utf-8")
    clear_tag_cache()
    tagger = _tagging._tagger()
    cut_texts: list[str] = []
    runs: list[str] = []
    real_cut = tagger.cut
    real_hmm = tagger._POSTokenizer__cut_detail.__wrapped__

    def counting_cut(text: str) -> Any:
        cut_texts.append(text)
        return real_cut(text)

    def counting_hmm(run: str) -> Any:
        runs.append(run)
        return real_hmm(run)

    monkeypatch.setattr(tagger, "cut", counting_cut)
    monkeypatch.setattr(tagger, "_POSTokenizer__cut_detail", _tagging._memo_runs(counting_hmm))
    claims = extract_article(seed, article_id="seed").claims
    assert claims
    assert len(cut_texts) == len(set(cut_texts)), "a piece of text was tagged twice"
    assert len(runs) == len(set(runs)), "jieba's HMM decoded a run twice"
    # the claims' own texts (subjects joined to parts of sentences) add little to the article's
    # (each sentence was tagged about twice over before: 4,024 characters for 2,094)
    assert sum(len(t) for t in cut_texts) < 1.3 * len(seed)


def test_jieba_loads_lazily_and_once(tmp_path: Path) -> None:
    code = (
        "import json, sys\n"
        "from factcheck.extract import extract_article\n"
        "from factcheck.extract import _tagging\n"
        "before = 'jieba' in sys.modules\n"
        "builds = []\n"
        "real = _tagging.build_tagger\n"
        "_tagging.build_tagger = lambda **k: builds.append(1) or real(**k)\n"
        "extract_article('海淀区聚集了1.5万名人工智能学者。', article_id='a')\n"
        "extract_article('北京深度求索公司成立于2023年。', article_id='b')\n"
        "print(json.dumps([before, len(builds)]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout.splitlines()[-1]) == [False, 1]
