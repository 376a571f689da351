"""`python -m mkdocs_claims check`: exit codes, and the same messages `mkdocs build` logs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import build_project


def run_check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs_claims", "check", *args], cwd=project,
                          capture_output=True, text=True, check=False, env={"SOURCE_DATE_EPOCH": "1795000000",
                                                                            "PATH": "/usr/bin:/bin"})


def test_clean_project_exits_zero(fixture_project: Path) -> None:
    result = run_check(fixture_project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "2 claims, 3 sources: 0 error(s), 0 warning(s)"


def test_errors_exit_one_with_the_same_messages_as_the_build(fixture_project: Path) -> None:
    claim = fixture_project / "claims" / "beta-claim.yml"
    claim.write_text(claim.read_text().replace('verdict: "true"', "verdict: maybe").replace(
        "sources: [primary-doc, news-story]", "sources: [primary-doc, news-storey]"))
    (fixture_project / "content" / "page.md").write_text("[[claim:nope]]\n")
    result = run_check(fixture_project)
    assert result.returncode == 1
    reported = [line.removeprefix("ERROR: ") for line in result.stderr.splitlines()]
    assert reported == [
        "claims/beta-claim.yml:3: verdict: unknown verdict 'maybe'; verdicts are: true, mostly-true, mixed, "
        "misleading, mostly-false, false, unproven, outdated",
        "claims/beta-claim.yml:7: evidence[0].sources[1]: unknown source 'news-storey' (did you mean "
        "'news-story'?); sources are defined in claims/sources.yml",
    ]
    built = build_project(fixture_project)
    assert built.error is not None
    assert [m for m in built.messages if m.startswith("claims/")] == reported


def test_content_directives_are_checked_too(fixture_project: Path) -> None:
    (fixture_project / "content" / "page.md").write_text("Intro\n\n[[claim:nope]]\n")
    result = run_check(fixture_project)
    assert result.returncode == 1
    assert "ERROR: content/page.md:3: [[claim:nope]]: unknown claim 'nope'; claim ids are the file names in " \
           "claims/" in result.stderr.splitlines()


def test_strict_turns_warnings_into_failure(fixture_project: Path) -> None:
    claim = fixture_project / "claims" / "beta-claim.yml"
    claim.write_text(claim.read_text().replace("reviewed: 2026-11-01", "reviewed: 2024-01-01"))
    assert run_check(fixture_project).returncode == 0
    strict = run_check(fixture_project, "--strict")
    assert strict.returncode == 1
    assert "WARNING: claims/beta-claim.yml:13: reviewed: last reviewed 2024-01-01" in strict.stderr
