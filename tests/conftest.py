"""Shared fixtures: tiny sites built in tmp_path, and the real site built once per test worker."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_SITE = Path(__file__).parent / "fixtures" / "site"
# A fixed "today" so that builds are reproducible and review dates are judged the same on every machine.
FIXED_EPOCH = "1795000000"  # 2026-11-18
# The real site is built as a published release at this address (a test value; `make publish` takes SITE_URL).
TEST_SITE_URL = "https://scs-mythfact.net/"


@dataclass
class BuildResult:
    site_dir: Path
    logs: list[logging.LogRecord]
    error: Exception | None

    @property
    def messages(self) -> list[str]:
        """Log lines without the plugin logger's 'mkdocs_claims: ' prefix."""
        return [r.getMessage().removeprefix("mkdocs_claims: ") for r in self.logs]


def build_project(project_dir: Path, site_dir: Path | None = None, strict: bool = False,
                  epoch: str | None = FIXED_EPOCH, site_url: str | None = None, dirty: bool = False) -> BuildResult:
    """Build a project with MkDocs' own API, capturing log records and the abort, if any.

    ``epoch`` is the SOURCE_DATE_EPOCH of the build (None: the real clock, for the real dataset). ``dirty`` builds
    as `mkdocs serve --dirty` does: into the existing site, rendering only what changed."""
    site_dir = site_dir or project_dir / "site"
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    old_cwd = Path.cwd()
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    previous_site_url = os.environ.pop("SITE_URL", None)
    if site_url is not None:
        os.environ["SITE_URL"] = site_url
    if epoch is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = epoch
    error: Exception | None = None
    try:
        os.chdir(project_dir)
        config = load_config(str(project_dir / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
        build(config, dirty=dirty)
    except Exception as exc:  # noqa: BLE001 - the test inspects whatever stopped the build
        error = exc
    finally:
        os.chdir(old_cwd)
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch
        os.environ.pop("SITE_URL", None)
        if previous_site_url is not None:
            os.environ["SITE_URL"] = previous_site_url
        logger.removeHandler(handler)
    return BuildResult(site_dir, records, error)


@pytest.fixture
def fixture_project(tmp_path: Path) -> Path:
    """A copy of the tiny fixture site that a test may edit."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE_SITE, project)
    return project


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The real site (this repository's mkdocs.yml, content/ and claims/), built once per worker."""
    site_dir = tmp_path_factory.mktemp("real-site")
    result = build_project(ROOT, site_dir, epoch=None, site_url=TEST_SITE_URL)
    if result.error:
        raise AssertionError(f"the real site failed to build: {result.error}\n" + "\n".join(result.messages))
    yield site_dir


# --- browser tests: the real site on a local server, and Debian's Chromium -----------------------------------------
# Module scope, not session: Playwright's sync API allows one running instance per thread, and browser test modules
# in the same xdist group each start their own. (Imported here lazily: only browser tests need Playwright.)

@pytest.fixture(scope="module")
def site_url(real_site: Path) -> Iterator[str]:
    from browser_support import serve

    with serve(real_site) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    from browser_support import launch_chromium

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()

