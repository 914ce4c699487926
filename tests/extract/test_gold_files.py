"""Every gold file of the dev set fits its article (anchors found once, fields known, values valid)."""

from __future__ import annotations

from pathlib import Path

import pytest
from _shared import require_shared
from ruamel.yaml import YAML

from factcheck.extract.gold import parse_gold
from factcheck.models import DateValue, Quantity, Rank

GOLD_DIR = Path(__file__).resolve().parent / "gold" / "articles"
FILES = sorted(GOLD_DIR.glob("*.yaml"))


def test_sixteen_files_both_languages_and_a_heldout_split() -> None:
    headers = [YAML(typ="safe").load(p.read_text(encoding="utf-8")) for p in FILES]
    assert len(headers) >= 12
    for lang in ("zh", "en"):
        mine = [h for h in headers if h["language"] == lang]
        assert len(mine) >= 6
        assert sum(h["split"] == "heldout" for h in mine) >= 2
    assert all(
        p.name.startswith(h["article"][:2] + "-" + h["article"][3:5])
        for p, h in zip(FILES, headers, strict=True)
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_gold_file_fits_its_article(path: Path) -> None:
    header = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    article = require_shared("articles", header["article"])
    gold = parse_gold(path.read_text(encoding="utf-8"), article.read_text(encoding="utf-8"))
    assert len(gold.required) >= 7
    for fact in gold.facts:
        # the normalized values are valid claim values (the scorer compares them with Claim fields)
        for q in fact.quantities:
            Quantity.model_validate(dict(q))
        for d in fact.dates:
            DateValue.model_validate(dict(d))
        if fact.rank is not None:
            Rank.model_validate(dict(fact.rank))
