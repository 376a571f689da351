"""`make bench` stays runnable from a clean clone: a tiny run of the benchmark, and Lighthouse's pinned install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import bench


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


def test_memory_sampler_counts_pagefind_apart_from_the_build() -> None:
    """The benchmark's memory rows: Pagefind, started by the build, is told by its executable, whatever its name."""
    # In --service mode Pagefind waits for requests on stdin, so it stays alive while the sampler looks.
    pagefind = subprocess.Popen([bench.pagefind_binary(), "--service"], stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        sampler = bench.PssSampler(os.getpid())  # this test's process is "the build"; Pagefind is its child
        sampler.start()
        time.sleep(1.0)
        sampler.stop()
    finally:
        pagefind.kill()
        pagefind.wait()
    assert sampler.build_mb > 10, "the test's own Python process is the build's share"
    assert 0 < sampler.pagefind_mb < sampler.build_mb, (sampler.pagefind_mb, sampler.build_mb)


@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is installed by make test")
def test_lighthouse_lock_file_matches_its_package_json(tmp_path: Path) -> None:
    """`npm ci` refuses a lock file out of step with package.json; a dry run checks that without downloading."""
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / "tools" / "lighthouse" / name, tmp_path / name)
    result = subprocess.run(["npm", "ci", "--dry-run", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=tmp_path,
                            capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout[-1500:] + result.stderr[-1500:]
