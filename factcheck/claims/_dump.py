"""Render claim files as YAML, round-trip: untouched claims keep their comments and formatting."""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from factcheck._atomic import write_text_atomic
from factcheck.claims._load import LoadedClaimFile
from factcheck.models import Article, Claim, ClaimFile

__all__ = ["SCHEMA_COMMENT", "dump_claim_file", "save_claim_file"]

SCHEMA_COMMENT = "yaml-language-server: $schema=claim-file.schema.json"

# DESIGN.md's key order; new claims are written in it.
_CLAIM_KEYS = (
    "id", "text", "sentence", "span", "kind", "subject", "predicate", "object", "quantities",
    "dates", "rank", "entities", "checkworthy", "queries", "sources", "tags", "status", "as_of",
)  # fmt: skip
_ARTICLE_KEYS = ("id", "title", "source", "published", "language")
_FLOW_LISTS = {"span", "quantities", "dates", "entities", "queries", "sources", "tags"}


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # never fold long Chinese lines
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


# Text that is safe as a plain scalar inside flow collections ([...] and {...}). ruamel's emitter
# sometimes writes indicator characters there unquoted ("[?&]"), which does not parse back.
_PLAIN_IN_FLOW = re.compile(r"^[^\W_](?:[\w .%/+-]*[\w.%])?$")


def _flow_scalar(value: Any) -> Any:
    if not isinstance(value, str) or _PLAIN_IN_FLOW.match(value):
        return value
    if any(ord(ch) < 32 for ch in value) or "\\" in value:
        return DoubleQuotedScalarString(value)
    return SingleQuotedScalarString(value)


def _flow_map(data: dict[str, Any]) -> CommentedMap:
    node = CommentedMap({k: _flow_scalar(v) for k, v in data.items()})
    node.fa.set_flow_style()
    return node


def _claim_node(claim: Claim) -> CommentedMap:
    data = claim.model_dump(mode="json", exclude_none=True)
    node = CommentedMap()
    for key in _CLAIM_KEYS:
        if key not in data:
            continue
        value = data[key]
        if isinstance(value, list) and not value:
            continue
        if key == "status" and value == "active":
            continue
        if key in _FLOW_LISTS:
            seq = CommentedSeq(
                _flow_map(v) if isinstance(v, dict) else _flow_scalar(v) for v in value
            )
            seq.fa.set_flow_style()
            value = seq
        elif key == "rank":
            value = _flow_map(value)
        node[key] = value
    return node


def _article_node(article: Article) -> CommentedMap:
    data = article.model_dump(mode="python", exclude_none=True)
    node = CommentedMap()
    for key in _ARTICLE_KEYS:
        if key in data:
            node[key] = data[key]
    return node


def _previous_claims(previous: LoadedClaimFile | None) -> dict[str, tuple[Claim, Any]]:
    if previous is None or previous.tree is None:
        return {}
    nodes = previous.tree.get("claims") or []
    return {c.id: (c, nodes[i]) for i, c in enumerate(previous.model.claims) if i < len(nodes)}


def _render_claim_lines(claim: Claim, dash_col: int) -> list[str]:
    buf = io.StringIO()
    _yaml().dump({"claims": [_claim_node(claim)]}, buf)
    lines = buf.getvalue().splitlines(keepends=True)[1:]  # drop "claims:"
    shift = dash_col - 2  # the dumper puts the dash at column 2
    if shift > 0:
        return [" " * shift + ln for ln in lines]
    return [ln[-shift:] if ln.startswith(" " * -shift) else ln for ln in lines]


def _is_trivia(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _splice(model: ClaimFile, previous: LoadedClaimFile) -> str | None:
    """Keep the previous text of every unchanged claim verbatim; render only changed or new claims.

    Works on the common layout (top-level keys article/claims, claims last, block sequence); returns
    None otherwise, and the caller falls back to a round-trip dump.
    """
    tree = previous.tree
    if tree is None or previous.model.article != model.article:
        return None
    keys = list(tree.keys())
    if not keys or keys[-1] != "claims" or not set(keys) <= {"article", "claims"}:
        return None
    seq = tree["claims"]
    if not isinstance(seq, CommentedSeq) or seq.fa.flow_style() or not len(seq):
        return None
    if len(seq) != len(previous.model.claims):
        return None
    lines = previous.text.splitlines(keepends=True)
    starts = [seq.lc.item(i)[0] for i in range(len(seq))]
    dash_col = seq.lc.item(0)[1] - 2
    if dash_col < 0 or any(not lines[s].lstrip().startswith("- ") for s in starts):
        return None
    bounds = [*starts, len(lines)]
    header = lines[: starts[0]]
    chunks: dict[str, tuple[list[str], list[str]]] = {}  # id -> (leading trivia, content lines)
    leading: list[str] = []
    for i, claim in enumerate(previous.model.claims):
        block = lines[bounds[i] : bounds[i + 1]]
        cut = len(block)
        while cut > 1 and _is_trivia(block[cut - 1]):
            cut -= 1
        if i == len(seq) - 1:
            cut = len(block)  # the file's tail stays with the last claim
        chunks[claim.id] = (leading, block[:cut])
        leading = block[cut:]
    # trivia right above the first claim belongs to it, not to the header
    while header and _is_trivia(header[-1]) and header[-1].strip():
        chunks[previous.model.claims[0].id] = (
            [header.pop(), *chunks[previous.model.claims[0].id][0]],
            chunks[previous.model.claims[0].id][1],
        )
    old = {c.id: c for c in previous.model.claims}
    out = list(header)
    for claim in model.claims:
        if claim.id in old and old[claim.id] == claim:
            lead, body = chunks[claim.id]
            out.extend(lead)
            out.extend(body)
        else:
            if claim.id in chunks:
                out.extend(chunks[claim.id][0])
            if out and not out[-1].endswith("\n"):
                out[-1] += "\n"
            out.extend(_render_claim_lines(claim, dash_col))
    text = "".join(out)
    if not text.endswith("\n"):
        text += "\n"
    return text


def dump_claim_file(model: ClaimFile, previous: LoadedClaimFile | None = None) -> str:
    """Render ``model`` as YAML text (pure).

    With ``previous`` (the file as loaded), every claim equal to its previous version keeps its original
    text verbatim — comments, key order, quoting, spacing — and an unchanged model renders to the
    previous text byte for byte. Changed and new claims are rendered in DESIGN.md's key order.
    """
    if previous is not None and previous.model == model:
        return previous.text
    if previous is not None and model.claims:
        spliced = _splice(model, previous)
        if spliced is not None and _reparses_to(spliced, model):
            return spliced
    if previous is not None and previous.tree is not None:
        root = copy.deepcopy(previous.tree)  # never mutate the caller's loaded file
    else:
        root = CommentedMap()
        root.yaml_set_start_comment(SCHEMA_COMMENT)
    old = _previous_claims(previous)
    if model.article is None:
        root.pop("article", None)
    elif previous is None or previous.model.article != model.article:
        if "article" in root:
            root["article"] = _article_node(model.article)
        else:
            root.insert(0, "article", _article_node(model.article))
    claims_seq = CommentedSeq()
    if isinstance(root.get("claims"), CommentedSeq):
        claims_seq.ca.comment = root["claims"].ca.comment  # comment above the first item
    for claim in model.claims:
        if claim.id in old and old[claim.id][0] == claim:
            claims_seq.append(old[claim.id][1])
        else:
            claims_seq.append(_claim_node(claim))
    root["claims"] = claims_seq
    buf = io.StringIO()
    _yaml().dump(root, buf)
    return buf.getvalue()


def _reparses_to(text: str, model: ClaimFile) -> bool:
    from factcheck.claims._load import parse_claim_file
    from factcheck.errors import ClaimFileErrors

    try:
        return parse_claim_file(text).model == model
    except ClaimFileErrors:
        return False


def save_claim_file(path: Path, model: ClaimFile, previous: LoadedClaimFile | None = None) -> None:
    """Write ``model`` to ``path`` atomically (temp file + rename); a crash leaves the old file intact."""
    write_text_atomic(path, dump_claim_file(model, previous))
