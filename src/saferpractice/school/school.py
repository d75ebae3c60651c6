"""A loaded school: its settings, registers and the precomputed lookups the checks use.

Every lookup is a dictionary probe (or a walk of a few keys), so checking millions of
evidence records costs no more per record than the record itself. The object is immutable
and picklable, so it can be shipped once to each worker process.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from saferpractice.identity import (
    canonical_email,
    canonical_handle,
    canonical_phone,
    email_domain,
    website_keys,
)
from saferpractice.school.model import (
    APPROVER_RESPONSIBILITIES,
    Account,
    AccountMatch,
    Acknowledgement,
    Approval,
    Consent,
    ConsentState,
    Device,
    Person,
    RoleOn,
    SchoolHours,
    Settings,
    contact_ownership,
)


def name_key(full_name: str) -> str:
    """A person's name for matching: case-folded, accents kept, runs of space collapsed."""
    return " ".join(unicodedata.normalize("NFKC", full_name).casefold().split())


def model_key(make: str, model: str) -> tuple[str, str]:
    """(make, model) for matching devices: case-folded, trimmed, spaces collapsed, and the
    make removed from the front of the model (cameras write "Canon" / "Canon EOS 2000D")."""
    make_k = " ".join(make.casefold().split())
    model_k = " ".join(model.casefold().split())
    if make_k and model_k.startswith(make_k + " "):
        model_k = model_k[len(make_k) + 1 :]
    return make_k, model_k


def serial_key(serial: str) -> str:
    return "".join(serial.split()).casefold()


def _email_query(addr: str) -> str:
    return canonical_email(addr)


def _phone_query(number: str) -> str:
    return canonical_phone(number) or number.strip()


@dataclass(frozen=True)
class School:
    """One school folder, validated and indexed. Build it with `load_school`."""

    settings: Settings
    folder: Path = field(compare=False)
    people: Mapping[str, Person]  # by id, in file order
    accounts: tuple[Account, ...] = ()
    devices: tuple[Device, ...] = ()
    approvals: tuple[Approval, ...] = ()
    consents: tuple[Consent, ...] = ()
    acknowledgements: tuple[Acknowledgement, ...] = ()

    # -- indexes (built in __post_init__) ---------------------------------------------
    _by_name: dict[str, tuple[Person, ...]] = field(init=False, repr=False, compare=False)
    _emails: dict[str, AccountMatch] = field(init=False, repr=False, compare=False)
    _phones: dict[str, AccountMatch] = field(init=False, repr=False, compare=False)
    _handles: dict[str, AccountMatch] = field(init=False, repr=False, compare=False)
    _websites: dict[str, AccountMatch] = field(init=False, repr=False, compare=False)
    _children: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _parents: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _approvals: dict[tuple[str, str], tuple[Approval, ...]] = field(
        init=False, repr=False, compare=False
    )
    _consents: dict[tuple[str, str], tuple[Consent, ...]] = field(
        init=False, repr=False, compare=False
    )
    _consent_dates: dict[tuple[str, str], tuple[date, ...]] = field(
        init=False, repr=False, compare=False
    )
    _acks: frozenset[tuple[str, str]] = field(init=False, repr=False, compare=False)
    _devices: dict[str, Device] = field(init=False, repr=False, compare=False)
    _serials: dict[str, Device] = field(init=False, repr=False, compare=False)
    _models: dict[tuple[str, str], tuple[Device, ...]] = field(
        init=False, repr=False, compare=False
    )
    _school_domains: frozenset[str] = field(init=False, repr=False, compare=False)
    _school_phones: frozenset[str] = field(init=False, repr=False, compare=False)
    _school_sites: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The school's own domains and numbers first: contact ownership depends on them.
        self._put("_school_domains", frozenset(self.settings.email_domains))
        self._put("_school_phones", frozenset(self.settings.phone_numbers))
        self._put("_school_sites", frozenset(self.settings.websites))
        self._index_people()
        self._index_accounts()
        self._index_agreements()
        self._index_devices()

    def _put(self, name: str, value: object) -> None:
        object.__setattr__(self, name, value)  # the dataclass is frozen; indexes are built once

    def _index_people(self) -> None:
        """Names, people.csv's own emails and phones, and families."""
        by_name: defaultdict[str, list[Person]] = defaultdict(list)
        emails: dict[str, AccountMatch] = {}
        phones: dict[str, AccountMatch] = {}
        children: dict[str, tuple[str, ...]] = {}
        parents: defaultdict[str, list[str]] = defaultdict(list)
        for person in self.people.values():
            by_name[name_key(person.full_name)].append(person)
            where = f"people.csv row {person.row}"
            if person.email:
                ownership = contact_ownership(person.role, self.is_school_email(person.email))
                emails.setdefault(
                    person.email,
                    AccountMatch(person.id, ownership, "email", person.email, where),
                )
            if person.phone:
                ownership = contact_ownership(person.role, self.is_school_phone(person.phone))
                phones.setdefault(
                    person.phone,
                    AccountMatch(person.id, ownership, "phone", person.phone, where),
                )
            if person.guardian_of:
                children[person.id] = person.guardian_of
                for pupil in person.guardian_of:
                    parents[pupil].append(person.id)
        self._put("_by_name", {key: tuple(group) for key, group in by_name.items()})
        self._put("_emails", emails)
        self._put("_phones", phones)
        self._put("_children", children)
        self._put("_parents", {pupil: tuple(ids) for pupil, ids in parents.items()})

    def _index_accounts(self) -> None:
        """accounts.csv, over people.csv's contacts: it says what kind of account a person's
        own contact detail is."""
        handles: dict[str, AccountMatch] = {}
        websites: dict[str, AccountMatch] = {}
        tables = {
            "email": self._emails,
            "phone": self._phones,
            "social": handles,
            "website": websites,
        }
        for account in self.accounts:
            match = AccountMatch(
                account.person,
                account.ownership,
                account.kind,
                account.value,
                f"accounts.csv row {account.row}",
            )
            table = tables[account.kind]
            previous = table.get(account.value)
            if previous is None or (
                previous.person == account.person and previous.where.startswith("people.csv")
            ):
                table[account.value] = match
        self._put("_handles", handles)
        self._put("_websites", websites)

    def _index_agreements(self) -> None:
        """Approvals by (person, kind); consents by (pupil, use), sorted by date (file order
        breaking ties: the last one on a date wins); acknowledgements."""
        approvals: defaultdict[tuple[str, str], list[Approval]] = defaultdict(list)
        for approval in self.approvals:
            approvals[(approval.person, approval.kind)].append(approval)
        self._put("_approvals", {key: tuple(group) for key, group in approvals.items()})
        consents: defaultdict[tuple[str, str], list[Consent]] = defaultdict(list)
        for consent in self.consents:
            consents[(consent.pupil, consent.use)].append(consent)
        ordered = {
            key: tuple(sorted(group, key=lambda c: c.recorded_on))
            for key, group in consents.items()
        }
        self._put("_consents", ordered)
        self._put(
            "_consent_dates",
            {key: tuple(c.recorded_on for c in group) for key, group in ordered.items()},
        )
        self._put("_acks", frozenset((a.person, a.policy_version) for a in self.acknowledgements))

    def _index_devices(self) -> None:
        serials: dict[str, Device] = {}
        models: defaultdict[tuple[str, str], list[Device]] = defaultdict(list)
        for device in self.devices:
            if device.serial:
                serials.setdefault(serial_key(device.serial), device)
            models[model_key(device.make, device.model)].append(device)
        self._put("_devices", {device.id: device for device in self.devices})
        self._put("_serials", serials)
        self._put("_models", {key: tuple(group) for key, group in models.items()})

    # -- settings -----------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.settings.name

    @property
    def urn(self) -> str | None:
        return self.settings.urn

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    @property
    def email_domains(self) -> tuple[str, ...]:
        return self.settings.email_domains

    @property
    def phone_numbers(self) -> tuple[str, ...]:
        return self.settings.phone_numbers

    @property
    def websites(self) -> tuple[str, ...]:
        return self.settings.websites

    @property
    def school_hours(self) -> SchoolHours:
        return self.settings.school_hours

    @property
    def policy_path(self) -> Path | None:
        """The school's customised policy file (resolved against the folder), or None for
        the built-in default."""
        if self.settings.policy is None:
            return None
        return (self.folder / self.settings.policy).resolve()

    # -- people -------------------------------------------------------------------------

    def person(self, pid: str) -> Person | None:
        return self.people.get(pid)

    def people_named(self, full_name: str) -> tuple[Person, ...]:
        """Everyone whose given and family name match `full_name` (case and spacing aside)."""
        return self._by_name.get(name_key(full_name), ())

    def role_on(self, pid: str, on: date) -> RoleOn | None:
        """What a person is on a date. `left_on` is the last day at the school: a pupil is
        a pupil up to and including it, and a former pupil after it."""
        person = self.people.get(pid)
        if person is None:
            return None
        left = person.left_on is not None and on > person.left_on
        if person.role == "pupil":
            return "former-pupil" if left else "pupil"
        if person.role == "staff":
            return "former-staff" if left else "staff"
        if person.role == "parent":
            return "parent"
        return None if left else person.role

    def is_current_pupil(self, pid: str, on: date) -> bool:
        return self.role_on(pid, on) == "pupil"

    def is_former_pupil(self, pid: str, on: date) -> bool:
        return self.role_on(pid, on) == "former-pupil"

    def is_staff(self, pid: str, on: date) -> bool:
        return self.role_on(pid, on) == "staff"

    def is_parent_of_current_pupil(self, pid: str, on: date) -> bool:
        return any(self.is_current_pupil(child, on) for child in self._children.get(pid, ()))

    def children_of(self, parent_id: str) -> tuple[str, ...]:
        """The pupil ids a parent is guardian of (current and former)."""
        return self._children.get(parent_id, ())

    def parents_of(self, pupil_id: str) -> tuple[str, ...]:
        return self._parents.get(pupil_id, ())

    def staff_on(self, on: date) -> tuple[Person, ...]:
        """Everyone who is a member of staff on `on`, in file order."""
        return tuple(p for p in self.people.values() if self.role_on(p.id, on) == "staff")

    def is_approver(self, pid: str, on: date) -> bool:
        """A head teacher or senior leader, on the staff on `on`."""
        person = self.people.get(pid)
        return (
            person is not None
            and self.is_staff(pid, on)
            and not APPROVER_RESPONSIBILITIES.isdisjoint(person.responsibilities)
        )

    # -- accounts -----------------------------------------------------------------------

    def account_for_email(self, addr: str) -> AccountMatch | None:
        return self._emails.get(_email_query(addr))

    def account_for_phone(self, e164: str) -> AccountMatch | None:
        return self._phones.get(_phone_query(e164))

    def account_for_handle(self, platform: str, handle: str) -> AccountMatch | None:
        return self._handles.get(canonical_handle(platform, handle))

    def account_for_website(self, url_or_host: str) -> AccountMatch | None:
        """The most specific recorded website that `url_or_host` is on (its path prefixes,
        then parent domains of a path-less record)."""
        for key in website_keys(url_or_host):
            match = self._websites.get(key)
            if match is not None:
                return match
        return None

    def is_school_email(self, addr: str) -> bool:
        """True for an address at one of the school's email domains (or a sub-domain)."""
        domain = email_domain(_email_query(addr))
        labels = domain.split(".")
        return any(".".join(labels[i:]) in self._school_domains for i in range(len(labels)))

    def is_school_phone(self, e164: str) -> bool:
        return _phone_query(e164) in self._school_phones

    def is_school_website(self, url: str) -> bool:
        return any(key in self._school_sites for key in website_keys(url))

    # -- approvals, consents, acknowledgements -------------------------------------------

    def approvals_of(self, pid: str, kind: str) -> tuple[Approval, ...]:
        return self._approvals.get((pid, kind), ())

    def approvals_covering(
        self, pid: str, kind: str, on: date, device: str | None = None
    ) -> tuple[Approval, ...]:
        """Approvals of `kind` for `pid` in force on `on` (valid_from <= on <= valid_to)
        that cover `device` (see `Approval.covers`)."""
        return tuple(a for a in self._approvals.get((pid, kind), ()) if a.covers(on, device))

    def consent(self, pupil_id: str, use: str, on: date) -> ConsentState:
        """The pupil's consent for `use` on `on`: the latest record made on or before `on`
        wins; a grant whose `expires_on` is before `on` is `expired`."""
        key = (pupil_id, use)
        dates = self._consent_dates.get(key)
        if not dates:
            return ConsentState("none")
        index = bisect.bisect_right(dates, on)
        if index == 0:
            return ConsentState("none")
        record = self._consents[key][index - 1]
        if record.status == "granted" and record.expires_on is not None and on > record.expires_on:
            return ConsentState("expired", record)
        return ConsentState(record.status, record)

    def has_acknowledged(self, pid: str, version: str) -> bool:
        return (pid, version.strip()) in self._acks

    # -- devices ------------------------------------------------------------------------

    def device(self, device_id: str) -> Device | None:
        return self._devices.get(device_id)

    def device_by_serial(self, serial: str) -> Device | None:
        return self._serials.get(serial_key(serial))

    def devices_by_model(self, make: str, model: str) -> tuple[Device, ...]:
        return self._models.get(model_key(make, model), ())
