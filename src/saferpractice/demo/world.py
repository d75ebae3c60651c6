"""The demo school's facts in memory: people, accounts, devices, approvals, consents.

These are the generator's own plain records, written out by `registers.py` in the school
folder format; nothing here depends on the school loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(slots=True)
class Person:
    id: str
    given: str
    family: str
    role: str  # staff | pupil | parent | governor | volunteer
    email: str = ""
    phone: str = ""
    responsibilities: tuple[str, ...] = ()
    guardian_of: tuple[str, ...] = ()
    left_on: date | None = None
    joined: date | None = None  # pupils: first day (not written; used to pick plausible dates)
    year: int | None = None  # pupils: year group now (0 = Reception)
    title: str = ""  # staff and parents: Mr, Mrs, Ms, Miss, Dr
    job: str = ""  # staff: what they do, for signatures
    family_id: int = 0

    @property
    def full_name(self) -> str:
        return f"{self.given} {self.family}"

    @property
    def formal(self) -> str:
        return f"{self.title} {self.family}" if self.title else self.full_name

    def year_on(self, day: date) -> int | None:
        """The pupil's year group on a date (they move up each September)."""
        if self.year is None:
            return None
        from saferpractice.demo.clock import NEW_YEAR_START

        return self.year - (1 if day < NEW_YEAR_START else 0)

    def current_on(self, day: date) -> bool:
        started = self.joined is None or self.joined <= day
        return started and (self.left_on is None or day < self.left_on)


@dataclass(frozen=True, slots=True)
class Account:
    person: str
    kind: str  # email | phone | social | website
    value: str
    ownership: str  # school | personal | professional


@dataclass(slots=True)
class Device:
    id: str
    owner: str
    ownership: str
    kind: str
    make: str
    model: str
    serial: str
    passcode: str = "yes"
    bluetooth: str = "off"
    encrypted: str = "yes"
    writes_serial: bool = False  # whether its photos carry BodySerialNumber


@dataclass(frozen=True, slots=True)
class Approval:
    id: str
    person: str
    kind: str
    device: str
    purpose: str
    valid_from: date
    valid_to: date
    approved_by: str

    def covers(self, person: str, kind: str, day: date, device: str | None = None) -> bool:
        if self.person != person or self.kind != kind:
            return False
        if not self.valid_from <= day <= self.valid_to:
            return False
        return not self.device or device is None or self.device == device


@dataclass(frozen=True, slots=True)
class Consent:
    pupil: str
    use: str
    status: str
    given_by: str
    recorded_on: date
    expires_on: date | None = None


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    person: str
    policy_version: str
    acknowledged_on: date


@dataclass(frozen=True, slots=True)
class Trip:
    name: str
    place: str
    start: date
    end: date
    year: int  # year group on the trip
    lead: str  # staff id


USES = ("school-displays", "website", "social-media", "press", "video")


@dataclass(slots=True)
class School:
    name: str
    slug: str
    urn: str
    domain: str
    website: str
    town: str
    office_phone: str  # national format
    office_phone_2: str
    trip_phone: str  # the school's own mobile, national format
    secondary: bool
    people: list[Person] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    devices: list[Device] = field(default_factory=list)
    approvals: list[Approval] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    acknowledgements: list[Acknowledgement] = field(default_factory=list)
    trips: list[Trip] = field(default_factory=list)
    used_names: set[str] = field(default_factory=set)
    index: dict[str, Person] = field(default_factory=dict)
    handles_taken: set[str] = field(default_factory=set)
    emails_taken: set[str] = field(default_factory=set)
    year_teachers: dict[int, list[str]] = field(default_factory=dict)
    guardians: dict[str, list[Person]] = field(default_factory=dict)
    consent_rows: dict[tuple[str, str], list[Consent]] = field(default_factory=dict)

    def add(self, person: Person) -> Person:
        self.people.append(person)
        self.index[person.id] = person
        self.used_names.add(person.full_name.casefold())
        return person

    def add_consent(self, consent: Consent) -> None:
        self.consents.append(consent)
        self.consent_rows.setdefault((consent.pupil, consent.use), []).append(consent)

    # -- lookups the generator needs ---------------------------------------------------

    def person(self, pid: str) -> Person:
        return self.index[pid]

    def by_role(self, role: str) -> list[Person]:
        return [p for p in self.people if p.role == role]

    def staff(self) -> list[Person]:
        return [p for p in self.people if p.role == "staff" and p.left_on is None]

    def with_responsibility(self, duty: str) -> list[Person]:
        return [p for p in self.staff() if duty in p.responsibilities]

    def account(self, pid: str, kind: str, ownership: str, platform: str = "") -> str:
        """The value of a person's first account of this kind and ownership, or ""."""
        for account in self.accounts:
            if (
                account.person == pid
                and account.kind == kind
                and account.ownership == ownership
                and (not platform or account.value.startswith(platform + ":"))
            ):
                return account.value
        return ""

    def guardians_of(self, pupil: str) -> list[Person]:
        if not self.guardians:
            for person in self.people:
                for child in person.guardian_of if person.role == "parent" else ():
                    self.guardians.setdefault(child, []).append(person)
        return self.guardians.get(pupil, [])

    guardians_of_cached = guardians_of

    def covered(self, person: str, kind: str, day: date, device: str | None = None) -> bool:
        return any(a.covers(person, kind, day, device) for a in self.approvals)

    def clean_consent(self, pupil: str, use: str, on: date) -> bool:
        """Granted by `on`, never expiring before 2028, and never changed: safe for ordinary
        images taken that day."""
        rows = self.consent_rows.get((pupil, use), [])
        return (
            len(rows) == 1
            and rows[0].status == "granted"
            and rows[0].recorded_on <= on
            and (rows[0].expires_on is None or rows[0].expires_on >= date(2028, 1, 1))
        )
