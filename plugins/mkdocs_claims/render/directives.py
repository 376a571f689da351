"""Embeds in hand-written Markdown pages: ``[[claim:<id>]]`` and friends.

| directive | renders |
|---|---|
| ``[[claim:<id>]]`` | a claim card: claim, verdict, short answer, link |
| ``[[claim-grid:featured]]`` | cards of every claim with ``featured: true`` |
| ``[[claim-grid:<id>,<id>,...]]`` | cards of the listed claims |
| ``[[claim-prompts:<id>,<id>,...]]`` | cards of the listed claims with no verdict or answer (for a "predict" step) |
| ``[[figure:<id>]]`` | a figure with its unit, period and source (also written ``{{ figure <id> }}``) |
| ``[[rating-scale]]`` | the rating scale as a table |
| ``[[claim-count]]`` | the number of claims |
| ``[[last-updated]]`` | the latest review or change date in the data |
| ``[[offline-edition]]`` | a link to the offline edition's zip with its size, and how to use it |
| ``[[dataset-version]]`` | the dataset's release, e.g. "version 2026.12, released 2 December 2026" |
| ``[[claim-matcher]]`` | the "paste what you saw" box: closest claims to a pasted sentence, in the browser |
| ``[[worksheets]]`` | links to every claim's printable class worksheet, grouped by topic |
| ``[[transparency]]`` | who publishes, owns and funds the site, the methodology and where to report an error |
| ``[[sources-needing-attention]]`` | sources whose original link the latest link report finds gone, with no archive |
| ``[[audiences]]`` | the audiences the site declares (plugin option ``audiences``), each with its page |

Directives inside fenced code blocks or inline code are left alone, so pages can show the syntax. Finding and
checking them is in ../directives.py (pure); this module expands them.
"""

from __future__ import annotations

from collections.abc import Callable

from ..directives import Directive, find_directives
from ..model import FIGURE_REFERENCE
from .pages import SiteRenderer


def expand_directives(markdown: str, renderer: SiteRenderer, page_url: str) -> str:
    """Replace each directive with its HTML (block embeds get blank lines so Markdown leaves them alone)."""
    markdown = FIGURE_REFERENCE.sub(lambda m: f"[[figure:{m.group(1)}]]", markdown)
    lines = markdown.split("\n")
    for d in reversed(find_directives(markdown)):
        line = lines[d.line - 1]
        start, end = d.span
        lines[d.line - 1] = line[:start] + _render(d, renderer, page_url) + line[end:]
    return "\n".join(lines)


def _render(d: Directive, renderer: SiteRenderer, page_url: str) -> str:
    dataset = renderer.dataset
    block: Callable[[str], str] = lambda html: "\n\n" + html.strip() + "\n\n"  # noqa: E731
    if d.name == "claim":
        return block(renderer.claim_card(d.argument, page_url))
    if d.name == "claim-grid":
        if d.argument == "featured":
            claims = [c for c in dataset.claims if c.featured]
        else:
            claims = [c for c in (dataset.claim(i.strip()) for i in d.argument.split(",")) if c is not None]
        return block(renderer.claim_grid(claims, page_url))
    if d.name == "claim-prompts":
        claims = [c for c in (dataset.claim(i.strip()) for i in d.argument.split(",")) if c is not None]
        return block(renderer.claim_prompts(claims, page_url))
    if d.name == "figure":
        return renderer.figure_inline(d.argument, page_url)
    if d.name == "dataset-version":
        t = renderer.t
        if not dataset.version:
            return t.gettext("an unversioned release")
        if dataset.released:
            return t.gettext("version %(version)s, released %(date)s", version=dataset.version,
                             date=t.date(dataset.released))
        return t.gettext("version %(version)s", version=dataset.version)
    if d.name == "audiences":
        return block(renderer.audience_list(page_url))
    if d.name == "claim-matcher":
        return block(renderer.matcher_box(page_url))
    if d.name == "worksheets":
        return block(renderer.worksheet_list(page_url))
    if d.name == "transparency":
        return block(renderer.transparency(page_url, "page"))
    if d.name == "sources-needing-attention":
        return block(renderer.sources_needing_attention(page_url))
    if d.name == "offline-edition":
        return block(renderer.offline_edition(page_url))
    if d.name == "rating-scale":
        return block(renderer.rating_scale(page_url))
    if d.name == "claim-count":
        return str(len(dataset.claims))
    return renderer.t.date(dataset.last_updated) if dataset.last_updated else ""
