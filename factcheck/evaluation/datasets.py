"""Benchmark datasets: readers with explicit label maps.

Readers turn each labelled dataset in ``../shared/data`` into :class:`BenchItem` (a :class:`Claim`, its
evidence as :class:`Document` objects, the gold label, and the gold evidence sentence spans used for
training). Label maps are module constants, documented in docs/verification.md. CLIMATE-FEVER has no official
split: claims go to train/dev/test by ``sha256("climate-fever:" + claim_id)`` mod 10 (0-5 train, 6-7
dev, 8-9 test).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.errors import InputError
from factcheck.models import LABELS, Claim, Document, Label

__all__ = [
    "AVERITEC_LABELS",
    "CHECK_COVID_LABELS",
    "CLIMATE_FEVER_LABELS",
    "DATASET_FORMATS",
    "JSONL_LABELS",
    "NLI_LABELS",
    "SCIFACT_LABELS",
    "WICE_LABELS",
    "BenchItem",
    "DatasetError",
    "climate_fever_split",
    "find_data_dir",
    "infer_format",
    "read_dataset",
    "resolve_dataset",
]

logger = logging.getLogger(__name__)

DATASET_FORMATS = (
    "climate-fever",
    "scifact",
    "check-covid",
    "check-covid-gold",
    "averitec",
    "ocnli",
    "xnli-zh",
    "cnli",
    "taxinli",
    "wice",
    "jsonl",
)

CLIMATE_FEVER_LABELS: dict[str, Label] = {
    "SUPPORTS": "supported",
    "REFUTES": "refuted",
    "DISPUTED": "mixed",
    "NOT_ENOUGH_INFO": "not_enough_evidence",
}
SCIFACT_LABELS: dict[str, Label] = {
    "SUPPORT": "supported",
    "CONTRADICT": "refuted",
    "NOT_ENOUGH_INFO": "not_enough_evidence",
}
CHECK_COVID_LABELS: dict[str, Label] = {
    "SUPPORT": "supported",
    "REFUTE": "refuted",
    "NOTENOUGHINFO": "not_enough_evidence",
}
AVERITEC_LABELS: dict[str, Label] = {
    "Supported": "supported",
    "Refuted": "refuted",
    "Conflicting Evidence/Cherrypicking": "mixed",
    "Not Enough Evidence": "not_enough_evidence",
}
# Chinese NLI as stance: the hypothesis is the claim, the premise its one evidence document.
NLI_LABELS: dict[str, Label] = {
    "entailment": "supported",
    "contradiction": "refuted",
    "neutral": "not_enough_evidence",
}
# WiCE: a claim only partly supported by the cited text is not supported as a whole.
WICE_LABELS: dict[str, Label] = {
    "supported": "supported",
    "partially_supported": "not_enough_evidence",
    "not_supported": "not_enough_evidence",
}
JSONL_LABELS: dict[str, Label] = {lab: lab for lab in LABELS}  # type: ignore[misc]
# per-sentence gold stance of evidence, for training the passage model
_STANCE_OF_LABEL = {"supported": "supports", "refuted": "refutes"}

_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_DEFAULT_SPLIT = {
    "climate-fever": "test",
    "scifact": "dev",
    "check-covid": "dev",
    "check-covid-gold": "dev",
    "averitec": "dev",
    "ocnli": "dev",
    "xnli-zh": "test",
    "cnli": "test",
    "taxinli": "all",
    "wice": "dev",
    "jsonl": "all",
}


class DatasetError(InputError):
    """A benchmark dataset cannot be found or read."""


@dataclass
class BenchItem:
    """One labelled claim with its evidence documents."""

    claim: Claim
    documents: list[Document]
    gold: Label
    # document id -> [(start, end, stance)] of gold evidence sentences in Document.text
    gold_spans: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    reference_date: dt.date | None = None
    source_id: str = ""


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _clean(text: str) -> str:
    return " ".join(_CONTROL_RE.sub(" ", text).split())


def _slug(prefix: str, raw: object) -> str:
    s = re.sub(r"[^a-z0-9._-]+", "-", str(raw).lower()).strip("-._")
    return f"{prefix}-{s}"[:128].rstrip("-._")


def _doc(doc_id: str, sentences: Sequence[str], *, url: str, title: str | None, fetcher: str,
         language: str = "en") -> tuple[Document, list[tuple[int, int]]]:  # fmt: skip
    """A document whose text is the sentences joined by newlines, plus each sentence's span."""
    spans: list[tuple[int, int]] = []
    parts: list[str] = []
    pos = 0
    for s in sentences:
        s = _clean(str(s))
        spans.append((pos, pos + len(s)))
        parts.append(s)
        pos += len(s) + 1
    text = "\n".join(parts)
    doc = Document(
        id=doc_id, url=url, title=title, language=language, text=text, fetcher=fetcher,
        retrieved_at=_EPOCH, content_sha256=hashlib.sha256(text.encode()).hexdigest(),
    )  # fmt: skip
    return doc, spans


def climate_fever_split(claim_id: str) -> str:
    """Deterministic split of a CLIMATE-FEVER claim: train (60%), dev (20%), test (20%)."""
    bucket = int(hashlib.sha256(f"climate-fever:{claim_id}".encode()).hexdigest(), 16) % 10
    return "train" if bucket < 6 else "dev" if bucket < 8 else "test"


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise DatasetError(f"{path}:{n}: invalid JSON: {exc}") from exc
    except OSError as exc:
        raise DatasetError(f"{path}: cannot read: {exc}") from exc


def _label(mapping: dict[str, Label], raw: str, where: str) -> Label:
    try:
        return mapping[raw]
    except KeyError as exc:
        raise DatasetError(
            f"{where}: unknown label {raw!r} (expected one of {sorted(mapping)})"
        ) from exc


def read_climate_fever(root: Path, split: str) -> list[BenchItem]:
    """CLIMATE-FEVER: 5 Wikipedia sentences per claim, grouped into one document per article."""
    path = root / "climate-fever.jsonl" if root.is_dir() else root
    items: list[BenchItem] = []
    for row in _jsonl(path):
        cid = str(row["claim_id"])
        if split != "all" and climate_fever_split(cid) != split:
            continue
        gold = _label(CLIMATE_FEVER_LABELS, row["claim_label"], f"{path} claim {cid}")
        by_article: dict[str, list[dict[str, Any]]] = {}
        for ev in row["evidences"]:
            by_article.setdefault(ev["article"], []).append(ev)
        docs: list[Document] = []
        spans: dict[str, list[tuple[int, int, str]]] = {}
        for article, evs in by_article.items():
            doc, sp = _doc(
                f"climate-fever:{article}",
                [e["evidence"] for e in evs],
                url="https://en.wikipedia.org/wiki/" + article.replace(" ", "_"),
                title=article,
                fetcher="wikipedia",
            )
            docs.append(doc)
            spans[doc.id] = [
                (
                    s,
                    e,
                    {"SUPPORTS": "supports", "REFUTES": "refutes"}.get(
                        ev["evidence_label"], "neutral"
                    ),
                )
                for (s, e), ev in zip(sp, evs, strict=True)
            ]
        claim = Claim(id=_slug("climate-fever", cid), text=_clean(row["claim"]))
        items.append(BenchItem(claim, docs, gold, spans, source_id=cid))
    return items


def _scifact_corpus(root: Path) -> dict[int, dict[str, Any]]:
    return {int(d["doc_id"]): d for d in _jsonl(root / "corpus.jsonl")}


def read_scifact(root: Path, split: str) -> list[BenchItem]:
    """SciFact: each claim with its cited abstracts (oracle abstracts); label from the rationales."""
    if split not in ("train", "dev"):
        raise DatasetError(f"scifact: split {split!r} has no labels here (use train or dev)")
    corpus = _scifact_corpus(root)
    items: list[BenchItem] = []
    for row in _jsonl(root / f"claims_{split}.jsonl"):
        labels = {e["label"] for evs in row["evidence"].values() for e in evs}
        if len(labels) > 1:
            logger.warning("scifact claim %s has conflicting rationales; skipped", row["id"])
            continue
        raw = labels.pop() if labels else "NOT_ENOUGH_INFO"
        gold = _label(SCIFACT_LABELS, raw, f"scifact claim {row['id']}")
        docs: list[Document] = []
        spans: dict[str, list[tuple[int, int, str]]] = {}
        for doc_id in row.get("cited_doc_ids", []):
            d = corpus.get(int(doc_id))
            if d is None:
                continue
            doc, sp = _doc(
                f"scifact:{doc_id}", d["abstract"], url=f"https://api.semanticscholar.org/CorpusID:{doc_id}",
                title=d.get("title"), fetcher="scifact",
            )  # fmt: skip
            docs.append(doc)
            gold_sents: dict[int, str] = {}
            for ev in row["evidence"].get(str(doc_id), []):
                for i in ev["sentences"]:
                    gold_sents[int(i)] = _STANCE_OF_LABEL.get(
                        SCIFACT_LABELS[ev["label"]], "neutral"
                    )
            spans[doc.id] = [(s, e, gold_sents.get(i, "neutral")) for i, (s, e) in enumerate(sp)]
        claim = Claim(id=_slug("scifact", row["id"]), text=_clean(row["claim"]))
        items.append(BenchItem(claim, docs, gold, spans, source_id=str(row["id"])))
    return items


def read_check_covid(root: Path, split: str, *, gold_sentences: bool = False) -> list[BenchItem]:
    """Check-COVID (composed + extracted claims): the claim's CORD-19 abstract is the evidence.

    With ``gold_sentences`` (format ``check-covid-gold``, the paper's label-prediction setting) the
    evidence is only the annotated evidence sentences of the abstract, in abstract order.
    """
    if split not in ("train", "dev"):
        raise DatasetError(f"check-covid: no split {split!r} (use train or dev)")
    corpus = {d["cord_id"]: d for d in _jsonl(root / "corpus.json")}
    items: list[BenchItem] = []
    for row in _jsonl(root / split / f"covidCheck_{split}_composed+extracted.json"):
        gold = _label(CHECK_COVID_LABELS, row["label"], f"check-covid claim {row['id']}")
        d = corpus.get(row["cord_id"])
        docs: list[Document] = []
        spans: dict[str, list[tuple[int, int, str]]] = {}
        ev_idx = {int(e["sent_index"]) for e in row.get("evidence_set", [])}
        if d is not None and gold_sentences:
            sents = [s for i, s in enumerate(d["abstract"]) if i in ev_idx]
            ev_idx = set(range(len(sents)))
        else:
            sents = list(d["abstract"]) if d is not None else []
        if d is not None and sents:
            doc, sp = _doc(
                f"cord19:{row['cord_id']}", sents, url=f"https://cord-19.org/{row['cord_id']}",
                title=d.get("title"), fetcher="cord19",
            )  # fmt: skip
            docs.append(doc)
            stance = _STANCE_OF_LABEL.get(gold, "neutral")
            spans[doc.id] = [
                (s, e, stance if i in ev_idx else "neutral") for i, (s, e) in enumerate(sp)
            ]
        claim = Claim(id=_slug("check-covid", row["id"]), text=_clean(row["claim"]))
        items.append(BenchItem(claim, docs, gold, spans, source_id=str(row["id"])))
    return items


def read_check_covid_gold(root: Path, split: str) -> list[BenchItem]:
    """Check-COVID with the gold evidence sentences only (the paper's label-prediction setting)."""
    return read_check_covid(root, split, gold_sentences=True)


def _nli_item(
    prefix: str, key: str, premise: str, hypothesis: str, gold: Label, language: str
) -> BenchItem:
    doc, sp = _doc(
        f"{prefix}:{key}", [premise], url=f"https://{prefix}.invalid/{key}", title=None,
        fetcher=prefix, language=language,
    )  # fmt: skip
    stance = {"supported": "supports", "refuted": "refutes"}.get(gold, "neutral")
    spans = {doc.id: [(s, e, stance) for s, e in sp]}
    claim = Claim(id=_slug(prefix, key), text=_clean(hypothesis))
    return BenchItem(claim, [doc], gold, spans, source_id=key)


def read_ocnli(root: Path, split: str) -> list[BenchItem]:
    """OCNLI (native Chinese NLI): ``dev`` (reported) or ``train`` (train.10k); label "-" is skipped."""
    name = {"dev": "dev.json", "train": "train.10k.json"}.get(split)
    if name is None:
        raise DatasetError(f"ocnli: no split {split!r} (use dev or train)")
    items: list[BenchItem] = []
    for n, row in enumerate(_jsonl(root / name)):
        if row.get("label") not in NLI_LABELS:
            continue  # "-": annotators had no majority
        gold = NLI_LABELS[row["label"]]
        key = f"{split}-{row.get('id', n)}"
        items.append(_nli_item("ocnli", key, row["sentence1"], row["sentence2"], gold, "zh"))
    return items


def _tsv(path: Path) -> Iterator[list[str]]:
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield line.rstrip("\n").split("\t")
    except OSError as exc:
        raise DatasetError(f"{path}: cannot read: {exc}") from exc


def read_xnli_zh(root: Path, split: str) -> list[BenchItem]:
    """XNLI Chinese ``dev`` or ``test`` (reported): TSV text_a (premise), text_b, label."""
    if split not in ("dev", "test"):
        raise DatasetError(f"xnli-zh: no split {split!r} (use dev or test)")
    items: list[BenchItem] = []
    for n, cols in enumerate(_tsv(root / f"{split}.tsv")):
        if len(cols) != 3 or cols[2] not in NLI_LABELS:
            continue  # header
        items.append(
            _nli_item("xnli-zh", f"{split}-{n}", cols[0], cols[1], NLI_LABELS[cols[2]], "zh")
        )
    return items


def read_cnli(root: Path, split: str) -> list[BenchItem]:
    """CNLI ``dev`` or ``test`` (reported): TSV id, premise, hypothesis, label; malformed rows skipped."""
    if split not in ("dev", "test"):
        raise DatasetError(f"cnli: no split {split!r} (use dev or test)")
    items: list[BenchItem] = []
    for n, cols in enumerate(_tsv(root / f"{split}.tsv")):
        if (
            len(cols) != 4
            or cols[3] not in NLI_LABELS
            or not cols[1].strip()
            or not cols[2].strip()
        ):
            continue
        items.append(
            _nli_item(
                "cnli", f"{split}-{cols[0] or n}", cols[1], cols[2], NLI_LABELS[cols[3]], "zh"
            )
        )
    return items


def read_taxinli(root: Path, split: str) -> list[BenchItem]:
    """TaxiNLI (MNLI pairs, C-UDA): hypothesis as claim, premise as evidence; ``all`` rows."""
    path = root / "taxinli10k.tsv" if root.is_dir() else root
    items: list[BenchItem] = []
    for n, cols in enumerate(_tsv(path)):
        if n == 0 or len(cols) < 3 or cols[2] not in NLI_LABELS:
            continue
        key = cols[-2] if len(cols) > 22 and cols[-2] else str(n)
        items.append(
            _nli_item("taxinli", f"{n}-{key}", cols[0], cols[1], NLI_LABELS[cols[2]], "en")
        )
    return items


def read_wice(root: Path, split: str) -> list[BenchItem]:
    """WiCE (ODC-BY) oracle chunks, ``dev`` or ``test``: the cited evidence sentences as one document."""
    if split not in ("dev", "test"):
        raise DatasetError(f"wice: no split {split!r} (use dev or test)")
    items: list[BenchItem] = []
    for n, row in enumerate(_jsonl(root / f"{split}.jsonl")):
        gold = _label(WICE_LABELS, row["label"], f"wice {split} row {n}")
        key = str(row.get("meta", {}).get("id") or f"{split}-{n}")
        sents = [s for s in row.get("evidence", []) if str(s).strip()]
        if not sents:
            continue
        doc, sp = _doc(f"wice:{key}", sents, url=f"https://wice.invalid/{key}", title=None,
                       fetcher="wice")  # fmt: skip
        claim = Claim(id=_slug("wice", key), text=_clean(row["claim"]))
        spans = {doc.id: [(s, e, "neutral") for s, e in sp]}
        items.append(BenchItem(claim, [doc], gold, spans, source_id=key))
    return items


def read_averitec(root: Path, split: str) -> list[BenchItem]:
    """AVeriTeC: question-answer evidence; one document per answer, with its source URL."""
    path = root / f"{split}.json" if root.is_dir() else root
    if not path.is_file():
        raise DatasetError(f"averitec: {path} not found (only dev is in the shared data)")
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DatasetError(f"{path}: cannot read: {exc}") from exc
    items: list[BenchItem] = []
    for n, row in enumerate(rows):
        gold = _label(AVERITEC_LABELS, row["label"], f"{path} claim {n}")
        docs: list[Document] = []
        for qi, q in enumerate(row.get("questions", [])):
            for ai, a in enumerate(q.get("answers", [])):
                ans = str(a.get("answer") or "").strip()
                expl = str(a.get("boolean_explanation") or "").strip()
                text = " ".join(x for x in (q.get("question", "").strip(), ans, expl) if x)
                if not text:
                    continue
                url = a.get("source_url") or f"https://averitec.invalid/{n}/{qi}/{ai}"
                doc, _ = _doc(
                    f"averitec:{n}:{qi}:{ai}", [text], url=url, title=None, fetcher="averitec"
                )
                docs.append(doc)
        ref = None
        if row.get("claim_date"):
            try:
                ref = dt.datetime.strptime(row["claim_date"], "%d-%m-%Y").date()
            except ValueError:
                ref = None
        claim = Claim(id=_slug("averitec", n), text=_clean(row["claim"]))
        items.append(BenchItem(claim, docs, gold, {}, reference_date=ref, source_id=str(n)))
    return items


def read_jsonl(path: Path, split: str) -> list[BenchItem]:
    """Generic JSON lines: ``{"id", "claim", "label" (one of the four labels), "evidence": [...]}``.

    Each evidence item is a string or ``{"text", "url"?, "title"?, "id"?}``. With ``split`` other
    than ``all`` (the default), only rows whose ``"split"`` field equals it are read.
    """
    items: list[BenchItem] = []
    for n, row in enumerate(_jsonl(path), 1):
        if split != "all" and row.get("split") != split:
            continue
        try:
            gold = _label(JSONL_LABELS, str(row["label"]), f"{path}:{n}")
            docs: list[Document] = []
            for i, ev in enumerate(row.get("evidence", [])):
                ev = {"text": ev} if isinstance(ev, str) else ev
                doc, _ = _doc(
                    str(ev.get("id") or f"jsonl:{row.get('id', n)}:{i}"), [ev["text"]],
                    url=ev.get("url") or f"https://jsonl.invalid/{n}/{i}", title=ev.get("title"),
                    fetcher="jsonl",
                )  # fmt: skip
                docs.append(doc)
            claim = Claim(id=_slug("jsonl", row.get("id", n)), text=_clean(str(row["claim"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise DatasetError(f"{path}:{n}: {exc}") from exc
        items.append(BenchItem(claim, docs, gold, {}, source_id=str(row.get("id", n))))
    return items


_READERS: dict[str, Callable[[Path, str], list[BenchItem]]] = {
    "climate-fever": read_climate_fever,
    "scifact": read_scifact,
    "check-covid": read_check_covid,
    "check-covid-gold": read_check_covid_gold,
    "averitec": read_averitec,
    "ocnli": read_ocnli,
    "xnli-zh": read_xnli_zh,
    "cnli": read_cnli,
    "taxinli": read_taxinli,
    "wice": read_wice,
    "jsonl": read_jsonl,
}


def find_data_dir(start: Path) -> Path | None:
    """The ``shared/data`` folder beside the project: ``start`` or a parent holding ``shared/data``."""
    for base in (start, *start.parents):
        cand = base / "shared" / "data"
        if cand.is_dir():
            return cand
    return None


def infer_format(name: str) -> str:
    """Dataset format from its name or path (``climate``, ``scifact``, ``covid``, ``averitec``, .jsonl)."""
    low = name.lower()
    for key, fmt in (("climate", "climate-fever"), ("scifact", "scifact"), ("covid", "check-covid"),
                     ("averitec", "averitec"), ("ocnli", "ocnli"), ("xnli", "xnli-zh"),
                     ("cnli", "cnli"), ("taxinli", "taxinli"), ("wice", "wice")):  # fmt: skip
        if key in low:
            return fmt
    if low.endswith((".jsonl", ".json")):
        return "jsonl"
    raise DatasetError(
        f"cannot infer the format of {name!r}; pass --format {'|'.join(DATASET_FORMATS)}"
    )


def resolve_dataset(name: str, data_dir: Path | None) -> Path:
    """A dataset path: ``name`` itself when it exists, else ``data_dir / name``."""
    p = Path(name)
    if p.exists():
        return p
    if data_dir is not None and (data_dir / name).exists():
        return data_dir / name
    where = (
        f" (looked in {data_dir})"
        if data_dir
        else " (no shared/data folder found; pass --data-dir)"
    )
    raise DatasetError(f"dataset {name!r} not found{where}")


def read_dataset(path: Path, fmt: str, split: str | None = None) -> tuple[list[BenchItem], str]:
    """Read a dataset; returns the items and the split used (default per format)."""
    if fmt not in _READERS:
        raise DatasetError(f"unknown format {fmt!r} (expected one of {', '.join(DATASET_FORMATS)})")
    used = split or _DEFAULT_SPLIT[fmt]
    return _READERS[fmt](path, used), used
