"""JSON Schema of the claim file, for editors (yaml-language-server) and third-party tools."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

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
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / SCHEMA_FILENAME
    text = json.dumps(claim_file_schema(), ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=f".{SCHEMA_FILENAME}.", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, target)
    return target
