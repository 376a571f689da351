"""What the latest link report means for readers: which sources lost their original link, and since when.

The report is written by ``mkdocs-claims check-links`` (linkcheck.py). The build only reads it: a source whose
original is gone shows its archived copy first; one with neither a live link nor an archive is listed for editors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .linkcheck import DEAD_STATUSES, LinkStatus, read_link_report
from .model import Dataset, Problem, Severity, Source


@dataclass(frozen=True)
class LinkHealth:
    """Link statuses by URL, from the latest report (empty when there is none)."""

    statuses: Mapping[str, LinkStatus] = field(default_factory=dict)
    report_date: str = ""

    @classmethod
    def read(cls, path: Path) -> LinkHealth:
        statuses = read_link_report(path)
        checked = sorted(s.checked for s in statuses.values() if s.checked)
        return cls(statuses, checked[-1] if checked else "")

    def is_dead(self, url: str) -> bool:
        status = self.statuses.get(url)
        return bool(url) and status is not None and status.status in DEAD_STATUSES

    def dead_since(self, url: str) -> str:
        status = self.statuses.get(url)
        return (status.first_failed or status.checked or "") if status and self.is_dead(url) else ""

    def has_live_link(self, source: Source) -> bool:
        return bool(source.url) and not self.is_dead(source.url)

    def needs_attention(self, dataset: Dataset) -> list[Source]:
        """Sources a reader cannot open: the original is gone and no working archive copy exists."""
        return [s for s in dataset.sources if s.url and self.is_dead(s.url)
                and (not s.archived_url or self.is_dead(s.archived_url))]


def link_problems(dataset: Dataset, health: LinkHealth, report_name: str) -> list[Problem]:
    """Warnings (fatal under --strict) for primary sources whose original link is dead and that have no archive."""
    problems = []
    for source in health.needs_attention(dataset):
        if source.kind == "primary":
            problems.append(Problem(source.where("url"), "url", f"the link report ({report_name}) finds this primary "
                                    f"source's address gone since {health.dead_since(source.url)}, and it has no "
                                    "working archived_url; add a web-archive copy", Severity.WARNING))
    return problems

