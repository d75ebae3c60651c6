"""Making the first administrator and their school (there are no default accounts)."""

from __future__ import annotations

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from saferpractice.web.organisations.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    School,
)


def unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "school"
    slug, n = base, 1
    while School.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_school(name: str, organisation: str = "", kind: str = "standalone") -> School:
    org, _ = Organisation.objects.get_or_create(
        name=organisation or name,
        defaults={"kind": kind if kind in OrganisationKind.values else "standalone"},
    )
    school = School.objects.filter(name=name, organisation=org).first()
    if school is None:
        school = School.objects.create(organisation=org, name=name, slug=unique_slug(name))
    from saferpractice.web.policies.services import ensure_published_policy

    ensure_published_policy(school)
    return school


def create_admin(
    username: str, password: str, school_name: str, organisation: str = "", kind: str = ""
) -> list[str]:
    """Create an administrator; the reasons it could not be done (empty when it was)."""
    user_model = get_user_model()
    if not username.strip():
        return ["the username is empty"]
    if user_model.objects.filter(username=username).exists():
        return [f"the username {username!r} is already taken"]
    candidate = user_model(username=username)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as error:
        return list(error.messages)
    with transaction.atomic():
        school = create_school(school_name, organisation, kind or "standalone")
        user = user_model.objects.create_user(username=username, password=password)
        Membership.objects.create(user=user, school=school, role=Role.ADMIN)
    return []
