"""Names as a reviewer may see them: real names for investigators, pseudonyms for analysts.

A pseudonym is stable for a person within a school (an HMAC of the school and the person's
id under the office's secret key), so an analyst can follow one person through the queue
without learning who they are. Names inside the summary, the `why` list and the excerpt are
replaced too, longest first, on word boundaries.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from saferpractice.web.organisations.models import School
from saferpractice.web.registers.models import Person, PersonRole

ROLE_WORDS = {
    PersonRole.STAFF: "Staff member",
    PersonRole.PUPIL: "Pupil",
    PersonRole.PARENT: "Parent",
    PersonRole.GOVERNOR: "Governor",
    PersonRole.VOLUNTEER: "Volunteer",
}


def pseudonym(school: School, ref: str, role: str = "") -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{school.pk}\x1f{ref}".encode(), hashlib.sha256
    ).hexdigest()
    word = ROLE_WORDS.get(role, "Person")  # type: ignore[call-overload]
    return f"{word} {digest[:4].upper()}"


@dataclass(frozen=True, slots=True)
class Namer:
    """Turns person ids (and names in text) into what this reviewer may see."""

    school: School
    people: dict[str, Person]
    reveal: bool

    def name(self, ref: str) -> str:
        person = self.people.get(ref)
        if person is None:
            return ref if self.reveal else pseudonym(self.school, ref)
        if self.reveal:
            return person.full_name or ref
        return pseudonym(self.school, ref, person.role)

    def role(self, ref: str) -> str:
        person = self.people.get(ref)
        return person.get_role_display() if person is not None else ""

    def text(self, value: str, refs: Iterable[str]) -> str:
        """`value` with the names of the people in `refs` replaced, when names are hidden."""
        if self.reveal:
            return value
        swaps: list[tuple[str, str]] = []
        for ref in refs:
            person = self.people.get(ref)
            if person is None:
                continue
            alias = pseudonym(self.school, ref, person.role)
            for part in (person.full_name, person.family_name, person.given_name):
                if part and len(part) > 1:
                    swaps.append((part, alias))
        for original, alias in sorted(swaps, key=lambda pair: -len(pair[0])):
            value = re.sub(rf"(?<!\w){re.escape(original)}(?!\w)", alias, value, flags=re.I)
        return value


def namer_for(school: School, refs: Iterable[str], reveal: bool) -> Namer:
    wanted = set(refs)
    people = {p.ref: p for p in Person.objects.filter(school=school, ref__in=wanted)}
    return Namer(school, people, reveal)
