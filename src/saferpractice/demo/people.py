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

CHILD_SPLIT = len(names.CHILD_GIRLS)  # in the flat lists, girls' names before boys'
ADULT_SPLIT = len(names.ADULT_WOMEN)

ORIGIN_KEYS = tuple(names.ORIGINS)  # fixed order: the dict's, never a set's
ORIGIN_WEIGHTS = tuple(origin.weight for origin in names.ORIGINS.values())
OWN_ORIGIN = 0.88  # how often a minority-origin person's given name is of their origin
MIXED_FAMILY = 0.1  # how often a family draws on a second origin (one parent's)
WOMEN_FAMILY = 0.5  # how often a woman of such an origin has Begum, Kaur... as her surname
ACCENTED_MALE = ("Ştefan", "José", "Noël")
ACCENTED_FEMALE = tuple(name for name in names.ACCENTED_GIVEN if name not in ACCENTED_MALE)
ACCENTED_ORIGIN = {
    "Siân": "welsh",
    "Łucja": "polish",
    "Márta": "polish",
    "Ştefan": "romanian",
    "José": "iberian",
}


def ascii_slug(text: str) -> str:
    """'Siân O'Brien' -> 'sianobrien' (for addresses and handles)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in folded.casefold() if ch.isalnum())


class NameMaker:
    """Unique full names: no two people in the demo share one.

    A person has an origin (see names.ORIGINS); their surname comes from it and, most of the
    time, so does their given name (otherwise a British one). A mixed family also has a second
    origin, one parent's, from which about half its given names come.
    """

    def __init__(self, rng: random.Random, used: set[str]) -> None:
        self.rng = rng
        self.used = used

    def origin(self) -> str:
        """A random origin, weighted like a diverse English town."""
        return self.rng.choices(ORIGIN_KEYS, weights=ORIGIN_WEIGHTS)[0]

    def second_origin(self, origin: str) -> str | None:
        """For a mixed family, the other parent's origin (never one the family avoids)."""
        if self.rng.random() >= MIXED_FAMILY:
            return None
        avoid = names.ORIGINS[origin].avoid
        keys = tuple(key for key in ORIGIN_KEYS if key != origin and key not in avoid)
        weights = tuple(names.ORIGINS[key].weight for key in keys)
        return self.rng.choices(keys, weights=weights)[0]

    def _given_origin(self, origin: str, second: str | None) -> str:
        if second is not None and self.rng.random() < 0.5:
            return second
        if origin != "british" and self.rng.random() >= OWN_ORIGIN:
            return "british"
        return origin

    def family_name(self, origin: str) -> str:
        return self.rng.choice(names.ORIGINS[origin].family)

    def adult(
        self,
        female: bool,
        family: str | None = None,
        origin: str | None = None,
        second: str | None = None,
    ) -> tuple[str, str]:
        origin = origin or self.origin()
        custom = names.ORIGINS[origin].women_family
        if female and custom and self.rng.random() < WOMEN_FAMILY:
            family = self.rng.choice(custom)
        return self._unique(female, True, family, origin, second, accented=0.02)

    def child(
        self,
        female: bool,
        family: str | None = None,
        origin: str | None = None,
        second: str | None = None,
    ) -> tuple[str, str]:
        origin = origin or self.origin()
        return self._unique(female, False, family, origin, second, accented=0.03)

    def _given(
        self, female: bool, adult: bool, origin: str, second: str | None, accented: float
    ) -> str:
        source = names.ORIGINS[self._given_origin(origin, second)]
        if adult:
            pool = source.women if female else source.men
        else:
            pool = source.girls if female else source.boys
        given = self.rng.choice(pool)
        if self.rng.random() < accented:
            options = ACCENTED_FEMALE if female else ACCENTED_MALE
            own = tuple(name for name in options if ACCENTED_ORIGIN.get(name) == origin)
            british = tuple(name for name in options if name not in ACCENTED_ORIGIN)
            given = self.rng.choice(own or british)  # Zoë, as British as Zoe
        return given

    def _unique(
        self,
        female: bool,
        adult: bool,
        family: str | None,
        origin: str,
        second: str | None,
        accented: float,
    ) -> tuple[str, str]:
        for attempt in range(200):
            given = self._given(female, adult, origin, second, accented)
            if family and attempt < 60:
                surname = family
            else:
                surname = self.family_name(origin if attempt < 120 else self.origin())
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
    families = _Families(rng, school, maker, _pupil_years(school.secondary))
    current = 0
    while current < pupils:
        current += families.family(pupils - current)
    # A few who left about ten years ago and are young adults now (no parents on record).
    for _ in range(4):
        origin = maker.origin()
        families.pupil(maker.family_name(origin), origin, None, families.top, date(2016, 7, 22), 0)


class _Families:
    """Pupils and their parents, family by family, each numbered in turn."""

    def __init__(
        self, rng: random.Random, school: School, maker: NameMaker, years: list[int]
    ) -> None:
        self.rng, self.school, self.maker, self.years = rng, school, maker, years
        self.top = years[-1]
        self.pupils = self.parents = self.families = 0

    def pupil(
        self,
        family: str,
        origin: str,
        second: str | None,
        year: int,
        left_on: date | None,
        fid: int,
    ) -> Person:
        self.pupils += 1
        female = self.rng.random() < 0.5
        given, surname = self.maker.child(female, family, origin, second)
        if left_on is not None and left_on.year < 2020:
            joined = date(left_on.year - (len(self.years) - 1), 9, 3)
        elif left_on is not None:
            joined = date(left_on.year - len(self.years), 9, 3)
        else:
            joined = _joined(year, self.school.secondary)
        return self.school.add(
            Person(
                id=f"P{self.pupils:04d}",
                given=given,
                family=surname,
                role="pupil",
                left_on=left_on,
                joined=joined,
                year=year if left_on is None else None,
                family_id=fid,
            )
        )

    def family(self, wanted: int) -> int:
        """One family: its children (current, moved away, or an older sibling who has left)
        and parents. Returns how many current pupils it added (at most `wanted`, or one when
        `wanted` is reached with no child yet)."""
        rng, maker = self.rng, self.maker
        self.families += 1
        fid = self.families
        origin = maker.origin()
        family = maker.family_name(origin)
        second = maker.second_origin(origin)
        roll = rng.random()
        n_children = 1 if roll < 0.6 else 2 if roll < 0.9 else 3
        children: list[Person] = []
        moved_away = rng.random() < 0.04
        current = 0
        for _ in range(n_children):
            if current >= wanted and children:
                break
            year = rng.choice(self.years)
            if moved_away:
                left = date(
                    2025 + rng.randrange(2), rng.choice((2, 3, 10, 11)), 6 + rng.randrange(20)
                )
                left = min(left, date(2026, 11, 6))
                children.append(self.pupil(family, origin, second, year, left, fid))
            else:
                children.append(self.pupil(family, origin, second, year, None, fid))
                current += 1
        if not moved_away and rng.random() < 0.12:
            # an older sibling who left at the end of the top year in a recent summer
            leaving = rng.choice(LEAVING_DAYS)
            children.append(self.pupil(family, origin, second, self.top, leaving, fid))
        self.add_parents(children, family, origin, second, fid)
        return current

    def add_parents(
        self, children: list[Person], family: str, origin: str, second: str | None, fid: int
    ) -> None:
        rng = self.rng
        n_parents = 1 if rng.random() < 0.3 else 2
        for index in range(n_parents):
            self.parents += 1
            female = index == 0 if rng.random() < 0.85 else index == 1
            if rng.random() < 0.75:
                given, surname = self.maker.adult(female, family, origin, second)
            elif second is not None:  # the parent of the other origin, with their own surname
                given, surname = self.maker.adult(female, None, second)
            else:  # a parent who kept their own surname
                given, surname = self.maker.adult(female, None, origin)
            title = rng.choice(("Mrs", "Ms", "Miss")) if female else "Mr"
            if rng.random() < 0.03:
                title = "Dr"
            self.school.add(
                Person(
                    id=f"C{self.parents:04d}",
                    given=given,
                    family=surname,
                    role="parent",
                    guardian_of=tuple(child.id for child in children),
                    title=title,
                    family_id=fid,
                )
            )


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
    accounts = _Accounts(rng, school, pool)
    for person in school.people:
        if person.role == "staff":
            accounts.staff(person)
        elif person.role == "pupil":
            accounts.pupil(person)
        elif person.role in ("parent", "governor", "volunteer"):
            accounts.adult(person)
    school.handles_taken = accounts.handles
    school.emails_taken = accounts.taken


class _Accounts:
    """Each person's school and personal accounts, every address and handle unique."""

    def __init__(self, rng: random.Random, school: School, pool: NumberPool) -> None:
        self.rng, self.school, self.pool = rng, school, pool
        self.taken: set[str] = set()
        self.handles: set[str] = set()

    def add(self, person: Person, kind: str, value: str, ownership: str) -> None:
        self.school.accounts.append(Account(person.id, kind, value, ownership))

    def handle(self, person: Person) -> str:
        rng = self.rng
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
        return _unique(base, self.handles)

    def personal_email(self, person: Person) -> str:
        rng = self.rng
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
        return _unique(f"{local}@{domain}", self.taken)

    def mobile(self, person: Person) -> None:
        number = self.pool.mobile()
        if number:
            self.add(person, "phone", number, "personal")

    def staff(self, person: Person) -> None:
        local = email_local(person.given, person.family)
        person.email = _unique(f"{local}@{self.school.domain}", self.taken)
        self.add(person, "email", person.email, "school")
        if person.left_on is not None:
            return
        if self.rng.random() < 0.5:
            self.add(person, "email", self.personal_email(person), "personal")
        if self.rng.random() < 0.65:
            self.mobile(person)
        if self.rng.random() < 0.45:
            self.add(person, "social", f"instagram:@{self.handle(person)}", "personal")
        if self.rng.random() < 0.5:
            self.add(person, "social", f"facebook:{self.handle(person)}", "personal")

    def pupil(self, person: Person) -> None:
        school, year = self.school, person.year
        has_school_mail = (
            person.left_on is None and year is not None and (school.secondary or year >= 4)
        )
        if has_school_mail and person.joined is not None:
            initial_family = email_local(person.given, person.family).replace(".", "")
            local = f"{person.joined.year % 100:02d}{initial_family}"
            person.email = _unique(f"{local}@{school.domain}", self.taken)
            self.add(person, "email", person.email, "school")
        chance = (
            (0.6 if (year or 0) >= 8 else 0.2)
            if school.secondary
            else (0.35 if year == 6 else 0.08 if year == 5 else 0.0)
        )
        if person.left_on is None and self.rng.random() < chance:
            self.mobile(person)
        insta = 0.35 if school.secondary and (year or 0) >= 9 else 0.0
        if person.left_on is None and self.rng.random() < insta:
            self.add(person, "social", f"instagram:@{self.handle(person)}", "personal")

    def adult(self, person: Person) -> None:
        """A parent, governor or volunteer: a personal email and phone, some Instagram."""
        person.email = self.personal_email(person)
        self.add(person, "email", person.email, "personal")
        number = self.pool.any_number()
        if number:
            person.phone = number
            self.add(person, "phone", number, "personal")
        if person.role == "parent" and self.rng.random() < 0.08:
            self.add(person, "social", f"instagram:@{self.handle(person)}", "personal")
