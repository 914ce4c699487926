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
from typing import Any

import yaml

__all__ = ["fast_load"]

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


def _check_events(text: str, max_depth: int) -> bool:
    """True when the stream has no alias, no directive and nests at most ``max_depth`` levels."""
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            return False
        if getattr(event, "tag", None) not in (None, "tag:yaml.org,2002:str"):
            return False  # explicit tags: the round-trip loader refuses them with a location
        if isinstance(event, yaml.DocumentStartEvent) and (event.version or event.tags):
            return False  # %YAML / %TAG directives: let the full loader interpret them
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > max_depth:
                return False
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1
    return True


def fast_load(text: str, max_depth: int) -> Any | None:
    """The document's data, or ``None`` when the round-trip loader must look at it."""
    try:
        if not _check_events(text, max_depth):
            return None
        return yaml.load(text, Loader=_Yaml12Loader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    except TypeError:  # a sequence or mapping used as a key is unhashable
        return None
