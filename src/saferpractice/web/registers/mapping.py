"""How a row of the school folder (the core's records) and its database row correspond.

One table, `REGISTERS`, names each register's model, its rows in a core `School`, the
database values of a core row, and the fields that identify a row (for a merge). Import,
merge and export all use it, so a field added to a register is added here once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

from saferpractice.school import School as CoreSchool
from saferpractice.web.agreements.models import Approval, ApprovalStatus, Consent
from saferpractice.web.policies.models import Acknowledgement
from saferpractice.web.registers.models import Account, Device, Person

# Fields with the same name and meaning in the core record and the database row.
PLAIN: dict[type[Model], tuple[str, ...]] = {
    Person: ("given_name", "family_name", "role", "left_on", "notes"),
    Account: ("kind", "value", "ownership", "notes"),
    Device: (
        *("ownership", "kind", "make", "model", "serial"),
        *("passcode", "bluetooth", "encrypted", "notes"),
    ),
    Approval: ("kind", "purpose", "valid_from", "valid_to", "notes"),
    Consent: ("use", "status", "given_by", "recorded_on", "expires_on", "notes"),
    Acknowledgement: ("policy_version", "acknowledged_on", "notes"),
}


def plain(model: type[Model], source: Any) -> dict[str, Any]:
    return {name: getattr(source, name) for name in PLAIN[model]}


@dataclass(slots=True)
class Refs:
    """The school's database people and devices by folder id, for the foreign keys."""

    people: dict[str, Person] = field(default_factory=dict)
    devices: dict[str, Device] = field(default_factory=dict)


def _person(p: Any, refs: Refs) -> dict[str, Any]:
    return {
        "ref": p.id,
        "email": p.email or "",
        "phone": p.phone or "",
        "responsibilities": list(p.responsibilities),
        "guardian_of": list(p.guardian_of),
        **plain(Person, p),
    }


def _device(d: Any, refs: Refs) -> dict[str, Any]:
    owner = refs.people.get(d.owner) if d.owner else None
    return {"ref": d.id, "owner": owner, **plain(Device, d)}


def _approval(a: Any, refs: Refs) -> dict[str, Any]:
    device = refs.devices.get(a.device) if a.device else None
    return {
        "ref": a.id,
        "person": refs.people[a.person],
        "device": device,
        "approved_by_ref": a.approved_by,
        "status": ApprovalStatus.APPROVED,
        **plain(Approval, a),
    }


def _owned(column: str, model: type[Model]) -> Callable[[Any, Refs], dict[str, Any]]:
    """Values of a row that belongs to a person through `column` (person, pupil)."""

    def values(row: Any, refs: Refs) -> dict[str, Any]:
        return {column: refs.people[getattr(row, column)], **plain(model, row)}

    return values


@dataclass(frozen=True, slots=True)
class Register:
    name: str
    model: type[Model]
    rows: Callable[[CoreSchool], Iterable[Any]]
    values: Callable[[Any, Refs], dict[str, Any]]
    key: tuple[str, ...]  # what identifies a row; "person.ref" follows a foreign key
    related: tuple[str, ...] = ()

    def key_of(self, source: Model | dict[str, Any]) -> tuple[Any, ...]:
        return tuple(_lookup(source, name) for name in self.key)


def _lookup(source: Any, dotted: str) -> Any:
    first, _, rest = dotted.partition(".")
    value = source[first] if isinstance(source, dict) else getattr(source, first)
    return getattr(value, rest) if rest and value is not None else value


REGISTERS: tuple[Register, ...] = (
    Register("people", Person, lambda s: s.people.values(), _person, ("ref",)),
    Register(
        "accounts",
        Account,
        lambda s: s.accounts,
        _owned("person", Account),
        ("person.ref", "kind", "value"),
        ("person",),
    ),
    Register("devices", Device, lambda s: s.devices, _device, ("ref",), ("owner",)),
    Register(
        "approvals", Approval, lambda s: s.approvals, _approval, ("ref",), ("person", "device")
    ),
    Register(
        "consents",
        Consent,
        lambda s: s.consents,
        _owned("pupil", Consent),
        ("pupil.ref", "use", "status", "recorded_on"),
        ("pupil",),
    ),
    Register(
        "acknowledgements",
        Acknowledgement,
        lambda s: s.acknowledgements,
        _owned("person", Acknowledgement),
        ("person.ref", "policy_version"),
        ("person",),
    ),
)


def remember(register: Register, rows: Iterable[Any], refs: Refs) -> None:
    """After people or devices are written, their rows are what later registers point at."""
    if register.model is Person:
        refs.people = {p.ref: p for p in rows}
    elif register.model is Device:
        refs.devices = {d.ref: d for d in rows}
