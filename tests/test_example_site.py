"""The second example site (examples/food-myths): a nutrition-myths site in Simplified Chinese, built with the
command a publisher types, and checked for words that belong to this repository's own site."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "food-myths"
# Phrases of this repository's own site (its subject, its private-score examples, its glossary labels and its
# audiences). None may appear on a page of a site about something else.
LEAK_PHRASES = ("social credit", "sesame", "zhima", "hanzi", "pinyin", "traveler", "traveller", "china's",
                "社会信用", "芝麻信用")
PUBLISHED_TEXT = (".html", ".json", ".xml", ".txt", ".csv", ".js", ".md", ".bib", ".ris")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example built by `mkdocs build --strict` from a copy (a build appends to the copy's permalinks.txt)."""
    work = tmp_path_factory.mktemp("food-myths")
    project = work / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("site", ".cache"))
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "CLAIMS_PREVIEW", "SOURCE_DATE_EPOCH")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    site = work / "site"
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
                          "-d", str(site)], cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"the example does not build strictly:\n{run.stdout}\n{run.stderr}"
    yield site


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def claim_ids() -> list[str]:
    return sorted(p.stem for p in (EXAMPLE / "claims").glob("*.yml")
                  if p.stem not in ("sources", "topics", "scale", "release", "glossary", "timeline"))


def test_example_has_the_advertised_shape() -> None:
    """At least five claims, each with two distinct sources, on the example's own rating scale."""
    claims = [yaml.safe_load((EXAMPLE / "claims" / f"{cid}.yml").read_text(encoding="utf-8")) for cid in claim_ids()]
    scale = yaml.safe_load((EXAMPLE / "claims" / "scale.yml").read_text(encoding="utf-8"))
    default_ids = {"true", "mostly-true", "mixed", "misleading", "mostly-false", "false", "unproven", "outdated"}
    assert len(claims) >= 5
    assert not {v["id"] for v in scale} & default_ids
    for claim in claims:
        cited = {s for e in claim["evidence"] for s in e["sources"]}
        assert len(cited) >= 2, claim["id"]
        assert claim["verdict"] in {v["id"] for v in scale}


def test_every_page_is_chinese(example_site: Path) -> None:
    pages = html_pages(example_site)
    assert len(pages) > 10
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.html is not None and str(soup.html.get("lang", "")).startswith("zh"), page


def test_no_phrase_of_this_site_leaks_into_the_example(example_site: Path) -> None:
    """Every published text file (pages, their attributes and scripts, exports, feeds, schema, search index)."""
    leaks = []
    for path in sorted(p for p in example_site.rglob("*") if p.suffix in PUBLISHED_TEXT):
        text = path.read_text(encoding="utf-8").lower()
        leaks += [f"{path.relative_to(example_site)}: {phrase!r}" for phrase in LEAK_PHRASES if phrase in text]
    assert not leaks, "phrases of this site on the example's pages:\n" + "\n".join(leaks)


def test_claim_pages_carry_the_chinese_claim_and_the_examples_own_verdict(example_site: Path) -> None:
    labels = {v["id"]: v["label"] for v in yaml.safe_load((EXAMPLE / "claims" / "scale.yml").read_text("utf-8"))}
    for cid in claim_ids():
        claim = yaml.safe_load((EXAMPLE / "claims" / f"{cid}.yml").read_text(encoding="utf-8"))
        page = example_site / "claims" / cid / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        heading = soup.find("h1")
        assert heading is not None and claim["claim"].rstrip("。") in heading.get_text(), cid
        assert labels[claim["verdict"]] in soup.get_text(), cid


def test_home_page_lists_the_featured_claims_in_chinese(example_site: Path) -> None:
    soup = BeautifulSoup((example_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    main = soup.find("article") or soup
    assert len(CJK.findall(main.get_text())) > 100
    linked = {a["href"] for a in main.find_all("a", href=True)}
    for cid in claim_ids():
        claim = yaml.safe_load((EXAMPLE / "claims" / f"{cid}.yml").read_text(encoding="utf-8"))
        if claim.get("featured"):
            assert any(cid in href for href in linked), cid


def test_explorer_filters_by_the_examples_own_audiences(example_site: Path) -> None:
    """The audiences declared in the example's mkdocs.yml, not this site's, in the claim explorer's filter."""
    config = (EXAMPLE / "mkdocs.yml").read_text(encoding="utf-8")
    labels = re.findall(r"^\s+label: (.+)$", config, re.M)
    soup = BeautifulSoup((example_site / "claims" / "index.html").read_text(encoding="utf-8"), "html.parser")
    options = {o.get_text(strip=True) for o in soup.find_all("option")}
    assert len(labels) == 3
    assert set(labels) <= options, (labels, options)


# Sentences as a reader might paste them, written apart from the claims' variants.
PASTED = [("我妈说做菜放味精会得癌症", "msg-harmful"),
          ("微波炉热过的饭菜会残留辐射吗", "microwave-radioactive"),
          ("骨头汤熬得越白越补钙，老人要多喝", "bone-soup-calcium"),
          ("菠菜炖豆腐吃了会长肾结石", "spinach-tofu-stones"),
          ("孩子一吃糖果就兴奋得停不下来", "sugar-hyperactive")]


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_pasted_chinese_sentences_find_their_fact_checks(example_site: Path, chromium: Any) -> None:
    """The matcher works for a site on another subject: the subject words come from its own data."""
    from browser_support import serve

    with serve(example_site) as url:
        page = chromium.new_page()
        page.goto(url)
        page.locator("#matcher-text").focus()  # the data loads on first use
        for _ in range(200):  # poll from here: the security policy forbids wait_for_function's strings
            if page.evaluate("typeof window.mcMatcherData !== 'undefined'"):
                break
            page.wait_for_timeout(50)
        top = page.evaluate("texts => { const m = new mcMatcher.Matcher(window.mcMatcherData);"
                            " return texts.map(t => (m.match(t, 1)[0] || {claim: {}}).claim.id); }",
                            [text for text, _ in PASTED])
        page.close()
    assert top == [expected for _, expected in PASTED]
