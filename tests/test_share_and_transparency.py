"""Share, embed, cite: machine-friendly alternates, llms.txt, ClaimReview's publisher and dates, the transparency
facts, and the worksheets, checked on the built files (the browser checks are in test_share_in_browser.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import TEST_SITE_URL, build_project


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def claim_ids(real_site: Path) -> set[str]:
    return {c["id"] for c in json.loads((real_site / "claims.json").read_text())["claims"]}


def test_llms_txt_lists_exactly_the_claims(real_site: Path) -> None:
    text = (real_site / "llms.txt").read_text(encoding="utf-8")
    assert text.startswith("# Social Credit: Myth vs Fact\n\n> ")
    linked = set(re.findall(rf"\]\({re.escape(TEST_SITE_URL)}claims/([a-z0-9-]+)/\): rated ", text))
    assert linked == claim_ids(real_site)
    assert "## Claims" in text and "## Data" in text


def test_every_claim_has_json_and_markdown_alternates(real_site: Path) -> None:
    for claim_id in claim_ids(real_site):
        page = soup(real_site / "claims" / claim_id / "index.html")
        # <a rel="alternate">, not <link>: Material fetches a sitemap.xml beside every <link rel=alternate>.
        links = {a["type"]: a["href"] for a in page.select("article a[rel~=alternate]")}
        assert links["application/json"] == "claim.json" and links["text/markdown"] == "claim.md", claim_id
        data = json.loads((real_site / "claims" / claim_id / "claim.json").read_text())
        assert data["claim"]["id"] == claim_id
        markdown = (real_site / "claims" / claim_id / "claim.md").read_text(encoding="utf-8")
        assert markdown.startswith("# ") and "**Verdict: " in markdown and "## Sources" in markdown
    assert not (real_site / "claims" / "jobs-blocked" / "claim").exists()  # not rendered as a page


def test_claimreview_carries_the_publisher_and_the_latest_change(real_site: Path) -> None:
    page = soup(real_site / "claims" / "private-scores-shut-down" / "index.html")
    review = json.loads(page.find("script", type="application/ld+json").string)
    data = json.loads((real_site / "claims" / "private-scores-shut-down" / "claim.json").read_text())["claim"]
    assert review["dateModified"] == max(c["date"] for c in data["changelog"])
    publisher = review["publisher"]
    assert publisher["name"] == "Social Credit: Myth vs Fact"
    assert publisher["publishingPrinciples"] == f"{TEST_SITE_URL}journalists/"


def test_transparency_in_footer_and_on_the_journalists_page(real_site: Path) -> None:
    footer = soup(real_site / "index.html").select_one("footer .mc-transparency--footer")
    assert footer is not None and "Published by Social Credit: Myth vs Fact." in footer.get_text(" ")
    assert footer.find("a", string="How we check claims")["href"] == "journalists/"
    box = soup(real_site / "journalists" / "index.html").select_one(".mc-transparency--page")
    # This site has not published an error address yet: it says so rather than invent one.
    assert "We have not yet published an address for reporting errors." in box.get_text(" ")


def test_strict_publish_build_warns_on_missing_transparency(fixture_project: Path) -> None:
    config = fixture_project / "mkdocs.yml"
    text = config.read_text()
    for line in ("      funding: No funding; it exists only for tests.\n",
                 "      report_error: corrections@fixture-factchecks.net\n"):
        text = text.replace(line, "")
    config.write_text(text)
    result = build_project(fixture_project, strict=True)
    assert result.error is not None
    assert [m for m in result.messages if "plugins.claims." in m] == [
        "mkdocs.yml: plugins.claims.funding: not set: a published fact-check site says who owns and funds it, how "
        "it checks claims, and where to report an error (set only what is true)",
        "mkdocs.yml: plugins.claims.report_error: not set: a published fact-check site says who owns and funds it, "
        "how it checks claims, and where to report an error (set only what is true)"]


def test_report_error_defaults_to_the_repository_issue_tracker(fixture_project: Path) -> None:
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("      report_error: corrections@fixture-factchecks.net\n", "")
                      + "repo_url: https://github.com/example-org/fixture-facts\n")
    result = build_project(fixture_project, strict=True)
    assert result.error is None, result.messages
    footer = soup(result.site_dir / "index.html").select_one(".mc-transparency--footer")
    assert footer.find("a", string="Report an error")["href"] == "https://github.com/example-org/fixture-facts/issues"


def test_claimreview_publisher_has_logo_and_transparency(fixture_project: Path) -> None:
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("      funding:", "      logo: assets/logo.png\n      funding:"))
    result = build_project(fixture_project, strict=True)
    assert result.error is None, result.messages
    page = soup(result.site_dir / "claims" / "alpha-claim" / "index.html")
    publisher = json.loads(page.find("script", type="application/ld+json").string)["publisher"]
    assert publisher["logo"] == {"@type": "ImageObject", "url": "https://fixture-factchecks.net/assets/logo.png"}
    assert publisher["ownershipFundingInfo"].startswith("Fixture Org is a test fixture")
    assert publisher["contactPoint"]["email"] == "corrections@fixture-factchecks.net"
    assert publisher["publishingPrinciples"] == "https://fixture-factchecks.net/"


def test_embed_page_is_minimal_and_frameable(real_site: Path) -> None:
    path = real_site / "embed" / "jobs-blocked" / "index.html"
    page = soup(path)
    assert page.select_one(".md-header") is None and page.find("script") is None  # no theme chrome, no script
    assert "jobs" in page.select_one("h1").get_text().lower()
    assert page.select_one(".mc-badge")["data-verdict"] == "true"
    assert page.find("time")["datetime"] == "2026-12-02"
    back = page.select_one(".mc-embed-meta a")
    assert back["href"] == f"{TEST_SITE_URL}claims/jobs-blocked/" and back["target"] == "_blank"
    hrefs = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert all(not h.startswith(("http", "//")) for h in hrefs)
    headers = (real_site / "_headers").read_text()
    assert "/embed/*\n  Content-Security-Policy:" in headers
    embed_rule = headers.split("/embed/*\n", 1)[1].split("\n", 1)[0]
    assert embed_rule.endswith("frame-ancestors *")
    assert "frame-ancestors 'self'" in headers.split("/embed/*", 1)[0]


@pytest.mark.parametrize("claim_id", ["jobs-blocked", "travel-ban-figures-people"])
def test_snippets_to_copy(real_site: Path, claim_id: str) -> None:
    snippets = {c["data-style"]: c.get_text() for c in
                soup(real_site / "claims" / claim_id / "index.html").select(".mc-snippet")}
    assert snippets["iframe"].startswith(f'<iframe src="{TEST_SITE_URL}embed/{claim_id}/" title="Fact check: ')
    html = BeautifulSoup(snippets["html"], "html.parser")
    assert html.blockquote["cite"] == f"{TEST_SITE_URL}claims/{claim_id}/" and "Verdict: " in html.get_text()


def test_worksheet_has_evidence_without_verdict_then_a_key(real_site: Path) -> None:
    body = soup(real_site / "claims" / "jobs-blocked" / "worksheet" / "index.html").select_one("article.mc-worksheet")
    key = body.select_one(".mc-teacher-key")
    key.extract()
    student = body.get_text(" ")
    assert body.select(".mc-badge") == [] and "Our rating" not in student
    assert len(body.select("li.mc-evidence-card")) >= 2
    assert "Source:" in student and "☐ True" in " ".join(student.split())
    assert key.select_one(".mc-badge")["data-verdict"] == "true"
    educators = soup(real_site / "educators" / "index.html")
    assert educators.find("a", href="../claims/jobs-blocked/worksheet/") is not None
    search = json.loads((real_site / "search" / "search_index.json").read_text())
    assert not any("/worksheet/" in d["location"] for d in search["docs"])


def test_share_cards_can_be_switched_off(fixture_project: Path) -> None:
    config = fixture_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("organisation: Fixture Org",
                                                 "organisation: Fixture Org\n      share_cards: false"))
    result = build_project(fixture_project, strict=True)
    assert result.error is None, result.messages
    page = soup(result.site_dir / "claims" / "alpha-claim" / "index.html")
    assert page.find("meta", property="og:image") is None
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    assert not (result.site_dir / "claims" / "alpha-claim" / "card.png").exists()
