"""The newcomer's path, from a clean clone: build the wheel, install it into a fresh virtual environment, start a
site outside this repository with `mkdocs-claims new`, and build it with `mkdocs build --strict`.

The slowest test (most of it is pip unpacking Material's 14,000 files): one install, one build. Dependencies come
from the package index (or pip's cache) at the versions pinned in requirements.lock, so a dependency missing from
pyproject.toml fails here, not on a user's machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT
from mkdocs_claims import __version__
from mkdocs_claims.scaffold import EXAMPLE_CLAIM_ID

DISTRIBUTION_FILES = ("pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE")


def run(command: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
                            check=False, timeout=600)
    assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    return result.stdout + result.stderr


def build_wheel(tmp_path: Path) -> Path:
    """The wheel of a copy of the sources (as a clone has them), so the build writes nothing into this repository."""
    source = tmp_path / "mkdocs-claims"
    source.mkdir()
    for name in DISTRIBUTION_FILES:
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "plugins" / "mkdocs_claims", source / "plugins" / "mkdocs_claims",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--wheel-dir",
         tmp_path / "dist", "."], cwd=source)
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    return wheel


def test_wheel_carries_the_package_data(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    assert wheel.name == f"mkdocs_claims-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "plugins" / "mkdocs_claims"
    data = {p.relative_to(package.parent).as_posix() for p in package.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}
    assert data, "no package data found"
    assert data - names == set(), "package data missing from the wheel"
    dist_info = f"mkdocs_claims-{__version__}.dist-info"
    assert f"{dist_info}/licenses/LICENSE" in names
    metadata = zipfile.ZipFile(wheel).read(f"{dist_info}/METADATA").decode()
    assert f"Version: {__version__}\n" in metadata and "License-Expression: MIT\n" in metadata
    assert "# Changelog of the `mkdocs-claims` package" in metadata  # the index page shows the changelog
    entry_points = zipfile.ZipFile(wheel).read(f"{dist_info}/entry_points.txt").decode()
    assert "[mkdocs.plugins]\nclaims = mkdocs_claims.plugin:ClaimsPlugin" in entry_points
    assert "[console_scripts]\nmkdocs-claims = mkdocs_claims.__main__:main" in entry_points

    # A fresh environment with nothing but the wheel and its declared dependencies, at the pinned versions.
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path)
    run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--quiet", "--no-compile",
         "--disable-pip-version-check", "--constraint", ROOT / "requirements.lock", wheel], cwd=tmp_path)
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": os.environ.get("HOME", str(tmp_path)),
           "NO_MKDOCS_2_WARNING": "1"}
    installed = run([venv / "bin" / "python", "-c", "import mkdocs_claims; print(mkdocs_claims.__file__)"],
                    cwd=tmp_path, env=env)
    assert installed.startswith(str(venv)), installed

    # A site outside this repository, made and built with the installed commands only.
    run([venv / "bin" / "mkdocs-claims", "new", "my-site"], cwd=tmp_path, env=env)
    site_project = tmp_path / "my-site"
    output = run([venv / "bin" / "mkdocs", "build", "--strict"], cwd=site_project, env=env)
    assert "WARNING" not in output and "ERROR" not in output, output
    built = site_project / "site"
    assert (built / "claims" / EXAMPLE_CLAIM_ID / "index.html").is_file()
    assert (built / "claims" / EXAMPLE_CLAIM_ID / "card.png").stat().st_size > 10_000  # drawn with the shipped font
    assert (built / "assets" / "mkdocs_claims" / "claims.css").is_file()
    assert f"mkdocs-claims {__version__}" in (built / "claims.json").read_text()
    assert (built / "pagefind" / "pagefind.js").is_file()  # the search index, from the pagefind-bin dependency

    # The same in another language: a Chinese site gets the Chinese interface from the installed catalogues.
    run([venv / "bin" / "mkdocs-claims", "new", "zh-site", "--name", "谣言核查", "--language", "zh"], cwd=tmp_path,
        env=env)
    output = run([venv / "bin" / "mkdocs", "build", "--strict"], cwd=tmp_path / "zh-site", env=env)
    assert "WARNING" not in output and "ERROR" not in output, output
    explorer = (tmp_path / "zh-site" / "site" / "claims" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in explorer and "<title>全部说法 - 谣言核查</title>" in explorer
