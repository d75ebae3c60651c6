"""Editing a policy's YAML for the annual review, keeping its layout and comments.

These change the text only; the core's validator (`saferpractice.policy.check_policy_text`)
judges every result before it is saved.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    return yaml


def _load(text: str) -> Any:
    return _yaml().load(text)


def _dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def _mappings(node: Any) -> Iterator[CommentedMap]:
    if isinstance(node, CommentedMap):
        yield node
        for value in node.values():
            yield from _mappings(value)
    elif isinstance(node, CommentedSeq):
        for value in node:
            yield from _mappings(value)


def start_draft(text: str, version: str, reason: str, authors: str, on: date) -> str:
    """The policy with a new row in its version table (next review a year on)."""
    data = _load(text)
    row = CommentedMap()
    row["version"] = version
    row["date"] = on
    row["authors"] = authors
    row["reason"] = reason
    row["next_revision"] = on + timedelta(days=365)
    data["metadata"]["versions"].append(row)
    return _dump(data)


def date_version(text: str, version: str, on: date) -> str:
    """Set the date of `version`'s row (publishing dates it) and its next review a year on."""
    data = _load(text)
    for row in data["metadata"]["versions"]:
        if str(row.get("version")) == version:
            row["date"] = on
            row["next_revision"] = on + timedelta(days=365)
    return _dump(data)


def item_texts(text: str, item_id: str) -> dict[str, str]:
    """The editable fields (text, and title where it has one) of one item."""
    for node in _mappings(_load(text)):
        if node.get("id") == item_id:
            return {key: str(node[key]) for key in ("title", "text") if key in node}
    raise KeyError(item_id)


def set_item_text(text: str, item_id: str, new_text: str, title: str | None = None) -> str:
    """The policy with one item's text (and title) replaced."""
    data = _load(text)
    for node in _mappings(data):
        if node.get("id") == item_id:
            node["text"] = new_text.strip()
            if title is not None and "title" in node:
                node["title"] = title.strip()
            return _dump(data)
    raise KeyError(item_id)
