"""A generated 2,000-claim site (tools/bench_projects.py), built once for this module: no page grows with the data.

Long lists are cut over numbered pages; the explorer's filters still search every claim from its first page.
Share cards are off here: they are images, not pages, and drawing 2,000 of them would only slow the suite.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_project

sys.path.insert(0, str(ROOT / "tools"))
import bench_projects

CLAIMS = 2000
PAGE_CAP = 500_000


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("large")
    claims, sources = bench_projects.make_dataset(CLAIMS)
    project = bench_projects.write_claims_project(root / "project", claims, sources)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("organisation: Bench Org",
                                                 "organisation: Bench Org\n      share_cards: false"))
    result = build_project(project, root / "site")
    assert result.error is None, f"{result.error}\n" + "\n".join(result.messages[-20:])
    return root / "site"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _series(site: Path, first: str) -> list[Path]:
    """The first page of a list and its numbered pages, in order."""
    rest = sorted((site / first / "page").glob("*/index.html"), key=lambda p: int(p.parent.name))
    return [site / first / "index.html", *rest]


def test_no_html_page_exceeds_500_kb(large_site: Path) -> None:
    sizes = {p.relative_to(large_site).as_posix(): p.stat().st_size for p in large_site.rglob("*.html")}
    assert len(sizes) > 2 * CLAIMS
    assert {path: size for path, size in sizes.items() if size > PAGE_CAP} == {}
    # The lists that would have grown are split, each page linking every other.
    for first in ("claims", "sources", "journalists/corrections"):
        pages = _series(large_site, first)
        assert len(pages) > 2, first
        pager = _soup(pages[1]).select_one("nav.mc-pager")
        assert pager is not None and pager.select_one('[aria-current="page"]').get_text() == "2"
        assert len(pager.select("a")) == len(pages) - 1 + 2  # the other pages, previous and next


def test_every_claim_and_source_is_on_exactly_one_page_of_its_list(large_site: Path) -> None:
    listed = [a["href"] for page in _series(large_site, "claims") for a in _soup(page).select("#claim-list a")]
    assert len(listed) == len(set(listed)) == CLAIMS
    anchors: dict[str, Path] = {}
    for page in _series(large_site, "sources"):
        for item in _soup(page).select("ul.mc-bibliography > li[id]"):
            assert item["id"] not in anchors
            anchors[item["id"]] = page
    assert len(anchors) == bench_projects.SOURCE_COUNT
    # A claim page's "In the bibliography" links go to the page of the bibliography that lists the source.
    claim_page = large_site / "claims" / bench_projects.claim_id(CLAIMS - 1) / "index.html"
    links = _soup(claim_page).select("a.mc-all-citing")
    assert links
    for link in links:
        path, anchor = link["href"].split("#")
        assert (claim_page.parent / path / "index.html").resolve() == anchors[anchor].resolve()


def test_explorer_filters_find_a_claim_listed_on_a_later_page(large_site: Path, chromium: Any) -> None:
    from browser_support import serve

    last_page = _series(large_site, "claims")[-1]
    item = _soup(last_page).select("#claim-list li")[-1]
    wanted = item.select_one("a")["href"].strip("/").split("/")[-1]
    title = item.select_one("a").get_text()
    assert not any(wanted in a["href"] for a in _soup(large_site / "claims" / "index.html").select("#claim-list a"))
    with serve(large_site) as url:
        page = chromium.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url + "claims/")
        page.locator("#filter-text").fill(title)
        visible = _poll(lambda: page.locator("#claim-list > li:not([hidden]) a").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"), lambda hrefs: any(wanted in h for h in hrefs))
        assert any(wanted in h for h in visible), visible[:5]
        assert page.locator("#claim-result-count").text_content() == f"Showing {len(visible)} of {CLAIMS} claims."
        # The link leads to the claim; the pager hides while the list shows every page's claims.
        assert page.locator("nav.mc-pager").first.is_hidden()
        href = page.locator(f"#claim-list > li:not([hidden]) a[href*='{wanted}']").first.evaluate("a => a.href")
        assert href == f"{url}claims/{wanted}/"
        response = page.goto(href)
        assert response is not None and response.ok and page.locator("h1").first.text_content() == title
        # A verdict filter from the URL, on a later page, also covers every claim.
        page.goto(url + "claims/page/3/?verdict=false")
        expected = sum(len(_soup(p).select('#claim-list li[data-verdict="false"]'))
                       for p in _series(large_site, "claims"))
        assert expected > 0
        counts = _poll(lambda: page.locator("#claim-result-count").text_content() or "",
                       lambda text: text == f"Showing {expected} of {CLAIMS} claims.")
        assert counts == f"Showing {expected} of {CLAIMS} claims."
        assert errors == []
        page.close()


def _poll(read: Any, done: Any, timeout: float = 20.0) -> Any:
    """Read a value from the page until ``done(value)`` (the page's policy forbids evaluating strings to wait)."""
    deadline = time.monotonic() + timeout
    value = read()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(0.1)
        value = read()
    return value

