"""The search index as built: what each record holds (Chinese pairs, filter words, sections of pages), that the
Pagefind index is written whole and the same for the same input, and what a built site ships for search."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mkdocs_claims.i18n import language
from mkdocs_claims.project import check_project, read_project_options
from mkdocs_claims.render.pagefind import BackgroundIndexer, write_pagefind_index
from mkdocs_claims.render.search import (
    SearchRecord,
    claim_records,
    common_evidence_words,
    filter_word,
    page_records,
    with_han_bigrams,
    words,
)
from mkdocs_claims.render.urls import Urls

ROOT = Path(__file__).resolve().parents[1]


def test_han_runs_get_their_neighbouring_pairs_as_words() -> None:
    text = with_han_bigrams("the list 严重失信主体名录 and 信")
    words = text.split("\n", 1)[1].split()
    assert text.startswith("the list 严重失信主体名录 and 信")  # the text itself stays, for excerpts
    assert words == ["严重", "重失", "失信", "信主", "主体", "体名", "名录"]  # a lone character adds nothing
    assert with_han_bigrams("no Chinese here") == "no Chinese here"


def test_filter_words_do_not_begin_one_another() -> None:
    """Pagefind matches a word by prefix too: verdict:false must not find a claim rated false-in-part."""
    assert not filter_word("verdict", "false-in-part").startswith(filter_word("verdict", "false"))
    assert filter_word("topic", "Daily-Life").isalnum()


def test_evidence_words_that_many_claims_share_are_common_only_on_a_large_site() -> None:
    many = [f"credit court place{i}" for i in range(1000)] + ["rongcheng"] * 3
    assert common_evidence_words(many) == {"credit", "court"}  # in 1,000 of 1,003 claims' evidence
    assert common_evidence_words(many[:90]) == frozenset()  # 90 claims: under the floor, every word stays
    assert common_evidence_words(["a"] * 60 + [""] * 940, share=0.05, floor=50) == {"a"}  # 60 > 50 = 5%


def test_a_claim_is_found_by_its_own_words_and_by_its_evidence_words_that_few_claims_share() -> None:
    root_options = read_project_options(ROOT / "mkdocs.yml")
    dataset = check_project(ROOT, root_options, dt.date(2026, 12, 3)).dataset
    assert dataset is not None
    records = {r.url: r for r in claim_records(dataset, Urls(), language("en"))}
    ai_claim = records["claims/ai-automated-system/"]
    found = words(ai_claim.content)
    # Brussee (a scholar cited in the evidence) is named nowhere in the claim's own text, yet finds it; once.
    assert found.count("brussee") == 1
    assert filter_word("verdict", ai_claim.meta["verdict"]) in found
    # With every evidence word counted as common, only the claim's own text is left: it still finds the claim.
    own_only = {r.url: r for r in claim_records(dataset, Urls(), language("en"), common_share=0, common_floor=0)}
    own_words = words(own_only["claims/ai-automated-system/"].content)
    assert "brussee" not in own_words and len(own_words) < len(found)
    assert set(words(ai_claim.title)) <= set(own_words)


def test_a_page_splits_into_sections_at_headings_terms_and_entries() -> None:
    body = ('<p>Intro words.</p><h2 id="scores">Scores <a class="headerlink" href="#scores">¶</a></h2><p>Score text'
            '</p><dl><dt id="shixin">Defaulter <span lang="zh">失信</span></dt><dd>Court list.</dd></dl>'
            '<ul><li id="src-1">A Report. Publisher, 2020.</li><li id="fn:1">a footnote</li></ul>'
            '<p class="mc-preview-banner" data-search-exclude>Preview notice</p><script>var x = 1;</script>')
    records = page_records("glossary/", "Glossary", body)
    assert [r.url for r in records] == ["glossary/", "glossary/#scores", "glossary/#shixin", "glossary/#src-1"]
    assert [r.title for r in records[:3]] == ["Glossary", "Scores – Glossary", "Defaulter 失信 – Glossary"]
    assert "¶" not in records[1].content
    assert "a footnote" in records[3].text  # a footnote stays with the entry before it, not a result of its own
    assert all("Preview notice" not in r.content and "var x" not in r.content for r in records)
    assert "失信" in records[2].content.split("\n", 1)[1].split()


def _records(n: int) -> list[SearchRecord]:
    return [SearchRecord(url=f"claims/c{i}/", title=f"Claim {i}", content=with_han_bigrams(f"credit {i} 失信被执行人"),
                         text="short answer", meta={"verdict": "false"}) for i in range(n)]


def test_pagefind_index_is_written_whole_and_the_same_twice(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "pagefind", tmp_path / "b" / "pagefind"
    first.mkdir(parents=True)
    (first / "stale.pf_fragment").write_text("from an earlier build")
    write_pagefind_index(_records(300), first, "en")
    write_pagefind_index(_records(300), second, "en")
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert "stale.pf_fragment" not in files  # replaced whole, not merged into
    assert "pagefind.js" in files and "pagefind-entry.json" in files
    assert not any(name.startswith("pagefind-ui") for name in files)  # the site has its own search box
    assert files == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    assert not list(tmp_path.glob("*/pagefind.*")), "no half-written folder is left beside the index"
    entry = json.loads((first / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en"] and entry["languages"]["en"]["page_count"] == 300


@pytest.fixture(scope="module")
def search_settings(real_site: Path) -> dict[str, object]:
    return json.loads((real_site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_the_site_ships_a_pagefind_index_and_settings_not_a_full_text_index(real_site: Path,
                                                                              search_settings: dict) -> None:
    assert (real_site / "pagefind" / "pagefind.js").is_file()
    assert search_settings["docs"] == []  # the records are in the Pagefind index, loaded by the chunk
    assert (real_site / "search" / "search_index.json").stat().st_size < 4000
    filters = search_settings["config"]["filters"]
    assert set(filters) == {"verdict", "topic", "audience"}
    assert filters["audience"] == {"travelers": "Travelers", "educators": "Educators", "journalists": "Journalists"}


def test_the_search_worker_is_ours(real_site: Path) -> None:
    home = (real_site / "index.html").read_text(encoding="utf-8")
    assert '"search": "assets/mkdocs_claims/search-worker.js"' in home
    assert "workers/search." not in home
    assert 'class="md-search"' in home  # Material's search box is still drawn
    assert not (real_site / "assets" / "javascripts" / "lunr").exists()  # nor its lunr search shipped
    assert not list((real_site / "assets" / "javascripts").glob("workers/search.*"))


def test_background_index_ends_with_the_newest_records(tmp_path: Path) -> None:
    """Under serve, saves can come faster than indexing: every job is taken or replaced, and the last one wins."""
    indexer = BackgroundIndexer()
    output = tmp_path / "pagefind"
    for n in (5, 6, 7):
        indexer.submit(_records(n), output, "en")
    indexer.wait(60)
    entry = json.loads((output / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 7
    assert 1 <= indexer.written <= 3
    indexer.submit(_records(3), output, "en")  # after the thread stopped, a new job starts a new one
    indexer.wait(60)
    assert json.loads((output / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"] == 3
