"""Changing and removing people and devices in the registers.

Each change goes through the same rules as the school folder's CSV files (forms.PersonForm,
forms.DeviceForm), is saved field by field so the audit log names the fields changed (the
audit signals record every save and delete), and a removal is confirmed first. A removal
that would leave the registers inconsistent (an approval that names the person, a device
they own, a pupil a parent still lists) is refused with what to change first.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import redirect

from saferpractice.school.model import RESPONSIBILITIES
from saferpractice.school.school import serial_key
from saferpractice.web.agreements.models import Approval, Consent
from saferpractice.web.common.views import SchoolFormView
from saferpractice.web.organisations.models import Membership
from saferpractice.web.policies.models import Acknowledgement
from saferpractice.web.registers.forms import DeviceForm, PersonForm, RemoveForm
from saferpractice.web.registers.models import Device, Person, PersonRole

PERSON_FIELDS = tuple(PersonForm.base_fields)
DEVICE_FIELDS = tuple(DeviceForm.base_fields)


def save_changes(row: Model, values: dict[str, Any]) -> list[str]:
    """Set the fields that differ and save only those (the audit log lists them)."""
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    if changed:
        row.save(update_fields=changed)
    return changed


def _said(changed: list[str]) -> str:
    return ", ".join(name.replace("_", " ") for name in changed) if changed else "nothing"


class PersonEdit(SchoolFormView):
    permission_required = "registers.edit"
    template_name = "registers/edit.html"
    form_class = PersonForm

    def _person(self) -> Person:
        return self.get_scoped(Person, ref=self.kwargs["ref"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        pupils = self.scoped(Person).filter(role=PersonRole.PUPIL).values_list("ref", flat=True)
        kwargs["pupils"] = set(pupils)
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        person = self._person()
        initial = {name: getattr(person, name) for name in PERSON_FIELDS}
        initial["guardian_of"] = "; ".join(person.guardian_of)
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person = self._person()
        context.update(thing=person, name=person.full_name or person.ref, kind="person")
        return context

    def form_valid(self, form: PersonForm) -> HttpResponse:
        person = self._person()
        values = {name: form.cleaned_data[name] for name in PERSON_FIELDS}
        chosen = set(values["responsibilities"])
        values["responsibilities"] = [r for r in RESPONSIBILITIES if r in chosen]
        changed = save_changes(person, values)
        messages.success(
            self.request, f"{person.full_name or person.ref}: changed {_said(changed)}."
        )
        return redirect("registers-person", school=self.school.slug, ref=person.ref)


class DeviceEdit(SchoolFormView):
    permission_required = "registers.edit"
    template_name = "registers/edit.html"
    form_class = DeviceForm

    def _device(self) -> Device:
        return self.get_scoped(Device, ref=self.kwargs["ref"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        staff = self.scoped(Person).exclude(role=PersonRole.PUPIL).order_by("family_name")
        kwargs["people"] = [(p.ref, f"{p.full_name} ({p.ref})") for p in staff]
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        device = self._device()
        initial = {name: getattr(device, name) for name in DEVICE_FIELDS if name != "owner"}
        initial["owner"] = device.owner.ref if device.owner else ""
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        device = self._device()
        context.update(thing=device, name=f"device {device}", kind="device")
        return context

    def form_valid(self, form: DeviceForm) -> HttpResponse:
        device = self._device()
        values = {name: form.cleaned_data[name] for name in DEVICE_FIELDS}
        values["owner"] = self.scoped(Person).filter(ref=values["owner"]).first()
        if values["serial"] and any(
            serial_key(other.serial) == serial_key(values["serial"])
            for other in self.scoped(Device).exclude(pk=device.pk).exclude(serial="")
        ):
            form.add_error("serial", "Another device in the register has this serial number")
            return self.form_invalid(form)
        changed = save_changes(device, values)
        messages.success(self.request, f"Device {device.ref}: changed {_said(changed)}.")
        return redirect("registers-devices", school=self.school.slug)


# -- removal ----------------------------------------------------------------------------------


class RemoveView(SchoolFormView):
    """Confirm, then remove; or say what must change first."""

    permission_required = "registers.edit"
    template_name = "registers/remove.html"
    form_class = RemoveForm

    def target(self) -> Model:
        raise NotImplementedError

    def blockers(self, target: Any) -> list[str]:
        raise NotImplementedError

    def goes_with_it(self, target: Any) -> list[str]:
        return []

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        target = self.target()
        context.update(
            thing=target,
            name=str(target),
            blockers=self.blockers(target),
            goes_with_it=self.goes_with_it(target),
        )
        return context

    def form_valid(self, form: RemoveForm) -> HttpResponse:
        target = self.target()
        if self.blockers(target):
            return self.form_invalid(form)
        with transaction.atomic():
            self.remove(target)
        messages.success(self.request, f"{target} was removed from the register.")
        return redirect(self.after, school=self.school.slug)

    after = "registers"

    def remove(self, target: Any) -> None:
        target.delete()


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class PersonRemove(RemoveView):
    after = "registers-people"

    def target(self) -> Person:
        return self.get_scoped(Person, ref=self.kwargs["ref"])

    def blockers(self, person: Person) -> list[str]:
        found = []
        approvals = self.scoped(Approval).filter(person=person).count()
        approver = self.scoped(Approval).filter(approved_by_ref=person.ref).count()
        devices = self.scoped(Device).filter(owner=person).count()
        parents = [
            p.full_name or p.ref
            for p in self.scoped(Person).filter(role=PersonRole.PARENT)
            if person.ref in p.guardian_of
        ]
        given = self.scoped(Consent).filter(given_by=person.ref).count()
        consents = self.scoped(Consent).filter(pupil=person).count()
        acks = self.scoped(Acknowledgement).filter(person=person).count()
        if consents:
            found.append(f"{_count(consents, 'photo consent is', 'photo consents are')} theirs")
        if acks:
            found.append(f"they have {_count(acks, 'acknowledgement', 'acknowledgements')}")
        if approvals:
            found.append(f"{_count(approvals, 'approval is', 'approvals are')} theirs")
        if approver:
            found.append(f"they approved {_count(approver, 'request', 'requests')}")
        if devices:
            found.append(f"they own {_count(devices, 'device', 'devices')}: change the owner first")
        if parents:
            found.append(f"{', '.join(parents)} still list them as their child")
        if given:
            found.append(f"they gave {_count(given, 'consent', 'consents')} as a parent or carer")
        return found

    def goes_with_it(self, person: Person) -> list[str]:
        rows = [
            (person.accounts.count(), "account is removed", "accounts are removed"),
            (self.signed_in(person).count(), "sign-in is unlinked", "sign-ins are unlinked"),
        ]
        return [_count(n, one, many) for n, one, many in rows if n]

    def signed_in(self, person: Person) -> Any:
        return Membership.objects.filter(school=self.school, person_ref=person.ref)

    def remove(self, person: Person) -> None:
        for membership in self.signed_in(person):
            membership.person_ref = ""
            membership.save(update_fields=["person_ref"])
        person.delete()


class DeviceRemove(RemoveView):
    after = "registers-devices"

    def target(self) -> Device:
        return self.get_scoped(Device, ref=self.kwargs["ref"])

    def blockers(self, device: Device) -> list[str]:
        approvals = self.scoped(Approval).filter(device=device).count()
        if approvals:
            # Removing the device would widen them to any device (the core's rule).
            return [f"{_count(approvals, 'approval names', 'approvals name')} this device"]
        return []
