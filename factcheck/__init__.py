"""factcheck: article -> claim records -> evidence -> calibrated verdicts -> reports.

The library surface is small and stable: load/save claim files, settings, the run entry point, the
data contracts and the error base class. Importing this package has no side effects: it creates no
files, reads no environment, loads no plugins and opens no connections. It also loads nothing it
does not need: each name is imported from its module on first use (PEP 562), so a command that
never touches claim files or the pipeline does not pay for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from factcheck.__about__ import __version__

if TYPE_CHECKING:
    from factcheck.claims import load_claim_file, load_claim_files, save_claim_file
    from factcheck.config import Settings, load_settings
    from factcheck.errors import FactcheckError
    from factcheck.models import Claim, ClaimFile, Verdict
    from factcheck.pipeline import RunOptions, RunSummary, run_claims

__all__ = [
    "Claim",
    "ClaimFile",
    "FactcheckError",
    "RunOptions",
    "RunSummary",
    "Settings",
    "Verdict",
    "__version__",
    "load_claim_file",
    "load_claim_files",
    "load_settings",
    "run_claims",
    "save_claim_file",
]

_LAZY = {
    "Claim": "factcheck.models",
    "ClaimFile": "factcheck.models",
    "FactcheckError": "factcheck.errors",
    "RunOptions": "factcheck.pipeline",
    "RunSummary": "factcheck.pipeline",
    "Settings": "factcheck.config",
    "Verdict": "factcheck.models",
    "load_claim_file": "factcheck.claims",
    "load_claim_files": "factcheck.claims",
    "load_settings": "factcheck.config",
    "run_claims": "factcheck.pipeline",
    "save_claim_file": "factcheck.claims",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
