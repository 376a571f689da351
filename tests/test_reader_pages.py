"""The pages for our three readers, checked on the built real site against the data they come from."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, TEST_SITE_URL
from mkdocs_claims.model import Dataset
from mkdocs_claims.project import read_project_options
from mkdocs_claims.validate import load_dataset

LESSON_HEADINGS = ["Learning objectives", "Age range", "Time", "Reading level", "Materials", "Activity",
                   "Discussion questions", "Answer guide"]


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    data, _ = load_dataset(ROOT / "claims", today=dt.datetime.now(tz=dt.UTC).date(),
                           site=read_project_options(ROOT / "mkdocs.yml").site)
    assert data is not None
    return data


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml")


def article(site: Path, url: str) -> BeautifulSoup:
    found = page(site, url).select_one("article.md-content__inner")
    assert found is not None, url
    return found


def claim_links(element: BeautifulSoup) -> set[str]:
    found = (re.search(r"claims/([a-z0-9-]+)/", a["href"]) for a in element.find_all("a", href=True))
    return {m.group(1) for m in found if m}


def test_home_page_paths_and_featured_myths(real_site: Path, dataset: Dataset) -> None:
    home = article(real_site, "")
    hrefs = [a["href"] for a in home.find_all("a", href=True)]
    for target in ("visitors/", "educators/", "journalists/"):
        assert target in hrefs, target  # one click from the home page
    featured = {c.id for c in dataset.claims if c.featured}
    grid = {a["href"].split("/")[1] for a in home.select("ul.mc-grid a.mc-grid-claim")}
    assert grid == featured
    last = max(c.modified for c in dataset.claims)
    assert dt.date.fromisoformat(last).strftime("%-d %B %Y") in home.get_text()


def test_explainer_covers_the_four_parts_with_cards(real_site: Path) -> None:
    body = article(real_site, "how-it-works")
    text = body.get_text(" ").lower()
    for part in ("corporate", "defaulter", "pilot", "zhima"):
        assert part in text, part
    assert len(body.select("aside.mc-card")) >= 3
    assert "what the system is not" in text
    hrefs = " ".join(a["href"] for a in body.find_all("a", href=True))
    assert "timeline/" in hrefs and "glossary/" in hrefs


def test_visitor_faq(real_site: Path, dataset: Dataset) -> None:
    body = article(real_site, "visitors")
    questions = [h for h in body.find_all(["h2", "h3"]) if h.get_text(strip=True).rstrip("¶").endswith("?")]
    assert len(questions) >= 12
    assert body.select_one(".admonition") is not None  # the "in short" box at the top
    linked = claim_links(body)
    assert linked <= {c.id for c in dataset.claims}
    assert len(linked) >= 10
    travel = {c.id for c in dataset.claims if "travelers" in c.audiences}
    assert len(linked & travel) >= 8


def test_educators_lessons(real_site: Path) -> None:
    index = article(real_site, "educators")
    lessons = sorted({a["href"] for a in index.find_all("a", href=True) if "lessons/" in a["href"]})
    assert len(lessons) >= 3
    assert any("quiz/" in a["href"] for a in index.find_all("a", href=True))
    for lesson_dir in sorted((real_site / "educators" / "lessons").iterdir()):
        body = article(real_site, f"educators/lessons/{lesson_dir.name}")
        headings = [h.get_text(strip=True).rstrip("¶") for h in body.find_all(["h2", "h3"])]
        for heading in LESSON_HEADINGS:
            assert any(h.startswith(heading) for h in headings), (lesson_dir.name, heading)
        assert claim_links(body), lesson_dir.name  # materials point at claim pages


def test_quiz_has_every_flagged_claim_with_answers(real_site: Path, dataset: Dataset) -> None:
    body = article(real_site, "educators/quiz")
    items = body.select("li.mc-quiz-item")
    flagged = {c.id for c in dataset.claims if c.quiz}
    assert len(flagged) >= 12
    assert {claim_links(i).pop() for i in items} == flagged
    for item in items:
        answer = item.select_one("details.mc-quiz-answer")
        assert answer is not None and answer.select_one(".mc-badge") is not None  # readable without JavaScript


def test_journalists_desk(real_site: Path, dataset: Dataset) -> None:
    body = article(real_site, "journalists")
    scale = body.select("table.mc-scale tbody tr")
    assert [r.select_one(".mc-badge")["data-verdict"] for r in scale] == [v.id for v in dataset.scale.verdicts]
    hrefs = {a["href"] for a in body.find_all("a", href=True)}
    for download in ("../claims.json", "../claims.csv", "../sources.json", "../glossary.json", "../timeline.json",
                     "../claimreview.json", "../feed.xml", "../corrections.xml", "../claim_sources.csv",
                     "../figures.json", "../figures.csv"):
        assert download in hrefs, download
        assert (real_site / "journalists" / download).resolve().is_file(), download
    assert any("corrections/" in h for h in hrefs)
    text = body.get_text(" ")
    assert "CC BY 4.0" in text


def test_corrections_log_lists_every_change(real_site: Path, dataset: Dataset) -> None:
    rows = article(real_site, "journalists/corrections").select("table.mc-corrections tbody tr")
    assert len(rows) == sum(len(c.changelog) for c in dataset.claims)
    dates = [r.select_one("time")["datetime"] for r in rows]
    assert dates == sorted(dates, reverse=True)


def test_claim_pages_offer_citations(real_site: Path) -> None:
    body = article(real_site, "claims/defaulter-travel-bans")
    citations = {c["data-style"]: c.get_text() for c in body.select(".mc-citation")}
    assert set(citations) == {"APA", "MLA", "Chicago"}
    assert all(f"{TEST_SITE_URL}claims/defaulter-travel-bans/" in t for t in citations.values())
    assert len(body.select(".mc-citations button.mc-copy")) == 3
    assert len(body.select(".mc-share button.mc-copy")) == 2  # embed code and plain HTML


def test_print_stylesheet(real_site: Path) -> None:
    css = (real_site / "assets" / "mkdocs_claims" / "claims.css").read_text()
    print_rules = css.split("@media print", 1)[1]
    for selector in (".md-header", ".md-sidebar", ".md-search", ".md-footer"):
        assert selector in print_rules
    assert 'content: " <" attr(href) ">"' in print_rules  # links printed as URLs
    assert ".mc-badge" in print_rules  # verdicts readable in black and white
    head = page(real_site, "claims/defaulter-travel-bans").find("link", href=re.compile("claims.css"))
    assert head is not None and head.get("media") in (None, "all", "screen, print")


def test_every_internal_link_resolves(real_site: Path) -> None:
    broken = []
    for html in real_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
        for a in soup.find_all("a", href=True):
            parts = urlsplit(a["href"])
            if parts.scheme or parts.netloc or not parts.path:
                continue
            base = real_site if parts.path.startswith("/") else html.parent  # 404.html links from the root
            target = (base / unquote(parts.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{html.relative_to(real_site)} -> {a['href']}")
    assert broken == []


# --- what readers tripped over (placeholders, draft notes, buried answers, missing sheets) ----------------------

INTERNAL_MARKERS = ("not verified", "Seed S0", "Seed S1", "Seed S2", "Seed S3", "(archived_url)",
                    "title reconstructed", "[NV]", "[K]", "URL not verified", "myth-vs-fact.example.org")


def visible_text(html: Path) -> str:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
    for tag in soup(["script", "style", "code"]):
        tag.decompose()
    return soup.get_text(" ")


def test_no_internal_marker_on_any_page(real_site: Path) -> None:
    found = []
    for html in sorted(real_site.rglob("*.html")):
        if html.parts[-3:-1] == ("about", "data-format"):
            continue  # the data format page documents the field names for editors
        text = visible_text(html)
        found += [f"{html.relative_to(real_site)}: {m}" for m in INTERNAL_MARKERS if m in text]
    assert found == []


def test_no_internal_note_in_the_exports(real_site: Path, dataset: Dataset) -> None:
    sources = (real_site / "sources.json").read_text(encoding="utf-8")
    claims = (real_site / "claims.json").read_text(encoding="utf-8")
    notes = [s.note for s in dataset.sources if len(s.note) > 40] + [c.note for c in dataset.claims if c.note]
    assert notes
    for note in notes:
        assert note not in sources and note not in claims, note[:60]
    assert '"note": "' not in sources


def test_home_page_title_is_not_doubled(real_site: Path) -> None:
    assert page(real_site, "").title.get_text() == "Social Credit: Myth vs Fact"


def test_reviewed_date_and_verdict_meaning_sit_at_the_top(real_site: Path, dataset: Dataset) -> None:
    for claim in dataset.claims:
        body = article(real_site, f"claims/{claim.id}")
        status = body.select_one(".mc-review-status")
        assert status is not None and status.find_next("h2")["id"] == "short-answer", claim.id
        assert dt.date.fromisoformat(claim.reviewed).strftime("%-d %B %Y") in status.get_text()
        verdict = dataset.verdict(claim)
        assert f"{verdict.label} means:" in body.select_one(".mc-verdict-line").get_text()
        if claim.last_correction:
            assert "Corrected on" in status.get_text(), claim.id


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", " ".join(text.split()), maxsplit=1)[0]


def test_visitor_answers_open_with_a_direct_answer(real_site: Path) -> None:
    body = article(real_site, "visitors")
    questions = [h for h in body.find_all("h2") if h.get_text(strip=True).rstrip("¶").endswith("?")]
    for question in questions:
        answer = question.find_next_sibling(["p", "div", "ul"])
        while answer is not None and answer.name != "p":
            answer = answer.find_next_sibling(["p", "div", "ul"])
        first = _first_sentence(answer.get_text(" "))
        assert len(first.split()) <= 20, (question.get_text(strip=True), first)


def test_visitors_lead_with_reassurance_and_answer_exit_bans(real_site: Path) -> None:
    body = article(real_site, "visitors")
    opening = body.find("p").get_text(" ")
    assert "will not affect your trip" in opening
    first_question = next(h for h in body.find_all("h2") if h.get_text(strip=True).rstrip("¶").endswith("?"))
    assert "leaving China" in first_question.get_text()
    answer = " ".join(s.get_text(" ") for s in first_question.find_next_siblings(limit=4))
    assert "exit ban" in answer.lower()
    assert body.select_one(".mc-offline") is not None  # the offline edition is offered to travellers
    text = body.get_text(" ")
    assert "Alipay" in text and "WeChat Pay" in text


def test_offline_edition_is_offered_on_home_and_visitors(real_site: Path) -> None:
    for url in ("", "visitors"):
        box = article(real_site, url).select_one("aside.mc-offline")
        assert box is not None, url
        # The test build has no zip beside mkdocs.yml: the box says how the edition is made, with no dead link.
        assert box.find("a") is None or (real_site / url / box.find("a")["href"]).resolve().is_file()


def test_quiz_student_sheet_holds_no_answer(real_site: Path, dataset: Dataset) -> None:
    sheet = article(real_site, "educators/quiz-sheet")
    text = sheet.get_text(" ")
    questions = [c for c in dataset.claims if c.quiz]
    assert len(sheet.select("li.mc-sheet-item")) == len(questions)
    assert sheet.select(".mc-badge") == [] and "Verdict" not in text
    for claim in questions:
        assert (claim.quiz_prompt or claim.claim) in text
        assert " ".join(claim.summary.split())[:40] not in " ".join(text.split())
    key = article(real_site, "educators/quiz-key")
    assert len(key.select("li.mc-key-item")) == len(questions)
    assert len(key.select(".mc-badge")) == len(questions)


def test_quiz_answers_stay_out_of_search(real_site: Path, dataset: Dataset) -> None:
    import json

    docs = json.loads((real_site / "search" / "search_index.json").read_text())["docs"]
    quiz_text = " ".join(d["text"] for d in docs if d["location"].startswith(("educators/quiz", "educators/quiz-key")))
    for claim in dataset.claims:
        if claim.quiz:
            assert " ".join(claim.summary.split())[:40] not in quiz_text, claim.id


def test_lessons_link_their_printable_materials(real_site: Path) -> None:
    for lesson in ("myth-or-fact", "checking-a-viral-claim", "comparing-rating-systems"):
        body = article(real_site, f"educators/lessons/{lesson}")
        handouts = [a["href"] for a in body.find_all("a", href=True) if "handouts/" in a["href"]]
        assert len(handouts) >= 2, lesson
        for href in handouts:
            target = (real_site / f"educators/lessons/{lesson}" / href).resolve()
            assert (target / "index.html").is_file() or target.is_file(), href
    cards = article(real_site, "educators/handouts/myth-or-fact-cards")
    assert cards.select("li.mc-prompt-card") and cards.select(".mc-badge") == []


def test_claim_sources_csv_has_a_row_per_citation(real_site: Path, dataset: Dataset) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO((real_site / "claim_sources.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == sum(len(c.cited_source_ids) for c in dataset.claims)
    assert set(rows[0]) == {"claim_id", "source_id", "title", "author", "publisher", "date", "kind", "url",
                            "archived_url", "copy_url"}
    assert sum(1 for r in rows if r["url"]) > len(rows) / 2
