"""The offline edition (`make offline`): opened from file:// with no server, it navigates and searches, and the
browser requests nothing but the edition's own files.

The edition is built into a temporary folder with tools/build_offline.py (Material's offline plugin, directory
URLs off, the iframe-worker shim served from the site); Chromium is Debian's, driven by Playwright.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, expect, sync_playwright

from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _build_offline_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_offline", ROOT / "tools" / "build_offline.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline edition of the real site, built once for this module (on the real clock, like real_site)."""
    site = tmp_path_factory.mktemp("offline") / "site-offline"
    builder = _build_offline_module()
    previous_epoch = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        builder.build_offline(site)
    finally:
        if previous_epoch is not None:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch
    builder.write_zip(site, site.with_suffix(".zip"))
    return site


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is not installed (make test installs it; never run `playwright install`)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_offline_edition_navigates_and_searches_from_file_urls(offline_site: Path, chromium: Browser) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(15_000)
    requested: list[str] = []
    errors: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    # Chromium refuses XMLHttpRequest to file:// URLs. Material asks for sitemap.xml that way (for the feed's
    # link rel=alternate); the request stays inside the edition and nothing depends on it, so it may fail.
    context.on("requestfailed", lambda r: None if r.url.endswith("/sitemap.xml") else
               errors.append(f"request failed: {r.url}: {r.failure}"))
    # Every policy violation is recorded, in the page and in the search worker's frame.
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', e => "
                            "(window.top.__csp || window.__csp).push(e.violatedDirective + ' ' + e.blockedURI));")
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(f"script error: {e}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if "Content Security Policy" in m.text else None)
    try:
        page.goto((offline_site / "index.html").as_uri())
        assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
        expect(page.locator("h1").first).to_be_visible()

        # Navigate: from the home page to a claim page, by clicking a link as a reader would.
        claim_link = page.locator("article a[href*='claims/'][href$='.html']:not([href$='claims/index.html'])").first
        claim_link.click()
        page.wait_for_load_state()
        assert re.search(r"/claims/[a-z0-9-]+\.html$", page.url), page.url
        expect(page.locator("h1.mc-claim-text")).to_be_visible()
        assert (offline_site / unquote(urlsplit(page.url).path).split("/site-offline/", 1)[1]).is_file()

        # Search: the index comes from search/search_index.js and the worker runs through the local shim.
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("Sesame")
        box.press("End")
        results = page.locator(".md-search-result__list > li > a")
        expect(results.first).to_be_visible()
        hrefs = results.evaluate_all("els => els.map(e => e.href)")
        assert all(h.startswith("file://") and ".html" in h for h in hrefs), hrefs

        # Chinese words inside longer runs, and a filter, are searched in the edition too (no Pagefind there).
        for query in ("失信", "名录", "verdict:false"):
            box.fill(query)
            box.press("End")
            expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"^\d+ matching documents?$"))
        badges = page.locator(".md-search-result__list .mc-badge").evaluate_all(
            "els => els.map(e => e.dataset.verdict)")
        assert badges and set(badges) == {"false"}, badges
        box.fill("Sesame")
        box.press("End")
        expect(results.first).to_have_attribute("href", re.compile(r"sesame"))

        assert page.evaluate("window.__csp") == []
        # A result opens its page from disk.
        results.first.click()
        page.wait_for_load_state()
        assert page.url.startswith("file://") and ".html" in page.url, page.url
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()

    assert not errors, "\n".join(errors)
    outside = [u for u in requested if not u.startswith(("file://", "data:", "blob:", "about:"))]
    assert not outside, f"the offline edition requested files from outside itself: {outside}"
    assert any(u.endswith("/assets/iframe-worker/shim.js") for u in requested), \
        "the iframe-worker shim was not loaded from the edition itself"


def test_links_in_offline_claim_pages_name_existing_files(offline_site: Path) -> None:
    """With use_directory_urls off, every internal link of every claim page opens a file of the edition."""
    pages = sorted((offline_site / "claims").glob("*.html"))
    assert len(pages) > 1
    missing: list[str] = []
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src")):
            for element in soup.find_all(tag):
                target = element.get(attribute)
                if not target or re.match(r"^([a-z]+:|#|//)", target):
                    continue
                path = unquote(target.split("#", 1)[0].split("?", 1)[0])
                resolved = (page.parent / path).resolve()
                if path.endswith("/") or not resolved.is_file():
                    missing.append(f"{page.name}: {target}")
    assert not missing, "links that do not open a file from file://:\n" + "\n".join(missing[:20])


def test_offline_zip_holds_the_edition(offline_site: Path) -> None:
    import zipfile

    with zipfile.ZipFile(offline_site.with_suffix(".zip")) as archive:
        names = set(archive.namelist())
    assert "site-offline/index.html" in names
    assert "site-offline/search/search_index.js" in names
    assert "site-offline/assets/iframe-worker/shim.js" in names


@pytest.mark.parametrize("path", ["claims/index.html", "numbers.html", "educators/quiz.html", "sources.html",
                                  "journalists/corrections.html", "visitors/index.html", "glossary.html"])
def test_offline_page_kinds_run_under_the_policy(offline_site: Path, chromium: Browser, path: str) -> None:
    context = chromium.new_context()
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', e => "
                            "window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((offline_site / path).as_uri())
        page.wait_for_load_state("load")
        if path == "educators/quiz.html":
            page.locator(".mc-quiz-item").first.get_by_role("button", name="Mostly false").click()
            expect(page.locator("#quiz-score")).to_contain_text("right out of 1 answered")
        if path == "claims/index.html":
            page.locator("#filter-text").fill("travel")
            expect(page.locator("#claim-result-count")).to_contain_text("Showing")
        assert page.evaluate("window.__csp") == [] and errors == []
    finally:
        context.close()


def test_matcher_works_from_file_urls(offline_site: Path, chromium: Browser) -> None:
    context = chromium.new_context()
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    try:
        page = context.new_page()
        page.goto((offline_site / "index.html").as_uri())
        page.locator("#matcher-text").fill("每个中国人都有一个全国统一的社会信用分吗")
        expect(page.locator(".mc-matcher-results li").first).to_be_visible()
        href = page.locator(".mc-matcher-results li a").first.get_attribute("href")
        assert href.endswith(".html") and "claims/" in href
    finally:
        context.close()
    assert all(u.startswith(("file://", "data:", "blob:")) for u in requested), requested
