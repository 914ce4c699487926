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
    "char_ngrams",
    "context_features",
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


_WHITESPACES_RE = re.compile(r"\s\s+")


def char_ngrams(text: str, min_n: int = 2, max_n: int = 4) -> list[str]:
    """Character 2-4 grams inside word boundaries, exactly as scikit-learn's ``char_wb`` analyzer."""
    out: list[str] = []
    for word in _WHITESPACES_RE.sub(" ", text.lower()).split():
        w = f" {word} "
        for n in range(min_n, max_n + 1):
            offset = 0
            out.append(w[offset : offset + n])
            while offset + n < len(w):
                offset += 1
                out.append(w[offset : offset + n])
            if offset == 0:  # a word shorter than n counts once
                break
    return out


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


def context_features(previous: str | None, following: str | None) -> list[float]:
    """Hand features of the neighbouring sentences plus a has-context flag (zeros when absent)."""
    prev = english_hand_features(previous) if previous else [0.0] * len(HAND_FEATURES)
    nxt = english_hand_features(following) if following else [0.0] * len(HAND_FEATURES)
    return [*prev, *nxt, 1.0 if previous is not None else 0.0]


@dataclass(frozen=True)
class CheckworthyModel:
    """A linear model over l2-normalized TF-IDF 1-2 grams plus hand features.

    With context (format 2) it also reads the neighbouring sentences: their hand features
    (:func:`context_features`) and the mean of their TF-IDF vectors, each with its own weights.
    """

    vocabulary: dict[str, int]
    idf: list[float]
    coef_text: list[float]
    coef_hand: list[float]
    intercept: float
    meta: dict[str, Any]
    coef_context: list[float] | None = None
    coef_neighbors: list[float] | None = None
    char_vocabulary: dict[str, int] | None = None
    char_idf: list[float] | None = None
    coef_char: list[float] | None = None

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
            coef_context=[float(x) for x in data["coef_context"]]
            if "coef_context" in data
            else None,
            coef_neighbors=(
                [float(x) for x in data["coef_neighbors"]] if "coef_neighbors" in data else None
            ),
            char_vocabulary=(
                {t: i for i, t in enumerate(data["char_terms"])} if "char_terms" in data else None
            ),
            char_idf=[float(x) for x in data["char_idf"]] if "char_idf" in data else None,
            coef_char=[float(x) for x in data["coef_char"]] if "coef_char" in data else None,
        )
        if model.char_vocabulary is not None and not (
            model.char_idf is not None
            and model.coef_char is not None
            and len(model.char_idf) == len(model.coef_char) == len(model.char_vocabulary)
        ):
            raise ValueError("char_terms, char_idf and coef_char differ in length")
        if not len(model.idf) == len(model.coef_text) == len(vocabulary):
            raise ValueError("terms, idf and coef_text differ in length")
        if tuple(data.get("hand_features", ())) != HAND_FEATURES:
            raise ValueError("hand feature list differs from this version's HAND_FEATURES")
        if model.coef_context is not None and len(model.coef_context) != 2 * len(HAND_FEATURES) + 1:
            raise ValueError("coef_context has the wrong length")
        if model.coef_neighbors is not None and len(model.coef_neighbors) != len(vocabulary):
            raise ValueError("coef_neighbors and terms differ in length")
        return model

    def _tfidf(self, sentence: str) -> dict[int, float]:
        return _tfidf(tokenize(sentence), self.vocabulary, self.idf)

    def decision(
        self, sentence: str, previous: str | None = None, following: str | None = None
    ) -> float:
        """The linear score (log-odds) of a sentence, given its neighbours when the model uses them."""
        score = self.intercept + sum(
            self.coef_text[i] * w for i, w in self._tfidf(sentence).items()
        )
        hand = english_hand_features(sentence)
        score += sum(c * x for c, x in zip(self.coef_hand, hand, strict=True))
        if self.coef_context is not None:
            ctx = context_features(previous, following)
            score += sum(c * x for c, x in zip(self.coef_context, ctx, strict=True))
        if self.char_vocabulary is not None and self.char_idf and self.coef_char:
            chars = _tfidf(char_ngrams(sentence), self.char_vocabulary, self.char_idf)
            score += sum(self.coef_char[i] * w for i, w in chars.items())
        if self.coef_neighbors is not None:
            for neighbour in (previous, following):
                if neighbour:
                    coef = self.coef_neighbors
                    score += 0.5 * sum(coef[i] * w for i, w in self._tfidf(neighbour).items())
        return score

    def score(
        self, sentence: str, previous: str | None = None, following: str | None = None
    ) -> float:
        """Probability-like score in 0..1."""
        z = self.decision(sentence, previous, following)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def _tfidf(terms: list[str], vocabulary: dict[str, int], idf: list[float]) -> dict[int, float]:
    """Sublinear tf × idf, l2-normalized (scikit-learn's TfidfVectorizer(sublinear_tf=True))."""
    counts = Counter(i for t in terms if (i := vocabulary.get(t)) is not None)
    weights = {i: (1.0 + math.log(c)) * idf[i] for i, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {i: w / norm for i, w in weights.items()}


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


def score_english(
    sentence: str, previous: str | None = None, following: str | None = None
) -> float:
    """Check-worthiness of an English sentence in 0..1 (the committed model; neighbours optional)."""
    return load_english_model().score(sentence, previous, following)


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
# a plan, a target or a forecast (力争营收突破1.3万亿元, 预计增长5%): no fact yet
_ZH_PLAN = re.compile(r"力争|争取|预计|有望|将继续|目标是|计划于|计划在|拟于|拟在")
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
    if _ZH_PLAN.search(sentence):
        z -= 2.0
    if _ZH_QUESTION.search(sentence):
        z -= 3.0
    if len(sentence) < 6:
        z -= 1.5
    return round(1.0 / (1.0 + math.exp(-z)), 3)
