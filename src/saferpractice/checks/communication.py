"""Checks on mail, text messages and chat between staff and pupils or parents."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from saferpractice.checks import priority as priorities
from saferpractice.checks.base import make_finding
from saferpractice.checks.context import CheckContext, Party
from saferpractice.checks.dispatch import record_check
from saferpractice.checks.excerpt import blank_ranges, excerpt_around
from saferpractice.detect import ContactMatch
from saferpractice.evidence.records import MailRecord, MessageRecord
from saferpractice.findings import EvidencePointer, Finding, Level
from saferpractice.timeutil import to_zone

UNNAMED_PLATFORM = "social"  # the detector's platform for an "@handle" with no platform named

PERSONAL = "personal"


@dataclass(frozen=True, slots=True)
class Communication:
    """Mail and messages seen the same way: who sent what to whom, and when."""

    record: MailRecord | MessageRecord
    sender: Party
    recipients: tuple[Party, ...]
    body: str  # full text
    authored: str  # the text with quoted history blanked out (same offsets as `body`)
    on: date
    sent_at: datetime | None
    channel: str

    @property
    def pointer_kind(self) -> str:
        return self.record.kind.value


def as_communication(record: MailRecord | MessageRecord, ctx: CheckContext) -> Communication:
    on = ctx.local_date(record.sent_at)
    if isinstance(record, MailRecord):
        sender = ctx.party(record.sender.email) if record.sender else Party("", "email")
        recipients = tuple(ctx.party(address.email) for address in record.recipients)
        body = f"{record.subject}\n{record.body}" if record.subject else record.body
        shift = len(record.subject) + 1 if record.subject else 0
        quoted = [(span.start + shift, span.end + shift) for span in record.quoted]
        return Communication(
            record, sender, recipients, body, blank_ranges(body, quoted), on, record.sent_at, "mail"
        )
    sender = ctx.party(record.sender)
    recipients = tuple(ctx.party(raw) for raw in record.recipients)
    return Communication(
        record, sender, recipients, record.body, record.body, on, record.sent_at, record.channel
    )


def _pointer(comm: Communication, spans: list[tuple[int, int, str]]) -> EvidencePointer:
    excerpt, rebased = excerpt_around(comm.body, spans)
    if isinstance(comm.record, MailRecord) and comm.record.segments:
        # Say which part of the mail the words came from (HTML version, attached message).
        shift = len(comm.record.subject) + 1 if comm.record.subject else 0
        note = comm.record.parts_note([start - shift for start, _, _ in spans])
        excerpt = note + excerpt
        rebased = tuple((start + len(note), end + len(note), lab) for start, end, lab in rebased)
    return EvidencePointer(
        kind=comm.pointer_kind,
        source=comm.record.source,
        ref=comm.record.ref,
        excerpt=excerpt,
        spans=rebased,
    )


def _header_pointer(comm: Communication, labelled: list[tuple[Party, str]]) -> EvidencePointer:
    """An excerpt of who wrote to whom, with the accounts that matter marked."""
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    lines = [("From", [comm.sender]), ("To", list(comm.recipients))]
    position = 0
    for name, parties in lines:
        prefix = f"{name}: "
        parts.append(prefix)
        position += len(prefix)
        for index, party in enumerate(parties):
            if index:
                parts.append(", ")
                position += 2
            for marked, label in labelled:
                if marked is party:
                    spans.append((position, position + len(party.raw), label))
            parts.append(party.raw)
            position += len(party.raw)
        parts.append("\n")
        position += 1
    subject = getattr(comm.record, "subject", "")
    if subject:
        parts.append(f"Subject: {subject}\n")
    body_excerpt, _ = excerpt_around(comm.body[len(subject) + 1 :] if subject else comm.body, [])
    parts.append(body_excerpt)
    return EvidencePointer(
        kind=comm.pointer_kind,
        source=comm.record.source,
        ref=comm.record.ref,
        excerpt="".join(parts),
        spans=tuple(spans),
    )


def _pupils_and_parents(ctx: CheckContext, parties: tuple[Party, ...], on: date) -> list[Party]:
    return [p for p in parties if ctx.is_pupil_or_parent(p.person, on)]


def _staff_sender(comm: Communication, ctx: CheckContext) -> bool:
    return ctx.is_staff(comm.sender.person, comm.on)


# -- email.personal-account -------------------------------------------------------------


def check_personal_email(comm: Communication, ctx: CheckContext) -> Iterator[Finding]:
    if not isinstance(comm.record, MailRecord):
        return
    on = comm.on
    sender = comm.sender
    pairs: list[tuple[Party, Party]] = []  # (staff personal account, pupil or parent)
    if sender.ownership == PERSONAL and ctx.is_staff(sender.person, on):
        pairs.extend((sender, other) for other in _pupils_and_parents(ctx, comm.recipients, on))
    if ctx.is_pupil_or_parent(sender.person, on):
        pairs.extend(
            (recipient, sender)
            for recipient in comm.recipients
            if recipient.ownership == PERSONAL and ctx.is_staff(recipient.person, on)
        )
    if not pairs:
        return
    staff = [s for s, _ in pairs]
    others = [o for _, o in pairs]
    why = [f"{role} {ctx.describe_party(p, on)}" for role, p in _roles(comm, staff)]
    why += [f"{role} {ctx.describe_party(p, on)}" for role, p in _roles(comm, others)]
    first_staff = staff[0].person
    assert first_staff is not None
    direction = "to" if comm.sender is staff[0] else "from"
    yield make_finding(
        "email.personal-account",
        people=[*(s.pid for s in staff if s.pid), *(o.pid for o in others if o.pid)],
        summary=(
            f"{first_staff.full_name}'s personal email account exchanged mail {direction} "
            f"{_names(others)}"
        ),
        why=why,
        evidence=_header_pointer(
            comm,
            [(s, "personal account") for s in staff] + [(o, "pupil or parent") for o in others],
        ),
        occurred_at=comm.sent_at,
        priority=priorities.for_audience(
            "email.personal-account", to_pupil=any(ctx.is_pupil(o.person, on) for o in others)
        ),
    )


def _roles(comm: Communication, parties: list[Party]) -> list[tuple[str, Party]]:
    seen: list[tuple[str, Party]] = []
    for party in dict.fromkeys(parties):
        seen.append(("sender" if party is comm.sender else "recipient", party))
    return seen


def _names(parties: list[Party]) -> str:
    names = list(dict.fromkeys(p.person.full_name for p in parties if p.person))
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + f" and {names[-1]}"


# -- phone.personal-device --------------------------------------------------------------


def check_personal_phone(comm: Communication, ctx: CheckContext) -> Iterator[Finding]:
    if not isinstance(comm.record, MessageRecord):
        return
    on = comm.on
    pairs: list[tuple[Party, Party]] = []
    sender = comm.sender
    if sender.kind == "phone" and sender.ownership == PERSONAL and ctx.is_staff(sender.person, on):
        pairs.extend((sender, other) for other in _pupils_and_parents(ctx, comm.recipients, on))
    if ctx.is_pupil_or_parent(sender.person, on):
        pairs.extend(
            (recipient, sender)
            for recipient in comm.recipients
            if recipient.kind == "phone"
            and recipient.ownership == PERSONAL
            and ctx.is_staff(recipient.person, on)
        )
    if not pairs:
        return
    staff_party = pairs[0][0]
    staff = staff_party.person
    assert staff is not None
    if ctx.school.approvals_covering(staff.id, "mobile-phone", on):
        return
    others = [o for _, o in pairs]
    why = [f"{role} {ctx.describe_party(p, on)}" for role, p in _roles(comm, [staff_party])]
    why += [f"{role} {ctx.describe_party(p, on)}" for role, p in _roles(comm, others)]
    why.append(_approval_note(ctx, staff.id, "mobile-phone", on))
    yield make_finding(
        "phone.personal-device",
        people=[staff.id, *(o.pid for o in others if o.pid)],
        summary=f"{staff.full_name}'s personal phone was used to message {_names(others)}",
        why=why,
        evidence=_header_pointer(
            comm, [(staff_party, "personal phone")] + [(o, "pupil or parent") for o in others]
        ),
        occurred_at=comm.sent_at,
        priority=priorities.for_audience(
            "phone.personal-device", to_pupil=any(ctx.is_pupil(o.person, on) for o in others)
        ),
    )


def _approval_note(ctx: CheckContext, pid: str, kind: str, on: date) -> str:
    approvals = ctx.school.approvals_of(pid, kind)
    if not approvals:
        return f"no {kind} approval is recorded for this member of staff (approvals.csv)"
    nearest = min(
        approvals, key=lambda a: min(abs((a.valid_from - on).days), abs((a.valid_to - on).days))
    )
    tense = "expired" if nearest.valid_to < on else "starts"
    when = nearest.valid_to if nearest.valid_to < on else nearest.valid_from
    return (
        f"approval {nearest.id} ({nearest.purpose}) {tense} on {when.isoformat()}, so it does "
        f"not cover {on.isoformat()} (approvals.csv row {nearest.row})"
    )


# -- contact.personal-details -----------------------------------------------------------


def check_personal_details(comm: Communication, ctx: CheckContext) -> Iterator[Finding]:
    on = comm.on
    if not _staff_sender(comm, ctx):
        return
    audience = _pupils_and_parents(ctx, comm.recipients, on)
    if not audience:
        return
    staff = comm.sender.person
    assert staff is not None
    recipient_ids = {p.pid for p in audience}
    spans: list[tuple[int, int, str]] = []
    why: list[str] = []
    for match in ctx.contacts.find(comm.authored):
        reason = _personal_detail_reason(match, comm, ctx, recipient_ids)
        if reason is None:
            continue
        label, explanation = reason
        spans.append((match.start, match.end, label))
        why.append(explanation)
    if not spans:
        return
    why.append(f"recipient {', '.join(ctx.describe(p.person, on) for p in audience if p.person)}")
    yield make_finding(
        "contact.personal-details",
        people=[staff.id, *(p.pid for p in audience if p.pid)],
        summary=f"{staff.full_name} gave personal contact details to {_names(audience)}",
        why=why,
        evidence=_pointer(comm, spans),
        occurred_at=comm.sent_at,
    )


def _personal_detail_reason(
    match: ContactMatch, comm: Communication, ctx: CheckContext, recipient_ids: set[str | None]
) -> tuple[str, str] | None:
    school = ctx.school
    value = match.value
    if match.kind == "phone":
        if school.is_school_phone(value):
            return None
        account = school.account_for_phone(value)
    elif match.kind == "email":
        if school.is_school_email(value):
            return None
        account = school.account_for_email(value)
    elif match.kind == "handle":
        platform, _, handle = value.partition(":")
        if platform == UNNAMED_PLATFORM:  # "@handle" with no platform: any platform will do
            platform, handle = ctx.handles_anywhere.get(handle, (platform, handle))
        account = school.account_for_handle(platform, handle)
    else:  # url
        if school.is_school_website(value):
            return None
        account = school.account_for_website(value)
    shown = comm.body[match.start : match.end]
    if account is not None:
        if account.person in recipient_ids or account.ownership != PERSONAL:
            return None  # the recipient's own details, or a school/professional account
        owner = school.person(account.person)
        if owner is None or not school.is_staff(owner.id, comm.on):
            return None
        whose = "their own" if owner.id == comm.sender.pid else f"{owner.full_name}'s"
        return (
            f"personal {match.kind}",
            f"'{shown}' is {whose} personal {match.kind} ({account.where}); {match.how}",
        )
    if match.kind == "url":
        return None  # links to resources are ordinary teaching
    named_platform = match.kind == "handle" and not value.startswith(UNNAMED_PLATFORM + ":")
    # First-person cues ("my number", "text me on") are data: checks/contact_cues.yaml.
    if named_platform or ctx.own_detail_cues.before(comm.authored, match.start):
        return (
            f"personal {match.kind}",
            f"'{shown}' is not a school or professional {match.kind} in the school folder, and "
            f"the sender offers it as their own; {match.how}",
        )
    return None


# -- contact.personal-message -----------------------------------------------------------


SEXUAL_CATEGORIES = frozenset({"sexual-content", "sexual"})


def check_personal_message(comm: Communication, ctx: CheckContext) -> Iterator[Finding]:
    on = comm.on
    if not _staff_sender(comm, ctx):
        return
    pupils = [p for p in comm.recipients if ctx.is_pupil(p.person, on)]
    parents = [
        p for p in comm.recipients if p not in pupils and ctx.is_pupil_or_parent(p.person, on)
    ]
    if not pupils and not parents:
        return
    matches = [
        m for m in ctx.risk.find(comm.authored) if not _inside_name(comm.body, m.start, m.end, ctx)
    ]
    if not matches:
        return
    staff = comm.sender.person
    assert staff is not None
    categories = sorted({m.category for m in matches})
    sexual = any(m.category in SEXUAL_CATEGORIES for m in matches)
    if pupils:
        level = Level.RED if any(m.severity == "red" for m in matches) else Level.AMBER
        audience = pupils + parents
    else:
        level = Level.RED if sexual else Level.AMBER
        audience = parents
    why = [
        f"'{comm.body[m.start : m.end]}' matches the {m.category} lexicon ({m.severity})"
        for m in matches
    ]
    why.append("recipient " + "; ".join(ctx.describe(p.person, on) for p in audience if p.person))
    if not pupils:
        why.append("sent to a parent, so amber unless the content is sexual")
    else:
        reds = sorted({m.category for m in matches if m.severity == "red"})
        why.append(
            f"red because {', '.join(reds)} is a red-severity category"
            if reds
            else "amber because every category matched is amber-severity"
        )
    yield make_finding(
        "contact.personal-message",
        people=[staff.id, *(p.pid for p in audience if p.pid)],
        summary=(
            f"{staff.full_name} sent {_names(audience)} a message with "
            f"{', '.join(categories)} language"
        ),
        why=why,
        evidence=_pointer(comm, [(m.start, m.end, m.category) for m in matches]),
        level=level,
        occurred_at=comm.sent_at,
        priority=priorities.for_categories(categories, to_pupil=bool(pupils)),
    )


def _inside_name(text: str, start: int, end: int, ctx: CheckContext) -> bool:
    """True when the matched words are part of a person's name in the school folder."""
    left = text.rfind(" ", 0, max(0, start - 1)) + 1
    right = text.find(" ", end + 1)
    right = len(text) if right == -1 else right
    window = text[left:right].strip(" .,;:!?'\"()")
    words = window.split()
    for i in range(len(words) - 1):
        if ctx.school.people_named(" ".join(words[i : i + 2]).strip(".,;:!?'\"()")):
            return True
    return False


# -- contact.out-of-hours ---------------------------------------------------------------


def check_out_of_hours(comm: Communication, ctx: CheckContext) -> Iterator[Finding]:
    if comm.sent_at is None or comm.sent_at.tzinfo is None or not _staff_sender(comm, ctx):
        return
    on = comm.on
    pupils = [p for p in comm.recipients if ctx.is_pupil(p.person, on)]
    if not pupils:
        return
    hours = ctx.school.school_hours
    local = to_zone(comm.sent_at, ctx.school.timezone)  # never overflows
    day = local.strftime("%a").casefold()[:3]
    in_day = day in {d.casefold()[:3] for d in hours.days}
    in_time = hours.start <= local.time() < hours.end
    if in_day and in_time:
        return
    staff = comm.sender.person
    assert staff is not None
    if any(
        ctx.school.approvals_covering(staff.id, kind, on) for kind in ("mobile-phone", "equipment")
    ):
        return
    reason = (
        f"sent on a {local.strftime('%A')}, not a school day"
        if not in_day
        else f"sent at {local.strftime('%H:%M')}, outside school hours "
        f"{hours.start.strftime('%H:%M')}–{hours.end.strftime('%H:%M')} ({ctx.school.timezone})"
    )
    yield make_finding(
        "contact.out-of-hours",
        people=[staff.id, *(p.pid for p in pupils if p.pid)],
        summary=f"{staff.full_name} messaged {_names(pupils)} out of hours",
        why=[
            reason,
            "recipient " + "; ".join(ctx.describe(p.person, on) for p in pupils if p.person),
            "no approval covers this member of staff on that date",
        ],
        evidence=_header_pointer(comm, [(p, "pupil") for p in pupils]),
        occurred_at=comm.sent_at,
    )


COMMUNICATION_CHECKS = (
    ("email.personal-account", check_personal_email),
    ("phone.personal-device", check_personal_phone),
    ("contact.personal-details", check_personal_details),
    ("contact.personal-message", check_personal_message),
    ("contact.out-of-hours", check_out_of_hours),
)
# What this module serves (see checks/dispatch.py): each rule above, over mail and messages,
# each record turned into a `Communication` once for all of them.
CHECKS = tuple(
    record_check(rule, (MailRecord, MessageRecord), run, prepare=as_communication)
    for rule, run in COMMUNICATION_CHECKS
)
