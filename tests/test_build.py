"""End to end: build the tiny fixture site with MkDocs and read the HTML a reader gets."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort

from conftest import BuildResult, build_project


def text(element: object) -> str:
    """Visible text with white space folded, as a reader sees it."""
    return " ".join(element.get_text(" ").split())  # type: ignore[attr-defined]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.fixture
def built(fixture_project: Path) -> BuildResult:
    result = build_project(fixture_project)
    assert result.error is None, result.messages
    return result


def test_claim_page_parts(built: BuildResult) -> None:
    page = soup(built.site_dir / "claims" / "alpha-claim" / "index.html")
    article = page.select_one("article.mc-claim")
    assert article is not None
    assert article.select_one("h1").get_text(strip=True) == "Everyone has a single score."
    badge = article.select_one(".mc-verdict-line .mc-badge")
    assert text(badge) == "Verdict: False"  # text, never colour alone
    assert badge["data-verdict"] == "false" and not badge.has_attr("style")
    css = (built.site_dir / "assets" / "mkdocs_claims" / "verdicts.css").read_text()
    assert '.mc-badge[data-verdict="false"] { --mc-verdict: #8b0000; }' in css
    assert article.select_one("#short-answer").find_next("p").get_text() == "No. There is no single score for everyone."
    assert text(article.select_one(".mc-what-true")) == "What is true Some lists exist."
    assert text(article.select_one(".mc-what-false")) == "What is not There is no single number."
    assert page.title.get_text().startswith("Everyone has a single score.")


def test_citations_resolve_to_the_page_source_list(built: BuildResult) -> None:
    page = soup(built.site_dir / "claims" / "alpha-claim" / "index.html")
    cites = page.select("ol.mc-evidence a.mc-cite")
    assert [c.get_text() for c in cites] == ["[1]", "[2]", "[3]"]
    sources = page.select("ol.mc-sources > li")
    ids = {li["id"] for li in sources}
    for cite in cites:
        assert cite["href"].lstrip("#") in ids
    first = page.select_one("#source-1")
    assert first.select_one("cite").get_text() == "A Primary Document"
    assert first.select_one("a[href='https://example.org/primary']") is not None
    assert first.select_one("a.mc-archived")["href"] == "https://web.archive.org/web/2024/https://example.org/primary"
    assert "State Council, 14 June 2014" in text(first)
    third = text(page.select_one("#source-3"))
    assert third.startswith("Jane Reporter. A News Story . Daily Paper, February 2019.")
    quote = page.select_one("blockquote.mc-quote")
    assert quote.p.get_text() == "several distinct systems"
    assert quote.footer.a["href"] == "#source-2"


def test_claim_page_appearances_related_history(built: BuildResult) -> None:
    page = soup(built.site_dir / "claims" / "alpha-claim" / "index.html")
    appearance = text(page.select_one("ul.mc-appearances li"))
    assert appearance.startswith("18 February 2019 : A News Story (Jane Reporter, Daily Paper). Repeats the claim.")
    related = page.select_one("ul.mc-related a")
    assert related["href"] == "../beta-claim/" and related.get_text() == "Court blacklists restrict train travel."
    history = text(page.select_one(".mc-history"))
    assert "Published 1 October 2026 . Last reviewed 1 November 2026 ." in history
    assert [text(li) for li in page.select(".mc-changelog li")] == [
        "1 November 2026 : Added a study.", "1 October 2026 : First published."]
    assert page.select_one("a.mc-permalink")["href"] == "https://fixture-factchecks.net/claims/alpha-claim/"
    styles = [dt.get_text() for dt in page.select(".mc-citations dt")]
    assert styles == ["APA", "MLA", "Chicago"]


def test_claim_pages_stay_out_of_navigation(built: BuildResult) -> None:
    page = soup(built.site_dir / "claims" / "alpha-claim" / "index.html")
    nav_links = [a["href"] for a in page.select("nav.md-nav--primary a.md-nav__link")]
    assert not any("beta-claim" in href for href in nav_links)
    assert not any("Not included in the \"nav\"" in m and "alpha-claim" in m for m in built.messages)


def test_claims_index(built: BuildResult) -> None:
    page = soup(built.site_dir / "claims" / "index.html")
    items = page.select("#claim-list li.mc-claim-item")
    assert [i.a.get_text() for i in items] == ["Court blacklists restrict train travel.",
                                               "Everyone has a single score."]
    assert items[1]["data-verdict"] == "false" and items[1]["data-topics"] == "scores"
    assert items[1]["data-audiences"] == "journalists travelers"
    counts = {c["data-count-verdict"]: c.get_text() for c in page.select("[data-count-verdict]")}
    assert counts == {"true": "1", "false": "1"}
    assert {o["value"] for o in page.select("#filter-topic option") if o["value"]} == {"scores", "lists"}


def test_bibliography(built: BuildResult) -> None:
    page = soup(built.site_dir / "sources" / "index.html")
    entry = page.select_one("li#news-story")
    assert entry is not None and "Daily Paper" in entry.get_text()
    citing = [a.get_text() for a in entry.select("details.mc-citing a")]
    assert citing == ["Everyone has a single score.", "Court blacklists restrict train travel."]
    assert page.select_one("#kind-primary") is not None and page.select_one("#kind-academic") is not None


def test_embedded_card_and_directives(built: BuildResult) -> None:
    page = soup(built.site_dir / "index.html")
    card = page.select_one("aside.mc-card")
    assert text(card.select_one(".mc-card-claim")) == "Claim: Everyone has a single score."
    assert card.select_one(".mc-badge")["data-verdict"] == "false"
    assert card.select_one(".mc-card-link a")["href"] == "claims/alpha-claim/"
    grid = [a.get_text() for a in page.select("ul.mc-grid a.mc-grid-claim")]
    assert grid == ["Everyone has a single score."]
    body = text(page.select_one("article"))
    assert "Count: 2. Updated: 1 November 2026." in body
    assert "[[claim:no-such-claim]]" in body  # inside inline code: shown, not expanded


def test_unknown_claim_in_content_fails_naming_page_and_line(fixture_project: Path) -> None:
    page = fixture_project / "content" / "guide.md"
    page.write_text("# Guide\n\nSome text.\n\n[[claim:no-such-claim]]\n")
    result = build_project(fixture_project)
    assert isinstance(result.error, Abort)
    assert ("content/guide.md:5: [[claim:no-such-claim]]: unknown claim 'no-such-claim'; claim ids are the file "
            "names in claims/") in result.messages


def test_failed_build_leaves_previous_site(fixture_project: Path) -> None:
    first = build_project(fixture_project)
    assert first.error is None
    before = {p: p.read_bytes() for p in first.site_dir.rglob("*") if p.is_file()}
    claim = fixture_project / "claims" / "beta-claim.yml"
    claim.write_text(claim.read_text().replace('verdict: "true"', "verdict: maybe"))
    second = build_project(fixture_project)
    assert isinstance(second.error, Abort)
    assert any(m.startswith("claims/beta-claim.yml:3: verdict: unknown verdict 'maybe'") for m in second.messages)
    after = {p: p.read_bytes() for p in first.site_dir.rglob("*") if p.is_file()}
    assert after == before


def test_strict_build_fails_on_dataset_warnings(fixture_project: Path) -> None:
    claim = fixture_project / "claims" / "beta-claim.yml"
    claim.write_text(claim.read_text().replace("reviewed: 2026-11-01", "reviewed: 2024-01-01"))
    assert build_project(fixture_project).error is None
    result = build_project(fixture_project, strict=True)
    assert isinstance(result.error, Abort)
    assert ("claims/beta-claim.yml:13: reviewed: last reviewed 2024-01-01, more than 365 days ago; check the "
            "verdict and update 'reviewed'") in result.messages


def test_stale_claim_tells_readers(fixture_project: Path) -> None:
    claim = fixture_project / "claims" / "beta-claim.yml"
    claim.write_text(claim.read_text().replace("reviewed: 2026-11-01", "reviewed: 2024-01-01"))
    result = build_project(fixture_project)
    page = soup(result.site_dir / "claims" / "beta-claim" / "index.html")
    note = page.select_one(".mc-stale")
    assert note is not None and "may be out of date" in note.get_text()
    assert "Last reviewed 1 January 2024" in note.get_text()


def _set_site_url(project: Path, line: str) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_url: https://fixture-factchecks.net/\n", line))


@pytest.mark.parametrize("site_url_line", ["", "site_url: https://myth-vs-fact.example.org/\n",
                                           "site_url: https://facts.test/\n"])
def test_strict_build_refuses_a_preview_unless_asked(fixture_project: Path, site_url_line: str) -> None:
    _set_site_url(fixture_project, site_url_line)
    result = build_project(fixture_project, strict=True)
    assert result.error is not None
    assert "this would be a preview build" in " ".join(result.messages) + str(result.error)
    assert not (result.site_dir / "index.html").exists()


@pytest.mark.parametrize("site_url_line", ["", "site_url: https://myth-vs-fact.example.org/\n"])
def test_preview_build_shows_paths_and_says_so(fixture_project: Path, site_url_line: str) -> None:
    _set_site_url(fixture_project, site_url_line)
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("organisation: Fixture Org", "organisation: Fixture Org\n"
                                                 "      preview: true"))
    result = build_project(fixture_project, strict=True)
    assert result.error is None, result.messages
    page = soup(result.site_dir / "claims" / "alpha-claim" / "index.html")
    assert "Preview" in page.select_one(".mc-preview-banner").get_text()
    permalink = page.select_one(".mc-permalink")
    assert permalink.name == "code" and permalink.get_text() == "/claims/alpha-claim/"
    assert "set when the site is published" in page.select_one(".mc-cite-this").get_text()
    for citation in page.select(".mc-citation"):
        assert "/claims/alpha-claim/ (preview" in citation.get_text()
    assert page.find("link", rel="canonical") is None
    assert page.find("meta", property="og:url") is None
    home = soup(result.site_dir / "index.html")
    assert home.select_one(".mc-preview-banner") is not None
    for path in result.site_dir.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".csv", ".txt", ".bib", ".ris"):
            assert "myth-vs-fact.example.org" not in path.read_text(encoding="utf-8-sig"), path


def test_published_build_has_no_preview_notice(fixture_project: Path) -> None:
    result = build_project(fixture_project, strict=True)
    assert result.error is None, result.messages
    page = soup(result.site_dir / "claims" / "alpha-claim" / "index.html")
    assert page.select_one(".mc-preview-banner") is None
    assert page.select_one("a.mc-permalink")["href"] == "https://fixture-factchecks.net/claims/alpha-claim/"


def test_hand_written_page_may_not_shadow_a_generated_one(fixture_project: Path) -> None:
    (fixture_project / "content" / "sources.md").write_text("# Mine\n")
    result = build_project(fixture_project)
    assert result.error is not None
    assert "content/sources.md exists, but the claims plugin generates that page" in str(result.error) + " ".join(
        result.messages)


def test_site_can_override_a_template(fixture_project: Path) -> None:
    overrides = fixture_project / "overrides" / "claims"
    overrides.mkdir(parents=True)
    (overrides / "card.html").write_text('<aside class="custom-card">{{ claim.id }}</aside>\n')
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  font: false\n", "  font: false\n  custom_dir: overrides\n"))
    result = build_project(fixture_project)
    assert result.error is None, result.messages
    assert soup(result.site_dir / "index.html").select_one("aside.custom-card").get_text() == "alpha-claim"


def test_site_can_redefine_one_block_of_the_claim_page(fixture_project: Path) -> None:
    """A site's claims/claim.html extends the package's base and changes one block; the rest stays the package's."""
    overrides = fixture_project / "template-overrides" / "claims"
    overrides.mkdir(parents=True)
    (overrides / "claim.html").write_text('{% extends "claims/base/claim.html" %}\n'
                                          '{% block verdict %}{{ super() }}<p class="our-note">{{ v.id }}</p>'
                                          '{% endblock %}\n{% block sources %}{% endblock %}\n')
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("organisation: Fixture Org",
                                                 "organisation: Fixture Org\n      templates_dir: template-overrides"))
    result = build_project(fixture_project)
    assert result.error is None, result.messages
    page = soup(result.site_dir / "claims" / "alpha-claim" / "index.html")
    note = page.select_one("p.mc-verdict-line + p.our-note")
    assert note is not None and note.get_text() == page.select_one(".mc-verdict-line [data-verdict]")["data-verdict"]
    assert page.select_one("ol.mc-sources") is None
    assert page.select_one("section.mc-summary") is not None and page.select_one("ol.mc-evidence") is not None


def test_no_third_party_requests_in_markup(built: BuildResult) -> None:
    for path in built.site_dir.rglob("*.html"):
        page = soup(path)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in page.find_all(tag):
                url = element.get(attribute) or ""
                if tag == "link" and element.get("rel") in (["canonical"],):
                    continue
                assert not url.startswith(("http://", "https://", "//")), (path, tag, url)


def test_offline_edition_is_published_and_linked_with_its_size(fixture_project: Path) -> None:
    import zipfile

    with zipfile.ZipFile(fixture_project / "site-offline.zip", "w") as archive:
        archive.writestr("site-offline/index.html", "<!doctype html><title>x</title>" + "x" * 5000)
    size = (fixture_project / "site-offline.zip").stat().st_size
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("organisation: Fixture Org",
                                                 "organisation: Fixture Org\n      offline_zip: site-offline.zip"))
    (fixture_project / "content" / "index.md").write_text("# Home\n\n[[offline-edition]]\n")
    result = build_project(fixture_project, strict=True)
    assert result.error is None, result.messages
    box = soup(result.site_dir / "index.html").select_one("aside.mc-offline")
    link = box.find("a")
    assert link["href"] == "downloads/site-offline.zip" and link.has_attr("download")
    assert (result.site_dir / "downloads" / "site-offline.zip").read_bytes() == (
        fixture_project / "site-offline.zip").read_bytes()
    assert f"zip, {size / 1000:.1f} kB" in text(box)
    assert "open index.html" in text(box)


def test_offline_edition_box_without_a_zip_has_no_dead_link(fixture_project: Path) -> None:
    (fixture_project / "content" / "index.md").write_text("# Home\n\n[[offline-edition]]\n")
    result = build_project(fixture_project, strict=True)
    assert result.error is None, result.messages
    box = soup(result.site_dir / "index.html").select_one("aside.mc-offline")
    assert box.find("a") is None and "make publish" in text(box)


def test_quiz_stops_at_its_question_limit(fixture_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A site with thousands of quiz claims gets a class quiz, not a page over the size cap: the quiz, the sheet
    and the key show the first quiz_limit claims by id, the same ones, and say how many."""
    from mkdocs_claims.render import paging

    monkeypatch.setattr(paging, "QUIZ_QUESTIONS", 1)
    result = build_project(fixture_project)
    assert result.error is None, result.logs
    site = result.site_dir / "educators"
    for page, selector in (("quiz", "li[data-truthy]"), ("quiz-sheet", "ol > li"), ("quiz-key", "ol > li")):
        soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert len(soup.select(f"article {selector}")) == 1, page
        assert "beta-claim" not in str(soup.select_one("article")), page  # alpha-claim comes first by id
