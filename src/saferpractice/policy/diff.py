"""Which items were added, removed or changed between two versions of a policy, by id.

Staff are asked to re-acknowledge on this basis, so a change is any difference in any field of
an item (its text, title, level references, approval, completion mark, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from saferpractice.policy.model import Policy


@dataclass(frozen=True, slots=True)
class ChangedItem:
    id: str
    fields: tuple[str, ...]
    old: dict[str, Any]
    new: dict[str, Any]


@dataclass(frozen=True, slots=True)
class PolicyDiff:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[ChangedItem, ...] = ()
    old_version: str = ""
    new_version: str = ""
    metadata_changed: tuple[str, ...] = field(default=())

    @property
    def identical(self) -> bool:
        return not (self.added or self.removed or self.changed or self.metadata_changed)

    def to_json(self) -> dict[str, Any]:
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "identical": self.identical,
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": [{"id": item.id, "fields": list(item.fields)} for item in self.changed],
            "metadata_changed": list(self.metadata_changed),
        }


def _items(policy: Policy) -> dict[str, dict[str, Any]]:
    items = {item.id: item.model_dump(mode="json") for item in policy.iter_items()}
    # Headings that are not items but still change what staff read: areas and the council.
    for area_id, area in policy.areas.items():
        items[area_id] = {"name": area.name, "summary": area.summary}
    items["council"] = {"name": policy.council.name, "description": policy.council.description}
    # The level and area an item sits in are part of what it says.
    for resolved in policy.practices():
        items[resolved.practice.id]["level"] = resolved.level.value
        items[resolved.practice.id]["area"] = resolved.area
    return items


def diff_policies(old: Policy, new: Policy) -> PolicyDiff:
    old_items, new_items = _items(old), _items(new)
    added = tuple(item_id for item_id in new_items if item_id not in old_items)
    removed = tuple(item_id for item_id in old_items if item_id not in new_items)
    changed: list[ChangedItem] = []
    for item_id, new_fields in new_items.items():
        old_fields = old_items.get(item_id)
        if old_fields is None or old_fields == new_fields:
            continue
        names = sorted(
            name
            for name in set(old_fields) | set(new_fields)
            if old_fields.get(name) != new_fields.get(name)
        )
        changed.append(ChangedItem(item_id, tuple(names), old_fields, new_fields))
    old_meta = old.metadata.model_dump(mode="json")
    new_meta = new.metadata.model_dump(mode="json")
    old_meta.pop("supporting_documents", None)
    new_meta.pop("supporting_documents", None)
    metadata_changed = tuple(
        sorted(name for name in old_meta if old_meta.get(name) != new_meta.get(name))
    )
    return PolicyDiff(
        added=added,
        removed=removed,
        changed=tuple(changed),
        old_version=old.current_version.version,
        new_version=new.current_version.version,
        metadata_changed=metadata_changed,
    )
