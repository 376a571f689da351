"""Documentation and code cannot disagree: every option, field, template and directive is documented."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import jinja2
import pytest
from jinja2 import nodes

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
    for template in sorted((TEMPLATES / "claims").rglob("*.html")):
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


def _options_reference_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("options_reference", ROOT / "tools" / "options_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_options_reference_is_generated_from_the_declaration() -> None:
    """A new or changed option in options.py fails here until the README's table is regenerated."""
    tool = _options_reference_tool()
    assert tool.START in README and tool.END in README
    assert tool.with_table(README, tool.options_table()) == README, (
        "README.md's options reference is out of date: run `python tools/options_reference.py`")


def test_the_options_reference_check_mode_reports_a_stale_table(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                                 ) -> None:
    tool = _options_reference_tool()
    stale = tmp_path / "README.md"
    stale.write_text(README.replace("| `claims_dir` |", "| `claims_folder` |"), encoding="utf-8")
    monkeypatch.setattr(tool, "README", stale)
    assert tool.main(["--check"]) == 1
    assert "run `python tools/options_reference.py`" in capsys.readouterr().err
    assert tool.main([]) == 0
    assert stale.read_text(encoding="utf-8") == README


def _parsed(template: Path) -> nodes.Template:
    return jinja2.Environment(extensions=["jinja2.ext.i18n"]).parse(template.read_text(encoding="utf-8"))


def test_every_template_block_is_documented() -> None:
    """A block a site can redefine is named in the README's row for its template (claims/base/claim.html's blocks
    in the row of claim.html, the name a site overrides)."""
    for template in sorted((TEMPLATES / "claims").rglob("*.html")):
        for block in _parsed(template).find_all(nodes.Block):
            assert re.search(rf"^\| `{template.name}` \|.*`{block.name}`", README, re.MULTILINE), (
                f"README.md, Templates: the row of `{template.name}` does not name its block `{block.name}`")


def test_templates_with_blocks_only_extend_their_base() -> None:
    """claims/<name>.html extends claims/base/<name>.html and adds nothing, so a site's own claims/<name>.html can
    extend the same base (a template cannot extend its own name: the site's file would load itself)."""
    bases = sorted((TEMPLATES / "claims" / "base").glob("*.html"))
    assert bases
    for base in bases:
        tree = _parsed(TEMPLATES / "claims" / base.name)
        extends = list(tree.find_all(nodes.Extends))
        assert len(extends) == 1 and isinstance(extends[0].template, nodes.Const), base.name
        assert extends[0].template.value == f"claims/base/{base.name}", base.name
        assert not list(tree.find_all(nodes.Block)) and not list(tree.find_all(nodes.Output)), base.name
