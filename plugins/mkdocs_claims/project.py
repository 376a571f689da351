"""A whole project checked the same way by ``mkdocs build``, ``mkdocs serve`` and ``python -m mkdocs_claims check``.

Reads nothing of MkDocs itself: the plugin passes its options in, and the command
line reads them from mkdocs.yml with a tolerant YAML loader; both turn them into
``ProjectOptions`` with ``project_options`` (the options themselves are declared in options.py).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .directives import check_directives
from .link_health import LinkHealth, link_problems
from .linkcheck import REPORT_NAME
from .model import Dataset, Location, Problem, Severity
from .options import BY_NAME, OptionError, Options, audiences_of, parse_options
from .permalinks import MANIFEST_NAME, Permalink, check_manifest, new_ids, read_manifest
from .validate import Policy, SiteData, load_dataset

MKDOCS_DOCS_DIR = "docs"  # MkDocs' own default for docs_dir


@dataclass(frozen=True)
class ProjectOptions:
    claims_dir: str = BY_NAME["claims_dir"].default
    docs_dir: str = MKDOCS_DOCS_DIR
    scale_file: str | None = None
    policy: Policy = field(default_factory=Policy)
    link_report: str | None = None  # default: <claims_dir>/link-report.json
    site: SiteData = field(default_factory=SiteData)


def project_options(options: Options, docs_dir: str, config_file: str = "mkdocs.yml") -> ProjectOptions:
    """What a check needs of the plugin options (the plugin's config, or mkdocs.yml read by the command line)."""
    return ProjectOptions(
        claims_dir=options.claims_dir, docs_dir=docs_dir, scale_file=options.scale_file,
        link_report=options.link_report,
        policy=Policy(options.min_sources_per_claim, options.require_strong_source, options.stale_after_days,
                      tuple(options.archive_hosts), tuple(options.blocked_hosts), options.max_sentence_words),
        site=SiteData(audiences_of(options), options.glossary_original_lang, options.glossary_romanization_lang,
                      config_file))


@dataclass
class ProjectCheck:
    """What a check found: the dataset (None if it has errors), every problem, and the permalink manifest."""

    dataset: Dataset | None
    problems: list[Problem]
    permalinks: list[Permalink]
    manifest_path: Path
    new_permalinks: list[str]
    link_health: LinkHealth = field(default_factory=LinkHealth)

    @property
    def retired(self) -> dict[str, str]:
        return {p.id: p.retired_reason for p in self.permalinks if p.retired_reason}


def check_project(project_dir: Path, options: ProjectOptions, today: dt.date) -> ProjectCheck:
    """Validate the dataset, the permalink manifest, and the directives in every Markdown page."""
    claims_dir = project_dir / options.claims_dir
    scale = project_dir / options.scale_file if options.scale_file else None
    dataset, problems = load_dataset(claims_dir, today=today, display_root=project_dir,
                                     policy=options.policy, scale_file=scale, site=options.site)
    manifest = claims_dir / MANIFEST_NAME
    permalinks, manifest_problems = read_manifest(manifest, _display(manifest, project_dir))
    problems += manifest_problems
    fresh: list[str] = []
    health = LinkHealth()
    if dataset is not None:
        health, found = _read_link_health(project_dir, options)
        problems += found
        problems += link_problems(dataset, health, options.link_report or f"{options.claims_dir}/{REPORT_NAME}")
        problems += check_manifest(permalinks, dataset)
        fresh = new_ids(permalinks, dataset)
        docs = project_dir / options.docs_dir
        for path in sorted(docs.rglob("*.md")):
            problems += check_directives(path.read_text(encoding="utf-8"), _display(path, project_dir), dataset)
    if any(p.severity is Severity.ERROR for p in problems):
        dataset = None
    return ProjectCheck(dataset, problems, permalinks, manifest, fresh, health)


def _read_link_health(project_dir: Path, options: ProjectOptions) -> tuple[LinkHealth, list[Problem]]:
    """The latest link report, if there is one; a broken report is an error naming the file."""
    path = project_dir / (options.link_report or f"{options.claims_dir}/{REPORT_NAME}")
    try:
        return LinkHealth.read(path), []
    except ValueError as error:
        return LinkHealth(), [Problem(Location(_display(path, project_dir)), "", f"unreadable link report: {error}; "
                                      "run `mkdocs-claims check-links` again or delete the file")]


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def build_date() -> dt.date:
    """The date a build is 'as of': SOURCE_DATE_EPOCH when set (reproducible builds), else today in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml while ignoring the !!python/... and !ENV tags that only MkDocs resolves."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_TolerantLoader.add_multi_constructor("", _ignore_tag)


def read_site_config(config_file: Path) -> tuple[dict[str, Any], Options]:
    """mkdocs.yml as plain data (MkDocs-only tags read as empty), and the claims plugin's options in it, checked by
    the same declaration as in a build; an absent file gives ({}, the defaults). OptionError names every option
    that is wrong."""
    if not config_file.exists():
        return {}, Options()
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}  # noqa: S506
    plugin: dict[str, Any] = {}
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "claims" in entry:
            plugin = entry["claims"] or {}
    options, errors = parse_options(plugin, config_file.resolve().parent)
    if errors:
        raise OptionError("\n".join(f"{config_file.name}: {e}" for e in errors))
    return config, options


def read_project_options(config_file: Path) -> ProjectOptions:
    """The claims plugin's options from mkdocs.yml, for the command line (see read_site_config)."""
    config, options = read_site_config(config_file)
    return project_options(options, config.get("docs_dir") or MKDOCS_DOCS_DIR, config_file.name)
