"""Messages from a member of staff's own phone export are checked like any other.

A sent SMS in a phone backup has no sender, and a WhatsApp export writes the owner and the
other side by the names the phone knows them by. The independent attack found that risk
language sent from a staff phone this way produced no finding at all.
"""

from __future__ import annotations

from evidence_builders import SCHOOL_TIME

from saferpractice.checks import CheckContext, check_record
from saferpractice.evidence.records import MessageRecord

LILY_MOBILE = "+447700900789"
RISKY = "Don't tell your mum, keep this between us"


def message(sender: str, to: str, *, owner: str = "S001") -> MessageRecord:
    return MessageRecord(
        source="phones/S001/chat.txt",
        locator="line 3",
        id="w-1",
        channel="whatsapp",
        sent_at=SCHOOL_TIME,
        sender=sender,
        recipients=(to,),
        body=RISKY,
        owner=owner,
        owner_from="folder S001",
    )


def rules(record: MessageRecord, ctx: CheckContext) -> set[str]:
    return {f.rule for f in check_record(record, ctx)}


def test_a_sent_sms_with_no_sender_is_the_owners(ctx: CheckContext) -> None:
    findings = [f for f in check_record(message("", LILY_MOBILE), ctx)]
    risky = [f for f in findings if f.rule == "contact.personal-message"]
    assert risky and risky[0].people[:2] == ("S001", "P002")


def test_whatsapp_names_are_matched_to_the_owner_and_the_register(ctx: CheckContext) -> None:
    record = message("Pat Smith", "Lily Evans")
    (finding,) = [f for f in check_record(record, ctx) if f.rule == "contact.personal-message"]
    assert finding.people[:2] == ("S001", "P002")


def test_without_an_owner_an_empty_sender_stays_unknown(ctx: CheckContext) -> None:
    assert "contact.personal-message" not in rules(message("", LILY_MOBILE, owner=""), ctx)


def test_an_unknown_or_ambiguous_name_is_not_guessed(ctx: CheckContext) -> None:
    assert "contact.personal-message" not in rules(message("Pat Smith", "Lily"), ctx)
