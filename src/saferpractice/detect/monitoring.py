"""UK Safer Internet Centre monitoring categories and the web-filter names mapped onto them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from saferpractice.diagnostics import Diagnostic
from saferpractice.yamlfile import line_of_node, read_yaml

SCHOOL_CATEGORIES_FILE = "web-categories.yaml"  # a school's own filter names, in its folder


@dataclass(frozen=True, slots=True)
class MonitoringCategory:
    id: str
    title: str
    description: str
    filter_names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MonitoringMap:
    categories: tuple[MonitoringCategory, ...]
    by_name: tuple[tuple[str, str], ...]  # normalised filter name -> category id
    diagnostics: tuple[Diagnostic, ...] = ()

    def lookup(self, filter_category: str) -> MonitoringCategory | None:
        key = normalise_filter_name(filter_category)
        names = dict(self.by_name)
        cid = names.get(key)
        if cid is None:
            return None
        return next(c for c in self.categories if c.id == cid)


def normalise_filter_name(name: str) -> str:
    """'Self_Harm', 'self-harm ' and 'Self Harm' are the same filter category."""
    return re.sub(r"[\s_\-]+", " ", name.strip().lower())


def _load(path: Path, cats: dict[str, dict[str, Any]], diags: list[Diagnostic]) -> None:
    source = str(path)
    parsed = read_yaml(path)
    if isinstance(parsed, Diagnostic):
        diags.append(parsed)
        return
    data = parsed.tree  # round-trip nodes: every key and item knows its line
    items = data.get("categories") if isinstance(data, dict) else None
    if not isinstance(items, list):
        diags.append(Diagnostic(source, "expected a mapping with a 'categories' list", line=1))
        return
    for index, item in enumerate(items):
        line = line_of_node(items, index)
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            diags.append(Diagnostic(source, "each category needs an 'id'", line=line, field="id"))
            continue
        names = item.get("filter_names", [])
        if not isinstance(names, list):
            diags.append(
                Diagnostic(source, "'filter_names' must be a list", line=line, field="filter_names")
            )
            continue
        entry = cats.get(item["id"])
        if entry is None:
            if not item.get("title"):
                diags.append(
                    Diagnostic(source, f"new category '{item['id']}' needs a title", line=line)
                )
                continue
            entry = cats[item["id"]] = {
                "title": str(item["title"]),
                "description": str(item.get("description", "")),
                "names": [],
            }
        entry["names"].extend(str(n) for n in names)


def load_monitoring(extra_paths: Sequence[str | Path] = ()) -> MonitoringMap:
    """The built-in categories with each extra file's filter names (and new categories)
    added; problems come back as `diagnostics` naming the file and line."""
    cats: dict[str, dict[str, Any]] = {}
    diags: list[Diagnostic] = []
    builtin = Path(str(resources.files("saferpractice.detect") / "monitoring.yaml"))
    for path in [builtin, *(Path(p) for p in extra_paths)]:
        _load(path, cats, diags)
    categories = tuple(
        MonitoringCategory(cid, c["title"], c["description"], tuple(c["names"]))
        for cid, c in cats.items()
    )
    by_name: dict[str, str] = {}
    for category in categories:
        by_name[normalise_filter_name(category.id)] = category.id
        by_name[normalise_filter_name(category.title)] = category.id
        for name in category.filter_names:
            by_name[normalise_filter_name(name)] = category.id
    return MonitoringMap(categories, tuple(sorted(by_name.items())), tuple(diags))


@lru_cache(maxsize=1)
def _builtin() -> MonitoringMap:
    return load_monitoring()


def monitoring_category(filter_category: str | None) -> MonitoringCategory | None:
    """The UK Safer Internet Centre category of a web filter's category name, or None."""
    if not filter_category:
        return None
    return _builtin().lookup(filter_category)
