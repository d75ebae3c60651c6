"""Social-media checks: connections to pupils, former pupils and parents, and open profiles."""

from __future__ import annotations

from evidence_builders import connection, profile

from saferpractice.checks import CheckContext, check_record
from saferpractice.evidence.records import Record, Relation, Visibility
from saferpractice.findings import Finding, Level


def found(record: Record, ctx: CheckContext, rule: str) -> list[Finding]:
    return [f for f in check_record(record, ctx) if f.rule == rule]


# -- social.pupil-connection / social.former-pupil-connection ---------------------------


def test_pupil_matched_by_handle_is_red(ctx: CheckContext) -> None:
    (finding,) = found(
        connection("S001", "instagram", handle="sammyj"), ctx, "social.pupil-connection"
    )
    assert finding.level is Level.RED
    assert finding.people == ("S001", "P001")
    assert finding.evidence.ref == "instagram:sammyj"
    assert any("handle instagram:sammyj" in line for line in finding.why)


def test_pupil_matched_by_full_name_says_so(ctx: CheckContext) -> None:
    (finding,) = found(
        connection("S001", "facebook", name="Lily Evans"), ctx, "social.pupil-connection"
    )
    assert any("full name 'Lily Evans' only" in line for line in finding.why)


def test_parent_of_a_current_pupil_is_red(ctx: CheckContext) -> None:
    (finding,) = found(
        connection("S001", "facebook", name="Karen Jones"), ctx, "social.pupil-connection"
    )
    assert finding.people == ("S001", "G001")


def test_a_pupil_who_left_years_ago_is_amber_not_red(ctx: CheckContext) -> None:
    record = connection("S001", "facebook", name="Tom Brown")
    assert found(record, ctx, "social.pupil-connection") == []
    (finding,) = found(record, ctx, "social.former-pupil-connection")
    assert finding.level is Level.AMBER
    assert any("2016-07-20" in line for line in finding.why)


def test_strangers_and_colleagues_are_not_flagged(ctx: CheckContext) -> None:
    assert check_record(connection("S001", "facebook", name="Joe Bloggs"), ctx) == []
    assert check_record(connection("S001", "facebook", name="Dev Patel"), ctx) == []


def test_a_pupils_own_connections_are_not_a_staff_matter(ctx: CheckContext) -> None:
    assert check_record(connection("P002", "instagram", handle="sammyj"), ctx) == []


# -- social.open-profile ----------------------------------------------------------------


def test_a_public_personal_profile_is_amber(ctx: CheckContext) -> None:
    record = profile("S001", "instagram", "pat.smith", Visibility.PUBLIC)
    (finding,) = found(record, ctx, "social.open-profile")
    assert finding.level is Level.AMBER


def test_a_friends_only_profile_is_not_flagged(ctx: CheckContext) -> None:
    assert check_record(profile("S001", "instagram", "pat.smith", Visibility.FRIENDS), ctx) == []


def test_a_public_professional_profile_is_not_flagged(ctx: CheckContext) -> None:
    assert check_record(profile("S003", "x", "heatonlanedsl", Visibility.PUBLIC), ctx) == []


def test_friend_requests_with_a_pupil_are_contact_and_a_declined_one_is_not_a_concern(
    ctx: CheckContext,
) -> None:
    for relation, words in (
        (Relation.FRIEND_REQUEST_SENT, "is sent a friend request by the owner of"),
        (Relation.FRIEND_REQUEST_RECEIVED, "is asking by friend request to be a friend of"),
        (Relation.FRIEND_REMOVED, "is a removed friend of"),
    ):
        record = connection("S001", "facebook", name="Lily Evans", relation=relation)
        (finding,) = found(record, ctx, "social.pupil-connection")
        assert words in finding.summary
    declined = connection(
        "S001", "facebook", name="Lily Evans", relation=Relation.FRIEND_REQUEST_DECLINED
    )
    assert list(check_record(declined, ctx)) == []
