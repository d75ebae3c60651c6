"""Checks on photographs of pupils: equipment, consent and location data."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from saferpractice.checks.base import make_finding
from saferpractice.checks.context import CheckContext
from saferpractice.checks.dispatch import record_check
from saferpractice.evidence.records import ImageRecord
from saferpractice.findings import EvidencePointer, Finding

PUBLISHED_USES = frozenset({"website", "social-media", "press"})


def _pupils_in(record: ImageRecord, ctx: CheckContext, on: date) -> list[str]:
    """Person ids of current pupils named in the image (by id or by full name)."""
    found: list[str] = []
    for name in record.meta.people:
        person = ctx.school.person(name)
        candidates = [person] if person else list(ctx.school.people_named(name))
        found.extend(p.id for p in candidates if ctx.school.is_current_pupil(p.id, on))
    return list(dict.fromkeys(found))


def _pointer(record: ImageRecord, detail: str) -> EvidencePointer:
    meta = record.meta
    camera = " ".join(part for part in (meta.make, meta.model) if part) or "unknown camera"
    taken = meta.captured_at.isoformat() if meta.captured_at else "unknown date"
    return EvidencePointer(
        kind=record.kind.value,
        source=record.source,
        ref=record.ref,
        excerpt=f"{record.path}: {camera}, taken {taken}; {detail}",
    )


def check_personal_device(record: ImageRecord, ctx: CheckContext) -> Iterator[Finding]:
    on = ctx.local_date(record.meta.captured_at)
    pupils = _pupils_in(record, ctx, on)
    if not pupils:
        return
    meta = record.meta
    school = ctx.school
    device = school.device_by_serial(meta.serial) if meta.serial else None
    if device is not None:
        if device.ownership == "school":
            return
        identified = (
            f"serial {meta.serial} is device {device.id}, personal (devices.csv row {device.row})"
        )
        owner = device.owner
        device_id: str | None = device.id
    else:
        if not meta.make and not meta.model:
            return  # nothing to judge the camera by
        models = school.devices_by_model(meta.make, meta.model)
        if any(d.ownership == "school" for d in models):
            return  # could be school equipment: not worth a DSL's minute
        if models:
            identified = (
                f"identified only by make and model ({meta.make} {meta.model}), which the "
                f"register lists only as personal: {', '.join(d.id for d in models)}"
            )
            owner = models[0].owner if len({d.owner for d in models}) == 1 else ""
            device_id = models[0].id if len(models) == 1 else None
        else:
            identified = (
                f"identified only by make and model ({meta.make} {meta.model}); no school "
                "device of that make and model is in the register"
            )
            owner, device_id = "", None
    photographer = record.taken_by or owner or ""
    if photographer:
        covering = school.approvals_covering(photographer, "images", on, device_id)
        if covering:
            return
    people = [p for p in (photographer,) if p] + pupils
    names = [school.person(pid) for pid in pupils]
    why = [identified]
    if photographer:
        who = school.person(photographer)
        why.append(
            f"taken by {who.full_name if who else photographer}; "
            + _approval_text(ctx, photographer, on)
        )
    why.append("pupils named: " + ", ".join(p.full_name for p in names if p))
    yield make_finding(
        "images.personal-device",
        people=people,
        summary=f"Image of pupils taken on a device that is not school equipment ({record.path})",
        why=why,
        evidence=_pointer(record, identified),
        occurred_at=meta.captured_at,
    )


def _approval_text(ctx: CheckContext, pid: str, on: date) -> str:
    approvals = ctx.school.approvals_of(pid, "images")
    if not approvals:
        return "no images approval is recorded (approvals.csv)"
    parts = [
        f"approval {a.id} covers {a.valid_from}–{a.valid_to}"
        + (f" for device {a.device}" if a.device else "")
        for a in approvals
    ]
    return f"none covers {on}: " + "; ".join(parts)


def check_consent(record: ImageRecord, ctx: CheckContext) -> Iterator[Finding]:
    if not record.use:
        return
    on = ctx.local_date(record.meta.captured_at)
    lacking: list[tuple[str, str]] = []
    for pid in _pupils_in(record, ctx, on):
        state = ctx.school.consent(pid, record.use, on)
        if state.status != "granted":
            lacking.append((pid, state.status))
    if not lacking:
        return
    school = ctx.school
    why = []
    for pid, status in lacking:
        person = school.person(pid)
        name = person.full_name if person else pid
        state = school.consent(pid, record.use, on)
        where = f" (consents.csv row {state.record.row})" if state.record is not None else ""
        wording = {"none": "no consent is recorded"}.get(status, f"consent is {status}")
        why.append(f"{name}: {wording} for {record.use} on {on}{where}")
    yield make_finding(
        "images.no-consent",
        people=[*([record.taken_by] if record.taken_by else []), *(pid for pid, _ in lacking)],
        summary=f"Pupil without {record.use} consent in {record.path}",
        why=why,
        evidence=_pointer(record, f"intended use: {record.use}"),
        occurred_at=record.meta.captured_at,
    )


def check_location(record: ImageRecord, ctx: CheckContext) -> Iterator[Finding]:
    if record.use not in PUBLISHED_USES or not record.meta.gps_present:
        return
    meta = record.meta
    where = (
        f"{meta.latitude:.5f}, {meta.longitude:.5f}"
        if meta.latitude is not None and meta.longitude is not None
        else "coordinates present"
    )
    yield make_finding(
        "images.location",
        people=[record.taken_by] if record.taken_by else [],
        summary=f"Image for {record.use} still carries GPS location ({record.path})",
        why=[f"EXIF GPS: {where}", f"intended use is {record.use}, which is public"],
        evidence=_pointer(record, f"GPS {where}"),
        occurred_at=meta.captured_at,
    )


CHECKS = (
    record_check("images.personal-device", ImageRecord, check_personal_device),
    record_check("images.no-consent", ImageRecord, check_consent),
    record_check("images.location", ImageRecord, check_location),
)
