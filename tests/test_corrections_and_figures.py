"""Corrections, figures, scoped verdicts and citations, as a reader and a feed reader see them (fixture site)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import BuildResult, build_project
from mkdocs_claims.model import Figure
from mkdocs_claims.render.figures import figure_text, format_period, format_value

FIGURES = """\
- id: listings-2023
  value: 2930000
  unit: person-times
  counted: new listings on the court defaulter list
  period: 2023-01/2023-12
  series: New listings per year
  source: study
- id: listings-2024
  value: 2960000
  unit: person-times
  counted: new listings on the court defaulter list
  period: 2024
  series: New listings per year
  source: primary-doc
- id: tickets-2013-2018
  value: 17460000
  unit: person-times
  counted: air tickets refused
  period: 2013-10/2018-12
  cumulative: true
  source: news-story
"""

CORRECTED_BETA = """\
id: beta-claim
claim: Court blacklists restrict train travel.
verdict: mostly-true
scope: China's court defaulter list, 2013 to now
summary: Mostly. The list restricted {{ figure tickets-2013-2018 }} of tickets.
evidence:
  - text: The court rules restrict high-speed rail tickets; {{ figure listings-2024 }} were listed.
    sources: [primary-doc, news-story]
topics: [lists]
audiences: [travelers]
appearances:
  - url: https://social.example.org/post/1
    date: "2020"
reviewed: 2026-11-10
changelog:
  - date: 2026-10-15
    note: First published.
  - date: 2026-11-05
    kind: update
    note: Figures dated and counted in person-times.
  - date: 2026-11-10
    kind: correction
    old_verdict: "true"
    new_verdict: mostly-true
    note: The rules cover some trains only.
quiz: true
"""


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def text(element: object) -> str:
    return " ".join(element.get_text(" ").split())  # type: ignore[attr-defined]


@pytest.fixture
def built(fixture_project: Path) -> BuildResult:
    claims = fixture_project / "claims"
    (claims / "figures.yml").write_text(FIGURES)
    (claims / "beta-claim.yml").write_text(CORRECTED_BETA)
    result = build_project(fixture_project, strict=True)
    assert result.error is None, result.messages
    return result


def test_figure_words() -> None:
    figure = Figure("x", 17460000, "person-times", "tickets", "2013-10/2018-12", "s", cumulative=True)
    assert figure_text(figure) == "17.46 million person-times (cumulative, Oct 2013 – Dec 2018)"
    assert format_period(Figure("y", 1, "u", "c", "2024", "s")) == "as of 2024"
    assert format_period(Figure("y", 1, "u", "c", "2024-01/2024-12", "s")) == "in 2024"
    assert format_period(Figure("y", 1, "u", "c", "2018-12-31", "s")) == "as of 31 Dec 2018"
    assert format_value(6959) == "6,959" and format_value(80.7e9) == "80.7 billion"
    assert format_value(37.3e12) == "37.3 trillion"


def test_rendered_figure_carries_unit_period_and_source(built: BuildResult) -> None:
    page = soup(built.site_dir / "claims" / "beta-claim" / "index.html")
    figure = page.select_one(".mc-summary .mc-figure")
    assert text(figure) == "17.46 million person-times (cumulative, Oct 2013 – Dec 2018)"
    link = figure.find_next_sibling("a")
    assert link["href"].startswith("#source-")
    # The figure's source joins the page's numbered list of sources.
    assert page.select_one(link["href"]) is not None
    assert "A News Story" in text(page.select_one(link["href"]))
    assert "{{" not in page.get_text()


def test_figures_reach_every_export(built: BuildResult) -> None:
    data = json.loads((built.site_dir / "figures.json").read_text())
    assert [f["id"] for f in data["figures"]] == ["listings-2023", "listings-2024", "tickets-2013-2018"]
    tickets = data["figures"][2]
    assert tickets["unit"] == "person-times" and tickets["period_start"] == "2013-10" and tickets["cumulative"]
    rows = list(csv.DictReader(io.StringIO((built.site_dir / "figures.csv").read_text(encoding="utf-8-sig"))))
    assert rows[2]["text"] == "17.46 million person-times (cumulative, Oct 2013 – Dec 2018)"
    claims = json.loads((built.site_dir / "claims.json").read_text())
    beta = next(c for c in claims["claims"] if c["id"] == "beta-claim")
    assert "17.46 million person-times (cumulative" in beta["summary"]
    assert beta["figures"] == ["listings-2024", "tickets-2013-2018"]
    schema = json.loads((built.site_dir / "schema" / "figures.schema.json").read_text())
    assert {"unit", "period", "source"} <= set(schema["items"]["required"])


def test_numbers_page_charts_have_data_tables(built: BuildResult) -> None:
    page = soup(built.site_dir / "numbers" / "index.html")
    series = page.select("section.mc-series")
    assert [text(s.select_one("h2")) for s in series] == ["New listings per year"]
    svg = series[0].select_one("svg.mc-chart")
    assert svg.select_one("title") is not None
    points = svg.select("a.mc-chart-point")
    assert len(points) == 2 and all(p["href"].endswith(("#study", "#primary-doc")) for p in points)
    table = series[0].select_one("table.mc-chart-data")
    cells = [[text(td) for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert [row[:2] for row in cells] == [["in 2023", "2.93 million person-times"],
                                          ["as of 2024", "2.96 million person-times"]]


def test_correction_is_shown_near_the_verdict(built: BuildResult) -> None:
    page = soup(built.site_dir / "claims" / "beta-claim" / "index.html")
    status = page.select_one(".mc-review-status")
    assert "Corrected on 10 November 2026" in text(status)
    assert "Last reviewed 10 November 2026" in text(status)
    # Near the top: before the short answer.
    assert status.find_next("h2")["id"] == "short-answer"
    history = text(page.select_one(".mc-changelog"))
    assert "Correction. Verdict changed from True to Mostly true. The rules cover some trains only." in history


def test_scoped_verdict_renders_beside_the_badge(built: BuildResult) -> None:
    page = soup(built.site_dir / "claims" / "beta-claim" / "index.html")
    line = page.select_one(".mc-verdict-line")
    assert "Scope: China's court defaulter list, 2013 to now" in text(line)
    review = json.loads(page.select_one("script[type='application/ld+json']").string)
    assert review["reviewBody"].startswith("Scope: China's court defaulter list, 2013 to now. Mostly.")


def test_corrections_log_lists_corrections_apart_from_updates(built: BuildResult) -> None:
    page = soup(built.site_dir / "journalists" / "corrections" / "index.html")
    corrections = page.select_one("#corrections").find_next("table")
    rows = [[text(td) for td in tr.select("td")] for tr in corrections.select("tbody tr")]
    assert rows == [["10 November 2026", "Court blacklists restrict train travel.", "Verdict: True",
                     "Verdict: Mostly true", "The rules cover some trains only."]]
    updates = text(page.select_one("#updates").find_next("table"))
    assert "Figures dated and counted in person-times." in updates
    assert "The rules cover some trains only." not in updates


def test_both_feeds_carry_the_correction(built: BuildResult) -> None:
    main = feedparser.parse((built.site_dir / "feed.xml").read_bytes())
    corrections = feedparser.parse((built.site_dir / "corrections.xml").read_bytes())
    assert not main.bozo and not corrections.bozo
    title = "Correction: Court blacklists restrict train travel. (verdict changed from True to Mostly true)"
    assert title in [e.title for e in main.entries]
    assert [e.title for e in corrections.entries] == [title]
    assert len(main.entries) > len(corrections.entries)


def test_citations_name_the_fact_check_and_its_rating(built: BuildResult) -> None:
    page = soup(built.site_dir / "claims" / "beta-claim" / "index.html")
    styles = {c["data-style"]: text(c) for c in page.select(".mc-citation")}
    title = "Fact check: \u2018Court blacklists restrict train travel\u2019 (rated Mostly true)"
    assert all(title in citation for citation in styles.values())
    assert styles["MLA"].count("Fixture Fact Checks") == 1
    assert styles["APA"].startswith("Fixture Org. (2026, October 15). " + title + ". Fixture Fact Checks. ")
    bib = (built.site_dir / "claims" / "beta-claim" / "citation.bib").read_text()
    assert bib.startswith("@misc{fixturefactchecks-beta-claim,") and "rated Mostly true" in bib
    ris = (built.site_dir / "claims" / "beta-claim" / "citation.ris").read_bytes().decode("utf-8")
    assert ris.startswith("TY  - ELEC\r\n") and "UR  - https://fixture-factchecks.net/claims/beta-claim/" in ris
    assert ris.endswith("ER  - \r\n")


def test_share_tags_carry_the_verdict_once(built: BuildResult) -> None:
    page = soup(built.site_dir / "claims" / "beta-claim" / "index.html")
    og_title = page.find("meta", property="og:title")["content"]
    assert og_title == "Fact check: \u2018Court blacklists restrict train travel\u2019 (rated Mostly true)"
    description = page.find("meta", property="og:description")["content"]
    assert not description.startswith("Mostly true:")  # the verdict word is not said twice
    assert description.startswith("Mostly. The list restricted 17.46 million person-times")
