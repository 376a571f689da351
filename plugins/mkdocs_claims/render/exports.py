"""Machine-readable files built from the same validated model as the pages.

``export_files`` returns {path in site: bytes}. Output is deterministic: dates
come from the data, lists keep the dataset's order, JSON keys are stable.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any
from xml.etree import ElementTree as ET

from .. import schema
from ..model import Claim, Dataset, Source
from .claimreview import claim_review
from .markup import plain_text
from .site import SiteInfo
from .urls import Urls

SCHEMA_VERSION = "1.0"
LIST_SEPARATOR = " | "
CSV_COLUMNS = ("id", "claim", "verdict", "verdict_label", "summary", "topics", "audiences", "published",
               "modified", "reviewed", "permalink", "source_ids", "source_titles", "related", "aliases")


def export_files(dataset: Dataset, site: SiteInfo, urls: Urls, generator: str) -> dict[str, bytes]:
    meta = {"schema_version": SCHEMA_VERSION, "generator": generator, "site": site.name, "site_url": site.url,
            "licence": site.licence, "licence_url": site.licence_url, "data_last_updated": dataset.last_updated}
    return {
        "claims.json": _json({**meta, "count": len(dataset.claims),
                              "claims": [claim_record(c, dataset, urls) for c in dataset.claims]}),
        "claims.csv": claims_csv(dataset, urls),
        "sources.json": _json({**meta, "count": len(dataset.sources),
                               "sources": [source_record(s, dataset) for s in dataset.sources]}),
        "glossary.json": _json({**meta, "count": len(dataset.glossary), "terms": [
            {"id": t.id, "term": t.term, "hanzi": t.hanzi, "pinyin": t.pinyin, "definition": plain_text(t.definition),
             "claims": list(t.claims), "sources": list(t.sources)} for t in dataset.glossary]}),
        "timeline.json": _json({**meta, "count": len(dataset.timeline), "events": [
            {"date": e.date, "title": e.title, "text": plain_text(e.text), "sources": list(e.sources),
             "claims": list(e.claims)} for e in sorted(dataset.timeline, key=lambda e: e.date)]}),
        "claimreview.json": _json({"@context": "https://schema.org", "@graph": [
            {k: v for k, v in claim_review(c, dataset, site, urls).items() if k != "@context"}
            for c in dataset.claims]}),
        "schema/claim.schema.json": _json(claim_file_schema(site)),
        "schema/claims.schema.json": _json(claims_export_schema(site)),
        "feed.xml": atom_feed(dataset, site, urls),
    }


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def claim_record(claim: Claim, dataset: Dataset, urls: Urls) -> dict[str, Any]:
    verdict = dataset.verdict(claim)
    return {
        "id": claim.id,
        "claim": claim.claim,
        "verdict": {"id": verdict.id, "label": verdict.label, "rating": verdict.rating},
        "summary": claim.summary,
        "what_is_true": claim.what_is_true,
        "what_is_false": claim.what_is_false,
        "evidence": [{"text": e.text, "sources": list(e.source_ids),
                      "quote": {"text": e.quote.text, "source": e.quote.source_id} if e.quote else None}
                     for e in claim.evidence],
        "sources": [source_record(s, None) for s in _sources(claim, dataset)],
        "topics": list(claim.topics),
        "audiences": list(claim.audiences),
        "related": list(claim.related),
        "appearances": [{"date": a.date, "source": a.source_id or None, "url": a.url or None, "note": a.note}
                        for a in claim.appearances],
        "published": claim.published,
        "modified": claim.modified,
        "reviewed": claim.reviewed,
        "changelog": [{"date": c.date, "note": c.note} for c in claim.changelog],
        "aliases": list(claim.aliases),
        "permalink": urls.absolute(urls.claim(claim.id)),
    }


def _sources(claim: Claim, dataset: Dataset) -> list[Source]:
    return [s for s in (dataset.source(i) for i in claim.cited_source_ids) if s is not None]


def source_record(source: Source, dataset: Dataset | None) -> dict[str, Any]:
    record: dict[str, Any] = {"id": source.id, "title": source.title, "author": source.author,
                              "publisher": source.publisher, "date": source.date, "kind": source.kind,
                              "url": source.url or None, "archived_url": source.archived_url or None,
                              "language": source.language, "note": source.note}
    if dataset is not None:
        record["cited_by"] = [c.id for c in dataset.citing_claims(source.id)]
    return record


def claims_csv(dataset: Dataset, urls: Urls) -> bytes:
    """One row per claim. UTF-8 with a byte-order mark so spreadsheet programs detect the encoding."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for c in dataset.claims:
        verdict = dataset.verdict(c)
        sources = _sources(c, dataset)
        writer.writerow([_cell(x) for x in (
            c.id, c.claim, verdict.id, verdict.label, plain_text(c.summary), LIST_SEPARATOR.join(c.topics),
            LIST_SEPARATOR.join(c.audiences), c.published, c.modified, c.reviewed,
            urls.absolute(urls.claim(c.id)), LIST_SEPARATOR.join(s.id for s in sources),
            LIST_SEPARATOR.join(s.title for s in sources), LIST_SEPARATOR.join(c.related),
            LIST_SEPARATOR.join(c.aliases))])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets; a leading apostrophe keeps it text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def atom_feed(dataset: Dataset, site: SiteInfo, urls: Urls) -> bytes:
    """An Atom feed with one entry per changelog entry: new and updated fact checks, newest first."""
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed")
    _sub(feed, ns, "title", f"{site.name}: new and updated fact checks")
    _sub(feed, ns, "id", urls.absolute("feed.xml"))
    ET.SubElement(feed, f"{{{ns}}}link", rel="self", href=urls.absolute("feed.xml"))
    ET.SubElement(feed, f"{{{ns}}}link", rel="alternate", href=urls.absolute(""))
    _sub(feed, ns, "updated", _atom_date(dataset.last_updated or "1970-01-01"))
    author = ET.SubElement(feed, f"{{{ns}}}author")
    _sub(author, ns, "name", site.organisation)
    entries = sorted(((entry.date, claim, entry.note, index) for claim in dataset.claims
                      for index, entry in enumerate(claim.changelog)), key=lambda e: (e[0], e[1].id, e[3]),
                     reverse=True)
    for date, claim, note, index in entries:
        permalink = urls.absolute(urls.claim(claim.id))
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        verdict = dataset.verdict(claim)
        _sub(entry, ns, "title", f"{verdict.label}: {claim.claim}")
        _sub(entry, ns, "id", f"{permalink}#change-{date}-{index}")
        ET.SubElement(entry, f"{{{ns}}}link", rel="alternate", href=permalink)
        _sub(entry, ns, "updated", _atom_date(date))
        _sub(entry, ns, "published", _atom_date(claim.published))
        _sub(entry, ns, "summary", f"{note} {plain_text(claim.summary)}")
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


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

def claim_file_schema(site: SiteInfo) -> dict[str, Any]:
    """JSON Schema of a claim YAML file, generated from the same specs the validator uses."""
    body = _record_schema(schema.CLAIM)
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
    "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
    "date": {"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
    "partial_date": {"type": "string", "pattern": "^\\d{4}(-\\d{2}(-\\d{2})?)?$"},
    "source_date": {"type": "string", "pattern": "^(\\d{4}(-\\d{2}(-\\d{2})?)?|n\\.d\\.)$"},
    "url": {"type": "string", "format": "uri", "pattern": "^https?://"},
    "bool": {"type": "boolean"},
    "integer": {"type": "integer"},
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


def claims_export_schema(site: SiteInfo) -> dict[str, Any]:
    """JSON Schema of /claims.json itself."""
    text = {"type": "string"}
    nullable = {"type": ["string", "null"]}
    source = {"type": "object", "required": ["id", "title", "date", "kind"], "properties": {
        "id": text, "title": text, "author": text, "publisher": text, "date": text,
        "kind": {"enum": list(schema.SOURCE.field("kind").choices)},  # type: ignore[union-attr]
        "url": nullable, "archived_url": nullable, "language": text, "note": text}}
    claim = {"type": "object", "required": ["id", "claim", "verdict", "summary", "evidence", "sources",
                                             "published", "modified", "reviewed", "permalink"],
             "properties": {
                 "id": text, "claim": text, "summary": text, "what_is_true": text, "what_is_false": text,
                 "verdict": {"type": "object", "required": ["id", "label"], "properties": {
                     "id": text, "label": text, "rating": {"type": ["integer", "null"]}}},
                 "evidence": {"type": "array", "items": {"type": "object", "required": ["text", "sources"]}},
                 "sources": {"type": "array", "items": source},
                 "topics": {"type": "array", "items": text}, "audiences": {"type": "array", "items": text},
                 "related": {"type": "array", "items": text}, "aliases": {"type": "array", "items": text},
                 "appearances": {"type": "array"}, "changelog": {"type": "array"},
                 "published": text, "modified": text, "reviewed": text, "permalink": text}}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": site.url.rstrip("/") + "/schema/claims.schema.json", "title": "claims.json",
            "type": "object", "required": ["schema_version", "count", "claims"],
            "properties": {"schema_version": text, "count": {"type": "integer"},
                           "claims": {"type": "array", "items": claim}}}
