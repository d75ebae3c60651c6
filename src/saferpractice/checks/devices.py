"""Checks on the device register (devices.csv) and MDM inventories."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from saferpractice.checks.base import make_finding
from saferpractice.checks.context import CheckContext
from saferpractice.checks.dispatch import record_check, school_check
from saferpractice.evidence.records import DeviceRecord
from saferpractice.findings import EvidencePointer, Finding


@dataclass(frozen=True, slots=True)
class DeviceFacts:
    """The fields the device checks need, from the register or from an MDM export."""

    id: str
    owner: str
    ownership: str
    kind: str
    make: str
    model: str
    passcode: str
    bluetooth: str
    source: str
    where: str


def facts_from_register(ctx: CheckContext) -> Iterator[DeviceFacts]:
    for device in ctx.school.devices:
        yield DeviceFacts(
            device.id,
            device.owner or "",
            device.ownership,
            device.kind,
            device.make,
            device.model,
            device.passcode,
            device.bluetooth,
            "devices.csv",
            f"devices.csv row {device.row}",
        )


def facts_from_record(record: DeviceRecord) -> DeviceFacts:
    return DeviceFacts(
        record.id,
        record.owner,
        record.ownership,
        record.device_kind,
        record.make,
        record.model,
        record.passcode,
        record.bluetooth,
        record.source,
        f"{record.source} {record.locator}",
    )


def _pointer(facts: DeviceFacts, detail: str) -> EvidencePointer:
    return EvidencePointer(
        kind="device",
        source=facts.source,
        ref=facts.id,
        excerpt=(
            f"{facts.id}: {facts.ownership} {facts.kind} {facts.make} {facts.model}; {detail}"
        ),
    )


def _owner_label(facts: DeviceFacts, ctx: CheckContext) -> str:
    person = ctx.school.person(facts.owner) if facts.owner else None
    return person.full_name if person else "a shared school device"


def check_device(facts: DeviceFacts, ctx: CheckContext) -> Iterator[Finding]:
    people = [facts.owner] if facts.owner else []
    if facts.passcode == "no":
        yield make_finding(
            "devices.no-passcode",
            people=people,
            summary=f"{facts.make} {facts.model} ({facts.id}) has no passcode",
            why=[
                f"passcode is recorded as 'no' ({facts.where})",
                f"owner: {_owner_label(facts, ctx)}",
            ],
            evidence=_pointer(facts, "passcode: no"),
        )
    if facts.bluetooth == "on":
        covering = (
            ctx.school.approvals_covering(facts.owner, "equipment", ctx.as_of, facts.id)
            if facts.owner
            else ()
        )
        if covering:
            return
        yield make_finding(
            "devices.bluetooth-on",
            people=people,
            summary=f"{facts.make} {facts.model} ({facts.id}) has Bluetooth switched on",
            why=[
                f"bluetooth is recorded as 'on' ({facts.where})",
                f"owner: {_owner_label(facts, ctx)}",
                "no equipment approval covers this device",
            ],
            evidence=_pointer(facts, "bluetooth: on"),
        )


def check_device_record(record: DeviceRecord, ctx: CheckContext) -> Iterator[Finding]:
    yield from check_device(facts_from_record(record), ctx)


def check_register(ctx: CheckContext) -> Iterator[Finding]:
    """The device checks over every device in the school's own register."""
    for facts in facts_from_register(ctx):
        yield from check_device(facts, ctx)


DEVICE_RULES = ("devices.no-passcode", "devices.bluetooth-on")
CHECKS = (
    record_check(DEVICE_RULES, DeviceRecord, check_device_record),
    school_check(DEVICE_RULES, check_register),
)
