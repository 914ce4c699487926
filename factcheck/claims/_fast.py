"""Fast path for claim files: libyaml (PyYAML's C parser) with YAML 1.2 core-schema scalars.

ruamel.yaml's round-trip loader keeps comments and positions but is pure Python (about 2.5 s per
1,000 claims). Valid files — nearly all of them — are read here about 20 times faster; whatever this
path does not accept (a YAML error, an alias, deep nesting, a duplicate key, a validation error) is
re-read by the round-trip loader, which reports the error with its line and column. The scalar rules
follow YAML 1.2 like ruamel.yaml, so both paths give the same values (``no`` and ``on`` are text,
``017`` is seventeen, ``1980-10-23`` is a date).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml

__all__ = [
    "MAX_LIST_ITEMS",
    "MAX_NODES",
    "MAX_NUMBER_DIGITS",
    "Scan",
    "YamlRefusal",
    "check_events",
    "fast_load",
    "load_data",
    "scan_text",
]

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Yaml12Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml parser, YAML 1.2 core schema, duplicate keys refused."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, "duplicate key", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def _int12(loader: Any, node: Any) -> int:
    value = loader.construct_scalar(node).replace("_", "")
    sign = -1 if value.startswith("-") else 1
    digits = value.lstrip("+-")
    for prefix, base in (("0o", 8), ("0x", 16), ("0b", 2)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits, 10)


def _float12(loader: Any, node: Any) -> float:
    value = loader.construct_scalar(node).replace("_", "")
    lower = value.lower()
    if lower.lstrip("+-") == ".inf":
        return float("-inf") if lower.startswith("-") else float("inf")
    if lower == ".nan":
        return float("nan")
    return float(value)


_Yaml12Loader.yaml_implicit_resolvers = {}
_RESOLVERS: list[tuple[str, str, str]] = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "tag:yaml.org,2002:int",
        r"^[-+]?(?:[0-9][0-9_]*|0o[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)$",
        "-+0123456789",
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN\x00"),
    (
        "tag:yaml.org,2002:timestamp",
        r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
        r"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
        r"(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
        "0123456789",
    ),
]
for _tag, _pattern, _first in _RESOLVERS:
    _Yaml12Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
_Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int12)
_Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _float12)


MAX_NODES = 500_000
"""YAML values (scalars, lists, mappings) in one claim file: a 10,000-claim file holds about 100,000."""

MAX_LIST_ITEMS = 100_000
"""Items in one YAML list (an 8 MB flow list of numbers would otherwise hold millions)."""

MAX_NUMBER_DIGITS = 100
"""Digits of a plain number (Python refuses to convert integers longer than 4,300 digits)."""

_NUMBER_RE = re.compile(
    r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0o[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)"
)
_STR_TAG = "tag:yaml.org,2002:str"


class YamlRefusal(Exception):
    """A construct claim files refuse, found while scanning events (1-based line and column)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Scan:
    """What one pass over a document's events found."""

    nodes: int = 0
    deferred: bool = False  # a construct only the round-trip loader interprets (directives)


def _refuse(message: str, event: Any) -> YamlRefusal:
    mark = event.start_mark
    return YamlRefusal(message, mark.line + 1, mark.column + 1)


def check_events(events: Iterable[Any], max_depth: int, scan: Scan | None = None) -> Scan:
    """Walk parser events (libyaml's or ruamel's) and refuse what claim files must not hold.

    Refused with :class:`YamlRefusal`, before any object is built: aliases (billion laughs),
    explicit tags other than ``!!str`` on a single value, merge keys (``<<``), lists or mappings
    used as keys, nesting deeper than ``max_depth``, plain numbers longer than
    :data:`MAX_NUMBER_DIGITS` digits, lists longer than :data:`MAX_LIST_ITEMS` and more than
    :data:`MAX_NODES` values in all. The work stops at the
    first refusal, so a hostile file costs at most the scan up to its first excess.
    """
    scan = scan if scan is not None else Scan()
    # one entry per open collection: [is_mapping, values seen in it so far]
    stack: list[list[Any]] = []
    for event in events:
        kind = type(event).__name__
        if kind in ("MappingEndEvent", "SequenceEndEvent"):
            stack.pop()
            continue
        if kind == "DocumentStartEvent":
            if getattr(event, "version", None) or getattr(event, "tags", None):
                scan.deferred = True  # %YAML / %TAG directives: the round-trip loader reads them
            continue
        if kind not in ("ScalarEvent", "AliasEvent", "MappingStartEvent", "SequenceStartEvent"):
            continue
        is_key = False
        if stack:
            parent = stack[-1]
            is_key = parent[0] and parent[1] % 2 == 0
            parent[1] += 1
            if not parent[0] and parent[1] > MAX_LIST_ITEMS:
                raise _refuse(f"list with more than {MAX_LIST_ITEMS} items", event)
        scan.nodes += 1
        if scan.nodes > MAX_NODES:
            raise _refuse(f"more than {MAX_NODES} YAML values in one claim file", event)
        if kind == "AliasEvent":
            raise _refuse(
                f"YAML alias *{event.anchor} is not allowed in claim files (write the value out)",
                event,
            )
        tag = getattr(event, "tag", None)
        if tag is not None and (tag != _STR_TAG or kind != "ScalarEvent"):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            if tag == _STR_TAG:
                raise _refuse(f"YAML tag {shown} is only allowed on a single value", event)
            raise _refuse(f"YAML tag {shown} is not allowed in claim files", event)
        if kind == "ScalarEvent":
            plain = not event.style and tag is None  # libyaml: "", ruamel: None
            if plain and is_key and event.value == "<<":
                raise _refuse(
                    "YAML merge key << is not allowed in claim files (write the keys out)", event
                )
            if plain and len(event.value) > MAX_NUMBER_DIGITS and _NUMBER_RE.fullmatch(event.value):
                digits = sum(ch.isdigit() for ch in event.value)
                raise _refuse(
                    f"number with {digits} digits is too long (at most {MAX_NUMBER_DIGITS})",
                    event,
                )
            continue
        if is_key:
            # ``{[a]: x}`` / ``? {a: 1}``: Python cannot hash such keys (ruamel.yaml raised
            # TypeError: unhashable type), and no claim-file field is named by one
            shown = "mapping" if kind == "MappingStartEvent" else "list"
            raise _refuse(f"a {shown} used as a key is not allowed in claim files", event)
        stack.append([kind == "MappingStartEvent", 0])
        if len(stack) > max_depth:
            raise _refuse(f"nesting deeper than {max_depth} levels", event)
    return scan


def scan_text(text: str, max_depth: int) -> Scan:
    """Check ``text`` with libyaml's parser (see :func:`check_events`).

    Raises :class:`YamlRefusal` for a refused construct and ``yaml.YAMLError`` when libyaml cannot
    parse the text (the events before the syntax error were checked).
    """
    return check_events(yaml.parse(text, Loader=_BaseLoader), max_depth)


def load_data(text: str) -> tuple[Any, Any] | None:
    """The document's data and libyaml's node tree (its positions), or ``None`` when unreadable.

    Call after :func:`scan_text` passed; the tree is built anyway on the way to the data.
    """
    loader = _Yaml12Loader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    except TypeError:  # a sequence or mapping used as a key is unhashable
        return None
    finally:
        loader.dispose()


def fast_load(text: str, max_depth: int) -> Any | None:
    """The document's data, or ``None`` when the round-trip loader must look at it."""
    try:
        scan = scan_text(text, max_depth)
    except (YamlRefusal, yaml.YAMLError, RecursionError):
        return None
    if scan.deferred:
        return None
    loaded = load_data(text)
    return loaded[0] if loaded is not None else None
