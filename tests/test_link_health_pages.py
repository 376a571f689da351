"""Pages that read the link report: a gone original shows its archive first and says since when; sources nobody can
open are listed for editors; --strict warns on such primary sources; a broken report is a clear error."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import build_project

ARCHIVE = "https://web.archive.org/web/2024/https://example.org/primary"


def report(**links: dict) -> str:
    entries = []
    for url, fields in links.items():
        entries.append({"url": url, "sources": [], "fields": ["url"], "http_status": 404, "final_url": url,
                        "redirects": [], "detail": "", "checked": "2026-11-30", "fingerprint": "",
                        "content_changed": False, "last_ok": "2025-01-01", **fields})
    return json.dumps({"generated": "2026-11-30T05:00:00Z", "tool": "mkdocs-claims check-links", "user_agent": "x",
                       "summary": {}, "complete": True, "links": entries})


def write_report(project: Path, text: str) -> None:
    (project / "claims" / "link-report.json").write_text(text)
    (project / "content" / "attention.md").write_text("# Attention\n\n[[sources-needing-attention]]\n")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_gone_original_shows_the_archive_first(fixture_project: Path) -> None:
    write_report(fixture_project, report(**{"https://example.org/primary": {"status": "gone",
                                                                          "first_failed": "2026-09-01"}}))
    result = build_project(fixture_project, strict=True)
    assert result.error is None, result.messages
    page = soup(result.site_dir / "claims" / "alpha-claim" / "index.html")
    entry = page.select_one("ol.mc-sources li")
    assert entry.select_one("cite").parent["href"] == ARCHIVE
    assert "the original link is unavailable since 1 September 2026" in entry.get_text(" ")
    assert entry.find("a", href="https://example.org/primary") is None
    attention = soup(result.site_dir / "attention" / "index.html").select_one(".mc-attention")
    assert "found every source reachable" in attention.get_text(" ")


def test_source_nobody_can_open_is_listed_and_warned_about(fixture_project: Path) -> None:
    sources = fixture_project / "claims" / "sources.yml"
    sources.write_text(sources.read_text().replace(f"  archived_url: {ARCHIVE}\n", ""))
    write_report(fixture_project, report(**{"https://example.org/primary": {"status": "dns",
                                                                          "first_failed": "2026-10-02"}}))
    strict = build_project(fixture_project, strict=True)
    assert strict.error is not None
    assert ("claims/sources.yml:6: url: the link report (claims/link-report.json) finds this primary source's "
            "address gone since 2026-10-02, and it has no working archived_url; add a web-archive copy"
            ) in strict.messages
    result = build_project(fixture_project)
    assert result.error is None, result.messages
    entry = soup(result.site_dir / "claims" / "alpha-claim" / "index.html").select_one("ol.mc-sources li")
    assert "Original link unavailable since 2 October 2026" in entry.get_text(" ")
    assert entry.select_one("cite").parent.name != "a"  # no dead link offered
    attention = soup(result.site_dir / "attention" / "index.html").select_one(".mc-attention")
    assert "A Primary Document" in attention.get_text(" ") and "2 October 2026" in attention.get_text(" ")


def test_live_and_blocked_links_change_nothing(fixture_project: Path) -> None:
    write_report(fixture_project, report(**{"https://example.org/primary": {"status": "blocked", "http_status": 403,
                                                                          "first_failed": None}}))
    result = build_project(fixture_project, strict=True)
    assert result.error is None, result.messages
    entry = soup(result.site_dir / "claims" / "alpha-claim" / "index.html").select_one("ol.mc-sources li")
    assert entry.select_one("cite").parent["href"] == "https://example.org/primary"
    assert "unavailable" not in entry.get_text(" ")


def test_a_broken_report_is_a_clear_error(fixture_project: Path) -> None:
    write_report(fixture_project, "{not json")
    result = build_project(fixture_project)
    assert result.error is not None
    assert any(m.startswith("claims/link-report.json: unreadable link report:") for m in result.messages), \
        result.messages
