"""factcheck: article -> claim records -> evidence -> calibrated verdicts -> reports.

Importing this package has no side effects: it creates no files, reads no environment, loads no
plugins and opens no connections.
"""

from factcheck.__about__ import __version__
from factcheck.errors import FactcheckError
from factcheck.models import Claim, ClaimFile, Verdict

__all__ = ["Claim", "ClaimFile", "FactcheckError", "Verdict", "__version__"]
