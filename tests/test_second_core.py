"""With `second_core: true`, `mkdocs build` renders generated page bodies on a second core too (prerender.py): the
site it writes is the same, byte for byte, as the one-process build's, and a copy that fails or is overtaken costs
nothing but time."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import FIXED_EPOCH, ROOT

sys.path.insert(0, str(ROOT / "tools"))
import bench_profile
import bench_projects

from mkdocs_claims.prerender import Prerenderer, usable_cores

CLAIMS = 150
FROM_SECOND_CORE = re.compile(r"(\d+) page bodies were rendered on the second core")
needs_two_cores = pytest.mark.skipif(usable_cores() < 2 or not sys.platform.startswith("linux"),
                                     reason="the second core is used on Linux with two or more cores only")


def _mkdocs_build(project: Path, config: Path, site: Path) -> str:
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-v", "-f", str(config), "-d", str(site)],
                            cwd=project, env=env, capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def _contents(site: Path) -> dict[str, bytes]:
    """Every file of the site; a gzip file by what it holds (its header carries a time stamp)."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        files[path.relative_to(site).as_posix()] = gzip.decompress(data) if path.suffix == ".gz" else data
    return files


@needs_two_cores
def test_a_build_on_two_cores_writes_the_same_site_as_one(tmp_path: Path) -> None:
    claims, sources = bench_projects.make_dataset(CLAIMS)
    project = bench_projects.write_claims_project(tmp_path / "project", claims, sources)
    two_log = _mkdocs_build(project, bench_profile.second_core_config(project), tmp_path / "two")
    one_log = _mkdocs_build(project, project / "mkdocs.yml", tmp_path / "one")

    from_copy = FROM_SECOND_CORE.search(two_log)
    assert from_copy and int(from_copy.group(1)) > 0, "the second core rendered nothing"
    assert not FROM_SECOND_CORE.search(one_log), "the default build forked a copy (second_core is off by default)"
    two, one = _contents(tmp_path / "two"), _contents(tmp_path / "one")
    assert sorted(two) == sorted(one)
    differing = [name for name in one if one[name] != two[name]]
    assert not differing, f"{len(differing)} file(s) differ, e.g. {differing[:5]}"


def _slow_body(key: str) -> str:
    time.sleep(0.05)
    return f"<p>body of {key}</p>"


@needs_two_cores
def test_the_copy_renders_from_the_end_until_a_page_the_build_took() -> None:
    keys = [f"page-{i}.md" for i in range(12)]
    prerenderer = Prerenderer.start(keys, _slow_body)
    assert prerenderer is not None
    try:
        mine = [prerenderer.take(key) for key in keys[:4]]  # at once: the copy is still near the end
        assert mine == [None] * 4
        assert prerenderer.wait(timeout=30), "the copy did not stop at the pages the build took"
        assert [prerenderer.take(key) for key in keys[4:]] == [_slow_body(key) for key in keys[4:]]
        assert prerenderer.taken == 8
        assert prerenderer.take("not-a-page.md") is None
    finally:
        prerenderer.close()
    assert not prerenderer.folder.exists()


def _broken_body(key: str) -> str:
    if key == "page-8.md":
        raise ValueError("a template error")
    return f"<p>body of {key}</p>"


@needs_two_cores
def test_a_copy_that_fails_leaves_the_rest_to_the_build() -> None:
    keys = [f"page-{i}.md" for i in range(10)]
    prerenderer = Prerenderer.start(keys, _broken_body)
    assert prerenderer is not None
    try:
        assert prerenderer.wait(timeout=30)
        taken = [prerenderer.take(key) for key in keys]
    finally:
        prerenderer.close()
    # The copy wrote the last page, then stopped at the error in the one before; the build renders the others.
    assert taken == [None] * 9 + ["<p>body of page-9.md</p>"]


@needs_two_cores
def test_no_room_for_the_copy_s_folder_means_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*args: object, **kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkdtemp", full_disk)
    assert Prerenderer.start(["a.md", "b.md"], _slow_body) is None
