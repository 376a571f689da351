"""The site builds unchanged with ProperDocs, the maintained continuation of MkDocs 1.x (README, Dependencies).

ProperDocs reads mkdocs.yml when given it with -f, loads plugins from the same `mkdocs.plugins` entry points, and
answers the plugin's `mkdocs.*` imports with its own modules. Its output must equal the MkDocs build byte for byte,
apart from the generator meta tag that names the engine.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, TEST_SITE_URL

GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


def _comparable(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":  # the gzip header carries a time stamp; the sitemap inside must match
        data = gzip.decompress(data)
    return GENERATOR.sub(b'<meta name="generator" content="">', data)


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_properdocs_builds_the_same_site_as_mkdocs(real_site: Path, tmp_path: Path) -> None:
    properdocs_site = tmp_path / "properdocs-site"
    env = {**os.environ, "SITE_URL": TEST_SITE_URL}
    env.pop("SOURCE_DATE_EPOCH", None)  # the real site is built as of today, like real_site
    command = [sys.executable, "-m", "properdocs", "build", "-f", "mkdocs.yml", "-d", str(properdocs_site)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]

    home = (properdocs_site / "index.html").read_bytes()
    assert GENERATOR.search(home).group(1).startswith(b"mkdocs-ProperDocs 1.6.7"), "not built by ProperDocs 1.6.7"
    assert _files(properdocs_site) == _files(real_site)
    differing = [name for name in sorted(_files(real_site))
                 if _comparable(real_site / name) != _comparable(properdocs_site / name)]
    assert not differing, f"{len(differing)} file(s) differ from the MkDocs build, e.g. {differing[:5]}"
