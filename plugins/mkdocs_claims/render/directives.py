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

Directives inside fenced code blocks or inline code are left alone, so pages can show the syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..model import FIGURE_REFERENCE, Dataset, Location, Problem
from .pages import SiteRenderer, human_date

DIRECTIVE = re.compile(r"\[\[([a-z-]+)(?::([^\]\n]*))?\]\]")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`\n]*`")
NAMES = ("claim", "claim-grid", "claim-prompts", "figure", "rating-scale", "claim-count", "last-updated",
         "offline-edition", "dataset-version", "sources-needing-attention", "transparency",
         "worksheets", "claim-matcher")


@dataclass(frozen=True)
class Directive:
    name: str
    argument: str
    line: int
    span: tuple[int, int]


def find_directives(markdown: str) -> list[Directive]:
    """Every directive outside code, with its 1-based line."""
    found = []
    in_fence = False
    for number, line in enumerate(markdown.split("\n"), 1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        code_spans = [m.span() for m in INLINE_CODE.finditer(line)]
        for match in DIRECTIVE.finditer(line):
            if any(start <= match.start() < end for start, end in code_spans):
                continue
            found.append(Directive(match.group(1), (match.group(2) or "").strip(), number, match.span()))
    return found


def check_directives(markdown: str, page: str, dataset: Dataset) -> list[Problem]:
    """Unknown directives and unknown claim ids, located to the page and line."""
    problems = []
    for d in find_directives(markdown):
        where = Location(page, d.line)
        if d.name not in NAMES:
            problems.append(Problem(where, f"[[{d.name}]]", "unknown directive; use one of: "
                                    + ", ".join(f"[[{n}]]" for n in NAMES)))
        elif d.name == "figure":
            if dataset.figure(d.argument) is None:
                problems.append(Problem(where, f"[[figure:{d.argument}]]", f"unknown figure '{d.argument}'; figures "
                                        "are defined in claims/figures.yml"))
        elif d.name in ("claim", "claim-prompts") or (d.name == "claim-grid" and d.argument != "featured"):
            for claim_id in filter(None, (part.strip() for part in d.argument.split(","))):
                if dataset.claim(claim_id) is None:
                    problems.append(Problem(where, f"[[{d.name}:{d.argument}]]", f"unknown claim '{claim_id}'; "
                                            "claim ids are the file names in claims/"))
            if not d.argument:
                problems.append(Problem(where, f"[[{d.name}]]", f"needs a claim id, e.g. [[{d.name}:my-claim]]"))
    return problems


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
        if not dataset.version:
            return "an unversioned release"
        released = f", released {human_date(dataset.released)}" if dataset.released else ""
        return f"version {dataset.version}{released}"
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
    return human_date(dataset.last_updated) if dataset.last_updated else ""
