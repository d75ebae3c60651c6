"""`api_token`: issue or revoke a bearer token for the read-only JSON API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from saferpractice.web.api.models import ApiToken, new_token, token_digest
from saferpractice.web.audit.chain import record
from saferpractice.web.audit.models import Action
from saferpractice.web.organisations.models import Membership, School


class Command(BaseCommand):
    help = (
        "Issue a bearer token for the JSON API, acting for one sign-in at one school with "
        "that sign-in's own permissions (the token is printed once and stored only as a "
        "hash); or revoke one with --revoke NAME."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="the sign-in's username")
        parser.add_argument("--school", required=True, help="the school's slug")
        parser.add_argument("--name", default="api", help="what the token is for")
        parser.add_argument("--days", type=int, default=90, help="days until it expires")
        parser.add_argument("--revoke", action="store_true", help="revoke tokens of this name")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        school = School.objects.filter(slug=options["school"]).first()
        if user is None or school is None:
            raise CommandError("no such user or school", returncode=2)
        if not Membership.objects.filter(user=user, school=school).exists():
            raise CommandError(f"{user.get_username()} has no membership at {school.slug}")
        name = str(options["name"])[:100]
        if options["revoke"]:
            gone = ApiToken.objects.filter(user=user, school=school, name=name).update(revoked=True)
            record(
                Action.CHANGED,
                f"API token “{name}” of {user.get_username()} revoked",
                school=school,
            )
            self.stdout.write(f"{gone} token(s) revoked.")
            return
        if not 1 <= options["days"] <= 366:
            raise CommandError("--days must be between 1 and 366", returncode=2)
        token = new_token()
        ApiToken.objects.create(
            school=school,
            user=user,
            name=name,
            digest=token_digest(token),
            expires_at=timezone.now() + timedelta(days=options["days"]),
        )
        record(
            Action.CREATED,
            f"API token “{name}” issued to {user.get_username()} for {options['days']} days",
            school=school,
        )
        self.stdout.write(token)
