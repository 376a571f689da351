"""Links never break: a committed manifest of every claim URL ever published.

``claims/permalinks.txt`` holds one id per line. A build checks that each id is
still a claim, an alias of one, or retired on purpose, and appends ids of new
claims. A line ``<id> retired: <reason>`` keeps a page at the old URL that says
why the claim was withdrawn. Deleting or renaming a claim without an alias fails
validation, so a link someone cited cannot silently die.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .model import Dataset, Location, Problem
from .schema import PATTERNS

MANIFEST_NAME = "permalinks.txt"
HEADER = ("# Every claim id ever published. Checked by each build; new ids are appended.\n"
          "# Never delete a line: rename with 'aliases' in the claim, or mark '<id> retired: <reason>'.\n")
LINE = re.compile(rf"^(?P<id>{PATTERNS['id']})(?:\s+retired:\s*(?P<reason>.+))?$")


@dataclass(frozen=True)
class Permalink:
    id: str
    retired_reason: str
    location: Location


def read_manifest(path: Path, display: str) -> tuple[list[Permalink], list[Problem]]:
    if not path.exists():
        return [], []
    entries, problems = [], []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = LINE.match(line)
        where = Location(display, number)
        if match is None:
            problems.append(Problem(where, "", f"'{line}' is not '<claim-id>' or '<claim-id> retired: <reason>'"))
            continue
        entries.append(Permalink(match["id"], (match["reason"] or "").strip(), where))
    return entries, problems


def check_manifest(entries: list[Permalink], dataset: Dataset) -> list[Problem]:
    """Every published id must still resolve: a claim, an alias, or a retired entry (which no claim may reuse)."""
    live = {c.id for c in dataset.claims} | {a for c in dataset.claims for a in c.aliases}
    problems = []
    for entry in entries:
        if entry.retired_reason:
            if entry.id in live:
                problems.append(Problem(entry.location, entry.id, "is marked retired but a claim still uses this "
                                        "id or alias; remove the 'retired:' note or the claim"))
        elif entry.id not in live:
            problems.append(Problem(entry.location, entry.id, "was published, but no claim has this id or alias "
                                    "any more, so its permanent link would break. Add it to 'aliases' of the claim "
                                    "that replaced it, or mark the line '<id> retired: <reason>'"))
    return problems


def new_ids(entries: list[Permalink], dataset: Dataset) -> list[str]:
    """Claim ids not yet in the manifest, in dataset order."""
    known = {e.id for e in entries}
    return [c.id for c in dataset.claims if c.id not in known]


def append_ids(path: Path, ids: list[str]) -> None:
    """Append new ids to the manifest (creating it with a header), written whole so a crash leaves no half line."""
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text + "".join(f"{i}\n" for i in ids), encoding="utf-8")
    tmp.replace(path)
