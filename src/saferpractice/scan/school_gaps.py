"""What a scan does when the school folder has errors: go on with what can be used, and say
exactly what was left out and which checks that weakens (issue 10 items 5 and 6).

`--strict` keeps the old refusal. Without it, only two things stop a scan: no usable
`school.yaml` and no usable `people.csv`, since every check needs both. Otherwise:

- rows with errors are left out (the loader already does this) and counted here;
- a register that cannot be used at all contributes nothing, and is never read as empty:
  a rule whose findings an absent register would *create* (every photo "without consent"
  when `consents.csv` is unreadable; every member of staff "not acknowledged") is not run;
- every finding of a rule that a gap may have changed carries a `why` line saying so, so the
  reviewer knows an approval or consent may exist that the scan could not see.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from saferpractice.diagnostics import Diagnostic, Severity, UserError
from saferpractice.findings import Finding
from saferpractice.school.load import SchoolLoad
from saferpractice.school.registers import (
    ACCOUNTS,
    ACKNOWLEDGEMENTS,
    APPROVALS,
    CONSENTS,
    DEVICES,
    PEOPLE,
)

_CONTACT = (
    "email.personal-account",
    "phone.personal-device",
    "contact.personal-details",
    "contact.personal-message",
    "contact.grooming-pattern",
    "contact.out-of-hours",
    "social.pupil-connection",
    "social.former-pupil-connection",
    "social.open-profile",
    "internet.inappropriate",
)

# Which rules read each register: their findings may be missing or wrong when it has gaps.
DEPENDS: Mapping[str, tuple[str, ...]] = {
    PEOPLE: ("*",),
    ACCOUNTS: _CONTACT,
    DEVICES: ("images.personal-device", "devices.no-passcode", "devices.bluetooth-on"),
    APPROVALS: (
        "phone.personal-device",
        "images.personal-device",
        "contact.out-of-hours",
        "devices.bluetooth-on",
    ),
    CONSENTS: ("images.no-consent",),
    ACKNOWLEDGEMENTS: ("policy.not-acknowledged",),
}
# Rules not run at all when the register is unusable: an empty register would make every
# item a finding (the 316 "no consent" reds of issue 10 item 6).
NOT_RUN_WITHOUT: Mapping[str, tuple[str, ...]] = {
    CONSENTS: ("images.no-consent",),
    ACKNOWLEDGEMENTS: ("policy.not-acknowledged",),
}


@dataclass(frozen=True, slots=True)
class SchoolGaps:
    """What the scan could not use from the school folder, and what follows from it."""

    errors: tuple[Diagnostic, ...] = ()
    unusable: tuple[str, ...] = ()
    left_out: tuple[tuple[str, int], ...] = ()  # (register, rows left out)
    not_run: tuple[str, ...] = ()  # rules skipped because their register is unusable
    caveats: tuple[tuple[str, str], ...] = ()  # (rule, why line added to its findings)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def weakened(self) -> list[str]:
        """Rules whose findings may be incomplete or need a second look."""
        return sorted({rule for rule, _ in self.caveats})

    def lines(self) -> list[str]:
        """Plain sentences for the terminal and the JSON Lines summary."""
        out: list[str] = []
        for name in self.unusable:
            out.append(f"{name} could not be used at all (see the errors above)")
        for name, count in self.left_out:
            out.append(f"{name}: {count:,} row(s) with errors were left out")
        if self.not_run:
            out.append(
                "not run, because their register could not be used: " + ", ".join(self.not_run)
            )
        if self.caveats:
            out.append("may miss or misjudge findings: " + ", ".join(self.weakened()))
        return out


def _rules(register: str, enabled: Iterable[str]) -> list[str]:
    wanted = DEPENDS.get(register, ())
    return [rule for rule in enabled if "*" in wanted or rule in wanted]


def gaps_of(
    loaded: SchoolLoad, school_dir: str, enabled: Sequence[str], strict: bool
) -> SchoolGaps:
    """The gaps in a loaded folder, or a UserError when the scan cannot (or, with --strict,
    must not) go on."""
    errors = tuple(d for d in loaded.diagnostics if d.severity is Severity.ERROR)
    if not errors and loaded.school is not None:
        return SchoolGaps()
    hint = f"run `saferpractice school check {school_dir}` for details"
    if loaded.partial is None:
        raise UserError(
            f"the school folder {school_dir} has {len(errors)} error(s) and cannot be used "
            f"(school.yaml and people.csv are needed for every check); {hint}",
            list(errors[:20]),
        )
    if strict:
        raise UserError(
            f"the school folder {school_dir} has {len(errors)} error(s) and --strict was "
            f"given; {hint}",
            list(errors[:20]),
        )
    not_run: list[str] = []
    caveats: list[tuple[str, str]] = []
    for name in loaded.unusable:
        skipped = [r for r in NOT_RUN_WITHOUT.get(name, ()) if r in enabled]
        not_run.extend(skipped)
        reason = f"{name} could not be used, so a row in it that changes this was not seen"
        caveats.extend((rule, reason) for rule in _rules(name, enabled) if rule not in skipped)
    for name, count in sorted(loaded.left_out.items()):
        reason = f"{count:,} row(s) of {name} had errors and were left out; one may change this"
        caveats.extend((rule, reason) for rule in _rules(name, enabled) if rule not in not_run)
    return SchoolGaps(
        errors=errors,
        unusable=loaded.unusable,
        left_out=tuple(sorted(loaded.left_out.items())),
        not_run=tuple(dict.fromkeys(not_run)),
        caveats=tuple(dict.fromkeys(caveats)),
    )


def with_caveats(findings: Iterable[Finding], gaps: SchoolGaps) -> list[Finding]:
    """Each finding with a `why` line for every gap that may have changed it."""
    by_rule: dict[str, list[str]] = {}
    for rule, reason in gaps.caveats:
        by_rule.setdefault(rule, []).append(reason)
    if not by_rule:
        return list(findings)
    return [
        replace(f, why=(*f.why, *by_rule[f.rule])) if f.rule in by_rule else f for f in findings
    ]
