"""Every change to an office record is audited, whichever code made it.

Model signals cover single saves and deletes; bulk imports record one event of their own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from saferpractice.web.audit.chain import is_suppressed, record
from saferpractice.web.audit.models import Action

AUDITED_APPS = frozenset(
    {"organisations", "registers", "policies", "agreements", "review", "concerns"}
)
# Fields whose values are never copied into the log (they are secrets or large texts).
NOT_COPIED = frozenset({"password", "text", "key"})


def _audited(sender: type[Model]) -> bool:
    return sender._meta.app_label in AUDITED_APPS and not is_suppressed()


def _school(instance: Model) -> Any:
    from saferpractice.web.organisations.models import School

    return instance if isinstance(instance, School) else getattr(instance, "school", None)


def _label(instance: Model) -> str:
    return f"{instance._meta.verbose_name} “{instance}”"


@receiver(post_save)
def _saved(sender: type[Model], instance: Model, created: bool, **kwargs: Any) -> None:
    if not _audited(sender) or kwargs.get("raw"):
        return
    fields = kwargs.get("update_fields")
    detail: dict[str, Any] = {}
    if fields:
        detail["fields"] = sorted(fields)
        detail["values"] = {
            name: str(getattr(instance, name, ""))[:200]
            for name in sorted(fields)
            if name not in NOT_COPIED
        }
    record(
        Action.CREATED if created else Action.CHANGED,
        f"{_label(instance)} {'created' if created else 'changed'}",
        school=_school(instance),
        target=instance,
        detail=detail,
    )


@receiver(post_delete)
def _deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if not _audited(sender):
        return
    record(Action.DELETED, f"{_label(instance)} deleted", school=_school(instance), target=instance)


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record(Action.SIGNED_IN, f"{user.get_username()} signed in", actor=user)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(Action.SIGNED_OUT, f"{user.get_username()} signed out", actor=user)


@receiver(user_login_failed)
def _failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    record(Action.SIGN_IN_FAILED, f"sign-in failed for “{username}”", detail={"username": username})
