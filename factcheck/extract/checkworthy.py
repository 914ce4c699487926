"""Check-worthiness: how much a sentence states a checkable fact (0..1).

English: a logistic regression over TF-IDF word 1-2 grams plus hand features, trained by
``bench/train_checkworthy.py`` on CLEF CheckThat! 2018/2019 and ClaimBuster, stored as plain JSON
(vocabulary, idf, coefficients; no pickle) in ``factcheck/extract/data/checkworthy_en.json``.
Inference here is pure Python and reproduces scikit-learn's ``TfidfVectorizer`` (lowercase,
``(?u)\\b\\w\\w+\\b`` tokens, sublinear tf, smooth idf, l2 norm) exactly.

Chinese: a transparent feature scorer for news prose: numbers with units, dates, rankings, named
organisations and places, attributions, superlatives and comparisons raise the score; questions,
opinion and rhetoric lower it.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from factcheck.errors import VerifyError

__all__ = [
    "HAND_FEATURES",
    "CheckworthyModel",
    "english_hand_features",
    "load_english_model",
    "score_chinese",
    "score_english",
    "tokenize",
]

logger = logging.getLogger(__name__)

_MODEL_FILE = "checkworthy_en.json"
_TOKEN_RE = re.compile(r"(?u)\b\w\w+\b")

HAND_FEATURES: tuple[str, ...] = (
    "has_number",
    "has_percent",
    "has_money",
    "has_year",
    "n_numbers",
    "log_tokens",
    "short",
    "question",
    "first_person_opinion",
    "comparative",
    "capitalized_ratio",
    "future",
    "exclamation",
)

_OPINION_RE = re.compile(
    r"\b(I think|I believe|I feel|I hope|I want|I'm going to|I will|we're going to|we will|"
    r"let me|thank you|thanks|I don't know|I'd like|you know|believe me|frankly)\b",
    re.IGNORECASE,
)
_COMPARATIVE_RE = re.compile(
    r"\b(more|less|fewer|most|least|largest|biggest|highest|lowest|worst|best|record|"
    r"increase[ds]?|decrease[ds]?|doubled|tripled|times|than|since|percent)\b",
    re.IGNORECASE,
)
_FUTURE_RE = re.compile(r"\b(will|going to|gonna|would|should|could|must|need to|have to)\b", re.I)
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
_NUMBER_RE = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|"
    r"trillion|half|third|quarter|dozen)\b",
    re.IGNORECASE,
)


def tokenize(text: str) -> list[str]:
    """Word 1-grams and 2-grams exactly as scikit-learn's default analyzer makes them."""
    words = _TOKEN_RE.findall(text.lower())
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def english_hand_features(sentence: str) -> list[float]:
    """The hand features of an English sentence, in :data:`HAND_FEATURES` order."""
    tokens = sentence.split()
    n_tokens = len(tokens)
    numbers = _NUMBER_RE.findall(sentence)
    caps = sum(1 for t in tokens[1:] if t[:1].isupper())
    return [
        1.0 if re.search(r"\d", sentence) else 0.0,
        1.0 if re.search(r"%|\bpercent\b|\bper cent\b", sentence, re.IGNORECASE) else 0.0,
        1.0 if re.search(r"[$€£]|\bdollars?\b|\bbillion\b|\btrillion\b", sentence, re.I) else 0.0,
        1.0 if _YEAR_RE.search(sentence) else 0.0,
        min(len(numbers), 5) / 5.0,
        math.log1p(n_tokens) / 4.0,
        1.0 if n_tokens < 6 else 0.0,
        1.0 if sentence.rstrip().endswith("?") else 0.0,
        1.0 if _OPINION_RE.search(sentence) else 0.0,
        min(len(_COMPARATIVE_RE.findall(sentence)), 3) / 3.0,
        caps / max(1, n_tokens - 1),
        1.0 if _FUTURE_RE.search(sentence) else 0.0,
        1.0 if "!" in sentence else 0.0,
    ]


@dataclass(frozen=True)
class CheckworthyModel:
    """A linear model over l2-normalized TF-IDF 1-2 grams plus hand features."""

    vocabulary: dict[str, int]
    idf: list[float]
    coef_text: list[float]
    coef_hand: list[float]
    intercept: float
    meta: dict[str, Any]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CheckworthyModel:
        """Build from the JSON the training script writes; raises ValueError when malformed."""
        vocabulary = {term: i for i, term in enumerate(data["terms"])}
        model = cls(
            vocabulary=vocabulary,
            idf=[float(x) for x in data["idf"]],
            coef_text=[float(x) for x in data["coef_text"]],
            coef_hand=[float(x) for x in data["coef_hand"]],
            intercept=float(data["intercept"]),
            meta=dict(data.get("meta", {})),
        )
        if not len(model.idf) == len(model.coef_text) == len(vocabulary):
            raise ValueError("terms, idf and coef_text differ in length")
        if tuple(data.get("hand_features", ())) != HAND_FEATURES:
            raise ValueError("hand feature list differs from this version's HAND_FEATURES")
        return model

    def decision(self, sentence: str) -> float:
        """The linear score (log-odds) of a sentence."""
        counts = Counter(i for t in tokenize(sentence) if (i := self.vocabulary.get(t)) is not None)
        weights = {i: (1.0 + math.log(c)) * self.idf[i] for i, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        score = self.intercept + sum(self.coef_text[i] * w / norm for i, w in weights.items())
        hand = english_hand_features(sentence)
        return score + sum(c * x for c, x in zip(self.coef_hand, hand, strict=True))

    def score(self, sentence: str) -> float:
        """Probability-like score in 0..1."""
        z = self.decision(sentence)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


@lru_cache(maxsize=1)
def load_english_model() -> CheckworthyModel:
    """Load the committed English model (cached); raises VerifyError when it is missing or invalid."""
    try:
        raw = resources.files("factcheck.extract").joinpath("data", _MODEL_FILE).read_text("utf-8")
        return CheckworthyModel.from_json(json.loads(raw))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise VerifyError(
            f"check-worthiness model {_MODEL_FILE} is missing or invalid: {exc}"
        ) from exc


def score_english(sentence: str) -> float:
    """Check-worthiness of an English sentence in 0..1 (the committed model)."""
    return load_english_model().score(sentence)


# --- Chinese -----------------------------------------------------------------------------------

_ZH_FACT_VERBS = re.compile(
    r"成立|创立|创办|创建|创始|发布|显示|位于|坐落|聚集|拥有|达到|占到|占|毕业|就读|培养|研发|主导|"
    r"发明|起源|诞生|完成|宣布|获得|入驻|扎根|落户|紧邻|相距|距离|共处|批示|收购|投资|上市|成为|"
    r"起点|发源地|增长|下降|排名|位列|坐拥|汇聚|集聚|兴起|而起|崛起|由.{1,12}(?:发布|研发|创立)|"
    r"往[东南西北]|以[东南西北]|[东南西北]侧|毗邻|附近|周边|在目|(?:为|是)\d"
)
_ZH_SUPERLATIVE = re.compile(
    r"最(?:大|多|高|早|强|先|低|少)|首个|首家|第一|之最|唯一|率先|全国第|全球第"
)
_ZH_COMPARISON = re.compile(
    r"比.{1,20}(?:早|晚|多|少|高|低|大|小|强)|超过|高于|低于|领先|紧追|仅次于"
)
_ZH_ATTRIBUTION = re.compile(r"据|显示|表示|称|指出|报道|宣称|号称|盛传|发布的")
_ZH_OPINION = re.compile(
    r"相信|认为|觉得|似乎|仿佛|可谓|堪称|不得不|竟然|令人|魔力|梦想|奇迹|希望|"
    r"应该|必须|要么|如果说|难道|岂|何尝|想必|值得|引领|辉煌|底蕴|后盾|密码|之巅|"
    r"热潮|焦点|未来|神奇|精神|灵魂|DNA|感谢|关注|望去|长卷|徐徐|传奇|摇篮|卧虎藏龙"
)
_ZH_HEDGE = re.compile(r"可能|也许|或许|如果|假如|大概率|据传说")
_ZH_QUESTION = re.compile(r"[?？]\s*$|吗[。？?]?$|呢[。？?]?$|是什么|为什么|怎么")


def score_chinese(
    sentence: str,
    *,
    n_quantities: float = 0,
    n_dates: int = 0,
    n_ranks: int = 0,
    n_entities: int = 0,
) -> float:
    """Check-worthiness of a Chinese sentence in 0..1 from transparent features.

    The counts come from the normalizers and the entity tagger; weights were set by hand on news
    prose (a value or a named entity with a factual verb is what makes a sentence checkable).
    """
    z = -2.0
    z += 2.0 * min(n_quantities, 2) + 1.6 * min(n_dates, 1) + 1.8 * min(n_ranks, 1)
    z += 0.55 * min(n_entities, 4)
    if _ZH_FACT_VERBS.search(sentence):
        z += 0.9
    if _ZH_SUPERLATIVE.search(sentence):
        z += 0.5
    if _ZH_COMPARISON.search(sentence):
        z += 0.4
    if _ZH_ATTRIBUTION.search(sentence):
        z += 0.3
    z -= 0.8 * min(len(_ZH_OPINION.findall(sentence)), 3)
    z -= 1.2 * min(len(_ZH_HEDGE.findall(sentence)), 2)
    if _ZH_QUESTION.search(sentence):
        z -= 3.0
    if len(sentence) < 6:
        z -= 1.5
    return round(1.0 / (1.0 + math.exp(-z)), 3)
