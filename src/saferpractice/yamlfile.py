"""The one YAML loader: the policy, school.yaml, lexicons and web-filter categories.

It keeps the line of every key and list item (ruamel.yaml's round-trip tree beside a plain,
JSON-compatible copy), reads dates as text (so a bad date is a validation error with a line,
not a crash), and refuses hostile files before building anything, each with a clear message:

- a file over `MAX_YAML_BYTES` (a 50 MB file took 91 s to parse);
- nesting deeper than `MAX_DEPTH` (3,000 levels raised RecursionError);
- anchors and aliases that would expand to more than `MAX_VALUES` values ("billion laughs":
  nine levels of ten aliases each ran for over 300 s in 5.6 GB).

Alias expansion and depth are checked on ruamel's event stream, read without recursion and
without expanding aliases, whenever the text holds an anchor; deep `[`/`{` nesting by a
character scan; deep block nesting without anchors by the composer's own recursion limit. A
refused file costs time proportional to its size.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
    ScalarEvent,
)
from ruamel.yaml.nodes import ScalarNode

from saferpractice.diagnostics import Diagnostic

__all__ = [
    "MAX_DEPTH",
    "MAX_VALUES",
    "MAX_YAML_BYTES",
    "PathPart",
    "YamlSource",
    "format_path",
    "line_of_node",
    "parse_yaml_text",
    "read_yaml",
]

MAX_YAML_BYTES = 2 * 1024 * 1024  # the built-in policy is 60 KiB, the lexicons 30 KiB
MAX_DEPTH = 64  # the policy nests 6 deep
MAX_VALUES = 500_000  # values after expanding every alias; the policy has about 2,000

PathPart = str | int


class _TextDateConstructor(RoundTripConstructor):
    """Keeps dates as text, so that a bad date is a validation error with a line."""


def _timestamp_as_text(constructor: RoundTripConstructor, node: ScalarNode) -> str:
    return str(node.value)


_TextDateConstructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


@dataclass(frozen=True, slots=True)
class YamlSource:
    """A parsed YAML file: the plain data and a way back to line numbers."""

    name: str
    tree: Any
    data: Any

    def line_of(self, path: Sequence[PathPart]) -> int:
        """The 1-based line of the deepest node on `path` that exists in the file."""
        node = self.tree
        line = 1
        if isinstance(node, CommentedMap | CommentedSeq):
            line = node.lc.line + 1
        for part in path:
            if not _holds(node, part):
                break
            # ruamel keeps no position for the items of a sequence with a custom tag (`!foo [x]`)
            line = line_of_node(node, part) or line
            node = node[part]
        return line


def _holds(node: Any, part: PathPart) -> bool:
    if isinstance(node, CommentedMap):
        return isinstance(part, str) and part in node
    return isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node)


def line_of_node(node: Any, key: PathPart | None = None) -> int | None:
    """1-based line of a key or item of a round-trip node (or of the node); None if unknown."""
    if not isinstance(node, CommentedMap | CommentedSeq):
        return None
    try:
        if key is None:
            return int(node.lc.line) + 1
        if isinstance(node, CommentedSeq) and isinstance(key, int):
            return int(node.lc.item(key)[0]) + 1
        return int(node.lc.key(key)[0]) + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        return int(node.lc.line) + 1


def format_path(path: Sequence[PathPart]) -> str:
    """`areas.email.red[1].consequences` from ("areas", "email", "red", 1, "consequences")."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(top level)"


class _TooDeepError(Exception):
    pass


def to_plain(node: Any, depth: int = 0) -> Any:
    """A JSON-compatible copy of a ruamel tree (plain dicts, lists, str, int, float, bool).

    Safe only on trees within the alias bound (aliases are expanded here); raises _TooDeepError
    beyond MAX_DEPTH."""
    if isinstance(node, dict | list) and depth >= MAX_DEPTH:
        raise _TooDeepError
    if isinstance(node, dict):
        return {str(key): to_plain(value, depth + 1) for key, value in node.items()}
    if isinstance(node, list):
        return [to_plain(value, depth + 1) for value in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node)


_FLOW_BRACKET = re.compile(r"[\[\]{}]")


def _flow_depth(text: str, name: str) -> Diagnostic | None:
    """Refuse deep `[`/`{` nesting before ruamel's scanner sees it: the scanner reads a
    whole flow collection ahead, in time quadratic in its depth. Brackets inside quoted text
    are counted too; no sensible file opens MAX_DEPTH of them without closing any. Only the
    brackets are looked at (found in C); the line is counted only for a refusal."""
    depth = 0
    for bracket in _FLOW_BRACKET.finditer(text):
        if bracket.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, bracket.start()) + 1
                return Diagnostic(
                    name, f"nested more than {MAX_DEPTH} levels deep; refused", line=line
                )
        else:
            depth = max(0, depth - 1)
    return None


def _bounds(yaml: YAML, text: str, name: str) -> Diagnostic | None:
    """A diagnostic if `text` nests deeper than MAX_DEPTH or its aliases expand beyond
    MAX_VALUES values; None if it is within bounds (or is not YAML: the loader says so)."""
    sizes: dict[str, int] = {}  # anchor -> values under it, aliases expanded
    stack: list[list[Any]] = []  # [values so far, anchor] per open collection
    total = 0
    for event in yaml.parse(text):
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, CollectionStartEvent):
            stack.append([1, event.anchor])
            if len(stack) > MAX_DEPTH:
                return Diagnostic(
                    name, f"nested more than {MAX_DEPTH} levels deep; refused", line=line
                )
            continue
        if isinstance(event, CollectionEndEvent):
            size, anchor = stack.pop()
        elif isinstance(event, AliasEvent):
            size, anchor = sizes.get(str(event.anchor), 1), None
        elif isinstance(event, ScalarEvent):
            size, anchor = 1, event.anchor
        else:
            continue
        if isinstance(event, NodeEvent | CollectionEndEvent) and anchor is not None:
            sizes[str(anchor)] = size
        if stack:
            stack[-1][0] += size
            grown = stack[-1][0]
        else:
            total += size
            grown = total
        if grown > MAX_VALUES:
            return Diagnostic(
                name,
                f"its anchors and aliases expand to more than {MAX_VALUES:,} values "
                "(a 'billion laughs' file); refused",
                line=line,
            )
    return None


def parse_yaml_text(text: str, name: str) -> YamlSource | Diagnostic:
    """Parse YAML text within the bounds; a Diagnostic (with the line) if it is not
    well-formed YAML or breaks a bound."""
    if len(text) > MAX_YAML_BYTES:
        return Diagnostic(name, f"is over the {MAX_YAML_BYTES // (1024 * 1024)} MiB limit")
    yaml = YAML(typ="rt")
    yaml.Constructor = _TextDateConstructor
    try:
        refused = _flow_depth(text, name)
        if refused is None and "&" in text:  # without an anchor there is no alias to expand
            refused = _bounds(yaml, text, name)
        if refused is not None:
            return refused
        tree = yaml.load(text)
        data = to_plain(tree)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "not valid YAML"
        return Diagnostic(name, f"not valid YAML: {problem}", line=line)
    except (YAMLError, ValueError, TypeError) as error:
        return Diagnostic(name, f"not valid YAML: {str(error).splitlines()[0]}")
    except IndexError:
        # ruamel takes a sign and underscores ('+_') for an integer, then fails to build it
        # (found by the YAML fuzzer)
        return Diagnostic(
            name,
            "not valid YAML: a value the reader took for a number could not be read "
            "(such as '+_'); put it in quotes",
        )
    except (RecursionError, _TooDeepError):
        # Block nesting ("- - - - ...") without anchors is not pre-scanned (that would double
        # the cost of every load); the composer's recursion then stops it here.
        return Diagnostic(name, f"nested more than {MAX_DEPTH} levels deep; refused")
    return YamlSource(name=name, tree=tree, data=data)


def read_yaml(path: Path, name: str | None = None) -> YamlSource | Diagnostic:
    """Read and parse a YAML file (UTF-8, a BOM allowed); a Diagnostic naming `name` (the
    path by default) if it is missing, unreadable, too large or not well-formed."""
    shown = name or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            return Diagnostic(
                shown,
                f"is {size:,} bytes, over the {MAX_YAML_BYTES // (1024 * 1024)} MiB limit "
                "for a YAML file; refused",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        return Diagnostic(shown, "file not found")
    except OSError as error:
        return Diagnostic(shown, f"cannot read the file: {error.strerror or error}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Diagnostic(shown, "not UTF-8 text; save it as UTF-8", line=line)
    return parse_yaml_text(text, shown)
