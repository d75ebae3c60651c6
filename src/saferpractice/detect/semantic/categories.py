"""The semantic detector's categories, read from categories.yaml (data, not code)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ruamel.yaml import YAML


@dataclass(frozen=True, slots=True)
class SemanticCategory:
    id: str
    label: str  # breach | ok
    title: str
    reads_like: str
    concern: str = ""  # for breaches: "possible grooming", "sexual content"
    to_parent: str = ""  # `reads_like` for a message to a pupil's parent, where it differs
    lexicon: tuple[str, ...] = ()  # built-in lexicon categories that name the same pattern

    @property
    def is_breach(self) -> bool:
        return self.label == "breach"

    def reads_like_to(self, parent: bool) -> str:
        """`reads_like`, in the parent's wording when the message went to a parent."""
        return self.to_parent if parent and self.to_parent else self.reads_like


def parse_categories(data: Any) -> dict[str, SemanticCategory]:
    """Categories from the parsed YAML; a `ValueError` names the first thing wrong."""
    if not isinstance(data, dict):
        raise ValueError("categories.yaml must be a mapping with 'breach' and 'ok'")
    found: dict[str, SemanticCategory] = {}
    for label in ("breach", "ok"):
        section = data.get(label)
        if not isinstance(section, dict) or not section:
            raise ValueError(f"categories.yaml: '{label}' must map category ids to details")
        for cid, details in section.items():
            if not isinstance(details, dict):
                raise ValueError(f"categories.yaml: {label}.{cid} must be a mapping")
            missing = [k for k in ("title", "reads_like") if not details.get(k)]
            if label == "breach" and not details.get("concern"):
                missing.append("concern")
            if missing:
                raise ValueError(f"categories.yaml: {label}.{cid} needs {', '.join(missing)}")
            lexicon = details.get("lexicon") or []
            if not isinstance(lexicon, list) or not all(isinstance(x, str) for x in lexicon):
                raise ValueError(f"categories.yaml: {label}.{cid}.lexicon must be a list of ids")
            if str(cid) in found:
                raise ValueError(f"categories.yaml: {cid} is both a breach and an ok category")
            found[str(cid)] = SemanticCategory(
                id=str(cid),
                label=label,
                title=str(details["title"]),
                reads_like=str(details["reads_like"]),
                concern=str(details.get("concern") or ""),
                to_parent=str(details.get("to_parent") or ""),
                lexicon=tuple(lexicon),
            )
    return found


@cache
def categories() -> dict[str, SemanticCategory]:
    text = (resources.files(__package__ or __name__) / "categories.yaml").read_text("utf-8")
    return parse_categories(YAML(typ="safe").load(text))
