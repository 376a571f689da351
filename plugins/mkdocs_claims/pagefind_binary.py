"""Which Pagefind binary writes the search index, and how the newer one is installed.

PyPI's `pagefind-bin` wheel stops at Pagefind 1.5.2. Pagefind 1.6.0 (npm, November 2026) scores a query's matches
page by page instead of scanning every match for every page: at 10,000 claims a query for a common word went from
0.6 s to 0.12 s in the browser (BENCHMARKS.md). npm's registry carries it as one package per platform, each a
tarball holding the binary; ``install`` fetches the one for this machine, checks it against the digest pinned here,
and puts the binary beside the running Python (the venv's bin), where ``pagefind_binary`` looks first.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import platform
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

VERSION = "1.6.0"
INSTALLED_NAME = "mkdocs-claims-pagefind"  # ours alone: never a `pagefind` script another package installed
ENVIRONMENT_VARIABLE = "MKDOCS_CLAIMS_PAGEFIND"  # a binary of your own, first in line
REGISTRY = "https://registry.npmjs.org/"


@dataclass(frozen=True)
class Build:
    package: str  # on npm: @pagefind/<package>
    integrity: str  # npm's dist.integrity of the tarball (sha512, base64)
    member: str  # the binary inside the tarball


def _build(package: str, integrity: str, exe: str = "") -> Build:
    return Build(package, integrity, f"package/bin/pagefind_extended{exe}")


# (platform.system(), platform.machine()) lower-cased -> the build; from `npm view @pagefind/<package>@1.6.0`.
PINNED: dict[tuple[str, str], Build] = {
    ("linux", "x86_64"): _build(
        "linux-x64",
        "sha512-IbMSx/+Vr/Xk0TTBlLkjgK+rvnbOXGmmb2/MKxQu99AR5DsqQoV3NKEA9PQz2tAhuCZjeD5xJBp4w5N5DHIC7Q=="),
    ("linux", "aarch64"): _build(
        "linux-arm64",
        "sha512-SLB2I+XqCZma8NvIGIH8nyKblgKIxw5PmqsVtofWOKxNHhEtOEsddbqU+hsrNcT3EV0faM6UmKDHVIxcPYq29w=="),
    ("darwin", "x86_64"): _build(
        "darwin-x64",
        "sha512-rd3ZbtuxyYqjASKZAPuIV7eeQQHJ7VYpoNKKG8CvglaD3g30eT5Nb7XGNLYwVReBsCccpkURwrGwWjSwr8nyQQ=="),
    ("darwin", "arm64"): _build(
        "darwin-arm64",
        "sha512-611gl64aqN12UcMyKPtZ8+vRWBKlJFSh2JgO8uScxa1Eyjo1dXz9r4wZuRno0yCUE/KN0FauEoKZ3KEwUYHCCg=="),
    ("windows", "amd64"): _build(
        "windows-x64",
        "sha512-cUA2+yXfbymdJllyMjY5YTBwuOgh0/H53Pn5fYKjDnDjk154Ft4U5RVj3TenWySPL/jG6zJfARUWSlyUyXHlZw==",
        ".exe"),
}


class InstallError(RuntimeError):
    pass


def this_platform() -> tuple[str, str]:
    return platform.system().lower(), platform.machine().lower()


def installed_path(bin_dir: Path | None = None) -> Path:
    suffix = ".exe" if this_platform()[0] == "windows" else ""
    return (bin_dir or Path(sys.executable).parent) / f"{INSTALLED_NAME}{suffix}"


def pagefind_binary(environ: Mapping[str, str] = os.environ, bin_dir: Path | None = None) -> Path | None:
    """The binary to use: the one ``MKDOCS_CLAIMS_PAGEFIND`` names, else the one ``install`` put beside Python;
    None means the `pagefind-bin` wheel's."""
    named = environ.get(ENVIRONMENT_VARIABLE)
    if named:
        if not Path(named).is_file():
            raise InstallError(f"{ENVIRONMENT_VARIABLE}={named}: no such file")
        return Path(named)
    installed = installed_path(bin_dir)
    return installed if installed.is_file() else None


def _download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as answer:  # noqa: S310 - an https URL built from REGISTRY
        return bytes(answer.read())


def tarball_url(build: Build, registry: str = REGISTRY) -> str:
    return f"{registry.rstrip('/')}/@pagefind/{build.package}/-/{build.package}-{VERSION}.tgz"


def install(bin_dir: Path | None = None, build: Build | None = None,
            fetch: Callable[[str], bytes] | None = None) -> Path | None:
    """Fetch this platform's Pagefind, check its digest and version, and put it in ``bin_dir``: all or nothing.
    None when no build is pinned for this platform (the build then uses the wheel's)."""
    build = build or PINNED.get(this_platform())
    if build is None:
        return None
    target = installed_path(bin_dir)
    if target.is_file() and _version(target) == f"pagefind {VERSION}":
        return target  # installed by an earlier run: make runs this whenever the lock file changes
    url = tarball_url(build, os.environ.get("npm_config_registry") or REGISTRY)  # noqa: SIM112 - npm's own name
    try:
        tarball = (fetch or _download)(url)
    except OSError as error:
        raise InstallError(f"could not download {url}: {error}") from error
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode("ascii")
    if digest != build.integrity:
        raise InstallError(f"{url} does not match its pinned digest (expected {build.integrity}, got {digest})")
    binary = _member(tarball, build.member, url)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{INSTALLED_NAME}-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(binary)
        Path(temporary).chmod(0o755)  # a program: whoever runs the build runs it
        _check_version(Path(temporary))
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _member(tarball: bytes, name: str, url: str) -> bytes:
    try:
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            member = archive.extractfile(name)
            if member is None:
                raise KeyError(name)
            return member.read()
    except (KeyError, tarfile.TarError) as error:
        raise InstallError(f"{url} holds no {name}") from error


def _version(binary: Path) -> str:
    """What ``binary --version`` prints ("pagefind 1.6.0"); empty if it does not run here."""
    try:
        return subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=60,
                              check=False).stdout.strip()
    except OSError:
        return ""


def _check_version(binary: Path) -> None:
    shown = _version(binary)
    if not shown:
        raise InstallError("the downloaded Pagefind does not run on this machine")
    if shown != f"pagefind {VERSION}":
        raise InstallError(f"the downloaded binary says {shown!r}, not 'pagefind {VERSION}'")
