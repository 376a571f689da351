"""Machine-readable files built from the same validated model as the pages.

``export_files`` returns {path in site: bytes}. Output is deterministic: dates
come from the data, lists keep the dataset's order, JSON keys are stable.
"""

from __future__ import annotations

import csv
import heapq
import io
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any
from xml.etree import ElementTree as ET

from .. import schema
from ..i18n import Language
from ..model import Claim, Dataset, Figure, Scale, Source
from .citations import bibtex, ris
from .claimreview import claim_review
from .figures import expand_plain, figure_text, format_period
from .kept import PerClaim, per_claim
from .markup import plain_text, truncate
from .site import SiteInfo
from .urls import Urls

SCHEMA_VERSION = "1.2"  # 1.2: an empty optional value is null; fields in declaration order
FEED_LIMIT = 100
LIST_SEPARATOR = " | "
CSV_COLUMNS = ("id", "claim", "verdict", "verdict_label", "scope", "summary", "topics", "audiences", "published",
               "modified", "reviewed", "review_by", "last_correction", "permalink", "source_ids", "source_titles",
               "source_urls", "related", "aliases")
CLAIM_SOURCE_COLUMNS = ("claim_id", "source_id", "title", "author", "publisher", "date", "kind", "url",
                        "archived_url", "copy_url")
FIGURE_COLUMNS = ("id", "value", "unit", "counted", "period", "period_text", "cumulative", "series", "source_id",
                  "source_title", "source_url", "text")


@dataclass(frozen=True)
class ClaimExports:
    """What the exports hold of one claim. Made once per claim, and kept between builds under `mkdocs serve`
    (a save rewrites one claim; the other 9,999 claims' exports are the same as before)."""

    # As UTF-8: the lists of every claim are joined from them with one copy (joining 10,000 strings, some with Han
    # characters, then encoding the whole took ~1 s per build).
    record_json: bytes  # its record in claims.json
    review_json: bytes  # its ClaimReview in claimreview.json
    csv_line: bytes  # its row in claims.csv
    source_lines: bytes  # its rows in claim_sources.csv
    llms_line: str  # its line in llms.txt
    files: dict[str, bytes]  # the downloads beside its page


def export_files(dataset: Dataset, site: SiteInfo, urls: Urls, generator: str,
                 kept: PerClaim[ClaimExports] | None = None) -> dict[str, bytes]:
    """Every export by its path in the site (``kept``: each claim's part, kept between builds)."""
    def plain(text: str) -> str:
        return plain_text(expand_plain(text, dataset))

    meta = {"schema_version": SCHEMA_VERSION, "generator": generator, "site": site.name, "site_url": site.url,
            "licence": site.licence, "licence_url": site.licence_url, "dataset_version": dataset.version,
            "dataset_released": dataset.released, "data_last_updated": dataset.last_updated}
    per_claim_exports = [per_claim(kept, c.id, partial(claim_exports, c, dataset, site, urls, meta), repr(meta))
                         for c in dataset.claims]
    files = {
        "claims.json": _joined_json({**meta, "count": len(dataset.claims)}, "claims",
                                    [e.record_json for e in per_claim_exports]),
        "claims.csv": _joined_csv(CSV_COLUMNS, [e.csv_line for e in per_claim_exports]),
        "sources.json": _json({**meta, "count": len(dataset.sources),
                               "sources": [source_record(s, dataset) for s in dataset.sources]}),
        "glossary.json": _json({**meta, "count": len(dataset.glossary), "terms": [
            export_record(schema.GLOSSARY_TERM, t, plain) for t in dataset.glossary]}),
        "timeline.json": _json({**meta, "count": len(dataset.timeline), "events": [
            export_record(schema.TIMELINE_EVENT, e, plain) for e in sorted(dataset.timeline, key=lambda e: e.date)]}),
        "claimreview.json": _joined_json({"@context": "https://schema.org"}, "@graph",
                                         [e.review_json for e in per_claim_exports]),
        "figures.json": _json({**meta, "count": len(dataset.figures),
                               "figures": [figure_record(f, dataset) for f in dataset.figures]}),
        "figures.csv": _joined_csv(FIGURE_COLUMNS,
                                   [_csv_lines([_figure_row(f, dataset) for f in dataset.figures]).encode("utf-8")]),
        "claim_sources.csv": _joined_csv(CLAIM_SOURCE_COLUMNS, [e.source_lines for e in per_claim_exports]),
        "schema/claim.schema.json": _json(claim_file_schema(site)),
        "schema/figures.schema.json": _json(_file_schema(site, schema.FIGURE, "figures.schema.json",
                                                         "A figures file (claims/figures.yml)", is_list=True)),
        "schema/claims.schema.json": _json(claims_export_schema(site)),
        "feed.xml": atom_feed(dataset, site, urls),
        "corrections.xml": atom_feed(dataset, site, urls, corrections_only=True),
    }
    for exports in per_claim_exports:
        files.update(exports.files)
    lines = {claim.id: exports.llms_line for claim, exports in zip(dataset.claims, per_claim_exports, strict=True)}
    files["llms.txt"] = llms_txt(dataset, site, urls, lines).encode("utf-8")
    return files


def claim_exports(claim: Claim, dataset: Dataset, site: SiteInfo, urls: Urls, meta: dict[str, Any]) -> ClaimExports:
    record = claim_record(claim, dataset, urls)
    review = {k: v for k, v in claim_review(claim, dataset, site, urls).items() if k != "@context"}
    sources = _sources(claim, dataset)
    record_json = _compact(record)
    return ClaimExports(
        record_json=record_json.encode("utf-8"), review_json=_compact(review).encode("utf-8"),
        csv_line=_csv_lines([_claim_row(claim, dataset, urls)]).encode("utf-8"),
        source_lines=_csv_lines([(claim.id, s.id, s.title, s.author, s.publisher, s.date, s.kind, s.url,
                                  s.archived_url, s.copy_url) for s in sources]).encode("utf-8"),
        llms_line=llms_line(claim, dataset, site, urls),
        files={f"claims/{claim.id}/citation.bib": bibtex(claim, dataset, site, urls, site.ui).encode("utf-8"),
               f"claims/{claim.id}/citation.ris": ris(claim, dataset, site, urls, site.ui).encode("utf-8"),
               f"claims/{claim.id}/claim.json": _file(_with_json(meta, "claim", record_json))})


def claim_markdown_path(claim_id: str) -> str:
    """claims/<id>/claim.md, written after the build (MkDocs would render a .md file as a page)."""
    return f"claims/{claim_id}/claim.md"


def claim_markdown(claim: Claim, dataset: Dataset, urls: Urls, t: Language) -> str:
    """A claim as Markdown, for readers and tools that prefer text (linked with rel=alternate)."""
    verdict = dataset.verdict(claim)
    lines = [f"# {claim.claim}", "", t.gettext("**Verdict: %(verdict)s.** %(definition)s", verdict=verdict.label,
                                               definition=verdict.definition)]
    if claim.scope:
        lines.append(t.gettext("Scope: %(scope)s.", scope=claim.scope))
    lines += ["", expand_plain(claim.summary, dataset, t), ""]
    for title, text in ((t.gettext("What is true"), claim.what_is_true), (t.gettext("What is not"),
                                                                          claim.what_is_false)):
        if text:
            lines += [f"## {title}", "", expand_plain(text, dataset, t), ""]
    numbers = {source_id: n for n, source_id in enumerate(claim.cited_source_ids, 1)}
    lines += ["## " + t.gettext("The evidence"), ""]
    lines += [f"{i}. {expand_plain(e.text, dataset, t)} " + "".join(f"[{numbers[s]}]" for s in e.source_ids)
              for i, e in enumerate(claim.evidence, 1)]
    lines += ["", "## " + t.gettext("Sources"), ""]
    for source in _sources(claim, dataset):
        address = source.url or source.archived_url or source.copy_url
        lines.append(f"{numbers[source.id]}. {source.byline + '. ' if source.byline else ''}{source.title}. "
                     f"{source.date}." + (f" <{address}>" if address else ""))
    lines += ["", t.gettext("Last reviewed %(date)s. Permanent link: <%(url)s>", date=claim.reviewed,
                            url=urls.absolute(urls.claim(claim.id))), ""]
    return "\n".join(lines)


def llms_txt(dataset: Dataset, site: SiteInfo, urls: Urls, claim_lines: Mapping[str, str] | None = None) -> str:
    """/llms.txt: the site for language models, after the llms.txt convention (a title, a summary, link lists).
    ``claim_lines``: each claim's line, made beforehand (and kept between builds under serve)."""
    t = site.ui
    lines = [f"# {site.name}", "", "> " + t.ngettext(
        "Fact checks: %(num)s claim, with a verdict on a published rating scale, evidence and sources. Every claim "
        "links to its page; Markdown and JSON versions sit beside each page (claim.md, claim.json).",
        "Fact checks: %(num)s claims, each with a verdict on a published rating scale, evidence and sources. Every "
        "claim links to its page; Markdown and JSON versions sit beside each page (claim.md, claim.json).",
        len(dataset.claims)), "", "## " + t.gettext("Claims"), ""]
    for claim in sorted(dataset.claims, key=lambda c: c.claim):
        lines.append(claim_lines[claim.id] if claim_lines else llms_line(claim, dataset, site, urls))
    downloads = ((t.gettext("All claims as JSON"), "claims.json"), (t.gettext("Sources as JSON"), "sources.json"),
                 (t.gettext("Figures as JSON"), "figures.json"))
    lines += ["", "## " + t.gettext("Data"), "", *(f"- [{label}]({urls.absolute(path)})" for label, path in downloads),
              ""]
    return "\n".join(lines)


def llms_line(claim: Claim, dataset: Dataset, site: SiteInfo, urls: Urls) -> str:
    label = dataset.verdict(claim).label
    summary = plain_text(expand_plain(claim.summary, dataset, site.ui)).removeprefix(f"{label}. ")
    rated = site.ui.gettext("rated %(verdict)s.", verdict=label)
    return f"- [{claim.claim}]({urls.absolute(urls.claim(claim.id))}): {rated} {summary}"


def matcher_data(dataset: Dataset, urls: Urls, t: Language, kept: PerClaim[str] | None = None) -> str:
    """The claims as the "paste what you saw" matcher reads them: a script, so it loads from file:// too
    (``kept``: each claim's entry, kept between builds)."""
    entries = [per_claim(kept, claim.id, partial(_matcher_entry, claim, dataset, urls, t))
               for claim in dataset.claims]
    return "window.mcMatcherData = " + _with_json({}, "claims", _json_array(entries)).replace("</", "<\\/") + ";\n"


def _matcher_entry(claim: Claim, dataset: Dataset, urls: Urls, t: Language) -> str:
    verdict = dataset.verdict(claim)
    answer = plain_text(expand_plain(claim.summary, dataset, t))
    texts = [claim.claim, *([claim.quiz_prompt] if claim.quiz_prompt else []), *claim.variants]
    context = " ".join([answer, *(plain_text(expand_plain(text, dataset, t)) for text in
                                  (claim.what_is_true, claim.what_is_false) if text),
                        *(topic.label for topic in map(dataset.topic, claim.topics) if topic)])
    return _compact({"id": claim.id, "url": urls.claim(claim.id), "claim": claim.claim, "verdict": verdict.id,
                     "label": verdict.label, "answer": truncate(answer, 200), "texts": texts, "context": context})


def explorer_data(dataset: Dataset, urls: Urls, t: Language, kept: PerClaim[str] | None = None) -> str:
    """Every claim as the explorer's filters read it, for an explorer cut over pages (a script, so it loads from
    file:// too). Rows are [url, claim, verdict, modified, topics, audiences, text the words filter searches],
    A to Z, the same text the single-page explorer puts in data-search (``kept``: rows kept between builds)."""
    topics = {t.id: t.label for t in dataset.topics}
    rows = [per_claim(kept, claim.id, partial(_explorer_row, claim, dataset, urls, t, topics))
            for claim in sorted(dataset.claims, key=lambda c: c.claim)]
    data = _with_json({"verdicts": {v.id: [v.label, dataset.scale.rank(v)] for v in dataset.scale.verdicts},
                       "topics": topics}, "claims", _json_array(rows))
    return "window.mcExplorerData = " + data.replace("</", "<\\/") + ";\n"


def _explorer_row(claim: Claim, dataset: Dataset, urls: Urls, t: Language, topics: dict[str, str]) -> str:
    labels = "".join(topics.get(topic, "") + " " for topic in claim.topics)
    answer = plain_text(expand_plain(claim.summary, dataset, t))
    text = f"{claim.claim} {answer} {claim.quiz_prompt} {labels}{claim.scope}"
    return _compact([urls.claim(claim.id), claim.claim, claim.verdict_id, claim.modified, list(claim.topics),
                     list(claim.audiences), text])


def verdict_css(scale: Scale) -> str:
    """Badge colours of the site's rating scale, as a stylesheet (pages carry no inline styles)."""
    rules = [f'.mc-badge[data-verdict="{v.id}"] {{ --mc-verdict: {v.colour}; }}' for v in scale.verdicts]
    return "/* Generated from the rating scale by mkdocs-claims. */\n" + "\n".join(rules) + "\n"


def figure_record(figure: Figure, dataset: Dataset) -> dict[str, Any]:
    source = dataset.source(figure.source_id)
    return {"id": figure.id, "value": figure.value, "unit": figure.unit, "counted": figure.counted,
            "period": figure.period, "period_start": figure.period_start or None, "period_end": figure.period_end,
            "cumulative": figure.cumulative, "series": figure.series or None, "source": figure.source_id,
            "source_url": (source.url or source.archived_url or None) if source else None,
            "text": figure_text(figure)}


def _figure_row(figure: Figure, dataset: Dataset) -> tuple[str, ...]:
    source = dataset.source(figure.source_id)
    value = f"{figure.value:f}".rstrip("0").rstrip(".")
    return (figure.id, value, figure.unit, figure.counted, figure.period, format_period(figure),
            "true" if figure.cumulative else "false", figure.series, figure.source_id,
            source.title if source else "", (source.url or source.archived_url) if source else "", figure_text(figure))


def _csv_lines(rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([_cell(x) for x in row] for row in rows)
    return out.getvalue()


def _json(data: Any) -> bytes:
    # Compact: with indent, json.dumps falls back to its pure-Python encoder, several times slower on big exports.
    return _file(_compact(data))


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _with_json(head: dict[str, Any], key: str, value_json: str) -> str:
    """The same text as _compact({**head, key: value}), from the value already in JSON: big exports are joined
    from each claim's kept piece instead of being encoded again."""
    opening = _compact({**head, key: None})
    return opening[: -len("null}")] + value_json + "}"


def _joined_json(head: dict[str, Any], key: str, items_json: Sequence[bytes]) -> bytes:
    """The file _file(_with_json(head, key, _json_array(items))) makes, from items already encoded."""
    opening = _compact({**head, key: None})[: -len("null}")].encode("utf-8")
    return b"".join([opening, b"[", b",".join(items_json), b"]}\n"])


def _joined_csv(columns: Sequence[str], lines: Sequence[bytes]) -> bytes:
    """UTF-8 with a byte-order mark so spreadsheet programs detect the encoding. ``lines``: rows as written by
    _csv_lines and encoded (a claim's rows are written once and kept)."""
    return b"".join([("\ufeff" + _csv_lines([columns])).encode("utf-8"), *lines])


def _json_array(items_json: Sequence[str]) -> str:
    return "[" + ",".join(items_json) + "]"


def _file(text: str) -> bytes:
    return (text + "\n").encode("utf-8")


def claim_record(claim: Claim, dataset: Dataset, urls: Urls) -> dict[str, Any]:
    """A claim as exported: its exported fields as the spec declares them (prose keeps its Markdown with figures
    written out; internal notes stay out), then what is derived from them (CLAIM_DERIVED_SCHEMA)."""
    verdict = dataset.verdict(claim)
    record = export_record(schema.CLAIM, claim, lambda text: expand_plain(text, dataset))
    return {**record,
            "verdict": {"id": verdict.id, "label": verdict.label, "rating": verdict.rating},
            "sources": [source_record(s, None) for s in _sources(claim, dataset)],
            "figures": sorted(claim.figure_ids),
            "published": claim.published,
            "modified": claim.modified,
            "last_correction": claim.last_correction or None,
            "permalink": urls.absolute(urls.claim(claim.id))}


def export_record(spec: schema.RecordSpec, record: Any, prose: Callable[[str], str]) -> dict[str, Any]:
    """The exported fields of a model object, by its spec: Markdown through ``prose``, an empty optional value as
    null, nested records and lists the same way."""
    return {f.name: _exported(f, getattr(record, f.attribute), prose) for f in spec.fields if f.exported}


def _exported(field: schema.FieldSpec, value: Any, prose: Callable[[str], str]) -> Any:
    if field.kind == "list":
        assert field.item is not None
        return [_exported(field.item, item, prose) for item in value]
    if field.kind == "record":
        assert field.record is not None
        return export_record(field.record, value, prose) if value is not None else None
    if field.kind == "markdown":
        return prose(value)
    if value in ("", None) and not field.required:
        return None
    return value


def _sources(claim: Claim, dataset: Dataset) -> list[Source]:
    return [s for s in (dataset.source(i) for i in claim.cited_source_ids) if s is not None]


def source_record(source: Source, dataset: Dataset | None) -> dict[str, Any]:
    """A source as exported (the internal note is for editors only; readers and re-users get the reader_note)."""
    record = export_record(schema.SOURCE, source, lambda text: text)
    if dataset is not None:
        record["cited_by"] = [c.id for c in dataset.citing_claims(source.id)]
    return record


def _claim_row(c: Claim, dataset: Dataset, urls: Urls) -> tuple[str, ...]:
    """A claim's row in claims.csv (claim_sources.csv has one row per cited source)."""
    verdict = dataset.verdict(c)
    sources = _sources(c, dataset)
    return (c.id, c.claim, verdict.id, verdict.label, c.scope, plain_text(expand_plain(c.summary, dataset)),
            LIST_SEPARATOR.join(c.topics), LIST_SEPARATOR.join(c.audiences), c.published, c.modified, c.reviewed,
            c.review_by, c.last_correction, urls.absolute(urls.claim(c.id)),
            LIST_SEPARATOR.join(s.id for s in sources), LIST_SEPARATOR.join(s.title for s in sources),
            LIST_SEPARATOR.join(s.url or s.archived_url or s.copy_url for s in sources),
            LIST_SEPARATOR.join(c.related), LIST_SEPARATOR.join(c.aliases))


def _cell(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets; a leading apostrophe keeps it text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def atom_feed(dataset: Dataset, site: SiteInfo, urls: Urls, corrections_only: bool = False) -> bytes:
    """An Atom feed with one entry per changelog entry, newest first (the latest FEED_LIMIT; the downloads hold
    every change). The corrections feed keeps only verdict changes."""
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    path = "corrections.xml" if corrections_only else "feed.xml"
    feed = ET.Element(f"{{{ns}}}feed")
    t = site.ui
    _sub(feed, ns, "title", t.gettext("%(site)s: corrections", site=site.name) if corrections_only else
         t.gettext("%(site)s: new and updated fact checks", site=site.name))
    _sub(feed, ns, "id", _feed_id(urls, path))
    ET.SubElement(feed, f"{{{ns}}}link", rel="self", href=urls.absolute(path))
    ET.SubElement(feed, f"{{{ns}}}link", rel="alternate", href=urls.absolute(""))
    author = ET.SubElement(feed, f"{{{ns}}}author")
    _sub(author, ns, "name", site.organisation)
    entries = heapq.nlargest(FEED_LIMIT, ((entry.date, claim, entry, index) for claim in dataset.claims
                                          for index, entry in enumerate(claim.changelog)
                                          if entry.is_correction or not corrections_only),
                             key=lambda e: (e[0], e[1].id, e[3]))  # the newest, without sorting every change
    _sub(feed, ns, "updated", _atom_date(entries[0][0] if entries else dataset.last_updated or "1970-01-01"))
    for date, claim, change, index in entries:
        permalink = urls.absolute(urls.claim(claim.id))
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        verdict = dataset.verdict(claim)
        if change.is_correction:
            old, new = dataset.scale.get(change.old_verdict), dataset.scale.get(change.new_verdict)
            title = t.gettext("Correction: %(claim)s (verdict changed from %(old)s to %(new)s)", claim=claim.claim,
                              old=old.label if old else change.old_verdict,
                              new=new.label if new else change.new_verdict)
        else:
            title = t.gettext("%(verdict)s: %(claim)s", verdict=verdict.label, claim=claim.claim)
        _sub(entry, ns, "title", title)
        _sub(entry, ns, "id", f"{_feed_id(urls, urls.claim(claim.id))}#change-{date}-{index}")
        ET.SubElement(entry, f"{{{ns}}}link", rel="alternate", href=permalink)
        _sub(entry, ns, "updated", _atom_date(date))
        _sub(entry, ns, "published", _atom_date(claim.published))
        ET.SubElement(entry, f"{{{ns}}}category", term=change.kind)
        _sub(entry, ns, "summary", f"{change.note} {plain_text(expand_plain(claim.summary, dataset, t))}")
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def _feed_id(urls: Urls, path: str) -> str:
    """Atom ids must be absolute IRIs; a preview build has no address, so it uses a tag: URI instead."""
    if urls.site_url:
        return urls.absolute(path)
    return "tag:preview.invalid,2024:" + path.lstrip("/")


def _sub(parent: ET.Element, ns: str, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}")
    element.text = _xml_safe(text)
    return element


_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_safe(text: str) -> str:
    # XML 1.0 cannot carry most control characters even escaped; validation rejects them, this is the backstop.
    # One regex pass, not a Python loop per character: the feed holds every claim's summary.
    return _XML_UNSAFE.sub("", text)


def _atom_date(date: str) -> str:
    return f"{date}T00:00:00Z"


# --- JSON Schemas --------------------------------------------------------------------------------

def _file_schema(site: SiteInfo, spec: schema.RecordSpec, name: str, title: str,
                 is_list: bool = False) -> dict[str, Any]:
    body = _record_schema(spec)
    if is_list:
        body = {"type": "array", "items": body}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": site.url.rstrip("/") + "/schema/" + name, "title": title, **body}


def claim_file_schema(site: SiteInfo) -> dict[str, Any]:
    """JSON Schema of a claim YAML file, generated from the same specs the validator uses."""
    body = _record_schema(schema.CLAIM)
    if site.audiences:  # the ids this site declares (plugin option audiences)
        body["properties"]["audiences"]["items"] = {"enum": [a.id for a in site.audiences]}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": site.url.rstrip("/") + "/schema/claim.schema.json",
            "title": "A claim file (claims/<id>.yml)", **body}


def _record_schema(spec: schema.RecordSpec) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False,
            "required": [f.name for f in spec.fields if f.required],
            "properties": {f.name: _field_schema(f) for f in spec.fields}}


_STRING_FORMATS: dict[str, dict[str, Any]] = {
    "text": {"type": "string", "minLength": 1},
    "markdown": {"type": "string", "minLength": 1, "contentMediaType": "text/markdown"},
    "id": {"type": "string", "pattern": schema.full_pattern("id")},
    "date": {"type": "string", "format": "date", "pattern": schema.full_pattern("date")},
    "partial_date": {"type": "string", "pattern": schema.full_pattern("partial_date")},
    "source_date": {"type": "string", "pattern": schema.full_pattern("source_date")},
    "url": {"type": "string", "format": "uri", "pattern": "^https?://"},
    "archive_url": {"type": "string", "format": "uri", "pattern": "^https?://"},
    "bool": {"type": "boolean"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "period": {"type": "string", "pattern": schema.full_pattern("period")},
    "language": {"type": "string", "pattern": schema.full_pattern("language")},
}


def _field_schema(field: schema.FieldSpec) -> dict[str, Any]:
    if field.kind == "list":
        assert field.item is not None
        result: dict[str, Any] = {"type": "array", "items": _field_schema(field.item)}
        if field.required:
            result["minItems"] = 1
    elif field.kind == "record":
        assert field.record is not None
        result = _record_schema(field.record)
    elif field.kind == "choice":
        result = {"type": "string", "enum": list(field.choices)}
    else:
        result = dict(_STRING_FORMATS[field.kind])
    return {"description": field.description, **result}


_NULLABLE_STRING = {"type": ["string", "null"]}
_STRINGS = {"type": "array", "items": {"type": "string"}}
# What claim_record adds to a claim's exported fields, declared beside it.
CLAIM_DERIVED_SCHEMA: dict[str, Any] = {
    "verdict": {"type": "object", "required": ["id", "label"], "description": "The verdict on the site's scale.",
                "properties": {"id": {"type": "string"}, "label": {"type": "string"},
                               "rating": {"type": ["integer", "null"]}}},
    "sources": {"type": "array", "description": "The sources the claim cites, in order of first citation.",
                "items": {"$ref": "#/$defs/source"}},
    "figures": {**_STRINGS, "description": "Ids of the figures the claim's prose cites."},
    "published": {"type": "string", "description": "First publication: the earliest changelog date."},
    "modified": {"type": "string", "description": "The latest review or changelog date."},
    "last_correction": {**_NULLABLE_STRING, "description": "Date of the latest verdict change."},
    "permalink": {"type": "string", "description": "The claim page's permanent address."},
}
CLAIM_DERIVED_REQUIRED = ("verdict", "sources", "published", "modified", "permalink")


def _export_schema(spec: schema.RecordSpec, extra: dict[str, Any] | None = None,
                   extra_required: tuple[str, ...] = ()) -> dict[str, Any]:
    """JSON Schema of a record as exported (export_record), from the same spec."""
    exported = [f for f in spec.fields if f.exported]
    properties = {f.name: {"description": f.description, **_export_field_schema(f)} for f in exported}
    properties |= extra or {}
    required = [f.name for f in exported if f.required]
    return {"type": "object", "additionalProperties": False,
            "required": list(dict.fromkeys([*required, *extra_required])), "properties": properties}


def _export_field_schema(field: schema.FieldSpec) -> dict[str, Any]:
    if field.kind == "list":
        assert field.item is not None
        return {"type": "array", "items": _export_field_schema(field.item)}
    if field.kind == "record":
        assert field.record is not None
        body = _export_schema(field.record)
        return body if field.required else {"anyOf": [body, {"type": "null"}]}
    scalar = {"bool": "boolean", "integer": "integer", "number": "number"}.get(field.kind, "string")
    if field.kind == "choice":
        return {"enum": [*field.choices, *([] if field.required else [None])]}
    return {"type": scalar if field.required or field.kind == "markdown" else [scalar, "null"]}


def claims_export_schema(site: SiteInfo) -> dict[str, Any]:
    """JSON Schema of /claims.json itself, generated from the claim and source specs and CLAIM_DERIVED_SCHEMA."""
    text = {"type": "string"}
    claim = _export_schema(schema.CLAIM, CLAIM_DERIVED_SCHEMA, CLAIM_DERIVED_REQUIRED)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": site.url.rstrip("/") + "/schema/claims.schema.json", "title": "claims.json",
            "$defs": {"source": _export_schema(schema.SOURCE)},
            "type": "object", "required": ["schema_version", "count", "claims"],
            "properties": {"schema_version": text, "count": {"type": "integer"}, "dataset_version": text,
                           "dataset_released": text,
                           "claims": {"type": "array", "items": claim}}}
