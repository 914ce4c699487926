"""Command start-up against the floor of its two frameworks (prints JSON).

    .venv/bin/python bench/startup.py [--runs N]

Fresh processes, run from the repository root, interleaved ``--runs`` times (default 15):
``factcheck --help``, ``factcheck claims validate claims`` and ``python -c "import typer, pydantic"``
(the floor: the CLI framework and the data models every command needs). Each figure is the median
run. ``help_ratio`` and ``validate_ratio`` divide CPU time (user + system of the child process) by the
floor's: on a shared machine wall time also counts the wait for a free core, which swings with the
other load; an idle machine's start-up is CPU-bound, so the two agree there. The wall-time medians and
their ratios are printed too (``*_wall``). ``factcheck`` is the entry-point script of the interpreter
running this bench (``.venv/bin/factcheck``).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _time(cmd: list[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return cpu, wall


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
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    wall: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            c, w = _time(cmd)
            cpu[name].append(c)
            wall[name].append(w)
    c_med = {name: statistics.median(values) for name, values in cpu.items()}
    w_med = {name: statistics.median(values) for name, values in wall.items()}
    result = {
        "runs": args.runs,
        "floor_cpu_s": round(c_med["floor"], 3),
        "help_cpu_s": round(c_med["help"], 3),
        "validate_cpu_s": round(c_med["validate"], 3),
        "help_ratio": round(c_med["help"] / c_med["floor"], 2),
        "validate_ratio": round(c_med["validate"] / c_med["floor"], 2),
        "floor_wall_s": round(w_med["floor"], 3),
        "help_wall_s": round(w_med["help"], 3),
        "validate_wall_s": round(w_med["validate"], 3),
        "help_ratio_wall": round(w_med["help"] / w_med["floor"], 2),
        "validate_ratio_wall": round(w_med["validate"] / w_med["floor"], 2),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
