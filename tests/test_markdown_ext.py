"""The embeds in plain Python-Markdown, with no MkDocs build: the extension in mkdocs_claims/markdown_ext.py."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from mkdocs_claims.markdown_ext import ClaimsExtension, ClaimsMarkdownError, load_renderer

EXTENSION = "mkdocs_claims.markdown_ext"  # the module path; installed, the entry point's name mkdocs_claims
CLAIM_ID = "jaywalking-lowers-score"  # a claim of this repository's dataset


def render(text: str, project_dir: Path) -> BeautifulSoup:
    html = markdown.markdown(text, extensions=[EXTENSION], extension_configs={EXTENSION: {"project_dir": project_dir}})
    return BeautifulSoup(html, "html.parser")


def test_a_claim_card_from_this_repository_in_plain_markdown() -> None:
    page = render(f"# Fact checks\n\nRead this one:\n\n[[claim:{CLAIM_ID}]]\n\nMore below.\n", ROOT)
    claim_file = (ROOT / "claims" / f"{CLAIM_ID}.yml").read_text(encoding="utf-8")
    verdict_id = re.search(r'^verdict: "?([a-z-]+)"?$', claim_file, re.MULTILINE).group(1)
    claim_text = re.search(r"^claim: (.+)$", claim_file, re.MULTILINE).group(1)
    card = page.select_one("aside.mc-card")
    assert card is not None, page
    badge = card.select_one(".mc-card-verdict [data-verdict]")
    assert badge["data-verdict"] == verdict_id
    renderer = load_renderer(ROOT)
    label = renderer.dataset.verdict(renderer.dataset.claim(CLAIM_ID)).label
    assert badge.get_text() == f"Verdict: {label}"
    assert card.select_one(".mc-card-claim").get_text() == f"Claim: {claim_text}"
    assert card.select_one(".mc-card-link a")["href"] == f"claims/{CLAIM_ID}/"
    # The card is an HTML block: the Markdown around it is still Markdown.
    assert page.h1.get_text() == "Fact checks" and page.find_all("p")[-1].get_text() == "More below."


def test_a_bad_claim_id_is_a_clear_error(fixture_project: Path) -> None:
    with pytest.raises(ClaimsMarkdownError) as error:
        render("Intro.\n\n[[claim:alpha-claimm]]\n", fixture_project)
    assert "<markdown>:3: [[claim:alpha-claimm]]: unknown claim 'alpha-claimm'; claim ids are the file names in " \
        "claims/" in str(error.value)


def test_a_broken_dataset_names_every_problem(fixture_project: Path) -> None:
    claim = fixture_project / "claims" / "alpha-claim.yml"
    claim.write_text(claim.read_text(encoding="utf-8").replace('verdict: "false"', "verdict: wrongish"),
                     encoding="utf-8")
    with pytest.raises(ClaimsMarkdownError) as error:
        render("[[claim-count]]\n", fixture_project)
    message = str(error.value)
    assert "claims/alpha-claim.yml:3: verdict: " in message and "mkdocs-claims check -f" in message


def test_one_extension_instance_loads_the_project_once(fixture_project: Path) -> None:
    extension = ClaimsExtension(project_dir=str(fixture_project))
    md = markdown.Markdown(extensions=[extension])
    first = md.convert("[[claim-count]] claims.")
    (fixture_project / "claims" / "beta-claim.yml").unlink()  # not read again: the loaded dataset is kept
    assert md.reset().convert("[[claim-count]] claims.") == first == "<p>2 claims.</p>"


def test_the_entry_point_is_declared() -> None:
    """Installed, `markdown.markdown(text, extensions=["mkdocs_claims"])` finds the extension by this name."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    entry_points = pyproject["project"]["entry-points"]["markdown.extensions"]
    assert entry_points == {"mkdocs_claims": "mkdocs_claims.markdown_ext:ClaimsExtension"}
