"""`mkdocs serve`: a broken claim file shows the errors, the last good site keeps being served, a fix recovers."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import sync_playwright

from browser_support import launch_chromium, search
from conftest import FIXTURE_SITE

MKDOCS = str(Path(sys.executable).with_name("mkdocs"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


@contextlib.contextmanager
def serving(tmp_path: Path, *options: str) -> Iterator[tuple[Path, str, Path]]:
    """`mkdocs serve` on a copy of the fixture site; yields the project, the base URL and the server's log."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE_SITE, project)
    port = free_port()
    log_path = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795000000"}
    with log_path.open("w") as log:
        server = subprocess.Popen([MKDOCS, "serve", *options, "-a", f"127.0.0.1:{port}"], cwd=project,
                                  stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        yield project, f"http://127.0.0.1:{port}/", log_path
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_reports_errors_keeps_last_good_site_and_recovers(tmp_path: Path) -> None:
    with serving(tmp_path) as (project, base, log_path):
        url = base + "claims/beta-claim/"
        claim = project / "claims" / "beta-claim.yml"
        assert wait_for(lambda: "Court blacklists restrict train travel." in fetch(url)), log_path.read_text()
        claim.write_text(claim.read_text().replace('verdict: "true"', "verdict: maybe"))
        assert wait_for(lambda: "unknown verdict 'maybe'" in log_path.read_text()), log_path.read_text()
        assert "claims/beta-claim.yml:3: verdict: unknown verdict 'maybe'" in log_path.read_text()
        assert "Court blacklists restrict train travel." in fetch(url)  # the last good page is still served
        claim.write_text(claim.read_text().replace("verdict: maybe", 'verdict: "true"').replace(
            "Court blacklists restrict train travel.", "Court blacklists restrict rail travel."))
        assert wait_for(lambda: "Court blacklists restrict rail travel." in fetch(url)), log_path.read_text()
        # Only a claim file changed: the server skipped MkDocs' full build (plugins/mkdocs_claims/serve.py).
        assert "mkdocs_claims: 1 claim file(s) changed; wrote " in log_path.read_text()


def test_serve_reindexes_search_after_serving_the_changed_page(tmp_path: Path) -> None:
    """Under serve the search index is written after the pages, in the background: the edited page comes first,
    then the index changes to hold the edit, and a query in the served site would find the new words."""
    with serving(tmp_path, "--dirty") as (project, base, log_path):
        claim = project / "claims" / "beta-claim.yml"
        assert wait_for(lambda: '"languages"' in fetch(base + "pagefind/pagefind-entry.json")), log_path.read_text()
        before = fetch(base + "pagefind/pagefind-entry.json")
        claim.write_text(claim.read_text().replace("Court blacklists restrict train travel.",
                                                   "Court blacklists restrict quokka travel."))
        assert wait_for(lambda: "quokka" in fetch(base + "claims/beta-claim/")), log_path.read_text()
        assert wait_for(lambda: fetch(base + "pagefind/pagefind-entry.json") != before, timeout=60), \
            "the search index was not written again after the edit"
        with sync_playwright() as playwright:  # the served site's own search finds the new words
            browser = launch_chromium(playwright)
            try:
                page = browser.new_page()
                page.goto(base)
                assert "claims/beta-claim/" in search(page, "quokka", base)
            finally:
                browser.close()
