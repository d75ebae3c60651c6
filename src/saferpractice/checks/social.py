"""Checks on staff members' personal social-media connections and profiles."""

from __future__ import annotations

from collections.abc import Iterator

from saferpractice.checks.base import make_finding
from saferpractice.checks.context import CheckContext
from saferpractice.checks.dispatch import record_check
from saferpractice.evidence.records import ConnectionRecord, ProfileRecord, Relation, Visibility
from saferpractice.findings import EvidencePointer, Finding

RELATION_WORDS = {
    "friend": "a friend",
    "follower": "a follower",
    "following": "followed",
    "friend-request-sent": "sent a friend request by the owner",
    "friend-request-received": "asking by friend request to be a friend",
    "friend-removed": "a removed friend",
}
# A friend request the owner declined is the guidance followed: read, but no finding.
NOT_A_CONCERN = frozenset({Relation.FRIEND_REQUEST_DECLINED})


def _owner_is_staff(owner: str, ctx: CheckContext) -> bool:
    return ctx.school.is_staff(owner, ctx.as_of)


def check_connection(record: ConnectionRecord, ctx: CheckContext) -> Iterator[Finding]:
    on = ctx.as_of
    if not _owner_is_staff(record.owner, ctx) or record.relation in NOT_A_CONCERN:
        return
    if record.visibility is Visibility.PUBLIC:
        # A connection list that gives the owner's profile as public: one finding per
        # profile, since every row of that profile gives the same finding id.
        yield from check_profile(_profile_of(record, ctx), ctx)
    staff = ctx.school.person(record.owner)
    assert staff is not None
    candidates, how = _who_is_connected(record, ctx)
    current = [
        pid
        for pid in candidates
        if ctx.school.is_current_pupil(pid, on) or ctx.school.is_parent_of_current_pupil(pid, on)
    ]
    current = [pid for pid in current if pid not in ctx.school.children_of(staff.id)]
    former = [pid for pid in candidates if ctx.school.is_former_pupil(pid, on)]
    relation = RELATION_WORDS.get(record.relation.value, record.relation.value)
    pointer = EvidencePointer(
        kind=record.kind.value,
        source=record.source,
        ref=record.ref,
        excerpt=(
            f"{record.platform}: {record.other_name} "
            f"({record.other_handle or 'no handle'}), {relation}"
        ),
        spans=(),
    )
    profile = f"{staff.full_name}'s personal {record.platform} profile"
    if current:
        people = [p for p in map(ctx.school.person, current) if p]
        yield make_finding(
            "social.pupil-connection",
            people=[staff.id, *current],
            summary=f"{', '.join(p.full_name for p in people)} is {relation} of {profile}",
            why=[
                how,
                *(ctx.describe(p, on) for p in people),
                f"connection listed in {record.source} ({record.locator})",
            ],
            evidence=pointer,
        )
    elif former:
        people = [p for p in map(ctx.school.person, former) if p]
        yield make_finding(
            "social.former-pupil-connection",
            people=[staff.id, *former],
            summary=(
                f"Former pupil {', '.join(p.full_name for p in people)} is {relation} of {profile}"
            ),
            why=[
                how,
                *(ctx.describe(p, on) for p in people),
                "amber rather than red because the pupil has left the school",
            ],
            evidence=pointer,
        )


def _who_is_connected(record: ConnectionRecord, ctx: CheckContext) -> tuple[list[str], str]:
    """The people the connection may be, and how we know: by a handle on record, or only by
    the full name (which may be ambiguous)."""
    own_account = (
        ctx.school.account_for_handle(record.platform, record.other_handle)
        if record.other_handle
        else None
    )
    if own_account is not None:
        how = f"handle {record.platform}:{record.other_handle} is on record ({own_account.where})"
        return [own_account.person], how
    named = ctx.school.people_named(record.other_name) if record.other_name else ()
    how = f"matched by full name '{record.other_name}' only"
    if len(named) > 1:
        how += f"; the name is ambiguous: {len(named)} people in the school share it"
    return [p.id for p in named], how


def _profile_of(record: ConnectionRecord, ctx: CheckContext) -> ProfileRecord:
    handle = ctx.personal_handles.get((record.owner, record.platform), record.owner)
    return ProfileRecord(
        source=record.source,
        locator=record.locator,
        platform=record.platform,
        owner=record.owner,
        handle=handle,
        visibility=record.visibility,
    )


def check_profile(record: ProfileRecord, ctx: CheckContext) -> Iterator[Finding]:
    if record.visibility is not Visibility.PUBLIC or not _owner_is_staff(record.owner, ctx):
        return
    account = (
        ctx.school.account_for_handle(record.platform, record.handle) if record.handle else None
    )
    if account is not None and account.ownership == "professional":
        return
    staff = ctx.school.person(record.owner)
    assert staff is not None
    yield make_finding(
        "social.open-profile",
        people=[staff.id],
        summary=f"{staff.full_name}'s personal {record.platform} profile is visible to the public",
        why=[
            f"the export in {record.source} gives the profile's visibility as public",
            "the guidance asks for settings of family and friends only",
        ],
        evidence=EvidencePointer(
            kind=record.kind.value,
            source=record.source,
            ref=record.ref,
            excerpt=f"{record.platform} profile {record.handle or record.owner}: public",
        ),
    )


CHECKS = (
    record_check(
        ("social.pupil-connection", "social.former-pupil-connection", "social.open-profile"),
        ConnectionRecord,
        check_connection,
    ),
    record_check("social.open-profile", ProfileRecord, check_profile),
)
