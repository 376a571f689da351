""""Paste what you saw": pasted sentences land on the right claim in the browser, and "nothing matches" is said
plainly. The accuracy over tests/data/matcher_cases.yml (written apart from the claims' variants) must meet the
targets: top-1 >= 85%, top-3 >= 95%."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
expect.set_options(timeout=10_000)
CASES = yaml.safe_load((Path(__file__).parent / "data" / "matcher_cases.yml").read_text(encoding="utf-8"))




@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    yield page
    outside = [u for u in requests if not u.startswith(("http://127.0.0.1", "data:", "blob:"))]
    context.close()
    assert outside == []


def ranked(page: Page, cases: list[dict[str, Any]]) -> list[list[str]]:
    """The top three claim ids the page's own matcher gives for each case."""
    page.locator("#matcher-text").focus()  # the data loads on first use
    # Poll from here: wait_for_function evaluates a string in the page, which the content security policy forbids.
    for _ in range(200):
        if page.evaluate("typeof window.mcMatcherData !== 'undefined'"):
            break
        page.wait_for_timeout(50)
    return page.evaluate("cases => { const m = new mcMatcher.Matcher(window.mcMatcherData);"
                         " return cases.map(c => m.match(c.text, 3).map(r => r.claim.id)); }", cases)


def test_a_pasted_post_finds_its_fact_check(page: Page, site_url: str) -> None:
    page.goto(site_url)
    box = page.locator("#matcher-text")
    box.fill("BREAKING: China now gives EVERY citizen a single social credit score!!! #dystopia")
    results = page.locator(".mc-matcher-results li")
    expect(results.first).to_be_visible()
    assert results.count() <= 3
    first = results.first
    expect(first.locator(".mc-badge")).to_be_visible()
    assert "single-national-score" in first.locator("a").get_attribute("href")
    expect(page.locator(".mc-matcher-status")).to_contain_text("closest")


def test_nothing_matches_is_said_plainly(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}claims/")
    page.locator("#matcher-text").fill("Best pizza dough recipe with a long cold fermentation")
    expect(page.locator(".mc-matcher-status")).to_have_text(
        "Nothing on this site matches that yet. Try other words, or browse all claims.")
    assert page.locator(".mc-matcher-results li").count() == 0


def test_chinese_post_finds_its_fact_check(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.locator("#matcher-text").fill("听说上了失信被执行人名单就不能坐飞机和高铁了？")
    expect(page.locator(".mc-matcher-results li").first).to_be_visible()


def test_accuracy_on_the_test_set(page: Page, site_url: str) -> None:
    page.goto(site_url)
    results = ranked(page, CASES)
    assert len(CASES) >= 40
    top1 = sum((ids[:1] == [c["expect"]]) if c["expect"] else ids == [] for c, ids in zip(CASES, results, strict=True))
    top3 = sum((c["expect"] in ids) if c["expect"] else ids == [] for c, ids in zip(CASES, results, strict=True))
    misses = [f'{c["text"][:60]!r} -> {ids} (expected {c["expect"]})'
              for c, ids in zip(CASES, results, strict=True) if (c["expect"] not in ids if c["expect"] else ids)]
    assert top1 / len(CASES) >= 0.85, (top1, len(CASES), misses)
    assert top3 / len(CASES) >= 0.95, (top3, len(CASES), misses)
