"""The embeds (``[[claim:<id>]]`` and friends) as a Python-Markdown extension, for engines that run Markdown
extensions but not MkDocs plugins.

    markdown.markdown(text, extensions=["mkdocs_claims"],
                      extension_configs={"mkdocs_claims": {"project_dir": "path/to/site"}})

A thin adapter like plugin.py, for another host: it reads the project (mkdocs.yml if there is one, and the
claims folder), checks it with the same core as a build, and expands directives with the same renderer and
templates. It writes nothing and adds no pages: links in the cards point where the plugin puts claim pages.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .directives import check_directives
from .i18n import language, localised_scale
from .model import Problem, Severity
from .options import Options, audiences_of, glossary_labels
from .project import MKDOCS_DOCS_DIR, build_date, check_project, project_options, read_site_config
from .render.directives import expand_directives
from .render.pages import SiteRenderer, template_environment
from .render.site import SiteInfo, is_placeholder_url
from .render.urls import Urls

# After Python-Markdown's whitespace normalisation (30), before it sets raw HTML blocks aside (20): the cards
# are HTML blocks, and must be kept as they are.
PRIORITY = 25


class ClaimsMarkdownError(ValueError):
    """The project or a directive cannot be rendered; the message lists every problem with its file and line."""


def load_renderer(project_dir: Path, config_file: str = "mkdocs.yml") -> SiteRenderer:
    """The project's checked dataset in a renderer, as a build makes it; ClaimsMarkdownError on any error."""
    config, options = read_site_config(project_dir / config_file)
    check = check_project(project_dir, project_options(options, config.get("docs_dir") or MKDOCS_DOCS_DIR,
                                                       config_file), build_date())
    errors = [p for p in check.problems if p.severity is Severity.ERROR]
    if errors or check.dataset is None:
        raise ClaimsMarkdownError(_listed(errors, f"the claims project in {project_dir}")
                                  + f"\n(`mkdocs-claims check -f {project_dir / config_file}` lists the same)")
    site = site_info(config, options)
    dataset = replace(check.dataset, scale=localised_scale(check.dataset.scale, site.ui))
    env = template_environment(_override_dirs(project_dir, config, options), site.ui)
    return SiteRenderer(dataset, site, _urls(config), env, build_date(), options.stale_after_days,
                        retired=check.retired, link_health=check.link_health)


def site_info(config: dict[str, Any], options: Options) -> SiteInfo:
    """What the templates need to know of the site, from mkdocs.yml's values and the plugin options."""
    urls = _urls(config)
    name = str(config.get("site_name") or "")
    code = str(_theme(config).get("language") or "en")
    return SiteInfo(name=name, url=urls.site_url, organisation=options.organisation or name,
                    organisation_url=options.organisation_url or urls.site_url, licence=options.licence,
                    licence_url=options.licence_url, language=code,
                    audiences=tuple(replace(a, url=urls.page(a.page) if a.page else "")
                                    for a in audiences_of(options)),
                    glossary_fields=glossary_labels(options, language(code)), subject=options.subject,
                    texts=dict(options.texts), share_cards=options.share_cards, ownership=options.ownership,
                    funding=options.funding, methodology_page=options.methodology_page,
                    methodology_url=urls.page(options.methodology_page or "index.md"),
                    report_error=options.report_error)


def _theme(config: dict[str, Any]) -> dict[str, Any]:
    theme = config.get("theme")
    return theme if isinstance(theme, dict) else {}


def _urls(config: dict[str, Any]) -> Urls:
    site_url = config.get("site_url")
    public = site_url if isinstance(site_url, str) and not is_placeholder_url(site_url) else ""
    return Urls(use_directory_urls=config.get("use_directory_urls", True) is not False, site_url=public)


def _override_dirs(project_dir: Path, config: dict[str, Any], options: Options) -> list[Path]:
    """The site's template overrides, in the plugin's order: templates_dir, then the theme's custom_dir."""
    dirs = [project_dir / options.templates_dir] if options.templates_dir else []
    custom_dir = _theme(config).get("custom_dir")
    return [*dirs, project_dir / custom_dir] if isinstance(custom_dir, str) else dirs


def _listed(problems: list[Problem], what: str) -> str:
    return f"{len(problems)} error(s) in {what}:\n" + "\n".join(f"  {p}" for p in problems)


class DirectivePreprocessor(Preprocessor):  # type: ignore[misc]  # Python-Markdown has no type hints
    """Checks the directives of the text, then replaces each with its HTML."""

    def __init__(self, md: Markdown, renderer: SiteRenderer, page_url: str) -> None:
        super().__init__(md)
        self.renderer = renderer
        self.page_url = page_url

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        problems = check_directives(text, "<markdown>", self.renderer.dataset)
        if problems:
            raise ClaimsMarkdownError(_listed(problems, "the Markdown text") + "\nA correct embed: "
                                      f"[[claim:{self.renderer.dataset.claims[0].id}]]")
        return expand_directives(text, self.renderer, self.page_url).split("\n")


class ClaimsExtension(Extension):  # type: ignore[misc]  # Python-Markdown has no type hints
    """``[[claim:<id>]]`` and the other embeds of the claims plugin, in plain Python-Markdown."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "project_dir": ["", "folder of the site: its mkdocs.yml and claims folder (default: the current folder)"],
            "config_file": ["mkdocs.yml", "the settings file in project_dir, read for the claims plugin's options"],
            "page_url": ["", "the page's address from the site root (e.g. about/), so that links are relative"],
        }
        super().__init__(**kwargs)
        self._renderer: SiteRenderer | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's name
        if self._renderer is None:  # one load per extension instance, however many texts it converts
            project_dir = Path(self.getConfig("project_dir") or Path.cwd())
            self._renderer = load_renderer(project_dir, self.getConfig("config_file"))
        preprocessor = DirectivePreprocessor(md, self._renderer, self.getConfig("page_url"))
        md.preprocessors.register(preprocessor, "mkdocs_claims", PRIORITY)


def makeExtension(**kwargs: Any) -> ClaimsExtension:  # the name Python-Markdown looks for
    return ClaimsExtension(**kwargs)
