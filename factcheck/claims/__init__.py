"""Claim files: load and validate YAML with file:line errors; save round-trip.

Loading uses ruamel.yaml in round-trip mode, so saving keeps comments, key order and hand formatting of
every claim that did not change. YAML hazards (tabs, duplicate keys, aliases, deep nesting, control
characters, non-UTF-8 bytes, empty files, dates or booleans where text is expected) become
:class:`~factcheck.errors.ClaimFileError` with file, line, column and field path — never a traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from factcheck.claims._load import (
    MAX_CLAIM_FILE_BYTES,
    LoadedClaimFile,
    expand_paths,
    iter_claims,
    load_claim_file,
    load_claim_files,
    parse_claim_file,
)
from factcheck.claims._schema import SCHEMA_FILENAME, claim_file_schema, write_schema

if TYPE_CHECKING:
    from factcheck.claims._dump import SCHEMA_COMMENT, dump_claim_file, save_claim_file

__all__ = [
    "MAX_CLAIM_FILE_BYTES",
    "SCHEMA_COMMENT",
    "SCHEMA_FILENAME",
    "LoadedClaimFile",
    "claim_file_schema",
    "dump_claim_file",
    "expand_paths",
    "iter_claims",
    "load_claim_file",
    "load_claim_files",
    "parse_claim_file",
    "save_claim_file",
    "write_schema",
]

_DUMP_NAMES = frozenset({"SCHEMA_COMMENT", "dump_claim_file", "save_claim_file"})


def __getattr__(name: str) -> Any:
    # saving needs ruamel.yaml's round-trip dumper; validation never does, so it loads on first use
    if name in _DUMP_NAMES:
        from factcheck.claims import _dump

        return getattr(_dump, name)
    raise AttributeError(f"module 'factcheck.claims' has no attribute {name!r}")
