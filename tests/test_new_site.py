"""`mkdocs-claims new` writes a site that builds strictly with no warning; `new-claim` writes a claim to fill in;
bad arguments get a clear message and change nothing on disk."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import FIXED_EPOCH, build_project
from mkdocs_claims import schema
from mkdocs_claims.__main__ import main
from mkdocs_claims.scaffold import EXAMPLE_CLAIM_ID


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def cli(*args: str, cwd: Path) -> Run:
    """The command line in this process (fast); test_new_site_has_every_promised_file runs it as `python -m`."""
    out, err = io.StringIO(), io.StringIO()
    old_cwd, old_epoch = Path.cwd(), os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = FIXED_EPOCH
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        os.chdir(old_cwd)
        if old_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH")
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old_epoch
    return Run(code, out.getvalue(), err.getvalue())


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def new_site(tmp_path: Path) -> Path:
    result = cli("new", "nutrition-myths", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "mkdocs serve" in result.stdout and "mkdocs build --strict" in result.stdout
    return tmp_path / "nutrition-myths"


def test_new_site_has_every_promised_file(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH}
    result = subprocess.run([sys.executable, "-m", "mkdocs_claims", "new", "nutrition-myths"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    new_site = tmp_path / "nutrition-myths"
    assert sorted(snapshot(new_site)) == [".gitignore", "README.md", "claims/scale.yml",
                                          f"claims/{EXAMPLE_CLAIM_ID}.yml", "claims/sources.yml",
                                          "claims/topics.yml", "content/index.md", "mkdocs.yml"]
    readme = (new_site / "README.md").read_text()
    assert readme.startswith("# Nutrition Myths\n")
    assert "mkdocs serve " in readme and "mkdocs build --strict " in readme
    config = (new_site / "mkdocs.yml").read_text()
    assert 'site_name: "Nutrition Myths"' in config and 'language: "en"' in config
    assert "{{" not in "".join(p.read_text() for p in new_site.rglob("*") if p.is_file() and p.suffix != ".md")


def test_new_site_builds_strictly_with_no_warning(new_site: Path) -> None:
    result = build_project(new_site, strict=True)
    assert result.error is None, "\n".join(result.messages)
    warnings = [r.getMessage() for r in result.logs if r.levelno >= logging.WARNING]
    assert warnings == []
    site = result.site_dir
    home = (site / "index.html").read_text()
    assert "<title>Nutrition Myths</title>" in home
    assert "A myth-versus-fact site needs a database server." in home  # the featured claim's card
    claim_page = (site / "claims" / EXAMPLE_CLAIM_ID / "index.html").read_text()
    assert "https://www.mkdocs.org/" in claim_page and "mkdocs-claims README" in claim_page
    assert (new_site / "claims" / "permalinks.txt").read_text().splitlines()[-1] == EXAMPLE_CLAIM_ID


def test_new_site_takes_a_name_and_a_language(tmp_path: Path) -> None:
    result = cli("new", "site", "--name", 'Mythes: "alimentation"', "--language", "fr", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((tmp_path / "site" / "mkdocs.yml").read_text().replace("!ENV", ""))
    assert (config["site_name"], config["theme"]["language"]) == ('Mythes: "alimentation"', "fr")


def test_new_claim_writes_a_skeleton_that_check_explains(new_site: Path) -> None:
    result = cli("new-claim", "eggs-raise-cholesterol", cwd=new_site)
    assert result.returncode == 0, result.stderr
    path = new_site / "claims" / "eggs-raise-cholesterol.yml"
    text = path.read_text()
    assert text.startswith("#") and "id: eggs-raise-cholesterol" in text
    # Every field the skeleton mentions, filled in or commented out, is a real claim field.
    mentioned = set(re.findall(r"^#? ?([a-z_]+):", text, re.MULTILINE))
    assert mentioned <= {f.name for f in schema.CLAIM.fields}, mentioned - {f.name for f in schema.CLAIM.fields}
    # Unfilled, the check names each blank field with file and line.
    check = cli("check", cwd=new_site)
    assert check.returncode == 1
    blanks = re.findall(r"^ERROR: claims/eggs-raise-cholesterol\.yml:\d+: ([\w\[\]\.]+): required field is empty$",
                        check.stderr, re.MULTILINE)
    assert blanks == ["claim", "verdict", "summary", "evidence[0].text", "evidence[0].sources", "topics", "audiences"]
    # Filled in, it is a valid claim.
    filled = (text.replace('claim: ""', "claim: Eggs raise cholesterol.", 1)
              .replace('verdict: ""', 'verdict: "mixed"', 1)
              .replace('summary: ""', "summary: It depends on the person and the amount.", 1)
              .replace('- text: ""', "- text: A placeholder for the test.", 1)
              .replace("sources: []", "sources: [mkdocs-docs, mkdocs-claims-readme]", 1)
              .replace("topics: []", "topics: [publishing]", 1)
              .replace("audiences: []", "audiences: [journalists]", 1))
    path.write_text(filled)
    check = cli("check", cwd=new_site)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("2 claims, 2 sources: 0 error(s), 1 warning(s)")
    assert re.search(r"WARNING: claims/eggs-raise-cholesterol.yml:\d+: appearances: no appearances", check.stderr)


@pytest.mark.parametrize(("args", "message"), [
    (["new-claim", "Eggs Raise Cholesterol"], "ERROR: 'Eggs Raise Cholesterol' is not a claim id: use lower-case "
     "letters and digits, words joined by single hyphens"),
    (["new-claim", "eggs--bad"], "ERROR: 'eggs--bad' is not a claim id"),
    (["new-claim", EXAMPLE_CLAIM_ID], f"claims/{EXAMPLE_CLAIM_ID}.yml already exists; choose another id"),
    (["new-claim", "sources"], "ERROR: 'sources' is the name of a data file"),
    (["new-claim", "fine-id", "--config", "elsewhere.yml"], "ERROR: elsewhere.yml: no such file; run this in the "
     "site's folder, or pass its mkdocs.yml with --config"),
    (["new", "."], "ERROR: . is not empty; give a new folder (or an empty one), so that no file of yours is "
     "overwritten"),
    (["new", "mkdocs.yml"], "ERROR: mkdocs.yml is a file; give the name of a new folder for the site"),
    (["new", "other", "--language", "English"], "ERROR: 'English' is not a language code"),
    (["new", "other", "--name", " "], "ERROR: the site name is empty; give one with --name"),
])
def test_bad_arguments_say_why_and_touch_nothing(new_site: Path, args: list[str], message: str) -> None:
    before = snapshot(new_site.parent)
    result = cli(*args, cwd=new_site)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr  # one line, no traceback
    assert snapshot(new_site.parent) == before
    assert not (new_site / "other").exists()
