"""Load claim files: YAML hazards and validation errors become file:line:col: field: message."""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml as libyaml
from pydantic import ValidationError

from factcheck.claims._fast import (
    Scan,
    YamlRefusal,
    check_events,
    load_data,
)
from factcheck.errors import ClaimFileError, ClaimFileErrors
from factcheck.models import Claim, ClaimFile

if TYPE_CHECKING:  # ruamel.yaml is imported where it is used: valid files never need it
    from pydantic_core import ErrorDetails
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

__all__ = [
    "MAX_CLAIM_FILE_BYTES",
    "MAX_NESTING",
    "LoadedClaimFile",
    "iter_claims",
    "load_claim_file",
    "load_claim_files",
    "parse_claim_file",
]

logger = logging.getLogger(__name__)

MAX_CLAIM_FILE_BYTES = 8 * 1024 * 1024
"""Claim files are hand-edited text; anything larger is a mistake or an attack."""

MAX_NESTING = 32
"""The claim-file schema nests at most 5 levels; deep nesting is refused before it is built."""

MAX_ARTICLE_BYTES = 8 * 1024 * 1024
"""The article text read to check spans (``factcheck extract`` accepts at most 2 MB)."""

ROUND_TRIP_MAX_NODES = 20_000
"""Bigger files with errors are located with libyaml's nodes: ruamel.yaml takes ~0.2 ms a value."""

_CLAIM_FILE_SUFFIXES = (".yaml", ".yml")
_LIBYAML_LOADER: Any = getattr(libyaml, "CSafeLoader", libyaml.SafeLoader)


@dataclass
class LoadedClaimFile:
    """A validated claim file and the round-trip YAML tree it was read from.

    The tree (comments, positions) is built on first use: saving and error locations need it,
    validation does not.
    """

    path: Path
    model: ClaimFile
    text: str
    _tree: CommentedMap | None = field(default=None, repr=False)

    @property
    def tree(self) -> CommentedMap | None:
        """The round-trip YAML tree of :attr:`text`."""
        if self._tree is None:
            from ruamel.yaml.comments import CommentedMap

            loaded = _yaml().load(self.text)
            self._tree = loaded if isinstance(loaded, CommentedMap) else None
        return self._tree

    def position(self, loc: Sequence[str | int]) -> tuple[int | None, int | None]:
        """1-based (line, column) of the node at a field path such as ("claims", 2, "text")."""
        return _locate(self.tree, loc)


def _yaml() -> YAML:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.preserve_quotes = True  # saving keeps the user's quoting style
    return yaml


def _line_col_of_offset(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    col = offset - (before.rfind("\n") + 1) + 1
    return line, col


def _decode(path: str, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ClaimFileError(path, "file is UTF-16; claim files must be UTF-8", line=1, column=1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = raw[exc.start : exc.start + 4].hex(" ")
        raise ClaimFileError(
            path, f"not valid UTF-8 (bytes {bad}); save the file as UTF-8", line=line, column=col
        ) from exc


def _check_events(path: str, text: str, yaml: YAML) -> None:
    """Refuse aliases, tags, merge keys, deep nesting and oversized values before building objects."""
    try:
        check_events(yaml.parse(text), MAX_NESTING)
    except YamlRefusal as exc:
        raise ClaimFileError(path, exc.message, line=exc.line, column=exc.column) from exc


def _yaml_error(path: str, text: str, exc: YAMLError | libyaml.YAMLError) -> ClaimFileError:
    """Translate a ruamel.yaml (or, for big files, a libyaml) error into a located error."""
    from ruamel.yaml.error import MarkedYAMLError
    from ruamel.yaml.reader import ReaderError

    if isinstance(exc, ReaderError | libyaml.reader.ReaderError):
        at_line, at_col = _line_col_of_offset(text, exc.position)
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return ClaimFileError(
            path, f"control character {char} is not allowed in YAML", line=at_line, column=at_col
        )
    if isinstance(exc, MarkedYAMLError | libyaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if "found character '\\t'" in problem:
            problem = "tab character: YAML indentation must use spaces"
        elif "found duplicate key" in problem or "duplicate key" in str(exc):
            key = re.search(r'duplicate key "?([^"\n]*)"?', str(exc))
            problem = f"duplicate key {key.group(1)!r}" if key else "duplicate key"
        context = f" ({exc.context})" if exc.context and exc.context != problem else ""
        line: int | None = mark.line + 1 if mark is not None else None
        col: int | None = mark.column + 1 if mark is not None else None
        return ClaimFileError(path, f"{problem}{context}", line=line, column=col)
    return ClaimFileError(path, f"invalid YAML: {exc}")


def _locate(tree: Any, loc: Sequence[str | int]) -> tuple[int | None, int | None]:
    """Walk the round-trip tree along a pydantic loc; return the deepest known 1-based position."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    node = tree
    best: tuple[int | None, int | None] = (1, 1) if tree is not None else (None, None)
    for part in loc:
        if isinstance(node, CommentedMap) and isinstance(part, str) and part in node:
            line, col = node.lc.value(part) if node[part] is not None else node.lc.key(part)
            if not isinstance(node[part], CommentedMap | CommentedSeq):
                # scalar: point at the value
                best = (line + 1, col + 1)
            else:
                key_line, key_col = node.lc.key(part)
                best = (key_line + 1, key_col + 1)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, col = node.lc.item(part)
            best = (line + 1, col + 1)
            node = node[part]
        else:
            break
    return best


def _locate_node(root: Any, loc: Sequence[str | int]) -> tuple[int | None, int | None]:
    """Like :func:`_locate`, over libyaml's node tree (used for files too big to round-trip)."""
    node = root
    best: tuple[int | None, int | None] = (1, 1) if root is not None else (None, None)
    for part in loc:
        child = None
        if isinstance(node, libyaml.MappingNode) and isinstance(part, str):
            pair = next((kv for kv in node.value if kv[0].value == part), None)
            if pair is not None:
                key, child = pair
                at = child if isinstance(child, libyaml.ScalarNode) else key
                best = (at.start_mark.line + 1, at.start_mark.column + 1)
        elif (
            isinstance(node, libyaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            child = node.value[part]
            best = (child.start_mark.line + 1, child.start_mark.column + 1)
        if child is None:
            break
        node = child
    return best


def _field_path(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


_TYPE_HINTS = {
    bool: "a boolean (YAML reads true/false as booleans; quote the value if you mean text)",
    dt.date: "a date (YAML reads YYYY-MM-DD as a date; quote it if you mean text)",
    dt.datetime: "a timestamp (quote it if you mean text)",
    int: "a number (quote it if you mean text)",
    float: "a number (quote it if you mean text)",
}


def _message(err: ErrorDetails) -> str:
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"{value!r} is not one of {', '.join(allowed)}"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; see `factcheck claims schema`)"
    if kind == "missing":
        return "required field is missing"
    if kind in ("string_type", "str_type"):
        hint = next((h for t, h in _TYPE_HINTS.items() if type(value) is t), None)
        if hint:
            return f"expected text, got {hint}"
        return f"expected text, got {type(value).__name__}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    msg = err["msg"]
    if value is not None and not isinstance(value, dict | list) and kind != "value_error":
        return f"{value!r}: {msg[0].lower()}{msg[1:]}"
    return msg


Locator = Callable[[Sequence[str | int]], tuple[int | None, int | None]]


def _validation_errors(path: str, locate: Locator, exc: ValidationError) -> list[ClaimFileError]:
    errors = []
    for err in exc.errors():
        loc = [p for p in err["loc"] if isinstance(p, str | int)]
        # pydantic adds a union/function tag to some locs; keep only real keys and indices
        loc = [p for p in loc if not (isinstance(p, str) and p.startswith("function-"))]
        line, col = locate(loc)
        errors.append(
            ClaimFileError(
                path, _message(err), line=line, column=col, field=_field_path(loc) or None
            )
        )
    return errors


def _duplicate_ids(path: str, data: Any, locate: Locator) -> list[ClaimFileError]:
    claims = data.get("claims") if isinstance(data, dict) else None
    if not isinstance(claims, list):
        return []
    first: dict[str, int] = {}
    errors = []
    for i, item in enumerate(claims):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        cid = item["id"]
        if cid in first:
            fl, _ = locate(("claims", first[cid], "id"))
            line, col = locate(("claims", i, "id"))
            errors.append(
                ClaimFileError(
                    path,
                    f"duplicate claim id {cid!r}; first defined at claims[{first[cid]}] (line {fl})",
                    line=line,
                    column=col,
                    field=f"claims[{i}].id",
                )
            )
        else:
            first[cid] = i
    return errors


def _located_errors(
    path: str, data: Any, positions: Any, exc: ValidationError
) -> list[ClaimFileError]:
    """Validation errors with positions from a ruamel tree or a libyaml node tree."""
    from ruamel.yaml.comments import CommentedMap

    if isinstance(positions, CommentedMap):
        tree = positions

        def locate(loc: Sequence[str | int]) -> tuple[int | None, int | None]:
            return _locate(tree, loc)

    else:
        node = positions

        def locate(loc: Sequence[str | int]) -> tuple[int | None, int | None]:
            return _locate_node(node, loc)

    dup_errors = _duplicate_ids(path, data, locate)
    errors = _validation_errors(path, locate, exc)
    if dup_errors:  # the model reports them again, without a position
        errors = [e for e in errors if "duplicate claim id" not in e.message]
    return dup_errors + errors


def parse_claim_file(text: str | bytes, path: str = "<string>") -> LoadedClaimFile:
    """Parse and validate claim-file content; raise :class:`ClaimFileErrors` with every problem found."""
    if isinstance(text, bytes):
        if len(text) > MAX_CLAIM_FILE_BYTES:
            raise ClaimFileErrors(
                [ClaimFileError(path, f"file is larger than {MAX_CLAIM_FILE_BYTES} bytes")]
            )
        try:
            text = _decode(path, text)
        except ClaimFileError as exc:
            raise ClaimFileErrors([exc]) from exc
    elif text.startswith("\ufeff"):
        text = text[1:]
    if len(text.encode("utf-8", "surrogatepass")) > MAX_CLAIM_FILE_BYTES:
        raise ClaimFileErrors(
            [ClaimFileError(path, f"file is larger than {MAX_CLAIM_FILE_BYTES} bytes")]
        )
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise ClaimFileErrors(
            [
                ClaimFileError(
                    path, "file is empty (expected a mapping with a `claims:` list)", line=1
                )
            ]
        )
    scan = Scan()
    syntax_error: libyaml.YAMLError | None = None
    try:
        check_events(libyaml.parse(text, Loader=_LIBYAML_LOADER), MAX_NESTING, scan)
    except YamlRefusal as exc:
        error = ClaimFileError(path, exc.message, line=exc.line, column=exc.column)
        raise ClaimFileErrors([error]) from exc
    except libyaml.YAMLError as exc:
        syntax_error = exc
    except RecursionError as exc:
        raise ClaimFileErrors([ClaimFileError(path, "YAML nested too deeply")]) from exc
    big = scan.nodes > ROUND_TRIP_MAX_NODES
    if syntax_error is not None and big:
        # the round-trip loader would take minutes to reach the same error
        raise ClaimFileErrors([_yaml_error(path, text, syntax_error)]) from syntax_error
    loaded = load_data(text) if syntax_error is None and not scan.deferred else None
    data, nodes = loaded if loaded is not None else (None, None)
    if isinstance(data, dict):
        try:
            return LoadedClaimFile(path=Path(path), model=ClaimFile.model_validate(data), text=text)
        except ValidationError as exc:
            if big:
                raise ClaimFileErrors(_located_errors(path, data, nodes, exc)) from exc
        except RecursionError:
            pass  # the round-trip loader below locates every error
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.error import YAMLError

    yaml = _yaml()
    try:
        _check_events(path, text, yaml)
        tree = yaml.load(text)
    except ClaimFileError as exc:
        raise ClaimFileErrors([exc]) from exc
    except YAMLError as exc:
        raise ClaimFileErrors([_yaml_error(path, text, exc)]) from exc
    except RecursionError as exc:
        raise ClaimFileErrors([ClaimFileError(path, "YAML nested too deeply")]) from exc
    except (ValueError, TypeError) as exc:  # a value ruamel.yaml cannot build (the checks above
        # catch those known: huge numbers, collections as keys)
        raise ClaimFileErrors([ClaimFileError(path, f"invalid value: {exc}")]) from exc
    if not isinstance(tree, CommentedMap):
        kind = "a list" if isinstance(tree, list) else f"a {type(tree).__name__}"
        raise ClaimFileErrors(
            [
                ClaimFileError(
                    path,
                    f"top level is {kind}; expected a mapping with `article:` and `claims:`",
                    line=1,
                    column=1,
                )
            ]
        )
    try:
        model = ClaimFile.model_validate(tree)
    except ValidationError as exc:
        raise ClaimFileErrors(_located_errors(path, tree, tree, exc)) from exc
    except RecursionError as exc:
        raise ClaimFileErrors([ClaimFileError(path, "YAML nested too deeply")]) from exc
    return LoadedClaimFile(path=Path(path), model=model, text=text, _tree=tree)


def _read_regular(path: Path, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` of a regular file; refuse FIFOs, devices, sockets and folders.

    The file is opened without blocking and checked on its descriptor, so a FIFO named as a claim
    file (or swapped in after a check) cannot hang the reader.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegularFileError
        if info.st_size > max_bytes:
            raise _TooLargeError
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we read it
        raise _TooLargeError
    return data


class _NotRegularFileError(OSError):
    pass


class _TooLargeError(OSError):
    pass


def _source_text(loaded: LoadedClaimFile, roots: Sequence[Path]) -> str | None:
    """The article text the spans index, when ``article.source`` is a readable local file.

    The file must resolve (symbolic links followed) inside the claim file's folder or one of
    ``roots``: a claim file cannot make the loader read ``/etc/shadow`` or ``../../.ssh/id_rsa``.
    """
    article = loaded.model.article
    if article is None or not article.source or "://" in article.source:
        return None
    src = Path(article.source)
    base = loaded.path.parent
    candidates = [src] if src.is_absolute() else [base / src, base.parent / src, src]
    allowed = [base.resolve(), *(root.resolve() for root in roots)]
    for cand in candidates:
        try:
            real = cand.resolve(strict=True)
        except (OSError, RuntimeError):  # missing, or a symbolic-link loop
            continue
        if not any(real.is_relative_to(root) for root in allowed):
            logger.info(
                "%s: article.source %s is outside the claims folder and the article roots; "
                "spans not checked",
                loaded.path,
                article.source,
            )
            return None
        try:
            return _read_regular(real, MAX_ARTICLE_BYTES).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
    return None


def _check_spans(loaded: LoadedClaimFile, roots: Sequence[Path]) -> list[ClaimFileError]:
    text = _source_text(loaded, roots)
    if text is None:
        return []
    errors = []
    for i, claim in enumerate(loaded.model.claims):
        if claim.span is not None and claim.span[1] > len(text):
            line, col = loaded.position(("claims", i, "span"))
            errors.append(
                ClaimFileError(
                    str(loaded.path),
                    f"span end {claim.span[1]} is past the end of the article "
                    f"({len(text)} characters in {loaded.model.article.source})",  # type: ignore[union-attr]
                    line=line,
                    column=col,
                    field=f"claims[{i}].span",
                )
            )
    return errors


def load_claim_file(
    path: Path, *, article_roots: Sequence[Path | str] | None = None
) -> LoadedClaimFile:
    """Read, parse and validate one claim file (spans are checked against a local article source).

    ``article_roots``: folders besides the claim file's own where ``article.source`` may be read
    (default: the working directory, the project folder). Only regular files are read: a FIFO,
    device or socket is refused rather than waited on.
    """
    try:
        raw = _read_regular(path, MAX_CLAIM_FILE_BYTES)
    except FileNotFoundError as exc:
        raise ClaimFileErrors([ClaimFileError(str(path), "no such file")]) from exc
    except IsADirectoryError as exc:
        raise ClaimFileErrors([ClaimFileError(str(path), "is a directory")]) from exc
    except _NotRegularFileError as exc:
        message = "is not a regular file (a FIFO, device or socket); claim files must be files"
        raise ClaimFileErrors([ClaimFileError(str(path), message)]) from exc
    except _TooLargeError as exc:
        message = f"file is larger than {MAX_CLAIM_FILE_BYTES} bytes"
        raise ClaimFileErrors([ClaimFileError(str(path), message)]) from exc
    except OSError as exc:
        raise ClaimFileErrors([ClaimFileError(str(path), f"cannot read: {exc.strerror}")]) from exc
    loaded = parse_claim_file(raw, str(path))
    loaded.path = path
    roots = [Path.cwd()] if article_roots is None else [Path(r) for r in article_roots]
    span_errors = _check_spans(loaded, roots)
    if span_errors:
        raise ClaimFileErrors(span_errors)
    return loaded


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """Expand folders to their claim files (*.yaml, *.yml, sorted); keep files as given."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(c for c in p.iterdir() if c.suffix in _CLAIM_FILE_SUFFIXES and c.is_file())
            )
        else:
            out.append(p)
    return out


def load_claim_files(
    paths: Sequence[Path], *, article_roots: Sequence[Path | str] | None = None
) -> list[LoadedClaimFile]:
    """Load every claim file under ``paths``; raise all errors of all files together.

    Duplicate claim ids across files are errors naming both places. ``article_roots``: see
    :func:`load_claim_file`.
    """
    loaded: list[LoadedClaimFile] = []
    errors: list[ClaimFileError] = []
    for path in expand_paths(paths):
        try:
            loaded.append(load_claim_file(path, article_roots=article_roots))
        except ClaimFileErrors as exc:
            errors.extend(exc.errors)
    seen: dict[str, tuple[LoadedClaimFile, int]] = {}
    for lf in loaded:
        for i, claim in enumerate(lf.model.claims):
            if claim.id in seen:
                first, j = seen[claim.id]
                fl, fc = first.position(("claims", j, "id"))
                line, col = lf.position(("claims", i, "id"))
                errors.append(
                    ClaimFileError(
                        str(lf.path),
                        f"duplicate claim id {claim.id!r}; first defined at {first.path}:{fl}:{fc}",
                        line=line,
                        column=col,
                        field=f"claims[{i}].id",
                    )
                )
            else:
                seen[claim.id] = (lf, i)
    if errors:
        raise ClaimFileErrors(errors)
    return loaded


def iter_claims(files: Sequence[LoadedClaimFile]) -> Iterator[tuple[LoadedClaimFile, Claim]]:
    """Every claim with the file it came from."""
    for lf in files:
        for claim in lf.model.claims:
            yield lf, claim
