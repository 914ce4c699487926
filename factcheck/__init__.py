"""factcheck: article -> claim records -> evidence -> calibrated verdicts -> reports.

The library surface is small and stable: load/save claim files, settings, the run entry point, the
data contracts and the error base class. Importing this package has no side effects: it creates no
files, reads no environment, loads no plugins and opens no connections.
"""

from factcheck.__about__ import __version__
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
