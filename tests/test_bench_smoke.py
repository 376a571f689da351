"""`make bench` stays runnable from a clean clone: a tiny run of the benchmark, and Lighthouse's pinned install."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


def test_bench_runs_end_to_end_on_a_tiny_project(tmp_path: Path) -> None:
    out, data = tmp_path / "BENCHMARKS.md", tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "tools/bench.py", "--sizes", "20", "--runs", "1", "--skip-browser", "--skip-hugo",
         "--skip-lighthouse", "--keep", str(tmp_path / "work"), "--out", str(out), "--json", str(data)],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = out.read_text(encoding="utf-8")
    assert "| 20 |" in report or "20 claims" in report, report[:1500]
    assert data.is_file()


@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is installed by make test")
def test_lighthouse_lock_file_matches_its_package_json(tmp_path: Path) -> None:
    """`npm ci` refuses a lock file out of step with package.json; a dry run checks that without downloading."""
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / "tools" / "lighthouse" / name, tmp_path / name)
    result = subprocess.run(["npm", "ci", "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=tmp_path,
                            capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout[-1500:] + result.stderr[-1500:]
