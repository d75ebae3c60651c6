"""The records of a school folder: plain frozen dataclasses, so that they pickle to workers.

Every register record keeps `row`, its spreadsheet row number in the file it came from (the
header is row 1, so the first data row is row 2), because every finding cites it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import Literal

Role = Literal["staff", "pupil", "parent", "governor", "volunteer"]
RoleOn = Literal[
    "staff", "pupil", "former-pupil", "parent", "former-staff", "governor", "volunteer"
]
Ownership = Literal["school", "personal", "professional"]
ConsentStatus = Literal["granted", "refused", "withdrawn", "expired", "none"]

ROLES: tuple[str, ...] = ("staff", "pupil", "parent", "governor", "volunteer")
RESPONSIBILITIES: tuple[str, ...] = ("head-teacher", "senior-leader", "dsl", "ict")
APPROVER_RESPONSIBILITIES: frozenset[str] = frozenset({"head-teacher", "senior-leader"})
ACCOUNT_KINDS: tuple[str, ...] = ("email", "phone", "social", "website")
OWNERSHIPS: tuple[str, ...] = ("school", "personal", "professional")
DEVICE_OWNERSHIPS: tuple[str, ...] = ("school", "personal")
DEVICE_KINDS: tuple[str, ...] = ("phone", "tablet", "laptop", "desktop", "camera", "webcam")
YES_NO_UNKNOWN: tuple[str, ...] = ("yes", "no", "unknown")
ON_OFF_UNKNOWN: tuple[str, ...] = ("on", "off", "unknown")
APPROVAL_KINDS: tuple[str, ...] = ("images", "mobile-phone", "webcam", "equipment")
CONSENT_USES: tuple[str, ...] = ("school-displays", "website", "social-media", "press", "video")
CONSENT_STATUSES: tuple[str, ...] = ("granted", "refused", "withdrawn")
DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class SchoolHours:
    start: time
    end: time
    days: tuple[str, ...]  # three-letter, lower-case: mon, tue, ...


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    given_name: str
    family_name: str
    role: Role
    email: str | None = None  # normalised school contact address
    phone: str | None = None  # E.164 school contact number
    responsibilities: tuple[str, ...] = ()
    guardian_of: tuple[str, ...] = ()
    left_on: date | None = None
    row: int = field(default=0, compare=False)  # provenance, not content
    notes: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)


# people.csv holds each person's contact details as the school knows them. Pupils' and
# parents' are their own (personal) addresses and numbers; staff, governors' and volunteers'
# are the ones the school issued, unless accounts.csv says otherwise.
OWN_CONTACT_ROLES: frozenset[str] = frozenset({"pupil", "parent"})


def contact_ownership(role: str, at_school: bool) -> Ownership:
    """The ownership of a people.csv email or phone: school-owned if it is the school's own."""
    if at_school or role not in OWN_CONTACT_ROLES:
        return "school"
    return "personal"


@dataclass(frozen=True, slots=True)
class Account:
    """One row of accounts.csv. `value` is normalised: an address, E.164 number,
    `platform:handle` or `host/path`."""

    person: str
    kind: str
    value: str
    ownership: Ownership
    row: int = field(default=0, compare=False)  # provenance, not content
    notes: str = ""


@dataclass(frozen=True, slots=True)
class AccountMatch:
    """Who owns an address, number, handle or website, and where the folder says so."""

    person: str
    ownership: Ownership
    kind: str
    value: str
    where: str  # e.g. "accounts.csv row 4" or "people.csv row 12"


@dataclass(frozen=True, slots=True)
class Device:
    id: str
    owner: str | None
    ownership: Literal["school", "personal"]
    kind: str
    make: str
    model: str
    serial: str
    passcode: str
    bluetooth: str
    encrypted: str
    row: int = field(default=0, compare=False)  # provenance, not content
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Approval:
    id: str
    person: str
    kind: str
    device: str | None
    purpose: str
    valid_from: date
    valid_to: date
    approved_by: str
    row: int = field(default=0, compare=False)  # provenance, not content
    notes: str = ""

    def covers(self, on: date, device: str | None = None) -> bool:
        """True if this approval is in force on `on` for `device`.

        An approval without a device covers any device; a query without a device (the
        device is unknown or irrelevant) is covered by any approval in force.
        """
        if not self.valid_from <= on <= self.valid_to:
            return False
        return self.device is None or device is None or self.device == device


@dataclass(frozen=True, slots=True)
class Consent:
    pupil: str
    use: str
    status: Literal["granted", "refused", "withdrawn"]
    given_by: str
    recorded_on: date
    expires_on: date | None = None
    row: int = field(default=0, compare=False)  # provenance, not content
    notes: str = ""


@dataclass(frozen=True, slots=True)
class ConsentState:
    """A pupil's consent for one use on one date, and the record it comes from (if any)."""

    status: ConsentStatus
    record: Consent | None = None

    @property
    def granted(self) -> bool:
        return self.status == "granted"


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    person: str
    policy_version: str
    acknowledged_on: date
    row: int = field(default=0, compare=False)  # provenance, not content
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Settings:
    """school.yaml, normalised."""

    name: str
    urn: str | None
    timezone: str
    email_domains: tuple[str, ...] = ()
    phone_numbers: tuple[str, ...] = ()
    websites: tuple[str, ...] = ()
    school_hours: SchoolHours = field(
        default_factory=lambda: SchoolHours(time(8, 30), time(15, 30), DAYS[:5])
    )
    policy: str | None = None  # as written, relative to the folder
    logo: str | None = None  # an image inside the folder, as written
