"""Command start-up against the floor of its two frameworks (prints JSON).

    .venv/bin/python bench/startup.py [--runs N]

Wall time of fresh processes, run from the repository root, interleaved ``--runs`` times (default 15):
``factcheck --help``, ``factcheck claims validate claims`` and ``python -c "import typer, pydantic"``
(the floor: the CLI framework and the data models every command needs). Each figure is the median
run; ``help_ratio`` and ``validate_ratio`` divide by the floor's median. ``factcheck`` is the
entry-point script of the interpreter running this bench (``.venv/bin/factcheck``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _time(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    exe = Path(sys.executable)
    factcheck = str(exe.parent / "factcheck")
    commands = {
        "floor": [str(exe), "-c", "import typer, pydantic"],
        "help": [factcheck, "--help"],
        "validate": [factcheck, "claims", "validate", "claims"],
    }
    for cmd in commands.values():  # warm the file cache and the bytecode
        _time(cmd)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(_time(cmd))
    median = {name: statistics.median(values) for name, values in times.items()}
    result = {
        "runs": args.runs,
        "floor_s": round(median["floor"], 3),
        "help_s": round(median["help"], 3),
        "validate_s": round(median["validate"], 3),
        "help_ratio": round(median["help"] / median["floor"], 2),
        "validate_ratio": round(median["validate"] / median["floor"], 2),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
