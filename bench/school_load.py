"""Time `load_school` on a large generated school folder (target: under 2 s).

Generates a school of 2,000 pupils, 3,500 parents and 200 staff (by default) with every
register: accounts, devices, approvals, consents for all five uses, acknowledgements. Then it
times, median of N runs:

- baseline: reading every CSV with `csv.DictReader` and nothing else (the floor);
- `load_school`: parsing, normalising, validating and indexing everything;

and prints both and the ratio. Usage: .venv/bin/python bench/school_load.py [--help]
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from saferpractice.identity import DRAMA_PREFIXES
from saferpractice.school import load_school
from saferpractice.school.export import write_csv
from saferpractice.school.registers import COLUMNS

USES = ("school-displays", "website", "social-media", "press", "video")
GIVEN = ("Amelia", "Oliver", "Isla", "Noah", "Ava", "Leo", "Freya", "Arthur", "Aisha", "Yusuf")
FAMILY = ("Smith", "Jones", "Taylor", "Brown", "Khan", "Patel", "Evans", "Wilson", "Roberts")


class Numbers:
    """Unique drama-range numbers, written in varied national and +44 forms."""

    def __init__(self) -> None:
        self.next = 0

    def __call__(self) -> str:
        index, self.next = self.next, self.next + 1
        prefix = DRAMA_PREFIXES[index // 1000]
        national = "0" + prefix + f"{index % 1000:03d}"
        return (f"{national[:5]} {national[5:]}", "+44 " + national[1:], national)[index % 3]


def generate(folder: Path, pupils: int, parents: int, staff: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    number = Numbers()
    name = lambda: (rng.choice(GIVEN), rng.choice(FAMILY))  # noqa: E731
    (folder / "school.yaml").write_text(
        'name: "Bench High School"\nurn: "100999"\nemail_domains: [bench.sch.uk]\n'
        'phone_numbers: ["0161 496 0999"]\nwebsites: [https://www.bench.sch.uk]\n'
        'school_hours: {start: "08:30", end: "15:30", days: [mon, tue, wed, thu, fri]}\n',
        encoding="utf-8",
    )
    people: list[list[str]] = []
    accounts: list[list[str]] = []
    devices: list[list[str]] = []
    approvals: list[list[str]] = []
    consents: list[list[str]] = []
    acks: list[list[str]] = []
    staff_ids = [f"S{i:04d}" for i in range(staff)]
    for i, sid in enumerate(staff_ids):
        given, family = name()
        duty = "head-teacher" if i == 0 else ("senior-leader;dsl" if i < 6 else "")
        left = "2024-07-19" if i % 25 == 24 else ""
        people.append(
            [sid, given, family, "staff", f"{sid.lower()}@bench.sch.uk", "", duty, "", left]
        )
        accounts += [
            [sid, "email", f"{given}.{family}{i}@gmail.com", "personal"],
            [sid, "phone", number(), "personal"],
            [sid, "social", f"insta:@{given}.{family}.{i}", "personal"],
        ]
        devices.append(
            [
                f"D{i:04d}",
                sid,
                "personal",
                "phone",
                "Apple",
                "iPhone 14",
                f"SER{i:06d}",
                "yes",
                rng.choice(["on", "off"]),
                "yes",
            ]
        )
        acks.append([sid, "1.0", "2024-09-01"])
        if i % 10:
            acks.append([sid, "2.0", "2026-09-01"])
        start = date(2026, 1, 5) + timedelta(days=rng.randrange(300))
        approver = "S0001" if sid == "S0000" else "S0000"
        approvals.append(
            [
                f"A{i:04d}",
                sid,
                rng.choice(["images", "mobile-phone"]),
                f"D{i:04d}",
                "School trip",
                str(start),
                str(start + timedelta(days=3)),
                approver,
            ]
        )
        approvals.append(
            [f"B{i:04d}", sid, "equipment", "", "Visualiser", "2026-09-01", "2027-07-31", approver]
        )
    for i in range(100):
        devices.append(
            [
                f"E{i:04d}",
                "",
                "school",
                rng.choice(["tablet", "camera", "laptop"]),
                "Canon",
                f"EOS {i}",
                f"SCH{i:06d}",
                "yes",
                "off",
                "unknown",
            ]
        )
    pupil_ids = [f"P{i:05d}" for i in range(pupils)]
    for i, pid in enumerate(pupil_ids):
        given, family = name()
        left = "2023-07-21" if i % 20 == 19 else ""
        people.append(
            [pid, given, family, "pupil", f"{pid.lower()}@bench.sch.uk", "", "", "", left]
        )
    guardians: dict[str, list[str]] = {}
    for i in range(parents):
        gid = f"G{i:05d}"
        children = [pupil_ids[i % pupils]]
        if i % 7 == 0:
            children.append(pupil_ids[(i * 31 + 5) % pupils])
        children = list(dict.fromkeys(children))
        guardians[gid] = children
        given, family = name()
        people.append(
            [
                gid,
                given,
                family,
                "parent",
                f"{given}.{family}.{i}@example.com",
                number(),
                "",
                ";".join(children),
                "",
            ]
        )
        accounts.append([gid, "social", f"fb:{given}.{family}.{i}", "personal"])
    first_parent = {}
    for gid, children in guardians.items():
        for child in children:
            first_parent.setdefault(child, gid)
    for pid in pupil_ids:
        parent = first_parent.get(pid)
        if parent is None:
            continue
        for use in USES:
            status = rng.choices(["granted", "refused", "withdrawn"], [8, 1, 1])[0]
            expires = "2027-08-31" if use == "press" else ""
            consents.append([pid, use, status, parent, "2025-09-03", expires])
    tables = {
        "people.csv": people,
        "accounts.csv": accounts,
        "devices.csv": devices,
        "approvals.csv": approvals,
        "consents.csv": consents,
        "acknowledgements.csv": acks,
    }
    for file, rows in tables.items():
        write_csv(folder / file, COLUMNS[file], rows)
    return {file: len(rows) for file, rows in tables.items()}


def read_only(folder: Path) -> int:
    """The baseline: every CSV read into dicts, nothing checked."""
    count = 0
    for file in COLUMNS:
        with (folder / file).open(encoding="utf-8", newline="") as handle:
            count += sum(1 for _ in csv.DictReader(handle))
    return count


def median_time(action: object, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--parents", type=int, default=3500)
    parser.add_argument("--staff", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5, help="runs per timing (median)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="write the folder here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "school"
        folder.mkdir(parents=True, exist_ok=True)
        rows = generate(folder, args.pupils, args.parents, args.staff, args.seed)
        print(
            "rows:",
            ", ".join(f"{file} {count}" for file, count in rows.items()),
            f"(total {sum(rows.values())})",
        )
        loaded = load_school(folder)
        if loaded.school is None:
            for diagnostic in loaded.errors[:10]:
                print(diagnostic)
            raise SystemExit("the generated folder is not valid")
        print(f"valid: {len(loaded.warnings)} warnings")
        baseline = median_time(lambda: read_only(folder), args.repeats)
        load = median_time(lambda: load_school(folder), args.repeats)
    print(f"baseline csv.DictReader only : {baseline:.3f} s (median of {args.repeats})")
    print(f"load_school                  : {load:.3f} s (median of {args.repeats})")
    print(f"ratio load_school / baseline : {load / baseline:.1f}x")
    print(f"target under 2 s             : {'met' if load < 2.0 else 'NOT met'}")


if __name__ == "__main__":
    main()
