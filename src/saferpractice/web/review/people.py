"""Names as a reviewer may see them: real names for investigators, pseudonyms for analysts.

A pseudonym is stable for a person within a school (an HMAC of the school and the person's
id under the office's secret key), so an analyst can follow one person through the queue
without learning who they are. For an analyst every piece of free text (the summary, the
`why` list, the excerpt, the priority reason, notes) is pseudonymised by
saferpractice.web.review.pseudonyms: the names of everyone in the school's registers and
every email address, phone number, handle and web address, registered or not.

The lexicon of a school's names and contact details is built once per process and rebuilt
when the registers change (their row counts or latest change time differ).
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Max
from markupsafe import Markup

from saferpractice.web.organisations.models import School
from saferpractice.web.registers.models import Account, Person, PersonRole
from saferpractice.web.review import pseudonyms
from saferpractice.web.review.display import highlight

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


_LEXICONS: dict[Any, tuple[tuple[Any, ...], pseudonyms.Lexicon]] = {}
_LOCK = threading.Lock()


def _fingerprint(school: School) -> tuple[Any, ...]:
    people = Person.objects.filter(school=school).aggregate(n=Count("pk"), at=Max("updated_at"))
    accounts = Account.objects.filter(school=school).aggregate(n=Count("pk"), at=Max("updated_at"))
    return (settings.SECRET_KEY, people["n"], people["at"], accounts["n"], accounts["at"])


def lexicon_for(school: School) -> pseudonyms.Lexicon:
    """Every name and contact detail of the school's people (cached while unchanged)."""
    mark = _fingerprint(school)
    cached = _LEXICONS.get(school.pk)
    if cached is not None and cached[0] == mark:
        return cached[1]
    builder = pseudonyms.LexiconBuilder()
    for ref, role, given, family, email, phone in Person.objects.filter(school=school).values_list(
        "ref", "role", "given_name", "family_name", "email", "phone"
    ):
        builder.person(ref, pseudonym(school, ref, role), given, family)
        for value in (email, phone):
            if value:
                builder.contact(ref, value)
    for ref, value in Account.objects.filter(school=school).values_list("person__ref", "value"):
        builder.contact(ref, value)
    built = builder.build()
    with _LOCK:
        _LEXICONS[school.pk] = (mark, built)
    return built


@dataclass(frozen=True, slots=True)
class Namer:
    """Turns person ids (and names in text) into what this reviewer may see."""

    school: School
    people: dict[str, Person]
    reveal: bool
    lexicon: pseudonyms.Lexicon | None = None

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

    def text(self, value: str, refs: Iterable[str] = ()) -> str:
        """`value` with every mention of a person pseudonymised, when names are hidden.
        `refs` (the finding's people) settle a name two people share."""
        if self.reveal or not value or self.lexicon is None:
            return value
        return pseudonyms.apply(value, pseudonyms.replacements(value, self.lexicon, refs))

    def excerpt(self, value: str, spans: Sequence[Sequence[Any]], refs: Iterable[str]) -> Markup:
        """The excerpt as escaped HTML with its spans highlighted, pseudonymised first."""
        if self.reveal or self.lexicon is None:
            return highlight(value, spans)
        found = pseudonyms.replacements(value, self.lexicon, refs)
        return highlight(pseudonyms.apply(value, found), pseudonyms.move_spans(spans, found))

    def excerpt_text(
        self, value: str, spans: Sequence[Sequence[Any]], refs: Iterable[str]
    ) -> tuple[str, list[tuple[int, int, str]]]:
        """The excerpt and its spans as plain text (for the JSON API), pseudonymised first."""
        if self.reveal or self.lexicon is None:
            return value, pseudonyms.move_spans(spans, [])
        found = pseudonyms.replacements(value, self.lexicon, refs)
        return pseudonyms.apply(value, found), pseudonyms.move_spans(spans, found)


def namer_for(
    school: School, refs: Iterable[str], reveal: bool, known: dict[str, Person] | None = None
) -> Namer:
    """A namer for the people `refs`; `known` is a query already made that holds them
    (with their ref, names and role), so that the page needs no other."""
    wanted = set(refs)
    if known is None:
        rows = Person.objects.filter(school=school, ref__in=wanted)
        known = {p.ref: p for p in rows.only("ref", "given_name", "family_name", "role")}
    people = {ref: known[ref] for ref in wanted if ref in known}
    return Namer(school, people, reveal, None if reveal else lexicon_for(school))
