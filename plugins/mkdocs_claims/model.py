"""The dataset as frozen dataclasses: no I/O, no MkDocs, Jinja or YAML here."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import NamedTuple

# Prose cites a figure by id: {{ figure travel-bans-air-2013-2018 }} (declared once: checks, pages and exports).
FIGURE_REFERENCE = re.compile(r"\{\{\s*figure\s+([a-z0-9-]+)\s*\}\}")
SOURCE_KINDS = ("primary", "academic", "analysis", "journalism", "commentary")
# Kinds that can carry a verdict on their own; journalism and commentary cannot.
STRONG_SOURCE_KINDS = ("primary", "academic", "analysis")


class Location(NamedTuple):
    """Where a value was written: a file path (as shown to editors) and a 1-based line.

    A named tuple, not a dataclass: the loader makes one for every YAML value, and tuples are cheap to build.
    """

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}"
        return self.file


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the dataset, located to a file, line and field."""

    location: Location
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.location}: {self.field}: " if self.field else f"{self.location}: "
        return where + self.message


QUIZ_ANSWERS = ("true", "false", "neither")


@dataclass(frozen=True)
class Audience:
    """A group of readers the site serves (plugin option ``audiences``): claims list their ids."""

    id: str
    label: str
    description: str = ""
    page: str = ""  # a path in docs_dir, or "" when no page serves them
    url: str = ""  # the page's site-root-relative URL, filled in by the renderer's adapter


@dataclass(frozen=True)
class Verdict:
    id: str
    label: str
    colour: str
    definition: str
    rating: int | None = None
    quiz_answer: str = ""  # one of QUIZ_ANSWERS, or "" to derive it from the rating
    needs_strong_source: bool = True  # False for a verdict such as "unproven" that weak sources can support


@dataclass(frozen=True)
class Scale:
    verdicts: tuple[Verdict, ...]

    def get(self, verdict_id: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.id == verdict_id), None)

    def rank(self, verdict: Verdict) -> int:
        """1 for the first verdict of the scale: the explorer sorts by it."""
        return self.verdicts.index(verdict) + 1

    def quiz_answer(self, verdict: Verdict) -> str:
        """The right guess in a true-or-false quiz: the verdict's own quiz_answer, else "true" above the middle
        of the rated verdicts, "false" below it, and "neither" at the middle or without a rating."""
        if verdict.quiz_answer:
            return verdict.quiz_answer
        if verdict.rating is None:
            return "neither"
        middle = (self.best_rating + self.worst_rating) / 2
        return "true" if verdict.rating > middle else "false" if verdict.rating < middle else "neither"

    @property
    def best_rating(self) -> int:
        return max((v.rating for v in self.verdicts if v.rating is not None), default=1)

    @property
    def worst_rating(self) -> int:
        return min((v.rating for v in self.verdicts if v.rating is not None), default=1)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    kind: str
    date: str
    publisher: str = ""
    author: str = ""
    url: str = ""
    archived_url: str = ""
    copy_url: str = ""
    language: str = ""
    note: str = ""  # internal: never rendered or exported
    reader_note: str = ""
    location: Location = field(default=Location(""), compare=False)
    field_locations: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)

    def where(self, path: str) -> Location:
        return self.field_locations.get(path, self.location)

    @property
    def byline(self) -> str:
        """Author and publisher as one attribution line."""
        return ", ".join(part for part in (self.author, self.publisher) if part)


@dataclass(frozen=True)
class Quote:
    text: str
    source_id: str


@dataclass(frozen=True)
class Evidence:
    text: str
    source_ids: tuple[str, ...]
    quote: Quote | None = None
    location: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Appearance:
    date: str
    source_id: str = ""
    url: str = ""
    note: str = ""
    location: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class ChangelogEntry:
    date: str
    note: str
    kind: str = "update"  # "update" or "correction" (the verdict changed)
    old_verdict: str = ""
    new_verdict: str = ""

    @property
    def is_correction(self) -> bool:
        return self.kind == "correction"


@dataclass(frozen=True)
class Figure:
    """A counted number with its unit, period and source: prose cites it as {{ figure <id> }}."""

    id: str
    value: float
    unit: str
    counted: str
    period: str  # an as-of date, or "from/to"
    source_id: str
    cumulative: bool = False
    series: str = ""
    note: str = ""  # internal
    location: Location = field(default=Location(""), compare=False)

    @property
    def period_start(self) -> str:
        return self.period.split("/")[0] if "/" in self.period else ""

    @property
    def period_end(self) -> str:
        return self.period.split("/")[-1]


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class Claim:
    id: str
    claim: str
    verdict_id: str
    summary: str
    evidence: tuple[Evidence, ...]
    topics: tuple[str, ...]
    reviewed: str
    changelog: tuple[ChangelogEntry, ...]
    audiences: tuple[str, ...] = ()
    what_is_true: str = ""
    what_is_false: str = ""
    related: tuple[str, ...] = ()
    appearances: tuple[Appearance, ...] = ()
    aliases: tuple[str, ...] = ()
    featured: bool = False
    quiz: bool = False
    quiz_prompt: str = ""
    scope: str = ""
    variants: tuple[str, ...] = ()
    review_by: str = ""
    appearances_note: str = ""
    note: str = ""  # internal: never rendered or exported
    reader_note: str = ""
    # Sources of the figures the prose cites ({{ figure <id> }}), filled in once figures are loaded.
    figure_source_ids: tuple[str, ...] = ()
    location: Location = field(default=Location(""), compare=False)
    # Location of every field path ("evidence[1].sources[0]"), for messages that point at one value.
    field_locations: Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)

    def where(self, path: str) -> Location:
        """The location of a field path, or of the claim itself when unknown."""
        return self.field_locations.get(path, self.location)

    @property
    def published(self) -> str:
        """First publication: the earliest changelog date."""
        return min(entry.date for entry in self.changelog)

    @cached_property  # computed once per claim: pages, feeds and exports ask for it ~10 times each
    def modified(self) -> str:
        """Last change readers should know of: the latest review or changelog date."""
        return max([self.reviewed, *(entry.date for entry in self.changelog)])

    @property
    def last_change(self) -> str:
        """The latest correction or update (a review that changed nothing is not a modification)."""
        return max(entry.date for entry in self.changelog)

    @property
    def corrections(self) -> tuple[ChangelogEntry, ...]:
        """Verdict changes, newest first."""
        return tuple(sorted((e for e in self.changelog if e.is_correction), key=lambda e: e.date, reverse=True))

    @property
    def last_correction(self) -> str:
        return self.corrections[0].date if self.corrections else ""

    @cached_property
    def cited_source_ids(self) -> tuple[str, ...]:
        """Source ids in order of first citation, each once (the page's numbered source list)."""
        seen: dict[str, None] = {}
        for point in self.evidence:
            for source_id in point.source_ids:
                seen.setdefault(source_id, None)
            if point.quote:
                seen.setdefault(point.quote.source_id, None)
        for source_id in self.figure_source_ids:
            seen.setdefault(source_id, None)
        return tuple(seen)

    @property
    def prose(self) -> tuple[str, ...]:
        """Every Markdown text of the claim that readers see."""
        return (self.summary, self.what_is_true, self.what_is_false, *(e.text for e in self.evidence))

    @property
    def figure_ids(self) -> tuple[str, ...]:
        """Ids of the figures its prose cites, in order of first citation."""
        return tuple(dict.fromkeys(i for text in self.prose for i in FIGURE_REFERENCE.findall(text)))


@dataclass(frozen=True)
class GlossaryTerm:
    """A term, with optional original-language form (``original`` in ``original_lang``) and romanization."""

    id: str
    term: str
    definition: str
    original: str = ""
    original_lang: str = ""  # a BCP 47 tag; the record's own or the plugin option glossary_original_lang
    romanization: str = ""
    romanization_lang: str = ""  # the plugin option glossary_romanization_lang, or "<original language>-Latn"
    claims: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    location: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class TimelineEvent:
    date: str
    title: str
    text: str
    sources: tuple[str, ...]
    claims: tuple[str, ...] = ()
    location: Location = field(default=Location(""), compare=False)


@dataclass(frozen=True)
class Dataset:
    """Everything in claims/, validated and cross-referenced."""

    claims: tuple[Claim, ...]
    sources: tuple[Source, ...]
    topics: tuple[Topic, ...]
    glossary: tuple[GlossaryTerm, ...]
    timeline: tuple[TimelineEvent, ...]
    scale: Scale
    figures: tuple[Figure, ...] = ()
    audiences: tuple[Audience, ...] = ()  # declared by the site (plugin option), not in claims/
    version: str = ""  # dataset release (claims/release.yml), for citing the data
    released: str = ""

    def figure(self, figure_id: str) -> Figure | None:
        return self._figures_by_id.get(figure_id)

    def claim(self, claim_id: str) -> Claim | None:
        return self._claims_by_id.get(claim_id)

    def source(self, source_id: str) -> Source | None:
        return self._sources_by_id.get(source_id)

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def verdict(self, claim: Claim) -> Verdict:
        verdict = self.scale.get(claim.verdict_id)
        assert verdict is not None, "validation guarantees every verdict exists"
        return verdict

    def citing_claims(self, source_id: str) -> tuple[Claim, ...]:
        """Claims that cite a source as evidence or name it as an appearance."""
        return self._claims_by_source.get(source_id, ())

    @property
    def last_updated(self) -> str:
        return max((c.modified for c in self.claims), default="")

    @cached_property
    def verdict_counts(self) -> dict[str, int]:
        """Claims per verdict id (one pass: a template counting per verdict walks every claim once per verdict)."""
        return dict(Counter(c.verdict_id for c in self.claims))

    @cached_property
    def _claims_by_id(self) -> dict[str, Claim]:
        return {c.id: c for c in self.claims}

    @cached_property
    def _figures_by_id(self) -> dict[str, Figure]:
        return {f.id: f for f in self.figures}

    @cached_property
    def _sources_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def _claims_by_source(self) -> dict[str, tuple[Claim, ...]]:
        index: dict[str, list[Claim]] = {}
        for claim in self.claims:
            ids = {*claim.cited_source_ids, *(a.source_id for a in claim.appearances if a.source_id)}
            for source_id in ids:
                index.setdefault(source_id, []).append(claim)
        return {k: tuple(v) for k, v in index.items()}
