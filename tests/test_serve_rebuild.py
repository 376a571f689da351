"""Under `mkdocs serve`, a save that changes only claim files skips MkDocs' full build (plugins/mkdocs_claims/serve.py).

Each test runs what `mkdocs serve --dirty` runs, in this process: the plugins are told they are serving, the first
build runs, the plugins get the server and wrap its builder, and each "save" calls the server's builder, as the
server does when a watched file changes. The full build is counted, so a test sees which path a save took; output
files are dated in the future between saves, so a file the save wrote is one whose date is now.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from conftest import FIXED_EPOCH, ROOT, build_project

sys.path.insert(0, str(ROOT / "tools"))
import bench_projects
from bench_edit import Server  # what mkdocs serve's server offers a plugin's on_serve

from test_incremental import _age, _edit, _related_to, _written

CLAIMS = 30
TITLE = "An edited claim about travel bans, renamed"


class Session:
    def __init__(self, project: Path, save: Callable[[], None], full_builds: list[int],
                 messages: list[str]) -> None:
        self.project, self.site = project, project.parent / "site"
        self._save, self.full_builds, self.messages = save, full_builds, messages

    def save(self) -> None:
        """What the server does when a watched file changed; waits for the search index written behind it."""
        from mkdocs_claims import plugin

        self.messages.clear()
        self._save()
        plugin._indexer.wait()


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    from mkdocs_claims import load, plugin, serve

    claims, sources = bench_projects.make_dataset(CLAIMS)
    project = bench_projects.write_claims_project(tmp_path / "project", claims, sources)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    monkeypatch.chdir(project)
    monkeypatch.setattr(plugin, "_serving", [False])
    monkeypatch.setattr(load, "KEEP_PARSED", False)
    messages: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("mkdocs").addHandler(handler)
    level = logging.getLogger("mkdocs").level
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    full_builds = [0]

    def full_build(config: MkDocsConfig | None = None) -> None:  # mkdocs serve's own builder, --dirty
        full_builds[0] += 1
        build(config or load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site")), dirty=True)

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=True)
    full_build(config)
    server = Server(full_build)
    config.plugins.on_serve(server, config=config, builder=full_build)
    plugin._indexer.wait()
    full_builds[0] = 0
    try:
        yield Session(project, server.builder, full_builds, messages)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
        logging.getLogger("mkdocs").setLevel(level)
        plugin._indexer.wait()
        serve.forget()


def _same_as_clean_build(session: Session) -> None:
    """The served site is byte for byte the one a clean build of the edited project makes."""
    from mkdocs_claims import load, plugin

    plugin._serving[0] = False
    load.KEEP_PARSED = False
    clean = build_project(session.project, session.project.parent / "clean")
    assert clean.error is None
    served = {p.relative_to(session.site).as_posix(): p.read_bytes() for p in session.site.rglob("*") if p.is_file()}
    built = {p.relative_to(clean.site_dir).as_posix(): p.read_bytes() for p in clean.site_dir.rglob("*")
             if p.is_file()}
    assert sorted(served) == sorted(built)
    assert [path for path in built if served[path] != built[path]] == []


def test_a_claim_edit_writes_only_its_dependants_without_a_full_build(session: Session) -> None:
    ids = sorted(p.stem for p in (session.project / "claims").glob("claim-*.yml"))
    edited = next(i for i in ids if _related_to(session.project, i))
    linking = _related_to(session.project, edited)
    _age(session.site)
    _edit(session.project, edited, "claim", TITLE)
    session.save()
    written = _written(session.site)

    assert session.full_builds == [0]
    pages = {f for f in written if f.endswith(".html") and not f.startswith("embed/")}  # embeds are not MkDocs pages
    # The files MkDocs knows of (the rest are written by the plugin's post-build step, as in every build).
    copied = {f for f in written - pages if not f.startswith(("embed/", "pagefind/")) and f != "_headers"
              and not f.endswith("/claim.md")}
    own = {f"claims/{edited}/{name}" for name in ("card.png", "citation.bib", "citation.ris", "claim.json")}
    assert copied == own | {
        "claims.json", "claims.csv", "claimreview.json", "feed.xml", "llms.txt",
        "assets/mkdocs_claims/explorer-data.js", "assets/mkdocs_claims/matcher-data.js"}
    assert [m.split(" in ")[0] for m in session.messages if "claim file(s) changed" in m] == [
        f"mkdocs_claims: 1 claim file(s) changed; wrote {len(pages)} page(s) and {len(copied)} other file(s)"]
    # The claim, its worksheet, the claims that link it (they show its title), the lists; no other claim.
    assert {f"claims/{edited}/index.html", f"claims/{edited}/worksheet/index.html", "claims/index.html"} <= pages
    assert {f"claims/{other}/index.html" for other in linking} <= pages
    # Hand-written pages: the home page lists claims (a directive) and is written again; the about page shows none.
    assert "index.html" in pages and "about/index.html" not in pages
    untouched = set(ids) - {edited} - linking
    assert not {f for f in written for other in untouched if f"/{other}/" in f}
    assert TITLE in (session.site / "claims" / edited / "index.html").read_text(encoding="utf-8")
    assert TITLE in (session.site / "claims.json").read_text(encoding="utf-8")
    assert "sources.json" not in written and not {"sitemap.xml", "sitemap.xml.gz"} & written

    # A new review date is the page's date in the sitemap: it is written again.
    _age(session.site)
    _edit(session.project, edited, "reviewed", "2026-11-17")
    session.save()
    assert session.full_builds == [0]
    assert {"sitemap.xml", "sitemap.xml.gz"} <= _written(session.site)
    assert f"/{edited}/</loc>\n         <lastmod>2026-11-17</lastmod>" in (session.site / "sitemap.xml").read_text()
    _same_as_clean_build(session)


@pytest.mark.parametrize("change", ["content page", "sources", "new claim", "removed claim", "renamed id"])
def test_any_other_change_goes_through_mkdocs_full_build(session: Session, change: str) -> None:
    claims = session.project / "claims"
    if change == "content page":
        page = session.project / "content" / "about.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
    elif change == "sources":
        sources = claims / "sources.yml"
        sources.write_text(sources.read_text(encoding="utf-8").replace("title: ", "title: Revised ", 1),
                           encoding="utf-8")
    elif change == "new claim":
        text = (claims / "claim-00003.yml").read_text(encoding="utf-8")
        (claims / "claim-00999.yml").write_text(text.replace("id: claim-00003", "id: claim-00999"), encoding="utf-8")
    elif change == "removed claim":  # a published id is retired in the manifest
        (claims / "claim-00029.yml").unlink()
        manifest = claims / "permalinks.txt"
        manifest.write_text(manifest.read_text(encoding="utf-8").replace(
            "claim-00029\n", "claim-00029 retired: merged into another check\n"), encoding="utf-8")
    else:  # a new id (and file name); the old id becomes an alias, whose address redirects
        old = claims / "claim-00029.yml"
        (claims / "claim-00998.yml").write_text(old.read_text(encoding="utf-8").replace(
            "id: claim-00029", "id: claim-00998\naliases: [claim-00029]"), encoding="utf-8")
        old.unlink()
    session.save()
    assert session.full_builds == [1]
    assert not [m for m in session.messages if "claim file(s) changed" in m]
    assert not [m for m in session.messages if "nothing was written" in m]  # the build did not stop
    if change in ("content page", "sources"):  # a claim edit after the full build: claims-only again
        _edit(session.project, "claim-00004", "summary", "Edited after a full build.")
        session.save()
        assert session.full_builds == [1]
        assert any("1 claim file(s) changed" in m for m in session.messages)
        assert "Edited after a full build." in (session.site / "claims/claim-00004/index.html").read_text()


def test_a_broken_claim_keeps_the_last_site_and_its_fix_is_a_claims_only_rebuild(session: Session) -> None:
    path = session.project / "claims" / "claim-00004.yml"
    good = path.read_text(encoding="utf-8")
    page = session.site / "claims" / "claim-00004" / "index.html"
    before = page.read_bytes()
    path.write_text(good.replace("verdict: ", "verdict: maybe-", 1), encoding="utf-8")
    session.save()  # the server's builder does not raise: it logs the errors and keeps serving
    assert any(m.startswith("mkdocs_claims: claims/claim-00004.yml:") and "verdict" in m for m in session.messages)
    assert any("serving the last good build" in m for m in session.messages)
    assert page.read_bytes() == before
    path.write_text(good, encoding="utf-8")
    _edit(session.project, "claim-00004", "summary", "Fixed and edited.")
    session.save()
    assert session.full_builds == [0]
    assert "Fixed and edited." in page.read_text(encoding="utf-8")
    _same_as_clean_build(session)
