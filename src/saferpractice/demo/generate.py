"""Generate the demo school: the school folder, a year of evidence, and the ground truth.

Ordinary evidence is streamed day by day (constant memory however many messages are asked
for); planted items are merged into the streams on their day. Everything derives from
`random.Random` seeded from the one seed, and from the fixed calendar in `clock`.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple, TextIO, TypeVar

from saferpractice.demo import clock, templates
from saferpractice.demo.mail import Attachment, Mail, MboxWriter
from saferpractice.demo.messages import CsvMessageWriter, JsonlMessageWriter, Short, short_id
from saferpractice.demo.names import AREAS
from saferpractice.demo.people import build_people, make_school
from saferpractice.demo.phones import NumberPool, e164
from saferpractice.demo.photos import PhotoSpec, make_jpeg
from saferpractice.demo.plant import (
    SCHOOL_MOBILE,
    TEAMS,
    PhotoItem,
    Planted,
    Planter,
)
from saferpractice.demo.registers import (
    build_acknowledgements,
    build_consents,
    build_devices,
    build_trips,
    write_school_folder,
)
from saferpractice.demo.social import write_social
from saferpractice.demo.world import USES, Person, School

OFFICE_TEXTS = "sms/office-texts.csv"
MINUTES = ("00", "10", "20", "30", "40", "50")
STAFFROOM = "chat/staffroom-whatsapp.jsonl"
EVENTS = (  # (name, months it happens in)
    ("sports-day", (6, 7)),
    ("harvest", (9, 10)),
    ("science-week", (3,)),
    ("book-week", (3,)),
    ("nativity", (12,)),
    ("christmas-fair", (11, 12)),
    ("forest-school", (9, 10, 11, 4, 5, 6, 7)),
    ("class-assembly", (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7)),
    ("art-week", (1, 2, 5)),
    ("maths-day", (2, 11)),
    ("music-concert", (12, 3, 7)),
    ("world-book-day", (3,)),
    ("trip", (10, 11, 1, 2, 4, 5, 6, 7)),
    ("phonics", (1, 9, 10, 11, 4, 5)),
    ("pe", (1, 2, 9, 10, 11, 4, 5, 6)),
    ("remembrance", (11,)),
    ("diwali", (10, 11)),
    ("pancake-day", (2,)),
    ("eid", (3,)),
)


@dataclass(slots=True)
class Summary:
    people: int = 0
    mails: int = 0
    texts: int = 0
    chats: int = 0
    images: int = 0
    web: int = 0
    connections: int = 0
    truth: int = 0
    plants: int = 0


def generate(
    seed: int,
    out: Path,
    pupils: int = 400,
    messages: int = 20000,
    images: int = 300,
    secondary: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Write `out/school`, `out/evidence`, `out/truth.jsonl` and `out/plants.jsonl`."""
    rng = random.Random(f"{seed}:school")
    school = make_school(rng, secondary)
    area = next(i for i, a in enumerate(AREAS) if a[2] == school.town)
    pool = NumberPool(random.Random(f"{seed}:numbers"), area)
    school.trip_phone = pool.mobile()
    build_people(rng, school, pupils, pool)
    build_devices(rng, school, pupils)
    build_trips(rng, school)
    build_consents(random.Random(f"{seed}:consents"), school)
    planted = Planter(school, random.Random(f"{seed}:plants"), seed, pool).run()
    build_acknowledgements(random.Random(f"{seed}:acks"), school, planted.ack_gaps)
    write_school_folder(school, out / "school")
    evidence = out / "evidence"
    summary = Summary(people=len(school.people))
    Streams(school, planted, seed, evidence, messages, progress).run(summary)
    summary.images = write_photos(school, planted, seed, evidence / "photos", images)
    summary.web = write_web(school, planted, seed, evidence / "web", messages)
    summary.connections = write_social(
        evidence / "social", school, planted, random.Random(f"{seed}:social")
    )
    truth = planted.truth()
    with (out / "truth.jsonl").open("w", encoding="utf-8") as handle:
        for rule, ref in truth:
            handle.write(json.dumps({"rule": rule, "ref": ref}, ensure_ascii=False) + "\n")
    with (out / "plants.jsonl").open("w", encoding="utf-8") as handle:
        for plant in sorted(planted.registry, key=lambda p: (p.kind, p.rules, p.ref)):
            handle.write(json.dumps(plant.to_json(), ensure_ascii=False) + "\n")
    summary.truth = len(truth)
    summary.plants = len(planted.registry)
    return summary


# -- ordinary communication, streamed -----------------------------------------------------


class _Today(NamedTuple):
    """What one ordinary message of a day is built from."""

    day: date
    school_day: bool
    pupil: Person
    parent: Person
    teacher: Person
    ctx: dict[str, str]
    vault: str
    mails: list[tuple[str, Mail]]
    shorts: list[tuple[str, Short]]


# The template pools the ordinary evidence is drawn from (templates.py), by month.
POOLS = (
    "STAFF_TO_PARENT",
    "PARENT_TO_STAFF",
    "STAFF_TO_STAFF",
    "STAFF_TO_PUPIL",
    "PUPIL_TO_STAFF",
    "OFFICE_TEXTS",
    "PARENT_TEXTS",
    "TEAMS_STAFF",
    "TEAMS_STAFF_TO_PUPIL",
    "TEAMS_PUPIL_TO_STAFF",
    "STAFFROOM_WHATSAPP",
    "NEWSLETTER_ITEMS",
)

_Item = TypeVar("_Item", Mail, Short)


def _by_day(items: list[tuple[str, _Item]]) -> dict[date, list[tuple[str, _Item]]]:
    """Planted items by the London day they were sent, in planting order."""
    found: dict[date, list[tuple[str, _Item]]] = {}
    for source, item in items:
        found.setdefault(item.sent_at.astimezone(clock.LONDON).date(), []).append((source, item))
    return found


class Streams:
    """Writes mail, texts and chat day by day, merging the planted items on their day."""

    def __init__(
        self,
        school: School,
        planted: Planted,
        seed: int,
        root: Path,
        total: int,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        self.school = school
        self.planted = planted
        self.seed = seed
        self.root = root
        self.total = total
        self.progress = progress
        self.rng = random.Random(f"{seed}:streams")
        self.counter = 0
        staff = school.staff()
        self.staff = staff
        self.teachers = {
            year: [school.person(t) for t in ids] for year, ids in school.year_teachers.items()
        }
        self.office = next((p for p in staff if p.job == "Office manager"), staff[0])
        self.head = school.with_responsibility("head-teacher")[0]
        reserved = planted.reserved_staff
        self.staff_with_phones = [
            (p, school.account(p.id, "phone", "personal"))
            for p in staff
            if school.account(p.id, "phone", "personal")
        ]
        self.pupils = [
            p
            for p in school.by_role("pupil")
            if p.left_on is None or p.left_on > clock.EVIDENCE_START
        ]
        self.pupil_teacher_ok = [p for p in staff if p.id not in reserved]
        self.reserved = reserved
        self.pools = {name: templates.by_month(getattr(templates, name)) for name in POOLS}
        self.files: dict[str, TextIO] = {}
        self.mboxes: dict[str, MboxWriter] = {}
        self.csvs: dict[str, CsvMessageWriter] = {}
        self.jsonl: dict[str, JsonlMessageWriter] = {}
        self.mail_plants = _by_day(planted.mails)
        self.short_plants = _by_day(planted.shorts)

    # -- output files --------------------------------------------------------------------

    def mbox(self, source: str) -> MboxWriter:
        if source not in self.mboxes:
            path = self.root / source
            path.parent.mkdir(parents=True, exist_ok=True)
            self.mboxes[source] = MboxWriter(path.open("wb"))
        return self.mboxes[source]

    def shorts(self, source: str) -> CsvMessageWriter | JsonlMessageWriter:
        if source in self.csvs:
            return self.csvs[source]
        if source in self.jsonl:
            return self.jsonl[source]
        path = self.root / source
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("w", encoding="utf-8", newline="")
        self.files[source] = handle
        if source.endswith(".csv"):
            self.csvs[source] = CsvMessageWriter(handle)
            return self.csvs[source]
        self.jsonl[source] = JsonlMessageWriter(handle)
        return self.jsonl[source]

    # -- the loop ------------------------------------------------------------------------

    def run(self, summary: Summary) -> None:
        days = clock.evidence_days()
        weights = [1.0 if clock.is_school_day(d) else 0.12 for d in days]
        scale = self.total / sum(weights)
        carried = 0.0
        for index, day in enumerate(days):
            carried += weights[index] * scale
            count = int(carried)
            carried -= count
            mails: list[tuple[str, Mail]] = list(self.mail_plants.get(day, []))
            shorts: list[tuple[str, Short]] = list(self.short_plants.get(day, []))
            for _ in range(count):
                self.ordinary(day, mails, shorts)
            for source, mail in sorted(
                mails, key=lambda item: (item[1].sent_at, item[1].message_id)
            ):
                self.mbox(source).write(mail)
            for source, message in sorted(shorts, key=lambda item: (item[1].sent_at, item[1].id)):
                self.shorts(source).write(message)
            if self.progress:
                self.progress(index + 1, len(days))
        for writer in self.mboxes.values():
            writer.handle.close()
        for handle in self.files.values():
            handle.close()
        # disclosed mail, handsets and class groups exist even if a tiny run planted nothing in them
        summary.mails = sum(w.count for w in self.mboxes.values())
        summary.texts = sum(w.count for w in self.csvs.values())
        summary.chats = sum(w.count for w in self.jsonl.values())

    # -- ordinary items ------------------------------------------------------------------

    def next_id(self) -> int:
        self.counter += 1
        return self.counter

    def message_id(self, when: datetime) -> str:
        digest = hashlib.blake2b(
            f"{self.seed}:mail:{self.next_id()}".encode(), digest_size=10
        ).hexdigest()
        return f"{when.astimezone(UTC).strftime('%Y%m%d%H%M%S')}.{digest}@{self.school.domain}"

    def pupil_on(self, day: date, need_email: bool = False) -> Person | None:
        for _ in range(20):
            pupil = self.rng.choice(self.pupils)
            if (
                pupil.current_on(day)
                and self.school.guardians_of_cached(pupil.id)
                and (pupil.email or not need_email)
            ):
                return pupil
        return None

    def context(self, day: date, pupil: Person) -> dict[str, str]:
        school = self.school
        parent = school.guardians_of_cached(pupil.id)[0]
        year = pupil.year_on(day)
        year_label = "Reception" if year == 0 else f"Year {year if year is not None else 6}"
        trip = self.rng.choice(school.trips)
        later = day + timedelta(days=self.rng.randrange(3, 20))
        while not clock.is_school_day(later) and later < clock.TODAY:
            later += timedelta(days=1)
        earlier = day - timedelta(days=self.rng.randrange(1, 6))
        while not clock.is_school_day(earlier) and earlier > clock.EVIDENCE_START:
            earlier -= timedelta(days=1)
        rng = self.rng
        return {
            "past": f"{earlier.strftime('%A')} {earlier.day} {earlier.strftime('%B')}",
            "topic": rng.choice(templates.TOPICS),
            "club": rng.choice(templates.CLUBS),
            "sport": rng.choice(templates.SPORTS),
            "fixture": rng.choice(templates.FIXTURES),
            "praise": rng.choice(templates.PRAISE),
            "achievement": rng.choice(templates.ACHIEVEMENTS),
            "table": str(rng.randrange(2, 13)),
            "attendance": f"{rng.randrange(86, 93)}.{rng.randrange(10)}",
            "time_day": f"{rng.choice(('8:50', '3:30', '3:45', '4:00'))}",
            "parent": parent.formal,
            "pname": parent.given,
            "child": pupil.given,
            "year": year_label,
            "place": trip.place,
            "date": f"{later.strftime('%A')} {later.day} {later.strftime('%B')}",
            "day": self.rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")),
            "time": f"{self.rng.randrange(3, 7)}:{self.rng.choice(MINUTES)}pm",
            "amount": f"{self.rng.randrange(4, 25)}.00",
            "office": school.office_phone,
            "website": school.website,
            "school": school.name,
            "parent_phone": parent.phone or school.office_phone,
        }

    def teacher_for(self, pupil: Person, day: date) -> Person:
        year = pupil.year_on(day)
        options = [
            t for t in self.teachers.get(year if year is not None else -1, []) if t.left_on is None
        ]
        options = [t for t in options if t.id not in self.reserved] or options
        if not options:
            return self.rng.choice(self.pupil_teacher_ok)
        # a pupil keeps the same class teacher all year (classes split by pupil id)
        return options[int(pupil.id[1:]) % len(options)]

    def sign(self, staff: Person) -> str:
        return (
            f"{staff.formal}\n{staff.job}\n{self.school.name}\nTel: "
            f"{self.school.office_phone} | {self.school.website}"
        )

    def school_hours_time(self, day: date) -> datetime:
        return clock.local(
            day, self.rng.randrange(9, 15), self.rng.randrange(60), self.rng.randrange(60)
        )

    def any_time(self, day: date) -> datetime:
        return clock.local(
            day, self.rng.randrange(7, 22), self.rng.randrange(60), self.rng.randrange(60)
        )

    def working_time(self, day: date) -> datetime:
        """Staff mostly write between 7:30 and 18:00, and sometimes in the evening."""
        if self.rng.random() < 0.15:
            return clock.local(day, self.rng.randrange(18, 21), self.rng.randrange(60))
        minutes = self.rng.randrange(7 * 60 + 30, 18 * 60)
        return clock.local(day, minutes // 60, minutes % 60, self.rng.randrange(60))

    def morning_time(self, day: date) -> datetime:
        minutes = self.rng.randrange(6 * 60 + 45, 9 * 60 + 15)
        return clock.local(day, minutes // 60, minutes % 60, self.rng.randrange(60))

    def pick(self, pool: str, day: date) -> object:
        return self.rng.choice(self.pools[pool][day.month])

    def pair(self, pool: str, day: date) -> tuple[str, str]:
        """A (subject, body) template that fits the month."""
        item = self.rng.choice(self.pools[pool][day.month])
        assert isinstance(item, tuple)
        return str(item[0]), str(item[1])

    def ordinary(
        self, day: date, mails: list[tuple[str, Mail]], shorts: list[tuple[str, Short]]
    ) -> None:
        roll = self.rng.random()
        school_day = clock.is_school_day(day)
        pupil = self.pupil_on(day)
        if pupil is None:
            return
        ctx = self.context(day, pupil)
        parent = self.school.guardians_of_cached(pupil.id)[0]
        teacher = self.teacher_for(pupil, day)
        vault = f"mail/vault-{clock.term_name(day)}.mbox"
        if not school_day and roll >= 0.46 and roll < 0.90:
            # holidays and weekends: no registers, office texts, newsletters or pupils' chat
            roll = 0.34 + (roll - 0.46) * 0.25
        today = _Today(day, school_day, pupil, parent, teacher, ctx, vault, mails, shorts)
        if roll < 0.18 and school_day:  # staff to parent
            self._ordinary_staff_to_parent(today)
        elif roll < 0.34:  # parent to staff, often answered
            self._ordinary_parent_to_staff(today)
        elif roll < 0.46:  # staff to staff
            self._ordinary_staff_to_staff(today)
        elif roll < 0.52 and school_day and pupil.email:  # staff to pupil, school hours only
            self._ordinary_staff_to_pupil(today)
        elif roll < 0.55 and pupil.email:  # pupil to staff, any time
            self._ordinary_pupil_to_staff(today)
        elif roll < 0.57 and day.weekday() == 4 and school_day:  # the Friday newsletter
            self._ordinary_newsletter(today)
        elif roll < 0.70 and school_day:  # office texts to parents
            self._ordinary_office_texts(today)
        elif roll < 0.80 and school_day:  # parents text the school mobile, the school replies
            self._ordinary_parents_text_school(today)
        elif roll < 0.90 and school_day:  # Teams chat between staff
            self._ordinary_teams_staff(today)
        elif roll < 0.95 and school_day and pupil.email:  # Teams chat with pupils, in school hours
            self._ordinary_teams_pupils(today)
        elif self.staff_with_phones and len(self.staff_with_phones) > 2:  # the staff WhatsApp group
            self._ordinary_staff_whatsapp(today)

    def _ordinary_staff_to_parent(self, today: _Today) -> None:
        """Staff to parent."""
        day, _school_day, _pupil, parent, teacher, ctx, vault, mails, _shorts = today
        subject, text = self.pair("STAFF_TO_PARENT", day)
        when = self.working_time(day)
        mail = Mail(
            self.message_id(when),
            when,
            (teacher.full_name, teacher.email),
            [(parent.full_name, parent.email)],
            subject.format(**ctx),
            text.format(sign=self.sign(teacher), **ctx),
            html_body=self.rng.random() < 0.6,
            mailer="Microsoft Outlook 16.0",
        )
        if self.rng.random() < 0.1:
            mail.attachments.append(
                Attachment(
                    "letter.pdf", "application/pdf", _pdf(ctx["school"], subject.format(**ctx))
                )
            )
        mails.append((vault, mail))

    def _ordinary_parent_to_staff(self, today: _Today) -> None:
        """Parent to staff, often answered."""
        day, school_day, _pupil, parent, teacher, ctx, vault, mails, _shorts = today
        if school_day:
            subject, text = self.pair("PARENT_TO_STAFF", day)
        else:
            options = [
                (str(t[0]), str(t[1]))  # type: ignore[index]
                for t in self.pools["PARENT_TO_STAFF"][day.month]
                if t[0] in templates.PARENT_ANY_DAY  # type: ignore[index]
            ]
            subject, text = self.rng.choice(options)
        ctx["staff"] = teacher.formal
        when = self.morning_time(day) if "this morning" in text else self.any_time(day)
        question = Mail(
            self.message_id(when),
            when,
            (parent.full_name, parent.email),
            [(teacher.full_name, teacher.email)],
            subject.format(**ctx),
            text.format(**ctx),
        )
        mails.append((vault, question))
        if school_day and self.rng.random() < 0.5:
            reply_at = when + timedelta(minutes=self.rng.randrange(20, 300))
            if reply_at.astimezone(clock.LONDON).date() == day:
                answer = templates.PARENT_REPLIES.get(
                    subject, "Thank you for your message."
                ).format(**ctx)
                reply = Mail(
                    self.message_id(reply_at),
                    reply_at,
                    (teacher.full_name, teacher.email),
                    [(parent.full_name, parent.email)],
                    "Re: " + question.subject,
                    f"Dear {parent.formal},\n\n{answer}\n\n{self.sign(teacher)}",
                    quoted=question.text,
                    quoted_from=parent.full_name,
                    quoted_at=when,
                    in_reply_to=question.message_id,
                    html_body=self.rng.random() < 0.5,
                )
                mails.append((vault, reply))

    def _ordinary_staff_to_staff(self, today: _Today) -> None:
        """Staff to staff."""
        day, school_day, _pupil, _parent, teacher, ctx, vault, mails, _shorts = today
        subject, text = self.pair("STAFF_TO_STAFF", day)
        while not school_day and ("today" in text or "this morning" in text):
            subject, text = self.pair("STAFF_TO_STAFF", day)
        colleague = self.rng.choice([p for p in self.staff if p.id != teacher.id])
        ctx.update(colleague=colleague.given, sname=teacher.given)
        when = self.working_time(day)
        to = [(colleague.full_name, colleague.email)]
        if text.startswith(("Hi all", "Dear colleagues")):
            to = [("All staff", f"staff@{self.school.domain}")]
        mail = Mail(
            self.message_id(when),
            when,
            (teacher.full_name, teacher.email),
            to,
            subject.format(**ctx),
            text.format(**ctx),
        )
        if "risk assessment" in text and self.rng.random() < 0.5:
            mail.attachments.append(
                Attachment(
                    "risk-assessment.pdf",
                    "application/pdf",
                    _pdf(ctx["school"], "Risk assessment"),
                )
            )
        mails.append((vault, mail))

    def _ordinary_staff_to_pupil(self, today: _Today) -> None:
        """Staff to pupil, school hours only."""
        day, _school_day, pupil, _parent, teacher, ctx, vault, mails, _shorts = today
        subject, text = self.pair("STAFF_TO_PUPIL", day)
        when = self.school_hours_time(day)
        mails.append(
            (
                vault,
                Mail(
                    self.message_id(when),
                    when,
                    (teacher.full_name, teacher.email),
                    [(pupil.full_name, pupil.email)],
                    subject.format(**ctx),
                    text.format(sign=teacher.formal, **ctx),
                ),
            )
        )

    def _ordinary_pupil_to_staff(self, today: _Today) -> None:
        """Pupil to staff, any time."""
        day, _school_day, pupil, _parent, teacher, ctx, vault, mails, _shorts = today
        subject, text = self.pair("PUPIL_TO_STAFF", day)
        ctx["staff"] = teacher.formal
        minutes = self.rng.randrange(9 * 60, 20 * 60 + 30)
        when = clock.local(day, minutes // 60, minutes % 60, self.rng.randrange(60))
        mails.append(
            (
                vault,
                Mail(
                    self.message_id(when),
                    when,
                    (pupil.full_name, pupil.email),
                    [(teacher.full_name, teacher.email)],
                    subject.format(**ctx),
                    text.format(**ctx),
                ),
            )
        )

    def _ordinary_newsletter(self, today: _Today) -> None:
        """The Friday newsletter."""
        day, _school_day, _pupil, _parent, _teacher, ctx, vault, mails, _shorts = today
        when = clock.local(day, 15, 30)
        items = self.rng.sample(self.pools["NEWSLETTER_ITEMS"][day.month], 4)
        text = (
            "Dear parents and carers,\n\n"
            + "\n\n".join(str(i).format(**ctx) for i in items)
            + f"\n\nHave a lovely weekend,\n{self.head.formal}\nHead teacher"
        )
        mail = Mail(
            self.message_id(when),
            when,
            (self.school.name, f"office@{self.school.domain}"),
            [("Parents and carers", f"parents@{self.school.domain}")],
            f"Newsletter – {day.day} {day.strftime('%B %Y')}",
            text,
            html_only=True,
            attachments=[
                Attachment("newsletter-photo.jpg", "image/jpeg", self.attachment_photo(day))
            ]
            if self.rng.random() < 0.5
            else [],
        )
        mails.append((vault, mail))

    def _ordinary_office_texts(self, today: _Today) -> None:
        """Office texts to parents."""
        day, _school_day, _pupil, parent, _teacher, ctx, _vault, _mails, shorts = today
        text = str(self.pick("OFFICE_TEXTS", day))
        if "this morning" in text:
            minutes = self.rng.randrange(9 * 60 + 15, 10 * 60 + 30)
            when = clock.local(day, minutes // 60, minutes % 60, self.rng.randrange(60))
        else:
            when = self.school_hours_time(day)
        if parent.phone:
            shorts.append(
                (
                    OFFICE_TEXTS,
                    Short(
                        short_id("OT", self.seed, "ot", self.next_id()),
                        "sms",
                        when,
                        e164(self.school.office_phone),
                        [e164(parent.phone)],
                        text.format(**ctx),
                    ),
                )
            )

    def _ordinary_parents_text_school(self, today: _Today) -> None:
        """Parents text the school mobile, the school replies."""
        day, _school_day, _pupil, parent, _teacher, ctx, _vault, _mails, shorts = today
        text = str(self.pick("PARENT_TEXTS", day))
        morning = any(w in text for w in ("today", "this morning", "Morning"))
        when = self.morning_time(day) if morning else self.any_time(day)
        if parent.phone:
            shorts.append(
                (
                    SCHOOL_MOBILE,
                    Short(
                        short_id("SM", self.seed, "sm", self.next_id()),
                        "sms",
                        when,
                        e164(parent.phone),
                        [e164(self.school.trip_phone)],
                        text.format(**ctx),
                    ),
                )
            )
            if self.rng.random() < 0.3:
                shorts.append(
                    (
                        SCHOOL_MOBILE,
                        Short(
                            short_id("SM", self.seed, "sm", self.next_id()),
                            "sms",
                            self.school_hours_time(day),
                            e164(self.school.trip_phone),
                            [e164(parent.phone)],
                            self.rng.choice(templates.SCHOOL_MOBILE_TEXTS).format(**ctx),
                        ),
                    )
                )

    def _ordinary_teams_staff(self, today: _Today) -> None:
        """Teams chat between staff."""
        day, _school_day, _pupil, _parent, _teacher, ctx, _vault, _mails, shorts = today
        a, b = self.rng.sample(self.staff, 2)
        ctx["colleague"] = b.given
        minutes = self.rng.randrange(7 * 60 + 30, 17 * 60 + 30)
        shorts.append(
            (
                TEAMS,
                Short(
                    short_id("TM", self.seed, "tm", self.next_id()),
                    "teams",
                    clock.local(day, minutes // 60, minutes % 60, self.rng.randrange(60)),
                    a.email,
                    [b.email],
                    str(self.pick("TEAMS_STAFF", day)).format(**ctx),
                ),
            )
        )

    def _ordinary_teams_pupils(self, today: _Today) -> None:
        """Teams chat with pupils, in school hours."""
        day, _school_day, pupil, _parent, teacher, ctx, _vault, _mails, shorts = today
        ctx["staff"] = teacher.formal
        if self.rng.random() < 0.7:
            sender, recipient, wording = teacher, pupil, "TEAMS_STAFF_TO_PUPIL"
        else:
            sender, recipient, wording = pupil, teacher, "TEAMS_PUPIL_TO_STAFF"
        shorts.append(
            (
                TEAMS,
                Short(
                    short_id("TM", self.seed, "tm", self.next_id()),
                    "teams",
                    self.school_hours_time(day),
                    sender.email,
                    [recipient.email],
                    str(self.pick(wording, day)).format(**ctx),
                ),
            )
        )

    def _ordinary_staff_whatsapp(self, today: _Today) -> None:
        """The staff WhatsApp group."""
        day, school_day, _pupil, _parent, _teacher, ctx, _vault, _mails, shorts = today
        sender, number = self.rng.choice(self.staff_with_phones)
        ctx["colleague"] = self.rng.choice(self.staff).given
        others = [e164(n) for p, n in self.staff_with_phones if p.id != sender.id]
        text = str(self.pick("STAFFROOM_WHATSAPP", day))
        if not school_day and ("tomorrow" in text or "today" in text or "ring road" in text):
            text = "Hope everyone is having a good break!"
        shorts.append(
            (
                STAFFROOM,
                Short(
                    short_id("WA", self.seed, "wa", self.next_id()),
                    "whatsapp",
                    self.any_time(day),
                    e164(number),
                    others,
                    text.format(**ctx),
                ),
            )
        )

    def attachment_photo(self, day: date) -> bytes:
        """A school iPad photo with no people named and no GPS: attached to newsletters."""
        spec = PhotoSpec(
            clock.local(day, 11, 0),
            "Apple",
            "iPad (9th generation)",
            software="17.5.1",
            seed=self.seed * 31 + day.toordinal(),
        )
        return make_jpeg(spec)


def _pdf(school: str, title: str) -> bytes:
    """A tiny valid-looking one-page PDF (bytes fixed by its text)."""
    text = f"{school}: {title}".encode("latin-1", "replace")
    stream = b"BT /F1 12 Tf 72 720 Td (" + text.replace(b"(", b"[").replace(b")", b"]") + b") Tj ET"
    return (
        b"%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n"
        b"3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>> endobj\n"
        b"4 0 obj <</Length "
        + str(len(stream)).encode()
        + b">> stream\n"
        + stream
        + b"\nendstream endobj\n"
        b"trailer <</Root 1 0 R>>\n%%EOF\n"
    )


# -- photos -----------------------------------------------------------------------------


def write_photos(school: School, planted: Planted, seed: int, root: Path, count: int) -> int:
    rng = random.Random(f"{seed}:photos")
    ipads = [d for d in school.devices if d.ownership == "school" and d.kind == "tablet"]
    cameras = [d for d in school.devices if d.ownership == "school" and d.kind == "camera"]
    days = [d for d in clock.school_days()]
    items: list[PhotoItem] = list(planted.photos)
    pupils = [p for p in school.by_role("pupil") if p.joined is not None]
    planted_people = {pid for item in planted.photos for pid in item.sidecar_people}
    for number in range(count):
        use = rng.choice(USES)
        day = rng.choice(days)
        device = rng.choice(ipads + cameras)
        candidates = [
            p
            for p in rng.sample(pupils, min(len(pupils), 30))
            if p.current_on(day)
            and school.clean_consent(p.id, use, day)
            and p.id not in planted_people
        ]
        people = candidates[: rng.randrange(1, 5)]
        staff = rng.choice(school.staff())
        event = rng.choice([e for e, months in EVENTS if day.month in months])
        by_sidecar = rng.random() < 0.5
        spec = PhotoSpec(
            taken_at=clock.local(day, rng.randrange(9, 15), rng.randrange(60), rng.randrange(60)),
            make=device.make,
            model=device.model,
            serial=device.serial if device.writes_serial else "",
            software="17.5.1" if device.make == "Apple" else "",
            gps=(53.0 + rng.random(), -1.0 - rng.random())
            if use == "school-displays" and rng.random() < 0.2
            else None,
            xmp_people=[] if by_sidecar else [p.full_name for p in people],
            seed=seed * 104729 + number,
        )
        path = f"photos/{use}/{day.isoformat()}-{event}-{number:04d}.jpg"
        items.append(
            PhotoItem(path, spec, use, [p.id for p in people] if by_sidecar else [], staff.id)
        )
    sidecars: dict[str, list[tuple[str, str, str, str]]] = {}
    for item in sorted(items, key=lambda i: i.path):
        target = root.parent / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(make_jpeg(item.spec))
        if item.sidecar_people or item.taken_by:
            sidecars.setdefault(item.use, []).append(
                (target.name, ";".join(item.sidecar_people), item.use, item.taken_by)
            )
    for use, rows in sidecars.items():
        with (root / use / "images.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(("file", "people", "use", "taken_by"))
            writer.writerows(sorted(rows))
    return len(items)


# -- web filter -------------------------------------------------------------------------


def write_web(school: School, planted: Planted, seed: int, root: Path, messages: int) -> int:
    rng = random.Random(f"{seed}:web")
    root.mkdir(parents=True, exist_ok=True)
    days = clock.school_days()
    pupils = [p for p in school.by_role("pupil") if p.email]
    staff = school.staff()
    rows: list[tuple[datetime, str, str, str, str]] = list(planted.web)
    # the web log grows with the school's activity but is capped: it is sorted in memory
    for _ in range(min(50000, max(50, messages // 4))):
        day = rng.choice(days)
        if pupils and rng.random() < 0.35:
            user = rng.choice(pupils)
            if not user.current_on(day):
                continue
            minutes = rng.randrange(8 * 60 + 50, 15 * 60 + 10)  # pupils browse in lessons
            when = clock.local(day, minutes // 60, minutes % 60, rng.randrange(60))
            if rng.random() < 0.04:
                url, category = rng.choice(templates.WEB_PUPIL_BLOCKED)
                rows.append((when, user.email, url, category, "blocked"))
                continue
            base, category, paths = rng.choice(templates.WEB_PUPIL_SITES)
            rows.append((when, user.email, base + rng.choice(paths), category, "allowed"))
        else:
            person = rng.choice(staff)
            minutes = rng.randrange(7 * 60 + 30, 17 * 60)
            when = clock.local(day, minutes // 60, minutes % 60, rng.randrange(60))
            if rng.random() < 0.05:
                rows.append((when, person.email, school.website + "/", "Education", "allowed"))
                continue
            base, category, paths = rng.choice(templates.WEB_STAFF_SITES)
            rows.append((when, person.email, base + rng.choice(paths), category, "allowed"))
    rows.sort()
    with (root / "filter.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("time", "user", "url", "category", "action"))
        for when, who, url, category, action in rows:
            writer.writerow((when.isoformat(), who, url, category, action))
    return len(rows)
