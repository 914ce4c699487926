"""Score extracted claims against a gold list: recall, precision and exactness of normalized values.

A gold claim and an extracted claim *match* when their spans overlap and they state the same
numbers (quantity values, date values, rank positions; neither states any, or both agree). Among
matched pairs, *exact* means every normalized field agrees (value, upper, unit, approx; date value
and precision; rank position and approx). Matching is one-to-one, exact pairs first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from factcheck.models import Claim

__all__ = ["GoldClaim", "GoldScore", "load_gold", "score_claims"]


@dataclass(frozen=True)
class GoldClaim:
    anchor: str
    span: tuple[int, int]
    text: str
    quantities: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)
    rank: dict[str, Any] | None = None


@dataclass
class GoldScore:
    gold: int
    extracted: int
    matched: int
    exact: int
    missed: list[str]
    spurious: list[str]
    inexact: list[str]

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def exactness(self) -> float:
        return self.exact / self.matched if self.matched else 0.0


def load_gold(path: Path, article: str) -> list[GoldClaim]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    out = []
    for item in data["claims"]:
        anchor = item["anchor"]
        start = article.find(anchor)
        if start < 0:
            raise ValueError(f"gold anchor not in the article: {anchor!r}")
        out.append(
            GoldClaim(
                anchor=anchor,
                span=(start, start + len(anchor)),
                text=item["text"],
                quantities=list(item.get("quantities") or []),
                dates=[{**d, "value": str(d["value"])} for d in item.get("dates") or []],
                rank=item.get("rank"),
            )
        )
    return out


def _numbers(g: GoldClaim | Claim) -> list[float | str]:
    if isinstance(g, GoldClaim):
        nums: list[float | str] = [float(q["value"]) for q in g.quantities]
        nums += [str(d["value"]) for d in g.dates]
        if g.rank:
            nums.append(float(g.rank["position"]))
    else:
        nums = [float(q.value) for q in g.quantities]
        nums += [d.value for d in g.dates]
        if g.rank:
            nums.append(float(g.rank.position))
    return nums


def _same_numbers(a: list[float | str], b: list[float | str]) -> bool:
    if len(a) != len(b):
        return False
    rest = list(b)
    for x in a:
        for i, y in enumerate(rest):
            if type(x) is type(y) and (
                x == y
                or (
                    isinstance(x, float)
                    and isinstance(y, float)
                    and math.isclose(x, y, rel_tol=1e-3)
                )
            ):
                del rest[i]
                break
        else:
            return False
    return True


def _exact(g: GoldClaim, c: Claim) -> bool:
    if len(g.quantities) != len(c.quantities) or len(g.dates) != len(c.dates):
        return False
    for gq in g.quantities:
        if not any(
            math.isclose(float(gq["value"]), q.value, rel_tol=1e-4)
            and (gq.get("upper") is None) == (q.upper is None)
            and (gq.get("unit") or None) == q.unit
            and gq.get("approx", "exact") == q.approx
            for q in c.quantities
        ):
            return False
    for gd in g.dates:
        if not any(
            gd["value"] == d.value and gd.get("precision", "day") == d.precision for d in c.dates
        ):
            return False
    if (g.rank is None) != (c.rank is None):
        return False
    if g.rank is not None and c.rank is not None:
        return (
            g.rank["position"] == c.rank.position and g.rank.get("approx", "exact") == c.rank.approx
        )
    return True


def score_claims(gold: list[GoldClaim], claims: list[Claim]) -> GoldScore:
    pairs: list[tuple[int, int, int]] = []  # (priority, gold index, claim index)
    for gi, g in enumerate(gold):
        for ci, c in enumerate(claims):
            if c.span is None or not (c.span[0] < g.span[1] and g.span[0] < c.span[1]):
                continue
            if not _same_numbers(_numbers(g), _numbers(c)):
                continue
            pairs.append((0 if _exact(g, c) else 1, gi, ci))
    pairs.sort()
    used_g: set[int] = set()
    used_c: set[int] = set()
    exact = 0
    inexact = []
    for prio, gi, ci in pairs:
        if gi in used_g or ci in used_c:
            continue
        used_g.add(gi)
        used_c.add(ci)
        if prio == 0:
            exact += 1
        else:
            inexact.append(f"{gold[gi].text} ~ {claims[ci].text}")
    return GoldScore(
        gold=len(gold),
        extracted=len(claims),
        matched=len(used_g),
        exact=exact,
        missed=[g.text for i, g in enumerate(gold) if i not in used_g],
        spurious=[c.text for i, c in enumerate(claims) if i not in used_c],
        inexact=inexact,
    )
