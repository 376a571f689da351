"""Hostile input: nothing from the data executes in a reader's browser, and odd text never breaks the build."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_SITE, build_project
from mkdocs_claims.load import load_yaml_bytes
from mkdocs_claims.project import read_project_options
from mkdocs_claims.render.markup import MarkdownRenderer
from mkdocs_claims.validate import load_dataset

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    "[click me](javascript:alert(4))",
    '"><script>alert(5)</script>',
    "' onmouseover='alert(6)",
    "</script><script>alert(7)</script>",
    "<a href='vbscript:msgbox(8)'>x</a>",
    "<iframe src=data:text/html,<script>alert(9)</script>>",
    "`<b>code</b>` and <style>body{display:none}</style>",
]
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")


def yaml_quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def hostile_project(tmp_path: Path, payload: str) -> Path:
    """The fixture site with the payload in every text field the data has."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE_SITE, project)
    claims = project / "claims"
    q = yaml_quote(payload)
    alpha = (claims / "alpha-claim.yml").read_text()
    for old in ("Everyone has a single score.", "No. There is *no* single score for everyone.", "Some lists exist.",
                "There is no single number.", "The founding document plans records, not a score.",
                "several distinct systems", "Repeats the claim.", "Added a study."):
        assert old in alpha, old
        alpha = alpha.replace(f'"{old}"', q).replace(old, q)
    (claims / "alpha-claim.yml").write_text(alpha)
    sources = (claims / "sources.yml").read_text().replace("A Primary Document", q.strip('"') if False else q)
    sources = sources.replace("publisher: State Council", f"publisher: {q}")
    (claims / "sources.yml").write_text(sources)
    (claims / "glossary.yml").write_text(
        f"- id: term\n  term: {q}\n  original: {q}\n  original_lang: zh\n  romanization: {q}\n  definition: {q}\n"
        "  claims: [alpha-claim]\n")
    (claims / "timeline.yml").write_text(
        f"- date: '2014-06'\n  title: {q}\n  text: {q}\n  sources: [primary-doc]\n  claims: [alpha-claim]\n")
    (claims / "topics.yml").write_text((claims / "topics.yml").read_text().replace("label: Scores", f"label: {q}"))
    return project


def assert_nothing_executable(site: Path) -> None:
    for path in site.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for script in page.find_all("script"):
            body = script.string or ""
            if script.get("type") == "application/ld+json":
                json.loads(body)  # still parses: a </script> in the data did not end the block
                assert "<" not in body, path
            else:
                assert "alert(" not in body, (path, body[:200])
        for element in page.find_all(True):
            for attribute, value in element.attrs.items():
                assert not attribute.lower().startswith("on"), (path, element.name, attribute)
                if attribute in ("href", "src", "action", "formaction", "xlink:href"):
                    url = (value if isinstance(value, str) else " ".join(value)).strip().lower()
                    assert not url.startswith(UNSAFE_SCHEMES), (path, element.name, url)
        assert page.find(["iframe", "object", "embed", "style"], recursive=True) is None or all(
            "alert(" not in str(t) for t in page.find_all(["iframe", "object", "embed"])), path


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_text_field_cannot_execute(tmp_path: Path, payload: str) -> None:
    project = hostile_project(tmp_path, payload)
    result = build_project(project)
    if any(scheme in payload for scheme in UNSAFE_SCHEMES):
        # links with unsafe schemes are validation errors, located to file and line
        assert result.error is not None
        assert any("uses the '" in m and "scheme" in m for m in result.messages), result.messages
        return
    assert result.error is None, result.messages
    assert_nothing_executable(result.site_dir)
    page = BeautifulSoup((result.site_dir / "claims" / "alpha-claim" / "index.html").read_text(), "lxml")
    review = json.loads(page.find("script", type="application/ld+json").string)
    assert review["claimReviewed"] == payload  # the text survives, as text


def test_raw_html_in_markdown_is_escaped_not_dropped() -> None:
    html = str(MarkdownRenderer().block("Use <b>bold</b> and *emphasis* <script>x()</script>"))
    assert "&lt;script&gt;" in html and "<script>" not in html and "<em>emphasis</em>" in html


# --- arbitrary text -----------------------------------------------------------------------------------

TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Z", "Cc", "Cf")),
    min_size=1, max_size=120,
) | st.sampled_from(["مرحبا بالعالم", "שלום \u202eevil\u202c", "e\u0301\u0301\u0301", "👩‍👩‍👧‍👦🇨🇳", "x" * 5000,
                     "\x00nul", "tab\tand\nnewline", "\u2028line\u2029para", "失信被执行人"])


def claim_yaml(text: str) -> str:
    q = yaml_quote(text)
    return f"""id: gamma-claim
claim: {q}
verdict: mixed
summary: {q}
evidence:
  - text: {q}
    sources: [primary-doc, study]
topics: [scores]
audiences: [educators]
appearances:
  - source: news-story
    date: "2019"
    note: {q}
reviewed: 2026-11-01
changelog:
  - date: 2026-11-01
    note: {q}
"""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_any_text_validates_or_is_rejected_clearly(tmp_path: Path, text: str) -> None:
    claims = tmp_path / "claims"
    shutil.rmtree(claims, ignore_errors=True)
    shutil.copytree(FIXTURE_SITE / "claims", claims)
    (claims / "gamma-claim.yml").write_text(claim_yaml(text), encoding="utf-8")
    dataset, problems = load_dataset(claims, today=dt.date(2026, 11, 18), display_root=tmp_path,
                                     site=read_project_options(FIXTURE_SITE / "mkdocs.yml").site)
    if dataset is None:
        assert problems
        for problem in problems:
            assert str(problem).startswith("claims/gamma-claim.yml:"), str(problem)
    else:
        renderer = MarkdownRenderer()
        html = str(renderer.block(text))
        BeautifulSoup(html, "lxml")  # parses
        assert "<script" not in html.lower()


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes_load_or_fail_with_a_location(data: bytes) -> None:
    raw, problems = load_yaml_bytes(data, "claims/x.yml")
    assert raw is not None or problems
    for problem in problems:
        assert str(problem).startswith("claims/x.yml")


@pytest.mark.parametrize("text", ["مرحبا \u202eevil", "e\u0301\u0301", "👩‍👩‍👧‍👦", "x" * 3000, "失信 <b>"])
def test_unusual_text_builds_well_formed_pages(tmp_path: Path, text: str) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE_SITE, project)
    (project / "claims" / "gamma-claim.yml").write_text(claim_yaml(text), encoding="utf-8")
    result = build_project(project)
    assert result.error is None, result.messages
    page = (result.site_dir / "claims" / "gamma-claim" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "lxml")
    assert soup.select_one("h1.mc-claim-text").get_text() == text
    json.loads(soup.find("script", type="application/ld+json").string)
