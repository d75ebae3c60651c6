"""Merging a school folder into the registers: add new rows, update changed ones, keep the rest.

A row is the same row when its key matches (`mapping.Register.key`: a person's or device's
id; an account's person, kind and value; ...). Nothing in the database is removed: rows the
file does not have are kept and counted, so an import never silently drops anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max, Model

from saferpractice.school import School as CoreSchool
from saferpractice.web.audit import chain
from saferpractice.web.audit.models import Action
from saferpractice.web.organisations.models import School
from saferpractice.web.registers.mapping import REGISTERS, Refs, Register, remember

SHOWN = 20  # rows named per register and kind of change; the rest are counted


@dataclass(slots=True)
class RegisterChange:
    """What a merge (or a replacement) did to one register, naming the rows by key."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)  # in the office, not in the file
    removed: list[str] = field(default_factory=list)  # replacement only
    rows_now: int = 0  # replacement only: the register's rows afterwards

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.kept or self.removed)


def _label(key: tuple[Any, ...]) -> str:
    return " / ".join(str(part) for part in key)


def _existing(register: Register, school: School) -> dict[tuple[Any, ...], Any]:
    model: Any = register.model
    rows = model.objects.filter(school=school).select_related(*register.related)
    return {register.key_of(row): row for row in rows.order_by("position", "created_at")}


def _merge_one(register: Register, school: School, core: CoreSchool, refs: Refs) -> RegisterChange:
    change = RegisterChange()
    existing = _existing(register, school)
    model: Any = register.model
    position = (model.objects.filter(school=school).aggregate(m=Max("position"))["m"] or 0) + 1
    seen: set[tuple[Any, ...]] = set()
    for row in register.rows(core):
        values = register.values(row, refs)
        key = register.key_of(values)
        seen.add(key)
        current: Model | None = existing.get(key)
        if current is None:
            existing[key] = model.objects.create(school=school, position=position, **values)
            position += 1
            change.added.append(_label(key))
            continue
        differ = [name for name, value in values.items() if getattr(current, name) != value]
        if not differ:
            change.unchanged += 1
            continue
        for name in differ:
            setattr(current, name, values[name])
        current.save()
        change.updated.append(f"{_label(key)} ({', '.join(n.replace('_', ' ') for n in differ)})")
    change.kept = [_label(key) for key in existing if key not in seen]
    remember(register, existing.values(), refs)
    return change


@transaction.atomic
def merge_registers(school: School, core: CoreSchool) -> dict[str, RegisterChange]:
    """Add and update the school's registers from `core`, keeping what it does not have."""
    from saferpractice.web.registers.folder import apply_settings

    changes: dict[str, RegisterChange] = {}
    refs = Refs()
    with chain.suppressed():
        settings_changed = apply_settings(school, core)
        for register in REGISTERS:
            changes[register.name] = _merge_one(register, school, core, refs)
    summary = {
        name: {"added": len(c.added), "updated": len(c.updated), "kept": len(c.kept)}
        for name, c in changes.items()
    }
    chain.record(
        Action.IMPORTED,
        "school folder merged: "
        + "; ".join(
            f"{name} {s['added']} added, {s['updated']} updated" for name, s in summary.items()
        ),
        school=school,
        detail={
            "mode": "merge",
            "settings changed": settings_changed,
            "registers": summary,
            "updated": {n: c.updated[:SHOWN] for n, c in changes.items() if c.updated},
            "added": {n: c.added[:SHOWN] for n, c in changes.items() if c.added},
        },
    )
    return changes


def removals(school: School, core: CoreSchool) -> dict[str, RegisterChange]:
    """What replacing the registers with `core` would remove (rows the file does not have)."""
    refs = Refs()
    changes: dict[str, RegisterChange] = {}
    for register in REGISTERS:
        existing = _existing(register, school)
        remember(register, existing.values(), refs)
        incoming: set[tuple[Any, ...]] = set()
        for row in register.rows(core):
            try:
                incoming.add(register.key_of(register.values(row, refs)))
            except KeyError:  # its person is not in the office yet: a new row, removing nothing
                continue
        changes[register.name] = RegisterChange(
            removed=[_label(key) for key in existing if key not in incoming]
        )
    return changes
