"""Pages generated from the dataset: a page per claim, the explorer, bibliography, glossary, timeline, quiz.

Each page body is rendered straight to HTML with Jinja templates (a site overrides
any of them from its theme ``custom_dir``), so claim pages skip the Markdown pass.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..i18n import N_, Language
from ..link_health import LinkHealth
from ..model import Audience, Claim, Dataset, Source
from ..options import BY_NAME as OPTION
from ..texts import site_text
from . import paging
from .charts import figure_series, svg_chart
from .citations import citation_title, citations
from .claimreview import claim_review, script_json
from .csp import policy_for
from .figures import expand_html, expand_plain, figure_text, format_period, format_value
from .kept import kept_for
from .markup import MarkdownRenderer, plain_text, truncate
from .paging import pagers
from .share_cards import alt_text as card_alt_text
from .site import SiteInfo
from .urls import Urls, claim_src, page_links, resolve_page_links, worksheet_src

TEMPLATES = Path(__file__).parent.parent / "templates"
# Source kinds as a word in a reference, and as the heading of their group in the bibliography (in this order).
SOURCE_KINDS = {"primary": N_("primary"), "academic": N_("academic"), "analysis": N_("analysis"),
                "journalism": N_("journalism"), "commentary": N_("commentary")}
# Shown in a citation until the reader's browser writes the day they read the page (claims.js).
ACCESS_DATE_PLACEHOLDER = N_("[date you read it]")
SOURCE_KIND_HEADINGS = {"primary": N_("Primary documents"), "academic": N_("Academic research"),
                        "analysis": N_("Expert analysis"), "journalism": N_("Journalism"),
                        "commentary": N_("Commentary and other web pages")}

CLAIM_TEMPLATE = "claims/claim.html"
WORKSHEET_TEMPLATE = "claims/worksheet.html"


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


def template_environment(override_dirs: list[Path], language: Language) -> jinja2.Environment:
    """Site overrides first, then our templates; HTML is autoescaped; UI strings and dates in ``language``."""
    loader = jinja2.FileSystemLoader([*map(str, override_dirs), str(TEMPLATES)])
    env = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(language.translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["human_date"] = language.date
    # A global, so macros imported without the page context (_macros.html) can call it too.
    env.globals["source_kind"] = lambda kind: language.gettext(SOURCE_KINDS[kind]) if kind in SOURCE_KINDS else kind
    env.filters["plain"] = plain_text
    env.tests["contains"] = lambda values, value: value in values
    env.filters["lower_first"] = lambda text: text[:1].lower() + text[1:]
    return env


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
        self.t = site.ui
        self._figures_key = repr((dataset.figures, self.t.code))  # what a short answer's plain text depends on

        self._data_key = ""
        self._source_pages = {source.id: page.src_uri for page in self._bibliography_pages()
                              for source in page.context["page_sources"]}

    def text(self, key: str, count: int = 0) -> str:
        """A sentence about the site's subject: the site's own (option texts) or the default in its language."""
        return site_text(key, self.site.texts, self.site.subject, self.t, count)

    # --- the pages ---------------------------------------------------------------------------

    def pages(self) -> list[GeneratedPage]:
        d, t, text = self.dataset, self.t, self.text
        pages = [kept_for(_claim_pages, c.id, c, self._figures_key, partial(self._claim_page, c)) for c in d.claims]
        pages += [kept_for(_worksheet_pages, c.id, c, self._figures_key, partial(self._worksheet_page, c))
                  for c in d.claims]
        pages += [GeneratedPage(claim_src(claim_id), t.gettext("Retired fact check"), reason, "claims/retired.html",
                                {"claim_id": claim_id, "reason": reason}, in_nav=False)
                  for claim_id, reason in sorted(self.retired.items())]
        pages += self._explorer_pages()
        pages += self._bibliography_pages()
        if d.glossary:
            pages.append(GeneratedPage("glossary.md", t.gettext("Glossary"), text("glossary_description"),
                                       "claims/glossary.html", {}))
        if d.timeline:
            pages += self._timeline_pages()
        # The claims marked quiz: true, by id, at most QUIZ_QUESTIONS of them (the pages depend on these only).
        quiz = {"quiz_limit": paging.QUIZ_QUESTIONS,
                "quiz_questions": sorted((c for c in d.claims if c.quiz), key=lambda c: c.id)[:paging.QUIZ_QUESTIONS]}
        pages.append(GeneratedPage("educators/quiz.md", t.gettext("Myth or fact? A quiz"), text("quiz_description"),
                                   "claims/quiz.html", quiz))
        pages.append(GeneratedPage("educators/quiz-sheet.md", t.gettext("Quiz: student sheet"),
                                   text("quiz_sheet_description"), "claims/quiz-sheet.html", quiz,
                                   in_nav=False, searchable=False))
        pages.append(GeneratedPage("educators/quiz-key.md", t.gettext("Quiz: teacher key"),
                                   text("quiz_key_description"), "claims/quiz-key.html", quiz,
                                   in_nav=False, searchable=False))
        pages += self._corrections_pages()
        if d.figures:
            pages.append(GeneratedPage("numbers.md", t.gettext("The numbers"), text("numbers_description"),
                                       "claims/numbers.html", {"series": figure_series(d)}))
        return pages

    def _series(self, first_src: str, title: str, description: str, template: str,
                contexts: list[dict[str, Any]], lastmod: str = "") -> list[GeneratedPage]:
        """A list cut over numbered pages (one context each): the first in the navigation, the others linked from
        every page's pager."""
        return [GeneratedPage(pager.src_uris[pager.number - 1],
                              title if pager.number == 1 else self.t.gettext(
                                  "%(title)s (page %(number)s of %(count)s)", title=title, number=pager.number,
                                  count=pager.count),
                              description, template, {**context, "pager": pager}, lastmod,
                              in_nav=pager.number == 1)
                for pager, context in zip(pagers(first_src, len(contexts)), contexts, strict=True)]

    def _explorer_pages(self) -> list[GeneratedPage]:
        d = self.dataset
        chunks = paging.split(sorted(d.claims, key=lambda c: c.claim), paging.EXPLORER_CLAIMS)
        pages = self._series("claims/index.md", self.t.gettext("All claims"),
                             self.text("explorer_description", len(d.claims)), "claims/index.html",
                             [{"page_claims": chunk} for chunk in chunks], d.last_updated)
        return [replace(page, searchable=False) for page in pages]  # search finds each claim by its own record

    def _bibliography_pages(self) -> list[GeneratedPage]:
        d = self.dataset
        kinds = list(SOURCE_KIND_HEADINGS)
        ordered = sorted(d.sources, key=lambda s: (kinds.index(s.kind) if s.kind in kinds else len(kinds), s.title))
        chunks = paging.split(ordered, paging.BIBLIOGRAPHY_ROWS, lambda s: 1 + len(d.citing_claims(s.id)))
        return self._series("sources.md", self.t.gettext("Sources"), self.text("sources_description", len(d.sources)),
                            "claims/sources.html", [{"page_sources": chunk} for chunk in chunks],
                            d.last_updated)

    def _corrections_pages(self) -> list[GeneratedPage]:
        corrections, updates = self.changes()
        rows = [("correction", row) for row in corrections] + [("update", row) for row in updates]
        chunks = paging.split(rows, paging.CORRECTION_ROWS)
        return self._series("journalists/corrections.md", self.t.gettext("Corrections log"),
                            self.text("corrections_description"), "claims/corrections.html",
                            [{"page_corrections": [r for kind, r in chunk if kind == "correction"],
                              "page_updates": [r for kind, r in chunk if kind == "update"],
                              "any_corrections": bool(corrections)} for chunk in chunks])

    def _timeline_pages(self) -> list[GeneratedPage]:
        events = sorted(self.dataset.timeline, key=lambda e: e.date)
        chunks = paging.split(events, paging.TIMELINE_EVENTS)
        starts = [sum(len(c) for c in chunks[:i]) for i in range(len(chunks))]
        return self._series("timeline.md", self.t.gettext("Timeline"), self.text("timeline_description"),
                            "claims/timeline.html",
                            [{"page_events": chunk, "first_event": start} for chunk, start in zip(chunks, starts,
                                                                                                  strict=True)])

    def changes(self) -> tuple[list[tuple[str, Claim, Any]], list[tuple[str, Claim, Any]]]:
        """Changed verdicts and other updates, each newest first: (date, claim, changelog entry)."""
        corrections: list[tuple[str, Claim, Any]] = []
        updates: list[tuple[str, Claim, Any]] = []
        for claim in self.dataset.claims:
            for entry in claim.changelog:
                (corrections if entry.is_correction else updates).append((entry.date, claim, entry))
        return (sorted(corrections, key=lambda r: r[0], reverse=True),
                sorted(updates, key=lambda r: r[0], reverse=True))

    def source_href(self, source_id: str, page_url: str) -> str:
        """The source's entry in the bibliography, on whichever of its pages lists it."""
        src = self._source_pages.get(source_id, "sources.md")
        return Urls.relative(self.urls.page(src), page_url) + "#" + source_id

    def _claim_page(self, claim: Claim) -> GeneratedPage:
        numbers = {source_id: n for n, source_id in enumerate(claim.cited_source_ids, 1)}
        return GeneratedPage(claim_src(claim.id), claim.claim, self._description(claim),
                             CLAIM_TEMPLATE, {"claim": claim, "source_numbers": numbers}, claim.modified,
                             in_nav=False)

    def _description(self, claim: Claim) -> str:
        """The claim page's meta description: its short answer as plain text (kept per claim object, see
        _descriptions)."""
        return kept_for(_descriptions, claim.id, claim, self._figures_key,
                        lambda: truncate(self.plain(claim.summary), 300))

    def _worksheet_page(self, claim: Claim) -> GeneratedPage:
        numbers = {source_id: n for n, source_id in enumerate(claim.cited_source_ids, 1)}
        t = self.t
        return GeneratedPage(worksheet_src(claim.id), t.gettext("Worksheet: %(claim)s", claim=claim.claim),
                             t.gettext("A printable class worksheet: read the evidence, rate the claim and justify "
                                       "it. The teacher key follows on its own page."),
                             WORKSHEET_TEMPLATE, {"claim": claim, "source_numbers": numbers},
                             claim.modified, in_nav=False, searchable=False)

    # --- what each page depends on ---------------------------------------------------------

    def fingerprints(self, pages: list[GeneratedPage]) -> dict[str, str]:
        """A hash per page of everything its HTML is made from. A page whose fingerprint did not change since the
        last build renders the same bytes, so a `--dirty` rebuild (`make serve`) can leave it alone. A claim page
        depends on its claim, the claims it links (title and verdict) and what every page shares (sources, scale,
        site, templates); a page of a list on the items it lists; other pages on every claim."""
        claim_keys = {c.id: claim_key(c) for c in self.dataset.claims}
        shared = _digest(self._shared_inputs())
        every_claim = _digest("".join(claim_keys.values()))
        self._data_key = _digest(shared + every_claim)
        verdicts = [c.verdict_id for c in self.dataset.claims]
        counts = repr((len(verdicts), self.dataset.last_updated,
                       [verdicts.count(v.id) for v in self.dataset.scale.verdicts]))

        def fingerprint(page: GeneratedPage) -> str:
            return _digest(shared + repr((page.title, page.description, page.template, page.lastmod,
                                          page.context.get("pager"))) +
                           self._page_inputs(page, claim_keys, every_claim, counts))

        def kept_fingerprint(page: GeneratedPage) -> str:
            """A claim's page or worksheet is made from its claim object (the same object while its file is
            unchanged) and what the rest of the context names: kept per claim (20,000 pages at 10,000 claims)."""
            claim = page.context.get("claim")
            if page.template not in (CLAIM_TEMPLATE, WORKSHEET_TEMPLATE) or not isinstance(claim, Claim):
                return fingerprint(page)
            context = shared + self._page_inputs(page, claim_keys, every_claim, counts)
            return kept_for(_page_fingerprints.setdefault(page.template, {}), claim.id, claim, context,
                            lambda: fingerprint(page))

        return {page.src_uri: kept_fingerprint(page) for page in pages}

    def _page_inputs(self, page: GeneratedPage, claim_keys: dict[str, str], every_claim: str, counts: str) -> str:
        context = page.context
        if page.template == CLAIM_TEMPLATE:
            claim = context["claim"]
            linked = [(r.id, r.claim, r.verdict_id) for r in map(self.dataset.claim, claim.related) if r]
            return claim_keys[claim.id] + repr(linked)
        if page.template == WORKSHEET_TEMPLATE:
            return claim_keys[context["claim"].id]
        if page.template == "claims/retired.html":
            return repr(context)
        if "quiz_questions" in context:
            return "".join(claim_keys[c.id] for c in context["quiz_questions"])
        if "page_claims" in context:
            return counts + "".join(claim_keys[c.id] for c in context["page_claims"])
        if "page_sources" in context:
            return "\x1e".join(self._source_inputs(s) for s in context["page_sources"])
        if "page_updates" in context:
            rows = context["page_corrections"] + context["page_updates"]
            return repr((context["any_corrections"], [(date, c.id, c.claim, entry) for date, c, entry in rows]))
        return every_claim

    def _source_inputs(self, source: Source) -> str:
        """A source and the claims citing it (id and title), kept while they are the same objects: a source may be
        cited by thousands of claims."""
        citing = self.dataset.citing_claims(source.id)
        kept = _source_inputs.get(source.id)
        if (kept is not None and kept[0] == source and len(kept[1]) == len(citing)
                and all(map(operator.is_, kept[1], citing))):
            return kept[2]
        text = repr(source) + "".join(f"\x1f{c.id}\x1d{c.claim}" for c in citing)
        _source_inputs[source.id] = (source, citing, text)
        return text

    def data_fingerprint(self) -> str:
        """Everything in the data (after fingerprints()): hand-written pages' directives may show any of it."""
        return self._data_key

    def _shared_inputs(self) -> str:
        """What every page may show besides the claims: the registries, the scale, the site, the templates."""
        d = self.dataset
        templates = []
        for folder in getattr(self.env.loader, "searchpath", []):
            templates += sorted((str(f), f.stat().st_mtime_ns) for f in Path(folder).rglob("*") if f.is_file())
        return repr((d.sources, d.topics, d.glossary, d.timeline, d.scale, d.figures, d.version, d.released,
                     self.site, self.urls, self.today, self.stale_after_days, sorted(self.retired.items()),
                     sorted(self.link_health.statuses.items()), self.link_health.report_date,
                     sorted(self._source_pages.items()), templates))

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
            return self.source_href(source_id, page_url)

        def md(text: str) -> Markup:
            return expand_html(self.markdown.block(text), self.dataset, source_link, self.t)

        def md_inline(text: str) -> Markup:
            return expand_html(self.markdown.inline(text), self.dataset, source_link, self.t)

        def audience_html(audience: Audience) -> AudienceText:
            text = resolve_page_links(audience.description, lambda src: link(self.urls.page(src)))
            return AudienceText(self.markdown.site_inline(text), audience.page in page_links(audience.description))

        return {
            "dataset": self.dataset, "site": self.site, "urls": self.urls, "today": self.today,
            "link": link, "source_href": lambda source_id: self.source_href(source_id, page_url),
            "claim_link": lambda claim_id: link(self.urls.claim(claim_id)),
            "page_link": lambda src_uri: link(self.urls.page(src_uri)),
            "md": md, "md_inline": md_inline, "audience_html": audience_html, "plain": self.plain,
            "figure_text": lambda f: figure_text(f, self.t),
            "source_link": source_link, "svg_chart": lambda series: svg_chart(series, source_link, self.t),
            "period_text": lambda f: format_period(f, self.t), "value_text": lambda f: format_value(f.value, self.t),
            "verdict": self.dataset.verdict, "claim_review_json": self.claim_review_json,
            "is_stale": self.is_stale, "citation": self.citation, "preview": self.site.preview,
            "citation_title": lambda claim: citation_title(claim, self.dataset, self.t),
            "file_size": lambda size: file_size(size, self.t),
            "text": self.text,
            "time_tag": self.time_tag,
            "source_kind_headings": {kind: self.t.gettext(label) for kind, label in SOURCE_KIND_HEADINGS.items()},
            "access_date_placeholder": self.t.gettext(ACCESS_DATE_PLACEHOLDER),
            "link_health": self.link_health, "snippets": self.snippets, "share_cards": self.site.share_cards,
            "share_card_alt": lambda claim: card_alt_text(claim.claim, self.dataset.verdict(claim).label,
                                                          self.site.name, self.t),
            **extra,
        }

    def head_tags(self, page_url: str, page: GeneratedPage | None) -> str:
        """<head> additions: the Atom feed (site-relative, so no request leaves the site) and social cards."""
        return self.env.get_template("claims/head.html").render(self._context(page_url, {"page": page}))

    # --- helpers exposed to templates --------------------------------------------------------

    def time_tag(self, iso_date: str) -> Markup:
        """<time datetime="2024-05-31">31 May 2024</time>, so a translated sentence holds the date as one piece."""
        return Markup('<time datetime="%s">%s</time>') % (iso_date, self.t.date(iso_date))

    def claim_review_json(self, claim: Claim) -> Markup:
        # script_json escapes <, > and & so nothing in the data can close the <script> block.
        return Markup(script_json(claim_review(claim, self.dataset, self.site, self.urls)))  # noqa: S704

    def plain(self, text: str) -> str:
        """Markdown prose as plain text, figures written out (meta descriptions, feeds, exports)."""
        return plain_text(expand_plain(text, self.dataset, self.t))

    def is_stale(self, claim: Claim) -> bool:
        return (self.today - dt.date.fromisoformat(claim.reviewed)).days > self.stale_after_days

    def citation(self, claim: Claim) -> dict[str, str]:
        """APA, MLA and Chicago references; the access date is filled in by the reader's browser."""
        return citations(claim, self.dataset, self.site, self.urls, self.t)

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
        verdict, t = self.dataset.verdict(claim), self.t
        claim_url = self.urls.absolute(self.urls.claim(claim.id))
        embed_url = self.urls.absolute(self.urls.page(f"embed/{claim.id}.md"))
        title = escape(t.gettext("Fact check: %(claim)s (%(verdict)s)", claim=claim.claim, verdict=verdict.label))
        iframe = (f'<iframe src="{escape(embed_url)}" title="{title}" width="100%" height="300" '
                  f'style="border:0;max-width:720px" loading="lazy"></iframe>')
        def sentence(message: str, **values: str) -> Markup:
            return Markup(message) % values  # noqa: S704 - our translated HTML; Markup's % escapes the values

        plain = (Markup('<blockquote class="fact-check" cite="%s"><p>') % claim_url
                 + sentence(t.gettext("Claim: %(claim)s"), claim=claim.claim) + Markup("</p><p>")
                 + sentence(t.gettext("<strong>Verdict: %(verdict)s.</strong>"), verdict=verdict.label)
                 + " " + self.plain(claim.summary) + Markup("</p><p>— ")
                 + sentence(t.gettext('<a href="%(url)s">Fact check by %(site)s</a>, reviewed %(date)s'),
                            url=claim_url, site=self.site.name, date=t.date(claim.reviewed))
                 + Markup("</p></blockquote>"))
        return {"iframe": iframe, "html": str(plain)}

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



# The last key made for each claim id, with the claim object it was made from. Claims are frozen, and under serve
# an unchanged claim file gives back the same object (validate._checked_claim): its key is reused, not its repr
# hashed again (a second per save at 10,000 claims).
_claim_keys: dict[str, tuple[object, Any, str]] = {}
_page_fingerprints: dict[str, dict[str, tuple[object, Any, str]]] = {}  # by template, then claim id


# The same for each claim page's description, with the figures its short answer may name: under serve, writing
# 10,000 short answers out as plain text took ~0.5 s per save.
_descriptions: dict[str, tuple[object, Any, str]] = {}
_source_inputs: dict[str, tuple[Source, tuple[Claim, ...], str]] = {}
# ... and each claim's page and worksheet (made only from the claim, its description and the UI language).
_claim_pages: dict[str, tuple[object, Any, GeneratedPage]] = {}
_worksheet_pages: dict[str, tuple[object, Any, GeneratedPage]] = {}


def claim_key(claim: Claim) -> str:
    """A hash of everything in the claim."""
    return kept_for(_claim_keys, claim.id, claim, "", lambda: _digest(repr(claim)))


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def file_size(size: int, language: Language) -> str:
    """1234567 -> '1.2 MB' (decimal units, as download pages usually give them)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return language.ngettext("%(num)s byte", "%(num)s bytes", size)

