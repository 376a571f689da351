"""Turn loaded YAML into the model, collecting every problem instead of stopping at the first.

``load_dataset`` is the one entry point: it reads ``claims/``, checks each file
against the specs in ``schema``, then checks the references between files.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from dataclasses import fields as dataclass_fields
from functools import partial
from pathlib import Path
from typing import Any

from . import load, schema
from .load import Raw, load_yaml_bytes, load_yaml_file
from .model import (
    FIGURE_REFERENCE,
    STRONG_SOURCE_KINDS,
    Audience,
    Claim,
    Dataset,
    Figure,
    GlossaryTerm,
    Location,
    Problem,
    Scale,
    Severity,
)
from .options import BY_NAME as OPTION

# Link targets in Markdown: [text](target), <target> autolinks, and raw href/src attributes.
MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)"
                           r"|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>"
                           r"|(?:href|src)\s*=\s*[\"']?([^\"'\s>]+)",
                           re.IGNORECASE)
SAFE_SCHEMES = ("http", "https", "mailto")
MAX_QUOTE_WORDS = 40
UNDATED = "n.d."
# C0/C1 controls (but tab and newlines), DEL, lone surrogates and non-characters: unprintable, and invalid in XML.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
DATA_FILES = ("sources.yml", "topics.yml", "glossary.yml", "timeline.yml", "scale.yml", "figures.yml", "release.yml")
TEMPLATE_BRACES = re.compile(r"\{\{.*?\}\}")
NUMBER_PATTERN = re.compile(r"^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$")
# Web archives: a copy there is a snapshot of the original, kept by a third party whose job is keeping it.
ARCHIVE_HOSTS = ("web.archive.org", "archive.org", "wayback.archive-it.org", "archive.today", "archive.ph",
                 "archive.is", "archive.li", "archive.vn", "archive.md", "archive.fo", "perma.cc",
                 "ghostarchive.org")
# Piracy and malware hosts that a citation must never send a reader to.
BLOCKED_HOSTS = ("igetintopc.org", "igetintopc.com", "getintopc.com", "softonic-downloads.net")
DEFAULT_SCALE = Path(__file__).with_name("default_scale.yml")


@dataclass(frozen=True)
class Policy:
    """Editorial rules a site can tune: how much sourcing a claim needs."""

    min_sources_per_claim: int = OPTION["min_sources_per_claim"].default
    require_strong_source: bool = OPTION["require_strong_source"].default
    stale_after_days: int = OPTION["stale_after_days"].default
    archive_hosts: tuple[str, ...] = ()  # added to ARCHIVE_HOSTS
    blocked_hosts: tuple[str, ...] = ()  # added to BLOCKED_HOSTS
    max_sentence_words: int = OPTION["max_sentence_words"].default  # 0 turns the check off
    counts_as_figures: bool = True  # counts of 1,000 or more in claim prose must be {{ figure }} references

    def is_archive(self, url: str) -> bool:
        return _host_in(url, ARCHIVE_HOSTS + self.archive_hosts)

    def is_blocked(self, url: str) -> bool:
        return _host_in(url, BLOCKED_HOSTS + self.blocked_hosts)


def _host_in(url: str, hosts: tuple[str, ...]) -> bool:
    """True when the URL's host is one of ``hosts`` or a subdomain of one."""
    match = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/?#]*@)?([^:/?#]+)", url.strip())
    host = match.group(1).lower().rstrip(".") if match else ""
    return any(host == h or host.endswith("." + h) for h in (h.lower() for h in hosts))


@dataclass(frozen=True)
class SiteData:
    """What the site declares about its data in mkdocs.yml: its audiences and its glossary's languages."""

    audiences: tuple[Audience, ...] = ()
    glossary_original_lang: str = ""
    glossary_romanization_lang: str = ""
    config_file: str = "mkdocs.yml"  # named in messages about what the site declares


def load_dataset(claims_dir: Path, *, today: dt.date, display_root: Path | None = None,
                 policy: Policy = Policy(), scale_file: Path | None = None,
                 site: SiteData = SiteData()) -> tuple[Dataset | None, list[Problem]]:
    """Load and validate every file in ``claims_dir``. Returns no dataset if any error was found."""
    root = display_root or claims_dir.parent
    problems: list[Problem] = []

    def read(path: Path, optional: bool = False) -> Raw | None:
        if not path.exists():
            if not optional:
                problems.append(Problem(Location(_display_name(path, root)), "",
                                        f"missing file: every dataset needs {path.name}"))
            return None
        raw, found = load_yaml_file(path, _display_name(path, root))
        problems.extend(found)
        return raw

    broken: set[str] = set()
    sources = []
    for path in _registry_files(claims_dir, "sources"):
        sources += _read_list(path, schema.SOURCE, read, problems, broken_ids=broken,
                              optional=path.name != "sources.yml")
    figures = []
    for path in _registry_files(claims_dir, "figures"):
        figures += _read_list(path, schema.FIGURE, read, problems, broken_ids=broken, optional=True)
    topics = _read_list(claims_dir / "topics.yml", schema.TOPIC, read, problems, broken_ids=broken)
    glossary = _read_list(claims_dir / "glossary.yml", schema.GLOSSARY_TERM, read, problems,
                          optional=True)
    glossary = [_with_languages(term, site) for term in glossary]
    timeline = _read_list(claims_dir / "timeline.yml", schema.TIMELINE_EVENT, read, problems,
                          optional=True)
    scale = _read_scale(scale_file or claims_dir / "scale.yml", read, problems)
    claims = []
    # A site that declares audiences needs every claim to name one.
    claim_spec = schema.with_required(schema.CLAIM, "audiences") if site.audiences else schema.CLAIM
    for path in sorted(claims_dir.glob("*.yml"), key=lambda p: p.name):  # by name: Path comparisons cost 10x
        if path.name in DATA_FILES:
            continue
        raw = read(path)
        if raw is None:
            continue
        claim, found = _checked_claim(raw, path, claim_spec)
        problems.extend(found)
        if claim is None:
            broken.add(path.stem)
        else:
            claims.append(claim)
    claims = _attach_figure_sources(claims, figures)
    release = _read_release(claims_dir / "release.yml", read, problems)
    dataset = Dataset(tuple(claims), tuple(sources), tuple(topics), tuple(glossary), tuple(timeline), scale,
                      tuple(figures), site.audiences, release.get("version", ""), release.get("released", ""))
    problems.extend(check_references(dataset, today=today, policy=policy, invalid_ids=frozenset(broken),
                                     config_file=site.config_file))
    if any(p.severity is Severity.ERROR for p in problems):
        return None, _sorted(problems)
    return dataset, _sorted(problems)


# Under `mkdocs serve` (load.KEEP_PARSED), a claim file that parses to the same tree as last time gives back the
# claim and the problems checked from that tree last time: checking 10,000 records is most of a save's validation.
_checked: dict[Path, tuple[Raw, schema.RecordSpec, Claim | None, list[Problem]]] = {}


def _checked_claim(raw: Raw, path: Path, spec: schema.RecordSpec) -> tuple[Claim | None, list[Problem]]:
    """One claim file's claim (None if it has errors) and the problems in it alone."""
    kept = _checked.get(path)
    if kept is not None and kept[0] is raw and kept[1] == spec:
        return kept[2], kept[3]
    problems: list[Problem] = []
    locations: dict[str, Location] = {}
    record = _check_record(raw, spec, "", problems, locations)
    claim = None if record is None else build(schema.CLAIM, record, raw.location, locations)
    if claim is not None:
        _check_file_name(claim, path, problems)
    if load.KEEP_PARSED:
        _checked[path] = (raw, spec, claim, problems)
    return claim, problems


def _with_languages(term: GlossaryTerm, site: SiteData) -> GlossaryTerm:
    """A term's languages: its own original_lang, else the site's; romanization in the site's or <lang>-Latn."""
    original_lang = term.original_lang or site.glossary_original_lang
    romanization_lang = site.glossary_romanization_lang or (original_lang.split("-")[0] + "-Latn"
                                                            if original_lang else "")
    return replace(term, original_lang=original_lang if term.original else "",
                   romanization_lang=romanization_lang if term.romanization else "")


def _read_release(path: Path, read: Any, problems: list[Problem]) -> dict[str, Any]:
    """The optional release.yml: the dataset's version and release date."""
    raw = read(path, optional=True)
    if raw is None:
        return {}
    return _check_record(raw, schema.RELEASE, "", problems) or {}


def _attach_figure_sources(claims: list[Claim], figures: list[Figure]) -> list[Claim]:
    """A figure's source counts as cited by every claim whose prose cites the figure."""
    source_of = {f.id: f.source_id for f in figures}
    attached = []
    for claim in claims:
        ids = [source_of[i] for i in claim.figure_ids if i in source_of]
        attached.append(replace(claim, figure_source_ids=tuple(dict.fromkeys(ids))) if ids else claim)
    return attached


def _registry_files(claims_dir: Path, name: str) -> list[Path]:
    """A registry is <name>.yml, plus any <name>/*.yml beside it (a big registry can be split by theme)."""
    return [claims_dir / f"{name}.yml", *sorted((claims_dir / name).glob("*.yml"))]


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.location.file, p.location.line, p.location.column, p.field))


def _display_name(path: Path, root: Path) -> str:
    """The path as editors see it, relative to the project. Kept per path: under serve every save names every file
    (~0.3 s at 10,000 claims)."""
    key = (str(path), str(root))
    name = _display_names.get(key)
    if name is None:
        name = _display_names[key] = _relative_name(path, root)
    return name


_display_names: dict[tuple[str, str], str] = {}


def _relative_name(path: Path, root: Path) -> str:
    if path.is_absolute() and root.is_absolute() and ".." not in path.parts and path.is_relative_to(root) \
            and not path.is_symlink():
        return path.relative_to(root).as_posix()  # no resolve(): 10,000 claim files make it a second per build
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _read_list(path: Path, spec: schema.RecordSpec, read: Any, problems: list[Problem], optional: bool = False,
               broken_ids: set[str] | None = None) -> list[Any]:
    """Records of a list file. Ids of records with errors go to ``broken_ids`` so references to them
    are not reported a second time as unknown."""
    broken_ids = broken_ids if broken_ids is not None else set()
    raw = read(path, optional)
    if raw is None:
        return []
    if not isinstance(raw.value, list):
        problems.append(Problem(raw.location, "", f"expected a list of {spec.name}s, each starting with '- id:'"))
        return []
    built = []
    for index, item in enumerate(raw.value):
        locations: dict[str, Location] = {}
        prefix = f"[{index}]"
        record = _check_record(item, spec, prefix, problems, locations)
        if record is not None:
            # Field paths relative to the record ("url", not "[3].url"), for later messages.
            fields = {key[len(prefix) + 1:]: loc for key, loc in locations.items() if key.startswith(prefix + ".")}
            built.append(build(spec, record, item.location, fields))
        elif isinstance(item.value, dict) and isinstance(item.value.get("id"), Raw):
            broken_ids.add(str(item.value["id"].value))
    return built


def _read_scale(path: Path, read: Any, problems: list[Problem]) -> Scale:
    if path.exists():
        verdicts = _read_list(path, schema.VERDICT, read, problems)
        if not verdicts and not any(p.location.file.endswith(path.name) for p in problems):
            problems.append(Problem(Location(path.name), "", "the rating scale has no verdicts"))
    else:
        raw, found = load_yaml_bytes(DEFAULT_SCALE.read_bytes(), "default_scale.yml")
        problems.extend(found)
        verdicts = []
        for index, item in enumerate(raw.value if raw and isinstance(raw.value, list) else []):
            record = _check_record(item, schema.VERDICT, f"[{index}]", problems)
            if record is not None:
                verdicts.append(build(schema.VERDICT, record, item.location, {}))
    return Scale(tuple(verdicts))


# --- one record against its spec -------------------------------------------------------------

def _check_record(raw: Raw, spec: schema.RecordSpec, path: str, problems: list[Problem],
                  locations: dict[str, Location] | None = None) -> dict[str, Any] | None:
    """Type every field of one mapping; None if anything is wrong with it.

    ``locations`` collects the location of every field path, so that later checks
    (an unknown source id, say) can point at the exact line.
    """
    if locations is not None:
        locations[path] = raw.location
    if not isinstance(raw.value, dict):
        found = "a list" if isinstance(raw.value, list) else "plain text"
        example = spec.fields[0].name
        problems.append(Problem(raw.location, path or spec.name,
                                f"expected a mapping of {spec.name} fields (such as '{example}: ...'), found {found}"))
        return None
    before = len(problems)
    known = [f.name for f in spec.fields]
    for key, location in raw.key_locations.items():
        if spec.field(key) is None and key in spec.renamed:
            problems.append(Problem(location, _join(path, key), f"this field is now '{spec.renamed[key]}'; rename "
                                    "it (see the data format)"))
        elif spec.field(key) is None:
            problems.append(Problem(location, _join(path, key), f"unknown field{_did_you_mean(key, known)} "
                                    f"(a {spec.name} has: {', '.join(known)})"))
    typed: dict[str, Any] = {}
    for field in spec.fields:
        field_path = _join(path, field.name)
        value = raw.value.get(field.name)
        if value is None or _is_empty(value):
            if field.required:
                where = raw.key_locations.get(field.name, raw.location)
                what = "is empty" if value is not None else "is missing"
                problems.append(Problem(where, field_path, f"required field {what}"))
            continue
        typed[field.name] = _check_value(value, field, field_path, problems, locations)
    return typed if len(problems) == before else None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _is_empty(raw: Raw) -> bool:
    if isinstance(raw.value, str):
        return not raw.value.strip()
    return not raw.value


def _check_value(raw: Raw, field: schema.FieldSpec, path: str, problems: list[Problem],
                 locations: dict[str, Location] | None) -> Any:
    if locations is not None:
        locations[path] = raw.location
    if field.kind == "list":
        if not isinstance(raw.value, list):
            problems.append(Problem(raw.location, path, f"expected a list (e.g. '{field.name}: [a, b]' or lines "
                                    "starting with '- ')"))
            return ()
        assert field.item is not None
        return tuple(_check_value(item, field.item, f"{path}[{i}]", problems, locations)
                     for i, item in enumerate(raw.value))
    if field.kind == "record":
        assert field.record is not None
        return _check_record(raw, field.record, path, problems, locations)
    if not isinstance(raw.value, str):
        problems.append(Problem(raw.location, path, f"expected {_describe(field)}, found a "
                                f"{'list' if isinstance(raw.value, list) else 'mapping'}"))
        return None
    text = raw.value.strip()
    message = _scalar_problem(text, field)
    if message:
        problems.append(Problem(raw.location, path, message))
    if field.kind == "bool":
        return text == "true"
    if field.kind == "integer":
        return int(text) if not message else 0
    if field.kind == "number":
        return float(text) if not message else 0.0
    if field.kind == "period":
        return text.replace(" ", "")
    return text


def _describe(field: schema.FieldSpec) -> str:
    return {"bool": "true or false", "integer": "a whole number", "date": "a date (YYYY-MM-DD)",
            "partial_date": "a date (YYYY-MM-DD, YYYY-MM or YYYY)",
            "source_date": "a date (YYYY-MM-DD, YYYY-MM or YYYY) or n.d.", "url": "an http(s) URL",
            "id": "an id", "choice": "one of " + ", ".join(field.choices)}.get(field.kind, "text")


def _scalar_problem(text: str, field: schema.FieldSpec) -> str:
    """The message for a scalar that does not fit its field's kind, or ''."""
    kind = field.kind
    bad = CONTROL_CHARACTER.search(text)
    if bad:
        return f"contains control character U+{ord(bad.group()):04X}; remove it"
    if kind == "id" and not schema.MATCHERS["id"].match(text):
        return f"'{text}' is not a valid id: use lowercase letters, digits and single hyphens (e.g. 'my-claim-2024')"
    if kind == "date" and not _valid_date(text, full=True):
        return f"'{text}' is not a valid date: use YYYY-MM-DD (e.g. 2024-05-31)"
    if kind == "source_date" and text != UNDATED and not _valid_date(text, full=False):
        return f"'{text}' is not a valid date: use YYYY-MM-DD, YYYY-MM, YYYY, or '{UNDATED}' for an undated source"
    if kind == "partial_date" and not _valid_date(text, full=False):
        return f"'{text}' is not a valid date: use YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2024-05)"
    if kind in ("url", "archive_url"):
        return url_problem(text)
    if kind == "number" and not NUMBER_PATTERN.match(text):
        return f"'{text}' is not a number: write digits without separators (e.g. 17460000 or 37.3e12)"
    if kind == "period":
        return _period_problem(text)
    if kind == "bool" and text not in ("true", "false"):
        return f"'{text}' is not true or false"
    if kind == "integer" and not re.fullmatch(r"-?\d+", text):
        return f"'{text}' is not a whole number"
    if kind == "language" and not schema.MATCHERS["language"].match(text):
        return f"'{text}' is not a language tag; use a BCP 47 tag such as en, zh-Hans or zh-Latn-pinyin"
    if kind == "choice" and text not in field.choices:
        return f"'{text}' is not allowed{_did_you_mean(text, field.choices)}; use one of: {', '.join(field.choices)}"
    if kind == "markdown":
        return _markdown_link_problem(text)
    return ""


def _period_problem(text: str) -> str:
    parts = text.split("/")
    if len(parts) > 2 or not all(_valid_date(p.strip(), full=False) for p in parts):
        return (f"'{text}' is not a period: use an as-of date (2018-12-31, 2018-12 or 2018) or a from/to range "
                "(2013-10/2018-12)")
    if len(parts) == 2 and parts[0].strip() > parts[1].strip():
        return f"'{text}' ends before it starts"
    return ""


def _valid_date(text: str, full: bool) -> bool:
    if not schema.MATCHERS["date" if full else "partial_date"].match(text):
        return False
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def url_problem(url: str) -> str:
    """Why a URL from the data cannot be published, or ''. Only http and https reach readers."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in ("http", "https") or not re.match(r"^https?://[^\s/?#]+[^\s]*$", url, re.IGNORECASE):
        return f"'{_shorten(url)}' is not an http(s) URL; only http:// and https:// addresses are allowed"
    return ""


def _markdown_link_problem(text: str) -> str:
    for match in MARKDOWN_LINK.finditer(text):
        target = next(g for g in match.groups() if g is not None)
        scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*)\s*:", target)
        if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
            return (f"link to '{_shorten(target)}' uses the '{scheme.group(1).lower()}:' scheme; "
                    "links must be http(s) or site-relative (e.g. /claims/my-claim/)")
    return ""


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _did_you_mean(word: str, options: Any) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


# --- records to model objects ----------------------------------------------------------------

def build(spec: schema.RecordSpec, record: dict[str, Any], location: Location,
          field_locations: dict[str, Location], path: str = "") -> Any:
    """The model object of a checked record, from its spec: each field goes to its attribute (FieldSpec.attribute),
    nested records and lists are built the same way, and the model's defaults fill what the record leaves out.
    ``field_locations`` maps field paths relative to the top record ("evidence[1].sources[0]") to lines."""
    assert spec.model is not None, spec.name
    names = {f.name for f in dataclass_fields(spec.model)}
    values = {f.attribute: _built(f, record[f.name], location, field_locations, _join(path, f.name))
              for f in spec.fields if f.name in record and record[f.name] is not None}
    if "location" in names:
        values["location"] = field_locations.get(path, location) if path else location
    if "field_locations" in names:
        values["field_locations"] = field_locations
    return spec.model(**values)


def _built(field: schema.FieldSpec, value: Any, location: Location, field_locations: dict[str, Location],
           path: str) -> Any:
    if field.kind == "list":
        assert field.item is not None
        return tuple(_built(field.item, item, location, field_locations, f"{path}[{i}]")
                     for i, item in enumerate(value))
    if field.kind == "record":
        assert field.record is not None
        return build(field.record, value, location, field_locations, path)
    return value


def _check_file_name(claim: Claim, path: Path, problems: list[Problem]) -> None:
    if claim.id != path.stem:
        problems.append(Problem(claim.where("id"), "id", f"id '{claim.id}' does not match the file name "
                                f"'{path.name}'; rename the file to '{claim.id}.yml' or change the id"))

# --- references between files ----------------------------------------------------------------

@dataclass(frozen=True)
class _KnownIds:
    """Ids a reference may name. Ids of records that failed validation count as known: their own errors are
    already reported, and calling every reference to them 'unknown' would bury those errors."""

    sources: frozenset[str]
    claims: frozenset[str]
    topics: frozenset[str]
    figures: frozenset[str]

    @classmethod
    def of(cls, dataset: Dataset, invalid_ids: frozenset[str]) -> _KnownIds:
        return cls(frozenset(s.id for s in dataset.sources) | invalid_ids,
                   frozenset(c.id for c in dataset.claims) | invalid_ids,
                   frozenset(t.id for t in dataset.topics) | invalid_ids,
                   frozenset(f.id for f in dataset.figures) | invalid_ids)


def check_references(dataset: Dataset, *, today: dt.date, policy: Policy = Policy(),
                     invalid_ids: frozenset[str] = frozenset(), config_file: str = "mkdocs.yml") -> list[Problem]:
    """Problems that need the whole dataset: unknown ids, duplicates, sourcing rules, staleness."""
    known = _KnownIds.of(dataset, invalid_ids)
    problems: list[Problem] = []
    problems += _check_scale(dataset)
    problems += _check_duplicates(dataset)
    # Everything a claim's references are checked against: the same for every claim, so hashed once.
    rules = hashlib.blake2b(repr((sorted(known.claims), sorted(known.sources), sorted(known.topics),
                                  [(s.id, s.kind) for s in dataset.sources], dataset.scale, policy, today,
                                  [a.id for a in dataset.audiences], config_file)).encode()).hexdigest()
    for claim in dataset.claims:
        problems += _per_claim(_references, claim, rules, partial(_claim_references, claim, dataset, known, today,
                                                                  policy, config_file))
    problems += _check_glossary_and_timeline(dataset, known)
    problems += _check_glossary_languages(dataset, config_file)
    problems += _check_figures(dataset, known)
    problems += _check_figure_references(dataset, known)
    problems += _check_source_links(dataset, policy)
    problems += _check_unused_sources(dataset)
    problems += _check_writing(dataset, policy)
    return problems


# --- writing rules: short sentences, an opening that agrees with the verdict, counts as figures -------------

SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d\u2019)]?\s+(?=[A-Z\u201c\"\u2018(\[])")
# A count written out: 1,000 or more with separators, a number with a scale word, or 4+ digits (years excepted).
BARE_COUNT = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s*(?:thousand|million|billion|trillion)\b"
                        r"|\d+(?:\.\d+)?\s*[万亿]|\d{4,}(?:\.\d+)?)(?![\w,]*\d)", re.IGNORECASE)
# What may stand before a plain number that is not a count: document and article numbers.
NUMBER_LABEL = re.compile(r"(?:No\.|Nos\.|Art\.|Article|Articles|Order|Decree|GB|GB/T|\[|〔|第)\s*$", re.IGNORECASE)
# ...and what may follow a number that is a name: the 12306 ticketing site, a hotline.
NUMBER_AS_NAME = re.compile(r"^\s*(?:ticketing|ticket|website|site|app|hotline|number)\b", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """Sentences of a plain-text paragraph (a figure reference counts as one word)."""
    text = FIGURE_REFERENCE.sub("FIGURE", re.sub(r"\s+", " ", text)).strip()
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def bare_counts(text: str) -> list[str]:
    """Counts of 1,000 or more written as numbers rather than figure references. Years, and article and document
    numbers, are not counts."""
    found = []
    text = FIGURE_REFERENCE.sub(" ", text)
    for match in BARE_COUNT.finditer(text):
        number = match.group(1)
        if re.fullmatch(r"\d{4}", number) and 1800 <= int(number) <= 2100:
            continue  # a year
        if re.fullmatch(r"[\d.]+", number) and (NUMBER_LABEL.search(text[: match.start()])
                                                 or NUMBER_AS_NAME.match(text[match.end():])):
            continue
        found.append(number)
    return found


# Under serve (load.KEEP_PARSED): each claim's writing problems, by claim id, with the claim object and the rules
# they were found under. A claim that did not change is the same object (see _checked_claim).
_writing: dict[str, tuple[Claim, str, list[Problem]]] = {}
_links: dict[str, tuple[Claim, str, list[Problem]]] = {}  # the same, for blocked links in a claim
_references: dict[str, tuple[Claim, str, list[Problem]]] = {}  # ... and for its references, dates and sourcing
_figure_references: dict[str, tuple[Claim, str, list[Problem]]] = {}  # ... and for the figures its prose names


def _check_writing(dataset: Dataset, policy: Policy) -> list[Problem]:
    problems = []
    rules = repr((policy, dataset.scale))
    for claim in dataset.claims:
        problems += _per_claim(_writing, claim, rules, partial(_claim_writing, claim, dataset, policy))
    return problems


def _per_claim(kept: dict[str, tuple[Claim, str, list[Problem]]], claim: Claim, rules: str,
               check: Callable[[], list[Problem]]) -> list[Problem]:
    """``check()``, or under serve what it found last time for this same claim object under the same ``rules``
    (an unchanged claim file gives back the same object)."""
    found = kept.get(claim.id)
    if found is not None and found[0] is claim and found[1] == rules:
        return found[2]
    problems = check()
    if load.KEEP_PARSED:
        kept[claim.id] = (claim, rules, problems)
    return problems


def _claim_writing(claim: Claim, dataset: Dataset, policy: Policy) -> list[Problem]:
    """Short sentences, an opening that agrees with the verdict, counts as figures."""
    problems = []
    best, worst = dataset.scale.best_rating, dataset.scale.worst_rating
    if policy.max_sentence_words:
        for name in ("summary", "what_is_true", "what_is_false"):
            for sentence in sentences(getattr(claim, name)):
                words = len(sentence.split())
                if words > policy.max_sentence_words:
                    problems.append(Problem(claim.where(name), name, f"a sentence of {words} words "
                                            f"(\"{_shorten(sentence, 50)}\"); split it: at most "
                                            f"{policy.max_sentence_words} words", Severity.WARNING))
    verdict = dataset.scale.get(claim.verdict_id)
    opening = claim.summary.lstrip().split(" ", 1)[0].rstrip(".,:;!")
    if verdict is not None and verdict.rating is not None:
        if opening == "No" and verdict.rating != worst:
            problems.append(Problem(claim.where("summary"), "summary", f"opens with \"No\" under "
                                    f"'{verdict.label}'; open with words that match the verdict",
                                    Severity.WARNING))
        if opening == "Yes" and verdict.rating != best:
            problems.append(Problem(claim.where("summary"), "summary", f"opens with \"Yes\" under "
                                    f"'{verdict.label}'; open with words that match the verdict",
                                    Severity.WARNING))
    if policy.counts_as_figures:
        texts = [(n, getattr(claim, n)) for n in ("summary", "what_is_true", "what_is_false")]
        texts += [(f"evidence[{i}].text", e.text) for i, e in enumerate(claim.evidence)]
        for name, text in texts:
            for number in bare_counts(text):
                problems.append(Problem(claim.where(name), name, f"the count '{number}' is written out; make it "
                                        "a figure in claims/figures.yml and cite it as {{ figure <id> }}",
                                        Severity.WARNING))
    return problems


def prose_fields(dataset: Dataset) -> list[tuple[Callable[[str], Location], str, str]]:
    """Every Markdown text in the data that readers see: (where, field path, text); where(path) gives the
    location, looked up only for a text with a problem."""
    return [field for claim in dataset.claims for field in _claim_prose(claim)] + _registry_prose(dataset)


def _registry_prose(dataset: Dataset) -> list[tuple[Callable[[str], Location], str, str]]:
    return ([(_at(t.location), f"[{i}].definition", t.definition) for i, t in enumerate(dataset.glossary)]
            + [(_at(e.location), f"[{i}].text", e.text) for i, e in enumerate(dataset.timeline)])


def _claim_prose(claim: Claim) -> list[tuple[Callable[[str], Location], str, str]]:
    found: list[tuple[Callable[[str], Location], str, str]] = [
        (claim.where, name, getattr(claim, name)) for name in ("summary", "what_is_true", "what_is_false")
        if getattr(claim, name)]
    return found + [(claim.where, f"evidence[{i}].text", point.text) for i, point in enumerate(claim.evidence)]


def _at(location: Location) -> Callable[[str], Location]:
    return lambda _path: location


def _check_figure_references(dataset: Dataset, known: _KnownIds) -> list[Problem]:
    rules = repr(sorted(known.figures))
    problems = []
    for claim in dataset.claims:
        problems += _per_claim(_figure_references, claim, rules,
                               partial(_figure_problems, _claim_prose, claim, known))
    return problems + _figure_problems(_registry_prose, dataset, known)


def _figure_problems(prose: Callable[[Any], list[tuple[Callable[[str], Location], str, str]]], owner: Any,
                     known: _KnownIds) -> list[Problem]:
    """Figure references in the prose of ``owner`` (a claim, or the dataset's registries) that name no figure."""
    problems = []
    for where, path, text in prose(owner):
        for match in TEMPLATE_BRACES.finditer(text):
            location = where(path)
            reference = FIGURE_REFERENCE.fullmatch(match.group())
            if reference is None or not reference.group(1):
                problems.append(Problem(location, path, f"'{_shorten(match.group())}' is not a figure reference; "
                                        "write {{ figure <id> }} with an id from claims/figures.yml"))
            elif reference.group(1) not in known.figures:
                problems.append(Problem(location, path, _unknown("figure", reference.group(1), sorted(known.figures),
                                                                 "figures are defined in claims/figures.yml")))
    return problems


def _check_figures(dataset: Dataset, known: _KnownIds) -> list[Problem]:
    problems = []
    first_seen: dict[str, Location] = {}
    for figure in dataset.figures:
        if figure.id in first_seen:
            problems.append(Problem(figure.location, "id", f"duplicate figure id '{figure.id}' (also defined at "
                                    f"{first_seen[figure.id]})"))
        first_seen.setdefault(figure.id, figure.location)
        if figure.source_id not in known.sources:
            problems.append(_unknown_source(figure.location, "source", figure.source_id, known.sources))
    return problems


def _check_changelog(claim: Claim, dataset: Dataset) -> list[Problem]:
    """A correction names the verdict before and after; the latest correction ends on today's verdict."""
    problems = []
    verdict_ids = [v.id for v in dataset.scale.verdicts]
    for index, entry in enumerate(claim.changelog):
        path = f"changelog[{index}]"
        if not entry.is_correction:
            if entry.old_verdict or entry.new_verdict:
                problems.append(Problem(claim.where(path), path, "old_verdict and new_verdict belong to a "
                                        "correction; add 'kind: correction' or remove them"))
            continue
        for name in ("old_verdict", "new_verdict"):
            value = getattr(entry, name)
            if not value:
                problems.append(Problem(claim.where(path), f"{path}.{name}", "a correction needs old_verdict and "
                                        "new_verdict (the verdict before and after)"))
            elif value not in verdict_ids:
                problems.append(Problem(claim.where(f"{path}.{name}"), f"{path}.{name}", _unknown(
                    "verdict", value, verdict_ids, "verdicts are: " + ", ".join(verdict_ids))))
        if entry.old_verdict and entry.old_verdict == entry.new_verdict:
            problems.append(Problem(claim.where(path), path, "old_verdict equals new_verdict: a text change that "
                                    "keeps the verdict is 'kind: update', not a correction"))
    latest = max((e for e in claim.changelog if e.is_correction), key=lambda e: e.date, default=None)
    if latest is not None and latest.new_verdict and latest.new_verdict != claim.verdict_id:
        problems.append(Problem(claim.where("verdict"), "verdict", f"the latest correction ({latest.date}) sets "
                                f"the verdict to '{latest.new_verdict}', but the claim says '{claim.verdict_id}'"))
    return problems


def _check_source_links(dataset: Dataset, policy: Policy) -> list[Problem]:
    """Archive links go to web archives, and no link goes to a blocked (piracy or malware) host."""
    problems = []
    for source in dataset.sources:
        for name in ("url", "archived_url", "copy_url"):
            url = getattr(source, name)
            if url and policy.is_blocked(url):
                problems.append(Problem(source.where(name), name, f"'{_shorten(url)}' is on a blocked host (piracy "
                                        "or malware); find the original, an archive, or drop the link"))
        if source.archived_url and not policy.is_archive(source.archived_url) \
                and not policy.is_blocked(source.archived_url):
            problems.append(Problem(source.where("archived_url"), "archived_url", f"'{_shorten(source.archived_url)}'"
                                    " is not a web archive (Wayback Machine, archive.today, perma.cc, ghostarchive "
                                    "or the archive_hosts option); put a copy on another site in 'copy_url'"))
    rules = repr(policy)
    for claim in dataset.claims:
        problems += _per_claim(_links, claim, rules, partial(_claim_links, claim, policy))
    return problems + _prose_links(_registry_prose(dataset), policy)


def _claim_links(claim: Claim, policy: Policy) -> list[Problem]:
    problems = []
    for index, appearance in enumerate(claim.appearances):
        path = f"appearances[{index}].url"
        if appearance.url and policy.is_blocked(appearance.url):
            problems.append(Problem(claim.where(path), path, f"'{_shorten(appearance.url)}' is on a blocked "
                                    "host (piracy or malware)"))
    return problems + _prose_links(_claim_prose(claim), policy)


def _prose_links(texts: list[tuple[Callable[[str], Location], str, str]], policy: Policy) -> list[Problem]:
    problems = []
    for where, path, text in texts:
        for match in MARKDOWN_LINK.finditer(text):
            target = next(g for g in match.groups() if g is not None)
            if policy.is_blocked(target):
                problems.append(Problem(where(path), path, f"link to '{_shorten(target)}' is on a blocked host"))
    return problems


def _check_scale(dataset: Dataset) -> list[Problem]:
    problems = []
    if not dataset.scale.verdicts:
        problems.append(Problem(Location("scale.yml"), "", "the rating scale has no verdicts"))
    for verdict in dataset.scale.verdicts:
        if not schema.MATCHERS["colour"].match(verdict.colour):
            problems.append(Problem(Location("scale.yml"), f"{verdict.id}.colour",
                                    f"'{verdict.colour}' is not a colour; use #rrggbb"))
    answers = {dataset.scale.quiz_answer(v) for v in dataset.scale.verdicts}
    if any(c.quiz for c in dataset.claims) and dataset.scale.verdicts and not {"true", "false"} <= answers:
        missing = " or ".join(a for a in ("true", "false") if a not in answers)
        problems.append(Problem(Location("scale.yml"), "quiz_answer", f"claims are in the quiz, but no verdict of the "
                                f"rating scale answers {missing}; rate verdicts on both sides of the middle, or set "
                                "their quiz_answer (true, false or neither)"))
    return problems


def _check_duplicates(dataset: Dataset) -> list[Problem]:
    problems = []
    for kind, records in (("claim", [(c.id, c.where("id")) for c in dataset.claims]),
                          ("source", [(s.id, s.location) for s in dataset.sources]),
                          ("topic", [(t.id, Location("topics.yml")) for t in dataset.topics]),
                          ("glossary term", [(g.id, g.location) for g in dataset.glossary])):
        first_seen: dict[str, Location] = {}
        for record_id, location in records:
            if record_id in first_seen:
                problems.append(Problem(location, "id", f"duplicate {kind} id '{record_id}' "
                                        f"(also defined at {first_seen[record_id]})"))
            else:
                first_seen[record_id] = location
    owners = {c.id: c for c in dataset.claims}
    for claim in dataset.claims:
        for index, alias in enumerate(claim.aliases):
            other = owners.get(alias)
            if other is not None:
                path = f"aliases[{index}]"
                problems.append(Problem(claim.where(path), path, f"alias '{alias}' is already the id "
                                        f"or an alias of another claim ({other.location})"))
            else:
                owners[alias] = claim
    return problems


def _unknown(kind: str, value: str, known: Any, hint: str) -> str:
    return f"unknown {kind} '{value}'{_did_you_mean(value, known)}; {hint}"


def _check_claim_references(claim: Claim, dataset: Dataset, known: _KnownIds, today: dt.date,
                            policy: Policy) -> list[Problem]:
    where = claim.where
    problems = []
    source_ids = known.sources
    if dataset.scale.get(claim.verdict_id) is None:
        problems.append(Problem(where("verdict"), "verdict", _unknown("verdict", claim.verdict_id,
                                [v.id for v in dataset.scale.verdicts],
                                "verdicts are: " + ", ".join(v.id for v in dataset.scale.verdicts))))
    for index, topic in enumerate(claim.topics):
        if topic not in known.topics:
            path = f"topics[{index}]"
            problems.append(Problem(where(path), path, _unknown("topic", topic, [t.id for t in dataset.topics],
                                    "topics are defined in claims/topics.yml")))
    for index, related in enumerate(claim.related):
        if related == claim.id:
            path = f"related[{index}]"
            problems.append(Problem(where(path), path, "a claim cannot be related to itself"))
        elif related not in known.claims:
            problems.append(Problem(where(f"related[{index}]"), f"related[{index}]", _unknown("claim", related,
                                    [c.id for c in dataset.claims], "related claims must be ids of claim files")))
    for e_index, point in enumerate(claim.evidence):
        for s_index, source_id in enumerate(point.source_ids):
            if source_id not in source_ids:
                path = f"evidence[{e_index}].sources[{s_index}]"
                problems.append(_unknown_source(where(path), path, source_id, source_ids))
        if point.quote:
            if point.quote.source_id not in source_ids:
                path = f"evidence[{e_index}].quote.source"
                problems.append(_unknown_source(where(path), path, point.quote.source_id, source_ids))
            words = len(point.quote.text.split())
            if words > MAX_QUOTE_WORDS:
                problems.append(Problem(where(f"evidence[{e_index}].quote.text"), f"evidence[{e_index}].quote.text",
                                        f"quotation has {words} words; keep quotes to {MAX_QUOTE_WORDS} words "
                                        "or fewer and say the rest in our own words"))
    for index, appearance in enumerate(claim.appearances):
        if appearance.source_id and appearance.source_id not in source_ids:
            path = f"appearances[{index}].source"
            problems.append(_unknown_source(where(path), path, appearance.source_id, source_ids))
        if not appearance.source_id and not appearance.url:
            problems.append(Problem(appearance.location, f"appearances[{index}]",
                                    "give a 'source' id or a 'url' (or both)"))
    problems += _check_sourcing(claim, dataset, policy)
    problems += _check_dates(claim, today, policy)
    return problems


def _claim_references(claim: Claim, dataset: Dataset, known: _KnownIds, today: dt.date, policy: Policy,
                      config_file: str) -> list[Problem]:
    return (_check_claim_references(claim, dataset, known, today, policy)
            + _check_audiences(claim, dataset, config_file) + _check_changelog(claim, dataset))


def _unknown_source(location: Location, path: str, source_id: str, known: frozenset[str]) -> Problem:
    return Problem(location, path, _unknown("source", source_id, sorted(known),
                                            "sources are defined in claims/sources.yml"))


def _check_sourcing(claim: Claim, dataset: Dataset, policy: Policy) -> list[Problem]:
    cited = [dataset.source(s) for s in claim.cited_source_ids]
    known = [s for s in cited if s is not None]
    if len(known) != len(cited):
        return []  # unknown ids are already reported
    problems = []
    if len(known) < policy.min_sources_per_claim:
        problems.append(Problem(claim.location, "evidence", f"cites {len(known)} distinct source(s); a claim "
                                f"needs at least {policy.min_sources_per_claim}"))
    verdict = dataset.scale.get(claim.verdict_id)
    if (policy.require_strong_source and verdict is not None and verdict.needs_strong_source
            and not any(s.kind in STRONG_SOURCE_KINDS for s in known)):
        weak = [v.id for v in dataset.scale.verdicts if not v.needs_strong_source]
        either = f" (or use the verdict {' or '.join(repr(v) for v in weak)})" if weak else ""
        problems.append(Problem(claim.location, "evidence", "a verdict needs at least one primary, academic or "
                                f"analysis source, not only journalism or commentary{either}"))
    return problems


def _check_audiences(claim: Claim, dataset: Dataset, config_file: str) -> list[Problem]:
    """Claims name audiences the site declares (plugin option audiences); that they name one when the site declares
    any is checked with the record (claim_spec)."""
    declared = [a.id for a in dataset.audiences]
    hint = (f"the audiences declared in {config_file} (plugins: claims: audiences) are: {', '.join(declared)}"
            if declared else f"{config_file} declares no audiences (plugins: claims: audiences)")
    problems = []
    for index, audience in enumerate(claim.audiences):
        if audience not in declared:
            path = f"audiences[{index}]"
            problems.append(Problem(claim.where(path), path, _unknown("audience", audience, declared, hint)))
    return problems


def _check_glossary_languages(dataset: Dataset, config_file: str) -> list[Problem]:
    """An original form needs a language (screen readers and fonts follow lang); a romanization needs an original."""
    problems = []
    for index, term in enumerate(dataset.glossary):
        if term.original and not term.original_lang:
            problems.append(Problem(term.location, f"[{index}].original", "the original form needs a language: "
                                    "add 'original_lang' (e.g. zh-Hans) to the term, or set glossary_original_lang "
                                    f"in {config_file}"))
        if term.romanization and not term.original:
            problems.append(Problem(term.location, f"[{index}].romanization", "a romanization needs the "
                                    "'original' it spells out in Latin letters"))
    return problems


def _check_dates(claim: Claim, today: dt.date, policy: Policy) -> list[Problem]:
    problems = []
    reviewed = dt.date.fromisoformat(claim.reviewed)
    if reviewed > today:
        problems.append(Problem(claim.where("reviewed"), "reviewed", f"{claim.reviewed} is in the future "
                                f"(today is {today.isoformat()})"))
    elif (today - reviewed).days > policy.stale_after_days:
        problems.append(Problem(claim.where("reviewed"), "reviewed", f"last reviewed {claim.reviewed}, more than "
                                f"{policy.stale_after_days} days ago; check the verdict and update 'reviewed'",
                                Severity.WARNING))
    if claim.review_by and dt.date.fromisoformat(claim.review_by) < today:
        problems.append(Problem(claim.where("review_by"), "review_by", f"review was due on {claim.review_by}; check "
                                "the verdict, then update 'reviewed' and 'review_by'", Severity.WARNING))
    if not claim.appearances and not claim.appearances_note:
        problems.append(Problem(claim.location, "appearances", "no appearances: say where and when the claim "
                                "was made, or explain in 'appearances_note' that none is known", Severity.WARNING))
    return problems


def _check_glossary_and_timeline(dataset: Dataset, known: _KnownIds) -> list[Problem]:
    problems = []
    claim_ids = [c.id for c in dataset.claims]
    source_ids = known.sources
    entries: list[tuple[str, Location, tuple[str, ...], tuple[str, ...]]] = [
        (f"[{i}]", t.location, t.claims, t.sources) for i, t in enumerate(dataset.glossary)]
    entries += [(f"[{i}]", e.location, e.claims, e.sources) for i, e in enumerate(dataset.timeline)]
    for path, location, claims, sources in entries:
        for index, claim_id in enumerate(claims):
            if claim_id not in known.claims:
                problems.append(Problem(location, f"{path}.claims[{index}]", _unknown(
                    "claim", claim_id, claim_ids, "claims are the files in claims/")))
        for index, source_id in enumerate(sources):
            if source_id not in source_ids:
                problems.append(_unknown_source(location, f"{path}.sources[{index}]", source_id, source_ids))
    return problems


def _check_unused_sources(dataset: Dataset) -> list[Problem]:
    used = {s for c in dataset.claims for s in c.cited_source_ids}
    used |= {a.source_id for c in dataset.claims for a in c.appearances}
    used |= {s for t in dataset.glossary for s in t.sources} | {s for e in dataset.timeline for s in e.sources}
    used |= {f.source_id for f in dataset.figures}
    return [Problem(s.location, "id", f"source '{s.id}' is not cited by any claim, term or event; cite it or "
                    "remove it", Severity.WARNING) for s in dataset.sources if s.id not in used]
