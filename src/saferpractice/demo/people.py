"""Generate the school's people and their accounts: staff, pupils, parents, governors.

Full names are unique across the school (and, later, across everyone's social
connections), so that a match by name in the demo is never ambiguous.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date

from saferpractice.demo import names
from saferpractice.demo.clock import LEAVING_DAYS, NEW_YEAR_START
from saferpractice.demo.phones import NumberPool
from saferpractice.demo.world import Account, Person, School

CHILD_SPLIT = names.CHILD_GIVEN.index("Oliver")  # girls' names before, boys' after
ADULT_SPLIT = names.ADULT_GIVEN.index("James")


def ascii_slug(text: str) -> str:
    """'Siân O'Brien' -> 'sianobrien' (for addresses and handles)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in folded.casefold() if ch.isalnum())


class NameMaker:
    """Unique full names: no two people in the demo share one."""

    def __init__(self, rng: random.Random, used: set[str]) -> None:
        self.rng = rng
        self.used = used

    def adult(self, female: bool, family: str | None = None) -> tuple[str, str]:
        pool = names.ADULT_GIVEN[:ADULT_SPLIT] if female else names.ADULT_GIVEN[ADULT_SPLIT:]
        return self._unique(pool, family, accented=0.02)

    def child(self, female: bool, family: str | None = None) -> tuple[str, str]:
        pool = names.CHILD_GIVEN[:CHILD_SPLIT] if female else names.CHILD_GIVEN[CHILD_SPLIT:]
        return self._unique(pool, family, accented=0.03)

    def _unique(
        self, pool: tuple[str, ...], family: str | None, accented: float
    ) -> tuple[str, str]:
        for attempt in range(200):
            given = self.rng.choice(pool)
            if self.rng.random() < accented:
                given = self.rng.choice(names.ACCENTED_GIVEN)
            surname = family if family and attempt < 60 else self.rng.choice(names.FAMILY)
            if f"{given} {surname}".casefold() not in self.used:
                return given, surname
        raise RuntimeError("ran out of unique names")  # cannot happen with these pools

    def reserve(self, given: str, family: str) -> None:
        self.used.add(f"{given} {family}".casefold())


PRIMARY_JOBS = (
    ("Head teacher", ("head-teacher",)),
    ("Deputy head teacher", ("senior-leader", "dsl")),
    ("Assistant head teacher", ("senior-leader",)),
    ("SENCo", ("dsl",)),
    ("ICT technician", ("ict",)),
    ("School business manager", ()),
    ("Office manager", ()),
    ("Administrative officer", ()),
    ("Site manager", ()),
)
SECONDARY_JOBS = (
    ("Head teacher", ("head-teacher",)),
    ("Deputy head teacher", ("senior-leader", "dsl")),
    ("Deputy head teacher", ("senior-leader",)),
    ("Assistant head teacher", ("senior-leader",)),
    ("Head of pastoral care", ("dsl",)),
    ("Network manager", ("ict",)),
    ("ICT technician", ("ict",)),
    ("School business manager", ()),
    ("Office manager", ()),
    ("Attendance officer", ()),
    ("Exams officer", ()),
    ("Site manager", ()),
)
SUBJECTS = (
    "English",
    "Maths",
    "Science",
    "History",
    "Geography",
    "Computing",
    "Art",
    "Music",
    "PE",
    "French",
    "Spanish",
    "RE",
    "Drama",
    "Design and Technology",
    "Biology",
    "Chemistry",
    "Physics",
    "Psychology",
    "Business Studies",
)


def make_school(rng: random.Random, secondary: bool) -> School:
    base = rng.choice(names.SCHOOL_NAMES)
    area = rng.randrange(len(names.AREAS))
    code, prefix, town = names.AREAS[area]
    phase = "High School" if secondary else "Primary School"
    slug = f"{base.casefold()}{'high' if secondary else 'primary'}"
    domain = f"{slug}.sch.uk"
    school = School(
        name=f"{base} {phase}",
        slug=slug,
        urn=str(100000 + rng.randrange(50000)),
        domain=domain,
        website=f"https://www.{domain}",
        town=town,
        office_phone="",
        office_phone_2="",
        trip_phone="",
        secondary=secondary,
    )
    school.office_phone = f"{code} {prefix} {rng.randrange(0, 100):04d}"
    school.office_phone_2 = f"{code} {prefix} {rng.randrange(100, 200):04d}"
    return school


def email_local(given: str, family: str) -> str:
    return f"{ascii_slug(given)[:1]}.{ascii_slug(family)}"


def build_people(
    rng: random.Random, school: School, pupils: int, pool: NumberPool
) -> dict[int, list[str]]:
    """Add staff, pupils, parents, governors and volunteers; return year group -> teachers."""
    maker = NameMaker(rng, school.used_names)
    school.year_teachers = _build_staff(rng, school, pupils, maker)
    _build_pupils(rng, school, pupils, maker)
    _build_others(rng, school, maker)
    _build_accounts(rng, school, pool)
    return school.year_teachers


def _build_staff(
    rng: random.Random, school: School, pupils: int, maker: NameMaker
) -> dict[int, list[str]]:
    years = range(7, 14) if school.secondary else range(0, 7)
    per_year = max(1, round(pupils / len(years) / 30))
    counter = 0

    def add(job: str, duties: tuple[str, ...], left_on: date | None = None) -> Person:
        nonlocal counter
        counter += 1
        female = rng.random() < 0.75
        given, family = maker.adult(female)
        title = rng.choice(names.TITLES_FEMALE) if female else "Mr"
        if rng.random() < 0.04:
            title = "Dr"
        return school.add(
            Person(
                id=f"S{counter:03d}",
                given=given,
                family=family,
                role="staff",
                responsibilities=duties,
                title=title,
                job=job,
                left_on=left_on,
            )
        )

    for fixed_job, fixed_duties in SECONDARY_JOBS if school.secondary else PRIMARY_JOBS:
        add(fixed_job, fixed_duties)
    year_teachers: dict[int, list[str]] = {}
    ict_lead_given = False
    for year in years:
        for _ in range(per_year):
            label = "Reception" if year == 0 else f"Year {year}"
            if school.secondary:
                job = f"Teacher of {rng.choice(SUBJECTS)} and {label} tutor"
            else:
                job = f"{label} class teacher"
            duties: tuple[str, ...] = ()
            if not ict_lead_given and year >= (9 if school.secondary else 4):
                duties, ict_lead_given = ("ict",), True
                job += " and computing lead"
            teacher = add(job, duties)
            year_teachers.setdefault(year, []).append(teacher.id)
            if not school.secondary:
                add("Teaching assistant", ())
    extra_tas = max(2, pupils // 80)
    for _ in range(extra_tas):
        add("Teaching assistant" if not school.secondary else "Learning support assistant", ())
    add("Midday supervisor", ())
    add("Teaching assistant", (), left_on=date(2025, 12, 19))
    add("Class teacher", (), left_on=date(2026, 7, 22))
    return year_teachers


def _pupil_years(secondary: bool) -> list[int]:
    return list(range(7, 14)) if secondary else list(range(0, 7))


def _joined(year_now: int, secondary: bool) -> date:
    first = 7 if secondary else 0
    return date(NEW_YEAR_START.year - (year_now - first), 9, 3 if year_now > first else 2)


def _build_pupils(rng: random.Random, school: School, pupils: int, maker: NameMaker) -> None:
    years = _pupil_years(school.secondary)
    top = years[-1]
    counts = {"pupil": 0, "parent": 0, "family": 0}

    def new_pupil(family: str, year: int, left_on: date | None, fid: int) -> Person:
        counts["pupil"] += 1
        female = rng.random() < 0.5
        given, surname = maker.child(female, family)
        if left_on is not None and left_on.year < 2020:
            joined = date(left_on.year - (len(years) - 1), 9, 3)
        elif left_on is not None:
            joined = date(left_on.year - len(years), 9, 3)
        else:
            joined = _joined(year, school.secondary)
        return school.add(
            Person(
                id=f"P{counts['pupil']:04d}",
                given=given,
                family=surname,
                role="pupil",
                left_on=left_on,
                joined=joined,
                year=year if left_on is None else None,
                family_id=fid,
            )
        )

    current = 0
    while current < pupils:
        counts["family"] += 1
        fid = counts["family"]
        family = rng.choice(names.FAMILY)
        roll = rng.random()
        n_children = 1 if roll < 0.6 else 2 if roll < 0.9 else 3
        children: list[Person] = []
        moved_away = rng.random() < 0.04
        for _ in range(n_children):
            if current >= pupils and children:
                break
            year = rng.choice(years)
            if moved_away:
                left = date(
                    2025 + rng.randrange(2), rng.choice((2, 3, 10, 11)), 6 + rng.randrange(20)
                )
                left = min(left, date(2026, 11, 6))
                children.append(new_pupil(family, year, left, fid))
            else:
                children.append(new_pupil(family, year, None, fid))
                current += 1
        if not moved_away and rng.random() < 0.12:
            # an older sibling who left at the end of the top year in a recent summer
            children.append(new_pupil(family, top, rng.choice(LEAVING_DAYS), fid))
        n_parents = 1 if rng.random() < 0.3 else 2
        for index in range(n_parents):
            counts["parent"] += 1
            female = index == 0 if rng.random() < 0.85 else index == 1
            surname = family if rng.random() < 0.75 else None
            given, surname_out = maker.adult(female, surname)
            title = rng.choice(("Mrs", "Ms", "Miss")) if female else "Mr"
            if rng.random() < 0.03:
                title = "Dr"
            school.add(
                Person(
                    id=f"C{counts['parent']:04d}",
                    given=given,
                    family=surname_out,
                    role="parent",
                    guardian_of=tuple(child.id for child in children),
                    title=title,
                    family_id=fid,
                )
            )
    # A few who left about ten years ago and are young adults now (no parents on record).
    for _ in range(4):
        new_pupil(rng.choice(names.FAMILY), top, date(2016, 7, 22), 0)


def _build_others(rng: random.Random, school: School, maker: NameMaker) -> None:
    for number in range(1, 7):
        female = rng.random() < 0.5
        given, family = maker.adult(female)
        school.add(
            Person(
                id=f"GV{number:02d}",
                given=given,
                family=family,
                role="governor",
                title=rng.choice(names.TITLES_FEMALE) if female else "Mr",
            )
        )
    for number in range(1, 5):
        female = rng.random() < 0.7
        given, family = maker.adult(female)
        school.add(
            Person(
                id=f"V{number:02d}",
                given=given,
                family=family,
                role="volunteer",
                title=rng.choice(names.TITLES_FEMALE) if female else "Mr",
            )
        )


def _unique(value: str, taken: set[str]) -> str:
    local, at, domain = value.partition("@")
    candidate, n = value, 1
    while candidate in taken:
        n += 1
        candidate = f"{local}{n}{at}{domain}"  # a number before the @, never after the domain
    taken.add(candidate)
    return candidate


def _build_accounts(rng: random.Random, school: School, pool: NumberPool) -> None:
    taken: set[str] = set()
    handles: set[str] = set()
    accounts = school.accounts

    def handle(person: Person) -> str:
        g, f = ascii_slug(person.given), ascii_slug(person.family)
        shape = rng.randrange(4)
        base = (
            f"{g}.{f}"
            if shape == 0
            else f"{g}_{f}{rng.randrange(10, 99)}"
            if shape == 1
            else f"{g[:1]}{f}.{rng.randrange(70, 99)}"
            if shape == 2
            else f"{g}{f}x"
        )
        return _unique(base, handles)

    def personal_email(person: Person) -> str:
        g, f = ascii_slug(person.given), ascii_slug(person.family)
        shape = rng.randrange(4)
        local = (
            f"{g}.{f}"
            if shape == 0
            else f"{g}{f}{rng.randrange(60, 99)}"
            if shape == 1
            else f"{g[:1]}{f}{rng.randrange(1, 30)}"
            if shape == 2
            else f"{f}.{g}"
        )
        domain = rng.choice(names.WEBMAIL)
        return _unique(f"{local}@{domain}", taken)

    for person in school.people:
        if person.role == "staff":
            person.email = _unique(
                f"{email_local(person.given, person.family)}@{school.domain}", taken
            )
            accounts.append(Account(person.id, "email", person.email, "school"))
            if person.left_on is not None:
                continue
            if rng.random() < 0.5:
                accounts.append(Account(person.id, "email", personal_email(person), "personal"))
            if rng.random() < 0.65:
                number = pool.mobile()
                if number:
                    accounts.append(Account(person.id, "phone", number, "personal"))
            if rng.random() < 0.45:
                accounts.append(
                    Account(person.id, "social", f"instagram:@{handle(person)}", "personal")
                )
            if rng.random() < 0.5:
                accounts.append(
                    Account(person.id, "social", f"facebook:{handle(person)}", "personal")
                )
        elif person.role == "pupil":
            year = person.year
            has_school_mail = (
                person.left_on is None and year is not None and (school.secondary or year >= 4)
            )
            if has_school_mail and person.joined is not None:
                initial_family = email_local(person.given, person.family).replace(".", "")
                local = f"{person.joined.year % 100:02d}{initial_family}"
                person.email = _unique(f"{local}@{school.domain}", taken)
                accounts.append(Account(person.id, "email", person.email, "school"))
            chance = (
                (0.6 if (year or 0) >= 8 else 0.2)
                if school.secondary
                else (0.35 if year == 6 else 0.08 if year == 5 else 0.0)
            )
            if person.left_on is None and rng.random() < chance:
                number = pool.mobile()
                if number:
                    accounts.append(Account(person.id, "phone", number, "personal"))
            insta = 0.35 if school.secondary and (year or 0) >= 9 else 0.0
            if person.left_on is None and rng.random() < insta:
                accounts.append(
                    Account(person.id, "social", f"instagram:@{handle(person)}", "personal")
                )
        elif person.role in ("parent", "governor", "volunteer"):
            person.email = personal_email(person)
            accounts.append(Account(person.id, "email", person.email, "personal"))
            number = pool.any_number()
            if number:
                person.phone = number
                accounts.append(Account(person.id, "phone", number, "personal"))
            if person.role == "parent" and rng.random() < 0.08:
                accounts.append(
                    Account(person.id, "social", f"instagram:@{handle(person)}", "personal")
                )
    school.handles_taken = handles
    school.emails_taken = taken
