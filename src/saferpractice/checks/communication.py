"""Checks on mail, text messages and chat between staff and pupils or parents."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from saferpractice.checks import priority as priorities
from saferpractice.checks.base import make_finding
from saferpractice.checks.context import CheckContext, Party
from saferpractice.checks.disguise import Folded, describe, fold
from saferpractice.checks.dispatch import record_check
from saferpractice.checks.excerpt import blank_ranges, excerpt_around
from saferpractice.checks.message_context import (
    CLASS,
    Audience,
    ContextRules,
    SettingSeen,
    audience_of,
    channel_factor,
    concern_for,
    concerns_of,
    context_rules,
    lexicon_pattern_lines,
    lexicon_title,
    sender_is_dsl,
    setting_factor,
    settings_in,
    time_factor,
    title_for,
)
from saferpractice.detect import ContactMatch, RiskMatch
from saferpractice.detect.semantic import Verdict
from saferpractice.evidence.records import MailRecord, MessageRecord
from saferpractice.findings import EvidencePointer, Finding, Level
from saferpractice.timeutil import to_zone, uk_date

PRIVATE_CHANNEL = "private-channel"  # the semantic category of moving contact elsewhere
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
    # `authored` with disguises undone (invisible characters, look-alike letters): what the
    # detectors read; their offsets map back to `body` through it.
    folded: Folded
    # What more than one check works out from the text (the risk reading), kept once.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

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
        authored = blank_ranges(body, quoted)
        return Communication(
            record, sender, recipients, body, authored, on, record.sent_at, "mail", fold(authored)
        )
    sender = ctx.message_party(record.sender, record.owner, record.owner_from)
    recipients = tuple(
        ctx.message_party(raw, record.owner, record.owner_from) for raw in record.recipients
    )
    return Communication(
        record,
        sender,
        recipients,
        record.body,
        record.body,
        on,
        record.sent_at,
        record.channel,
        fold(record.body),
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
    return priorities.joined(list(dict.fromkeys(p.person.full_name for p in parties if p.person)))


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
        f"approval {nearest.id} ({nearest.purpose}) {tense} on {uk_date(when)}, so it does "
        f"not cover {uk_date(on)} (approvals.csv row {nearest.row})"
    )


# -- contact.personal-details -----------------------------------------------------------


def _personal_details(
    comm: Communication, ctx: CheckContext, recipient_ids: set[str | None]
) -> tuple[list[tuple[int, int, str]], list[str]]:
    """The staff member's own contact details in the message (spans and why lines), worked out
    once per message: contact.personal-details reports them, and contact.grooming-pattern
    needs to know whether they are there."""
    key = "personal-details " + " ".join(sorted(str(pid) for pid in recipient_ids))
    if key in comm.memo:
        spans_seen, why_seen = comm.memo[key]
        return list(spans_seen), list(why_seen)  # copies: callers add lines of their own
    spans: list[tuple[int, int, str]] = []
    why: list[str] = []
    for match in ctx.contacts.find(comm.folded.text):
        reason = _personal_detail_reason(match, comm, ctx, recipient_ids)
        if reason is None:
            continue
        label, explanation = reason
        start, end = comm.folded.span(match.start, match.end)
        spans.append((start, end, label))
        why.append(explanation)
        why.extend(filter(None, [describe(comm.folded, match.start, match.end)]))
    comm.memo[key] = (tuple(spans), tuple(why))
    return spans, why


def check_personal_details(comm: Communication, ctx: CheckContext) -> Iterator[Finding]:
    on = comm.on
    if not _staff_sender(comm, ctx):
        return
    audience = _pupils_and_parents(ctx, comm.recipients, on)
    if not audience:
        return
    staff = comm.sender.person
    assert staff is not None
    spans, why = _personal_details(comm, ctx, {p.pid for p in audience})
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
    shown = comm.body[slice(*comm.folded.span(match.start, match.end))]
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
    if named_platform or ctx.own_detail_cues.before(comm.folded.text, match.start):
        return (
            f"personal {match.kind}",
            f"'{shown}' is not a school or professional {match.kind} in the school folder, and "
            f"the sender offers it as their own; {match.how}",
        )
    return None


# -- contact.personal-message and contact.grooming-pattern ------------------------------


INNOCENT_FRACTION = 0.5  # "confidently a look-alike": under half the reporting threshold
LATE = frozenset({"late evening", "night"})


@dataclass(frozen=True, slots=True)
class _RiskReading:
    """Everything the two risk-language checks weigh about one message."""

    audience: Audience
    matches: list[RiskMatch]
    verdict: Verdict | None  # the semantic detector's, for one pupil or a parent only
    settings: list[SettingSeen]
    factors: list[str]  # time, channel and setting lines for `why`
    semantic_note: str  # why the semantic detector did not run, if it did not
    time_kind: str  # "school hours", "late evening", ...


def read_risk(comm: Communication, ctx: CheckContext) -> _RiskReading | None:
    """The risk reading of a message, worked out once for both checks that weigh it."""
    if "risk" not in comm.memo:
        comm.memo["risk"] = _read_risk(comm, ctx)
    reading: _RiskReading | None = comm.memo["risk"]
    return reading


def _read_risk(comm: Communication, ctx: CheckContext) -> _RiskReading | None:
    if not _staff_sender(comm, ctx):
        return None
    rules = context_rules()
    audience = audience_of(ctx, comm.recipients, comm.on, rules)
    if audience is None:
        return None
    matches = [
        m for m in _risk_matches(comm, ctx) if not _inside_name(comm.body, m.start, m.end, ctx)
    ]
    verdict: Verdict | None = None
    note = ""
    if audience.single_child and ctx.semantic is not None:
        verdict = ctx.semantic.assess(_words_written(comm))
        if verdict is None and ctx.semantic.unavailable_reason:
            note = f"semantic detector not run: {ctx.semantic.unavailable_reason}"
    elif not audience.single_child:
        note = (
            f"semantic detector not run: it reads messages to one pupil or a pupil's parent, "
            f"and this went to {audience.who}"
        )
    settings = settings_in(comm.folded.text, rules)
    time_kind, when = time_factor(comm.sent_at, ctx.school, rules)
    _, channel = channel_factor(comm.sender, comm.channel)
    where = setting_factor(settings, sender_is_dsl(ctx, comm.sender))
    return _RiskReading(
        audience, matches, verdict, settings, [when, channel, where], note, time_kind
    )


def _risk_matches(comm: Communication, ctx: CheckContext) -> list[RiskMatch]:
    """The lexicon's matches in the folded text, at their places in the original."""
    found = ctx.risk.find(comm.folded.text)
    if not comm.folded.changed:
        return found
    moved: list[RiskMatch] = []
    for match in found:
        start, end = comm.folded.span(match.start, match.end)
        moved.append(replace(match, start=start, end=end))
    return moved


def _disguise_lines(comm: Communication, spans: list[tuple[int, int, str]]) -> list[str]:
    """How the matched words were disguised, if they were (spans are in the original)."""
    if not comm.folded.changed:
        return []
    folded = comm.folded
    lines = (describe(folded, folded.folded_index(s), folded.folded_index(e)) for s, e, _ in spans)
    return list(dict.fromkeys(line for line in lines if line))


def _words_written(comm: Communication) -> str:
    """What the sender wrote, without the quoted history or a mail's subject line (a subject
    such as "Homework" says little about the message and dilutes its meaning)."""
    subject = comm.record.subject if isinstance(comm.record, MailRecord) else ""
    text = comm.folded.text
    if subject:
        text = text[comm.folded.folded_index(len(subject) + 1) :]
    return text if text.strip() else comm.folded.text


def check_personal_message(comm: Communication, ctx: CheckContext) -> Iterator[Finding]:
    """Lexicon phrases in a message from staff to pupils or parents, weighed in context."""
    reading = read_risk(comm, ctx)
    if reading is None or not reading.matches:
        return
    rules = context_rules()
    matches, audience, verdict = reading.matches, reading.audience, reading.verdict
    if audience.kind == CLASS and reading.settings:
        return  # lesson content, a class game or an event, sent to a whole class
    level, reason = _lexicon_level(reading, rules)
    staff = comm.sender.person
    assert staff is not None
    categories = sorted({m.category for m in matches})
    why = [audience.text, *lexicon_pattern_lines(comm.body, matches, ctx.risk.lexicons)]
    why += _disguise_lines(comm, [(m.start, m.end, m.category) for m in matches])
    if verdict is not None:
        why += verdict.explain(to_parent=not audience.pupils)
    why += [*reading.factors, reason]
    if reading.semantic_note:
        why.append(reading.semantic_note)
    urgent_categories = categories + ([verdict.category.id] if verdict and verdict.breach else [])
    if level is Level.AMBER and _reads_innocently(reading):
        urgent_categories = []  # the words are explained by the setting
    parties = list(audience.parties)
    titles = [priorities.in_sentence(lexicon_title(c, ctx.risk.lexicons)) for c in categories]
    yield make_finding(
        "contact.personal-message",
        people=[staff.id, *(p.pid for p in parties if p.pid)],
        summary=(
            f"{staff.full_name} sent {_names(parties)} a message with risk language "
            f"({'; '.join(titles)})"
        ),
        why=why,
        evidence=_pointer(comm, [(m.start, m.end, m.category) for m in matches]),
        level=level,
        occurred_at=comm.sent_at,
        priority=priorities.for_categories(
            urgent_categories,
            to_pupil=bool(audience.pupils),
            concern_of=lambda category: concern_for(category, ctx.risk.lexicons),
            title_of=lambda category: title_for(category, ctx.risk.lexicons),
        ),
    )


def _reads_innocently(reading: _RiskReading) -> bool:
    """The semantic detector is confident the message is a look-alike, it sits in a
    recognised setting, and it was not sent late at night."""
    verdict = reading.verdict
    return (
        verdict is not None
        and verdict.probability < verdict.threshold * INNOCENT_FRACTION
        and bool(reading.settings)
        and reading.time_kind not in LATE
    )


def _lexicon_level(reading: _RiskReading, rules: ContextRules) -> tuple[Level, str]:
    """Red or amber, and why, from the categories' severity and the context."""
    matches, audience = reading.matches, reading.audience
    reds = sorted({m.category for m in matches if m.severity == "red"})
    concerns = concerns_of(matches, rules)
    grave = [c for c in concerns if c != "possible grooming"]
    if audience.kind == CLASS:
        return Level.AMBER, (
            "amber, not red: sent to a whole class or year group with no lesson, game or event "
            "recognised, so a person should check what it was about"
        )
    if not audience.pupils:
        red_groups = sorted({m.group for m in matches if rules.group(m.group).red_to_parents})
        if red_groups:
            return Level.RED, (
                f"red: sent to a parent, and {', '.join(red_groups)} language is red to parents "
                "too (message_context.yaml)"
            )
        return Level.AMBER, (
            "sent to a parent, so amber unless the content is sexual (the groups red to "
            "parents are in message_context.yaml)"
        )
    if not reds:
        return Level.AMBER, "amber because every category matched is amber-severity"
    secret = [c for c in reds if c in rules.never_explained_to_one_pupil]
    if _reads_innocently(reading) and not grave and not secret:
        assert reading.verdict is not None
        seen = "; ".join(s.text for s in reading.settings)
        return Level.AMBER, (
            f"amber, not red: the words sit in {seen}, and the message as a whole reads like "
            f"{reading.verdict.category.reads_like}"
        )
    return Level.RED, f"red because {', '.join(reds)} is a red-severity category"


def _setting_note(reading: _RiskReading) -> list[str]:
    if not reading.settings:
        return []
    bar = context_rules().semantic_in_setting
    return [
        f"reported despite the setting: the confidence reaches {bar:.2f}, the bar for a "
        "message whose setting could explain it (message_context.yaml)"
    ]


def _left_to_personal_details(
    comm: Communication, ctx: CheckContext, reading: _RiskReading
) -> bool:
    """To a parent, "I'm on 07700 900573" is the personal number itself, which
    contact.personal-details reports red; a second, "possible grooming" finding on the same
    words would only add noise to the DSL's queue. To a pupil both are reported."""
    audience, verdict = reading.audience, reading.verdict
    return (
        not audience.pupils
        and verdict is not None
        and verdict.category.id == PRIVATE_CHANNEL
        and bool(_personal_details(comm, ctx, {p.pid for p in audience.parties})[0])
    )


def check_grooming_pattern(comm: Communication, ctx: CheckContext) -> Iterator[Finding]:
    """A message to one pupil or their parent that reads like a grooming pattern, though no
    lexicon phrase matched (when one does, contact.personal-message reports the message)."""
    reading = read_risk(comm, ctx)
    if reading is None or reading.matches or reading.verdict is None:
        return
    verdict, audience = reading.verdict, reading.audience
    if not verdict.breach:
        return
    bar = context_rules().semantic_in_setting
    if reading.settings and verdict.probability < bar:
        return  # a lesson, game, event or pastoral setting explains it; not confident enough
    staff = comm.sender.person
    assert staff is not None
    if _left_to_personal_details(comm, ctx, reading):
        return
    if audience.pupils:
        level, reason = Level.RED, "red: a grooming pattern in a message to a pupil"
    elif verdict.concern == "sexual content":
        level, reason = Level.RED, "red: sexual content, though sent to a parent"
    else:
        level, reason = (
            Level.AMBER,
            ("amber: sent to a parent; a person should judge whether it seeks access to the child"),
        )
    parties = list(audience.parties)
    start = comm.folded.text.find(verdict.passage)
    spans: list[tuple[int, int, str]] = []
    if start >= 0:
        low, high = comm.folded.span(start, start + len(verdict.passage))
        spans.append((low, high, verdict.category.id))
    yield make_finding(
        "contact.grooming-pattern",
        people=[staff.id, *(p.pid for p in parties if p.pid)],
        summary=(
            f"{staff.full_name} sent {_names(parties)} a message that reads like "
            f"{verdict.category.reads_like_to(not audience.pupils)}"
        ),
        why=[
            audience.text,
            *verdict.explain(to_parent=not audience.pupils),
            *_disguise_lines(comm, spans),
            *reading.factors,
            reason,
            *_setting_note(reading),
        ],
        evidence=_pointer(comm, spans),
        level=level,
        occurred_at=comm.sent_at,
        priority=priorities.for_categories(
            [verdict.category.id],
            to_pupil=bool(audience.pupils),
            concern_of=lambda category: concern_for(category, ctx.risk.lexicons),
            title_of=lambda category: title_for(category, ctx.risk.lexicons),
        ),
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


# -- evidence.not-fully-checked ---------------------------------------------------------


def check_not_fully_checked(comm: Communication, ctx: CheckContext) -> Iterator[Finding]:
    """A message that a reader's bound cut short: what was not read, for a person to read."""
    unread = comm.record.unread
    if not unread:
        return
    on = comm.on
    parties = [comm.sender, *comm.recipients]
    known = [p for p in parties if p.person is not None]
    why = [f"not read: {what}" for what in unread]
    why.append(
        "risk language, contact details or a grooming pattern in the part not read were not "
        "checked; open the file at this place and read the rest"
    )
    why += [f"{role} {ctx.describe_party(p, on)}" for role, p in _roles(comm, known)]
    yield make_finding(
        "evidence.not-fully-checked",
        people=[p.pid for p in known if p.pid],
        summary=(f"Not fully checked: {comm.record.source} ({comm.record.locator}): {unread[0]}"),
        why=why,
        evidence=_header_pointer(comm, []),
        occurred_at=comm.sent_at,
    )


COMMUNICATION_CHECKS = (
    ("email.personal-account", check_personal_email),
    ("phone.personal-device", check_personal_phone),
    ("contact.personal-details", check_personal_details),
    ("contact.personal-message", check_personal_message),
    ("contact.grooming-pattern", check_grooming_pattern),
    ("contact.out-of-hours", check_out_of_hours),
    ("evidence.not-fully-checked", check_not_fully_checked),
)
# What this module serves (see checks/dispatch.py): each rule above, over mail and messages,
# each record turned into a `Communication` once for all of them.
CHECKS = tuple(
    record_check(rule, (MailRecord, MessageRecord), run, prepare=as_communication)
    for rule, run in COMMUNICATION_CHECKS
)
