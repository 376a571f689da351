"""Pure helpers, tested directly: URLs, dates, directive parsing, table-of-contents tokens, placeholder hosts,
host lists, the writing rules' sentence and count finders, and script hashes."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from pathlib import Path

import pytest

from mkdocs_claims import schema
from mkdocs_claims.directives import NAMES, check_directives, find_directives
from mkdocs_claims.i18n import language
from mkdocs_claims.model import Audience, Dataset, Scale, Verdict
from mkdocs_claims.options import audiences_of, glossary_labels, parse_options
from mkdocs_claims.permalinks import append_ids, read_manifest
from mkdocs_claims.plugin import _toc_tokens
from mkdocs_claims.project import read_project_options
from mkdocs_claims.render.csp import script_hashes
from mkdocs_claims.render.pages import file_size
from mkdocs_claims.render.site import is_placeholder_url
from mkdocs_claims.render.urls import Urls, resolve_page_links
from mkdocs_claims.validate import Policy, bare_counts, sentences


@pytest.mark.parametrize(("src", "directory", "flat"), [
    ("index.md", "", "index.html"), ("claims/x.md", "claims/x/", "claims/x.html"),
    ("claims/index.md", "claims/", "claims/index.html"), ("claims/x/worksheet.md", "claims/x/worksheet/",
                                                          "claims/x/worksheet.html")])
def test_page_urls(src: str, directory: str, flat: str) -> None:
    assert Urls().page(src) == directory
    assert Urls(use_directory_urls=False).page(src) == flat


@pytest.mark.parametrize(("target", "from_url", "expected"), [
    ("claims/x/", "claims/y/", "../x/"), ("", "claims/y/", "../../"), ("feed.xml", "", "feed.xml"),
    ("sources/#a", "claims/y/", "../../sources/#a"), ("https://e.org/", "claims/", "https://e.org/"),
    ("claims/x.html", "claims/y.html", "x.html")])
def test_relative_links(target: str, from_url: str, expected: str) -> None:
    assert Urls.relative(target, from_url) == expected


def test_absolute_urls_in_a_preview_are_paths() -> None:
    assert Urls(site_url="").absolute("claims/x/") == "/claims/x/"
    assert Urls(site_url="https://f.net/sub/").absolute("claims/x/") == "https://f.net/sub/claims/x/"


@pytest.mark.parametrize(("value", "english", "chinese"), [
    ("2024-05-31", "31 May 2024", "2024年5月31日"), ("2024-05", "May 2024", "2024年5月"), ("2024", "2024", "2024"),
    ("n.d.", "n.d.", "n.d."), ("2018-12-01", "1 December 2018", "2018年12月1日")])
def test_human_dates_per_language(value: str, english: str, chinese: str) -> None:
    assert language("en").date(value) == english
    assert language("zh").date(value) == chinese


def test_short_dates_and_numbers_per_language() -> None:
    en, zh = language("en"), language("zh")
    assert (en.date("2018-12-31", short=True), zh.date("2018-12-31", short=True)) == ("31 Dec 2018", "2018年12月31日")
    assert (en.number(17_460_000), zh.number(17_460_000)) == ("17.46 million", "1746万")
    assert (en.number(6959), en.number(0.5)) == ("6,959", "0.5")


def test_file_sizes() -> None:
    en = language("en")
    assert [file_size(n, en) for n in (1, 512, 1_500, 2_345_678)] == ["1 byte", "512 bytes", "1.5 kB", "2.3 MB"]


def test_directives_outside_code_only() -> None:
    text = "[[claim:a]] `[[claim:b]]`\n```\n[[claim:c]]\n```\n[[claim-grid:d, e]] [[rating-scale]]"
    found = [(d.name, d.argument, d.line) for d in find_directives(text)]
    assert found == [("claim", "a", 1), ("claim-grid", "d, e", 5), ("rating-scale", "", 5)]


def test_toc_tokens_nest_h2_under_h1() -> None:
    tokens = _toc_tokens('<h1 id="t">Title</h1><h2 id="a">A <em>x</em></h2><h3 id="n">no</h3><h2 id="b">B</h2>')
    assert [(t["id"], [c["id"] for c in t["children"]]) for t in tokens] == [("t", ["a", "b"])]
    assert tokens[0]["children"][0]["name"] == "A x"


@pytest.mark.parametrize(("url", "placeholder"), [
    ("", True), ("https://example.org/", True), ("https://myth.example.com/x", True), ("http://127.0.0.1:8000/", True),
    ("https://facts.test/", True), ("http://localhost:8000/", True), ("https://factcheck.net/", False),
    ("https://examples.org/", False)])
def test_placeholder_urls(url: str, placeholder: bool) -> None:
    assert is_placeholder_url(url) is placeholder


def test_archive_and_blocked_hosts_match_subdomains_only() -> None:
    policy = Policy(archive_hosts=("webarchive.nla.gov.au",))
    assert policy.is_archive("https://web.archive.org/web/2024/x") and policy.is_archive("https://archive.ph/abc")
    assert policy.is_archive("https://webarchive.nla.gov.au/x")
    assert not policy.is_archive("https://notweb.archive.org.evil.com/x") and not policy.is_archive("ftp://x")
    assert policy.is_blocked("https://www.igetintopc.org/x") and not policy.is_blocked("https://igetintopc.org.uk/")


def test_sentence_splitting_and_counts() -> None:
    assert sentences("No. Order No. 36 applies. It was {{ figure a-b }} in all.") == [
        "No.", "Order No. 36 applies.", "It was FIGURE in all."]
    assert bare_counts("In 2019, 13,930 people; 2.8 million times; 5万; Article 1234; the 12306 site.") == [
        "13,930", "2.8 million", "5万"]


def test_script_hashes_skip_data_blocks() -> None:
    html = '<script>a()</script><script type="application/ld+json">{}</script><script src="x.js"></script>'
    assert script_hashes(html) == ["'sha256-" + __import__("base64").b64encode(
        __import__("hashlib").sha256(b"a()").digest()).decode() + "'"]


def _scale(*ratings: int | None, answers: dict[str, str] | None = None) -> Scale:
    answers = answers or {}
    return Scale(tuple(Verdict(f"v{i}", f"V{i}", "#000000", "", r, answers.get(f"v{i}", ""))
                       for i, r in enumerate(ratings)))


@pytest.mark.parametrize(("ratings", "answers", "expected"), [
    ((6, 5, 4, 3, 2, 1, None), {"v2": "neither"}, ["true", "true", "neither", "false", "false", "false", "neither"]),
    ((10, 7, 5, 0), {}, ["true", "true", "neither", "false"]),
    ((2, 1), {"v0": "false"}, ["false", "false"]),
    ((None,), {}, ["neither"]),
])
def test_quiz_answers_come_from_the_scale(ratings: tuple[int | None, ...], answers: dict[str, str],
                                          expected: list[str]) -> None:
    scale = _scale(*ratings, answers=answers)
    assert [scale.quiz_answer(v) for v in scale.verdicts] == expected
    assert [scale.rank(v) for v in scale.verdicts] == list(range(1, len(ratings) + 1))


@pytest.mark.parametrize(("markdown", "expected"), [
    ("[Q](visitors/index.md): more", "[Q](U:visitors/index.md): more"),
    ("[a](a/b.md#part) [web](https://e.org/x.md) [here](#x) [root](/x.md)",
     "[a](U:a/b.md#part) [web](https://e.org/x.md) [here](#x) [root](/x.md)"),
    ("no links", "no links"),
])
def test_links_to_docs_pages_in_site_text(markdown: str, expected: str) -> None:
    assert resolve_page_links(markdown, lambda src: "U:" + src) == expected


def test_options_are_checked_by_the_declaration(tmp_path: Path) -> None:
    options, errors = parse_options({"audiences": [{"id": "a", "label": "A"}], "stale_after_days": 30}, tmp_path)
    assert errors == []
    assert options.stale_after_days == 30 and options.min_sources_per_claim == 2
    assert audiences_of(options) == (Audience("a", "A"),)
    assert glossary_labels(options, language("en")) == {"original": "Original form", "romanization": "Romanization"}
    _, errors = parse_options({"stale_after_day": 30, "preview": "yes"}, tmp_path)
    assert errors == ["plugins.claims.stale_after_day: unknown option (did you mean 'stale_after_days'?)",
                      "plugins.claims.preview: expected true or false, found text"]


def test_project_options_defaults_match_mkdocs(tmp_path: Path) -> None:
    """Without mkdocs.yml settings the command line uses MkDocs' defaults: docs_dir is docs/."""
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - claims\n")
    options = read_project_options(tmp_path / "mkdocs.yml")
    assert (options.docs_dir, options.claims_dir, options.policy) == ("docs", "claims", Policy())


def test_directive_checks_name_the_page_and_line() -> None:
    dataset = Dataset(claims=(), sources=(), topics=(), glossary=(), timeline=(), scale=Scale(()))
    problems = [str(p) for p in check_directives("ok\n[[claim:nope]] [[claims]]\n`[[claim:x]]`\n[[claim]]",
                                                 "content/a.md", dataset)]
    assert problems == [
        "content/a.md:2: [[claim:nope]]: unknown claim 'nope'; claim ids are the file names in claims/",
        "content/a.md:2: [[claims]]: unknown directive; use one of: " + ", ".join(f"[[{n}]]" for n in NAMES),
        "content/a.md:4: [[claim]]: needs a claim id, e.g. [[claim:my-claim]]"]


def test_every_spec_field_is_a_model_attribute() -> None:
    """The spec is the one declaration of a record's fields: the model holds exactly those (plus locations and what
    is derived after loading)."""
    derived = {"location", "field_locations", "figure_source_ids", "romanization_lang"}
    specs = [s for s in vars(schema).values() if isinstance(s, schema.RecordSpec) and s.model is not None]
    assert len(specs) == 11
    for spec in specs:
        model_fields = {f.name for f in dataclass_fields(spec.model)} - derived
        assert {f.attribute for f in spec.fields} == model_fields, spec.name


def test_permalink_manifest_lines(tmp_path: Path) -> None:
    manifest = tmp_path / "permalinks.txt"
    append_ids(manifest, ["a-claim"])
    manifest.write_text(manifest.read_text() + "old-claim retired: merged into a-claim\nBad_Id\n\n# note")
    append_ids(manifest, ["b-claim"])
    entries, problems = read_manifest(manifest, "claims/permalinks.txt")
    assert [(e.id, e.retired_reason, e.location.line) for e in entries] == [
        ("a-claim", "", 3), ("old-claim", "merged into a-claim", 4), ("b-claim", "", 8)]
    assert [str(p) for p in problems] == [
        "claims/permalinks.txt:5: 'Bad_Id' is not '<claim-id>' or '<claim-id> retired: <reason>'"]
