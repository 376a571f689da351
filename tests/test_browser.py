"""The built site in a real browser: Playwright driving Debian's Chromium against the real site served on 127.0.0.1.

What a reader does: search (English and Chinese), filter the claims explorer, play the quiz (with and without
JavaScript), copy a citation. What every page must be: free of console errors, failed requests and requests that
leave 127.0.0.1; free of WCAG 2.1 A/AA violations (axe-core) on desktop and phone; valid HTML (Nu HTML checker).
Screenshots of key pages go to test-artifacts/screenshots/ for people to look at.

Expectations come from the data the site was built from (claims.json, glossary.json in the built site), not from
prose, so the content can change under these tests. All browser tests share one xdist group, so one worker owns
the browser; the HTML checker runs in its own group because it needs no browser.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import (
    MATERIAL_TEMPLATES,
    OVERRIDE_EDITS,
    ROOT,
    VIEWPORTS,
    Traffic,
    axe_violations,
    describe_violations,
    describe_vnu,
    expected_override,
    launch_chromium,
    screenshot,
    search,
    serve,
    site_path,
    vnu_errors,
)
from playwright.sync_api import Browser, Page, expect, sync_playwright

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

TOP = 5  # "among the first results": the first five result pages


# --- fixtures -------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def site_url(real_site: Path) -> Iterator[str]:
    with serve(real_site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def claims(real_site: Path) -> dict[str, dict[str, Any]]:
    """The claims export of the built site, by id."""
    data = json.loads((real_site / "claims.json").read_text(encoding="utf-8"))
    return {c["id"]: c for c in data["claims"]}


@pytest.fixture(scope="session")
def glossary(real_site: Path) -> list[dict[str, Any]]:
    return list(json.loads((real_site / "glossary.json").read_text(encoding="utf-8"))["terms"])


@contextmanager
def browsing(chromium: Browser, viewport: str = "desktop", **options: Any) -> Iterator[tuple[Page, Traffic]]:
    """A fresh browser context and page, with everything that goes wrong on the network or console recorded."""
    context = chromium.new_context(**VIEWPORTS[viewport], **options)
    context.set_default_timeout(10_000)
    traffic = Traffic().watch(context)
    try:
        yield context.new_page(), traffic
    finally:
        context.close()


def claim_path(claim: dict[str, Any]) -> str:
    """'claims/<id>/' for a claim record of claims.json (its permalink, made site-relative)."""
    return urlsplit(claim["permalink"]).path.lstrip("/")


def claim_id_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


# --- search ----------------------------------------------------------------------------------------------------------

SEARCHES = [
    ("Sesame", ["sesame-is-government-scs"]),
    ("Zhima", ["sesame-is-government-scs"]),
    ("Nosedive", ["black-mirror-nosedive"]),
    ("blacklist train", ["defaulter-travel-bans"]),
    ("tourist", ["foreigners-have-score", "tourists-affected-by-cameras"]),
    ("Rongcheng", ["rongcheng-1000-points"]),
    ("law", ["social-credit-law-exists"]),
]


@pytest.fixture(scope="module")
def search_page(chromium: Browser, site_url: str) -> Iterator[Page]:
    """One page whose search index is loaded once and reused for every query."""
    with browsing(chromium) as (page, traffic):
        page.goto(site_url)
        yield page
        assert not traffic.problems(), "\n".join(traffic.problems())


@pytest.mark.parametrize(("query", "expected_ids"), SEARCHES, ids=[q for q, _ in SEARCHES])
def test_search_finds_the_claim(search_page: Page, site_url: str, claims: dict[str, dict[str, Any]],
                                query: str, expected_ids: list[str]) -> None:
    expected = [claim_path(claims[i]) for i in expected_ids if i in claims]
    assert expected, f"none of {expected_ids} is in the dataset any more; update SEARCHES in {__file__}"
    results = search(search_page, query, site_url)
    assert set(expected) & set(results[:TOP]), f"{query!r}: expected one of {expected} in the first {TOP} " \
                                               f"results, got {results[:10]}"


def test_search_results_screenshot(search_page: Page, site_url: str) -> None:
    search(search_page, "blacklist", site_url)
    screenshot(search_page, "search-results-desktop")


def _pages_containing(term: str, claims: dict[str, dict[str, Any]], glossary: list[dict[str, Any]]) -> set[str]:
    pages = {claim_path(c) for c in claims.values()
             if term in " ".join([c["claim"], c["summary"], c.get("what_is_true") or "", c.get("what_is_false") or "",
                                  *(e["text"] for e in c["evidence"])])}
    if any(term in t["hanzi"] or term in t["term"] for t in glossary):
        pages.add("glossary/")
    return pages


def test_search_finds_chinese_terms(search_page: Page, site_url: str, claims: dict[str, dict[str, Any]],
                                    glossary: list[dict[str, Any]]) -> None:
    """失信 ("untrustworthy") is a word of its own inside longer terms such as 失信被执行人; Material's search plugin
    segments Chinese with jieba (U+200B between words) and our separator splits on U+200B, so it is found."""
    term = "失信"
    expected = _pages_containing(term, claims, glossary)
    assert expected, f"no claim or glossary entry contains {term}; pick another term"
    results = search(search_page, term, site_url)
    assert results and results[0] in expected, f"{term}: first result {results[:3]} is not one of {sorted(expected)}"
    if "glossary/" in expected:
        assert "glossary/" in results[:TOP], results


def test_search_finds_a_word_inside_a_chinese_compound(search_page: Page, site_url: str,
                                                       glossary: list[dict[str, Any]]) -> None:
    """Without segmentation, 被执行人 would be buried inside the single token 失信被执行人 and never match."""
    import jieba

    jieba.setLogLevel(60)
    # The first glossary term with a word of two or more characters that does not start the term.
    inner = next(((word, t) for t in glossary for word in jieba.lcut(t["hanzi"])
                  if len(word) >= 2 and not t["hanzi"].startswith(word)), None)
    assert inner, "no glossary term has a Chinese word inside a longer term"
    word, term = inner
    results = search(search_page, word, site_url)
    assert "glossary/" in results[:TOP], f"{word} (inside {term['hanzi']}) not found in the glossary: {results}"


# --- claims explorer ------------------------------------------------------------------------------------------------

VISIBLE_CLAIMS = "els => els.filter(e => e.getClientRects().length > 0).map(e => e.querySelector('a').pathname)"


def visible_claim_ids(page: Page) -> set[str]:
    return {claim_id_of(p) for p in page.locator("#claim-list > li").evaluate_all(VISIBLE_CLAIMS)}


def open_explorer(page: Page, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}claims/{query}")
    expect(page.locator("#claim-filters")).to_be_visible()
    expect(page.locator("#claim-result-count")).to_have_text(
        f"Showing {page.locator('#claim-list > li:not([hidden])').count()} of "
        f"{page.locator('#claim-list > li').count()} claims.")


def test_explorer_lists_every_claim(chromium: Browser, site_url: str, claims: dict[str, dict[str, Any]]) -> None:
    with browsing(chromium) as (page, _):
        open_explorer(page, site_url)
        assert visible_claim_ids(page) == set(claims)
        expect(page.locator("#claim-result-count")).to_have_text(f"Showing {len(claims)} of {len(claims)} claims.")


@pytest.mark.parametrize(("field", "select", "value"), [
    ("verdict", "#filter-verdict", "false"),
    ("audience", "#filter-audience", "travelers"),
])
def test_explorer_filters_by_choice(chromium: Browser, site_url: str, claims: dict[str, dict[str, Any]],
                                    field: str, select: str, value: str) -> None:
    expected = {i for i, c in claims.items()
                if (c["verdict"]["id"] == value if field == "verdict" else value in c["audiences"])}
    assert 0 < len(expected) < len(claims), f"{field}={value} does not split the dataset; pick another value"
    with browsing(chromium) as (page, _):
        open_explorer(page, site_url)
        page.select_option(select, value)
        assert visible_claim_ids(page) == expected
        expect(page.locator("#claim-result-count")).to_have_text(f"Showing {len(expected)} of {len(claims)} claims.")
        assert parse_qs(urlsplit(page.url).query) == {field: [value]}


def test_explorer_filters_by_topic(chromium: Browser, site_url: str, claims: dict[str, dict[str, Any]]) -> None:
    with browsing(chromium) as (page, _):
        open_explorer(page, site_url)
        topics = [v for v in page.locator("#filter-topic option").evaluate_all("os => os.map(o => o.value)") if v]
        counts = {t: {i for i, c in claims.items() if t in c["topics"]} for t in topics}
        topic = max((t for t in topics if len(counts[t]) < len(claims)), key=lambda t: len(counts[t]))
        page.select_option("#filter-topic", topic)
        assert visible_claim_ids(page) == counts[topic]
        assert parse_qs(urlsplit(page.url).query) == {"topic": [topic]}


def test_explorer_filters_by_text(chromium: Browser, site_url: str, claims: dict[str, dict[str, Any]]) -> None:
    word = "sesame"
    with browsing(chromium) as (page, _):
        open_explorer(page, site_url)
        page.locator("#filter-text").press_sequentially(word.capitalize(), delay=20)
        shown = visible_claim_ids(page)
        assert {i for i, c in claims.items() if word in c["claim"].lower()} <= shown
        texts = page.locator("#claim-list > li:not([hidden])").all_inner_texts()
        assert texts and all(word in t.lower() for t in texts), texts
        assert parse_qs(urlsplit(page.url).query) == {"q": [word.capitalize()]}


def test_explorer_keeps_its_state_in_the_url(chromium: Browser, site_url: str,
                                             claims: dict[str, dict[str, Any]]) -> None:
    false_claims = {i for i, c in claims.items() if c["verdict"]["id"] == "false"}
    with browsing(chromium) as (page, _):
        # A link with the query applies the filter on arrival ...
        open_explorer(page, site_url, "?verdict=false")
        expect(page.locator("#filter-verdict")).to_have_value("false")
        assert visible_claim_ids(page) == false_claims
        # ... more filters go into the URL, and a reload keeps them ...
        page.select_option("#filter-audience", "journalists")
        assert parse_qs(urlsplit(page.url).query) == {"verdict": ["false"], "audience": ["journalists"]}
        shown = visible_claim_ids(page)
        page.reload()
        expect(page.locator("#filter-audience")).to_have_value("journalists")
        expect(page.locator("#filter-verdict")).to_have_value("false")
        assert visible_claim_ids(page) == shown
        screenshot(page, "claims-filtered-desktop")
        # ... and "Clear filters" shows everything again and empties the query.
        page.get_by_role("button", name="Clear filters").click()
        expect(page.locator("#claim-result-count")).to_have_text(f"Showing {len(claims)} of {len(claims)} claims.")
        assert visible_claim_ids(page) == set(claims)
        assert urlsplit(page.url).query == ""
        for select in ("#filter-verdict", "#filter-topic", "#filter-audience", "#filter-text"):
            expect(page.locator(select)).to_have_value("")


def test_explorer_without_javascript_is_the_full_list(chromium: Browser, site_url: str,
                                                      claims: dict[str, dict[str, Any]]) -> None:
    with browsing(chromium, java_script_enabled=False) as (page, _):
        page.goto(f"{site_url}claims/?verdict=false")
        expect(page.locator("#claim-filters")).to_be_hidden()
        assert visible_claim_ids(page) == set(claims)


# --- quiz ----------------------------------------------------------------------------------------------------------

def test_quiz_guess_reveals_the_verdict(chromium: Browser, site_url: str, claims: dict[str, dict[str, Any]]) -> None:
    with browsing(chromium) as (page, _):
        page.goto(f"{site_url}educators/quiz/")
        items = page.locator(".mc-quiz-item")
        assert items.count() > 0
        for index, guess in ((0, "Mostly true"), (1, "Mostly false")):
            item = items.nth(index)
            answer = item.locator("details.mc-quiz-answer")
            expect(answer).not_to_have_attribute("open", "")
            item.get_by_role("button", name=guess).click()
            expect(answer).to_have_attribute("open", "")
            claim = claims[claim_id_of(answer.locator("a").last.evaluate("a => a.pathname"))]
            expect(answer.locator(".mc-badge")).to_be_visible()
            expect(answer.locator(".mc-badge")).to_have_text(f"Verdict: {claim['verdict']['label']}")
            right = (guess == "Mostly true") == (item.get_attribute("data-truthy") == "true")
            expect(item.locator(".mc-quiz-feedback")).to_have_text("Right." if right else "Not quite.")
            expect(item.get_by_role("button", name=guess)).to_have_attribute("aria-pressed", "true")
        expect(page.locator("#quiz-score")).to_have_text(f"Your score: {_score(page)} of 2 answered.")
        screenshot(page, "quiz-answered-desktop")


def _score(page: Page) -> int:
    return page.locator(".mc-quiz-feedback").evaluate_all("ps => ps.filter(p => p.textContent === 'Right.').length")


def test_quiz_answers_work_without_javascript(chromium: Browser, site_url: str,
                                              claims: dict[str, dict[str, Any]]) -> None:
    with browsing(chromium, java_script_enabled=False) as (page, _):
        page.goto(f"{site_url}educators/quiz/")
        items = page.locator(".mc-quiz-item")
        assert items.count() > 0
        expect(page.locator(".mc-quiz-guess").first).to_be_hidden()
        assert page.locator(".mc-quiz-item details.mc-quiz-answer").count() == items.count()
        answer = items.first.locator("details")
        expect(answer.locator(".mc-badge")).to_be_hidden()
        answer.locator("summary").click()
        expect(answer).to_have_attribute("open", "")
        claim = claims[claim_id_of(answer.locator("a").last.evaluate("a => a.pathname"))]
        expect(answer.locator(".mc-badge")).to_have_text(f"Verdict: {claim['verdict']['label']}")
        expect(answer.locator(".mc-badge")).to_be_visible()


# --- citations -----------------------------------------------------------------------------------------------------

def test_copy_button_copies_the_citation(chromium: Browser, site_url: str, claims: dict[str, dict[str, Any]]) -> None:
    claim = next(iter(claims.values()))
    with browsing(chromium, permissions=["clipboard-read", "clipboard-write"]) as (page, _):
        page.goto(site_url + claim_path(claim))
        button = page.get_by_role("button", name="Copy APA")
        expect(button).to_be_visible()
        citation = page.locator(".mc-citation[data-style='APA']").inner_text()
        assert claim["permalink"] in citation
        button.click()
        expect(button).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == citation


# --- every kind of page ----------------------------------------------------------------------------------------------

PAGE_KINDS = {
    "home": "",
    "claims": "claims/",
    "claim": "<claim>",
    "sources": "sources/",
    "glossary": "glossary/",
    "timeline": "timeline/",
    "quiz": "educators/quiz/",
    "corrections": "journalists/corrections/",
    "visitors": "visitors/",
    "educators": "educators/",
    "lesson": "<lesson>",
    "journalists": "journalists/",
    "how-it-works": "how-it-works/",
    "data-format": "about/data-format/",
}
ACCESSIBILITY_KINDS = ["home", "claims", "claim", "visitors", "educators", "lesson", "quiz"]


def resolve(kind: str, real_site: Path, claims: dict[str, dict[str, Any]]) -> str:
    path = PAGE_KINDS[kind]
    if path == "<claim>":
        # The fullest claim page: the most evidence, appearances and related claims.
        claim = max(claims.values(), key=lambda c: (bool(c["what_is_true"]) + bool(c["what_is_false"]),
                                                    len(c["appearances"]) > 0, len(c["related"]) > 0))
        return claim_path(claim)
    if path == "<lesson>":
        lessons = sorted((real_site / "educators" / "lessons").glob("*/index.html"))
        if not lessons:
            pytest.skip("the site has no lessons yet")
        return lessons[0].parent.relative_to(real_site).as_posix() + "/"
    assert (real_site / path / "index.html").is_file(), f"{path} was not built"
    return path


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_loads_cleanly(chromium: Browser, site_url: str, real_site: Path, claims: dict[str, dict[str, Any]],
                            kind: str) -> None:
    """No console errors, no failed or 4xx requests, nothing fetched from anywhere but 127.0.0.1."""
    path = resolve(kind, real_site, claims)
    with browsing(chromium) as (page, traffic):
        response = page.goto(site_url + path, wait_until="networkidle")
        assert response is not None and response.ok
        expect(page.locator("h1").first).to_be_visible()
        assert not traffic.problems(), f"{path}:\n" + "\n".join(traffic.problems())
        # The search index was loaded, and the feed link points into the site.
        assert any(site_path(u, site_url) == "search/search_index.json" for u in traffic.requested)
        feed = page.locator("link[rel=alternate][type='application/atom+xml']")
        expect(feed).to_have_count(1)
        assert site_path(feed.evaluate("l => l.href"), site_url) == "feed.xml"
        screenshot(page, f"{kind}-desktop")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("kind", ACCESSIBILITY_KINDS)
def test_page_is_accessible(chromium: Browser, site_url: str, real_site: Path, claims: dict[str, dict[str, Any]],
                            kind: str, viewport: str) -> None:
    """axe-core, WCAG 2.0 and 2.1 at levels A and AA, with JavaScript running (filters and quiz buttons shown)."""
    path = resolve(kind, real_site, claims)
    with browsing(chromium, viewport) as (page, _):
        page.goto(site_url + path)
        violations = axe_violations(page)
        if viewport == "phone":
            screenshot(page, f"{kind}-phone")
        assert not violations, f"{path} ({viewport}):\n{describe_violations(violations)}"


def test_answered_quiz_and_filtered_explorer_are_accessible(chromium: Browser, site_url: str) -> None:
    """The states the scripts create: an opened answer with feedback, an explorer with a filter applied."""
    with browsing(chromium) as (page, _):
        page.goto(f"{site_url}educators/quiz/")
        page.locator(".mc-quiz-item").first.get_by_role("button", name="Mostly false").click()
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        open_explorer(page, site_url, "?verdict=mostly-false&q=score")
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)


# --- HTML validity and our copies of Material's templates -----------------------------------------------------------

@pytest.mark.xdist_group("html-checker")
def test_every_page_is_valid_html(real_site: Path) -> None:
    errors = vnu_errors(real_site)
    assert not errors, f"{len(errors)} HTML error(s):\n{describe_vnu(errors, real_site)}"


@pytest.mark.parametrize("name", OVERRIDE_EDITS)
def test_overrides_are_materials_templates_plus_documented_edits(name: str) -> None:
    ours = (ROOT / "overrides" / name).read_text(encoding="utf-8")
    assert ours == expected_override(name), (
        f"overrides/{name} differs from {MATERIAL_TEMPLATES / name} plus the edits in browser_support.OVERRIDE_EDITS;"
        " after a Material upgrade, copy the template again and re-apply the edits")
