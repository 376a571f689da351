"""`make serve` rebuilds with --dirty: editing one claim re-renders its dependants only, not every page.

Each test builds a generated 30-claim project twice in this process (as `mkdocs serve` does), ages every output file
into the future between builds, and reads which files the second build wrote: a file it left alone keeps its mtime.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, BuildResult, build_project

sys.path.insert(0, str(ROOT / "tools"))
import bench_projects

CLAIMS = 30
FUTURE = time.time() + 10 * 365 * 86400


@pytest.fixture
def project(tmp_path: Path) -> Path:
    claims, sources = bench_projects.make_dataset(CLAIMS)
    return bench_projects.write_claims_project(tmp_path / "project", claims, sources)


def _build(project: Path) -> BuildResult:
    result = build_project(project, project.parent / "site", dirty=True)
    assert result.error is None, f"{result.error}\n" + "\n".join(result.messages[-20:])
    return result


def _age(site: Path) -> None:
    """Date every output file in the future: MkDocs' dirty check then sees hand-written pages as up to date."""
    for path in site.rglob("*"):
        if path.is_file():
            os.utime(path, (FUTURE, FUTURE))


def _written(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and p.stat().st_mtime < FUTURE}


def _claim_files(claim_id: str) -> set[str]:
    return {f"claims/{claim_id}/index.html", f"claims/{claim_id}/worksheet/index.html",
            f"embed/{claim_id}/index.html", f"claims/{claim_id}/claim.md", f"claims/{claim_id}/card.png"}


def _related_to(project: Path, claim_id: str) -> set[str]:
    return {p.stem for p in (project / "claims").glob("claim-*.yml")
            if f"related: [{claim_id}" in p.read_text() or f", {claim_id}]" in p.read_text()}


def _edit(project: Path, claim_id: str, field: str, new: str) -> None:
    path = project / "claims" / f"{claim_id}.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [f"{field}: \"{new}\"" if line.startswith(f"{field}: ") else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_editing_one_claim_re_renders_only_its_dependants(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="mkdocs")
    site = project.parent / "site"
    _build(project)
    ids = sorted(p.stem for p in (project / "claims").glob("claim-*.yml"))
    edited = next(i for i in ids if _related_to(project, i))
    linking = _related_to(project, edited)
    _age(site)
    _edit(project, edited, "claim", "An edited claim about travel bans, renamed")
    second = _build(project)
    written = _written(site)

    # The claim itself: its page, worksheet, embed, Markdown alternate and share card, with the new text.
    assert _claim_files(edited) <= written
    assert "An edited claim about travel bans, renamed" in (site / "claims" / edited / "index.html").read_text()
    # Claims that link it show its title: re-rendered. Every other claim's files are left as they were.
    for other in linking:
        assert f"claims/{other}/index.html" in written
        assert f"claims/{other}/worksheet/index.html" not in written  # a worksheet does not list related claims
        assert "An edited claim about travel bans, renamed" in (site / "claims" / other / "index.html").read_text()
    untouched = set(ids) - {edited} - linking
    assert untouched
    assert {f for other in untouched for f in _claim_files(other)} & written == set()
    # Lists that show every claim are re-rendered (the explorer lists the new title).
    assert "claims/index.html" in written
    assert "An edited claim about travel bans, renamed" in (site / "claims" / "index.html").read_text()
    # The plugin's count is the pages it rendered: the claim, its worksheet, the claims linking it, the lists.
    rendered = [m for m in second.messages if m.startswith("rendered ")]
    pages = {f for f in written if f.endswith(".html") and not f.startswith(("embed/", "404"))}
    generated = pages - {"index.html", "about/index.html"}
    assert rendered == [f"rendered {len(generated)} of {2 * CLAIMS + 6} generated pages (the others did not change)"]
    assert len(generated) < CLAIMS


def test_a_summary_edit_leaves_the_pages_that_link_the_claim_alone(project: Path) -> None:
    site = project.parent / "site"
    _build(project)
    ids = sorted(p.stem for p in (project / "claims").glob("claim-*.yml"))
    edited = next(i for i in ids if _related_to(project, i))
    _age(site)
    _edit(project, edited, "summary", "A new short answer: the national score does not exist, say the documents.")
    _build(project)
    written = _written(site)
    assert f"claims/{edited}/index.html" in written
    assert "A new short answer" in (site / "claims" / edited / "index.html").read_text()
    # Related lists show titles and verdicts, not answers: no other claim page changes.
    assert {f for f in written if f.startswith("claims/claim-") and f.endswith("/index.html")} == {
        f"claims/{edited}/index.html", f"claims/{edited}/worksheet/index.html"}


def test_a_rebuild_with_nothing_changed_renders_no_generated_page(project: Path,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="mkdocs")
    site = project.parent / "site"
    _build(project)
    _age(site)
    second = _build(project)
    assert "rendered 0 of" in " ".join(second.messages)
    assert {f for f in _written(site) if f.endswith(".html")} <= {"404.html"}


def test_under_serve_a_save_rewrites_one_claims_downloads_and_the_site_matches_a_clean_build(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `mkdocs serve` each claim's exports, search record and script data are kept between builds: a save
    writes the edited claim's downloads and the lists of every claim again, and nothing else. What it leaves is
    still right: the served site is byte for byte the one a clean build of the edited project makes."""
    from mkdocs_claims import load, plugin

    monkeypatch.setattr(plugin, "_serving", [True])
    monkeypatch.setattr(load, "KEEP_PARSED", True)
    site = project.parent / "site"
    _build(project)
    plugin._indexer.wait()
    ids = sorted(p.stem for p in (project / "claims").glob("claim-*.yml"))
    edited = ids[len(ids) // 2]
    _age(site)
    _edit(project, edited, "summary", "A new short answer: no national score exists, the documents say.")
    _build(project)
    plugin._indexer.wait()
    written = _written(site)

    # The claim's JSON and Markdown carry the new answer; its citation files do not, and keep their bytes.
    assert {f for f in written if f.startswith("claims/claim-") and not f.endswith("index.html")} == {
        f"claims/{edited}/claim.json", f"claims/{edited}/claim.md"}
    assert {"claims.json", "claims.csv", "claimreview.json", "assets/mkdocs_claims/matcher-data.js"} <= written
    assert "sources.json" not in written and "glossary.json" not in written  # the same bytes: left alone
    assert "A new short answer" in (site / "claims.json").read_text(encoding="utf-8")
    assert not {"sitemap.xml", "sitemap.xml.gz"} & written  # the same pages with the same dates: not rendered again

    # A new review date is the page's new date in the sitemap: then it is written again.
    _age(site)
    _edit(project, edited, "reviewed", "2026-11-17")
    _build(project)
    plugin._indexer.wait()
    assert {"sitemap.xml", "sitemap.xml.gz"} <= _written(site)
    assert f"/{edited}/</loc>\n         <lastmod>2026-11-17</lastmod>" in (site / "sitemap.xml").read_text("utf-8")

    plugin._serving[0] = False
    monkeypatch.setattr(load, "KEEP_PARSED", False)
    clean = build_project(project, project.parent / "clean")
    assert clean.error is None
    served = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    built = {p.relative_to(clean.site_dir).as_posix(): p.read_bytes() for p in clean.site_dir.rglob("*")
             if p.is_file()}
    assert sorted(served) == sorted(built)
    assert [path for path in built if served[path] != built[path]] == []


def test_the_quiz_pages_change_with_the_claims_they_ask_only(project: Path) -> None:
    """The quiz, its student sheet and its key show the claims marked quiz: true: an edit to another claim leaves
    them alone, an edit to one of theirs writes all three again."""
    site = project.parent / "site"
    _build(project)
    quiz_pages = {"educators/quiz/index.html", "educators/quiz-sheet/index.html", "educators/quiz-key/index.html"}
    asked = sorted(p.stem for p in (project / "claims").glob("claim-*.yml") if "quiz: true" in p.read_text())
    other = next(p.stem for p in sorted((project / "claims").glob("claim-*.yml")) if p.stem not in asked)
    assert asked
    _age(site)
    _edit(project, other, "summary", "A new short answer for a claim the quiz does not ask.")
    _build(project)
    assert not quiz_pages & _written(site)
    _age(site)
    _edit(project, asked[0], "summary", "A new short answer for a claim the quiz asks.")
    _build(project)
    assert quiz_pages <= _written(site)
    assert "A new short answer for a claim the quiz asks." in (site / "educators/quiz-key/index.html").read_text()
