"""The school's registers: devices, trips and approvals, consents, acknowledgements; and
writing the whole school folder (issue 3's fixed file and column contract).
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from saferpractice.demo import clock
from saferpractice.demo.names import TRIP_PLACES
from saferpractice.demo.world import (
    USES,
    Acknowledgement,
    Approval,
    Consent,
    Device,
    School,
    Trip,
)
from saferpractice.school.registers import (
    ACCOUNTS,
    ACKNOWLEDGEMENTS,
    APPROVALS,
    COLUMNS,
    CONSENTS,
    DEVICES,
    PEOPLE,
)

APPLE_SERIAL = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"

SCHOOL_TABLETS = (("Apple", "iPad (9th generation)"), ("Apple", "iPad (10th generation)"))
SCHOOL_CAMERAS = (("Canon", "Canon EOS 250D"), ("Canon", "Canon PowerShot SX740 HS"))
# Personal phones: each model is owned by one person only, so a photo identified by model
# alone points at one device (except the deliberate look-alike, the iPhone 12, which the
# school also owns as its trip phone).
PERSONAL_PHONES = (
    ("Apple", "iPhone 13"),
    ("samsung", "SM-S911B"),
    ("Google", "Pixel 7a"),
    ("Apple", "iPhone 14 Pro"),
    ("Apple", "iPhone 15"),
    ("samsung", "SM-A546B"),
    ("Xiaomi", "Redmi Note 12"),
    ("OnePlus", "CPH2449"),
    ("motorola", "moto g54 5G"),
    ("Google", "Pixel 8"),
)
PERSONAL_CAMERAS = (("Canon", "Canon EOS 2000D"), ("NIKON CORPORATION", "NIKON D3500"))
TRIP_PHONE = ("Apple", "iPhone 12")


def apple_serial(rng: random.Random) -> str:
    return "".join(rng.choice(APPLE_SERIAL) for _ in range(12))


def camera_serial(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789") for _ in range(12))


def build_devices(rng: random.Random, school: School, pupils: int) -> None:
    add = partial(add_device, school)
    for _ in range(max(6, pupils // 15)):
        make, model = rng.choice(SCHOOL_TABLETS)
        add("", "school", "tablet", make, model, apple_serial(rng))
    for make, model in SCHOOL_CAMERAS:
        add("", "school", "camera", make, model, camera_serial(rng), fixed=True, writes_serial=True)
    add("", "school", "phone", *TRIP_PHONE, apple_serial(rng))
    for person in school.staff():
        if person.job.endswith("teacher") or "teacher" in person.job or person.responsibilities:
            serial = "".join(rng.choice(APPLE_SERIAL) for _ in range(7))
            add(person.id, "school", "laptop", "Dell", "Latitude 5440", serial)
    ict = school.with_responsibility("ict")
    webcam = camera_serial(rng)[:10]
    add(ict[0].id if ict else "", "school", "webcam", "Logitech", "C920 HD Pro", webcam, fixed=True)
    serial = "".join(rng.choice(APPLE_SERIAL) for _ in range(7))
    add("", "school", "desktop", "Dell", "OptiPlex 7010", serial)


def add_device(
    school: School,
    owner: str,
    ownership: str,
    kind: str,
    make: str,
    model: str,
    serial: str,
    fixed: bool = False,
    writes_serial: bool = False,
) -> Device:
    """Add a device to the register under the next id (D001, D002, ...). `fixed`: a camera
    or webcam, with no passcode or encryption setting to read and no Bluetooth."""
    device = Device(f"D{len(school.devices) + 1:03d}", owner, ownership, kind, make, model, serial)
    if fixed:
        device.passcode, device.bluetooth, device.encrypted = "unknown", "off", "unknown"
    device.writes_serial = writes_serial
    school.devices.append(device)
    return device


def personal_phone(rng: random.Random, school: School, owner: str, index: int) -> Device:
    make, model = PERSONAL_PHONES[index % len(PERSONAL_PHONES)]
    serial = apple_serial(rng) if make == "Apple" else camera_serial(rng)
    return add_device(school, owner, "personal", "phone", make, model, serial)


def personal_camera(rng: random.Random, school: School, owner: str, index: int) -> Device:
    make, model = PERSONAL_CAMERAS[index % len(PERSONAL_CAMERAS)]
    serial = camera_serial(rng)
    return add_device(
        school, owner, "personal", "camera", make, model, serial, fixed=True, writes_serial=True
    )


def build_trips(rng: random.Random, school: School) -> None:
    years = sorted(school.year_teachers)
    days = clock.school_days()
    places = list(TRIP_PLACES)
    rng.shuffle(places)
    for index, place in enumerate(places[:8]):
        day = days[(index * len(days)) // 8 + rng.randrange(5)]
        residential = place == "the Fellside Outdoor Centre"
        end = day + timedelta(days=2) if residential else day
        while not all(
            clock.is_school_day(day + timedelta(days=n)) for n in range((end - day).days + 1)
        ):
            day += timedelta(days=1)
            end = day + timedelta(days=2) if residential else day
        top_trip = years[0] if school.secondary else years[-1]
        year = top_trip if residential else rng.choice(years[1:])
        teachers = school.year_teachers.get(year, [])
        lead = teachers[0] if teachers else school.staff()[0].id
        name = "residential" if residential else "trip"
        school.trips.append(Trip(name, place, day, end, year, lead))
    school.trips.sort(key=lambda t: t.start)


def approver_for(school: School, person: str) -> str:
    """The head teacher, or a senior leader when the head is the one asking."""
    heads = school.with_responsibility("head-teacher")
    if heads and heads[0].id != person:
        return heads[0].id
    return school.with_responsibility("senior-leader")[0].id


def add_approval(
    school: School, person: str, kind: str, device: str, purpose: str, start: date, end: date
) -> Approval:
    approval = Approval(
        f"A{len(school.approvals) + 1:03d}",
        person,
        kind,
        device,
        purpose,
        start,
        end,
        approver_for(school, person),
    )
    school.approvals.append(approval)
    return approval


def build_consents(rng: random.Random, school: School) -> None:
    """Consent per pupil and use: mostly granted; some refused, withdrawn or expiring."""
    for pupil in (p for p in school.people if p.role == "pupil"):
        parents = school.guardians_of(pupil.id)
        if not parents:
            continue
        joined = pupil.joined or date(2020, 9, 3)
        recorded = joined + timedelta(days=rng.randrange(0, 10))
        for use in USES:
            parent = rng.choice(parents).id
            roll = rng.random()
            refuse = {"social-media": 0.12, "press": 0.1, "website": 0.06}.get(use, 0.02)
            if roll < refuse:
                school.add_consent(Consent(pupil.id, use, "refused", parent, recorded))
            elif roll < refuse + 0.03 and pupil.left_on is None:
                school.add_consent(Consent(pupil.id, use, "granted", parent, recorded))
                withdrawn = max(recorded, date(2025, 9, 1)) + timedelta(days=rng.randrange(400))
                if withdrawn < clock.TODAY:
                    school.add_consent(Consent(pupil.id, use, "withdrawn", parent, withdrawn))
            elif use == "press" and roll < refuse + 0.15:
                expires = date(2026, 8, 31) if rng.random() < 0.5 else date(2025, 8, 31)
                school.add_consent(Consent(pupil.id, use, "granted", parent, recorded, expires))
            else:
                school.add_consent(Consent(pupil.id, use, "granted", parent, recorded))


def build_acknowledgements(rng: random.Random, school: School, gaps: set[str]) -> None:
    """Everyone acknowledges the current version except `gaps` (who may have acked 1.1)."""
    for person in school.people:
        if person.role not in ("staff", "governor", "volunteer"):
            continue
        if rng.random() < 0.6:
            old = date(2017, 6, 1) + timedelta(days=rng.randrange(3000))
            school.acknowledgements.append(
                Acknowledgement(person.id, clock.PREVIOUS_POLICY_VERSION, old)
            )
        if person.id in gaps or person.left_on is not None:
            continue
        school.acknowledgements.append(
            Acknowledgement(person.id, clock.POLICY_VERSION, clock.POLICY_VERSION_DATE)
        )


# -- writing the folder ----------------------------------------------------------------


def _csv(folder: Path, name: str, rows: list[tuple[str, ...]]) -> None:
    """Write one register with the school folder's own column contract as its header."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS[name])
    writer.writerows(rows)
    (folder / name).write_text(buffer.getvalue(), encoding="utf-8")


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


def write_school_folder(school: School, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "school.yaml").write_text(_settings_yaml(school), encoding="utf-8")
    for name, rows in _register_rows(school).items():
        _csv(folder, name, rows)


def _settings_yaml(school: School) -> str:
    lines = [
        f'name: "{school.name}"',
        f'urn: "{school.urn}"',
        "timezone: Europe/London",
        "email_domains:",
        f"  - {school.domain}",
        "phone_numbers:",
        f'  - "{school.office_phone}"',
        f'  - "{school.office_phone_2}"',
        f'  - "{school.trip_phone}"',
        "websites:",
        f"  - {school.website}",
        "school_hours:",
        f'  start: "{clock.SCHOOL_START.strftime("%H:%M")}"',
        f'  end: "{clock.SCHOOL_END.strftime("%H:%M")}"',
        f"  days: [{', '.join(clock.SCHOOL_DAYS)}]",
    ]
    return "\n".join(lines) + "\n"


def _register_rows(school: School) -> dict[str, list[tuple[str, ...]]]:
    """Each register's rows, in the order of its columns."""
    return {
        PEOPLE: [
            (p.id, p.given, p.family, p.role, p.email, p.phone, ";".join(p.responsibilities),
             ";".join(p.guardian_of), _d(p.left_on))
            for p in school.people
        ],
        ACCOUNTS: [(a.person, a.kind, a.value, a.ownership) for a in school.accounts],
        DEVICES: [
            (d.id, d.owner, d.ownership, d.kind, d.make, d.model, d.serial, d.passcode,
             d.bluetooth, d.encrypted)
            for d in school.devices
        ],
        APPROVALS: [
            (a.id, a.person, a.kind, a.device, a.purpose, _d(a.valid_from), _d(a.valid_to),
             a.approved_by)
            for a in school.approvals
        ],
        CONSENTS: [
            (c.pupil, c.use, c.status, c.given_by, _d(c.recorded_on), _d(c.expires_on))
            for c in school.consents
        ],
        ACKNOWLEDGEMENTS: [
            (a.person, a.policy_version, _d(a.acknowledged_on)) for a in school.acknowledgements
        ],
    }  # fmt: skip
