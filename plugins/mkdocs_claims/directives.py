"""Directive syntax in hand-written Markdown pages (``[[claim:<id>]]`` and friends): finding and checking them.

Pure: ``project.check_project`` checks every page with it before anything renders; render/directives.py
expands what it finds. The table of directives is in render/directives.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Dataset, Location, Problem

DIRECTIVE = re.compile(r"\[\[([a-z-]+)(?::([^\]\n]*))?\]\]")
FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`\n]*`")
NAMES = ("claim", "claim-grid", "claim-prompts", "figure", "rating-scale", "claim-count", "last-updated",
         "offline-edition", "dataset-version", "sources-needing-attention", "transparency",
         "worksheets", "claim-matcher", "audiences")


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
