"""Run every benchmark in bench/ that needs no training and print one JSON object per line.

Usage: python bench/run_all.py [NAME ...]   (default: all of them)
Each benchmark prints its own JSON; this wrapper adds {"bench": NAME} and the exit status.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["extract", "fetch", "library", "startup", "store", "nightly", "scale", "verify"]


def main(names: list[str]) -> int:
    failed = 0
    for name in names or BENCHES:
        script = HERE / f"{name}.py"
        if not script.exists():
            print(json.dumps({"bench": name, "status": "missing"}))
            failed += 1
            continue
        started = time.monotonic()
        proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
        result: object
        try:
            result = json.loads(proc.stdout)
        except json.JSONDecodeError:
            result = proc.stdout.strip()[-2000:]
        print(
            json.dumps(
                {
                    "bench": name,
                    "exit": proc.returncode,
                    "wall_s": round(time.monotonic() - started, 2),
                    "result": result,
                    "stderr_tail": proc.stderr.strip()[-500:] if proc.returncode else "",
                },
                ensure_ascii=False,
            ),
            flush=True,
        )
        failed += proc.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
