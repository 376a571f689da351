"""Which Pagefind writes the search index: 1.6.0 installed from npm's registry (checked against its pinned digest,
all or nothing), a binary named by MKDOCS_CLAIMS_PAGEFIND, else the pagefind-bin wheel's 1.5.2."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import urllib.error
from pathlib import Path

import pytest

from mkdocs_claims import pagefind_binary as binaries
from mkdocs_claims.__main__ import main
from mkdocs_claims.pagefind_binary import (
    ENVIRONMENT_VARIABLE,
    PINNED,
    VERSION,
    Build,
    InstallError,
    install,
    installed_path,
    pagefind_binary,
    this_platform,
)
from mkdocs_claims.render.pagefind import write_pagefind_index
from mkdocs_claims.render.search import SearchRecord

MEMBER = "package/bin/pagefind_extended"


def _tarball(script: str, member: str = MEMBER) -> bytes:
    """An npm package tarball holding a stand-in binary (a shell script)."""
    data = script.encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo(member)
        info.size, info.mode = len(data), 0o755
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _pinned(tarball: bytes) -> Build:
    return Build("linux-x64", "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode(), MEMBER)


def _says(version: str) -> str:
    return f"#!/bin/sh\necho 'pagefind {version}'\n"


def test_install_puts_the_checked_binary_beside_python(tmp_path: Path) -> None:
    tarball = _tarball(_says(VERSION))
    asked: list[str] = []
    path = install(tmp_path, _pinned(tarball), fetch=lambda url: asked.append(url) or tarball)
    assert path == installed_path(tmp_path) and path.read_bytes() == _says(VERSION).encode()
    assert asked == [f"https://registry.npmjs.org/@pagefind/linux-x64/-/linux-x64-{VERSION}.tgz"]
    assert pagefind_binary(environ={}, bin_dir=tmp_path) == path  # the build now uses it


def test_an_installed_pagefind_is_not_downloaded_again(tmp_path: Path) -> None:
    tarball = _tarball(_says(VERSION))
    path = install(tmp_path, _pinned(tarball), fetch=lambda url: tarball)

    def offline(url: str) -> bytes:
        raise AssertionError(f"downloaded {url} again")

    assert install(tmp_path, _pinned(tarball), fetch=offline) == path


def test_a_platform_without_a_pinned_build_keeps_the_wheels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(binaries, "this_platform", lambda: ("linux", "riscv64"))
    assert main(["install-pagefind", "--dir", str(tmp_path)]) == 0  # make goes on
    assert "No Pagefind 1.6.0 build is pinned for this platform: the build uses the pagefind-bin wheel's" in \
        capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("tarball", "build", "message"), [
    pytest.param(_tarball(_says(VERSION)), Build("linux-x64", "sha512-AAAA", MEMBER),
                 "does not match its pinned digest (expected sha512-AAAA, got sha512-", id="changed on the registry"),
    pytest.param(_tarball(_says(VERSION), member="package/README.md"), None, f"holds no {MEMBER}", id="no binary"),
    pytest.param(_tarball(_says("1.5.2")), None, "says 'pagefind 1.5.2', not 'pagefind 1.6.0'", id="wrong version"),
    pytest.param(_tarball("#!/bin/sh\nexit 1\n"), None, "does not run on this machine", id="does not run"),
])
def test_a_bad_download_installs_nothing(tmp_path: Path, tarball: bytes, build: Build | None, message: str) -> None:
    with pytest.raises(InstallError) as raised:
        install(tmp_path, build or _pinned(tarball), fetch=lambda url: tarball)
    assert message in str(raised.value)
    assert list(tmp_path.iterdir()) == []  # no binary, no temporary file
    assert pagefind_binary(environ={}, bin_dir=tmp_path) is None  # the build keeps the wheel's


def test_no_network_says_which_url_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    def offline(url: str) -> bytes:
        raise urllib.error.URLError("Temporary failure in name resolution")

    monkeypatch.setattr(binaries, "_download", offline)
    monkeypatch.setattr(binaries, "this_platform", lambda: ("linux", "x86_64"))
    assert main(["install-pagefind", "--dir", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert "ERROR: could not download https://registry.npmjs.org/@pagefind/" in error
    assert "Temporary failure in name resolution" in error
    assert list(tmp_path.iterdir()) == []


def test_the_environment_names_a_binary_first(tmp_path: Path) -> None:
    installed = installed_path(tmp_path)
    installed.write_text(_says(VERSION))
    own = tmp_path / "my-pagefind"
    own.write_text(_says(VERSION))
    assert pagefind_binary(environ={ENVIRONMENT_VARIABLE: str(own)}, bin_dir=tmp_path) == own
    with pytest.raises(InstallError, match=f"{ENVIRONMENT_VARIABLE}=.*/missing: no such file"):
        pagefind_binary(environ={ENVIRONMENT_VARIABLE: str(tmp_path / "missing")}, bin_dir=tmp_path)


def test_the_wheels_pagefind_still_writes_an_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A platform with no pinned build (or `pip install` without make) keeps PyPI's Pagefind 1.5.2."""
    from pagefind_bin import get_executable  # type: ignore[import-untyped]

    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(get_executable()))
    records = [SearchRecord(url=f"claims/c{i}/", title=f"Claim {i}", content=f"court {i}", text="") for i in range(3)]
    write_pagefind_index(records, tmp_path / "pagefind", "en")
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["version"] == "1.5.2" and entry["languages"]["en"]["page_count"] == 3


def test_make_installed_the_pinned_pagefind_and_the_site_uses_it(real_site: Path) -> None:
    """`make test` ran `mkdocs-claims install-pagefind` first (Makefile): the site's index is Pagefind 1.6.0's."""
    if this_platform() not in PINNED:
        pytest.skip("no build is pinned for this platform: the wheel's Pagefind is used")
    assert pagefind_binary() == installed_path()
    entry = json.loads((real_site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["version"] == VERSION
