"""Every error kind the loader and validator report, with its exact message and file:line.

Each case starts from the tiny fixture dataset, replaces or adds one file, and
asserts the full problem text an editor would see.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from mkdocs_claims.model import Severity
from mkdocs_claims.project import read_project_options
from mkdocs_claims.validate import SiteData, load_dataset

FIXTURE_CLAIMS = Path(__file__).parent / "fixtures" / "site" / "claims"
# What the fixture site declares in its mkdocs.yml (its audiences), read as the command line reads it.
FIXTURE_SITE = read_project_options(FIXTURE_CLAIMS.parent / "mkdocs.yml").site
TODAY = dt.date(2026, 11, 18)

GOOD_CLAIM = """\
id: gamma-claim
claim: A third claim.
verdict: mixed
summary: Partly.
evidence:
  - text: One point.
    sources: [primary-doc, study]
topics: [scores]
audiences: [educators]
appearances:
  - source: news-story
    date: "2019"
reviewed: 2026-11-01
changelog:
  - date: 2026-11-01
    note: First published.
"""


def problems_for(tmp_path: Path, files: dict[str, str | bytes], today: dt.date = TODAY,
                 site: SiteData = FIXTURE_SITE) -> list[str]:
    claims = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, claims)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (claims / name).write_bytes(data)
    _, problems = load_dataset(claims, today=today, display_root=tmp_path, site=site)
    return [str(p) for p in problems]


def claim_with(replace: str, by: str) -> str:
    assert replace in GOOD_CLAIM, replace
    return GOOD_CLAIM.replace(replace, by)


def test_fixture_dataset_is_clean(tmp_path: Path) -> None:
    assert problems_for(tmp_path, {}) == []


def test_good_claim_is_clean(tmp_path: Path) -> None:
    assert problems_for(tmp_path, {"gamma-claim.yml": GOOD_CLAIM}) == []


CASES = [
    ("yaml syntax error", claim_with("claim: A third claim.", "claim: [unclosed"),
     "claims/gamma-claim.yml:3: YAML syntax error: expected ',' or ']', but got ':' "
     "(while parsing a flow sequence)"),
    ("duplicate key", claim_with("summary: Partly.", "summary: Partly.\nsummary: Again."),
     "claims/gamma-claim.yml:5: summary: duplicate key (first written at line 4); YAML would silently keep only "
     "the last one, so remove one of them"),
    ("unknown field with suggestion", claim_with("summary: Partly.", "summary: Partly.\nsumary: typo"),
     "claims/gamma-claim.yml:5: sumary: unknown field (did you mean 'summary'?) (a claim has: id, claim, variants, "
     "verdict, "
     "scope, summary, what_is_true, what_is_false, evidence, topics, audiences, related, appearances, "
     "appearances_note, reviewed, review_by, changelog, aliases, featured, quiz, quiz_prompt, note, reader_note)"),
    ("missing required field", claim_with("summary: Partly.\n", ""),
     "claims/gamma-claim.yml:1: summary: required field is missing"),
    ("empty required field", claim_with("summary: Partly.", "summary: ''"),
     "claims/gamma-claim.yml:4: summary: required field is empty"),
    ("wrong type: list expected", claim_with("topics: [scores]", "topics: scores"),
     "claims/gamma-claim.yml:8: topics: expected a list (e.g. 'topics: [a, b]' or lines starting with '- ')"),
    ("wrong type: text expected", claim_with("summary: Partly.", "summary:\n  - a list"),
     "claims/gamma-claim.yml:5: summary: expected text, found a list"),
    ("unknown verdict", claim_with("verdict: mixed", "verdict: mixd"),
     "claims/gamma-claim.yml:3: verdict: unknown verdict 'mixd' (did you mean 'mixed'?); verdicts are: true, "
     "mostly-true, mixed, misleading, mostly-false, false, unproven, outdated"),
    ("unknown source", claim_with("sources: [primary-doc, study]", "sources: [primary-doc, studdy]"),
     "claims/gamma-claim.yml:7: evidence[0].sources[1]: unknown source 'studdy' (did you mean 'study'?); sources "
     "are defined in claims/sources.yml"),
    ("unknown related claim", claim_with("topics: [scores]", "topics: [scores]\nrelated: [alpha-clam]"),
     "claims/gamma-claim.yml:9: related[0]: unknown claim 'alpha-clam' (did you mean 'alpha-claim'?); related "
     "claims must be ids of claim files"),
    ("unknown topic", claim_with("topics: [scores]", "topics: [score]"),
     "claims/gamma-claim.yml:8: topics[0]: unknown topic 'score' (did you mean 'scores'?); topics are defined in "
     "claims/topics.yml"),
    ("invalid date", claim_with("reviewed: 2026-11-01", "reviewed: 2026-02-30"),
     "claims/gamma-claim.yml:13: reviewed: '2026-02-30' is not a valid date: use YYYY-MM-DD (e.g. 2024-05-31)"),
    ("date in the future", claim_with("reviewed: 2026-11-01", "reviewed: 2027-01-01"),
     "claims/gamma-claim.yml:13: reviewed: 2027-01-01 is in the future (today is 2026-11-18)"),
    ("non-http url", claim_with('    date: "2019"', '    date: "2019"\n  - url: ftp://example.org/x\n    date: "2020"'),
     "claims/gamma-claim.yml:13: appearances[1].url: 'ftp://example.org/x' is not an http(s) URL; only http:// "
     "and https:// addresses are allowed"),
    ("javascript url in markdown", claim_with("summary: Partly.", "summary: '[click](javascript:alert(1))'"),
     "claims/gamma-claim.yml:4: summary: link to 'javascript:alert(1' uses the 'javascript:' scheme; links must "
     "be http(s) or site-relative (e.g. /claims/my-claim/)"),
    ("bad id", claim_with("id: gamma-claim", "id: Gamma_Claim"),
     "claims/gamma-claim.yml:1: id: 'Gamma_Claim' is not a valid id: use lowercase letters, digits and single "
     "hyphens (e.g. 'my-claim-2024')"),
    ("id not equal to file name", claim_with("id: gamma-claim", "id: gamma-claim-2"),
     "claims/gamma-claim.yml:1: id: id 'gamma-claim-2' does not match the file name 'gamma-claim.yml'; rename the "
     "file to 'gamma-claim-2.yml' or change the id"),
    ("bool field", claim_with("topics: [scores]", "topics: [scores]\nfeatured: yes"),
     "claims/gamma-claim.yml:9: featured: 'yes' is not true or false"),
    ("unknown audience", claim_with("audiences: [educators]", "audiences: [educator]"),
     "claims/gamma-claim.yml:9: audiences[0]: unknown audience 'educator' (did you mean 'educators'?); the "
     "audiences declared in mkdocs.yml (plugins: claims: audiences) are: journalists, travelers, educators"),
    ("no audience on a site that declares some", claim_with("audiences: [educators]\n", ""),
     "claims/gamma-claim.yml:1: audiences: required field is missing"),
    ("too few sources", claim_with("sources: [primary-doc, study]", "sources: [primary-doc]"),
     "claims/gamma-claim.yml:1: evidence: cites 1 distinct source(s); a claim needs at least 2"),
    ("only weak sources", claim_with("sources: [primary-doc, study]", "sources: [news-story]\n  - text: Two.\n"
                                     "    sources: [news-story]"),
     "claims/gamma-claim.yml:1: evidence: cites 1 distinct source(s); a claim needs at least 2"),
    ("quote too long", claim_with("    sources: [primary-doc, study]", "    sources: [primary-doc, study]\n"
                                  "    quote:\n      text: " + "word " * 41 + "\n      source: study"),
     "claims/gamma-claim.yml:9: evidence[0].quote.text: quotation has 41 words; keep quotes to 40 words or fewer "
     "and say the rest in our own words"),
    ("appearance without source or url", claim_with("  - source: news-story\n", "  - note: somewhere\n"),
     "claims/gamma-claim.yml:11: appearances[0]: give a 'source' id or a 'url' (or both)"),
    ("file is a list", "- id: gamma-claim\n",
     "claims/gamma-claim.yml:1: claim: expected a mapping of claim fields (such as 'id: ...'), found a list"),
    ("file is a scalar", "just some text\n",
     "claims/gamma-claim.yml:1: claim: expected a mapping of claim fields (such as 'id: ...'), found plain text"),
    ("empty file", "", "claims/gamma-claim.yml: file is empty; expected YAML such as 'id: my-claim'"),
    ("comments only", "# nothing here\n", "claims/gamma-claim.yml: file holds no value; expected YAML such as "
     "'id: my-claim'"),
    ("tab indentation", claim_with("  - text: One point.", "\t- text: One point."),
     "claims/gamma-claim.yml:6: tab character used for indentation; YAML needs spaces"),
    ("unterminated string", claim_with("summary: Partly.", 'summary: "Partly.'),
     "claims/gamma-claim.yml:12: YAML syntax error: expected <block end>, but found '<scalar>' (while parsing a "
     "block mapping); check the quotation mark opened on line 4"),
    ("merge key", claim_with("summary: Partly.", "summary: Partly.\n<<: {x: 1}"),
     "claims/gamma-claim.yml:5: <<: merge keys ('<<') are not supported; write the fields out"),
]


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_error_kind(tmp_path: Path, name: str, content: str, expected: str) -> None:
    assert expected in problems_for(tmp_path, {"gamma-claim.yml": content})


def test_byte_order_mark(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, {"gamma-claim.yml": b"\xef\xbb\xbf" + GOOD_CLAIM.encode()})
    assert problems == ["claims/gamma-claim.yml:1: file starts with a byte-order mark; save it as UTF-8 without BOM"]


def test_invalid_utf8(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, {"gamma-claim.yml": GOOD_CLAIM.encode().replace(b"Partly", b"Part\xffly")})
    assert problems == ["claims/gamma-claim.yml:4: invalid UTF-8 (byte 0xff); save the file as UTF-8"]


def test_oversized_file(tmp_path: Path) -> None:
    big = GOOD_CLAIM + "# " + "x" * 1_000_001 + "\n"
    problems = problems_for(tmp_path, {"gamma-claim.yml": big})
    assert problems == [f"claims/gamma-claim.yml: file is {len(big.encode()):,} bytes; the limit is 1,000,000. "
                        "Split it, or move long text out of it."]


def test_billion_laughs_fails_fast(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    bomb = "\n".join(lines) + "\nid: gamma-claim\n"
    problems = problems_for(tmp_path, {"gamma-claim.yml": bomb})
    assert problems == ["claims/gamma-claim.yml:1: anchors and aliases expand to more than 100,000 values; write "
                        "the values out instead of using aliases"]


def test_control_character(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, {"gamma-claim.yml": claim_with("summary: Partly.", 'summary: "Part\\x01ly"')})
    assert "claims/gamma-claim.yml:4: summary: contains control character U+0001; remove it" in problems


def test_duplicate_claim_id_names_both_places(tmp_path: Path) -> None:
    clash = GOOD_CLAIM.replace("id: gamma-claim", "id: alpha-claim")
    problems = problems_for(tmp_path, {"alpha-claim-copy.yml": clash})
    assert ("claims/alpha-claim.yml:1: id: duplicate claim id 'alpha-claim' (also defined at "
            "claims/alpha-claim-copy.yml:1)") in problems


def test_duplicate_source_id(tmp_path: Path) -> None:
    sources = (FIXTURE_CLAIMS / "sources.yml").read_text() + (
        "- id: study\n  title: Another\n  author: B\n  date: '2020'\n  kind: academic\n")
    problems = problems_for(tmp_path, {"sources.yml": sources})
    assert "claims/sources.yml:20: id: duplicate source id 'study' (also defined at claims/sources.yml:15)" in problems


def test_source_fields(tmp_path: Path) -> None:
    sources = (FIXTURE_CLAIMS / "sources.yml").read_text() + (
        "- id: bad-source\n  title: Bad\n  date: '2020-13'\n  kind: blog\n  url: javascript:alert(1)\n")
    problems = problems_for(tmp_path, {"sources.yml": sources})
    assert "claims/sources.yml:22: [3].date: '2020-13' is not a valid date: use YYYY-MM-DD, YYYY-MM, YYYY, or " \
           "'n.d.' for an undated source" in problems
    assert "claims/sources.yml:23: [3].kind: 'blog' is not allowed; use one of: primary, academic, analysis, " \
           "journalism, commentary" in problems
    assert "claims/sources.yml:24: [3].url: 'javascript:alert(1)' is not an http(s) URL; only http:// and " \
           "https:// addresses are allowed" in problems


def test_alias_colliding_with_id(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, {"gamma-claim.yml": GOOD_CLAIM + "aliases: [beta-claim]\n"})
    assert any(p.startswith("claims/gamma-claim.yml:17: aliases[0]: alias 'beta-claim' is already the id or an "
                            "alias of another claim") for p in problems)


def test_all_problems_reported_together(tmp_path: Path) -> None:
    broken = claim_with("verdict: mixed", "verdict: nope").replace("[primary-doc, study]", "[primary-doc, nope]")
    problems = problems_for(tmp_path, {"gamma-claim.yml": broken, "delta.yml": "id: [\n"})
    assert len([p for p in problems if p.startswith("claims/gamma-claim.yml")]) == 2
    assert any(p.startswith("claims/delta.yml:") for p in problems)


def test_schema_types_values_not_yaml(tmp_path: Path) -> None:
    """verdict: false is the verdict 'false'; no, dates and numbers stay text until the schema types them."""
    claim = claim_with("verdict: mixed", "verdict: false").replace("claim: A third claim.", "claim: no")
    claims = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, claims)
    (claims / "gamma-claim.yml").write_text(claim)
    dataset, problems = load_dataset(claims, today=TODAY, display_root=tmp_path, site=FIXTURE_SITE)
    assert dataset is not None, problems
    gamma = dataset.claim("gamma-claim")
    assert gamma is not None
    assert gamma.verdict_id == "false" and gamma.claim == "no" and gamma.reviewed == "2026-11-01"


def test_warnings(tmp_path: Path) -> None:
    stale = claim_with("reviewed: 2026-11-01", "reviewed: 2025-01-01").replace(
        "appearances:\n  - source: news-story\n    date: \"2019\"\n", "")
    sources = (FIXTURE_CLAIMS / "sources.yml").read_text() + (
        "- id: unused\n  title: Unused\n  author: B\n  date: '2020'\n  kind: academic\n")
    claims = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, claims)
    (claims / "gamma-claim.yml").write_text(stale)
    (claims / "sources.yml").write_text(sources)
    dataset, problems = load_dataset(claims, today=TODAY, display_root=tmp_path, site=FIXTURE_SITE)
    assert dataset is not None
    assert all(p.severity is Severity.WARNING for p in problems)
    assert sorted(map(str, problems)) == sorted([
        "claims/gamma-claim.yml:1: appearances: no appearances: say where and when the claim was made, or explain in "
        "'appearances_note' that none is known",
        "claims/gamma-claim.yml:10: reviewed: last reviewed 2025-01-01, more than 365 days ago; check the verdict "
        "and update 'reviewed'",
        "claims/sources.yml:20: id: source 'unused' is not cited by any claim, term or event; cite it or remove it",
    ])


def test_missing_registry(tmp_path: Path) -> None:
    claims = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, claims)
    (claims / "sources.yml").unlink()
    _, problems = load_dataset(claims, today=TODAY, display_root=tmp_path, site=FIXTURE_SITE)
    assert "claims/sources.yml: missing file: every dataset needs sources.yml" in map(str, problems)


def test_glossary_and_timeline_references(tmp_path: Path) -> None:
    glossary = ("- id: term\n  term: Term\n  original: 词\n  original_lang: zh\n  romanization: cí\n"
                "  definition: A word.\n  claims: [nope]\n")
    timeline = "- date: '2014-06'\n  title: Plan\n  text: A plan.\n  sources: [nope-source]\n"
    problems = problems_for(tmp_path, {"glossary.yml": glossary, "timeline.yml": timeline})
    assert "claims/glossary.yml:1: [0].claims[0]: unknown claim 'nope'; claims are the files in claims/" in problems
    assert ("claims/timeline.yml:1: [0].sources[0]: unknown source 'nope-source'; sources are defined in "
            "claims/sources.yml") in problems


@pytest.mark.parametrize(("content", "expected"), [
    ("id: &a [*a]\n", "claims/gamma-claim.yml:1: an alias refers to a value that contains it, which never ends; "
                      "write the values out instead of using aliases"),
    ("id: " + "[" * 200_000 + "]" * 200_000 + "\n",
     "claims/gamma-claim.yml:1: values are nested more than 50 levels deep; a claim file needs at most four"),
    ("".join(" " * i + "k:\n" for i in range(1300)),
     "claims/gamma-claim.yml:51: values are nested more than 50 levels deep; a claim file needs at most four"),
], ids=["self-referring alias", "deep flow nesting", "deep block nesting"])
def test_structures_that_would_crash_a_recursive_parser(tmp_path: Path, content: str, expected: str) -> None:
    assert problems_for(tmp_path, {"gamma-claim.yml": content}) == [expected]


def test_invalid_record_is_reported_once_not_as_unknown_everywhere(tmp_path: Path) -> None:
    sources = (FIXTURE_CLAIMS / "sources.yml").read_text().replace('date: "2019"\n  kind: academic',
                                                                    'date: "20x9"\n  kind: academic')
    assert problems_for(tmp_path, {"sources.yml": sources}) == [
        "claims/sources.yml:18: [2].date: '20x9' is not a valid date: use YYYY-MM-DD, YYYY-MM, YYYY, or 'n.d.' "
        "for an undated source"]


# --- figures, corrections, archives, writing rules (dataset round 2) -----------------------------------------

GOOD_FIGURE = """\
- id: listings-2024
  value: 2960000
  unit: person-times
  counted: new listings on the court defaulter list
  period: 2024-01/2024-12
  source: study
"""

FIGURE_CASES = [
    ("figure without unit", GOOD_FIGURE.replace("  unit: person-times\n", ""),
     "claims/figures.yml:1: [0].unit: required field is missing"),
    ("figure without period", GOOD_FIGURE.replace("  period: 2024-01/2024-12\n", ""),
     "claims/figures.yml:1: [0].period: required field is missing"),
    ("figure without source", GOOD_FIGURE.replace("  source: study\n", ""),
     "claims/figures.yml:1: [0].source: required field is missing"),
    ("figure with unknown source", GOOD_FIGURE.replace("source: study", "source: stdy"),
     "claims/figures.yml:1: source: unknown source 'stdy' (did you mean 'study'?); sources are defined in "
     "claims/sources.yml"),
    ("figure with a bad period", GOOD_FIGURE.replace("2024-01/2024-12", "2024-12/2024-01"),
     "claims/figures.yml:5: [0].period: '2024-12/2024-01' ends before it starts"),
    ("figure with text for a value", GOOD_FIGURE.replace("2960000", "2.96 million"),
     "claims/figures.yml:2: [0].value: '2.96 million' is not a number: write digits without separators "
     "(e.g. 17460000 or 37.3e12)"),
]


@pytest.mark.parametrize(("name", "figures", "expected"), FIGURE_CASES, ids=[c[0] for c in FIGURE_CASES])
def test_figure_error_kind(tmp_path: Path, name: str, figures: str, expected: str) -> None:
    gamma = claim_with("  - text: One point.", "  - text: Listings were {{ figure listings-2024 }}.")
    assert expected in problems_for(tmp_path, {"figures.yml": figures, "gamma-claim.yml": gamma})


def test_prose_naming_an_unknown_figure(tmp_path: Path) -> None:
    gamma = claim_with("  - text: One point.", "  - text: Listings were {{ figure listings-2042 }}.")
    problems = problems_for(tmp_path, {"figures.yml": GOOD_FIGURE, "gamma-claim.yml": gamma})
    assert ("claims/gamma-claim.yml:6: evidence[0].text: unknown figure 'listings-2042' (did you mean "
            "'listings-2024'?); figures are defined in claims/figures.yml") in problems


def test_malformed_figure_reference(tmp_path: Path) -> None:
    gamma = claim_with("  - text: One point.", "  - text: Listings were {{ figures listings-2024 }}.")
    problems = problems_for(tmp_path, {"figures.yml": GOOD_FIGURE, "gamma-claim.yml": gamma})
    assert ("claims/gamma-claim.yml:6: evidence[0].text: '{{ figures listings-2024 }}' is not a figure reference; "
            "write {{ figure <id> }} with an id from claims/figures.yml") in problems


def test_figures_may_be_split_into_a_folder(tmp_path: Path) -> None:
    claims = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, claims)
    (claims / "figures").mkdir()
    (claims / "figures" / "courts.yml").write_text(GOOD_FIGURE)
    (claims / "gamma-claim.yml").write_text(claim_with("  - text: One point.",
                                                       "  - text: Listings were {{ figure listings-2024 }}."))
    dataset, problems = load_dataset(claims, today=TODAY, display_root=tmp_path, site=FIXTURE_SITE)
    assert dataset is not None, problems
    assert dataset.figure("listings-2024").source_id == "study"
    gamma = dataset.claim("gamma-claim")
    assert "study" in gamma.cited_source_ids


def test_bare_count_in_claim_prose(tmp_path: Path) -> None:
    gamma = claim_with("  - text: One point.", "  - text: In 2018, 17.46 million tickets and 6,959 records.")
    problems = problems_for(tmp_path, {"gamma-claim.yml": gamma})
    assert ("claims/gamma-claim.yml:6: evidence[0].text: the count '17.46 million' is written out; make it a figure "
            "in claims/figures.yml and cite it as {{ figure <id> }}") in problems
    assert any("the count '6,959' is written out" in p for p in problems)
    assert not any("'2018'" in p for p in problems)  # a year is not a count


def test_document_numbers_and_years_are_not_counts(tmp_path: Path) -> None:
    gamma = claim_with("  - text: One point.", "  - text: Guofa [2016] No. 33, Order No. 1058 and GB 32100-2015 "
                       "from 2016 on the 12306 ticketing site.")
    assert problems_for(tmp_path, {"gamma-claim.yml": gamma}) == []


def test_long_sentence(tmp_path: Path) -> None:
    long = "Partly. Word " + " ".join(["word"] * 29) + " end."
    problems = problems_for(tmp_path, {"gamma-claim.yml": claim_with("summary: Partly.", f"summary: {long}")})
    assert [p for p in problems if "words" in p] == [
        "claims/gamma-claim.yml:4: summary: a sentence of 31 words (\"Word word word word word word word word word "
        "word…\"); split it: at most 30 words"]


def test_no_under_a_verdict_that_is_not_false(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, {"gamma-claim.yml": claim_with("summary: Partly.", "summary: No. Mostly not.")})
    assert problems == ["claims/gamma-claim.yml:4: summary: opens with \"No\" under 'Mixed'; open with words that "
                        "match the verdict"]


def test_archived_url_must_be_an_archive(tmp_path: Path) -> None:
    sources = (FIXTURE_CLAIMS / "sources.yml").read_text().replace(
        "https://web.archive.org/web/2024/https://example.org/primary", "https://www.docslib.org/doc/123/primary")
    problems = problems_for(tmp_path, {"sources.yml": sources})
    assert problems == ["claims/sources.yml:7: archived_url: 'https://www.docslib.org/doc/123/primary' is not a web "
                        "archive (Wayback Machine, archive.today, perma.cc, ghostarchive or the archive_hosts "
                        "option); put a copy on another site in 'copy_url'"]


def test_a_site_can_add_archive_hosts(tmp_path: Path) -> None:
    from mkdocs_claims.validate import Policy
    claims = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, claims)
    (claims / "sources.yml").write_text((FIXTURE_CLAIMS / "sources.yml").read_text().replace(
        "https://web.archive.org/web/2024/https://example.org/primary", "https://webarchive.nla.gov.au/x"))
    _, problems = load_dataset(claims, today=TODAY, display_root=tmp_path,
                               policy=Policy(archive_hosts=("webarchive.nla.gov.au",)), site=FIXTURE_SITE)
    assert problems == []


@pytest.mark.parametrize("field", ["url", "archived_url", "copy_url"])
def test_blocked_hosts_are_refused_everywhere(tmp_path: Path, field: str) -> None:
    sources = (FIXTURE_CLAIMS / "sources.yml").read_text() + (
        f"- id: pirate\n  title: Repost\n  author: B\n  date: '2020'\n  kind: journalism\n"
        f"  {field}: https://igetintopc.org/some-story/\n")
    gamma = claim_with("    sources: [primary-doc, study]", "    sources: [primary-doc, study, pirate]")
    problems = problems_for(tmp_path, {"sources.yml": sources, "gamma-claim.yml": gamma})
    assert any(p.startswith(f"claims/sources.yml:25: {field}: 'https://igetintopc.org/some-story/' is on a blocked "
                            "host (piracy or malware)") for p in problems), problems


def test_blocked_host_in_an_appearance(tmp_path: Path) -> None:
    gamma = claim_with("  - source: news-story\n", "  - url: https://www.igetintopc.org/x\n")
    problems = problems_for(tmp_path, {"gamma-claim.yml": gamma})
    assert "claims/gamma-claim.yml:11: appearances[0].url: 'https://www.igetintopc.org/x' is on a blocked host " \
           "(piracy or malware)" in problems


CORRECTION = """\
  - date: 2026-11-10
    kind: correction
    old_verdict: mostly-true
    new_verdict: mixed
    note: New evidence.
"""


def test_correction_is_clean(tmp_path: Path) -> None:
    gamma = GOOD_CLAIM + CORRECTION
    assert problems_for(tmp_path, {"gamma-claim.yml": gamma}) == []


def test_correction_needs_both_verdicts(tmp_path: Path) -> None:
    gamma = GOOD_CLAIM + CORRECTION.replace("    old_verdict: mostly-true\n", "")
    problems = problems_for(tmp_path, {"gamma-claim.yml": gamma})
    assert problems == ["claims/gamma-claim.yml:17: changelog[1].old_verdict: a correction needs old_verdict and "
                        "new_verdict (the verdict before and after)"]


def test_correction_must_end_on_the_current_verdict(tmp_path: Path) -> None:
    gamma = GOOD_CLAIM + CORRECTION.replace("new_verdict: mixed", "new_verdict: mostly-false")
    problems = problems_for(tmp_path, {"gamma-claim.yml": gamma})
    assert problems == ["claims/gamma-claim.yml:3: verdict: the latest correction (2026-11-10) sets the verdict to "
                        "'mostly-false', but the claim says 'mixed'"]


def test_correction_must_change_the_verdict(tmp_path: Path) -> None:
    gamma = GOOD_CLAIM + CORRECTION.replace("old_verdict: mostly-true", "old_verdict: mixed")
    problems = problems_for(tmp_path, {"gamma-claim.yml": gamma})
    assert problems == ["claims/gamma-claim.yml:17: changelog[1]: old_verdict equals new_verdict: a text change that "
                        "keeps the verdict is 'kind: update', not a correction"]


def test_verdicts_on_an_update_are_refused(tmp_path: Path) -> None:
    gamma = GOOD_CLAIM + CORRECTION.replace("kind: correction", "kind: update")
    problems = problems_for(tmp_path, {"gamma-claim.yml": gamma})
    assert problems == ["claims/gamma-claim.yml:17: changelog[1]: old_verdict and new_verdict belong to a "
                        "correction; add 'kind: correction' or remove them"]


def test_review_due(tmp_path: Path) -> None:
    gamma = claim_with("reviewed: 2026-11-01", "reviewed: 2026-11-01\nreview_by: 2026-11-15")
    problems = problems_for(tmp_path, {"gamma-claim.yml": gamma})
    assert problems == ["claims/gamma-claim.yml:14: review_by: review was due on 2026-11-15; check the verdict, "
                        "then update 'reviewed' and 'review_by'"]


def test_appearances_note_replaces_appearances(tmp_path: Path) -> None:
    gamma = claim_with("appearances:\n  - source: news-story\n    date: \"2019\"\n",
                       "appearances_note: We found no dated piece that makes this claim.\n")
    assert problems_for(tmp_path, {"gamma-claim.yml": gamma}) == []


def test_serving_reparses_only_the_files_that_changed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Under serve (load.KEEP_PARSED) an unchanged file is not parsed again, an edited one is, and a broken file
    reports its problem on every rebuild, not only the first."""
    from mkdocs_claims import load

    monkeypatch.setattr(load, "KEEP_PARSED", True)
    monkeypatch.setattr(load, "_parsed", {})
    parsed: list[str] = []
    real_parse = load.load_yaml_bytes
    monkeypatch.setattr(load, "load_yaml_bytes", lambda data, name: parsed.append(name) or real_parse(data, name))
    claims_dir = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, claims_dir)
    dataset, problems = load_dataset(claims_dir, today=TODAY, display_root=tmp_path, site=FIXTURE_SITE)
    assert dataset is not None and len(parsed) > 3
    parsed.clear()
    again, _ = load_dataset(claims_dir, today=TODAY, display_root=tmp_path, site=FIXTURE_SITE)
    assert again == dataset and parsed == []
    claim = claims_dir / "beta-claim.yml"
    claim.write_text(claim.read_text(encoding="utf-8").replace('verdict: "true"', "verdict: [oops"), encoding="utf-8")
    for _ in range(2):
        broken, problems = load_dataset(claims_dir, today=TODAY, display_root=tmp_path, site=FIXTURE_SITE)
        assert broken is None
        assert any(p.location.file.endswith("beta-claim.yml") for p in problems), problems
    assert parsed == ["claims/beta-claim.yml"]  # parsed once, then its problem came from the kept result


def test_serving_checks_only_the_claim_files_that_changed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Under serve a claim file that parses to the same tree is not checked again, and a claim with a wrong field
    reports it, by file, line and field, on every rebuild until it is fixed."""
    from mkdocs_claims import load, validate

    monkeypatch.setattr(load, "KEEP_PARSED", True)
    monkeypatch.setattr(load, "_parsed", {})
    monkeypatch.setattr(validate, "_checked", {})
    checked: list[str] = []
    real_check = validate._check_record

    def counting_check(raw: load.Raw, spec: object, *args: object, **kwargs: object) -> object:
        if spec is not None and getattr(spec, "name", "") == "claim":
            checked.append(raw.location.file)
        return real_check(raw, spec, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(validate, "_check_record", counting_check)
    claims_dir = tmp_path / "claims"
    shutil.copytree(FIXTURE_CLAIMS, claims_dir)
    dataset, _ = load_dataset(claims_dir, today=TODAY, display_root=tmp_path, site=FIXTURE_SITE)
    assert dataset is not None and len(checked) == len(dataset.claims)
    checked.clear()
    claim = claims_dir / "beta-claim.yml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("reviewed: 2026-11-01", "reviewed: someday"),
                     encoding="utf-8")
    for _ in range(2):
        broken, problems = load_dataset(claims_dir, today=TODAY, display_root=tmp_path, site=FIXTURE_SITE)
        assert broken is None
        assert [(p.location.file, p.location.line, p.field) for p in problems if p.severity is Severity.ERROR] == [
            ("claims/beta-claim.yml", 13, "reviewed")]
    assert checked == ["claims/beta-claim.yml"]  # checked once; the second rebuild reused what was found
    claim.write_text(claim.read_text(encoding="utf-8").replace("reviewed: someday", "reviewed: 2026-11-01"),
                     encoding="utf-8")
    fixed, _ = load_dataset(claims_dir, today=TODAY, display_root=tmp_path, site=FIXTURE_SITE)
    assert fixed == dataset


def test_check_command_runs_the_collector_rarely_and_a_build_does_not(monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    # `mkdocs-claims check` only loads, so it raises the collector's first threshold while it checks (faster at
    # 10,000 claims); the build's loader keeps the process's own thresholds (there the change cost memory). Either
    # way the thresholds are the caller's again afterwards, after a clean check and after one that raises.
    import gc

    from mkdocs_claims import __main__ as cli
    from mkdocs_claims import validate
    before = gc.get_threshold()
    seen: list[int] = []
    real_checked_claim = validate._checked_claim

    def checked_claim(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.get_threshold()[0])
        return real_checked_claim(*args, **kwargs)

    monkeypatch.setattr(validate, "_checked_claim", checked_claim)
    load_dataset(FIXTURE_CLAIMS, today=TODAY, site=FIXTURE_SITE)
    assert seen and set(seen) == {before[0]}, "a build's load keeps the thresholds it was given"
    seen.clear()
    assert cli.main(["check", "-f", str(FIXTURE_CLAIMS.parent / "mkdocs.yml")]) == 0, capsys.readouterr().err
    assert seen and all(t >= cli.CHECK_THRESHOLD for t in seen)
    assert gc.get_threshold() == before

    def fails(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk gone")

    monkeypatch.setattr(validate, "_checked_claim", fails)
    with pytest.raises(RuntimeError):
        cli.main(["check", "-f", str(FIXTURE_CLAIMS.parent / "mkdocs.yml")])
    assert gc.get_threshold() == before
