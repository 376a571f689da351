"""The shape of every data file, declared once.

Validation walks these specs, the JSON Schema published for editors is generated
from them, and the documentation contract test reads them, so the three cannot drift.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from functools import cached_property

from .model import (
    QUIZ_ANSWERS,
    SOURCE_KINDS,
    Appearance,
    ChangelogEntry,
    Claim,
    Evidence,
    Figure,
    GlossaryTerm,
    Quote,
    Source,
    TimelineEvent,
    Topic,
    Verdict,
)

# Patterns of the scalar kinds, declared once: validation, the permalink manifest and the JSON Schemas use them
# (anchored with ^...$ where they are used; ECMAScript-compatible, so JSON Schema can carry them as they are).
_DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
PATTERNS = {
    "id": r"[a-z0-9]+(?:-[a-z0-9]+)*",
    "date": r"\d{4}-\d{2}-\d{2}",
    "partial_date": _DATE,
    "source_date": rf"{_DATE}|n\.d\.",
    "period": rf"{_DATE}(?:/{_DATE})?",
    "colour": r"#[0-9a-fA-F]{6}",
    "language": r"[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*",
}


def full_pattern(kind: str) -> str:
    """The pattern a whole value of ``kind`` must match."""
    return f"^(?:{PATTERNS[kind]})$"


MATCHERS = {kind: re.compile(full_pattern(kind)) for kind in PATTERNS}


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record. ``kind`` is one of KINDS; lists carry an ``item`` spec.

    ``attr`` is the model attribute that holds the value (default: the same name); ``exported`` is False for
    fields that stay out of the JSON exports (internal notes, quiz and home-page settings)."""

    name: str
    kind: str
    description: str
    required: bool = False
    item: FieldSpec | None = None
    record: RecordSpec | None = None
    choices: tuple[str, ...] = ()
    attr: str = ""
    exported: bool = True

    @property
    def attribute(self) -> str:
        return self.attr or self.name


@dataclass(frozen=True)
class RecordSpec:
    """A record's fields, and the model class validation builds from it (None: kept as a mapping)."""

    name: str
    fields: tuple[FieldSpec, ...]
    model: type | None = None
    renamed: Mapping[str, str] = dataclass_field(default_factory=dict)  # old key -> its new name, for a clear message

    def field(self, name: str) -> FieldSpec | None:
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, FieldSpec]:
        # Validation looks a field up for every key of every record: a dict, not a scan (first one wins, as before).
        by_name: dict[str, FieldSpec] = {}
        for f in self.fields:
            by_name.setdefault(f.name, f)
        return by_name


def with_required(spec: RecordSpec, name: str) -> RecordSpec:
    """The spec with one more field required (a rule the site's configuration adds)."""
    return replace(spec, fields=tuple(replace(f, required=True) if f.name == name else f for f in spec.fields))


KINDS = ("text", "markdown", "id", "date", "partial_date", "source_date", "url", "archive_url", "bool", "integer",
         "number", "period", "language", "choice", "list", "record")


def _list(name: str, item: FieldSpec, description: str, required: bool = False, attr: str = "",
          exported: bool = True) -> FieldSpec:
    return FieldSpec(name, "list", description, required=required, item=item, attr=attr, exported=exported)


def _ids(name: str, description: str, required: bool = False, attr: str = "") -> FieldSpec:
    return _list(name, FieldSpec(name, "id", description), description, required, attr)


QUOTE = RecordSpec("quote", (
    FieldSpec("text", "text", "The quoted words, at most 40.", required=True),
    FieldSpec("source", "id", "The source id the words come from.", required=True, attr="source_id"),
), Quote)

EVIDENCE = RecordSpec("evidence point", (
    FieldSpec("text", "markdown", "The point, in our own words.", required=True),
    _ids("sources", "Source ids that support the point.", required=True, attr="source_ids"),
    FieldSpec("quote", "record", "An optional short, attributed quotation.", record=QUOTE),
), Evidence)

APPEARANCE = RecordSpec("appearance", (
    FieldSpec("date", "partial_date", "When the claim was made there (YYYY-MM-DD, YYYY-MM or YYYY).", required=True),
    FieldSpec("source", "id", "The source id of the piece that made or repeated the claim.", attr="source_id"),
    FieldSpec("url", "url", "Where it was made, if not a registered source."),
    FieldSpec("note", "text", "Shown to readers: how the piece makes or repeats the claim (a rebuttal is evidence, "
              "not an appearance)."),
), Appearance)

CHANGE_KINDS = ("update", "correction")
CHANGE = RecordSpec("changelog entry", (
    FieldSpec("date", "date", "When the change was made.", required=True),
    FieldSpec("note", "text", "What changed and why (for a correction: the reason the verdict changed).",
              required=True),
    FieldSpec("kind", "choice", "'correction' when the verdict changed, else 'update' (the default).",
              choices=CHANGE_KINDS),
    FieldSpec("old_verdict", "id", "For a correction: the verdict before the change."),
    FieldSpec("new_verdict", "id", "For a correction: the verdict after the change."),
), ChangelogEntry)

CLAIM = RecordSpec("claim", (
    FieldSpec("id", "id", "Permanent id, equal to the file name; the page lives at /claims/<id>/.", required=True),
    FieldSpec("claim", "text", "The claim as people state it.", required=True),
    _list("variants", FieldSpec("variants", "text", "A phrasing of the claim as it circulates."),
          "Other ways people say the claim (any language): used by the claim matcher and site search, not shown.",
          exported=False),
    FieldSpec("verdict", "id", "A rating-scale id.", required=True, attr="verdict_id"),
    FieldSpec("scope", "text", "Which system, place or period the verdict is about (shown beside the badge)."),
    FieldSpec("summary", "markdown", "The short answer in plain language.", required=True),
    FieldSpec("what_is_true", "markdown", "The part of the claim that holds."),
    FieldSpec("what_is_false", "markdown", "The part of the claim that does not."),
    _list("evidence", FieldSpec("evidence", "record", "An evidence point.", record=EVIDENCE),
          "Evidence points, each citing sources.", required=True),
    _ids("topics", "Topic ids from topics.yml.", required=True),
    _ids("audiences", "Who the claim matters to: ids of the audiences the site declares (plugin option "
         "audiences); required when it declares any."),
    _ids("related", "Claim ids a reader should see next."),
    _list("appearances", FieldSpec("appearances", "record", "An appearance.", record=APPEARANCE),
          "Where and when the claim was made or spread (never a rebuttal: that is evidence)."),
    FieldSpec("appearances_note", "text", "Shown instead of appearances when none is known: say so, and why."),
    FieldSpec("reviewed", "date", "When the verdict was last checked against its sources.", required=True),
    FieldSpec("review_by", "date", "When the claim must be checked again (fast-moving rules come up sooner)."),
    _list("changelog", FieldSpec("changelog", "record", "A change.", record=CHANGE),
          "Dated notes of changes; the earliest date is the publication date.", required=True),
    _ids("aliases", "Old ids that must keep resolving to this claim."),
    FieldSpec("featured", "bool", "Show on the home page among the most common myths.", exported=False),
    FieldSpec("quiz", "bool", "Include in the myth-or-fact quiz.", exported=False),
    FieldSpec("quiz_prompt", "text", "The claim phrased for the quiz.", exported=False),
    FieldSpec("note", "text", "Internal note for editors; never shown to readers or exported.", exported=False),
    FieldSpec("reader_note", "text", "A note for readers, shown on the claim page."),
), Claim)

SOURCE = RecordSpec("source", (
    FieldSpec("id", "id", "Permanent id that claims cite.", required=True),
    FieldSpec("title", "text", "Title of the document, article or book.", required=True),
    FieldSpec("publisher", "text", "Publisher or issuing body (publisher and/or author is required)."),
    FieldSpec("author", "text", "Author or authors."),
    FieldSpec("date", "source_date", "Publication date (YYYY-MM-DD, YYYY-MM or YYYY), or 'n.d.' for an undated page "
              "(say in the note when it was read).", required=True),
    FieldSpec("url", "url", "Address of the original publication (http or https), only when known exactly."),
    FieldSpec("archived_url", "archive_url", "A copy in a web archive (Wayback Machine, archive.today, perma.cc, "
              "ghostarchive, or a host the site adds with the archive_hosts option)."),
    FieldSpec("copy_url", "url", "A copy on another site that is neither the publisher nor an archive; shown, "
              "labelled as such, only when there is no url and no archived_url."),
    FieldSpec("kind", "choice", "Tier of the source.", required=True, choices=SOURCE_KINDS),
    FieldSpec("language", "text", "Language code, such as en or zh."),
    FieldSpec("note", "text", "Internal note for editors (how it was found, what is unverified); never shown to "
              "readers or exported.", exported=False),
    FieldSpec("reader_note", "text", "What a reader should know about the source, in plain words (a translation, a "
              "copy on another site)."),
), Source)

FIGURE = RecordSpec("figure", (
    FieldSpec("id", "id", "Permanent id that prose cites as {{ figure <id> }}.", required=True),
    FieldSpec("value", "number", "The number as counted (e.g. 17460000 or 37.3e12).", required=True),
    FieldSpec("unit", "text", "What one counts: people, person-times, companies, records, yuan, points...",
              required=True),
    FieldSpec("counted", "text", "What was counted, in plain words.", required=True),
    FieldSpec("period", "period", "An as-of date (YYYY[-MM[-DD]]) or a from/to range (2013-10/2018-12).",
              required=True),
    FieldSpec("cumulative", "bool", "A running total over the period rather than a count within it."),
    FieldSpec("series", "text", "Figures with the same series label are charted together on the numbers page."),
    FieldSpec("source", "id", "The source id that gives this number.", required=True, attr="source_id"),
    FieldSpec("note", "text", "Internal note for editors; never shown to readers.", exported=False),
), Figure)

TOPIC = RecordSpec("topic", (
    FieldSpec("id", "id", "Topic id that claims list.", required=True),
    FieldSpec("label", "text", "Name shown to readers.", required=True),
    FieldSpec("description", "text", "One line on what the topic covers."),
), Topic)

GLOSSARY_TERM = RecordSpec("glossary term", (
    FieldSpec("id", "id", "Anchor id of the term on /glossary/.", required=True),
    FieldSpec("term", "text", "The term in the site's language.", required=True),
    FieldSpec("original", "text", "The term in its original language and script (e.g. Chinese characters)."),
    FieldSpec("original_lang", "language", "Language tag of 'original' (e.g. zh-Hans), when it differs from the "
              "plugin option glossary_original_lang."),
    FieldSpec("romanization", "text", "The original in Latin letters (e.g. pinyin with tone marks)."),
    FieldSpec("definition", "markdown", "A one- or two-sentence definition.", required=True),
    _ids("claims", "Claim ids that use the term."),
    _ids("sources", "Source ids for the definition."),
), GlossaryTerm, renamed={"hanzi": "original", "pinyin": "romanization"})

TIMELINE_EVENT = RecordSpec("timeline event", (
    FieldSpec("date", "partial_date", "When it happened (YYYY-MM-DD, YYYY-MM or YYYY).", required=True),
    FieldSpec("title", "text", "A short headline.", required=True),
    FieldSpec("text", "markdown", "What happened, in one or two sentences.", required=True),
    _ids("sources", "At least one source id.", required=True),
    _ids("claims", "Claim ids the event bears on."),
), TimelineEvent)

VERDICT = RecordSpec("verdict", (
    FieldSpec("id", "id", "Verdict id that claims use.", required=True),
    FieldSpec("label", "text", "Label shown on badges.", required=True),
    FieldSpec("colour", "text", "Badge colour as #rrggbb (text is shown beside it, never colour alone).",
              required=True),
    FieldSpec("definition", "text", "One-line definition for the methodology page.", required=True),
    FieldSpec("rating", "integer", "Whole number for schema.org ratings; higher is more true. Omit it for verdicts "
              "that are not a point between false and true."),
    FieldSpec("quiz_answer", "choice", "The right guess in the myth-or-fact quiz: true, false or neither. Default: "
              "true above the middle of the ratings, false below it, neither at the middle or without a rating.",
              choices=QUIZ_ANSWERS),
    FieldSpec("needs_strong_source", "bool", "false for a verdict that weak sources can support, such as "
              "'unproven' (default true: the require_strong_source option applies)."),
), Verdict)

RELEASE = RecordSpec("dataset release", (
    FieldSpec("version", "text", "Version of the dataset, e.g. 2026.12 (cite it with the data).", required=True),
    FieldSpec("released", "date", "Release date of this version.", required=True),
))
