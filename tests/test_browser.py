"""The built site in a real browser: Playwright driving Debian's Chromium against the real site served on 127.0.0.1.

What a reader does: search (English and Chinese), filter the claims explorer, play the quiz (with and without
JavaScript), copy a citation. What every page must be: free of console errors, failed requests and requests that
leave 127.0.0.1; free of WCAG 2.1 A/AA violations (axe-core) on desktop and phone; valid HTML (Nu HTML checker).
Screenshots of key pages go to test-artifacts/screenshots/ for people to look at.

Expectations come from the data the site was built from (claims.json, glossary.json in the built site), not from
prose, so the content can change under these tests. All browser tests share one xdist group, so that under
`--dist loadgroup` one worker owns the browser; the HTML checker has a group of its own, as it needs no browser.
Fixtures are module-scoped, so the tests stay correct wherever xdist sends them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, expect

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
    screenshot,
    search,
    site_path,
    vnu_errors,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
expect.set_options(timeout=10_000)  # the default 5 s is tight when both workers are busy on a 2-core machine

TOP = 5  # "among the first results": the first five result pages


# --- fixtures -------------------------------------------------------------------------------------------------------

# site_url (the real site on a local server) and chromium come from conftest.py.

@pytest.fixture(scope="session")
def claims(real_site: Path) -> dict[str, dict[str, Any]]:
    """The claims export of the built site, by id."""
    data = json.loads((real_site / "claims.json").read_text(encoding="utf-8"))
    return {c["id"]: c for c in data["claims"]}


def _export(real_site: Path, name: str, key: str) -> list[dict[str, Any]]:
    return list(json.loads((real_site / name).read_text(encoding="utf-8"))[key])


@pytest.fixture(scope="session")
def glossary(real_site: Path) -> list[dict[str, Any]]:
    return _export(real_site, "glossary.json", "terms")


Contexts = dict[str, tuple[BrowserContext, Traffic]]


def _new_context(chromium: Browser, viewport: str, **options: Any) -> tuple[BrowserContext, Traffic]:
    context = chromium.new_context(**VIEWPORTS[viewport], **options)
    context.set_default_timeout(10_000)
    return context, Traffic().watch(context)


@pytest.fixture(scope="module")
def contexts(chromium: Browser) -> Iterator[Contexts]:
    """One browser context per viewport (desktop, phone), shared by the tests: a context costs more than a tab."""
    made = {viewport: _new_context(chromium, viewport) for viewport in VIEWPORTS}
    yield made
    for context, _ in made.values():
        context.close()


@contextmanager
def tab(contexts: Contexts, viewport: str = "desktop") -> Iterator[tuple[Page, Traffic]]:
    """A new tab in the shared context, with everything that goes wrong on the network or console recorded."""
    context, traffic = contexts[viewport]
    traffic.clear()
    page = context.new_page()
    try:
        yield page, traffic
    finally:
        page.close()


@contextmanager
def browsing(chromium: Browser, **options: Any) -> Iterator[tuple[Page, Traffic]]:
    """A context of its own: for a first visit, or for options the shared ones lack (no JavaScript, clipboard)."""
    context, traffic = _new_context(chromium, "desktop", **options)
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


def test_search_results_are_accessible(search_page: Page, site_url: str) -> None:
    search(search_page, "blacklist", site_url)
    screenshot(search_page, "search-results-desktop", full_page=False)
    violations = axe_violations(search_page)
    assert not violations, describe_violations(violations)


def _pages_containing(term: str, real_site: Path, claims: dict[str, dict[str, Any]]) -> set[str]:
    """The pages whose data (claims, glossary, timeline, bibliography) contains ``term``. A claim's known phrasings
    (variants) are not in claims.json: they are read from its file."""
    pages = {claim_path(c) for c in claims.values()
             if term in " ".join([c["claim"], c["summary"], c.get("what_is_true") or "", c.get("what_is_false") or "",
                                  *(e["text"] for e in c["evidence"])])
             or term in " ".join(yaml.safe_load((ROOT / "claims" / f"{c['id']}.yml").read_text("utf-8"))
                                 .get("variants") or [])}
    for page, name, key, fields in [("glossary/", "glossary.json", "terms", ("term", "original", "definition")),
                                    ("timeline/", "timeline.json", "events", ("title", "text")),
                                    ("sources/", "sources.json", "sources", ("title", "publisher", "note"))]:
        if any(term in (record.get(f) or "") for record in _export(real_site, name, key) for f in fields):
            pages.add(page)
    return pages


def test_search_finds_chinese_terms(search_page: Page, site_url: str, real_site: Path,
                                    claims: dict[str, dict[str, Any]]) -> None:
    """失信 ("untrustworthy") is a word of its own inside longer terms such as 失信被执行人: the index holds every
    pair of neighbouring Han characters as a word, and the search script turns a query into the same pairs."""
    term = "失信"
    expected = _pages_containing(term, real_site, claims)
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
    inner = next(((word, t) for t in glossary for word in jieba.lcut(t["original"])
                  if len(word) >= 2 and not t["original"].startswith(word)), None)
    assert inner, "no glossary term has a Chinese word inside a longer term"
    word, term = inner
    results = search(search_page, word, site_url)
    assert "glossary/" in results[:TOP], f"{word} (inside {term['original']}) not found in the glossary: {results}"


@pytest.mark.parametrize("word", ["异常", "名录", "规划纲要"])
def test_search_finds_chinese_words_inside_glossary_and_source_entries(search_page: Page, site_url: str,
                                                                       real_site: Path, word: str) -> None:
    """Words the issue names, each inside longer runs of Han characters in the glossary or the bibliography: the
    result links to the entry itself (its anchor), not only to the page."""
    entries = {f"glossary/#{t['id']}" for t in _export(real_site, "glossary.json", "terms")
               if word in (t.get("original") or "") + (t.get("definition") or "")}
    entries |= {f"sources/#{s['id']}" for s in _export(real_site, "sources.json", "sources")
                if word in (s.get("title") or "") + (s.get("publisher") or "")}
    assert entries, f"no glossary or source entry contains {word}; pick another word"
    search(search_page, word, site_url)
    links = search_page.locator(".md-search-result__list > li > a").evaluate_all(
        "els => els.map(e => { const u = new URL(e.href); return u.pathname + u.hash; })")
    found = {link.removeprefix(urlsplit(site_url).path) for link in links}
    assert found & entries, f"{word}: none of {sorted(entries)[:5]} among {sorted(found)[:10]}"


def test_search_filters_by_verdict_topic_and_audience(search_page: Page, site_url: str,
                                                      claims: dict[str, dict[str, Any]]) -> None:
    """verdict:, topic: and audience: narrow the results to claims that carry them, alone or with words."""
    false_claims = {claim_path(c) for c in claims.values() if c["verdict"]["id"] == "false"}
    results = search(search_page, "verdict:false", site_url)
    assert results and set(results) <= false_claims, set(results) - false_claims
    expect(search_page.locator(".md-search-result__meta")).to_have_text(
        f"{min(len(false_claims), 10)} matching documents")  # claims rated false, up to the 10 shown
    badges = search_page.locator(".md-search-result__list .mc-badge").evaluate_all(
        "els => els.map(e => e.dataset.verdict)")
    assert badges and set(badges) == {"false"}  # each claim shows its verdict badge beside its short answer
    for query, wanted in (("topic:visitors", lambda c: "visitors" in c["topics"]),
                          ("audience:Travel score", lambda c: "travelers" in c["audiences"])):
        expected = {claim_path(c) for c in claims.values() if wanted(c)}
        results = search(search_page, query, site_url)
        assert results and set(results) <= expected, (query, set(results) - expected)
    assert search(search_page, "verdict:no-such-verdict", site_url) == []


def test_search_works_from_the_keyboard(contexts: Contexts, site_url: str) -> None:
    """"/" opens search from anywhere on the page, a query with no match says so, the arrow keys walk the results
    and Enter opens the one chosen."""
    with tab(contexts, "desktop") as (page, _):
        page.goto(site_url)
        page.keyboard.press("/")
        box = page.locator("input.md-search__input")
        expect(box).to_be_focused()
        page.keyboard.type("qxjvqxjv")
        expect(page.locator(".md-search-result__meta")).to_have_text("No matching documents")
        box.fill("")
        page.keyboard.type("Nosedive")
        links = page.locator(".md-search-result__list > li > a")
        # Typing runs a query per prefix; wait for the answer to the whole word (its links highlight "nosedive"),
        # else a late answer redraws the list under the arrow keys and the focus goes with it.
        expect(links.first).to_have_attribute("href", re.compile(r"[?&]h=nosedive(&|#|$)"))
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        expect(links.nth(1)).to_be_focused()
        chosen = site_path(links.nth(1).evaluate("a => a.href"), site_url)
        page.keyboard.press("Enter")
        page.wait_for_load_state()
        expect(page).not_to_have_url(site_url)
        assert site_path(page.url, site_url) == chosen


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


def test_explorer_lists_every_claim(contexts: Contexts, site_url: str, claims: dict[str, dict[str, Any]]) -> None:
    with tab(contexts) as (page, _):
        open_explorer(page, site_url)
        assert visible_claim_ids(page) == set(claims)
        expect(page.locator("#claim-result-count")).to_have_text(f"Showing {len(claims)} of {len(claims)} claims.")


@pytest.mark.parametrize(("field", "select", "value"), [
    ("verdict", "#filter-verdict", "false"),
    ("audience", "#filter-audience", "travelers"),
])
def test_explorer_filters_by_choice(contexts: Contexts, site_url: str, claims: dict[str, dict[str, Any]],
                                    field: str, select: str, value: str) -> None:
    expected = {i for i, c in claims.items()
                if (c["verdict"]["id"] == value if field == "verdict" else value in c["audiences"])}
    assert 0 < len(expected) < len(claims), f"{field}={value} does not split the dataset; pick another value"
    with tab(contexts) as (page, _):
        open_explorer(page, site_url)
        page.select_option(select, value)
        assert visible_claim_ids(page) == expected
        expect(page.locator("#claim-result-count")).to_have_text(f"Showing {len(expected)} of {len(claims)} claims.")
        assert parse_qs(urlsplit(page.url).query) == {field: [value]}


def test_explorer_filters_by_topic(contexts: Contexts, site_url: str, claims: dict[str, dict[str, Any]]) -> None:
    with tab(contexts) as (page, _):
        open_explorer(page, site_url)
        topics = [v for v in page.locator("#filter-topic option").evaluate_all("os => os.map(o => o.value)") if v]
        counts = {t: {i for i, c in claims.items() if t in c["topics"]} for t in topics}
        topic = max((t for t in topics if len(counts[t]) < len(claims)), key=lambda t: len(counts[t]))
        page.select_option("#filter-topic", topic)
        assert visible_claim_ids(page) == counts[topic]
        assert parse_qs(urlsplit(page.url).query) == {"topic": [topic]}


def test_explorer_filters_by_text(contexts: Contexts, site_url: str, claims: dict[str, dict[str, Any]]) -> None:
    word = "sesame"
    with tab(contexts) as (page, _):
        open_explorer(page, site_url)
        page.locator("#filter-text").press_sequentially(word.capitalize(), delay=20)
        shown = visible_claim_ids(page)
        assert {i for i, c in claims.items() if word in c["claim"].lower() or word in c["summary"].lower()} <= shown
        searched = page.locator("#claim-list > li:not([hidden])").evaluate_all("els => els.map(e => e.dataset.search)")
        assert searched and all(word in t.lower() for t in searched), searched
        assert parse_qs(urlsplit(page.url).query) == {"words": [word.capitalize()]}


def test_explorer_keeps_its_state_in_the_url(contexts: Contexts, site_url: str,
                                             claims: dict[str, dict[str, Any]]) -> None:
    false_claims = {i for i, c in claims.items() if c["verdict"]["id"] == "false"}
    with tab(contexts) as (page, _):
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
        for select in ("#filter-verdict", "#filter-topic", "#filter-audience", "#filter-sort", "#filter-text"):
            expect(page.locator(select)).to_have_value("")


def test_explorer_words_in_the_url_do_not_open_materials_search(contexts: Contexts, site_url: str) -> None:
    """Material opens its search dialog for ?q= on any page, so the explorer keeps its words in ?words=."""
    with tab(contexts) as (page, _):
        open_explorer(page, site_url, "?words=sesame")
        expect(page.locator("#filter-text")).to_have_value("sesame")
        page.wait_for_timeout(300)  # Material acts on ?q= right after it starts; give it the chance to misbehave
        assert not page.locator("#__search").is_checked()
        expect(page.locator(".md-search__input")).to_have_value("")


def test_explorer_sorts_by_verdict(contexts: Contexts, site_url: str) -> None:
    with tab(contexts) as (page, _):
        open_explorer(page, site_url, "?sort=verdict")
        ranks = page.locator("#claim-list > li").evaluate_all("els => els.map(e => Number(e.dataset.verdictRank))")
        assert ranks == sorted(ranks) and ranks[0] < ranks[-1]


def test_explorer_without_javascript_is_the_full_list(chromium: Browser, site_url: str,
                                                      claims: dict[str, dict[str, Any]]) -> None:
    with browsing(chromium, java_script_enabled=False) as (page, _):
        page.goto(f"{site_url}claims/?verdict=false")
        expect(page.locator("#claim-filters")).to_be_hidden()
        assert visible_claim_ids(page) == set(claims)


# --- quiz ----------------------------------------------------------------------------------------------------------

def test_quiz_guess_reveals_the_verdict(contexts: Contexts, site_url: str, claims: dict[str, dict[str, Any]]) -> None:
    with tab(contexts) as (page, _):
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
            verdict = claim["verdict"]["id"]
            if verdict in ("mixed", "unproven", "outdated"):
                expected = "Not clear-cut: see why below."
            else:
                right = (guess == "Mostly true") == (verdict in ("true", "mostly-true"))
                expected = "Right." if right else "Not quite."
            expect(item.locator(".mc-quiz-feedback")).to_have_text(expected)
            expect(item.get_by_role("button", name=guess)).to_have_attribute("aria-pressed", "true")
        expect(page.locator("#quiz-score")).to_have_text(f"Your score: {_score(page)} right out of 2 answered.")
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
        button = page.locator(".mc-copy[data-copy-style='APA']")
        expect(button).to_have_accessible_name("Copy APA")
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
    """No console errors, no failed or 4xx requests, nothing fetched from anywhere but 127.0.0.1, on a first visit
    (a fresh context, nothing cached)."""
    path = resolve(kind, real_site, claims)
    with browsing(chromium) as (page, traffic):
        response = page.goto(site_url + path)
        assert response is not None and response.ok
        expect(page.locator("h1").first).to_be_visible()
        # Search a word, so that the search's own requests (the Pagefind index chunks) are judged too; then wait
        # for the network to settle, so that late requests are judged as well.
        with page.expect_response(lambda r: site_path(r.url, site_url).startswith("pagefind/fragment/")):
            search(page, "credit", site_url)
        page.wait_for_load_state("networkidle")
        assert not traffic.problems(), f"{path}:\n" + "\n".join(traffic.problems())
        # The feed link points into the site (an absolute one would make Material fetch the production host).
        feed = page.locator("link[rel=alternate][type='application/atom+xml']")
        expect(feed).to_have_count(1)
        assert site_path(feed.evaluate("l => l.href"), site_url) == "feed.xml"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("kind", ACCESSIBILITY_KINDS)
def test_page_is_accessible(contexts: Contexts, site_url: str, real_site: Path, claims: dict[str, dict[str, Any]],
                            kind: str, viewport: str) -> None:
    """axe-core, WCAG 2.0 and 2.1 at levels A and AA, with JavaScript running (filters and quiz buttons shown)."""
    path = resolve(kind, real_site, claims)
    with tab(contexts, viewport) as (page, _):
        page.goto(site_url + path)
        violations = axe_violations(page)
        screenshot(page, f"{kind}-{viewport}")
        assert not violations, f"{path} ({viewport}):\n{describe_violations(violations)}"


def test_answered_quiz_and_filtered_explorer_are_accessible(contexts: Contexts, site_url: str) -> None:
    """The states the scripts create: an opened answer with feedback, an explorer with a filter applied."""
    with tab(contexts) as (page, _):
        page.goto(f"{site_url}educators/quiz/")
        page.locator(".mc-quiz-item").first.get_by_role("button", name="Mostly false").click()
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
        open_explorer(page, site_url, "?verdict=mostly-false&words=score")
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)


def test_phone_navigation_drawer_is_accessible(contexts: Contexts, site_url: str) -> None:
    with tab(contexts, "phone") as (page, _):
        page.goto(f"{site_url}educators/quiz/")
        page.locator("label.md-header__button[for='__drawer']").click()
        expect(page.locator("#__drawer")).to_be_checked()
        expect(page.locator(".md-sidebar--primary")).to_be_in_viewport()
        violations = axe_violations(page)
        screenshot(page, "navigation-drawer-phone", full_page=False)
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
