"""`mkdocs-claims new DIR` and `new-claim ID`: write a working site, or a claim to fill in.

The files come from ``skeleton/`` (package data), rendered with Jinja2. Every check runs before the first file is
written, so a refused command leaves the disk as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import __released__, __version__
from .schema import MATCHERS
from .validate import DATA_FILES, DEFAULT_SCALE

SKELETON = Path(__file__).with_name("skeleton")
SITE_SKELETON = SKELETON / "site"
EXAMPLE_CLAIM_ID = "site-needs-a-database"
# Stored without its dot, so that the package data holds no hidden file.
RENAMED = {"gitignore": ".gitignore", "claims/example.yml": f"claims/{EXAMPLE_CLAIM_ID}.yml"}
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
SCALE_HEADER = ("# This site's rating scale: a copy of the default one. Edit the labels, colours and definitions, or\n"
                "# add and remove verdicts; every claim's verdict must be one of these ids.\n")


class ScaffoldError(Exception):
    """A refused command: the message says why and what to do instead."""


@dataclass(frozen=True)
class SiteSettings:
    site_name: str
    language: str = "en"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(SKELETON), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)  # YAML and Markdown, not HTML
    env.filters["yaml"] = json.dumps  # a JSON string is a valid, safely quoted YAML scalar
    return env


def site_name_from(directory: Path) -> str:
    """'nutrition-myths' -> 'Nutrition Myths': a first name for the site, to change in mkdocs.yml."""
    words = re.split(r"[-_\s]+", directory.resolve().name)
    return " ".join(word[:1].upper() + word[1:] for word in words if word) or "Fact Checks"


def new_site(directory: Path, settings: SiteSettings, today: dt.date) -> list[Path]:
    """Write a complete site into ``directory`` (absent or empty); returns the files written."""
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError(f"{directory} is a file; give the name of a new folder for the site")
    if directory.is_dir() and any(directory.iterdir()):
        raise ScaffoldError(f"{directory} is not empty; give a new folder (or an empty one), so that no file of "
                            "yours is overwritten")
    if not settings.site_name.strip():
        raise ScaffoldError("the site name is empty; give one with --name")
    if not LANGUAGE_CODE.match(settings.language):
        raise ScaffoldError(f"'{settings.language}' is not a language code; use one like en, zh, de or pt-BR "
                            "(Material's theme.language)")
    context = {"site_name": settings.site_name.strip(), "language": settings.language, "today": today.isoformat(),
               "version": __version__, "released": __released__, "example_id": EXAMPLE_CLAIM_ID}
    env = _environment()
    files = {}
    for source in sorted(p for p in SITE_SKELETON.rglob("*") if p.is_file()):
        name = source.relative_to(SITE_SKELETON).as_posix()
        files[RENAMED.get(name, name)] = env.get_template(f"site/{name}").render(context)
    files["claims/scale.yml"] = SCALE_HEADER + _without_leading_comments(DEFAULT_SCALE.read_text(encoding="utf-8"))
    written = []
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _without_leading_comments(text: str) -> str:
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "".join(lines)


def new_claim(claims_dir: Path, claim_id: str, today: dt.date) -> Path:
    """Write ``<claims_dir>/<claim_id>.yml``, a claim with every field explained; returns its path."""
    if not MATCHERS["id"].match(claim_id):
        raise ScaffoldError(f"'{claim_id}' is not a claim id: use lower-case letters and digits, words joined by "
                            "single hyphens (e.g. eggs-raise-cholesterol); it becomes the page address /claims/<id>/")
    if f"{claim_id}.yml" in DATA_FILES:
        raise ScaffoldError(f"'{claim_id}' is the name of a data file ({claims_dir / claim_id}.yml); choose another id")
    if not claims_dir.is_dir():
        raise ScaffoldError(f"{claims_dir} is not a folder: run this in a site made by `mkdocs-claims new`, or "
                            "pass its mkdocs.yml with --config")
    path = claims_dir / f"{claim_id}.yml"
    if path.exists():
        raise ScaffoldError(f"{path} already exists; choose another id, or edit that file")
    text = _environment().get_template("claim.yml").render(claim_id=claim_id, today=today.isoformat())
    path.write_text(text, encoding="utf-8")
    return path
