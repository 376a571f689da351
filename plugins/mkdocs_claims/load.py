"""Read YAML files into plain values that remember where each one was written.

Every scalar stays text: the schema in ``validate`` decides types, not YAML's
guesses (``verdict: false`` must stay the verdict ``false``). Duplicate keys,
runaway alias expansion, oversized files, bad encodings and tabs are reported as
problems instead of being silently accepted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .model import Location, Problem

MAX_FILE_BYTES = 1_000_000
# A claim file has a few hundred values; this bounds "billion laughs" alias bombs.
MAX_VALUES_PER_FILE = 100_000
# Claim files nest four levels deep; far deeper nesting is a mistake or an attack on the recursive parser.
MAX_DEPTH = 50

RawValue: TypeAlias = "str | list[Raw] | dict[str, Raw]"


@dataclass
class Raw:
    """A YAML value (text, list or mapping) with the location it was written at."""

    value: RawValue
    location: Location
    # For mappings: where each key was written (missing/unknown field messages point there).
    key_locations: dict[str, Location] = field(default_factory=dict)


class TooManyValues(Exception):
    """Raised while expanding aliases past MAX_VALUES_PER_FILE."""


class RecursiveValue(Exception):
    """Raised at an alias that refers to a collection containing it (`a: &a [*a]`)."""

    def __init__(self, location: Location) -> None:
        self.location = location


class TooDeep(RecursiveValue):
    """Raised past MAX_DEPTH levels of nesting."""


class _TextOnlyLoader(yaml.SafeLoader):
    """A safe loader with no implicit typing: every scalar is resolved as a string."""


_TextOnlyLoader.yaml_implicit_resolvers = {}

# libyaml parses ~10x faster than the pure-Python scanner, which was a third of a 1,000-claim build. It is only
# used for text without tabs that it parses cleanly: libyaml accepts some tabs PyYAML rejects, and its error
# messages differ, so tabs and every error go through the Python loader and problems read exactly as before.
_FastTextOnlyLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    class _CTextOnlyLoader(yaml.CSafeLoader):
        """The same text-only loader on libyaml's parser."""

    _CTextOnlyLoader.yaml_implicit_resolvers = {}
    _FastTextOnlyLoader = _CTextOnlyLoader


# Under `mkdocs serve` every save re-reads every file of the dataset, and parsing is most of that work. With
# KEEP_PARSED on (the plugin sets it when serving), a file whose name and bytes did not change since the last read
# gives back the same tree: trees are never modified after loading. One entry per file name, so the cache holds
# one version of each file. A file whose size, modification time and inode are as last time is not even read again.
KEEP_PARSED = False
_parsed: dict[str, tuple[tuple[int, int, int], bytes, tuple[Raw | None, list[Problem]]]] = {}


def load_yaml_file(path: Path, display_name: str) -> tuple[Raw | None, list[Problem]]:
    """Read one file; return its value tree, or None and the problems that stopped it."""
    where = Location(display_name)
    try:
        stat = path.stat() if KEEP_PARSED else None
        kept = _parsed.get(display_name)
        if stat is not None and kept is not None and kept[0] == (stat.st_mtime_ns, stat.st_size, stat.st_ino):
            return kept[2][0], list(kept[2][1])
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(where, "", f"cannot read file: {error.strerror}")]
    if stat is None:
        return load_yaml_bytes(data, display_name)
    digest = hashlib.blake2b(data, digest_size=16).digest()
    parsed = kept[2] if kept is not None and kept[1] == digest else load_yaml_bytes(data, display_name)
    _parsed[display_name] = ((stat.st_mtime_ns, stat.st_size, stat.st_ino), digest, parsed)
    raw, problems = parsed
    return raw, list(problems)


def load_yaml_bytes(data: bytes, display_name: str) -> tuple[Raw | None, list[Problem]]:
    """Parse YAML bytes into a Raw tree, reporting every way the bytes can be unusable."""
    where = Location(display_name)
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(where, "", f"file is {len(data):,} bytes; the limit is "
                              f"{MAX_FILE_BYTES:,}. Split it, or move long text out of it.")]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(Location(display_name, 1, 1), "",
                              "file starts with a byte-order mark; save it as UTF-8 without BOM")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return None, [Problem(Location(display_name, line), "",
                              f"invalid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8")]
    if not text.strip():
        return None, [Problem(where, "", "file is empty; expected YAML such as 'id: my-claim'")]
    too_deep = _flow_depth_problem(text, display_name)
    if too_deep:
        return None, [too_deep]
    try:
        node = _compose(text)
    except RecursionError:
        return None, [Problem(where, "", "values are nested too deeply; a claim file needs at most four levels")]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, text, display_name)]
    except yaml.YAMLError as error:
        return None, [Problem(where, "", f"YAML error: {error}")]
    if node is None:
        return None, [Problem(where, "", "file holds no value; expected YAML such as 'id: my-claim'")]
    problems: list[Problem] = []
    try:
        raw = _to_raw(node, display_name, problems, [0])
    except TooManyValues:
        return None, [Problem(Location(display_name, node.start_mark.line + 1), "",
                              f"anchors and aliases expand to more than {MAX_VALUES_PER_FILE:,} values; "
                              "write the values out instead of using aliases")]
    except TooDeep as deep:
        return None, [Problem(deep.location, "", f"values are nested more than {MAX_DEPTH} levels deep; "
                              "a claim file needs at most four")]
    except RecursiveValue as loop:
        return None, [Problem(loop.location, "", "an alias refers to a value that contains it, which never ends; "
                              "write the values out instead of using aliases")]
    return raw, problems


def _flow_depth_problem(text: str, display_name: str) -> Problem | None:
    """Deep [ and { nesting crashes the recursive parsers (libyaml's overflows the C stack): refuse it first."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:  # the usual case: nothing to scan
        return None
    depth, line, quote = 0, 1, ""
    for char in text:
        if char == "\n":
            line += 1
        elif quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return Problem(Location(display_name, line), "", f"values are nested more than {MAX_DEPTH} levels "
                               "deep; a claim file needs at most four")
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


def _compose(text: str) -> Node | None:
    """The node tree of one YAML document, with libyaml when it gives the same answer as PyYAML."""
    if _FastTextOnlyLoader is not None and "\t" not in text:
        try:
            return yaml.compose(text, Loader=_FastTextOnlyLoader)
        except yaml.YAMLError:
            pass  # parsed again below, so the problem is reported in PyYAML's words
    return yaml.compose(text, Loader=_TextOnlyLoader)


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, display_name: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    if "\t" in source_line[: len(source_line) - len(source_line.lstrip())] or (
        error.problem and "'\\t'" in error.problem
    ):
        message = "tab character used for indentation; YAML needs spaces"
    else:
        message = f"YAML syntax error: {error.problem or error.context}"
        if error.context and error.problem:
            message += f" ({error.context})"
        opened = _unbalanced_quote_line(text, line)
        if opened:
            message += f"; check the quotation mark opened on line {opened}"
    return Problem(Location(display_name, line, column), "", message)


def _unbalanced_quote_line(text: str, up_to_line: int) -> int:
    """The first line before the error with an odd number of double quotes: the usual unterminated string."""
    for number, line in enumerate(text.splitlines()[:up_to_line], 1):
        if line.replace('\\"', "").count('"') % 2 == 1:
            return number
    return 0


def _to_raw(node: Node, file: str, problems: list[Problem], budget: list[int],
            open_nodes: tuple[int, ...] = ()) -> Raw:
    """Walk the composed nodes; ``open_nodes`` are the collections being walked (an alias to one loops)."""
    budget[0] += 1
    if budget[0] > MAX_VALUES_PER_FILE:
        raise TooManyValues
    location = Location(file, node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, ScalarNode):
        return Raw(str(node.value), location)
    if id(node) in open_nodes:
        raise RecursiveValue(location)
    if len(open_nodes) >= MAX_DEPTH:
        raise TooDeep(location)
    open_nodes = (*open_nodes, id(node))
    if isinstance(node, SequenceNode):
        return Raw([_to_raw(item, file, problems, budget, open_nodes) for item in node.value], location)
    assert isinstance(node, MappingNode)
    mapping: dict[str, Raw] = {}
    key_locations: dict[str, Location] = {}
    for key_node, value_node in node.value:
        key_location = Location(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if not isinstance(key_node, ScalarNode):
            problems.append(Problem(key_location, "", "a key must be plain text"))
            continue
        key = str(key_node.value)
        if key == "<<":
            problems.append(Problem(key_location, key, "merge keys ('<<') are not supported; write the fields out"))
            continue
        if key in mapping:
            first = key_locations[key]
            problems.append(Problem(key_location, key, f"duplicate key (first written at line {first.line}); "
                                    "YAML would silently keep only the last one, so remove one of them"))
            continue
        mapping[key] = _to_raw(value_node, file, problems, budget, open_nodes)
        key_locations[key] = key_location
    return Raw(mapping, location, key_locations)
