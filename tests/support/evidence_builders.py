"""Builders for evidence records in the check tests (real record types, not mocks)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from saferpractice.evidence.records import (
    Address,
    ConnectionRecord,
    ImageMeta,
    ImageRecord,
    MailRecord,
    MessageRecord,
    ProfileRecord,
    Relation,
    Span,
    Visibility,
    WebRecord,
)

LONDON = ZoneInfo("Europe/London")
SCHOOL_TIME = datetime(2026, 11, 17, 10, 15, tzinfo=LONDON)  # a Tuesday morning


def mail(
    sender: str,
    to: str | list[str],
    body: str = "See you in class.",
    *,
    subject: str = "Homework",
    at: datetime = SCHOOL_TIME,
    quoted: tuple[tuple[int, int], ...] = (),
    message_id: str = "<m1@test>",
) -> MailRecord:
    recipients = [to] if isinstance(to, str) else to
    return MailRecord(
        source="mail/test.mbox",
        locator="offset 0",
        message_id=message_id,
        sent_at=at,
        sender=Address(sender),
        to=tuple(Address(r) for r in recipients),
        subject=subject,
        body=body,
        quoted=tuple(Span(s, e, "quoted") for s, e in quoted),
    )


def sms(
    sender: str, to: str, body: str = "Running late", *, at: datetime = SCHOOL_TIME
) -> MessageRecord:
    return MessageRecord(
        source="sms/phone.csv",
        locator="row 2",
        id="sms-1",
        channel="sms",
        sent_at=at,
        sender=sender,
        recipients=(to,),
        body=body,
    )


def connection(
    owner: str,
    platform: str,
    handle: str = "",
    name: str = "",
    relation: Relation = Relation.FRIEND,
) -> ConnectionRecord:
    return ConnectionRecord(
        source=f"social/{owner}/connections.json",
        locator="item 1",
        platform=platform,
        owner=owner,
        other_handle=handle,
        other_name=name,
        relation=relation,
    )


def profile(owner: str, platform: str, handle: str, visibility: Visibility) -> ProfileRecord:
    return ProfileRecord(
        source=f"social/{owner}/profile.json",
        locator="profile",
        platform=platform,
        owner=owner,
        handle=handle,
        visibility=visibility,
    )


def image(
    people: tuple[str, ...],
    *,
    use: str | None = "school-displays",
    serial: str = "",
    make: str = "",
    model: str = "",
    taken: datetime = datetime(2026, 10, 5, 11, 0, tzinfo=LONDON),
    taken_by: str = "",
    gps: bool = False,
    path: str = "photos/trip/img1.jpg",
) -> ImageRecord:
    meta = ImageMeta(
        captured_at=taken,
        make=make,
        model=model,
        serial=serial,
        gps_present=gps,
        latitude=53.41 if gps else None,
        longitude=-2.18 if gps else None,
        people=people,
    )
    return ImageRecord(source=path, locator=path, path=path, meta=meta, use=use, taken_by=taken_by)


def web(user: str, url: str, category: str, action: str = "allowed") -> WebRecord:
    return WebRecord(
        source="web/filter.csv",
        locator="row 2",
        time=SCHOOL_TIME,
        user=user,
        url=url,
        category=category,
        action=action,
    )
