"""Planted breaches and benign look-alikes, with a registry of what each one must produce.

Every planted item is registered with the rules it must trigger (a breach) or none (a
look-alike) and the `ref` a finding cites. `truth.jsonl` is written from this registry
alone: ordinary evidence is generated so that it triggers no rule at all.

Each plant is set up so that it triggers exactly the rules listed: staff-to-pupil plants
are sent in school hours unless out-of-hours is the point, from school accounts unless a
personal account is the point, and with wording that carries only the intended signal.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from saferpractice.demo import clock
from saferpractice.demo.mail import Mail
from saferpractice.demo.messages import Short
from saferpractice.demo.people import ascii_slug
from saferpractice.demo.phones import NumberPool, e164, international, spaced_mobile, spoken
from saferpractice.demo.photos import PhotoSpec
from saferpractice.demo.registers import (
    TRIP_PHONE,
    add_approval,
    add_device,
    personal_camera,
    personal_phone,
)
from saferpractice.demo.world import Account, Consent, Device, Person, School, Trip
from saferpractice.identity import parse_social

DISCLOSED = "mail/disclosed-personal-accounts.mbox"
TEAMS = "chat/teams.jsonl"
CLASS_GROUP = "chat/class-parents-whatsapp.jsonl"
SCHOOL_MOBILE = "sms/school-mobile.csv"
CONNECTIONS = "social/connections.csv"
WEB = "web/filter.csv"


def vault_source(day: date) -> str:
    return f"mail/vault-{clock.term_name(day)}.mbox"


def handset_source(staff: str) -> str:
    return f"sms/handset-{staff}.csv"


@dataclass(frozen=True, slots=True)
class Plant:
    kind: str  # breach | look-alike
    rules: tuple[str, ...]  # rules a breach must trigger; a look-alike's nearest rule
    ref: str
    source: str
    note: str

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "rules": list(self.rules),
            "ref": self.ref,
            "source": self.source,
            "note": self.note,
        }


@dataclass(slots=True)
class PhotoItem:
    path: str  # relative to the evidence root
    spec: PhotoSpec
    use: str
    sidecar_people: list[str] = field(default_factory=list)
    taken_by: str = ""


@dataclass(slots=True)
class Planted:
    """Planted evidence, waiting to be merged into the ordinary streams."""

    registry: list[Plant] = field(default_factory=list)
    mails: list[tuple[str, Mail]] = field(default_factory=list)  # (source, mail)
    shorts: list[tuple[str, Short]] = field(default_factory=list)  # (source, message)
    photos: list[PhotoItem] = field(default_factory=list)
    web: list[tuple[datetime, str, str, str, str]] = field(default_factory=list)
    facebook: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    ig_followers: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    ig_following: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    ig_profile: dict[str, tuple[str, bool]] = field(
        default_factory=dict
    )  # staff -> (handle, private)
    connection_rows: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)
    ack_gaps: set[str] = field(default_factory=set)
    bluetooth_ok: set[str] = field(default_factory=set)  # device ids: on, but approved
    reserved_staff: set[str] = field(default_factory=set)
    profile_visibility: dict[tuple[str, str], str] = field(default_factory=dict)

    def breach(self, rules: tuple[str, ...], ref: str, source: str, note: str) -> None:
        self.registry.append(Plant("breach", rules, ref, source, note))

    def lookalike(self, near: str, ref: str, source: str, note: str) -> None:
        self.registry.append(Plant("look-alike", (near,), ref, source, note))

    def record(
        self, breach: bool, rules: tuple[str, ...], ref: str, source: str, note: str
    ) -> None:
        """A breach of `rules`, or (breach=False) a look-alike of the first rule."""
        if breach:
            self.breach(rules, ref, source, note)
        else:
            self.lookalike(rules[0], ref, source, note)

    def truth(self) -> list[tuple[str, str]]:
        lines = [(rule, p.ref) for p in self.registry if p.kind == "breach" for rule in p.rules]
        return sorted(lines)


def normalised_handle(value: str) -> str:
    """The handle of a `platform:@handle` account, as the school loader stores it."""
    return parse_social(value)[1]


@dataclass(frozen=True, slots=True)
class MailCase:
    """One planted mail, written as data (as tests/school/test_broken_folders.py writes its
    broken folders): who writes to whom from the planter's cast, in which words (a template
    over the cast's people and `weekday`), and what the scan must say about it."""

    note: str
    breach: bool  # False: a look-alike that `rule` must not report
    rule: str
    sender: str
    to: tuple[str, ...]
    host: str  # gmail | outlook: the webmail that minted the message id
    subject: str
    body: str
    cc: tuple[str, ...] = ()
    outsiders: tuple[tuple[str, str], ...] = ()  # (name, address) of people not in the school


PERSONAL = "email.personal-account"
PERSONAL_EMAIL_CASES: tuple[MailCase, ...] = (
    MailCase(
        "staff personal webmail to a parent (school hours, benign)", True, PERSONAL,
        "a", ("parent1",), "gmail", "PTA raffle prizes",
        "Hi {parent1.given},\n\nThanks so much for the raffle prizes, {p1.given} brought them "
        "in this morning. They will be on the table at the Christmas fair.\n\n{a.given}",
    ),
    MailCase(
        "a parent writes to a member of staff's personal address (received)", True, PERSONAL,
        "parent2", ("a",), "outlook", "{p2.given} and the school play",
        "Hi {a.given},\n\nSorry to email you here, I could not find the school address. Does "
        "{p2.given} need a costume for the play?\n\nThanks,\n{parent2.given}",
    ),
    MailCase(
        "staff personal webmail to a pupil's school address, in school hours", True, PERSONAL,
        "b", ("p3",), "gmail", "Revision sheet",
        "Hi {p3.given},\n\nHere is the revision sheet we looked at in class. Bring it on "
        "{weekday}.\n\n{b.formal}",
    ),
    MailCase(
        "staff personal webmail to a parent, a colleague copied in", True, PERSONAL,
        "b", ("parent4",), "gmail", "Football match on Saturday",
        "Hello {parent4.formal},\n\nThe team sheet for Saturday's match is below. Kick-off is "
        "at 10:00 at the school field.\n\nThanks,\n{b.given}",
        cc=("colleague",),
    ),
    MailCase(
        "staff personal account to a colleague", False, PERSONAL,
        "a", ("colleague",), "gmail", "Planning from home",
        "Hi {colleague.given},\n\nMy school laptop would not connect last night, so here is "
        "the outline for next week's science.\n\n{a.given}",
    ),
    MailCase(
        "a former pupil who left ten years ago writes to a personal account", False, PERSONAL,
        "adult", ("b",), "gmail", "Reference for my nursing course",
        "Hi {b.formal},\n\nI don't know if you remember me from primary school! I am applying "
        "for a nursing course and wondered whether you could be a character referee.\n\n"
        "{adult.full_name}",
    ),
    MailCase(
        "staff personal account to a friend outside school", False, PERSONAL,
        "a", (), "gmail", "Book club on Thursday",
        "Hi all,\n\nI'll bring the wine. See you at eight.\n\nx",
        outsiders=(("Book club", "readers.circle@outlook.com"),),
    ),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ShortCase:
    """One planted text or chat message, written as data: sender and recipients from the
    planter's cast, the words (a template over the cast's people and `own`, the sender's own
    number as they would write it), when it is sent, and what the scan must say."""

    note: str
    breach: bool  # False: a look-alike that `rule` must not report
    rule: str
    source: str  # "c" or "e": that member of staff's handset export; else a file
    prefix: str  # export id prefix: H (handset), WA (WhatsApp), SM (school mobile)
    channel: str
    sender: str
    to: tuple[str, ...]
    body: str
    when: str = "in-hours"  # in-hours | trip (on the trip's first day, at `at`) | after-trip
    at: tuple[int, int] = (0, 0)


PHONE = "phone.personal-device"
GROUP = ("group0", "group1", "group2")
PERSONAL_PHONE_CASES: tuple[ShortCase, ...] = (
    ShortCase("staff personal phone texts a parent", True, PHONE, "c", "H", "sms", "c",
              ("parent1",), "Hi it's {c.formal}, {p1.given} left their PE kit in class, it's in "
              "the office now."),
    ShortCase("staff personal phone texts a pupil in school hours", True, PHONE, "c", "H", "sms",
              "c", ("p2",), "Remember your trumpet for the music lesson tomorrow."),
    ShortCase("a parent texts a member of staff's personal phone (received)", True, PHONE, "c",
              "H", "sms", "parent1", ("c",),
              "Thanks for letting me know, I'll pick it up at 3. {parent1.given}"),
    ShortCase("staff personal phone texts a colleague", False, PHONE, "c", "H", "sms", "c",
              ("colleague",), "Can you grab me a coffee on your way in?"),
    ShortCase("staff personal number posts in a class parents' WhatsApp group", True, PHONE,
              CLASS_GROUP, "WA", "whatsapp", "d", GROUP,
              "Hi all, just a reminder that Friday is non-uniform day for the summer fair."),
    ShortCase("parents talking among themselves", False, PHONE, CLASS_GROUP, "WA", "whatsapp",
              "group0", GROUP[1:], "Does anyone know what time the fair starts?"),
    ShortCase("staff personal phone texts a pupil on a trip day covered by a mobile-phone "
              "approval", False, PHONE, "e", "H", "sms", "e", ("p3",),
              "The coach is at the front gate, meet your group there at half two.",
              when="trip", at=(14, 20)),
    ShortCase("staff personal phone to a parent after the mobile-phone approval ended", True,
              PHONE, "e", "H", "sms", "e", ("parent4",),
              "Hello, the photos from the trip are on the school website now. {e.formal}",
              when="after-trip"),
    ShortCase("the school's own mobile texts a pupil on a trip", False, PHONE, SCHOOL_MOBILE,
              "SM", "sms", "school", ("p5",),
              "Please come back to the meeting point by the café now.", when="trip", at=(11, 5)),
    ShortCase("a parent sends their own number", False, "contact.personal-details",
              SCHOOL_MOBILE, "SM", "sms", "parent5", ("school",),
              "Hi, it's {parent5.given}, {p5.given}'s mum/dad. If you need me today my number "
              "is {own}."),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SchoolCase:
    """One planted breach through the school's own system (a Vault mail or a Teams chat),
    written as data: which member of the planter's cast sends it, to a new pupil or that
    pupil's parent, and the words (a template over `staff`, `pupil`, `parent`, `detail`, the
    personal detail the row names, and `sign`, the sender's signature)."""

    note: str
    rule: str
    staff: str
    to: str  # pupil | parent
    channel: str  # mail | teams
    subject: str
    body: str
    detail: str = ""  # personal_details: which of the sender's details the words give


DETAILS = "contact.personal-details"
PERSONAL_DETAIL_CASES: tuple[SchoolCase, ...] = (
    SchoolCase("personal mobile in national format", DETAILS, "f", "parent", "mail",
               "Half term", "Dear {parent.formal},\n\nIf anything comes up with "
               "{pupil.given} over half term I'm on {detail}.\n\n{sign}", "phone"),
    SchoolCase("personal mobile in +44 format", DETAILS, "f", "parent", "mail",
               "After-school club", "Dear {parent.formal},\n\nThe club finishes at 4:30. If "
               "you are running late, try {detail} after 4.\n\n{sign}", "+44"),
    SchoolCase("personal mobile written as words", DETAILS, "f", "parent", "mail",
               "Sponsored walk", "Dear {parent.formal},\n\nFor the sponsored walk forms, the "
               "number is {detail}.\n\n{sign}", "spoken"),
    SchoolCase("personal email obfuscated with 'at' and 'dot'", DETAILS, "g", "pupil", "mail",
               "Your art project", "Hi {pupil.given},\n\nThe file is too big for the school "
               "system, so send the photos of your model to {detail} instead.\n\n{sign}",
               "at-dot"),
    SchoolCase("personal blog address", DETAILS, "h", "parent", "mail", "Cake sale",
               "Dear {parent.formal},\n\nThank you for helping with the cake sale. The recipe "
               "for the lemon drizzle is on {detail}.\n\n{sign}", "blog"),
    SchoolCase("personal Instagram handle in a Teams chat", DETAILS, "g", "pupil", "teams", "",
               "I put my drawings up as @{detail}, have a look for ideas for your sketchbook.",
               "instagram"),
    SchoolCase("personal mobile written with spaces", DETAILS, "g", "pupil", "teams", "",
               "For the charity run sponsorship forms the number is {detail}.", "spaced"),
)  # fmt: skip

MESSAGE = "contact.personal-message"
_TO_PUPIL = "Hi {pupil.given},\n\n%s\n\n{staff.formal}"
_TO_PARENT = "Hi {parent.given},\n\n%s\n\n{staff.given}"
PERSONAL_MESSAGE_CASES: tuple[SchoolCase, ...] = (
    SchoolCase("to a pupil: secrecy", MESSAGE, "i", "pupil", "teams", "",
               "Don't tell anyone I let you off the detention, ok?"),
    SchoolCase("to a pupil: flattery", MESSAGE, "i", "pupil", "mail", "Well done", _TO_PUPIL
               % "You're so mature for your age, much more grown up than the others in the "
               "class."),
    SchoolCase("to a pupil: offer of a lift", MESSAGE, "j", "pupil", "teams", "",
               "I can give you a lift home after rehearsal if nobody can collect you."),
    SchoolCase("to a pupil: gift", MESSAGE, "j", "pupil", "mail", "Well done", _TO_PUPIL
               % "I've got a little present for you, come and find me at lunchtime."),
    SchoolCase("to a pupil: meeting outside school", MESSAGE, "i", "pupil", "teams", "",
               "Meet me at the park on Saturday and we can go through your project."),
    SchoolCase("secrecy to a parent (amber)", MESSAGE, "i", "parent", "mail", "Private",
               _TO_PARENT % "Please delete this email once you have read it. I shouldn't "
               "really be telling you about the class groups."),
    SchoolCase("sexual content to a parent (red)", MESSAGE, "j", "parent", "mail", "PTA quiz",
               _TO_PARENT % "Great to see you at the PTA quiz. You looked very sexy in that "
               "dress."),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class LateCase:
    """One planted message at a time that is or looks out of school hours, written as data:
    sender and recipient from the planter's cast (`k`, `m`) and a new `pupil` (or that
    pupil's `parent`), the kind of day it is drawn from, the clock time (London time, or UTC
    where the point is the time zone), and the words (a template over the cast, `sender` and
    `sign`)."""

    note: str
    breach: bool  # False: a look-alike that contact.out-of-hours must not report
    sender: str
    to: str
    channel: str  # mail | teams
    days: str  # weekday | saturday | summer | winter
    at: tuple[int, int]
    utc: bool = False
    subject: str = "Homework feedback"
    body: str = (
        "Hi {pupil.given},\n\nI have marked your homework; the comments are in your book."
        "\n\n{sender.formal}"
    )


OUT_OF_HOURS = "contact.out-of-hours"
_FEEDBACK = "Hi {pupil.given}, I've put the feedback on your homework in Google Classroom."
OUT_OF_HOURS_CASES: tuple[LateCase, ...] = (
    LateCase("a Teams message at 21:47", True, "k", "pupil", "teams", "weekday", (21, 47),
             body=_FEEDBACK),
    LateCase("an email on a Saturday morning", True, "k", "pupil", "mail", "saturday", (11, 5)),
    LateCase("an email at 06:40", True, "m", "pupil", "mail", "weekday", (6, 40)),
    LateCase("16:20 UTC in summer is 17:20 in London, after school hours", True, "m", "pupil",
             "teams", "summer", (16, 20), utc=True, body=_FEEDBACK),
    LateCase("16:45 UTC in winter is 16:45 in London, in school hours", False, "k", "pupil",
             "teams", "winter", (16, 45), utc=True,
             body="Hi {pupil.given}, well done on your spelling test today."),
    LateCase("a pupil emails a teacher in the evening", False, "pupil", "k", "mail", "weekday",
             (20, 30), subject="my homework",
             body="Hi {k.formal}, here is my homework. From {pupil.given}"),
    LateCase("a teacher replies to a parent in the evening", False, "m", "parent", "mail",
             "weekday", (20, 15), subject="Re: reading book",
             body="Dear {parent.formal},\n\nThanks for your message, I will change the book "
             "tomorrow.\n\n{sign}"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class LinkCase:
    """One planted social connection, written as data: which member of staff in the
    planter's cast, with whom (`parent`: the parent of the next pupil; `older:N`, `adult:N`,
    `leaver:N`: the Nth pupil of year 6 (10 in a secondary) and up, who left before 2020, or
    who left since 2024), and where the export shows it."""

    note: str
    rule: str
    staff: str
    other: str
    via: str  # facebook | instagram-follower | instagram-following | tiktok (connections CSV)
    at: int = 0  # seconds after 1 March 2024 when the connection was made
    relation: str = ""  # tiktok: the CSV's relation
    written: str = "@{}"  # tiktok: the handle as the CSV writes it


PUPIL_LINK, FORMER_LINK = "social.pupil-connection", "social.former-pupil-connection"
FACEBOOK = "social/{}/facebook/connections/friends/your_friends.json"
INSTAGRAM_FOLLOWERS = "social/{}/instagram/connections/followers_and_following/followers_1.json"
INSTAGRAM_FOLLOWING = "social/{}/instagram/connections/followers_and_following/following.json"
SOCIAL_LINK_CASES: tuple[LinkCase, ...] = (
    LinkCase("a current pupil's parent is a Facebook friend (by full name)", PUPIL_LINK, "m",
             "parent", "facebook", at=1000),
    LinkCase("a current pupil is a Facebook friend (by full name)", PUPIL_LINK, "n", "older:0",
             "facebook", at=2000),
    LinkCase("a current pupil follows a staff Instagram (by handle)", PUPIL_LINK, "o",
             "older:1", "instagram-follower", at=3000),
    LinkCase("a staff member follows a current pupil's parent on Instagram", PUPIL_LINK, "m",
             "parent", "instagram-following", at=4000),
    LinkCase("a current pupil follows a staff TikTok (connections CSV)", PUPIL_LINK, "p",
             "older:2", "tiktok", relation="follower"),
    LinkCase("a former pupil who left ten years ago is a Facebook friend (amber, not red)",
             FORMER_LINK, "m", "adult:1", "facebook", at=5000),
    LinkCase("a pupil who left recently follows a staff Instagram", FORMER_LINK, "o",
             "leaver:0", "instagram-follower", at=6000),
    LinkCase("a former pupil in a staff TikTok list (connections CSV)", FORMER_LINK, "p",
             "adult:2", "tiktok", relation="friend", written="{}"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PhotoCase:
    """One planted photo taken on a personal device by its owner, written as data: its use
    and label, the device (a key of the planter's devices), the day (see Planter._photo_day),
    how many pupils with clean consent it shows, and what the scan must say."""

    note: str
    breach: bool  # False: a look-alike that rules[0] must not report
    use: str
    label: str
    device: str = ""
    others: int = 0
    day: str = "any"
    gps: bool = False
    by_sidecar: bool = False
    rules: tuple[str, ...] = ("images.personal-device",)


PERSONAL_EQUIPMENT_CASES: tuple[PhotoCase, ...] = (
    PhotoCase("personal phone identified by make and model only", True, "school-displays",
              "class-assembly", "r-phone", 3, by_sidecar=True),
    PhotoCase("personal camera identified by its body serial", True, "website", "sports-day",
              "s-camera", 2),
    PhotoCase("personal phone after the images approval expired", True, "social-media",
              "science-week", "t-phone", 2, "after-trip:0", by_sidecar=True),
    PhotoCase("personal camera on a trip day whose approval names a different device (the "
              "phone)", True, "school-displays", "trip", "u-camera", 2, "trip:1"),
    PhotoCase("personal phone and GPS on a website image", True, "website", "harvest",
              "r-phone", 2, gps=True, by_sidecar=True,
              rules=("images.personal-device", "images.location")),
)  # fmt: skip
EQUIPMENT_LOOKALIKE_CASES: tuple[PhotoCase, ...] = (
    PhotoCase("personal phone with a valid images approval for that trip and device", False,
              "school-displays", "trip", others=3, day="trip:2", by_sidecar=True),
    PhotoCase("make and model (iPhone 12) match the school trip phone as well as a personal "
              "phone", False, "school-displays", "maths-week", others=2, by_sidecar=True),
    PhotoCase("personal phone photo of a display board: no pupils named", False,
              "school-displays", "display-board", by_sidecar=True),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ConsentCase:
    """One planted photo of a new pupil whose consent for its use is set first, written as
    data: the consent rows as (status, recorded: a date or days before the photo, expires:
    days before the photo or None), the school device, and how many other pupils with clean
    consent it shows."""

    note: str
    breach: bool  # False: a look-alike that images.no-consent must not report
    use: str
    label: str
    device: str  # ipad | camera
    consents: tuple[tuple[str, date | int, int | None], ...]
    others: int = 0
    by_sidecar: bool = False
    on: date | None = None  # the photo's date if it is a school day (else a random one)


CONSENT_CASES: tuple[ConsentCase, ...] = (
    ConsentCase("a pupil whose parent refused website consent", True, "website", "maths-day",
                "ipad", (("refused", date(2022, 9, 8), None),), 2),
    ConsentCase("consent withdrawn before the photo was taken", True, "social-media",
                "art-week", "camera",
                (("granted", date(2022, 9, 8), None), ("withdrawn", 20, None)), 1,
                by_sidecar=True),
    ConsentCase("press consent expired before the photo", True, "press", "local-paper",
                "camera", (("granted", date(2021, 9, 8), 30),)),
    ConsentCase("no video consent on record", True, "video", "nativity-still", "ipad", (),
                by_sidecar=True),
    ConsentCase("website consent was withdrawn after the photo's date", False, "website",
                "sports-day", "ipad",
                (("granted", date(2022, 9, 8), None), ("withdrawn", date(2026, 11, 10), None)),
                on=date(2026, 6, 12)),
)  # fmt: skip


# Device register rows set to break the policy: (note, setting, value, which kind of device,
# which of them in register order).
DEVICE_CASES: tuple[tuple[str, str, str, str, int], ...] = (
    ("a shared school iPad with no passcode", "passcode", "no", "school-tablet", 0),
    ("a personal phone used for school with no passcode", "passcode", "no", "personal-phone", 0),
    ("a school laptop with Bluetooth on", "bluetooth", "on", "laptop", 0),
    ("a personal phone with Bluetooth on", "bluetooth", "on", "personal-phone", 1),
    ("a shared iPad with Bluetooth on", "bluetooth", "on", "school-tablet", 1),
)


class Planter:
    """Sets up the facts each plant needs (accounts, devices, approvals, consents) and
    writes the planted evidence into `Planted`."""

    def __init__(self, school: School, rng: random.Random, seed: int, pool: NumberPool) -> None:
        self.school = school
        self.rng = rng
        self.seed = seed
        self.pool = pool
        self.out = Planted()
        self.counter = 0
        self._phones_made = 0  # personal phones made for the image plants
        heads = {p.id for p in school.with_responsibility("head-teacher")}
        leaders = {p.id for p in school.with_responsibility("senior-leader")}
        staff = [p for p in school.staff() if p.id not in heads | leaders]
        rng.shuffle(staff)
        # Dedicated actors: their approvals would change other rules' outcomes.
        self.phone_approved = staff.pop()
        self.bluetooth_approved = staff.pop()
        self.photo_approved = staff.pop()
        self.out.reserved_staff = {self.phone_approved.id, self.bluetooth_approved.id}
        self.cycle = staff
        self.next_actor = 0
        # Planted evidence starts once the autumn's consent forms are back (joined + 0-9 days).
        self.days = [d for d in clock.school_days() if date(2025, 9, 15) <= d < date(2026, 7, 20)]
        pupils = [
            p
            for p in school.by_role("pupil")
            if p.left_on is None
            and p.joined is not None
            and p.joined <= clock.EVIDENCE_START
            and school.guardians_of(p.id)
        ]
        rng.shuffle(pupils)
        self.darling = pupils.pop()
        self.pupils = pupils
        self.next_pupil = 0

    # -- helpers ----------------------------------------------------------------------

    def actor(self) -> Person:
        person = self.cycle[self.next_actor % len(self.cycle)]
        self.next_actor += 1
        return person

    def pupil(self) -> Person:
        person = self.pupils[self.next_pupil % len(self.pupils)]
        self.next_pupil += 1
        return person

    def parent_of(self, pupil: Person) -> Person:
        return self.school.guardians_of(pupil.id)[0]

    def day(self) -> date:
        return self.rng.choice(self.days)

    def in_hours(self, day: date) -> datetime:
        return clock.local(
            day, self.rng.randrange(9, 15), self.rng.randrange(60), self.rng.randrange(60)
        )

    def mid(self, host: str, moment: datetime) -> str:
        self.counter += 1
        digest = hashlib.blake2b(
            f"{self.seed}:plant:{self.counter}".encode(), digest_size=10
        ).hexdigest()
        if host == "gmail":
            return f"CA{digest.upper()}@mail.gmail.com"
        if host == "outlook":
            return f"{digest.upper()}@DB9PR01MB{self.counter:04d}.eurprd01.prod.outlook.com"
        return f"{moment.astimezone(UTC).strftime('%Y%m%d%H%M%S')}.{digest}@{self.school.domain}"

    def sid(self, prefix: str) -> str:
        self.counter += 1
        digest = hashlib.blake2b(
            f"{self.seed}:plant-short:{self.counter}".encode(), digest_size=8
        ).hexdigest()
        return f"{prefix}-{digest}"

    def ensure(self, person: Person, kind: str, ownership: str, platform: str = "") -> str:
        value = self.school.account(person.id, kind, ownership, platform)
        if value:
            return value
        g, f = ascii_slug(person.given), ascii_slug(person.family)
        if kind == "email":
            provider = self.rng.choice(("gmail.com", "outlook.com", "hotmail.co.uk"))
            value = f"{g}.{f}{self.rng.randrange(70, 99)}@{provider}"
        elif kind == "phone":
            value = self.pool.any_number()
        elif kind == "social":
            handle = f"{g}.{f}{self.rng.randrange(10, 99)}"
            while handle in self.school.handles_taken:
                handle += "x"
            self.school.handles_taken.add(handle)
            value = f"{platform}:@{handle}"
        else:
            value = f"https://{g}{f}bakes.wordpress.com"
        self.school.accounts.append(Account(person.id, kind, value, ownership))
        return value

    def school_email(self, person: Person) -> str:
        if not person.email:
            year = (person.joined or date(2020, 9, 3)).year % 100
            local = f"{year:02d}{ascii_slug(person.given)[:1]}{ascii_slug(person.family)}"
            person.email = f"{local}@{self.school.domain}"
            self.school.accounts.append(Account(person.id, "email", person.email, "school"))
        return person.email

    def party(self, person: Person, address: str) -> tuple[str, str]:
        return (person.full_name, address)

    def sign(self, staff: Person) -> str:
        return f"{staff.formal}\n{staff.job}\n{self.school.name}"

    def add_mail(self, source: str, mail: Mail) -> str:
        self.out.mails.append((source, mail))
        return mail.message_id

    def add_vault_mail(self, mail: Mail) -> tuple[str, str]:
        """File a planted mail in its term's Vault mbox: (the ref a finding cites, the source)."""
        source = vault_source(mail.sent_at.date())
        return self.add_mail(source, mail), source

    def add_short(self, source: str, message: Short) -> str:
        self.out.shorts.append((source, message))
        return message.id

    def address(self, person: Person) -> str:
        """Where the school's own system reaches `person`: a pupil's school account, or the
        email address the school holds."""
        return self.school_email(person) if person.role == "pupil" else person.email or ""

    def vault_mail(
        self,
        when: datetime,
        sender: Person,
        to: Person | list[Person],
        subject: str,
        body: str,
        html: bool = False,
    ) -> tuple[str, str]:
        """A mail through the school's own system, filed in its term's Vault mbox: (the ref
        a finding cites, the source)."""
        recipients = to if isinstance(to, list) else [to]
        mail = Mail(
            self.mid("school", when),
            when,
            self.party(sender, self.address(sender)),
            [self.party(person, self.address(person)) for person in recipients],
            subject,
            body,
            html_body=html,
        )
        return self.add_vault_mail(mail)

    def teams_message(self, when: datetime, sender: Person, to: Person, text: str) -> str:
        """A Teams chat message between school accounts: the ref a finding cites."""
        short = Short(self.sid("TM"), "teams", when, self.address(sender), [self.address(to)], text)
        return self.add_short(TEAMS, short)

    # -- the plants -------------------------------------------------------------------

    def run(self) -> Planted:
        self.personal_email()
        self.personal_phone()
        self.personal_details()
        self.personal_messages()
        self.out_of_hours()
        self.social()
        self.images()
        self.devices()
        self.internet()
        self.acknowledgements()
        return self.out

    def personal_email(self) -> None:
        """Staff personal webmail with pupils and parents, and its look-alikes: one row of
        PERSONAL_EMAIL_CASES per planted mail, over the cast chosen here."""
        a, b = self.actor(), self.actor()
        p1, p2, p3, p4 = self.pupil(), self.pupil(), self.pupil(), self.pupil()
        cast = {
            "a": (a, self.ensure(a, "email", "personal")),
            "b": (b, self.ensure(b, "email", "personal")),
            "p1": (p1, ""),
            "parent1": self._with_email(self.parent_of(p1)),
            "parent2": self._with_email(self.parent_of(p2)),
            "p2": (p2, ""),
            "p3": (p3, self.school_email(p3)),
            "parent4": self._with_email(self.parent_of(p4)),
            "colleague": self._with_email(self.actor()),
        }
        adults = self.adult_former_pupils()
        if adults:  # a pupil who left years ago, now an adult
            cast["adult"] = (adults[0], self.ensure(adults[0], "email", "personal"))
        for case in PERSONAL_EMAIL_CASES:
            self._plant_mail_case(case, cast)

    def _with_email(self, person: Person) -> tuple[Person, str]:
        return person, person.email or ""

    def _plant_mail_case(self, case: MailCase, cast: dict[str, tuple[Person, str]]) -> None:
        if any(key not in cast for key in (case.sender, *case.to, *case.cc)):
            return  # this school has no one to play the part
        when = self.in_hours(self.day())
        people = {key: person for key, (person, _) in cast.items()}
        words = {**people, "weekday": when.strftime("%A")}

        def parties(keys: tuple[str, ...]) -> list[tuple[str, str]]:
            return [self.party(*cast[key]) for key in keys]

        ref = self.add_mail(
            DISCLOSED,
            Mail(
                self.mid(case.host, when),
                when,
                self.party(*cast[case.sender]),
                parties(case.to) + [(name, address) for name, address in case.outsiders],
                case.subject.format(**words),
                case.body.format(**words),
                cc=parties(case.cc),
            ),
        )
        if case.breach:
            self.out.breach((case.rule,), ref, DISCLOSED, case.note)
        else:
            self.out.lookalike(case.rule, ref, DISCLOSED, case.note)

    def personal_phone(self) -> None:
        """Texts and WhatsApp from staff personal phones, the mobile-phone approval that
        covers a trip (and not after it), and look-alikes: one row of PERSONAL_PHONE_CASES
        per planted message, over the cast chosen here."""
        c, d = self.actor(), self.actor()
        p1, p2 = self.pupil(), self.pupil()
        cast: dict[str, tuple[Person | None, str]] = {
            "c": self._with_phone(c),
            "d": self._with_phone(d),
            "p1": (p1, ""),
            "parent1": self._with_phone(self.parent_of(p1)),
            "p2": self._with_phone(p2),
            "colleague": self._with_phone(self.actor()),
        }
        for index in range(3):  # a class parents' WhatsApp group
            cast[f"group{index}"] = self._with_phone(self.parent_of(self.pupil()))
        e = self.phone_approved
        trip = next((t for t in self.school.trips if t.name == "residential"), self.school.trips[0])
        purpose = f"Contact with pupils on the trip to {trip.place}"
        add_approval(self.school, e.id, "mobile-phone", "", purpose, trip.start, trip.end)
        add_approval(
            self.school,
            e.id,
            "mobile-phone",
            "",
            "Sports festival transport",
            date(2025, 10, 1),
            date(2025, 10, 3),
        )
        p3, p4, p5 = self.pupil(), self.pupil(), self.pupil()
        cast.update(
            e=self._with_phone(e),
            p3=self._with_phone(p3),
            parent4=self._with_phone(self.parent_of(p4)),
            p5=self._with_phone(p5),
            parent5=self._with_phone(self.parent_of(p5)),
            school=(None, e164(self.school.trip_phone)),
        )
        sources = {"c": handset_source(c.id), "e": handset_source(e.id)}
        late = [day for day in self.days if day > trip.end + timedelta(days=7)]
        days = {"trip": trip.start, "after-trip": self.rng.choice(late or self.days[-5:])}
        for case in PERSONAL_PHONE_CASES:
            self._plant_short_case(case, cast, sources.get(case.source, case.source), days)

    def _plant_short_case(
        self,
        case: ShortCase,
        cast: dict[str, tuple[Person | None, str]],
        source: str,
        days: dict[str, date],
    ) -> None:
        if case.when == "trip":
            when = clock.local(days["trip"], *case.at)
        else:
            when = self.in_hours(days["after-trip"] if case.when == "after-trip" else self.day())
        words: dict[str, object] = {
            key: person for key, (person, _) in cast.items() if person is not None
        }
        sender = cast[case.sender][0]
        if "{own}" in case.body and sender is not None:  # as the sender would write it
            words["own"] = self.ensure(sender, "phone", "personal")
        ref = self.add_short(
            source,
            Short(
                self.sid(case.prefix),
                case.channel,
                when,
                cast[case.sender][1],
                [cast[key][1] for key in case.to],
                case.body.format(**words),
            ),
        )
        if case.breach:
            self.out.breach((case.rule,), ref, source, case.note)
        else:
            self.out.lookalike(case.rule, ref, source, case.note)

    def _with_phone(self, person: Person) -> tuple[Person, str]:
        return person, e164(self.ensure(person, "phone", "personal"))

    def personal_details(self) -> None:
        """Staff giving pupils and parents a personal contact detail, in every way it is
        written (one row of PERSONAL_DETAIL_CASES each), and the details that are fine."""
        f, g, h = self.actor(), self.actor(), self.actor()
        f_phone = self.ensure(f, "phone", "personal")
        g_phone = self.ensure(g, "phone", "personal")
        g_mail = self.ensure(g, "email", "personal")
        g_insta = self.ensure(g, "social", "personal", "instagram")
        h_blog = self.ensure(h, "website", "personal")
        details = {
            "phone": f_phone,
            "+44": international(f_phone),
            "spoken": spoken(f_phone),
            "at-dot": g_mail.replace("@", " at ").replace(".", " dot "),
            "blog": h_blog,
            "instagram": normalised_handle(g_insta),
            "spaced": spaced_mobile(g_phone),
        }
        cast = {"f": f, "g": g, "h": h}
        for case in PERSONAL_DETAIL_CASES:
            self._plant_school_case(case, cast, details[case.detail], html_sometimes=True)
        self._personal_details_lookalikes(f, f_phone)

    def _personal_details_lookalikes(self, f: Person, f_phone: str) -> None:
        """The school's number, the recipient's own number, a professional account, and a
        personal number given to a colleague."""
        pupil = self.pupil()
        parent = self.parent_of(pupil)
        prof_owner = self.actor()
        prof = f"instagram:@{self.school.slug}_year6"
        self.school.accounts.append(Account(prof_owner.id, "social", prof, "professional"))
        when = self.in_hours(self.day())
        body = (
            f"Dear {parent.formal},\n\nPhotos from the trip will be posted on our class account "
            f"@{self.school.slug}_year6 and on {self.school.website}. If you have "
            "any questions please ring "
            f"the school office on {self.school.office_phone}. We have your number as "
            f"{self.ensure(parent, 'phone', 'personal')}; please tell the office if "
            f"it changes.\n\n{self.sign(prof_owner)}"
        )
        ref, src = self.vault_mail(when, prof_owner, parent, "Trip photos", body)
        self.out.lookalike(
            DETAILS,
            ref,
            src,
            "school office number, school website, professional class account and "
            "the parent's own number",
        )
        colleague = self.actor()
        when = self.in_hours(self.day())
        body = (
            f"Hi {colleague.given},\n\nMy mobile is {f_phone} if you want to share a "
            f"lift to the course.\n\n{f.given}"
        )
        ref, src = self.vault_mail(when, f, colleague, "Lift share", body)
        self.out.lookalike(
            DETAILS, ref, src, "a member of staff gives a colleague their personal number"
        )

    def personal_messages(self) -> None:
        """Risk language from staff to pupils and parents (one row of PERSONAL_MESSAGE_CASES
        each), and the look-alikes that must not be reported."""
        cast = {"i": self.actor(), "j": self.actor()}
        for case in PERSONAL_MESSAGE_CASES:
            self._plant_school_case(case, cast)
        i, j = cast["i"], cast["j"]
        colleagues = [self.actor() for _ in range(3)]
        when = self.in_hours(self.day())
        body = (
            "Hi all,\n\nDon't tell anyone the surprise: we're throwing a class party for "
            f"{colleagues[0].formal}'s last day on Friday. Cake in the staff room at "
            f"3:15.\n\n{i.given}"
        )
        ref, src = self.vault_mail(when, i, colleagues, "Class party on Friday", body)
        self.out.lookalike(
            MESSAGE, ref, src, "'don't tell anyone the surprise' sent only to colleagues"
        )
        darling = self.darling
        self.school.used_names.discard(darling.full_name.casefold())
        darling.family = "Darling"
        self.school.used_names.add(darling.full_name.casefold())
        parent = self.parent_of(darling)
        when = self.in_hours(self.day())
        body = (
            f"Dear {parent.formal},\n\nI am pleased to say that {darling.full_name} "
            "is our star of the "
            f"week for kindness on the playground.\n\n{self.sign(j)}"
        )
        ref, src = self.vault_mail(when, j, parent, "Star of the week", body)
        self.out.lookalike(MESSAGE, ref, src, "a pupil's name contains a lexicon word (Darling)")
        pupil = self.pupil()
        when = self.in_hours(self.day())
        body = (
            f"Hi {pupil.given},\n\nGood start. Delete this paragraph and rewrite it "
            "with more detail "
            f"about the setting.\n\n{i.formal}"
        )
        ref, src = self.vault_mail(when, i, pupil, "Your story", body)
        self.out.lookalike(
            MESSAGE, ref, src, "'delete this paragraph' in feedback (the lexicon's allow-list)"
        )

    def _plant_school_case(
        self,
        case: SchoolCase,
        cast: dict[str, Person],
        detail: str = "",
        html_sometimes: bool = False,
    ) -> None:
        """A breach through the school's own system, to a new pupil or that pupil's parent."""
        staff, pupil = cast[case.staff], self.pupil()
        parent = self.parent_of(pupil)
        to = parent if case.to == "parent" else pupil
        when = self.in_hours(self.day())
        words = {"staff": staff, "pupil": pupil, "parent": parent, "detail": detail}
        if case.channel == "teams":
            ref, src = self.teams_message(when, staff, pupil, case.body.format(**words)), TEAMS
        else:
            body = case.body.format(**words, sign=self.sign(staff))
            html = html_sometimes and self.rng.random() < 0.5
            ref, src = self.vault_mail(when, staff, to, case.subject, body, html=html)
        self.out.breach((case.rule,), ref, src, case.note)

    def out_of_hours(self) -> None:
        """Staff writing to pupils outside school hours (one row of OUT_OF_HOURS_CASES each,
        with the day drawn from the row's kind of day), and the look-alikes."""
        cast = {"k": self.actor(), "m": self.actor()}
        weekdays = [d for d in self.days if d.weekday() < 5]
        saturdays = [d + timedelta(days=5 - d.weekday()) for d in weekdays if d.weekday() == 0]
        days = {
            "weekday": weekdays,
            "saturday": saturdays,
            "summer": [d for d in weekdays if date(2026, 5, 1) <= d <= date(2026, 7, 15)],
            "winter": [d for d in weekdays if date(2026, 1, 6) <= d <= date(2026, 2, 27)],
        }
        breaches = [case for case in OUT_OF_HOURS_CASES if case.breach]
        sent = [self._moment(case, days) for case in breaches]
        for case, when in zip(breaches, sent, strict=True):
            self._plant_late_case(case, cast, when)
        for case in OUT_OF_HOURS_CASES:
            if not case.breach:
                self._plant_late_case(case, cast, self._moment(case, days))

    def _moment(self, case: LateCase, days: dict[str, list[date]]) -> datetime:
        day = self.rng.choice(days[case.days])
        if case.utc:
            return datetime.combine(day, time(*case.at), UTC)
        return clock.local(day, *case.at)

    def _plant_late_case(self, case: LateCase, cast: dict[str, Person], when: datetime) -> None:
        cast = {**cast, "pupil": self.pupil()}
        if case.sender == "parent" or "parent" in case.to:
            cast["parent"] = self.parent_of(cast["pupil"])
        sender, to = cast[case.sender], cast[case.to]
        text = case.body.format(**cast, sender=sender, sign=self.sign(sender))
        if case.channel == "teams":
            ref, src = self.teams_message(when, sender, to, text), TEAMS
        else:
            ref, src = self.vault_mail(when, sender, to, case.subject, text)
        if case.breach:
            self.out.breach((OUT_OF_HOURS,), ref, src, case.note)
        else:
            self.out.lookalike(OUT_OF_HOURS, ref, src, case.note)

    def social(self) -> None:
        """Staff social connections with pupils, parents and former pupils (one row of
        SOCIAL_LINK_CASES each), and open and closed profiles."""
        cast = {key: self.actor() for key in ("m", "n", "o", "p", "q")}
        older = [
            pp for pp in self.pupils if (pp.year or 0) >= (10 if self.school.secondary else 6)
        ] or self.pupils
        adults = self.adult_former_pupils()
        leavers = [
            pp
            for pp in self.school.by_role("pupil")
            if pp.left_on is not None and pp.left_on.year >= 2024
        ]
        chosen: dict[str, Callable[[int], Person | None]] = {
            "older": lambda n: older[n % len(older)],
            "adult": lambda n: adults[n],
            "leaver": lambda n: leavers[n] if leavers else None,
        }
        for case in SOCIAL_LINK_CASES:
            kind, _, number = case.other.partition(":")
            other = self.parent_of(self.pupil()) if kind == "parent" else chosen[kind](int(number))
            if other is not None:
                self._plant_link_case(case, cast[case.staff], other)
        self._profiles(cast["m"], cast["o"], cast["p"], cast["q"])

    def adult_former_pupils(self) -> list[Person]:
        """Pupils who left before 2020: adults now."""
        return [
            p
            for p in self.school.by_role("pupil")
            if p.left_on is not None and p.left_on.year < 2020
        ]

    def _plant_link_case(self, case: LinkCase, staff: Person, other: Person) -> None:
        stamp = int(datetime(2024, 3, 1, tzinfo=UTC).timestamp()) + case.at
        if case.via == "facebook":
            self.out.facebook.setdefault(staff.id, []).append((other.full_name, stamp))
            ref, src = f"facebook:{other.full_name}", FACEBOOK.format(staff.id)
        elif case.via == "tiktok":
            handle = normalised_handle(self.ensure(other, "social", "personal", "tiktok"))
            row = ("tiktok", staff.id, case.written.format(handle), other.full_name)
            self.out.connection_rows.append((*row, case.relation, "friends"))
            ref, src = f"tiktok:{handle}", CONNECTIONS
        else:
            handle = normalised_handle(self.ensure(other, "social", "personal", "instagram"))
            following = case.via == "instagram-following"
            found = self.out.ig_following if following else self.out.ig_followers
            found.setdefault(staff.id, []).append((handle, stamp))
            ref = f"instagram:{handle}"
            src = (INSTAGRAM_FOLLOWING if following else INSTAGRAM_FOLLOWERS).format(staff.id)
        self.out.breach((case.rule,), ref, src, case.note)

    def _profiles(self, m: Person, o: Person, p: Person, q: Person) -> None:
        """Open profiles: Instagram's own "Private Account" setting, and the CSV's visibility."""
        open_ = ("social.open-profile",)
        o_handle = normalised_handle(self.ensure(o, "social", "personal", "instagram"))
        self.out.ig_profile[o.id] = (o_handle, False)
        self.out.breach(
            open_,
            f"instagram:{o_handle}",
            f"social/{o.id}/instagram/personal_information/personal_information.json",
            "Instagram export says Private Account: False",
        )
        m_handle = normalised_handle(self.ensure(m, "social", "personal", "instagram"))
        self.out.ig_profile[m.id] = (m_handle, True)
        self.out.lookalike(
            "social.open-profile",
            f"instagram:{m_handle}",
            f"social/{m.id}/instagram/personal_information/personal_information.json",
            "a private Instagram profile",
        )
        p_handle = normalised_handle(self.ensure(p, "social", "personal", "tiktok"))
        q_handle = normalised_handle(self.ensure(q, "social", "personal", "instagram"))
        self.out.breach(
            open_,
            f"instagram:{q_handle}",
            CONNECTIONS,
            "connections CSV gives the owner's profile as public",
        )
        self.out.profile_visibility = {(q.id, "instagram"): "public", (p.id, "tiktok"): "friends"}
        self.out.lookalike(
            "social.open-profile",
            f"tiktok:{p_handle}",
            CONNECTIONS,
            "connections CSV gives the owner's profile as friends only",
        )

    # -- images ----------------------------------------------------------------------

    def consented(self, use: str, count: int, exclude: set[str] | None = None) -> list[Person]:
        found = [
            p
            for p in self.pupils
            if self.school.clean_consent(p.id, use, self.days[0]) and p.id not in (exclude or set())
        ]
        return found[:count]

    def set_consent(self, pupil: Person, use: str, rows: list[Consent]) -> None:
        school = self.school
        school.consents[:] = [
            c for c in school.consents if not (c.pupil == pupil.id and c.use == use)
        ]
        school.consent_rows[(pupil.id, use)] = []
        for row in rows:
            school.add_consent(row)

    def photo(
        self,
        use: str,
        day: date,
        label: str,
        device: Device,
        people: list[Person],
        taken_by: str = "",
        gps: bool = False,
        by_sidecar: bool = False,
    ) -> str:
        self.counter += 1
        path = f"photos/{use}/{day.isoformat()}-{label}-p{self.counter:03d}.jpg"
        when = clock.local(
            day, self.rng.randrange(10, 14), self.rng.randrange(60), self.rng.randrange(60)
        )
        owner = self.school.person(device.owner) if device.owner else None
        spec = PhotoSpec(
            taken_at=when,
            make=device.make,
            model=device.model,
            serial=device.serial if device.writes_serial else "",
            artist=owner.full_name if owner and device.writes_serial else "",
            software="17.5.1" if device.make == "Apple" else "",
            gps=(53.0 + self.rng.random(), -1.0 - self.rng.random()) if gps else None,
            xmp_people=[] if by_sidecar else [p.full_name for p in people],
            seed=self.seed * 7919 + self.counter,
        )
        self.out.photos.append(
            PhotoItem(path, spec, use, [p.id for p in people] if by_sidecar else [], taken_by)
        )
        return path

    def school_ipad(self) -> Device:
        return next(
            d for d in self.school.devices if d.ownership == "school" and d.kind == "tablet"
        )

    def school_camera(self) -> Device:
        return next(
            d for d in self.school.devices if d.ownership == "school" and d.kind == "camera"
        )

    def images(self) -> None:
        """Photographs of pupils: personal equipment (with and without an images approval),
        consent and location data, each breach with its look-alikes."""
        r, s, t, u, w = (self.actor() for _ in range(5))
        self._phones_made = 0
        r_phone = self._images_personal_equipment(r, s, t, u)
        self._images_equipment_lookalikes(r, r_phone, w)
        ipad, camera = self.school_ipad(), self.school_camera()
        self._images_consent(ipad, camera)
        self._images_location(ipad, camera)

    def _phone_of(self, owner: Person) -> Device:
        """A new personal phone for `owner` in the device register."""
        self._phones_made += 1
        return personal_phone(self.rng, self.school, owner.id, self._phones_made - 1)

    def _photo_day(self, spec: str) -> date:
        """`any`: a random school day; `trip:N`: the first day of the school's Nth trip;
        `after-trip:N`: a random school day more than ten days after that trip ended."""
        kind, _, number = spec.partition(":")
        if kind == "any":
            return self.day()
        trip = self.school.trips[int(number) % len(self.school.trips)]
        if kind == "trip":
            return trip.start
        after = [d for d in self.days if d > trip.end + timedelta(days=10)]
        return self.rng.choice(after or self.days)

    def _plant_photo_case(self, case: PhotoCase, device: Device) -> None:
        """A photo taken on `device` by its owner, showing pupils with clean consent."""
        day = self._photo_day(case.day)
        people = self.consented(case.use, case.others)
        path = self.photo(
            case.use, day, case.label, device, people, device.owner, case.gps, case.by_sidecar
        )
        self.out.record(case.breach, case.rules, path, path, case.note)

    def approve_trip_photos(self, person: Person, device: Device, trip: Trip) -> None:
        purpose = f"Photos on the trip to {trip.place}"
        add_approval(self.school, person.id, "images", device.id, purpose, trip.start, trip.end)

    def _images_personal_equipment(self, r: Person, s: Person, t: Person, u: Person) -> Device:
        """Photos on personal phones and cameras, with no approval that covers them (one row
        of PERSONAL_EQUIPMENT_CASES each)."""
        phone = self._phone_of
        r_phone, t_phone, u_phone = phone(r), phone(t), phone(u)
        devices = {
            "r-phone": r_phone,
            "s-camera": personal_camera(self.rng, self.school, s.id, 0),
            "t-phone": t_phone,
            "u-camera": personal_camera(self.rng, self.school, u.id, 1),
        }
        trips = self.school.trips
        self.approve_trip_photos(t, t_phone, trips[0])  # the photo is after it ended
        self.approve_trip_photos(u, u_phone, trips[1 % len(trips)])  # the photo is on a camera
        for case in PERSONAL_EQUIPMENT_CASES:
            self._plant_photo_case(case, devices[case.device])
        return r_phone

    def _images_equipment_lookalikes(self, r: Person, r_phone: Device, w: Person) -> None:
        """Personal equipment that is not a breach: approved, ambiguous, or no pupils (the
        rows of EQUIPMENT_LOOKALIKE_CASES, in order)."""
        cases = iter(EQUIPMENT_LOOKALIKE_CASES)
        v = self.photo_approved
        v_phone = self._phone_of(v)
        self.approve_trip_photos(v, v_phone, self.school.trips[2 % len(self.school.trips)])
        self._plant_photo_case(next(cases), v_phone)
        serial = "F2LX" + "".join(self.rng.choice("0123456789ABCDEF") for _ in range(8))
        twelve = add_device(self.school, w.id, "personal", "phone", *TRIP_PHONE, serial)
        self._plant_photo_case(next(cases), twelve)
        self._plant_photo_case(next(cases), r_phone)

    def _images_consent(self, ipad: Device, camera: Device) -> None:
        """Refused, withdrawn, expired and missing consent, and consent withdrawn later (one
        row of CONSENT_CASES each)."""
        devices = {"ipad": ipad, "camera": camera}
        for case in CONSENT_CASES:
            pupil = self.pupil()
            on = case.on if case.on and clock.is_school_day(case.on) else None
            day = on or self.day()
            parent = self.parent_of(pupil).id
            rows = [
                Consent(
                    pupil.id,
                    case.use,
                    status,
                    parent,
                    recorded if isinstance(recorded, date) else day - timedelta(days=recorded),
                    None if expires is None else day - timedelta(days=expires),
                )
                for status, recorded, expires in case.consents
            ]
            self.set_consent(pupil, case.use, rows)
            people = [pupil, *self.consented(case.use, case.others, {pupil.id})]
            path = self.photo(
                case.use, day, case.label, devices[case.device], people, by_sidecar=case.by_sidecar
            )
            self.out.record(case.breach, ("images.no-consent",), path, path, case.note)

    def _images_location(self, ipad: Device, camera: Device) -> None:
        """GPS on published images, and on one only for school displays."""
        location = ("images.location",)
        for use, device in (("website", ipad), ("social-media", camera), ("press", ipad)):
            path = self.photo(use, self.day(), "open-day", device, self.consented(use, 2), gps=True)
            self.out.breach(location, path, path, f"GPS on an image for {use}")
        path = self.photo(
            "school-displays",
            self.day(),
            "forest-school",
            ipad,
            self.consented("school-displays", 2),
            gps=True,
        )
        self.out.lookalike(
            "images.location", path, path, "GPS on an image only for school displays"
        )

    def devices(self) -> None:
        """Device register settings that break the policy (one row of DEVICE_CASES each), and
        Bluetooth covered by an equipment approval."""
        school = self.school
        found = {
            "school-tablet": [
                d for d in school.devices if d.kind == "tablet" and d.ownership == "school"
            ],
            "laptop": [
                d
                for d in school.devices
                if d.kind == "laptop" and d.owner not in self.out.reserved_staff
            ],
            "personal-phone": [
                d for d in school.devices if d.ownership == "personal" and d.kind == "phone"
            ],
        }
        for note, setting, value, kind, index in DEVICE_CASES:
            device = found[kind][index]
            setattr(device, setting, value)
            rule = "devices.no-passcode" if setting == "passcode" else "devices.bluetooth-on"
            self.out.breach((rule,), device.id, "devices.csv", note)
        x = self.bluetooth_approved
        serial = "".join(self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(12))
        ipad = add_device(
            school, x.id, "school", "tablet", "Apple", "iPad (10th generation)", serial
        )
        ipad.bluetooth = "on"
        add_approval(
            school,
            x.id,
            "equipment",
            ipad.id,
            "Bluetooth speaker and keyboard for music lessons",
            date(2026, 9, 1),
            date(2027, 7, 23),
        )
        self.out.lookalike(
            "devices.bluetooth-on",
            ipad.id,
            "devices.csv",
            "Bluetooth on, covered by an equipment approval",
        )

    def internet(self) -> None:
        y, z = self.actor(), self.actor()
        cases = [
            (y, "https://spin-palace-bets.example/slots", "Gambling", "allowed"),
            (z, "https://adult-tube.example/video", "Pornography", "blocked"),
            (y, "https://hate-forum.example/thread", "Extremism", "blocked"),
            (z, "https://party-pills.example/shop", "Drugs", "allowed"),
        ]
        for staff, url, category, action in cases:
            when = self.in_hours(self.day())
            self.out.web.append((when, staff.email, url, category, action))
            self.out.breach(
                ("internet.inappropriate",),
                f"{when.isoformat()} {url}",
                WEB,
                f"staff web use: {category} ({action})",
            )
        pupil = self.pupil()
        when = self.in_hours(self.day())
        url = "https://quick-odds.example/football"
        self.out.web.append((when, self.school_email(pupil), url, "Gambling", "blocked"))
        self.out.lookalike(
            "internet.inappropriate",
            f"{when.isoformat()} {url}",
            WEB,
            "a pupil, not staff, blocked from gambling",
        )
        when = self.in_hours(self.day())
        self.out.web.append((when, y.email, self.school.website + "/news", "Education", "allowed"))
        self.out.lookalike(
            "internet.inappropriate",
            f"{when.isoformat()} {self.school.website}/news",
            WEB,
            "the school website",
        )
        when = self.in_hours(self.day())
        url = "https://www.bbc.co.uk/news/articles/gambling-adverts-children"
        self.out.web.append((when, z.email, url, "News", "allowed"))
        self.out.lookalike(
            "internet.inappropriate",
            f"{when.isoformat()} {url}",
            WEB,
            "a news article about gambling",
        )

    def acknowledgements(self) -> None:
        staff = [p for p in self.school.staff() if p.id not in self.out.reserved_staff]
        for person in staff[-2:]:
            self.out.ack_gaps.add(person.id)
            self.out.breach(
                ("policy.not-acknowledged",),
                person.id,
                "acknowledgements.csv",
                f"{person.full_name} has not acknowledged version {clock.POLICY_VERSION}",
            )
        for person in self.school.by_role("staff"):
            if person.left_on is not None:
                self.out.lookalike(
                    "policy.not-acknowledged",
                    person.id,
                    "acknowledgements.csv",
                    "a member of staff who has left, with no acknowledgement",
                )
