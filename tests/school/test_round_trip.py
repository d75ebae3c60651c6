"""Export is lossless: any valid folder, loaded, exported and loaded again, is the same school;
and exporting is idempotent (the second export is byte-identical to the first)."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from saferpractice.school import School, export_school, load_school

NAME_CHARS = st.characters(whitelist_categories=("Lu", "Ll"), whitelist_characters=" '-,\"é")
names = st.text(NAME_CHARS, min_size=1, max_size=12).filter(lambda s: s.strip() != "")
notes = st.one_of(st.just(""), st.text(NAME_CHARS | st.sampled_from(["\n", ";", "="]), max_size=20))
days = st.integers(0, 3000).map(lambda n: date(2018, 1, 1) + timedelta(days=n))


def _phone(n: int, style: int) -> str:
    tail = f"{n % 1000:03d}"
    return ["07700 900" + tail, "+44 7700 900" + tail, "07700.900." + tail, "(07700) 900" + tail][
        style % 4
    ]


def _case(text: str, upper: bool) -> str:
    return text.upper() if upper else text


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")


@st.composite
def folders(draw: st.DrawFn) -> dict[str, list[list[str]]]:
    """The rows of a valid folder, written in varied (un-normalised) forms."""
    n_staff = draw(st.integers(1, 4))
    n_pupils = draw(st.integers(1, 5))
    n_parents = draw(st.integers(0, 4))
    flip = st.booleans()
    people: list[list[str]] = []
    staff = [f"S{i}" for i in range(n_staff)]
    pupils = [f"P{i}" for i in range(n_pupils)]
    for i, sid in enumerate(staff):
        duties = (
            ["head-teacher"]
            if i == 0
            else draw(
                st.lists(st.sampled_from(["senior-leader", "dsl", "ict"]), unique=True, max_size=2)
            )
        )
        left = draw(st.one_of(st.just(""), days.map(str))) if i else ""
        people.append(
            [
                sid,
                draw(names),
                draw(names),
                _case("staff", draw(flip)),
                _case(f"{sid.lower()}@school.sch.uk", draw(flip)),
                "",
                ";".join(_case(d, draw(flip)) for d in duties),
                "",
                left,
                draw(notes),
            ]
        )
    for pid in pupils:
        left = draw(st.one_of(st.just(""), days.map(str)))
        people.append([pid, draw(names), draw(names), "pupil", "", "", "", "", left, ""])
    guardians: dict[str, list[str]] = {}
    for i in range(n_parents):
        gid = f"G{i}"
        children = draw(st.lists(st.sampled_from(pupils), unique=True, max_size=2))
        guardians[gid] = children
        phone = _phone(200 + i, draw(st.integers(0, 3))) if draw(flip) else ""
        people.append(
            [
                gid,
                draw(names),
                "",
                "parent",
                f"parent{i}@Example.com",
                phone,
                "",
                " ; ".join(children),
                "",
                "",
            ]
        )
    accounts: list[list[str]] = []
    for i in range(draw(st.integers(0, 6))):
        owner = draw(st.sampled_from(staff + pupils))
        kind = draw(st.sampled_from(["email", "phone", "social", "website"]))
        value = {
            "email": f"Person{i}@Gmail.com",
            "phone": _phone(500 + i, i),
            "social": f"{draw(st.sampled_from(['insta', 'Twitter', 'snap', 'fb', 'tiktok']))}:"
            f"@Handle_{i}",
            "website": f"https://www.site{i}.example.org/Blog/",
        }[kind]
        ownership = draw(st.sampled_from(["personal", "professional", "school"]))
        accounts.append([owner, kind, value, ownership, draw(notes)])
    devices: list[list[str]] = []
    for i in range(draw(st.integers(0, 4))):
        owner = draw(st.one_of(st.just(""), st.sampled_from(staff)))
        ownership = "school" if not owner else draw(st.sampled_from(["school", "Personal"]))
        devices.append(
            [
                f"D{i}",
                owner,
                ownership,
                draw(st.sampled_from(["phone", "Camera"])),
                "Canon",
                f"EOS {i}",
                f"SER{i}" if draw(flip) else "",
                draw(st.sampled_from(["yes", "no", "unknown"])),
                draw(st.sampled_from(["on", "OFF", "unknown"])),
                draw(st.sampled_from(["yes", "no", "unknown"])),
                "",
            ]
        )
    approvals: list[list[str]] = []
    for i in range(draw(st.integers(0, 3))):
        start = draw(days)
        device = draw(st.one_of(st.just(""), st.sampled_from([d[0] for d in devices] or [""])))
        approvals.append(
            [
                f"A{i}",
                draw(st.sampled_from(staff)),
                draw(st.sampled_from(["images", "mobile-phone", "webcam", "equipment"])),
                device,
                draw(names),
                str(start),
                str(start + timedelta(days=draw(st.integers(0, 30)))),
                "S0",
                "",
            ]
        )
    consents: list[list[str]] = []
    for gid, children in guardians.items():
        for j, child in enumerate(children):
            recorded = date(2025, 9, 1) + timedelta(days=j * 7 + int(gid[1:]))
            expires = str(recorded + timedelta(days=365)) if draw(flip) else ""
            consents.append(
                [
                    child,
                    draw(st.sampled_from(["website", "press", "video"])),
                    draw(st.sampled_from(["granted", "refused", "withdrawn"])),
                    gid,
                    str(recorded),
                    expires,
                    "",
                ]
            )
    acks = [[sid, draw(st.sampled_from(["1.0", "2.0"])), str(draw(days)), ""] for sid in staff]
    return {
        "people.csv": people,
        "accounts.csv": accounts,
        "devices.csv": devices,
        "approvals.csv": approvals,
        "consents.csv": consents,
        "acknowledgements.csv": acks,
    }


HEADERS = {
    "people.csv": "id,given_name,family_name,role,email,phone,responsibilities,guardian_of,"
    "left_on,notes",
    "accounts.csv": "person,kind,value,ownership,notes",
    "devices.csv": "id,owner,ownership,kind,make,model,serial,passcode,bluetooth,encrypted,notes",
    "approvals.csv": "id,person,kind,device,purpose,valid_from,valid_to,approved_by,notes",
    "consents.csv": "pupil,use,status,given_by,recorded_on,expires_on,notes",
    "acknowledgements.csv": "person,policy_version,acknowledged_on,notes",
}
SETTINGS = """name: Round Trip School
urn: 123456
email_domains: ["@School.sch.uk"]
phone_numbers: ["0161 496 0999"]
websites: [www.School.sch.uk]
school_hours: {start: "08:45", end: "15:15", days: [Monday, tue, WED]}
"""


def _load_valid(folder: Path) -> School:
    loaded = load_school(folder)
    assert loaded.errors == (), [str(d) for d in loaded.errors]
    assert loaded.school is not None
    return loaded.school


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(folders())
def test_export_round_trip_is_lossless(tables: dict[str, list[list[str]]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source, first, second = Path(tmp, "in"), Path(tmp, "out1"), Path(tmp, "out2")
        source.mkdir()
        (source / "school.yaml").write_text(SETTINGS, encoding="utf-8")
        for name, rows in tables.items():
            _write(source / name, HEADERS[name].split(","), rows)
        original = _load_valid(source)
        export_school(original, first)
        again = _load_valid(first)
        assert again == original
        assert again.settings == original.settings
        for pid, person in original.people.items():
            assert again.people[pid].row == person.row
        export_school(again, second)
        for path in sorted(first.iterdir()):
            assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_example_folder_round_trips_with_a_custom_policy(folder: Path, tmp_path: Path) -> None:
    from saferpractice.policy import default_policy_text

    (folder / "policies").mkdir()
    (folder / "policies" / "ours.yaml").write_text(default_policy_text(), encoding="utf-8")
    text = (folder / "school.yaml").read_text(encoding="utf-8")
    (folder / "school.yaml").write_text(
        text.replace("# policy: our-policy.yaml", "policy: policies/ours.yaml"), encoding="utf-8"
    )
    original = _load_valid(folder)
    assert original.policy_path == (folder / "policies" / "ours.yaml").resolve()
    export_school(original, tmp_path / "out")
    again = _load_valid(tmp_path / "out")
    assert again == original
    assert again.policy_path is not None
    assert again.policy_path.read_bytes() == original.policy_path.read_bytes()
    exported = (tmp_path / "out" / "people.csv").read_text(encoding="utf-8")
    assert "+447700900201" in exported  # numbers are written as E.164
    accounts = (tmp_path / "out" / "accounts.csv").read_text(encoding="utf-8")
    assert "x:millbrookdsl" in accounts and "facebook:sarah.clarke.77" in accounts
