"""The demo office's concerns: staff reports, one about the DSL, and a council report."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model

from saferpractice.web.concerns import services
from saferpractice.web.concerns.models import ConcernKind, ConcernStatus
from saferpractice.web.organisations.models import Membership, School


def load_demo(school: School, demo_dir: Path) -> None:
    users = {u.username: u for u in get_user_model().objects.filter(memberships__school=school)}
    teacher, senior, dsl = users.get("teacher"), users.get("senior"), users.get("dsl")
    if teacher is None or dsl is None:
        return
    services.file_staff_concern(
        school,
        teacher,
        ConcernKind.ONLINE_SAFETY,
        "Two pupils in Year 6 said an older boy on a game keeps asking them to add him on "
        "Snapchat and to keep it secret.",
        happened="Monday lunchtime",
        where="an online game; Snapchat",
    )
    found = services.file_staff_concern(
        school,
        teacher,
        ConcernKind.CONTENT,
        "A parent showed me a screenshot of a group chat where pupils share a nasty edited "
        "photo of a classmate.",
        where="a class WhatsApp group",
    )
    services.update(found, dsl, ConcernStatus.LOOKING, "Spoke to the parent; asked for the chat.")
    dsl_ref = Membership.objects.filter(school=school, role="dsl").values_list(
        "person_ref", flat=True
    )
    about_dsl = next(iter(dsl_ref), "")
    if senior is not None and about_dsl:
        services.file_staff_concern(
            school,
            senior,
            ConcernKind.COLLEAGUE,
            "The DSL gave a Year 5 pupil their personal mobile number on the trip.",
            about_ref=about_dsl,
            happened="Friday's trip",
        )
    key = services.client_key(school, "demo")
    services.file_council_report(
        school,
        {
            "reporter_kind": "pupil",
            "text": "Someone in my class keeps posting mean comments about me on my videos.",
            "where": "a video app",
            "anonymous": True,
        },
        key,
    )
