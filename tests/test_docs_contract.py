"""Documentation and code cannot disagree: every option, field, template and directive is documented."""

from __future__ import annotations

import re

from conftest import ROOT
from mkdocs_claims import schema
from mkdocs_claims.directives import NAMES
from mkdocs_claims.options import OPTIONS
from mkdocs_claims.plugin import ClaimsConfig
from mkdocs_claims.render.pages import TEMPLATES

README = (ROOT / "README.md").read_text(encoding="utf-8")
DATA_FORMAT = (ROOT / "content" / "about" / "data-format.md").read_text(encoding="utf-8")


def test_every_plugin_option_is_documented() -> None:
    options = [name for name, _ in ClaimsConfig._schema]
    assert options
    for option in options:
        assert re.search(rf"^\| `{option}` \|", README, re.MULTILINE), option


def test_every_claim_field_is_documented() -> None:
    for field in schema.CLAIM.fields:
        assert re.search(rf"^\| `{field.name}` \|", DATA_FORMAT, re.MULTILINE), field.name


def test_every_source_field_is_documented() -> None:
    section = DATA_FORMAT.split("## Sources", 1)[1].split("\n## ", 1)[0]
    for field in schema.SOURCE.fields:
        assert f"`{field.name}`" in section, field.name


def test_glossary_and_timeline_fields_are_documented() -> None:
    for title, spec in (("## Glossary", schema.GLOSSARY_TERM), ("## Timeline", schema.TIMELINE_EVENT),
                        ("## Topics", schema.TOPIC)):
        section = DATA_FORMAT.split(title, 1)[1].split("\n## ", 1)[0]
        for field in spec.fields:
            assert f"`{field.name}`" in section, (title, field.name)


def test_every_template_is_documented_and_lists_its_context() -> None:
    for template in sorted((TEMPLATES / "claims").glob("*.html")):
        assert f"`{template.name}`" in README, template.name
        assert template.read_text(encoding="utf-8").lstrip().startswith("{#"), template.name


def test_every_directive_is_documented() -> None:
    for name in NAMES:
        assert f"`[[{name}" in README, name


def test_the_plugin_config_is_the_declaration() -> None:
    """MkDocs' config class is derived from options.OPTIONS: same names, same order, each one explained."""
    assert [name for name, _ in ClaimsConfig._schema] == [o.name for o in OPTIONS]
    for option in OPTIONS:
        assert option.help.endswith((".", ")")) and len(option.help) > 20, option.name
