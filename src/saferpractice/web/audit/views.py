"""The audit log, for leaders and the DSL: newest first, filterable, with the chain's state."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q

from saferpractice.web.audit.chain import record, verify_chain
from saferpractice.web.audit.models import Action, AuditEvent
from saferpractice.web.common.views import SchoolTemplateView
from saferpractice.web.organisations.models import Membership


class AuditLog(SchoolTemplateView):
    permission_required = "audit.view"
    template_name = "audit/log.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The school's own events, and the sign-ins of its members (which belong to no school).
        members = [
            str(pk)
            for pk in Membership.objects.filter(school=self.school).values_list(
                "user_id", flat=True
            )
        ]
        events = AuditEvent.objects.filter(
            Q(school_id=str(self.school.pk)) | Q(school_id="", actor_id__in=members)
        ).order_by("-seq")
        action = self.request.GET.get("action", "")
        who = self.request.GET.get("who", "").strip()
        if action in Action.values:
            events = events.filter(action=action)
        if who:
            events = events.filter(actor__icontains=who)
        page = Paginator(events, 50).get_page(self.request.GET.get("page"))
        context.update(
            page=page,
            actions=Action.choices,
            action=action,
            who=who,
            chain=verify_chain() if self.request.GET.get("verify") else None,
        )
        record(Action.VIEWED, "audit log viewed", school=self.school)
        return context
