"""Long lists split over numbered pages, so no page grows with the dataset.

The bibliography, the explorer, the corrections log and the timeline list every source, claim, change or event.
At 10,000 claims one page each would weigh megabytes, so each list is cut into pages of a bounded weight
(a row is about the same number of bytes on every page): the first page keeps its address, the others live
at ``<stem>/page/<n>/``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

# Rows per page, each chosen so a full page stays well under 500 KB of HTML with the theme around it.
EXPLORER_CLAIMS = 200  # ~1.1 KB per claim (the filter text is the short answer)
BIBLIOGRAPHY_ROWS = 1500  # a source is one row plus one per claim citing it (~190 bytes each)
CORRECTION_ROWS = 1000  # ~250 bytes per table row
TIMELINE_EVENTS = 300  # ~600 bytes per event


@dataclass(frozen=True)
class Pager:
    """Where one page sits in its series: its number and the source paths of every page (first page first)."""

    number: int
    src_uris: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.src_uris)

    @property
    def previous(self) -> str:
        return self.src_uris[self.number - 2] if self.number > 1 else ""

    @property
    def next(self) -> str:
        return self.src_uris[self.number] if self.number < self.count else ""


def page_src(first_src: str, number: int) -> str:
    """'sources.md', 3 -> 'sources/page/3.md'; 'claims/index.md', 2 -> 'claims/page/2.md'. Page 1 keeps its path."""
    if number == 1:
        return first_src
    stem = first_src.removesuffix(".md").removesuffix("/index")
    return f"{stem}/page/{number}.md"


def split(items: Sequence[T], budget: int, weight: Callable[[T], int] = lambda _: 1) -> list[list[T]]:
    """Consecutive runs of ``items`` whose weights add up to at most ``budget`` (an item heavier than the budget
    gets a page of its own). Always at least one, possibly empty, page."""
    pages: list[list[T]] = [[]]
    used = 0
    for item in items:
        w = weight(item)
        if pages[-1] and used + w > budget:
            pages.append([])
            used = 0
        pages[-1].append(item)
        used += w
    return pages


def pagers(first_src: str, count: int) -> list[Pager]:
    uris = tuple(page_src(first_src, n) for n in range(1, count + 1))
    return [Pager(n, uris) for n in range(1, count + 1)]


# The quiz, its student sheet and its key show at most this many questions (claims with quiz: true, by id): a class
# quiz, not every claim of a large site, and no page over the size cap (about 1.5 KB per question).
QUIZ_QUESTIONS = 150
