"""The MkDocs adapter: configuration and event hooks. With serve.py (a claim edit under `mkdocs serve`), the only
module that imports MkDocs.

Order of work in a build:
  on_config      resolve paths, decide preview or publish (site_url), add our CSS/JS
  on_pre_build   load and validate claims/ and the directives in content/ (before MkDocs cleans site/)
  on_files       add generated pages and assets
  on_nav         keep claim permalinks out of the navigation tree
  on_page_*      fill generated pages and expand directives
  on_post_build  write exports and alias redirects
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from jinja2 import Environment
from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.base import BaseConfigOption, ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from . import __version__, load, serve
from .directives import find_directives
from .i18n import language, localised_scale
from .model import FIGURE_REFERENCE, Dataset, Location, Problem, Severity
from .options import OPTIONS, Option, OptionError, Options, audiences_of, check_value, glossary_labels, options_from
from .permalinks import append_ids
from .prerender import Prerenderer
from .project import ProjectOptions, build_date, check_project, project_options
from .render.csp import OFFLINE_POLICY, header_policy, script_hashes, with_policy
from .render.directives import expand_directives
from .render.exports import (
    ClaimExports,
    claim_markdown,
    claim_markdown_path,
    explorer_data,
    export_files,
    matcher_data,
    verdict_css,
)
from .render.kept import PerClaim
from .render.messages import messages_script
from .render.pagefind import BackgroundIndexer, write_pagefind_index
from .render.pages import GeneratedPage, SiteRenderer, template_environment
from .render.search import (
    ClaimWords,
    SearchRecord,
    claim_records,
    offline_search_index,
    online_search_index,
    page_records,
)
from .render.share_cards import CardText, ShareCards
from .render.site import SiteInfo, is_placeholder_url
from .render.urls import Urls, card_path, claim_src, worksheet_src

log = get_plugin_logger(__name__)
# Set when the last build stopped on dataset problems (read by the serve wrapper, across plugin instances).
_dataset_failed = [False]
ANCHOR_ID = re.compile(r'\sid="([^"]+)"')
MATERIAL_SEARCH_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")
# Material's page settings name its lunr search worker; every page names ours instead (assets/search-worker.js).
MATERIAL_SEARCH_WORKER = re.compile(r'("search": ")([^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')
HEADING = re.compile(r'<h([12])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
TAG = re.compile(r"<[^>]+>")
ASSETS = Path(__file__).parent / "assets"
ASSET_DEST = "assets/mkdocs_claims"
DOWNLOADS = "downloads"
CARD_CACHE = ".cache/share-cards"
EMBEDS = "embed"
VERDICT_CSS = "verdicts.css"
MESSAGES_JS = "messages.js"  # the scripts' words, in the site's language
# What the last successful build into each site folder was made from, by output path: a `--dirty` rebuild
# (`make serve`) renders and writes only what changed. Module level: MkDocs makes a new plugin per rebuild.
_last_build: dict[tuple[str, str], dict[str, str]] = {}
SHARED = "*shared*"  # the key of what every hand-written page may show (directives list claims)
# Set in config.extra by tools/build_offline.py: this build is the offline edition itself.
OFFLINE_EDITION_FLAG = "mkdocs_claims_offline_edition"
SEARCH_SETTINGS = "search/search_index.json"  # what Material's page script loads before it starts the search
OFFLINE_SEARCH_INDEX = "search/search_index.js"  # the same from file://, with the records (offline edition)
PAGEFIND_DIR = "pagefind"
# Search records of hand-written and listing pages by source path, per site folder: a --dirty rebuild renders only
# the pages that changed, and the index is written from all of them.
_page_records: dict[tuple[str, str], dict[str, list[SearchRecord]]] = {}
# Under `mkdocs serve` the search index is written after the pages, in a thread (render/pagefind.py).
_serving = [False]
_indexer = BackgroundIndexer()
_template_environments: dict[tuple[tuple[str, ...], int], Environment] = {}
IDLE_SECONDS = 2.0


class _IdleCollector:
    """Under `mkdocs serve`, Python's full garbage collection walks every object the server holds (the dataset,
    the kept exports, MkDocs' 60,000 files at 10,000 claims): 2-3 s, and it fell inside a rebuild. It runs here
    instead, a moment after a build has been served, and leaves what survives frozen (not walked again until the
    next idle moment, which thaws it first so that nothing is kept for ever)."""

    def __init__(self) -> None:
        self._timer: threading.Timer | None = None

    def schedule(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(IDLE_SECONDS, self._collect)
        self._timer.daemon = True
        self._timer.start()

    @staticmethod
    def _collect() -> None:
        gc.unfreeze()
        gc.collect()
        gc.freeze()


_idle_collector = _IdleCollector()


@dataclass
class _KeptPerClaim:
    """What is made per claim, kept between builds under `mkdocs serve` (a save changes one claim)."""

    exports: PerClaim[ClaimExports] = field(default_factory=PerClaim)
    search: PerClaim[ClaimWords] = field(default_factory=PerClaim)
    matcher: PerClaim[str] = field(default_factory=PerClaim)
    explorer: PerClaim[str] = field(default_factory=PerClaim)


# Under `mkdocs serve`, per site folder: what was made per claim, and the files the last build made in memory
# (only those whose bytes change are written again).
_kept_per_claim: dict[tuple[str, str], _KeptPerClaim] = {}
_last_contents: dict[tuple[str, str], dict[str, bytes]] = {}
# ... and what its sitemap listed: a sitemap that would list the same pages and dates is left as it is (MkDocs renders
# it over every page on every rebuild: ~1 s at 10,000 claims).
_last_sitemap: dict[tuple[str, str], str] = {}
SITEMAP = "sitemap.xml"


class _SearchBoxConfig(base.Config):
    enabled = opt.Type(bool, default=True)


class SearchBox(BasePlugin[_SearchBoxConfig]):
    """Material draws its search box only when a plugin named material/search is configured. This is one by that
    name that does nothing: the search behind the box is ours (assets/search-worker.js over a Pagefind index).
    Material's own search plugin re-reads every page's HTML into one index that grows with the site (33 MB at
    10,000 claims) and that every reader must download before the first result."""

    claim_edit_safe = True  # no state: serve.py may rebuild a claim edit without it


class _Declared(BaseConfigOption[Any]):
    """An option checked by the core's declaration (options.check_value), so build and command line agree."""

    def __init__(self, option: Option) -> None:
        super().__init__()
        self.option = option
        self.default = option.default

    def run_validation(self, value: object) -> Any:
        try:
            return check_value(self.option, value)
        except OptionError as error:
            raise ValidationError(str(error)) from error


def _config_option(option: Option) -> BaseConfigOption[Any]:
    """MkDocs' own types for paths that must exist (it resolves them against mkdocs.yml); the declaration's
    checks for the rest."""
    if option.kind == "file":
        return opt.Optional(opt.File(exists=True))
    if option.kind == "dir":
        return opt.Optional(opt.Dir(exists=True))
    return _Declared(option)


# The plugin's MkDocs config class, derived from the one declaration in options.py (documented there).
ClaimsConfig = type("ClaimsConfig", (base.Config,), {o.name: _config_option(o) for o in OPTIONS})


class GeneratedFile(File):
    """A file the plugin makes, with a real answer to MkDocs' `is_modified()` (for generated files MkDocs always
    says yes): modified when what it is made from changed since the last build into this site folder."""

    changed = True

    @classmethod
    def make(cls, config: MkDocsConfig, src_uri: str, changed: bool, **kwargs: Any) -> GeneratedFile:
        file = cast(GeneratedFile, cls.generated(config, src_uri, **kwargs))
        file.changed = changed
        return file

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)  # noqa: PTH113 - 3x faster, 60,000 files


class ClaimsPlugin(BasePlugin[ClaimsConfig]):  # type: ignore[valid-type]
    """Validates the claims dataset and renders it into the site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.dataset: Dataset | None = None
        self.renderer: SiteRenderer | None = None
        self.generated: dict[str, GeneratedPage] = {}
        self.urls = Urls()
        self.project_dir = Path.cwd()
        self.script_hashes: set[str] = set()
        self.options = Options()
        self.fingerprints: dict[str, str] = {}
        self.previous: dict[str, str] = {}
        self.rendered = 0
        self.contents: dict[str, bytes] = {}
        self.in_memory: list[GeneratedFile] = []
        self.sitemap_key = ""
        self.kept: _KeptPerClaim | None = None
        self.watched: serve.Snapshot = {}
        self.served: serve.ServedBuild | None = None
        self.claim_edit = False  # this build is serve.py's rebuild of a claim edit, on top of the last build
        self.whole_build = False  # `mkdocs build` without --dirty: every page is rendered (on_startup)
        self.prerenderer: Prerenderer | None = None

    # --- configuration ---------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        _serving[0] = command == "serve"
        self.whole_build = command in ("build", "gh-deploy") and not dirty
        load.KEEP_PARSED = _serving[0]  # each save re-parses only the files that changed

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.options = options_from(self.config)
        self.project_dir = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        preview = is_placeholder_url(config.site_url or "")
        if preview and config.strict and not self.options.preview:
            raise PluginError(f"claims: site_url is {config.site_url or 'not set'}, so this would be a preview build "
                              "with no public address in its permalinks, citations and feeds. Set the real address "
                              "(SITE_URL=https://... make publish) or allow a preview with the plugin option "
                              "'preview: true' (make build and make serve do).")
        if preview:
            log.info("preview build: no public site_url, so permalinks and citations give paths")
            if config.site_url and "://127." not in config.site_url:
                config.site_url = None  # no canonical link or sitemap entry to a placeholder host
        # A preview has no public address: links that must be absolute become site-root paths.
        self.urls = Urls(use_directory_urls=config.use_directory_urls,
                         site_url="" if preview else config.site_url or "")
        config.extra_css.insert(0, f"{ASSET_DEST}/claims.css")
        config.extra_css.insert(1, f"{ASSET_DEST}/{VERDICT_CSS}")
        config.extra_javascript.append(f"{ASSET_DEST}/{MESSAGES_JS}")
        config.extra_javascript.append(f"{ASSET_DEST}/claims.js")
        config.extra_javascript.append(f"{ASSET_DEST}/matcher.js")
        self._install_search_box(config)
        self.claim_edit = False
        if _serving[0]:  # before anything is read: a save during this build is seen by the next one
            serve.forget()
            self.watched = serve.snapshot(self.watched_roots(config))
        return config

    def _install_search_box(self, config: MkDocsConfig) -> None:
        """Replace Material's search plugin, if the site still lists it, by the search box alone."""
        material = config.plugins.get("material/search")
        if material is not None and not isinstance(material, SearchBox):
            log.info("the claims plugin brings its own search: Material's search plugin is switched off "
                     "(remove 'search' from plugins in mkdocs.yml)")
            for event, handlers in config.plugins.events.items():
                if event != "config":  # that list is being run now; its turn has passed
                    handlers[:] = [h for h in handlers if getattr(h, "__self__", None) is not material]
        box = SearchBox()
        box.load_config({})
        config.plugins["material/search"] = box

    def _report_error(self, config: MkDocsConfig) -> str:
        if self.options.report_error:
            return self.options.report_error
        repo = (config.repo_url or "").rstrip("/")
        if re.match(r"^https://(github\.com|gitlab\.com)/[^/]+/[^/]+$", repo):
            return repo + "/issues"  # the repository's issue tracker: an address that really exists
        return ""

    def _logo_url(self) -> str:
        logo = self.options.logo
        if not logo or "://" in logo:
            return logo
        return self.urls.page(logo) if logo.endswith(".md") else logo.lstrip("/")

    def _offline_zip(self, config: MkDocsConfig) -> Path | None:
        if not self.options.offline_zip or config.extra.get(OFFLINE_EDITION_FLAG):
            return None
        path = self.project_dir / self.options.offline_zip
        return path if path.is_file() else None

    def _site(self, config: MkDocsConfig) -> SiteInfo:
        offline = self._offline_zip(config)
        ui = language(self._language(config))
        return SiteInfo(share_cards=self.options.share_cards, ownership=self.options.ownership,
                        funding=self.options.funding,
                        methodology_page=self.options.methodology_page,
                        methodology_url=self.urls.page(self.options.methodology_page or "index.md"),
                        report_error=self._report_error(config),
                        logo_url=self._logo_url(),
                        offline_zip=f"{DOWNLOADS}/{offline.name}" if offline else "",
                        offline_zip_bytes=offline.stat().st_size if offline else 0,
                        is_offline_edition=bool(config.extra.get(OFFLINE_EDITION_FLAG)),
                        name=config.site_name, url=self.urls.site_url,
                        organisation=self.options.organisation or config.site_name,
                        organisation_url=self.options.organisation_url or config.site_url or "",
                        licence=self.options.licence, licence_url=self.options.licence_url,
                        language=self._language(config),
                        audiences=tuple(replace(a, url=self.urls.page(a.page) if a.page else "")
                                        for a in audiences_of(self.options)),
                        glossary_fields=glossary_labels(self.options, ui),
                        subject=self.options.subject, texts=dict(self.options.texts))

    # --- validation, before anything is written ----------------------------------------------------

    def on_pre_build(self, config: MkDocsConfig) -> None:
        today = build_date()
        result = check_project(self.project_dir, self._options(config), today)
        self._report(result.problems + self._transparency_problems(config), strict=bool(config.strict))
        assert result.dataset is not None
        if result.new_permalinks and self.options.update_permalinks:
            append_ids(result.manifest_path, result.new_permalinks)
            log.info(f"added {len(result.new_permalinks)} new claim id(s) to {result.manifest_path.name}")
            serve.note_written(self.watched, result.manifest_path)  # our own write is not an editor's change
        site = self._site(config)
        self.dataset = replace(result.dataset, scale=localised_scale(result.dataset.scale, site.ui))
        env = self._template_environment(config, site)
        self.renderer = SiteRenderer(self.dataset, site, self.urls, env, today,
                                     self.options.stale_after_days, retired=result.retired,
                                     link_health=result.link_health)

    def _template_environment(self, config: MkDocsConfig, site: SiteInfo) -> Environment:
        """Under serve, the last build's environment when the folders and language are the same: its templates are
        compiled already (~0.3 s per save), and Jinja reloads any template whose file changed."""
        dirs = self._override_dirs(config)
        if not _serving[0]:
            return template_environment(dirs, site.ui)
        key = (tuple(map(str, dirs)), id(site.ui))
        if key not in _template_environments:
            _template_environments.clear()
            _template_environments[key] = template_environment(dirs, site.ui)
        return _template_environments[key]

    def _options(self, config: MkDocsConfig) -> ProjectOptions:
        docs_dir = os.path.relpath(Path(config.docs_dir).resolve(), self.project_dir)
        config_file = Path(config.config_file_path or "mkdocs.yml").name
        return project_options(self.options, docs_dir, config_file)

    def _transparency_problems(self, config: MkDocsConfig) -> list[Problem]:
        """A published site says who runs and funds it and how to report an error (a preview need not yet)."""
        site = self._site(config)
        if site.preview:
            return []
        where = Location(Path(config.config_file_path or "mkdocs.yml").name)
        return [Problem(where, f"plugins.claims.{name}", "not set: a published fact-check site says who owns and "
                        "funds it, how it checks claims, and where to report an error (set only what is true)",
                        Severity.WARNING) for name in site.missing_transparency()]

    def _report(self, problems: list[Problem], strict: bool) -> None:
        """Log every problem, then stop the build once if any is an error (or a warning under --strict)."""
        errors = [p for p in problems if p.severity is Severity.ERROR]
        warnings = [p for p in problems if p.severity is Severity.WARNING]
        for problem in errors:
            log.error(str(problem))
        for problem in warnings:
            log.warning(str(problem))
        if errors or (strict and warnings):
            _dataset_failed[0] = True
            what = f"{len(errors)} error(s)" + (f" and {len(warnings)} warning(s) in strict mode" if strict and
                                                 warnings else "")
            raise PluginError(f"claims: {what} in the dataset; nothing was written. Fix them and build again "
                              "(python -m mkdocs_claims check lists them without building).")

    def _override_dirs(self, config: MkDocsConfig) -> list[Path]:
        dirs = []
        if self.options.templates_dir:
            dirs.append(self.project_dir / self.options.templates_dir)
        if config.theme.custom_dir:
            dirs.append(Path(config.theme.custom_dir))
        return dirs

    # --- pages -------------------------------------------------------------------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # Without Material's lunr search, which ours replaces (1.2 MB the site need not carry). One pass: removing
        # files one by one scans the whole list each time.
        files = Files([f for f in files if not f.src_uri.startswith(MATERIAL_SEARCH_FILES)])
        for page in self._fingerprint_pages(config):
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None and not existing.generated_by:
                raise PluginError(f"claims: {config.docs_dir}/{page.src_uri} exists, but the claims plugin "
                                  f"generates that page; rename or remove the hand-written file")
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(GeneratedFile.make(config, page.src_uri, self._changed(page.src_uri), inclusion=inclusion,
                                            content=f"<!-- generated: {page.src_uri} -->\n"))
        if self._changed(SHARED):
            for file in self._hand_written_pages(files):
                file.is_modified = lambda: True  # type: ignore[method-assign]
        for asset in sorted(ASSETS.iterdir()):
            files.append(File.generated(config, f"{ASSET_DEST}/{asset.name}", abs_src_path=str(asset)))
        offline = self._offline_zip(config)
        if offline is not None:
            files.append(File.generated(config, f"{DOWNLOADS}/{offline.name}", abs_src_path=str(offline)))
        self._keep_search_records_of(files, config)
        for src_uri, path in self._share_cards(config):
            files.append(GeneratedFile.make(config, src_uri, self._changed(src_uri), abs_src_path=str(path)))
        self._add_contents(files, config, self._in_memory_files(config))
        return files

    def _fingerprint_pages(self, config: MkDocsConfig) -> list[GeneratedPage]:
        """The generated pages, each with a fingerprint of what it is made from (compared with the last build's)."""
        assert self.renderer is not None
        self.script_hashes = set()
        self.rendered = 0
        pages = self.renderer.pages()
        self.generated = {page.src_uri: page for page in pages}
        self.previous = _last_build.get(self._build_key(config), {})
        self.fingerprints = self.renderer.fingerprints(pages)
        self.fingerprints[SHARED] = self.renderer.data_fingerprint()
        return pages

    @staticmethod
    def _hand_written_pages(files: Files) -> list[File]:
        """The pages in docs_dir: they may show claims (directives) and the site's settings, so they change with
        the data."""
        return [file for file in files.documentation_pages() if not isinstance(file, GeneratedFile)]

    def _in_memory_files(self, config: MkDocsConfig) -> dict[str, str | bytes]:
        """The files made in memory: scripts with the data, the search settings and every download."""
        assert self.dataset is not None and self.renderer is not None
        kept = self.kept = self._kept(config)
        contents: dict[str, str | bytes] = {f"{ASSET_DEST}/{VERDICT_CSS}": verdict_css(self.dataset.scale),
                    f"{ASSET_DEST}/matcher-data.js": matcher_data(self.dataset, self.urls, self.renderer.t,
                                                                  kept.matcher if kept else None),
                    f"{ASSET_DEST}/{MESSAGES_JS}": messages_script(self.renderer.t),
                    f"{ASSET_DEST}/explorer-data.js": explorer_data(self.dataset, self.urls, self.renderer.t,
                                                                    kept.explorer if kept else None)}
        if not config.extra.get(OFFLINE_EDITION_FLAG):
            contents[SEARCH_SETTINGS] = online_search_index(self.dataset, self._language(config))
        # Exports are files MkDocs knows of, so pages can link to them and MkDocs checks those links.
        contents.update(export_files(self.dataset, self._site(config), self.urls, f"mkdocs-claims {__version__}",
                                     kept.exports if kept else None))
        return contents

    def _kept(self, config: MkDocsConfig) -> _KeptPerClaim | None:
        """Under `mkdocs serve`, what was made per claim in this site folder's last builds, with this build's keys
        (a claim's page fingerprint: what its page, and so its exports and records, are made from)."""
        if not _serving[0]:
            return None
        assert self.dataset is not None
        kept = _kept_per_claim.setdefault(self._build_key(config), _KeptPerClaim())
        keys = {c.id: self.fingerprints[claim_src(c.id)] for c in self.dataset.claims}
        for store in (kept.exports, kept.search, kept.matcher, kept.explorer):
            store.keys = keys
        return kept

    def _add_contents(self, files: Files, config: MkDocsConfig, contents: dict[str, str | bytes]) -> None:
        """Files made in memory, each marked modified only if its bytes differ from the last build's into this
        site folder (a --dirty rebuild then writes the few that changed)."""
        written = _last_contents.get(self._build_key(config), {})
        encoded = _as_bytes(contents)
        for path, content in encoded.items():
            file = GeneratedFile.make(config, path, written.get(path) != content, content=content)
            files.append(file)
            self.in_memory.append(file)
        self.contents = encoded if _serving[0] else {}

    def _release_copied_contents(self) -> None:
        """Let go of the files made in memory once MkDocs has copied them, which it does before it writes the
        first page: ~220 MB at 10,000 claims, else held through every page and the search index."""
        for file in self.in_memory:
            file.content_bytes = b""
        self.in_memory = []

    @staticmethod
    def _language(config: MkDocsConfig) -> str:
        return str(config.theme.get("language") or "en")

    def _keep_search_records_of(self, files: Files, config: MkDocsConfig) -> None:
        """Forget the search records of pages that are gone (claims' records come from the model each build)."""
        records = _page_records.setdefault(self._build_key(config), {})
        pages = {file.src_uri for file in files.documentation_pages()}
        for src_uri in [uri for uri in records if uri not in pages]:
            del records[src_uri]

    def _is_claim_page(self, src_uri: str) -> bool:
        assert self.dataset is not None
        claim_id = src_uri.removeprefix("claims/").removesuffix(".md")
        return src_uri == claim_src(claim_id) and self.dataset.claim(claim_id) is not None

    def _build_key(self, config: MkDocsConfig) -> tuple[str, str]:
        return str(self.project_dir), str(Path(config.site_dir).resolve())

    def _changed(self, key: str) -> bool:
        return self.previous.get(key) != self.fingerprints.get(key)

    def _share_cards(self, config: MkDocsConfig) -> list[tuple[str, Path]]:
        """claims/<id>/card.png, the image a shared link shows, by where it goes in the site. Cached by content
        beside the project, so a rebuild draws only the cards of claims that changed."""
        assert self.dataset is not None
        if not self.options.share_cards:
            return []
        cards = ShareCards(cache_dir=self.project_dir / CARD_CACHE)
        texts = [CardText(c.claim, self.dataset.verdict(c).label, self.dataset.verdict(c).colour, config.site_name,
                          c.scope) for c in self.dataset.claims]
        # Copied from the cache by MkDocs (not held in memory: 10,000 cards are 260 MB); drawn on both cores.
        paths = cards.files(texts, processes=os.cpu_count() or 1)
        if cards.rendered:
            log.info(f"share cards: drew {cards.rendered}, reused {cards.reused} from {CARD_CACHE}/")
        found = []
        for claim, path in zip(self.dataset.claims, paths, strict=True):
            self.fingerprints[card_path(claim.id)] = path.stem  # the cache key: a hash of the card's content
            found.append((card_path(claim.id), path))
        return found

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Keep claim permalinks out of the nav tree: a nav listing every claim makes every page O(N)."""
        claim_pages = {uri for uri, page in self.generated.items() if not page.in_nav}
        nav.items = _prune(nav.items, claim_pages)
        nav.pages = [p for p in nav.pages if p.file.src_uri not in claim_pages]
        pages = self._dated([file.page for file in files.documentation_pages() if file.page is not None])
        if _serving[0]:
            self.served = serve.ServedBuild(self, config, files, nav, pages, watched=self.watched)
            if not self._sitemap_changed(pages, config):
                config.theme.static_templates.discard(SITEMAP)
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        if self.served is not None:
            self.served.env = env
        self._start_prerenderer(files)
        return env

    def _start_prerenderer(self, files: Files) -> None:
        """Every page has been read: a forked copy starts rendering generated bodies from the last (prerender.py)."""
        renderer = self.renderer
        if not (self.whole_build and self.options.second_core and renderer is not None
                and sys.platform.startswith("linux")):  # elsewhere fork is unsafe (macOS) or absent
            return
        urls = {file.src_uri: file.page.url for file in files.documentation_pages()
                if file.src_uri in self.generated and file.page is not None}
        generated = self.generated
        self.prerenderer = Prerenderer.start(list(urls), lambda src: renderer.render(generated[src], urls[src]))

    def _stop_prerenderer(self) -> None:
        if self.prerenderer is not None:
            log.debug(f"{self.prerenderer.taken} page bodies were rendered on the second core")
            self.prerenderer.close()
            self.prerenderer = None

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_prerenderer()

    def _dated(self, pages: list[Page]) -> list[Page]:
        """The pages, generated ones dated by their claims. Here, not when a page is rendered: a --dirty rebuild
        renders few pages, and the sitemap lists them all."""
        for page in pages:
            generated = self.generated.get(page.file.src_uri)
            if generated is not None and generated.lastmod:
                page.update_date = generated.lastmod
        return pages

    def _sitemap_changed(self, pages: list[Page], config: MkDocsConfig) -> bool:
        """Under serve, whether sitemap.xml would differ from the one the last build into this site folder wrote
        (MkDocs renders it over every page on every rebuild: ~1 s at 10,000 claims)."""
        listed = [(page.canonical_url or page.abs_url, page.update_date) for page in pages]
        templates = [(d, Path(d, SITEMAP).stat().st_mtime_ns) for d in config.theme.dirs if Path(d, SITEMAP).exists()]
        self.sitemap_key = hashlib.blake2b(repr((listed, templates)).encode("utf-8", "surrogatepass")).hexdigest()
        site_dir = Path(config.site_dir)
        return not (_last_sitemap.get(self._build_key(config)) == self.sitemap_key and (site_dir / SITEMAP).is_file()
                    and (site_dir / f"{SITEMAP}.gz").is_file())

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.generated.get(page.file.src_uri)
        if generated is not None:
            # Theme templates print titles and descriptions without escaping (MkDocs treats them as trusted
            # HTML); ours come from the data, so they are escaped here.
            page.meta["title"] = str(escape(generated.title))
            page.meta["description"] = str(escape(generated.description))
            if not generated.searchable:
                page.meta["search"] = {"exclude": True}
            return ""
        assert self.renderer is not None
        return expand_directives(markdown, self.renderer, page.url)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.generated:
            return ""  # rendered just before its template (on_page_context)
        self._keep_search_records(page, html, config)
        return self._preview_notice() + html

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        """A generated page's body, rendered just before the theme's template and dropped once the page is written
        (on_post_page). MkDocs reads every page before it writes any, so bodies made while reading were all held at
        once: 20,000 of them at 10,000 claims, most of the build's memory."""
        self._release_copied_contents()
        generated = self.generated.get(page.file.src_uri)
        if generated is None:
            return context
        assert self.renderer is not None
        self.rendered += 1
        body = self.prerenderer.take(page.file.src_uri) if self.prerenderer else None
        if body is None:
            body = self.renderer.render(generated, page.url)
        if not self._is_claim_page(page.file.src_uri):  # claims' records come from the model
            self._keep_search_records(page, body, config)
        # MkDocs checks links to anchors against ids it saw while rendering Markdown, and builds the table of
        # contents (and the theme's skip link) from that pass; ours bypass it, so both come from our HTML.
        page.present_anchor_ids = set(ANCHOR_ID.findall(body))
        page.toc = get_toc(_toc_tokens(body))
        page.content = self._preview_notice() + body
        return context

    def _keep_search_records(self, page: Page, body: str, config: MkDocsConfig) -> None:
        records = _page_records.setdefault(self._build_key(config), {})
        search = page.meta.get("search")
        if isinstance(search, dict) and search.get("exclude"):
            records.pop(page.file.src_uri, None)
        else:
            records[page.file.src_uri] = page_records(page.url, page.title or config.site_name, body)

    def _preview_notice(self) -> str:
        if self.urls.site_url:
            return ""
        assert self.renderer is not None
        notice = self.renderer.t.gettext("Preview: this copy of the site has no public address yet, so links to cite "
                                         "are shown as paths.")
        return f'<p class="mc-preview-banner" role="note" data-search-exclude>{escape(notice)}</p>\n'


    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Add the feed link to every page, OpenGraph/Twitter cards to generated pages, and the security policy."""
        assert self.renderer is not None
        generated = self.generated.get(page.file.src_uri)
        head = self.renderer.head_tags(page.url, generated)
        output = output.replace("</head>", head + "</head>", 1)
        footer = self.renderer.transparency(page.url, "footer")
        output = output.replace('<div class="md-copyright">', footer + '<div class="md-copyright">', 1)
        output = self._with_policy(_with_our_search_worker(output), config, page.content or "")
        if generated is not None:
            page.content = None  # written: nothing reads it again (see on_page_context)
        return output

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """The 404 page gets the same policy as every other page."""
        if template_name.endswith(".html"):
            return self._with_policy(_with_our_search_worker(output_content), config)
        return output_content

    def _with_policy(self, html: str, config: MkDocsConfig, content: str = "") -> str:
        """The page with its security policy. Scripts in ``content`` (the page body) are never allowed."""
        self.script_hashes.update(script_hashes(html.replace(content, "") if content else html))
        return with_policy(html, OFFLINE_POLICY if config.extra.get(OFFLINE_EDITION_FLAG) else None, content)

    # --- a save under `mkdocs serve` that changed only claim files (serve.py) ---------------------------

    claim_edit_safe = True  # serve.py may rebuild a claim edit without running on_config, on_files and on_nav

    def watched_roots(self, config: MkDocsConfig) -> list[Path]:
        """Everything a build reads that a save can change: if any of it but a claim file changed, it takes a full
        build."""
        roots = [Path(config.docs_dir), self.project_dir / self.options.claims_dir,
                 Path(config.config_file_path or "mkdocs.yml"), *map(Path, config.watch), *self._override_dirs(config)]
        for name in (self.options.scale_file, self.options.link_report, self.options.offline_zip):
            if name:
                roots.append(self.project_dir / name)
        return [root.resolve() for root in roots if root.exists()]

    def claim_files(self) -> set[str]:
        assert self.dataset is not None
        root = str(self.project_dir)
        return {os.path.join(root, claim.location.file) for claim in self.dataset.claims}  # noqa: PTH118 - 10,000 paths

    def refresh_for_claim_edit(self, files: Files, documentation: list[Page],
                               config: MkDocsConfig) -> list[File] | None:
        """After on_pre_build has loaded the edited dataset: update the last build's files in place and give back
        those to write again, or None when the edit adds or removes a page or file (that takes a full build)."""
        pages_before = set(self.generated)
        self.claim_edit = True
        self._fingerprint_pages(config)
        contents = _as_bytes(self._in_memory_files(config))
        cards = self._share_cards(config)
        written = _last_contents.get(self._build_key(config), {})
        by_uri = files.src_uris  # one dict: get_file_from_path() parses each path (~1 s for 60,000 files)
        made = {uri: by_uri.get(uri) for uri in [*self.generated, *contents, *(uri for uri, _ in cards)]}
        same_files = set(self.generated) == pages_before and set(contents) == set(written)
        if not same_files or not all(isinstance(file, GeneratedFile) for file in made.values()):
            return None
        generated = cast(dict[str, GeneratedFile], made)
        for src_uri in self.generated:
            generated[src_uri].changed = self._changed(src_uri)
        for path, content in contents.items():
            generated[path].content_bytes, generated[path].changed = content, written[path] != content
            self.in_memory.append(generated[path])
        self.contents = contents
        for src_uri, card in cards:
            generated[src_uri].abs_src_path, generated[src_uri].changed = str(card), self._changed(src_uri)
        changed: list[File] = [file for file in generated.values() if file.changed]
        if self._changed(SHARED):  # only claims changed: a page without directives or figures shows none of them
            changed += [page.file for page in documentation if not isinstance(page.file, GeneratedFile)
                        and _shows_data(page.file)]
        return changed

    def sitemap_for_claim_edit(self, documentation: list[Page], config: MkDocsConfig) -> bool:
        """The pages' new dates; whether the sitemap must be written again."""
        return self._sitemap_changed(self._dated(documentation), config)

    # --- files beside the pages --------------------------------------------------------------------

    def on_post_build(self, config: MkDocsConfig) -> None:
        self._stop_prerenderer()
        self._release_copied_contents()  # when there was no page to write
        site_dir = Path(config.site_dir)
        search_index_written = self._write_search_index(site_dir, config)
        self._write_redirects(site_dir)
        self._write_embeds(site_dir)
        assert self.dataset is not None
        assert self.renderer is not None
        for claim in self.dataset.claims:
            if not self._changed(claim_src(claim.id)) and self.claim_edit:
                continue  # written by the last build, which this save builds on (serve.py)
            path = claim_markdown_path(claim.id)
            if self._changed(claim_src(claim.id)) or not (site_dir / path).exists():
                _write(site_dir / path, claim_markdown(claim, self.dataset, self.urls, self.renderer.t).encode("utf-8"))
        # A --dirty rebuild renders only changed pages: the theme's script hashes of the others are kept.
        self.script_hashes.update(self.previous.get("*script-hashes*", "").split())
        self.fingerprints["*script-hashes*"] = " ".join(sorted(self.script_hashes))
        self._write_headers_file(site_dir, has_pagefind=not config.extra.get(OFFLINE_EDITION_FLAG))
        search_index_written()
        generated = [f for f in self.fingerprints if f in self.generated]
        if self.previous:
            log.info(f"rendered {self.rendered} of {len(generated)} generated pages (the others did not change)")
        _last_build[self._build_key(config)] = self.fingerprints
        _last_contents[self._build_key(config)] = self.contents
        if self.sitemap_key:
            _last_sitemap[self._build_key(config)] = self.sitemap_key
        if _serving[0]:
            if self.served is not None:
                serve.remember(self.served)
            _idle_collector.schedule()

    def _write_search_index(self, site_dir: Path, config: MkDocsConfig) -> Callable[[], None]:
        """The Pagefind index of every claim and page (pagefind/), or, for the offline edition, the records as a
        script that loads from file:// (search/search_index.js). Returns what waits for it to be written: under
        `mkdocs build` the binary indexes in its own process while this one writes the files after the pages."""
        assert self.dataset is not None and self.renderer is not None
        pages = _page_records.get(self._build_key(config), {})
        records = claim_records(self.dataset, self.urls, self.renderer.t, self.kept.search if self.kept else None)
        records += [record for src_uri in sorted(pages) for record in pages[src_uri]]
        if config.extra.get(OFFLINE_EDITION_FLAG):
            script = offline_search_index(records, self.dataset, self._language(config))
            _write(site_dir / OFFLINE_SEARCH_INDEX, script.encode("utf-8"))
        elif _serving[0]:  # the changed page is served now; search catches up a few seconds later
            _indexer.submit(records, site_dir / PAGEFIND_DIR, self._language(config))
        else:
            return _in_thread(write_pagefind_index, records, site_dir / PAGEFIND_DIR, self._language(config))
        return lambda: None

    def _write_embeds(self, site_dir: Path) -> None:
        """/embed/<id>/: standalone cards that other sites frame (no theme, so not MkDocs pages)."""
        assert self.dataset is not None and self.renderer is not None
        for claim in self.dataset.claims:
            if not self._changed(claim_src(claim.id)) and self.claim_edit:
                continue  # written by the last build, which this save builds on (serve.py)
            url = self.urls.page(f"{EMBEDS}/{claim.id}.md")
            path = site_dir / (url + "index.html" if url.endswith("/") else url)
            if self._changed(claim_src(claim.id)) or not path.exists():  # the embed shows what the claim page does
                _write(path, self.renderer.embed_page(claim, url).encode("utf-8"))

    def _write_headers_file(self, site_dir: Path, has_pagefind: bool) -> None:
        """The policy as an HTTP header (Netlify and Cloudflare Pages read `_headers`), with every page's script
        hashes and frame-ancestors, which a meta tag cannot carry. Embeds may be framed anywhere; the rest only by
        the site. Rules are per top-level folder, because those hosts merge every rule that matches a path."""
        own, anywhere = header_policy(sorted(self.script_hashes)), header_policy([], frame_ancestors="*")
        # The search index may not be written yet (it is written last, and under serve in the background).
        names = {p.name for p in site_dir.iterdir() if p.is_dir()} | ({PAGEFIND_DIR} if has_pagefind else set())
        folders = sorted(f"/{name}/*" for name in names - {EMBEDS})
        paths = ["/", "/index.html", "/404.html", *folders]
        rules = [f"{path}\n  Content-Security-Policy: {own}\n" for path in paths]
        rules.append(f"/{EMBEDS}/*\n  Content-Security-Policy: {anywhere}\n")
        _write(site_dir / "_headers", "".join(rules).encode())

    def _write_redirects(self, site_dir: Path) -> None:
        assert self.dataset is not None and self.renderer is not None
        template = self.renderer.env.get_template("claims/redirect.html")
        for claim in self.dataset.claims:
            if not self._changed(claim_src(claim.id)) and self.previous:
                continue  # written by the last build into this folder, and the same now
            for alias in claim.aliases:
                # The claim page, its worksheet and its embed card: every address published under the old id.
                for make_src in (claim_src, worksheet_src, lambda claim_id: f"{EMBEDS}/{claim_id}.md"):
                    target_url, alias_url = self.urls.page(make_src(claim.id)), self.urls.page(make_src(alias))
                    path = alias_url + "index.html" if alias_url.endswith("/") else alias_url
                    html = with_policy(template.render(target=Urls.relative(target_url, alias_url),
                                                       absolute=self.urls.absolute(target_url), claim=claim,
                                                       site=self.renderer.site))
                    _write(site_dir / path, html.encode("utf-8"))

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Watch claims/, and keep serving the last good site while the dataset has errors.

        MkDocs' server holds every request while a rebuild has failed; a dataset error stops the build
        before site/ is touched, so the last good site is intact and can keep being served.
        """
        server.watch(str(self.project_dir / self.options.claims_dir))
        rebuild = server.builder

        def rebuild_keeping_last_good_site(*args: Any, **kwargs: Any) -> None:
            _dataset_failed[0] = False
            try:  # a save that changed only claim files rebuilds only what depends on them (serve.py)
                if args or kwargs or not serve.rebuild_claims_only():  # the first build passes its configuration
                    rebuild(*args, **kwargs)
            except Abort:
                if not _dataset_failed[0]:
                    raise
                log.warning("serving the last good build; fix the problems above and save to rebuild")

        server.builder = rebuild_keeping_last_good_site
        return server


def _with_our_search_worker(html: str) -> str:
    """The page with Material's search box talking to our search script, which answers in the same messages."""
    return MATERIAL_SEARCH_WORKER.sub(rf'\1\2{ASSET_DEST}/search-worker.js"', html, count=1)


def _toc_tokens(html: str) -> list[Any]:
    """h1/h2 headings that have ids, nested h2-under-h1, as MkDocs' toc tokens."""
    tokens: list[Any] = []
    for level, anchor, inner in HEADING.findall(html):
        token = {"level": int(level), "id": anchor, "name": TAG.sub("", inner).strip(), "children": []}
        if level == "2" and tokens and tokens[-1]["level"] == 1:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def _prune(items: list[Any], drop: set[str]) -> list[Any]:
    kept = []
    for item in items:
        if isinstance(item, Section):
            item.children = _prune(item.children, drop)
            if item.children:
                kept.append(item)
        elif isinstance(item, Page) and item.file.src_uri in drop:
            continue
        else:
            kept.append(item)
    return kept


def _shows_data(file: File) -> bool:
    """Whether a hand-written page embeds claims or figures (directives.py): the others do not change with them."""
    try:
        markdown = file.content_string
    except OSError:
        return True  # MkDocs reports it when it reads the page
    return bool(find_directives(markdown) or FIGURE_REFERENCE.search(markdown))


def _as_bytes(contents: dict[str, str | bytes]) -> dict[str, bytes]:
    """As UTF-8 bytes: a str with one character past U+00FF (the CSV files' byte order mark) takes two or four
    bytes per character (~60 MB at 10,000 claims)."""
    return {path: content.encode("utf-8") if isinstance(content, str) else content
            for path, content in contents.items()}


def _in_thread(work: Callable[..., None], *args: Any) -> Callable[[], None]:
    """Start ``work`` in a thread; return what waits for it and raises what it raised."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            work(*args)
        except BaseException as error:  # noqa: BLE001 - raised again in the build's thread
            failure.append(error)

    thread = threading.Thread(target=run, name="pagefind-index", daemon=True)
    thread.start()

    def wait() -> None:
        thread.join()
        if failure:
            raise failure[0]
    return wait


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
