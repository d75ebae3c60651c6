"""Reading a policy YAML file while keeping the line of every key and list item.

ruamel.yaml's round-trip loader records where each key and item came from; we keep the parsed
tree beside a plain (JSON-compatible) copy so that any error found in the plain data can be
reported at the line it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode

from saferpractice.diagnostics import Diagnostic

PathPart = str | int


class _TextDateConstructor(RoundTripConstructor):
    """Keeps dates as text, so that a bad date is a validation error with a line, not a crash."""


def _timestamp_as_text(constructor: RoundTripConstructor, node: ScalarNode) -> str:
    return str(node.value)


_TextDateConstructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


@dataclass(frozen=True, slots=True)
class PolicySource:
    """A parsed policy file: the plain data and a way back to line numbers."""

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
            if isinstance(node, CommentedMap) and isinstance(part, str) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        return line


def format_path(path: Sequence[PathPart]) -> str:
    """`areas.email.red[1].consequences` from ("areas", "email", "red", 1, "consequences")."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(top level)"


def to_plain(node: Any) -> Any:
    """A JSON-compatible copy of a ruamel tree (plain dicts, lists, str, int, float, bool)."""
    if isinstance(node, dict):
        return {str(key): to_plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [to_plain(value) for value in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return str(node)


def parse_policy_text(text: str, name: str) -> PolicySource | Diagnostic:
    """Parse YAML text; a Diagnostic (with the line) if it is not well-formed YAML."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _TextDateConstructor
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "not valid YAML"
        return Diagnostic(name, f"not valid YAML: {problem}", line=line)
    except (YAMLError, ValueError, TypeError) as error:
        return Diagnostic(name, f"not valid YAML: {error}")
    return PolicySource(name=name, tree=tree, data=to_plain(tree))


def read_policy_source(path: Path) -> PolicySource | Diagnostic:
    """Read and parse a policy file; a Diagnostic if it cannot be read or parsed."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return Diagnostic(str(path), f"not UTF-8 text (byte {error.start})", offset=error.start)
    except OSError as error:
        return Diagnostic(str(path), f"cannot read the file: {error.strerror or error}")
    return parse_policy_text(text, str(path))
