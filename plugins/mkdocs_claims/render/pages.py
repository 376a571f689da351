"""Pages generated from the dataset: a page per claim, the explorer, bibliography, glossary, timeline, quiz.

Each page body is rendered straight to HTML with Jinja templates (a site overrides
any of them from its theme ``custom_dir``), so claim pages skip the Markdown pass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..link_health import LinkHealth
from ..model import Audience, Claim, Dataset
from ..options import BY_NAME as OPTION
from .charts import figure_series, svg_chart
from .citations import citation_title, citations
from .claimreview import claim_review, script_json
from .csp import policy_for
from .figures import expand_html, expand_plain, figure_text, format_period, format_value
from .markup import MarkdownRenderer, plain_text
from .share_cards import alt_text as card_alt_text
from .site import SiteInfo
from .urls import Urls, claim_src, page_links, resolve_page_links, worksheet_src

TEMPLATES = Path(__file__).parent.parent / "templates"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class GeneratedPage:
    """A page the plugin adds: where it lives, its metadata, and how to render its body."""

    src_uri: str
    title: str
    description: str
    template: str
    context: dict[str, Any]
    lastmod: str = ""
    # Claim pages are permalinks, not navigation entries (a nav listing every claim makes every page O(N)).
    in_nav: bool = True
    # Printable sheets repeat what the claim pages say: kept out of site search.
    searchable: bool = True


@dataclass(frozen=True)
class AudienceText:
    """An audience's description as HTML, and whether it already links to the audience's page."""

    html: Markup
    links_to_page: bool


def template_environment(override_dirs: list[Path]) -> jinja2.Environment:
    """Site overrides first, then our templates; HTML is autoescaped."""
    loader = jinja2.FileSystemLoader([*map(str, override_dirs), str(TEMPLATES)])
    env = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["human_date"] = human_date
    env.filters["plain"] = plain_text
    env.tests["contains"] = lambda values, value: value in values
    env.filters["lower_first"] = lambda text: text[:1].lower() + text[1:]
    return env


def human_date(value: str) -> str:
    """'2024-05-31' -> '31 May 2024'; partial dates stay partial ('2024-05' -> 'May 2024')."""
    parts = value.split("-")
    if len(parts) == 1 or not value[:4].isdigit():
        return value
    month = MONTHS[int(parts[1]) - 1]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


class SiteRenderer:
    """Renders the dataset's pages and embeds with one template environment."""

    def __init__(self, dataset: Dataset, site: SiteInfo, urls: Urls, env: jinja2.Environment,
                 today: dt.date, stale_after_days: int = OPTION["stale_after_days"].default,
                 retired: dict[str, str] | None = None, link_health: LinkHealth | None = None) -> None:
        self.dataset = dataset
        self.site = site
        self.urls = urls
        self.env = env
        self.today = today
        self.stale_after_days = stale_after_days
        self.retired = retired or {}
        self.link_health = link_health or LinkHealth()
        self.markdown = MarkdownRenderer()

    # --- the pages ---------------------------------------------------------------------------

    def pages(self) -> list[GeneratedPage]:
        d = self.dataset
        pages = [self._claim_page(c) for c in d.claims]
        pages += [self._worksheet_page(c) for c in d.claims]
        pages += [GeneratedPage(claim_src(claim_id), "Retired fact check", reason, "claims/retired.html",
                                {"claim_id": claim_id, "reason": reason}, in_nav=False)
                  for claim_id, reason in sorted(self.retired.items())]
        pages.append(GeneratedPage("claims/index.md", "All claims", f"{len(d.claims)} claims about China's social "
                                   "credit system, each with a verdict and sources. Filter by verdict, topic and "
                                   "audience.", "claims/index.html", {}, d.last_updated))
        pages.append(GeneratedPage("sources.md", "Sources", "Every source our fact checks cite, with the claims "
                                   "that cite it.", "claims/sources.html", {}, d.last_updated))
        if d.glossary:
            pages.append(GeneratedPage("glossary.md", "Glossary", "Chinese terms of the social credit system with "
                                       "pinyin and plain-English definitions.", "claims/glossary.html", {}))
        if d.timeline:
            pages.append(GeneratedPage("timeline.md", "Timeline", "Dated events in the history of China's social "
                                       "credit system, each with a source.", "claims/timeline.html", {}))
        pages.append(GeneratedPage("educators/quiz.md", "Myth or fact? A quiz", "Guess whether each claim is true, "
                                   "then see the verdict and the evidence.", "claims/quiz.html", {}))
        pages.append(GeneratedPage("educators/quiz-sheet.md", "Quiz: student sheet", "The myth-or-fact quiz as a "
                                   "printable sheet for students, without answers.", "claims/quiz-sheet.html", {},
                                   in_nav=False, searchable=False))
        pages.append(GeneratedPage("educators/quiz-key.md", "Quiz: teacher key", "The answers to the myth-or-fact "
                                   "quiz, with each verdict and a short reason.", "claims/quiz-key.html", {},
                                   in_nav=False, searchable=False))
        pages.append(GeneratedPage("journalists/corrections.md", "Corrections log", "Every changed verdict, and "
                                   "every update to a fact check, newest first.", "claims/corrections.html", {}))
        if d.figures:
            pages.append(GeneratedPage("numbers.md", "The numbers", "Counts behind the fact checks, each with its "
                                       "unit, period and source, charted over time.", "claims/numbers.html",
                                       {"series": figure_series(d)}))
        return pages

    def _claim_page(self, claim: Claim) -> GeneratedPage:
        numbers = {source_id: n for n, source_id in enumerate(claim.cited_source_ids, 1)}
        return GeneratedPage(claim_src(claim.id), claim.claim, _truncate(self.plain(claim.summary), 300),
                             "claims/claim.html", {"claim": claim, "source_numbers": numbers}, claim.modified,
                             in_nav=False)

    def _worksheet_page(self, claim: Claim) -> GeneratedPage:
        numbers = {source_id: n for n, source_id in enumerate(claim.cited_source_ids, 1)}
        return GeneratedPage(worksheet_src(claim.id), f"Worksheet: {claim.claim}", "A printable class worksheet: "
                             "read the evidence, rate the claim and justify it. The teacher key follows on its own "
                             "page.", "claims/worksheet.html", {"claim": claim, "source_numbers": numbers},
                             claim.modified, in_nav=False, searchable=False)

    def render(self, page: GeneratedPage, page_url: str) -> str:
        """The HTML body of a generated page, with links relative to ``page_url``."""
        return self.env.get_template(page.template).render(self._context(page_url, page.context))

    def _context(self, page_url: str, extra: dict[str, Any]) -> dict[str, Any]:
        def link(target: str) -> str:
            return Urls.relative(target, page_url)

        numbers = extra.get("source_numbers", {})

        def source_link(source_id: str) -> str:
            # On a claim page, the page's own numbered source list; elsewhere, the bibliography.
            if source_id in numbers:
                return f"#source-{numbers[source_id]}"
            return link(self.urls.page("sources.md")) + "#" + source_id

        def md(text: str) -> Markup:
            return expand_html(self.markdown.block(text), self.dataset, source_link)

        def md_inline(text: str) -> Markup:
            return expand_html(self.markdown.inline(text), self.dataset, source_link)

        def audience_html(audience: Audience) -> AudienceText:
            text = resolve_page_links(audience.description, lambda src: link(self.urls.page(src)))
            return AudienceText(self.markdown.site_inline(text), audience.page in page_links(audience.description))

        return {
            "dataset": self.dataset, "site": self.site, "urls": self.urls, "today": self.today,
            "link": link,
            "claim_link": lambda claim_id: link(self.urls.claim(claim_id)),
            "page_link": lambda src_uri: link(self.urls.page(src_uri)),
            "md": md, "md_inline": md_inline, "audience_html": audience_html, "plain": self.plain,
            "figure_text": figure_text,
            "source_link": source_link, "svg_chart": lambda series: svg_chart(series, source_link),
            "period_text": format_period, "value_text": lambda f: format_value(f.value),
            "verdict": self.dataset.verdict, "claim_review_json": self.claim_review_json,
            "is_stale": self.is_stale, "citation": self.citation, "preview": self.site.preview,
            "citation_title": lambda claim: citation_title(claim, self.dataset), "file_size": file_size,
            "link_health": self.link_health, "snippets": self.snippets, "share_cards": self.site.share_cards,
            "share_card_alt": lambda claim: card_alt_text(claim.claim, self.dataset.verdict(claim).label,
                                                          self.site.name),
            **extra,
        }

    def head_tags(self, page_url: str, page: GeneratedPage | None) -> str:
        """<head> additions: the Atom feed (site-relative, so no request leaves the site) and social cards."""
        return self.env.get_template("claims/head.html").render(self._context(page_url, {"page": page}))

    # --- helpers exposed to templates --------------------------------------------------------

    def claim_review_json(self, claim: Claim) -> Markup:
        # script_json escapes <, > and & so nothing in the data can close the <script> block.
        return Markup(script_json(claim_review(claim, self.dataset, self.site, self.urls)))  # noqa: S704

    def plain(self, text: str) -> str:
        """Markdown prose as plain text, figures written out (meta descriptions, feeds, exports)."""
        return plain_text(expand_plain(text, self.dataset))

    def is_stale(self, claim: Claim) -> bool:
        return (self.today - dt.date.fromisoformat(claim.reviewed)).days > self.stale_after_days

    def citation(self, claim: Claim) -> dict[str, str]:
        """APA, MLA and Chicago references; the access date is filled in by the reader's browser."""
        return citations(claim, self.dataset, self.site, self.urls)

    # --- embeds in hand-written pages ----------------------------------------------------------

    def claim_card(self, claim_id: str, page_url: str) -> str:
        claim = self.dataset.claim(claim_id)
        assert claim is not None, "directives are checked before rendering"
        return self.env.get_template("claims/card.html").render(self._context(page_url, {"claim": claim}))

    def claim_grid(self, claims: list[Claim], page_url: str) -> str:
        return self.env.get_template("claims/grid.html").render(self._context(page_url, {"claims": claims}))

    def claim_prompts(self, claims: list[Claim], page_url: str) -> str:
        return self.env.get_template("claims/prompts.html").render(self._context(page_url, {"claims": claims}))

    def figure_inline(self, figure_id: str, page_url: str) -> str:
        return str(self._context(page_url, {})["md_inline"]("{{ figure " + figure_id + " }}"))

    def embed_page(self, claim: Claim, page_url: str) -> str:
        """The standalone card another site frames (/embed/<id>/)."""
        claim_url = self.urls.absolute(self.urls.claim(claim.id)) if self.urls.site_url else \
            Urls.relative(self.urls.claim(claim.id), page_url)
        css = [Urls.relative(f"assets/mkdocs_claims/{name}", page_url) for name in ("embed.css", "verdicts.css")]
        return self.env.get_template("claims/embed.html").render(self._context(page_url, {
            "claim": claim, "v": self.dataset.verdict(claim), "summary": self.plain(claim.summary),
            "claim_url": claim_url, "css": css, "policy": policy_for("")}))

    def snippets(self, claim: Claim) -> dict[str, str]:
        """Copy-and-paste HTML for other sites: a framed card, and a plain block that needs no frame."""
        verdict = self.dataset.verdict(claim)
        claim_url = self.urls.absolute(self.urls.claim(claim.id))
        embed_url = self.urls.absolute(self.urls.page(f"embed/{claim.id}.md"))
        title = escape(f"Fact check: {claim.claim} ({verdict.label})")
        iframe = (f'<iframe src="{escape(embed_url)}" title="{title}" width="100%" height="300" '
                  f'style="border:0;max-width:720px" loading="lazy"></iframe>')
        plain = (f'<blockquote class="fact-check" cite="{escape(claim_url)}"><p>Claim: {escape(claim.claim)}</p>'
                 f'<p><strong>Verdict: {escape(verdict.label)}.</strong> {escape(self.plain(claim.summary))}</p>'
                 f'<p>— <a href="{escape(claim_url)}">Fact check by {escape(self.site.name)}</a>, reviewed '
                 f'{escape(human_date(claim.reviewed))}</p></blockquote>')
        return {"iframe": iframe, "html": plain}

    def transparency(self, page_url: str, place: str) -> str:
        return self.env.get_template("claims/transparency.html").render(self._context(page_url, {"place": place}))

    def sources_needing_attention(self, page_url: str) -> str:
        sources = self.link_health.needs_attention(self.dataset)
        return self.env.get_template("claims/attention.html").render(self._context(page_url, {"sources": sources}))

    def matcher_box(self, page_url: str) -> str:
        return self.env.get_template("claims/matcher.html").render(self._context(page_url, {}))

    def worksheet_list(self, page_url: str) -> str:
        return self.env.get_template("claims/worksheets.html").render(self._context(page_url, {}))

    def offline_edition(self, page_url: str) -> str:
        return self.env.get_template("claims/offline.html").render(self._context(page_url, {}))

    def audience_list(self, page_url: str) -> str:
        return self.env.get_template("claims/audiences.html").render(self._context(page_url, {}))

    def rating_scale(self, page_url: str) -> str:
        return self.env.get_template("claims/scale.html").render(self._context(page_url, {}))



def file_size(size: int) -> str:
    """1234567 -> '1.2 MB' (decimal units, as download pages usually give them)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"

