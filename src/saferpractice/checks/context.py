"""What every check may consult: the school's facts, the policy, the detectors and the date.

`CheckContext` is built once per process. Its `parties` resolution turns an address or number
seen in evidence into the person behind it and the ownership of that account, with the
register row that says so: the raw material of every finding's `why`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from saferpractice.identity import canonical_email, canonical_phone
from saferpractice.school.school import name_key
from saferpractice.timeutil import local_date

if TYPE_CHECKING:
    from saferpractice.checks.cues import OwnDetailCues
    from saferpractice.detect import ContactDetector, RiskMatcher
    from saferpractice.detect.monitoring import MonitoringMap
    from saferpractice.detect.semantic import SemanticDetector
    from saferpractice.policy import Policy
    from saferpractice.school import Person, School


PARTY_MEMO = 1 << 16  # resolved addresses kept per context


@dataclass(frozen=True, slots=True)
class Party:
    """One side of a communication, resolved against the school folder."""

    raw: str
    kind: str  # email | phone
    person: Person | None = None
    ownership: str | None = None  # school | personal | professional
    where: str = ""
    is_school: bool = False  # the school's own number or domain

    @property
    def pid(self) -> str | None:
        return self.person.id if self.person else None


@dataclass
class CheckContext:  # not slotted: the detectors are cached per instance
    school: School
    policy: Policy
    as_of: date
    lexicon_paths: tuple[str, ...] = ()
    semantic_enabled: bool = True  # the semantic detector on messages to one pupil or parent

    @cached_property
    def contacts(self) -> ContactDetector:
        from saferpractice.detect import ContactDetector

        return ContactDetector()

    @cached_property
    def risk(self) -> RiskMatcher:
        from saferpractice.detect import RiskMatcher, load_lexicons

        return RiskMatcher(load_lexicons(self.lexicon_paths))

    @cached_property
    def semantic(self) -> SemanticDetector | None:
        """The semantic risk-language detector (loads its model on first use), or None."""
        if not self.semantic_enabled:
            return None
        from saferpractice.detect.semantic import SemanticDetector

        return SemanticDetector()

    @cached_property
    def own_detail_cues(self) -> OwnDetailCues:
        """The built-in own-detail cue words, with the school folder's contact-cues.yaml."""
        from saferpractice.checks.cues import SCHOOL_CUES_FILE, load_cues

        path = self.school.folder / SCHOOL_CUES_FILE
        return load_cues([path] if path.is_file() else [])

    @cached_property
    def web_categories(self) -> MonitoringMap:
        """The monitoring categories, with the school folder's web-categories.yaml."""
        from saferpractice.detect.monitoring import SCHOOL_CATEGORIES_FILE, load_monitoring

        path = self.school.folder / SCHOOL_CATEGORIES_FILE
        return load_monitoring([path] if path.is_file() else [])

    @cached_property
    def usernames(self) -> dict[str, str]:
        """School usernames (the local part of a person's school email) to person ids."""
        names: dict[str, str] = {}
        for person in self.school.people.values():
            if person.email:
                names.setdefault(person.email.partition("@")[0].casefold(), person.id)
        return names

    @cached_property
    def personal_handles(self) -> dict[tuple[str, str], str]:
        """(person id, platform) to that person's personal handle, from accounts.csv."""
        handles: dict[tuple[str, str], str] = {}
        for account in self.school.accounts:
            if account.kind == "social" and account.ownership == "personal":
                platform, _, handle = account.value.partition(":")
                handles.setdefault((account.person, platform), handle)
        return handles

    @cached_property
    def handles_anywhere(self) -> dict[str, tuple[str, str]]:
        """A bare handle (no platform named) to its (platform, handle) in accounts.csv."""
        found: dict[str, tuple[str, str]] = {}
        for account in self.school.accounts:
            if account.kind == "social":
                platform, _, handle = account.value.partition(":")
                found.setdefault(handle, (platform, handle))
        return found

    def local_date(self, moment: datetime | None) -> date:
        """The school-local date of a moment (the as-of date when the evidence has none)."""
        if moment is None:
            return self.as_of
        if moment.tzinfo is None:
            return moment.date()
        return local_date(moment, self.school.timezone)  # never overflows

    @cached_property
    def _parties(self) -> dict[str, Party]:
        return {}

    def party(self, raw: str) -> Party:
        """Resolve an email address or phone number to the account and person behind it.

        Memoised per context (one scan, or one worker): a school's addresses recur in every
        message, and resolving one normalises it several times (issue 15)."""
        found = self._parties.get(raw)
        if found is None:
            if len(self._parties) >= PARTY_MEMO:
                self._parties.clear()  # a bound for scans that see millions of addresses
            found = self._parties[raw] = self._resolve_party(raw)
        return found

    def message_party(self, raw: str, owner_id: str = "", owner_from: str = "") -> Party:
        """A message's sender or recipient, resolved as far as the export allows.

        An address or number is resolved as usual. A phone or chat export from one person's
        device (`owner_id`, from its folder) writes the owner's own messages with no sender
        (a sent SMS) or under the owner's own name (WhatsApp), and the other side by the name
        the phone knows them by: those are matched to the owner, or to the one person in the
        register with that name, so that what a member of staff sends from their own phone is
        checked like anything else. Whose phone it is stays unknown (ownership None), so the
        personal-phone rule still needs the number in accounts.csv.
        """
        found = self.party(raw) if raw.strip() else Party("", "phone")
        if found.person is not None or found.is_school:
            return found
        owner = self.school.person(owner_id) if owner_id else None
        if owner is not None and (not raw.strip() or name_key(raw) == name_key(owner.full_name)):
            where = f"the owner of this phone export ({owner_from or 'its folder'})"
            return Party(raw or owner.full_name, "phone", person=owner, where=where)
        if raw.strip() and "@" not in raw and not any(ch.isdigit() for ch in raw):
            named = self.school.people_named(raw)
            if len(named) == 1:
                where = f"named '{raw}' in the export, the only person of that name in people.csv"
                return Party(raw, "phone", person=named[0], where=where)
        return found

    def _resolve_party(self, raw: str) -> Party:
        if "@" in raw:
            email = canonical_email(raw)
            match = self.school.account_for_email(email)
            is_school = self.school.is_school_email(email)
            kind = "email"
            shown = email
        else:
            phone = canonical_phone(raw) or raw.strip()
            match = self.school.account_for_phone(phone)
            is_school = self.school.is_school_phone(phone)
            kind = "phone"
            shown = phone
        if match is None:
            return Party(
                shown, kind, is_school=is_school, ownership="school" if is_school else None
            )
        return Party(
            shown,
            kind,
            person=self.school.person(match.person),
            ownership=match.ownership,
            where=match.where,
            is_school=is_school,
        )

    # -- who someone is on a date, in words a DSL can check -----------------------------

    def is_staff(self, person: Person | None, on: date) -> bool:
        return person is not None and self.school.is_staff(person.id, on)

    def is_pupil(self, person: Person | None, on: date) -> bool:
        return person is not None and self.school.is_current_pupil(person.id, on)

    def is_pupil_or_parent(self, person: Person | None, on: date) -> bool:
        return person is not None and (
            self.school.is_current_pupil(person.id, on)
            or self.school.is_parent_of_current_pupil(person.id, on)
        )

    def describe(self, person: Person, on: date) -> str:
        """ "Sam Jones, a current pupil (people.csv row 40)" and the like."""
        where = f"people.csv row {person.row}"
        if self.school.is_current_pupil(person.id, on):
            role = "a current pupil"
        elif self.school.is_former_pupil(person.id, on):
            role = f"a former pupil who left on {person.left_on}"
        elif self.school.is_parent_of_current_pupil(person.id, on):
            children = [self.school.person(child) for child in self.school.children_of(person.id)]
            names = ", ".join(c.full_name for c in children if c is not None)
            role = f"parent or carer of {names}" if names else "a parent or carer"
        elif self.school.is_staff(person.id, on):
            role = "a member of staff"
        else:
            role = f"a {person.role}"
        return f"{person.full_name}, {role} ({where})"

    def describe_party(self, party: Party, on: date) -> str:
        if party.person is None:
            return party.raw
        account = f"{party.ownership} account" if party.ownership else "account"
        where = f", {party.where}" if party.where else ""
        return f"{party.raw} ({account}{where}) is {self.describe(party.person, on)}"
