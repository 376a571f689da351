"""Machine-readable outputs: ClaimReview JSON-LD, downloads, feed, sitemap, permalinks, reproducibility."""

from __future__ import annotations

import csv
import filecmp
import gzip
import io
import json
import shutil
from pathlib import Path

import feedparser
import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort
from pyld import jsonld

from conftest import ROOT, TEST_SITE_URL, build_project

SCHEMA_ORG = "https://schema.org/"
CONTEXT = json.loads((Path(__file__).parent / "fixtures" / "jsonld" / "schema-org-context.json").read_text())


def offline_loader(url: str, options: dict | None = None) -> dict:
    """No network here: serve the schema.org context from the fixtures."""
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}
    raise jsonld.JsonLdError(f"no network: {url}", "loading document failed", code="loading document failed")


jsonld.set_document_loader(offline_loader)


def claim_files() -> list[Path]:
    data_files = {"sources.yml", "topics.yml", "glossary.yml", "timeline.yml", "scale.yml", "figures.yml",
                  "release.yml"}
    return sorted(p for p in (ROOT / "claims").glob("*.yml") if p.name not in data_files)


def claim_ids() -> set[str]:
    return {p.stem for p in claim_files()}


def page_jsonld(path: Path) -> dict:
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    blocks = page.find_all("script", type="application/ld+json")
    assert len(blocks) == 1, path
    return json.loads(blocks[0].string)


def prop(expanded: dict, name: str) -> list:
    return expanded.get(SCHEMA_ORG + name, [])


def test_claimreview_on_every_claim_page_expands_with_required_properties(real_site: Path) -> None:
    for claim_id in sorted(claim_ids()):
        data = page_jsonld(real_site / "claims" / claim_id / "index.html")
        [expanded] = jsonld.expand(data)
        assert expanded["@type"] == [SCHEMA_ORG + "ClaimReview"]
        assert prop(expanded, "url")[0]["@id"] == f"{TEST_SITE_URL}claims/{claim_id}/"
        assert prop(expanded, "claimReviewed")[0]["@value"]
        assert prop(expanded, "datePublished") and prop(expanded, "dateModified")
        [author] = prop(expanded, "author")
        assert prop(author, "name")[0]["@value"] == "Social Credit: Myth vs Fact"
        assert prop(author, "url")[0]["@id"] == TEST_SITE_URL
        [rating] = prop(expanded, "reviewRating")
        assert rating["@type"] == [SCHEMA_ORG + "Rating"]
        assert prop(rating, "alternateName")[0]["@value"]
        if prop(rating, "ratingValue"):
            value = prop(rating, "ratingValue")[0]["@value"]
            assert prop(rating, "worstRating")[0]["@value"] <= value <= prop(rating, "bestRating")[0]["@value"]
        [item] = prop(expanded, "itemReviewed")
        assert item["@type"] == [SCHEMA_ORG + "Claim"]
        source = yaml.safe_load((ROOT / "claims" / f"{claim_id}.yml").read_text())
        if not source.get("appearances"):
            # No known appearance: say so on the page; never hand aggregators a rebuttal as the claim's source.
            assert source.get("appearances_note"), claim_id
            assert not prop(item, "firstAppearance") and not prop(item, "appearance"), claim_id
            continue
        assert prop(item, "firstAppearance") and prop(item, "appearance"), claim_id
        first = prop(item, "firstAppearance")[0]
        assert first["@type"] == [SCHEMA_ORG + "CreativeWork"] and prop(first, "datePublished")


def test_claimreview_values_match_the_data(real_site: Path) -> None:
    data = page_jsonld(real_site / "claims" / "black-mirror-nosedive" / "index.html")
    source = yaml.safe_load((ROOT / "claims" / "black-mirror-nosedive.yml").read_text())
    assert data["claimReviewed"] == source["claim"]
    assert data["reviewRating"]["alternateName"] == "False"
    assert data["reviewRating"]["ratingValue"] == 1
    assert data["dateModified"] == str(source["reviewed"])


def test_exports_list_exactly_the_claims_of_the_site(real_site: Path) -> None:
    expected = claim_ids()
    pages = {p.parent.name for p in (real_site / "claims").glob("*/index.html")
             if "mc-claim" in p.read_text(encoding="utf-8")}
    assert pages == expected
    claims_json = json.loads((real_site / "claims.json").read_text())
    assert {c["id"] for c in claims_json["claims"]} == expected and claims_json["count"] == len(expected)
    rows = list(csv.DictReader(io.StringIO((real_site / "claims.csv").read_text(encoding="utf-8-sig"))))
    assert {r["id"] for r in rows} == expected and len(rows) == len(expected)
    feed = json.loads((real_site / "claimreview.json").read_text())
    assert {r["url"].rstrip("/").rsplit("/", 1)[1] for r in feed["@graph"]} == expected
    index = BeautifulSoup((real_site / "claims" / "index.html").read_text(), "lxml")
    assert {a["href"].strip("/").split("/")[-1] for a in index.select("#claim-list a")} == expected
    # The search index (Pagefind: one compressed fragment per record) holds one record per claim.
    fragments = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))
                 for f in (real_site / "pagefind" / "fragment").iterdir()]
    claim_urls = [f["url"] for f in fragments if f["url"].startswith("claims/") and "#" not in f["url"]
                  and f["url"].count("/") == 2]
    searched = {url.split("/")[1] for url in claim_urls}
    assert len(claim_urls) == len(searched)
    assert searched == expected
    sitemap = (real_site / "sitemap.xml").read_text()
    for claim_id in expected:
        assert f"/claims/{claim_id}/</loc>" in sitemap


def test_claims_json_follows_its_schema(real_site: Path) -> None:
    schema = json.loads((real_site / "schema" / "claims.schema.json").read_text())
    data = json.loads((real_site / "claims.json").read_text())
    jsonschema.validate(data, schema)
    assert data["schema_version"] == "1.2"
    assert data["dataset_version"] == "2026.12" and data["dataset_released"] == "2026-12-02"
    alpha = next(c for c in data["claims"] if c["id"] == "single-national-score")
    assert alpha["permalink"] == f"{TEST_SITE_URL}claims/single-national-score/"
    assert alpha["verdict"] == {"id": "false", "label": "False", "rating": 1}
    assert all(s["title"] for s in alpha["sources"])


def _as_editor_sees(value: object) -> object:
    """YAML as an editor's language server types it (dates as strings)."""
    if isinstance(value, dict):
        return {k: _as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_editor_sees(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def test_every_claim_file_matches_the_published_claim_schema(real_site: Path) -> None:
    schema = json.loads((real_site / "schema" / "claim.schema.json").read_text())
    for path in claim_files():
        jsonschema.validate(_as_editor_sees(yaml.safe_load(path.read_text())), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"id": "x", "verdict": "false", "unknown_field": 1}, schema)


def test_csv_opens_cleanly_in_spreadsheets(real_site: Path) -> None:
    raw = (real_site / "claims.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 correctly
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["id", "claim", "verdict", "verdict_label"]
    assert all(len(r) == len(header) for r in body)
    sample = dict(zip(header, body[0], strict=True))
    assert " | " in sample["source_ids"] and sample["permalink"].startswith("https://")


def test_atom_feed_is_valid(real_site: Path) -> None:
    feed = feedparser.parse((real_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert len(feed.entries) >= len(claim_ids())
    entry = feed.entries[0]
    assert entry.link.startswith(f"{TEST_SITE_URL}claims/") and entry.updated


def test_social_cards_and_canonical(real_site: Path) -> None:
    page = BeautifulSoup((real_site / "claims" / "black-mirror-nosedive" / "index.html").read_text(), "lxml")
    data = yaml.safe_load((ROOT / "claims" / "black-mirror-nosedive.yml").read_text())
    claim = data["claim"].rstrip(".")
    assert page.find("meta", property="og:title")["content"] == f"Fact check: \u2018{claim}\u2019 (rated False)"
    description = page.find("meta", property="og:description")["content"]
    assert description.startswith("No") and not description.startswith("False: ")
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert page.find("link", rel="canonical")["href"] == f"{TEST_SITE_URL}claims/black-mirror-nosedive/"
    assert page.find("link", rel="alternate", type="application/atom+xml")["href"] == "../../feed.xml"


def test_sitemap_lastmod_comes_from_the_data(real_site: Path) -> None:
    data = yaml.safe_load((ROOT / "claims" / "black-mirror-nosedive.yml").read_text())
    modified = max([str(data["reviewed"]), *(str(c["date"]) for c in data["changelog"])])
    sitemap = (real_site / "sitemap.xml").read_text()
    block = sitemap.split("/claims/black-mirror-nosedive/</loc>")[1].split("</url>")[0]
    assert f"<lastmod>{modified}</lastmod>" in block


def test_renamed_claim_keeps_every_old_url(fixture_project: Path, tmp_path: Path) -> None:
    first = build_project(fixture_project, tmp_path / "first")
    assert first.error is None, first.messages
    old_urls = [u.split("https://fixture-factchecks.net/")[1] for u in
                BeautifulSoup((tmp_path / "first" / "sitemap.xml").read_text(), "xml").find_all(string=True)
                if u.startswith("https://")]
    claims = fixture_project / "claims"
    text = (claims / "beta-claim.yml").read_text().replace("id: beta-claim", "id: rail-tickets-claim")
    (claims / "rail-tickets-claim.yml").write_text(text + "aliases: [beta-claim]\n")
    (claims / "beta-claim.yml").unlink()
    alpha = claims / "alpha-claim.yml"
    alpha.write_text(alpha.read_text().replace("related: [beta-claim]", "related: [rail-tickets-claim]"))
    second = build_project(fixture_project, tmp_path / "second")
    assert second.error is None, second.messages
    for url in old_urls:
        target = tmp_path / "second" / url / "index.html" if url.endswith("/") or not url else \
            tmp_path / "second" / url
        assert target.exists(), url
    redirect = BeautifulSoup((tmp_path / "second" / "claims" / "beta-claim" / "index.html").read_text(), "lxml")
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../rail-tickets-claim/"
    listed = json.loads((tmp_path / "second" / "claims.json").read_text())
    assert sorted(c["id"] for c in listed["claims"]) == ["alpha-claim", "rail-tickets-claim"]
    assert "rail-tickets-claim" in (claims / "permalinks.txt").read_text().split()


def test_removing_a_published_claim_without_alias_fails(fixture_project: Path) -> None:
    assert build_project(fixture_project).error is None  # records both ids in claims/permalinks.txt
    (fixture_project / "claims" / "beta-claim.yml").unlink()
    alpha = fixture_project / "claims" / "alpha-claim.yml"
    alpha.write_text(alpha.read_text().replace("related: [beta-claim]\n", ""))
    result = build_project(fixture_project)
    assert isinstance(result.error, Abort)
    line = (fixture_project / "claims" / "permalinks.txt").read_text().splitlines().index("beta-claim") + 1
    assert (f"claims/permalinks.txt:{line}: beta-claim: was published, but no claim has this id or alias any more, "
            "so its permanent link would break. Add it to 'aliases' of the claim that replaced it, or mark the line "
            "'<id> retired: <reason>'") in result.messages


def test_retired_claim_keeps_an_explaining_page(fixture_project: Path) -> None:
    assert build_project(fixture_project).error is None
    (fixture_project / "claims" / "beta-claim.yml").unlink()
    alpha = fixture_project / "claims" / "alpha-claim.yml"
    alpha.write_text(alpha.read_text().replace("related: [beta-claim]\n", ""))
    manifest = fixture_project / "claims" / "permalinks.txt"
    manifest.write_text(manifest.read_text().replace("beta-claim\n", "beta-claim retired: merged into alpha\n"))
    result = build_project(fixture_project)
    assert result.error is None, result.messages
    page = BeautifulSoup((result.site_dir / "claims" / "beta-claim" / "index.html").read_text(), "lxml")
    assert "merged into alpha" in page.get_text()


def test_two_builds_are_byte_identical(fixture_project: Path, tmp_path: Path) -> None:
    for name in ("one", "two"):
        project = tmp_path / f"project-{name}"
        shutil.copytree(fixture_project, project)
        result = build_project(project, tmp_path / name)
        assert result.error is None
    comparison = filecmp.dircmp(tmp_path / "one", tmp_path / "two")
    differences: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str = "") -> None:
        differences.extend(prefix + f for f in cmp.left_only + cmp.right_only + cmp.diff_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        differences.extend(prefix + f for f in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(comparison)
    assert differences == []
    assert len(list((tmp_path / "one").rglob("*"))) > 20
