"""Under `mkdocs serve`: a save that changes only claim files rebuilds only what depends on them.

MkDocs runs its whole `build()` on every save: it loads the configuration, lists and copies every file and makes
every page's navigation again, even when it renders only the pages that changed (`--dirty`). At 10,000 claims that
is ~60,000 files and 20,000 pages, 5-6 s per save for one edited claim. When the files that changed since the last
build are all claim files of that build, this module instead keeps that build's configuration, files and navigation
and runs the same steps on the few pages and files the edit reaches (the plugin's fingerprints say which):
validate the dataset, render those pages through MkDocs' own page functions (so every page event runs), copy
the downloads whose bytes changed, write the sitemap if a date changed, and run the post-build step.

Anything else (a content page, mkdocs.yml, a template, the sources, a claim added, removed or renamed, another
plugin configured, --strict) goes through MkDocs' full build, as before.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import jinja2
from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)
SITEMAP = "sitemap.xml"
Snapshot = dict[str, tuple[int, int]]  # path -> (modification time in ns, size)


class ClaimEditPlugin(Protocol):
    """What this module asks of the claims plugin (plugin.py)."""

    def on_pre_build(self, config: MkDocsConfig) -> None: ...
    def refresh_for_claim_edit(self, files: Files, documentation: list[Page],
                               config: MkDocsConfig) -> list[File] | None: ...
    def sitemap_for_claim_edit(self, documentation: list[Page], config: MkDocsConfig) -> bool: ...
    def claim_files(self) -> set[str]: ...
    def watched_roots(self, config: MkDocsConfig) -> list[Path]: ...


@dataclass
class ServedBuild:
    """What a build under serve leaves for the next save: its configuration, files, navigation and pages, the
    theme's template environment, and the watched files as they were when it started."""

    plugin: ClaimEditPlugin
    config: MkDocsConfig
    files: Files
    nav: Navigation
    pages: list[Page]
    env: jinja2.Environment | None = None
    documentation: Sequence[File] | None = None
    watched: Snapshot = field(default_factory=dict)


# The last successful build under serve (one site per server).
_last: list[ServedBuild | None] = [None]


def remember(build: ServedBuild) -> None:
    _last[0] = build


def forget() -> None:
    _last[0] = None


def snapshot(roots: Iterable[Path]) -> Snapshot:
    """Every file under the roots (or the root itself, if a file), with its modification time and size."""
    found: Snapshot = {}
    for root in roots:
        if root.is_file():
            stat = root.stat()
            found[str(root)] = (stat.st_mtime_ns, stat.st_size)
            continue
        pending = [str(root)]
        while pending:
            try:
                entries = list(os.scandir(pending.pop()))
            except OSError:  # gone since it was listed
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=True):
                    pending.append(entry.path)
                elif entry.is_file(follow_symlinks=True):
                    stat = entry.stat()
                    found[entry.path] = (stat.st_mtime_ns, stat.st_size)
    return found


def note_written(watched: Snapshot, path: Path) -> None:
    """A file the build itself wrote after the snapshot: the next save should not take it for an edit."""
    resolved = path.resolve()
    if watched:  # serving (the manifest may be new: then it was not there to snapshot)
        stat = resolved.stat()
        watched[str(resolved)] = (stat.st_mtime_ns, stat.st_size)


def changed_paths(before: Snapshot, now: Snapshot) -> set[str]:
    return {path for path in before.keys() | now.keys() if before.get(path) != now.get(path)}


def rebuild_claims_only() -> bool:
    """Rebuild after a save that changed only claim files; False when this save needs MkDocs' full build."""
    last = _last[0]
    if last is None or last.env is None or last.config.strict or not _only_claims_plugins(last.config):
        return False
    now = snapshot(last.plugin.watched_roots(last.config))
    changed = changed_paths(last.watched, now)
    others = changed - last.plugin.claim_files()
    if not changed or others:
        log.debug(f"full rebuild ({', '.join(sorted(others)[:3]) or 'no file changed'})")
        return False
    start = time.monotonic()
    config, files = last.config, last.files
    try:
        last.plugin.on_pre_build(config)
        to_write = last.plugin.refresh_for_claim_edit(files, last.pages, config)
        if to_write is None:
            log.debug("full rebuild (the edit adds or removes a page or file)")
            return False
        _write_changed(last, to_write)
        config.plugins.on_post_build(config=config)
    except Exception as error:
        config.plugins.on_build_error(error=error)
        if isinstance(error, BuildError):
            log.error(str(error))
            raise Abort("Aborted with a BuildError!") from error
        raise
    last.watched = now
    pages = sum(1 for file in to_write if file.is_documentation_page())
    log.info(f"{len(changed)} claim file(s) changed; wrote {pages} page(s) and "
             f"{len(to_write) - pages} other file(s) in {time.monotonic() - start:.2f} seconds")
    return True


def _only_claims_plugins(config: MkDocsConfig) -> bool:
    """Other plugins may keep state from events this rebuild does not run again (files, nav, env)."""
    return all(getattr(plugin, "claim_edit_safe", False) for plugin in config.plugins.values())


def _write_changed(last: ServedBuild, to_write: list[File]) -> None:
    """MkDocs' own steps (build.py), for the changed files only: read and render the pages, copy the other files,
    write the sitemap if a date changed, write the pages, check their anchors."""
    config, files, nav, env = last.config, last.files, last.nav, last.env
    assert env is not None
    pages = [file for file in to_write if file.is_documentation_page()]
    for file in pages:
        assert file.page is not None
        _populate_page(file.page, config, files)
    for file in to_write:
        if not file.is_documentation_page():
            file.copy_file()
    if last.plugin.sitemap_for_claim_edit(last.pages, config):
        _build_theme_template(SITEMAP, env, files, config, nav)
    if last.documentation is None:  # what build() gives each page; the same files until the next full build
        last.documentation = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    documentation = last.documentation
    for file in pages:
        assert file.page is not None
        _build_page(file.page, config, documentation, nav, env,
                    excluded=file.inclusion.is_excluded())  # type: ignore[no-untyped-call]
    for file in pages:
        assert file.page is not None
        file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
