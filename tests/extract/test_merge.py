"""Stable ids: re-extraction keeps ids, hand edits and hand-added claims; gone sentences go stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.claims import dump_claim_file, load_claim_file, save_claim_file
from factcheck.extract import extract_article, merge_claim_files
from factcheck.models import Claim, ClaimFile, Quantity

SEED = Path(__file__).resolve().parents[2] / "seeds" / "zhongguancun-deepseek.zh.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def first(seed_text: str) -> ClaimFile:
    return extract_article(seed_text, article_id="zhongguancun-deepseek", source=str(SEED))


def _by_id(cf: ClaimFile) -> dict[str, Claim]:
    return {c.id: c for c in cf.claims}


def test_merge_into_itself_is_identity(seed_text: str, first: ClaimFile) -> None:
    again = extract_article(seed_text, article_id="zhongguancun-deepseek", source=str(SEED))
    assert merge_claim_files(first, again, article_text=seed_text) == first


def test_second_run_is_byte_identical(tmp_path: Path, seed_text: str, first: ClaimFile) -> None:
    out = tmp_path / "claims" / "zhongguancun-deepseek.yaml"
    out.parent.mkdir()
    save_claim_file(out, first)
    before = out.read_bytes()
    previous = load_claim_file(out)
    again = extract_article(seed_text, article_id="zhongguancun-deepseek", source=str(SEED))
    merged = merge_claim_files(previous.model, again, article_text=seed_text)
    save_claim_file(out, merged, previous=previous)
    assert out.read_bytes() == before


def test_hand_edits_and_changed_sentence(tmp_path: Path, seed_text: str, first: ClaimFile) -> None:
    out = tmp_path / "a.yaml"
    save_claim_file(out, first)
    # A person edits one claim's text and value, adds a claim by hand, adds a comment.
    text = out.read_text(encoding="utf-8")
    target = next(c for c in first.claims if c.quantities and c.quantities[0].value == 15000)
    edited_text = "海淀区有1.5万名人工智能学者（人工核对）"
    text = text.replace(f"text: {target.text}\n", f"text: {edited_text}  # checked by hand\n", 1)
    text += (
        "  - id: zhongguancun-deepseek-c900\n"
        "    text: DeepSeek总部位于杭州\n"
        "    kind: location\n"
        "    tags: [hand]\n"
    )
    out.write_text(text, encoding="utf-8")
    previous = load_claim_file(out)
    assert _by_id(previous.model)[target.id].text == edited_text

    # The article changes: 34家 → 36家 in one sentence, and a later sentence is deleted (spans
    # before it do not move, so the edited claim is not re-rendered and keeps its comment).
    changed = seed_text.replace("34家留学人员创业园", "36家留学人员创业园").replace(
        "此后,两通两海和中关村电子一条街顺势而起。", ""
    )
    fresh = extract_article(changed, article_id="zhongguancun-deepseek", source=str(SEED))
    merged = merge_claim_files(previous.model, fresh, article_text=changed)
    save_claim_file(out, merged, previous=previous)
    reloaded = load_claim_file(out)
    claims = _by_id(reloaded.model)

    # every old id is still there, in the same order; nothing deleted
    assert [c.id for c in reloaded.model.claims][: len(previous.model.claims)] == [
        c.id for c in previous.model.claims
    ]
    # the hand edit and its comment survive
    assert claims[target.id].text == edited_text
    assert "# checked by hand" in out.read_text(encoding="utf-8")
    # the hand-added claim is untouched
    assert claims["zhongguancun-deepseek-c900"].tags == ["hand"]
    assert claims["zhongguancun-deepseek-c900"].status == "active"
    # the deleted sentence's claim is stale, not removed
    gone = next(c for c in first.claims if c.sentence and "两通两海" in c.sentence)
    assert claims[gone.id].status == "stale"
    # the edited sentence: the old 34家 claim is stale, the new 36家 claim gets a new id after c900
    old34 = next(c for c in first.claims if c.quantities and c.quantities[0].value == 34)
    assert claims[old34.id].status == "stale"
    new36 = [c for c in reloaded.model.claims if c.quantities and c.quantities[0].value == 36]
    assert len(new36) == 1
    assert new36[0].id == "zhongguancun-deepseek-c901"
    # the other claims of the edited sentence keep their ids and get the new sentence text
    same_sentence = [
        c for c in first.claims if c.sentence and c.sentence.startswith("周边更是聚集了")
    ]
    for c in same_sentence:
        if c.quantities[0].value != 34:
            assert claims[c.id].status == "active"
            assert claims[c.id].sentence is not None
            assert "36家留学人员创业园" in claims[c.id].sentence  # type: ignore[operator]
    # spans follow the article (the deleted sentence shifted later claims)
    for c in reloaded.model.claims:
        if c.status == "active" and c.span is not None:
            assert changed[c.span[0] : c.span[1]] == c.sentence


def test_stale_claim_comes_back_when_its_sentence_returns(seed_text: str, first: ClaimFile) -> None:
    gone = seed_text.replace("北京深度求索公司比杭州的相关主体还要早两个月成立。", "")
    merged = merge_claim_files(
        first, extract_article(gone, article_id="zhongguancun-deepseek"), article_text=gone
    )
    target = next(c for c in merged.claims if c.quantities and c.quantities[0].unit == "month")
    assert target.status == "stale"
    back = merge_claim_files(
        merged,
        extract_article(seed_text, article_id="zhongguancun-deepseek"),
        article_text=seed_text,
    )
    assert _by_id(back)[target.id].status == "active"
    assert len(back.claims) == len(first.claims)


def test_hand_edited_values_do_not_duplicate(seed_text: str, first: ClaimFile) -> None:
    target = next(c for c in first.claims if c.quantities and c.quantities[0].value == 206)
    edited = first.model_copy(
        update={
            "claims": [
                c.model_copy(
                    update={"quantities": [Quantity(value=207, unit="家")], "text": "改过"}
                )
                if c.id == target.id
                else c
                for c in first.claims
            ]
        }
    )
    merged = merge_claim_files(
        edited, extract_article(seed_text, article_id="zhongguancun-deepseek")
    )
    assert len(merged.claims) == len(first.claims)
    assert _by_id(merged)[target.id].quantities[0].value == 207


def test_new_ids_continue_the_highest_number() -> None:
    existing = ClaimFile(
        claims=[
            Claim(id="a-c007", text="x", sentence="S1。", span=(0, 3)),
            Claim(id="a-c002", text="y", sentence="S2。", span=(3, 6)),
        ]
    )
    new = ClaimFile(
        claims=[
            Claim(id="a-c001", text="x", sentence="S1。", span=(0, 3)),
            Claim(id="a-c002", text="z", sentence="S3。", span=(6, 9), kind="quantity"),
        ]
    )
    merged = merge_claim_files(existing, new, article_text="S1。S3。")
    assert [(c.id, c.status) for c in merged.claims] == [
        ("a-c007", "active"),
        ("a-c002", "stale"),
        ("a-c008", "active"),
    ]


def test_dump_of_merge_is_valid_yaml(seed_text: str, first: ClaimFile) -> None:
    text = dump_claim_file(merge_claim_files(first, first))
    assert "zhongguancun-deepseek-c001" in text
