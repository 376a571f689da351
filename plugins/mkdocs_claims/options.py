"""The plugin's options, declared once.

``mkdocs build`` and ``mkdocs serve`` read them through the MkDocs config class that
plugin.py derives from ``OPTIONS``; the command line reads the same table from
mkdocs.yml (``parse_options``); the configuration reference in the docs is generated
from it. No MkDocs here: this module belongs to the pure core.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .i18n import N_, Language
from .model import Audience
from .schema import MATCHERS
from .texts import TEXT_KEYS

AUDIENCE_KEYS = ("id", "label", "description", "page")
GLOSSARY_FIELD_KEYS = ("original", "romanization")
DEFAULT_GLOSSARY_FIELDS = {"original": N_("Original form"), "romanization": N_("Romanization")}  # translated


@dataclass(frozen=True)
class Option:
    """One plugin option. ``kind`` is one of KINDS; ``default`` None means "not set"."""

    name: str
    kind: str
    default: Any
    help: str

    @property
    def type_text(self) -> str:
        """The option's type as the configuration reference shows it."""
        return KINDS[self.kind]


# kind -> how the reference names it. "file"/"dir" are paths relative to mkdocs.yml that must exist;
# "path" is relative to mkdocs.yml and may not exist yet.
KINDS = {"text": "text", "integer": "whole number", "bool": "true or false", "text_list": "list of text",
         "path": "path", "file": "file path", "dir": "folder path", "language": "language tag (BCP 47)",
         "audiences": "list of {id, label, description, page}", "labels": "mapping of text",
         "mapping": "mapping of text",
         "texts": "mapping of text"}

def _declare(kind: str, default: Any, help_text: str) -> Any:
    """A field of Options: its kind (one of KINDS), default and meaning for the configuration reference."""
    metadata = {"kind": kind, "default": default, "help": help_text}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: _copy(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True)
class Options:
    """Every plugin option with its kind, default and meaning: the one declaration (OPTIONS is derived from it)."""

    claims_dir: str = _declare("path", "claims",
        "Folder of the dataset, relative to mkdocs.yml. Example: "
        "`claims_dir: data/claims`.")
    organisation: str = _declare("text", "",
        "Name of the organisation that publishes the fact checks (schema.org "
        "author). Defaults to site_name.")
    organisation_url: str = _declare("text", "",
        "Home page of the organisation. Defaults to site_url.")
    scale_file: str | None = _declare("file", None,
        "A YAML rating scale replacing the default one (relative to mkdocs.yml). "
        "Default: `<claims_dir>/scale.yml` if present, else the built-in scale.")
    audiences: list[dict[str, str]] = _declare("audiences", [],  # noqa: RUF009 - _declare returns a field()
        "Who the site serves: a list of `{id, label, description, page}` (`page`: "
        "a path in docs_dir, or empty). Claims list audience ids; the explorer filters by them, the "
        "`[[audiences]]` embed lists them and ClaimReview names them. Default: none (no audience filter).")
    glossary_fields: dict[str, str] = _declare("labels", {},  # noqa: RUF009 - _declare returns a field()
        "Labels of the optional glossary fields, e.g. `{original: Chinese, "
        "romanization: Pinyin}`. Defaults: \"Original form\", \"Romanization\".")
    glossary_original_lang: str = _declare("language", "",
        "Language tag of the glossary's `original` forms (e.g. "
        "`zh-Hans`), unless a term gives its own `original_lang`.")
    glossary_romanization_lang: str = _declare("language", "",
        "Language tag of the glossary's romanizations (e.g. "
        "`zh-Latn-pinyin`). Default: `<original language>-Latn`.")
    min_sources_per_claim: int = _declare("integer", 2,
        "Distinct sources each claim must cite.")
    require_strong_source: bool = _declare("bool", True,
        "Require a primary, academic or analysis source for every "
        "verdict, except those the scale marks `needs_strong_source: false` (such as `unproven`).")
    stale_after_days: int = _declare("integer", 365,
        "A claim reviewed longer ago than this gets a warning and an "
        "out-of-date note on its page.")
    licence: str = _declare("text", "CC BY 4.0",
        "Licence of the fact checks and exports, shown on the downloads page "
        "and in exports.")
    licence_url: str = _declare("text", "https://creativecommons.org/licenses/by/4.0/",
        "Link to the licence text.")
    update_permalinks: bool = _declare("bool", True,
        "Append the ids of new claims to `<claims_dir>/permalinks.txt` when "
        "a build succeeds.")
    templates_dir: str | None = _declare("dir", None,
        "Extra folder of template overrides (`claims/claim.html`, ...), searched "
        "before the theme's custom_dir.")
    preview: bool = _declare("bool", False,
        "Allow a strict build without a public address (site_url unset or on an "
        "example or test domain). Pages then say they are a preview, and citations give paths. `make serve` "
        "and `make build` set it; `make publish` does not.")
    max_sentence_words: int = _declare("integer", 30,
        "Longest sentence allowed in a claim's summary, what_is_true and "
        "what_is_false (0: no limit).")
    ownership: str = _declare("text", "",
        "Who owns the site (shown in the footer, on the methodology page and in "
        "ClaimReview). Say only what is true.")
    funding: str = _declare("text", "",
        "Who funds it, in one line. Publishing without it warns under `--strict`.")
    methodology_page: str = _declare("text", "",
        "The page (a path in docs_dir, e.g. `about/method.md`) that explains "
        "how claims are checked.")
    report_error: str = _declare("text", "",
        "Where readers report an error: an http(s) URL or an email address. "
        "Defaults to `<repo_url>/issues` for a repository on GitHub or GitLab, when repo_url is set; never "
        "invented otherwise.")
    logo: str = _declare("text", "",
        "The publisher's logo (a path in docs_dir or an absolute URL), for ClaimReview.")
    link_report: str | None = _declare("path", None,
        "The link report that `mkdocs-claims check-links` writes (default "
        "`<claims_dir>/link-report.json`). Sources whose original link it finds gone show their archived copy "
        "first, and `--strict` warns on primary ones with no archive.")
    share_cards: bool = _declare("bool", True,
        "Draw a 1200×630 share-card image per claim (og:image). About 20 ms per "
        "new or changed claim; cached by content in `.cache/share-cards/` beside mkdocs.yml, so unchanged "
        "claims cost nothing on a rebuild.")
    second_core: bool = _declare("bool", False,
        "During `mkdocs build` on Linux with two or more cores, also render "
        "generated pages' bodies in a forked copy of the build, from the end of the page list while the build "
        "works from the start. The output is the same; the copy costs memory (at 10,000 claims ~1.2 GB in all "
        "instead of ~0.9 GB); on a shared 2-core machine it took 14% and 28% off the time in two runs and added 9% "
        "in a third (see BENCHMARKS.md).")
    offline_zip: str = _declare("text", "",
        "The offline edition's zip (relative to mkdocs.yml; `make publish` builds it "
        "first). When the file exists it is published as `downloads/<name>` and the `[[offline-edition]]` embed "
        "links it with its size.")
    archive_hosts: list[str] = _declare("text_list", [],  # noqa: RUF009 - _declare returns a field()
        "Hosts accepted in `archived_url` besides the Wayback Machine, "
        "archive.today, perma.cc and ghostarchive.")
    blocked_hosts: list[str] = _declare("text_list", [],  # noqa: RUF009 - _declare returns a field()
        "Hosts refused in every URL of the data, added to the built-in list "
        "of piracy and malware sites.")
    subject: str = _declare("text", "",
        "What the site checks claims about, as a noun phrase in the site's "
        "language (`subject: bicycle safety`). Generated pages name it in their intros and descriptions; "
        "without it they speak of \"the fact checks\".")
    texts: dict[str, str] = _declare("texts", {},  # noqa: RUF009 - _declare returns a field()
        "The site's own sentences for generated pages, replacing the "
        "package's generic ones (keys: see README, \"Texts\"). `{subject}` and `{count}` in a text are filled "
        "in. Example: `texts: {glossary: \"Terms you...\"}`.")


OPTIONS: tuple[Option, ...] = tuple(Option(f.name, f.metadata["kind"], f.metadata["default"], f.metadata["help"])
                                    for f in fields(Options))
BY_NAME = {o.name: o for o in OPTIONS}


def options_from(values: Mapping[str, Any]) -> Options:
    """Checked option values (the plugin's config, or ``parse_options``) as the typed Options."""
    return Options(**{o.name: values[o.name] for o in OPTIONS})


class OptionError(ValueError):
    """A plugin option's value cannot be used; the message says what to write instead."""


def check_value(option: Option, value: Any, base_dir: Path | None = None) -> Any:
    """The option's value, checked and normalised (paths resolved against ``base_dir``); OptionError if wrong.

    The plugin runs this for every non-path option through MkDocs, and the command line for all of them."""
    if value is None:
        return None if option.default is None else _copy(option.default)
    checker = _CHECKS[option.kind]
    return checker(value, base_dir)


def parse_options(raw: Mapping[str, Any], base_dir: Path) -> tuple[Options, list[str]]:
    """The plugin options as mkdocs.yml gives them, checked: (the options, defaults where wrong; error messages)."""
    values: dict[str, Any] = {}
    errors: list[str] = []
    for key in raw:
        if key not in BY_NAME:
            close = difflib.get_close_matches(str(key), list(BY_NAME), n=1)
            errors.append(f"plugins.claims.{key}: unknown option" + (f" (did you mean '{close[0]}'?)" if close
                                                                     else ""))
    for option in OPTIONS:
        try:
            values[option.name] = check_value(option, raw.get(option.name), base_dir)
        except OptionError as error:
            errors.append(f"plugins.claims.{option.name}: {error}")
            values[option.name] = check_value(option, None)
    return options_from(values), errors


def audiences_of(options: Options) -> tuple[Audience, ...]:
    return tuple(Audience(**entry) for entry in options.audiences)


def glossary_labels(options: Options, t: Language) -> dict[str, str]:
    """The site's labels, else the defaults in the UI language."""
    return {**{key: t.gettext(label) for key, label in DEFAULT_GLOSSARY_FIELDS.items()}, **options.glossary_fields}


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value


def _text(value: Any, base_dir: Path | None) -> str:
    if not isinstance(value, str):
        raise OptionError(f"expected text, found {_kind_of(value)}")
    return value


def _integer(value: Any, base_dir: Path | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise OptionError(f"expected a whole number, found {_kind_of(value)}")
    return value


def _bool(value: Any, base_dir: Path | None) -> bool:
    if not isinstance(value, bool):
        raise OptionError(f"expected true or false, found {_kind_of(value)}")
    return value


def _text_list(value: Any, base_dir: Path | None) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise OptionError(f"expected a list of text, found {_kind_of(value)}")
    return list(value)


def _path(value: Any, base_dir: Path | None) -> str:
    return _text(value, base_dir)


def _existing(kind: str) -> Any:
    def check(value: Any, base_dir: Path | None) -> str:
        path = Path(_text(value, base_dir))
        resolved = path if path.is_absolute() or base_dir is None else base_dir / path
        if not (resolved.is_file() if kind == "file" else resolved.is_dir()):
            raise OptionError(f"the {kind} '{value}' does not exist (paths are relative to mkdocs.yml)")
        return str(resolved.resolve())
    return check


def _language(value: Any, base_dir: Path | None) -> str:
    text = _text(value, base_dir)
    if text and not MATCHERS["language"].match(text):
        raise OptionError(f"'{text}' is not a language tag; use a BCP 47 tag such as en, zh-Hans or zh-Latn-pinyin")
    return text


def _labels(value: Any, base_dir: Path | None) -> dict[str, str]:
    if not isinstance(value, dict):
        raise OptionError(f"expected a mapping such as {{original: Chinese, romanization: Pinyin}}, found "
                          f"{_kind_of(value)}")
    for key, label in value.items():
        if key not in GLOSSARY_FIELD_KEYS:
            raise OptionError(f"unknown glossary field '{key}'{_did_you_mean(str(key), GLOSSARY_FIELD_KEYS)}; "
                              f"the labelled fields are: {', '.join(GLOSSARY_FIELD_KEYS)}")
        if not isinstance(label, str) or not label.strip():
            raise OptionError(f"the label of '{key}' must be text")
    return dict(value)


def _audiences(value: Any, base_dir: Path | None) -> list[dict[str, str]]:
    if not isinstance(value, list):
        raise OptionError(f"expected a list of audiences (each '- id: ...', 'label: ...'), found {_kind_of(value)}")
    audiences: list[dict[str, str]] = []
    for index, entry in enumerate(value):
        where = f"[{index}]"
        if not isinstance(entry, dict):
            raise OptionError(f"{where}: expected a mapping with id, label, description and page")
        for key in entry:
            if key not in AUDIENCE_KEYS:
                raise OptionError(f"{where}.{key}: unknown field{_did_you_mean(str(key), AUDIENCE_KEYS)} (an "
                                  f"audience has: {', '.join(AUDIENCE_KEYS)})")
        for key in ("id", "label"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise OptionError(f"{where}.{key}: required, as text")
        if not MATCHERS["id"].match(entry["id"]):
            raise OptionError(f"{where}.id: '{entry['id']}' is not a valid id: use lowercase letters, digits and "
                              "single hyphens")
        if entry["id"] in (a["id"] for a in audiences):
            raise OptionError(f"{where}.id: duplicate audience id '{entry['id']}'")
        for key in ("description", "page"):
            if not isinstance(entry.get(key, ""), str):
                raise OptionError(f"{where}.{key}: expected text")
        audiences.append({key: str(entry.get(key, "")).strip() for key in AUDIENCE_KEYS})
    return audiences


def _mapping(value: Any, base_dir: Path | None) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise OptionError(f"expected a mapping of names to text, found {_kind_of(value)}")
    return dict(value)


def _texts(value: Any, base_dir: Path | None) -> dict[str, str]:
    if not isinstance(value, dict):
        raise OptionError(f"expected a mapping such as {{quiz: \"...\"}}, found {_kind_of(value)}")
    for key, text in value.items():
        if key not in TEXT_KEYS:
            raise OptionError(f"unknown text '{key}'{_did_you_mean(str(key), TEXT_KEYS)}; the texts are: "
                              f"{', '.join(TEXT_KEYS)}")
        if not isinstance(text, str):
            raise OptionError(f"the text '{key}' must be text")
    return dict(value)


_CHECKS = {"text": _text, "integer": _integer, "bool": _bool, "text_list": _text_list, "path": _path,
           "file": _existing("file"), "dir": _existing("dir"), "language": _language, "labels": _labels,
           "audiences": _audiences, "mapping": _mapping, "texts": _texts}


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def _did_you_mean(word: str, options: Any) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
