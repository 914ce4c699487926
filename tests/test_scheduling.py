"""Scheduling that alerts: the cron line of docs/nightly.md, run for real in a temporary folder, and the
systemd units in contrib/.

The project here is made up: two claims, a local library of invented documents, and one claim whose
only source is a closed port on 127.0.0.1 (so the night has a claim that could not be checked).
"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

CLAIMS = """\
article:
  id: demo
  title: A made-up article
  published: 2025-03-15
  language: en
claims:
  - id: demo-c001
    text: The first private technology company in China was founded on 23 October 1980.
    kind: date
    dates: [{value: 1980-10-23, precision: day}]
  - id: demo-c002
    text: Zorbland exports 4,000 kilograms of quux yearly.
    kind: quantity
    quantities: [{value: 4000, unit: kg}]
    sources: ["http://127.0.0.1:9/archive"]
"""

LIBRARY_DOC = (
    "A made-up page for tests. The first private technology company in China was founded on "
    "23 October 1980 by Chen Chunxian in Beijing.\n"
)


def _cron_line() -> str:
    page = (REPO_ROOT / "docs" / "nightly.md").read_text(encoding="utf-8")
    section = page.split("### Scheduling", 1)[1]
    block = section.split("```cron", 1)[1].split("```", 1)[0]
    [line] = [x for x in block.splitlines() if re.match(r"^[\d*/,-]+\s+[\d*/,-]+\s", x)]
    return line


def _project(root: Path, *, with_broken: bool) -> tuple[Path, Path]:
    project = root / "srv" / "factcheck"
    (project / "claims").mkdir(parents=True)
    (project / "library").mkdir()
    (project / "library" / "chen.txt").write_text(LIBRARY_DOC, encoding="utf-8")
    claims = CLAIMS if with_broken else CLAIMS.split("  - id: demo-c002")[0]
    (project / "claims" / "demo.yaml").write_text(claims, encoding="utf-8")
    (project / "factcheck.toml").write_text(
        'contact = "tests@factcheck.invalid"\n'
        "[fetchers]\n"
        'enabled = ["library", "web"]\n'
        "[fetchers.library]\n"
        'path = "library"\n'
        "[http]\n"
        'allow_private = ["127.0.0.1:9"]\n'
        "retries = 0\n"
        "[nightly]\n"
        "fail_on = []\n",
        encoding="utf-8",
    )
    bin_dir = project / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "factcheck").symlink_to(Path(sys.executable).with_name("factcheck"))
    web_root = root / "var" / "www" / "factcheck"
    return project, web_root


def _run_cron_line(root: Path, project: Path, web_root: Path) -> subprocess.CompletedProcess[str]:
    line = _cron_line()
    fields = line.split(None, 5)
    assert len(fields) == 6, line
    command = (
        fields[5]
        .replace("/srv/factcheck", str(project))
        .replace("/var/www/factcheck", str(web_root))
    )
    env = {
        "PATH": "/usr/bin:/bin",  # cron's bare environment
        "HOME": str(root),
        "LANG": "C.UTF-8",
    }
    return subprocess.run(
        ["/bin/sh", "-c", command], env=env, capture_output=True, text=True, timeout=600
    )


@pytest.mark.slow
def test_documented_cron_line_alerts_on_an_unchecked_claim(tmp_path: Path) -> None:
    if not Path(sys.executable).with_name("factcheck").exists():
        pytest.skip("the factcheck entry point is not installed next to this Python")
    project, web_root = _project(tmp_path, with_broken=True)
    assert not (project / "log").exists()
    done = _run_cron_line(tmp_path, project, web_root)
    assert done.returncode == 4, done.stdout + done.stderr
    assert done.stderr == ""
    assert "could not check demo-c002" in done.stdout
    assert "127.0.0.1:9" in done.stdout
    assert "exit code 4" in done.stdout
    logs = list((project / "log").glob("nightly-*.log"))
    assert len(logs) == 1, "the log folder is created"
    text = logs[0].read_text(encoding="utf-8")
    assert "claim demo-c001: verified" in text
    assert "nightly finished with exit code 4" in text
    index = web_root / "index.html"
    assert index.is_file()
    assert (web_root / "report.md").is_file()
    html = index.read_text(encoding="utf-8")
    for href in re.findall(r'href="([^"]+)"', html):
        assert href.startswith(("http://", "https://", "#", "evidence/")), href
        assert ".." not in href
    assert "could not be checked" in html


@pytest.mark.slow
def test_a_quiet_night_prints_nothing(tmp_path: Path) -> None:
    if not Path(sys.executable).with_name("factcheck").exists():
        pytest.skip("the factcheck entry point is not installed next to this Python")
    project, web_root = _project(tmp_path, with_broken=False)
    done = _run_cron_line(tmp_path, project, web_root)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert (web_root / "index.html").is_file()
    assert list((project / "log").glob("nightly-*.log"))


def test_notify_command_gets_the_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.cli import main

    project, web_root = _project(tmp_path, with_broken=True)
    monkeypatch.chdir(project)
    sink = tmp_path / "mail.txt"
    code = main(
        [
            "nightly",
            "--report-dir",
            str(web_root),
            "--notify-command",
            f"cat > {sink}",
        ]
    )
    assert code == 4
    assert "could not check demo-c002" in sink.read_text(encoding="utf-8")


def test_systemd_units_alert_on_failure() -> None:
    units = REPO_ROOT / "contrib" / "systemd"
    service = configparser.ConfigParser(interpolation=None, strict=False)
    service.read(units / "factcheck-nightly.service")
    assert service["Unit"]["OnFailure"] == "factcheck-notify@%n.service"
    assert " nightly " in service["Service"]["ExecStart"] + " "
    assert service["Service"]["Type"] == "oneshot"
    notify = configparser.ConfigParser(interpolation=None, strict=False)
    notify.read(units / "factcheck-notify@.service")
    assert "mail" in notify["Service"]["ExecStart"]
    timer = configparser.ConfigParser(interpolation=None, strict=False)
    timer.read(units / "factcheck-nightly.timer")
    assert timer["Timer"]["OnCalendar"]
    page = (REPO_ROOT / "docs" / "nightly.md").read_text(encoding="utf-8")
    assert "OnFailure=factcheck-notify@%n.service" in page
    cron = (REPO_ROOT / "contrib" / "cron" / "factcheck.cron").read_text(encoding="utf-8")
    assert "factcheck nightly" in cron
    assert shutil.which("sh") or os.path.exists("/bin/sh")
