"""Parsing and validating each register of the school folder, row by row and across files.

Each `parse_*` function turns a `Table` into records, adding a diagnostic for every problem.
A row with an error is left out; a reference to a row that was left out (or to a file whose
header was unusable) is not reported again, so that each mistake gives one message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, cast

from saferpractice.diagnostics import Diagnostics
from saferpractice.identity import (
    email_domain,
    normalise_email,
    normalise_phone,
    normalise_website,
    parse_social,
    split_multi,
    website_keys,
)
from saferpractice.school.model import (
    ACCOUNT_KINDS,
    APPROVAL_KINDS,
    APPROVER_RESPONSIBILITIES,
    CONSENT_STATUSES,
    CONSENT_USES,
    DEVICE_KINDS,
    DEVICE_OWNERSHIPS,
    ON_OFF_UNKNOWN,
    OWNERSHIPS,
    RESPONSIBILITIES,
    ROLES,
    YES_NO_UNKNOWN,
    Account,
    Acknowledgement,
    Approval,
    Consent,
    Device,
    Ownership,
    Person,
    Role,
    Settings,
    contact_ownership,
)
from saferpractice.school.school import serial_key
from saferpractice.school.table import Cells, Known, Table

PEOPLE = "people.csv"
ACCOUNTS = "accounts.csv"
DEVICES = "devices.csv"
APPROVALS = "approvals.csv"
CONSENTS = "consents.csv"
ACKNOWLEDGEMENTS = "acknowledgements.csv"

COLUMNS: dict[str, tuple[str, ...]] = {
    PEOPLE: (
        "id",
        "given_name",
        "family_name",
        "role",
        "email",
        "phone",
        "responsibilities",
        "guardian_of",
        "left_on",
    ),
    ACCOUNTS: ("person", "kind", "value", "ownership"),
    DEVICES: (
        "id",
        "owner",
        "ownership",
        "kind",
        "make",
        "model",
        "serial",
        "passcode",
        "bluetooth",
        "encrypted",
    ),
    APPROVALS: (
        "id",
        "person",
        "kind",
        "device",
        "purpose",
        "valid_from",
        "valid_to",
        "approved_by",
    ),
    CONSENTS: ("pupil", "use", "status", "given_by", "recorded_on", "expires_on"),
    ACKNOWLEDGEMENTS: ("person", "policy_version", "acknowledged_on"),
}
REGISTERS: tuple[str, ...] = tuple(COLUMNS)

_ID = re.compile(r"^[^\s;,]{1,100}$")


@dataclass(slots=True)
class Context:
    """What later registers need from earlier ones."""

    settings: Settings | None
    diagnostics: Diagnostics
    people: dict[str, Person] = field(default_factory=dict)
    people_known: Known = field(default_factory=Known)
    devices: dict[str, Device] = field(default_factory=dict)
    devices_known: Known = field(default_factory=Known)

    def describe(self, pid: str) -> str:
        person = self.people.get(pid)
        return f"'{pid}' ({person.full_name})" if person else f"'{pid}'"


def _rows(table: Table, diagnostics: Diagnostics) -> list[Cells]:
    return [Cells(table.name, number, values, diagnostics) for number, values in table.rows]


def _ident(cells: Cells, column: str, seen: dict[str, int], known: Known) -> str:
    value = cells.text(column, required=True)
    if not value:
        return ""
    if not _ID.match(value):
        cells.error(
            column, f"'{value}' is not an id (no spaces, commas or ';'; 100 characters at most)"
        )
        return ""
    known.seen.add(value)
    if value in seen:
        cells.error(column, f"duplicate id '{value}'; first used on row {seen[value]}")
        return ""
    seen[value] = cells.row
    return value


def _person_ref(cells: Cells, column: str, ctx: Context, required: bool = True) -> str | None:
    """A person id cell: the id if it names a valid person; None otherwise (reported once)."""
    value = cells.text(column, required=required)
    if not value:
        return None
    if value in ctx.people:
        return value
    if ctx.people_known.unknown(value):
        cells.error(column, f"unknown person id '{value}' (not in people.csv)")
    else:
        cells.failed = True  # the person's own row is broken and already reported
    return None


# -- people.csv ----------------------------------------------------------------------------


def parse_people(table: Table, ctx: Context) -> list[Person]:
    seen: dict[str, int] = {}
    people: list[Person] = []
    emails: dict[str, Person] = {}
    phones: dict[str, Person] = {}
    for cells in _rows(table, ctx.diagnostics):
        pid = _ident(cells, "id", seen, ctx.people_known)
        given = cells.text("given_name")
        family = cells.text("family_name")
        if not given and not family:
            cells.error("given_name", "given_name and family_name are both empty")
        role = cells.choice("role", ROLES)
        email = _email_cell(cells, "email")
        phone = _phone_cell(cells, "phone")
        responsibilities = _responsibilities(cells, role)
        guardian_of = tuple(split_multi(cells.text("guardian_of")))
        if guardian_of and role and role != "parent":
            cells.error("guardian_of", f"applies to parents only; this person's role is {role}")
        left_on = cells.date("left_on", required=False)
        if left_on is not None and role == "parent":
            cells.error(
                "left_on", "applies to pupils, staff, governors and volunteers, not parents"
            )
        if cells.failed:
            continue
        person = Person(
            id=pid,
            given_name=given,
            family_name=family,
            role=cast(Role, role),
            email=email,
            phone=phone,
            responsibilities=responsibilities,
            guardian_of=guardian_of,
            left_on=left_on,
            row=cells.row,
            notes=cells.text("notes"),
        )
        for value, index, what in ((email, emails, "address"), (phone, phones, "number")):
            if value is None:
                continue
            if value in index:
                first = index[value]
                cells.warning(
                    "email" if what == "address" else "phone",
                    f"the same {what} as row {first.row} ({first.full_name}); "
                    f"lookups attribute it to {first.full_name}",
                )
            else:
                index[value] = person
        people.append(person)
        ctx.people[pid] = person
        ctx.people_known.valid.add(pid)
    return people


def _email_cell(cells: Cells, column: str) -> str | None:
    raw = cells.text(column)
    if not raw:
        return None
    value = normalise_email(raw)
    if value is None:
        cells.error(column, f"'{raw}' is not an email address")
    return value


def _phone_cell(cells: Cells, column: str) -> str | None:
    raw = cells.text(column)
    if not raw:
        return None
    value = normalise_phone(raw)
    if value is None:
        cells.error(column, f"'{raw}' is not a valid phone number (GB national or +country)")
    return value


def _responsibilities(cells: Cells, role: str) -> tuple[str, ...]:
    items = split_multi(cells.text("responsibilities"))
    if not items:
        return ()
    if role and role != "staff":
        cells.error("responsibilities", f"apply to staff only; this person's role is {role}")
        return ()
    found: list[str] = []
    for item in items:
        key = item.casefold()
        if key not in RESPONSIBILITIES:
            cells.error(
                "responsibilities",
                f"'{item}' is not allowed; expected any of {', '.join(RESPONSIBILITIES)}",
            )
        elif key in found:
            cells.warning("responsibilities", f"'{item}' is listed twice")
        else:
            found.append(key)
    return tuple(r for r in RESPONSIBILITIES if r in found)


def check_people(table: Table, ctx: Context, people: list[Person]) -> None:
    """Checks that need every person: guardianship links and staff warnings."""
    for person in people:
        cells = Cells(table.name, person.row, {}, ctx.diagnostics)
        listed: set[str] = set()
        for child in person.guardian_of:
            if child in listed:
                cells.warning("guardian_of", f"'{child}' is listed twice")
                continue
            listed.add(child)
            target = ctx.people.get(child)
            if target is None:
                if ctx.people_known.unknown(child):
                    cells.error("guardian_of", f"unknown person id '{child}' (not in people.csv)")
            elif target.role != "pupil":
                cells.error(
                    "guardian_of",
                    f"{ctx.describe(child)} is a {target.role}, not a pupil",
                )
        if person.role == "staff" and person.left_on is None:
            _staff_email_warning(cells, person, ctx.settings)
    people_errors = any(d.source == table.name for d in ctx.diagnostics.errors)
    if not people_errors and not any(
        p.role == "staff"
        and p.left_on is None
        and not APPROVER_RESPONSIBILITIES.isdisjoint(p.responsibilities)
        for p in people
    ):
        ctx.diagnostics.warning(
            table.name,
            "no current member of staff is a head-teacher or senior-leader, so nobody "
            "can approve amber practice",
            field="responsibilities",
        )


def _staff_email_warning(cells: Cells, person: Person, settings: Settings | None) -> None:
    if person.email is None:
        cells.warning("email", f"{person.full_name} is staff but has no school email")
        return
    domains = settings.email_domains if settings else ()
    if domains and not _at_domains(person.email, domains):
        cells.warning(
            "email",
            f"{person.email} is not at a school email domain ({', '.join(domains)})",
        )


def _at_domains(address: str, domains: tuple[str, ...]) -> bool:
    domain = email_domain(address)
    labels = domain.split(".")
    return any(".".join(labels[i:]) in domains for i in range(len(labels)))


# -- accounts.csv --------------------------------------------------------------------------


def parse_accounts(table: Table, ctx: Context) -> list[Account]:
    settings = ctx.settings
    recorded: dict[tuple[str, str], tuple[str, str, str]] = {}  # -> (person, ownership, where)
    domains = settings.email_domains if settings is not None else ()
    numbers = settings.phone_numbers if settings is not None else ()
    for person in ctx.people.values():
        where = f"people.csv row {person.row}"
        if person.email:
            held = contact_ownership(person.role, _at_domains(person.email, domains))
            recorded.setdefault(("email", person.email), (person.id, held, where))
        if person.phone:
            held = contact_ownership(person.role, person.phone in numbers)
            recorded.setdefault(("phone", person.phone), (person.id, held, where))
    accounts: list[Account] = []
    for cells in _rows(table, ctx.diagnostics):
        pid = _person_ref(cells, "person", ctx)
        kind = cells.choice("kind", ACCOUNT_KINDS)
        ownership = cells.choice("ownership", OWNERSHIPS)
        value = _account_value(cells, kind)
        if cells.failed or pid is None or value is None:
            continue
        if ownership == "personal" and settings is not None:
            _not_school_owned(cells, kind, value, settings)
        if cells.failed:
            continue
        key = (kind, value)
        previous = recorded.get(key)
        if previous is not None:
            owner, owned, where = previous
            from_people = where.startswith(PEOPLE)
            if owner == pid and from_people:
                # accounts.csv says what kind of account a contact detail is; it wins.
                recorded[key] = (pid, ownership, f"accounts.csv row {cells.row}")
            elif owner == pid and owned != ownership:
                cells.error(
                    "ownership",
                    f"{ownership} conflicts with {where}, where the same {kind} is {owned}",
                )
                continue
            elif owner == pid:
                cells.warning("value", f"repeats {where}")
            else:
                cells.warning(
                    "value",
                    f"also recorded for {ctx.describe(owner)} ({where}); lookups attribute it "
                    "to the first",
                )
        else:
            recorded[key] = (pid, ownership, f"accounts.csv row {cells.row}")
        accounts.append(
            Account(
                person=pid,
                kind=kind,
                value=value,
                ownership=cast(Ownership, ownership),
                row=cells.row,
                notes=cells.text("notes"),
            )
        )
    return accounts


def _account_value(cells: Cells, kind: str) -> str | None:
    raw = cells.text("value", required=True)
    if not raw or not kind:
        return None
    if kind == "email":
        value = normalise_email(raw)
        reason = f"'{raw}' is not an email address"
    elif kind == "phone":
        value = normalise_phone(raw)
        reason = f"'{raw}' is not a valid phone number (GB national or +country)"
    elif kind == "website":
        value = normalise_website(raw)
        reason = f"'{raw}' is not a website address"
    else:
        try:
            platform, handle = parse_social(raw)
        except ValueError as error:
            cells.error("value", str(error))
            return None
        return f"{platform}:{handle}"
    if value is None:
        cells.error("value", reason)
    return value


def _not_school_owned(cells: Cells, kind: str, value: str, settings: Settings) -> None:
    if kind == "email" and _at_domains(value, settings.email_domains):
        cells.error(
            "ownership",
            f"{value} is at a school email domain ({email_domain(value)}), so it cannot be "
            "personal",
        )
    elif kind == "phone" and value in settings.phone_numbers:
        cells.error("ownership", f"{value} is one of the school's own numbers, not personal")
    elif kind == "website" and any(key in settings.websites for key in website_keys(value)):
        cells.error("ownership", f"{value} is on the school's own website, not personal")


# -- devices.csv ---------------------------------------------------------------------------


def parse_devices(table: Table, ctx: Context) -> list[Device]:
    seen: dict[str, int] = {}
    serials: dict[str, int] = {}
    devices: list[Device] = []
    for cells in _rows(table, ctx.diagnostics):
        did = _ident(cells, "id", seen, ctx.devices_known)
        owner = _person_ref(cells, "owner", ctx, required=False)
        ownership = cells.choice("ownership", DEVICE_OWNERSHIPS)
        if not cells.text("owner") and ownership == "personal":
            cells.error("ownership", "a device with no owner is shared, so it must be school")
        kind = cells.choice("kind", DEVICE_KINDS)
        serial = cells.text("serial")
        if serial:
            key = serial_key(serial)
            if key in serials:
                cells.error("serial", f"serial '{serial}' is already used on row {serials[key]}")
            else:
                serials[key] = cells.row
        passcode = cells.choice("passcode", YES_NO_UNKNOWN)
        bluetooth = cells.choice("bluetooth", ON_OFF_UNKNOWN)
        encrypted = cells.choice("encrypted", YES_NO_UNKNOWN)
        if cells.failed:
            continue
        device = Device(
            id=did,
            owner=owner,
            ownership=cast(Literal["school", "personal"], ownership),
            kind=kind,
            make=cells.text("make"),
            model=cells.text("model"),
            serial=serial,
            passcode=passcode,
            bluetooth=bluetooth,
            encrypted=encrypted,
            row=cells.row,
            notes=cells.text("notes"),
        )
        devices.append(device)
        ctx.devices[did] = device
        ctx.devices_known.valid.add(did)
    return devices


# -- approvals.csv -------------------------------------------------------------------------


def parse_approvals(table: Table, ctx: Context) -> list[Approval]:
    seen: dict[str, int] = {}
    approvals: list[Approval] = []
    for cells in _rows(table, ctx.diagnostics):
        aid = _ident(cells, "id", seen, Known())
        pid = _person_ref(cells, "person", ctx)
        kind = cells.choice("kind", APPROVAL_KINDS)
        device = _device_ref(cells, ctx)
        purpose = cells.text("purpose")
        valid_from = cells.date("valid_from")
        valid_to = cells.date("valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            cells.error("valid_to", f"{valid_to} is before valid_from {valid_from}")
        approver = _person_ref(cells, "approved_by", ctx)
        if approver is not None:
            person = ctx.people[approver]
            if person.role != "staff" or APPROVER_RESPONSIBILITIES.isdisjoint(
                person.responsibilities
            ):
                cells.error(
                    "approved_by",
                    f"{ctx.describe(approver)} is not a head-teacher or senior-leader",
                )
        if cells.failed or pid is None or approver is None:
            continue
        assert valid_from is not None and valid_to is not None
        if not purpose:
            cells.warning("purpose", "is empty; say what the approval is for")
        _approval_warnings(cells, ctx, pid, device, approver, valid_from)
        approvals.append(
            Approval(
                id=aid,
                person=pid,
                kind=kind,
                device=device,
                purpose=purpose,
                valid_from=valid_from,
                valid_to=valid_to,
                approved_by=approver,
                row=cells.row,
                notes=cells.text("notes"),
            )
        )
    return approvals


def _device_ref(cells: Cells, ctx: Context) -> str | None:
    value = cells.text("device")
    if not value:
        return None
    if value in ctx.devices:
        return value
    if ctx.devices_known.unknown(value):
        cells.error("device", f"unknown device id '{value}' (not in devices.csv)")
    else:
        cells.failed = True
    return None


def _approval_warnings(
    cells: Cells, ctx: Context, pid: str, device: str | None, approver: str, start: date
) -> None:
    if approver == pid:
        cells.warning("approved_by", f"{ctx.describe(pid)} approved their own request")
    left = ctx.people[approver].left_on
    if left is not None and left < start:
        cells.warning("approved_by", f"{ctx.describe(approver)} had left on {left}")
    if device is not None:
        owner = ctx.devices[device].owner
        if owner is not None and owner != pid:
            cells.warning("device", f"device '{device}' is registered to {ctx.describe(owner)}")


# -- consents.csv --------------------------------------------------------------------------


def parse_consents(table: Table, ctx: Context) -> list[Consent]:
    consents: list[Consent] = []
    same_day: dict[tuple[str, str, date], Consent] = {}
    for cells in _rows(table, ctx.diagnostics):
        pupil = _person_ref(cells, "pupil", ctx)
        if pupil is not None and ctx.people[pupil].role != "pupil":
            cells.error(
                "pupil", f"{ctx.describe(pupil)} is a {ctx.people[pupil].role}, not a pupil"
            )
            pupil = None
        use = cells.choice("use", CONSENT_USES)
        status = cells.choice("status", CONSENT_STATUSES)
        parent = _person_ref(cells, "given_by", ctx)
        if pupil is not None and parent is not None and pupil not in ctx.people[parent].guardian_of:
            cells.error(
                "given_by",
                f"{ctx.describe(parent)} is not a parent of {ctx.describe(pupil)} "
                "(guardian_of in people.csv)",
            )
        recorded_on = cells.date("recorded_on")
        expires_on = cells.date("expires_on", required=False)
        if recorded_on and expires_on and expires_on < recorded_on:
            cells.warning(
                "expires_on",
                f"{expires_on} is before recorded_on {recorded_on}: the consent had already "
                "expired when it was recorded",
            )
        if cells.failed or pupil is None or parent is None:
            continue
        assert recorded_on is not None
        consent = Consent(
            pupil=pupil,
            use=use,
            status=cast(Literal["granted", "refused", "withdrawn"], status),
            given_by=parent,
            recorded_on=recorded_on,
            expires_on=expires_on,
            row=cells.row,
            notes=cells.text("notes"),
        )
        key = (pupil, use, recorded_on)
        earlier = same_day.get(key)
        if earlier is not None and earlier.status != status:
            cells.error(
                "status",
                f"{status} conflicts with row {earlier.row} ({earlier.status}) for the same "
                "pupil, use and recorded_on; record the later decision on its own date",
            )
            continue
        if earlier is not None:
            cells.warning("recorded_on", f"repeats row {earlier.row}")
        same_day.setdefault(key, consent)
        consents.append(consent)
    return consents


# -- acknowledgements.csv ------------------------------------------------------------------


def parse_acknowledgements(table: Table, ctx: Context) -> list[Acknowledgement]:
    acks: list[Acknowledgement] = []
    seen: dict[tuple[str, str], int] = {}
    for cells in _rows(table, ctx.diagnostics):
        pid = _person_ref(cells, "person", ctx)
        version = cells.text("policy_version", required=True)
        on = cells.date("acknowledged_on")
        if cells.failed or pid is None or on is None:
            continue
        key = (pid, version)
        if key in seen:
            cells.warning("policy_version", f"repeats row {seen[key]} for the same version")
        else:
            seen[key] = cells.row
        acks.append(Acknowledgement(pid, version, on, row=cells.row, notes=cells.text("notes")))
    return acks
