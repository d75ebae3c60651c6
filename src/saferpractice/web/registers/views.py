"""The registers: people, accounts, devices and acknowledgements with search and filters;
import and export of the school folder (and OneRoster import)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.generic import View

from saferpractice.web.agreements.models import Approval, Consent
from saferpractice.web.audit.chain import record
from saferpractice.web.audit.models import Action
from saferpractice.web.common.views import SchoolFormView, SchoolScopeMixin, SchoolTemplateView
from saferpractice.web.policies.models import Acknowledgement
from saferpractice.web.registers import imports
from saferpractice.web.registers.forms import ImportForm
from saferpractice.web.registers.models import (
    Account,
    AccountKind,
    Device,
    DeviceKind,
    Ownership,
    Person,
    PersonRole,
)

PAGE = 50


class RegisterList(SchoolTemplateView):
    """A searchable, filterable list; subclasses say of what, searched and filtered how."""

    permission_required = "registers.view"
    template_name = "registers/list.html"
    title = ""
    kind = ""
    model: type[Model]
    related: tuple[str, ...] = ()
    order: tuple[str, ...] = ("position",)
    search: tuple[str, ...] = ()  # lookups matched against the search text
    filters: tuple[tuple[str, str, list[tuple[str, str]]], ...] = ()
    lookups: dict[str, str] = {}  # a filter's field, where its name differs

    def rows(self, q: str, chosen: dict[str, str]) -> QuerySet[Any]:
        rows = self.scoped(self.model).select_related(*self.related).order_by(*self.order)
        if q:
            query = Q()
            for lookup in self.search:
                query |= Q(**{lookup: q})
            rows = rows.filter(query)
        return rows.filter(**{self.lookups.get(n, n): value for n, value in chosen.items()})

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()
        chosen = {
            name: self.request.GET.get(name, "")
            for name, _, choices in self.filters
            if self.request.GET.get(name, "") in {value for value, _ in choices}
        }
        context.update(
            title=self.title,
            q=q,
            filters=[
                (name, label, choices, chosen.get(name, ""))
                for name, label, choices in self.filters
            ],
            page=Paginator(self.rows(q, chosen), PAGE).get_page(self.request.GET.get("page")),
            kind=self.kind,
            can_edit=self.can("registers.edit"),
        )
        return context


NAMES = ("given_name__icontains", "family_name__icontains", "ref__iexact")


class PeopleList(RegisterList):
    title, kind, model = "People", "people", Person
    order = ("family_name", "given_name")
    search = (*NAMES, "email__icontains")
    filters = (("role", "Role", PersonRole.choices),)


class AccountList(RegisterList):
    title, kind, model, related = "Accounts", "accounts", Account, ("person",)
    search = ("value__icontains", *(f"person__{lookup}" for lookup in NAMES))
    filters = (("kind", "Kind", AccountKind.choices), ("ownership", "Ownership", Ownership.choices))


class DeviceList(RegisterList):
    title, kind, model, related = "Devices", "devices", Device, ("owner",)
    search = (
        *("ref__iexact", "make__icontains", "model__icontains", "serial__icontains"),
        "owner__family_name__icontains",
    )
    filters = (
        ("kind", "Kind", DeviceKind.choices),
        ("ownership", "Ownership", Ownership.choices[:2]),
    )


class AcknowledgementList(RegisterList):
    title, kind, model, related = (
        "Acknowledgements",
        "acknowledgements",
        Acknowledgement,
        ("person",),
    )
    order = ("-acknowledged_on",)
    search = tuple(f"person__{lookup}" for lookup in NAMES)
    lookups = {"version": "policy_version"}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        versions = sorted(
            set(self.scoped(Acknowledgement).values_list("policy_version", flat=True))
        )
        self.filters = (("version", "Policy version", [(v, v) for v in versions]),)
        return super().get_context_data(**kwargs)


class PersonDetail(SchoolTemplateView):
    permission_required = "registers.view_person"
    template_name = "registers/person.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person = self.get_scoped(Person, ref=self.kwargs["ref"])
        self.audit_view(person, f"register entry of {person.ref} viewed")
        names = dict(
            self.scoped(Person).filter(ref__in=person.guardian_of).values_list("ref", "given_name")
        )
        context.update(
            person=person,
            accounts=person.accounts.all(),
            devices=person.devices.all(),
            approvals=self.scoped(Approval).filter(person=person),
            consents=self.scoped(Consent).filter(pupil=person).order_by("-recorded_on"),
            acknowledgements=self.scoped(Acknowledgement).filter(person=person),
            children=[(ref, names.get(ref, "")) for ref in person.guardian_of],
            can_edit=self.can("registers.edit"),
        )
        return context


class RegistersHome(SchoolTemplateView):
    permission_required = "registers.view"
    template_name = "registers/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        people = self.scoped(Person)
        context.update(
            counts={
                "staff": people.filter(role=PersonRole.STAFF, left_on__isnull=True).count(),
                "pupils": people.filter(role=PersonRole.PUPIL, left_on__isnull=True).count(),
                "parents": people.filter(role=PersonRole.PARENT).count(),
                "people": people.count(),
                "accounts": self.scoped(Account).count(),
                "devices": self.scoped(Device).count(),
                "approvals": self.scoped(Approval).count(),
                "consents": self.scoped(Consent).count(),
                "acknowledgements": self.scoped(Acknowledgement).count(),
            },
            can_import=self.can("registers.import"),
            can_export=self.can("registers.export"),
        )
        return context


class ImportView(SchoolFormView):
    permission_required = "registers.import"
    template_name = "registers/import.html"
    form_class = ImportForm

    def form_valid(self, form: ImportForm) -> HttpResponse:
        upload, mode = form.cleaned_data["archive"], form.cleaned_data["mode"]
        if form.cleaned_data["kind"] == "oneroster":
            result = imports.import_oneroster_zip(self.school, upload, mode)
        else:
            result = imports.import_folder_zip(self.school, upload, mode)
        return self.render_to_response(self.get_context_data(form=ImportForm(), result=result))


class ExportView(SchoolScopeMixin, View):
    permission_required = "registers.export"

    def get(self, request: HttpRequest, school: str) -> HttpResponse:
        data = imports.export_zip(self.school)
        record(Action.EXPORTED, "school folder exported", school=self.school)
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = (
            f'attachment; filename="{self.school.slug}-school-folder.zip"'
        )
        return response


def registers_panel(view: Any) -> dict[str, Any] | None:
    if not view.can("registers.view"):
        return None
    slug = view.school.slug
    links = [("The registers", reverse("registers", kwargs={"school": slug}))]
    if view.can("registers.import"):
        links.append(
            (
                "Import the school folder or OneRoster",
                reverse("registers-import", kwargs={"school": slug}),
            )
        )
    people = view.scoped(Person)
    return {
        "title": "Registers",
        "big": people.filter(role=PersonRole.STAFF, left_on__isnull=True).count(),
        "lines": [
            f"current staff; {people.filter(role=PersonRole.PUPIL, left_on__isnull=True).count()}"
            " pupils."
        ],
        "links": links,
    }
