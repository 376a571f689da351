"""What a site declares about itself: its audiences, its glossary's languages and labels, its own rating scale.

Each error kind has its exact message; a site with its own scale (other ids, other ratings) gets the right quiz
answers and ClaimReview ratings.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build_project

CUSTOM_SCALE = """\
- id: accurate
  label: Accurate
  colour: "#1b5e20"
  definition: Right.
  rating: "10"
- id: half-right
  label: Half right
  colour: "#7a5200"
  definition: Part right.
  rating: "7"
- id: off-the-mark
  label: Off the mark
  colour: "#8b0000"
  definition: Wrong.
  rating: "0"
- id: cannot-say
  label: Cannot say
  colour: "#455a64"
  definition: Not enough evidence.
  needs_strong_source: "false"
"""


def check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs_claims", "check"], cwd=project, capture_output=True,
                          text=True, check=False, env={"SOURCE_DATE_EPOCH": "1795000000", "PATH": "/usr/bin:/bin"})


def errors(project: Path) -> list[str]:
    result = check(project)
    assert result.returncode != 0, result.stdout
    return [line.removeprefix("ERROR: ") for line in result.stderr.splitlines()]


def set_plugin_options(project: Path, yaml_lines: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text()
    text = re.sub(r"      audiences:\n(        - .*\n)+", "", text)
    anchor = "      organisation: Fixture Org\n"
    config.write_text(text.replace(anchor, anchor + yaml_lines))


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- audiences ---------------------------------------------------------------------------------------------------

AUDIENCES = """\
      audiences:
        - id: journalists
          label: Reporters
          description: "Checking a claim? [Our method](other.md)."
          page: index.md
        - id: travelers
          label: Visitors
          description: Questions before a trip.
          page: index.md
        - id: educators
          label: Teachers
"""


def test_audiences_come_from_the_config(fixture_project: Path) -> None:
    set_plugin_options(fixture_project, AUDIENCES.replace("page: index.md", "page: other.md"))
    (fixture_project / "content" / "other.md").write_text("# Other\n")
    (fixture_project / "content" / "index.md").write_text("# Home\n\n[[audiences]]\n")
    result = build_project(fixture_project, strict=True)
    assert result.error is None, result.messages
    explorer = BeautifulSoup((result.site_dir / "claims" / "index.html").read_text(), "lxml")
    options = [(o["value"], o.text) for o in explorer.select("#filter-audience option")]
    assert options == [("", "Everyone"), ("journalists", "Reporters"), ("travelers", "Visitors"),
                       ("educators", "Teachers")]
    home = BeautifulSoup((result.site_dir / "index.html").read_text(), "lxml")
    items = home.select("ul.mc-audiences li")
    # A description that links to the audience's page stands alone; otherwise the label leads, linked to the page.
    assert [li.get_text() for li in items] == ["Checking a claim? Our method.", "Visitors: Questions before a trip.",
                                               "Teachers"]
    assert [a["href"] for a in items[0].select("a")] == ["other/"]
    assert items[0].a.get("rel") is None  # the site's own link, not marked nofollow like links from the data
    assert [a["href"] for a in items[1].select("a")] == ["other/"]
    review = json.loads(BeautifulSoup((result.site_dir / "claims" / "alpha-claim" / "index.html").read_text(),
                                      "lxml").find("script", type="application/ld+json").string)
    assert review["audience"] == [
        {"@type": "Audience", "audienceType": "Reporters", "url": "https://fixture-factchecks.net/other/"},
        {"@type": "Audience", "audienceType": "Visitors", "url": "https://fixture-factchecks.net/other/"}]


def test_a_site_without_audiences_has_no_audience_filter(fixture_project: Path) -> None:
    set_plugin_options(fixture_project, "")
    for name in ("alpha-claim.yml", "beta-claim.yml"):
        path = fixture_project / "claims" / name
        path.write_text(re.sub(r"audiences: \[.*\]\n", "", path.read_text()))
    result = build_project(fixture_project, strict=True)
    assert result.error is None, result.messages
    explorer = BeautifulSoup((result.site_dir / "claims" / "index.html").read_text(), "lxml")
    assert explorer.select("#filter-audience") == []
    assert "audience" not in json.loads(BeautifulSoup((result.site_dir / "claims" / "alpha-claim" / "index.html")
                                                      .read_text(), "lxml").find("script",
                                                                                 type="application/ld+json").string)


def test_a_claim_audience_on_a_site_that_declares_none(fixture_project: Path) -> None:
    set_plugin_options(fixture_project, "")
    assert errors(fixture_project)[0] == ("claims/alpha-claim.yml:16: audiences[0]: unknown audience 'journalists'; "
                                          "mkdocs.yml declares no audiences (plugins: claims: audiences)")


@pytest.mark.parametrize(("options", "expected"), [
    ("      audiences:\n        - {id: Travelers, label: Travelers}\n",
     "audiences: [0].id: 'Travelers' is not a valid id: use lowercase letters, digits and single hyphens"),
    ("      audiences:\n        - {id: travelers}\n", "audiences: [0].label: required, as text"),
    ("      audiences:\n        - {id: travelers, label: T, pages: x.md}\n",
     "audiences: [0].pages: unknown field (did you mean 'page'?) (an audience has: id, label, description, page)"),
    ("      audiences:\n        - {id: travelers, label: T}\n        - {id: travelers, label: U}\n",
     "audiences: [1].id: duplicate audience id 'travelers'"),
    ("      audiences: travelers\n",
     "audiences: expected a list of audiences (each '- id: ...', 'label: ...'), found text"),
    ("      audience: []\n", "audience: unknown option (did you mean 'audiences'?)"),
    ("      glossary_fields: {hanzi: Chinese}\n",
     "glossary_fields: unknown glossary field 'hanzi'; the labelled fields are: original, romanization"),
    ("      glossary_original_lang: Chinese\n",
     "glossary_original_lang: 'Chinese' is not a language tag; use a BCP 47 tag such as en, zh-Hans or "
     "zh-Latn-pinyin"),
    ("      min_sources_per_claim: two\n", "min_sources_per_claim: expected a whole number, found text"),
    ("      scale_file: nowhere.yml\n",
     "scale_file: the file 'nowhere.yml' does not exist (paths are relative to mkdocs.yml)"),
])
def test_bad_options_are_named_by_the_command_line_and_the_build(fixture_project: Path, options: str,
                                                                 expected: str) -> None:
    set_plugin_options(fixture_project, options)
    assert errors(fixture_project) == [f"mkdocs.yml: plugins.claims.{expected}"]
    built = build_project(fixture_project)
    assert built.error is not None
    if "unknown option" in expected:  # MkDocs itself only warns about an unknown plugin option
        assert any("Unrecognised configuration name: audience" in m for m in built.messages), built.messages
    elif not expected.startswith("scale_file"):  # MkDocs' own File option words its message itself
        assert any(expected.split(": ", 1)[1] in m for m in built.messages), built.messages


# --- glossary ------------------------------------------------------------------------------------------------------

def test_glossary_original_and_romanization_with_their_languages(fixture_project: Path) -> None:
    set_plugin_options(fixture_project, AUDIENCES + "      glossary_fields: {original: Greek}\n"
                       "      glossary_original_lang: el\n")
    (fixture_project / "claims" / "glossary.yml").write_text(
        "- id: myth\n  term: Myth\n  original: μῦθος\n  romanization: mythos\n  definition: A story.\n"
        "- id: score\n  term: Score\n  original: 分数\n  original_lang: zh-Hans\n  definition: A number.\n"
        "- id: plain\n  term: Plain\n  definition: No original form.\n", encoding="utf-8")
    result = build_project(fixture_project, strict=True)
    assert result.error is None, result.messages
    page = BeautifulSoup((result.site_dir / "glossary" / "index.html").read_text(), "lxml")
    terms = {dt["id"]: dt for dt in page.select("dl.mc-glossary dt")}
    assert [(s["lang"], s.text) for s in terms["myth"].select("[lang]")] == [("el", "μῦθος"), ("el-Latn", "mythos")]
    assert terms["myth"].get_text(" ", strip=True) == "Myth Greek: μῦθος Romanization: mythos"
    assert [(s["lang"], s.text) for s in terms["score"].select("[lang]")] == [("zh-Hans", "分数")]
    assert terms["plain"].get_text(" ", strip=True) == "Plain"
    exported = json.loads((result.site_dir / "glossary.json").read_text())["terms"]
    assert exported[0] | {"definition": ""} == {"id": "myth", "term": "Myth", "original": "μῦθος",
                                                 "original_lang": "el", "romanization": "mythos", "definition": "",
                                                 "claims": [], "sources": []}


@pytest.mark.parametrize(("glossary", "expected"), [
    ("- id: t\n  term: T\n  original: 词\n  definition: A word.\n",
     "claims/glossary.yml:1: [0].original: the original form needs a language: add 'original_lang' (e.g. zh-Hans) "
     "to the term, or set glossary_original_lang in mkdocs.yml"),
    ("- id: t\n  term: T\n  romanization: ci\n  original_lang: zh\n  definition: A word.\n",
     "claims/glossary.yml:1: [0].romanization: a romanization needs the 'original' it spells out in Latin letters"),
    ("- id: t\n  term: T\n  original: 词\n  original_lang: chinese\n  definition: A word.\n",
     "claims/glossary.yml:4: [0].original_lang: 'chinese' is not a language tag; use a BCP 47 tag such as en, "
     "zh-Hans or zh-Latn-pinyin"),
    ("- id: t\n  term: T\n  hanzi: 词\n  definition: A word.\n",
     "claims/glossary.yml:3: [0].hanzi: this field is now 'original'; rename it (see the data format)"),
])
def test_glossary_field_errors(fixture_project: Path, glossary: str, expected: str) -> None:
    (fixture_project / "claims" / "glossary.yml").write_text(glossary, encoding="utf-8")
    assert expected in errors(fixture_project)


# --- a site's own rating scale -------------------------------------------------------------------------------------

def test_a_site_scale_drives_the_quiz_and_claimreview(fixture_project: Path) -> None:
    """Other ids, ratings 0-10 and a verdict off the line: nothing assumes the default 1-6 scale."""
    claims = fixture_project / "claims"
    (claims / "scale.yml").write_text(CUSTOM_SCALE, encoding="utf-8")
    replace_in(claims / "alpha-claim.yml", 'verdict: "false"', "verdict: off-the-mark")
    replace_in(claims / "beta-claim.yml", 'verdict: "true"', "verdict: half-right")
    replace_in(claims / "beta-claim.yml", "summary: Yes. People", "summary: People")
    (claims / "gamma-claim.yml").write_text(
        (claims / "beta-claim.yml").read_text().replace("beta-claim", "gamma-claim")
        .replace("verdict: half-right", "verdict: cannot-say")
        .replace("[primary-doc, news-story]", "[study, news-story]")
        + "appearances_note: None known.\n", encoding="utf-8")
    (claims / "permalinks.txt").unlink(missing_ok=True)
    result = build_project(fixture_project)
    assert result.error is None, result.messages
    quiz = BeautifulSoup((result.site_dir / "educators" / "quiz" / "index.html").read_text(), "lxml")
    # 7 is above the middle of 0-10, so "half right" counts as true; a verdict without a rating is neither.
    answers = {li["data-verdict"]: li["data-truthy"] for li in quiz.select("li.mc-quiz-item")}
    assert answers == {"off-the-mark": "false", "half-right": "true", "cannot-say": "either"}
    key = BeautifulSoup((result.site_dir / "educators" / "quiz-key" / "index.html").read_text(), "lxml")
    assert [p.strong.text for p in key.select("li.mc-key-item p") if p.strong] == [
        "Answer: Mostly false.", "Answer: Mostly true.", "Answer: Not clear-cut."]
    reviews = {r["url"].rstrip("/").rsplit("/", 1)[1]: r["reviewRating"]
               for r in json.loads((result.site_dir / "claimreview.json").read_text())["@graph"]}
    assert reviews["alpha-claim"] == {"@type": "Rating", "alternateName": "Off the mark", "ratingValue": 0,
                                      "bestRating": 10, "worstRating": 0}
    assert reviews["beta-claim"]["ratingValue"] == 7
    assert reviews["gamma-claim"] == {"@type": "Rating", "alternateName": "Cannot say"}
    explorer = BeautifulSoup((result.site_dir / "claims" / "index.html").read_text(), "lxml")
    ranks = {li["data-verdict"]: li["data-verdict-rank"] for li in explorer.select("li.mc-claim-item")}
    assert ranks == {"off-the-mark": "3", "half-right": "2", "cannot-say": "4"}


def test_only_the_scale_decides_which_verdict_weak_sources_may_support(fixture_project: Path) -> None:
    claims = fixture_project / "claims"
    (claims / "scale.yml").write_text(CUSTOM_SCALE, encoding="utf-8")
    replace_in(claims / "alpha-claim.yml", 'verdict: "false"', "verdict: off-the-mark")
    replace_in(claims / "beta-claim.yml", 'verdict: "true"', "verdict: cannot-say")
    replace_in(claims / "beta-claim.yml", "summary: Yes. People", "summary: People")
    replace_in(claims / "beta-claim.yml", "sources: [primary-doc, news-story]", "sources: [news-story, study]")
    replace_in(claims / "sources.yml", "kind: academic", "kind: journalism")
    assert check(fixture_project).returncode == 0  # cannot-say: needs_strong_source false
    (claims / "scale.yml").write_text(CUSTOM_SCALE.replace('  needs_strong_source: "false"\n', ""),
                                      encoding="utf-8")
    assert ("claims/beta-claim.yml:1: evidence: a verdict needs at least one primary, academic or analysis source, "
            "not only journalism or commentary") in errors(fixture_project)


def test_a_quiz_needs_a_scale_that_can_answer_it(fixture_project: Path) -> None:
    claims = fixture_project / "claims"
    (claims / "scale.yml").write_text(CUSTOM_SCALE.replace('rating: "10"', 'quiz_answer: neither')
                                      .replace('rating: "7"', 'quiz_answer: neither'), encoding="utf-8")
    replace_in(claims / "beta-claim.yml", 'verdict: "true"', "verdict: accurate")
    replace_in(claims / "beta-claim.yml", "summary: Yes. People", "summary: People")
    replace_in(claims / "alpha-claim.yml", 'verdict: "false"', "verdict: off-the-mark")
    assert ("scale.yml: quiz_answer: claims are in the quiz, but no verdict of the rating scale answers true or "
            "false; rate verdicts on both sides of the middle, or set their quiz_answer (true, false or neither)"
            ) in errors(fixture_project)
