"""Synthetic Chinese stance pairs from licence-clean Chinese text (for bench/train_stance.py).

Source: the Chinese articles in ``shared/data/articles/zh`` (PRC government work reports: official
documents, not protected by copyright, PRC Copyright Law art. 5(1); Wikipedia articles: CC BY-SA 3.0).
No NLI data is used. For each sentence of an article (8–300 Han characters), three items:

* **supported** — the claim is the sentence or one of its clauses; the evidence document is the sentence
  with its neighbours;
* **refuted** — the same, but the claim (or, every other time, the evidence sentence) is perturbed: a
  number or year changed, a negation inserted or removed (是→不是, 有→没有, 已→未 …), an antonym or
  direction word swapped (增加→减少, 高于→低于, 之前→之后 …), or a place/person/organization name swapped
  for another one of the same article;
* **not_enough_evidence** — the claim is a clause of another, distant sentence of the same article (the
  one sharing most characters with the evidence), so it is on topic but not stated there.

Deterministic (``random.Random(seed)``); the gold stance span is the evidence sentence.
"""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path

from factcheck.evaluation.datasets import BenchItem, _doc
from factcheck.models import Claim
from factcheck.verify.features import _ANTONYMS, _ZH_DOWN, _ZH_UP
from factcheck.verify.passages import split_sentences

_HAN = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_SPLIT = re.compile(r"[，；：,;]")
_NUM = re.compile(r"\d+(?:\.\d+)?")
_CN_DIGITS = "一二三四五六七八九十"
_NEG_IN = (("不是", "是"), ("没有", "有"), ("未", "已"), ("不能", "能"), ("不会", "会"),
           ("不再", "再"), ("尚未", "已经"))  # fmt: skip
_ZH_PAIRS = [(a, b) for a, b in _ANTONYMS if not a.isascii()] + [
    (u, d) for u, d in zip(_ZH_UP, _ZH_DOWN, strict=False)
]


def _sentences(text: str) -> list[str]:
    out = []
    for s, e in split_sentences(text):
        sent = text[s:e].strip()
        n = len(_HAN.findall(sent))
        if 8 <= n <= 300:
            out.append(sent)
    return out


def _clause(sent: str, rng: random.Random) -> str:
    parts = [p.strip() for p in _CLAUSE_SPLIT.split(sent.rstrip("。！？；")) if p.strip()]
    good = [p for p in parts if len(_HAN.findall(p)) >= 8]
    if rng.random() < 0.5 or not good:
        return sent
    return rng.choice(good)


def _perturb_number(s: str, rng: random.Random) -> str | None:
    ms = list(_NUM.finditer(s))
    if ms:
        m = rng.choice(ms)
        v = float(m.group())
        if 1900 <= v <= 2100 and "." not in m.group():
            new = str(int(v) + rng.choice([-5, -3, -2, -1, 1, 2, 3, 5]))
        else:
            f = rng.choice([0.5, 0.7, 1.3, 1.5, 2.0, 3.0])
            new = f"{v * f:.{len(m.group().split('.')[1]) if '.' in m.group() else 0}f}"
            if new == m.group():
                new = str(int(v) + rng.randint(2, 9))
        return s[: m.start()] + new + s[m.end() :]
    cn = [i for i, c in enumerate(s) if c in _CN_DIGITS]
    if cn:
        i = rng.choice(cn)
        alt = rng.choice([c for c in _CN_DIGITS if c != s[i]])
        return s[:i] + alt + s[i + 1 :]
    return None


def _perturb_negation(s: str, rng: random.Random) -> str | None:
    for neg, pos in _NEG_IN:
        if neg in s:
            return s.replace(neg, pos, 1)
    for pos, neg in (("是", "不是"), ("有", "没有"), ("已经", "尚未"), ("可以", "不能"), ("能够", "不能"),
                     ("会", "不会"), ("被", "未被"), ("将", "不会")):  # fmt: skip
        i = s.find(pos)
        if i > 0 and s[i - 1] not in "不没未":
            return s[:i] + neg + s[i + len(pos) :]
    return None


def _perturb_antonym(s: str, rng: random.Random) -> str | None:
    cands = [(a, b) for a, b in _ZH_PAIRS if a in s] + [(b, a) for a, b in _ZH_PAIRS if b in s]
    if not cands:
        return None
    a, b = rng.choice(cands)
    return s.replace(a, b, 1)


def _perturb_entity(s: str, names: list[str], rng: random.Random) -> str | None:
    present = [n for n in names if n in s]
    if not present:
        return None
    a = rng.choice(present)
    others = [n for n in names if n not in s and len(n) >= 2]
    if not others:
        return None
    return s.replace(a, rng.choice(others), 1)


def _names(text: str) -> list[str]:
    import jieba.posseg as pseg

    seen: dict[str, None] = {}
    for w in pseg.cut(text):
        if w.flag in ("ns", "nr", "nt", "nz") and len(w.word) >= 2:
            seen[w.word] = None
    return list(seen)


def perturb(s: str, names: list[str], rng: random.Random) -> str | None:
    """One meaning-changing edit of ``s`` (number, negation, antonym or name), or None."""
    ops = [_perturb_number, _perturb_negation, _perturb_antonym, "entity"]
    rng.shuffle(ops)
    for op in ops:
        out = _perturb_entity(s, names, rng) if op == "entity" else op(s, rng)  # type: ignore[operator]
        if out and out != s:
            return str(out)
    return None


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)}


def synthetic_items(articles_dir: Path, *, seed: int = 0) -> list[BenchItem]:
    """Claim-level items (one evidence document each) generated from every ``*.txt`` article."""
    rng = random.Random(seed)
    items: list[BenchItem] = []
    for path in sorted(articles_dir.glob("*.txt")):
        body = path.read_text(encoding="utf-8").split("\n", 2)[-1]
        sents = _sentences(body)
        names = _names(body)
        grams = [_bigrams(s) for s in sents]
        for i, _sent in enumerate(sents):
            for kind in ("supported", "refuted", "not_enough_evidence"):
                items.extend(_make(path.name, sents, grams, names, i, kind, rng))
    return items


def _make(
    name: str,
    sents: list[str],
    grams: list[set[str]],
    names: list[str],
    i: int,
    kind: str,
    rng: random.Random,
) -> list[BenchItem]:
    sent = sents[i]
    lo = max(0, i - 1)
    ctx = sents[lo : i + 2]
    claim = _clause(sent, rng)
    evidence = list(ctx)
    stance = {"supported": "supports", "refuted": "refutes"}.get(kind, "neutral")
    if kind == "refuted":
        if rng.random() < 0.5:
            changed = perturb(claim, names, rng)
            if changed is None:
                return []
            claim = changed
        else:
            changed = perturb(sent, names, rng)
            if changed is None:
                return []
            evidence[i - lo] = changed
    elif kind == "not_enough_evidence":
        far = [j for j in range(len(sents)) if abs(j - i) > 2]
        if not far:
            return []
        ctx_grams = set().union(*(grams[j] for j in range(lo, min(i + 2, len(sents)))))
        j = max(far, key=lambda j: (len(grams[j] & ctx_grams), -j))
        claim = _clause(sents[j], rng)
    key = hashlib.sha256(f"{name}:{i}:{kind}".encode()).hexdigest()[:12]
    doc, spans = _doc(
        f"zh-synthetic:{key}", evidence, url=f"https://zh-synthetic.invalid/{key}",
        title=None, fetcher="zh-synthetic", language="zh",
    )  # fmt: skip
    gold_spans = [(s, e, stance if k == i - lo else "neutral") for k, (s, e) in enumerate(spans)]
    return [
        BenchItem(
            Claim(id=f"zh-synthetic-{key}", text=claim),
            [doc],
            kind,  # type: ignore[arg-type]
            {doc.id: gold_spans},
            source_id=key,
        )
    ]
