"""The content security policy: every page kind works under it with no violation, and an injected script is refused.

Checked in Debian's Chromium: a `securitypolicyviolation` listener (installed before any page script runs) records
every refusal, and the console is watched for policy errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, BrowserContext, Page, expect

from browser_support import search, serve
from conftest import build_project
from mkdocs_claims.render.csp import policy_for, script_hashes

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
expect.set_options(timeout=10_000)

RECORD_VIOLATIONS = ("window.__csp = []; document.addEventListener('securitypolicyviolation', e => "
                     "window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
PAGE_KINDS = ["", "claims/", "claims/travel-ban-figures-people/", "claims/credit-repair-exists/", "sources/",
              "glossary/", "timeline/", "numbers/", "educators/quiz/", "educators/quiz-sheet/",
              "educators/handouts/myth-or-fact-cards/", "journalists/", "journalists/corrections/", "visitors/",
              "about/data-format/", "does-not-exist/"]




@pytest.fixture
def context(chromium: Browser) -> Iterator[BrowserContext]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield context
    context.close()


def watch(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_policy_is_strict_and_hashes_only_the_theme_scripts() -> None:
    page = ("<html><head><meta charset=\"utf-8\"><script>theme()</script>"
            "<script type=\"application/ld+json\">{}</script></head><body><article><script>evil()</script>"
            "</article></body></html>")
    policy = policy_for(page, content="<article><script>evil()</script></article>")
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert policy.count("'sha256-") == 1 and script_hashes("<script>theme()</script>")[0] in policy
    assert "default-src 'self'" in policy and "object-src 'none'" in policy and "frame-ancestors" not in policy


def test_every_page_carries_the_policy(real_site: Path) -> None:
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 90
    for path in pages:
        head = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").head
        meta = head.find("meta", attrs={"http-equiv": "Content-Security-Policy"}) if head else None
        assert meta is not None, path
        assert "'unsafe-inline'" not in meta["content"], path
    headers = (real_site / "_headers").read_text()
    assert "Content-Security-Policy:" in headers and "frame-ancestors 'self'" in headers


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_page_kind_runs_with_no_violation(context: BrowserContext, site_url: str, path: str) -> None:
    page = context.new_page()
    errors = watch(page)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    if path == "claims/":
        page.locator("#filter-text").fill("travel")
        expect(page.locator("#claim-result-count")).to_contain_text("Showing")
    if path == "educators/quiz/":
        page.locator(".mc-quiz-item").first.get_by_role("button", name="Mostly false").click()
        expect(page.locator("#quiz-score")).to_contain_text("right out of 1 answered")
    if path == "claims/travel-ban-figures-people/":
        button = page.locator("button.mc-copy").first
        button.click()
        expect(button).to_have_text("Copied")
    assert page.evaluate("window.__csp") == [], path
    assert errors == [], errors


def test_search_works_under_the_policy(context: BrowserContext, site_url: str) -> None:
    page = context.new_page()
    errors = watch(page)
    page.goto(site_url)
    # Material queries on keyup; search() waits for the index, then types (see browser_support).
    assert any(path.startswith("claims/") for path in search(page, "Sesame", site_url))
    assert page.evaluate("window.__csp") == []
    assert errors == []


def test_search_works_under_the_header_policy(context: BrowserContext, real_site: Path) -> None:
    """On a host that sends `_headers`, the search script (a worker, which the page's meta tag does not cover) runs
    under the header policy, which must let it compile Pagefind's WebAssembly and nothing more."""
    with serve(real_site, with_headers_file=True) as url:
        page = context.new_page()
        errors = watch(page)
        response = page.goto(url)
        assert response is not None and "frame-ancestors 'self'" in response.headers["content-security-policy"]
        worker_policy = page.request.get(url + "assets/mkdocs_claims/search-worker.js").headers
        assert "'wasm-unsafe-eval'" in worker_policy["content-security-policy"]
        assert any(path.startswith("claims/") for path in search(page, "Sesame", url))
        assert page.evaluate("window.__csp") == []
        assert errors == []


def test_an_injected_script_is_refused(fixture_project: Path, chromium: Browser) -> None:
    """A template override that prints data without escaping lets a script into the page: the browser refuses it,
    while the theme's own scripts still run."""
    overrides = fixture_project / "template-overrides" / "claims"
    overrides.mkdir(parents=True)
    claim_template = (Path(__file__).parent.parent / "plugins" / "mkdocs_claims" / "templates" / "claims" / "base"
                      / "claim.html").read_text(encoding="utf-8")
    overrides.joinpath("claim.html").write_text(claim_template.replace(
        '<h2 id="short-answer">{{ _("Short answer") }}</h2>',
            '<h2 id="short-answer">{{ _("Short answer") }}</h2>{{ claim.note | safe }}'))
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("organisation: Fixture Org",
                                                 "organisation: Fixture Org\n      templates_dir: template-overrides"))
    claim = fixture_project / "claims" / "alpha-claim.yml"
    claim.write_text(claim.read_text() + "note: \"<script>window.__pwned = true; document.title = 'pwned'</script>\"\n")
    result = build_project(fixture_project)
    assert result.error is None, result.messages
    html = (result.site_dir / "claims" / "alpha-claim" / "index.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned = true" in html  # the override really let it through

    context = chromium.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    try:
        with serve(result.site_dir) as url:
            page = context.new_page()
            page.goto(url + "claims/alpha-claim/")
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__pwned === undefined")
            assert page.title() != "pwned"
            assert any(v.startswith("script-src") and v.endswith("inline") for v in page.evaluate("window.__csp"))
            assert page.evaluate("typeof __md_scope") == "object"  # the theme's hashed script did run
    finally:
        context.close()
