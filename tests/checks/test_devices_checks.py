"""Device checks: the device register and MDM exports."""

from __future__ import annotations

from saferpractice.checks import CheckContext, check_record, check_school
from saferpractice.evidence.records import Record
from saferpractice.findings import Finding, Level


def found(record: Record, ctx: CheckContext, rule: str) -> list[Finding]:
    return [f for f in check_record(record, ctx) if f.rule == rule]


# -- devices ----------------------------------------------------------------------------


def test_device_register_findings(ctx: CheckContext) -> None:
    devices = [f for f in check_school(ctx) if f.rule.startswith("devices.")]
    by_rule = {(f.rule, f.evidence.ref) for f in devices}
    assert ("devices.no-passcode", "D003") in by_rule
    assert ("devices.bluetooth-on", "D003") in by_rule
    # D005 has Bluetooth on but an equipment approval covers it; the others are fine.
    assert {ref for _, ref in by_rule} == {"D003"}
    assert all(
        f.level is (Level.RED if f.rule == "devices.no-passcode" else Level.AMBER) for f in devices
    )
