"""JSON Schema of the claim file, for editors (yaml-language-server) and third-party tools."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from factcheck._atomic import write_text_atomic
from factcheck.models import ClaimFile

__all__ = ["SCHEMA_FILENAME", "claim_file_schema", "write_schema"]

SCHEMA_FILENAME = "claim-file.schema.json"


def claim_file_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a claim file."""
    schema = ClaimFile.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "factcheck claim file"
    return schema


def write_schema(folder: Path) -> Path:
    """Write the schema into ``folder`` atomically; return its path."""
    target = folder / SCHEMA_FILENAME
    write_text_atomic(target, json.dumps(claim_file_schema(), ensure_ascii=False, indent=2) + "\n")
    return target
